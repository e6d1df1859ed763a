"""The patient-experience page's sections: each group's % positive with its 95% CI and
respondents, every question by group, every locality by group, and one group's trend against
all respondents. Each builder takes the page's view and rows (`dashboard.views.patient_experience`)
and returns Dash blocks; none queries the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.download import download_buttons
from dashboard.components.grid_table import grid_table
from dashboard.components.page_options import page_graph, page_section, selected_note
from dashboard.components.tables import table_alternative
from dashboard.figures import patient_experience as px
from dashboard.figures.indicator_breakdown import breakdown_figure
from dashboard.figures.indicator_trend import trend_figure
from dashboard.state.url_state import ALL, Filters
from dashboard.style.formatting import format_value
from dashboard.style.words import in_sentence
from dashboard.tables import patient_experience as experience_tables
from dashboard.tables.indicator_breakdown import breakdown_summary, breakdown_table
from dashboard.views.patient_experience import AUTOMATIC_GROUP, GroupTrend, View

GRID_NOTE = (
    "Each cell is coloured by its comparison with the reference group (95% confidence): "
    "significantly better, similar or worse; the % positive and the number of "
    "respondents are written in it."
)


def context_line(view: View, filters: Filters) -> html.P:
    """What is on show, with a link to the question's definition."""
    return html.P(
        [
            html.Strong(view.area_name),
            f" · {view.question_title} · {view.characteristic_label} · {view.work_stream_name} · "
            f"Period: {view.period_text} · ",
            dcc.Link("Definition and method", href=filters.href(f"/indicators/{view.question}")),
        ],
        id="px-context",
        className="text-body-secondary",
    )


def _positive_grid(grid: pd.DataFrame, **table_options: Any) -> list[Any]:
    """A grid of each group's % positive (a column per group), each cell coloured by the marts'
    comparison with the reference group, so significance leads and a small group's extreme
    value does not look like a finding; the value and n are written in the cell."""
    return [
        html.P(GRID_NOTE, className="small mb-1"),
        grid_table(
            grid,
            note="note",
            status="status",
            shade="shade",
            shading="status",
            column_order=experience_tables.group_columns(grid),
            **table_options,
        ),
    ]


def groups_section(view: View, values: pd.DataFrame) -> html.Section:
    """`values`: the question's rows for the area, everyone and by the characteristic."""
    title = f"How each group answered: {view.question_title}"
    if values.empty:
        return page_section("px-groups", title, [empty_state("no_data", id="px-groups-empty")])
    overall_rows = values[values["breakdown"] == ALL]
    overall = overall_rows.iloc[0].to_dict() if not overall_rows.empty else None
    groups = values[values["breakdown"] == view.characteristic]
    period = values["period"].iloc[0]
    figure = breakdown_figure(
        groups,
        measure_type=view.measure_type,
        unit=view.unit,
        overall=overall,
        characteristic_label=view.characteristic_label,
    )
    table = breakdown_table(groups, measure_type=view.measure_type, unit=view.unit).rename(
        columns={"Numerator": "Positive answers", "Denominator": "Respondents"}
    )
    everyone = ""
    if overall and not overall.get("suppressed"):
        everyone = (
            f"Of {experience_tables.respondents_text(overall).removeprefix('n = ')} respondents, "
            f"{format_value(overall.get('value'), view.measure_type, view.unit)} answered "
            "positively. "
        )
    return page_section(
        "px-groups",
        title,
        [
            html.P(
                f"{view.area_name}, {period}, {in_sentence(view.work_stream_name)}. {everyone}"
                + breakdown_summary(groups, measure_type=view.measure_type, unit=view.unit),
                className="section-summary",
                id="px-groups-summary",
            ),
            page_graph("px-groups-chart", px.add_respondent_counts(figure, groups)),
            table_alternative(
                table,
                f"{view.question_title} by {in_sentence(view.characteristic_label)}, {view.area_name}, {period}",
            ),
            download_buttons("px-groups", label="this chart's data"),
        ],
    )


def questions_section(view: View, filters: Filters, kpis: pd.DataFrame, values: pd.DataFrame) -> html.Section:
    """`kpis`: the questions; `values`: every question's rows for the area."""
    grid = experience_tables.questions_grid(values, kpis)
    title = f"Every question by {in_sentence(view.characteristic_label)}"
    if grid.empty:
        return page_section("px-questions", title, [empty_state("no_data", id="px-questions-empty")])
    titles = kpis["short_title"].fillna(kpis["title"]).tolist()
    broken_down = set(grid.loc[grid["breakdown"] == view.characteristic, "row_label"])
    messages = {
        t: f"Not broken down by {in_sentence(view.characteristic_label)}" for t in titles if t not in broken_down
    }
    periods = grid.drop_duplicates("row_label").set_index("row_label")["period"].to_dict()
    links = {t: filters.href(f"/indicators/{k}") for t, k in zip(titles, kpis["indicator_id"], strict=True)}
    by_work_stream = (
        f"; questions not reported by work stream show all work streams, the others "
        f"{in_sentence(view.work_stream_name)}."
        if view.work_stream != ALL
        else "."
    )
    return page_section(
        "px-questions",
        title,
        [
            html.P(
                f"{view.area_name}. Percentage answering positively, with the number of "
                "respondents. Each question shows its own latest period up to the one chosen" + by_work_stream,
                className="section-summary",
            ),
            *_positive_grid(
                grid,
                row_order=titles,
                row_links=links,
                row_notes={t: str(p) for t, p in periods.items()},
                row_messages=messages,
                corner="Question",
                caption=f"Patient experience questions by {in_sentence(view.characteristic_label)}, {view.area_name}",
                table_id="px-question-grid",
            ),
            download_buttons("px-questions", label="this table"),
        ],
    )


def localities_section(view: View, values: pd.DataFrame, areas: Sequence[str]) -> html.Section:
    """`values`: the question's rows for every area; `areas`: area names in their order."""
    title = f"{view.question_title}: every locality by {in_sentence(view.characteristic_label)}"
    if values.empty:
        return page_section("px-localities", title, [empty_state("no_data", id="px-localities-empty")])
    grid = experience_tables.localities_grid(values, view.measure_type, view.unit)
    return page_section(
        "px-localities",
        title,
        [
            html.P(
                f"{values['period'].iloc[0]}, {in_sentence(view.work_stream_name)}. Symbols mark "
                "groups significantly better or worse than the reference group in the same "
                "locality.",
                className="section-summary",
            ),
            *_positive_grid(
                grid,
                row_order=list(areas),
                row_notes=selected_note(view.area_name, list(areas)),
                corner="Locality",
                caption=f"{view.question_title} by locality and {in_sentence(view.characteristic_label)}",
                table_id="px-locality-grid",
            ),
            download_buttons("px-localities", label="this table"),
        ],
    )


def trend_section(view: View, trend: GroupTrend | None) -> html.Section:
    if trend is None or trend.frame.empty:
        return page_section("px-trend", "Trend over time", [empty_state("no_data", id="px-trend-empty")])
    label = trend.group_label
    how = (
        " (the stated group with the lowest value in the period above; choose a group in the options to see another)"
        if view.group == AUTOMATIC_GROUP
        else ""
    )
    figure = trend_figure(
        trend.frame,
        area_code=experience_tables.TREND_GROUP,
        benchmark_code=experience_tables.TREND_ALL,
        area_name=label,
        benchmark_name=experience_tables.ALL_LABEL,
        measure_type=view.measure_type,
        unit=view.unit,
        target=view.target,
    )
    return page_section(
        "px-trend",
        f"Trend: {label} compared with all respondents",
        [
            html.P(
                f"{view.area_name}, {in_sentence(view.work_stream_name)}: {label}{how}, with 95% "
                "confidence intervals, against all respondents (dashed).",
                className="section-summary",
                id="px-trend-summary",
            ),
            page_graph("px-trend-chart", figure),
            table_alternative(
                experience_tables.trend_table(trend.frame, label, view.measure_type, view.unit),
                f"{view.question_title}: {label} and all respondents by period",
            ),
            download_buttons("px-trend", label="the trend"),
        ],
    )
