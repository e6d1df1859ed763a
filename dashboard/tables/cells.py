"""The text of one value as a table cell or hover shows it: value and 95% CI, or "Suppressed"."""

from __future__ import annotations

from typing import Any

from dashboard.style.formatting import SUPPRESSED_TEXT, format_interval, format_value
from dashboard.warehouse.conventions import is_true


def value_with_interval(row: dict[str, Any], measure_type: str | None, unit: str | None) -> str:
    """ "75.8% (95% CI 75.1 to 76.4)"; "Suppressed" on a suppressed row, never a number."""
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    text = format_value(row.get("value"), measure_type, unit)
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), measure_type)
    return f"{text} (95% CI {interval})" if interval else text
