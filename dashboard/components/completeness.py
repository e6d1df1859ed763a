"""The data-completeness matrix (share not stated, by source and locality) and its band legend, as HTML."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard.components.tables import scroll_region
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT
from dashboard.tables.completeness import BANDS, band, counts_text, share_text, source_label


def completeness_matrix(df: pd.DataFrame, *, caption: str, table_id: str = "data-quality-matrix") -> html.Div:
    """Characteristics (rows) by source (columns) for one area: the unknown share in each
    cell, with the counts behind it; "Not collected" where a source has no such field."""
    sources = list(dict.fromkeys(df["source"]))
    characteristics = (
        df[["breakdown", "breakdown_label", "breakdown_sort_order"]]
        .drop_duplicates("breakdown")
        .sort_values(["breakdown_sort_order", "breakdown"], kind="stable")
    )
    cells = {(r["breakdown"], r["source"]): r for r in df.to_dict("records")}
    periods = {s: ", ".join(sorted(set(df.loc[df["source"] == s, "period"]))) for s in sources}
    header = html.Tr(
        [html.Th("Characteristic", scope="col")]
        + [
            html.Th([source_label(s), html.Span(periods[s], className="d-block small fw-normal")], scope="col")
            for s in sources
        ]
    )
    body = []
    for characteristic in characteristics.to_dict("records"):
        row_cells: list[Any] = [html.Th(characteristic["breakdown_label"], scope="row")]
        for source in sources:
            row = cells.get((characteristic["breakdown"], source))
            if row is None:
                row_cells.append(html.Td("Not collected", className="text-body-secondary"))
                continue
            text = share_text(row)
            style_ = None
            if text not in (SUPPRESSED_TEXT, NO_DATA_TEXT):
                colour, _words = band(row["unknown_share"])
                style_ = {"backgroundColor": colour, "color": "#1A1A1A"}
            row_cells.append(
                html.Td(
                    [html.Span(text, className="share"), html.Span(counts_text(row), className="counts")],
                    style=style_,
                    id=f"{table_id}-{characteristic['breakdown']}-{source}",
                )
            )
        body.append(html.Tr(row_cells))
    table = html.Table(
        [html.Caption(caption), html.Thead(header), html.Tbody(body)],
        id=table_id,
        className="table table-sm table-bordered align-middle mb-0 completeness-matrix",
    )
    return scroll_region(table, caption)


def band_legend() -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(
                        "\u00a0",
                        className="legend-swatch",
                        **{"aria-hidden": "true"},
                        style={"backgroundColor": colour},
                    ),
                    f" {words}",
                ]
            )
            for _upper, colour, words in BANDS
        ],
        className="legend-list small mb-2",
    )
