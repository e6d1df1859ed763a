"""Every page in real headless Chromium: no console errors, no axe-core violations, and the
shared mechanisms (filters in the URL, friendly messages, downloads, print) behave."""

from __future__ import annotations

import csv
import time
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import assert_clean_page, query_of, selected_option, wait_for_dash

pytestmark = pytest.mark.browser

# (path, a CSS selector present once the page has drawn its content)
PAGES = [
    ("/", "#overview-table"),
    ("/?work_stream=workforce&period=2023/24", "#overview-table"),
    ("/indicators", "#indicator-list a"),
    ("/about", "#methods"),
    ("/no-such-page", "h1"),
]
LATEST_HEADLINES = """
    WITH headline AS (
        SELECT *, max(period_sort) OVER (PARTITION BY indicator_id) AS latest
        FROM indicator_values
        WHERE breakdown = 'all' AND group_code = 'all' AND work_stream = 'all')
    SELECT count(*) AS rows, count(*) FILTER (WHERE suppressed) AS suppressed
    FROM headline WHERE period_sort = latest
"""


@pytest.fixture(scope="module")
def all_kpis(warehouse_frame) -> set[str]:
    return set(warehouse_frame("SELECT indicator_id FROM kpis")["indicator_id"])


@pytest.fixture(scope="module")
def workforce_kpis(warehouse_frame) -> set[str]:
    frame = warehouse_frame("SELECT DISTINCT indicator_id FROM kpi_work_streams WHERE work_stream = ?", ["workforce"])
    return set(frame["indicator_id"])


def rug_rows(driver) -> set[str]:
    """KPI ids of the rug's rows (read in one script call: the table may be redrawing)."""
    ids = driver.execute_script(
        "return Array.from(document.querySelectorAll(\"#overview-table tr[id^='rug-row-']\")).map(row => row.id)"
    )
    return {row_id.removeprefix("rug-row-") for row_id in ids}


@pytest.mark.parametrize(("path", "ready"), PAGES)
def test_page_has_no_console_errors_or_axe_violations(open_page, path, ready):
    driver = open_page(path, ready)
    assert driver.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "en-GB"
    banner = driver.find_element(By.ID, "synthetic-banner")
    assert "Synthetic demo data" in banner.text and banner.is_displayed()
    assert_clean_page(driver)


def test_overview_shows_every_kpi_by_default(open_page, all_kpis):
    driver = open_page("/", "#overview-table")
    assert rug_rows(driver) == all_kpis
    header = driver.find_elements(By.CSS_SELECTOR, "#overview-table thead th")
    assert len(header) == 4 + 10  # indicator, GM, target, trend + 10 localities


def test_overview_work_stream_in_url_shows_only_its_kpis(open_page, all_kpis, workforce_kpis):
    driver = open_page("/?work_stream=workforce", "#overview-table")
    assert workforce_kpis and workforce_kpis != all_kpis
    assert rug_rows(driver) == workforce_kpis
    chosen = selected_option(driver, "filter-work-stream")
    assert chosen.get_attribute("value") == "workforce" and chosen.text == "Workforce"


def test_suppressed_cells_say_suppressed_and_show_no_number(open_page):
    driver = open_page("/", "#overview-table")
    cells = driver.find_elements(By.CSS_SELECTOR, "#overview-table td.rug-suppressed")
    assert cells, "the test warehouse should have a suppressed headline cell"
    assert {cell.text for cell in cells} == {"Suppressed"}


def test_bad_parameter_shows_friendly_message_and_default(open_page, console_errors, all_kpis):
    driver = open_page("/?locality=XYZ&work_stream=not-a-stream", "#overview-table")
    alerts = WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#filter-messages .alert"))
    texts = " | ".join(alert.text for alert in alerts)
    assert "Unknown locality 'XYZ' — showing Greater Manchester instead." in texts
    assert "Unknown work stream 'not-a-stream'" in texts
    assert rug_rows(driver) == all_kpis  # the default: every work stream
    assert "Traceback" not in driver.page_source
    alerts[0].find_element(By.CSS_SELECTOR, "button.btn-close").click()
    WebDriverWait(driver, 5).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#filter-messages .alert")) == len(alerts) - 1
    )
    assert not console_errors(driver)


def test_filter_change_writes_url_and_persists_across_pages(open_page, all_kpis, workforce_kpis):
    driver = open_page("/", "#overview-table")
    Select(driver.find_element(By.ID, "filter-work-stream")).select_by_value("workforce")
    WebDriverWait(driver, 10).until(lambda d: rug_rows(d) == workforce_kpis)
    assert query_of(driver) == {"work_stream": ["workforce"]}

    about = driver.find_element(By.CSS_SELECTOR, "nav a[href^='/about']")
    assert about.get_attribute("href").endswith("/about?work_stream=workforce")
    about.click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "methods"))
    assert urlparse(driver.current_url).path == "/about"
    assert query_of(driver) == {"work_stream": ["workforce"]}

    driver.find_element(By.CSS_SELECTOR, "nav a[href^='/?']").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "overview-table"))
    wait_for_dash(driver)
    assert rug_rows(driver) == workforce_kpis

    driver.refresh()  # a reload (or a bookmark) restores the same view
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "overview-table"))
    wait_for_dash(driver)
    assert rug_rows(driver) == workforce_kpis

    driver.find_element(By.ID, "filter-reset").click()
    WebDriverWait(driver, 10).until(lambda d: rug_rows(d) == all_kpis)
    assert query_of(driver) == {}


def test_kpi_links_carry_filters(open_page, workforce_kpis):
    driver = open_page("/?work_stream=workforce", "#overview-table")
    indicator = sorted(workforce_kpis)[0]
    link = driver.find_element(By.CSS_SELECTOR, f"#rug-row-{indicator} a")
    assert link.get_attribute("href").endswith(f"/indicators/{indicator}?work_stream=workforce")


def test_overview_download_has_suppressed_words_not_numbers(open_page, warehouse_frame):
    driver = open_page("/", "#overview-table")
    driver.find_element(By.ID, "overview-csv").click()
    deadline = time.monotonic() + 15
    files: list = []
    while time.monotonic() < deadline:
        files = [p for p in driver.download_dir.iterdir() if p.suffix == ".csv"]
        if files:
            break
        time.sleep(0.2)
    assert files, "no CSV was downloaded"
    with files[0].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = warehouse_frame(LATEST_HEADLINES).iloc[0]
    assert len(rows) == expected["rows"]
    suppressed = [r for r in rows if r["suppressed"] == "True"]
    assert len(suppressed) == expected["suppressed"] > 0
    for row in suppressed:
        for column in ("numerator", "denominator", "value", "lower_ci_95", "upper_ci_95"):
            assert row[column] == "suppressed"


def test_skip_link_is_first_and_moves_focus_to_main(open_page):
    driver = open_page("/about", "#methods")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.text == "Skip to main content"
    focused.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "main-content")


def test_print_hides_navigation_and_filters(open_page):
    driver = open_page("/", "#overview-table")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not driver.find_element(By.CSS_SELECTOR, "nav[aria-label='Main']").is_displayed()
        assert not driver.find_element(By.ID, "filter-bar").is_displayed()
        assert driver.find_element(By.ID, "overview-table").is_displayed()
        assert driver.find_element(By.ID, "synthetic-banner").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
