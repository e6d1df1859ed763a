"""Compare localities (`/localities`): for a locality lead comparing their locality with the
other nine and Greater Manchester as a whole.

One KPI at a time (the page's own `indicator` URL parameter): compare-areas bars with 95%
CIs, a funnel plot and a hex map. For the locality chosen in the Locality filter: its
profile across every KPI (spine chart), where it is significantly worse or better than GM,
the localities most like it, and its locality pack. What the page shows is read in
`dashboard.views.localities` and drawn in `dashboard.components.locality_kpi_sections` and
`locality_profile_sections`; this file holds the layout and the callbacks.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state
from dashboard.components.download import about_sheet, csv_download, excel_download
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.locality_kpi_sections import (
    DOWNLOAD_PREFIX,
    INDICATOR_SELECT,
    indicator_sections,
    indicator_select,
)
from dashboard.components.locality_profile_sections import PACK_PREFIX, profile_sections
from dashboard.components.page_options import page_heading
from dashboard.components.static_html import static_parts
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import ALL
from dashboard.views.localities import (
    compare_frame,
    download_frame,
    indicator_for,
    indicator_options,
    search_with_indicator,
)
from dashboard.views.locality_pack import TEXT_OF_NUMBERS, locality_pack
from dashboard.warehouse import framework

dash.register_page(
    __name__,
    path="/localities",
    name="Localities",
    title="Compare localities — GM Equality Outcomes",
    description="Each of the 10 localities against Greater Manchester and the other nine: "
    "compare areas, funnel plot, map, locality profile and where a locality is significantly "
    "worse.",
    order=2,
    filters=("locality", "work_stream", "period"),
)

INDICATOR_FIELD = "localities-indicator-field"


def layout(**_query: Any) -> html.Div:
    """The page skeleton. It reads nothing from the URL, so Back/Forward (a new query string
    on this page) keeps the page and only the sections redraw; `render_indicator` sets the KPI
    picker from the URL."""
    kpis = framework.kpis(ALL)
    return html.Div(
        [
            *page_heading(
                "Compare localities",
                "How each of the 10 localities compares with Greater Manchester as a whole and "
                "with the other nine. Choose your locality in the Locality filter to highlight "
                "it and see its profile across every KPI; choose a KPI below to compare all ten "
                "on it.",
            ),
            html.Div(id="localities-summary"),
            html.Div(
                indicator_select(kpis, None),  # no value until the URL is read
                id=INDICATOR_FIELD,
                className="localities-indicator-field mb-2 d-print-none",
            ),
            html.Div(id="localities-indicator-message"),
            html.Div(id="localities-indicator-sections"),
            html.Div(id="localities-profile-sections"),
        ],
        className="page page-localities",
    )


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input(INDICATOR_SELECT, "value"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def write_indicator_to_url(indicator_id, search):
    """Choosing a KPI rewrites the URL (the shell then refreshes the filters store)."""
    if not indicator_id:
        raise PreventUpdate
    work_stream = url_state.parse_query(search, url_state.load_options()).filters.work_stream
    shown, _message = indicator_for(search, work_stream)
    if indicator_id == shown:  # the control caught up with the URL: nothing to write
        raise PreventUpdate
    return search_with_indicator(search, indicator_id)


@callback(
    Output(INDICATOR_FIELD, "children"),
    Output("localities-indicator-message", "children"),
    Output("localities-indicator-sections", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
    State(INDICATOR_SELECT, "value"),
    State(INDICATOR_SELECT, "options"),
)
@static_parts
def render_indicator(filters_data, search, current_value, current_options):
    filters = current_filters(filters_data)
    kpis = framework.kpis(filters.work_stream)
    indicator, message = indicator_for(search, filters.work_stream)
    # Redraw the control only when it must change (keeps keyboard focus otherwise).
    unchanged = indicator_options(kpis) == (current_options or []) and indicator == current_value
    field = no_update if unchanged else indicator_select(kpis, indicator)
    alert = (
        dbc.Alert(message, color="warning", dismissable=True, className="mb-2 py-2", id="localities-indicator-alert")
        if message
        else None
    )
    if indicator is None:
        return field, alert, [empty_state("no_kpis", id="localities-indicator-empty")]
    return field, alert, indicator_sections(filters, indicator)


@callback(
    Output("localities-summary", "children"),
    Output("localities-profile-sections", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
)
@static_parts
def render_profile(filters_data, search):
    return profile_sections(current_filters(filters_data), search)


# --- downloads ---------------------------------------------------------------------------


@callback(
    Output(f"{DOWNLOAD_PREFIX}-download", "data"),
    Input(f"{DOWNLOAD_PREFIX}-csv", "n_clicks"),
    State(FILTERS_STORE, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def download_compare_areas(clicks, filters_data, search):
    filters = current_filters(filters_data)
    if not clicks:
        raise PreventUpdate
    indicator, _message = indicator_for(search, filters.work_stream)
    kpi = framework.kpi(indicator) if indicator else None
    if kpi is None:
        raise PreventUpdate
    frame = download_frame(compare_frame(filters, indicator), kpi)
    return csv_download(frame, f"compare-localities-{indicator}.csv")


@callback(
    Output(f"{PACK_PREFIX}-download", "data"),
    Input(f"{PACK_PREFIX}-excel", "n_clicks"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def download_locality_pack(clicks, filters_data):
    """The chosen locality's pack: About, profile, worse and better lists, definitions."""
    if not clicks:
        raise PreventUpdate
    pack = locality_pack(current_filters(filters_data))
    if pack is None:
        raise PreventUpdate
    sheets = {"About": about_sheet(pack.about), **pack.sheets}
    return excel_download(sheets, pack.filename, extra_columns=TEXT_OF_NUMBERS)
