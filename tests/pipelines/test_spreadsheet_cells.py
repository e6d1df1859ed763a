"""The one rule for cells a spreadsheet would run as formulas (OWASP CSV injection)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.spreadsheet_cells import FORMULA_STARTS, neutralise, neutralise_frame

# The payloads and the other starts OWASP lists.
PAYLOADS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "-2+3+cmd|calc", "+1+1", "\t=1+1", "\r=1+1", "=1", "-"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_like_text_gets_a_leading_quote(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["-0.5", "-1,234", "-12.5%", -3, -0.25, 1.5, None, "White British", "'=1", " =1"])
def test_numbers_negative_numbers_as_text_and_plain_text_are_left_alone(value):
    assert neutralise(value) == value


@given(st.text())
def test_no_neutralised_text_starts_like_a_formula_and_none_is_lost(text):
    out = neutralise(text)
    assert out in (text, "'" + text)
    if out.startswith(FORMULA_STARTS):  # only a negative number is let through as it is
        assert text[0] == "-" and set(text) <= set("-0123456789,.%") and any(c.isdigit() for c in text)


def test_a_frame_keeps_number_columns_as_numbers_and_quotes_text_and_headers():
    frame = pd.DataFrame({"group_code": ["=1+2", "A"], "value": [-2.5, 3.0], "=label": ["@SUM(1)", None]})
    out = neutralise_frame(frame)
    assert list(out.columns) == ["group_code", "value", "'=label"]
    assert out["group_code"].tolist() == ["'=1+2", "A"]
    assert out["value"].dtype.kind == "f" and out["value"].tolist() == [-2.5, 3.0]
    assert out["'=label"].tolist()[0] == "'@SUM(1)" and pd.isna(out["'=label"].tolist()[1])
    assert frame.loc[0, "group_code"] == "=1+2"  # the caller's frame is untouched
