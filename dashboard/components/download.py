"""Downloads of what is on screen: CSV always, Excel where a paper needs several tables.

`for_download` is the one gate every download passes: on a row with `suppressed` true each
number column becomes the word "suppressed", so no hidden count leaves the app; and no text
cell starting like a formula (`= + - @`, tab, carriage return) leaves it live: it gets a
leading `'` (`pipelines.spreadsheet_cells`), and Excel files hold strings as strings, never
as formulas or links. `csv_download` and `excel_download` are the only ways a file is made.

Use in a page:

    download_buttons("work-streams")               # in the layout
    @callback(Output("work-streams-download", "data"),
              Input("work-streams-csv", "n_clicks"), State(FILTERS_STORE, "data"),
              prevent_initial_call=True)
    def download(_, filters): return csv_download(frame, "work-stream-kpis.csv")
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

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
    "comparison",
    "gap_to_reference",
    "ratio_to_reference",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "trend",
    "change_since_previous",
    "target",
    "rag",
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


def csv_download(df: pd.DataFrame, filename: str, extra_columns: Iterable[str] = ()) -> dict:
    """`dcc.Download` data for `df` as UTF-8 CSV (with a BOM so Excel reads it right), text
    in quotes (so a tab, line break or comma stays inside its cell), numbers bare;
    `extra_columns` are more number columns to blank on suppressed rows (e.g. "staff")."""
    text = for_download(df, extra_columns).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)
    return dcc.send_string("\ufeff" + text, filename, type="text/csv")


def excel_download(sheets: Mapping[str, pd.DataFrame], filename: str, extra_columns: Iterable[str] = ()) -> dict:
    """`dcc.Download` data for an .xlsx workbook with one sheet per table; text is written
    as text (no formula, no link), numbers as numbers."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        for name, df in sheets.items():
            for_download(df, extra_columns).to_excel(writer, sheet_name=name[:31], index=False)
    return dcc.send_bytes(buffer.getvalue(), filename)


def download_buttons(id_prefix: str, *, excel: bool = False, label: str = "this table") -> html.Div:
    """Buttons `{id_prefix}-csv` (and `{id_prefix}-excel`) with `dcc.Download`
    `{id_prefix}-download`; the page's callback fills the download."""
    buttons = [
        dbc.Button(f"Download {label} (CSV)", id=f"{id_prefix}-csv", color="secondary",
                   outline=True, size="sm", className="me-2"),
    ]  # fmt: skip
    if excel:
        buttons.append(
            dbc.Button(f"Download {label} (Excel)", id=f"{id_prefix}-excel", color="secondary",
                       outline=True, size="sm"),
        )  # fmt: skip
    return html.Div([*buttons, dcc.Download(id=f"{id_prefix}-download")], className="downloads my-2")
