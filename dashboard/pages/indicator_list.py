"""Indicators (`/indicators`): every KPI of the framework, by outcome, linking to its detail."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import page_heading
from dashboard.components.static_html import static_html, static_parts
from dashboard.state.page_filters import current_filters
from dashboard.style.palette import POLARITY_TEXT
from dashboard.warehouse import framework

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
            html.Div(id="indicator-list"),
        ],
        className="page page-indicators",
    )


@callback(Output("indicator-list", "children"), Input(FILTERS_STORE, "data"))
@static_parts
def render_indicator_list(filters_data):
    filters = current_filters(filters_data)
    kpis = framework.kpis(filters.work_stream)
    if kpis.empty:
        return empty_state("no_kpis")
    sections = []
    for (domain, outcome), group in kpis.groupby(["domain_name", "outcome_title"], sort=False,
                                                 dropna=False):  # fmt: skip
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
                    ),  # fmt: skip
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
                ],  # fmt: skip
            )
        )
    return static_html(sections)  # one component: the list can be long
