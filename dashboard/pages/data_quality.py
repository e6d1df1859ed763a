"""Data quality (`/data-quality`), for the analyst: how complete the equality data is, the gap
between disability declared in staff records and in the staff survey, every load of every
extract, and how many records the loader rejected, for which reasons and columns (never the
records themselves: those are for signed-in analysts, `dashboard.pages.rejected_records`).

The sections are drawn by `dashboard.components.data_quality` from the warehouse's frames; the
kinds of reject reason are the build's own (`reject_summary`).
"""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import access
from dashboard.components.data_quality import (
    completeness_section,
    disability_section,
    load_history_section,
    rejects_section,
    templates_section,
)
from dashboard.components.download import csv_download
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import page_heading
from dashboard.components.static_html import static_parts
from dashboard.state.page_filters import current_filters
from dashboard.tables.downloads import for_download
from dashboard.tables.rejects import summary_download
from dashboard.views.data_quality import completeness
from dashboard.warehouse import framework, quality, workforce
from pipelines.workforce_returns import TEMPLATE_DIR, TEMPLATE_NAME

dash.register_page(
    __name__,
    path="/data-quality",
    name="Data quality",
    title="Data quality — GM Equality Outcomes",
    description="How complete the equality data is, load history and rejected records.",
    order=7,
    filters=("locality", "characteristic", "period"),
)

CONTENT = "data-quality-content"
RECORDS_PATH = "/data-quality/rejected-records"  # the signed-in page (pages/rejected_records.py)
COMPLETENESS_COLUMNS = [
    "source",
    "period",
    "area_code",
    "area_name",
    "breakdown",
    "breakdown_label",
    "records",
    "not_stated",
    "not_known",
    "unknown_share",
    "suppressed",
]


def layout(**_query: str) -> html.Div:
    return html.Div(
        [
            *page_heading(
                "Data quality",
                "For analysts: how much of our equality data is missing (“Not stated” means the "
                "person was asked and declined; “Not known” means nobody asked or recorded it), "
                "every file each build loaded, and how many records the loader rejected, with reasons. "
                "How much is unknown is a measure in its own right.",
            ),
            html.Div(id=CONTENT),
        ],
        className="page page-data-quality",
    )


def _records_link() -> list:
    page = next((p for p in dash.page_registry.values() if p["path"] == RECORDS_PATH), None)
    if page is None or not access.page_visible(page):
        return ["."]
    return [", or on the signed-in page ", dcc.Link("Rejected records", href=page["path"]), "."]


@callback(Output(CONTENT, "children"), Input(FILTERS_STORE, "data"))
@static_parts
def render_data_quality(filters_data):
    filters = current_filters(filters_data)
    areas = framework.localities()
    area_name = dict(zip(areas["area_code"], areas["area_name"], strict=True)).get(filters.locality, filters.locality)
    return [
        completeness_section(completeness(filters), filters, area_name),
        disability_section(workforce.declared_disability(filters.locality), area_name),
        load_history_section(quality.load_history()),
        rejects_section(quality.reject_summary(), _records_link()),
        templates_section(),
    ]


@callback(
    Output("data-quality-completeness-download", "data"),
    Input("data-quality-completeness-csv", "n_clicks"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def download_completeness(_clicks, filters_data):
    filters = current_filters(filters_data)
    frame = quality.data_completeness(period=filters.period)
    counts = ("records", "not_stated", "not_known", "unknown_share")
    return csv_download(for_download(frame[COMPLETENESS_COLUMNS], extra_columns=counts), "data-completeness.csv")


@callback(
    Output("data-quality-rejects-download", "data"),
    Input("data-quality-rejects-csv", "n_clicks"),
    prevent_initial_call=True,
)
def download_rejects_summary(_clicks):
    summary = quality.reject_summary()
    if summary is None:
        raise PreventUpdate
    return csv_download(summary_download(summary), "rejects-summary.csv")


@callback(
    Output("data-quality-template-download", "data"),
    Input("data-quality-template-csv", "n_clicks"),
    Input("data-quality-template-excel", "n_clicks"),
    prevent_initial_call=True,
)
def download_template(_csv, _excel):
    """The shipped template as it is (no data in it: nothing to suppress or neutralise)."""
    suffix = "xlsx" if dash.ctx.triggered_id == "data-quality-template-excel" else "csv"
    path = TEMPLATE_DIR / f"{TEMPLATE_NAME}.{suffix}"
    if not path.is_file():
        raise PreventUpdate
    return dcc.send_file(str(path))
