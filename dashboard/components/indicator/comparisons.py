"""A KPI compared across deprivation quintiles (slope index of inequality) and, for a
relative likelihood, across areas against its no-adverse-impact band."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard.components.indicator.parts import graph, hidden_table, no_data, section
from dashboard.figures.indicator_inequality import inequality_figure
from dashboard.figures.indicator_ratio import ratio_figure
from dashboard.state.url_state import ALL
from dashboard.tables.indicator_breakdown import group_measure_type
from dashboard.tables.indicator_inequality import inequality_table, inequality_text
from dashboard.tables.indicator_ratio import ratio_sentence, ratio_table, target_range
from dashboard.views.indicator import IndicatorData, shows_inequality, shows_ratio
from dashboard.views.indicator_view import ratio_groups_text

INEQUALITY, INEQUALITY_HEADING = "indicator-inequality", "Inequality across deprivation"
RATIO, RATIO_HEADING = "indicator-ratio", "Relative likelihood"
NO_ADVERSE_IMPACT = (0.8, 1.25)


def inequality_section(data: IndicatorData, inequalities: pd.DataFrame) -> list[Any]:
    """`inequalities`: the marts' slope and relative index of inequality for the area."""
    kpi, view, area_name = data.kpi, data.view, data.area_name
    if not shows_inequality(data):
        return []
    measure = group_measure_type(kpi.get("measure_type"))
    unit = "%" if kpi.get("measure_type") == "ratio" else kpi.get("unit")
    part = data.rows[data.rows["breakdown"] == "imd_quintile"]
    if part.empty or view.period is None:
        return no_data(INEQUALITY, INEQUALITY_HEADING)
    text = inequality_text(
        inequalities.iloc[0].to_dict() if not inequalities.empty else None,
        measure_type=measure,
        unit=unit,
        polarity=kpi.get("polarity"),
        area_name=area_name,
    )
    return [
        section(
            INEQUALITY,
            INEQUALITY_HEADING,
            [
                html.P(text, id="indicator-inequality-text"),
                graph(
                    "indicator-inequality-graph",
                    inequality_figure(part, measure_type=measure, unit=unit),
                    f"{kpi['title']} in each deprivation quintile (1 = most deprived), "
                    f"{area_name}, {view.period}, with 95% confidence intervals.",
                ),
                hidden_table(
                    inequality_table(part, measure_type=measure, unit=unit),
                    f"{kpi['indicator_id']} by deprivation quintile, {area_name}",
                    row_header="Deprivation quintile",
                ),
            ],
        )
    ]


def ratio_section(data: IndicatorData, areas: pd.DataFrame, groups: pd.DataFrame) -> list[Any]:
    """`areas`: the period's overall rows for every area; `groups`: the framework's groups
    (to name the two groups the ratio compares)."""
    kpi, view = data.kpi, data.view
    if not shows_ratio(data):
        return []
    areas = areas[areas["group_code"] == ALL]
    value_range = target_range(kpi) or NO_ADVERSE_IMPACT
    if areas.empty:
        return no_data(RATIO, RATIO_HEADING)
    own = areas[areas["area_code"] == view.area_code]
    sentence = ratio_sentence(
        own.iloc[0].to_dict() if not own.empty else None,
        area_name=data.area_name,
        ratio_groups=ratio_groups_text(kpi, groups),
        value_range=value_range,
    )
    return [
        section(
            RATIO,
            RATIO_HEADING,
            [
                html.P(sentence, id="indicator-ratio-text"),
                graph(
                    "indicator-ratio-graph",
                    ratio_figure(areas, selected_area=view.area_code, value_range=value_range),
                    f"Relative likelihood with 95% confidence intervals for Greater Manchester "
                    f"and each locality, {view.period}. The shaded band is the "
                    f"{value_range[0]:.2f} to {value_range[1]:.2f} range treated as no adverse "
                    "impact; marker shapes say whether each area is within it.",
                ),
                hidden_table(
                    ratio_table(areas, selected_area=view.area_code),
                    f"{kpi['indicator_id']} relative likelihood by area, {view.period}",
                    row_header="Area",
                ),
            ],
        )
    ]
