"""Indicators (`/indicators`): every KPI of the framework, by outcome, linking to its detail,
with its latest Greater Manchester value and RAG, and a search box over titles, ids and
definitions."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import page_heading
from dashboard.components.static_html import static_html, static_parts
from dashboard.state import inputs
from dashboard.state.page_filters import current_filters
from dashboard.style.formatting import NO_DATA_TEXT, format_value
from dashboard.style.palette import POLARITY_TEXT, rag_swatch
from dashboard.warehouse import framework, indicators
from dashboard.warehouse.conventions import is_true

SEARCH = "indicator-search"

dash.register_page(
    __name__,
    path="/indicators",
    name="Indicators",
    title="Indicators — GM Equality Outcomes",
    description="The KPIs of the equality outcomes framework, grouped by outcome.",
    order=3,
    filters=("work_stream",),
)


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            *page_heading(
                "Indicators",
                "The KPIs of the equality outcomes framework, grouped by outcome. Choose one "
                "for its definition, trend and breakdowns.",
            ),
            html.Div(
                [
                    dbc.Label("Search the KPIs", html_for=SEARCH, className="form-label small fw-semibold mb-1"),
                    dcc.Input(
                        id=SEARCH,
                        type="search",
                        debounce=0.3,
                        className="form-control form-control-sm",
                        placeholder="Title, id or words in the definition",
                    ),
                ],
                className="indicator-search mb-2 d-print-none",
                style={"maxWidth": "32rem"},
            ),
            html.P(id="indicator-count", className="small", role="status", **{"aria-live": "polite"}),
            html.Div(id="indicator-list"),
        ],
        className="page page-indicators",
    )


def matching(kpis, search: str):
    """The KPIs whose id, title, short title or definition holds every word of `search`."""
    words = search.casefold().split()
    if not words:
        return kpis
    text = (
        kpis["indicator_id"].astype(str)
        + " "
        + kpis["title"].astype(str)
        + " "
        + kpis["short_title"].fillna("").astype(str)
        + " "
        + kpis["definition"].fillna("").astype(str)
    ).str.casefold()
    keep = text.apply(lambda t: all(word in t for word in words))
    return kpis[keep]


def _latest_gm(work_stream: str) -> dict[str, dict]:
    """Each KPI's latest headline row for Greater Manchester, by indicator id."""
    gm = framework.benchmark_area().get("area_code")
    values = indicators.headline_values(work_stream)
    rows = values[values["area_code"] == gm]
    return {row["indicator_id"]: row for row in rows.to_dict("records")}


def _latest_text(kpi: dict, row: dict | None) -> list:
    """ "Latest GM value 74.2% (2024/25) · RAG: Amber" in words, never colour alone."""
    if row is None:
        return [f"Latest GM value: {NO_DATA_TEXT}"]
    value = format_value(
        row.get("value"), kpi.get("measure_type"), kpi.get("unit"), suppressed=is_true(row.get("suppressed"))
    )
    swatch = rag_swatch(row.get("rag"))
    badge = html.Span(
        f"{swatch.symbol} {swatch.label}",
        className="rag-badge",
        style={"background": swatch.background, "color": swatch.text, "padding": "0 0.35rem", "borderRadius": "3px"},
    )
    return [html.Strong(f"Latest GM value {value}"), f" ({row.get('period')}) · RAG: ", badge]


@callback(
    Output("indicator-list", "children"),
    Output("indicator-count", "children"),
    Input(FILTERS_STORE, "data"),
    Input(SEARCH, "value"),
)
@static_parts
def render_indicator_list(filters_data, search):
    filters = current_filters(filters_data)
    search = inputs.text(search, "the search") or ""
    every = framework.kpis(filters.work_stream)
    if every.empty:
        return empty_state("no_kpis"), ""
    kpis = matching(every, search)
    count = f"{len(kpis)} of {len(every)} KPIs" + (f" match '{search[:60]}'." if search.strip() else ".")
    if kpis.empty:
        return empty_state(title="No KPI matches", detail="Try fewer or other words.", id="indicator-none"), count
    latest = _latest_gm(filters.work_stream)
    sections = []
    for (domain, outcome), group in kpis.groupby(["domain_name", "outcome_title"], sort=False, dropna=False):
        items = [
            html.Li(
                [
                    dcc.Link(kpi["title"], href=filters.href(f"/indicators/{kpi['indicator_id']}")),
                    html.Span(f" ({kpi['indicator_id']})", className="text-body-secondary"),
                    html.Br(),
                    html.Span(
                        " · ".join(
                            str(p)
                            for p in (
                                kpi.get("definition"),
                                POLARITY_TEXT.get(kpi.get("polarity") or ""),
                                f"Lead: {kpi['lead_role']}" if kpi.get("lead_role") else None,
                            )
                            if p
                        ),
                        className="small",
                    ),
                    html.Br(),
                    html.Span(_latest_text(kpi, latest.get(kpi["indicator_id"])), className="small"),
                ],
                className="mb-2",
            )
            for kpi in group.to_dict("records")
        ]
        sections.append(
            html.Section(
                [
                    html.H2(str(outcome), className="h5 mt-3"),
                    html.P(str(domain), className="small text-body-secondary mb-1"),
                    html.Ul(items, className="list-unstyled"),
                ],
            )
        )
    return static_html(sections), count  # one component: the list can be long
