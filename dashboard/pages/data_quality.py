"""Data quality (`/data-quality`), for the analyst: how complete the equality data is, the gap
between disability declared in staff records and in the staff survey, every load of every
extract, and how many records the loader rejected, for which reasons and columns (never the
records themselves: those are for signed-in analysts, `dashboard.pages.rejected_records`)."""

from __future__ import annotations

import os

import dash
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import access
from dashboard.components.cards import empty_state
from dashboard.components.completeness import band_legend, completeness_matrix
from dashboard.components.download import csv_download, download_buttons
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import GRAPH_CONFIG, page_heading
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table, columns_as_written, table_alternative
from dashboard.figures.completeness import disability_figure, locality_figure
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import ALL, LATEST, Filters
from dashboard.style.formatting import format_date, format_number
from dashboard.tables.completeness import (
    completeness_answer,
    disability_sentence,
    disability_table,
    share_text,
    source_label,
)
from dashboard.tables.downloads import for_download
from dashboard.tables.rejects import SUMMARY_COLUMNS, summary_download, summary_table
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
DEFAULT_CHARACTERISTIC = "sexual_orientation"  # the brief's example question


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


def _characteristic(filters: Filters, completeness) -> str | None:
    available = list(dict.fromkeys(completeness["breakdown"]))
    if filters.characteristic in available:
        return filters.characteristic
    if DEFAULT_CHARACTERISTIC in available:
        return DEFAULT_CHARACTERISTIC
    return available[0] if available else None


def _completeness_section(filters: Filters, area_name: str) -> html.Section:
    period = filters.period
    everything = quality.data_completeness(period=period)
    if everything.empty:
        return html.Section(
            [html.H2("How complete is our equality data?", className="h4"),
             empty_state(title="No completeness figures for this period",
                         detail="Completeness is measured for financial years; choose "
                         "“Latest available” or a financial year.", id="data-quality-empty")],
            id="data-quality-completeness",
        )  # fmt: skip
    breakdown = _characteristic(filters, everything)
    chosen = everything[everything["breakdown"] == breakdown]
    label = str(chosen["breakdown_label"].iloc[0])
    here = everything[everything["area_code"] == filters.locality]
    when = "the latest period of each source" if period == LATEST else period
    note = []
    if filters.characteristic == ALL:
        note = [html.P(f"Showing {label.lower()}: choose another characteristic in the filter bar.",
                       className="small text-body-secondary mb-1")]  # fmt: skip
    elif filters.characteristic != breakdown:
        note = [html.P("The characteristic chosen in the filter bar is not recorded in any source; "
                       f"showing {label.lower()} instead.", className="small mb-1")]  # fmt: skip
    table_rows = chosen.assign(
        Area=chosen["area_name"], Source=chosen["source"].map(source_label), Period=chosen["period"],
        **{"Unknown share": [share_text(r) for r in chosen.to_dict("records")],
           "Not stated": [_count(r, "not_stated") for r in chosen.to_dict("records")],
           "Not known": [_count(r, "not_known") for r in chosen.to_dict("records")],
           "Records": [_count(r, "records") for r in chosen.to_dict("records")]},
    )[["Area", "Source", "Period", "Unknown share", "Not stated", "Not known", "Records"]]  # fmt: skip
    return html.Section(
        [
            html.H2(f"How complete is our {label.lower()} data?", className="h4"),
            *note,
            html.P(completeness_answer(chosen, characteristic_label=label,
                                       area_code=filters.locality, area_name=area_name),
                   id="data-quality-answer", className="completeness-answer"),
            html.H3(f"{label}: unknown share by locality", className="h5 mt-3"),
            dcc.Graph(id="data-quality-locality-chart", config=GRAPH_CONFIG,
                      figure=locality_figure(chosen, characteristic_label=label)),
            table_alternative(table_rows, f"{label}: records not stated or not known, by area "
                              f"and source ({when})", columns=columns_as_written(table_rows),
                              id="data-quality-locality-table"),
            html.H3(f"Every characteristic in {area_name}", className="h5 mt-4"),
            html.P("The share of records where the characteristic is not stated or not known, by "
                   "source. Darker cells have more missing; the share is printed in every cell.",
                   className="small mb-1"),
            band_legend(),
            completeness_matrix(here, caption=f"Share of records not stated or not known, "
                                f"{area_name} ({when})")
            if not here.empty else empty_state("no_data", id="data-quality-matrix-empty"),
            download_buttons("data-quality-completeness", label="the completeness figures"),
        ],
        id="data-quality-completeness",
    )  # fmt: skip


def _count(row: dict, column: str) -> str:
    if row.get("suppressed"):
        return "Suppressed"
    return format_number(row.get(column), 0)


def _disability_section(filters: Filters, area_name: str) -> html.Section:
    frame = workforce.declared_disability(filters.locality)
    table = disability_table(frame)
    return html.Section(
        [
            html.H2("Declared disability: staff records against the staff survey", className="h4"),
            html.P(disability_sentence(frame, area_name) if not frame.empty else
                   f"No staff records or staff survey results for {area_name}.",
                   id="data-quality-disability-summary"),
            dcc.Graph(id="data-quality-disability-chart", config=GRAPH_CONFIG,
                      figure=disability_figure(frame)),
            html.P("Staff records: the share of all staff with a disability recorded in ESR, with "
                   "its 95% confidence interval. Staff survey: disabled respondents as a share of "
                   "all respondents to "
                   + (f"“{frame['survey_indicator'].dropna().iloc[-1]}”" if frame["survey_indicator"].notna().any()
                      else "the survey") + " (respondent counts from the published results).",
                   className="small"),
            table_alternative(table, f"Staff who say they are disabled, {area_name}",
                              columns=columns_as_written(table), id="data-quality-disability-table"),
        ],
        id="data-quality-disability",
    )  # fmt: skip


def _load_history_section() -> html.Section:
    history = quality.load_history()
    if history.empty:
        return html.Section([html.H2("Load history", className="h4"),
                             empty_state(title="No loads recorded", detail="Build the warehouse "
                                         "with `python -m pipelines build`.")],
                            id="data-quality-loads")  # fmt: skip
    table = history.assign(**{
        "Build finished": [format_date(v, with_time=True) for v in history["build_finished_at"]],
        "File": [os.path.basename(str(p)) for p in history["source_file"]],
        "Extract": history["extract"],
        # the adapter that read a published file (older warehouses have no such column)
        "Read as": [a if isinstance(a, str) else "canonical" for a in history.get("adapter", [None] * len(history))],
        "Format": history["file_format"].fillna("").str.upper(),
        "Rows read": [format_number(v, 0) for v in history["rows_read"]],
        "Loaded": [format_number(v, 0) for v in history["rows_loaded"]],
        "Rejected": [format_number(v, 0) for v in history["rows_rejected"]],
        "Adds up": ["Yes" if r == ld + rj else "No: check this load" for r, ld, rj in
                    zip(history["rows_read"], history["rows_loaded"], history["rows_rejected"], strict=True)],
        "Status": history["status"],
        "Seconds": [format_number(v, 1) for v in history["seconds"]],
        "SHA-256 (first 12)": [str(v)[:12] if v else "" for v in history["sha256"]],
        "Message": history["message"].fillna(""),
    })  # fmt: skip
    columns = ["Build finished", "File", "Read as", "Extract", "Format", "Rows read", "Loaded", "Rejected",
               "Adds up", "Status", "Seconds", "SHA-256 (first 12)", "Message"]  # fmt: skip
    builds = history["build_id"].nunique()
    return html.Section(
        [
            html.H2("Load history", className="h4"),
            html.P(f"{len(history)} file loads in {builds} build{'s' if builds != 1 else ''}, newest "
                   "first. Every file must add up: rows read = rows loaded + rows rejected.",
                   className="small"),
            accessible_table(table[columns], "Files loaded by each build", columns={c: c for c in columns},
                             id="data-quality-loads-table"),
        ],
        id="data-quality-loads",
    )  # fmt: skip


def _rejects_section() -> html.Section:
    """Counts, kinds of reason and columns only (`reject_summary`): a rejected record's own
    text can hold personal data, so it never appears on this page."""
    summary = quality.reject_summary()
    heading = html.H2("Rejected records", className="h4")
    if summary is None:
        return html.Section(
            [heading, html.P("This warehouse was built before rejected records were summarised: "
                             "rebuild it to see them here.", id="data-quality-rejects-summary")],
            id="data-quality-rejects",
        )  # fmt: skip
    if summary.empty:
        return html.Section(
            [heading, html.P("No records were rejected: every record of every file loaded.",
                             id="data-quality-no-rejects")],
            id="data-quality-rejects",
        )  # fmt: skip
    total = int(summary["rows"].sum())
    kinds = summary["reason_kind"].nunique()
    files = summary["source_file"].nunique()
    return html.Section(
        [
            heading,
            html.P(f"{total:,} record{'s were' if total != 1 else ' was'} rejected in {files} "
                   f"file{'s' if files != 1 else ''}, for {kinds} kind{'s' if kinds != 1 else ''} of "
                   "reason. A rejected record never sinks a load and is never silently dropped: fix "
                   "it in the source and rebuild.", id="data-quality-rejects-summary"),
            accessible_table(summary_table(summary), "Rejected records by file, kind of reason and column",
                             columns={c: c for c in SUMMARY_COLUMNS}, id="data-quality-reasons-table"),
            html.P(["Only counts, reasons and the column that failed are shown here: a rejected "
                    "record's own text can hold personal data. Analysts list the records, with file, "
                    "line, reason and raw text, with ", html.Code("python -m pipelines rejects --build latest"),
                    *_records_link()], className="small", id="data-quality-rejects-where"),
            download_buttons("data-quality-rejects", label="the rejects summary"),
        ],
        id="data-quality-rejects",
    )  # fmt: skip


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
        _completeness_section(filters, area_name),
        _disability_section(filters, area_name),
        _load_history_section(),
        _rejects_section(),
        _templates_section(),
    ]


def _templates_section() -> html.Section:
    """The WRES / WDES return template trusts fill in (`python -m pipelines template wres-wdes`)."""
    return html.Section(
        [
            html.H2("WRES and WDES returns: the template", className="h4"),
            html.P("Trusts fill in one row per indicator, measure, band cluster and group (a blank value is "
                   "'not reported', never zero); the filled file, under any name, loads with the next build. "
                   "The Excel file's Guidance sheet says what each row means.", className="small"),
            download_buttons("data-quality-template", excel=True, label="the WRES / WDES return template"),
        ],
        id="data-quality-templates",
    )  # fmt: skip


@callback(
    Output("data-quality-completeness-download", "data"),
    Input("data-quality-completeness-csv", "n_clicks"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def download_completeness(_clicks, filters_data):
    filters = current_filters(filters_data)
    frame = quality.data_completeness(period=filters.period)
    columns = ["source", "period", "area_code", "area_name", "breakdown", "breakdown_label",
               "records", "not_stated", "not_known", "unknown_share", "suppressed"]  # fmt: skip
    counts = ("records", "not_stated", "not_known", "unknown_share")
    return csv_download(for_download(frame[columns], extra_columns=counts), "data-completeness.csv")


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
