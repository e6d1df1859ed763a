"""Funnel plot: each locality's value against its denominator, inside 95% and 99.8% control
limits drawn around Greater Manchester's value.

The control limits show how far from GM a value could fall by chance alone for a given
denominator, and narrow as the denominator grows. The build computes them once
(`pipelines.comparisons`, table `funnel_limits`: Wilson score limits for proportions, Byar's /
exact Poisson limits for crude rates, as in PHE's funnel plot tools); this module only draws
them. The localities' own values, CIs and comparisons come from the marts unchanged.

Markers show each locality's comparison with GM by shape, colour and legend word; the
selected locality is larger, outlined in black and named in bold. Pure: rows in, figure out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import axis_title, style
from dashboard.figures.compare_areas import by_comparison
from dashboard.style.formatting import format_number, format_value
from dashboard.style.palette import BENCHMARK_COLOUR, MUTED_TEXT_COLOUR, OKABE_ITO
from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true
from pipelines.comparisons import FUNNEL_MEASURES

LIMITS = (("95", "95%", OKABE_ITO["blue"], "dash"), ("99_8", "99.8%", MUTED_TEXT_COLOUR, "dot"))


def supports(kpi: Mapping[str, Any]) -> bool:
    """A funnel plot needs a proportion or a crude rate (a count over a denominator)."""
    return kpi.get("measure_type") in FUNNEL_MEASURES


def unsupported_reason(kpi: Mapping[str, Any]) -> str:
    """Why this KPI has no funnel plot, in plain words."""
    reasons = {
        "ratio": "it is a relative likelihood (a ratio of two rates), which has no single denominator",
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


def _plotted(df: pd.DataFrame) -> pd.DataFrame:
    """Rows with a published value and a denominator (suppressed rows never reach a chart)."""
    keep = [
        not is_true(s) and not pd.isna(v) and not pd.isna(d) and d > 0
        for s, v, d in zip(df["suppressed"], df["value"], df["denominator"], strict=True)
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
    `denominator`, `comparison`, `suppressed`, CIs) around GM's `benchmark_value`, with the
    build's control-limit `curve` (rows of `funnel_limits` without an area, by denominator)."""
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    plotted = _plotted(df)
    grid = curve["denominator"].astype(float).to_numpy()
    low, high = (float(grid[0]), float(grid[-1])) if len(grid) else (1.0, 100.0)
    fig = go.Figure()
    for suffix, label, colour, dash in LIMITS:
        for bound in ("upper", "lower"):
            fig.add_scatter(
                x=grid,
                y=curve[f"{bound}_limit_{suffix}"].astype(float).to_numpy(),
                mode="lines",
                name=f"{label} control limits",
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
        name=f"{benchmark_name}: {gm_text}",
        line={"color": BENCHMARK_COLOUR, "width": 2},
        hoverinfo="skip",
    )
    positions = pd.Series(
        label_positions(plotted["denominator"].astype(float), plotted["value"].astype(float), benchmark_value),
        index=plotted.index,
    )
    for key, swatch, part, chosen in by_comparison(plotted, selected):
        fig.add_scatter(
            x=part["denominator"].astype(float),
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
            customdata=[
                [
                    value_with_interval(r, measure, unit),
                    format_number(r["denominator"], 0),
                    swatch.description,
                ]
                for r in part.to_dict("records")
            ],
            hovertemplate="<b>%{text}</b><br>%{customdata[0]}<br>Denominator %{customdata[1]}"
            "<br>%{customdata[2]}<extra></extra>",
        )
    style(
        fig,
        height=480,
        x_title="Denominator (number of people counted)",
        y_title=axis_title(measure, unit),
    )
    fig.update_xaxes(rangemode="tozero")
    # The legend goes under the chart: above it, it runs into the chart's toolbar.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
        margin={"t": 30, "b": 10},
    )
    return fig
