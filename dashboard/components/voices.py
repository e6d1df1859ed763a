"""Voices drawn as HTML: a consented quote with who said it, and the numbers beside an outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.style.formatting import format_date, format_value
from dashboard.style.palette import rag_swatch, trend_text
from dashboard.tables.voices import group_text, theme_label
from dashboard.warehouse.conventions import is_true


def quote_block(row: dict[str, Any]) -> html.Figure:
    """One quote as plain text, with its theme, place, group and date beneath."""
    meta = " · ".join(
        [
            f"Theme: {theme_label(row.get('theme'))}",
            str(row.get("area_name") or row.get("locality_code") or "Unknown area"),
            group_text(row),
            format_date(row.get("collected_date")),
        ]
    )
    return html.Figure(
        [html.Blockquote(html.P(str(row.get("quote") or ""))), html.Figcaption(meta)],
        className="voice",
        id=f"voice-{row['voice_id']}",
    )


def kpi_numbers(
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    *,
    area_code: str,
    area_name: str,
    benchmark_code: str,
    limit: int,
    link: Callable[[str], str] = lambda path: path,
) -> html.Div:
    """An outcome's headline KPIs with their latest Greater Manchester value (and the chosen
    locality's, when one is chosen), target status and trend, each linking to its KPI page."""
    cells = {(r["indicator_id"], r["area_code"]): r for r in values.to_dict("records")}
    items = []
    for kpi in kpis.head(limit).to_dict("records"):
        kid = kpi["indicator_id"]
        measure, unit = kpi.get("measure_type"), kpi.get("unit")
        parts: list[Any] = [
            dcc.Link(kpi.get("short_title") or kpi["title"], href=link(f"/indicators/{kid}")),
            html.Br(),
        ]
        gm = cells.get((kid, benchmark_code))
        if gm is None:
            parts.append("No data yet")
        else:
            value = format_value(gm.get("value"), measure, unit, suppressed=is_true(gm.get("suppressed")))
            rag = rag_swatch("not assessed" if is_true(gm.get("suppressed")) else gm.get("rag"))
            arrow, words = trend_text(gm.get("trend"), kpi.get("polarity"))
            parts.append(f"Greater Manchester {value} ({gm.get('period')}) · Target: {rag.label} · {arrow} {words}")
        local = cells.get((kid, area_code)) if area_code != benchmark_code else None
        if local is not None:
            value = format_value(local.get("value"), measure, unit, suppressed=is_true(local.get("suppressed")))
            parts += [html.Br(), f"{area_name} {value}"]
        items.append(html.Li(parts))
    more = len(kpis) - limit
    children: list[Any] = [html.P("The numbers", className="fw-semibold mb-1"), html.Ul(items)]
    if more > 0:
        children.append(
            html.P(f"and {more} more KPI{'s' if more != 1 else ''} for this outcome.", className="small mb-0 mt-1")
        )
    if kpis.empty:
        children = [
            html.P("The numbers", className="fw-semibold mb-1"),
            html.P("No KPI measures this outcome in the chosen work stream.", className="mb-0"),
        ]
    return html.Div(children, className="voice-numbers")
