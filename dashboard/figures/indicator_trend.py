"""A KPI's trend over reporting periods for one area: its value with 95% confidence intervals,
Greater Manchester's line for comparison, and the target (or the target range of a ratio).

Pure: the headline rows of `dashboard.warehouse.indicator_values(period="all")` in, a figure out.
Suppressed periods get the word "Suppressed" on the chart and no number anywhere.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import note_suppressed_categories
from dashboard.figures.chart_style import axis_title, empty_figure, error_arrays, style
from dashboard.style.formatting import format_value
from dashboard.style.palette import (
    BENCHMARK_COLOUR,
    CONFIDENCE_BAND_COLOUR,
    MUTED_TEXT_COLOUR,
    OKABE_ITO,
    SERIES_COLOURS,
)
from dashboard.tables.cells import value_with_interval
from dashboard.tables.indicator_trend import _series
from dashboard.warehouse.conventions import is_true

TARGET_COLOUR = OKABE_ITO["vermillion"]
TARGET_TEXT_COLOUR = "#8A3B00"  # darker vermillion: 4.5:1 on white
NO_ADVERSE_IMPACT_FILL = "rgba(0, 158, 115, 0.14)"  # bluish green, translucent


def _shown_values(frame: pd.DataFrame) -> list[float | None]:
    return [
        None if is_true(r.get("suppressed")) or pd.isna(r.get("value")) else float(r["value"])
        for r in frame.to_dict("records")
    ]


def _label(
    fig: go.Figure,
    text: str,
    at: float,
    *,
    orientation: str,
    log_axis: bool,
    colour: str,
    top: bool,
) -> None:
    """Name a target line or band in words beside it (log axes place text at log10(x))."""
    position = math.log10(at) if log_axis else at
    font = {"color": colour, "size": 12}
    if orientation == "h":
        fig.add_annotation(
            x=1 if top else 0,
            xref="x domain",
            xanchor="right" if top else "left",
            y=position,
            yref="y",
            yanchor="bottom",
            text=text,
            showarrow=False,
            font=font,
        )
    else:  # above the plot for the band, inside its foot for the line
        fig.add_annotation(
            y=1 if top else 0,
            yref="y domain",
            yanchor="bottom",
            x=position,
            xref="x",
            xanchor="left",
            text=text,
            showarrow=False,
            font=font,
        )


def add_target(
    fig: go.Figure,
    *,
    measure_type: str | None,
    unit: str | None,
    target: float | None = None,
    target_range: tuple[float, float] | None = None,
    orientation: str = "h",
    log_axis: bool = False,
) -> None:
    """A dotted target line, or a shaded "no adverse impact" range with the line of equality,
    each named in words on the chart (`orientation="v"` for charts with values along x)."""
    line = fig.add_hline if orientation == "h" else fig.add_vline
    rect = fig.add_hrect if orientation == "h" else fig.add_vrect
    if target_range is not None:
        low, high = target_range
        rect(low, high, fillcolor=NO_ADVERSE_IMPACT_FILL, line_width=0, layer="below")
        line(1.0, line_dash="dot", line_color=MUTED_TEXT_COLOUR, line_width=1.5)
        _label(
            fig,
            f"No adverse impact ({low:.2f} to {high:.2f})",
            low if orientation == "v" else high,
            orientation=orientation,
            log_axis=log_axis,
            colour=MUTED_TEXT_COLOUR,
            top=True,
        )
        _label(
            fig,
            "Equal (1.00)",
            1.0,
            orientation=orientation,
            log_axis=log_axis,
            colour=MUTED_TEXT_COLOUR,
            top=False,
        )
    elif target is not None and not pd.isna(target):
        line(float(target), line_dash="dot", line_color=TARGET_COLOUR, line_width=2)
        _label(
            fig,
            f"Target {format_value(target, measure_type, unit)}",
            float(target),
            orientation=orientation,
            log_axis=log_axis,
            colour=TARGET_TEXT_COLOUR,
            top=True,
        )


def trend_figure(
    df: pd.DataFrame,
    *,
    area_code: str,
    benchmark_code: str,
    area_name: str,
    benchmark_name: str = "Greater Manchester",
    measure_type: str | None = None,
    unit: str | None = None,
    target: float | None = None,
    target_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Value and 95% CI per period for `area_code`, with the benchmark's line when the area
    is not the benchmark itself. `df` has one headline row per period and area."""
    if df.empty:
        return empty_figure("No data for this combination")
    order = df.drop_duplicates("period").sort_values("period_sort")["period"].tolist()
    area = _series(df, area_code, order)
    fig = go.Figure()

    upper, lower = error_arrays(area)
    values = _shown_values(area)
    band = len(order) > 1 and all(v is not None for v in values + upper)
    if band:
        fig.add_trace(
            go.Scatter(
                x=order + order[::-1],
                y=area["upper_ci_95"].tolist() + area["lower_ci_95"].tolist()[::-1],
                fill="toself",
                mode="lines",
                fillcolor=CONFIDENCE_BAND_COLOUR,
                line={"width": 0},
                name="95% confidence interval",
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=order,
            y=values,
            name=area_name,
            mode="lines+markers",
            line={"color": SERIES_COLOURS[0], "width": 3},
            marker={"symbol": "circle", "size": 9, "color": SERIES_COLOURS[0]},
            error_y={
                "type": "data",
                "array": upper,
                "arrayminus": lower,
                "visible": not band,
                "color": SERIES_COLOURS[0],
                "thickness": 1.5,
                "width": 4,
            },
            customdata=[value_with_interval(r, measure_type, unit) for r in area.to_dict("records")],
            hovertemplate=f"{area_name}, %{{x}}: %{{customdata}}<extra></extra>",
        )
    )

    if area_code != benchmark_code and (df["area_code"] == benchmark_code).any():
        benchmark = _series(df, benchmark_code, order)
        fig.add_trace(
            go.Scatter(
                x=order,
                y=_shown_values(benchmark),
                name=benchmark_name,
                mode="lines+markers",
                line={"color": BENCHMARK_COLOUR, "width": 2, "dash": "dash"},
                marker={"symbol": "diamond", "size": 8, "color": BENCHMARK_COLOUR},
                customdata=[value_with_interval(r, measure_type, unit) for r in benchmark.to_dict("records")],
                hovertemplate=f"{benchmark_name}, %{{x}}: %{{customdata}}<extra></extra>",
            )
        )

    suppressed = [row["period"] for row in area.to_dict("records") if is_true(row.get("suppressed"))]
    note_suppressed_categories(fig, order, suppressed, y=0.04)
    add_target(fig, measure_type=measure_type, unit=unit, target=target, target_range=target_range)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    return style(fig, height=420, x_title="Reporting period", y_title=axis_title(measure_type, unit))
