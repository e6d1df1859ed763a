"""A KPI broken down by one characteristic: each group's value with its 95% CI as a dot chart,
the reference group marked, "Not stated" / "Not known" groups shown but flagged as unknown
and not compared, suppressed groups named as such; and the table beside it with the gap and
ratio to the reference group.

Pure: the rows of one breakdown (as `dashboard.warehouse.indicator_values` returns them) in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import axis_title, ci_dots, empty_figure, marker_style, note_suppressed_rows, style
from dashboard.style.formatting import (
    format_value,
)
from dashboard.style.palette import BENCHMARK_COLOUR, MUTED_TEXT_COLOUR, comparison_swatch
from dashboard.style.words import in_sentence
from dashboard.tables.cells import value_with_interval
from dashboard.tables.indicator_breakdown import COMPARISON_WORDS, group_axis_label, group_status
from dashboard.warehouse.conventions import is_true

# How each kind of group is drawn: legend words, marker, colour. Comparison groups take
# their marker and colour from the shared palette.
REFERENCE = ("Reference group", "square", BENCHMARK_COLOUR)
UNKNOWN = ("Not stated / not known (not compared)", "circle-open", MUTED_TEXT_COLOUR)
# Comparison markers need an outline so the lighter palette colours stay visible on white.
MARKER_OUTLINE = {"color": "#1A1A1A", "width": 1}


def breakdown_figure(
    df: pd.DataFrame,
    *,
    measure_type: str | None = None,
    unit: str | None = None,
    overall: dict[str, Any] | None = None,
    characteristic_label: str = "",
) -> go.Figure:
    """Dot chart of each group's value with 95% CI error bars, groups in `df` order (top
    first). `overall` is the "All people" row, drawn as a dashed line for context."""
    rows = df.to_dict("records")
    if not rows:
        return empty_figure("No data for this characteristic")
    labels = [group_axis_label(r) for r in rows]
    axis = labels[::-1]  # the first group at the top
    fig = go.Figure()

    kinds: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        kinds.setdefault(group_status(row), []).append(index)
    order = [
        "reference",
        "better",
        "similar",
        "worse",
        "higher",
        "lower",
        "not compared",
        "unknown",
    ]
    for kind in sorted(kinds, key=lambda k: order.index(k) if k in order else len(order)):
        if kind == "suppressed":
            continue
        indexes = kinds[kind]
        part = df.iloc[indexes]
        if kind == "reference":
            name, symbol, colour = REFERENCE
        elif kind == "unknown":
            name, symbol, colour = UNKNOWN
        else:
            swatch = comparison_swatch(kind)
            name, symbol, colour = COMPARISON_WORDS.get(kind, kind), swatch.marker, swatch.background
        hover = [value_with_interval(r, measure_type, unit) for r in part.to_dict("records")]
        fig.add_trace(
            ci_dots(part, [labels[i] for i in indexes], name=name, marker=marker_style(symbol, colour), hover=hover)
        )

    positions = category_positions(axis)
    note_suppressed_rows(fig, [positions[labels[index]] for index in kinds.get("suppressed", [])])

    if overall and not is_true(overall.get("suppressed")) and not pd.isna(overall.get("value")):
        value = float(overall["value"])
        fig.add_vline(
            value,
            line_dash="dash",
            line_color=BENCHMARK_COLOUR,
            line_width=1,
            annotation_text=f"All people {format_value(value, measure_type, unit)}",
            annotation_position="top right",
            annotation_font={"size": 12},
        )

    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=axis,
        autorange=True,
        showgrid=False,
    )
    x_title = axis_title(measure_type, unit)
    if characteristic_label:
        x_title = f"{x_title}, by {in_sentence(characteristic_label)}"
    return style(fig, height=max(260, 140 + 36 * len(rows)), x_title=x_title)
