"""Downloads of what is on screen: CSV always, Excel where a paper needs several tables.

Every file passes `dashboard.tables.downloads.for_download` (suppressed numbers become a word,
formula-like text is made plain), and Excel files hold strings as strings, never as formulas
or links. `csv_download` and `excel_download` are the only ways a file is made. Every
workbook opens with an "About" sheet (`about_sheet`) whose note says where the data came
from (`provenance.download_note`: the synthetic notice, or the real source and build date).

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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.tables.downloads import SUPPRESSED_WORD, for_download
from dashboard.warehouse.provenance import download_note

ABOUT_SHEET = "About"
SUPPRESSION_NOTE = f"Numbers about very few people are suppressed: they say '{SUPPRESSED_WORD}' here, as on the pages."


def about_sheet(rows: Sequence[tuple[str, Any]] = ()) -> pd.DataFrame:
    """A workbook's "About" sheet: `rows` (item, value), then the data's origin and the
    suppression rule, the same words in every download."""
    return pd.DataFrame(
        [*rows, ("Data origin", download_note()), ("Suppression", SUPPRESSION_NOTE)], columns=["Item", "Value"]
    )


def csv_download(df: pd.DataFrame, filename: str, extra_columns: Iterable[str] = ()) -> dict:
    """`dcc.Download` data for `df` as UTF-8 CSV (with a BOM so Excel reads it right), text
    in quotes (so a tab, line break or comma stays inside its cell), numbers bare;
    `extra_columns` are more number columns to blank on suppressed rows (e.g. "staff")."""
    text = for_download(df, extra_columns).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)
    return dcc.send_string("\ufeff" + text, filename, type="text/csv")


def excel_download(sheets: Mapping[str, pd.DataFrame], filename: str, extra_columns: Iterable[str] = ()) -> dict:
    """`dcc.Download` data for an .xlsx workbook with one sheet per table; text is written
    as text (no formula, no link), numbers as numbers. A workbook without an "About" sheet
    gets one (`about_sheet`) first."""
    if ABOUT_SHEET not in sheets:
        sheets = {ABOUT_SHEET: about_sheet(), **sheets}
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
        dbc.Button(
            f"Download {label} (CSV)",
            id=f"{id_prefix}-csv",
            color="secondary",
            outline=True,
            size="sm",
            className="me-2",
        ),
    ]
    if excel:
        buttons.append(
            dbc.Button(
                f"Download {label} (Excel)", id=f"{id_prefix}-excel", color="secondary", outline=True, size="sm"
            ),
        )
    return html.Div([*buttons, dcc.Download(id=f"{id_prefix}-download")], className="downloads my-2")


def workbook_button(id_prefix: str, label: str, detail: str) -> html.Div:
    """One button `{id_prefix}-excel` for a workbook, a sentence saying what it holds, and its
    `dcc.Download` `{id_prefix}-download`; the page's callback fills the download."""
    return html.Div(
        [
            html.P(detail, className="small mb-1"),
            dbc.Button(label, id=f"{id_prefix}-excel", color="secondary", outline=True, size="sm"),
            dcc.Download(id=f"{id_prefix}-download"),
        ],
        className="downloads d-print-none my-2",
    )
