"""Relative likelihoods in words and tables: the target range, each area's status and the sentence under the chart."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import SUPPRESSED_TEXT, format_interval, format_value
from dashboard.warehouse.conventions import is_true

DEFAULT_RANGE = (0.80, 1.25)
RANGE_STATUS = {  # the mart's rag for a target range, in words
    "green": "Within the range",
    "amber": "Outside the range, but its 95% CI overlaps it",
    "red": "Outside the range, with its whole 95% CI",
}


def target_range(kpi: dict[str, Any]) -> tuple[float, float] | None:
    """The KPI's target range (target_lower/target_upper), or the WRES 0.80 to 1.25 range for
    a ratio KPI that gives none; None for other KPIs without a range."""
    low, high = kpi.get("target_lower"), kpi.get("target_upper")
    if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
        return float(low), float(high)
    return DEFAULT_RANGE if kpi.get("measure_type") == "ratio" else None


def _status(row: dict[str, Any]) -> str:
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    return RANGE_STATUS.get(str(row.get("rag") or "").lower(), "Not assessed")


def ratio_table(df: pd.DataFrame, *, selected_area: str) -> pd.DataFrame:
    """The text alternative: each area's relative likelihood, CI and status in words."""
    rows = []
    for row in df.to_dict("records"):
        suppressed = is_true(row.get("suppressed"))
        rows.append(
            {
                "Area": _area_label(row, selected_area),
                "Relative likelihood": format_value(row.get("value"), "ratio", suppressed=suppressed),
                "95% CI": SUPPRESSED_TEXT
                if suppressed
                else format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), "ratio"),
                "Against the 0.80 to 1.25 range": _status(row),
            }
        )
    return pd.DataFrame(rows)


def ratio_sentence(
    row: dict[str, Any] | None,
    *,
    area_name: str,
    ratio_groups: str | None,
    value_range: tuple[float, float] = DEFAULT_RANGE,
) -> str:
    """ "In Bury, the relative likelihood (White vs BME) is 1.57 (95% CI 1.51 to 1.64):
    above the 0.80 to 1.25 range of no adverse impact." """
    if row is None:
        return f"No relative likelihood for {area_name} in this period."
    if is_true(row.get("suppressed")):
        return f"The relative likelihood for {area_name} is suppressed: too few people to publish."
    value = row.get("value")
    if value is None or pd.isna(value):
        return f"No relative likelihood for {area_name} in this period."
    groups = f" ({ratio_groups})" if ratio_groups and not pd.isna(ratio_groups) else ""
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), "ratio")
    low, high = value_range
    if float(value) > high:
        where = "above"
    elif float(value) < low:
        where = "below"
    else:
        where = "within"
    return (
        f"In {area_name}, the relative likelihood{groups} is {float(value):.2f}"
        + (f" (95% CI {interval})" if interval else "")
        + f": {where} the {low:.2f} to {high:.2f} range treated as no adverse impact. "
        "1.00 means both groups are equally likely."
    )


def _area_label(row: dict[str, Any], selected_area: str) -> str:
    name = row.get("area_name") or row["area_code"]
    return f"{name} (selected)" if row["area_code"] == selected_area else str(name)
