"""Patient experience (`/patient-experience`): survey questions x characteristic x locality,
with the number of respondents beside every figure.

Filters: locality and work stream (the shared bar), and the page's own question, characteristic,
group (for the trend) and period (only the periods the question has), all kept in the URL:
`/patient-experience?question=PX_DIGNITY&characteristic=disability&locality=E08000003`.

The choices and rows are read in `dashboard.views.patient_experience`; the sections (each
group's % positive, every question by group, every locality by group, one group's trend) are
drawn by `dashboard.components.patient_experience`.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, callback, html

from dashboard.components.cards import empty_state
from dashboard.components.download import csv_download
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.page_options import kpi_links, option_notes, option_select, options_bar, page_heading
from dashboard.components.patient_experience import (
    context_line,
    groups_section,
    localities_section,
    questions_section,
    trend_section,
)
from dashboard.components.static_html import static_parts
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.page_parameters import changed_option, first_value
from dashboard.state.url_state import ALL
from dashboard.views.patient_experience import (
    DEFAULT_CHARACTERISTIC,
    QUESTION,
    characteristic_options,
    default_question,
    download_table,
    group_options,
    group_trend,
    group_values,
    locality_values,
    period_options,
    question_options,
    question_values,
    question_work_stream,
    questions,
    read_view,
)
from dashboard.warehouse import framework

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

CONTROL_IDS = {
    QUESTION: "px-question",
    "characteristic": "px-characteristic",
    "group": "px-group",
    "period": "px-period",
}


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
    values = {QUESTION: question, "characteristic": characteristic, "group": group, "period": period}
    view = read_view(search)
    shown = {QUESTION: view.question, "characteristic": view.characteristic, "group": view.group, "period": view.period}
    parameter = changed_option(CONTROL_IDS, values, shown)
    changes = {parameter: values[parameter]}
    if parameter == QUESTION and question == default_question():
        changes[QUESTION] = None
    if parameter == "group":  # a group belongs to a characteristic: name both
        changes["characteristic"] = view.characteristic
    return url_state.set_parameters(search, url_state.load_options(), changes)


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
    groups = values[values["breakdown"] == view.characteristic]
    return [
        *notes,
        context_line(view, filters),
        groups_section(view, values),
        questions_section(view, filters, *question_values(view)),
        localities_section(view, locality_values(view), framework.localities()["area_name"].tolist()),
        trend_section(view, group_trend(view, groups)),
        html.P(
            ["Every question's definition: "] + kpi_links(questions(), filters.href),
            className="small mt-3",
        ),
    ]


# --- downloads ------------------------------------------------------------------------------


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
