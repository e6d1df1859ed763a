"""Which characteristic the data-quality page answers for, on the fixture warehouse."""

from __future__ import annotations

from dashboard.state.url_state import Filters
from dashboard.views.data_quality import completeness
from tests.dashboard.fixture_warehouse import AREAS, GM


def test_no_characteristic_chosen_answers_for_sexual_orientation(app_context):
    shown = completeness(Filters(locality=GM))
    assert (shown.breakdown, shown.label, shown.note) == ("sexual_orientation", "Sexual orientation", "default")
    assert set(shown.by_area["breakdown"]) == {"sexual_orientation"} and len(shown.by_area) >= len(AREAS)
    assert set(shown.here["area_code"]) == {GM}


def test_a_characteristic_no_source_records_falls_back_and_says_so(app_context):
    shown = completeness(Filters(locality=GM, characteristic="religion"))
    assert (shown.breakdown, shown.note) == ("sexual_orientation", "instead")


def test_a_period_without_figures_has_none(app_context):
    assert completeness(Filters(locality=GM, period="2024/25 Q1")) is None
