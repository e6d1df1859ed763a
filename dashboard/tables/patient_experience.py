"""Patient experience as display frames: question x group grids, the trend frame and respondent counts in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value
from dashboard.tables.cells import value_with_interval
from dashboard.tables.indicator_breakdown import format_count
from dashboard.warehouse.conventions import is_true

TREND_GROUP, TREND_ALL = "group", "all"  # series keys of `trend_frame`
ALL_PEOPLE = "all"
ALL_LABEL = "All respondents"


def respondents_text(row: Mapping[str, Any]) -> str:
    """ "n = 1,235" (respondents), "" when suppressed or unknown."""
    count = row.get("denominator")
    if is_true(row.get("suppressed")) or count is None or pd.isna(count):
        return ""
    return f"n = {format_count(count)}"


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
    titles = dict(zip(kpis["indicator_id"], kpis["short_title"].fillna(kpis["title"]), strict=True))
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
