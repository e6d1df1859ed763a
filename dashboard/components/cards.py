"""Small cards: headline numbers and the empty states shown instead of a blank chart."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

EMPTY_STATES = {
    "no_data": ("No data for this combination", "Try another period, locality or characteristic."),
    "suppressed": (
        "Suppressed: fewer than 5",
        "The numbers are too small to publish without risking identifying people.",
    ),
    "no_kpis": ("No KPIs for this work stream", "The framework gives this work stream no KPIs yet."),
}


def empty_state(
    kind: str = "no_data",
    *,
    title: str | None = None,
    detail: str | None = None,
    id: str | dict | None = None,
) -> dbc.Card:
    """A card saying why there is nothing to show ("no_data", "suppressed", "no_kpis", or
    any title/detail you give)."""
    default_title, default_detail = EMPTY_STATES.get(kind, EMPTY_STATES["no_data"])
    extra = {"id": id} if id is not None else {}
    return dbc.Card(
        dbc.CardBody(
            [
                html.P(title or default_title, className="fw-bold mb-1"),
                html.P(detail or default_detail, className="mb-0"),
            ]
        ),
        className=f"empty-state empty-state-{kind} my-3",
        **extra,
    )


def stat_card(label: str, value: str, detail: str | None = None, *, id: str | None = None) -> dbc.Card:
    """A headline number with its label: "3 of 10 localities | significantly worse on ..."."""
    extra = {"id": id} if id is not None else {}
    body = [
        html.P(label, className="stat-card-label mb-1"),
        html.P(value, className="stat-card-value mb-0"),
    ]
    if detail:
        body.append(html.P(detail, className="stat-card-detail mb-0"))
    return dbc.Card(dbc.CardBody(body), className="stat-card h-100", **extra)
