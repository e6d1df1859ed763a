"""What the patient-experience page (`/patient-experience`) shows: the questions (the
framework's patient-experience KPIs with breakdowns, so a new question needs no code change),
the choices a query string asks for once checked (with a note for each value the page cannot
use), and the rows behind each section and download.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.state import url_state
from dashboard.state.page_parameters import first_value
from dashboard.state.url_state import ALL, LATEST
from dashboard.style.words import in_sentence
from dashboard.tables import patient_experience as experience_tables
from dashboard.tables.downloads import INDICATOR_VALUE_COLUMNS, download_columns
from dashboard.warehouse import framework, indicators

SOURCE = "patient_experience"
QUESTION = "question"  # the page's own URL parameter
DEFAULT_QUESTION = "PX_OVERALL"
DEFAULT_CHARACTERISTIC = "ethnic_group"
AUTOMATIC_GROUP = ALL  # the trend shows the lowest-scoring group until one is chosen


@dataclass(frozen=True)
class View:
    """The page's validated choices and notes about values it could not use."""

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
    target: float | None = None  # the question's target, drawn on the trend

    @property
    def period_text(self) -> str:
        return "the latest period" if self.period == LATEST else self.period


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
        target=kpi.get("target"),
    )


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


@dataclass(frozen=True)
class GroupTrend:
    """One group's trend beside all respondents (`experience_tables.trend_frame`)."""

    group_code: str
    group_label: str
    frame: pd.DataFrame


def group_trend(view: View, groups: pd.DataFrame) -> GroupTrend | None:
    """The trend of the chosen group, or of the lowest-scoring one in `groups` (the period's
    values by the characteristic); None when there is no group to show."""
    code = trend_group(view, groups)
    if code is None:
        return None
    lookup = framework.characteristic_groups(view.characteristic)
    labels = dict(zip(lookup["group_code"], lookup["group_label"], strict=True))
    return GroupTrend(code, labels.get(code, code), experience_tables.trend_frame(trend_values(view), code))


# --- downloads ------------------------------------------------------------------------------

# The survey results have no 99.8% limits, benchmark, ratio limits, trend or target.
NOT_IN_SURVEY = {
    "breakdown_label",
    "lower_ci_99_8",
    "upper_ci_99_8",
    "benchmark_value",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "trend",
    "change_since_previous",
    "target",
    "rag",
}
DOWNLOAD_COLUMNS = [c for c in INDICATOR_VALUE_COLUMNS if c not in NOT_IN_SURVEY]


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
