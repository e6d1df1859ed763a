"""A KPI's trend as a display table, and the change since the previous period in words."""

from __future__ import annotations

import pandas as pd

from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true


def trend_table(
    df: pd.DataFrame,
    *,
    area_code: str,
    benchmark_code: str,
    measure_type: str | None = None,
    unit: str | None = None,
) -> pd.DataFrame:
    """The text alternative: one row per period with the area's value and CI, the
    benchmark's value and the change since the previous period."""
    if df.empty:
        return pd.DataFrame(
            columns=[
                "Period",
                "Value (95% CI)",
                "Greater Manchester",
                "Change since previous period",
            ]
        )
    order = df.drop_duplicates("period").sort_values("period_sort")["period"].tolist()
    area = _series(df, area_code, order)
    benchmark = _series(df, benchmark_code, order)
    rows = []
    for own, gm in zip(area.to_dict("records"), benchmark.to_dict("records"), strict=True):
        rows.append(
            {
                "Period": own["period"],
                "Value (95% CI)": value_with_interval(own, measure_type, unit)
                if not pd.isna(own.get("area_code"))
                else "No data",
                "Greater Manchester": value_with_interval(gm, measure_type, unit)
                if not pd.isna(gm.get("area_code"))
                else "No data",
                "Change since previous period": change_text(own, measure_type),
            }
        )
    return pd.DataFrame(rows)


def change_text(row: dict, measure_type: str | None) -> str:
    """ "+0.2 percentage points" from the mart's change_since_previous ("Suppressed" /
    "No previous period" when there is no number to show)."""
    if is_true(row.get("suppressed")):
        return "Suppressed"
    if isinstance(row.get("change_words"), str):  # the marts' tested verdict in words
        return row["change_words"]
    change = row.get("change_since_previous")
    if change is None or pd.isna(change):
        return "No previous period to compare"
    decimals = 2 if measure_type == "ratio" else 1
    text = f"{float(change):+,.{decimals}f}"
    if measure_type in ("proportion", "share"):
        return f"{text} percentage points"
    return text


def _series(df: pd.DataFrame, area_code: str, periods: list[str]) -> pd.DataFrame:
    rows = df[df["area_code"] == area_code].drop_duplicates("period").set_index("period")
    return rows.reindex(periods).reset_index()
