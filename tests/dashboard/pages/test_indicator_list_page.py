"""The indicators list: every KPI with its latest Greater Manchester value and RAG, and a search."""

from __future__ import annotations

import sys

from dashboard.state.url_state import Filters
from tests.dashboard.component_tree import text
from tests.dashboard.fixture_warehouse import GM, KPIS


def _page():
    return sys.modules["dashboard.pages.indicator_list"]


def test_every_kpi_is_listed_with_its_latest_gm_value_and_rag(app_context):
    listing, count = _page().render_indicator_list(Filters(locality=GM).to_store(), None)
    words = text(listing)
    assert count == f"{len(KPIS)} of {len(KPIS)} KPIs."
    assert words.count("Latest GM value") == len(KPIS)
    assert "RAG:" in words


def test_search_keeps_the_kpis_holding_every_word(app_context):
    listing, count = _page().render_indicator_list(Filters(locality=GM).to_store(), "overall experience")
    assert count.startswith("1 of ") and "PX01" in text(listing)
    _, none = _page().render_indicator_list(Filters(locality=GM).to_store(), "no such words anywhere")
    assert none.startswith("0 of ")
