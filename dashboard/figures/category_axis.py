"""Text placed on a category axis (group rows, reporting periods, deprivation quintiles).

Plotly reads an annotation's x or y on a category axis as the category's position (0, 1, ...)
whenever it looks like a number, so text placed by a label such as "3" (an IMD quintile) lands
on the fourth category, not on "3". Place text by position instead.

Pure: figures and labels in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from dashboard.figures.chart_style import add_annotations
from dashboard.style.formatting import SUPPRESSED_TEXT
from dashboard.style.palette import MUTED_TEXT_COLOUR


def category_positions(categories: Sequence[str]) -> dict[str, int]:
    """Each category's position on an axis drawn in `categories` order (its `categoryarray`):
    the coordinate an annotation needs to sit on it."""
    positions: dict[str, int] = {}
    for position, category in enumerate(categories):
        positions.setdefault(category, position)
    return positions


def note_suppressed_categories(
    fig: go.Figure, categories: Sequence[str], suppressed: Iterable[str], *, y: float
) -> None:
    """Write "Suppressed" at the foot of each x category in `suppressed` (`y` up the plot, 0 to
    1), so a gap in the chart says why; `categories` is the x axis in its order."""
    positions = category_positions(categories)
    add_annotations(
        fig,
        [
            {
                "x": positions[category],
                "y": y,
                "yref": "paper",
                "text": SUPPRESSED_TEXT,
                "showarrow": False,
                "font": {"color": MUTED_TEXT_COLOUR, "size": 12},
            }
            for category in suppressed
        ],
    )
