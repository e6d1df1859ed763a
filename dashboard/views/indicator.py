"""The data the KPI detail page (`/indicators/<indicator_id>`) shows, read from the warehouse:
which KPI an address names, the view its filters ask for, and the rows behind each section
and download. The choices themselves are made by the pure `indicator_view`; the comparisons
and judgements are the marts' own, shown as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import pandas as pd

from dashboard.state.url_state import ALL, Filters
from dashboard.style.palette import POLARITY_TEXT
from dashboard.tables.downloads import INDICATOR_VALUE_COLUMNS, download_columns
from dashboard.tables.workforce import source_note_text
from dashboard.views.indicator_view import (
    View,
    breakdown_label,
    domain_text,
    outcome_text,
    resolve_view,
    target_text,
    threshold_text,
)
from dashboard.views.kpi_definitions import recorded, source_text
from dashboard.warehouse import framework, indicators


@dataclass(frozen=True)
class IndicatorData:
    """One KPI for one area, work stream and period: what every section starts from."""

    kpi: dict[str, Any]
    view: View
    labels: dict[str, str]  # characteristic and work stream codes -> their names
    area_name: str
    benchmark_code: str
    benchmark_name: str
    rows: pd.DataFrame  # every row for the KPI, area, work stream and period
    # a published indicator's England / region values for the period: context, not the benchmark
    comparators: pd.DataFrame = field(default_factory=pd.DataFrame)
    # where the values count trusts' WRES / WDES returns, the words saying so ("" otherwise)
    source_note: str = ""


def find_kpi(indicator_id: str | None) -> dict[str, Any] | None:
    """The KPI an address names: its id as typed, decoded, or in another case ("wres2")."""
    if not indicator_id:
        return None
    wanted = unquote(indicator_id).strip()
    kpi = framework.kpi(wanted)
    if kpi is None:
        ids = framework.kpis()["indicator_id"]
        match = ids[ids.str.casefold() == wanted.casefold()]
        kpi = framework.kpi(match.iloc[0]) if not match.empty else None
    return kpi


def characteristic_labels() -> dict[str, str]:
    """Names of every characteristic and work stream, by code."""
    frame = framework.characteristics()
    labels = dict(zip(frame["breakdown"], frame["breakdown_label"], strict=True))
    streams = framework.work_streams()
    labels.update(zip(streams["work_stream"], streams["work_stream_name"], strict=True))
    return labels


def area_name(area_code: str) -> str:
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    return str(names.get(area_code, area_code))


def view_for(indicator_id: str, filters: Filters) -> tuple[dict[str, Any], View] | None:
    """The KPI and the view of it the filters ask for; None for an unknown KPI."""
    kpi = framework.kpi(indicator_id)
    if kpi is None:
        return None
    view = resolve_view(
        kpi,
        filters,
        indicators.indicator_coverage(indicator_id),
        characteristic_labels(),
        available=indicators.indicator_breakdowns(indicator_id),
    )
    return kpi, view


def indicator_data(indicator_id: str, filters: Filters) -> IndicatorData | None:
    resolved = view_for(indicator_id, filters)
    if resolved is None:
        return None
    kpi, view = resolved
    benchmark = framework.benchmark_area()
    return IndicatorData(
        kpi=kpi,
        view=view,
        labels=characteristic_labels(),
        area_name=area_name(view.area_code),
        benchmark_code=benchmark.get("area_code", ""),
        benchmark_name=benchmark.get("area_name", ""),
        rows=rows(view),
        comparators=(
            indicators.published_comparators(view.indicator_id, view.period) if view.period else pd.DataFrame()
        ),
        source_note=_source_note(view),
    )


def _source_note(view: View) -> str:
    if view.period is None:
        return ""
    notes = indicators.source_notes((view.indicator_id,), view.period, view.area_code)
    if notes.empty:
        return ""
    row = notes.iloc[0]
    return source_note_text(row["note"], bool(row["headline"]))


def rows(view: View) -> pd.DataFrame:
    """Every row for the KPI, area, work stream and period, as the marts hold it."""
    if view.period is None:
        return pd.DataFrame(columns=["breakdown", "group_code", "comparison", "suppressed"])
    return indicators.indicator_values(
        view.indicator_id,
        period=view.period,
        area_codes=(view.area_code,),
        work_stream=view.work_stream,
    )


def trend_rows(view: View, benchmark_code: str) -> pd.DataFrame:
    """Every period's overall rows for the area and the benchmark."""
    return indicators.indicator_values(
        view.indicator_id,
        period="all",
        area_codes=tuple(dict.fromkeys((view.area_code, benchmark_code))),
        work_stream=view.work_stream,
        breakdowns=(ALL,),
    )


def area_rows(view: View) -> pd.DataFrame:
    """The period's overall rows for every area (GM and the localities)."""
    return indicators.indicator_values(
        view.indicator_id, period=view.period, work_stream=view.work_stream, breakdowns=(ALL,)
    )


def inequalities(view: View) -> pd.DataFrame:
    """The slope and relative index of inequality for the area and period."""
    return indicators.indicator_inequalities(view.indicator_id, view.period, (view.area_code,), view.work_stream)


def shows_inequality(data: IndicatorData) -> bool:
    """A KPI broken down by deprivation quintile has an inequality section."""
    return "imd_quintile" in data.view.breakdowns


def shows_ratio(data: IndicatorData) -> bool:
    """A relative likelihood with data has a section comparing every area with its band."""
    return data.kpi.get("measure_type") == "ratio" and data.view.period is not None


def inequality_rows(data: IndicatorData) -> pd.DataFrame:
    """The inequality section's indices (none when the page has no such section)."""
    if not shows_inequality(data) or data.view.period is None:
        return pd.DataFrame()
    return inequalities(data.view)


def ratio_rows(data: IndicatorData) -> pd.DataFrame:
    """The relative-likelihood section's rows, one per area (none when it has no such section)."""
    return area_rows(data.view) if shows_ratio(data) else pd.DataFrame()


def work_stream_names(kpi: dict[str, Any]) -> str:
    streams = framework.work_streams()
    names = dict(zip(streams["work_stream"], streams["work_stream_name"], strict=True))
    listed = kpi.get("work_streams")
    if listed is None or len(listed) == 0:
        return "Not assigned"
    return ", ".join(names.get(code, code) for code in listed)


# --- downloads ---------------------------------------------------------------------------


def _tidy(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    out = frame.copy()
    out["breakdown_label"] = ["Everyone" if b == ALL else breakdown_label(str(b), labels) for b in out["breakdown"]]
    return download_columns(out, INDICATOR_VALUE_COLUMNS)


def download_tables(indicator_id: str, filters: Filters) -> tuple[list[tuple[str, str]], dict[str, pd.DataFrame]]:
    """The About sheet's rows (the download adds the data's origin) and the tables behind the
    page, tidy, for CSV and Excel (suppression applied on export); nothing for an unknown KPI."""
    resolved = view_for(indicator_id, filters)
    if resolved is None:
        return [], {}
    kpi, view = resolved
    labels = characteristic_labels()
    about = [
        ("Indicator", kpi["indicator_id"]),
        ("Title", kpi["title"]),
        ("Definition", recorded(kpi.get("definition"))),
        ("Outcome", outcome_text(kpi)),
        ("EDS 2022 domain", domain_text(kpi)),
        ("Director lead", recorded(kpi.get("lead_role"))),
        ("Source", source_text(kpi)),
        ("Numerator", recorded(kpi.get("numerator_rule"))),
        ("Denominator", recorded(kpi.get("denominator_rule"))),
        ("Method", recorded(kpi.get("method"))),
        ("Target", target_text(kpi)),
        ("Better is", POLARITY_TEXT.get(kpi.get("polarity") or "", "Not stated")),
        ("Publication threshold", threshold_text(kpi)),
        ("Area", area_name(view.area_code)),
        ("Work stream", view.work_stream),
        ("Period", view.period or "no data"),
    ]
    frames = {"Data": _tidy(rows(view), labels)}
    if view.period is not None:
        frames["Trend"] = _tidy(trend_rows(view, framework.benchmark_area().get("area_code", "")), labels)
        if kpi.get("measure_type") == "ratio":
            frames["Relative likelihood"] = _tidy(area_rows(view), labels)
        if "imd_quintile" in view.breakdowns:
            frames["Inequality"] = inequalities(view)
    return about, frames


def file_stem(indicator_id: str, filters: Filters) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", indicator_id)
    return f"indicator-{safe}-{filters.locality}"
