"""Patient experience (`/patient-experience`): survey questions x characteristic x locality,
with the number of respondents beside every figure.

Filters: locality and work stream (the shared bar), and the page's own question, characteristic,
group (for the trend) and period (only the periods the question has), all kept in the URL:
`/patient-experience?question=PX_DIGNITY&characteristic=disability&locality=E08000003`.

Sections: each group's % positive with its 95% CI and respondents; every question by group;
every locality by group; and one group's trend against all respondents. The questions are the
framework's patient-experience KPIs with breakdowns, so a new question needs no code change.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.download import csv_download, download_buttons
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.grid_table import grid_table
from dashboard.components.page_options import (
    kpi_links,
    option_notes,
    option_select,
    options_bar,
    page_graph,
    page_heading,
    page_section,
    selected_note,
)
from dashboard.components.static_html import static_parts
from dashboard.components.tables import table_alternative
from dashboard.figures import patient_experience as px
from dashboard.figures.indicator_breakdown import breakdown_figure
from dashboard.figures.indicator_trend import trend_figure
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.page_parameters import changed_option, first_value
from dashboard.state.url_state import ALL, LATEST, Filters
from dashboard.style.formatting import format_value
from dashboard.style.words import in_sentence
from dashboard.tables import patient_experience as experience_tables
from dashboard.tables.downloads import INDICATOR_VALUE_COLUMNS, download_columns
from dashboard.tables.indicator_breakdown import breakdown_summary, breakdown_table
from dashboard.warehouse import framework, indicators

dash.register_page(
    __name__,
    path="/patient-experience",
    name="Patient experience",
    title="Patient experience by characteristic and locality — GM Equality Outcomes",
    description="How patients in each group rated their care, by question, locality and work "
    "stream, with the number of respondents.",
    order=5,
    filters=("locality", "work_stream"),
)

SOURCE = "patient_experience"
QUESTION = "question"  # this page's own URL parameter
DEFAULT_QUESTION = "PX_OVERALL"
DEFAULT_CHARACTERISTIC = "ethnic_group"
AUTOMATIC_GROUP = ALL  # the trend shows the lowest-scoring group until one is chosen

CONTROL_IDS = {
    QUESTION: "px-question",
    "characteristic": "px-characteristic",
    "group": "px-group",
    "period": "px-period",
}


class View(NamedTuple):
    """The page's validated choices and notes about values it could not use.

    (A NamedTuple, not a dataclass: Dash imports page modules outside `sys.modules`.)"""

    area_code: str
    area_name: str
    question: str
    question_title: str
    measure_type: str | None
    unit: str | None
    characteristic: str
    characteristic_label: str
    group: str
    period: str
    work_stream: str
    work_stream_name: str
    notes: tuple[str, ...] = ()

    @property
    def period_text(self) -> str:
        return "the latest period" if self.period == LATEST else self.period


# --- choices --------------------------------------------------------------------------------


def questions() -> pd.DataFrame:
    """The patient-experience KPIs that are broken down by some characteristic."""
    kpis = framework.kpis()
    has_breakdowns = kpis["breakdowns"].map(lambda b: b is not None and len(b) > 0)
    return kpis[(kpis["source"] == SOURCE) & has_breakdowns]


def default_question() -> str:
    """The framework's overall experience question if it has one, else its first question."""
    ids = list(questions()["indicator_id"])
    return DEFAULT_QUESTION if DEFAULT_QUESTION in ids else (ids[0] if ids else "")


def question_options() -> list[dict[str, str]]:
    return [
        {"label": r.get("short_title") or r["title"], "value": r["indicator_id"]}
        for r in questions().to_dict("records")
    ]


def characteristic_options(question: str) -> list[dict[str, str]]:
    """The single characteristics (not intersections) the question is broken down by."""
    kpi = framework.kpi(question) or {}
    characteristics = framework.characteristics()
    labels = dict(zip(characteristics["breakdown"], characteristics["breakdown_label"], strict=True))
    order = dict(zip(characteristics["breakdown"], characteristics["sort_order"], strict=True))
    breakdowns = kpi.get("breakdowns")
    codes = [b for b in ([] if breakdowns is None else list(breakdowns)) if "*" not in b and b in labels]
    codes.sort(key=lambda code: order.get(code, 999))
    return [{"label": labels[code], "value": code} for code in codes]


def group_options(characteristic: str) -> list[dict[str, str]]:
    groups = framework.characteristic_groups(characteristic)
    return [{"label": "Lowest-scoring group (automatic)", "value": AUTOMATIC_GROUP}] + [
        {"label": r["group_label"], "value": r["group_code"]} for r in groups.to_dict("records")
    ]


def question_work_stream(question: str, work_stream: str) -> str:
    """The work stream the question is reported for: the chosen one if it has values for it,
    else all work streams."""
    coverage = indicators.indicator_coverage(question)
    return work_stream if work_stream in set(coverage["work_stream"]) else ALL


def period_options(question: str, work_stream: str) -> list[dict[str, str]]:
    coverage = indicators.indicator_coverage(question)
    rows = coverage[coverage["work_stream"] == question_work_stream(question, work_stream)]
    rows = rows.drop_duplicates("period").sort_values("period_sort", ascending=False)
    return [{"label": "Latest available", "value": LATEST}] + [{"label": p, "value": p} for p in rows["period"]]


def read_view(search: str | None) -> View:
    """The view a query string asks for; values this page cannot use fall back with a note."""
    options = url_state.load_options()
    parsed = url_state.parse_query(search, options)
    filters = parsed.filters
    notes: list[str] = []
    kpis = questions()
    ids = list(kpis["indicator_id"])
    question = first_value(dict(parsed.extra).get(QUESTION)) or default_question()
    if question not in ids:
        notes.append(f"Unknown question '{question[:40]}': showing the first question.")
        question = default_question()
    kpi = framework.kpi(question) or {}
    characteristics = {o["value"]: o["label"] for o in characteristic_options(question)}
    characteristic = filters.characteristic
    if characteristic not in characteristics:
        fallback = (
            DEFAULT_CHARACTERISTIC if DEFAULT_CHARACTERISTIC in characteristics else next(iter(characteristics), "")
        )
        if characteristic != ALL:
            label = options.label("characteristic", characteristic)
            notes.append(
                f"This question is not broken down by {in_sentence(label)}: showing "
                f"{in_sentence(characteristics.get(fallback, fallback))}."
            )
        characteristic = fallback
    group = filters.group if filters.characteristic == characteristic else AUTOMATIC_GROUP
    work_stream = question_work_stream(question, filters.work_stream)
    if work_stream != filters.work_stream:
        notes.append(
            f"“{kpi.get('short_title') or question}” is not reported for the "
            f"{options.label('work_stream', filters.work_stream)} work stream: showing all work "
            "streams."
        )
    period = filters.period
    if period != LATEST and period not in {o["value"] for o in period_options(question, work_stream)}:
        notes.append(f"No results for {period} for this question: showing the latest period.")
        period = LATEST
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    return View(
        area_code=filters.locality,
        area_name=names.get(filters.locality, filters.locality),
        question=question,
        question_title=str(kpi.get("short_title") or kpi.get("title") or question),
        measure_type=kpi.get("measure_type"),
        unit=kpi.get("unit"),
        characteristic=characteristic,
        characteristic_label=characteristics.get(characteristic, characteristic),
        group=group,
        period=period,
        work_stream=work_stream,
        work_stream_name=options.label("work_stream", work_stream),
        notes=tuple(notes),
    )


# --- layout ---------------------------------------------------------------------------------


def layout(
    question: Any = None,
    characteristic: Any = None,
    group: Any = None,
    period: Any = None,
    work_stream: Any = None,
    **_query: Any,
) -> html.Div:
    question = first_value(question)
    if question not in {o["value"] for o in question_options()}:
        question = default_question()
    characteristic = first_value(characteristic)
    characteristics = characteristic_options(question)
    codes = [o["value"] for o in characteristics]
    if characteristic not in codes:
        characteristic = DEFAULT_CHARACTERISTIC if DEFAULT_CHARACTERISTIC in codes else ""
    stream = question_work_stream(question, first_value(work_stream) or ALL)
    return html.Div(
        [
            *page_heading(
                "Patient experience by characteristic and locality",
                "How patients in each group answered the experience questions: the share "
                "answering positively (4 or 5 out of 5), with its 95% confidence interval and "
                "the number of people who answered. Groups whose ethnicity, disability or other "
                "characteristic is not stated or not known are shown too: how much is unknown "
                "matters. Figures for fewer than 10 respondents are suppressed.",
            ),
            options_bar(
                [
                    option_select(CONTROL_IDS[QUESTION], "Question", question_options(), question),
                    option_select(
                        CONTROL_IDS["characteristic"],
                        "Characteristic",
                        characteristics,
                        characteristic,
                    ),
                    option_select(
                        CONTROL_IDS["group"],
                        "Group for the trend",
                        group_options(characteristic),
                        first_value(group),
                    ),
                    option_select(
                        CONTROL_IDS["period"],
                        "Period",
                        period_options(question, stream),
                        first_value(period),
                    ),
                ],
                "Patient experience options",
            ),
            html.Div(id="px-content"),
        ],
        className="page page-patient-experience",
    )


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input(CONTROL_IDS[QUESTION], "value"),
    Input(CONTROL_IDS["characteristic"], "value"),
    Input(CONTROL_IDS["group"], "value"),
    Input(CONTROL_IDS["period"], "value"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def write_choices_to_url(question, characteristic, group, period, search):
    """The page's own control that changed writes its value to the URL (the shell's filter
    bar takes it from there); a value the view already shows changes nothing."""
    values = {QUESTION: question, "characteristic": characteristic, "group": group,
              "period": period}  # fmt: skip
    view = read_view(search)
    shown = {QUESTION: view.question, "characteristic": view.characteristic,
             "group": view.group, "period": view.period}  # fmt: skip
    parameter = changed_option(CONTROL_IDS, values, shown)
    changes = {parameter: values[parameter]}
    if parameter == QUESTION and question == default_question():
        changes[QUESTION] = None
    if parameter == "group":  # a group belongs to a characteristic: name both
        changes["characteristic"] = view.characteristic
    return url_state.set_parameters(search, url_state.load_options(), changes)


# --- the data behind each section -----------------------------------------------------------


def group_values(view: View) -> pd.DataFrame:
    return indicators.indicator_values(
        view.question,
        period=view.period,
        area_codes=(view.area_code,),
        work_stream=view.work_stream,
        breakdowns=(ALL, view.characteristic),
    )


def question_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    kpis = questions()
    values = indicators.values_for_indicators(
        tuple(kpis["indicator_id"]),
        period=view.period,
        area_codes=(view.area_code,),
        work_stream=view.work_stream,
        breakdowns=(ALL, view.characteristic),
    )
    return kpis, values


def locality_values(view: View) -> pd.DataFrame:
    return indicators.indicator_values(
        view.question,
        period=view.period,
        work_stream=view.work_stream,
        breakdowns=(ALL, view.characteristic),
    )


def trend_values(view: View) -> pd.DataFrame:
    return indicators.indicator_values(
        view.question,
        period="all",
        area_codes=(view.area_code,),
        work_stream=view.work_stream,
        breakdowns=(ALL, view.characteristic),
    )


def trend_group(view: View, groups: pd.DataFrame) -> str | None:
    return view.group if view.group != AUTOMATIC_GROUP else experience_tables.lowest_group(groups)


# --- rendering ------------------------------------------------------------------------------


def _positive_grid(grid: pd.DataFrame, **table_options: Any) -> list[Any]:
    """A grid of each group's % positive (a column per group), each cell coloured by the marts'
    comparison with the reference group, so significance leads and a small group's extreme
    value does not look like a finding; the value and n are written in the cell."""
    return [
        html.P("Each cell is coloured by its comparison with the reference group (95% confidence): "
               "significantly better, similar or worse; the % positive and the number of "
               "respondents are written in it.", className="small mb-1"),
        grid_table(
            grid,
            note="note",
            status="status",
            shade="shade",
            shading="status",
            column_order=experience_tables.group_columns(grid),
            **table_options,
        ),
    ]  # fmt: skip


def groups_section(view: View, values: pd.DataFrame) -> html.Section:
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


def questions_section(view: View, filters: Filters) -> html.Section:
    kpis, values = question_values(view)
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
    return page_section(
        "px-questions",
        title,
        [
            html.P(
                f"{view.area_name}. Percentage answering positively, with the number of "
                "respondents. Each question shows its own latest period up to the one chosen"
                + (
                    f"; questions not reported by work stream show all work streams, the others "
                    f"{in_sentence(view.work_stream_name)}."
                    if view.work_stream != ALL
                    else "."
                ),
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


def localities_section(view: View) -> html.Section:
    values = locality_values(view)
    title = f"{view.question_title}: every locality by {in_sentence(view.characteristic_label)}"
    if values.empty:
        return page_section("px-localities", title, [empty_state("no_data", id="px-localities-empty")])
    grid = experience_tables.localities_grid(values, view.measure_type, view.unit)
    areas = framework.localities()["area_name"].tolist()
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
                row_order=areas,
                row_notes=selected_note(view.area_name, areas),
                corner="Locality",
                caption=f"{view.question_title} by locality and {in_sentence(view.characteristic_label)}",
                table_id="px-locality-grid",
            ),
            download_buttons("px-localities", label="this table"),
        ],
    )


def trend_section(view: View, groups: pd.DataFrame) -> html.Section:
    code = trend_group(view, groups)
    labels = dict(
        zip(
            framework.characteristic_groups(view.characteristic)["group_code"],
            framework.characteristic_groups(view.characteristic)["group_label"],
            strict=True,
        )
    )
    title = "Trend over time"
    if code is None:
        return page_section("px-trend", title, [empty_state("no_data", id="px-trend-empty")])
    label = labels.get(code, code)
    frame = experience_tables.trend_frame(trend_values(view), code)
    if frame.empty:
        return page_section("px-trend", title, [empty_state("no_data", id="px-trend-empty")])
    how = (
        " (the stated group with the lowest value in the period above; choose a group in the options to see another)"
        if view.group == AUTOMATIC_GROUP
        else ""
    )
    kpi = framework.kpi(view.question) or {}
    figure = trend_figure(
        frame,
        area_code=experience_tables.TREND_GROUP,
        benchmark_code=experience_tables.TREND_ALL,
        area_name=label,
        benchmark_name=experience_tables.ALL_LABEL,
        measure_type=view.measure_type,
        unit=view.unit,
        target=kpi.get("target"),
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
                experience_tables.trend_table(frame, label, view.measure_type, view.unit),
                f"{view.question_title}: {label} and all respondents by period",
            ),
            download_buttons("px-trend", label="the trend"),
        ],
    )


@callback(
    Output("px-content", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
)
@static_parts
def render_patient_experience(filters_data, search):
    filters = current_filters(filters_data)
    view = read_view(search)
    notes = option_notes(view.notes)
    if not view.question:
        return [
            *notes,
            empty_state(
                "no_kpis",
                title="No patient experience questions",
                detail="The framework has no patient experience KPIs.",
            ),
        ]
    values = group_values(view)
    context = html.P(
        [
            html.Strong(view.area_name),
            f" · {view.question_title} · {view.characteristic_label} · {view.work_stream_name} · "
            f"Period: {view.period_text} · ",
            dcc.Link("Definition and method", href=filters.href(f"/indicators/{view.question}")),
        ],
        id="px-context",
        className="text-body-secondary",
    )
    groups = values[values["breakdown"] == view.characteristic]
    return [
        *notes,
        context,
        groups_section(view, values),
        questions_section(view, filters),
        localities_section(view),
        trend_section(view, groups),
        html.P(
            ["Every question's definition: "] + kpi_links(questions(), filters.href),
            className="small mt-3",
        ),
    ]


# --- downloads ------------------------------------------------------------------------------

# The survey results have no 99.8% limits, benchmark, ratio limits, trend or target.
DOWNLOAD_COLUMNS = [
    c
    for c in INDICATOR_VALUE_COLUMNS
    if c not in {"breakdown_label", "lower_ci_99_8", "upper_ci_99_8", "benchmark_value", "ratio_lower_ci_95",
                 "ratio_upper_ci_95", "trend", "change_since_previous", "target", "rag"}
]  # fmt: skip


def download_table(section: str, search: str | None) -> pd.DataFrame:
    """The rows behind one section (respondents are `denominator`, positive answers
    `numerator`); suppression is applied on export."""
    view = read_view(search)
    if section == "groups":
        frame = group_values(view)
    elif section == "questions":
        frame = question_values(view)[1]
    elif section == "localities":
        frame = locality_values(view)
    else:
        values = trend_values(view)
        groups = group_values(view)
        code = trend_group(view, groups[groups["breakdown"] == view.characteristic])
        frame = values[values["group_code"].isin([code, ALL])] if code else values.iloc[0:0]
    return download_columns(frame, DOWNLOAD_COLUMNS)


def _csv(section: str):
    def download(_clicks, search):
        return csv_download(download_table(section, search), f"patient-experience-{section}.csv")

    return download


for _section in ("groups", "questions", "localities", "trend"):
    callback(
        Output(f"px-{_section}-download", "data"),
        Input(f"px-{_section}-csv", "n_clicks"),
        State(URL, "search"),
        prevent_initial_call=True,
    )(_csv(_section))
