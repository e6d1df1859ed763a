"""The KPI detail page (/indicators/<id>) in real headless Chromium, on the fixture warehouse:
it loads cleanly and accessibly, its selectors and filters change what is shown and write the
URL, a URL restores the view, an unknown id is answered kindly, and the download holds no
suppressed number."""

from __future__ import annotations

import csv
import time
from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import assert_clean_page, query_of, selected_value, wait_for_dash

pytestmark = pytest.mark.browser

WIGAN = "E08000010"  # the fixture suppresses Wigan's "other" and "mixed" ethnic groups
PAGES = [
    ("/indicators/PX01", "#indicator-heatmap-graph"),  # proportion, with an intersection
    (f"/indicators/WF01?locality={WIGAN}", "#indicator-ratio-graph"),  # relative likelihood
    ("/indicators/NO_SUCH_KPI", "#indicator-not-found"),
]


def chart_groups(driver) -> set[str]:
    """The breakdown chart's groups; none while the section is being redrawn."""
    try:
        return {tick.text for tick in driver.find_elements(By.CSS_SELECTOR, "#indicator-breakdown-graph .ytick text")}
    except StaleElementReferenceException:
        return set()


def breakdown_groups(driver) -> list[str]:
    """The breakdown table's groups; none while the section is being redrawn."""
    try:
        return [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#indicator-breakdown-table tbody th")]
    except StaleElementReferenceException:
        return []


@pytest.mark.parametrize(("path", "ready"), PAGES)
def test_indicator_page_loads_without_errors_or_axe_violations(open_page, path, ready):
    driver = open_page(path, ready)
    assert "Traceback" not in driver.page_source
    assert_clean_page(driver)


def test_unknown_indicator_says_so_and_links_to_the_list(open_page):
    driver = open_page("/indicators/NO_SUCH_KPI", "#indicator-not-found")
    assert driver.find_element(By.ID, "indicator-not-found").text == ("No indicator called 'NO_SUCH_KPI'.")
    link = driver.find_element(By.ID, "indicator-list-link")
    link.click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#indicator-list a"))
    assert urlparse(driver.current_url).path == "/indicators"


def test_characteristic_and_locality_change_the_view_and_the_url_restores_it(open_page):
    driver = open_page("/indicators/PX01", "#indicator-breakdown-table")
    assert breakdown_groups(driver)[:2] == ["Female", "Male (reference)"]
    WebDriverWait(driver, 10).until(lambda d: {"Female", "Male (reference)"} <= chart_groups(d))  # Plotly draws last
    assert "Area: Greater Manchester" in driver.find_element(By.ID, "indicator-context").text

    Select(driver.find_element(By.ID, "indicator-breakdown-select")).select_by_value("ethnic_group")
    WebDriverWait(driver, 10).until(lambda d: "White (reference)" in breakdown_groups(d))
    WebDriverWait(driver, 10).until(lambda d: "White (reference)" in chart_groups(d))
    assert "Female" not in chart_groups(driver)
    assert query_of(driver)["characteristic"] == ["ethnic_group"]

    Select(driver.find_element(By.ID, "filter-locality")).select_by_value(WIGAN)
    WebDriverWait(driver, 10).until(lambda d: "Area: Wigan" in d.find_element(By.ID, "indicator-context").text)
    wait_for_dash(driver)
    assert query_of(driver) == {"locality": [WIGAN], "characteristic": ["ethnic_group"]}
    rows = driver.find_elements(By.CSS_SELECTOR, "#indicator-breakdown-table tbody tr")
    other = next(r for r in rows if r.find_element(By.TAG_NAME, "th").text == "Other ethnic group")
    assert other.find_elements(By.TAG_NAME, "td")[0].text == "Suppressed"

    driver.refresh()  # a bookmark of this URL shows the same view
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "indicator-breakdown-table"))
    wait_for_dash(driver)
    assert selected_value(driver, "indicator-breakdown-select") == "ethnic_group"
    assert "Area: Wigan" in driver.find_element(By.ID, "indicator-context").text
    assert "White (reference)" in breakdown_groups(driver)


def test_csv_download_has_the_rows_on_screen_and_no_suppressed_numbers(open_page):
    driver = open_page(f"/indicators/PX01?locality={WIGAN}", "#indicator-data-table")
    shown = driver.find_elements(By.CSS_SELECTOR, "#indicator-data-table tbody tr")
    driver.find_element(By.ID, "indicator-csv").click()
    deadline = time.monotonic() + 15
    files: list = []
    while time.monotonic() < deadline and not files:
        files = [p for p in driver.download_dir.iterdir() if p.suffix == ".csv"]
        time.sleep(0.2)
    assert files, "no CSV was downloaded"
    with files[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(shown)
    assert {r["area_code"] for r in rows} == {WIGAN}
    suppressed = [r for r in rows if r["suppressed"] == "True"]
    assert {r["group_code"] for r in suppressed} == {"other", "mixed"}
    for row in suppressed:
        for column in ("numerator", "denominator", "value", "lower_ci_95", "upper_ci_95"):
            assert row[column] == "suppressed"


@pytest.fixture(scope="module")
def published_url(tmp_path_factory):
    """The app on a warehouse built from a Fingertips file (five years of GM, England and North
    West values; made up): a published indicator's page as an analyst would see it."""
    from pipelines.build import build
    from tests.dashboard.pages.test_published_indicator_page import _rows
    from tests.e2e.conftest import _serve
    from tests.pipelines.adapters.published_files import FINGERTIPS_HEADER, write_csv

    root = tmp_path_factory.mktemp("published-e2e")
    (root / "src").mkdir()
    write_csv(root / "src" / "indicators-DistrictUA.data.csv", FINGERTIPS_HEADER, _rows())
    build(root / "src", root / "w.duckdb")
    with _serve(root / "w.duckdb", tmp_path_factory) as base_url:
        yield base_url


def test_a_published_indicator_shows_its_comparators_as_context_cleanly(browser, published_url):
    browser.get(published_url + "/indicators/FT93356?locality=E47000001")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "indicator-published-comparators"))
    wait_for_dash(browser)
    block = browser.find_element(By.ID, "indicator-published-comparators").text
    assert "England: 44.0 (95% CI 43.5 to 44.5)" in block
    assert "comparisons on this page are with Greater Manchester" in block
    assert "Traceback" not in browser.page_source
    assert_clean_page(browser)
