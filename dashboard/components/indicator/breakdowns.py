"""A KPI by one characteristic (with Not stated / Not known shown) and by two together, each
with the selector that writes the choice to the URL."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.components.cards import empty_state
from dashboard.components.indicator.parts import graph, hidden_table, section, table
from dashboard.figures.indicator_breakdown import breakdown_figure
from dashboard.figures.indicator_heatmap import heatmap_figure
from dashboard.state.url_state import ALL
from dashboard.style.words import in_sentence
from dashboard.tables.indicator_breakdown import breakdown_summary, breakdown_table, group_measure_type
from dashboard.tables.indicator_heatmap import heatmap_table, intersection_grid, split_intersection
from dashboard.views.indicator import IndicatorData
from dashboard.views.indicator_view import breakdown_label

BREAKDOWN, BREAKDOWN_HEADING = "indicator-breakdown", "By characteristic"
INTERSECTION, INTERSECTION_HEADING = "indicator-intersection", "Two characteristics together"
RATE_NOTE = (
    " For this relative-likelihood KPI each group's value is its own rate (%); the ratio "
    "column is its relative likelihood against the reference group."
)


def _group_measure(kpi: dict[str, Any]) -> tuple[str | None, str | None]:
    """How a group's value is measured: a relative likelihood's groups have their own rate (%)."""
    ratio = kpi.get("measure_type") == "ratio"
    return group_measure_type(kpi.get("measure_type")), "%" if ratio else kpi.get("unit")


def _selector(select_id: str, label: str, options: list[dict[str, str]], value: str | None) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=select_id, className="form-label fw-semibold mb-1"),
            dbc.Select(id=select_id, options=options, value=value),
        ],
        className="indicator-selector mb-2",
    )


def breakdown_section(data: IndicatorData) -> list[Any]:
    kpi, view, rows, labels = data.kpi, data.view, data.rows, data.labels
    if not view.breakdowns:
        only_everyone = html.P(
            "This KPI is reported for everyone only: the framework gives it no breakdown by characteristic.",
            id="indicator-no-breakdown",
        )
        return [section(BREAKDOWN, BREAKDOWN_HEADING, [only_everyone])]
    label = labels.get(view.breakdown, view.breakdown)
    part = rows[rows["breakdown"] == view.breakdown]
    measure, unit = _group_measure(kpi)
    options = [{"label": labels.get(b, b), "value": b} for b in view.breakdowns]
    children: list[Any] = [_selector("indicator-breakdown-select", "Break down by", options, view.breakdown)]
    if part.empty:
        children.append(empty_state("no_data", id="indicator-breakdown-empty"))
        return [section(BREAKDOWN, BREAKDOWN_HEADING, children)]
    overall_rows = rows[(rows["breakdown"] == ALL) & (rows["group_code"] == ALL)]
    ratio = kpi.get("measure_type") == "ratio"
    overall = None if ratio or overall_rows.empty else overall_rows.iloc[0].to_dict()
    figure = breakdown_figure(part, measure_type=measure, unit=unit, overall=overall, characteristic_label=label)
    children += [
        html.P(
            breakdown_summary(part, measure_type=measure, unit=unit) + (RATE_NOTE if ratio else ""),
            id="indicator-breakdown-summary",
        ),
        graph(
            "indicator-breakdown-graph",
            figure,
            f"{kpi['title']} by {in_sentence(label)}, {data.area_name}, {view.period}: each group's "
            "value with its 95% confidence interval. Shapes show how each group compares with the "
            "reference group; groups not stated or not known are shown but not compared.",
        ),
        table(
            breakdown_table(part, measure_type=measure, unit=unit),
            f"{kpi['indicator_id']} by {in_sentence(label)}, {data.area_name}, {view.period}",
            row_header="Group",
            id="indicator-breakdown-table",
        ),
    ]
    return [section(BREAKDOWN, BREAKDOWN_HEADING, children)]


def intersection_section(data: IndicatorData, groups: pd.DataFrame) -> list[Any]:
    """`groups`: the framework's characteristic groups (labels and order of the grid)."""
    kpi, view, labels = data.kpi, data.view, data.labels
    if not view.intersection:
        return []
    first, second = split_intersection(view.intersection)
    options = [{"label": breakdown_label(i, labels), "value": i} for i in view.intersections]
    children: list[Any] = [
        html.P(
            "The same KPI for people in two groups at once, for example disabled women of a "
            "given ethnic group. Small groups are often suppressed.",
            className="mb-2",
        ),
        _selector("indicator-intersection-select", "Characteristics together", options, view.intersection),
    ]
    part = data.rows[data.rows["breakdown"] == view.intersection]
    if part.empty:
        children.append(empty_state("no_data", id="indicator-intersection-empty"))
        return [section(INTERSECTION, INTERSECTION_HEADING, children)]
    measure, unit = _group_measure(kpi)
    grid = intersection_grid(part, groups, view.intersection)
    row_title, column_title = labels.get(first, first), labels.get(second, second)
    figure = heatmap_figure(grid, measure_type=measure, unit=unit, row_title=row_title, column_title=column_title)
    suppressed = int(part["suppressed"].fillna(False).astype(bool).sum())
    caption = (
        f"{kpi['title']} by {in_sentence(row_title)} (rows) and {in_sentence(column_title)} "
        f"(columns), {data.area_name}, {view.period}. Darker cells have higher values; {suppressed} of "
        f"{len(part)} cells are suppressed."
    )
    children += [
        graph("indicator-heatmap-graph", figure, caption),
        hidden_table(
            heatmap_table(grid, measure_type=measure, unit=unit, row_title=row_title),
            f"{kpi['indicator_id']} by {in_sentence(breakdown_label(view.intersection, labels))}, "
            f"{data.area_name}, {view.period}",
            row_header=row_title,
            id="indicator-heatmap-table",
        ),
    ]
    return [section(INTERSECTION, INTERSECTION_HEADING, children)]
