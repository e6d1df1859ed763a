"""Voices (`/voices`): consented quotes and themes from engagement work, grouped under the
outcome they speak to and set beside that outcome's headline numbers.

Filtered like the rest (locality, work stream, characteristic and group from the URL), plus an
outcome and a theme of its own, kept in the URL as `?outcome=` and `?theme=`. Quotes are text,
never HTML (see `dashboard.figures.voices`)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.page_options import GRAPH_CONFIG, page_heading
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table, columns_as_written
from dashboard.components.voices import kpi_numbers, quote_block
from dashboard.figures.voices import counts_figure
from dashboard.state import inputs, url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.page_parameters import first_value
from dashboard.state.url_state import ALL, Filters
from dashboard.tables.voices import counts_by_outcome, counts_table, theme_label
from dashboard.warehouse import framework, indicators, voices

dash.register_page(
    __name__,
    path="/voices",
    name="Voices",
    title="Voices — GM Equality Outcomes",
    description="What people told us, beside the outcomes and numbers it explains.",
    order=6,
    filters=("locality", "work_stream", "characteristic", "group"),
)

CONTENT = "voices-content"
OUTCOME = "voices-outcome"
THEME = "voices-theme"
QUOTES_PER_OUTCOME = 12  # a page of quotes; "show more" adds the next
MORE, QUOTES = "voices-more", "voices-quotes"
KPIS_PER_OUTCOME = 4
PAGE_PARAMETERS = ("outcome", "theme")


def _select(id_: str, label: str, options: list[dict[str, str]], value: str) -> html.Div:
    values = {o["value"] for o in options}
    return html.Div(
        [
            dbc.Label(label, html_for=id_, className="form-label small fw-semibold mb-1"),
            dbc.Select(id=id_, options=options, value=value if value in values else ALL, size="sm"),
        ],
        className="page-control filter-field",
    )


def layout(outcome: str = ALL, theme: str = ALL, **_query: str) -> html.Div:
    outcome, theme = first_value(outcome) or ALL, first_value(theme) or ALL  # a repeated parameter: the first
    outcomes = framework.outcomes()
    themes = voices.voice_themes()
    outcome_options = [{"label": "All outcomes", "value": ALL}] + [
        {"label": t, "value": o} for o, t in zip(outcomes["outcome_id"], outcomes["outcome_title"], strict=True)
    ]
    theme_options = [{"label": "All themes", "value": ALL}] + [
        {"label": theme_label(t), "value": t} for t in themes["theme"]
    ]
    return html.Div(
        [
            *page_heading(
                "Voices",
                "What people told us in engagement work, in their own words and with their "
                "consent, beside the outcomes and numbers it helps to explain. Quotes are shown "
                "exactly as given.",
            ),
            html.Div(
                [_select(OUTCOME, "Outcome", outcome_options, outcome), _select(THEME, "Theme", theme_options, theme)],
                className="d-flex flex-wrap column-gap-3 row-gap-2 mb-3 d-print-none",
            ),
            html.Div(id=CONTENT),
        ],
        className="page page-voices",
    )


def _matching_quotes(filters: Filters, outcome: str, theme: str):
    """The quotes matching the filters, newest first, and the benchmark area's code."""
    benchmark = framework.benchmark_area()["area_code"]
    return voices.voices(**_scope(filters, benchmark), outcome_id=outcome, theme=theme), benchmark


def _scope(filters: Filters, benchmark: str) -> dict[str, str | None]:
    return {
        "area_code": None if filters.locality == benchmark else filters.locality,
        "work_stream": filters.work_stream,
        "breakdown": filters.characteristic,
        "group_code": filters.group,
    }


def _quotes_shown(quotes, pages: int) -> list:
    """The most recent `pages` pages of an outcome's quotes, and a "show more" button while
    there are more (it pages on through them; the note says how many are shown)."""
    oid = str(quotes["outcome_id"].iloc[0]) if not quotes.empty else ""
    shown = quotes.head(QUOTES_PER_OUTCOME * pages)
    body = [quote_block(r) for r in shown.to_dict("records")] or [
        html.P("No quotes for this outcome match the filters.", className="text-body-secondary")
    ]
    if len(quotes) <= len(shown):
        return body
    more = min(QUOTES_PER_OUTCOME, len(quotes) - len(shown))
    return [
        *body,
        html.P(f"Showing the {len(shown)} most recent of {len(quotes)} quotes.", className="small mb-1"),
        dbc.Button(
            f"Show {more} more quote{'s' if more != 1 else ''}",
            id={"type": MORE, "outcome": oid},
            color="secondary",
            outline=True,
            size="sm",
            className="d-print-none mb-3",
        ),
    ]


def _outcome_section(outcome: dict, quotes, counts, kpis, values, context: dict) -> html.Section:
    oid = outcome["outcome_id"]
    heard = int(counts["voices"].sum()) if not counts.empty else 0
    return html.Section(
        [
            html.H2(outcome["outcome_title"], className="h4"),
            html.P(f"{heard} voice{'s' if heard != 1 else ''} heard for this outcome.", className="small mb-2"),
            dbc.Row(
                [
                    dbc.Col(
                        html.Div(
                            _quotes_shown(quotes, 1), id={"type": QUOTES, "outcome": oid}, **{"aria-live": "polite"}
                        ),
                        lg=8,
                    ),
                    dbc.Col(
                        kpi_numbers(kpis[kpis["outcome_id"] == oid], values, limit=KPIS_PER_OUTCOME, **context), lg=4
                    ),
                ]
            ),
        ],
        id=f"voices-outcome-{oid}",
        className="voices-outcome",
    )


@callback(
    Output(CONTENT, "children"),
    Input(FILTERS_STORE, "data"),
    Input(OUTCOME, "value"),
    Input(THEME, "value"),
)
@static_parts
def render_voices(filters_data, outcome, theme):
    filters = current_filters(filters_data)
    outcome = inputs.text(outcome, "the outcome", default=ALL)
    theme = inputs.text(theme, "the theme", default=ALL)
    areas = framework.localities()
    benchmark = framework.benchmark_area()["area_code"]
    area_name = dict(zip(areas["area_code"], areas["area_name"], strict=True)).get(filters.locality)
    scope = _scope(filters, benchmark)
    quotes = voices.voices(**scope, outcome_id=outcome, theme=theme)
    counts = voices.voice_counts(**scope, outcome_id=outcome, theme=theme)
    outcomes = framework.outcomes()
    if outcome != ALL:
        outcomes = outcomes[outcomes["outcome_id"] == outcome]
    by_outcome = counts_by_outcome(counts, outcomes)
    table = counts_table(counts)
    where = "every locality" if scope["area_code"] is None else area_name
    recorded = int(quotes["times_recorded"].sum()) if "times_recorded" in quotes.columns else len(quotes)
    repeats = (
        f" ({recorded} recorded: the same words heard more than once are shown once)" if recorded > len(quotes) else ""
    )
    summary = html.P(
        f"{len(quotes)} different quote{'s' if len(quotes) != 1 else ''}{repeats} from {where}, over every "
        "period, match these filters. The board's “Voices heard” counts the quotes recorded in the "
        "latest period only, so it is smaller.",
        id="voices-summary",
    )
    if quotes.empty and counts.empty:
        return [
            summary,
            empty_state(
                title="No voices match these filters",
                detail="Try another locality, group, outcome or theme.",
                id="voices-empty",
            ),
        ]
    kpis = framework.kpis(filters.work_stream)
    values = indicators.headline_values(filters.work_stream, "latest")
    context = {"area_code": filters.locality, "area_name": area_name, "benchmark_code": benchmark, "link": filters.href}
    sections = [
        _outcome_section(
            o,
            quotes[quotes["outcome_id"] == o["outcome_id"]],
            counts[counts["outcome_id"] == o["outcome_id"]],
            kpis,
            values,
            context,
        )
        for o in outcomes.to_dict("records")
        if (by_outcome.loc[by_outcome["outcome_id"] == o["outcome_id"], "voices"] > 0).any()
        or (quotes["outcome_id"] == o["outcome_id"]).any()
    ]
    return [
        summary,
        html.Section(
            [
                html.H2("How many voices we have heard", className="h4"),
                dcc.Graph(id="voices-counts-chart", config=GRAPH_CONFIG, figure=counts_figure(by_outcome)),
                html.Details(
                    [
                        html.Summary("Show voices by outcome and group as a table"),
                        accessible_table(
                            table,
                            "Voices heard, by outcome and group",
                            columns=columns_as_written(table),
                            id="voices-counts-table",
                        ),
                    ],
                    className="table-alternative my-2",
                    open=False,
                ),
            ],
            id="voices-counts",
        ),
        *sections,
    ]


@callback(
    Output({"type": QUOTES, "outcome": MATCH}, "children"),
    Input({"type": MORE, "outcome": MATCH}, "n_clicks"),
    State(FILTERS_STORE, "data"),
    State(OUTCOME, "value"),
    State(THEME, "value"),
    prevent_initial_call=True,
)
@static_parts
def show_more_quotes(clicks, filters_data, outcome, theme):
    """Each click shows the next page of this outcome's quotes."""
    pages = 1 + inputs.clicks(clicks)
    oid = inputs.component_id(ctx.triggered_id, ("outcome",))["outcome"]
    filters = current_filters(filters_data)
    outcome = inputs.text(outcome, "the outcome", default=ALL)
    theme = inputs.text(theme, "the theme", default=ALL)
    if outcome not in (ALL, oid):
        raise PreventUpdate
    quotes, _ = _matching_quotes(filters, oid, theme)
    return _quotes_shown(quotes, pages)


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input(OUTCOME, "value"),
    Input(THEME, "value"),
    State(URL, "search"),
    State(FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def keep_choices_in_url(outcome, theme, search, filters_data):
    """`?outcome=` and `?theme=` follow the selects, so the view can be bookmarked."""
    filters = current_filters(filters_data)
    search = inputs.search(search)
    outcome = inputs.text(outcome, "the outcome")
    theme = inputs.text(theme, "the theme")
    kept = [
        (k, v)
        for k, v in parse_qsl(search.lstrip("?"), keep_blank_values=True)
        if k.lower() not in url_state.PARAMETERS and k not in PAGE_PARAMETERS
    ]
    chosen = [(k, v) for k, v in (("outcome", outcome), ("theme", theme)) if v and v != ALL]
    new_search = url_state.query_string(filters, url_state.load_options(), tuple(kept + chosen))
    if new_search == search:
        raise PreventUpdate
    return new_search
