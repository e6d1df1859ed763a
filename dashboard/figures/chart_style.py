"""What every KPI chart shares: the Plotly layout, axis words for a KPI's unit, the hover
text of a value with its confidence interval, and an empty figure that says why.

Pure: no queries, no Dash components.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.style.formatting import SUPPRESSED_TEXT
from dashboard.style.palette import MUTED_TEXT_COLOUR, TEXT_COLOUR

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
GRID_COLOUR = "#D9D9D9"


def axis_title(measure_type: str | None, unit: str | None) -> str:
    """Axis words for a KPI's values: "Percentage (%)", "Rate per 1,000", "Relative likelihood"."""
    if measure_type in ("proportion", "share"):
        return "Percentage (%)"
    if measure_type == "ratio":
        return "Relative likelihood"
    if measure_type == "mean_score":
        return f"Mean score ({unit})" if unit else "Mean score"
    if measure_type == "count":
        return f"Number of {unit}" if unit and unit != "count" else "Number"
    if measure_type in ("rate", "dsr"):
        label = "Directly standardised rate" if measure_type == "dsr" else "Rate"
        return f"{label} {unit}" if unit else label
    return unit or "Value"


def _floats(df: pd.DataFrame, column: str) -> list[float]:
    """A column as floats, NaN where missing (or where the frame has no such column)."""
    if column not in df.columns:
        return [math.nan] * len(df)
    return pd.to_numeric(df[column], errors="coerce").astype("float64").tolist()


def error_arrays(df: pd.DataFrame) -> tuple[list[float | None], list[float | None]]:
    """Plotly error-bar lengths (upper, lower) of each row's 95% CI; None where missing."""
    upper: list[float | None] = []
    lower: list[float | None] = []
    for value, low, high in zip(*(_floats(df, c) for c in ("value", "lower_ci_95", "upper_ci_95")), strict=True):
        if math.isnan(value) or math.isnan(low) or math.isnan(high):
            upper.append(None)
            lower.append(None)
        else:
            upper.append(max(0.0, high - value))
            lower.append(max(0.0, value - low))
    return upper, lower


def marker_style(symbol: str, colour: str, size: int | list[int] = 13) -> dict[str, Any]:
    """A Plotly marker with a dark outline, so light palette colours stay visible on white
    (an "x" is outlined in its own colour; open symbols have no outline)."""
    marker: dict[str, Any] = {"symbol": symbol, "size": size, "color": colour}
    if symbol == "x":
        marker["line"] = {"color": colour, "width": 1}
    elif not symbol.endswith("open"):
        marker["line"] = {"color": TEXT_COLOUR, "width": 1}
    return marker


def error_bars(
    upper: list[float | None],
    lower: list[float | None],
    *,
    colour: str = MUTED_TEXT_COLOUR,
    thickness: float = 1.5,
    width: float = 5,
) -> dict[str, Any]:
    """A trace's `error_x` / `error_y`: bars of the given lengths above and below each point."""
    return {
        "type": "data",
        "array": upper,
        "arrayminus": lower,
        "visible": True,
        "color": colour,
        "thickness": thickness,
        "width": width,
    }


def ci_dots(part: pd.DataFrame, y: list[str], *, name: str, marker: dict[str, Any], hover: list[str]) -> go.Scatter:
    """Dots along x with their 95% CI as error bars, one per category on y (a dot chart row)."""
    upper, lower = error_arrays(part)
    return go.Scatter(
        x=part["value"].tolist(),
        y=y,
        mode="markers",
        name=name,
        marker=marker,
        error_x=error_bars(upper, lower),
        customdata=hover,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
    )


RATIO_TICKS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.25, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0)


def ratio_ticks(low: float, high: float) -> dict[str, Any]:
    """Tick marks for a log axis of relative likelihoods from `low` to `high` (ratios, not
    log10 units): round ratios and the band's ends, written in full ("0.8", not Plotly's
    minor-tick "8")."""
    values = [v for v in RATIO_TICKS if low <= v <= high]
    return {"tickmode": "array", "tickvals": values, "ticktext": [f"{v:g}" for v in values]}


def add_annotations(fig: go.Figure, annotations: list[dict[str, Any]]) -> None:
    """Add many annotations at once (one `add_annotation` per label rebuilds them all each time)."""
    if annotations:
        fig.update_layout(annotations=[*fig.layout.annotations, *annotations])


def note_rows(fig: go.Figure, notes: list[tuple[Any, str]], *, x: float = 0) -> None:
    """Write a short note in muted text on rows of a chart, `(y, text)` each: at the plot's
    left edge (`x=0`) or just right of it (`x=1.01`), all in one update."""
    add_annotations(
        fig,
        [
            {
                "x": x,
                "xref": "paper",
                "xanchor": "left",
                "y": y,
                "yref": "y",
                "text": text,
                "showarrow": False,
                "font": {"color": MUTED_TEXT_COLOUR, "size": 12},
            }
            for y, text in notes
        ],
    )


def note_suppressed_rows(fig: go.Figure, rows: list[str]) -> None:
    """Say "Suppressed" in words on each dot-chart row that has no point to draw."""
    note_rows(fig, [(y, f"{SUPPRESSED_TEXT}: too few people to publish") for y in rows])


def _house_template() -> go.layout.Template:
    """plotly_white with the house look folded in: white background, readable font, legend
    on top, light grid."""
    template = go.layout.Template(pio.templates["plotly_white"])
    axis = {"gridcolor": GRID_COLOUR, "zerolinecolor": GRID_COLOUR, "automargin": True}
    template.layout.update(
        font={"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOUR},
        margin={"l": 10, "r": 20, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        xaxis=axis,
        yaxis=axis,
    )
    return template


# Built and validated once per process (applying plotly_white and the house layout to each
# figure took ~0.1 s per chart); also usable by name: `template="gmeq"`.
TEMPLATE_NAME = "gmeq"
HOUSE_TEMPLATE = pio.templates[TEMPLATE_NAME] = _house_template()


def style(fig: go.Figure, *, height: int, x_title: str = "", y_title: str = "") -> go.Figure:
    """The shared look (`HOUSE_TEMPLATE`), the height and the axis titles. Settings a figure
    makes after this win over the template, key by key, as they would over the layout."""
    # The template was validated when it was built: assign it the way plotly assigns its
    # default template to a new figure, without validating (and copying) it all again.
    fig.layout._validate = False
    try:
        fig.layout.template = HOUSE_TEMPLATE
    finally:
        fig.layout._validate = fig._validate
    fig.update_layout(height=height)
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def empty_figure(message: str, height: int = 200) -> go.Figure:
    """A figure with no data that says so in words (never a blank chart)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16, "color": MUTED_TEXT_COLOUR},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return style(fig, height=height)
