"""Gaps to the reference group: the dot chart, the rows behind it and the widest-gap ranking."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.figures.group_gaps import gap_figure
from dashboard.tables.group_gaps import format_gap, gap_rows, gap_table, widest_gaps

KPIS = pd.DataFrame(
    [
        ("K1", "Staff feeling valued", "Valued", "proportion", "%", "high_is_good", "O1", 1),
        ("K2", "Disciplinary likelihood", "Disciplinary", "ratio", "x", "low_is_good", "O1", 2),
    ],
    columns=["indicator_id", "title", "short_title", "measure_type", "unit", "polarity", "outcome_title", "sort_order"],
)


def _row(kid, rank, breakdown, group, value, **extra):
    base = {
        "indicator_id": kid,
        "period": "2024/25" if rank == 1 else "2023/24",
        "period_rank": rank,
        "area_code": "GM",
        "work_stream": "all",
        "breakdown": breakdown,
        "group_code": group,
        "group_label": group.title(),
        "breakdown_label": breakdown.title(),
        "breakdown_sort_order": 1,
        "group_sort_order": 1,
        "is_unknown": group in ("Z", "99"),
        "is_reference_group": False,
        "value": value,
        "lower_ci_95": None if value is None else value - 1,
        "upper_ci_95": None if value is None else value + 1,
        "gap_to_reference": None,
        "ratio_to_reference": None,
        "ratio_lower_ci_95": None,
        "ratio_upper_ci_95": None,
        "comparison": "not compared",
        "trend": "no significant change",
        "suppressed": False,
        "suppression_reason": None,
        "numerator": 10,
        "denominator": 100,
        "reference_suppressed": False,
    }
    base.update(extra)
    return base


@pytest.fixture
def values() -> pd.DataFrame:
    rows = [
        _row("K1", 1, "all", "all", 50.0),
        _row("K1", 1, "sex", "m", 60.0, is_reference_group=True, gap_to_reference=0.0, ratio_to_reference=1.0),
        _row(
            "K1",
            1,
            "sex",
            "f",
            45.0,
            comparison="worse",
            gap_to_reference=-15.0,
            ratio_to_reference=0.75,
            ratio_lower_ci_95=0.7,
            ratio_upper_ci_95=0.8,
            trend="increasing",
        ),
        _row(
            "K1",
            1,
            "disability",
            "y",
            40.0,
            comparison="worse",
            gap_to_reference=-10.0,
            ratio_to_reference=0.8,
            breakdown_sort_order=2,
        ),
        _row("K1", 1, "disability", "n", 50.0, is_reference_group=True, breakdown_sort_order=2),
        _row("K1", 1, "disability", "Z", None, suppressed=True, breakdown_sort_order=2, suppression_reason="primary"),
        _row("K1", 2, "sex", "f", 44.0, gap_to_reference=-14.0),
        _row("K1", 2, "disability", "y", None, suppressed=True),
        _row("K2", 1, "ethnicity", "bme", 1.5, comparison="worse", gap_to_reference=0.6, ratio_to_reference=2.5),
        _row("K2", 1, "ethnicity", "white", 0.6, is_reference_group=True),
    ]
    return pd.DataFrame(rows)


def test_gap_rows_line_up_reference_and_last_periods_gap(values):
    gaps = gap_rows(values, KPIS, "GM").set_index(["indicator_id", "group_code"])
    assert "all" not in gaps.index.get_level_values("group_code")
    female = gaps.loc[("K1", "f")]
    assert female["reference_label"] == "M" and female["reference_value"] == 60.0
    assert female["previous_gap"] == -14.0 and female["previous_period"] == "2023/24"
    disabled = gaps.loc[("K1", "y")]
    assert disabled["previous_suppressed"] and pd.isna(disabled["previous_gap"])


def test_widest_gaps_rank_by_ratio_across_units(values):
    widest = widest_gaps(gap_rows(values, KPIS, "GM"))
    assert list(zip(widest["indicator_id"], widest["group_code"], strict=True)) == [
        ("K2", "bme"),
        ("K1", "f"),
        ("K1", "y"),
    ]
    assert list(widest["rank"]) == [1, 2, 3]


def test_gap_table_says_suppressed_and_the_trend_in_words(values):
    table = gap_table(gap_rows(values, KPIS, "GM"))
    by_group = table.set_index("Group")
    assert by_group.loc["Y", "Gap last period"] == "Suppressed"
    assert by_group.loc["F", "Trend of this group"] == "↑ Increasing: getting better"
    assert by_group.loc["F", "Reference group"] == "M: 60.0%"
    unknown = table[table["Group"].str.contains("unknown")]
    assert (unknown["Value"] == "Suppressed").all()
    assert "45.0" not in " ".join(unknown.astype(str).to_numpy().ravel())


def test_gap_figure_draws_groups_with_cis_and_reference_lines_not_suppressed_numbers(values):
    rows = gap_rows(values, KPIS, "GM")
    fig = gap_figure(rows[rows["indicator_id"] == "K1"], measure_type="proportion", unit="%")
    names = [t.name for t in fig.data]
    assert "Reference group" in names and "Worse than the reference group" in names
    lines = [t for t in fig.data if t.name == "Reference group's value"]
    assert len(lines) == 2  # one per characteristic
    assert sum(1 for t in lines if t.showlegend) == 1
    worse = next(t for t in fig.data if t.name == "Worse than the reference group")
    assert worse.error_x.array is not None and len(worse.x) == 2
    assert any(a.text == "Suppressed" for a in fig.layout.annotations)
    assert "<b>Sex</b>" in fig.layout.yaxis.ticktext and "<b>Disability</b>" in fig.layout.yaxis.ticktext
    dumped = json.dumps(fig.to_plotly_json(), default=str)
    assert "primary" not in dumped


def test_gap_figure_without_breakdowns_says_so():
    fig = gap_figure(pd.DataFrame([_row("K1", 1, "all", "all", 5.0)]), measure_type="proportion")
    assert "not broken down" in fig.layout.annotations[0].text


def test_format_gap():
    assert format_gap(-15.04, "proportion") == "-15.0 points"
    assert format_gap(0.6, "ratio") == "+0.60"
    assert format_gap(None, "proportion") == "No data"
