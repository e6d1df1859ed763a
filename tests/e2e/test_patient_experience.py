"""The patient-experience page in real headless Chromium: it loads cleanly and accessibly,
its question and characteristic choices change what is shown and live in the URL, a
bookmarked URL restores the view, and its download hides suppressed numbers."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.dashboard.fixture_warehouse import AREAS, SECONDARY_CELLS, SUPPRESSED_CELLS
from tests.e2e.conftest import REDRAWN, assert_clean_page, downloaded_csv, query_of, selected_value, wait_for_dash

pytestmark = pytest.mark.browser

READY = "#px-groups-chart .main-svg"
WIGAN = "E08000010"


def heading(driver, section: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f"#{section} h2").text


def test_patient_experience_page_has_no_console_errors_or_axe_violations(open_page):
    driver = open_page(f"/patient-experience?locality={WIGAN}", READY)
    grid = driver.find_element(By.ID, "px-locality-grid").text
    assert "Suppressed" in grid and "n = " in grid
    assert_clean_page(driver)


def test_choosing_a_question_and_characteristic_changes_the_view_and_the_url(open_page, console_errors):
    driver = open_page("/patient-experience", READY)
    assert heading(driver, "px-groups") == "How each group answered: Good overall experience"
    Select(driver.find_element(By.ID, "px-question")).select_by_value("PX02")
    WebDriverWait(driver, 15, ignored_exceptions=REDRAWN).until(
        lambda d: "Treated with dignity" in heading(d, "px-groups")
    )
    assert query_of(driver) == {"question": ["PX02"]}

    Select(driver.find_element(By.ID, "px-characteristic")).select_by_value("sex")
    WebDriverWait(driver, 15, ignored_exceptions=REDRAWN).until(
        lambda d: heading(d, "px-questions") == "Every question by sex"
    )
    wait_for_dash(driver)
    assert query_of(driver) == {"question": ["PX02"], "characteristic": ["sex"]}
    columns = driver.find_elements(By.CSS_SELECTOR, "#px-question-grid thead th")
    assert [c.text for c in columns][1:] == ["All respondents", "Female", "Male", "Not stated", "Not known"]
    assert not console_errors(driver)


def test_a_bookmarked_url_restores_question_characteristic_group_and_locality(open_page):
    driver = open_page(f"/patient-experience?locality={WIGAN}&characteristic=sex&group=F&question=PX02", READY)
    assert selected_value(driver, "filter-locality") == WIGAN
    assert selected_value(driver, "px-question") == "PX02"
    assert selected_value(driver, "px-characteristic") == "sex"
    assert selected_value(driver, "px-group") == "F"
    assert heading(driver, "px-trend") == "Trend: Female compared with all respondents"
    assert "Wigan" in driver.find_element(By.ID, "px-context").text


def test_locality_download_has_every_row_and_no_suppressed_number(open_page):
    driver = open_page("/patient-experience", READY)
    driver.find_element(By.ID, "px-localities-csv").click()
    rows = downloaded_csv(driver)
    assert len(rows) == len(AREAS) * (1 + 7)  # everyone and seven ethnic groups per area
    hidden = [r for r in rows if r["suppressed"] == "True"]
    expected = {(a, g) for a, _, g in SUPPRESSED_CELLS | SECONDARY_CELLS}
    assert {(r["area_code"], r["group_code"]) for r in hidden} == expected
    for row in hidden:
        for column in ("numerator", "denominator", "value", "lower_ci_95", "upper_ci_95"):
            assert row[column] == "suppressed"
