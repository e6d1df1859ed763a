"""A bad warehouse never breaks a worker (in-process): the layout never raises, the page says
what happened, callbacks answer, and the same app serves the dashboard again as soon as a good
file is swapped in. The same faults against real servers are in tests/deploy/test_faults.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import availability, create_app
from dashboard.settings import Settings
from dashboard.warehouse import db
from tests.dashboard.dash_requests import call, route, text_of


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(64_000))


def truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def foreign(path: Path) -> None:
    """A valid DuckDB file that is not a dashboard warehouse."""
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE notes (x INTEGER)")


def swap_in(source: Path, target: Path) -> None:
    """What a build does: write beside the target, then os.replace over it."""
    staging = target.with_name(target.name + ".next")
    shutil.copyfile(source, staging)
    os.replace(staging, target)


def make_bad(kind: str, path: Path, good: Path) -> None:
    staging = path.with_name(path.name + ".bad")
    {"garbage": garbage, "foreign": foreign}.get(kind, lambda p: truncated(p, good))(staging)
    os.replace(staging, path)


@pytest.fixture
def live(tmp_path: Path, warehouse_path: Path) -> Path:
    target = tmp_path / "live" / "warehouse.duckdb"
    target.parent.mkdir()
    swap_in(warehouse_path, target)
    return target


def layout_text(client) -> str:
    reply = client.get("/_dash-layout")
    assert reply.status_code == 200
    return text_of(reply.json)


@pytest.mark.parametrize("kind", ["garbage", "truncated", "foreign"])
def test_warehouse_check_names_the_fault_and_never_raises(kind, live, warehouse_path):
    warehouse = db.Warehouse(live)
    assert warehouse.check() is None
    make_bad(kind, live, warehouse_path)
    error = warehouse.check()
    assert isinstance(error, db.WarehouseUnavailableError) and error.reason == "unreadable"
    with pytest.raises(db.WarehouseUnavailableError):
        warehouse.query("SELECT count(*) FROM indicator_values")
    swap_in(warehouse_path, live)
    assert warehouse.check() is None
    assert warehouse.query("SELECT count(*) AS n FROM indicator_values")["n"].iloc[0] > 0


def test_missing_warehouse_is_reported_as_missing(tmp_path):
    error = db.Warehouse(tmp_path / "none.duckdb").check()
    assert isinstance(error, db.WarehouseMissingError) and error.reason == "missing"
    assert "--demo" in str(error)


def test_a_file_failing_mid_query_drops_its_connection_so_a_good_file_is_read_next(live, warehouse_path):
    warehouse = db.Warehouse(live)
    warehouse.query("SELECT 1")
    data = warehouse_path.read_bytes()
    with live.open("r+b") as handle:  # damaged in place (same inode): only the next read notices
        handle.truncate(len(data) // 3)
    with pytest.raises(db.WarehouseUnavailableError):
        for _ in range(3):
            warehouse.query("SELECT sum(value) FROM indicator_values")
            warehouse.close()  # the cached pages are dropped, so the damaged blocks are read
    swap_in(warehouse_path, live)
    assert warehouse.query("SELECT count(*) AS n FROM indicator_values")["n"].iloc[0] > 0


@pytest.mark.parametrize("kind", ["missing", "garbage", "foreign"])
def test_bad_at_start_then_good_file_serves_the_dashboard_without_restart(kind, live, warehouse_path):
    if kind == "missing":
        live.unlink()
    else:
        make_bad(kind, live, warehouse_path)
    app = create_app(settings=Settings(warehouse_path=live))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    text = layout_text(client)
    assert "Data unavailable" in text and "python -m pipelines build" in text
    assert client.get("/healthz").status_code == 503
    assert route(client, "/about").status_code == 200  # callbacks registered and answering

    swap_in(warehouse_path, live)
    assert client.get("/healthz").status_code == 200
    text = layout_text(client)
    assert "Data unavailable" not in text and "Board overview" in text
    about = route(client, "/about")
    assert about.status_code == 200 and "About the data" in text_of(about.json)


@pytest.mark.parametrize("kind", ["missing", "garbage", "truncated"])
def test_bad_while_running_shows_a_message_in_callbacks_and_recovers(kind, live, warehouse_path):
    app = create_app(settings=Settings(warehouse_path=live))
    client = app.server.test_client()
    assert "Board overview" in layout_text(client)
    assert route(client, "/").status_code == 200

    if kind == "missing":
        live.unlink()
    else:
        make_bad(kind, live, warehouse_path)
    assert "Data unavailable" in layout_text(client)
    reply = call(client, "filters.data", {"url.search": "?locality=E08000003"})  # reads the filter options
    assert reply.status_code == 200
    side = reply.json["sideUpdate"]
    assert side[availability.STATUS_ID]["hidden"] is False
    assert "Data unavailable" in text_of(side[availability.STATUS_ID]["children"])
    assert side[availability.POLL_ID] == {"disabled": False}
    still_down = call(client, "app-root.children", {f"{availability.POLL_ID}.n_intervals": 1})
    assert still_down.status_code == 204 or "app-root" not in text_of(still_down.json)

    swap_in(warehouse_path, live)
    recovered = call(client, "app-root.children", {f"{availability.POLL_ID}.n_intervals": 2})
    assert recovered.status_code == 200
    response = recovered.json["response"]
    assert "Board overview" in text_of(response["app-root"]["children"])
    assert response[availability.STATUS_ID]["hidden"] is True
    assert response[availability.POLL_ID]["disabled"] is True
    assert "Board overview" in text_of(route(client, "/").json)


def test_public_mode_hides_file_paths_and_errors(tmp_path):
    missing = tmp_path / "secret-place" / "warehouse.duckdb"
    client = create_app(settings=Settings(warehouse_path=missing, public=True)).server.test_client()
    text = layout_text(client)
    assert "Data unavailable" in text and "secret-place" not in text
    assert b"secret-place" not in client.get("/healthz").data


@pytest.mark.callback_failure_expected
def test_other_callback_errors_are_logged_with_their_traceback_and_change_nothing(caplog):
    """Never a 500 for the browser; the operator still sees the bug in the log."""
    with caplog.at_level("ERROR", logger="dashboard.availability"):
        assert availability.on_callback_error(ZeroDivisionError("a bug")) is None
    (record,) = [r for r in caplog.records if r.exc_info]
    assert record.exc_info[0] is ZeroDivisionError
