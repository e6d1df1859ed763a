"""Inequality across deprivation: the five IMD quintile values (1 = most deprived) with 95%
CIs, and the slope and relative index of inequality (SII / RII) from the marts explained in
plain English.

Pure: the imd_quintile rows of `indicator_values` and one `indicator_inequalities` row in.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import note_suppressed_categories
from dashboard.figures.chart_style import axis_title, empty_figure, error_arrays, style
from dashboard.style.palette import SERIES_COLOURS
from dashboard.tables.cells import value_with_interval
from dashboard.tables.indicator_inequality import QUINTILE_NAMES, quintile_rows
from dashboard.warehouse.conventions import is_true


def inequality_figure(df: pd.DataFrame, *, measure_type: str | None = None, unit: str | None = None) -> go.Figure:
    """Each quintile's value with its 95% CI error bar, most deprived on the left."""
    rows = quintile_rows(df)
    if rows.empty:
        return empty_figure("No deprivation breakdown for this combination")
    names = [QUINTILE_NAMES.get(q, q) for q in rows["quintile"]]
    shown = [None if is_true(r.get("suppressed")) else r.get("value") for r in rows.to_dict("records")]
    upper, lower = error_arrays(rows)
    fig = go.Figure(
        go.Scatter(
            x=names,
            y=shown,
            mode="markers+lines",
            name="Value with 95% CI",
            line={"color": SERIES_COLOURS[0], "width": 1, "dash": "dot"},
            marker={"symbol": "circle", "size": 12, "color": SERIES_COLOURS[0]},
            error_y={
                "type": "data",
                "array": upper,
                "arrayminus": lower,
                "visible": True,
                "color": SERIES_COLOURS[0],
                "thickness": 1.5,
                "width": 6,
            },
            customdata=[value_with_interval(r, measure_type, unit) for r in rows.to_dict("records")],
            hovertemplate="Deprivation quintile %{x}: %{customdata}<extra></extra>",
        )
    )
    suppressed = [
        name for name, row in zip(names, rows.to_dict("records"), strict=True) if is_true(row.get("suppressed"))
    ]
    note_suppressed_categories(fig, names, suppressed, y=0.05)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=names)
    return style(
        fig,
        height=360,
        x_title="Deprivation quintile (IMD)",
        y_title=axis_title(measure_type, unit),
    )
