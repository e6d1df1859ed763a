"""Colours pass contrast and are never the only signal; numbers read the same everywhere."""

from __future__ import annotations

import math

import pytest

from dashboard.style import palette
from dashboard.style.formatting import format_date, format_interval, format_value


@pytest.mark.parametrize("swatch", [*palette.COMPARISONS.values(), *palette.RAG.values()], ids=lambda s: s.label)
def test_every_status_has_words_a_symbol_and_readable_text(swatch):
    assert swatch.label and swatch.symbol and swatch.description
    assert palette.contrast_ratio(swatch.text, swatch.background) >= 4.5


def test_contrast_ratio_reference_values():
    assert palette.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert palette.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_unknown_statuses_fall_back_to_not_compared():
    assert palette.comparison_swatch(None).label == "Not compared"
    assert palette.comparison_swatch("WORSE").label == "Worse"
    assert palette.rag_swatch("purple").label == "No target"


def test_trend_says_whether_it_is_getting_better():
    assert palette.trend_text("increasing", "high_is_good") == ("↑", "Increasing: getting better")
    assert palette.trend_text("increasing", "low_is_good")[1].endswith("getting worse")
    assert palette.trend_text("decreasing", "no_judgement") == ("↓", "Decreasing")
    assert palette.trend_text(None)[1] == "Not enough periods for a trend"


def test_format_value_by_measure_and_never_zero_for_missing():
    assert format_value(72.345, "proportion", "%") == "72.3%"
    assert format_value(1.2345, "ratio") == "1.23"
    assert format_value(12.41, "rate", "per 1,000 households") == "12.4 per 1,000 households"
    assert format_value(1204, "count") == "1,204"
    assert format_value(0.0, "proportion") == "0.0%"
    assert format_value(None, "proportion") == "No data"
    assert format_value(math.nan, "rate") == "No data"
    assert format_value(3, "count", suppressed=True) == "Suppressed"
    assert format_interval(70.12, 74.55) == "70.1 to 74.5"  # 74.55 is 74.549999... in binary
    assert format_interval(None, 3) == ""
    assert format_date("2025-06-30 09:05", with_time=True) == "30 June 2025, 09:05"
    assert format_date(None) == "unknown"
