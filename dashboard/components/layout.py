"""The app shell every page sits in: skip link, synthetic-data banner, navigation bar, filter
bar, filter messages, the page, and a footer.

The navigation bar lists the registered pages in `order`, by their `name`, so a new page only
needs `dash.register_page(__name__, path=..., name=..., order=...)`. Pages reached only from
links (e.g. `/indicators/<id>`) pass `nav=False` or have a path template. Agreed order:

    0 Board overview  1 Work streams  2 Localities  3 Indicators  4 Workforce (WRES/WDES)
    5 Patient experience  6 Voices  7 Data quality  8 About
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import access
from dashboard.components.filter_bar import FILTERS_STORE, MESSAGES, URL, filter_bar
from dashboard.settings import Settings
from dashboard.state import url_state
from dashboard.style.formatting import format_date
from dashboard.warehouse import framework, provenance

MAIN_ID = "main-content"
SYNTHETIC_NOTICE = provenance.SYNTHETIC_NOTICE


def nav_pages() -> list[dict[str, Any]]:
    """Registered pages that belong in the navigation bar, in their agreed order."""
    pages = [
        page
        for page in dash.page_registry.values()
        if page.get("nav", True)
        and not page.get("path_template")
        and not page["module"].endswith("not_found_404")
        and access.page_visible(page)
    ]
    return sorted(pages, key=lambda page: (page.get("order") is None, page.get("order") or 0))


def skip_link() -> html.A:
    return html.A("Skip to main content", href=f"#{MAIN_ID}", className="skip-link")


def synthetic_banner(notice: str) -> html.Div:
    """The data-origin notice (`provenance.origin_notice()`), on every page it applies to."""
    detail = (
        " Every number here is generated to demonstrate the dashboard; no real person's data is shown. "
        if notice == SYNTHETIC_NOTICE
        else " Ask the data team how it was built before relying on it. "
    )
    return html.Div(
        [
            html.Strong(notice),
            detail,
            dcc.Link("About the data", href="/about"),
        ],
        id="synthetic-banner",
        className="synthetic-banner",
        role="note",
    )


def navbar(settings: Settings) -> html.Nav:
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=page["path"], id={"type": "nav-link", "path": page["path"]}))
        for page in nav_pages()
    ]
    return html.Nav(
        dbc.Navbar(
            dbc.Container(
                [
                    dbc.NavbarBrand(settings.short_title, href="/", id="nav-brand"),
                    dbc.NavbarToggler(id="navbar-toggler", n_clicks=0),
                    dbc.Collapse(
                        dbc.Nav(links, navbar=True, className="ms-auto"),
                        id="navbar-collapse",
                        is_open=False,
                        navbar=True,
                    ),
                ],
                fluid=True,
            ),
            color="dark",
            dark=True,
            expand="xl",
            tag="div",
            className="py-1",
        ),
        className="d-print-none",
        **{"aria-label": "Main"},
    )


def footer(settings: Settings) -> html.Footer:
    info = framework.framework_info()
    framework_title = info.get("title") or "Equalities Performance Management Framework"
    version = info.get("version")
    parts: list[Any] = [
        html.P(
            [
                html.Strong(notice) if (notice := provenance.origin_notice()) else None,
                f" {framework_title}" + (f", version {version}." if version else "."),
                f" Data last updated {format_date(framework.last_updated(), with_time=True)}.",
            ],
            className="mb-1",
        ),
        html.P(
            [
                "Methods, definitions, suppression rules and the accessibility statement are on ",
                dcc.Link("the About page", href="/about"),
                ".",
            ],
            className="mb-0",
        ),
    ]
    return html.Footer(parts, id="site-footer", className="site-footer mt-4 py-3 px-3")


def app_shell(settings: Settings) -> html.Div:
    """The whole page around `dash.page_container` (built per page load, from the warehouse)."""
    options = url_state.load_options()
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=FILTERS_STORE),
            skip_link(),
            html.Header(
                [synthetic_banner(notice) if (notice := provenance.origin_notice()) else None, navbar(settings)],
                className="site-header",
            ),
            html.Main(
                dbc.Container(
                    [
                        filter_bar(options),
                        html.Div(id=MESSAGES, className="filter-messages"),
                        dash.page_container,
                    ],
                    fluid=True,
                    className="py-3",
                ),
                id=MAIN_ID,
                tabIndex="-1",
            ),
            footer(settings),
        ],
        className="app-shell",
    )
