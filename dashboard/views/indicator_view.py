"""The KPI detail page's choices and texts, kept apart from the page so they can be tested
without a running app: which area, work stream, period, breakdown and intersection a URL asks
for once checked against what the KPI has (with a friendly message for each it cannot
honour), the words for its target and publication threshold, the query string the page's
selectors write, and the all-rows data table as text.

Pure: framework rows, filters and DataFrames in; no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from dashboard.state import url_state
from dashboard.state.url_state import ALL, LATEST, NONE, FilterOptions, Filters
from dashboard.style.formatting import format_value
from dashboard.style.words import in_sentence
from dashboard.tables.indicator_breakdown import breakdown_table, group_measure_type
from dashboard.tables.indicator_heatmap import split_intersection
from dashboard.tables.indicator_ratio import target_range
from dashboard.views.kpi_definitions import recorded


@dataclass(frozen=True)
class View:
    """What this page shows, after checking the URL's filters against what the KPI has."""

    indicator_id: str
    area_code: str
    work_stream: str
    period: str | None  # None: the KPI has no data at all
    breakdown: str | None  # a single characteristic, or None when the KPI has none
    intersection: str | None  # "a*b", or None
    breakdowns: tuple[str, ...]
    intersections: tuple[str, ...]
    messages: tuple[str, ...] = ()


def resolve_view(
    kpi: dict[str, Any],
    filters: Filters,
    coverage: pd.DataFrame,
    labels: dict[str, str] | None = None,
    available: tuple[str, ...] = (),
) -> View:
    """Valid choices for this KPI from the filters; a friendly message for each filter the
    KPI cannot honour (and a sensible default instead). Breakdowns are the framework's, in
    its order, then any others the marts hold (`available`). Pure."""
    labels = labels or {}
    title = kpi.get("short_title") or kpi["indicator_id"]
    listed = list(dict.fromkeys([str(b) for b in _listed(kpi)] + [str(b) for b in available]))
    breakdowns = tuple(b for b in listed if "*" not in b and b != ALL)
    intersections = tuple(b for b in listed if "*" in b)
    messages: list[str] = []

    work_stream = filters.work_stream
    streams = set(coverage["work_stream"]) if not coverage.empty else set()
    if work_stream != ALL and work_stream not in streams:
        messages.append(
            f"{title} has no separate figures for the {labels.get(work_stream, work_stream)} "
            "work stream — showing all work streams."
        )
        work_stream = ALL

    periods = coverage[coverage["work_stream"] == work_stream].sort_values("period_sort")
    latest = periods["period"].iloc[-1] if not periods.empty else None
    period = latest
    if filters.period != LATEST and latest is not None:
        if filters.period in set(periods["period"]):
            period = filters.period
        else:
            messages.append(f"{title} is not reported for {filters.period} — showing its latest period, {latest}.")

    breakdown = breakdowns[0] if breakdowns else None
    if filters.characteristic != ALL:
        if filters.characteristic in breakdowns:
            breakdown = filters.characteristic
        elif breakdowns:
            messages.append(
                f"{title} is not broken down by "
                f"{in_sentence(labels.get(filters.characteristic, filters.characteristic))} — "
                f"showing {in_sentence(labels.get(breakdown, breakdown))}."
            )

    intersection = None
    if intersections:
        chosen = {filters.characteristic, filters.characteristic2}
        matching = [i for i in intersections if set(split_intersection(i)) == chosen]
        containing = [i for i in intersections if breakdown in split_intersection(i)]
        intersection = (matching or containing or list(intersections))[0]
    return View(
        indicator_id=kpi["indicator_id"],
        area_code=filters.locality,
        work_stream=work_stream,
        period=period,
        breakdown=breakdown,
        intersection=intersection,
        breakdowns=breakdowns,
        intersections=intersections,
        messages=tuple(messages),
    )


MEASURE_WORDS = {
    "proportion": "Proportion (percentage)",
    "share": "Share of a total (percentage)",
    "rate": "Rate",
    "dsr": "Directly standardised rate (2013 European Standard Population)",
    "ratio": "Ratio: relative likelihood",
    "mean_score": "Mean score",
    "count": "Count",
}
PERIOD_TYPE_WORDS = {"financial_year": "Financial year", "quarter": "Quarter", "month": "Month"}


def outcome_text(kpi: dict[str, Any]) -> str:
    return recorded(kpi.get("outcome_title"), recorded(kpi.get("outcome_id")))


def domain_text(kpi: dict[str, Any]) -> str:
    """ "Patients and communities (EDS 2022 outcome 1A)", or the domain alone."""
    domain = recorded(kpi.get("domain_name"), recorded(kpi.get("domain_id")))
    eds = kpi.get("eds_outcome")
    return f"{domain} (EDS 2022 outcome {eds})" if eds and not pd.isna(eds) else domain


def measure_text(kpi: dict[str, Any]) -> str:
    """ "Proportion (percentage) (%)": the measure and, except for a ratio, its unit."""
    measure = kpi.get("measure_type")
    unit = f" ({kpi['unit']})" if kpi.get("unit") and measure != "ratio" else ""
    return MEASURE_WORDS.get(measure or "", recorded(measure)) + unit


def period_type_text(kpi: dict[str, Any]) -> str:
    return PERIOD_TYPE_WORDS.get(kpi.get("period_type") or "", recorded(kpi.get("period_type")))


def context_text(kpi: dict[str, Any], view: View, area_name: str, labels: dict[str, str]) -> str:
    """The line under the title: KPI, area, work stream and period on show."""
    stream = "All work streams" if view.work_stream == ALL else labels.get(view.work_stream, view.work_stream)
    return f"{kpi['indicator_id']} · Area: {area_name} · Work stream: {stream} · Period: {view.period or 'no data'}"


def target_caption(kpi: dict[str, Any]) -> str:
    """What the trend chart's target marks are: a relative likelihood's shaded band is the
    target range and its solid line is equality (1.00), which is not itself a target."""
    low, high = kpi.get("target_lower"), kpi.get("target_upper")
    if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
        return (
            f"the shaded band is the target range {low:.2f} to {high:.2f} (no adverse impact); "
            "the dotted line marks equal likelihood (1.00), not a target"
        )
    if kpi.get("target") is None or pd.isna(kpi.get("target")):
        return "this KPI has no target"
    return "the dotted line is the target"


def breakdown_label(breakdown: str, labels: dict[str, str]) -> str:
    """ "Ethnic group (ONS) & Sex" for "ethnic_group*sex"."""
    return " & ".join(labels.get(part, part) for part in breakdown.split("*"))


def target_text(kpi: dict[str, Any]) -> str:
    """ "85.0%", "0.80 to 1.25 (no adverse impact)", or "No target"."""
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    value_range = target_range(kpi)
    if value_range is not None:
        low, high = value_range
        suffix = " (no adverse impact)" if measure == "ratio" else ""
        return f"{format_value(low, measure, unit)} to {format_value(high, measure, unit)}{suffix}"
    target = kpi.get("target")
    if target is None or pd.isna(target):
        return "No target"
    direction = {"high_is_good": "at least ", "low_is_good": "at most "}.get(kpi.get("polarity"), "")
    return f"{direction}{format_value(target, measure, unit)}"


def threshold_text(kpi: dict[str, Any]) -> str:
    threshold = kpi.get("threshold")
    parts = []
    if threshold is not None and not pd.isna(threshold):
        parts.append(f"counts below {int(threshold)} are suppressed")
    minimum = kpi.get("min_denominator")
    if minimum is not None and not pd.isna(minimum):
        parts.append(f"groups of fewer than {int(minimum)} people are not published")
    text = "; ".join(parts) or "the framework's default"
    return text[0].upper() + text[1:] + ", with secondary suppression where a total would reveal them."


def selector_search(
    search: str | None, options: FilterOptions, characteristic: str, characteristic2: str = NONE
) -> str:
    """The query string after choosing a breakdown (or an intersection) on this page: the
    other filters and any extra parameters are kept."""
    parsed = url_state.parse_query(search, options)
    chosen = replace(parsed.filters, characteristic=characteristic, group=ALL, characteristic2=characteristic2)
    return url_state.query_string(chosen, options, parsed.extra)


def data_table_frame(kpi: dict[str, Any], rows: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Every row for the KPI, area and period as text: the headline first, then each breakdown
    in the framework's order ("Suppressed" for every number of a suppressed row)."""
    listed = [str(b) for b in _listed(kpi)]
    frames = []
    for breakdown, part in rows.groupby("breakdown", sort=False):
        headline = breakdown == ALL
        measure = kpi.get("measure_type") if headline else group_measure_type(kpi.get("measure_type"))
        unit = kpi.get("unit") if headline or kpi.get("measure_type") != "ratio" else "%"
        table = breakdown_table(part, measure_type=measure, unit=unit)
        name = "Everyone" if headline else breakdown_label(str(breakdown), labels)
        table.insert(0, "Characteristic", name)
        order = -1 if headline else (listed.index(breakdown) if breakdown in listed else len(listed))
        frames.append((order, table))
    if not frames:
        return pd.DataFrame()
    frames.sort(key=lambda item: item[0])
    return pd.concat([f for _, f in frames], ignore_index=True)


def _listed(kpi: dict[str, Any]) -> list[Any]:
    listed = kpi.get("breakdowns")
    return [] if listed is None else list(listed)


def ratio_groups_text(kpi: dict[str, Any], groups: pd.DataFrame) -> str | None:
    """ "White vs BME" from the framework's "white vs bme" (group codes of the KPI's first
    breakdown), or None when the KPI does not name them."""
    named = kpi.get("ratio_groups")
    if named is None or (isinstance(named, float) and pd.isna(named)) or not str(named).strip():
        return None
    listed = [b for b in _listed(kpi) if "*" not in str(b)]
    lookup = groups[groups["breakdown"] == listed[0]] if listed else groups.iloc[0:0]
    labels = dict(zip(lookup["group_code"].astype(str), lookup["group_label"], strict=True))
    return " vs ".join(labels.get(code.strip(), code.strip()) for code in str(named).split(" vs "))


SHORT_TRENDS = {
    "increasing": "Increasing",
    "decreasing": "Decreasing",
    "no significant change": "No significant change",
    "cannot be calculated": "Not enough data",
    "not tested": "Not tested",
}


def short_trend(trend: str | None) -> str:
    """A trend in two words or fewer, for a headline card."""
    return SHORT_TRENDS.get((trend or "").strip().lower(), SHORT_TRENDS["cannot be calculated"])
