"""Deprivation quintile rows, the slope and relative index of inequality in words, and their table alternative."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import format_value
from dashboard.tables.cells import value_with_interval

QUINTILES = ("1", "2", "3", "4", "5")
QUINTILE_NAMES = {
    "1": "1 (most deprived)",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5 (least deprived)",
}


def quintile_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The five quintile rows, most deprived first (Not stated / Not known left out: they
    have no place on the deprivation scale)."""
    rows = df[df["group_code"].astype(str).isin(QUINTILES)].copy()
    rows["quintile"] = rows["group_code"].astype(str)
    return rows.sort_values("quintile").reset_index(drop=True)


def inequality_text(
    inequality: dict[str, Any] | None,
    *,
    measure_type: str | None = None,
    unit: str | None = None,
    polarity: str | None = None,
    area_name: str = "this area",
) -> str:
    """Plain English for the SII and RII of one area. The marts define SII as the fitted
    value at the least deprived end minus that at the most deprived end, and RII as their
    ratio (least / most)."""
    if not inequality or pd.isna(inequality.get("sii")):
        return (
            f"The slope index of inequality cannot be shown for {area_name}: it needs all five "
            "deprivation quintiles, and one or more is missing or suppressed."
        )
    sii = float(inequality["sii"])
    size = format_value(abs(sii), measure_type, unit)
    if measure_type in ("proportion", "share"):
        size = f"{abs(sii):.1f} percentage points"
    if abs(sii) < 1e-9:
        direction = "there is no gap between the most and least deprived ends"
    else:
        higher_end = "least deprived" if sii > 0 else "most deprived"
        direction = f"the gap between the most and least deprived ends is {size}, higher at the {higher_end} end"
    sentences = [f"In {area_name}, {direction} (slope index of inequality, SII = {sii:+.2f})."]
    rii = inequality.get("rii")
    if rii is not None and not pd.isna(rii):
        sentences.append(
            f"The value at the least deprived end is {float(rii):.2f} times the value at the most "
            "deprived end (relative index of inequality, RII)."
        )
    if polarity in ("high_is_good", "low_is_good") and abs(sii) >= 1e-9:
        most_deprived_worse = (sii > 0) == (polarity == "high_is_good")
        sentences.append(
            "People in the most deprived areas fare worse on this measure."
            if most_deprived_worse
            else "People in the most deprived areas fare better on this measure."
        )
    most, least = inequality.get("most_deprived_value"), inequality.get("least_deprived_value")
    if most is not None and least is not None and not (pd.isna(most) or pd.isna(least)):
        sentences.append(
            f"Observed values: most deprived quintile {format_value(most, measure_type, unit)}, "
            f"least deprived quintile {format_value(least, measure_type, unit)}."
        )
    return " ".join(sentences)


def inequality_table(df: pd.DataFrame, *, measure_type: str | None = None, unit: str | None = None) -> pd.DataFrame:
    """The five quintiles as text: value with 95% CI, or "Suppressed"."""
    rows = quintile_rows(df)
    return pd.DataFrame(
        {
            "Deprivation quintile": [QUINTILE_NAMES.get(q, q) for q in rows["quintile"]],
            "Value (95% CI)": [value_with_interval(r, measure_type, unit) for r in rows.to_dict("records")],
        }
    )
