"""Two characteristics together (an intersection such as ethnic group x sex) as a heat map:
one cell per pair of groups, the value written in the cell, suppressed cells greyed and
labelled "Suppressed"; and the same grid as a table.

Pure: the rows of one intersection breakdown (group codes "a*b") and the group lookups in.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import add_annotations, axis_title, empty_figure, style
from dashboard.style.formatting import NO_DATA_TEXT
from dashboard.style.palette import SUPPRESSED_FILL
from dashboard.tables.cells import value_with_interval
from dashboard.tables.indicator_heatmap import _axis, _cell_text
from dashboard.warehouse.conventions import is_true

# A light sequential blue scale: dark text (#1A1A1A) stays above 4.5:1 contrast on every cell.
COLOUR_SCALE = [[0.0, "#F7FBFF"], [0.5, "#C6DBEF"], [1.0, "#6BAED6"]]


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
