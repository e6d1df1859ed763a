"""Compare localities (`/localities`): for a locality lead comparing their locality with the
other nine and Greater Manchester as a whole.

One KPI at a time (the page's own `indicator` URL parameter): compare-areas bars with 95%
CIs, a funnel plot and a hex map. For the locality chosen in the Locality filter: its
profile across every KPI (spine chart), where it is significantly worse or better than GM,
and the localities most like it. Every number comes from the marts; the funnel's control
limits are drawn by `dashboard.figures.funnel_plot` from GM's value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.download import about_sheet, csv_download, download_buttons, excel_download, workbook_button
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.page_options import GRAPH_CONFIG, page_heading
from dashboard.components.spine_chart import spine_chart
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table, table_alternative
from dashboard.figures import compare_areas, funnel_plot, hex_map
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.page_parameters import first_value
from dashboard.state.url_state import ALL, LATEST, Filters
from dashboard.style.formatting import format_interval, format_number, format_value
from dashboard.style.palette import POLARITY_TEXT, comparison_swatch
from dashboard.tables import funnel_plot as funnel_words
from dashboard.tables.downloads import download_columns
from dashboard.tables.hex_map import map_summary
from dashboard.views.locality_comparison import (
    comparison_counts,
    funnel_points,
    significant_differences,
)
from dashboard.views.locality_pack import TEXT_OF_NUMBERS, locality_pack
from dashboard.warehouse import conventions, framework, indicators
from dashboard.warehouse.conventions import is_true

dash.register_page(
    __name__,
    path="/localities",
    name="Localities",
    title="Compare localities — GM Equality Outcomes",
    description="Each of the 10 localities against Greater Manchester and the other nine: "
    "compare areas, funnel plot, map, locality profile and where a locality is significantly "
    "worse.",
    order=2,
    filters=("locality", "work_stream", "period"),
)

INDICATOR_PARAMETER = "indicator"
INDICATOR_SELECT = "localities-indicator"
INDICATOR_FIELD = "localities-indicator-field"
DOWNLOAD_PREFIX = "localities-compare"
PACK_PREFIX = "localities-pack"
DOWNLOAD_COLUMNS = [
    "indicator_id",
    "indicator_title",
    "period",
    "area_code",
    "area_name",
    "work_stream",
    *conventions.VALUE_COLUMNS,
    "benchmark_value",
    "comparison",
    "comparison_99_8",
    "suppressed",
    "suppression_reason",
]
SIMILARITY_METHOD = (
    "How we find similar localities: for each KPI shown on this page we turn every "
    "locality's published value into a z-score (how many standard deviations it is above or "
    "below the average of the 10 localities), so that KPIs measured in different units count "
    "equally. The distance between two localities is the root-mean-square difference of their "
    "z-scores over the KPIs both have a published value for; the smaller the distance, the "
    "more alike they are. Suppressed values are left out. This describes similarity on these "
    "KPIs only; it is not a test of significance, and it does not take account of population "
    "or deprivation."
)


# --- the indicator parameter ----------------------------------------------------------


def raw_indicator(search: str | None) -> str | None:
    """The `indicator` parameter of a query string (the first one), or None."""
    for key, value in parse_qsl((search or "").lstrip("?"), keep_blank_values=True):
        if key.strip().lower() == INDICATOR_PARAMETER:
            return value
    return None


def choose_indicator(raw: str | None, kpis: pd.DataFrame, all_kpis: pd.DataFrame) -> tuple[str | None, str | None]:
    """(KPI id to show, message or None): the requested KPI when it is one of `kpis` (the
    work stream's), else the first of them, with a friendly message saying why."""
    ids = list(kpis["indicator_id"])
    if not ids:
        return None, None
    if raw is None or not raw.strip():
        return ids[0], None
    text = raw.strip()
    for candidate in ids:
        if text.casefold() == str(candidate).casefold():
            return candidate, None
    first = _kpi_name(kpis.iloc[0].to_dict())
    shown = text if len(text) <= url_state.MAX_SHOWN_LENGTH else text[:39] + "…"
    known = all_kpis[all_kpis["indicator_id"].str.casefold() == text.casefold()]
    if not known.empty:
        return ids[0], (
            f"'{_kpi_name(known.iloc[0].to_dict())}' is not one of this work stream's KPIs — showing '{first}' instead."
        )
    return ids[0], f"Unknown KPI '{shown}' — showing '{first}' instead."


def search_with_indicator(search: str | None, indicator_id: str) -> str:
    """The canonical query string of `search` with its `indicator` set to `indicator_id`."""
    options = url_state.load_options()
    parsed = url_state.parse_query(search, options)
    extra = tuple((key, value) for key, value in parsed.extra if key.strip().lower() != INDICATOR_PARAMETER) + (
        (INDICATOR_PARAMETER, indicator_id),
    )
    return url_state.query_string(parsed.filters, options, extra)


def _kpi_name(kpi: dict[str, Any]) -> str:
    return str(kpi.get("short_title") or kpi.get("title") or kpi.get("indicator_id"))


def _indicator_options(kpis: pd.DataFrame) -> list[dict[str, str]]:
    return [{"label": _kpi_name(k), "value": k["indicator_id"]} for k in kpis.to_dict("records")]


def _indicator_select(kpis: pd.DataFrame, value: str | None) -> list[Any]:
    return [
        dbc.Label(
            "KPI to compare the localities on",
            html_for=INDICATOR_SELECT,
            className="form-label fw-semibold mb-1",
        ),
        dbc.Select(
            id=INDICATOR_SELECT,
            options=_indicator_options(kpis),
            value=value or "",
            disabled=kpis.empty,
        ),
    ]


# --- layout ---------------------------------------------------------------------------


def layout(**query: Any) -> html.Div:
    """The page skeleton; the URL's filters and `indicator` pick the KPI shown first."""
    options = url_state.load_options()
    search = urlencode([(k, first_value(v)) for k, v in query.items()])
    filters = url_state.parse_query(search, options).filters
    kpis = framework.kpis(filters.work_stream)
    indicator, _message = choose_indicator(first_value(query.get(INDICATOR_PARAMETER)), kpis, framework.kpis(ALL))
    return html.Div(
        [
            *page_heading(
                "Compare localities",
                "How each of the 10 localities compares with Greater Manchester as a whole and "
                "with the other nine. Choose your locality in the Locality filter to highlight "
                "it and see its profile across every KPI; choose a KPI below to compare all ten "
                "on it.",
            ),
            html.Div(id="localities-summary"),
            html.Div(
                _indicator_select(kpis, indicator),
                id=INDICATOR_FIELD,
                className="localities-indicator-field mb-2 d-print-none",
            ),
            html.Div(id="localities-indicator-message"),
            html.Div(id="localities-indicator-sections"),
            html.Div(id="localities-profile-sections"),
        ],
        className="page page-localities",
    )


# --- data for one KPI -----------------------------------------------------------------


def _benchmark(areas: pd.DataFrame) -> tuple[str, str]:
    region = areas[areas["area_type"] == "region"]
    row = region.iloc[0] if not region.empty else areas.iloc[0]
    return str(row["area_code"]), str(row["area_name"])


def compare_frame(filters: Filters, indicator_id: str) -> pd.DataFrame:
    """Every area (GM first, then the localities in order) with its headline row for the KPI
    (blank where the marts have none)."""
    areas = framework.localities()
    values = indicators.headline_values(filters.work_stream, filters.period)
    rows = values[values["indicator_id"] == indicator_id].drop(columns=["area_name"])
    lookup = areas[["area_code", "area_name", "area_type", "hex_col", "hex_row"]]
    return lookup.merge(rows, on="area_code", how="left").reset_index(drop=True)


def _download_frame(frame: pd.DataFrame, kpi: dict[str, Any]) -> pd.DataFrame:
    out = frame.assign(indicator_id=kpi["indicator_id"], indicator_title=kpi["title"])
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    return download_columns(out, DOWNLOAD_COLUMNS)


# --- rendering helpers ----------------------------------------------------------------


def _graph(graph_id: str, figure: Any, caption: str) -> html.Figure:
    return html.Figure(
        [dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG), html.Figcaption(caption)],
        className="chart-figure",
    )


def _section(section_id: str, heading: str, children: list[Any]) -> html.Section:
    return html.Section(
        [html.H2(heading, className="h4"), *children],
        id=section_id,
        className="localities-section",
        **{"aria-label": heading},
    )


def _value(kpi: dict[str, Any]):
    return lambda v: format_value(v, kpi.get("measure_type"), kpi.get("unit"))


def _number(decimals: int):
    return lambda v: format_number(v, decimals)


def _comparison_words(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if value in ("benchmark", "suppressed"):
        return str(value).capitalize()
    return comparison_swatch(value).label


def _compare_table(frame: pd.DataFrame, kpi: dict[str, Any], caption: str) -> html.Details:
    decimals = 3 if kpi.get("measure_type") == "ratio" else 1
    table = frame.copy()
    table.loc[table["area_type"] == "region", ["comparison", "comparison_99_8"]] = "benchmark"
    table.loc[table["suppressed"].fillna(False).astype(bool), ["comparison", "comparison_99_8"]] = "suppressed"
    return table_alternative(
        table,
        caption,
        columns={
            "area_name": "Area",
            "value": "Value",
            "lower_ci_95": "95% CI lower",
            "upper_ci_95": "95% CI upper",
            "numerator": "Numerator",
            "denominator": "Denominator",
            "comparison": "Compared with GM (95%)",
            "comparison_99_8": "Compared with GM (99.8%)",
        },
        formatters={
            "value": _value(kpi),
            "lower_ci_95": _number(decimals),
            "upper_ci_95": _number(decimals),
            "numerator": _number(0),
            "denominator": _number(0),
            "comparison": _comparison_words,
            "comparison_99_8": _comparison_words,
        },
        row_header="area_name",
        id="localities-compare-table",
    )


def _funnel_section(
    localities: pd.DataFrame,
    kpi: dict[str, Any],
    gm_row: dict[str, Any] | None,
    gm_name: str,
    selected: str | None,
) -> html.Section:
    heading = f"Funnel plot: {_kpi_name(kpi)}"
    if not funnel_plot.supports(kpi):
        body = [
            empty_state(
                title="No funnel plot for this KPI",
                detail=f"A funnel plot needs a proportion or a rate, and "
                f"{funnel_plot.unsupported_reason(kpi)}. The compare-areas "
                "chart above shows how the localities differ.",
                id="localities-funnel-empty",
            )
        ]
        return _section("localities-funnel", heading, body)
    limits = (
        indicators.funnel_limits(kpi["indicator_id"], str(gm_row["period"]), str(gm_row["work_stream"]))
        if gm_row is not None
        else pd.DataFrame(columns=["area_code"])
    )
    if limits["area_code"].dropna().empty:
        body = [
            empty_state(
                "no_data",
                title="Not enough published data for a funnel plot",
                detail="Greater Manchester's value or the localities' denominators "
                "are suppressed or missing for this period.",
                id="localities-funnel-empty",
            )
        ]
        return _section("localities-funnel", heading, body)
    points = funnel_points(localities, limits)
    figure = funnel_plot.figure(
        points,
        limits[limits["area_code"].isna()],
        kpi=kpi,
        benchmark_value=float(gm_row["value"]),
        benchmark_name=gm_name,
        selected=selected,
    )
    table, labels = funnel_words.funnel_table(points, kpi)
    body = [
        html.P(funnel_words.reading_guide(kpi, gm_name), className="localities-method"),
        _graph(
            "localities-funnel-graph",
            figure,
            "Markers show each locality's comparison by shape, colour and legend word. "
            "Suppressed localities are not plotted.",
        ),
        table_alternative(
            table,
            funnel_words.caption(_kpi_name(kpi), kpi, gm_name),
            columns=labels,
            row_header="area_name",
            id="localities-funnel-table",
        ),
    ]
    return _section("localities-funnel", heading, body)


def _kpi_note(kpi: dict[str, Any], period: str, filters: Filters) -> html.P:
    parts = [
        kpi.get("definition"),
        POLARITY_TEXT.get(kpi.get("polarity") or ""),
        f"Period: {period}",
    ]
    return html.P(
        [
            " · ".join(str(p) for p in parts if p and not (isinstance(p, float) and pd.isna(p))),
            " · ",
            dcc.Link(
                "Definition, trend and breakdowns",
                href=filters.href(f"/indicators/{kpi['indicator_id']}"),
            ),
        ],
        className="localities-kpi-note",
        id="localities-kpi-note",
    )


def indicator_sections(filters: Filters, indicator_id: str) -> list[Any]:
    """Compare areas, funnel plot and map for one KPI."""
    kpi = framework.kpi(indicator_id)
    if kpi is None:
        return [empty_state("no_data", id="localities-indicator-empty")]
    frame = compare_frame(filters, indicator_id)
    areas = framework.localities()
    gm_code, gm_name = _benchmark(areas)
    gm_rows = frame[frame["area_code"] == gm_code]
    gm_row = gm_rows.iloc[0].to_dict() if not gm_rows.empty else {}
    gm_value = None if is_true(gm_row.get("suppressed")) or pd.isna(gm_row.get("value")) else float(gm_row["value"])
    localities = frame[frame["area_type"] == "locality"].reset_index(drop=True)
    selected = filters.locality if filters.locality != gm_code else None
    name = _kpi_name(kpi)
    periods = frame["period"].dropna().unique().tolist()
    period = periods[0] if periods else (filters.period if filters.period != LATEST else "latest")
    if frame["period"].isna().all():
        return [
            _kpi_note(kpi, period, filters),
            empty_state(
                "no_data",
                detail="This KPI has no published values for this period "
                "and work stream. Try another period or work stream.",
                id="localities-indicator-empty",
            ),
        ]
    shown = localities[~localities["suppressed"].fillna(False).astype(bool) & localities["value"].notna()]
    compare_heading = f"Compare areas: {name}, {period}"
    if shown.empty:
        compare_body = [empty_state("suppressed", id="localities-compare-empty")]
    else:
        compare_body = [
            _graph(
                "localities-compare-graph",
                compare_areas.figure(
                    localities,
                    kpi=kpi,
                    benchmark_value=gm_value,
                    benchmark_name=gm_name,
                    selected=selected,
                ),
                "Bars show each locality's value with its 95% confidence interval; the dashed "
                "line is Greater Manchester. The words above each bar say how it compares.",
            ),
            _compare_table(
                frame,
                kpi,
                f"{name} ({period}): Greater Manchester and the 10 localities, with 95% confidence intervals",
            ),
        ]
    compare_body.append(
        html.Div(
            download_buttons(DOWNLOAD_PREFIX, label="the compare-areas data"),
            className="d-print-none",
        )
    )
    map_body: list[Any]
    if shown.empty:
        map_body = [empty_state("suppressed", id="localities-map-empty")]
    else:
        map_body = [
            _graph(
                "localities-map-graph",
                hex_map.figure(localities, kpi=kpi, selected=selected),
                "Each hexagon is a locality, placed roughly where it lies in Greater "
                "Manchester. The colour and the words inside say how it compares.",
            ),
            html.Div(
                [html.P(s, className="mb-1") for s in map_summary(localities, benchmark_name=gm_name)],
                id="localities-map-summary",
                className="localities-method",
            ),
        ]
    return [
        _kpi_note(kpi, period, filters),
        dbc.Row(
            [
                dbc.Col(_section("localities-compare", compare_heading, compare_body), xs=12, xl=7),
                dbc.Col(_section("localities-map", f"Map: {name}", map_body), xs=12, xl=5),
            ]
        ),
        _funnel_section(localities, kpi, gm_row if gm_value is not None else None, gm_name, selected),
    ]


# --- the chosen locality's profile ----------------------------------------------------


def _summary_cards(counts: dict[str, int], locality_name: str) -> dbc.Row:
    other = counts["not_compared"] + counts["suppressed"] + counts["no_data"] + counts["higher_or_lower"]
    cards = [
        stat_card(
            f"KPIs where {locality_name} is significantly worse than GM",
            f"{counts['worse']} of {counts['kpis']}",
            "95% confidence",
            id="localities-card-worse",
        ),
        stat_card(
            f"KPIs where {locality_name} is significantly better than GM",
            f"{counts['better']} of {counts['kpis']}",
            "95% confidence",
            id="localities-card-better",
        ),
        stat_card(
            "Not significantly different from GM",
            f"{counts['similar']} of {counts['kpis']}",
            id="localities-card-similar",
        ),
        stat_card(
            "Suppressed, no data or no better/worse judgement",
            f"{other} of {counts['kpis']}",
            id="localities-card-other",
        ),
    ]
    return dbc.Row(
        [dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in cards],
        id="localities-summary-cards",
    )


def _significance_section(
    kind: str,
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    area_code: str,
    locality_name: str,
    filters: Filters,
) -> html.Section:
    rows = significant_differences(kpis, values, area_code, kind)
    heading = f"Where {locality_name} is significantly {kind} than Greater Manchester as a whole"
    if rows.empty:
        body: list[Any] = [
            html.P(
                f"{locality_name} is not significantly {kind} than Greater "
                "Manchester on any KPI shown (95% confidence).",
                id=f"localities-{kind}-none",
            )
        ]
        return _section(f"localities-{kind}", heading, body)
    records = rows.to_dict("records")
    rows = rows.assign(
        indicator=[
            dcc.Link(r["short_title"] or r["title"], href=filters.href(f"/indicators/{r['indicator_id']}"))
            for r in records
        ],
        value_text=[format_value(r["value"], r["measure_type"], r["unit"]) for r in records],
        interval=[format_interval(r["lower_ci_95"], r["upper_ci_95"], r["measure_type"]) or "–" for r in records],
        gm_text=[format_value(r["benchmark_value"], r["measure_type"], r["unit"]) for r in records],
    )
    body = [
        html.P(
            f"{len(rows)} KPI{'s' if len(rows) != 1 else ''}: {locality_name}'s 95% confidence "
            f"interval does not include Greater Manchester's value. The last column says "
            f"whether it is {kind} at the stricter 99.8% level too.",
            className="localities-method",
        ),
        accessible_table(
            rows,
            f"KPIs where {locality_name} is significantly {kind} than Greater Manchester",
            columns={
                "indicator": "Indicator",
                "outcome_title": "Outcome",
                "period": "Period",
                "value_text": locality_name,
                "interval": "95% confidence interval",
                "gm_text": "Greater Manchester",
                "also_99_8": f"Also {kind} at 99.8%",
            },
            formatters={"indicator": lambda v: v},
            row_header="indicator",
            id=f"localities-{kind}-table",
            stack_on_phone=True,
        ),
    ]
    return _section(f"localities-{kind}", heading, body)


def _locality_links(filters: Filters, area_codes: list[str], search: str | None) -> list[str]:
    """Links to this page with another locality chosen, keeping the other filters and KPI."""
    options = url_state.load_options()
    extra = url_state.parse_query(search, options).extra
    return [
        "/localities" + url_state.query_string(replace(filters, locality=code), options, extra) for code in area_codes
    ]


def _similar_section(
    area_code: str,
    locality_name: str,
    filters: Filters,
    search: str | None,
) -> html.Section:
    nearest = indicators.similar_localities(filters.work_stream, filters.period, area_code)
    heading = f"Localities most like {locality_name}"
    method = html.P(SIMILARITY_METHOD, className="localities-method", id="localities-similar-method")
    if nearest.empty:
        body: list[Any] = [
            empty_state(
                "no_data",
                title="Not enough KPIs to compare",
                detail="Too few KPIs have published values for this locality in this period and work stream.",
                id="localities-similar-empty",
            ),
            method,
        ]
        return _section("localities-similar", heading, body)
    names = nearest["area_name"].tolist()
    sentence = (
        f"On the KPIs shown, {locality_name} is most like "
        f"{', '.join(names[:-1]) + ' and ' + names[-1] if len(names) > 1 else names[0]}."
    )
    nearest = nearest.assign(
        locality=[
            dcc.Link(name, href=href)
            for name, href in zip(
                nearest["area_name"],
                _locality_links(filters, list(nearest["area_code"]), search),
                strict=True,
            )
        ],
    )
    body = [
        html.P(sentence, id="localities-similar-sentence"),
        accessible_table(
            nearest,
            f"The 3 localities most like {locality_name} (smaller distance = more alike)",
            columns={
                "rank": "Rank",
                "locality": "Locality",
                "distance": "Distance",
                "kpis_compared": "KPIs compared",
            },
            formatters={
                "locality": lambda v: v,
                "distance": _number(2),
                "rank": str,
                "kpis_compared": str,
            },
            row_header="locality",
            id="localities-similar-table",
        ),
        method,
    ]
    return _section("localities-similar", heading, body)


def _spine_legend() -> html.P:
    return html.P(
        "How to read the spine: the black line is Greater Manchester; the grey bar spans the "
        "other nine localities (darker between their 25th and 75th percentiles); the circle is "
        "the chosen locality, with its comparison as a symbol and a colour. Where a KPI has a "
        "better direction, worse is on the left and better on the right; otherwise lower is on "
        "the left.",
        className="spine-legend localities-method",
    )


def profile_sections(filters: Filters, search: str | None) -> tuple[Any, list[Any]]:
    """(summary cards, profile sections) for the chosen locality, or a prompt to choose one."""
    areas = framework.localities()
    gm_code, _gm_name = _benchmark(areas)
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    if filters.locality == gm_code or filters.locality not in names:
        prompt = empty_state(
            title="Choose your locality",
            detail="Pick a locality in the Locality filter above to highlight it on the charts "
            "and to see its profile across every KPI, where it is significantly worse or better "
            "than Greater Manchester, and the localities most like it.",
            id="localities-choose-prompt",
        )
        return None, [_section("localities-profile", "Locality profile", [prompt])]
    name = names[filters.locality]
    kpis = framework.kpis(filters.work_stream)
    if kpis.empty:
        return None, [
            _section(
                "localities-profile",
                f"{name}: profile across all KPIs",
                [empty_state("no_kpis", id="localities-profile-empty")],
            )
        ]
    values = indicators.headline_values(filters.work_stream, filters.period)
    values = values[values["indicator_id"].isin(kpis["indicator_id"])]
    period = "the latest period of each KPI" if filters.period == LATEST else filters.period
    caption = (
        f"{name} compared with Greater Manchester on every KPI ({period}); 95% confidence. "
        "Worst or lowest and best or highest are of the other nine localities."
    )
    spine = spine_chart(
        kpis,
        values,
        area_code=filters.locality,
        benchmark_code=gm_code,
        area_names=names,
        link=filters.href,
        caption=caption,
    )
    pack = workbook_button(
        PACK_PREFIX,
        f"Download the {name} locality pack (Excel)",
        f"One workbook: {name}'s profile, where it is significantly worse or better than Greater "
        "Manchester, and what each KPI means. Printing this page gives the profile on paper.",
    )
    sections = [
        _section("localities-profile", f"{name}: profile across all KPIs", [pack, _spine_legend(), spine]),
        _significance_section("worse", kpis, values, filters.locality, name, filters),
        _significance_section("better", kpis, values, filters.locality, name, filters),
        _similar_section(filters.locality, name, filters, search),
    ]
    return _summary_cards(comparison_counts(kpis, values, filters.locality), name), sections


# --- callbacks ------------------------------------------------------------------------


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input(INDICATOR_SELECT, "value"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def write_indicator_to_url(indicator_id, search):
    """Choosing a KPI rewrites the URL (the shell then refreshes the filters store)."""
    if not indicator_id:
        raise PreventUpdate
    options = url_state.load_options()
    work_stream = url_state.parse_query(search, options).filters.work_stream
    shown, _message = choose_indicator(raw_indicator(search), framework.kpis(work_stream), framework.kpis(ALL))
    if indicator_id == shown:  # the control caught up with the URL: nothing to write
        raise PreventUpdate
    return search_with_indicator(search, indicator_id)


@callback(
    Output(INDICATOR_FIELD, "children"),
    Output("localities-indicator-message", "children"),
    Output("localities-indicator-sections", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
    State(INDICATOR_SELECT, "value"),
    State(INDICATOR_SELECT, "options"),
)
@static_parts
def render_indicator(filters_data, search, current_value, current_options):
    filters = current_filters(filters_data)
    kpis = framework.kpis(filters.work_stream)
    indicator, message = choose_indicator(raw_indicator(search), kpis, framework.kpis(ALL))
    options = _indicator_options(kpis)
    # Redraw the control only when it must change (keeps keyboard focus otherwise).
    field = (
        no_update
        if options == (current_options or []) and indicator == current_value
        else _indicator_select(kpis, indicator)
    )
    alert = (
        dbc.Alert(
            message,
            color="warning",
            dismissable=True,
            className="mb-2 py-2",
            id="localities-indicator-alert",
        )
        if message
        else None
    )
    if indicator is None:
        return field, alert, [empty_state("no_kpis", id="localities-indicator-empty")]
    return field, alert, indicator_sections(filters, indicator)


@callback(
    Output("localities-summary", "children"),
    Output("localities-profile-sections", "children"),
    Input(FILTERS_STORE, "data"),
    State(URL, "search"),
)
@static_parts
def render_profile(filters_data, search):
    return profile_sections(current_filters(filters_data), search)


@callback(
    Output(f"{DOWNLOAD_PREFIX}-download", "data"),
    Input(f"{DOWNLOAD_PREFIX}-csv", "n_clicks"),
    State(FILTERS_STORE, "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)
def download_compare_areas(clicks, filters_data, search):
    filters = current_filters(filters_data)
    if not clicks:
        raise PreventUpdate
    indicator, _message = choose_indicator(
        raw_indicator(search), framework.kpis(filters.work_stream), framework.kpis(ALL)
    )
    kpi = framework.kpi(indicator) if indicator else None
    if kpi is None:
        raise PreventUpdate
    frame = _download_frame(compare_frame(filters, indicator), kpi)
    return csv_download(frame, f"compare-localities-{indicator}.csv")


@callback(
    Output(f"{PACK_PREFIX}-download", "data"),
    Input(f"{PACK_PREFIX}-excel", "n_clicks"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def download_locality_pack(clicks, filters_data):
    """The chosen locality's pack: About, profile, worse and better lists, definitions."""
    if not clicks:
        raise PreventUpdate
    pack = locality_pack(current_filters(filters_data))
    if pack is None:
        raise PreventUpdate
    sheets = {"About": about_sheet(pack.about), **pack.sheets}
    return excel_download(sheets, pack.filename, extra_columns=TEXT_OF_NUMBERS)
