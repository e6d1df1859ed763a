"""The compare-localities page's blocks for one KPI: the KPI picker, its note, the
compare-areas bars, the hex map and the funnel plot, each with its table."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.cards import empty_state
from dashboard.components.download import download_buttons
from dashboard.components.page_options import GRAPH_CONFIG
from dashboard.components.tables import table_alternative
from dashboard.figures import compare_areas, funnel_plot, hex_map
from dashboard.state.url_state import Filters
from dashboard.style.formatting import format_number, format_value
from dashboard.style.palette import POLARITY_TEXT, comparison_swatch
from dashboard.tables import funnel_plot as funnel_words
from dashboard.tables.hex_map import map_summary
from dashboard.views import localities as views
from dashboard.views.localities import KpiComparison

INDICATOR_SELECT = "localities-indicator"
DOWNLOAD_PREFIX = "localities-compare"


def indicator_select(kpis: pd.DataFrame, value: str | None) -> list[Any]:
    """The KPI picker (its label and select)."""
    return [
        dbc.Label(
            "KPI to compare the localities on",
            html_for=INDICATOR_SELECT,
            className="form-label fw-semibold mb-1",
        ),
        dbc.Select(
            id=INDICATOR_SELECT,
            options=views.indicator_options(kpis),
            value=value or "",
            disabled=kpis.empty,
        ),
    ]


def chart(graph_id: str, figure: Any, caption: str) -> html.Figure:
    """A graph with its caption."""
    return html.Figure(
        [dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG), html.Figcaption(caption)],
        className="chart-figure",
    )


def section(section_id: str, heading: str, children: list[Any]) -> html.Section:
    """A section of the page, named by its heading."""
    return html.Section(
        [html.H2(heading, className="h4"), *children],
        id=section_id,
        className="localities-section",
        **{"aria-label": heading},
    )


def _value(kpi: dict[str, Any]):
    return lambda v: format_value(v, kpi.get("measure_type"), kpi.get("unit"))


def number(decimals: int):
    """A formatter of numbers to `decimals` places."""
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
            "lower_ci_95": number(decimals),
            "upper_ci_95": number(decimals),
            "numerator": number(0),
            "denominator": number(0),
            "comparison": _comparison_words,
            "comparison_99_8": _comparison_words,
        },
        row_header="area_name",
        id="localities-compare-table",
    )


def _funnel_section(comparison: KpiComparison) -> html.Section:
    kpi, gm_name = comparison.kpi, comparison.benchmark_name
    heading = f"Funnel plot: {comparison.name}"
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
        return section("localities-funnel", heading, body)
    frames = views.funnel_frames(comparison)
    if frames is None:
        body = [
            empty_state(
                "no_data",
                title="Not enough published data for a funnel plot",
                detail="Greater Manchester's value or the localities' denominators "
                "are suppressed or missing for this period.",
                id="localities-funnel-empty",
            )
        ]
        return section("localities-funnel", heading, body)
    points, curve = frames
    figure = funnel_plot.figure(
        points,
        curve,
        kpi=kpi,
        benchmark_value=comparison.benchmark_value,
        benchmark_name=gm_name,
        selected=comparison.selected,
    )
    table, labels = funnel_words.funnel_table(points, kpi)
    body = [
        html.P(funnel_words.reading_guide(kpi, gm_name), className="localities-method"),
        chart(
            "localities-funnel-graph",
            figure,
            "Markers show each locality's comparison by shape, colour and legend word. "
            "Suppressed localities are not plotted.",
        ),
        table_alternative(
            table,
            funnel_words.caption(comparison.name, kpi, gm_name),
            columns=labels,
            row_header="area_name",
            id="localities-funnel-table",
        ),
    ]
    return section("localities-funnel", heading, body)


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


def _compare_body(comparison: KpiComparison) -> list[Any]:
    if comparison.shown.empty:
        body = [empty_state("suppressed", id="localities-compare-empty")]
    else:
        figure = compare_areas.figure(
            comparison.localities,
            kpi=comparison.kpi,
            benchmark_value=comparison.benchmark_value,
            benchmark_name=comparison.benchmark_name,
            selected=comparison.selected,
        )
        body = [
            chart(
                "localities-compare-graph",
                figure,
                "Bars show each locality's value with its 95% confidence interval; the dashed "
                "line is Greater Manchester. The words above each bar say how it compares.",
            ),
            _compare_table(
                comparison.frame,
                comparison.kpi,
                f"{comparison.name} ({comparison.period}): Greater Manchester and the 10 localities, "
                "with 95% confidence intervals",
            ),
        ]
    downloads = html.Div(download_buttons(DOWNLOAD_PREFIX, label="the compare-areas data"), className="d-print-none")
    return [*body, downloads]


def _map_body(comparison: KpiComparison) -> list[Any]:
    if comparison.shown.empty:
        return [empty_state("suppressed", id="localities-map-empty")]
    localities = comparison.localities
    return [
        chart(
            "localities-map-graph",
            hex_map.figure(localities, kpi=comparison.kpi, selected=comparison.selected),
            "Each hexagon is a locality, placed roughly where it lies in Greater "
            "Manchester. The colour and the words inside say how it compares.",
        ),
        html.Div(
            [html.P(s, className="mb-1") for s in map_summary(localities, benchmark_name=comparison.benchmark_name)],
            id="localities-map-summary",
            className="localities-method",
        ),
    ]


def indicator_sections(filters: Filters, indicator_id: str) -> list[Any]:
    """Compare areas, funnel plot and map for one KPI."""
    comparison = views.kpi_comparison(filters, indicator_id)
    if comparison is None:
        return [empty_state("no_data", id="localities-indicator-empty")]
    note = _kpi_note(comparison.kpi, comparison.period, filters)
    if not comparison.has_values:
        return [
            note,
            empty_state(
                "no_data",
                detail="This KPI has no published values for this period "
                "and work stream. Try another period or work stream.",
                id="localities-indicator-empty",
            ),
        ]
    compare_heading = f"Compare areas: {comparison.name}, {comparison.period}"
    return [
        note,
        dbc.Row(
            [
                dbc.Col(section("localities-compare", compare_heading, _compare_body(comparison)), xs=12, xl=7),
                dbc.Col(section("localities-map", f"Map: {comparison.name}", _map_body(comparison)), xs=12, xl=5),
            ]
        ),
        _funnel_section(comparison),
    ]
