"""Funnel plot: each locality's value against its denominator, inside 95% and 99.8% control
limits drawn around Greater Manchester's value.

The control limits are a display device, not a locality statistic: they show how far from
GM a value could fall by chance alone for a given denominator, and narrow as the denominator
grows. They are computed here from GM's value and the denominators with the same methods
the indicator engine uses (`pipelines.stats`): Wilson score limits for proportions and
Byar's / exact Poisson limits for crude rates, as in PHE's funnel plot tools. The
localities' own values, CIs and comparisons come from the marts unchanged.

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
from pipelines import stats

PROPORTION_MEASURES = ("proportion", "share")
RATE_MEASURES = ("rate",)
SUPPORTED_MEASURES = PROPORTION_MEASURES + RATE_MEASURES
LIMITS = ((0.95, "95%", OKABE_ITO["blue"], "dash"), (0.998, "99.8%", MUTED_TEXT_COLOUR, "dot"))
GRID_POINTS = 160


def supports(kpi: Mapping[str, Any]) -> bool:
    """A funnel plot needs a proportion or a crude rate (a count over a denominator)."""
    return kpi.get("measure_type") in SUPPORTED_MEASURES


def unsupported_reason(kpi: Mapping[str, Any]) -> str:
    """Why this KPI has no funnel plot, in plain words."""
    reasons = {
        "ratio": "it is a relative likelihood (a ratio of two rates), which has no single denominator",
        "dsr": "it is age-standardised, so its denominator is not a simple count of people",
        "mean_score": "it is an average score rather than a count out of a total",
        "count": "it is a count with no denominator",
    }
    return reasons.get(kpi.get("measure_type") or "", "it is not a proportion or a rate")


def _multiplier(kpi: Mapping[str, Any]) -> float:
    multiplier = kpi.get("multiplier")
    if multiplier is None or pd.isna(multiplier) or not multiplier:
        return 100.0 if kpi.get("measure_type") in PROPORTION_MEASURES else 1.0
    return float(multiplier)


def control_limits(
    benchmark_value: float,
    denominators: Any,
    *,
    kpi: Mapping[str, Any],
    confidence: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) control limits, in the KPI's unit, around `benchmark_value` at each
    denominator: what a locality's value could be by chance alone if its true value were
    GM's. Proportions: Wilson score limits of the expected count; rates: Byar's (exact
    Poisson under 10 events) limits of the expected count."""
    n = np.asarray(denominators, dtype=float)
    scale = _multiplier(kpi)
    measure = kpi.get("measure_type")
    if measure in PROPORTION_MEASURES:
        expected_share = min(max(float(benchmark_value) / scale, 0.0), 1.0)
        lower, upper = stats.wilson_ci(expected_share * n, n, confidence)
        return np.asarray(lower) * scale, np.asarray(upper) * scale
    if measure in RATE_MEASURES:
        expected_count = max(float(benchmark_value), 0.0) * n / scale
        lower, upper = stats.rate_ci(expected_count, n, scale, confidence)
        return np.asarray(lower), np.asarray(upper)
    raise ValueError(f"no funnel plot for a {measure!r} KPI: {unsupported_reason(kpi)}")


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


def funnel_positions(df: pd.DataFrame, benchmark_value: float, kpi: Mapping[str, Any]) -> pd.DataFrame:
    """Each locality's control limits at its own denominator and where its value falls
    (for the table alternative): `lower_limit_95`, `upper_limit_95`, `lower_limit_99_8`,
    `upper_limit_99_8`, `funnel_position`. Suppressed rows get no limits and the position
    "Suppressed"."""
    out = df.copy()
    for column in ("lower_limit_95", "upper_limit_95", "lower_limit_99_8", "upper_limit_99_8"):
        out[column] = np.nan
    out["funnel_position"] = "Suppressed"
    plotted = _plotted(df)
    if plotted.empty:
        return out
    n = plotted["denominator"].astype(float).to_numpy()
    for confidence, suffix in ((0.95, "95"), (0.998, "99_8")):
        lower, upper = control_limits(benchmark_value, n, kpi=kpi, confidence=confidence)
        out.loc[plotted.index, f"lower_limit_{suffix}"] = lower
        out.loc[plotted.index, f"upper_limit_{suffix}"] = upper
    for index in plotted.index:
        value = float(out.at[index, "value"])
        if out.at[index, "lower_limit_99_8"] <= value <= out.at[index, "upper_limit_99_8"]:
            inside_95 = out.at[index, "lower_limit_95"] <= value <= out.at[index, "upper_limit_95"]
            side = "above" if value > benchmark_value else "below"
            out.at[index, "funnel_position"] = (
                "Inside the 95% limits" if inside_95 else f"Outside the 95% limits ({side})"
            )
        else:
            side = "above" if value > out.at[index, "upper_limit_99_8"] else "below"
            out.at[index, "funnel_position"] = f"Outside the 99.8% limits ({side})"
    unplotted = df.index.difference(plotted.index)
    no_denominator = [i for i in unplotted if not is_true(df.at[i, "suppressed"])]
    out.loc[no_denominator, "funnel_position"] = "No data"
    return out


def figure(
    df: pd.DataFrame,
    *,
    kpi: Mapping[str, Any],
    benchmark_value: float,
    benchmark_name: str = "Greater Manchester",
    selected: str | None = None,
) -> go.Figure:
    """The funnel for locality headline rows (`area_code`, `area_name`, `value`,
    `denominator`, `comparison`, `suppressed`, CIs) around GM's `benchmark_value`."""
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    plotted = _plotted(df)
    denominators = plotted["denominator"].astype(float)
    low = max(1.0, denominators.min() * 0.6) if len(plotted) else 1.0
    high = denominators.max() * 1.25 if len(plotted) else 100.0
    grid = np.geomspace(low, high, GRID_POINTS)
    fig = go.Figure()
    for confidence, label, colour, dash in LIMITS:
        lower, upper = control_limits(benchmark_value, grid, kpi=kpi, confidence=confidence)
        for bound, values in (("upper", upper), ("lower", lower)):
            fig.add_scatter(
                x=grid,
                y=values,
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
            text=[f"<b>{n} (selected)</b>" if c else str(n) for n, c in zip(part["area_name"], chosen, strict=True)],
            textposition=positions[part.index].tolist(),
            textfont={"size": 12},
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
