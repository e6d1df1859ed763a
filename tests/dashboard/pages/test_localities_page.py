"""The localities page's layout and KPI picker: the layout reads nothing from the URL (a
query change keeps the page); the content callback sets the picker to the KPI the URL names."""

from __future__ import annotations

import sys

import pytest
from dash import no_update

from dashboard.state import url_state
from tests.dashboard.component_tree import ids as ids_under
from tests.dashboard.component_tree import walk


@pytest.fixture
def page(app_context):
    """The page module as the app loaded it (pages register themselves on import)."""
    return sys.modules["dashboard.pages.localities"]


def _store(search: str) -> dict:
    return url_state.parse_query(search, url_state.load_options()).filters.to_store()


def test_layout_has_one_heading_and_a_kpi_picker(page):
    nodes = walk(page.layout(indicator="WF03", work_stream="workforce"))
    assert len([n for n in nodes if type(n).__name__ == "H1"]) == 1
    assert page.INDICATOR_SELECT in {getattr(n, "id", None) for n in nodes}


def test_the_picker_shows_the_kpi_the_url_names(page):
    search = "?work_stream=workforce&indicator=WF03"
    field, alert, sections = page.render_indicator(_store(search), search, "PX01", [])
    select = next(n for n in walk(field) if getattr(n, "id", None) == page.INDICATOR_SELECT)
    assert select.value == "WF03"
    assert [o["value"] for o in select.options] == ["WF01", "WF02", "WF03"]
    assert alert is None and "localities-compare-graph" in ids_under(sections)
    # a picker that already shows it is left alone (it keeps the keyboard focus)
    field, _, _ = page.render_indicator(_store(search), search, "WF03", select.options)
    assert field is no_update
