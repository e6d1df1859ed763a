"""Work stream assurance (`/work-streams`): a Director lead's KPIs, targets, action plans, what
changed since the previous period and the widest gaps between groups, with an export for an
assurance paper.

What the page shows is read in `dashboard.views.work_streams` and drawn in
`dashboard.components.work_stream_sections`; this file holds the layout and the callbacks.
"""

from __future__ import annotations

from dataclasses import replace

import dash
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components import work_stream_sections as sections
from dashboard.components.download import about_sheet, csv_download, excel_download
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import page_heading
from dashboard.components.static_html import static_parts
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import ALL
from dashboard.views.work_streams import Assurance, about_rows, assurance, paper_tables, without_characteristics

dash.register_page(
    __name__,
    path="/work-streams",
    name="Work streams",
    title="Work stream assurance — GM Equality Outcomes",
    description="A work stream's KPIs, targets, action plans and gaps between groups, for its Director-level lead.",
    order=1,
    filters=("work_stream", "locality", "characteristic"),
)

CONTENT = "work-streams-content"
LINKED_KPI = "work-streams-linked-kpi"


def layout(kpi: str | None = None, **_query: str) -> html.Div:
    """`?kpi=WRES7` opens the gap chart of that KPI (when it belongs to the work stream)."""
    return html.Div(
        [
            dcc.Store(id=LINKED_KPI, data=kpi),
            *page_heading(
                "Work stream assurance",
                "For the Director-level lead of a work stream: its KPIs against target, what "
                "changed since the previous period, the action plans, and which groups of people "
                "have the widest gaps compared with the reference group, with 95% confidence "
                "intervals.",
            ),
            html.Div(id=CONTENT),
        ],
        className="page page-work-streams",
    )


@callback(
    Output(CONTENT, "children"),
    Input(FILTERS_STORE, "data"),
    State(LINKED_KPI, "data"),
)
@static_parts
def render_work_stream(filters_data, linked_kpi=None):
    filters = current_filters(filters_data)
    if filters.work_stream == ALL:
        return sections.chooser(filters)
    return sections.assurance_sections(assurance(filters), filters, linked_kpi)


def _view_from(filters_data) -> Assurance:
    filters = current_filters(filters_data)
    if filters.work_stream == ALL:
        raise PreventUpdate
    return assurance(filters)


@callback(
    Output("work-streams-widest-body", "children"),
    Input("work-streams-widest-exclude", "value"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def exclude_characteristics(excluded, filters_data):
    """Only the widest-gaps table and its sentence are redrawn."""
    view = _view_from(filters_data)
    excluded = [str(e) for e in excluded] if isinstance(excluded, list) else []
    view = replace(view, widest=without_characteristics(view.widest, excluded))
    left_out = f"; leaving out {len(excluded)} characteristic{'s' if len(excluded) != 1 else ''}" if excluded else ""
    return sections.widest_body(view, f"{view.scope}{left_out}")


@callback(
    Output("work-streams-kpi-chart", "children"),
    Input("work-streams-kpi", "value"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
@static_parts
def show_kpi_gaps(indicator_id, filters_data):
    view = _view_from(filters_data)
    if indicator_id not in set(view.gaps["indicator_id"]):
        raise PreventUpdate
    return sections.kpi_gap_chart(view, indicator_id)


# --- downloads -------------------------------------------------------------------------------


def tables_for_paper(view: Assurance) -> dict[str, pd.DataFrame]:
    """The page's tables, one Excel sheet each; the first says what they are."""
    return {"About": about_sheet(about_rows(view)), **paper_tables(view)}


CSV_BUTTONS = {"work-streams-kpis-csv": ("KPIs", "kpis"), "work-streams-gaps-csv": ("Gaps by group", "gaps")}


@callback(
    Output("work-streams-kpis-download", "data"),
    Output("work-streams-gaps-download", "data"),
    Output("work-streams-excel-download", "data"),
    Input("work-streams-kpis-csv", "n_clicks"),
    Input("work-streams-gaps-csv", "n_clicks"),
    Input("work-streams-excel", "n_clicks"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def download_tables(_kpis_clicks, _gaps_clicks, _excel_clicks, filters_data):
    """A CSV of the KPI or the gaps table, or every table as one Excel workbook."""
    button = ctx.triggered_id
    if button not in (*CSV_BUTTONS, "work-streams-excel"):
        raise PreventUpdate
    view = _view_from(filters_data)
    tables = tables_for_paper(view)
    stem = f"work-stream-{view.work_stream}-{view.area_code}"
    if button == "work-streams-excel":
        return no_update, no_update, excel_download(tables, f"{stem}.xlsx")
    sheet, suffix = CSV_BUTTONS[button]
    download = csv_download(tables[sheet], f"{stem}-{suffix}.csv")
    return (download, no_update, no_update) if suffix == "kpis" else (no_update, download, no_update)
