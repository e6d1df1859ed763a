"""What the compare-localities page (`/localities`) shows: the KPI its `indicator` URL
parameter asks for (checked against the work stream's KPIs), that KPI's row for Greater
Manchester and each locality, and the chosen locality's profile rows.

Every number and judgement is the marts' (values, CIs, comparisons, funnel limits, similar
localities); this picks and orders their rows. `dashboard.views.locality_comparison` holds
the pure row-picking functions it shares with the locality pack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl

import pandas as pd

from dashboard.state import url_state
from dashboard.state.url_state import LATEST, Filters
from dashboard.tables.downloads import download_columns
from dashboard.views.locality_comparison import funnel_points
from dashboard.warehouse import conventions, framework, indicators
from dashboard.warehouse.conventions import is_true

INDICATOR_PARAMETER = "indicator"
DOWNLOAD_COLUMNS = [
    "indicator_id",
    "indicator_title",
    "period",
    "area_code",
    "area_name",
    "work_stream",
    *conventions.VALUE_COLUMNS,
    "benchmark_value",
    "comparison",
    "comparison_99_8",
    "suppressed",
    "suppression_reason",
]


# --- the indicator parameter ----------------------------------------------------------


def raw_indicator(search: str | None) -> str | None:
    """The `indicator` parameter of a query string (the first one), or None."""
    for key, value in parse_qsl((search or "").lstrip("?"), keep_blank_values=True):
        if key.strip().lower() == INDICATOR_PARAMETER:
            return value
    return None


def kpi_name(kpi: dict[str, Any]) -> str:
    return str(kpi.get("short_title") or kpi.get("title") or kpi.get("indicator_id"))


def choose_indicator(raw: str | None, kpis: pd.DataFrame, all_kpis: pd.DataFrame) -> tuple[str | None, str | None]:
    """(KPI id to show, message or None): the requested KPI when it is one of `kpis` (the
    work stream's), else the first of them, with a friendly message saying why."""
    ids = list(kpis["indicator_id"])
    if not ids:
        return None, None
    if raw is None or not raw.strip():
        return ids[0], None
    text = raw.strip()
    for candidate in ids:
        if text.casefold() == str(candidate).casefold():
            return candidate, None
    first = kpi_name(kpis.iloc[0].to_dict())
    shown = text if len(text) <= url_state.MAX_SHOWN_LENGTH else text[:39] + "…"
    known = all_kpis[all_kpis["indicator_id"].str.casefold() == text.casefold()]
    if not known.empty:
        return ids[0], (
            f"'{kpi_name(known.iloc[0].to_dict())}' is not one of this work stream's KPIs — showing '{first}' instead."
        )
    return ids[0], f"Unknown KPI '{shown}' — showing '{first}' instead."


def indicator_for(search: str | None, work_stream: str) -> tuple[str | None, str | None]:
    """`choose_indicator` for a query string and the work stream it is read with."""
    return choose_indicator(raw_indicator(search), framework.kpis(work_stream), framework.kpis(url_state.ALL))


def search_with_indicator(search: str | None, indicator_id: str) -> str:
    """The canonical query string of `search` with its `indicator` set to `indicator_id`."""
    options = url_state.load_options()
    parsed = url_state.parse_query(search, options)
    extra = tuple((key, value) for key, value in parsed.extra if key.strip().lower() != INDICATOR_PARAMETER) + (
        (INDICATOR_PARAMETER, indicator_id),
    )
    return url_state.query_string(parsed.filters, options, extra)


def indicator_options(kpis: pd.DataFrame) -> list[dict[str, str]]:
    return [{"label": kpi_name(k), "value": k["indicator_id"]} for k in kpis.to_dict("records")]


def locality_links(filters: Filters, area_codes: list[str], search: str | None) -> list[str]:
    """Links to this page with another locality chosen, keeping the other filters and KPI."""
    options = url_state.load_options()
    extra = url_state.parse_query(search, options).extra
    return [
        "/localities" + url_state.query_string(replace(filters, locality=code), options, extra) for code in area_codes
    ]


# --- one KPI across the areas ---------------------------------------------------------


def compare_frame(filters: Filters, indicator_id: str) -> pd.DataFrame:
    """Every area (GM first, then the localities in order) with its headline row for the KPI
    (blank where the marts have none)."""
    areas = framework.localities()
    values = indicators.headline_values(filters.work_stream, filters.period)
    rows = values[values["indicator_id"] == indicator_id].drop(columns=["area_name"])
    lookup = areas[["area_code", "area_name", "area_type", "hex_col", "hex_row"]]
    return lookup.merge(rows, on="area_code", how="left").reset_index(drop=True)


def download_frame(frame: pd.DataFrame, kpi: dict[str, Any]) -> pd.DataFrame:
    """The compare-areas download: one row per area, the marts' columns."""
    out = frame.assign(indicator_id=kpi["indicator_id"], indicator_title=kpi["title"])
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    return download_columns(out, DOWNLOAD_COLUMNS)


@dataclass(frozen=True)
class KpiComparison:
    """One KPI for Greater Manchester and the 10 localities."""

    kpi: dict[str, Any]
    frame: pd.DataFrame  # every area, GM first
    benchmark_name: str
    benchmark_row: dict[str, Any] | None  # None when GM's value is suppressed or missing
    selected: str | None  # the locality to highlight (None for GM)
    period: str

    @property
    def name(self) -> str:
        return kpi_name(self.kpi)

    @property
    def localities(self) -> pd.DataFrame:
        return self.frame[self.frame["area_type"] == "locality"].reset_index(drop=True)

    @property
    def shown(self) -> pd.DataFrame:
        """Localities with a published value."""
        localities = self.localities
        return localities[~localities["suppressed"].fillna(False).astype(bool) & localities["value"].notna()]

    @property
    def has_values(self) -> bool:
        return not self.frame["period"].isna().all()

    @property
    def benchmark_value(self) -> float | None:
        return None if self.benchmark_row is None else float(self.benchmark_row["value"])


def kpi_comparison(filters: Filters, indicator_id: str) -> KpiComparison | None:
    """The KPI's rows for every area in the filters' work stream and period (None for a KPI
    the framework does not have)."""
    kpi = framework.kpi(indicator_id)
    if kpi is None:
        return None
    frame = compare_frame(filters, indicator_id)
    gm = framework.benchmark_area()
    gm_rows = frame[frame["area_code"] == gm["area_code"]]
    gm_row = gm_rows.iloc[0].to_dict() if not gm_rows.empty else {}
    published = not (is_true(gm_row.get("suppressed")) or pd.isna(gm_row.get("value")))
    periods = frame["period"].dropna().unique().tolist()
    period = periods[0] if periods else (filters.period if filters.period != LATEST else "latest")
    return KpiComparison(
        kpi=kpi,
        frame=frame,
        benchmark_name=gm["area_name"],
        benchmark_row=gm_row if published else None,
        selected=filters.locality if filters.locality != gm["area_code"] else None,
        period=period,
    )


def funnel_frames(comparison: KpiComparison) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(the localities as funnel points, the control-limit curve), both from the build's
    `funnel_limits`; None when GM's value or the limits are missing."""
    gm = comparison.benchmark_row
    if gm is None:
        return None
    limits = indicators.funnel_limits(comparison.kpi["indicator_id"], str(gm["period"]), str(gm["work_stream"]))
    if limits["area_code"].dropna().empty:
        return None
    return funnel_points(comparison.localities, limits), limits[limits["area_code"].isna()]


# --- the chosen locality ----------------------------------------------------------------


@dataclass(frozen=True)
class LocalityProfile:
    """The chosen locality's headline rows on its work stream's KPIs."""

    area_code: str
    name: str
    benchmark_code: str
    area_names: dict[str, str]
    kpis: pd.DataFrame
    values: pd.DataFrame
    period_text: str


def locality_profile(filters: Filters) -> LocalityProfile | None:
    """The profile of the locality in `filters`, or None when none is chosen (Greater
    Manchester itself, or an unknown code)."""
    areas = framework.localities()
    gm_code = framework.benchmark_area()["area_code"]
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    if filters.locality == gm_code or filters.locality not in names:
        return None
    kpis = framework.kpis(filters.work_stream)
    values = indicators.headline_values(filters.work_stream, filters.period) if not kpis.empty else pd.DataFrame()
    if not kpis.empty:
        values = values[values["indicator_id"].isin(kpis["indicator_id"])]
    return LocalityProfile(
        area_code=filters.locality,
        name=names[filters.locality],
        benchmark_code=gm_code,
        area_names=names,
        kpis=kpis,
        values=values,
        period_text="the latest period of each KPI" if filters.period == LATEST else filters.period,
    )


def similar_localities(filters: Filters, area_code: str) -> pd.DataFrame:
    """The build's nearest localities to `area_code` on the KPIs shown (rank, distance)."""
    return indicators.similar_localities(filters.work_stream, filters.period, area_code)


def most_like_sentence(locality_name: str, names: list[str]) -> str:
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return f"On the KPIs shown, {locality_name} is most like {listed}."
