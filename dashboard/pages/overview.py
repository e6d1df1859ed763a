"""Board overview (`/`): every outcome and KPI against every locality on one printable page."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.download import csv_download, download_buttons
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import page_heading
from dashboard.components.static_html import static_html, static_parts
from dashboard.components.tartan_rug import rug_summary, tartan_rug
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import LATEST, Filters
from dashboard.style.formatting import format_date
from dashboard.style.palette import COMPARISONS, RAG
from dashboard.tables.downloads import download_columns
from dashboard.warehouse import framework, indicators

dash.register_page(
    __name__,
    path="/",
    name="Board overview",
    title="Board overview — GM Equality Outcomes",
    description="Every equality outcome and KPI for Greater Manchester and its 10 localities.",
    order=0,
    filters=("work_stream", "period"),
)

DOWNLOAD_COLUMNS = [
    "indicator_id",
    "title",
    "outcome_title",
    "period",
    "area_code",
    "area_name",
    "work_stream",
    "numerator",
    "denominator",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "benchmark_value",
    "benchmark_label",
    "comparison",
    "comparison_words",
    "target",
    "target_words",
    "rag",
    "rag_words",
    "rag_rule",
    "trend",
    "trend_words",
    "change_words",
    "population_note",
    "suppressed",
    "suppression_reason",
]


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            *page_heading(
                "Board overview",
                "Every outcome in the equality framework, with each KPI's latest value for "
                "Greater Manchester and the 10 localities. Locality cells are compared with "
                "Greater Manchester, except workforce representation (each area against its own "
                "population) and relative likelihoods (against the 0.80-1.25 band); the target "
                "and trend columns are for Greater Manchester.",
            ),
            html.Div(id="overview-content"),
            html.Div(download_buttons("overview", label="the overview"), className="d-print-none"),
        ],
        className="page page-overview",
    )


def _legend() -> html.Div:
    items = [
        html.Li(
            [
                html.Span(
                    s.symbol,
                    className="legend-swatch",
                    **{"aria-hidden": "true"},
                    style={"backgroundColor": s.background, "color": s.text},
                ),
                f" {s.label}: {s.description}",
            ]
        )
        for key, s in COMPARISONS.items()
        if key != "not compared"
    ] + [
        # the RAG rule as the framework config states it (the About page and downloads say the same)
        html.Li(
            [
                html.Span(
                    RAG[r["rag"]].symbol if r["rag"] in RAG else "–",
                    className="legend-swatch",
                    **{"aria-hidden": "true"},
                    style={
                        "backgroundColor": RAG.get(r["rag"], RAG["no target"]).background,
                        "color": RAG.get(r["rag"], RAG["no target"]).text,
                    },
                ),
                f" {r['rule']}",
            ]
        )
        for r in framework.rag_rules().to_dict("records")
    ]
    return html.Details(
        [
            html.Summary("How to read this table"),
            html.P(
                "Locality cells compare each locality with Greater Manchester (95% confidence), "
                "except representation KPIs, where each area's workforce is compared with its own "
                "population, and relative likelihoods (WRES / WDES), judged against the 0.80-1.25 "
                "band with GM shown for context. The target column shows Greater Manchester's target "
                "and whether it is met.",
                className="mb-1",
            ),
            html.Ul(items, className="legend-list"),
        ],
        className="rug-legend my-2",
    )


def _cards(summary: dict[str, int]) -> dbc.Row:
    cards = [
        stat_card(
            "KPIs shown",
            str(summary["kpis"]),
            f"across {summary['outcomes']} outcome{'s' if summary['outcomes'] != 1 else ''}",
            id="card-kpis",
        ),
        stat_card(
            "Localities significantly worse on at least one KPI",
            f"{summary['localities_worse']} of {summary['localities']}",
            f"{summary['worse_cells']} of {summary['compared_cells']} locality results "
            "are significantly worse (than GM, their own population or the 0.80-1.25 band)",
            id="card-localities-worse",
        ),
        stat_card(
            "KPIs where GM has not met its target",
            f"{summary['off_target']} of {summary['with_target']}",
            "KPIs with a target",
            id="card-off-target",
        ),
        stat_card(
            "KPIs getting worse in GM",
            str(summary["getting_worse"]),
            "significant recent trend",
            id="card-getting-worse",
        ),
    ]
    return dbc.Row([dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in cards])


def _frames(filters: Filters):
    kpis = framework.kpis(filters.work_stream)
    values = indicators.headline_values(filters.work_stream, filters.period)
    return kpis, values


@callback(Output("overview-content", "children"), Input(FILTERS_STORE, "data"))
@static_parts
def render_overview(filters_data):
    filters = current_filters(filters_data)
    kpis, values = _frames(filters)
    info = framework.framework_info()
    stream = dict(
        zip(framework.work_streams()["work_stream"], framework.work_streams()["work_stream_name"], strict=True)
    ).get(filters.work_stream, "All work streams")
    period = "the latest period of each KPI" if filters.period == LATEST else filters.period
    context = html.P(
        [
            html.Strong(info.get("title") or "Equality outcomes framework"),
            f" · Work stream: {stream} · Period: {period} · Data last updated {format_date(framework.last_updated())}",
        ],
        id="overview-context",
        className="text-body-secondary",
    )
    if kpis.empty:
        return [context, empty_state("no_kpis", id="overview-empty")]
    values = values[values["indicator_id"].isin(kpis["indicator_id"])]
    if values.empty:
        return [context, empty_state("no_data", id="overview-empty")]
    areas = framework.localities()
    benchmark = framework.benchmark_area()["area_code"]
    caption = (
        f"KPI values for Greater Manchester and the 10 localities ({stream}; {period}). "
        "Locality cells are compared with Greater Manchester at 95% confidence (representation KPIs "
        "with each area's own population, relative likelihoods with the 0.80-1.25 band)."
    )
    return [
        context,
        _cards(rug_summary(kpis, values, benchmark)),
        _legend(),
        static_html(tartan_rug(kpis, values, areas, link=filters.href, caption=caption)),
    ]


@callback(
    Output("overview-download", "data"),
    Input("overview-csv", "n_clicks"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def download_overview(_clicks, filters_data):
    filters = current_filters(filters_data)
    kpis, values = _frames(filters)
    table = values.merge(
        kpis[
            [
                c
                for c in (
                    "indicator_id",
                    "title",
                    "outcome_title",
                    "outcome_sort_order",
                    "sort_order",
                    "rag_rule",
                    "population_note",
                )
                if c in kpis.columns
            ]
        ],
        on="indicator_id",
    ).sort_values(["outcome_sort_order", "sort_order", "indicator_id"], kind="stable")
    return csv_download(download_columns(table, DOWNLOAD_COLUMNS), "board-overview.csv")
