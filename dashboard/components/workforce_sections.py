"""The workforce page's sections, each a function of the page's `View`: representation by band
cluster, relative likelihoods, staff survey, board, and the compact tables by locality and by
organisation. Every chart has a table (drawn when opened) and a CSV download."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.components.cards import empty_state
from dashboard.components.download import download_buttons
from dashboard.components.grid_table import grid_table, shade_legend
from dashboard.components.page_options import (
    kpi_links,
    lazy_table_alternative,
    linked_table,
    option_notes,
    page_graph,
    page_section,
    selected_note,
)
from dashboard.figures import workforce as wf
from dashboard.state.url_state import LATEST, Filters
from dashboard.tables import workforce as workforce_tables
from dashboard.views import workforce as views
from dashboard.views.workforce import View

TABLE_KIND = "workforce-table"  # pattern-matching id type of the tables drawn when opened


def context_line(view: View) -> html.P:
    """The place, characteristic, period (and organisation) the page is showing."""
    organisation = "" if view.whole_area else f" · Organisation: {view.organisation_name}"
    return html.P(
        [
            html.Strong(view.area_name),
            f" · {view.characteristic_label} · Period: {view.period_text}" + organisation,
        ],
        id="workforce-context",
        className="text-body-secondary",
    )


def returns_note(view: View) -> html.P | None:
    """Which KPIs' values here count trusts' WRES / WDES returns (none: nothing shown)."""
    words = workforce_tables.returns_line(views.source_notes(view))
    return html.P(words, id="workforce-returns-note", className="small text-body-secondary") if words else None


def representation_section(view: View) -> html.Section:
    rep, population, place = views.representation_frames(view)
    where = view.place_name
    if rep.empty:
        empty = empty_state(
            "no_data",
            id="workforce-representation-empty",
            detail=f"No staff figures for {where} in {view.period_text}.",
        )
        return page_section("workforce-representation", "Who works at each level", [empty])
    period = rep["period"].iloc[0]
    summary = workforce_tables.representation_summary(rep, population, view.focus_group)
    children = [
        html.P(
            f"{where}, {period}. Each dot is a group's share of staff at that level, with its 95% "
            f"confidence interval; dashed lines show each group's share of the {place}. "
            + (summary[0].upper() + summary[1:] if summary else ""),
            className="section-summary",
            id="workforce-representation-summary",
        ),
        page_graph("workforce-representation-chart", wf.representation_figure(rep, population, place=place)),
        lazy_table_alternative(TABLE_KIND, "representation"),
        download_buttons("workforce-representation", label="representation"),
    ]
    return page_section(
        "workforce-representation",
        "Who works at each level, compared with the local population",
        children,
    )


def likelihood_section(view: View, filters: Filters) -> html.Section:
    kpis, values = views.likelihood_values(view)
    title = "Relative likelihoods: appointment, disciplinary, training and capability"
    if kpis.empty or values.empty:
        return page_section(
            "workforce-likelihoods",
            title,
            [empty_state("no_data", id="workforce-likelihoods-empty")],
        )
    value_range = workforce_tables.kpi_range(kpis.iloc[0].to_dict())
    frame = workforce_tables.likelihood_frame(values, kpis, view.area_code, view.benchmark_code)
    table = workforce_tables.likelihood_table(values, kpis, view.area_code, view.benchmark_code)
    columns = [
        "Indicator",
        "Period",
        "Relative likelihood",
        "95% CI",
        "Against the no-adverse-impact range",
    ]
    if view.area_code != view.benchmark_code:
        columns += ["Greater Manchester", "Compared with GM"]
    return page_section(
        "workforce-likelihoods",
        title,
        [
            html.P(
                f"{view.area_name}. A relative likelihood of 1.00 means both groups are equally "
                f"likely; between {value_range[0]:.2f} and {value_range[1]:.2f} (shaded) is "
                "treated as no adverse impact. For each of these indicators a value above the "
                "range means BME or disabled staff (or applicants) fare worse. The axis is "
                "logarithmic so that 0.5 and 2.0 sit the same distance from 1.",
                className="section-summary",
            ),
            page_graph("workforce-likelihood-chart", wf.likelihood_figure(frame, value_range=value_range)),
            linked_table(
                table,
                f"Relative likelihoods, {view.area_name}",
                columns,
                table_id="workforce-likelihood-table",
                href=lambda kpi: filters.href(f"/indicators/{kpi}"),
            ),
            download_buttons("workforce-likelihoods", label="relative likelihoods"),
        ],
    )


def survey_section(view: View, filters: Filters) -> html.Section:
    kpis, frame = views.survey_frame(view)
    title = "Staff survey: experiences of each group"
    if kpis.empty:
        return page_section("workforce-survey", title, [empty_state("no_data", id="workforce-survey-empty")])
    missing = kpis[~kpis["indicator_id"].isin(frame["indicator_id"] if not frame.empty else [])]
    children: list[Any] = [
        html.P(
            f"{view.area_name}, by {view.in_words}. Each group's answer with "
            "its 95% confidence interval and number of respondents; the table gives the gap to "
            "the reference group and whether it is statistically significant. "
            + (workforce_tables.survey_summary(frame) if not frame.empty else ""),
            className="section-summary",
            id="workforce-survey-summary",
        ),
    ]
    if frame.empty:
        children.append(
            empty_state(
                "no_data",
                id="workforce-survey-empty",
                detail=f"No staff survey results by {view.in_words} here.",
            )
        )
    else:
        children += [
            page_graph("workforce-survey-chart", wf.survey_figure(frame)),
            lazy_table_alternative(TABLE_KIND, "survey"),
            download_buttons("workforce-survey", label="staff survey results"),
        ]
    if not missing.empty:
        links = [f"Not broken down by {view.in_words}: "] + kpi_links(missing, filters.href)
        children.append(html.P(links, className="small"))
    else:
        children.append(html.P(["Indicator details: "] + kpi_links(kpis, filters.href), className="small"))
    return page_section("workforce-survey", title, children)


def board_section(view: View) -> html.Section:
    rows = views.board_rows(view)
    title = "Board members compared with the whole workforce"
    frame = workforce_tables.board_frame(rows) if not rows.empty else rows
    if frame.empty:
        return page_section("workforce-board", title, [empty_state("no_data", id="workforce-board-empty")])
    note = workforce_tables.board_suppression_note(frame)
    return page_section(
        "workforce-board",
        title,
        [
            html.P(
                f"By {view.in_words}, {frame['period'].iloc[0]}: each group's "
                "share of voting board members (with its 95% confidence interval), of all staff "
                "and of the working-age population (WRES indicator 9, WDES metric 10). " + note,
                className="section-summary",
                id="workforce-board-summary",
            ),
            page_graph("workforce-board-chart", wf.board_figure(frame)),
            lazy_table_alternative(TABLE_KIND, "board"),
            download_buttons("workforce-board", label="board figures"),
        ],
    )


def _by_locality(view: View, filters: Filters, areas: list[str]) -> list[Any]:
    """The key WRES and WDES KPIs of every locality against GM, as one grid."""
    kpis, values = views.area_values(view)
    if values.empty:
        return []
    grid = workforce_tables.area_metrics_grid(values, kpis)
    return [
        html.H3("Key WRES and WDES figures by locality", className="h5 mt-3"),
        html.P(
            "Each locality is compared with Greater Manchester at 95% confidence (the "
            "cell colour and word). Choose an indicator's name for its detail.",
            className="small mb-1",
        ),
        grid_table(
            grid,
            status="comparison",
            shading="status",
            row_order=areas,
            row_notes=selected_note(view.area_name, areas),
            column_order=[c for c in workforce_tables.kpi_titles(kpis) if c in set(grid["column_label"])],
            corner="Area",
            caption="Workforce indicators by locality (latest period of each)"
            if view.period == LATEST
            else f"Workforce indicators by locality, {view.period}",
            table_id="workforce-area-table",
        ),
        html.P(["Indicator details: "] + kpi_links(kpis, filters.href), className="small mt-1"),
        download_buttons("workforce-areas", label="figures by locality"),
    ]


def _representation_by_place(view: View, areas: list[str]) -> list[Any]:
    """The focus group's share of staff at each level, by locality and by organisation."""
    rep_areas, rep_orgs = views.places_representation(view)
    focus_name = views.focus_group_name(view)
    children: list[Any] = []
    for by, rep, table_id in (
        ("area", rep_areas, "workforce-rep-area-table"),
        ("organisation", rep_orgs, "workforce-rep-org-table"),
    ):
        grid = workforce_tables.representation_grid(rep, view.focus_group, by=by) if not rep.empty else rep
        if grid.empty:
            continue
        title = f"{focus_name} share of staff by {'locality' if by == 'area' else 'organisation'}"
        children += [
            html.H3(title, className="h5 mt-4"),
            shade_legend("lower share", "higher share", symbols=False),
            grid_table(
                grid,
                note="note",
                shade="share",
                shading="value",
                column_order=workforce_tables.level_columns(grid),
                corner="Locality" if by == "area" else "Organisation",
                row_notes=selected_note(view.area_name, areas) if by == "area" else None,
                caption=f"{title}, {grid['period'].iloc[0]} (percent, 95% CI below)",
                table_id=table_id,
            ),
        ]
    return children


def comparison_section(view: View, filters: Filters) -> html.Section:
    areas = list(views.locality_names().values())
    children = _by_locality(view, filters, areas) + _representation_by_place(view, areas)
    if children:
        children.append(download_buttons("workforce-rep-places", label="representation by place"))
    else:
        children.append(empty_state("no_data", id="workforce-places-empty"))
    return page_section("workforce-places", "By locality and organisation", children)


def page_sections(view: View, filters: Filters) -> list[Any]:
    """Everything the page shows under its options, in order: notes, context, sections."""
    return [
        *option_notes(view.notes),
        context_line(view),
        *filter(None, [returns_note(view)]),
        representation_section(view),
        likelihood_section(view, filters),
        survey_section(view, filters),
        board_section(view),
        comparison_section(view, filters),
    ]


def organisation_parts(view: View) -> tuple[list[Any], list[Any], list[Any]]:
    """The children of the three parts of `page_sections` that show the organisation: the
    context line, representation and board (the likelihoods, survey and places do not)."""
    return (
        list(context_line(view).children),
        list(representation_section(view).children),
        list(board_section(view).children),
    )
