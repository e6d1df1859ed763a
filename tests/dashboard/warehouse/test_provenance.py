"""The synthetic notice follows the warehouse's own record (builds.synthetic), not a setting."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from dashboard import create_app
from dashboard.warehouse import provenance
from tests.dashboard.dash_requests import text_of


def warehouse_with_flag(source, target, flag):
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as con:
        con.execute("ALTER TABLE builds DROP COLUMN synthetic")
        if flag != "absent":
            con.execute("ALTER TABLE builds ADD COLUMN synthetic BOOLEAN")
            con.execute("UPDATE builds SET synthetic = ?", [flag])
    return target


@pytest.mark.parametrize(
    ("flag", "origin", "notice"),
    [
        (True, "synthetic", provenance.SYNTHETIC_NOTICE),
        (False, "real", None),
        (None, "not marked", provenance.NOT_MARKED_NOTICE),
        ("absent", "not marked", provenance.NOT_MARKED_NOTICE),
    ],
)
def test_data_origin_and_the_notice_on_every_page(tmp_path, warehouse_path, flag, origin, notice):
    path = warehouse_with_flag(warehouse_path, tmp_path / "w.duckdb", flag)
    app = create_app(path)
    with app.server.test_request_context("/"):
        assert provenance.data_origin() == origin
        assert provenance.origin_notice() == notice
    layout = app.server.test_client().get("/_dash-layout").json
    text = text_of(layout)
    banner = '"id": "synthetic-banner"' in __import__("json").dumps(layout)
    if notice is None:
        assert not banner and "Synthetic" not in text and "not marked" not in text
    else:
        assert banner and text.count(notice) == 2  # the banner at the top and the footer


def test_the_latest_build_decides(tmp_path, warehouse_path):
    path = warehouse_with_flag(warehouse_path, tmp_path / "w.duckdb", True)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "INSERT INTO builds SELECT 'b2', started_at + INTERVAL 1 DAY, finished_at + INTERVAL 1 DAY, source_dir, "
            "framework_version, status, false FROM builds"
        )
    app = create_app(path)
    with app.server.test_request_context("/"):
        assert provenance.data_origin() == "real"
