"""Every download's note follows the data's own record (`builds.synthetic`): the synthetic
notice on a demo build, the source and build date on a build of real data, never a fixed
"synthetic" sentence whatever the data."""

from __future__ import annotations

import base64
import io
import sys

import openpyxl
import pytest

from dashboard import create_app
from dashboard.components.download import about_sheet, excel_download
from dashboard.state import url_state
from dashboard.state.url_state import Filters
from dashboard.views.locality_pack import locality_pack
from dashboard.views.work_streams import assurance
from dashboard.warehouse import provenance
from tests.dashboard.warehouse.test_provenance import warehouse_with_flag

REAL_NOTE = "Data from the extract files in the 'fixture' folder, built into the warehouse on 30 June 2025, 09:05."


def _filters(query: str = ""):
    return url_state.parse_query(query, url_state.load_options()).filters


def _about_values(sheets) -> list[str]:
    return [str(v) for v in sheets["About"]["Value"]]


def _workbook_about(download: dict) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(download["content"])))
    assert book.sheetnames[0] == "About"
    return [str(row[1]) for row in book["About"].iter_rows(min_row=2, values_only=True)]


@pytest.fixture(params=[False, True], ids=["real", "synthetic"])
def built(request, tmp_path, warehouse_path):
    """(the expected note, an app on a copy of the fixture warehouse marked real or synthetic)."""
    app = create_app(warehouse_with_flag(warehouse_path, tmp_path / "w.duckdb", request.param))
    with app.server.test_request_context("/"):
        yield (provenance.SYNTHETIC_NOTICE if request.param else REAL_NOTE), app


def test_the_note_follows_the_data_origin(built):
    note, _app = built
    assert provenance.download_note() == note
    assert note in _about_values({"About": about_sheet([("Area", "Bury")])})


def test_every_workbook_carries_the_note_and_no_other_origin_words(built):
    note, _app = built
    indicator = sys.modules["dashboard.pages.indicator"]
    work_streams = sys.modules["dashboard.pages.work_streams"]
    workforce = sys.modules["dashboard.pages.workforce"]
    workbooks = {
        "indicator": excel_download(indicator.download_frames("PX01", _filters()), "x.xlsx"),
        "work streams": excel_download(
            work_streams.tables_for_paper(assurance(_filters("?work_stream=workforce"))), "x.xlsx"
        ),
        "workforce": excel_download(workforce.download_tables(""), "x.xlsx"),  # no About of its own
    }
    pack = locality_pack(Filters(locality="E08000003"))
    workbooks["locality pack"] = excel_download({"About": about_sheet(pack.about), **pack.sheets}, "x.xlsx")
    for name, download in workbooks.items():
        about = _workbook_about(download)
        assert note in about, name
        if note == REAL_NOTE:
            assert not [v for v in about if "ynthetic" in v], name


def test_a_database_source_is_named_by_its_kind_only():
    words = provenance.source_words({"source_url": "postgresql+psycopg://analyst:s3cret@db.internal/equality"})
    assert words == "the postgresql database"
    assert provenance.source_words({"source_dir": "/srv/secret/extracts/2025-06"}) == (
        "the extract files in the '2025-06' folder"
    )
    assert provenance.source_words({}) == "an unrecorded source"
