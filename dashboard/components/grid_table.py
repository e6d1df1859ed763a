"""A heat-map table: rows x columns of values as an accessible HTML table (questions x
groups, localities x groups, areas x KPIs, organisations x band clusters).

Every cell shows its value as text, an optional note (a respondent count) and, when the
comparison is significant, a symbol and a word; the background shades by value (light blues
that keep dark text above 4.5:1 contrast) or takes the comparison's palette colour. Colour is
never the only signal. Suppressed cells say "Suppressed" on grey and hold no number.

Pure: a tidy DataFrame (one row per cell) in, Dash HTML out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.tables import scroll_region
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT
from dashboard.style.palette import COMPARISONS, SUPPRESSED_FILL, comparison_swatch
from dashboard.warehouse.conventions import is_true

# Light to mid blue (ColorBrewer Blues): #1A1A1A text passes WCAG AA on each.
SHADES = ("#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6")
SIGNIFICANT = ("better", "worse", "higher", "lower")


def shade_colour(value: float | None, low: float, high: float) -> str | None:
    """The shade of `value` on a scale from `low` (lightest) to `high` (darkest)."""
    if value is None or pd.isna(value):
        return None
    if high <= low:
        return SHADES[len(SHADES) // 2]
    position = (float(value) - low) / (high - low)
    return SHADES[min(len(SHADES) - 1, max(0, int(position * len(SHADES))))]


def shade_legend(low_text: str, high_text: str, *, symbols: bool = True) -> html.P:
    """A key to the value shading (lightest = `low_text`, darkest = `high_text`) and, when
    the table marks significant comparisons, to their symbols."""
    swatches = [html.Span(className="grid-swatch", style={"backgroundColor": c}) for c in SHADES]
    words = (
        " Symbols: ✖ worse, ✔ better, ▲ higher, ▼ lower than the comparison group (95% "
        "confidence); no symbol: not significantly different or not compared."
        if symbols
        else ""
    )
    return html.P(
        [
            f"Shading: lightest {low_text} ",
            html.Span(swatches, **{"aria-hidden": "true"}),
            f" darkest {high_text}.{words}",
        ],
        className="grid-legend small mb-1",
    )


def _status(row: dict[str, Any], status: str | None) -> str:
    if not status:
        return ""
    return str(row.get(status) or "not compared").strip().lower()


def _cell(
    row: dict[str, Any] | None,
    *,
    text: str,
    note: str | None,
    status: str | None,
    shading: str | None,
    shade: str | None,
    bounds: tuple[float, float],
    missing_text: str,
) -> html.Td:
    """One cell as few components as possible (a page may hold hundreds of them): its lines
    are plain text, laid out by CSS (the first line, the value, is bold); only a significant
    comparison adds its symbol, hidden from screen readers, before the word."""
    if row is None:
        return html.Td(missing_text, className="grid-cell cell-empty")
    if is_true(row.get("suppressed")):
        return html.Td(
            SUPPRESSED_TEXT,
            className="grid-cell cell-empty grid-suppressed",
            style={"backgroundColor": SUPPRESSED_FILL},
            title=str(row.get("suppression_reason") or "Too few people to publish"),
        )
    lines = [str(row.get(text))]
    extra = row.get(note) if note else None
    if extra is not None and not pd.isna(extra) and str(extra):
        lines.append(str(extra))
    children: list[Any] = ["\n".join(lines)]
    key = _status(row, status)
    background = None
    if key in SIGNIFICANT or (shading == "status" and key in COMPARISONS):
        swatch = comparison_swatch(key)
        if key in SIGNIFICANT:
            children += ["\n", html.Span(swatch.symbol, **{"aria-hidden": "true"}), f" {swatch.label}"]
        else:  # "similar" / "not compared": the word alone (fewer components per cell)
            children = [f"{children[0]}\n{swatch.label}"]
        if shading == "status":
            background = swatch.background
    if shading == "value" and shade:
        background = shade_colour(row.get(shade), *bounds)
    return html.Td(
        children if len(children) > 1 else children[0],
        className="grid-cell",
        style={"backgroundColor": background} if background else None,
    )


def grid_table(
    df: pd.DataFrame,
    *,
    row: str = "row_label",
    column: str = "column_label",
    text: str = "text",
    note: str | None = None,
    status: str | None = None,
    shade: str | None = None,
    shading: str | None = "value",
    row_order: Sequence[str] | None = None,
    column_order: Sequence[str] | None = None,
    row_links: Mapping[str, str] | None = None,
    row_notes: Mapping[str, str] | None = None,
    row_messages: Mapping[str, str] | None = None,
    corner: str = "",
    caption: str = "",
    table_id: str | None = None,
    missing_text: str = NO_DATA_TEXT,
) -> html.Div:
    """The grid as a table with a caption, column headers and a header cell per row.

    `text` names the column holding each cell's value as text; `note` a small second line;
    `status` the mart's comparison (significant ones get a symbol and word); `shading`
    "value" shades by the numbers in `shade`, "status" colours by comparison, None neither.
    `row_links` makes row headers links; `row_notes` adds a line under a row header;
    `row_messages` replaces a whole row's cells with one message (e.g. "Not broken down by
    sex"). A cell with no row in `df` shows `missing_text`.
    """
    rows = list(row_order) if row_order is not None else list(dict.fromkeys(df[row]))
    columns = list(column_order) if column_order is not None else list(dict.fromkeys(df[column]))
    cells = {(r[row], r[column]): r for r in df.to_dict("records")}
    shown = df[~df["suppressed"].fillna(False).astype(bool)] if "suppressed" in df else df
    numbers = pd.to_numeric(shown[shade], errors="coerce").dropna() if shade else pd.Series()
    bounds = (float(numbers.min()), float(numbers.max())) if len(numbers) else (0.0, 0.0)
    links, notes, messages = row_links or {}, row_notes or {}, row_messages or {}

    body = []
    for label in rows:
        header: list[Any] = [dcc.Link(label, href=links[label]) if label in links else label]
        if label in notes:
            header.append(html.Span(notes[label], className="cell-note"))
        cells_html: list[Any] = [html.Th(header, scope="row", className="grid-row-header")]
        if label in messages:
            cells_html.append(
                html.Td(messages[label], colSpan=len(columns), className="grid-cell cell-empty grid-message")
            )
        else:
            cells_html += [
                _cell(
                    cells.get((label, name)),
                    text=text,
                    note=note,
                    status=status,
                    shading=shading,
                    shade=shade,
                    bounds=bounds,
                    missing_text=missing_text,
                )
                for name in columns
            ]
        body.append(html.Tr(cells_html))
    table = html.Table(
        [
            html.Caption(caption),
            html.Thead(
                html.Tr(
                    [html.Th(corner, scope="col", className="grid-row-header")]
                    + [html.Th(name, scope="col") for name in columns]
                )
            ),
            html.Tbody(body),
        ],
        className="table table-sm table-bordered grid-table mb-0",
        **({"id": table_id} if table_id else {}),
    )
    return scroll_region(table, caption or "Table")
