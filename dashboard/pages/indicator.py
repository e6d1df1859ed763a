"""KPI detail (`/indicators/<indicator_id>`): what the KPI means and where it comes from, its
trend, its breakdowns by characteristic (with Not stated / Not known shown), two
characteristics together, inequality across deprivation, relative likelihoods, the data
table and downloads.

Filters come from the URL: locality, work stream and period from the shared filter bar;
`characteristic` (default: the KPI's first breakdown) and `characteristic2` (an
intersection) from the selectors on this page, which write the same URL parameters.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.download import about_sheet, csv_download, download_buttons, excel_download
from dashboard.components.filter_bar import FILTERS_STORE, URL
from dashboard.components.page_options import GRAPH_CONFIG, option_notes, page_heading
from dashboard.components.published_comparators import comparators_context
from dashboard.components.static_html import static_parts
from dashboard.components.tables import accessible_table, columns_as_written, table_alternative
from dashboard.figures.indicator_breakdown import breakdown_figure
from dashboard.figures.indicator_heatmap import heatmap_figure
from dashboard.figures.indicator_inequality import inequality_figure
from dashboard.figures.indicator_ratio import ratio_figure
from dashboard.figures.indicator_trend import trend_figure
from dashboard.state import url_state
from dashboard.state.page_filters import current_filters
from dashboard.state.url_state import ALL, Filters
from dashboard.style.formatting import format_date, format_interval, format_value
from dashboard.style.palette import POLARITY_TEXT, comparison_swatch, rag_swatch, trend_text
from dashboard.style.words import in_sentence
from dashboard.tables.cells import value_with_interval
from dashboard.tables.downloads import INDICATOR_VALUE_COLUMNS, download_columns
from dashboard.tables.indicator_breakdown import breakdown_summary, breakdown_table, group_measure_type
from dashboard.tables.indicator_heatmap import heatmap_table, intersection_grid, split_intersection
from dashboard.tables.indicator_inequality import inequality_table, inequality_text
from dashboard.tables.indicator_ratio import ratio_sentence, ratio_table, target_range
from dashboard.tables.indicator_trend import change_text, trend_table
from dashboard.tables.work_stream_summary import ACTION_STATUS
from dashboard.views.indicator_view import (
    View,
    breakdown_label,
    data_table_frame,
    neutral_comparisons,
    ratio_groups_text,
    resolve_view,
    selector_search,
    short_trend,
    target_text,
    threshold_text,
)
from dashboard.views.kpi_definitions import source_text
from dashboard.warehouse import framework, indicators
from dashboard.warehouse.conventions import is_true

SAFE_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
MAX_SHOWN_ID = 60


def _page_title(indicator_id: str | None = None, **_: Any) -> str:
    shown = indicator_id if indicator_id and SAFE_ID.match(indicator_id) else "Indicator"
    return f"{shown} — GM Equality Outcomes"


dash.register_page(
    __name__,
    path_template="/indicators/<indicator_id>",
    name="Indicator detail",
    title=_page_title,
    description="One equality KPI in detail: definition, trend, breakdowns, inequality, data.",
    nav=False,
    filters=("locality", "work_stream", "period"),
)

MEASURE_WORDS = {
    "proportion": "Proportion (percentage)",
    "share": "Share of a total (percentage)",
    "rate": "Rate",
    "dsr": "Directly standardised rate (2013 European Standard Population)",
    "ratio": "Ratio: relative likelihood",
    "mean_score": "Mean score",
    "count": "Count",
}
PERIOD_TYPE_WORDS = {"financial_year": "Financial year", "quarter": "Quarter", "month": "Month"}


# --- which view the filters ask for ------------------------------------------------------


def _characteristic_labels() -> dict[str, str]:
    frame = framework.characteristics()
    labels = dict(zip(frame["breakdown"], frame["breakdown_label"], strict=True))
    streams = framework.work_streams()
    labels.update(zip(streams["work_stream"], streams["work_stream_name"], strict=True))
    return labels


def _view_for(indicator_id: str, filters: Filters) -> tuple[dict[str, Any], View] | None:
    kpi = framework.kpi(indicator_id)
    if kpi is None:
        return None
    view = resolve_view(
        kpi,
        filters,
        indicators.indicator_coverage(indicator_id),
        _characteristic_labels(),
        available=indicators.indicator_breakdowns(indicator_id),
    )
    return kpi, view


def _benchmark() -> tuple[str, str]:
    areas = framework.localities()
    return str(areas["area_code"].iloc[0]), str(areas["area_name"].iloc[0])


def _area_name(area_code: str) -> str:
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    return str(names.get(area_code, area_code))


# --- layout ----------------------------------------------------------------------------


def _not_found(indicator_id: str | None) -> html.Div:
    shown = (indicator_id or "").strip()
    if len(shown) > MAX_SHOWN_ID:
        shown = shown[: MAX_SHOWN_ID - 1] + "…"
    return html.Div(
        [
            *page_heading("Indicator not found"),
            html.P(f"No indicator called '{shown}'.", id="indicator-not-found"),
            html.P(
                [
                    "It may have been renamed or removed from the framework. ",
                    dcc.Link("See the list of indicators", href="/indicators", id="indicator-list-link"),
                    ".",
                ]
            ),
        ],
        className="page page-indicator",
    )


def _definition_item(term: str, description: Any) -> list[Any]:
    if description is None or (isinstance(description, float) and pd.isna(description)):
        description = "Not recorded"
    return [html.Dt(term, className="col-sm-4"), html.Dd(description, className="col-sm-8")]


def _text(value: Any, default: str = "Not recorded") -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) or value == "":
        return default
    return str(value)


def _work_stream_names(kpi: dict[str, Any]) -> str:
    streams = framework.work_streams()
    names = dict(zip(streams["work_stream"], streams["work_stream_name"], strict=True))
    listed = kpi.get("work_streams")
    if listed is None or len(listed) == 0:
        return "Not assigned"
    return ", ".join(names.get(code, code) for code in listed)


def _outcome_text(kpi: dict[str, Any]) -> str:
    outcome = _text(kpi.get("outcome_title"), _text(kpi.get("outcome_id")))
    return outcome


def _domain_text(kpi: dict[str, Any]) -> str:
    domain = _text(kpi.get("domain_name"), _text(kpi.get("domain_id")))
    eds = kpi.get("eds_outcome")
    return f"{domain} (EDS 2022 outcome {eds})" if eds and not pd.isna(eds) else domain


def _action_plans(indicator_id: str) -> html.Div:
    plans = framework.action_plans(indicator_id)
    if plans.empty:
        return html.Div(
            [
                html.H3("Action plans", className="h5 mt-3"),
                html.P("No action plan is recorded for this KPI.", id="indicator-no-actions"),
            ],
        )
    table = pd.DataFrame(
        {
            "Action": plans["title"],
            "Status": [ACTION_STATUS.get(str(s).lower(), ("", str(s).capitalize()))[1] for s in plans["status"]],
            "Owner (role)": plans["owner_role"],
            "Due": [format_date(d) for d in plans["due_date"]],
            "Last updated": [format_date(d) if not pd.isna(d) else "Not yet updated" for d in plans["last_updated"]],
        }
    )
    return html.Div(
        [
            html.H3("Action plans", className="h5 mt-3"),
            _table(
                table,
                f"Action plans for {indicator_id}",
                row_header="Action",
                id="indicator-actions-table",
            ),
        ]
    )


def _header(kpi: dict[str, Any]) -> html.Section:
    measure = kpi.get("measure_type")
    left = [
        *_definition_item("Outcome", _outcome_text(kpi)),
        *_definition_item("EDS 2022 domain", _domain_text(kpi)),
        *_definition_item("Director lead", _text(kpi.get("lead_role"))),
        *_definition_item("Work streams", _work_stream_names(kpi)),
        *_definition_item("Source", source_text(kpi)),
        *_definition_item(
            "Reported by",
            PERIOD_TYPE_WORDS.get(kpi.get("period_type") or "", _text(kpi.get("period_type"))),
        ),
    ]
    right = [
        *_definition_item(
            "Measure",
            MEASURE_WORDS.get(measure or "", _text(measure))
            + (f" ({kpi['unit']})" if kpi.get("unit") and measure != "ratio" else ""),
        ),
        *_definition_item("Better is", POLARITY_TEXT.get(kpi.get("polarity") or "", "Not stated")),
        *_definition_item("Target range" if target_range(kpi) else "Target", target_text(kpi)),
        *_definition_item("Numerator", _text(kpi.get("numerator_rule"))),
        *_definition_item("Denominator", _text(kpi.get("denominator_rule"))),
        *_definition_item("Method", _text(kpi.get("method"), _text(kpi.get("calculation")))),
        *_definition_item("Publication threshold", threshold_text(kpi)),
    ]
    return html.Section(
        [
            html.H2("About this indicator", className="h4", id="indicator-about-heading"),
            dbc.Row(
                [
                    dbc.Col(html.Dl(left, className="row mb-0 indicator-definition"), lg=6),
                    dbc.Col(html.Dl(right, className="row mb-0 indicator-definition"), lg=6),
                ]
            ),
            _action_plans(kpi["indicator_id"]),
        ],
        id="indicator-about",
        className="indicator-section",
        **{"aria-labelledby": "indicator-about-heading"},
    )


def find_kpi(indicator_id: str | None) -> dict[str, Any] | None:
    """The KPI an address names: its id as typed, decoded, or in another case ("wres2")."""
    if not indicator_id:
        return None
    wanted = unquote(indicator_id).strip()
    kpi = framework.kpi(wanted)
    if kpi is None:
        ids = framework.kpis()["indicator_id"]
        match = ids[ids.str.casefold() == wanted.casefold()]
        kpi = framework.kpi(match.iloc[0]) if not match.empty else None
    return kpi


def layout(indicator_id: str | None = None, **_query: str) -> html.Div:
    kpi = find_kpi(indicator_id)
    if kpi is None:
        return _not_found(unquote(indicator_id or ""))
    sections = [
        "indicator-trend",
        "indicator-breakdown",
        "indicator-intersection",
        "indicator-inequality",
        "indicator-ratio",
        "indicator-data",
    ]
    return html.Div(
        [
            dcc.Store(id="indicator-id", data=kpi["indicator_id"]),
            dcc.Store(id="indicator-view"),  # the breakdown and intersection on show
            html.P(
                [
                    dcc.Link("Indicators", href="/indicators", id="indicator-back-link"),
                    f" › {kpi['indicator_id']}",
                ],
                className="small mb-1 d-print-none",
            ),
            *page_heading(
                kpi["title"],
                _text(kpi.get("definition"), ""),
                title_id="indicator-title",
                lead_id="indicator-definition",
            ),
            html.Div(id="indicator-messages"),
            html.Div(id="indicator-context", className="text-body-secondary mb-2"),
            html.Div(id="indicator-headline"),
            _header(kpi),
            *[html.Div(id=section_id, className="indicator-block") for section_id in sections],
        ],
        className="page page-indicator",
    )


# --- the sections ----------------------------------------------------------------------


def _table(df: pd.DataFrame, caption: str, **options: Any) -> html.Div:
    """An accessible table whose column names are already the words people read."""
    return accessible_table(df, caption, columns=columns_as_written(df), **options)


def _table_alternative(df: pd.DataFrame, caption: str, **options: Any) -> html.Details:
    return table_alternative(df, caption, columns=columns_as_written(df), **options)


def _graph(graph_id: str, figure: Any, caption: str) -> html.Figure:
    return html.Figure(
        [
            dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG),
            html.Figcaption(caption, className="small text-body-secondary"),
        ],
        className="mb-2",
    )


def _section(section_id: str, heading: str, children: list[Any]) -> html.Section:
    return html.Section(
        [html.H2(heading, className="h4", id=f"{section_id}-heading"), *children],
        className="indicator-section",
        **{"aria-labelledby": f"{section_id}-heading"},
    )


def _headline(kpi: dict[str, Any], view: View, rows: pd.DataFrame, area_name: str, benchmark_code: str) -> list[Any]:
    headline = rows[(rows["breakdown"] == ALL) & (rows["group_code"] == ALL)]
    if headline.empty:
        return [empty_state("no_data", id="indicator-empty")]
    row = headline.iloc[0].to_dict()
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    suppressed = is_true(row.get("suppressed"))
    value = format_value(row.get("value"), measure, unit, suppressed=suppressed)
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), measure)
    judged = str(row.get("comparison") or "not compared") != "not compared"
    # the marts' own reason when GM has no value (published indicators that cannot be added up)
    reason = str(row.get("comparison_words") or "")
    reason = reason if reason.startswith("No Greater Manchester value:") else ""
    if view.area_code == benchmark_code and not judged:
        compared = ("Greater Manchester", "Benchmark", reason or "the value other areas are compared with")
    else:
        # the marts' benchmark: GM, the area's own population, or the no-adverse-impact band
        swatch = comparison_swatch(None if suppressed else row.get("comparison"))
        label = row.get("benchmark_label") or "Greater Manchester"
        compared = (
            f"Compared with {'Greater Manchester' if label == 'GM' else label}",
            f"{swatch.symbol} {swatch.label}",
            "the value is suppressed" if suppressed else (row.get("comparison_words") or swatch.description),
        )
    rag = rag_swatch(row.get("rag"))
    target_status = (f"{rag.symbol} {rag.label}", rag.description)
    if suppressed or str(row.get("rag") or "").lower() == "not assessed":
        target_status = ("Not assessed", "the value is suppressed" if suppressed else "no value to assess")
    trend = None if suppressed else row.get("trend")
    arrow, words = trend_text(trend, kpi.get("polarity"))
    cards = [
        stat_card(
            f"{area_name}, {view.period}",
            value,
            f"95% CI {interval}" if interval and not suppressed else None,
            id="indicator-headline-value",
        ),
        stat_card(compared[0], compared[1], compared[2], id="indicator-headline-comparison"),
        stat_card(
            f"Target: {target_text(kpi)}",
            *target_status,
            id="indicator-headline-target",
        ),
        stat_card(
            "Recent trend",
            f"{arrow} {short_trend(trend)}",
            f"{row.get('trend_words') or words}. Change since previous period: {change_text(row, measure)}",
            id="indicator-headline-trend",
        ),
    ]
    context = comparators_context(indicators.published_comparators(view.indicator_id, view.period), kpi, view.period)
    return [dbc.Row([dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in cards]), *filter(None, [context])]


def _trend_rows(view: View, benchmark_code: str) -> pd.DataFrame:
    """Every period's overall rows for the area and the benchmark."""
    return indicators.indicator_values(
        view.indicator_id,
        period="all",
        area_codes=tuple(dict.fromkeys((view.area_code, benchmark_code))),
        work_stream=view.work_stream,
        breakdowns=(ALL,),
    )


def _area_rows(view: View) -> pd.DataFrame:
    """The period's overall rows for every area (GM and the localities)."""
    return indicators.indicator_values(
        view.indicator_id, period=view.period, work_stream=view.work_stream, breakdowns=(ALL,)
    )


def _trend_section(kpi: dict[str, Any], view: View, area_name: str, benchmark: tuple[str, str]) -> list[Any]:
    benchmark_code, benchmark_name = benchmark
    trend = _trend_rows(view, benchmark_code)
    trend = trend[trend["group_code"] == ALL]
    if trend.empty:
        return [
            _section(
                "indicator-trend",
                "Trend over time",
                [empty_state("no_data", id="indicator-trend-empty")],
            )
        ]
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    value_range = target_range(kpi)
    figure = trend_figure(
        trend,
        area_code=view.area_code,
        benchmark_code=benchmark_code,
        area_name=area_name,
        benchmark_name=benchmark_name,
        measure_type=measure,
        unit=unit,
        target=None if value_range else kpi.get("target"),
        target_range=value_range,
    )
    own = trend[trend["area_code"] == view.area_code].sort_values("period_sort")
    current = own[own["period"] == view.period]
    latest = current.iloc[0].to_dict() if not current.empty else None
    if latest is not None and not is_true(latest.get("suppressed")):
        arrow, words = trend_text(latest.get("trend"), kpi.get("polarity"))
        summary = (
            f"{area_name}, {view.period}: {value_with_interval(latest, measure, unit)}. "
            f"Recent trend (up to five periods): {words.lower()}. "
            f"Change since the previous period: {change_text(latest, measure)}."
        )
    elif latest is not None:
        summary = f"{area_name}, {view.period}: suppressed (too few people to publish)."
    else:
        summary = f"No value for {area_name} in {view.period}."
    table = trend_table(
        trend,
        area_code=view.area_code,
        benchmark_code=benchmark_code,
        measure_type=measure,
        unit=unit,
    )
    comparison = "" if view.area_code == benchmark_code else f" and {benchmark_name} (dashed line)"
    return [
        _section(
            "indicator-trend",
            "Trend over time",
            [
                html.P(summary, id="indicator-trend-summary"),
                _graph(
                    "indicator-trend-graph",
                    figure,
                    f"{kpi['title']}: {area_name} over time with 95% confidence intervals"
                    f"{comparison}; {_target_caption(kpi)}.",
                ),
                _table_alternative(table, f"{kpi['indicator_id']} by period, {area_name}", row_header="Period"),
            ],
        )
    ]


def _target_caption(kpi: dict) -> str:
    """What the trend chart's target marks are: a relative likelihood's shaded band is the
    target range and its solid line is equality (1.00), which is not itself a target."""
    low, high = kpi.get("target_lower"), kpi.get("target_upper")
    if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
        return (f"the shaded band is the target range {low:.2f} to {high:.2f} (no adverse impact); "
                "the dotted line marks equal likelihood (1.00), not a target")  # fmt: skip
    if kpi.get("target") is None or pd.isna(kpi.get("target")):
        return "this KPI has no target"
    return "the dotted line is the target"


def _breakdown_selector(view: View, labels: dict[str, str]) -> html.Div:
    return html.Div(
        [
            dbc.Label(
                "Break down by",
                html_for="indicator-breakdown-select",
                className="form-label fw-semibold mb-1",
            ),
            dbc.Select(
                id="indicator-breakdown-select",
                options=[{"label": labels.get(b, b), "value": b} for b in view.breakdowns],
                value=view.breakdown,
            ),
        ],
        className="indicator-selector mb-2",
    )


def _breakdown_section(
    kpi: dict[str, Any], view: View, rows: pd.DataFrame, labels: dict[str, str], area_name: str
) -> list[Any]:
    if not view.breakdowns:
        return [
            _section(
                "indicator-breakdown",
                "By characteristic",
                [
                    html.P(
                        "This KPI is reported for everyone only: the framework gives it no "
                        "breakdown by characteristic.",
                        id="indicator-no-breakdown",
                    )
                ],
            )
        ]
    label = labels.get(view.breakdown, view.breakdown)
    part = rows[rows["breakdown"] == view.breakdown]
    measure = group_measure_type(kpi.get("measure_type"))
    unit = "%" if kpi.get("measure_type") == "ratio" else kpi.get("unit")
    children: list[Any] = [_breakdown_selector(view, labels)]
    if part.empty:
        children.append(empty_state("no_data", id="indicator-breakdown-empty"))
        return [_section("indicator-breakdown", "By characteristic", children)]
    overall_rows = rows[(rows["breakdown"] == ALL) & (rows["group_code"] == ALL)]
    overall = None
    if kpi.get("measure_type") != "ratio" and not overall_rows.empty:
        overall = overall_rows.iloc[0].to_dict()
    figure = breakdown_figure(part, measure_type=measure, unit=unit, overall=overall, characteristic_label=label)
    rate_note = (
        " For this relative-likelihood KPI each group's value is its own rate (%); the ratio "
        "column is its relative likelihood against the reference group."
        if kpi.get("measure_type") == "ratio"
        else ""
    )
    children += [
        html.P(
            breakdown_summary(part, measure_type=measure, unit=unit) + rate_note,
            id="indicator-breakdown-summary",
        ),
        _graph(
            "indicator-breakdown-graph",
            figure,
            f"{kpi['title']} by {in_sentence(label)}, {area_name}, {view.period}: each group's "
            "value with its 95% confidence interval. Shapes show how each group compares with the "
            "reference group; groups not stated or not known are shown but not compared.",
        ),
        _table(
            breakdown_table(part, measure_type=measure, unit=unit),
            f"{kpi['indicator_id']} by {in_sentence(label)}, {area_name}, {view.period}",
            row_header="Group",
            id="indicator-breakdown-table",
        ),
    ]
    return [_section("indicator-breakdown", "By characteristic", children)]


def _intersection_section(
    kpi: dict[str, Any], view: View, rows: pd.DataFrame, labels: dict[str, str], area_name: str
) -> list[Any]:
    if not view.intersection:
        return []
    first, second = split_intersection(view.intersection)
    selector = html.Div(
        [
            dbc.Label(
                "Characteristics together",
                html_for="indicator-intersection-select",
                className="form-label fw-semibold mb-1",
            ),
            dbc.Select(
                id="indicator-intersection-select",
                options=[{"label": breakdown_label(i, labels), "value": i} for i in view.intersections],
                value=view.intersection,
            ),
        ],
        className="indicator-selector mb-2",
    )
    part = rows[rows["breakdown"] == view.intersection]
    children: list[Any] = [
        html.P(
            "The same KPI for people in two groups at once, for example disabled women of a "
            "given ethnic group. Small groups are often suppressed.",
            className="mb-2",
        ),
        selector,
    ]
    if part.empty:
        children.append(empty_state("no_data", id="indicator-intersection-empty"))
        return [_section("indicator-intersection", "Two characteristics together", children)]
    measure = group_measure_type(kpi.get("measure_type"))
    unit = "%" if kpi.get("measure_type") == "ratio" else kpi.get("unit")
    grid = intersection_grid(part, framework.characteristic_groups(), view.intersection)
    row_title, column_title = labels.get(first, first), labels.get(second, second)
    figure = heatmap_figure(grid, measure_type=measure, unit=unit, row_title=row_title, column_title=column_title)
    suppressed = int(part["suppressed"].fillna(False).astype(bool).sum())
    caption = (
        f"{kpi['title']} by {in_sentence(row_title)} (rows) and {in_sentence(column_title)} "
        f"(columns), {area_name}, {view.period}. Darker cells have higher values; {suppressed} of "
        f"{len(part)} cells are suppressed."
    )
    children += [
        _graph("indicator-heatmap-graph", figure, caption),
        _table_alternative(
            heatmap_table(grid, measure_type=measure, unit=unit, row_title=row_title),
            f"{kpi['indicator_id']} by {in_sentence(breakdown_label(view.intersection, labels))}, "
            f"{area_name}, {view.period}",
            row_header=row_title,
            id="indicator-heatmap-table",
        ),
    ]
    return [_section("indicator-intersection", "Two characteristics together", children)]


def _inequality_section(kpi: dict[str, Any], view: View, rows: pd.DataFrame, area_name: str) -> list[Any]:
    if "imd_quintile" not in view.breakdowns:
        return []
    measure = group_measure_type(kpi.get("measure_type"))
    unit = "%" if kpi.get("measure_type") == "ratio" else kpi.get("unit")
    part = rows[rows["breakdown"] == "imd_quintile"]
    if part.empty or view.period is None:
        return [
            _section(
                "indicator-inequality",
                "Inequality across deprivation",
                [empty_state("no_data", id="indicator-inequality-empty")],
            )
        ]
    inequalities = indicators.indicator_inequalities(
        view.indicator_id, view.period, (view.area_code,), view.work_stream
    )
    inequality = inequalities.iloc[0].to_dict() if not inequalities.empty else None
    text = inequality_text(
        inequality,
        measure_type=measure,
        unit=unit,
        polarity=kpi.get("polarity"),
        area_name=area_name,
    )
    return [
        _section(
            "indicator-inequality",
            "Inequality across deprivation",
            [
                html.P(text, id="indicator-inequality-text"),
                _graph(
                    "indicator-inequality-graph",
                    inequality_figure(part, measure_type=measure, unit=unit),
                    f"{kpi['title']} in each deprivation quintile (1 = most deprived), "
                    f"{area_name}, {view.period}, with 95% confidence intervals.",
                ),
                _table_alternative(
                    inequality_table(part, measure_type=measure, unit=unit),
                    f"{kpi['indicator_id']} by deprivation quintile, {area_name}",
                    row_header="Deprivation quintile",
                ),
            ],
        )
    ]


def _ratio_section(kpi: dict[str, Any], view: View, area_name: str) -> list[Any]:
    if kpi.get("measure_type") != "ratio" or view.period is None:
        return []
    areas = _area_rows(view)
    areas = areas[areas["group_code"] == ALL]
    value_range = target_range(kpi) or (0.8, 1.25)
    if areas.empty:
        return [
            _section(
                "indicator-ratio",
                "Relative likelihood",
                [empty_state("no_data", id="indicator-ratio-empty")],
            )
        ]
    own = areas[areas["area_code"] == view.area_code]
    sentence = ratio_sentence(
        own.iloc[0].to_dict() if not own.empty else None,
        area_name=area_name,
        ratio_groups=ratio_groups_text(kpi, framework.characteristic_groups()),
        value_range=value_range,
    )
    return [
        _section(
            "indicator-ratio",
            "Relative likelihood",
            [
                html.P(sentence, id="indicator-ratio-text"),
                _graph(
                    "indicator-ratio-graph",
                    ratio_figure(areas, selected_area=view.area_code, value_range=value_range),
                    f"Relative likelihood with 95% confidence intervals for Greater Manchester "
                    f"and each locality, {view.period}. The shaded band is the "
                    f"{value_range[0]:.2f} to {value_range[1]:.2f} range treated as no adverse "
                    "impact; marker shapes say whether each area is within it.",
                ),
                _table_alternative(
                    ratio_table(areas, selected_area=view.area_code),
                    f"{kpi['indicator_id']} relative likelihood by area, {view.period}",
                    row_header="Area",
                ),
            ],
        )
    ]


def _data_section(
    kpi: dict[str, Any], view: View, rows: pd.DataFrame, labels: dict[str, str], area_name: str
) -> list[Any]:
    children: list[Any] = [
        html.P(
            "Every published row for this KPI, area and period. Downloads contain what this "
            'page shows, with suppressed numbers replaced by the word "suppressed".',
            className="mb-1",
        ),
        html.Div(download_buttons("indicator", excel=True, label="the data"), className="d-print-none"),
    ]
    if rows.empty:
        children.append(empty_state("no_data", id="indicator-data-empty"))
    else:
        children.append(
            _table(
                data_table_frame(kpi, rows, labels),
                f"All rows for {kpi['indicator_id']}, {area_name}, {view.period}",
                id="indicator-data-table",
                class_name="indicator-data-table",
            )
        )
    return [_section("indicator-data", "Data table and downloads", children)]


def _rows(kpi: dict[str, Any], view: View) -> pd.DataFrame:
    """Every row for the KPI, area, work stream and period."""
    if view.period is None:
        return pd.DataFrame(columns=["breakdown", "group_code", "comparison", "suppressed"])
    rows = indicators.indicator_values(
        view.indicator_id,
        period=view.period,
        area_codes=(view.area_code,),
        work_stream=view.work_stream,
    )
    return neutral_comparisons(kpi, rows)


def _context(kpi: dict[str, Any], view: View, area_name: str, labels: dict[str, str]) -> str:
    stream = "All work streams" if view.work_stream == ALL else labels.get(view.work_stream, view.work_stream)
    return f"{kpi['indicator_id']} · Area: {area_name} · Work stream: {stream} · Period: {view.period or 'no data'}"


@callback(
    Output("indicator-messages", "children"),
    Output("indicator-context", "children"),
    Output("indicator-headline", "children"),
    Output("indicator-trend", "children"),
    Output("indicator-breakdown", "children"),
    Output("indicator-intersection", "children"),
    Output("indicator-inequality", "children"),
    Output("indicator-ratio", "children"),
    Output("indicator-data", "children"),
    Output("indicator-back-link", "href"),
    Output("indicator-view", "data"),
    Input(FILTERS_STORE, "data"),
    Input("indicator-id", "data"),
)
@static_parts
def render_indicator(filters_data, indicator_id):
    filters = current_filters(filters_data)
    if not indicator_id:
        raise PreventUpdate
    resolved = _view_for(indicator_id, filters)
    if resolved is None:
        raise PreventUpdate
    kpi, view = resolved
    labels = _characteristic_labels()
    benchmark = _benchmark()
    area_name = _area_name(view.area_code)
    messages = option_notes(view.messages)
    if view.period is None:
        empty = [
            empty_state(
                "no_data",
                id="indicator-empty",
                detail="This KPI has no values in the warehouse yet.",
            )
        ]
        back = filters.href("/indicators")
        return messages, _context(kpi, view, area_name, labels), empty, [], [], [], [], [], [], back, {}
    rows = _rows(kpi, view)
    return (
        messages,
        _context(kpi, view, area_name, labels),
        _headline(kpi, view, rows, area_name, benchmark[0]),
        _trend_section(kpi, view, area_name, benchmark),
        _breakdown_section(kpi, view, rows, labels, area_name),
        _intersection_section(kpi, view, rows, labels, area_name),
        _inequality_section(kpi, view, rows, area_name),
        _ratio_section(kpi, view, area_name),
        _data_section(kpi, view, rows, labels, area_name),
        filters.href("/indicators"),
        {"breakdown": view.breakdown, "intersection": view.intersection},
    )


# --- selectors write the URL ---------------------------------------------------------------


def _search_with(search: str | None, shown: dict | None, key: str, choice: str | None, *characteristics: str) -> str:
    """The URL once a selector's `choice` (`key` of the view on show) is applied; a selector
    also reports its value when it is drawn, and only a value other than the one on show is a
    choice."""
    if not choice or choice == (shown or {}).get(key):
        raise PreventUpdate
    new_search = selector_search(search, url_state.load_options(), *characteristics)
    if new_search == (search or ""):
        raise PreventUpdate
    return new_search


# Two callbacks, not one: a section without an intersection has no second selector, and a
# callback does not fire while one of its inputs is missing from the page.
@callback(
    Output(URL, "search", allow_duplicate=True),
    Input("indicator-breakdown-select", "value"),
    State(URL, "search"),
    State("indicator-view", "data"),
    prevent_initial_call=True,
)
def choose_breakdown(breakdown, search, shown):
    return _search_with(search, shown, "breakdown", breakdown, breakdown)


@callback(
    Output(URL, "search", allow_duplicate=True),
    Input("indicator-intersection-select", "value"),
    State(URL, "search"),
    State("indicator-view", "data"),
    prevent_initial_call=True,
)
def choose_intersection(intersection, search, shown):
    if "*" not in (intersection or ""):
        raise PreventUpdate
    return _search_with(search, shown, "intersection", intersection, *split_intersection(intersection))


# --- downloads ---------------------------------------------------------------------------


def _tidy(rows: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    out = rows.copy()
    out["breakdown_label"] = ["Everyone" if b == ALL else breakdown_label(str(b), labels) for b in out["breakdown"]]
    return download_columns(out, INDICATOR_VALUE_COLUMNS)


def download_frames(indicator_id: str, filters: Filters) -> dict[str, pd.DataFrame]:
    """The tables behind the page, tidy, for CSV and Excel (suppression applied on export)."""
    resolved = _view_for(indicator_id, filters)
    if resolved is None:
        return {}
    kpi, view = resolved
    labels = _characteristic_labels()
    benchmark_code, _ = _benchmark()
    about = about_sheet(
        [
            ("Indicator", kpi["indicator_id"]),
            ("Title", kpi["title"]),
            ("Definition", _text(kpi.get("definition"))),
            ("Outcome", _outcome_text(kpi)),
            ("EDS 2022 domain", _domain_text(kpi)),
            ("Director lead", _text(kpi.get("lead_role"))),
            ("Source", source_text(kpi)),
            ("Numerator", _text(kpi.get("numerator_rule"))),
            ("Denominator", _text(kpi.get("denominator_rule"))),
            ("Method", _text(kpi.get("method"))),
            ("Target", target_text(kpi)),
            ("Better is", POLARITY_TEXT.get(kpi.get("polarity") or "", "Not stated")),
            ("Publication threshold", threshold_text(kpi)),
            ("Area", _area_name(view.area_code)),
            ("Work stream", view.work_stream),
            ("Period", view.period or "no data"),
        ]
    )
    frames = {"About": about, "Data": _tidy(_rows(kpi, view), labels)}
    if view.period is not None:
        frames["Trend"] = _tidy(_trend_rows(view, benchmark_code), labels)
        if kpi.get("measure_type") == "ratio":
            frames["Relative likelihood"] = _tidy(_area_rows(view), labels)
        if "imd_quintile" in view.breakdowns:
            frames["Inequality"] = indicators.indicator_inequalities(
                view.indicator_id, view.period, (view.area_code,), view.work_stream
            )
    return frames


def _file_stem(indicator_id: str, filters: Filters) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", indicator_id)
    return f"indicator-{safe}-{filters.locality}"


@callback(
    Output("indicator-download", "data"),
    Input("indicator-csv", "n_clicks"),
    Input("indicator-excel", "n_clicks"),
    State(FILTERS_STORE, "data"),
    State("indicator-id", "data"),
    prevent_initial_call=True,
)
def download_indicator(_csv, _excel, filters_data, indicator_id):
    filters = current_filters(filters_data)
    if not indicator_id or not dash.ctx.triggered_id:
        raise PreventUpdate
    frames = download_frames(indicator_id, filters)
    if not frames:
        raise PreventUpdate
    stem = _file_stem(indicator_id, filters)
    if dash.ctx.triggered_id == "indicator-excel":
        return excel_download(frames, f"{stem}.xlsx")
    return csv_download(frames["Data"], f"{stem}.csv")
