"""Fixtures for dashboard unit tests: a small warehouse and an app reading it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash import Dash

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from dashboard import create_app  # noqa: E402
from tests.dashboard.fixture_warehouse import build_fixture_warehouse  # noqa: E402


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def dash_app(warehouse_path: Path) -> Dash:
    """The app on the fixture warehouse, served once at once: Dash hands the callbacks its page
    modules queued to the first app that serves a request, so an app another test creates and
    serves before this one would otherwise take this app's page callbacks."""
    app = create_app(warehouse_path)
    assert app.server.test_client().get("/_dash-dependencies").status_code == 200
    return app


@pytest.fixture
def app_context(dash_app: Dash) -> Iterator[Dash]:
    """Run the test inside the app, as a callback would (data access needs it)."""
    with dash_app.server.test_request_context("/"):
        yield dash_app


@pytest.fixture(autouse=True)
def callback_failures_fail_the_test(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The app answers a failing callback with "not updated" (never a 500) and logs the
    traceback; a test that set off such a failure fails, so the friendly message hides no bug."""
    yield
    if request.node.get_closest_marker("callback_failure_expected"):
        return
    failures = [
        record
        for record in caplog.get_records("call")
        if record.name == "dashboard.availability" and record.levelno >= logging.ERROR and record.exc_info
    ]
    if failures:
        error = failures[0].exc_info[1]
        pytest.fail(f"a callback failed and was shown as 'not updated': {type(error).__name__}: {error}")
