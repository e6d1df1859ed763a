"""The localities page in real headless Chromium: it loads cleanly and accessibly, its KPI
and locality filters change what is shown and live in the URL, and its download hides
suppressed numbers."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard.warehouse.conventions import SUPPRESSIBLE_COLUMNS
from tests.dashboard.fixture_warehouse import KPIS, SUPPRESSED_HEADLINES
from tests.e2e.conftest import (
    assert_clean_page,
    downloaded_csv,
    query_of,
    selected_option,
    selected_value,
    wait_for_dash,
)

pytestmark = pytest.mark.browser

READY = "#localities-compare h2"
MANCHESTER, BURY, WIGAN = "E08000003", "E08000002", "E08000010"


def compare_heading(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, READY).text


@pytest.mark.parametrize("path", ["/localities", f"/localities?locality={MANCHESTER}", "/localities?indicator=WF01"])
def test_localities_page_has_no_console_errors_or_axe_violations(open_page, path):
    driver = open_page(path, "#localities-compare-graph .main-svg")
    if "indicator=WF01" in path:  # a relative likelihood: its funnel is against precision, on a log axis
        assert driver.find_elements(By.CSS_SELECTOR, "#localities-funnel-graph .main-svg")
        assert "Precision" in driver.find_element(By.ID, "localities-funnel-table").get_attribute("textContent")
    elif "locality=" in path:
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "localities-spine"))
    else:
        assert driver.find_element(By.ID, "localities-choose-prompt").is_displayed()
    assert_clean_page(driver)


def test_choosing_a_kpi_and_a_locality_changes_the_view_and_the_url(open_page, console_errors):
    driver = open_page("/localities", READY)
    first_kpi = KPIS[0]
    assert selected_value(driver, "localities-indicator") == first_kpi[0]
    assert first_kpi[2] in compare_heading(driver)

    Select(driver.find_element(By.ID, "localities-indicator")).select_by_value("PH01")
    WebDriverWait(driver, 10).until(lambda d: "Homelessness duty" in compare_heading(d))
    assert query_of(driver) == {"indicator": ["PH01"]}
    # A rate has a funnel plot; the chart shows one bar per locality.
    assert driver.find_elements(By.CSS_SELECTOR, "#localities-funnel-graph .main-svg")

    heading = driver.find_element(By.TAG_NAME, "h1")
    Select(driver.find_element(By.ID, "filter-locality")).select_by_value(MANCHESTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "localities-spine"))
    wait_for_dash(driver)
    assert query_of(driver) == {"locality": [MANCHESTER], "indicator": ["PH01"]}
    labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "#localities-compare-graph .annotation-text")]
    assert any(label.startswith("Manchester (selected)") for label in labels)  # the line above its bar
    rows = driver.find_elements(By.CSS_SELECTOR, "#localities-spine tr[id^='spine-row-']")
    assert {r.get_attribute("id").removeprefix("spine-row-") for r in rows} == {k[0] for k in KPIS}
    assert driver.find_element(By.ID, "localities-card-worse").text.startswith(
        "KPIs where Manchester is significantly worse"
    )
    driver.back()  # the page is kept (only its sections redraw), not drawn anew
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "localities-choose-prompt"))
    assert query_of(driver) == {"indicator": ["PH01"]} and heading.is_displayed()
    assert selected_value(driver, "localities-indicator") == "PH01"
    assert not console_errors(driver)


def test_url_with_filters_restores_the_view(open_page):
    driver = open_page(f"/localities?locality={BURY}&work_stream=workforce&indicator=WF03", READY)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "localities-spine"))
    wait_for_dash(driver)
    assert selected_value(driver, "localities-indicator") == "WF03"
    assert "Equal career opportunities" in compare_heading(driver)
    assert selected_option(driver, "filter-locality").text == "Bury"
    assert selected_option(driver, "filter-work-stream").text == "Workforce"
    profile = driver.find_element(By.CSS_SELECTOR, "#localities-profile h2").text
    assert profile.startswith("Bury")
    rows = driver.find_elements(By.CSS_SELECTOR, "#localities-spine tr[id^='spine-row-']")
    assert {r.get_attribute("id").removeprefix("spine-row-") for r in rows} == {
        "WF01",
        "WF02",
        "WF03",
    }


def test_unknown_kpi_gets_a_friendly_message(open_page):
    driver = open_page("/localities?indicator=NOPE", READY)
    alert = WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "localities-indicator-alert"))[0]
    assert "Unknown KPI 'NOPE'" in alert.text
    assert selected_value(driver, "localities-indicator") == KPIS[0][0]


def test_download_has_every_area_and_no_suppressed_numbers(open_page):
    ((indicator, suppressed_area),) = SUPPRESSED_HEADLINES
    driver = open_page(f"/localities?indicator={indicator}", "#localities-compare-csv")
    driver.find_element(By.ID, "localities-compare-csv").click()
    rows = downloaded_csv(driver)
    assert len(rows) == 11 and {r["indicator_id"] for r in rows} == {indicator}
    hidden = [r for r in rows if r["suppressed"] == "True"]
    assert [r["area_code"] for r in hidden] == [suppressed_area]
    number_columns = [c for c in SUPPRESSIBLE_COLUMNS if c in hidden[0]]
    assert {"numerator", "denominator", "value", "lower_ci_95", "upper_ci_99_8"} <= set(number_columns)
    assert all(hidden[0][c] == "suppressed" for c in number_columns)
    shown = [r for r in rows if r["suppressed"] == "False"]
    assert all(float(r["value"]) >= 0 for r in shown)


@pytest.fixture
def phone(browser):
    """The session's browser as a 390 x 844 phone for one test (set back afterwards)."""
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# The page's width and what must fit in it, measured in the browser.
WIDTHS = """
const width = document.documentElement.clientWidth;
const right = selector => Math.max(0, ...[...document.querySelectorAll(selector)]
    .map(e => e.getBoundingClientRect().right));
const plot = document.querySelector('#localities-compare-graph .nsewdrag');
return {
    width: width,
    scrollWidth: document.documentElement.scrollWidth,
    mainScrollWidth: document.querySelector('main').scrollWidth,
    plotWidth: plot ? plot.getBoundingClientRect().width : 0,
    comparisonRight: right('#localities-spine td.spine-status'),
    spineRows: document.querySelectorAll('#localities-spine tr[id^="spine-row-"]').length,
};
"""


@pytest.mark.parametrize(
    "path",
    [
        f"/localities?locality={MANCHESTER}&indicator=PH01",
        f"/localities?locality={WIGAN}&work_stream=workforce&indicator=WF01",
    ],
)
def test_phone_layout_has_no_sideways_scroll_and_passes_axe(phone, dashboard_url, path):
    phone.get(dashboard_url + path)
    WebDriverWait(phone, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#localities-compare-graph .main-svg"))
    WebDriverWait(phone, 30).until(lambda d: d.find_elements(By.ID, "localities-spine"))
    wait_for_dash(phone)
    sizes = phone.execute_script(WIDTHS)
    assert sizes["width"] == 390
    assert sizes["scrollWidth"] <= sizes["width"] and sizes["mainScrollWidth"] <= sizes["width"], sizes
    assert sizes["plotWidth"] > 250, sizes  # the bars have the chart's width, not what margins leave
    assert sizes["spineRows"] and 0 < sizes["comparisonRight"] <= sizes["width"], sizes  # the comparison is on screen
    assert_clean_page(phone)


@pytest.mark.parametrize("path", ["/", f"/work-streams?work_stream=workforce&locality={MANCHESTER}"])
def test_board_and_work_streams_do_not_scroll_sideways_on_a_phone(phone, dashboard_url, path):
    phone.get(dashboard_url + path)
    WebDriverWait(phone, 30).until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
    wait_for_dash(phone)
    sizes = phone.execute_script(WIDTHS)
    assert sizes["scrollWidth"] <= sizes["width"] == 390, sizes  # wide tables scroll inside their own region
    assert_clean_page(phone)


def test_print_gives_the_profile_without_controls_and_no_chart_wider_than_a4(open_page):
    driver = open_page(f"/localities?locality={MANCHESTER}&indicator=PH01", "#localities-compare-graph .main-svg")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "localities-spine"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for hidden in ("filter-bar", "localities-indicator", "localities-pack-excel", "localities-compare-csv"):
            assert not driver.find_element(By.ID, hidden).is_displayed(), hidden
        assert driver.find_element(By.ID, "localities-spine").is_displayed()
        region = driver.execute_script(
            "const r = document.querySelector('.spine-region'); return [r.scrollHeight, r.clientHeight];"
        )
        assert region[0] <= region[1] + 1  # the whole profile prints, nothing scrolls away
        widths = driver.execute_script(
            "return [...document.querySelectorAll('.js-plotly-plot .main-svg')]"
            ".map(s => s.getBoundingClientRect().width)"
        )
        assert widths and max(widths) <= 1047  # A4 landscape's printable width (277 mm) in CSS px
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
