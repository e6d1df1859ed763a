"""Cells a spreadsheet will not run: the one rule every CSV and Excel file we write follows.

OWASP's CSV injection guidance: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is read by Excel, LibreOffice and Google Sheets as a formula
(`=HYPERLINK("http://x","y")`, `@SUM(1)`, `-2+3+cmd|calc`). Such text gets a leading `'`, which
makes it plain text. Numbers are never touched, and neither is text that is just a negative
number (`-0.5`, `-1,234`), which a spreadsheet reads as that number and nothing else.

defusedcsv does this for the csv module only, and leaves tabs and carriage returns alone; we
write through pandas (CSV and xlsxwriter), so the rule is applied to the frame instead.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-(\d[\d,]*)?(\.\d+)?%?")


def neutralise(value: object) -> object:
    """`value`, with a leading `'` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_negative_number(value):
        return "'" + value
    return value


def _is_negative_number(text: str) -> bool:
    return _NEGATIVE_NUMBER.fullmatch(text) is not None and any(c.isdigit() for c in text)


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells and column names a spreadsheet will not run; number
    columns keep their type."""
    out = df.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)):
            out.isetitem(position, column.astype(object).map(neutralise))
    out.columns = [neutralise(c) for c in out.columns]
    return out
