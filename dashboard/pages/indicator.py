"""KPI detail (`/indicators/<indicator_id>`): what the KPI means and where it comes from, its
trend, its breakdowns by characteristic (with Not stated / Not known shown), two
characteristics together, inequality across deprivation, relative likelihoods, the data
table and downloads.

Filters come from the URL: locality, work stream and period from the shared filter bar;
`characteristic` (default: the KPI's first breakdown) and `characteristic2` (an
intersection) from the selectors on this page, which write the same URL parameters.
The data is read in `dashboard.views.indicator`; the sections are drawn by
`dashboard.components.indicator`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state
from dashboard.components.download import about_sheet, csv_download, excel_download
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.indicator.about import about_section, not_found
from dashboard.components.indicator.breakdowns import breakdown_section, intersection_section
from dashboard.components.indicator.comparisons import inequality_section, ratio_section
from dashboard.components.indicator.data_table import data_section
from dashboard.components.indicator.headline import headline_cards
from dashboard.components.indicator.trend import trend_section
from dashboard.components.page_options import option_notes, page_heading
from dashboard.components.static_html import static_parts
from dashboard.state import inputs, url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import Filters
from dashboard.tables.indicator_heatmap import split_intersection
from dashboard.views import indicator as data_for
from dashboard.views.indicator import file_stem, find_kpi
from dashboard.views.indicator_view import context_text, selector_search
from dashboard.views.kpi_definitions import recorded, source_text
from dashboard.warehouse import framework

SAFE_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
SECTIONS = (
    "indicator-trend",
    "indicator-breakdown",
    "indicator-intersection",
    "indicator-inequality",
    "indicator-ratio",
    "indicator-data",
)


def _page_title(indicator_id: str | None = None, **_: Any) -> str:
    shown = indicator_id if indicator_id and SAFE_ID.match(indicator_id) else "Indicator"
    return f"{shown} — GM Equality Outcomes"


dash.register_page(
    __name__,
    path_template="/indicators/<indicator_id>",
    name="Indicator detail",
    title=_page_title,
    description="One equality KPI in detail: definition, trend, breakdowns, inequality, data.",
    nav=False,
    filters=("locality", "work_stream", "period"),
)


def layout(indicator_id: str | None = None, **_query: str) -> html.Div:
    kpi = find_kpi(indicator_id)
    if kpi is None:
        return not_found(unquote(indicator_id or ""))
    about = about_section(
        kpi,
        source_text(kpi),
        data_for.work_stream_names(kpi),
        framework.action_plans(kpi["indicator_id"]),
    )
    return html.Div(
        [
            dcc.Store(id="indicator-id", data=kpi["indicator_id"]),
            dcc.Store(id="indicator-view"),  # the breakdown and intersection on show
            dcc.Store(id="indicator-drawn"),  # the KPI, area, work stream and period drawn
            html.P(
                [
                    dcc.Link("Indicators", href="/indicators", id="indicator-back-link"),
                    f" › {kpi['indicator_id']}",
                ],
                className="small mb-1 d-print-none",
            ),
            *page_heading(
                kpi["title"],
                recorded(kpi.get("definition"), ""),
                title_id="indicator-title",
                lead_id="indicator-definition",
            ),
            html.Div(id="indicator-messages"),
            html.Div(id="indicator-context", className="text-body-secondary mb-2"),
            html.Div(id="indicator-headline"),
            about,
            *[html.Div(id=section_id, className="indicator-block") for section_id in SECTIONS],
        ],
        className="page page-indicator",
    )


# Two callbacks, so a change of characteristic (the selectors below write it to the URL)
# redraws only the breakdowns: the rest of the page depends on the KPI, area, work stream and
# period alone, and skips a filters change that leaves those as drawn (`indicator-drawn`).
@callback(
    Output("indicator-context", "children"),
    Output("indicator-headline", "children"),
    Output("indicator-trend", "children"),
    Output("indicator-inequality", "children"),
    Output("indicator-ratio", "children"),
    Output("indicator-data", "children"),
    Output("indicator-drawn", "data"),
    Input(FILTERS_STORE, "data"),
    Input("indicator-id", "data"),
    State("indicator-drawn", "data"),
)
@static_parts
def render_indicator(filters_data, indicator_id, drawn):
    data = _data(filters_data, indicator_id)
    view = data.view
    shown = [view.indicator_id, view.area_code, view.work_stream, view.period]
    if shown == drawn and dash.ctx.triggered_id == FILTERS_STORE:
        raise PreventUpdate
    context = context_text(data.kpi, view, data.area_name, data.labels)
    if view.period is None:
        detail = "This KPI has no values in the warehouse yet."
        return context, [empty_state("no_data", id="indicator-empty", detail=detail)], [], [], [], [], shown
    return (
        context,
        headline_cards(data),
        trend_section(data, data_for.trend_rows(view, data.benchmark_code)),
        inequality_section(data, data_for.inequality_rows(data)),
        ratio_section(data, data_for.ratio_rows(data), framework.characteristic_groups()),
        data_section(data),
        shown,
    )


@callback(
    Output("indicator-messages", "children"),
    Output("indicator-breakdown", "children"),
    Output("indicator-intersection", "children"),
    Output("indicator-back-link", "href"),
    Output("indicator-view", "data"),
    Input(FILTERS_STORE, "data"),
    Input("indicator-id", "data"),
)
@static_parts
def render_breakdowns(filters_data, indicator_id):
    """The breakdowns and everything else that follows every filter (the notes on filters the
    KPI cannot honour, the back link carrying them)."""
    data = _data(filters_data, indicator_id)
    view = data.view
    messages, back = option_notes(view.messages), current_filters(filters_data).href("/indicators")
    if view.period is None:
        return messages, [], [], back, {}
    return (
        messages,
        breakdown_section(data),
        intersection_section(data, framework.characteristic_groups()),
        back,
        {"breakdown": view.breakdown, "intersection": view.intersection},
    )


def _data(filters_data: Any, indicator_id: Any) -> data_for.IndicatorData:
    indicator_id = inputs.text(indicator_id, "the KPI")
    data = data_for.indicator_data(indicator_id, current_filters(filters_data)) if indicator_id else None
    if data is None:
        raise PreventUpdate
    return data


# --- selectors write the URL ---------------------------------------------------------------


def _search_with(search: str | None, shown: dict | None, key: str, choice: str | None, *characteristics: str) -> str:
    """The URL once a selector's `choice` (`key` of the view on show) is applied; a selector
    also reports its value when it is drawn, and only a value other than the one on show is a
    choice."""
    search = inputs.search(search)
    shown = shown if isinstance(shown, dict) else {}
    if not choice or choice == shown.get(key):
        raise PreventUpdate
    new_search = selector_search(search, url_state.load_options(), *characteristics)
    if new_search == (search or ""):
        raise PreventUpdate
    return new_search


# Two callbacks, not one: a section without an intersection has no second selector, and a
# callback does not fire while one of its inputs is missing from the page.
@callback(
    Output(URL, "search", allow_duplicate=True),
    Input("indicator-breakdown-select", "value"),
    State(URL, "search"),
    State("indicator-view", "data"),
    prevent_initial_call=True,
)
def choose_breakdown(breakdown, search, shown):
    breakdown = inputs.text(breakdown, "the characteristic")
    return _search_with(search, shown, "breakdown", breakdown, breakdown)


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input("indicator-intersection-select", "value"),
    State(URL, "search"),
    State("indicator-view", "data"),
    prevent_initial_call=True,
)
def choose_intersection(intersection, search, shown):
    intersection = inputs.text(intersection, "the two characteristics")
    if "*" not in (intersection or ""):
        raise PreventUpdate
    return _search_with(search, shown, "intersection", intersection, *split_intersection(intersection))


# --- downloads ---------------------------------------------------------------------------


def download_frames(indicator_id: str, filters: Filters) -> dict[str, pd.DataFrame]:
    """The tables behind the page for CSV and Excel, the About sheet first."""
    about, frames = data_for.download_tables(indicator_id, filters)
    return {"About": about_sheet(about), **frames} if frames else {}


@callback(
    Output("indicator-download", "data"),
    Input("indicator-csv", "n_clicks"),
    Input("indicator-excel", "n_clicks"),
    State(FILTERS_STORE, "data"),
    State("indicator-id", "data"),
    prevent_initial_call=True,
)
def download_indicator(_csv, _excel, filters_data, indicator_id):
    filters = current_filters(filters_data)
    indicator_id = inputs.text(indicator_id, "the KPI")
    if not indicator_id or not dash.ctx.triggered_id:
        raise PreventUpdate
    frames = download_frames(indicator_id, filters)
    if not frames:
        raise PreventUpdate
    stem = file_stem(indicator_id, filters)
    if dash.ctx.triggered_id == "indicator-excel":
        return excel_download(frames, f"{stem}.xlsx")
    return csv_download(frames["Data"], f"{stem}.csv")
