"""The work-stream assurance page in real headless Chromium: it loads cleanly and accessibly,
the work-stream and locality filters change what is shown and live in the URL, and its CSV and
Excel exports hide suppressed numbers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.dashboard.fixture_warehouse import KPIS, SUPPRESSED_HEADLINES
from tests.e2e.conftest import (
    REDRAWN,
    assert_clean_page,
    downloaded_csv,
    query_of,
    selected_option,
    selected_value,
    wait_for_dash,
)

pytestmark = pytest.mark.browser

READY = "#work-streams-kpi-table"
WORKFORCE = {k[0] for k in KPIS if "workforce" in k[11]}
ACUTE = {k[0] for k in KPIS if "acute_specialist" in k[11]}
((SUPPRESSED_KPI, SUPPRESSED_AREA),) = SUPPRESSED_HEADLINES  # WF02 in Wigan


def kpi_rows(driver) -> set[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, f"{READY} tr[id^='work-streams-kpi-']")
    return {row.get_attribute("id").removeprefix("work-streams-kpi-") for row in rows}


@pytest.mark.parametrize(
    ("path", "ready"),
    [("/work-streams", "#work-streams-chooser"), ("/work-streams?work_stream=workforce", "#work-streams-gap-chart")],
)
def test_work_streams_page_has_no_console_errors_or_axe_violations(open_page, path, ready):
    driver = open_page(path, ready)
    assert_clean_page(driver)


def test_choosing_a_work_stream_and_locality_changes_the_view_and_the_url(open_page, console_errors):
    driver = open_page("/work-streams", "#work-streams-chooser")
    driver.find_element(By.LINK_TEXT, "Workforce").click()
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(lambda d: d.find_elements(By.CSS_SELECTOR, READY))
    wait_for_dash(driver)
    assert kpi_rows(driver) == WORKFORCE
    assert query_of(driver) == {"work_stream": ["workforce"]}
    assert "Chief People Officer" in driver.find_element(By.ID, "work-streams-context").text

    Select(driver.find_element(By.ID, "filter-work-stream")).select_by_value("acute_specialist")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(lambda d: kpi_rows(d) == ACUTE)
    assert "Director of Nursing" in driver.find_element(By.ID, "work-streams-context").text

    Select(driver.find_element(By.ID, "filter-locality")).select_by_value("E08000003")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: "Area: Manchester" in d.find_element(By.ID, "work-streams-context").text
    )
    wait_for_dash(driver)
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, f"{READY} thead th")]
    assert "Manchester (95% CI)" in headers and "Greater Manchester (95% CI)" in headers
    assert query_of(driver) == {"locality": ["E08000003"], "work_stream": ["acute_specialist"]}
    assert not console_errors(driver)


def test_url_with_filters_restores_the_view(open_page):
    driver = open_page(f"/work-streams?work_stream=workforce&locality={SUPPRESSED_AREA}&kpi=WF03", READY)
    wait_for_dash(driver)
    assert kpi_rows(driver) == WORKFORCE
    assert selected_option(driver, "filter-locality").text == "Wigan"
    assert selected_value(driver, "work-streams-kpi") == "WF03"
    cells = driver.find_elements(By.CSS_SELECTOR, f"#work-streams-kpi-{SUPPRESSED_KPI} td")
    assert cells[1].text == "Suppressed"
    assert driver.find_element(By.CSS_SELECTOR, "#work-streams-kpi-chart h3").text == "Equal career opportunities"

    Select(driver.find_element(By.ID, "work-streams-kpi")).select_by_value("WF01")  # the chart follows the picker
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#work-streams-kpi-chart h3").text == "Disciplinary: BME vs White"
    )


def test_csv_download_has_words_where_values_are_suppressed(open_page):
    driver = open_page(f"/work-streams?work_stream=workforce&locality={SUPPRESSED_AREA}", READY)
    driver.find_element(By.ID, "work-streams-gaps-csv").click()
    rows = downloaded_csv(driver)
    assert {r["indicator_id"] for r in rows} == WORKFORCE
    hidden = [r for r in rows if r["suppressed"] == "True"]
    assert hidden, "the fixture suppresses two ethnic groups in Wigan"
    for row in hidden:
        for column in ("value", "numerator", "denominator", "lower_ci_95", "gap_to_reference"):
            assert row[column] == "suppressed", column


def test_excel_export_has_a_sheet_per_table_and_no_suppressed_numbers(open_page):
    driver = open_page(f"/work-streams?work_stream=workforce&locality={SUPPRESSED_AREA}", READY)
    driver.find_element(By.ID, "work-streams-excel").click()
    deadline, files = time.monotonic() + 15, []
    while time.monotonic() < deadline and not files:
        files = [p for p in Path(driver.download_dir).iterdir() if p.suffix == ".xlsx"]
        time.sleep(0.2)
    assert files, "no workbook was downloaded"
    book = load_workbook(files[0], read_only=True)
    assert book.sheetnames == [
        "About",
        "KPIs",
        "Changes since previous",
        "Widest gaps",
        "Gaps by group",
        "Action plans",
    ]
    kpis = list(book["KPIs"].values)
    header = kpis[0]
    by_kpi = {row[header.index("indicator_id")]: row for row in kpis[1:]}
    assert set(by_kpi) == WORKFORCE
    hidden = by_kpi[SUPPRESSED_KPI]
    for column in ("value", "numerator", "denominator", "lower_ci_95", "upper_ci_95"):
        assert hidden[header.index(column)] == "suppressed", column
