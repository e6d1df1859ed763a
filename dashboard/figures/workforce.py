"""The WRES / WDES views of the workforce page, as pure functions of the marts' rows.

- representation: each group's share of staff at each band cluster, medical grade, the board
  and all staff, with the group's share of the local working-age population as a line;
- relative likelihoods (WRES 2-4, WDES 2-3) on a log axis with the 0.80-1.25 range shaded;
- staff survey results (WRES 5-8, WDES 4-9) for each group side by side, with the gap;
- board against the whole workforce and the population.

Each figure has a table twin (every cell as text, "Suppressed" where the mart suppressed a
number). Inputs are the frames `dashboard.warehouse` returns; nothing here queries or computes a
statistic: values, CIs, gaps and comparisons all come from the marts.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.dot_plot import ReferenceLine, dot_plot
from dashboard.figures.indicator_ratio import log_axis_range
from dashboard.figures.indicator_trend import NO_ADVERSE_IMPACT_FILL
from dashboard.tables.workforce import SERIES_BOARD, staff_levels
from dashboard.warehouse.conventions import is_true

# --- representation by band ------------------------------------------------------------


def population_lines(population: pd.DataFrame, place: str) -> list[ReferenceLine]:
    """One dashed line per group with a population share (unknown groups have none)."""
    lines = []
    for row in population.to_dict("records"):
        share = row.get("share")
        if is_true(row.get("suppressed")) or share is None or pd.isna(share) or share <= 0:
            continue
        group = row.get("group_label") or row.get("group_code")
        lines.append(ReferenceLine(float(share), f"{group}: {place} {share:.1f}%", series=group))
    return lines


def representation_figure(
    rep: pd.DataFrame, population: pd.DataFrame, *, place: str = "local working-age population"
) -> go.Figure:
    """Dot plot: each group's share of staff at each level (95% CI), and each group's share
    of the working-age population as a dashed line in the group's colour."""
    staff = staff_levels(rep)
    series = list(dict.fromkeys(staff["series_label"])) if not staff.empty else []
    return dot_plot(
        staff,
        series_order=series,
        x_title="Share of staff at this level (%)",
        reference_lines=population_lines(population, place),
        empty_message="No staff figures for this combination",
    )


# --- relative likelihoods ------------------------------------------------------------------


def likelihood_figure(frame: pd.DataFrame, *, value_range: tuple[float, float]) -> go.Figure:
    """Forest plot of each KPI's relative likelihood (log axis) with the no-adverse-impact
    range shaded and the line of equality, both named in the legend; the chosen area and GM
    side by side."""
    low, high = log_axis_range(frame, value_range)
    fig = dot_plot(
        frame,
        measure_type="ratio",
        value_suffix="",
        x_title="Relative likelihood (log scale; 1.00 = equally likely)",
        log_x=True,
        x_range=(low, high),
        reference_lines=[ReferenceLine(1.0, "Equally likely (1.00)", dash="dot")],
        empty_message="No relative likelihoods for this period",
    )
    if not frame.empty:
        start, end = value_range
        fig.add_vrect(x0=start, x1=end, fillcolor=NO_ADVERSE_IMPACT_FILL, line_width=0, layer="below")
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"No adverse impact ({start:.2f} to {end:.2f})",
                marker={
                    "symbol": "square",
                    "size": 14,
                    "color": NO_ADVERSE_IMPACT_FILL,
                    "line": {"color": "#6C757D", "width": 1},
                },
            )
        )
    return fig


# --- staff survey by group ---------------------------------------------------------------


def survey_figure(frame: pd.DataFrame) -> go.Figure:
    """Each group's result on each survey KPI with its 95% CI, groups side by side."""
    if frame.empty:
        return dot_plot(frame, empty_message="No staff survey results by this characteristic")
    series = list(frame.sort_values("group_sort_order", kind="stable")["series_label"].unique())
    return dot_plot(
        frame,
        series_order=series,
        x_title="Staff answering this way (%)",
        x_range=(0, 100),
        empty_message="No staff survey results by this characteristic",
    )


# --- board against the workforce ----------------------------------------------------------


def board_figure(frame: pd.DataFrame) -> go.Figure:
    """Each group's share of the board, of all staff and of the population, per place."""
    present = [s for s in SERIES_BOARD.values() if s in set(frame.get("series_label", []))]
    return dot_plot(
        frame,
        series_order=present,
        x_title="Share (%)",
        x_range=(0, 100),
        empty_message="No board figures for this combination",
    )


# --- by area and organisation --------------------------------------------------------------
