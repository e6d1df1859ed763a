"""Voices beside the numbers: consented quotes grouped under the outcome they speak to, the
count of voices per outcome and group, and each outcome's headline KPIs.

A quote is always a text child of an HTML element, never markup: Dash escapes text, so a quote
holding "<b>" or "<script>" shows those characters as written. Nothing here may pass quote
text to `dcc.Markdown` or `dangerously_allow_html`.

Pure: DataFrames (as `dashboard.warehouse` returns them) in, Dash HTML, figures or frames out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import empty_figure, style
from dashboard.figures.dot_plot import wrap_label
from dashboard.style.palette import SERIES_COLOURS


def counts_figure(by_outcome: pd.DataFrame) -> go.Figure:
    """Horizontal bars: how many voices speak to each outcome, the count printed on each."""
    if by_outcome.empty or by_outcome["voices"].sum() == 0:
        return empty_figure("No voices match these filters")
    labels = [wrap_label(t, 40) for t in by_outcome["outcome_title"]]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=by_outcome["voices"],
            orientation="h",
            marker={"color": SERIES_COLOURS[0]},
            text=[str(v) for v in by_outcome["voices"]],
            textposition="outside",
            cliponaxis=False,
            hovertext=[
                f"{t}: {v} voice{'s' if v != 1 else ''}"
                for t, v in zip(by_outcome["outcome_title"], by_outcome["voices"], strict=True)
            ],
            hoverinfo="text",
            name="Voices",
        )
    )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    most = int(by_outcome["voices"].max())
    fig.update_xaxes(rangemode="tozero", tickformat=",d", dtick=1 if most <= 10 else None)
    fig.update_layout(showlegend=False)
    return style(fig, height=120 + 48 * len(labels), x_title="Number of voices")
