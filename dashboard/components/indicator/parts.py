"""The blocks every section of the KPI detail page is made of."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.page_options import GRAPH_CONFIG
from dashboard.components.tables import accessible_table, columns_as_written, table_alternative


def table(df: pd.DataFrame, caption: str, **options: Any) -> html.Div:
    """An accessible table whose column names are already the words people read."""
    return accessible_table(df, caption, columns=columns_as_written(df), **options)


def hidden_table(df: pd.DataFrame, caption: str, **options: Any) -> html.Details:
    """A chart's table alternative, closed until opened."""
    return table_alternative(df, caption, columns=columns_as_written(df), **options)


def graph(graph_id: str, figure: Any, caption: str) -> html.Figure:
    return html.Figure(
        [
            dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG),
            html.Figcaption(caption, className="small text-body-secondary"),
        ],
        className="mb-2",
    )


def section(section_id: str, heading: str, children: list[Any]) -> html.Section:
    return html.Section(
        [html.H2(heading, className="h4", id=f"{section_id}-heading"), *children],
        className="indicator-section",
        **{"aria-labelledby": f"{section_id}-heading"},
    )


def no_data(section_id: str, heading: str) -> list[Any]:
    """A section that has nothing to show for this area and period."""
    return [section(section_id, heading, [empty_state("no_data", id=f"{section_id}-empty")])]
