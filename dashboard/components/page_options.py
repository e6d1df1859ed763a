"""A page's heading, its own options (beside the shared filter bar) and the sections below them.

Some pages need choices the global filters do not have (an organisation, a survey question)
or only some values of one (the periods a KPI has). They draw those controls here, give them
their value from the URL in `layout(**query)`, and write changes back to the URL with
`url_state.set_parameters`, so the view stays bookmarkable:

    @callback(Output(URL, "search", allow_duplicate=True), Input("px-question", "value"),
              State(URL, "search"), prevent_initial_call=True)
    def write(question, search):
        return url_state.set_parameters(search, url_state.load_options(), {"question": question})
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.tables import scroll_region

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
Choice = dict[str, str]  # {"label": ..., "value": ...}


def page_heading(
    title: str, lead: str | None = None, *, title_id: str | None = None, lead_id: str | None = None
) -> list[html.H1 | html.P]:
    """The page's one h1 and the lead paragraph under it (none when `lead` is None)."""
    heading: list[html.H1 | html.P] = [html.H1(title, className="h2", **({"id": title_id} if title_id else {}))]
    if lead is not None:
        heading.append(html.P(lead, className="lead-text", **({"id": lead_id} if lead_id else {})))
    return heading


def option_select(control_id: str, label: str, options: Sequence[Choice], value: str) -> html.Div:
    """A labelled native select; a value that is not an option shows the first option."""
    values = {o["value"] for o in options}
    chosen = value if value in values else (options[0]["value"] if options else None)
    return html.Div(
        [
            dbc.Label(label, html_for=control_id, className="form-label small fw-semibold mb-1"),
            dbc.Select(id=control_id, options=list(options), value=chosen, size="sm"),
        ],
        className="page-option",
    )


def options_bar(controls: Sequence[html.Div], label: str) -> html.Section:
    """The page's own controls in one labelled, non-printing row."""
    return html.Section(
        html.Div(list(controls), className="d-flex flex-wrap align-items-end column-gap-3 row-gap-2"),
        className="page-options d-print-none",
        **{"aria-label": label},
    )


def option_notes(notes: Sequence[str]) -> list[dbc.Alert]:
    """A quiet note for each URL value the page could not use and what it shows instead."""
    return [dbc.Alert(note, color="info", className="py-2 mb-2") for note in notes]


def lazy_table_alternative(kind: str, name: str) -> html.Details:
    """A collapsed "Show the data as a table" whose table the page draws only when someone
    opens it (a page with many charts draws much faster). The page's callback fills
    `{"type": kind, "name": name}` when `{"type": f"{kind}-summary", "name": name}` is
    clicked (Enter or Space on the focused summary is a click too)."""
    return html.Details(
        [
            html.Summary("Show the data as a table", id={"type": f"{kind}-summary", "name": name}),
            html.Div(id={"type": kind, "name": name}),
        ],
        className="table-alternative my-2",
    )


def selected_note(area_name: str, areas: Sequence[str]) -> dict[str, str]:
    """Row notes that mark the chosen locality in a table of every area (none for the first,
    Greater Manchester, which every table shows at the top anyway)."""
    return {area_name: "Selected locality"} if area_name in list(areas)[1:] else {}


def page_section(section_id: str, title: str, children: Sequence[Any]) -> html.Section:
    """A section of a page under its own h2."""
    return html.Section([html.H2(title, className="h4"), *children], id=section_id, className="page-section")


def page_graph(graph_id: str, figure: Any) -> dcc.Graph:
    """A chart of the page, with the app's chart toolbar."""
    return dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG, className="my-2")


def kpi_links(kpis: pd.DataFrame, href: Callable[[str], str]) -> list[Any]:
    """Links to each KPI's detail page ("WRES 5: ...; WRES 6: ..."), by short title."""
    items: list[Any] = []
    for index, kpi in enumerate(kpis.to_dict("records")):
        if index:
            items.append("; ")
        title = kpi.get("short_title") or kpi["title"]
        items.append(dcc.Link(title, href=href(f"/indicators/{kpi['indicator_id']}")))
    return items


def linked_table(
    df: pd.DataFrame,
    caption: str,
    columns: Sequence[str],
    *,
    table_id: str,
    href: Callable[[str], str],
    key: str = "indicator_id",
) -> html.Div:
    """A small table of text whose first column links each row to its KPI's detail page
    (`href(key value)`); rows get ids `{table_id}-{key value}`."""
    body = []
    for row in df.to_dict("records"):
        cells: list[Any] = [html.Th(dcc.Link(str(row[columns[0]]), href=href(str(row[key]))), scope="row")]
        cells += [html.Td(str(row[column])) for column in columns[1:]]
        body.append(html.Tr(cells, id=f"{table_id}-{row[key]}"))
    table = html.Table(
        [
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(column, scope="col") for column in columns])),
            html.Tbody(body),
        ],
        id=table_id,
        className="table table-sm table-striped align-middle mb-0",
    )
    return scroll_region(table, caption)
