"""The patient-experience views: questions x characteristic x locality, with respondents.

- each group's % positive with its 95% CI and the number of respondents beside it (the
  shared breakdown chart, with counts added on the right);
- grids of % positive: every question by group, and every locality by group (cells for
  `dashboard.figures.grid_table`);
- one group's trend against all respondents.

Pure: rows of `indicator_values` (as `dashboard.warehouse` returns them) in; figures, cell frames
and text tables out. Suppressed rows never show a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import is_true, note_rows, value_with_interval
from dashboard.figures.indicator_breakdown import format_count, group_axis_label
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value

ALL_PEOPLE = "all"
ALL_LABEL = "All respondents"
TREND_GROUP, TREND_ALL = "group", "all"  # series keys of `trend_frame`


def respondents_text(row: Mapping[str, Any]) -> str:
    """ "n = 1,235" (respondents), "" when suppressed or unknown."""
    count = row.get("denominator")
    if is_true(row.get("suppressed")) or count is None or pd.isna(count):
        return ""
    return f"n = {format_count(count)}"


def add_respondent_counts(fig: go.Figure, groups: pd.DataFrame) -> go.Figure:
    """Write each group's respondent count at the right of its row of a breakdown chart
    (rows labelled as `group_axis_label` labels them), placed by their position on the
    category axis (see `category_axis`)."""
    positions = category_positions(list(fig.layout.yaxis.categoryarray or []))
    notes = []
    for row in groups.to_dict("records"):
        text = respondents_text(row)
        label = group_axis_label(row)
        if text and label in positions:
            notes.append((positions[label], text))
    note_rows(fig, notes, x=1.01)
    margin = dict(fig.layout.margin.to_plotly_json()) if fig.layout.margin else {}
    fig.update_layout(margin={**margin, "r": 110})
    return fig


def _cells(frame: pd.DataFrame, measure_type: str | None, unit: str | None) -> pd.DataFrame:
    """Add `column_label` (group, "All respondents" for everyone), `text`, `note` and a
    `status` that is the comparison with the reference group (none for everyone)."""
    out = frame.copy()
    is_all = out["group_code"] == ALL_PEOPLE
    out["column_label"] = out["group_label"].where(~is_all, ALL_LABEL)
    out["text"] = [
        format_value(r.get("value"), measure_type, unit, suppressed=is_true(r.get("suppressed")))
        for r in out.to_dict("records")
    ]
    out["note"] = [respondents_text(r) for r in out.to_dict("records")]
    out["status"] = out["comparison"].where(~is_all, None)
    out["shade"] = out["value"] if measure_type in ("proportion", "share") else float("nan")
    return out


def group_columns(frame: pd.DataFrame) -> list[str]:
    """Column labels: all respondents first, then groups in their lookup order."""
    groups = frame[frame["group_code"] != ALL_PEOPLE]
    groups = groups.sort_values(["group_sort_order", "group_code"], na_position="last")
    labels = list(dict.fromkeys(groups["group_label"]))
    return ([ALL_LABEL] if (frame["group_code"] == ALL_PEOPLE).any() else []) + labels


def questions_grid(values: pd.DataFrame, kpis: pd.DataFrame, measure_type: str | None = "proportion") -> pd.DataFrame:
    """Cells of the questions x groups grid: `row_label` is each KPI's short title."""
    titles = dict(zip(kpis["indicator_id"], kpis["short_title"].fillna(kpis["title"]),
                      strict=True))  # fmt: skip
    out = _cells(values[values["indicator_id"].isin(titles)], measure_type, None)
    out["row_label"] = out["indicator_id"].map(titles)
    for kpi in kpis.to_dict("records"):  # a mean score keeps its own unit
        if kpi.get("measure_type") != measure_type:
            mask = out["indicator_id"] == kpi["indicator_id"]
            out.loc[mask, "text"] = [
                format_value(
                    r.get("value"),
                    kpi.get("measure_type"),
                    kpi.get("unit"),
                    suppressed=is_true(r.get("suppressed")),
                )
                for r in out[mask].to_dict("records")
            ]
            out.loc[mask, "shade"] = float("nan")  # not on the same scale as the percentages
    return out


def localities_grid(
    values: pd.DataFrame, measure_type: str | None = "proportion", unit: str | None = None
) -> pd.DataFrame:
    """Cells of the localities x groups grid for one question: `row_label` is the area."""
    out = _cells(values, measure_type, unit)
    out["row_label"] = out["area_name"].fillna(out["area_code"])
    return out


def lowest_group(groups: pd.DataFrame) -> str | None:
    """The stated group with the lowest value (suppressed and unknown groups aside): the one
    the trend shows until someone picks a group."""
    known = groups[
        (groups["group_code"] != ALL_PEOPLE)
        & ~groups["is_unknown"].fillna(False).astype(bool)
        & ~groups["suppressed"].fillna(False).astype(bool)
        & groups["value"].notna()
    ]
    if known.empty:
        return None
    return str(known.sort_values("value", kind="stable")["group_code"].iloc[0])


def trend_frame(values: pd.DataFrame, group_code: str) -> pd.DataFrame:
    """One group's rows and everyone's rows over time, keyed in `area_code` as
    `TREND_GROUP` / `TREND_ALL` so the shared trend chart draws them as area and benchmark."""
    out = values[values["group_code"].isin([group_code, ALL_PEOPLE])].copy()
    out["area_code"] = [TREND_GROUP if g == group_code else TREND_ALL for g in out["group_code"]]
    return out.sort_values("period_sort", kind="stable").reset_index(drop=True)


def _respondents(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return NO_DATA_TEXT
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    return respondents_text(row).removeprefix("n = ") or NO_DATA_TEXT


def trend_table(frame: pd.DataFrame, group_label: str, measure_type: str | None, unit: str | None) -> pd.DataFrame:
    """Per period: the group's value (CI) and respondents, and all respondents' value."""
    rows = []
    for period, part in frame.groupby("period", sort=False):
        by_key = {r["area_code"]: r for r in part.to_dict("records")}
        mine, everyone = by_key.get(TREND_GROUP), by_key.get(TREND_ALL)
        rows.append(
            {
                "Period": period,
                f"{group_label} (95% CI)": (value_with_interval(mine, measure_type, unit) if mine else NO_DATA_TEXT),
                f"{group_label}: respondents": _respondents(mine),
                f"{ALL_LABEL} (95% CI)": (
                    value_with_interval(everyone, measure_type, unit) if everyone else NO_DATA_TEXT
                ),
                f"{ALL_LABEL}: respondents": _respondents(everyone),
            }
        )
    return pd.DataFrame(rows)
