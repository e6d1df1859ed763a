"""Workforce race and disability equality (`/workforce`): the WRES and WDES in one page.

Filters: locality (the shared bar), and the page's own staff characteristic (WRES ethnicity,
disability or sex), period and organisation, all kept in the URL:
`/workforce?locality=E08000003&characteristic=disability&organisation=R0A`.

Sections: representation by band cluster against the local working-age population; relative
likelihoods (WRES 2-4, WDES 2-3) against the 0.80-1.25 range; staff survey results by group
(WRES 5-8, WDES 4-9); the board against the workforce (WRES 9, WDES 10); and compact tables by
locality and by organisation. Every chart has a table and every table a CSV download, with
suppressed numbers written as "suppressed". KPIs are picked from the framework by their source
and measure, so a new WRES or WDES KPI appears here with no code change.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state
from dashboard.components.download import csv_download, download_buttons, excel_download
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.grid_table import grid_table, shade_legend
from dashboard.components.page_options import (
    kpi_links,
    lazy_table_alternative,
    linked_table,
    option_notes,
    option_select,
    options_bar,
    page_graph,
    page_heading,
    page_section,
    selected_note,
)
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table
from dashboard.figures import workforce as wf
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.page_parameters import changed_option, first_value
from dashboard.state.url_state import LATEST, Filters
from dashboard.style.words import in_sentence
from dashboard.tables import workforce as workforce_tables
from dashboard.tables.downloads import INDICATOR_VALUE_COLUMNS, download_columns
from dashboard.warehouse import framework, indicators, workforce

dash.register_page(
    __name__,
    path="/workforce",
    name="Workforce (WRES/WDES)",
    title="Workforce race and disability equality (WRES and WDES) — GM Equality Outcomes",
    description="Black and minority ethnic and disabled staff across Greater Manchester's NHS "
    "and care workforce: representation by band, relative likelihoods, staff survey and board.",
    order=4,
    filters=("locality",),
)

CHARACTERISTICS = ("wres_ethnicity", "disability", "sex")
DEFAULT_CHARACTERISTIC = "wres_ethnicity"
# The group each characteristic's headline sentences are about (the WRES / WDES focus).
FOCUS_GROUPS = {"wres_ethnicity": "bme", "disability": "Y", "sex": "F"}
ORGANISATION = "organisation"  # this page's own URL parameter
ALL_ORGANISATIONS = "all"
STAFF_SOURCES = ("workforce", "workforce_events")
SURVEY_SOURCE = "staff_survey"
REPRESENTATION_EXTRA = ("staff", "share")  # mart columns blanked on suppressed rows too
TABLE_KIND = "workforce-table"  # pattern-matching id type of the tables drawn when opened

CONTROL_IDS = {
    "characteristic": "workforce-characteristic",
    "period": "workforce-period",
    ORGANISATION: "workforce-organisation",
}


# --- what the page shows, from the URL ------------------------------------------------------


class View(NamedTuple):
    """The page's validated choices and any message about a value it could not use.

    (A NamedTuple, not a dataclass: Dash imports page modules outside `sys.modules`.)"""

    area_code: str
    area_name: str
    benchmark_code: str
    benchmark_name: str
    characteristic: str
    characteristic_label: str
    period: str
    organisation: str
    organisation_name: str
    notes: tuple[str, ...] = ()

    @property
    def focus_group(self) -> str:
        return FOCUS_GROUPS.get(self.characteristic, "")

    @property
    def in_words(self) -> str:
        return in_sentence(self.characteristic_label)

    @property
    def period_text(self) -> str:
        return "the latest period" if self.period == LATEST else self.period


def characteristic_options() -> list[dict[str, str]]:
    characteristics = framework.characteristics()
    labels = dict(zip(characteristics["breakdown"], characteristics["breakdown_label"], strict=True))
    return [{"label": labels.get(code, code), "value": code} for code in CHARACTERISTICS]


def workforce_kpis() -> dict[str, pd.DataFrame]:
    """The framework's KPIs for each section, chosen by source and measure."""
    kpis = framework.kpis()
    has_breakdowns = kpis["breakdowns"].map(lambda b: b is not None and len(b) > 0)
    staff = kpis[kpis["source"].isin(STAFF_SOURCES) & has_breakdowns]
    return {
        "likelihood": staff[staff["measure_type"] == "ratio"],
        "survey": kpis[kpis["source"] == SURVEY_SOURCE],
        "by_area": staff,
    }


def period_options() -> list[dict[str, str]]:
    """Latest, then every period with representation figures or workforce KPI values."""
    sections = workforce_kpis()
    ids = tuple(pd.concat([frame["indicator_id"] for frame in sections.values()]).unique())
    frames = [workforce.representation_periods()[["period"]]]
    if ids:
        frames.append(indicators.periods_for_indicators(ids)[["period"]])
    order = framework.periods()[["period", "sort_order"]]
    found = pd.concat(frames).drop_duplicates().merge(order, on="period", how="left")
    found = found.sort_values("sort_order", ascending=False, na_position="last")
    return [{"label": "Latest available", "value": LATEST}] + [{"label": p, "value": p} for p in found["period"]]


def organisation_options() -> list[dict[str, str]]:
    orgs = workforce.organisations()
    return [{"label": "All organisations (whole area)", "value": ALL_ORGANISATIONS}] + [
        {
            "label": f"{r['organisation_name']} ({r['locality_name']})",
            "value": r["organisation_code"],
        }
        for r in orgs.to_dict("records")
    ]


def read_view(search: str | None) -> View:
    """The view a query string asks for; values the page cannot use fall back to defaults
    with a note (the shell's filter bar already reports unknown global filters)."""
    options = url_state.load_options()
    parsed = url_state.parse_query(search, options)
    filters = parsed.filters
    extra = dict(parsed.extra)
    notes: list[str] = []
    labels = {o["value"]: o["label"] for o in characteristic_options()}
    characteristic = filters.characteristic
    if characteristic not in CHARACTERISTICS:
        if characteristic != url_state.ALL:
            notes.append(
                f"WRES and WDES figures are by ethnicity (White / BME), disability or sex, not "
                f"{in_sentence(options.label('characteristic', characteristic))}: showing "
                f"{in_sentence(labels[DEFAULT_CHARACTERISTIC])}."
            )
        characteristic = DEFAULT_CHARACTERISTIC
    period = filters.period
    if period != LATEST and period not in {o["value"] for o in period_options()}:
        notes.append(f"No workforce figures for {period}: showing the latest period.")
        period = LATEST
    organisation = first_value(extra.get(ORGANISATION)) or ALL_ORGANISATIONS
    org_names = {o["value"]: o["label"] for o in organisation_options()}
    if organisation not in org_names:
        notes.append(f"Unknown organisation '{organisation[:40]}': showing the whole area.")
        organisation = ALL_ORGANISATIONS
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    benchmark = options.default_locality
    return View(
        area_code=filters.locality,
        area_name=names.get(filters.locality, filters.locality),
        benchmark_code=benchmark,
        benchmark_name=names.get(benchmark, benchmark),
        characteristic=characteristic,
        characteristic_label=labels[characteristic],
        period=period,
        organisation=organisation,
        organisation_name=org_names[organisation].rsplit(" (", 1)[0],
        notes=tuple(notes),
    )


# --- layout ------------------------------------------------------------------------------------


def layout(characteristic: Any = None, period: Any = None, organisation: Any = None, **_query: Any) -> html.Div:
    characteristic = first_value(characteristic)
    if characteristic not in CHARACTERISTICS:
        characteristic = DEFAULT_CHARACTERISTIC
    return html.Div(
        [
            *page_heading(
                "Workforce race and disability equality (WRES and WDES)",
                "How Black and minority ethnic (BME) and disabled staff fare in Greater "
                "Manchester's NHS and care workforce, in the shape of NHS England's Workforce "
                "Race Equality Standard (WRES) and Workforce Disability Equality Standard (WDES). "
                "Every figure shows its 95% confidence interval; small numbers are suppressed.",
            ),
            options_bar(
                [
                    option_select(
                        CONTROL_IDS["characteristic"],
                        "Staff characteristic",
                        characteristic_options(),
                        characteristic,
                    ),
                    option_select(CONTROL_IDS["period"], "Period", period_options(), first_value(period)),
                    option_select(
                        CONTROL_IDS[ORGANISATION],
                        "Organisation (representation and board)",
                        organisation_options(),
                        first_value(organisation),
                    ),
                ],
                "Workforce options",
            ),
            html.Div(id="workforce-content"),
            html.Div(
                [
                    dbc.Button(
                        "Download every table on this page (Excel)",
                        id="workforce-excel",
                        color="secondary",
                        outline=True,
                        size="sm",
                    ),
                    dcc.Download(id="workforce-excel-download"),
                ],
                className="downloads my-3 d-print-none",
            ),
        ],
        className="page page-workforce",
    )


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input(CONTROL_IDS["characteristic"], "value"),
    Input(CONTROL_IDS["period"], "value"),
    Input(CONTROL_IDS[ORGANISATION], "value"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def write_choices_to_url(characteristic, period, organisation, search):
    """The page's own control that changed writes its value to the URL (the shell's filter
    bar takes it from there); a value the view already shows changes nothing."""
    values = {"characteristic": characteristic, "period": period, ORGANISATION: organisation}
    view = read_view(search)
    shown = {"characteristic": view.characteristic, "period": view.period,
             ORGANISATION: view.organisation}  # fmt: skip
    parameter = changed_option(CONTROL_IDS, values, shown)
    value = values[parameter]
    changes = {parameter: None if parameter == ORGANISATION and value == ALL_ORGANISATIONS else value}
    return url_state.set_parameters(search, url_state.load_options(), changes)


# --- the data behind each section --------------------------------------------------------------


def area_representation(view: View, area_code: str) -> pd.DataFrame:
    """Representation rows of a whole area (all its organisations together)."""
    return workforce.workforce_representation(
        view.characteristic, period=view.period, area_codes=(area_code,), organisation_codes=(ALL_ORGANISATIONS,)
    )


def organisation_representation(view: View) -> pd.DataFrame:
    """Representation rows of the chosen organisation."""
    return workforce.workforce_representation(
        view.characteristic, period=view.period, organisation_codes=(view.organisation,)
    )


def places_representation(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every area as a whole, every organisation in Greater Manchester)."""
    areas = workforce.workforce_representation(
        view.characteristic, period=view.period, organisation_codes=(ALL_ORGANISATIONS,)
    )
    organisations = workforce.workforce_representation(
        view.characteristic, period=view.period, area_codes=(view.benchmark_code,)
    )
    return areas, organisations


def representation_frames(view: View) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(staff rows, population rows, where the population is) for the chosen area or
    organisation; an organisation is compared with Greater Manchester's population."""
    if view.organisation != ALL_ORGANISATIONS:
        gm = area_representation(view, view.benchmark_code)
        population = gm[gm["level"] == "population"]
        return organisation_representation(view), population, f"{view.benchmark_name} working-age population"
    rep = area_representation(view, view.area_code)
    return rep, rep[rep["level"] == "population"], "local working-age population"


def section_values(
    section: str, view: View, *, area_codes: tuple[str, ...] | None, breakdowns: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the section's KPIs, their rows of `indicator_values` in the chosen period)."""
    kpis = workforce_kpis()[section]
    if kpis.empty:
        return kpis, pd.DataFrame()
    values = indicators.values_for_indicators(tuple(kpis["indicator_id"]), period=view.period,
                                        area_codes=area_codes, breakdowns=breakdowns)  # fmt: skip
    return kpis, values


def likelihood_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    areas = tuple(dict.fromkeys((view.area_code, view.benchmark_code)))
    return section_values("likelihood", view, area_codes=areas, breakdowns=("all",))


def survey_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    return section_values("survey", view, area_codes=(view.area_code,), breakdowns=(view.characteristic,))


def board_rows(view: View) -> pd.DataFrame:
    """Board, all-staff and population rows for the chosen place and for GM."""
    frames = []
    if view.organisation != ALL_ORGANISATIONS:
        frames.append(organisation_representation(view))
    elif view.area_code != view.benchmark_code:
        frames.append(area_representation(view, view.area_code))
    frames.append(area_representation(view, view.benchmark_code))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def area_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    return section_values("by_area", view, area_codes=None, breakdowns=("all",))


# --- rendering -------------------------------------------------------------------------------


def representation_section(view: View) -> html.Section:
    rep, population, place = representation_frames(view)
    where = view.organisation_name if view.organisation != ALL_ORGANISATIONS else view.area_name
    children: list[Any] = []
    if rep.empty:
        children.append(
            empty_state(
                "no_data",
                id="workforce-representation-empty",
                detail=f"No staff figures for {where} in {view.period_text}.",
            )
        )
        return page_section("workforce-representation", "Who works at each level", children)
    period = rep["period"].iloc[0]
    summary = workforce_tables.representation_summary(rep, population, view.focus_group)
    children += [
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
    kpis, values = likelihood_values(view)
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
    kpis, values = survey_values(view)
    title = "Staff survey: experiences of each group"
    if kpis.empty:
        return page_section("workforce-survey", title, [empty_state("no_data", id="workforce-survey-empty")])
    frame = workforce_tables.survey_frame(values, kpis, view.characteristic) if not values.empty else values
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
        children.append(
            html.P(
                [f"Not broken down by {view.in_words}: "] + kpi_links(missing, filters.href),
                className="small",
            )
        )
    else:
        children.append(html.P(["Indicator details: "] + kpi_links(kpis, filters.href), className="small"))
    return page_section("workforce-survey", title, children)


def board_section(view: View) -> html.Section:
    rows = board_rows(view)
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


def comparison_section(view: View, filters: Filters) -> html.Section:
    kpis, values = area_values(view)
    areas = framework.localities()["area_name"].tolist()
    children: list[Any] = []
    if not values.empty:
        grid = workforce_tables.area_metrics_grid(values, kpis)
        children += [
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
    rep_areas, rep_orgs = places_representation(view)
    focus = view.focus_group
    group_names = dict(
        zip(
            framework.characteristic_groups(view.characteristic)["group_code"],
            framework.characteristic_groups(view.characteristic)["group_label"],
            strict=True,
        )
    )
    focus_name = group_names.get(focus, focus)
    for by, rep, title, table_id in (
        ("area", rep_areas, f"{focus_name} share of staff by locality", "workforce-rep-area-table"),
        (
            "organisation",
            rep_orgs,
            f"{focus_name} share of staff by organisation",
            "workforce-rep-org-table",
        ),
    ):
        grid = workforce_tables.representation_grid(rep, focus, by=by) if not rep.empty else rep
        if grid.empty:
            continue
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
    if len(children):
        children.append(download_buttons("workforce-rep-places", label="representation by place"))
    else:
        children.append(empty_state("no_data", id="workforce-places-empty"))
    return page_section("workforce-places", "By locality and organisation", children)


@callback(
    Output("workforce-content", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
)
@static_parts
def render_workforce(filters_data, search):
    filters = current_filters(filters_data)
    view = read_view(search)
    notes = option_notes(view.notes)
    context = html.P(
        [
            html.Strong(view.area_name),
            f" · {view.characteristic_label} · Period: {view.period_text}"
            + (f" · Organisation: {view.organisation_name}" if view.organisation != ALL_ORGANISATIONS else ""),
        ],
        id="workforce-context",
        className="text-body-secondary",
    )
    return [
        *notes,
        context,
        representation_section(view),
        likelihood_section(view, filters),
        survey_section(view, filters),
        board_section(view),
        comparison_section(view, filters),
    ]


# --- the tables behind the charts, drawn when opened ------------------------------------------


def representation_table(view: View) -> tuple[pd.DataFrame, str]:
    rep, population, _ = representation_frames(view)
    where = view.organisation_name if view.organisation != ALL_ORGANISATIONS else view.area_name
    period = rep["period"].iloc[0] if not rep.empty else view.period_text
    caption = f"Share of staff by level and {view.in_words}, {where}, {period}"
    return workforce_tables.representation_table(rep, population), caption


def survey_table(view: View) -> tuple[pd.DataFrame, str]:
    kpis, values = survey_values(view)
    frame = workforce_tables.survey_frame(values, kpis, view.characteristic) if not values.empty else values
    polarity = dict(zip(kpis["indicator_id"], kpis["polarity"], strict=True))
    table = workforce_tables.survey_table(frame, polarity) if not frame.empty else pd.DataFrame()
    caption = f"Staff survey results by {view.in_words}, {view.area_name}"
    return table.drop(columns="indicator_id", errors="ignore"), caption


def board_table(view: View) -> tuple[pd.DataFrame, str]:
    rows = board_rows(view)
    table = workforce_tables.board_table(workforce_tables.board_frame(rows)) if not rows.empty else pd.DataFrame()
    return table, f"Board, workforce and population shares by {view.in_words}"


TABLES = {"representation": representation_table, "survey": survey_table, "board": board_table}


@callback(
    Output({"type": TABLE_KIND, "name": MATCH}, "children"),
    Input({"type": f"{TABLE_KIND}-summary", "name": MATCH}, "n_clicks"),
    State({"type": TABLE_KIND, "name": MATCH}, "children"),
    State(URL, "search"),
    prevent_initial_call=True,
)
@static_parts
def draw_table(_clicks, drawn, search):
    """Draw a chart's table the first time someone opens it."""
    name = ctx.triggered_id.get("name") if isinstance(ctx.triggered_id, dict) else None
    if drawn or name not in TABLES:  # drawn already, or not a table this page draws
        raise PreventUpdate
    table, caption = TABLES[name](read_view(search))
    return accessible_table(table, caption)


# --- downloads ---------------------------------------------------------------------------------

REPRESENTATION_COLUMNS = [
    "period",
    "area_code",
    "area_name",
    "organisation_code",
    "organisation_name",
    "breakdown",
    "group_code",
    "group_label",
    "level",
    "level_label",
    "staff",
    "total",
    "share",
    "lower_ci_95",
    "upper_ci_95",
    "suppressed",
    "suppression_reason",
]
# The page's KPIs are reported for all work streams, with no 99.8% limits, trend or target.
VALUE_COLUMNS = [
    c
    for c in INDICATOR_VALUE_COLUMNS
    if c not in {"work_stream", "breakdown_label", "is_unknown", "is_reference_group", "lower_ci_99_8",
                 "upper_ci_99_8", "ratio_lower_ci_95", "ratio_upper_ci_95", "trend", "change_since_previous",
                 "target"}
]  # fmt: skip


def _columns(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = download_columns(df, columns).copy()
    if "level" in out.columns:
        out["level_label"] = [workforce_tables.level_label(r) for r in df.to_dict("records")]
    return out


def download_tables(search: str | None) -> dict[str, pd.DataFrame]:
    """Every table of the page as tidy rows of the marts (suppression applied on export)."""
    view = read_view(search)
    rep, population, _ = representation_frames(view)
    representation = pd.concat([rep, population], ignore_index=True).drop_duplicates()
    _, likelihoods = likelihood_values(view)
    _, survey = survey_values(view)
    _, areas = area_values(view)
    board = board_rows(view)
    places = pd.concat(places_representation(view), ignore_index=True).drop_duplicates()
    return {
        "representation": _columns(representation, REPRESENTATION_COLUMNS),
        "relative likelihoods": _columns(likelihoods, VALUE_COLUMNS),
        "staff survey": _columns(survey, VALUE_COLUMNS),
        "board": _columns(
            board[board["level"].isin(workforce_tables.BOARD_LEVELS)] if not board.empty else board,
            REPRESENTATION_COLUMNS,
        ),
        "by locality": _columns(areas, VALUE_COLUMNS),
        "representation by place": _columns(places, REPRESENTATION_COLUMNS),
    }


def _csv(table: str, filename: str):
    def download(_clicks, search):
        frame = download_tables(search)[table]
        return csv_download(frame, filename, extra_columns=REPRESENTATION_EXTRA)

    return download


for _prefix, _table, _file in (
    ("workforce-representation", "representation", "workforce-representation.csv"),
    ("workforce-likelihoods", "relative likelihoods", "workforce-relative-likelihoods.csv"),
    ("workforce-survey", "staff survey", "workforce-staff-survey.csv"),
    ("workforce-board", "board", "workforce-board.csv"),
    ("workforce-areas", "by locality", "workforce-by-locality.csv"),
    ("workforce-rep-places", "representation by place", "workforce-representation-by-place.csv"),
):
    callback(
        Output(f"{_prefix}-download", "data"),
        Input(f"{_prefix}-csv", "n_clicks"),
        State(URL, "search"),
        prevent_initial_call=True,
    )(_csv(_table, _file))


@callback(
    Output("workforce-excel-download", "data"),
    Input("workforce-excel", "n_clicks"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def download_workbook(_clicks, search):
    return excel_download(download_tables(search), "workforce-wres-wdes.xlsx", extra_columns=REPRESENTATION_EXTRA)
