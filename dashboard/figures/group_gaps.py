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

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import empty_figure, error_arrays, is_true, note_rows, style, value_with_interval
from dashboard.figures.indicator_breakdown import (
    COMPARISON_WORDS,
    MARKER_OUTLINE,
    REFERENCE,
    UNKNOWN,
    breakdown_table,
    group_axis_label,
    group_measure_type,
    group_status,
)
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value
from dashboard.style.palette import BENCHMARK_COLOUR, comparison_swatch, trend_text

ROW_HEIGHT = 26  # pixels per group row
KIND_ORDER = ("reference", "better", "similar", "worse", "higher", "lower", "not compared", "unknown")
KEYS = ["indicator_id", "area_code", "breakdown", "group_code"]


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


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_gap(gap: Any, measure_type: str | None) -> str:
    """A gap with its sign and unit: "+3.1 points" for percentages, "-0.37" otherwise."""
    if _missing(gap):
        return NO_DATA_TEXT
    text = f"{float(gap):+,.{2 if measure_type in ('ratio', 'mean_score') else 1}f}"
    return f"{text} points" if measure_type in ("proportion", "share") else text


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
        fig.add_trace(go.Scatter(
            x=part["value"].tolist(), y=[positions[i] for i in indexes], mode="markers",
            name=name, marker=marker,
            error_x={"type": "data", "array": upper, "arrayminus": lower, "visible": True,
                     "color": "#4D4D4D", "thickness": 1.5, "width": 4},
            hovertext=[_hover(rows[i], group_type, unit) for i in indexes], hoverinfo="text",
        ))  # fmt: skip

    # The reference group's value, drawn across the rows of its own characteristic.
    drawn_reference_line = False
    for breakdown, first, last in blocks:
        reference = next((r for r in rows if r["breakdown"] == breakdown
                          and group_status(r) == "reference"), None)  # fmt: skip
        if reference is None or _missing(reference.get("value")):
            continue
        value = float(reference["value"])
        fig.add_trace(go.Scatter(
            x=[value, value], y=[first - 0.45, last + 0.45], mode="lines",
            line={"color": BENCHMARK_COLOUR, "dash": "dash", "width": 1.5},
            name="Reference group's value", legendgroup="reference-line",
            showlegend=not drawn_reference_line, hoverinfo="skip",
        ))  # fmt: skip
        drawn_reference_line = True

    notes = []
    for index, row in enumerate(rows):
        status = group_status(row)
        if status == "suppressed" or _missing(row.get("value")):
            notes.append((positions[index], SUPPRESSED_TEXT if status == "suppressed" else NO_DATA_TEXT))
    note_rows(fig, notes)

    fig.update_yaxes(tickmode="array", tickvals=tick_values, ticktext=tick_text,
                     range=[y - 0.4, -0.6], showgrid=False, zeroline=False)  # fmt: skip
    title = x_title or "Value for each group"
    return style(fig, height=max(200, 110 + ROW_HEIGHT * (y + 1)), x_title=title)


def gap_rows(values: pd.DataFrame, kpis: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Every group row of the latest period at `area_code`, with its KPI, its reference
    group's label and value, and last period's gap (blank when either is suppressed)."""
    rows = values[(values["area_code"] == area_code) & (values["breakdown"] != "all")]
    latest = rows[rows["period_rank"] == 1]
    previous = rows[rows["period_rank"] == 2][[*KEYS, "period", "gap_to_reference", "suppressed"]]
    previous = previous.rename(columns={"period": "previous_period",
                                        "gap_to_reference": "previous_gap",
                                        "suppressed": "previous_suppressed"})  # fmt: skip
    reference = latest[latest["is_reference_group"].fillna(False).astype(bool)]
    reference = reference[["indicator_id", "area_code", "breakdown", "group_label", "value",
                           "suppressed"]].rename(columns={
        "group_label": "reference_label", "value": "reference_value",
        "suppressed": "reference_suppressed_row"})  # fmt: skip
    framework = kpis[["indicator_id", "title", "short_title", "measure_type", "unit", "polarity",
                      "outcome_title", "sort_order"]].rename(columns={"sort_order": "kpi_sort_order"})  # fmt: skip
    out = (latest.merge(previous, on=KEYS, how="left")
                 .merge(reference, on=["indicator_id", "area_code", "breakdown"], how="left")
                 .merge(framework, on="indicator_id", how="left"))  # fmt: skip
    hidden = out["reference_suppressed_row"].fillna(False).astype(bool)
    out.loc[hidden, "reference_value"] = None
    out["previous_suppressed"] = out["previous_suppressed"].astype("boolean").fillna(False)
    out.loc[out["previous_suppressed"].astype(bool), "previous_gap"] = None
    return out.drop(columns=["reference_suppressed_row"])


def widest_gaps(gaps: pd.DataFrame) -> pd.DataFrame:
    """Groups significantly worse than their reference group, widest first.

    KPIs come in different units, so the ranking uses the ratio to the reference group (how
    many times higher or lower, either way), then the size of the gap.
    """
    worse = gaps[(gaps["comparison"] == "worse") & ~gaps["suppressed"].fillna(False).astype(bool)
                 & ~gaps["is_reference_group"].fillna(False).astype(bool)].copy()  # fmt: skip
    ratio = pd.to_numeric(worse["ratio_to_reference"], errors="coerce")
    worse["_size"] = ratio.where(ratio > 0).map(lambda r: abs(math.log(r)), na_action="ignore")
    worse["_gap"] = pd.to_numeric(worse["gap_to_reference"], errors="coerce").abs()
    worse = worse.sort_values(["_size", "_gap"], ascending=False, na_position="last", kind="stable")
    worse.insert(0, "rank", range(1, len(worse) + 1))
    return worse.drop(columns=["_size", "_gap"]).reset_index(drop=True)


def gap_table(gaps: pd.DataFrame, *, with_kpi: bool = False) -> pd.DataFrame:
    """Text for a table of group rows: the KPI-detail columns, plus the characteristic, the
    reference group, the group's own trend and last period's gap."""
    columns = (["Rank", "KPI"] if with_kpi else []) + [
        "Characteristic", "Group", "Value", "95% CI", "Reference group", "Gap to reference",
        "Ratio to reference (95% CI)"] + ([] if with_kpi else ["Compared with reference"]) + [
        "Trend of this group", "Gap last period"]  # fmt: skip
    if gaps.empty:
        return pd.DataFrame(columns=columns)
    texts = {}
    for _, rows in gaps.groupby("indicator_id", sort=False):
        first = rows.iloc[0]
        table = breakdown_table(rows, measure_type=group_measure_type(first.get("measure_type")),
                                unit=first.get("unit"))  # fmt: skip
        texts.update(zip(rows.index, table.to_dict("records"), strict=True))
    out = []
    for index, row in zip(gaps.index, gaps.to_dict("records"), strict=True):
        text = texts[index]
        measure = group_measure_type(row.get("measure_type"))
        arrow, words = trend_text(row.get("trend"), row.get("polarity"))
        out.append({
            "Rank": str(row.get("rank", "")),
            "KPI": row.get("short_title") or row.get("title") or row["indicator_id"],
            "Characteristic": row.get("breakdown_label") or row["breakdown"],
            "Group": text["Group"],
            "Value": text["Value"],
            "95% CI": text["95% CI"],
            "Reference group": _reference_text(row, measure),
            "Gap to reference": text["Gap to reference"],
            "Ratio to reference (95% CI)": text["Ratio to reference (95% CI)"],
            "Compared with reference": text["Compared with reference"],
            "Trend of this group": f"{arrow} {words}",
            "Gap last period": _previous_gap_text(row, measure),
        })  # fmt: skip
    return pd.DataFrame(out, columns=columns)


def _reference_text(row: dict[str, Any], measure_type: str | None) -> str:
    reference = row.get("reference_label")
    if _missing(reference):
        return NO_DATA_TEXT
    if _missing(row.get("reference_value")):
        return f"{reference}: {SUPPRESSED_TEXT}"
    return f"{reference}: {format_value(row['reference_value'], measure_type, row.get('unit'))}"


def _previous_gap_text(row: dict[str, Any], measure_type: str | None) -> str:
    if is_true(row.get("previous_suppressed")):
        return SUPPRESSED_TEXT
    if _missing(row.get("previous_period")):
        return "No earlier period"
    return f"{format_gap(row.get('previous_gap'), measure_type)} ({row['previous_period']})"


def gap_overview(gaps: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """One line of text per KPI broken down by characteristic: how many groups were compared,
    how many are significantly worse, and the widest of those with its trend."""
    by_kpi: dict[str, list[dict[str, Any]]] = {}
    for row in gaps.to_dict("records"):
        by_kpi.setdefault(row["indicator_id"], []).append(row)
    widest_by_kpi: dict[str, dict[str, Any]] = {}
    for row in widest_gaps(gaps).to_dict("records"):
        widest_by_kpi.setdefault(row["indicator_id"], row)
    out = []
    for kpi in kpis.to_dict("records"):
        rows = by_kpi.get(kpi["indicator_id"])
        if not rows:
            continue
        statuses = [group_status(r) for r in rows]
        compared = sum(s in ("better", "similar", "worse", "higher", "lower") for s in statuses)
        top = widest_by_kpi.get(kpi["indicator_id"])
        if top is None:
            widest_text, trend = "None significantly worse", "–"
        else:
            measure = group_measure_type(kpi.get("measure_type"))
            widest_text = (f"{top['group_label']} ({top['breakdown_label']}): "
                           f"{format_gap(top['gap_to_reference'], measure)}")  # fmt: skip
            arrow, words = trend_text(top.get("trend"), top.get("polarity"))
            trend = f"{arrow} {words}"
        out.append({
            "KPI": kpi.get("short_title") or kpi["title"],
            "Period": str(rows[0]["period"]),
            "Characteristics": ", ".join(dict.fromkeys(str(r["breakdown_label"]) for r in rows)),
            "Groups compared": str(compared),
            "Significantly worse": str(statuses.count("worse")),
            "Suppressed groups": str(statuses.count("suppressed")),
            "Widest significant gap": widest_text,
            "Trend of that group": trend,
        })  # fmt: skip
    return pd.DataFrame(out)
