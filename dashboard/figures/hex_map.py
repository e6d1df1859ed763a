"""A hex tile map of the 10 localities: one equal-sized hexagon each, placed by the layout
shipped in the `localities` lookup (`hex_col`, `hex_row`), coloured by comparison with
Greater Manchester and labelled with the locality's name, value and comparison in words.

Nothing is fetched: no boundaries, tiles or fonts. The layout is "odd-r": pointy-topped
hexagons, row 0 at the top (north), odd rows shifted right by half a hexagon. The chosen
locality has a thick outline, named in the legend (its tile holds the same three lines as
the others, so its label fits a phone's small hexagons too).
Pure: rows in, figure out. `map_summary` is its text alternative.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import style
from dashboard.style.formatting import SUPPRESSED_TEXT, format_value
from dashboard.style.palette import COMPARISONS, TEXT_COLOUR, Swatch, comparison_key
from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true

HEX_SIZE = 1 / math.sqrt(3)  # centre to corner, so neighbours in a row are 1 apart
ROW_SPACING = 1.5 * HEX_SIZE
GAP = 0.94  # hexagons drawn slightly smaller than their cell, leaving a white gap
TILE_LINE_CHARACTERS = 12  # the comparison words wrap to this width inside a tile
OUTLINE_COLOUR = "#4D4D4D"
SUPPRESSED_KEY = "suppressed"
SUPPRESSED_SWATCH = Swatch(
    SUPPRESSED_TEXT, "suppressed: numbers too small to publish", "", "#FFFFFF", TEXT_COLOUR, "circle-open"
)
LEGEND_ORDER = [*COMPARISONS, SUPPRESSED_KEY]
SELECTED_OUTLINE_COLOUR = "#000000"


def hex_centre(col: float, row: float) -> tuple[float, float]:
    """(x, y) of a tile's centre; y is negative so row 0 is at the top."""
    return col + 0.5 * (int(row) % 2), -row * ROW_SPACING


def hexagon(x: float, y: float, size: float = HEX_SIZE * GAP) -> tuple[list[float], list[float]]:
    """Corner coordinates of a pointy-topped hexagon, closed (7 points)."""
    angles = [math.radians(90 + 60 * k) for k in range(7)]
    return [x + size * math.cos(a) for a in angles], [y + size * math.sin(a) for a in angles]


def _value_text(row: Mapping[str, Any], kpi: Mapping[str, Any]) -> str:
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    measure = kpi.get("measure_type")
    return format_value(row.get("value"), measure, kpi.get("unit"), with_unit=measure in ("proportion", "share"))


def figure(df: pd.DataFrame, *, kpi: Mapping[str, Any], selected: str | None = None) -> go.Figure:
    """`df`: one row per locality with `hex_col`, `hex_row`, `area_code`, `area_name`,
    `value`, CIs, `comparison`, `suppressed` (rows without a hex position are skipped)."""
    tiles = df[df["hex_col"].notna() & df["hex_row"].notna()].reset_index(drop=True)
    fig = go.Figure()
    legend_done: set[str] = set()
    centres_x, centres_y, labels, hovers, text_colours = [], [], [], [], []
    for row in tiles.to_dict("records"):
        x, y = hex_centre(float(row["hex_col"]), float(row["hex_row"]))
        suppressed = is_true(row.get("suppressed"))
        key = SUPPRESSED_KEY if suppressed else comparison_key(row.get("comparison"))
        swatch = SUPPRESSED_SWATCH if suppressed else COMPARISONS[key]
        is_selected = row["area_code"] == selected
        xs, ys = hexagon(x, y)
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=swatch.background,
            line={
                "color": SELECTED_OUTLINE_COLOUR if is_selected else OUTLINE_COLOUR,
                "width": 5 if is_selected else 1.5,
            },
            name=f"{swatch.symbol} {swatch.label}".strip(),
            legendgroup=key,
            showlegend=key not in legend_done,
            legendrank=LEGEND_ORDER.index(key),
            hoverinfo="skip",
        )
        legend_done.add(key)
        status = SUPPRESSED_TEXT if suppressed else f"{swatch.symbol} {swatch.label}"
        name = f"<b>{row['area_name']}</b>"
        lines = [name, _value_text(row, kpi)]
        if not suppressed:  # a tile is about 14 characters wide: longer words wrap inside it
            lines.extend(textwrap.wrap(status, TILE_LINE_CHARACTERS, break_long_words=False))
        centres_x.append(x)
        centres_y.append(y)
        labels.append("<br>".join(lines))
        hover = value_with_interval(row, kpi.get("measure_type"), kpi.get("unit"))
        detail = "" if suppressed else f"<br>{swatch.description.capitalize()}"
        hovers.append(f"<b>{row['area_name']}</b><br>{hover}{detail}")
        text_colours.append(TEXT_COLOUR if key in ("not compared", SUPPRESSED_KEY) else swatch.text)
    fig.add_scatter(
        x=centres_x,
        y=centres_y,
        mode="text",
        text=labels,
        hovertext=hovers,
        hovertemplate="%{hovertext}<extra></extra>",
        textfont={"color": text_colours, "size": 12},
        showlegend=False,
    )
    chosen = tiles.loc[tiles["area_code"] == selected, "area_name"]
    if not chosen.empty:  # said in the legend, not inside the tile, where it would spill over its neighbours
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            line={"color": SELECTED_OUTLINE_COLOUR, "width": 5},
            name=f"{chosen.iloc[0]} (selected): thick outline",
            hoverinfo="skip",
            legendrank=len(LEGEND_ORDER),
        )
    style(fig, height=470)
    # just wider than the tiles, so they are as big as the width allows (a phone's is small)
    left, right = (min(centres_x), max(centres_x)) if centres_x else (0.0, 3.5)
    fig.update_xaxes(visible=False, range=[left - 0.55, right + 0.55])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig
