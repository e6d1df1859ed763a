"""The localities page's layout: the KPI picker starts at the KPI the URL names."""

from __future__ import annotations

import sys

import pytest

from tests.dashboard.component_tree import walk


@pytest.fixture
def page(app_context):
    """The page module as the app loaded it (pages register themselves on import)."""
    return sys.modules["dashboard.pages.localities"]


def test_layout_picks_the_kpi_from_the_url(page):
    nodes = walk(page.layout(indicator="WF03", work_stream="workforce"))
    select = next(n for n in nodes if getattr(n, "id", None) == page.INDICATOR_SELECT)
    assert select.value == "WF03"
    assert [o["value"] for o in select.options] == ["WF01", "WF02", "WF03"]
    assert len([n for n in nodes if type(n).__name__ == "H1"]) == 1
