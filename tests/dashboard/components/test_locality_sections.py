"""The localities page's sections: one KPI's compare-areas chart, map and funnel, and the
chosen locality's profile (a prompt until one is chosen)."""

from __future__ import annotations

from dashboard.components.locality_kpi_sections import indicator_sections
from dashboard.components.locality_profile_sections import profile_sections
from dashboard.state.url_state import Filters
from tests.dashboard.component_tree import ids as ids_under
from tests.dashboard.component_tree import text, walk
from tests.dashboard.fixture_warehouse import GM


def test_indicator_sections_for_a_ratio_have_a_precision_funnel(app_context):
    sections = indicator_sections(Filters(locality=GM), "WF01")
    expected = {"localities-compare-graph", "localities-map-graph", "localities-funnel-graph"}
    assert expected <= ids_under(sections)
    assert "Precision (1 / SE of log ratio)" in text(sections)
    sections = indicator_sections(Filters(locality=GM), "PX01")
    assert "localities-funnel-graph" in ids_under(sections)
    empty = indicator_sections(Filters(locality=GM, period="1999/00"), "PX01")
    assert "localities-indicator-empty" in ids_under(empty)


def test_profile_prompts_until_a_locality_is_chosen(app_context):
    cards, sections = profile_sections(Filters(locality=GM), "")
    assert cards is None and "localities-choose-prompt" in ids_under(sections)
    cards, sections = profile_sections(Filters(locality="E08000003"), "?locality=E08000003")
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
