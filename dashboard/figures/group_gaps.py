"""Gaps to the reference group across every characteristic of a KPI, for the work-stream page.

`gap_figure` draws one compact dot chart per KPI: each group's value with its 95% CI, grouped
by characteristic, with the reference group's value marked by a dashed line across its own
characteristic (each characteristic has its own reference group). `gap_rows` lines up each
group's latest row with its reference group and last period's gap; `widest_gaps` ranks the
groups significantly worse than their reference group. Markers, words and table columns are
those of `indicator_breakdown`, so the KPI detail page and this one read the same way.

Pure: rows as `dashboard.warehouse.work_stream_values` returns them in; no queries.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import empty_figure, error_arrays, note_rows, style
from dashboard.figures.indicator_breakdown import MARKER_OUTLINE, REFERENCE, UNKNOWN
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT
from dashboard.style.palette import BENCHMARK_COLOUR, comparison_swatch
from dashboard.tables.cells import value_with_interval
from dashboard.tables.group_gaps import _missing, format_gap
from dashboard.tables.indicator_breakdown import COMPARISON_WORDS, group_axis_label, group_measure_type, group_status

ROW_HEIGHT = 26  # pixels per group row
KIND_ORDER = ("reference", "better", "similar", "worse", "higher", "lower", "not compared", "unknown")


def _sorted_groups(df: pd.DataFrame) -> pd.DataFrame:
    """Group rows (no headline) in characteristic, then group, order."""
    rows = df[df["breakdown"] != "all"].copy()
    for column, default in (("breakdown_sort_order", 999), ("group_sort_order", 999)):
        if column not in rows.columns:
            rows[column] = default
    # Intersections have no lookup order: reference group first, "Not stated" / "Not known" last.
    intersection = rows["breakdown"].str.contains("*", regex=False)
    reference = rows["is_reference_group"].fillna(False).astype(bool)
    rows["_reference_last"] = (intersection & ~reference).astype(int)
    rows["_unknown_last"] = rows["is_unknown"].fillna(False).astype(bool).astype(int)
    rows = rows.sort_values(
        ["breakdown_sort_order", "breakdown", "_unknown_last", "_reference_last", "group_sort_order", "group_code"],
        kind="stable",
    )
    return rows.drop(columns=["_reference_last", "_unknown_last"])


def _marker(kind: str) -> tuple[str, dict[str, Any]]:
    """Legend name and Plotly marker of one kind of group (as on the KPI detail page)."""
    if kind == "reference":
        name, symbol, colour = REFERENCE
        return name, {"symbol": symbol, "size": 11, "color": colour}
    if kind == "unknown":
        name, symbol, colour = UNKNOWN
        return name, {"symbol": symbol, "size": 11, "color": colour}
    swatch = comparison_swatch(kind)
    marker: dict[str, Any] = {"symbol": swatch.marker, "size": 12, "color": swatch.background}
    if swatch.marker == "x":
        marker["line"] = {"color": swatch.background, "width": 1}
    elif not swatch.marker.endswith("open"):
        marker["line"] = MARKER_OUTLINE
    return COMPARISON_WORDS.get(kind, kind.capitalize()), marker


def _hover(row: dict[str, Any], measure_type: str | None, unit: str | None) -> str:
    text = f"{row.get('breakdown_label')}: {row.get('group_label')}<br>"
    text += value_with_interval(row, measure_type, unit)
    gap = row.get("gap_to_reference")
    if group_status(row) not in ("reference", "unknown", "suppressed") and not _missing(gap):
        text += f"<br>Gap to reference group: {format_gap(gap, measure_type)}"
    return text


def gap_figure(
    df: pd.DataFrame,
    *,
    measure_type: str | None = None,
    unit: str | None = None,
    x_title: str | None = None,
) -> go.Figure:
    """Dot chart of one KPI's groups (latest period, one area) for every characteristic it is
    broken down by; `df` holds that KPI's rows (the headline row is left out)."""
    rows_df = _sorted_groups(df)
    if rows_df.empty:
        return empty_figure("This KPI is not broken down by characteristic")
    group_type = group_measure_type(measure_type)
    rows = rows_df.to_dict("records")

    # y positions: a header line per characteristic, then its groups; top to bottom.
    positions: list[int] = []
    tick_values: list[int] = []
    tick_text: list[str] = []
    blocks: list[tuple[str, int, int]] = []  # (breakdown, first y, last y)
    y = 0
    previous = None
    for row in rows:
        if row["breakdown"] != previous:
            if previous is not None:
                y += 1
            tick_values.append(y)
            tick_text.append(f"<b>{row.get('breakdown_label') or row['breakdown']}</b>")
            blocks.append((row["breakdown"], y + 1, y + 1))
            previous = row["breakdown"]
            y += 1
        positions.append(y)
        tick_values.append(y)
        tick_text.append(group_axis_label(row))
        blocks[-1] = (blocks[-1][0], blocks[-1][1], y)
        y += 1

    fig = go.Figure()
    kinds: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        kinds.setdefault(group_status(row), []).append(index)
    for kind in sorted(kinds, key=lambda k: KIND_ORDER.index(k) if k in KIND_ORDER else 99):
        if kind == "suppressed":
            continue
        indexes = [i for i in kinds[kind] if not _missing(rows[i].get("value"))]
        if not indexes:
            continue
        part = rows_df.iloc[indexes]
        upper, lower = error_arrays(part)
        name, marker = _marker(kind)
        fig.add_trace(
            go.Scatter(
                x=part["value"].tolist(),
                y=[positions[i] for i in indexes],
                mode="markers",
                name=name,
                marker=marker,
                error_x={
                    "type": "data",
                    "array": upper,
                    "arrayminus": lower,
                    "visible": True,
                    "color": "#4D4D4D",
                    "thickness": 1.5,
                    "width": 4,
                },
                hovertext=[_hover(rows[i], group_type, unit) for i in indexes],
                hoverinfo="text",
            )
        )

    # The reference group's value, drawn across the rows of its own characteristic.
    drawn_reference_line = False
    for breakdown, first, last in blocks:
        reference = next((r for r in rows if r["breakdown"] == breakdown and group_status(r) == "reference"), None)
        if reference is None or _missing(reference.get("value")):
            continue
        value = float(reference["value"])
        fig.add_trace(
            go.Scatter(
                x=[value, value],
                y=[first - 0.45, last + 0.45],
                mode="lines",
                line={"color": BENCHMARK_COLOUR, "dash": "dash", "width": 1.5},
                name="Reference group's value",
                legendgroup="reference-line",
                showlegend=not drawn_reference_line,
                hoverinfo="skip",
            )
        )
        drawn_reference_line = True

    notes = []
    for index, row in enumerate(rows):
        status = group_status(row)
        if status == "suppressed" or _missing(row.get("value")):
            notes.append((positions[index], SUPPRESSED_TEXT if status == "suppressed" else NO_DATA_TEXT))
    note_rows(fig, notes)

    fig.update_yaxes(
        tickmode="array",
        tickvals=tick_values,
        ticktext=tick_text,
        range=[y - 0.4, -0.6],
        showgrid=False,
        zeroline=False,
    )
    title = x_title or "Value for each group"
    return style(fig, height=max(200, 110 + ROW_HEIGHT * (y + 1)), x_title=title)
