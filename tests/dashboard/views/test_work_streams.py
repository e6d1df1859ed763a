"""What the work-stream assurance page shows, read from the fixture warehouse: the chosen
characteristic's gaps, the widest gaps without left-out characteristics, the cards' counts
and the export's sheets."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.state.url_state import Filters
from dashboard.views import work_streams
from tests.dashboard.fixture_warehouse import GM

WIGAN = "E08000010"


def test_characteristic_filter_keeps_only_that_characteristics_gaps(app_context):
    view = work_streams.assurance(Filters(locality=GM, work_stream="workforce", characteristic="sex", query=""))
    assert set(view.gaps["breakdown"]) == {"sex"}
    assert view.characteristic_label == "Sex" and view.by_characteristic == " by sex"


def test_a_locality_is_compared_with_greater_manchester(app_context):
    view = work_streams.assurance(Filters(locality=WIGAN, work_stream="workforce", query=""))
    assert (view.benchmark_code, view.benchmark_name) == (GM, "Greater Manchester")
    assert view.area_name == "Wigan"


def test_leaving_a_characteristic_out_reranks_the_widest_gaps():
    widest = pd.DataFrame({"breakdown": ["age_band", "sex", "ethnic_group*sex"], "rank": [1, 2, 3]})
    kept = work_streams.without_characteristics(widest, ["sex"])
    assert list(kept["breakdown"]) == ["age_band"] and list(kept["rank"]) == [1]
    assert work_streams.without_characteristics(widest, []) is widest


def test_card_counts_agree_with_the_summary_and_the_widest_gaps(app_context):
    view = work_streams.assurance(Filters(locality=GM, work_stream="workforce", query=""))
    counts = work_streams.card_counts(view)
    assert counts.worse_groups == len(view.widest)
    assert counts.actions == len(view.actions) and 0 <= counts.overdue <= counts.actions
    assert 0 <= counts.red <= counts.with_target <= len(view.summary)


def test_the_export_has_a_sheet_for_each_table(app_context):
    view = work_streams.assurance(Filters(locality=GM, work_stream="workforce", query=""))
    sheets = work_streams.paper_tables(view)
    assert list(sheets) == ["KPIs", "Changes since previous", "Widest gaps", "Gaps by group", "Action plans"]
    assert ("Work stream", view.work_stream_name) in work_streams.about_rows(view)
    changes = sheets["Changes since previous"]
    assert "previous_suppressed" not in changes.columns


def test_a_kpi_is_getting_worse_only_when_its_trend_goes_against_its_better_direction():
    summary = pd.DataFrame(
        {
            "suppressed": [False, False, False, False, True],
            "period": ["2024/25"] * 5,
            "rag": ["red", "green", None, "amber", "red"],
            "trend": ["increasing", "decreasing", "increasing", "no_change", "increasing"],
            "polarity": ["low_is_good", "low_is_good", "no_polarity", "high_is_good", "low_is_good"],
        }
    )
    empty = pd.DataFrame()
    view = work_streams.Assurance(
        work_stream="w",
        work_stream_name="W",
        lead_role="Lead",
        area_code="A",
        area_name="A",
        benchmark_code=GM,
        benchmark_name="Greater Manchester",
        characteristic_label=None,
        kpis=empty,
        summary=summary,
        gaps=empty,
        widest=empty,
        actions=pd.DataFrame(columns=["status"]),
        today=dt.date(2025, 1, 1),
    )
    counts = work_streams.card_counts(view)
    assert counts.getting_worse == 1  # the suppressed row and the KPI with no better direction do not count
    assert (counts.red, counts.with_target) == (1, 3)
    assert (counts.overdue, counts.off_track, counts.actions) == (0, 0, 0)
