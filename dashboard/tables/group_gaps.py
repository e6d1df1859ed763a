"""Gaps to the reference group as display tables: each group's gap per KPI, the widest gaps, the overview."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value
from dashboard.style.palette import trend_text
from dashboard.tables.indicator_breakdown import breakdown_table, group_measure_type, group_status
from dashboard.warehouse.conventions import is_true

KEYS = ["indicator_id", "area_code", "breakdown", "group_code"]


def format_gap(gap: Any, measure_type: str | None) -> str:
    """A gap with its sign and unit: "+3.1 points" for percentages, "-0.37" otherwise."""
    if _missing(gap):
        return NO_DATA_TEXT
    text = f"{float(gap):+,.{2 if measure_type in ('ratio', 'mean_score') else 1}f}"
    return f"{text} points" if measure_type in ("proportion", "share") else text


def gap_rows(values: pd.DataFrame, kpis: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Every group row of the latest period at `area_code`, with its KPI, its reference
    group's label and value, and last period's gap (blank when either is suppressed)."""
    rows = values[(values["area_code"] == area_code) & (values["breakdown"] != "all")]
    latest = rows[rows["period_rank"] == 1]
    previous = rows[rows["period_rank"] == 2][[*KEYS, "period", "gap_to_reference", "suppressed"]]
    previous = previous.rename(
        columns={"period": "previous_period", "gap_to_reference": "previous_gap", "suppressed": "previous_suppressed"}
    )
    reference = latest[latest["is_reference_group"].fillna(False).astype(bool)]
    reference = reference[["indicator_id", "area_code", "breakdown", "group_label", "value", "suppressed"]].rename(
        columns={"group_label": "reference_label", "value": "reference_value", "suppressed": "reference_suppressed_row"}
    )
    framework = kpis[
        ["indicator_id", "title", "short_title", "measure_type", "unit", "polarity", "outcome_title", "sort_order"]
    ].rename(columns={"sort_order": "kpi_sort_order"})
    out = (
        latest.merge(previous, on=KEYS, how="left")
        .merge(reference, on=["indicator_id", "area_code", "breakdown"], how="left")
        .merge(framework, on="indicator_id", how="left")
    )
    hidden = out["reference_suppressed_row"].fillna(False).astype(bool)
    out.loc[hidden, "reference_value"] = None
    out["previous_suppressed"] = out["previous_suppressed"].astype("boolean").fillna(False)
    out.loc[out["previous_suppressed"].astype(bool), "previous_gap"] = None
    return out.drop(columns=["reference_suppressed_row"])


def significant_gap(rows: pd.DataFrame) -> pd.Series:
    """The marts' `is_significant_gap` (a group significantly worse than its reference group,
    or the compared group of a relative likelihood whose whole CI is outside the band)."""
    flag = rows["comparison"] == "worse"
    if "is_significant_gap" in rows.columns:
        flag = flag | rows["is_significant_gap"].astype("boolean").fillna(False).astype(bool)
    return flag


def widest_gaps(gaps: pd.DataFrame) -> pd.DataFrame:
    """Groups significantly worse than their reference group, widest first.

    KPIs come in different units, so the ranking uses the ratio to the reference group (how
    many times higher or lower, either way), then the size of the gap.
    """
    worse = gaps[
        significant_gap(gaps)
        & ~gaps["suppressed"].fillna(False).astype(bool)
        & ~gaps["is_reference_group"].fillna(False).astype(bool)
    ].copy()
    ratio = pd.to_numeric(worse["ratio_to_reference"], errors="coerce")
    worse["_size"] = ratio.where(ratio > 0).map(lambda r: abs(math.log(r)), na_action="ignore")
    worse["_gap"] = pd.to_numeric(worse["gap_to_reference"], errors="coerce").abs()
    worse = worse.sort_values(["_size", "_gap"], ascending=False, na_position="last", kind="stable")
    worse.insert(0, "rank", range(1, len(worse) + 1))
    return worse.drop(columns=["_size", "_gap"]).reset_index(drop=True)


def gap_table(gaps: pd.DataFrame, *, with_kpi: bool = False) -> pd.DataFrame:
    """Text for a table of group rows: the KPI-detail columns, plus the characteristic, the
    reference group, the group's own trend and last period's gap."""
    columns = (
        (["Rank", "KPI"] if with_kpi else [])
        + [
            "Characteristic",
            "Group",
            "Value",
            "95% CI",
            "Reference group",
            "Gap to reference",
            "Ratio to reference (95% CI)",
        ]
        + ([] if with_kpi else ["Compared with reference"])
        + ["Trend of this group", "Gap last period"]
    )
    if gaps.empty:
        return pd.DataFrame(columns=columns)
    texts = {}
    for _, rows in gaps.groupby("indicator_id", sort=False):
        first = rows.iloc[0]
        table = breakdown_table(
            rows, measure_type=group_measure_type(first.get("measure_type")), unit=first.get("unit")
        )
        texts.update(zip(rows.index, table.to_dict("records"), strict=True))
    out = []
    for index, row in zip(gaps.index, gaps.to_dict("records"), strict=True):
        text = texts[index]
        measure = group_measure_type(row.get("measure_type"))
        arrow, words = trend_text(row.get("trend"), row.get("polarity"))
        out.append(
            {
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
            }
        )
    return pd.DataFrame(out, columns=columns)


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
            widest_text = (
                f"{top['group_label']} ({top['breakdown_label']}): {format_gap(top['gap_to_reference'], measure)}"
            )
            arrow, words = trend_text(top.get("trend"), top.get("polarity"))
            trend = f"{arrow} {words}"
        out.append(
            {
                "KPI": kpi.get("short_title") or kpi["title"],
                "Period": str(rows[0]["period"]),
                "Characteristics": ", ".join(dict.fromkeys(str(r["breakdown_label"]) for r in rows)),
                "Groups compared": str(compared),
                "Significantly worse": str(int(significant_gap(pd.DataFrame(rows)).sum())),
                "Suppressed groups": str(statuses.count("suppressed")),
                "Widest significant gap": widest_text,
                "Trend of that group": trend,
            }
        )
    return pd.DataFrame(out)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


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
