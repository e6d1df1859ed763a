"""Every published row of a KPI for the area and period, and the page's downloads."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.components.cards import empty_state
from dashboard.components.download import download_buttons
from dashboard.components.indicator.parts import section, table
from dashboard.views.indicator import IndicatorData
from dashboard.views.indicator_view import data_table_frame


def data_section(data: IndicatorData) -> list[Any]:
    kpi = data.kpi
    children: list[Any] = [
        html.P(
            "Every published row for this KPI, area and period. Downloads contain what this "
            'page shows, with suppressed numbers replaced by the word "suppressed".',
            className="mb-1",
        ),
        html.Div(download_buttons("indicator", excel=True, label="the data"), className="d-print-none"),
    ]
    if data.rows.empty:
        children.append(empty_state("no_data", id="indicator-data-empty"))
    else:
        children.append(
            table(
                data_table_frame(kpi, data.rows, data.labels),
                f"All rows for {kpi['indicator_id']}, {data.area_name}, {data.view.period}",
                id="indicator-data-table",
                class_name="indicator-data-table",
            )
        )
    return [section("indicator-data", "Data table and downloads", children)]
