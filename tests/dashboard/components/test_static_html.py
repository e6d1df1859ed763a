"""static_html: one component for a big static tree, with every text escaped."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html

from dashboard.components.static_html import static_html, to_jsx


def test_tree_becomes_jsx_with_attributes_kept():
    tree = html.Table(
        html.Tr(
            [
                html.Th(dcc.Link("PX01", href="/indicators/PX01?a=1&b=2"), scope="row", colSpan=2),
                html.Td(
                    [html.Span("≈", **{"aria-hidden": "true"}), " Similar"],
                    className="x",
                    style={"backgroundColor": "#E5E5E5"},
                    title="95% CI 1 to 2",
                ),
            ]
        ),
        id="t",
    )
    assert to_jsx(tree) == (
        '<table id="t"><tr><th colSpan={2} scope="row">'
        '<dccLink href="/indicators/PX01?a=1&amp;b=2">PX01</dccLink></th>'
        '<td className="x" style={{"backgroundColor": "#E5E5E5"}} title="95% CI 1 to 2">'
        '<span aria-hidden="true">≈</span> Similar</td></tr></table>'
    )


def test_text_from_the_warehouse_stays_text():
    quote = 'I said <script>alert("x")</script> {evil} &\nthen left'
    jsx = to_jsx(html.P(quote, title=quote))
    assert "<script>" not in jsx and "{evil}" not in jsx and "\n" not in jsx
    assert "&lt;script&gt;" in jsx and "&#123;evil&#125;" in jsx


def test_unsafe_or_dynamic_things_are_refused():
    with pytest.raises(ValueError):
        to_jsx(html.A("x", href="javascript:alert(1)"))
    with pytest.raises(TypeError):
        to_jsx(html.Div(dbc.Button("x")))
    with pytest.raises(TypeError):
        to_jsx(html.Div(id={"type": "pattern"}))


def test_static_html_is_one_markdown_component():
    component = static_html(html.Ul([html.Li(str(i)) for i in range(500)]), id="big")
    assert isinstance(component, dcc.Markdown) and component.id == "big"
    assert component.dangerously_allow_html is True
    assert component.children.startswith("<div><ul><li>0</li>")
