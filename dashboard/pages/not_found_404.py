"""Shown for any address that is not a page."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard.components.page_options import page_heading

dash.register_page(__name__, path="/404", name="Page not found", title="Page not found", nav=False)


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            *page_heading("Page not found"),
            html.P(
                [
                    "There is no page at this address. Try the ",
                    dcc.Link("board overview", href="/"),
                    " or the menu above.",
                ]
            ),
        ],
        className="page page-not-found",
    )
