"""Compare areas (Fingertips style): one bar per locality for one KPI, with 95% confidence
intervals, Greater Manchester's value as a dashed line, and each bar coloured by its
comparison with GM.

Colour is never the only signal: the comparison's symbol and word are written beside every
bar (and in the legend), a suppressed locality has no bar and says "Suppressed", and the
chosen locality is outlined in black with its name in bold. Each area's name, value and
words sit on a line above its bar rather than in margins either side, so the bars keep the
full width of the chart on a phone as on a desk. Pure: rows in, figure out.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import axis_title, error_arrays, ratio_ticks, style
from dashboard.figures.indicator_trend import add_target
from dashboard.style.formatting import SUPPRESSED_TEXT, format_value
from dashboard.style.palette import (
    BENCHMARK_COLOUR,
    COMPARISONS,
    MUTED_TEXT_COLOUR,
    TEXT_COLOUR,
    Swatch,
    comparison_key,
    comparison_swatch,
)
from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true, ratio_band

OUTLINE_COLOUR = "#4D4D4D"
SELECTED_OUTLINE_COLOUR = "#000000"
ERROR_BAR_COLOUR = "#1A1A1A"
ROW_HEIGHT = 52  # a line of words above each bar, then the bar
LABEL_SHIFT = 21  # px from a bar's centre up to the middle of its line of words (clear of the bar)


def by_comparison(rows: pd.DataFrame, selected: str | None) -> Iterator[tuple[str, Swatch, pd.DataFrame, list[bool]]]:
    """(key, swatch, rows, which row is the `selected` area) for each comparison with GM that
    some row has, in the legend's order: one trace each, so the legend names every comparison
    shown."""
    keys = [comparison_key(c) for c in rows["comparison"]]
    for key, swatch in COMPARISONS.items():
        part = rows.loc[[k == key for k in keys]]
        if not part.empty:
            yield key, swatch, part, (part["area_code"] == selected).tolist()


def status_text(row: Mapping[str, Any], kpi: Mapping[str, Any]) -> str:
    """ "72.3% ✖ Worse" for a locality row; "Suppressed" when suppressed."""
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    swatch = comparison_swatch(row.get("comparison"))
    measure = kpi.get("measure_type")
    value = format_value(row.get("value"), measure, kpi.get("unit"), with_unit=measure in ("proportion", "share"))
    return f"{value}  {swatch.symbol} {swatch.label}"


def tick_labels(df: pd.DataFrame, selected: str | None) -> list[str]:
    """Area names, the selected one in bold and marked as selected."""
    return [
        f"<b>{name} (selected)</b>" if code == selected else str(name)
        for code, name in zip(df["area_code"], df["area_name"], strict=True)
    ]


def row_labels(rows: pd.DataFrame, kpi: Mapping[str, Any], selected: str | None) -> list[dict[str, Any]]:
    """One annotation per area, above its bar at the chart's left edge: "Bolton   72.3% ✖ Worse"
    (the selected area bold and marked); a suppressed area also says so where its bar would be."""
    notes = []
    for label, row in zip(tick_labels(rows, selected), rows.to_dict("records"), strict=True):
        name = str(row["area_name"])
        notes.append(
            {
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": name,
                "yref": "y",
                "yshift": LABEL_SHIFT,
                "text": f"{label}   {status_text(row, kpi)}",
                "showarrow": False,
                "align": "left",
                "bgcolor": "rgba(255, 255, 255, 0.85)",
                "font": {"color": TEXT_COLOUR, "size": 13},
            }
        )
        if is_true(row.get("suppressed")):
            notes.append(
                {
                    "x": 0,
                    "xref": "paper",
                    "xanchor": "left",
                    "xshift": 6,
                    "y": name,
                    "yref": "y",
                    "yshift": -4,
                    "text": "<i>Suppressed: numbers too small to publish</i>",
                    "showarrow": False,
                    "font": {"color": MUTED_TEXT_COLOUR, "size": 12},
                }
            )
    return notes


def _interval_bars(upper: Any, lower: Any) -> dict[str, Any]:
    """Each point's 95% CI as horizontal error bars (distances above and below the value)."""
    return {
        "type": "data",
        "array": upper,
        "arrayminus": lower,
        "symmetric": False,
        "color": ERROR_BAR_COLOUR,
        "thickness": 1.5,
        "width": 5,
    }


def _outline(selected_mask: list[bool], selected_width: float) -> dict[str, Any]:
    """Markers' outlines: the selected locality's thick and dark, the others thin."""
    return {
        "color": [SELECTED_OUTLINE_COLOUR if s else OUTLINE_COLOUR for s in selected_mask],
        "width": [selected_width if s else 1 for s in selected_mask],
    }


def _area_axis(fig: go.Figure, names: list[str]) -> None:
    """Areas down the chart in their order, named by `row_labels` (no tick labels in a margin)."""
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=names,
        autorange="reversed",
        tickmode="array",
        tickvals=names,
        showticklabels=False,
        showgrid=False,
    )
    fig.update_xaxes(nticks=6, tickangle=0)


def figure(
    df: pd.DataFrame,
    *,
    kpi: Mapping[str, Any],
    benchmark_value: float | None = None,
    benchmark_name: str = "Greater Manchester",
    selected: str | None = None,
) -> go.Figure:
    """Horizontal bars, one per row of `df` in its order (locality headline rows with
    `area_code`, `area_name`, `value`, `lower_ci_95`, `upper_ci_95`, `comparison`,
    `suppressed`). `kpi` is the framework entry (`measure_type`, `unit`, `short_title`)."""
    rows = df.reset_index(drop=True)
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    names = rows["area_name"].astype(str).tolist()
    shown = [not is_true(s) and not pd.isna(v) for s, v in zip(rows["suppressed"], rows["value"], strict=True)]
    fig = go.Figure()
    band = ratio_band(kpi)
    if band is not None:  # a relative likelihood: dots on a log axis against the band
        return _ratio_figure(fig, rows, shown, kpi, band, benchmark_value, benchmark_name, selected)
    for key, swatch, part, selected_mask in by_comparison(rows.loc[shown], selected):
        upper, lower = error_arrays(part)
        fig.add_bar(
            x=part["value"].astype(float),
            y=part["area_name"].astype(str),
            orientation="h",
            name=f"{swatch.symbol} {swatch.label}",
            legendgroup=key,
            marker={
                "color": swatch.background,
                "line": _outline(selected_mask, 3.5),
            },
            error_x=_interval_bars(upper, lower),
            customdata=[[value_with_interval(r, measure, unit), swatch.description] for r in part.to_dict("records")],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    if benchmark_value is not None and not pd.isna(benchmark_value):
        gm_text = format_value(benchmark_value, measure, unit)
        fig.add_vline(x=float(benchmark_value), line={"color": BENCHMARK_COLOUR, "width": 2, "dash": "dash"})
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=f"{benchmark_name}: {gm_text}",
            line={"color": BENCHMARK_COLOUR, "width": 2, "dash": "dash"},
            hoverinfo="skip",
        )
    fig.update_layout(annotations=row_labels(rows, kpi, selected))  # one update: add_annotation copies

    highest = [benchmark_value] if benchmark_value is not None else []
    for column in ("value", "upper_ci_95"):
        highest += rows[column].dropna().astype(float).tolist()
    top = max([h for h in highest if h is not None and not pd.isna(h)], default=1.0)
    style(fig, height=ROW_HEIGHT * max(len(rows), 3) + 120, x_title=axis_title(measure, unit))
    fig.update_layout(barmode="overlay", bargap=0.55, margin={"l": 10, "r": 20, "t": 60, "b": 10})
    fig.update_xaxes(range=[0, top * 1.08 if top > 0 else 1])
    _area_axis(fig, names)
    return fig


def _ratio_figure(
    fig: go.Figure,
    rows: pd.DataFrame,
    shown: list[bool],
    kpi: Mapping[str, Any],
    band: tuple[float, float],
    benchmark_value: float | None,
    benchmark_name: str,
    selected: str | None,
) -> go.Figure:
    """A relative likelihood per area: a dot and its 95% CI on a log axis (0.5 and 2 are the
    same distance from 1), the 0.80-1.25 band shaded, each dot coloured by the marts' band
    judgement; GM's ratio as a dashed line for context."""
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    for key, swatch, part, selected_mask in by_comparison(rows.loc[shown], selected):
        upper, lower = error_arrays(part)
        fig.add_scatter(
            x=part["value"].astype(float),
            y=part["area_name"].astype(str),
            mode="markers",
            name=f"{swatch.symbol} {swatch.label}",
            legendgroup=key,
            marker={
                "color": swatch.background,
                "symbol": swatch.marker,
                "size": 14,
                "line": _outline(selected_mask, 3),
            },
            error_x=_interval_bars(upper, lower),
            customdata=[
                [value_with_interval(r, measure, unit), r.get("comparison_words") or swatch.description]
                for r in part.to_dict("records")
            ],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    add_target(fig, measure_type=measure, unit=unit, target_range=band, orientation="v", log_axis=True)
    if benchmark_value is not None and not pd.isna(benchmark_value):
        fig.add_vline(x=float(benchmark_value), line={"color": BENCHMARK_COLOUR, "width": 2, "dash": "dash"})
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            hoverinfo="skip",
            name=f"{benchmark_name} (context): {format_value(benchmark_value, measure, unit)}",
            line={"color": BENCHMARK_COLOUR, "width": 2, "dash": "dash"},
        )
    names = rows["area_name"].astype(str).tolist()
    fig.update_layout(annotations=[*fig.layout.annotations, *row_labels(rows, kpi, selected)])
    limits = [band[0], band[1], 1.0] + [
        float(v) for c in ("lower_ci_95", "upper_ci_95", "value") for v in rows[c].dropna() if float(v) > 0
    ]
    style(fig, height=ROW_HEIGHT * max(len(rows), 3) + 120, x_title="Relative likelihood (log scale; 1.00 = equal)")
    fig.update_layout(margin={"l": 10, "r": 20, "t": 60, "b": 10})
    lo, hi = max(min(limits), 0.05), min(max(limits), 20.0)
    low, high = lo / 1.15, hi * 1.15
    fig.update_xaxes(type="log", range=[math.log10(low), math.log10(high)], **ratio_ticks(low, high))
    _area_axis(fig, names)
    return fig
