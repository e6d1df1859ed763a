"""The workforce (WRES/WDES) page in real headless Chromium: it loads cleanly and accessibly,
its own controls change what is shown and live in the URL, a bookmarked URL restores the
view, and a download holds the word "suppressed" where the board is too small to publish."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import assert_clean_page, downloaded_csv, query_of, selected_value

pytestmark = pytest.mark.browser

READY = "#workforce-representation-chart .main-svg"
WIGAN = "E08000010"


def open_table(driver, name: str):
    """Open a chart's "Show the data as a table" and wait for the table it draws."""
    summary = driver.find_element(By.CSS_SELECTOR, f"#workforce-{name} details summary")
    summary.click()
    return WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.CSS_SELECTOR, f"#workforce-{name} details table")
    )


def test_workforce_page_has_no_console_errors_or_axe_violations(open_page):
    driver = open_page("/workforce", READY)
    for section in ("workforce-likelihood-table", "workforce-board-chart", "workforce-area-table"):
        assert driver.find_elements(By.ID, section), section
    open_table(driver, "representation")  # axe checks the table drawn on opening too
    assert_clean_page(driver)


def test_choosing_disability_redraws_the_page_and_writes_the_url(open_page, console_errors):
    driver = open_page("/workforce", READY)
    summary = driver.find_element(By.ID, "workforce-representation-summary").text
    assert "BME staff are" in summary
    Select(driver.find_element(By.ID, "workforce-characteristic")).select_by_value("disability")
    WebDriverWait(driver, 15).until(
        lambda d: "Disabled staff are" in d.find_element(By.ID, "workforce-representation-summary").text
    )
    assert query_of(driver) == {"characteristic": ["disability"]}
    assert "Disabled" in driver.find_element(By.ID, "workforce-rep-area-table").text
    assert not console_errors(driver)


def test_choosing_an_organisation_redraws_only_what_shows_it(open_page, console_errors):
    driver = open_page(f"/workforce?locality={WIGAN}", READY)
    likelihoods = driver.find_element(By.ID, "workforce-likelihood-table")
    places = driver.find_element(By.ID, "workforce-area-table")
    Select(driver.find_element(By.ID, "workforce-organisation")).select_by_value("R0A")
    WebDriverWait(driver, 15).until(
        lambda d: "Manchester University NHS FT" in d.find_element(By.ID, "workforce-context").text
    )
    assert query_of(driver) == {"locality": [WIGAN], "organisation": ["R0A"]}
    assert "Manchester University NHS FT" in driver.find_element(By.ID, "workforce-board-summary").text
    # the sections that do not show the organisation are the same elements, not drawn again
    assert likelihoods.is_displayed() and places.is_displayed()
    assert selected_value(driver, "workforce-organisation") == "R0A"
    driver.back()
    WebDriverWait(driver, 15).until(lambda d: "Organisation:" not in d.find_element(By.ID, "workforce-context").text)
    assert selected_value(driver, "workforce-organisation") == "all"
    assert not console_errors(driver)


def test_a_bookmarked_url_restores_locality_characteristic_and_organisation(open_page):
    driver = open_page(f"/workforce?locality={WIGAN}&characteristic=disability&organisation=R0A", READY)
    assert selected_value(driver, "filter-locality") == WIGAN
    assert selected_value(driver, "workforce-characteristic") == "disability"
    assert selected_value(driver, "workforce-organisation") == "R0A"
    context = driver.find_element(By.ID, "workforce-context").text
    assert "Wigan" in context and "Organisation: Manchester University NHS FT" in context
    board = driver.find_element(By.ID, "workforce-board-summary").text
    assert "suppressed for Manchester University NHS FT (every group)" in board


def test_board_download_says_suppressed_and_holds_no_hidden_number(open_page):
    driver = open_page(f"/workforce?locality={WIGAN}", READY)
    table = open_table(driver, "board")
    assert "Suppressed" in table.text and "Wigan" in table.text
    driver.find_element(By.ID, "workforce-board-csv").click()
    rows = downloaded_csv(driver)
    assert len(rows) == 2 * 4 * 3  # Wigan and GM x four groups x board, all staff, population
    hidden = [r for r in rows if r["suppressed"] == "True"]
    assert {(r["area_code"], r["level"]) for r in hidden} == {(WIGAN, "board")}
    for row in hidden:
        for column in ("staff", "share", "lower_ci_95", "upper_ci_95"):
            assert row[column] == "suppressed"
    assert all(r["share"] not in ("", "suppressed") for r in rows if r["suppressed"] == "False")
