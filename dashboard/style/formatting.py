"""Numbers and dates as people read them: one place, so every page says "72.3%" the same way.

A suppressed value is shown as "Suppressed" and a missing one as "No data", never as 0.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

SUPPRESSED_TEXT = "Suppressed"
NO_DATA_TEXT = "No data"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_number(value: Any, decimals: int = 1) -> str:
    if _missing(value):
        return NO_DATA_TEXT
    return f"{float(value):,.{decimals}f}"


def format_value(
    value: Any,
    measure_type: str | None = None,
    unit: str | None = None,
    *,
    suppressed: bool = False,
    with_unit: bool = True,
) -> str:
    """A mart value in its KPI's unit: "72.3%", "12.4 per 1,000", "1.32", "1,204"."""
    if suppressed:
        return SUPPRESSED_TEXT
    if _missing(value):
        return NO_DATA_TEXT
    if measure_type in ("proportion", "share"):
        return f"{float(value):.1f}%" if with_unit else f"{float(value):.1f}"
    if measure_type == "ratio":
        return f"{float(value):.2f}"
    if measure_type == "count":
        return f"{float(value):,.0f}"
    text = f"{float(value):,.1f}"
    if with_unit and unit and unit not in ("%", "ratio", "score", "count"):
        return f"{text} {unit}"
    return text


def format_interval(lower: Any, upper: Any, measure_type: str | None = None) -> str:
    """ "70.1 to 74.5" (a confidence interval), or "" when either limit is missing."""
    if _missing(lower) or _missing(upper):
        return ""
    decimals = 2 if measure_type == "ratio" else 1
    return f"{float(lower):,.{decimals}f} to {float(upper):,.{decimals}f}"


def format_date(value: Any, with_time: bool = False) -> str:
    """ "30 June 2025" (or "30 June 2025, 09:05"); "unknown" when missing."""
    if _missing(value) or pd.isna(value):
        return "unknown"
    stamp = pd.Timestamp(value)
    text = f"{stamp.day} {stamp:%B %Y}"
    return f"{text}, {stamp:%H:%M}" if with_time else text
