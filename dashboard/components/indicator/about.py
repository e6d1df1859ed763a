"""What a KPI is: its definition list and action plans, and the page for an unknown KPI."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.indicator.parts import table
from dashboard.components.page_options import page_heading
from dashboard.style.palette import POLARITY_TEXT
from dashboard.tables.action_plans import action_plan_table
from dashboard.tables.indicator_ratio import target_range
from dashboard.views.indicator_view import (
    domain_text,
    measure_text,
    outcome_text,
    period_type_text,
    target_text,
    threshold_text,
)
from dashboard.views.kpi_definitions import recorded

MAX_SHOWN_ID = 60


def not_found(indicator_id: str | None) -> html.Div:
    shown = (indicator_id or "").strip()
    if len(shown) > MAX_SHOWN_ID:
        shown = shown[: MAX_SHOWN_ID - 1] + "…"
    return html.Div(
        [
            *page_heading("Indicator not found"),
            html.P(f"No indicator called '{shown}'.", id="indicator-not-found"),
            html.P(
                [
                    "It may have been renamed or removed from the framework. ",
                    dcc.Link("See the list of indicators", href="/indicators", id="indicator-list-link"),
                    ".",
                ]
            ),
        ],
        className="page page-indicator",
    )


def _item(term: str, description: Any) -> list[Any]:
    if description is None or (isinstance(description, float) and pd.isna(description)):
        description = "Not recorded"
    return [html.Dt(term, className="col-sm-4"), html.Dd(description, className="col-sm-8")]


def action_plans(indicator_id: str, plans: pd.DataFrame) -> html.Div:
    if plans.empty:
        return html.Div(
            [
                html.H3("Action plans", className="h5 mt-3"),
                html.P("No action plan is recorded for this KPI.", id="indicator-no-actions"),
            ],
        )
    return html.Div(
        [
            html.H3("Action plans", className="h5 mt-3"),
            table(
                action_plan_table(plans),
                f"Action plans for {indicator_id}",
                row_header="Action",
                id="indicator-actions-table",
            ),
        ]
    )


def about_section(kpi: dict[str, Any], source: str, work_streams: str, plans: pd.DataFrame) -> html.Section:
    """The KPI's definition in two columns, then its action plans."""
    left = [
        *_item("Outcome", outcome_text(kpi)),
        *_item("EDS 2022 domain", domain_text(kpi)),
        *_item("Director lead", recorded(kpi.get("lead_role"))),
        *_item("Work streams", work_streams),
        *_item("Source", source),
        *_item("Reported by", period_type_text(kpi)),
    ]
    right = [
        *_item("Measure", measure_text(kpi)),
        *_item("Better is", POLARITY_TEXT.get(kpi.get("polarity") or "", "Not stated")),
        *_item("Target range" if target_range(kpi) else "Target", target_text(kpi)),
        *_item("Numerator", recorded(kpi.get("numerator_rule"))),
        *_item("Denominator", recorded(kpi.get("denominator_rule"))),
        *_item("Method", recorded(kpi.get("method"), recorded(kpi.get("calculation")))),
        *_item("Publication threshold", threshold_text(kpi)),
    ]
    return html.Section(
        [
            html.H2("About this indicator", className="h4", id="indicator-about-heading"),
            dbc.Row(
                [
                    dbc.Col(html.Dl(left, className="row mb-0 indicator-definition"), lg=6),
                    dbc.Col(html.Dl(right, className="row mb-0 indicator-definition"), lg=6),
                ]
            ),
            action_plans(kpi["indicator_id"], plans),
        ],
        id="indicator-about",
        className="indicator-section",
        **{"aria-labelledby": "indicator-about-heading"},
    )
