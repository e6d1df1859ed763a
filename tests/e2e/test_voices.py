"""The voices page in real headless Chromium: clean and accessible, quotes are text (a quote
holding <script> or <b> shows those characters and runs or bolds nothing), and the shared and
page filters change what is shown and live in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.e2e.conftest import describe_violations, wait_for_dash

pytestmark = pytest.mark.browser
REDRAWN = (StaleElementReferenceException, NoSuchElementException)  # the page redraws as filters change

READY = "#voices-summary"


def shown_voices(driver) -> set[str]:
    return {e.get_attribute("id").removeprefix("voice-") for e in driver.find_elements(By.CSS_SELECTOR, "figure.voice")}


def test_voices_page_has_no_console_errors_or_axe_violations(open_page, axe_violations, console_errors):
    driver = open_page("/voices", "#voices-counts-chart .main-svg")
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1
    violations = axe_violations(driver)
    assert not violations, describe_violations(violations)
    assert not console_errors(driver)


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
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(
        lambda d: "outcome" in parse_qs(urlparse(d.current_url).query)
    )
    assert parse_qs(urlparse(driver.current_url).query) == {
        "characteristic": ["ethnic_group"], "group": ["asian"], "outcome": ["O2"]}  # fmt: skip
    assert driver.find_elements(By.ID, "voices-outcome-O2") and not driver.find_elements(By.ID, "voices-outcome-O1")

    driver.refresh()  # a bookmark restores the same view
    WebDriverWait(driver, 10, ignored_exceptions=REDRAWN).until(lambda d: d.find_elements(By.CSS_SELECTOR, READY))
    wait_for_dash(driver)
    assert shown_voices(driver) == {"V3"}
    assert Select(driver.find_element(By.ID, "voices-outcome")).first_selected_option.get_attribute("value") == "O2"
    assert not console_errors(driver)
