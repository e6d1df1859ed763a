"""Browser tests in real headless Chromium (Debian's /usr/bin/chromium + chromedriver).

Fixtures:
    dashboard_url   the app (`python app.py`) on a free port against a small warehouse,
                    one server per session
    browser         a headless Chromium (selenium), console log cleared for each test
    open_page       open_page(path, ready="#css-selector") -> driver, waits for Dash
    axe_violations  axe_violations(driver) -> WCAG 2.0/2.1/2.2 A and AA violations
    console_errors  console_errors(driver) -> SEVERE browser-console entries

Helpers (import them from here): `assert_clean_page(driver)` (one h1, no axe-core violations,
no console errors), `query_of(driver)`, `selected_option(driver, id)`, `selected_value(driver,
id)`, `downloaded_csv(driver)`, `wait_for_dash(driver)`, and `REDRAWN`, the exceptions to
ignore while waiting on a page that redraws as filters change.

Setup: `npm ci --prefix tests/e2e` (axe-core) and `apt-get install chromium chromium-driver`.
When either is missing the tests skip locally and FAIL when the CI variable is set, since a
skipped browser test proves nothing. GMEQ_E2E_WAREHOUSE chooses the warehouse: "fixture"
(default), "demo" (a real small demo build) or the path of a prebuilt one.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pandas as pd
import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

from bench import browser as browser_setup

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
AXE_SCRIPT = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = (  # beyond the bench's: no smooth scrolling, so clicks land where they aim
    "--window-size=1400,1000",
    "--force-prefers-reduced-motion",
)
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
PAGE_READY_SECONDS = 30
DEMO_SCALE = 0.03  # GMEQ_E2E_WAREHOUSE=demo: ~3.6k staff, builds in seconds
REDRAWN = (StaleElementReferenceException, NoSuchElementException)  # the page redraws as filters change

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup` (pyproject's addopts) every browser test runs on one xdist
    worker, so a run starts one Chromium and one app server (whose query cache warms once),
    not one per worker; the other worker takes the rest of the suite meanwhile."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


def unavailable(reason: str) -> None:
    """Skip locally; fail under CI, where a skipped browser test would hide a gap."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def e2e_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse the app serves, built once per session.

    GMEQ_E2E_WAREHOUSE picks it: unset or "fixture" -> the hand-made fixture warehouse
    (tests/dashboard/fixture_warehouse.py, under a second); "demo" -> a real small demo build
    (generate -> build, ~20 s); any other value -> the path of a prebuilt warehouse.
    """
    choice = os.environ.get("GMEQ_E2E_WAREHOUSE", "fixture")
    folder = tmp_path_factory.mktemp("warehouse")
    if choice == "fixture":
        from tests.dashboard.fixture_warehouse import build_fixture_warehouse

        return build_fixture_warehouse(folder / "warehouse.duckdb")
    if choice == "demo":
        from pipelines.build import build
        from pipelines.generate import generate

        generate(folder / "extracts", seed=7, scale=DEMO_SCALE, messy=True)
        build(folder / "extracts", folder / "warehouse.duckdb")
        return folder / "warehouse.duckdb"
    return Path(choice)


@pytest.fixture(scope="session")
def warehouse_frame(e2e_warehouse: Path) -> Callable[..., pd.DataFrame]:
    """warehouse_frame(sql, params) reads the served warehouse (read-only) for expectations."""

    def _frame(sql: str, params: list | None = None) -> pd.DataFrame:
        with duckdb.connect(str(e2e_warehouse), read_only=True) as con:
            return con.execute(sql, params or []).df()

    return _frame


@contextmanager
def _serve(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run `python app.py` on a free port against `warehouse` (bench.load starts it); yield its URL."""
    from bench.load import python_app

    with python_app(warehouse) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def dashboard_url(e2e_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app, started as `python app.py` in a subprocess."""
    with _serve(e2e_warehouse, tmp_path_factory) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def demo_dashboard_url(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a real (small) demo build: generated extracts through the whole pipeline."""
    with _serve(demo_warehouse, tmp_path_factory) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser_session(tmp_path_factory: pytest.TempPathFactory):
    if reason := browser_setup.missing_browser():
        unavailable(reason)
    driver = browser_setup.chromium(
        tmp_path_factory.mktemp("chromium-profile"), *CHROMIUM_FLAGS, logging={"browser": "ALL"}
    )
    driver.download_dir = tmp_path_factory.mktemp("downloads")
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(driver.download_dir)})
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(browser_session):
    """The session's browser with an empty console log and no leftover downloads."""
    browser_session.get_log("browser")  # reading the log empties it
    for leftover in Path(browser_session.download_dir).iterdir():
        leftover.unlink()
    return browser_session


def wait_for_dash(driver, timeout: float = PAGE_READY_SECONDS) -> None:
    """Wait until the Dash renderer has drawn the page and no callback is pending."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.1).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete'"
            " && !!document.querySelector('#_pages_content')"
            " && document.querySelector('#_pages_content').children.length > 0"
            " && !document.querySelector('[data-dash-is-loading=\"true\"]')"
        )
    )


@pytest.fixture
def open_page(browser, dashboard_url: str) -> Callable:
    """open_page("/about", ready="h1") opens a page and waits for it to be drawn."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    def _open(path: str, ready: str = "h1", timeout: float = PAGE_READY_SECONDS):
        browser.get(dashboard_url + path)
        WebDriverWait(browser, timeout, poll_frequency=0.1).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, ready))
        )
        wait_for_dash(browser, timeout)
        return browser

    return _open


def run_axe(driver) -> list[dict]:
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core not installed at {AXE_SCRIPT}: npm ci --prefix tests/e2e")
    driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},
                           resultTypes: ['violations']})
           .then(results => done(results.violations))
           .catch(error => done({error: String(error)}));
        """,
        list(WCAG_TAGS),
    )
    if isinstance(result, dict) and "error" in result:
        raise RuntimeError(f"axe-core failed: {result['error']}")
    return result


def describe_violations(violations: list[dict]) -> str:
    """Readable summary for an assertion message."""
    lines = []
    for violation in violations:
        targets = [json.dumps(node.get("target")) for node in violation.get("nodes", [])[:5]]
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']} -> " + ", ".join(targets))
    return "\n".join(lines)


def browser_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


@pytest.fixture
def axe_violations() -> Callable[[object], list[dict]]:
    return run_axe


@pytest.fixture
def console_errors() -> Callable[[object], list[dict]]:
    return browser_errors


def assert_clean_page(driver) -> None:
    """The page has exactly one h1, no axe-core violations and no browser-console errors."""
    from selenium.webdriver.common.by import By

    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1
    violations = run_axe(driver)
    assert not violations, describe_violations(violations)
    assert not browser_errors(driver)


def query_of(driver) -> dict[str, list[str]]:
    """The query parameters of the page's URL."""
    return parse_qs(urlparse(driver.current_url).query)


def selected_option(driver, control_id: str):
    """The chosen option of the <select> with this id."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    return Select(driver.find_element(By.ID, control_id)).first_selected_option


def selected_value(driver, control_id: str) -> str:
    """The value chosen in the <select> with this id."""
    return selected_option(driver, control_id).get_attribute("value")


def downloaded_csv(driver, timeout: float = 15) -> list[dict[str, str]]:
    """The rows of the CSV the browser has just downloaded (waits for it to arrive)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = [p for p in Path(driver.download_dir).iterdir() if p.suffix == ".csv"]
        if files:
            with files[0].open(encoding="utf-8-sig", newline="") as handle:
                return list(csv.DictReader(handle))
        time.sleep(0.2)
    raise AssertionError("no CSV was downloaded")
