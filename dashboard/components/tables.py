"""Accessible HTML tables: the text alternative every chart needs, and tables in their own right.

Tables have a caption, column headers with scope="col", an optional row header per row, and
suppressed numbers shown as "Suppressed" (never as a number or a blank). Wide tables scroll
inside a focusable region so keyboard users can scroll them too. They are drawn as one
component (`static_html`) because Dash is slow with thousands of small components.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard.components.static_html import static_html
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_number
from dashboard.warehouse.conventions import SUPPRESSIBLE_COLUMNS

Formatter = Callable[[Any], str]
STATIC_ABOVE_CELLS = 300  # bigger tables are drawn as one component (see static_html)


def _cell_text(value: Any, formatter: Formatter | None) -> str:
    if formatter is not None:
        return formatter(value)
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return NO_DATA_TEXT
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, pd.Timestamp):
        return f"{value:%d %b %Y}"
    return str(value)


def accessible_table(
    df: pd.DataFrame,
    caption: str,
    *,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    formatters: Mapping[str, Formatter] | None = None,
    row_header: str | None = None,
    max_rows: int = 500,
    id: str | None = None,
    class_name: str = "",
    static: bool | None = None,
    stack_on_phone: bool = False,
) -> html.Div | dcc.Markdown:
    """Render `df` as an html.Table inside a keyboard-scrollable region.

    `columns` picks and labels columns ({"value": "Value (%)"} or a list of names);
    `formatters` turns a column's values into text; `row_header` names the column whose
    cells are row headers (th scope="row"). Rows with `suppressed` true show "Suppressed" in
    every number column. More than `max_rows` rows are cut, and the caption says so.
    `static=True` draws it as one component (fast; see `static_html`), with `id` on that
    component; False keeps Dash components (when a callback must reach inside); None, the
    default, is static above STATIC_ABOVE_CELLS cells. `stack_on_phone=True` gives every
    cell its column's heading (`data-label`) so a phone shows each row as a block of
    "heading: value" lines (class `table-stack-phone`, assets/dashboard.css).
    """
    if columns is None:
        labels = {c: c.replace("_", " ").capitalize() for c in df.columns if c != "suppressed"}
    elif isinstance(columns, Mapping):
        labels = dict(columns)
    else:
        labels = {c: c.replace("_", " ").capitalize() for c in columns}
    formatters = dict(formatters or {})
    shown = df.head(max_rows)
    suppressed = (
        shown["suppressed"].fillna(False).astype(bool).tolist()
        if "suppressed" in shown.columns
        else [False] * len(shown)
    )
    caption_text = caption
    if len(df) > max_rows:
        caption_text += f" (first {max_rows:,} of {len(df):,} rows; download for all)"

    # The rows' values as `iterrows` would give them (one array, not a Series per row: fast).
    positions = {column: index for index, column in enumerate(shown.columns)}
    body = []
    for values, is_suppressed in zip(shown.values, suppressed, strict=True):
        cells = []
        for column in labels:
            if is_suppressed and column in SUPPRESSIBLE_COLUMNS:
                text = SUPPRESSED_TEXT
            else:
                value = values[positions[column]] if column in positions else None
                text = _cell_text(value, formatters.get(column))
            if column == row_header:
                cells.append(html.Th(text, scope="row"))
            elif stack_on_phone:
                cells.append(html.Td(text, **{"data-label": labels[column]}))
            else:
                cells.append(html.Td(text))
        body.append(html.Tr(cells))

    if static is None:
        static = len(shown) * len(labels) > STATIC_ABOVE_CELLS
    stacking = "table-stack-phone" if stack_on_phone else ""
    table = html.Table(
        [
            html.Caption(caption_text),
            html.Thead(html.Tr([html.Th(label, scope="col") for label in labels.values()])),
            html.Tbody(body),
        ],
        className=" ".join(c for c in ("table table-sm table-striped align-middle mb-0", stacking, class_name) if c),
        **({"id": id} if id and not static else {}),
    )
    region = scroll_region(table, caption)
    if static:
        return static_html(region, id=id)
    return region


def columns_as_written(df: pd.DataFrame) -> dict[str, str]:
    """Every column under its own name, for frames whose column names are already the words
    people read (`accessible_table(df, caption, columns=columns_as_written(df))`)."""
    return {column: column for column in df.columns}


def scroll_region(table: Any, label: str, *, class_name: str = "") -> html.Div:
    """A table inside a focusable region named `label`, so keyboard users can scroll a wide
    table too (`class_name` adds classes to the region)."""
    return html.Div(
        table,
        className=f"table-responsive table-region {class_name}".strip(),
        tabIndex="0",
        role="region",
        **{"aria-label": label},
    )


def table_alternative(df: pd.DataFrame, caption: str, **table_options: Any) -> html.Details:
    """The data behind a chart, in a collapsed "Show the data as a table" section."""
    return html.Details(
        [
            html.Summary("Show the data as a table"),
            accessible_table(df, caption, **table_options),
        ],
        className="table-alternative my-2",
    )
