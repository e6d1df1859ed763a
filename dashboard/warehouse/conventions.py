"""The argument conventions of every warehouse query, and the value columns they return.

`work_stream="all"` means every work stream, `period="latest"` the latest period with data.
Arguments of the cached queries must be hashable (pass tuples, not lists). Suppressed rows come
back with every number NULL, whatever the mart holds.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

ALL = "all"


LATEST = "latest"


# A KPI value with what it counts and its 95% and 99.8% confidence intervals, in the order
# tables and downloads show them.
VALUE_COLUMNS = ("numerator", "denominator", "value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8")


# Columns of the marts that carry numbers and must be blank on a suppressed row.
SUPPRESSIBLE_COLUMNS = (
    *VALUE_COLUMNS,
    "gap_to_reference",
    "ratio_to_reference",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "change_since_previous",
)


# The marts' judgements in words (pipelines/judgements.py): pages and downloads show these as
# they are and never decide a better / worse of their own.
JUDGEMENT_COLUMNS = (
    "benchmark_label",
    "comparison_words",
    "is_significant_gap",
    "trend_words",
    "change_verdict",
    "change_words",
    "target_words",
    "rag_words",
)


# The columns of `indicator_values` every query of it returns, numbers blank when suppressed.
VALUE_SELECT = ", ".join(
    [
        "iv.indicator_id",
        "iv.period",
        "iv.period_sort",
        "iv.area_code",
        "iv.work_stream",
        "iv.breakdown",
        "iv.group_code",
        "iv.group_label",
        "iv.is_unknown",
        "iv.is_reference_group",
    ]
    + [f"CASE WHEN iv.suppressed THEN NULL ELSE iv.{c} END AS {c}" for c in SUPPRESSIBLE_COLUMNS]
    + [
        "iv.benchmark_value",
        "iv.comparison",
        "iv.comparison_99_8",
        "iv.trend",
        "iv.target",
        "iv.rag",
        "iv.suppressed",
        "iv.suppression_reason",
    ]
    + [f"iv.{c}" for c in JUDGEMENT_COLUMNS]
)


def is_true(value: Any) -> bool:
    """A boolean mart flag that may be NULL/NaN."""
    return bool(value) and not pd.isna(value)


def ratio_band(kpi) -> tuple[float, float] | None:
    """A relative-likelihood KPI's no-adverse-impact band (e.g. 0.80-1.25) from its target
    range; None for every other KPI. Charts of ratios use a log axis with this band drawn."""
    low, high = kpi.get("target_lower"), kpi.get("target_upper")
    if kpi.get("measure_type") != "ratio" or low is None or high is None or pd.isna(low) or pd.isna(high):
        return None
    return float(low), float(high)
