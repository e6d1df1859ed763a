"""A bad warehouse never breaks a worker, against real servers: gunicorn with 2 workers (the
Dockerfile's `app:create_server()`) and `python app.py`. Corrupt or missing at start and
while running; then a good file is swapped in and every page and callback works without a
restart. (The 'at start' case is the one that used to leave a worker with 6 of 41 callbacks.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load import gunicorn, python_app
from tests.dashboard.dash_requests import HttpClient, call, dependencies, route, text_of
from tests.dashboard.fixture_warehouse import build_fixture_warehouse

pytestmark = pytest.mark.slow
SERVERS = {"gunicorn": lambda w: gunicorn(w, workers=2), "python": python_app}
REQUESTS_PER_CHECK = 4  # at once, so both gunicorn workers answer some


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("good") / "warehouse.duckdb")


def swap(source: Path | None, target: Path, kind: str = "good") -> None:
    """Publish the way a build does (write beside, os.replace); or break the file."""
    staging = target.with_name(target.name + ".staging")
    if kind == "missing":
        target.unlink(missing_ok=True)
        return
    if kind == "garbage":
        staging.write_bytes(os.urandom(50_000))
    else:
        shutil.copyfile(source, staging)
    os.replace(staging, target)


def each_worker(check) -> list:
    with ThreadPoolExecutor(REQUESTS_PER_CHECK) as pool:
        return list(pool.map(lambda _: check(), range(REQUESTS_PER_CHECK)))


def layout_says(client: HttpClient) -> str:
    reply = client.get("/_dash-layout")
    assert reply.status_code == 200, reply.status_code
    return text_of(reply.json)


def assert_dashboard_works(client: HttpClient, callbacks: int | None = None) -> int:
    def check() -> int:
        assert client.get("/").status_code == 200
        assert "Board overview" in layout_says(client)
        about = route(client, "/about")
        assert about.status_code == 200 and "About the data" in text_of(about.json)
        filters = call(client, "filters.data", {"url.search": "?locality=E08000003"}, "url.search")
        assert filters.status_code == 200
        store = filters.json["response"]["filters"]["data"]
        overview = call(client, "overview-content.children", {"filters.data": store})
        assert overview.status_code == 200 and "Traceback" not in text_of(overview.json)
        return len(dependencies(client))

    counts = set(each_worker(check))
    assert len(counts) == 1, f"workers disagree on their callbacks: {counts}"
    (count,) = counts
    if callbacks is not None:
        assert count == callbacks, f"{count} callbacks registered, {callbacks} when started healthy"
    assert client.get("/healthz").status_code == 200
    return count


def assert_data_unavailable(client: HttpClient) -> None:
    def check() -> None:
        assert client.get("/").status_code == 200
        assert "Data unavailable" in layout_says(client)
        filters = call(client, "filters.data", {"url.search": "?locality=E08000003"}, "url.search")
        assert filters.status_code == 200
        assert "Data unavailable" in text_of(filters.json.get("sideUpdate", {}))
        assert route(client, "/about").status_code == 200

    each_worker(check)
    assert client.get("/healthz").status_code == 503


@pytest.fixture(scope="module")
def healthy_callbacks(warehouse_path: Path) -> int:
    """How many callbacks a worker that started on a good warehouse registers (fresh process)."""
    script = (
        "import sys; from dashboard import create_app; c = create_app(sys.argv[1]).server.test_client(); "
        "c.get('/'); print(len(c.get('/_dash-dependencies').json))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(warehouse_path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    return int(done.stdout.split()[-1])


@pytest.mark.parametrize("server", SERVERS)
def test_bad_warehouse_while_running_then_a_good_file_without_restart(
    server, tmp_path, warehouse_path, healthy_callbacks
):
    live = tmp_path / "warehouse.duckdb"
    swap(warehouse_path, live)
    with SERVERS[server](live) as base_url:
        client = HttpClient(base_url)
        assert_dashboard_works(client, healthy_callbacks)
        for kind in ("garbage", "missing"):
            swap(None, live, kind)
            assert_data_unavailable(client)
            swap(warehouse_path, live)
            assert_dashboard_works(client, healthy_callbacks)


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("kind", ["garbage", "missing"])
def test_bad_warehouse_at_start_then_a_good_file_without_restart(
    server, kind, tmp_path, warehouse_path, healthy_callbacks
):
    live = tmp_path / "warehouse.duckdb"
    swap(warehouse_path, live)
    swap(None, live, kind)
    with SERVERS[server](live) as base_url:
        client = HttpClient(base_url)
        assert_data_unavailable(client)
        swap(warehouse_path, live)
        assert_dashboard_works(client, healthy_callbacks)
