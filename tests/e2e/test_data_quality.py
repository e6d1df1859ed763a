"""The data-quality page in real headless Chromium: clean and accessible, filters in the URL
change the answer, and rejects are counted by reason and column, with no record's text."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import REDRAWN, assert_clean_page, downloaded_csv, query_of, selected_option, wait_for_dash

pytestmark = pytest.mark.browser

READY = "#data-quality-answer"


def answer(driver) -> str:
    return driver.find_element(By.ID, "data-quality-answer").text


def test_data_quality_page_has_no_console_errors_or_axe_violations(open_page):
    driver = open_page("/data-quality", "#data-quality-locality-chart .main-svg")
    assert driver.find_element(By.CSS_SELECTOR, "#data-quality-completeness h2").text == (
        "How complete is our sexual orientation data?"
    )
    assert_clean_page(driver)


def test_locality_filter_changes_the_answer_and_the_url_restores_it(open_page, console_errors):
    driver = open_page("/data-quality", READY)
    assert answer(driver).startswith("In Greater Manchester (2024/25), sexual orientation")
    Select(driver.find_element(By.ID, "filter-locality")).select_by_value("E08000003")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: answer(d).startswith("In Manchester (2024/25)")
    )
    assert query_of(driver) == {"locality": ["E08000003"]}

    driver = open_page("/data-quality?locality=E08000003&period=2022/23", READY)
    wait_for_dash(driver)
    assert answer(driver).startswith("In Manchester (2022/23)")
    assert selected_option(driver, "filter-period").text == "2022/23"
    assert not console_errors(driver)


def test_rejects_are_counted_by_reason_and_column_and_downloadable(open_page):
    driver = open_page("/data-quality", "#data-quality-reasons-table")
    reasons = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#data-quality-reasons-table tbody tr")]
    assert reasons[0] == "other_indicators.csv other_indicators unknown area_code code area_code 2"
    page = driver.find_element(By.ID, "data-quality-rejects").text
    assert "E08000099" not in page and "PH01,2024/25" not in page  # no value or text from a record
    driver.find_element(By.ID, "data-quality-rejects-csv").click()
    rows = downloaded_csv(driver)
    assert {r["reason_kind"] for r in rows} == {"unknown area_code code", "unknown area code", "wrong number of fields"}
    assert sum(int(float(r["records"])) for r in rows) == 4
    assert set(rows[0]) == {"extract", "file", "reason_kind", "column_name", "records"}
