"""A locality lead's pack: their locality's profile on every KPI, where it is significantly
worse or better than Greater Manchester, what each KPI means, and what the pack covers, as
the sheets of one Excel workbook (`components.download.excel_download` writes it: text as
text, suppressed numbers as the word "suppressed", the data-origin note on the About sheet).

Every number and judgement is the marts' (values, confidence intervals, comparison, RAG and
trend words); this module only picks, orders and names them. `profile_frame` and
`differences_frame` are pure; `locality_pack` reads the warehouse for the filters given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.state.url_state import LATEST, Filters
from dashboard.style.formatting import format_date
from dashboard.tables.cells import value_with_interval
from dashboard.tables.downloads import download_columns
from dashboard.views.kpi_definitions import definitions_frame
from dashboard.views.locality_comparison import comparison_counts, significant_differences
from dashboard.warehouse import framework, indicators

WORSE_SHEET, BETTER_SHEET = "Significantly worse", "Significantly better"
# Text columns that repeat a number: on a suppressed row they say "suppressed" too.
TEXT_OF_NUMBERS = ("value_with_95_ci",)

PROFILE_COLUMNS = [
    "outcome",
    "indicator_id",
    "title",
    "period",
    "value_with_95_ci",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "unit",
    "greater_manchester_value",
    "compared_with_gm",
    "rag",
    "target",
    "target_value",
    "trend",
    "suppressed",
    "suppression_reason",
]
DIFFERENCE_COLUMNS = [
    "outcome",
    "indicator_id",
    "title",
    "period",
    "value_with_95_ci",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "unit",
    "greater_manchester_value",
    "compared_with_gm",
    "also_at_99_8",
    "rag",
    "trend",
    "suppressed",
]
# The marts' word columns, under the names the pack gives them.
WORDS = {
    "outcome_title": "outcome",
    "benchmark_value": "greater_manchester_value",
    "comparison_words": "compared_with_gm",
    "rag_words": "rag",
    "target_words": "target",
    "trend_words": "trend",
    "also_99_8": "also_at_99_8",
}


def _with_value_text(rows: pd.DataFrame) -> pd.DataFrame:
    # the marts' codes give way to their words (rag "red" -> "Not met"); a target stays a number
    out = rows.drop(columns=["rag", "trend"], errors="ignore").rename(columns={"target": "target_value"})
    out["value_with_95_ci"] = [
        value_with_interval(row, row.get("measure_type"), row.get("unit")) for row in out.to_dict("records")
    ]
    return out.rename(columns={k: v for k, v in WORDS.items() if k in out.columns})


def profile_frame(kpis: pd.DataFrame, values: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """Every KPI in framework order with the locality's headline row (value, 95% CI, GM's
    value, comparison, RAG, target and trend in the marts' words); "No data" where the marts
    have no row for it."""
    mine = values[values["area_code"] == area_code].drop(columns=["title", "unit", "measure_type"], errors="ignore")
    framework_columns = ["indicator_id", "title", "outcome_title", "measure_type", "unit"]
    rows = kpis[[c for c in framework_columns if c in kpis.columns]].merge(mine, on="indicator_id", how="left")
    rows["suppressed"] = rows["suppressed"].fillna(False).astype(bool)
    for words in ("comparison_words", "rag_words", "target_words", "trend_words"):
        if words in rows.columns:
            rows[words] = rows[words].where(rows["period"].notna(), "No data")
    return download_columns(_with_value_text(rows), PROFILE_COLUMNS).reset_index(drop=True)


def differences_frame(kpis: pd.DataFrame, values: pd.DataFrame, area_code: str, direction: str) -> pd.DataFrame:
    """The KPIs where the locality is significantly `direction` than GM (95%), with whether
    it is so at 99.8% too; no rows when there are none (the About sheet says how many)."""
    rows = significant_differences(kpis, values, area_code, direction)
    if rows.empty:
        return pd.DataFrame(columns=DIFFERENCE_COLUMNS)
    return download_columns(_with_value_text(rows), DIFFERENCE_COLUMNS)


@dataclass(frozen=True)
class LocalityPack:
    area_code: str
    area_name: str
    about: list[tuple[str, str]]  # the About sheet's rows (the download adds origin and suppression)
    sheets: dict[str, pd.DataFrame]  # every other sheet, in order

    @property
    def filename(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.area_name.lower()).strip("-") or self.area_code
        return f"locality-pack-{slug}.xlsx"


def locality_pack(filters: Filters) -> LocalityPack | None:
    """The pack for the locality in `filters` (its work stream and period), or None when no
    locality is chosen (Greater Manchester itself, or an unknown code)."""
    areas = framework.localities()
    gm = framework.benchmark_area()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    code = filters.locality
    if code == gm.get("area_code") or code not in names:
        return None
    kpis = framework.kpis(filters.work_stream)
    values = indicators.headline_values(filters.work_stream, filters.period)
    values = values[values["indicator_id"].isin(kpis["indicator_id"])]
    counts = comparison_counts(kpis, values, code)
    streams = framework.work_streams()
    stream_names = dict(zip(streams["work_stream"], streams["work_stream_name"], strict=True))
    about = [
        ("Locality", names[code]),
        ("Compared with", gm.get("area_name", "Greater Manchester")),
        ("Work stream", stream_names.get(filters.work_stream, "All work streams")),
        ("Period", "The latest period of each KPI" if filters.period == LATEST else filters.period),
        ("KPIs", str(counts["kpis"])),
        (WORSE_SHEET, f"{counts['worse']} of {counts['kpis']} KPIs (95% confidence)"),
        (BETTER_SHEET, f"{counts['better']} of {counts['kpis']} KPIs (95% confidence)"),
        (
            "How to read it",
            "Significantly worse or better: Greater Manchester's value lies outside the locality's "
            "95% confidence interval, on a KPI that says which direction is better. 'also_at_99_8' "
            "says whether that holds at the stricter 99.8% level too.",
        ),
        ("Data last updated", format_date(framework.last_updated(), with_time=True)),
        ("Exported", format_date(pd.Timestamp.now(), with_time=True)),
    ]
    sheets = {
        "Profile": profile_frame(kpis, values, code),
        WORSE_SHEET: differences_frame(kpis, values, code, "worse"),
        BETTER_SHEET: differences_frame(kpis, values, code, "better"),
        "Definitions": definitions_frame(kpis),
    }
    return LocalityPack(area_code=code, area_name=names[code], about=about, sheets=sheets)
