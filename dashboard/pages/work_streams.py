"""Work stream assurance (`/work-streams`): a Director lead's KPIs, targets, action plans, what
changed since the previous period and the widest gaps between groups, with an export for an
assurance paper.

(No `from __future__ import annotations` here: Dash imports pages outside `sys.modules`, where
a dataclass cannot resolve string annotations.)
"""

import datetime as dt
from dataclasses import dataclass, replace

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.download import about_sheet, csv_download, download_buttons, excel_download
from dashboard.components.filter_bar import FILTERS_STORE
from dashboard.components.page_options import GRAPH_CONFIG, page_heading
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table, columns_as_written, scroll_region, table_alternative
from dashboard.components.work_stream_summary import changes_list, kpi_summary_table
from dashboard.figures.chart_style import axis_title
from dashboard.figures.group_gaps import gap_figure
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import ALL, Filters
from dashboard.style.formatting import format_date
from dashboard.style.palette import trend_text
from dashboard.tables.group_gaps import gap_overview, gap_rows, gap_table, significant_gap, widest_gaps
from dashboard.tables.indicator_breakdown import group_measure_type
from dashboard.tables.work_stream_summary import action_plan_table, gap_download, is_overdue, kpi_download, kpi_summary
from dashboard.warehouse import framework, indicators

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
WIDEST_SHOWN = 20
WORSE_NAMED = 6  # groups named in the sentence above a KPI's chart


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


@dataclass(frozen=True)
class Assurance:
    """Everything the page shows for one work stream and area."""

    work_stream: str
    work_stream_name: str
    lead_role: str
    area_code: str
    area_name: str
    benchmark_code: str
    benchmark_name: str
    characteristic_label: str | None
    kpis: pd.DataFrame
    summary: pd.DataFrame
    gaps: pd.DataFrame
    widest: pd.DataFrame
    actions: pd.DataFrame
    today: dt.date


def _assurance(filters: Filters) -> Assurance:
    streams = indicators.work_stream_summary()
    stream = streams[streams["work_stream"] == filters.work_stream].iloc[0]
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    benchmark = areas["area_code"].iloc[0]
    area = filters.locality
    kpis = framework.kpis(filters.work_stream)
    values = indicators.work_stream_values(filters.work_stream, tuple(dict.fromkeys((area, benchmark))))
    actions = framework.action_plans(work_stream=filters.work_stream)
    summary = kpi_summary(kpis, values, actions, area_code=area, benchmark_code=benchmark)
    characteristic_label = None
    if filters.characteristic != ALL:
        labels = framework.characteristics().set_index("breakdown")["breakdown_label"]
        characteristic_label = labels.get(filters.characteristic, filters.characteristic)
        parts = values["breakdown"].str.split("*")
        values = values[(values["breakdown"] == "all")
                        | parts.map(lambda p: filters.characteristic in p)]  # fmt: skip
    gaps = gap_rows(values, kpis, area)
    return Assurance(
        work_stream=filters.work_stream,
        work_stream_name=stream["work_stream_name"],
        lead_role=stream["lead_role"] or "No lead named",
        area_code=area,
        area_name=names.get(area, area),
        benchmark_code=benchmark,
        benchmark_name=names.get(benchmark, benchmark),
        characteristic_label=characteristic_label,
        kpis=kpis,
        summary=summary,
        gaps=gaps,
        widest=widest_gaps(gaps),
        actions=actions,
        today=dt.date.today(),
    )


def _table(frame: pd.DataFrame, caption: str, **options) -> html.Div:
    """A table of a frame that already holds readable labels."""
    return accessible_table(frame, caption, columns=columns_as_written(frame), **options)


# --- no work stream chosen: the list to choose from ---------------------------------------


def _chooser(filters: Filters) -> html.Div:
    options = url_state.load_options()
    rows = []
    for stream in indicators.work_stream_summary().to_dict("records"):
        chosen = url_state.with_query(replace(filters, work_stream=stream["work_stream"]), options)
        rows.append(html.Tr([
            html.Th(dcc.Link(stream["work_stream_name"], href=chosen.href("/work-streams")),
                    scope="row"),
            html.Td(stream["lead_role"] or "No lead named"),
            html.Td(f"{stream['kpi_count']} KPI{'s' if stream['kpi_count'] != 1 else ''}"),
        ]))  # fmt: skip
    table = html.Table(
        [html.Caption("The eight work streams, their Director-level leads and how many KPIs "
                      "each owns"),
         html.Thead(html.Tr([html.Th("Work stream", scope="col"),
                             html.Th("Director lead", scope="col"),
                             html.Th("KPIs", scope="col")])),
         html.Tbody(rows)],
        id="work-streams-chooser",
        className="table table-sm table-striped align-middle mb-0",
    )  # fmt: skip
    return html.Div(
        [
            html.H2("Choose a work stream", className="h4"),
            html.P(
                "Pick a work stream in the filter bar above, or follow one of these links. Each link can be bookmarked."
            ),  # fmt: skip
            scroll_region(table, "Work streams", class_name="chooser-table"),
        ],
        id="work-streams-choose",
    )


# --- a work stream chosen ------------------------------------------------------------------


def _cards(view: Assurance) -> dbc.Row:
    summary = view.summary
    shown = summary[~summary["suppressed"] & summary["period"].notna()]
    with_target = shown[shown["rag"].isin(["green", "amber", "red"])]
    getting_worse = sum(
        1 for r in shown.to_dict("records")
        if r["trend"] in ("increasing", "decreasing") and r["polarity"] in ("high_is_good", "low_is_good")
        and (r["trend"] == "increasing") != (r["polarity"] == "high_is_good")
    )  # fmt: skip
    actions = view.actions.to_dict("records")
    overdue = sum(is_overdue(a, view.today) for a in actions)
    off_track = sum((a.get("status") or "").lower() in ("off track", "at risk") for a in actions)
    cards = [
        stat_card("KPIs not meeting their target", f"{(with_target['rag'] == 'red').sum()} of "
                  f"{len(with_target)}", "KPIs with a target", id="work-streams-card-target"),
        stat_card("KPIs getting worse", str(getting_worse), "significant trend over the last "
                  "five periods", id="work-streams-card-trend"),
        stat_card("Groups significantly worse than the reference group", str(len(view.widest)),
                  "across this work stream's KPIs", id="work-streams-card-gaps"),
        stat_card("Action plans overdue", str(overdue),
                  f"{off_track} at risk or off track, of {len(actions)}",
                  id="work-streams-card-actions"),
    ]  # fmt: skip
    return dbc.Row([dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in cards])


def _widest_sentence(view: Assurance) -> str:
    widest = view.widest
    if widest.empty:
        scope = f" by {view.characteristic_label.lower()}" if view.characteristic_label else ""
        return (f"No group is significantly worse than its reference group{scope} in "
                f"{view.area_name} on this work stream's KPIs.")  # fmt: skip
    top = widest.iloc[0]
    directions = [trend_text(t, p)[1] for t, p in zip(widest["trend"], widest["polarity"], strict=True)]
    better = sum(words.endswith("getting better") for words in directions)
    worse = sum(words.endswith("getting worse") for words in directions)
    return (
        f"{len(widest)} group{'s are' if len(widest) != 1 else ' is'} significantly worse than "
        f"the reference group in {view.area_name}. The widest gap is for "
        f"{top['group_label']} ({top['breakdown_label']}) on "
        f"“{top['short_title'] or top['title']}”. Over the last five periods, "
        f"{better} of these groups {'is' if better == 1 else 'are'} getting better and {worse} "
        "getting worse; the rest show no significant change or "
        "have too few periods to tell."
    )


def _gap_choices(view: Assurance) -> list[dict[str, str]]:
    with_groups = set(view.gaps["indicator_id"])
    return [{"label": k.get("short_title") or k["title"], "value": k["indicator_id"]}
            for k in view.kpis.to_dict("records") if k["indicator_id"] in with_groups]  # fmt: skip


def _kpi_gap_chart(view: Assurance, indicator_id: str) -> list:
    """The chosen KPI's groups: chart, one-line summary and the table behind the chart."""
    kpi = view.kpis[view.kpis["indicator_id"] == indicator_id].iloc[0].to_dict()
    rows = view.gaps[view.gaps["indicator_id"] == indicator_id]
    name = kpi.get("short_title") or kpi["title"]
    references = rows[rows["is_reference_group"].fillna(False).astype(bool)]
    worse = rows[significant_gap(rows) & ~rows["suppressed"].astype(bool)]
    text = ""
    if not references.empty:
        text = "Reference group: " + "; ".join(
            f"{r['group_label']} ({r['breakdown_label']})"
            for r in references.to_dict("records")) + ". "  # fmt: skip
    names = list(worse["group_label"].astype(str))
    if len(names) > WORSE_NAMED:
        names = [*names[:WORSE_NAMED], f"and {len(names) - WORSE_NAMED} more (see the table)"]
    text += ("Significantly worse than the reference group: " + ", ".join(names) + "." if names
             else "No group is significantly worse than its reference group.")  # fmt: skip
    text_table = gap_table(rows)
    x_title = axis_title(group_measure_type(kpi.get("measure_type")), kpi.get("unit"))
    if kpi.get("measure_type") == "ratio":
        x_title = "Rate in each group (%); the KPI is the ratio between groups"
    return [
        html.H3(name, className="h6 mt-2 mb-1"),
        html.P([f"{rows['period'].iloc[0]}, {view.area_name}. ", text], className="small mb-1",
               id="work-streams-kpi-summary"),
        dcc.Graph(id="work-streams-gap-chart", config=GRAPH_CONFIG,
                  figure=gap_figure(rows, measure_type=kpi.get("measure_type"),
                                    unit=kpi.get("unit"), x_title=x_title)),
        table_alternative(text_table, f"{name}: each group compared with its reference group, "
                          f"{view.area_name}", columns=columns_as_written(text_table),
                          id="work-streams-kpi-table"),
    ]  # fmt: skip


def _gap_section(view: Assurance, wanted: str | None) -> list:
    choices = _gap_choices(view)
    if not choices:
        return [html.P("None of this work stream's KPIs is broken down by characteristic.")]
    values = [c["value"] for c in choices]
    if wanted not in values:
        wanted = view.widest["indicator_id"].iloc[0] if not view.widest.empty else values[0]
    return [
        _table(gap_overview(view.gaps, view.kpis),
                         f"Gaps to the reference group for each KPI, {view.area_name}",
                         id="work-streams-gap-overview"),
        html.Div(
            [dbc.Label("Show the chart for", html_for="work-streams-kpi",
                       className="form-label small fw-semibold mb-1"),
             dbc.Select(id="work-streams-kpi", options=choices, value=wanted, size="sm")],
            className="kpi-picker mt-3 mb-2",
        ),
        html.Div(_kpi_gap_chart(view, wanted), id="work-streams-kpi-chart"),
    ]  # fmt: skip


def _render(view: Assurance, filters: Filters, wanted_kpi: str | None) -> list:
    if view.kpis.empty:
        return [empty_state("no_kpis", id="work-streams-empty")]
    scope = f"{view.area_name}; each KPI's latest period"
    show_benchmark = view.area_code != view.benchmark_code
    by = f" by {view.characteristic_label.lower()}" if view.characteristic_label else ""
    return [
        html.Div(
            [
                html.H2(view.work_stream_name, className="h3 mb-1"),
                html.P(
                    [
                        html.Strong("Director lead: "),
                        view.lead_role,
                        f" · {len(view.kpis)} KPIs · ",
                        f"Area: {view.area_name} · Data last updated {format_date(framework.last_updated())}",
                    ],
                    id="work-streams-context",
                    className="text-body-secondary",
                ),
            ],
        ),  # fmt: skip
        _cards(view),
        html.Section(
            [
                html.H2("KPIs, targets and action plans", className="h4"),
                kpi_summary_table(
                    view.summary,
                    area_name=view.area_name,
                    benchmark_name=view.benchmark_name,
                    show_benchmark=show_benchmark,
                    today=view.today,
                    link=filters.href,
                    caption=f"{view.work_stream_name}: KPIs ({scope})",
                ),
                download_buttons("work-streams-kpis"),
            ],
            id="work-streams-kpis",
        ),  # fmt: skip
        html.Section(
            [
                html.H2("What changed since the previous period", className="h4"),
                html.P(
                    "The change in each KPI's value since its previous period, read against "
                    "whether higher or lower is better. A single change can be chance; the trend "
                    "column above says whether the last five periods show a significant change.",
                    className="small",
                ),
                changes_list(view.summary),
            ],
            id="work-streams-changes",
        ),  # fmt: skip
        html.Section(
            [
                html.H2(f"Widest significant gaps between groups{by}", className="h4"),
                _exclude_control(view),
                html.Div(_widest_body(view, scope), id="work-streams-widest-body"),
                html.P(
                    "Groups whose 95% confidence interval lies entirely on the worse side of "
                    "their reference group's value, ranked by how many times higher or lower "
                    "their value is (the ratio to the reference group), so KPIs in different "
                    "units can be compared. The trend is that group's own trend over the last "
                    "five periods.",
                    className="small",
                ),
                download_buttons("work-streams-gaps", label="every group's gap"),
            ],
            id="work-streams-widest",
        ),  # fmt: skip
        html.Section(
            [
                html.H2(f"Gaps to the reference group{by}, KPI by KPI", className="h4"),
                html.P(
                    "For each KPI: how many groups differ significantly from their reference "
                    "group. Choose a KPI to see every group's value with its 95% confidence "
                    "interval; the dashed line is the reference group's value, and the marker "
                    "shape and legend say whether a group is better, similar or worse.",
                    className="small",
                ),
                *_gap_section(view, wanted_kpi),
            ],
            id="work-streams-gaps",
        ),  # fmt: skip
        html.Section(
            [
                html.H2("Action plans", className="h4"),
                _table(
                    action_plan_table(view.actions, view.today),
                    f"Action plans for {view.work_stream_name}",
                    id="work-streams-actions-table",
                )
                if not view.actions.empty
                else html.P("No action plans for this work stream yet."),
            ],
            id="work-streams-actions",
        ),  # fmt: skip
        html.Section(
            [
                html.H2("Export for an assurance paper", className="h4"),
                html.P(
                    "One Excel workbook with a sheet for each table on this page. Suppressed "
                    "numbers are written as “suppressed”.",
                    className="small",
                ),
                dbc.Button(
                    "Download every table (Excel)", id="work-streams-excel", color="secondary", outline=True, size="sm"
                ),
                dcc.Download(id="work-streams-excel-download"),
            ],
            id="work-streams-export",
            className="d-print-none",
        ),  # fmt: skip
    ]


@callback(
    Output(CONTENT, "children"),
    Input(FILTERS_STORE, "data"),
    State(LINKED_KPI, "data"),
)
@static_parts
def render_work_stream(filters_data, linked_kpi=None):
    filters = current_filters(filters_data)
    if filters.work_stream == ALL:
        return _chooser(filters)
    return _render(_assurance(filters), filters, linked_kpi)


def _exclude_control(view: Assurance) -> html.Fieldset | None:
    """Lets a Director leave characteristics out of the ranking (age, for example, dominates
    band KPIs as a career-stage effect rather than a gap to act on)."""
    present = view.gaps.drop_duplicates("breakdown")
    if present.empty or len(present) < 2:
        return None
    options = [{"label": str(r["breakdown_label"]), "value": str(r["breakdown"])}
               for r in present.to_dict("records")]  # fmt: skip
    return html.Fieldset(
        [html.Legend("Leave out of the ranking", className="small fw-semibold mb-1 fs-6"),
         # Bootstrap's checkboxes: a labelled <input> each (Dash 4's dcc.Checklist nests them
         # in ARIA roles that axe-core reports as unnamed and nested controls)
         dbc.Checklist(id="work-streams-widest-exclude", options=options, value=[], inline=True,
                       label_class_name="small")],
        className="mb-2 d-print-none",
    )  # fmt: skip


def _widest_body(view: Assurance, scope: str) -> list:
    count = len(view.widest)
    caption = f"Widest significant gaps, {scope}" + (
        f" (the {WIDEST_SHOWN} widest of {count})" if count > WIDEST_SHOWN else ""
    )
    table = (
        _table(gap_table(view.widest.head(WIDEST_SHOWN), with_kpi=True), caption, id="work-streams-widest-table")
        if not view.widest.empty
        else None
    )
    return [html.P(_widest_sentence(view), id="work-streams-widest-summary"), table]


def without_characteristics(widest: pd.DataFrame, excluded: list[str]) -> pd.DataFrame:
    """The widest gaps without the groups of `excluded` characteristics (an intersection goes
    if either part is excluded), re-ranked."""
    if not excluded or widest.empty:
        return widest
    parts = widest["breakdown"].astype(str).str.split("*")
    keep = ~parts.map(lambda p: any(part in excluded for part in p))
    out = widest[keep].reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


@callback(
    Output("work-streams-widest-body", "children"),
    Input("work-streams-widest-exclude", "value"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def exclude_characteristics(excluded, filters_data):
    view = _view_from(filters_data)
    excluded = [str(e) for e in excluded] if isinstance(excluded, list) else []
    view = replace(view, widest=without_characteristics(view.widest, excluded))
    left_out = f"; leaving out {len(excluded)} characteristic{'s' if len(excluded) != 1 else ''}" if excluded else ""
    return _widest_body(view, f"{view.area_name}; each KPI's latest period{left_out}")


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
    return _kpi_gap_chart(view, indicator_id)


# --- downloads -------------------------------------------------------------------------------


def _view_from(filters_data) -> Assurance:
    filters = current_filters(filters_data)
    if filters.work_stream == ALL:
        raise PreventUpdate
    return _assurance(filters)


def _changes_frame(view: Assurance) -> pd.DataFrame:
    columns = ["indicator_id", "title", "previous_period", "period", "previous_value", "value",
               "change_since_previous", "change_direction", "previous_rag", "rag", "suppressed",
               "previous_suppressed"]  # fmt: skip
    frame = view.summary[columns].copy()
    frame["previous_value"] = frame["previous_value"].astype(object)
    frame.loc[frame["previous_suppressed"], "previous_value"] = "suppressed"
    return frame.drop(columns=["previous_suppressed"])


def tables_for_paper(view: Assurance) -> dict[str, pd.DataFrame]:
    """The page's tables as tidy frames, one Excel sheet each (the first says what they are)."""
    about = about_sheet(
        [
            ("Work stream", view.work_stream_name),
            ("Director lead", view.lead_role),
            ("Area", view.area_name),
            ("Characteristic", view.characteristic_label or "All characteristics"),
            ("Data last updated", format_date(framework.last_updated(), with_time=True)),
            ("Exported", format_date(pd.Timestamp.now(), with_time=True)),
        ]
    )
    summary = view.summary.assign(area_code=view.area_code, area_name=view.area_name)
    return {
        "About": about,
        "KPIs": kpi_download(summary, view.today),
        "Changes since previous": _changes_frame(view),
        "Widest gaps": gap_download(view.widest),
        "Gaps by group": gap_download(view.gaps),
        "Action plans": action_plan_table(view.actions, view.today),
    }


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
