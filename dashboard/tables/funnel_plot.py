"""The funnel plot's words: how to read it and its text alternative (each locality's value,
where it sits against the control limits and the marts' judgement of it)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import SUPPRESSED_TEXT, format_interval, format_number, format_value
from dashboard.style.palette import comparison_swatch
from dashboard.warehouse.conventions import is_true, ratio_band


def _is_ratio(kpi: dict[str, Any]) -> bool:
    return kpi.get("measure_type") == "ratio"


def reading_guide(kpi: dict[str, Any], benchmark_name: str = "Greater Manchester") -> str:
    """How to read the funnel, in plain words, for this KPI."""
    if not _is_ratio(kpi):
        return (
            "Each point is a locality: how many people its value is based on (across) and the "
            f"value itself (up). The lines show how far from {benchmark_name}'s value a "
            "locality could be by chance alone: points outside the 95% lines are unusual, and "
            "outside the 99.8% lines very unusual. Smaller localities have wider limits."
        )
    band = ratio_band(kpi)
    band_text = (
        f" {benchmark_name} is context here, not the standard: the shaded band ({band[0]:.2f} to "
        f"{band[1]:.2f}) is no adverse impact, and 1.00 means equal. Each point's colour and word "
        "say whether its whole 95% confidence interval is within the band, overlaps it, or is "
        "outside it."
        if band
        else " 1.00 means equal."
    )
    return (
        "Each point is a locality's relative likelihood (up, on a log scale, so 0.5 and 2 are the "
        "same distance from 1.00) against how precise it is (across: one over the standard error "
        "of the log ratio; localities with more staff in both groups are more precise). The "
        f"funnel lines show how far from {benchmark_name}'s ratio a locality could be by chance "
        "alone at that precision: outside the 95% lines is unusual, outside the 99.8% lines very "
        "unusual." + band_text
    )


def caption(kpi_name: str, kpi: dict[str, Any], benchmark_name: str = "Greater Manchester") -> str:
    """The text alternative's caption."""
    across = "precision" if _is_ratio(kpi) else "denominator"
    return (
        f"Funnel plot data for {kpi_name}: each locality's value and {across}, "
        f"with the control limits around {benchmark_name}'s value at that {across}."
    )


def _judgement(row: dict[str, Any], ratio: bool) -> str:
    """The marts' judgement of the row: a ratio's band judgement in the marts' words, else
    the comparison with GM as the compare-areas chart names it."""
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    words = row.get("comparison_words")
    if ratio and isinstance(words, str) and words:
        return words
    comparison = row.get("comparison")
    return "–" if comparison is None or pd.isna(comparison) else comparison_swatch(comparison).label


def funnel_table(points: pd.DataFrame, kpi: dict[str, Any]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The rows (from `views.locality_comparison.funnel_points`) as text, and the column
    labels. Number columns keep the marts' names, so a suppressed row reads "Suppressed"."""
    ratio, measure, unit = _is_ratio(kpi), kpi.get("measure_type"), kpi.get("unit")
    records = points.to_dict("records")
    table = pd.DataFrame(
        {
            "area_name": points["area_name"],
            "precision": [
                SUPPRESSED_TEXT if is_true(r.get("suppressed")) else format_number(r.get("precision"), 1)
                for r in records
            ],
            "denominator": [format_number(r.get("denominator"), 0) for r in records],
            "value": [format_value(r.get("value"), measure, unit) for r in records],
            "limits_95": [
                format_interval(r.get("lower_limit_95"), r.get("upper_limit_95"), measure) or "–" for r in records
            ],
            "limits_99_8": [
                format_interval(r.get("lower_limit_99_8"), r.get("upper_limit_99_8"), measure) or "–" for r in records
            ],
            "funnel_position": points["funnel_position"],
            "comparison": [_judgement(r, ratio) for r in records],
            "suppressed": points["suppressed"].fillna(False).astype(bool),
        }
    )
    band = ratio_band(kpi)
    labels = {"area_name": "Locality"}
    labels |= {"precision": "Precision (1 / SE of log ratio)"} if ratio else {"denominator": "Denominator"}
    labels |= {
        "value": "Relative likelihood" if ratio else "Value",
        "limits_95": "95% control limits",
        "limits_99_8": "99.8% control limits",
        "funnel_position": "Position in the funnel",
        "comparison": f"Against the {band[0]:.2f}-{band[1]:.2f} band (95% CI)"
        if ratio and band
        else "Compared with GM (95% CI)",
    }
    return table, labels
