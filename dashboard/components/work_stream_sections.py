"""The work-stream assurance page's blocks: the chooser (no work stream yet), the cards, and
the sections of one work stream (KPIs, changes, widest gaps, gaps KPI by KPI, action plans,
export), each a function of the page's `Assurance`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.download import download_buttons
from dashboard.components.page_options import GRAPH_CONFIG
from dashboard.components.tables import accessible_table, columns_as_written, scroll_region, table_alternative
from dashboard.components.work_stream_summary import changes_list, kpi_summary_table
from dashboard.figures.chart_style import axis_title
from dashboard.figures.group_gaps import gap_figure
from dashboard.state import url_state
from dashboard.state.url_state import Filters
from dashboard.style.formatting import format_date
from dashboard.tables.group_gaps import gap_overview, gap_table
from dashboard.tables.indicator_breakdown import group_measure_type
from dashboard.tables.work_stream_summary import action_plan_table
from dashboard.views import work_streams as views
from dashboard.views.work_streams import Assurance
from dashboard.warehouse import framework, indicators

WIDEST_SHOWN = 20


def _table(frame: pd.DataFrame, caption: str, **options: Any) -> html.Div:
    """A table of a frame that already holds readable labels."""
    return accessible_table(frame, caption, columns=columns_as_written(frame), **options)


def chooser(filters: Filters) -> html.Div:
    """No work stream chosen: the list to choose from, each a bookmarkable link."""
    options = url_state.load_options()
    rows = []
    for stream in indicators.work_stream_summary().to_dict("records"):
        chosen = url_state.with_query(replace(filters, work_stream=stream["work_stream"]), options)
        count = stream["kpi_count"]
        rows.append(
            html.Tr(
                [
                    html.Th(dcc.Link(stream["work_stream_name"], href=chosen.href("/work-streams")), scope="row"),
                    html.Td(stream["lead_role"] or "No lead named"),
                    html.Td(f"{count} KPI{'s' if count != 1 else ''}"),
                ]
            )
        )
    heading = html.Tr([html.Th(name, scope="col") for name in ("Work stream", "Director lead", "KPIs")])
    table = html.Table(
        [
            html.Caption("The eight work streams, their Director-level leads and how many KPIs each owns"),
            html.Thead(heading),
            html.Tbody(rows),
        ],
        id="work-streams-chooser",
        className="table table-sm table-striped align-middle mb-0",
    )
    return html.Div(
        [
            html.H2("Choose a work stream", className="h4"),
            html.P(
                "Pick a work stream in the filter bar above, or follow one of these links. Each link can be bookmarked."
            ),
            scroll_region(table, "Work streams", class_name="chooser-table"),
        ],
        id="work-streams-choose",
    )


def cards(view: Assurance) -> dbc.Row:
    counts = views.card_counts(view)
    shown = [
        stat_card(
            "KPIs not meeting their target",
            f"{counts.red} of {counts.with_target}",
            "KPIs with a target",
            id="work-streams-card-target",
        ),
        stat_card(
            "KPIs getting worse",
            str(counts.getting_worse),
            "significant trend over the last five periods",
            id="work-streams-card-trend",
        ),
        stat_card(
            "Groups significantly worse than the reference group",
            str(counts.worse_groups),
            "across this work stream's KPIs",
            id="work-streams-card-gaps",
        ),
        stat_card(
            "Action plans overdue",
            str(counts.overdue),
            f"{counts.off_track} at risk or off track, of {counts.actions}",
            id="work-streams-card-actions",
        ),
    ]
    return dbc.Row([dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in shown])


def kpi_gap_chart(view: Assurance, indicator_id: str) -> list:
    """The chosen KPI's groups: chart, one-line summary and the table behind the chart."""
    kpi = view.kpis[view.kpis["indicator_id"] == indicator_id].iloc[0].to_dict()
    rows = view.gaps[view.gaps["indicator_id"] == indicator_id]
    name = kpi.get("short_title") or kpi["title"]
    text_table = gap_table(rows)
    x_title = axis_title(group_measure_type(kpi.get("measure_type")), kpi.get("unit"))
    if kpi.get("measure_type") == "ratio":
        x_title = "Rate in each group (%); the KPI is the ratio between groups"
    figure = gap_figure(rows, measure_type=kpi.get("measure_type"), unit=kpi.get("unit"), x_title=x_title)
    return [
        html.H3(name, className="h6 mt-2 mb-1"),
        html.P(
            [f"{rows['period'].iloc[0]}, {view.area_name}. ", views.kpi_gap_sentence(rows)],
            className="small mb-1",
            id="work-streams-kpi-summary",
        ),
        dcc.Graph(id="work-streams-gap-chart", config=GRAPH_CONFIG, figure=figure),
        table_alternative(
            text_table,
            f"{name}: each group compared with its reference group, {view.area_name}",
            columns=columns_as_written(text_table),
            id="work-streams-kpi-table",
        ),
    ]


def _gap_section(view: Assurance, wanted: str | None) -> list:
    chosen = views.chosen_gap_kpi(view, wanted)
    if chosen is None:
        return [html.P("None of this work stream's KPIs is broken down by characteristic.")]
    picker = html.Div(
        [
            dbc.Label("Show the chart for", html_for="work-streams-kpi", className="form-label small fw-semibold mb-1"),
            dbc.Select(id="work-streams-kpi", options=views.gap_choices(view), value=chosen, size="sm"),
        ],
        className="kpi-picker mt-3 mb-2",
    )
    return [
        _table(
            gap_overview(view.gaps, view.kpis),
            f"Gaps to the reference group for each KPI, {view.area_name}",
            id="work-streams-gap-overview",
        ),
        picker,
        html.Div(kpi_gap_chart(view, chosen), id="work-streams-kpi-chart"),
    ]


def _exclude_control(view: Assurance) -> html.Fieldset | None:
    """Lets a Director leave characteristics out of the ranking (age, for example, dominates
    band KPIs as a career-stage effect rather than a gap to act on)."""
    present = view.gaps.drop_duplicates("breakdown")
    if present.empty or len(present) < 2:
        return None
    options = [{"label": str(r["breakdown_label"]), "value": str(r["breakdown"])} for r in present.to_dict("records")]
    return html.Fieldset(
        [
            html.Legend("Leave out of the ranking", className="small fw-semibold mb-1 fs-6"),
            # Bootstrap's checkboxes: a labelled <input> each (Dash 4's dcc.Checklist nests them
            # in ARIA roles that axe-core reports as unnamed and nested controls)
            dbc.Checklist(
                id="work-streams-widest-exclude", options=options, value=[], inline=True, label_class_name="small"
            ),
        ],
        className="mb-2 d-print-none",
    )


def widest_body(view: Assurance, scope: str) -> list:
    """The sentence and table of the widest gaps (redrawn alone when characteristics are left out)."""
    count = len(view.widest)
    caption = f"Widest significant gaps, {scope}" + (
        f" (the {WIDEST_SHOWN} widest of {count})" if count > WIDEST_SHOWN else ""
    )
    table = (
        _table(gap_table(view.widest.head(WIDEST_SHOWN), with_kpi=True), caption, id="work-streams-widest-table")
        if not view.widest.empty
        else None
    )
    return [html.P(views.widest_sentence(view), id="work-streams-widest-summary"), table]


def _section(section_id: str, children: list, **options: Any) -> html.Section:
    return html.Section(children, id=section_id, **options)


def assurance_sections(view: Assurance, filters: Filters, wanted_kpi: str | None) -> list:
    """Everything the page shows for one work stream and area."""
    if view.kpis.empty:
        return [empty_state("no_kpis", id="work-streams-empty")]
    context = [
        html.Strong("Director lead: "),
        view.lead_role,
        f" · {len(view.kpis)} KPIs · ",
        f"Area: {view.area_name} · Data last updated {format_date(framework.last_updated())}",
    ]
    by = view.by_characteristic
    return [
        html.Div(
            [
                html.H2(view.work_stream_name, className="h3 mb-1"),
                html.P(context, id="work-streams-context", className="text-body-secondary"),
            ]
        ),
        cards(view),
        _section(
            "work-streams-kpis",
            [
                html.H2("KPIs, targets and action plans", className="h4"),
                kpi_summary_table(
                    view.summary,
                    area_name=view.area_name,
                    benchmark_name=view.benchmark_name,
                    show_benchmark=view.area_code != view.benchmark_code,
                    today=view.today,
                    link=filters.href,
                    caption=f"{view.work_stream_name}: KPIs ({view.scope})",
                ),
                download_buttons("work-streams-kpis"),
            ],
        ),
        _section(
            "work-streams-changes",
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
        ),
        _section(
            "work-streams-widest",
            [
                html.H2(f"Widest significant gaps between groups{by}", className="h4"),
                _exclude_control(view),
                html.Div(widest_body(view, view.scope), id="work-streams-widest-body"),
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
        ),
        _section(
            "work-streams-gaps",
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
        ),
        _section(
            "work-streams-actions",
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
        ),
        _section(
            "work-streams-export",
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
            className="d-print-none",
        ),
    ]
