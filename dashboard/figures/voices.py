"""Voices beside the numbers: consented quotes grouped under the outcome they speak to, the
count of voices per outcome and group, and each outcome's headline KPIs.

A quote is always a text child of an HTML element, never markup: Dash escapes text, so a quote
holding "<b>" or "<script>" shows those characters as written. Nothing here may pass quote
text to `dcc.Markdown` or `dangerously_allow_html`.

Pure: DataFrames (as `dashboard.warehouse` returns them) in, Dash HTML, figures or frames out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.figures.chart_style import empty_figure, is_true, style
from dashboard.figures.dot_plot import wrap_label
from dashboard.style.formatting import format_date, format_value
from dashboard.style.palette import SERIES_COLOURS, rag_swatch, trend_text

THEME_LABELS = {"cost_of_living": "Cost of living"}


def theme_label(theme: Any) -> str:
    text = str(theme or "")
    return THEME_LABELS.get(text, text.replace("_", " ").capitalize())


def group_text(row: dict[str, Any]) -> str:
    """ "Disability: Disabled"; "No particular group" for a voice not tagged with one."""
    if row.get("characteristic", row.get("breakdown")) == "all":
        return "No particular group"
    return f"{row.get('breakdown_label') or row.get('characteristic')}: {row.get('group_label')}"


def quote_block(row: dict[str, Any]) -> html.Figure:
    """One quote as plain text, with its theme, place, group and date beneath."""
    meta = " · ".join([
        f"Theme: {theme_label(row.get('theme'))}",
        str(row.get("area_name") or row.get("locality_code") or "Unknown area"),
        group_text(row),
        format_date(row.get("collected_date")),
    ])  # fmt: skip
    return html.Figure(
        [html.Blockquote(html.P(str(row.get("quote") or ""))), html.Figcaption(meta)],
        className="voice",
        id=f"voice-{row['voice_id']}",
    )


def counts_by_outcome(counts: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Voices per outcome (every outcome, zero where none), in framework order."""
    totals = counts.groupby("outcome_id", sort=False)["voices"].sum()
    frame = outcomes[["outcome_id", "outcome_title"]].copy()
    frame["voices"] = [int(totals.get(o, 0)) for o in frame["outcome_id"]]
    return frame


def counts_figure(by_outcome: pd.DataFrame) -> go.Figure:
    """Horizontal bars: how many voices speak to each outcome, the count printed on each."""
    if by_outcome.empty or by_outcome["voices"].sum() == 0:
        return empty_figure("No voices match these filters")
    labels = [wrap_label(t, 40) for t in by_outcome["outcome_title"]]
    fig = go.Figure(go.Bar(
        y=labels, x=by_outcome["voices"], orientation="h", marker={"color": SERIES_COLOURS[0]},
        text=[str(v) for v in by_outcome["voices"]], textposition="outside", cliponaxis=False,
        hovertext=[f"{t}: {v} voice{'s' if v != 1 else ''}"
                   for t, v in zip(by_outcome["outcome_title"], by_outcome["voices"], strict=True)],
        hoverinfo="text", name="Voices",
    ))  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    most = int(by_outcome["voices"].max())
    fig.update_xaxes(rangemode="tozero", tickformat=",d", dtick=1 if most <= 10 else None)
    fig.update_layout(showlegend=False)
    return style(fig, height=120 + 48 * len(labels), x_title="Number of voices")


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Voices per outcome and group, as text, most voices first within an outcome."""
    rows = [{"Outcome": r["outcome_title"] or r["outcome_id"],
             "Characteristic": r["breakdown_label"] if r["breakdown"] != "all" else "–",
             "Group": r["group_label"], "Voices": str(int(r["voices"]))}
            for r in counts.to_dict("records")]  # fmt: skip
    return pd.DataFrame(rows, columns=["Outcome", "Characteristic", "Group", "Voices"])


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
        parts: list[Any] = [dcc.Link(kpi.get("short_title") or kpi["title"], href=link(f"/indicators/{kid}")),
                            html.Br()]  # fmt: skip
        gm = cells.get((kid, benchmark_code))
        if gm is None:
            parts.append("No data yet")
        else:
            value = format_value(gm.get("value"), measure, unit, suppressed=is_true(gm.get("suppressed")))
            rag = rag_swatch("not assessed" if is_true(gm.get("suppressed")) else gm.get("rag"))
            arrow, words = trend_text(gm.get("trend"), kpi.get("polarity"))
            parts.append(f"Greater Manchester {value} ({gm.get('period')}) · Target: {rag.label} · "
                         f"{arrow} {words}")  # fmt: skip
        local = cells.get((kid, area_code)) if area_code != benchmark_code else None
        if local is not None:
            value = format_value(local.get("value"), measure, unit, suppressed=is_true(local.get("suppressed")))
            parts += [html.Br(), f"{area_name} {value}"]
        items.append(html.Li(parts))
    more = len(kpis) - limit
    children: list[Any] = [html.P("The numbers", className="fw-semibold mb-1"), html.Ul(items)]
    if more > 0:
        children.append(html.P(f"and {more} more KPI{'s' if more != 1 else ''} for this outcome.",
                               className="small mb-0 mt-1"))  # fmt: skip
    if kpis.empty:
        children = [html.P("The numbers", className="fw-semibold mb-1"),
                    html.P("No KPI measures this outcome in the chosen work stream.", className="mb-0")]  # fmt: skip
    return html.Div(children, className="voice-numbers")
