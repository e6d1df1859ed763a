"""Each page mounts at most a few hundred Dash components when it is drawn (issue 12).

The browser's renderer does work for every new component times every mounted one, so a page
that sends a table cell by cell freezes the page for seconds. Tables and other static parts
go out as one component each (`dashboard.components.static_html.freeze`); this holds each
page to its budget on the fixture warehouse. A count, not a time: deterministic.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.state import url_state
from tests.dashboard.mounted import components, describe, page_components

MANCHESTER = "E08000003"
# (path, filters changed from the defaults, most components the page may mount in all)
BUDGETS = [
    ("/", {}, 150),
    ("/indicators", {}, 150),
    ("/indicators/WF01", {}, 250),
    ("/indicators/PX01", {"characteristic": "ethnic_group"}, 250),
    ("/localities", {"locality": MANCHESTER}, 250),
    ("/work-streams", {}, 150),
    ("/work-streams", {"work_stream": "workforce"}, 250),
    ("/workforce", {}, 250),
    ("/patient-experience", {}, 250),
    ("/voices", {}, 300),
    ("/data-quality", {}, 150),
    ("/about", {}, 150),
]


@pytest.mark.parametrize(("path", "changes", "budget"), BUDGETS, ids=[f"{p}{c or ''}" for p, c, _ in BUDGETS])
def test_page_mounts_no_more_components_than_its_budget(dash_app, path, changes, budget):
    client = dash_app.server.test_client()
    with dash_app.server.test_request_context("/"):
        options = url_state.load_options()
        store = url_state.with_query(replace(options.defaults(), **changes), options).to_store()
    counts = page_components(client, path, store)
    assert len(counts) > 1 or path == "/about", f"no callback drew anything on {path}: {describe(counts)}"
    assert sum(counts.values()) <= budget, describe(counts)


def test_components_are_counted_as_the_renderer_mounts_them():
    layout = {
        "type": "Div",
        "namespace": "dash_html_components",
        "props": {"children": [{"type": "P", "namespace": "dash_html_components", "props": {"children": "x"}}, "text"]},
    }
    assert sum(1 for _ in components(layout)) == 2
