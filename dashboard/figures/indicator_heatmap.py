"""Two characteristics together (an intersection such as ethnic group x sex) as a heat map:
one cell per pair of groups, shaded by its comparison with the reference group (better /
similar / worse, so a tiny group's extreme value does not look like a finding), the value and
the comparison written in the cell, n and the CI on hover; suppressed cells greyed and labelled
"Suppressed"; and the same grid as a table.

Pure: the rows of one intersection breakdown (group codes "a*b") and the group lookups in.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import add_annotations, empty_figure, style
from dashboard.style.formatting import NO_DATA_TEXT
from dashboard.style.palette import COMPARISONS, SUPPRESSED_FILL, comparison_key
from dashboard.tables.indicator_heatmap import _axis, _cell_text, cell_detail
from dashboard.warehouse.conventions import is_true

# Cells are shaded by their comparison with the reference group (the marts' `comparison`),
# in the comparison palette, whose backgrounds all keep dark text above 4.5:1 contrast.
SHADES = ("better", "similar", "worse", "higher", "lower", "not compared", "reference")
REFERENCE_FILL = "#FFFFFF"


def _shade_colour(key: str) -> str:
    return REFERENCE_FILL if key == "reference" else COMPARISONS[key].background


def _shade_name(key: str) -> str:
    return "Reference group" if key == "reference" else f"{COMPARISONS[key].symbol} {COMPARISONS[key].label}"


def _discrete_scale() -> list[list]:
    n = len(SHADES)
    scale = []
    for i, key in enumerate(SHADES):
        scale += [[i / n, _shade_colour(key)], [(i + 1) / n, _shade_colour(key)]]
    return scale


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
            # shaded by the comparison with the reference group, not by value: a tiny group's
            # extreme value is not a finding unless it is significantly different
            if value is None or pd.isna(value):
                z_row.append(None)
            else:
                key = "reference" if is_true(cell.get("is_reference_group")) else comparison_key(cell.get("comparison"))
                z_row.append(SHADES.index(key) + 0.5 if key in SHADES else SHADES.index("not compared") + 0.5)
            hidden_row.append(1.0 if suppressed else None)
            hover_row.append(NO_DATA_TEXT if cell is None else cell_detail(cell, measure_type, unit))
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
            zmin=0,
            zmax=len(SHADES),
            colorscale=_discrete_scale(),
            showscale=False,
            **cells_layer,
            name="Compared with the reference group",
        )
    )
    for key in SHADES:  # a legend entry per shade, in words
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=_shade_name(key),
            hoverinfo="skip",
            marker={
                "symbol": "square",
                "size": 14,
                "color": _shade_colour(key),
                "line": {"color": "#4D4D4D", "width": 1},
            },
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
