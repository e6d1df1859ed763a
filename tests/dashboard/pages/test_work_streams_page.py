"""The work-stream assurance page: its data access (latest and previous rows of a work stream's
KPIs), and what it draws for no work stream, a work stream, and a locality."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from dashboard import create_app
from dashboard.components.work_stream_sections import assurance_sections
from dashboard.state.url_state import Filters
from dashboard.views.work_streams import assurance
from dashboard.warehouse import framework, indicators
from tests.dashboard.component_tree import ids, text, walk
from tests.dashboard.fixture_warehouse import GM, KPIS, PERIODS, SUPPRESSED_HEADLINES

WIGAN = "E08000010"
WORKFORCE_KPIS = {k[0] for k in KPIS if "workforce" in k[11]}


@pytest.fixture
def page(app_context):
    return sys.modules["dashboard.pages.work_streams"]


def test_work_stream_summary_names_each_lead_and_counts_kpis(app_context):
    summary = indicators.work_stream_summary().set_index("work_stream")
    assert len(summary) == 8
    assert summary.loc["workforce", "lead_role"] == "Chief People Officer"
    assert summary.loc["workforce", "kpi_count"] == 3
    assert summary.loc["acute_specialist", "kpi_count"] == 2  # PX01 and PX02
    assert summary.loc["commissioning", "kpi_count"] == 0


def test_work_stream_values_hold_latest_and_previous_period_of_its_kpis(app_context):
    values = indicators.work_stream_values("workforce", (GM, WIGAN))
    assert set(values["indicator_id"]) == WORKFORCE_KPIS
    assert set(values["area_code"]) == {GM, WIGAN}
    periods = values.groupby("period_rank")["period"].unique()
    assert list(periods[1]) == [PERIODS[-1]] and list(periods[2]) == [PERIODS[-2]]
    assert "breakdown_label" in values and values["breakdown_label"].notna().all()


def test_work_stream_values_use_the_streams_own_rows_where_the_marts_have_them(app_context):
    acute = indicators.work_stream_values("acute_specialist", (GM,))
    px01 = acute[acute["indicator_id"] == "PX01"]
    assert set(px01["work_stream"]) == {"acute_specialist"}
    assert set(acute[acute["indicator_id"] == "PX02"]["work_stream"]) == {"all"}


def test_suppressed_rows_carry_no_numbers(app_context):
    values = indicators.work_stream_values("workforce", (WIGAN,))
    hidden = values[values["suppressed"]]
    assert not hidden.empty
    assert hidden[["value", "numerator", "denominator", "lower_ci_95", "gap_to_reference"]].isna().all().all()


def test_a_suppressed_reference_group_blanks_every_gap_of_its_breakdown(demo_warehouse):
    app = create_app(demo_warehouse)
    with app.server.test_request_context("/"):
        values = indicators.work_stream_values("workforce", tuple(framework.localities()["area_code"]))
    hidden = values[values["reference_suppressed"].astype(bool) & (values["breakdown"] != "all")]
    assert not hidden.empty, "the demo warehouse has breakdowns with a suppressed reference group"
    for column in ("benchmark_value", "gap_to_reference", "ratio_to_reference", "ratio_lower_ci_95"):
        assert hidden[column].isna().all(), column


def test_no_work_stream_lists_all_eight_with_links_that_keep_the_filters(page):
    filters = Filters(locality=WIGAN, query=f"?locality={WIGAN}")
    out = page.render_work_stream(filters.to_store())
    assert "Chief People Officer" in text(out) and "3 KPIs" in text(out)
    links = [n for n in walk(out) if type(n).__name__ == "Link"]
    assert len(links) == 8
    hrefs = {link.href for link in links}
    assert f"/work-streams?locality={WIGAN}&work_stream=workforce" in hrefs


def test_a_work_stream_shows_its_kpis_changes_gaps_and_actions(page):
    filters = Filters(locality=GM, work_stream="workforce", query="?work_stream=workforce")
    out = page.render_work_stream(filters.to_store(), None)
    shown = ids(out)
    for kid in WORKFORCE_KPIS:
        assert f"work-streams-kpi-{kid}" in shown
    for section in (
        "work-streams-changes",
        "work-streams-widest",
        "work-streams-gap-overview",
        "work-streams-gap-chart",
        "work-streams-actions-table",
        "work-streams-excel",
    ):
        assert section in shown, section
    texts = text(out)
    assert "Chief People Officer" in texts
    assert "Independent review of disciplinary cases" in texts  # the action plan of WF01
    assert "Overdue" in texts  # due 30 September 2025


def test_a_linked_kpi_opens_its_chart(page):
    filters = Filters(locality=GM, work_stream="workforce", query="?work_stream=workforce")
    out = page.render_work_stream(filters.to_store(), "WF03")
    picker = next(n for n in walk(out) if getattr(n, "id", None) == "work-streams-kpi")
    assert picker.value == "WF03"
    assert {o["value"] for o in picker.options} <= WORKFORCE_KPIS


def test_a_locality_with_a_suppressed_headline_says_suppressed(page):
    ((kpi, area),) = SUPPRESSED_HEADLINES
    filters = Filters(locality=area, work_stream="workforce", query="")
    view = assurance(filters)
    row = view.summary.set_index("indicator_id").loc[kpi]
    assert row["suppressed"] and pd.isna(row["value"])
    out = assurance_sections(view, filters, None)
    table_row = next(n for n in walk(out) if getattr(n, "id", None) == f"work-streams-kpi-{kpi}")
    assert "Suppressed" in text(table_row)


def test_a_director_can_leave_characteristics_out_of_the_widest_gaps(page):
    filters = Filters(locality=GM, work_stream="workforce", query="?work_stream=workforce")
    view = assurance(filters)
    out = page.render_work_stream(filters.to_store(), None)
    control = next(n for n in walk(out) if getattr(n, "id", None) == "work-streams-widest-exclude")
    assert {o["value"] for o in control.options} == set(view.gaps["breakdown"])
    body = page.exclude_characteristics(["sex"], filters.to_store())
    assert "work-streams-widest-summary" in ids(body)
    assert "leaving out 1 characteristic" in text(body)
