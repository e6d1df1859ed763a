"""The data-quality page's sections: how complete the equality data is, declared disability in
staff records against the staff survey, every load of every extract, the rejected records (as
counts by file, kind of reason and column, never their text) and the WRES / WDES template.
Each builder takes frames the warehouse returned and gives Dash blocks; none queries."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.completeness import band_legend, completeness_matrix
from dashboard.components.download import download_buttons
from dashboard.components.page_options import GRAPH_CONFIG
from dashboard.components.tables import accessible_table, columns_as_written, table_alternative
from dashboard.figures.completeness import disability_figure, locality_figure
from dashboard.state.url_state import LATEST, Filters
from dashboard.tables.completeness import completeness_answer, disability_sentence, disability_table, locality_table
from dashboard.tables.load_history import LOAD_COLUMNS, load_table
from dashboard.tables.rejects import SUMMARY_COLUMNS, summary_table
from dashboard.views.data_quality import Completeness

COMPLETENESS_HEADING = "How complete is our equality data?"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def completeness_section(completeness: Completeness | None, filters: Filters, area_name: str) -> html.Section:
    if completeness is None:
        detail = "Completeness is measured for financial years; choose “Latest available” or a financial year."
        return html.Section(
            [
                html.H2(COMPLETENESS_HEADING, className="h4"),
                empty_state(title="No completeness figures for this period", detail=detail, id="data-quality-empty"),
            ],
            id="data-quality-completeness",
        )
    label, by_area, here = completeness.label, completeness.by_area, completeness.here
    when = "the latest period of each source" if filters.period == LATEST else filters.period
    note = []
    if completeness.note == "default":
        text = f"Showing {label.lower()}: choose another characteristic in the filter bar."
        note = [html.P(text, className="small text-body-secondary mb-1")]
    elif completeness.note == "instead":
        text = (
            "The characteristic chosen in the filter bar is not recorded in any source; "
            f"showing {label.lower()} instead."
        )
        note = [html.P(text, className="small mb-1")]
    table = locality_table(by_area)
    answer = completeness_answer(by_area, characteristic_label=label, area_code=filters.locality, area_name=area_name)
    matrix_caption = f"Share of records not stated or not known, {area_name} ({when})"
    matrix = (
        completeness_matrix(here, caption=matrix_caption)
        if not here.empty
        else empty_state("no_data", id="data-quality-matrix-empty")
    )
    return html.Section(
        [
            html.H2(f"How complete is our {label.lower()} data?", className="h4"),
            *note,
            html.P(answer, id="data-quality-answer", className="completeness-answer"),
            html.H3(f"{label}: unknown share by locality", className="h5 mt-3"),
            dcc.Graph(
                id="data-quality-locality-chart",
                config=GRAPH_CONFIG,
                figure=locality_figure(by_area, characteristic_label=label),
            ),
            table_alternative(
                table,
                f"{label}: records not stated or not known, by area and source ({when})",
                columns=columns_as_written(table),
                id="data-quality-locality-table",
            ),
            html.H3(f"Every characteristic in {area_name}", className="h5 mt-4"),
            html.P(
                "The share of records where the characteristic is not stated or not known, by "
                "source. Darker cells have more missing; the share is printed in every cell.",
                className="small mb-1",
            ),
            band_legend(),
            matrix,
            download_buttons("data-quality-completeness", label="the completeness figures"),
        ],
        id="data-quality-completeness",
    )


def disability_section(frame: pd.DataFrame, area_name: str) -> html.Section:
    """`frame`: `workforce.declared_disability` for the area."""
    table = disability_table(frame)
    summary = (
        disability_sentence(frame, area_name)
        if not frame.empty
        else f"No staff records or staff survey results for {area_name}."
    )
    surveys = frame["survey_indicator"].dropna()
    survey = f"“{surveys.iloc[-1]}”" if not surveys.empty else "the survey"
    return html.Section(
        [
            html.H2("Declared disability: staff records against the staff survey", className="h4"),
            html.P(summary, id="data-quality-disability-summary"),
            dcc.Graph(id="data-quality-disability-chart", config=GRAPH_CONFIG, figure=disability_figure(frame)),
            html.P(
                "Staff records: the share of all staff with a disability recorded in ESR, with "
                "its 95% confidence interval. Staff survey: disabled respondents as a share of "
                f"all respondents to {survey} (respondent counts from the published results).",
                className="small",
            ),
            table_alternative(
                table,
                f"Staff who say they are disabled, {area_name}",
                columns=columns_as_written(table),
                id="data-quality-disability-table",
            ),
        ],
        id="data-quality-disability",
    )


def load_history_section(history: pd.DataFrame) -> html.Section:
    heading = html.H2("Load history", className="h4")
    if history.empty:
        detail = "Build the warehouse with `python -m pipelines build`."
        return html.Section([heading, empty_state(title="No loads recorded", detail=detail)], id="data-quality-loads")
    builds = history["build_id"].nunique()
    return html.Section(
        [
            heading,
            html.P(
                f"{len(history)} file loads in {builds} build{_plural(builds, '', 's')}, newest "
                "first. Every file must add up: rows read = rows loaded + rows rejected.",
                className="small",
            ),
            accessible_table(
                load_table(history),
                "Files loaded by each build",
                columns={c: c for c in LOAD_COLUMNS},
                id="data-quality-loads-table",
            ),
        ],
        id="data-quality-loads",
    )


def rejects_section(summary: pd.DataFrame | None, records_link: list[Any]) -> html.Section:
    """Counts, the build's kinds of reason and columns only (`reject_summary`): a rejected
    record's own text can hold personal data, so it never appears on this page.
    `records_link`: the end of the sentence saying where analysts see the records."""
    heading = html.H2("Rejected records", className="h4")
    if summary is None:
        text = "This warehouse was built before rejected records were summarised: rebuild it to see them here."
        return html.Section([heading, html.P(text, id="data-quality-rejects-summary")], id="data-quality-rejects")
    if summary.empty:
        text = "No records were rejected: every record of every file loaded."
        return html.Section([heading, html.P(text, id="data-quality-no-rejects")], id="data-quality-rejects")
    total = int(summary["rows"].sum())
    kinds = summary["reason_kind"].nunique()
    files = summary["source_file"].nunique()
    counted = (
        f"{total:,} record{_plural(total, ' was', 's were')} rejected in {files} file{_plural(files, '', 's')}, "
        f"for {kinds} kind{_plural(kinds, '', 's')} of reason. A rejected record never sinks a load and is "
        "never silently dropped: fix it in the source and rebuild."
    )
    where = [
        "Only counts, reasons and the column that failed are shown here: a rejected record's own text "
        "can hold personal data. Analysts list the records, with file, line, reason and raw text, with ",
        html.Code("python -m pipelines rejects --build latest"),
        *records_link,
    ]
    return html.Section(
        [
            heading,
            html.P(counted, id="data-quality-rejects-summary"),
            accessible_table(
                summary_table(summary),
                "Rejected records by file, kind of reason and column",
                columns={c: c for c in SUMMARY_COLUMNS},
                id="data-quality-reasons-table",
            ),
            html.P(where, className="small", id="data-quality-rejects-where"),
            download_buttons("data-quality-rejects", label="the rejects summary"),
        ],
        id="data-quality-rejects",
    )


def templates_section() -> html.Section:
    """The WRES / WDES return template trusts fill in (`python -m pipelines template wres-wdes`)."""
    return html.Section(
        [
            html.H2("WRES and WDES returns: the template", className="h4"),
            html.P(
                "Trusts fill in one row per indicator, measure, band cluster and group (a blank value is "
                "'not reported', never zero); the filled file, under any name, loads with the next build. "
                "The Excel file's Guidance sheet says what each row means.",
                className="small",
            ),
            download_buttons("data-quality-template", excel=True, label="the WRES / WDES return template"),
        ],
        id="data-quality-templates",
    )
