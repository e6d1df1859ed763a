"""What each KPI is, in words a reader of a download or a page can use: its source (the
extract and when it was last loaded), numerator, denominator, method and direction.

One place for these words, so the KPI page and the locality pack say the same."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import format_date
from dashboard.style.palette import POLARITY_TEXT
from dashboard.warehouse import framework, quality

NOT_RECORDED = "Not recorded"


def recorded(value: Any, default: str = NOT_RECORDED) -> str:
    """A framework field as text, or `default` when it is blank."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) or value == "":
        return default
    return str(value)


def source_text(kpi: dict[str, Any]) -> str:
    """ "staff_survey extract (survey.csv), loaded 30 June 2025, 09:05" (file name only)."""
    source = recorded(kpi.get("source"))
    load = quality.latest_load(source) if kpi.get("source") else None
    if load:
        file_name = str(load.get("source_file") or "").replace("\\", "/").rsplit("/", 1)[-1]
        return f"{source} extract ({file_name}), loaded {format_date(load.get('finished_at'), with_time=True)}"
    return f"{source}; warehouse last built {format_date(framework.last_updated(), with_time=True)}"


def definitions_frame(kpis: pd.DataFrame) -> pd.DataFrame:
    """One row per KPI (framework order): what it measures and how, in plain English."""
    rows = [
        {
            "indicator_id": kpi["indicator_id"],
            "title": kpi.get("title"),
            "outcome": recorded(kpi.get("outcome_title")),
            "definition": recorded(kpi.get("definition")),
            "numerator": recorded(kpi.get("numerator_rule")),
            "denominator": recorded(kpi.get("denominator_rule")),
            "unit": recorded(kpi.get("unit")),
            "better_is": POLARITY_TEXT.get(kpi.get("polarity") or "", "Not stated"),
            "source": source_text(kpi),
            "method": recorded(kpi.get("method")),
        }
        for kpi in kpis.to_dict("records")
    ]
    columns = [
        "indicator_id",
        "title",
        "outcome",
        "definition",
        "numerator",
        "denominator",
        "unit",
        "better_is",
        "source",
        "method",
    ]
    return pd.DataFrame(rows, columns=columns)
