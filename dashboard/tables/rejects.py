"""Rejected records as tables: the public summary (counts, reasons, columns) and, for
signed-in analysts only, the records themselves."""

from __future__ import annotations

import os

import pandas as pd

from dashboard.style.formatting import format_number

# No value from a record ever reaches this table: `reject_summary` holds none.
SUMMARY_COLUMNS = ["File", "Extract", "Reason", "Column", "Records"]
ROW_COLUMNS = ["Reason", "Column", "File", "Line", "Key", "Full reason", "Raw text"]


def file_name(source: object) -> str:
    """A source's name without its folder (a table source keeps its `#schema.table`)."""
    return os.path.basename(str(source)) if "#" not in str(source) else str(source).rsplit("#", 1)[-1]


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """`reject_summary` as people read it: file, extract, kind of reason, column, count."""
    return pd.DataFrame(
        {
            "File": [file_name(v) for v in summary["source_file"]],
            "Extract": summary["extract"],
            "Reason": summary["reason_kind"],
            "Column": summary["column_name"].fillna("(whole record)"),
            "Records": [format_number(v, 0) for v in summary["rows"]],
        },
        columns=SUMMARY_COLUMNS,
    )


def summary_download(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary as a tidy download: the same columns, counts as numbers."""
    return pd.DataFrame(
        {
            "extract": summary["extract"],
            "file": [file_name(v) for v in summary["source_file"]],
            "reason_kind": summary["reason_kind"],
            "column_name": summary["column_name"],
            "records": summary["rows"],
        }
    )


def rows_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Rejected records with their raw text (cut short, marked with an ellipsis)."""
    return pd.DataFrame(
        {
            "Reason": rows["reason_kind"],
            "Column": rows["column_name"].fillna(""),
            "File": [file_name(v) for v in rows["source_file"]],
            "Line": [format_number(v, 0) for v in rows["line_number"]],
            "Key": rows["row_key"].fillna(""),
            "Full reason": rows["reason"],
            "Raw text": [
                t + ("…" if cut else "")
                for t, cut in zip(rows["raw_text"].fillna(""), rows["raw_text_cut"].fillna(False), strict=True)
            ],
        },
        columns=ROW_COLUMNS,
    )
