"""Relative likelihoods (WRES 2-4, WDES 2-3 and any ratio KPI) against the 0.80 to 1.25
"no adverse impact" range: one point with its 95% CI per area, the chosen area marked.

Pure: the headline rows (breakdown "all") of a ratio KPI for every area in one period in.
Whether a value meets the range is the mart's `rag`, shown in words and by marker shape.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import ci_dots, empty_figure, marker_style, note_suppressed_rows, ratio_ticks, style
from dashboard.figures.indicator_trend import add_target
from dashboard.style.formatting import format_interval, format_value
from dashboard.style.palette import rag_swatch
from dashboard.tables.indicator_ratio import DEFAULT_RANGE, _area_label, _status
from dashboard.warehouse.conventions import is_true


def log_axis_range(df: pd.DataFrame, value_range: tuple[float, float]) -> tuple[float, float]:
    """An x range that holds every CI and the no-adverse-impact range, with a margin."""
    shown = df[~df["suppressed"].fillna(False).astype(bool)] if "suppressed" in df else df
    limits = [value_range[0], value_range[1]]
    for column in ("lower_ci_95", "value", "upper_ci_95"):
        limits += [float(v) for v in shown[column].dropna() if float(v) > 0]
    return min(limits) / 1.15, max(limits) * 1.15


def _hover(row: dict[str, Any]) -> str:
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), "ratio")
    value = format_value(row.get("value"), "ratio")
    return f"{value} (95% CI {interval})" if interval else value


def ratio_figure(
    df: pd.DataFrame,
    *,
    selected_area: str,
    value_range: tuple[float, float] = DEFAULT_RANGE,
) -> go.Figure:
    """Forest plot of each area's relative likelihood and 95% CI, areas in `df` order (top
    first), with the no-adverse-impact range shaded and the line of equality."""
    rows = df.to_dict("records")
    if not rows:
        return empty_figure("No relative likelihoods for this period")
    labels = [_area_label(r, selected_area) for r in rows]
    axis = labels[::-1]  # the first area at the top
    fig = go.Figure()
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if not is_true(row.get("suppressed")):
            groups.setdefault(_status(row), []).append(index)
    for status, indexes in groups.items():
        swatch = rag_swatch(rows[indexes[0]].get("rag"))
        sizes = [17 if rows[i]["area_code"] == selected_area else 11 for i in indexes]
        marker = marker_style(swatch.marker, swatch.background, sizes)
        hover = [_hover(rows[i]) for i in indexes]
        fig.add_trace(ci_dots(df.iloc[indexes], [labels[i] for i in indexes], name=status, marker=marker, hover=hover))
    positions = category_positions(axis)
    note_suppressed_rows(
        fig, [positions[label] for label, row in zip(labels, rows, strict=True) if is_true(row.get("suppressed"))]
    )
    add_target(
        fig,
        measure_type="ratio",
        unit=None,
        target_range=value_range,
        orientation="v",
        log_axis=True,
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=axis, showgrid=False)
    low, high = log_axis_range(df, value_range)
    fig.update_xaxes(type="log", range=[math.log10(low), math.log10(high)], **ratio_ticks(low, high))
    return style(
        fig,
        height=max(300, 150 + 34 * len(rows)),
        x_title="Relative likelihood (log scale; 1.00 = equal)",
    )
