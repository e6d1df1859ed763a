"""Two characteristics together (an intersection such as ethnic group x sex) as a heat map:
one cell per pair of groups, the value written in the cell, suppressed cells greyed and
labelled "Suppressed"; and the same grid as a table.

Pure: the rows of one intersection breakdown (group codes "a*b") and the group lookups in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import (
    SUPPRESSED_FILL,
    add_annotations,
    axis_title,
    empty_figure,
    is_true,
    style,
    value_with_interval,
)
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value

# A light sequential blue scale: dark text (#1A1A1A) stays above 4.5:1 contrast on every cell.
COLOUR_SCALE = [[0.0, "#F7FBFF"], [0.5, "#C6DBEF"], [1.0, "#6BAED6"]]
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


def _axis(grid: pd.DataFrame, side: str) -> list[str]:
    ordered = grid.sort_values([f"{side}_sort", f"{side}_code"]).drop_duplicates(f"{side}_code")
    return ordered[f"{side}_label"].tolist()


def _cell_text(row: dict[str, Any] | None, measure_type: str | None, unit: str | None) -> str:
    if row is None:
        return NO_DATA_TEXT
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    return format_value(row.get("value"), measure_type, unit, with_unit=measure_type != "proportion")


def heatmap_figure(
    grid: pd.DataFrame,
    *,
    measure_type: str | None = None,
    unit: str | None = None,
    row_title: str = "",
    column_title: str = "",
) -> go.Figure:
    """The heat map of `intersection_grid` output: rows are the first characteristic's groups,
    columns the second's; each cell shows its value (or "Suppressed") as text."""
    if grid.empty:
        return empty_figure("No data for these two characteristics together")
    rows, columns = _axis(grid, "row"), _axis(grid, "column")
    cells = {(r["row_label"], r["column_label"]): r for r in grid.to_dict("records")}
    z: list[list[float | None]] = []
    hidden: list[list[float | None]] = []
    hover: list[list[str]] = []
    for row_label in rows:
        z_row, hidden_row, hover_row = [], [], []
        for column_label in columns:
            cell = cells.get((row_label, column_label))
            suppressed = cell is not None and is_true(cell.get("suppressed"))
            value = None if cell is None or suppressed else cell.get("value")
            z_row.append(None if value is None or pd.isna(value) else float(value))
            hidden_row.append(1.0 if suppressed else None)
            hover_row.append(NO_DATA_TEXT if cell is None else value_with_interval(cell, measure_type, unit))
        z.append(z_row)
        hidden.append(hidden_row)
        hover.append(hover_row)

    # Two layers on the same cells: grey under the suppressed ones, the colour scale under the rest.
    cells_layer = {
        "x": columns,
        "y": rows,
        "customdata": hover,
        "hoverongaps": False,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": "%{y} & %{x}: %{customdata}<extra></extra>",
    }
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=hidden,
            colorscale=[[0, SUPPRESSED_FILL], [1, SUPPRESSED_FILL]],
            showscale=False,
            name="Suppressed",
            **cells_layer,
        )
    )
    fig.add_trace(
        go.Heatmap(
            z=z,
            colorscale=COLOUR_SCALE,
            **cells_layer,
            colorbar={
                "title": {"text": axis_title(measure_type, unit), "side": "right"},
                "thickness": 14,
            },
            name="Value",
        )
    )
    row_positions, column_positions = category_positions(rows[::-1]), category_positions(columns)
    add_annotations(
        fig,
        [
            {
                "x": column_positions[column_label],
                "y": row_positions[row_label],
                "showarrow": False,
                "text": _cell_text(cells.get((row_label, column_label)), measure_type, unit),
                "font": {"size": 13, "color": "#1A1A1A"},
            }
            for row_label in rows
            for column_label in columns
        ],
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=rows[::-1], showgrid=False, ticks="")
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=columns,
        showgrid=False,
        side="top",
        ticks="",
    )
    fig = style(fig, height=max(280, 120 + 48 * len(rows)), x_title=column_title, y_title=row_title)
    fig.update_layout(margin={"t": 90})
    return fig


def heatmap_table(
    grid: pd.DataFrame,
    *,
    measure_type: str | None = None,
    unit: str | None = None,
    row_title: str = "Group",
) -> pd.DataFrame:
    """The same grid as text: one row per first-characteristic group, one column per
    second-characteristic group, each cell "value (95% CI)" or "Suppressed"."""
    if grid.empty:
        return pd.DataFrame(columns=[row_title])
    rows, columns = _axis(grid, "row"), _axis(grid, "column")
    cells = {(r["row_label"], r["column_label"]): r for r in grid.to_dict("records")}
    table = []
    for row_label in rows:
        entry = {row_title: row_label}
        for column_label in columns:
            cell = cells.get((row_label, column_label))
            entry[column_label] = NO_DATA_TEXT if cell is None else value_with_interval(cell, measure_type, unit)
        table.append(entry)
    return pd.DataFrame(table)
