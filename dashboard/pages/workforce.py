"""Workforce race and disability equality (`/workforce`): the WRES and WDES in one page.

Filters: locality (the shared bar), and the page's own staff characteristic (WRES ethnicity,
disability or sex), period and organisation, all kept in the URL:
`/workforce?locality=E08000003&characteristic=disability&organisation=R0A`.

What the page shows is read in `dashboard.views.workforce`, drawn section by section in
`dashboard.components.workforce_sections`, and downloaded from
`dashboard.views.workforce_downloads`; this file holds the layout and the callbacks.
Suppressed numbers are written as "suppressed" everywhere.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components import workforce_sections as sections
from dashboard.components.download import csv_download, excel_download
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.page_options import option_select, options_bar, page_heading
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table
from dashboard.components.workforce_sections import TABLE_KIND
from dashboard.state import inputs, url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.page_parameters import changed_option
from dashboard.state.url_state import LATEST
from dashboard.views.workforce import (
    ALL_ORGANISATIONS,
    DEFAULT_CHARACTERISTIC,
    OPENED_TABLES,
    ORGANISATION,
    characteristic_options,
    organisation_options,
    period_options,
    read_view,
)
from dashboard.views.workforce_downloads import CSV_FILES, REPRESENTATION_EXTRA, WORKBOOK, download_tables

dash.register_page(
    __name__,
    path="/workforce",
    name="Workforce (WRES/WDES)",
    title="Workforce race and disability equality (WRES and WDES) — GM Equality Outcomes",
    description="Black and minority ethnic and disabled staff across Greater Manchester's NHS "
    "and care workforce: representation by band, relative likelihoods, staff survey and board.",
    order=4,
    filters=("locality",),
)

DRAWN = "workforce-drawn"  # the `shared_key` of the view the sections on screen show
CONTROL_IDS = {
    "characteristic": "workforce-characteristic",
    "period": "workforce-period",
    ORGANISATION: "workforce-organisation",
}


def layout(**_query: Any) -> html.Div:
    """The page skeleton. It reads nothing from the URL, so Back/Forward (a new query string
    on this page) keeps the page and the filters store redraws only what changed;
    `show_choices` sets the page's own controls from the URL."""
    return html.Div(
        [
            *page_heading(
                "Workforce race and disability equality (WRES and WDES)",
                "How Black and minority ethnic (BME) and disabled staff fare in Greater "
                "Manchester's NHS and care workforce, in the shape of NHS England's Workforce "
                "Race Equality Standard (WRES) and Workforce Disability Equality Standard (WDES). "
                "Every figure shows its 95% confidence interval; small numbers are suppressed.",
            ),
            options_bar(
                [
                    option_select(
                        CONTROL_IDS["characteristic"],
                        "Staff characteristic",
                        characteristic_options(),
                        DEFAULT_CHARACTERISTIC,
                    ),
                    option_select(CONTROL_IDS["period"], "Period", period_options(), LATEST),
                    option_select(
                        CONTROL_IDS[ORGANISATION],
                        "Organisation (representation and board)",
                        organisation_options(),
                        ALL_ORGANISATIONS,
                    ),
                ],
                "Workforce options",
            ),
            dcc.Store(id=DRAWN),
            html.Div(id="workforce-content"),
            html.Div(
                [
                    dbc.Button(
                        "Download every table on this page (Excel)",
                        id="workforce-excel",
                        color="secondary",
                        outline=True,
                        size="sm",
                    ),
                    dcc.Download(id="workforce-excel-download"),
                ],
                className="downloads my-3 d-print-none",
            ),
        ],
        className="page page-workforce",
    )


@callback(
    Output(CONTROL_IDS["characteristic"], "value"),
    Output(CONTROL_IDS["period"], "value"),
    Output(CONTROL_IDS[ORGANISATION], "value"),
    Input(URL, "search"),
)
def show_choices(search):
    """The page's own controls show what the URL asks for (on arrival, Back/Forward, links),
    or the default the view fell back to."""
    view = read_view(search)
    return view.characteristic, view.period, view.organisation


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input(CONTROL_IDS["characteristic"], "value"),
    Input(CONTROL_IDS["period"], "value"),
    Input(CONTROL_IDS[ORGANISATION], "value"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def write_choices_to_url(characteristic, period, organisation, search):
    """The page's own control that changed writes its value to the URL (the shell's filter
    bar takes it from there); a value the view already shows changes nothing."""
    values = {"characteristic": characteristic, "period": period, ORGANISATION: organisation}
    view = read_view(search)
    shown = {"characteristic": view.characteristic, "period": view.period, ORGANISATION: view.organisation}
    parameter = changed_option(CONTROL_IDS, values, shown)
    value = values[parameter]
    changes = {parameter: None if parameter == ORGANISATION and value == ALL_ORGANISATIONS else value}
    return url_state.set_parameters(search, url_state.load_options(), changes)


@callback(
    Output("workforce-content", "children"),
    Output(DRAWN, "data"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
    State(DRAWN, "data"),
)
@static_parts
def render_workforce(filters_data, search, drawn=None):
    """Every section, unless only the organisation changed (`redraw_organisation_parts`)."""
    filters = current_filters(filters_data)
    view = read_view(search)
    if inputs.text(drawn, "the workforce sections on screen") == view.shared_key:
        raise PreventUpdate
    return sections.page_sections(view, filters), view.shared_key


@callback(
    Output("workforce-context", "children"),
    Output("workforce-representation", "children"),
    Output("workforce-board", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
    State(DRAWN, "data"),
    prevent_initial_call=True,
)
@static_parts
def redraw_organisation_parts(filters_data, search, drawn):
    """When only the organisation changed, only the parts that show it are drawn again; the
    likelihoods, survey and places sections stay as they are in the browser."""
    current_filters(filters_data)
    view = read_view(search)
    if inputs.text(drawn, "the workforce sections on screen") != view.shared_key:
        raise PreventUpdate  # render_workforce draws every section
    return sections.organisation_parts(view)


@callback(
    Output({"type": TABLE_KIND, "name": MATCH}, "children"),
    Input({"type": f"{TABLE_KIND}-summary", "name": MATCH}, "n_clicks"),
    State({"type": TABLE_KIND, "name": MATCH}, "children"),
    State(URL, "search"),
    prevent_initial_call=True,
)
@static_parts
def draw_table(_clicks, drawn, search):
    """Draw a chart's table the first time someone opens it."""
    name = ctx.triggered_id.get("name") if isinstance(ctx.triggered_id, dict) else None
    if drawn or name not in OPENED_TABLES:  # drawn already, or not a table this page draws
        raise PreventUpdate
    table, caption = OPENED_TABLES[name](read_view(search))
    return accessible_table(table, caption)


# --- downloads ---------------------------------------------------------------------------------


def _csv(table: str, filename: str):
    def download(_clicks, search):
        frame = download_tables(search)[table]
        return csv_download(frame, filename, extra_columns=REPRESENTATION_EXTRA)

    return download


for _prefix, _table, _file in CSV_FILES:
    callback(
        Output(f"{_prefix}-download", "data"),
        Input(f"{_prefix}-csv", "n_clicks"),
        State(URL, "search"),
        prevent_initial_call=True,
    )(_csv(_table, _file))


@callback(
    Output("workforce-excel-download", "data"),
    Input("workforce-excel", "n_clicks"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def download_workbook(_clicks, search):
    return excel_download(download_tables(search), WORKBOOK, extra_columns=REPRESENTATION_EXTRA)
