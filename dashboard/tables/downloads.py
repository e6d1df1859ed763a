"""What a download holds: the columns, in order, with every number on a suppressed row replaced by a word.

`for_download` is the one gate every download passes: on a row with `suppressed` true each
number column becomes the word "suppressed", so no hidden count leaves the app; and no text
cell starting like a formula (`= + - @`, tab, carriage return) leaves it live: it gets a
leading `'` (`pipelines.spreadsheet_cells`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.warehouse.conventions import SUPPRESSIBLE_COLUMNS, VALUE_COLUMNS
from pipelines.spreadsheet_cells import neutralise_frame

SUPPRESSED_WORD = "suppressed"
# The columns of `indicator_values` a download gives, in this order; a page that shows fewer
# (no 99.8% limits, say) leaves those out.
INDICATOR_VALUE_COLUMNS = (
    "indicator_id",
    "period",
    "area_code",
    "area_name",
    "work_stream",
    "breakdown",
    "breakdown_label",
    "group_code",
    "group_label",
    "is_unknown",
    "is_reference_group",
    *VALUE_COLUMNS,
    "benchmark_value",
    "benchmark_label",
    "comparison",
    "comparison_words",
    "is_significant_gap",
    "gap_to_reference",
    "ratio_to_reference",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "trend",
    "trend_words",
    "change_since_previous",
    "change_verdict",
    "change_words",
    "target",
    "target_words",
    "rag",
    "rag_words",
    "suppressed",
    "suppression_reason",
)


def download_columns(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`df`'s `columns` in that order, leaving out any it does not have."""
    return df[[c for c in columns if c in df.columns]]


def for_download(df: pd.DataFrame, extra_columns: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of `df` with every number on a suppressed row replaced by "suppressed" and
    every formula-like text cell made plain text."""
    out = df.copy()
    if "suppressed" in out.columns:
        mask = out["suppressed"].fillna(False).astype(bool)
        for column in (*SUPPRESSIBLE_COLUMNS, *extra_columns):
            if column in out.columns:
                out[column] = out[column].astype(object)
                out.loc[mask, column] = SUPPRESSED_WORD
    return neutralise_frame(out)
