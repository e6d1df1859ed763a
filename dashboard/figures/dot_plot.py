"""A grouped dot plot with 95% confidence intervals: one row per category (a band cluster, a
KPI, an area), one marker per series (a group of staff, an area) side by side within the row.

The workforce and patient-experience pages draw most of their charts with it: representation
by band against the population, staff survey results by group, relative likelihoods on a log
axis, board against workforce. Each series has its own colour *and* marker shape and is named
in the legend; a point that is suppressed (or missing) is never drawn and the right-hand
column says "Suppressed" (or "No data") in words, beside any note such as a respondent count.

Pure: a tidy DataFrame (one row per category x series) in, a Plotly figure out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import empty_figure, error_arrays, error_bars, note_rows, ratio_ticks, style
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_interval
from dashboard.style.palette import BENCHMARK_COLOUR, SERIES_COLOURS
from dashboard.warehouse.conventions import is_true

# Tick values of a log axis, so it reads 0.5, 0.8, 1, 1.25, 2 rather than Plotly's 5, 8, 1, 2.
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star", "hexagon", "cross")
ROW_HEIGHT = 34  # pixels per category row, before the extra room several series need
LABEL_WIDTH = 34  # characters of a category label before it wraps


@dataclass(frozen=True)
class ReferenceLine:
    """A vertical line across the plot, named in the legend: a population share, a value for
    everyone, the line of equality. `series` colours it like that series' markers."""

    x: float
    label: str
    series: str | None = None
    dash: str = "dash"


def series_style(index: int) -> tuple[str, str]:
    """(colour, marker symbol) of the index-th series."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)], SYMBOLS[index % len(SYMBOLS)]


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """Break a long axis label onto lines of about `width` characters (Plotly's <br>)."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _offsets(count: int) -> list[float]:
    """Vertical offsets of `count` series inside one row (first series on top)."""
    if count <= 1:
        return [0.0]
    spread = min(0.6, 0.16 * (count - 1))
    return [spread / 2 - spread * k / (count - 1) for k in range(count)]


def _present(row: dict[str, Any], value: str) -> bool:
    number = row.get(value)
    return not is_true(row.get("suppressed")) and number is not None and not pd.isna(number)


def dot_plot(
    df: pd.DataFrame,
    *,
    row: str = "row_label",
    series: str | None = "series_label",
    value: str = "value",
    lower: str = "lower_ci_95",
    upper: str = "upper_ci_95",
    note: str | None = None,
    row_order: Sequence[str] | None = None,
    series_order: Sequence[str] | None = None,
    measure_type: str | None = "proportion",
    value_suffix: str = "%",
    x_title: str = "",
    log_x: bool = False,
    x_range: tuple[float, float] | None = None,
    reference_lines: Sequence[ReferenceLine] = (),
    empty_message: str = "No data for this combination",
) -> go.Figure:
    """Dots with 95% CI error bars; categories top to bottom in `row_order` (default: first
    seen), series in `series_order`. `note` names a column of short text shown at the right
    of each point's row (e.g. "n = 1,235"). `suppressed` rows (if the column exists) and
    rows with no value are listed at the right in words instead of drawn."""
    if df.empty:
        return empty_figure(empty_message)
    frame = df.copy()
    if series is None:
        frame["_series"] = ""
        series = "_series"
    rows = list(row_order) if row_order is not None else list(dict.fromkeys(frame[row]))
    names = list(series_order) if series_order is not None else list(dict.fromkeys(frame[series]))
    frame = frame[frame[row].isin(rows) & frame[series].isin(names)]
    if frame.empty:
        return empty_figure(empty_message)
    offsets = _offsets(len(names))
    centre = {label: -index for index, label in enumerate(rows)}
    fig = go.Figure()
    side_notes: list[tuple[float, str]] = []
    decimals = 2 if measure_type == "ratio" else 1

    unshown: dict[str, list[tuple[str, str]]] = {}  # row -> [(series, "Suppressed")]
    for index, name in enumerate(names):
        colour, symbol = series_style(index)
        part = frame[frame[series] == name].to_dict("records")
        shown = [r for r in part if _present(r, value)]
        for record in part:
            if not _present(record, value):
                words = SUPPRESSED_TEXT if is_true(record.get("suppressed")) else NO_DATA_TEXT
                unshown.setdefault(record[row], []).append((name, words))
                continue
            extra = record.get(note) if note else None
            if extra is not None and not pd.isna(extra) and str(extra):
                prefix = f"{name}: " if name and len(names) > 1 else ""
                side_notes.append((centre[record[row]] + offsets[index], prefix + str(extra)))
        if not shown:
            continue
        values = [float(r[value]) for r in shown]
        plus, minus = error_arrays(
            pd.DataFrame(
                {
                    "value": values,
                    "lower_ci_95": [r.get(lower) for r in shown],
                    "upper_ci_95": [r.get(upper) for r in shown],
                }
            )
        )
        hover = []
        for r, v in zip(shown, values, strict=True):
            interval = format_interval(r.get(lower), r.get(upper), measure_type)
            text = f"{v:,.{decimals}f}{value_suffix}"
            text += f" (95% CI {interval})" if interval else ""
            extra = r.get(note) if note else None
            if extra is not None and not pd.isna(extra):
                text += f"; {extra}"
            hover.append(f"{r[row]}" + (f" — {name}" if name else "") + f": {text}")
        marker: dict[str, Any] = {"symbol": symbol, "size": 12, "color": colour}
        if symbol != "x":
            marker["line"] = {"color": "#1A1A1A", "width": 1}
        fig.add_trace(
            go.Scatter(
                x=values,
                y=[centre[r[row]] + offsets[index] for r in shown],
                mode="markers",
                name=name or "Value",
                showlegend=bool(name),
                marker=marker,
                error_x=error_bars(plus, minus, colour=colour, thickness=1.8, width=4),
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )

    top, bottom = 0.5, -(len(rows) - 1) - 0.5
    for line in reference_lines:
        colour = BENCHMARK_COLOUR
        if line.series in names:
            colour = series_style(names.index(line.series))[0]
        fig.add_trace(
            go.Scatter(
                x=[line.x, line.x],
                y=[bottom, top],
                mode="lines",
                name=line.label,
                line={"color": colour, "width": 2, "dash": line.dash},
                hoverinfo="name",
            )
        )

    for label, missing in unshown.items():
        for words in dict.fromkeys(w for _, w in missing):
            who = [name for name, w in missing if w == words and name]
            text = f"{words}: {', '.join(who)}" if len(names) > 1 and who else words
            side_notes.append((centre[label] - (0.18 if words == NO_DATA_TEXT else 0), text))
    note_rows(fig, side_notes, x=1.01)

    fig.update_yaxes(
        tickvals=[centre[label] for label in rows],
        ticktext=[wrap_label(label) for label in rows],
        range=[bottom, top],
        showgrid=False,
        zeroline=False,
    )
    if log_x:
        fig.update_xaxes(type="log", **ratio_ticks(*(x_range or (0.0, math.inf))))
    if x_range is not None:
        low, high = x_range
        fig.update_xaxes(range=[math.log10(low), math.log10(high)] if log_x else [low, high])
    lines = max(wrap_label(label).count("<br>") + 1 for label in rows)
    per_row = max(ROW_HEIGHT + 14 * (len(names) - 1), 18 * lines + 8)
    height = int(max(260, 150 + per_row * len(rows)))
    fig = style(fig, height=height, x_title=x_title)
    longest = max((len(text) for _, text in side_notes), default=0)
    fig.update_layout(margin={"r": 30 + min(260, 7 * longest)})
    return fig
