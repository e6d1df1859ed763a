"""A KPI's trend over time for the area, against the benchmark (GM)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard.components.indicator.parts import graph, hidden_table, no_data, section
from dashboard.figures.indicator_trend import trend_figure
from dashboard.state.url_state import ALL
from dashboard.style.palette import trend_text
from dashboard.tables.cells import value_with_interval
from dashboard.tables.indicator_ratio import target_range
from dashboard.tables.indicator_trend import change_text, trend_table
from dashboard.views.indicator import IndicatorData
from dashboard.views.indicator_view import target_caption
from dashboard.warehouse.conventions import is_true

SECTION, HEADING = "indicator-trend", "Trend over time"


def _summary(data: IndicatorData, own: pd.DataFrame) -> str:
    kpi, view, area_name = data.kpi, data.view, data.area_name
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    current = own[own["period"] == view.period]
    latest = current.iloc[0].to_dict() if not current.empty else None
    if latest is not None and not is_true(latest.get("suppressed")):
        _, words = trend_text(latest.get("trend"), kpi.get("polarity"))
        return (
            f"{area_name}, {view.period}: {value_with_interval(latest, measure, unit)}. "
            f"Recent trend (up to five periods): {words.lower()}. "
            f"Change since the previous period: {change_text(latest, measure)}."
        )
    if latest is not None:
        return f"{area_name}, {view.period}: suppressed (too few people to publish)."
    return f"No value for {area_name} in {view.period}."


def trend_section(data: IndicatorData, trend: pd.DataFrame) -> list[Any]:
    """`trend`: every period's overall rows for the area and the benchmark."""
    trend = trend[trend["group_code"] == ALL]
    if trend.empty:
        return no_data(SECTION, HEADING)
    kpi, view, area_name = data.kpi, data.view, data.area_name
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    value_range = target_range(kpi)
    figure = trend_figure(
        trend,
        area_code=view.area_code,
        benchmark_code=data.benchmark_code,
        area_name=area_name,
        benchmark_name=data.benchmark_name,
        measure_type=measure,
        unit=unit,
        target=None if value_range else kpi.get("target"),
        target_range=value_range,
    )
    own = trend[trend["area_code"] == view.area_code].sort_values("period_sort")
    table = trend_table(
        trend, area_code=view.area_code, benchmark_code=data.benchmark_code, measure_type=measure, unit=unit
    )
    comparison = "" if view.area_code == data.benchmark_code else f" and {data.benchmark_name} (dashed line)"
    return [
        section(
            SECTION,
            HEADING,
            [
                html.P(_summary(data, own), id="indicator-trend-summary"),
                graph(
                    "indicator-trend-graph",
                    figure,
                    f"{kpi['title']}: {area_name} over time with 95% confidence intervals"
                    f"{comparison}; {target_caption(kpi)}.",
                ),
                hidden_table(table, f"{kpi['indicator_id']} by period, {area_name}", row_header="Period"),
            ],
        )
    ]
