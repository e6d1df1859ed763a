"""The localities page's helpers: the `indicator` URL parameter, the rows behind the
compare-areas chart and its download, and the locality profile (prompt or sections)."""

from __future__ import annotations

import sys

import pytest

from dashboard.state.url_state import Filters
from dashboard.tables.downloads import for_download
from dashboard.warehouse import framework
from tests.dashboard.component_tree import ids as ids_under
from tests.dashboard.component_tree import text, walk
from tests.dashboard.fixture_warehouse import AREAS, GM, KPIS, SUPPRESSED_HEADLINES

((SUPPRESSED_KPI, SUPPRESSED_AREA),) = SUPPRESSED_HEADLINES


@pytest.fixture
def page(app_context):
    """The page module as the app loaded it (pages register themselves on import)."""
    return sys.modules["dashboard.pages.localities"]


def test_indicator_defaults_to_the_first_kpi_and_explains_a_bad_one(page):
    kpis, every = framework.kpis(), framework.kpis()
    assert page.choose_indicator(None, kpis, every) == (KPIS[0][0], None)
    assert page.choose_indicator("ph01", kpis, every) == ("PH01", None)
    chosen, message = page.choose_indicator("NOPE", kpis, every)
    assert chosen == KPIS[0][0] and message.startswith("Unknown KPI 'NOPE'")
    workforce = framework.kpis("workforce")
    chosen, message = page.choose_indicator("PX01", workforce, every)
    assert chosen == "WF01" and "not one of this work stream's KPIs" in message
    assert page.choose_indicator("PX01", workforce.iloc[0:0], every) == (None, None)


def test_indicator_is_written_into_a_canonical_query_string(page):
    assert page.raw_indicator("?locality=E08000003&Indicator=WF01&indicator=PX01") == "WF01"
    assert page.raw_indicator("") is None
    search = page.search_with_indicator("?indicator=PX01&locality=E08000003&tab=x", "PH01")
    assert search == "?locality=E08000003&tab=x&indicator=PH01"


def test_compare_frame_has_gm_and_every_locality(page, dash_app):
    filters = Filters(locality=GM)
    frame = page.compare_frame(filters, "PX01")
    assert list(frame["area_code"]) == list(AREAS)
    assert frame["area_type"].iloc[0] == "region"
    assert frame["hex_col"].iloc[1:].notna().all()
    stream = page.compare_frame(Filters(locality=GM, work_stream="acute_specialist"), "PX01")
    assert set(stream["work_stream"]) == {"acute_specialist"}  # the work stream's own rows
    hidden = page.compare_frame(filters, SUPPRESSED_KPI)
    download = for_download(page._download_frame(hidden, framework.kpi(SUPPRESSED_KPI)))
    row = download[download["area_code"] == SUPPRESSED_AREA].iloc[0]
    assert row["value"] == "suppressed" and row["denominator"] == "suppressed"
    assert len(download) == len(AREAS)


def test_layout_picks_the_kpi_from_the_url(page):
    nodes = walk(page.layout(indicator="WF03", work_stream="workforce"))
    select = next(n for n in nodes if getattr(n, "id", None) == page.INDICATOR_SELECT)
    assert select.value == "WF03"
    assert [o["value"] for o in select.options] == ["WF01", "WF02", "WF03"]
    assert len([n for n in nodes if type(n).__name__ == "H1"]) == 1


def test_indicator_sections_for_a_ratio_have_a_precision_funnel(page):
    sections = page.indicator_sections(Filters(locality=GM), "WF01")
    expected = {"localities-compare-graph", "localities-map-graph", "localities-funnel-graph"}
    assert expected <= ids_under(sections)
    assert "Precision (1 / SE of log ratio)" in text(sections)
    sections = page.indicator_sections(Filters(locality=GM), "PX01")
    assert "localities-funnel-graph" in ids_under(sections)
    empty = page.indicator_sections(Filters(locality=GM, period="1999/00"), "PX01")
    assert "localities-indicator-empty" in ids_under(empty)


def test_profile_prompts_until_a_locality_is_chosen(page):
    cards, sections = page.profile_sections(Filters(locality=GM), "")
    assert cards is None and "localities-choose-prompt" in ids_under(sections)
    cards, sections = page.profile_sections(Filters(locality="E08000003"), "?locality=E08000003")
    ids = ids_under([cards, sections])
    assert {
        "localities-card-worse",
        "localities-spine",
        "localities-worse",
        "localities-better",
        "localities-similar-table",
        "localities-similar-method",
    } <= ids
    links = [n.href for n in walk(sections) if type(n).__name__ == "Link"]
    assert any(h.startswith("/localities?locality=E08") and "E08000003" not in h for h in links)
