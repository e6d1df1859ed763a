"""The work-stream summary drawn as HTML: one row per KPI (value, RAG, change, actions) and the list of what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.tables import scroll_region
from dashboard.style.formatting import NO_DATA_TEXT, format_value
from dashboard.style.palette import comparison_swatch, rag_swatch, trend_text
from dashboard.tables.group_gaps import format_gap
from dashboard.tables.work_stream_summary import (
    CHANGE_ORDER,
    CHANGE_WORDS,
    _value_text,
    action_text,
    change_text,
    is_overdue,
    target_words,
)


def _overdue_badge() -> html.Span:
    return html.Span("Overdue", className="badge text-bg-danger ms-1 overdue-badge")


def _actions_cell(actions: list[dict[str, Any]], today: dt.date) -> list[Any]:
    if not actions:
        return [html.Span("No action plan", className="text-body-secondary")]
    items = []
    for action in actions:
        line: list[Any] = [
            html.Span(action.get("title") or "", className="d-block fw-semibold"),
            html.Span(action_text(action)),
        ]
        if is_overdue(action, today):
            line.append(_overdue_badge())
        items.append(html.Li(line))
    return [html.Ul(items, className="list-unstyled mb-0 action-list")]


def _status(symbol: str, words: str) -> list[Any]:
    return [html.Span(symbol, **{"aria-hidden": "true"}), f" {words}"]


def kpi_summary_table(
    summary: pd.DataFrame,
    *,
    area_name: str,
    benchmark_name: str,
    show_benchmark: bool,
    today: dt.date,
    link: Callable[[str], str] = lambda path: path,
    caption: str = "",
    table_id: str = "work-streams-kpi-table",
) -> html.Div:
    """The KPIs as an accessible table: value, target and RAG, trend, change, action plans."""
    headers = ["KPI", "Period", f"{area_name} (95% CI)"]
    if show_benchmark:
        headers += [f"{benchmark_name} (95% CI)", f"{area_name} compared with {benchmark_name}"]
    headers += ["Target and status", "Trend (last 5 periods)", "Change since previous period", "Action plan"]
    body = []
    for row in summary.to_dict("records"):
        kid = row["indicator_id"]
        has_data = row.get("period") is not None
        cells: list[Any] = [
            html.Th(
                [
                    dcc.Link(row.get("short_title") or row["title"], href=link(f"/indicators/{kid}")),
                    html.Span(row.get("outcome_title") or "", className="d-block small text-body-secondary"),
                ],
                scope="row",
            ),
            html.Td(row.get("period") if has_data else NO_DATA_TEXT),
            html.Td(_value_text(row) if has_data else NO_DATA_TEXT),
        ]
        if show_benchmark:
            gm = {
                **row,
                "suppressed": row.get("gm_suppressed"),
                "value": row.get("gm_value"),
                "lower_ci_95": row.get("gm_lower_ci_95"),
                "upper_ci_95": row.get("gm_upper_ci_95"),
            }
            swatch = comparison_swatch(None if row.get("suppressed") else row.get("comparison"))
            cells += [
                html.Td(_value_text(gm) if has_data else NO_DATA_TEXT),
                html.Td(_status(swatch.symbol, swatch.label)),
            ]
        rag = rag_swatch("not assessed" if row.get("suppressed") else row.get("rag"))
        target_text = target_words(row)
        arrow, trend_words = trend_text(row.get("trend"), row.get("polarity"))
        cells += [
            html.Td([html.Span(target_text, className="d-block"), *_status(rag.symbol, rag.label)]),
            html.Td(_status(arrow, trend_words)),
            html.Td(change_text(row), className=f"change-{row['change_direction'].replace(' ', '-')}"),
            html.Td(_actions_cell(row.get("actions") or [], today)),
        ]
        for cell, heading in zip(cells[1:], headers[1:], strict=True):  # a phone stacks the row under these
            setattr(cell, "data-label", heading)
        body.append(html.Tr(cells, id=f"work-streams-kpi-{kid}"))
    table = html.Table(
        [html.Caption(caption), html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])), html.Tbody(body)],
        id=table_id,
        className="table table-sm table-striped align-middle mb-0 assurance-table table-stack-phone",
    )
    return scroll_region(table, caption or "KPIs of this work stream")


def changes_list(summary: pd.DataFrame) -> html.Div:
    """KPIs grouped by the direction of their change since the previous period."""
    sections = []
    for direction in CHANGE_ORDER:
        rows = summary[summary["change_direction"] == direction].to_dict("records")
        if not rows:
            continue
        symbol, words = CHANGE_WORDS[direction]
        items = []
        for row in rows:
            name = row.get("short_title") or row["title"]
            if direction == "not comparable":
                detail = change_text(row).lstrip("– ")
            else:
                before = format_value(row.get("previous_value"), row.get("measure_type"), row.get("unit"))
                now = format_value(row.get("value"), row.get("measure_type"), row.get("unit"))
                change = format_gap(row.get("change_since_previous"), row.get("measure_type"))
                detail = f"{before} in {row.get('previous_period')} → {now} in {row.get('period')} ({change})"
                if row.get("previous_rag") != row.get("rag") and not pd.isna(row.get("previous_rag")):
                    detail += (
                        f"; target status {rag_swatch(row.get('previous_rag')).label.lower()}"
                        f" → {rag_swatch(row.get('rag')).label.lower()}"
                    )
            items.append(html.Li([html.Strong(f"{name}: "), detail]))
        sections.append(
            html.Div(
                [
                    html.H3(
                        [html.Span(symbol, **{"aria-hidden": "true"}), f" {words} ({len(rows)})"],
                        className="h6 mt-3 mb-1",
                    ),
                    html.Ul(items, className="mb-2"),
                ],
                id=f"work-streams-changes-{direction.replace(' ', '-')}",
            )
        )
    return html.Div(sections, className="changes-list")
