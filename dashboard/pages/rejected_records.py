"""Rejected records (`/data-quality/rejected-records`), for signed-in analysts only: each
rejected record with its file, line, key, reason and raw text, so it can be fixed at source.

Raw text can hold personal data, so the page registers with `personal_data=True`: it needs a
signed-in user even when the rest of the app does not, and answers 404 in public mode (see
`dashboard.access`). The public data-quality page shows only counts.
"""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from dashboard import access
from dashboard.components.download import csv_download, download_buttons
from dashboard.components.page_options import page_heading
from dashboard.components.tables import accessible_table
from dashboard.tables.rejects import ROW_COLUMNS, file_name, rows_table
from dashboard.warehouse import quality

dash.register_page(
    __name__,
    path="/data-quality/rejected-records",
    name="Rejected records",
    title="Rejected records — GM Equality Outcomes",
    description="Every rejected record with its reason and raw text, for signed-in analysts.",
    nav=False,
    internal=True,
    personal_data=True,
)

SHOWN_PER_REASON = 20
SHOWN_CHARACTERS = 200  # of a record's raw text on screen
DOWNLOAD_CHARACTERS = 10_000  # all the build keeps


def layout(**_query: str) -> html.Div:
    rows = quality.reject_rows(per_reason=SHOWN_PER_REASON, max_characters=SHOWN_CHARACTERS)
    if rows is None:
        body = [
            html.P(
                "This warehouse was built before rejected records had kinds of reason: rebuild it, "
                "or list them with python -m pipelines rejects --build latest."
            )
        ]
    elif rows.empty:
        body = [html.P("No records were rejected.", id="rejected-records-none")]
    else:
        body = [
            html.P(
                f"Up to {SHOWN_PER_REASON} records for each kind of reason, raw text cut to "
                f"{SHOWN_CHARACTERS} characters; the download has every record in full.",
                className="small",
            ),
            accessible_table(
                rows_table(rows),
                "Rejected records",
                columns={c: c for c in ROW_COLUMNS},
                id="rejected-records-table",
                class_name="rejects-table",
            ),
            download_buttons("rejected-records", label="every rejected record"),
        ]
    return html.Div(
        [
            *page_heading(
                "Rejected records",
                "Row-level data for signed-in analysts: a record's raw text can hold personal data. "
                "Do not copy it into papers or tickets; fix the record at source and rebuild.",
            ),
            *body,
        ],
        className="page page-rejected-records",
    )


@callback(
    Output("rejected-records-download", "data"),
    Input("rejected-records-csv", "n_clicks"),
    prevent_initial_call=True,
)
def download_rejected_records(_clicks):
    access.require_internal(personal_data=True)
    rows = quality.reject_rows(max_characters=DOWNLOAD_CHARACTERS)
    if rows is None:
        raise PreventUpdate
    columns = ["extract", "file", "line_number", "row_key", "reason_kind", "column_name", "reason", "raw_text"]
    return csv_download(rows.assign(file=[file_name(v) for v in rows["source_file"]])[columns], "rejected-records.csv")
