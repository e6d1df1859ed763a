"""The voices page in real headless Chromium: clean and accessible, quotes are text (a quote
holding <script> or <b> shows those characters and runs or bolds nothing), and the shared and
page filters change what is shown and live in the URL."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import REDRAWN, assert_clean_page, query_of, selected_value, wait_for_dash

pytestmark = pytest.mark.browser

READY = "#voices-summary"


def shown_voices(driver) -> set[str]:
    return {e.get_attribute("id").removeprefix("voice-") for e in driver.find_elements(By.CSS_SELECTOR, "figure.voice")}


def test_voices_page_has_no_console_errors_or_axe_violations(open_page):
    driver = open_page("/voices", "#voices-counts-chart .main-svg")
    assert_clean_page(driver)


def test_quotes_with_markup_show_as_literal_text(open_page, console_errors):
    driver = open_page("/voices", "#voice-V3")
    script_quote = driver.find_element(By.CSS_SELECTOR, "#voice-V3 blockquote p")
    assert script_quote.text == '<script>alert("voice")</script> The letter only came in English.'
    assert not script_quote.find_elements(By.TAG_NAME, "script")
    assert driver.execute_script("return document.querySelectorAll('#_pages_content script').length") == 0
    bold_quote = driver.find_element(By.CSS_SELECTOR, "#voice-V1 blockquote p")
    assert "<b>My son</b>" in bold_quote.text
    assert not bold_quote.find_elements(By.TAG_NAME, "b")
    assert not console_errors(driver)  # no alert, no error: nothing ran


def test_filters_change_the_voices_and_the_url_restores_them(open_page, console_errors):
    driver = open_page("/voices", READY)
    assert shown_voices(driver) == {"V1", "V2", "V3"}
    Select(driver.find_element(By.ID, "filter-characteristic")).select_by_value("ethnic_group")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: d.find_element(By.ID, "filter-group").is_enabled()
    )
    Select(driver.find_element(By.ID, "filter-group")).select_by_value("asian")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: shown_voices(d) == {"V1", "V3"}
    )  # V3 is category K (Bangladeshi)

    Select(driver.find_element(By.ID, "voices-outcome")).select_by_value("O2")
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(lambda d: shown_voices(d) == {"V3"})
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(lambda d: "outcome" in query_of(d))
    assert query_of(driver) == {"characteristic": ["ethnic_group"], "group": ["asian"], "outcome": ["O2"]}
    assert driver.find_elements(By.ID, "voices-outcome-O2") and not driver.find_elements(By.ID, "voices-outcome-O1")

    driver.refresh()  # a bookmark restores the same view
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(lambda d: d.find_elements(By.CSS_SELECTOR, READY))
    wait_for_dash(driver)
    assert shown_voices(driver) == {"V3"}
    assert selected_value(driver, "voices-outcome") == "O2"
    assert not console_errors(driver)
