"""Funnel plot: each locality's value against its denominator, inside 95% and 99.8% control
limits drawn around Greater Manchester's value.

The control limits show how far from GM a value could fall by chance alone for a given
denominator, and narrow as the denominator grows. The build computes them once
(`pipelines.comparisons`, table `funnel_limits`: Wilson score limits for proportions, Byar's /
exact Poisson limits for crude rates, as in PHE's funnel plot tools); this module only draws
them. The localities' own values, CIs and comparisons come from the marts unchanged.

A relative likelihood has no single denominator: its funnel is drawn against each
locality's precision (1 / standard error of the log ratio, from the build), on a log axis,
with the 0.80-1.25 no-adverse-impact band shaded and the line of equality at 1.00. Its
markers show the marts' band judgement (within / overlaps / outside the band), as on the
compare-areas chart; GM's ratio and the limits around it are context.

Markers show each locality's comparison by shape, colour and legend word; the selected
locality is larger, outlined in black and named in bold. Pure: rows in, figure out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import axis_title, ratio_ticks, style
from dashboard.figures.compare_areas import by_comparison
from dashboard.figures.indicator_trend import add_target
from dashboard.style.formatting import format_number, format_value
from dashboard.style.palette import BENCHMARK_COLOUR, MUTED_TEXT_COLOUR, OKABE_ITO
from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true, ratio_band
from pipelines.comparisons import FUNNEL_MEASURES, RATIO_MEASURES

LIMITS = (("95", "95%", OKABE_ITO["blue"], "dash"), ("99_8", "99.8%", MUTED_TEXT_COLOUR, "dot"))
DENOMINATOR_TITLE = "Denominator (number of people counted)"
PRECISION_TITLE = "Precision of the estimate (1 / standard error of log ratio)"
RATIO_TITLE = "Relative likelihood (log scale; 1.00 = equal)"


def supports(kpi: Mapping[str, Any]) -> bool:
    """A funnel plot needs a proportion or a crude rate (a count over a denominator), or a
    relative likelihood (drawn against its precision)."""
    return kpi.get("measure_type") in FUNNEL_MEASURES


def x_column(kpi: Mapping[str, Any]) -> str:
    """What the funnel's x-axis is: a relative likelihood's precision, else the denominator."""
    return "precision" if kpi.get("measure_type") in RATIO_MEASURES else "denominator"


def unsupported_reason(kpi: Mapping[str, Any]) -> str:
    """Why this KPI has no funnel plot, in plain words."""
    reasons = {
        "dsr": "it is age-standardised, so its denominator is not a simple count of people",
        "mean_score": "it is an average score rather than a count out of a total",
        "count": "it is a count with no denominator",
    }
    return reasons.get(kpi.get("measure_type") or "", "it is not a proportion or a rate")


def label_positions(x: Any, y: Any, benchmark_value: float) -> list[str]:
    """Where each point's name goes: above points over GM's line, below the others, and
    flipped to the other side when it would print over a close neighbour's name."""
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xs.size == 0:
        return []
    near_x = 0.06 * max(float(np.ptp(xs)), 1e-9)
    near_y = 0.06 * max(float(np.ptp(np.append(ys, benchmark_value))), 1e-9)
    chosen: dict[int, str] = {}
    for i in np.argsort(xs, kind="stable"):
        side = "top center" if ys[i] >= benchmark_value else "bottom center"
        clash = any(chosen[j] == side and abs(xs[j] - xs[i]) < near_x and abs(ys[j] - ys[i]) < near_y for j in chosen)
        if clash:
            side = "bottom center" if side == "top center" else "top center"
        chosen[int(i)] = side
    return [chosen[i] for i in range(xs.size)]


def _plotted(df: pd.DataFrame, x: str) -> pd.DataFrame:
    """Rows with a published value and a positive x (suppressed rows never reach a chart)."""
    if x not in df.columns:
        return df.iloc[0:0]
    keep = [
        not is_true(s) and not pd.isna(v) and not pd.isna(d) and d > 0
        for s, v, d in zip(df["suppressed"], df["value"], df[x], strict=True)
    ]
    return df[keep]


def figure(
    df: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    kpi: Mapping[str, Any],
    benchmark_value: float,
    benchmark_name: str = "Greater Manchester",
    selected: str | None = None,
) -> go.Figure:
    """The funnel for locality headline rows (`area_code`, `area_name`, `value`,
    `denominator`, `comparison`, `suppressed`, CIs; for a relative likelihood the build's
    `precision`, as `views.locality_comparison.funnel_points` gives them) around GM's
    `benchmark_value`, with the build's control-limit `curve` (rows of `funnel_limits`
    without an area, in order along the x-axis)."""
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    x = x_column(kpi)
    ratio = x == "precision"
    plotted = _plotted(df, x)
    grid = curve[x].astype(float).to_numpy() if x in curve.columns else np.array([])
    low, high = (float(grid[0]), float(grid[-1])) if len(grid) else (1.0, 100.0)
    fig = go.Figure()
    band = ratio_band(kpi)
    if band is not None:
        add_target(fig, measure_type=measure, unit=unit, target_range=band, orientation="h", log_axis=True)
    for suffix, label, colour, dash in LIMITS:
        for bound in ("upper", "lower"):
            fig.add_scatter(
                x=grid,
                y=curve[f"{bound}_limit_{suffix}"].astype(float).to_numpy(),
                mode="lines",
                name=f"{label} control limits" + (f" around {benchmark_name}" if ratio else ""),
                legendgroup=label,
                showlegend=bound == "upper",
                line={"color": colour, "width": 1.8, "dash": dash},
                hoverinfo="skip",
            )
    gm_text = format_value(benchmark_value, measure, unit)
    fig.add_scatter(
        x=[low, high],
        y=[benchmark_value, benchmark_value],
        mode="lines",
        name=f"{benchmark_name} (context): {gm_text}" if ratio else f"{benchmark_name}: {gm_text}",
        line={"color": BENCHMARK_COLOUR, "width": 2, "dash": "dash" if ratio else "solid"},
        hoverinfo="skip",
    )
    ys, centre = plotted["value"].astype(float), float(benchmark_value)
    if ratio:  # names clash by distance on the log axis
        ys, centre = np.log(ys), math.log(centre)
    positions = pd.Series(label_positions(plotted[x].astype(float), ys, centre), index=plotted.index)
    for key, swatch, part, chosen in by_comparison(plotted, selected):
        fig.add_scatter(
            x=part[x].astype(float),
            y=part["value"].astype(float),
            mode="markers+text",
            name=f"{swatch.symbol} {swatch.label}",
            legendgroup=key,
            # "(selected)" on a line of its own, and drawn past the axes if need be: a point near
            # the right edge keeps its whole name on a phone's narrow chart
            text=[f"<b>{n}<br>(selected)</b>" if c else str(n) for n, c in zip(part["area_name"], chosen, strict=True)],
            textposition=positions[part.index].tolist(),
            textfont={"size": 12},
            cliponaxis=False,
            marker={
                "symbol": swatch.marker,
                "color": swatch.background,
                "size": [18 if c else 13 for c in chosen],
                "line": {"color": "#000000", "width": [3 if c else 1 for c in chosen]},
            },
            customdata=[_hover(r, kpi, swatch.description, ratio) for r in part.to_dict("records")],
            hovertemplate="<b>%{text}</b><br>%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    style(
        fig,
        height=480,
        x_title=PRECISION_TITLE if ratio else DENOMINATOR_TITLE,
        y_title=RATIO_TITLE if ratio else axis_title(measure, unit),
    )
    fig.update_xaxes(rangemode="tozero")
    if ratio:
        low, high = _log_range(plotted, band, benchmark_value)
        fig.update_yaxes(type="log", range=[math.log10(low), math.log10(high)], **ratio_ticks(low, high))
    # The legend goes under the chart: above it, it runs into the chart's toolbar.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
        margin={"t": 30, "b": 10},
    )
    return fig


def _hover(row: dict[str, Any], kpi: Mapping[str, Any], description: str, ratio: bool) -> list[str]:
    """A point's hover lines: value and CI; its denominator or precision; its comparison in
    the marts' words (a ratio's band judgement) or the swatch's."""
    value = value_with_interval(row, kpi.get("measure_type"), kpi.get("unit"))
    if ratio:
        words = row.get("comparison_words")
        words = words if isinstance(words, str) and words else description
        return [value, f"Precision {format_number(row['precision'], 1)}", words]
    return [value, f"Denominator {format_number(row['denominator'], 0)}", description]


def _log_range(plotted: pd.DataFrame, band: tuple[float, float] | None, benchmark_value: float) -> tuple[float, float]:
    """The y-range of a ratio's funnel: every point, the band, 1.00 and GM, with a margin; the
    limits' wide mouth at low precision runs off the chart rather than squash it."""
    shown = [float(v) for v in plotted["value"] if float(v) > 0]
    ends = [*shown, *(band or ()), 1.0, float(benchmark_value)]
    lowest, highest = max(min(ends), 0.05), min(max(ends), 20.0)
    return lowest / 1.4, highest * 1.4
