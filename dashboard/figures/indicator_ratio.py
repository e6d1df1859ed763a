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
from dashboard.figures.chart_style import ci_dots, empty_figure, is_true, marker_style, note_suppressed_rows, style
from dashboard.figures.indicator_trend import add_target
from dashboard.style.formatting import SUPPRESSED_TEXT, format_interval, format_value
from dashboard.style.palette import rag_swatch

DEFAULT_RANGE = (0.80, 1.25)
LOG_TICKS = (0.1, 0.2, 0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 10.0)


def log_axis_range(df: pd.DataFrame, value_range: tuple[float, float]) -> tuple[float, float]:
    """An x range that holds every CI and the no-adverse-impact range, with a margin."""
    shown = df[~df["suppressed"].fillna(False).astype(bool)] if "suppressed" in df else df
    limits = [value_range[0], value_range[1]]
    for column in ("lower_ci_95", "value", "upper_ci_95"):
        limits += [float(v) for v in shown[column].dropna() if float(v) > 0]
    return min(limits) / 1.15, max(limits) * 1.15


def target_range(kpi: dict[str, Any]) -> tuple[float, float] | None:
    """The KPI's target range (target_lower/target_upper), or the WRES 0.80 to 1.25 range for
    a ratio KPI that gives none; None for other KPIs without a range."""
    low, high = kpi.get("target_lower"), kpi.get("target_upper")
    if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
        return float(low), float(high)
    return DEFAULT_RANGE if kpi.get("measure_type") == "ratio" else None


RANGE_STATUS = {  # the mart's rag for a target range, in words
    "green": "Within the range",
    "amber": "Outside the range, but its 95% CI overlaps it",
    "red": "Outside the range, with its whole 95% CI",
}


def _status(row: dict[str, Any]) -> str:
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    return RANGE_STATUS.get(str(row.get("rag") or "").lower(), "Not assessed")


def _area_label(row: dict[str, Any], selected_area: str) -> str:
    name = row.get("area_name") or row["area_code"]
    return f"{name} (selected)" if row["area_code"] == selected_area else str(name)


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
    ticks = [t for t in LOG_TICKS if low <= t <= high]
    fig.update_xaxes(
        type="log",
        range=[math.log10(low), math.log10(high)],
        tickvals=ticks,
        ticktext=[f"{t:g}" for t in ticks],
    )
    return style(
        fig,
        height=max(300, 150 + 34 * len(rows)),
        x_title="Relative likelihood (log scale; 1.00 = equal)",
    )


def ratio_table(df: pd.DataFrame, *, selected_area: str) -> pd.DataFrame:
    """The text alternative: each area's relative likelihood, CI and status in words."""
    rows = []
    for row in df.to_dict("records"):
        suppressed = is_true(row.get("suppressed"))
        rows.append(
            {
                "Area": _area_label(row, selected_area),
                "Relative likelihood": format_value(row.get("value"), "ratio", suppressed=suppressed),
                "95% CI": SUPPRESSED_TEXT
                if suppressed
                else format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), "ratio"),
                "Against the 0.80 to 1.25 range": _status(row),
            }
        )
    return pd.DataFrame(rows)


def ratio_sentence(
    row: dict[str, Any] | None,
    *,
    area_name: str,
    ratio_groups: str | None,
    value_range: tuple[float, float] = DEFAULT_RANGE,
) -> str:
    """ "In Bury, the relative likelihood (White vs BME) is 1.57 (95% CI 1.51 to 1.64):
    above the 0.80 to 1.25 range of no adverse impact." """
    if row is None:
        return f"No relative likelihood for {area_name} in this period."
    if is_true(row.get("suppressed")):
        return f"The relative likelihood for {area_name} is suppressed: too few people to publish."
    value = row.get("value")
    if value is None or pd.isna(value):
        return f"No relative likelihood for {area_name} in this period."
    groups = f" ({ratio_groups})" if ratio_groups and not pd.isna(ratio_groups) else ""
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), "ratio")
    low, high = value_range
    if float(value) > high:
        where = "above"
    elif float(value) < low:
        where = "below"
    else:
        where = "within"
    return (
        f"In {area_name}, the relative likelihood{groups} is {float(value):.2f}"
        + (f" (95% CI {interval})" if interval else "")
        + f": {where} the {low:.2f} to {high:.2f} range treated as no adverse impact. "
        "1.00 means both groups are equally likely."
    )
