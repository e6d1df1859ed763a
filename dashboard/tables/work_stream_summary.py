"""A work stream's KPIs for its Director lead: latest value, target, trend, what changed since
the previous period and the action plans, as tables and lists an assurance paper can use.

`kpi_summary` lines up one row per KPI from the marts' rows (as `data.work_stream_values`
returns them) and the action plans; the other functions turn it into Dash HTML or into a
tidy frame for download. Nothing here computes a statistic: the change since the previous
period, the trend, the RAG status and the comparison all come from the marts; this module
only reads their direction against the KPI's polarity.

Pure: DataFrames in, Dash components or DataFrames out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dashboard.style.formatting import SUPPRESSED_TEXT, format_date, format_interval, format_value
from dashboard.tables.downloads import SUPPRESSED_WORD, download_columns
from dashboard.tables.group_gaps import format_gap
from dashboard.warehouse.conventions import is_true

# Action-plan statuses (from the framework) in words with a symbol; colour is not used.
ACTION_STATUS = {
    "complete": ("✔", "Complete"),
    "on track": ("●", "On track"),
    "at risk": ("◐", "At risk"),
    "off track": ("✖", "Off track"),
    "not started": ("○", "Not started"),
}
CHANGE_WORDS = {
    "better": ("▲", "Got better"),
    "worse": ("▼", "Got worse"),
    "changed": ("◆", "Changed (no judgement of better or worse)"),
    "no significant change": ("→", "No significant change"),
    "no change": ("→", "No change"),
    "not comparable": ("–", "Cannot compare with the previous period"),
}
CHANGE_ORDER = ("worse", "better", "changed", "no significant change", "no change", "not comparable")
# the marts' change_verdict (pipelines/judgements.py) -> the direction this summary groups by
VERDICT_DIRECTION = {
    "better": "better",
    "worse": "worse",
    "no significant change": "no significant change",
    "no change": "no change",
    "higher": "changed",
    "lower": "changed",
}


def change_direction(
    change: Any, polarity: str | None, *, suppressed: bool = False, previous_missing: bool = False
) -> str:
    """ "better", "worse", "changed" (no polarity), "no change" or "not comparable" for a mart
    `change_since_previous` read against the KPI's polarity."""
    if suppressed or previous_missing or change is None or pd.isna(change):
        return "not comparable"
    if abs(float(change)) < 1e-9:
        return "no change"
    if polarity not in ("high_is_good", "low_is_good"):
        return "changed"
    return "better" if (float(change) > 0) == (polarity == "high_is_good") else "worse"


def is_overdue(action: dict[str, Any], today: dt.date) -> bool:
    """An action not complete whose due date has passed."""
    due = action.get("due_date")
    if due is None or pd.isna(due) or (action.get("status") or "").lower() == "complete":
        return False
    return pd.Timestamp(due).date() < today


def kpi_summary(
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    actions: pd.DataFrame,
    *,
    area_code: str,
    benchmark_code: str,
) -> pd.DataFrame:
    """One row per KPI of the work stream (framework order): its latest and previous headline
    value at `area_code`, GM's latest value, and the direction of the change."""
    headline = values[values["breakdown"] == "all"]
    here = headline[headline["area_code"] == area_code]
    latest = here[here["period_rank"] == 1].drop(columns=["period_rank"])
    previous = here[here["period_rank"] == 2][["indicator_id", "period", "value", "suppressed", "rag"]].rename(
        columns={
            "period": "previous_period",
            "value": "previous_value",
            "suppressed": "previous_suppressed",
            "rag": "previous_rag",
        }
    )
    gm = headline[(headline["area_code"] == benchmark_code) & (headline["period_rank"] == 1)][
        ["indicator_id", "value", "lower_ci_95", "upper_ci_95", "suppressed"]
    ].rename(
        columns={
            "value": "gm_value",
            "lower_ci_95": "gm_lower_ci_95",
            "upper_ci_95": "gm_upper_ci_95",
            "suppressed": "gm_suppressed",
        }
    )
    wanted = [
        "indicator_id",
        "title",
        "short_title",
        "outcome_title",
        "measure_type",
        "unit",
        "polarity",
        "target",
        "target_lower",
        "target_upper",
        "lead_role",
    ]
    framework = kpis[[c for c in wanted if c in kpis.columns]].rename(columns={"target": "framework_target"})
    out = (
        framework.merge(latest, on="indicator_id", how="left")
        .merge(previous, on="indicator_id", how="left")
        .merge(gm, on="indicator_id", how="left")
    )
    for column in ("suppressed", "previous_suppressed", "gm_suppressed"):
        out[column] = out[column].astype("boolean").fillna(False).astype(bool)
    for column in ("period", "comparison", "rag", "trend", "previous_period", "previous_rag"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)  # a KPI with no rows here
    out.loc[out["previous_suppressed"], "previous_value"] = None
    out.loc[out["gm_suppressed"], ["gm_value", "gm_lower_ci_95", "gm_upper_ci_95"]] = None
    if "change_verdict" in out.columns:  # the marts' tested verdict: better / worse only when significant
        out["change_direction"] = [
            "not comparable"
            if r["suppressed"] or r["previous_suppressed"] or not isinstance(v, str)
            else VERDICT_DIRECTION.get(v, "not comparable")
            for r, v in zip(out.to_dict("records"), out["change_verdict"], strict=True)
        ]
    else:
        out["change_direction"] = [
            change_direction(
                r["change_since_previous"],
                r["polarity"],
                suppressed=r["suppressed"] or r["previous_suppressed"],
                previous_missing=pd.isna(r["previous_period"]),
            )
            for r in out.to_dict("records")
        ]
    plans: dict[str, list[dict[str, Any]]] = {}
    ordered = actions.sort_values(["due_date", "action_id"], na_position="last", kind="stable")
    for action in ordered.to_dict("records"):
        plans.setdefault(action["indicator_id"], []).append(action)
    out["actions"] = [plans.get(kid, []) for kid in out["indicator_id"]]
    return out


# --- text of one cell ------------------------------------------------------------------


def _value_text(row: dict[str, Any], prefix: str = "") -> str:
    if is_true(row.get(f"{prefix}suppressed")):
        return SUPPRESSED_TEXT
    value = row.get(f"{prefix}value")
    text = format_value(value, row.get("measure_type"), row.get("unit"))
    interval = format_interval(
        row.get(f"{prefix}lower_ci_95"), row.get(f"{prefix}upper_ci_95"), row.get("measure_type")
    )
    return f"{text} (95% CI {interval})" if interval else text


def change_text(row: dict[str, Any]) -> str:
    """ "+0.4 points since 2023/24: got better" (or why it cannot be compared)."""
    direction = row.get("change_direction", "not comparable")
    symbol, words = CHANGE_WORDS[direction]
    if direction == "not comparable":
        if row.get("period") is None:
            return f"{symbol} No data"
        if is_true(row.get("suppressed")) or is_true(row.get("previous_suppressed")):
            return f"{symbol} Not comparable: a value is suppressed"
        if pd.isna(row.get("previous_period")):
            return f"{symbol} No earlier period"
        return f"{symbol} Not comparable"
    if isinstance(row.get("change_words"), str):  # the marts' words: arrow = direction of the number
        return row["change_words"]
    change = format_gap(row.get("change_since_previous"), row.get("measure_type"))
    return f"{symbol} {change} since {row.get('previous_period')}: {words.lower()}"


def action_status(action: dict[str, Any]) -> tuple[str, str]:
    """(symbol, words) of an action plan's status; a status the framework does not list keeps
    its own words."""
    return ACTION_STATUS.get((action.get("status") or "").lower(), ("–", str(action.get("status") or "Unknown")))


def action_text(action: dict[str, Any]) -> str:
    symbol, words = action_status(action)
    return f"{symbol} {words} · {action.get('owner_role') or 'No owner'} · due {format_date(action.get('due_date'))}"


def target_words(row: dict[str, Any]) -> str:
    """ "Target 20.0%", "Target 0.80 to 1.25" (a range) or "No target set"."""
    measure, unit = row.get("measure_type"), row.get("unit")
    target, low, high = (row.get(k) for k in ("framework_target", "target_lower", "target_upper"))
    if target is not None and not pd.isna(target):
        return f"Target {format_value(target, measure, unit)}"
    if low is not None and high is not None and not pd.isna(low) and not pd.isna(high):
        return f"Target {format_value(low, measure, unit)} to {format_value(high, measure, unit)}"
    return "No target set"


def action_plan_table(actions: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Action plans as text, overdue ones flagged in words."""
    rows = []
    for action in actions.to_dict("records"):
        updated = action.get("last_updated")
        symbol, words = action_status(action)
        rows.append(
            {
                "Action": action.get("title") or "",
                "KPI": action.get("indicator_title") or action.get("indicator_id") or "",
                "Status": f"{symbol} {words}",
                "Owner": action.get("owner_role") or "No owner",
                "Due": format_date(action.get("due_date")),
                "Last updated": "Not recorded" if pd.isna(updated) else format_date(updated),
                "Overdue": "Overdue" if is_overdue(action, today) else "No",
            }
        )
    return pd.DataFrame(rows, columns=["Action", "KPI", "Status", "Owner", "Due", "Last updated", "Overdue"])


# --- tidy frames for downloads -----------------------------------------------------------

KPI_DOWNLOAD_COLUMNS = [
    "indicator_id",
    "title",
    "outcome_title",
    "lead_role",
    "area_code",
    "area_name",
    "period",
    "numerator",
    "denominator",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "comparison",
    "gm_value",
    "framework_target",
    "rag",
    "trend",
    "previous_period",
    "previous_value",
    "change_since_previous",
    "change_direction",
    "action_plans",
    "suppressed",
    "suppression_reason",
]


def kpi_download(summary: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The KPI table as numbers; hidden values say "suppressed" (with `for_download`)."""
    out = summary.copy()
    out["previous_value"] = out["previous_value"].astype(object)
    out.loc[out["previous_suppressed"], "previous_value"] = SUPPRESSED_WORD
    out["gm_value"] = out["gm_value"].astype(object)
    out.loc[out["gm_suppressed"], "gm_value"] = SUPPRESSED_WORD
    out["action_plans"] = [
        "; ".join(action_text(a) + (" (overdue)" if is_overdue(a, today) else "") for a in actions)
        for actions in out["actions"]
    ]
    return download_columns(out, KPI_DOWNLOAD_COLUMNS).rename(
        columns={"framework_target": "target", "gm_value": "greater_manchester_value"}
    )


GAP_DOWNLOAD_COLUMNS = [
    "rank",
    "indicator_id",
    "title",
    "area_code",
    "area_name",
    "period",
    "breakdown",
    "breakdown_label",
    "group_code",
    "group_label",
    "is_unknown",
    "is_reference_group",
    "numerator",
    "denominator",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "reference_label",
    "reference_value",
    "gap_to_reference",
    "ratio_to_reference",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "comparison",
    "trend",
    "previous_period",
    "previous_gap",
    "suppressed",
    "suppression_reason",
]


def gap_download(gaps: pd.DataFrame) -> pd.DataFrame:
    """Group rows as numbers; a suppressed earlier gap or reference value says so in words."""
    out = gaps.copy()
    out["previous_gap"] = out["previous_gap"].astype(object)
    out.loc[out["previous_suppressed"].astype(bool), "previous_gap"] = SUPPRESSED_WORD
    out["reference_value"] = out["reference_value"].astype(object)
    out.loc[out["reference_suppressed"].fillna(False).astype(bool), "reference_value"] = SUPPRESSED_WORD
    return download_columns(out, GAP_DOWNLOAD_COLUMNS)
