"""The data-quality page in real headless Chromium: clean and accessible, filters in the URL
change the answer, and the rejects download lists every rejected row."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import describe_violations, downloaded_csv, wait_for_dash

pytestmark = pytest.mark.browser
REDRAWN = (StaleElementReferenceException, NoSuchElementException)  # the page redraws as filters change

READY = "#data-quality-answer"


def answer(driver) -> str:
    return driver.find_element(By.ID, "data-quality-answer").text


def test_data_quality_page_has_no_console_errors_or_axe_violations(open_page, axe_violations, console_errors):
    driver = open_page("/data-quality", "#data-quality-locality-chart .main-svg")
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1
    assert driver.find_element(By.CSS_SELECTOR, "#data-quality-completeness h2").text == (
        "How complete is our sexual orientation data?"
    )
    violations = axe_violations(driver)
    assert not violations, describe_violations(violations)
    assert not console_errors(driver)


def test_locality_filter_changes_the_answer_and_the_url_restores_it(open_page, console_errors):
    driver = open_page("/data-quality", READY)
    assert answer(driver).startswith("In Greater Manchester (2024/25), sexual orientation")
    Select(driver.find_element(By.ID, "filter-locality")).select_by_value("E08000003")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: answer(d).startswith("In Manchester (2024/25)")
    )
    assert parse_qs(urlparse(driver.current_url).query) == {"locality": ["E08000003"]}

    driver = open_page("/data-quality?locality=E08000003&period=2022/23", READY)
    wait_for_dash(driver)
    assert answer(driver).startswith("In Manchester (2022/23)")
    assert Select(driver.find_element(By.ID, "filter-period")).first_selected_option.text == "2022/23"
    assert not console_errors(driver)


def test_rejects_are_grouped_and_downloadable(open_page):
    driver = open_page("/data-quality", "#data-quality-reasons-table")
    reasons = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#data-quality-reasons-table tbody tr")]
    assert reasons[0].startswith("unknown area_code code other_indicators 1 2")
    assert not any("E08000099" in r for r in reasons)  # offending values left out of the kinds
    driver.find_element(By.ID, "data-quality-rejects-csv").click()
    rows = downloaded_csv(driver)
    assert len(rows) == 4
    assert {r["reason_kind"] for r in rows} == {"unknown area_code code", "unknown area code", "wrong number of fields"}
    assert {r["line_number"] for r in rows} == {"4", "9", "11", "12"}
