"""A published indicator's comparators (England, region, ICB) as context beside the GM value:
one line each, "England: 63.0% (95% CI 62.8 to 63.2)". They are never the benchmark: every
comparison on the page is with Greater Manchester, and the note says so."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard.tables.cells import value_with_interval

CONTEXT_NOTE = "Shown as published, for context only: comparisons on this page are with Greater Manchester."


def comparator_lines(rows: pd.DataFrame, measure_type: str | None, unit: str | None) -> list[str]:
    """ "England: 63.0% (95% CI 62.8 to 63.2)" per comparator row; "Suppressed" where it is."""
    lines = []
    for row in rows.to_dict("records"):
        name = row.get("area_name") if isinstance(row.get("area_name"), str) and row.get("area_name") else None
        lines.append(f"{name or row['area_code']}: {value_with_interval(row, measure_type, unit)}")
    return lines


def comparators_context(rows: pd.DataFrame, kpi: dict[str, Any], period: str) -> html.Div | None:
    """The comparators block for the indicator page, or None when the file had none."""
    if rows is None or rows.empty:
        return None
    lines = comparator_lines(rows, kpi.get("measure_type"), kpi.get("unit"))
    return html.Div(
        [
            html.P(f"Published comparators, {period}", className="fw-bold mb-1"),
            html.Ul([html.Li(line) for line in lines], className="mb-1"),
            html.P(CONTEXT_NOTE, className="small text-muted mb-0"),
        ],
        id="indicator-published-comparators",
        className="mb-3",
    )
