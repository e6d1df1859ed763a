"""The four cards under a KPI's title: its value, the marts' comparison, target and trend."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.published_comparators import comparators_context
from dashboard.state.url_state import ALL
from dashboard.style.formatting import format_interval, format_value
from dashboard.style.palette import comparison_swatch, rag_swatch, trend_text
from dashboard.tables.indicator_trend import change_text
from dashboard.views.indicator import IndicatorData
from dashboard.views.indicator_view import short_trend, target_text
from dashboard.warehouse.conventions import is_true

NO_GM_VALUE = "No Greater Manchester value:"


def _compared(data: IndicatorData, row: dict[str, Any], suppressed: bool) -> tuple[str, str, str]:
    """The comparison card: GM's own value is the benchmark, unless the marts judged it (a
    relative likelihood against its band); otherwise the marts' benchmark and words."""
    judged = str(row.get("comparison") or "not compared") != "not compared"
    # the marts' own reason when GM has no value (published indicators that cannot be added up)
    reason = str(row.get("comparison_words") or "")
    reason = reason if reason.startswith(NO_GM_VALUE) else ""
    if data.view.area_code == data.benchmark_code and not judged:
        return ("Greater Manchester", "Benchmark", reason or "the value other areas are compared with")
    # the marts' benchmark: GM, the area's own population, or the no-adverse-impact band
    swatch = comparison_swatch(None if suppressed else row.get("comparison"))
    label = row.get("benchmark_label") or "Greater Manchester"
    return (
        f"Compared with {'Greater Manchester' if label == 'GM' else label}",
        f"{swatch.symbol} {swatch.label}",
        "the value is suppressed" if suppressed else (row.get("comparison_words") or swatch.description),
    )


def headline_cards(data: IndicatorData) -> list[Any]:
    kpi, view, rows = data.kpi, data.view, data.rows
    headline = rows[(rows["breakdown"] == ALL) & (rows["group_code"] == ALL)]
    if headline.empty:
        return [empty_state("no_data", id="indicator-empty")]
    row = headline.iloc[0].to_dict()
    measure, unit = kpi.get("measure_type"), kpi.get("unit")
    suppressed = is_true(row.get("suppressed"))
    value = format_value(row.get("value"), measure, unit, suppressed=suppressed)
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), measure)
    rag = rag_swatch(row.get("rag"))
    target_status = (f"{rag.symbol} {rag.label}", rag.description)
    if suppressed or str(row.get("rag") or "").lower() == "not assessed":
        target_status = ("Not assessed", "the value is suppressed" if suppressed else "no value to assess")
    trend = None if suppressed else row.get("trend")
    arrow, words = trend_text(trend, kpi.get("polarity"))
    cards = [
        stat_card(
            f"{data.area_name}, {view.period}",
            value,
            " · ".join(filter(None, [f"95% CI {interval}" if interval and not suppressed else "", data.source_note]))
            or None,
            id="indicator-headline-value",
        ),
        stat_card(*_compared(data, row, suppressed), id="indicator-headline-comparison"),
        stat_card(f"Target: {target_text(kpi)}", *target_status, id="indicator-headline-target"),
        stat_card(
            "Recent trend",
            f"{arrow} {short_trend(trend)}",
            f"{row.get('trend_words') or words}. Change since previous period: {change_text(row, measure)}",
            id="indicator-headline-trend",
        ),
    ]
    context = comparators_context(data.comparators, kpi, view.period)
    return [dbc.Row([dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in cards]), *filter(None, [context])]
