"""The board overview "tartan rug": every KPI (rows, grouped by outcome) against Greater
Manchester and the 10 localities (columns), as an accessible HTML table.

Each locality cell shows the value, a symbol and a word for its comparison with GM, on the
comparison's colour, so colour is never the only signal; the GM columns add the RAG status
against target and the recent trend. Pure: DataFrames in, Dash HTML out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.tables import scroll_region
from dashboard.style.formatting import format_interval, format_value
from dashboard.style.palette import (
    POLARITY_TEXT,
    Swatch,
    comparison_key,
    comparison_swatch,
    rag_swatch,
    trend_text,
)
from dashboard.views.kpi_definitions import recorded

FIXED_COLUMNS = ("Indicator", "Target (GM)", "Trend (GM)")


def _is_true(value: Any) -> bool:
    return bool(value) and not pd.isna(value)


def _status(swatch: Swatch) -> html.Span:
    return html.Span(
        [html.Span(swatch.symbol, className="status-symbol", **{"aria-hidden": "true"}), " ", swatch.label],
        className="cell-status",
    )


def _value_cell(row: dict[str, Any] | None, kpi: dict[str, Any], compared: bool) -> html.Td:
    if row is None:
        return html.Td(html.Span("No data", className="cell-empty"), className="rug-cell")
    if _is_true(row.get("suppressed")):
        return html.Td(
            html.Span("Suppressed", className="cell-empty"),
            className="rug-cell rug-suppressed",
            title=row.get("suppression_reason") or "Suppressed: numbers too small to publish",
        )
    measure = kpi.get("measure_type")
    text = format_value(row.get("value"), measure, kpi.get("unit"), with_unit=False)
    interval = format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), measure)
    children: list[Any] = [html.Span(text, className="cell-value")]
    style = None
    class_name = "rug-cell"
    if compared:
        swatch = comparison_swatch(row.get("comparison"))
        key = comparison_key(row.get("comparison"))
        children.append(_status(swatch))
        style = {"backgroundColor": swatch.background, "color": swatch.text}
        class_name += f" rug-{key.replace(' ', '-')}"
    if interval:
        children.append(html.Span(f"95% confidence interval {interval}", className="visually-hidden"))
    words = row.get("comparison_words") if compared else None
    title = "; ".join(t for t in (f"95% CI {interval}" if interval else "", words or "") if t)
    return html.Td(children, className=class_name, style=style, title=title or None)


def _target_cell(gm_row: dict[str, Any] | None, kpi: dict[str, Any]) -> html.Td:
    target_text = kpi.get("target_words") or (gm_row or {}).get("target_words")
    if not target_text or target_text == "No target":
        target = kpi.get("target")
        target_text = (
            f"Target {format_value(target, kpi.get('measure_type'), kpi.get('unit'))}"
            if target is not None and not pd.isna(target)
            else None
        )
    if gm_row is None or _is_true(gm_row.get("suppressed")):
        swatch = rag_swatch(None)
    else:
        swatch = rag_swatch(gm_row.get("rag"))
    children: list[Any] = [_status(swatch)]
    if target_text:
        children.append(html.Span(target_text, className="cell-note"))
    if note := recorded(kpi.get("population_note"), default=""):  # e.g. GM includes organisations outside the ten
        children.append(html.Span(note, className="cell-note"))
    return html.Td(
        children, className="rug-cell rug-rag", style={"backgroundColor": swatch.background, "color": swatch.text}
    )


def _trend_cell(gm_row: dict[str, Any] | None, kpi: dict[str, Any]) -> html.Td:
    arrow, words = trend_text(gm_row.get("trend") if gm_row else None, kpi.get("polarity"))
    words = (gm_row or {}).get("trend_words") or words  # the marts' words
    return html.Td(
        [html.Span(arrow, className="trend-arrow", **{"aria-hidden": "true"}), " ", words],
        className="rug-cell rug-trend",
    )


def tartan_rug(
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    areas: pd.DataFrame,
    *,
    link: Callable[[str], str] = lambda path: path,
    caption: str = "",
    table_id: str = "overview-table",
) -> html.Div:
    """The rug as a table. `kpis` in framework order (as `data.kpis`), `values` the headline
    rows (as `data.headline_values`), `areas` GM first then localities (as `data.localities`).
    `link(path)` adds the current filters to each KPI's link."""
    area_codes = list(areas["area_code"])
    area_names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    region_codes = set(areas.loc[areas["area_type"] == "region", "area_code"])
    by_cell = {(row["indicator_id"], row["area_code"]): row for row in values.to_dict("records")}
    header = html.Tr(
        [html.Th(FIXED_COLUMNS[0], scope="col", className="rug-indicator")]
        + [
            html.Th(
                area_names[code],
                scope="col",
                className="rug-area rug-benchmark" if code in region_codes else "rug-area",
            )
            for code in area_codes[:1]
        ]
        + [html.Th(name, scope="col") for name in FIXED_COLUMNS[1:]]
        + [html.Th(area_names[code], scope="col", className="rug-area") for code in area_codes[1:]]
    )
    column_count = len(FIXED_COLUMNS) + len(area_codes)

    bodies = []
    for (outcome_id, outcome_title), group in kpis.groupby(["outcome_id", "outcome_title"], sort=False, dropna=False):
        rows = [
            html.Tr(
                html.Th(
                    html.Span(outcome_title if isinstance(outcome_title, str) else str(outcome_id)),
                    scope="rowgroup",
                    colSpan=column_count,
                    className="rug-outcome",
                )
            )
        ]
        for kpi in group.to_dict("records"):
            kid = kpi["indicator_id"]
            gm_row = by_cell.get((kid, area_codes[0]))
            period = next((by_cell[(kid, c)]["period"] for c in area_codes if (kid, c) in by_cell), "–")
            polarity = POLARITY_TEXT.get(kpi.get("polarity") or "", "")
            unit = kpi.get("unit") or ""
            row_header = html.Th(
                [
                    dcc.Link(
                        kpi.get("short_title") or kpi["title"],
                        href=link(f"/indicators/{kid}"),
                        className="rug-kpi-link",
                    ),
                    html.Span(" · ".join(p for p in (period, unit, polarity) if p), className="cell-note"),
                ],
                scope="row",
                className="rug-indicator",
            )
            cells = [row_header]
            # GM is the benchmark of the other cells, unless parity is its own population or the band
            gm_judged = gm_row is not None and comparison_key(gm_row.get("comparison")) != "not compared"
            cells.append(_value_cell(gm_row, kpi, compared=gm_judged))
            cells.append(_target_cell(gm_row, kpi))
            cells.append(_trend_cell(gm_row, kpi))
            cells += [_value_cell(by_cell.get((kid, c)), kpi, compared=True) for c in area_codes[1:]]
            rows.append(html.Tr(cells, id=f"rug-row-{kid}"))
        bodies.append(html.Tbody(rows))

    table = html.Table(
        [html.Caption(caption), html.Thead(header), *bodies],
        id=table_id,
        className="table table-sm table-bordered tartan-rug mb-0",
    )
    return scroll_region(table, "Board overview table", class_name="rug-region")


def _words(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna("").astype(str) if column in frame.columns else pd.Series("", index=frame.index)


def rug_summary(kpis: pd.DataFrame, values: pd.DataFrame, benchmark_code: str) -> dict[str, int]:
    """Headline counts for the cards above the rug."""
    shown = values[values["indicator_id"].isin(kpis["indicator_id"])]
    localities = shown[shown["area_code"] != benchmark_code]
    not_suppressed = localities[~localities["suppressed"].fillna(False).astype(bool)]
    compared = not_suppressed[not_suppressed["comparison"] != "not compared"]
    gap = compared.get("is_significant_gap", pd.Series(False, index=compared.index)).fillna(False).astype(bool)
    worse = compared[(compared["comparison"] == "worse") | gap]
    gm = shown[shown["area_code"] == benchmark_code]
    return {
        "kpis": int(kpis["indicator_id"].nunique()),
        "outcomes": int(kpis["outcome_id"].nunique()),
        "compared_cells": len(compared),
        "worse_cells": len(worse),
        "better_cells": int((compared["comparison"] == "better").sum()),
        "localities_worse": int(worse["area_code"].nunique()),
        "localities": int(localities["area_code"].nunique()),
        "off_target": int((gm["rag"] == "red").sum()),
        "with_target": int(gm["rag"].isin(["green", "amber", "red"]).sum()),
        "getting_worse": int(_words(gm, "trend_words").str.endswith("getting worse").sum()),
    }
