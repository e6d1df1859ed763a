"""A work stream's KPI summary: direction of change, overdue actions, the table and the
download, with suppressed values shown and exported as words."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.components.work_stream_summary import changes_list, kpi_summary_table
from dashboard.tables.downloads import for_download
from dashboard.tables.work_stream_summary import change_direction, is_overdue, kpi_download, kpi_summary, target_words
from tests.dashboard.component_tree import text

TODAY = dt.date(2026, 11, 25)
KPIS = pd.DataFrame(
    {
        "indicator_id": ["K1", "K2", "K3"],
        "title": ["Staff feeling valued", "Disciplinary likelihood", "Board members"],
        "short_title": ["Valued", "Disciplinary", "Board"],
        "outcome_title": ["Outcome A", "Outcome A", "Outcome B"],
        "measure_type": ["proportion", "ratio", "proportion"],
        "unit": ["%", "x", "%"],
        "polarity": ["high_is_good", "low_is_good", "high_is_good"],
        "target": [60.0, None, 5.0],
        "target_lower": [None, 0.8, None],
        "target_upper": [None, 1.25, None],
        "lead_role": ["Chief People Officer"] * 3,
    }
)


def _headline(kid, area, rank, value, **extra):
    row = {
        "indicator_id": kid,
        "area_code": area,
        "period_rank": rank,
        "breakdown": "all",
        "group_code": "all",
        "period": "2024/25" if rank == 1 else "2023/24",
        "value": value,
        "lower_ci_95": value and value - 1,
        "upper_ci_95": value and value + 1,
        "suppressed": value is None,
        "rag": "red",
        "trend": "increasing",
        "comparison": "similar",
        "change_since_previous": None,
        "numerator": 5,
        "denominator": 10,
        "suppression_reason": None,
    }
    row.update(extra)
    return row


@pytest.fixture
def summary() -> pd.DataFrame:
    values = pd.DataFrame(
        [
            _headline("K1", "L", 1, 55.0, change_since_previous=2.0),
            _headline("K1", "L", 2, 53.0),
            _headline("K1", "GM", 1, 57.0),
            _headline("K2", "L", 1, 1.4, change_since_previous=0.1, rag="red"),
            _headline("K2", "L", 2, 1.3),
            _headline("K2", "GM", 1, None),
            _headline("K3", "L", 1, None, numerator=None, denominator=None),
            _headline("K3", "L", 2, 4.0),
        ]
    )
    actions = pd.DataFrame(
        [
            ("A1", "K2", "Review cases", "at risk", "Chief People Officer", pd.Timestamp("2026-09-30"), None),
            ("A2", "K2", "Train panels", "complete", "Chief People Officer", pd.Timestamp("2026-01-31"), None),
        ],
        columns=["action_id", "indicator_id", "title", "status", "owner_role", "due_date", "last_updated"],
    )
    return kpi_summary(KPIS, values, actions, area_code="L", benchmark_code="GM")


@pytest.mark.parametrize(
    ("change", "polarity", "kwargs", "expected"),
    [
        (2.0, "high_is_good", {}, "better"),
        (2.0, "low_is_good", {}, "worse"),
        (-0.5, "low_is_good", {}, "better"),
        (0.0, "high_is_good", {}, "no change"),
        (1.0, "no_judgement", {}, "changed"),
        (None, "high_is_good", {}, "not comparable"),
        (1.0, "high_is_good", {"suppressed": True}, "not comparable"),
        (1.0, "high_is_good", {"previous_missing": True}, "not comparable"),
    ],
)
def test_change_direction(change, polarity, kwargs, expected):
    assert change_direction(change, polarity, **kwargs) == expected


def test_overdue_only_when_past_due_and_not_complete():
    assert is_overdue({"status": "at risk", "due_date": pd.Timestamp("2026-09-30")}, TODAY)
    assert not is_overdue({"status": "complete", "due_date": pd.Timestamp("2026-01-31")}, TODAY)
    assert not is_overdue({"status": "on track", "due_date": pd.Timestamp("2027-01-31")}, TODAY)
    assert not is_overdue({"status": "on track", "due_date": None}, TODAY)


def test_summary_reads_change_against_polarity_and_hides_suppressed(summary):
    rows = summary.set_index("indicator_id")
    assert rows.loc["K1", "change_direction"] == "better"
    assert rows.loc["K2", "change_direction"] == "worse"  # a relative likelihood rising is worse
    assert rows.loc["K3", "change_direction"] == "not comparable"
    assert rows.loc["K1", "gm_value"] == 57.0 and pd.isna(rows.loc["K2", "gm_value"])
    assert [a["action_id"] for a in rows.loc["K2", "actions"]] == ["A2", "A1"]  # by due date
    assert target_words(rows.loc["K2"].to_dict()) == "Target 0.80 to 1.25"


def test_table_shows_words_for_status_and_overdue(summary):
    table = kpi_summary_table(
        summary, area_name="Bury", benchmark_name="Greater Manchester", show_benchmark=True, today=TODAY, caption="KPIs"
    )
    shown = text(table)
    assert "Greater Manchester (95% CI)" in shown
    assert "Suppressed" in shown and "Overdue" in shown
    assert "got better" in shown and "got worse" in shown
    assert "Not assessed" in shown  # K3's target status while its value is suppressed


def test_changes_list_groups_kpis_by_direction(summary):
    out = changes_list(summary)
    ids = [section.id for section in out.children]
    assert ids == ["work-streams-changes-worse", "work-streams-changes-better", "work-streams-changes-not-comparable"]
    shown = text(out)
    assert "53.0% in 2023/24 → 55.0% in 2024/25 (+2.0 points)" in shown


def test_download_has_words_not_numbers_where_suppressed(summary):
    frame = for_download(kpi_download(summary.assign(area_name="Bury"), TODAY)).set_index("indicator_id")
    assert frame.loc["K3", "value"] == "suppressed" and frame.loc["K3", "numerator"] == "suppressed"
    assert frame.loc["K2", "greater_manchester_value"] == "suppressed"
    assert frame.loc["K1", "previous_value"] == 53.0
    assert "(overdue)" in frame.loc["K2", "action_plans"]


def test_a_kpi_with_no_rows_in_the_area_says_no_data():
    values = pd.DataFrame([_headline("K1", "GM", 1, 57.0)])
    actions = pd.DataFrame(columns=["action_id", "indicator_id", "title", "status", "owner_role", "due_date"])
    summary = kpi_summary(KPIS, values, actions, area_code="L", benchmark_code="GM")
    assert set(summary["change_direction"]) == {"not comparable"}
    table = kpi_summary_table(
        summary, area_name="Bury", benchmark_name="Greater Manchester", show_benchmark=True, today=TODAY
    )
    shown = text(table)
    assert shown.count("No data") >= 3 and "No action plan" in shown
