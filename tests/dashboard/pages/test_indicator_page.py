"""The KPI detail page's data access (fixture warehouse) and the page itself rendered from a
real demo build (WRES2, PX_OVERALL: the framework's own KPIs), without a browser."""

from __future__ import annotations

import base64
import csv
import io
import re
import sys
from types import ModuleType

import pytest

from dashboard import create_app
from dashboard.state import url_state
from dashboard.tables.indicator_breakdown import COMPARISON_WORDS
from dashboard.warehouse import indicators, quality
from dashboard.warehouse.conventions import SUPPRESSIBLE_COLUMNS
from tests.dashboard.component_tree import ids, walk
from tests.dashboard.component_tree import text as text_of
from tests.dashboard.dash_requests import call
from tests.dashboard.dash_requests import text_of as response_text
from tests.dashboard.fixture_warehouse import GM, PERIODS

PAGE_MODULE = "dashboard.pages.indicator"
NUMBER = re.compile(r"\d")


def page() -> ModuleType:
    """The page module, as the app loaded it."""
    return sys.modules[PAGE_MODULE]


# --- data access (fixture warehouse) -----------------------------------------------------------


def test_coverage_lists_work_streams_and_periods(app_context):
    coverage = indicators.indicator_coverage("PX01")
    assert set(coverage["work_stream"]) == {"all", "acute_specialist"}
    assert list(coverage[coverage["work_stream"] == "all"]["period"]) == list(PERIODS)
    assert indicators.indicator_coverage("nope").empty


def test_breakdowns_include_intersections_from_the_marts(app_context):
    assert indicators.indicator_breakdowns("PX01") == ("ethnic_group", "ethnic_group*sex", "sex")
    assert indicators.indicator_breakdowns("x' OR '1'='1") == ()


def test_latest_load_of_an_extract(app_context):
    load = quality.latest_load("other_indicators")
    assert load["source_file"] == "other_indicators.csv"
    assert str(load["finished_at"]).startswith("2025-06-30 09:01")
    assert quality.latest_load("no_such_extract") is None


def test_inequalities_for_one_area_and_period(app_context):
    frame = indicators.indicator_inequalities("PX01", PERIODS[-1], (GM,))
    assert frame[["sii", "rii"]].iloc[0].tolist() == [-6.5, 0.92]
    assert indicators.indicator_inequalities("PX01", PERIODS[0], (GM,)).empty


# --- the page on a real demo build -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_app(demo_warehouse):
    app = create_app(demo_warehouse)
    with app.server.test_request_context("/"):
        yield app


PAGE_OUTPUTS = ("context", "headline", "trend", "inequality", "ratio", "data", "drawn")
BREAKDOWN_OUTPUTS = ("messages", "breakdown", "intersection", "back", "shown")


def render(indicator_id: str, search: str = ""):
    """The layout, and what the page's two render callbacks draw, by output."""
    functions = page()
    store = url_state.parse_query(search, url_state.load_options()).filters.to_store()
    drawn = dict(zip(PAGE_OUTPUTS, functions.render_indicator(store, indicator_id, None), strict=True))
    drawn.update(zip(BREAKDOWN_OUTPUTS, functions.render_breakdowns(store, indicator_id), strict=True))
    return functions.layout(indicator_id), drawn


def test_wres2_shows_definition_trend_breakdown_and_relative_likelihood(demo_app):
    layout, drawn = render("WRES2")
    messages, context, trend, breakdown, ratio, table = (
        drawn[k] for k in ("messages", "context", "trend", "breakdown", "ratio", "data")
    )
    intersection, inequality, back, shown = (drawn[k] for k in ("intersection", "inequality", "back", "shown"))
    assert "indicator-about" in ids(layout) and "indicator-actions-table" in ids(layout)
    about = text_of(layout)
    for words in (
        "Chief People Officer",
        "workforce_events extract",
        "0.80 to 1.25",
        "Counts below 5 are suppressed",
        "Closer to 1.00 (equal) is better",
    ):
        assert words in about
    assert messages == [] and "Period: 2024/25" in context
    assert "indicator-trend-graph" in ids(trend)
    assert {"indicator-breakdown-select", "indicator-breakdown-graph"} <= ids(breakdown)
    assert intersection == [] and inequality == []  # WRES2 has neither
    assert "indicator-ratio-graph" in ids(ratio)
    assert "relative likelihood (White vs BME)" in text_of(ratio)
    assert "indicator-data-table" in ids(table)
    assert back == "/indicators"
    assert shown == {"breakdown": "wres_ethnicity", "intersection": None}


def test_px_overall_shows_heat_map_and_deprivation_inequality(demo_app):
    _, drawn = render("PX_OVERALL", "?characteristic=imd_quintile&characteristic2=sex")
    breakdown, intersection, inequality, ratio = (
        drawn[k] for k in ("breakdown", "intersection", "inequality", "ratio")
    )
    select = next(n for n in walk(breakdown) if getattr(n, "id", "") == "indicator-breakdown-select")
    assert select.value == "imd_quintile"
    assert {o["value"] for o in select.options} >= {"age_band", "sex", "imd_quintile", "carer"}
    heatmap_select = next(n for n in walk(intersection) if getattr(n, "id", "") == "indicator-intersection-select")
    assert heatmap_select.value == "ethnic_group*sex"
    assert "indicator-heatmap-graph" in ids(intersection)
    assert "indicator-inequality-graph" in ids(inequality)
    text = text_of(inequality)
    assert "slope index of inequality" in text or "cannot be shown" in text
    assert ratio == []


def test_a_ratio_kpis_groups_show_the_marts_own_comparison(demo_app):
    """A relative likelihood's groups are compared in neutral words (a lower appointment rate
    is not "better"): the marts decide it and the page shows each group's comparison as is."""
    _, drawn = render("WRES2")
    period = drawn["context"].rsplit("Period: ", 1)[-1]
    rows = indicators.indicator_values("WRES2", period=period, area_codes=(GM,), breakdowns=("wres_ethnicity",))
    judged = set(rows["comparison"]) - {"not compared", "similar"}
    assert judged and judged <= {"higher", "lower"}, "the demo build has significant WRES2 group gaps"
    shown = text_of(drawn["breakdown"])
    for comparison in judged:
        assert COMPARISON_WORDS[comparison] in shown
    assert COMPARISON_WORDS["better"] not in shown and COMPARISON_WORDS["worse"] not in shown


def test_changing_the_characteristic_changes_the_breakdown(demo_app):
    by_sex = render("PX_OVERALL", "?characteristic=sex")[1]["breakdown"]
    by_carer = render("PX_OVERALL", "?characteristic=carer")[1]["breakdown"]
    assert "Female" in text_of(by_sex) and "Female" not in text_of(by_carer)


def test_a_characteristic_change_redraws_only_the_breakdowns(demo_app):
    """The trend, inequality, relative likelihood and data table depend on the KPI, area,
    work stream and period: choosing another characteristic leaves them as they are."""
    client = demo_app.server.test_client()
    options = url_state.load_options()
    by_sex, by_ethnicity, in_bury = (
        url_state.parse_query(search, options).filters.to_store()
        for search in ("?characteristic=sex", "?characteristic=ethnic_group", "?characteristic=sex&locality=E08000002")
    )

    def draw(output: str, store: dict, drawn=None):
        values = {"filters.data": store, "indicator-id.data": "PX_OVERALL", "indicator-drawn.data": drawn}
        return call(client, output, values, changed="filters.data")

    first = draw("indicator-headline.children", by_sex)
    assert first.status_code == 200
    drawn = first.get_json()["response"]["indicator-drawn"]["data"]
    assert draw("indicator-headline.children", by_ethnicity, drawn).status_code == 204  # no update
    assert draw("indicator-headline.children", in_bury, drawn).status_code == 200
    breakdown = draw("indicator-breakdown.children", by_ethnicity)
    assert breakdown.status_code == 200 and "Asian" in response_text(breakdown.get_json()["response"])


def test_unknown_indicator_gets_a_friendly_message(demo_app):
    layout = page().layout("NO_SUCH_KPI")
    assert "No indicator called 'NO_SUCH_KPI'." in text_of(layout)
    link = next(n for n in walk(layout) if getattr(n, "id", "") == "indicator-list-link")
    assert link.href == "/indicators"
    assert "No indicator called 'NOPE<b>'." in text_of(page().layout("NOPE%3Cb%3E"))
    assert page()._page_title("<script>") == "Indicator — GM Equality Outcomes"
    assert page().find_kpi("wres2")["indicator_id"] == "WRES2"


def test_csv_download_has_no_numbers_for_suppressed_rows(demo_app):
    functions = page()
    filters = url_state.parse_query("", url_state.load_options()).filters
    frames = functions.download_frames("PX_OVERALL", filters)
    assert {"About", "Data", "Trend", "Inequality"} <= set(frames)
    sent = functions.csv_download(frames["Data"], "x.csv")
    rows = list(csv.DictReader(io.StringIO(sent["content"].lstrip("\ufeff"))))
    suppressed = [r for r in rows if r["suppressed"] == "True"]
    assert rows and suppressed, "the demo build suppresses some PX_OVERALL groups"
    for row in suppressed:
        for column in SUPPRESSIBLE_COLUMNS:  # every number the data table has
            assert row[column] == "suppressed"
    assert {r["area_code"] for r in rows} == {GM}


def test_excel_download_has_a_sheet_per_table_and_no_suppressed_numbers(demo_app):
    from openpyxl import load_workbook

    functions = page()
    filters = url_state.parse_query("?characteristic=ethnicity", url_state.load_options()).filters
    sent = functions.excel_download(functions.download_frames("PX_OVERALL", filters), "x.xlsx")
    workbook = load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    assert workbook.sheetnames == ["About", "Data", "Trend", "Inequality"]
    sheet = workbook["Data"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    suppressed = [r for r in rows if r["suppressed"] is True]
    assert suppressed
    assert all(r["value"] == "suppressed" and r["numerator"] == "suppressed" for r in suppressed)
