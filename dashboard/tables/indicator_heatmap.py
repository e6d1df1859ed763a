"""Intersections (two characteristics together) as a grid of groups, and the heat map's table alternative."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value
from dashboard.style.palette import comparison_swatch
from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true

SEPARATOR = "*"


def split_intersection(breakdown: str) -> tuple[str, str]:
    """ "ethnic_group*sex" -> ("ethnic_group", "sex")."""
    first, _, second = breakdown.partition(SEPARATOR)
    return first, second


def intersection_grid(df: pd.DataFrame, groups: pd.DataFrame, breakdown: str) -> pd.DataFrame:
    """`df` with `row_code`, `row_label`, `column_code`, `column_label` and their sort orders,
    from the "a*b" group codes and the groups of each characteristic (unknown codes keep
    their own code as the label)."""
    first, second = split_intersection(breakdown)
    out = df.copy()
    parts = out["group_code"].astype(str).str.split(SEPARATOR, n=1, expand=True)
    out["row_code"] = parts[0]
    out["column_code"] = parts[1] if parts.shape[1] > 1 else ""
    label_parts = out["group_label"].astype(str).str.split(" & ", n=1, expand=True)
    for side, characteristic, index in (("row", first, 0), ("column", second, 1)):
        lookup = groups[groups["breakdown"] == characteristic]
        labels = dict(zip(lookup["group_code"], lookup["group_label"], strict=True))
        sorts = dict(zip(lookup["group_code"], lookup["sort_order"], strict=True))
        fallback = label_parts[index] if label_parts.shape[1] > index else out[f"{side}_code"]
        out[f"{side}_label"] = [labels.get(code, fb) for code, fb in zip(out[f"{side}_code"], fallback, strict=True)]
        out[f"{side}_sort"] = [sorts.get(code, 10_000) for code in out[f"{side}_code"]]
    return out


def _cell_text(row: dict[str, Any] | None, measure_type: str | None, unit: str | None) -> str:
    """The value and, first in weight, its comparison with the reference group ("✖ Worse")."""
    if row is None:
        return NO_DATA_TEXT
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    value = format_value(row.get("value"), measure_type, unit, with_unit=measure_type != "proportion")
    if is_true(row.get("is_reference_group")):
        return f"{value}<br>Reference"
    swatch = comparison_swatch(row.get("comparison"))
    return f"{value}<br>{swatch.symbol} {swatch.label}"


def cell_detail(row: dict[str, Any], measure_type: str | None, unit: str | None) -> str:
    """ "12.3% (95% CI 10.1 to 14.9), n = 240; significantly worse than the reference group"."""
    text = value_with_interval(row, measure_type, unit)
    if is_true(row.get("suppressed")):
        return text
    n = row.get("denominator")
    if n is not None and not pd.isna(n):
        text += f", n = {float(n):,.0f}"
    if is_true(row.get("is_reference_group")):
        return text + "; the reference group"
    words = row.get("comparison_words")
    return text + (f"; {words}" if isinstance(words, str) and words else "")


def heatmap_table(
    grid: pd.DataFrame,
    *,
    measure_type: str | None = None,
    unit: str | None = None,
    row_title: str = "Group",
) -> pd.DataFrame:
    """The same grid as text: one row per first-characteristic group, one column per
    second-characteristic group, each cell "value (95% CI), n; comparison" or "Suppressed"."""
    if grid.empty:
        return pd.DataFrame(columns=[row_title])
    rows, columns = _axis(grid, "row"), _axis(grid, "column")
    cells = {(r["row_label"], r["column_label"]): r for r in grid.to_dict("records")}
    table = []
    for row_label in rows:
        entry = {row_title: row_label}
        for column_label in columns:
            cell = cells.get((row_label, column_label))
            entry[column_label] = NO_DATA_TEXT if cell is None else cell_detail(cell, measure_type, unit)
        table.append(entry)
    return pd.DataFrame(table)


def _axis(grid: pd.DataFrame, side: str) -> list[str]:
    ordered = grid.sort_values([f"{side}_sort", f"{side}_code"]).drop_duplicates(f"{side}_code")
    return ordered[f"{side}_label"].tolist()
