"""How complete the equality data is: the "Not stated" / "Not known" share of each
characteristic by source and locality, and the gap between disability declared in staff
records and in the staff survey.

Every share comes from the marts (`data_completeness`, `workforce_representation`,
`indicator_values`); a suppressed row shows "Suppressed" and never a number. Colour only
backs up the printed share.

Pure: DataFrames (as `dashboard.warehouse` returns them) in, Dash HTML, figures or text out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_style import empty_figure, error_arrays, style
from dashboard.style.formatting import SUPPRESSED_TEXT, format_interval
from dashboard.style.palette import SERIES_COLOURS
from dashboard.tables.completeness import share_texts, source_label

PATTERNS = ("", "/", ".", "x", "-", "+")


def locality_figure(df: pd.DataFrame, *, characteristic_label: str) -> go.Figure:
    """The unknown share of one characteristic for GM and each locality (rows), one bar per
    source, each with its own colour and fill pattern and the share printed beside it."""
    if df.empty:
        return empty_figure(f"No completeness data for {characteristic_label.lower()}")
    areas = list(dict.fromkeys(df.sort_values("area_sort_order", kind="stable")["area_name"]))
    fig = go.Figure()
    sources = list(dict.fromkeys(df["source"]))
    suppressed_notes = []
    for index, source in enumerate(sources):
        part = df[df["source"] == source].set_index("area_name").reindex(areas)
        suppressed = part["suppressed"].fillna(False).astype(bool)
        shown = [None if pd.isna(v) else v for v in part["unknown_share"].astype(float).where(~suppressed)]
        texts = share_texts(part).tolist()
        fig.add_trace(
            go.Bar(
                y=areas,
                x=shown,
                orientation="h",
                name=source_label(source),
                marker={
                    "color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                    "pattern": {"shape": PATTERNS[index % len(PATTERNS)], "fgcolor": "#FFFFFF"},
                    "line": {"color": "#1A1A1A", "width": 0.5},
                },
                text=texts,
                textposition="outside",
                cliponaxis=False,
                hovertext=[f"{a}, {source_label(source)}: {t} unknown" for a, t in zip(areas, texts, strict=True)],
                hoverinfo="text",
            )
        )
        suppressed_notes += [a for a, t in zip(areas, texts, strict=True) if t == SUPPRESSED_TEXT]
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_yaxes(categoryorder="array", categoryarray=areas[::-1])
    fig.update_xaxes(rangemode="tozero", ticksuffix="%")
    height = 140 + len(areas) * (12 + 16 * len(sources))
    return style(fig, height=height, x_title=f"{characteristic_label}: share of records not stated or not known (%)")


# --- declared disability: staff records vs staff survey -----------------------------------


def disability_figure(df: pd.DataFrame) -> go.Figure:
    """Share of staff declaring a disability in staff records (with its 95% CI) beside the
    share of staff-survey respondents saying they are disabled, by period."""
    if df.empty:
        return empty_figure("No staff records or staff survey results for this area")
    fig = go.Figure()
    esr = df.dropna(subset=["esr_share"])
    if not esr.empty:
        upper, lower = error_arrays(
            esr.rename(
                columns={"esr_share": "value", "esr_lower_ci_95": "lower_ci_95", "esr_upper_ci_95": "upper_ci_95"}
            )
        )
        fig.add_trace(
            go.Scatter(
                x=esr["period"],
                y=esr["esr_share"],
                mode="lines+markers+text",
                name="Staff records (ESR)",
                marker={"symbol": "circle", "size": 10, "color": SERIES_COLOURS[0]},
                line={"color": SERIES_COLOURS[0]},
                error_y={
                    "type": "data",
                    "array": upper,
                    "arrayminus": lower,
                    "visible": True,
                    "color": SERIES_COLOURS[0],
                },
                text=[f"{v:.1f}%" for v in esr["esr_share"]],
                textposition="bottom center",
                hovertext=[
                    f"Staff records {p}: {v:.1f}% (95% CI {format_interval(lo, hi)})"
                    for p, v, lo, hi in zip(
                        esr["period"], esr["esr_share"], esr["esr_lower_ci_95"], esr["esr_upper_ci_95"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
    survey = df.dropna(subset=["survey_share"])
    if not survey.empty:
        fig.add_trace(
            go.Scatter(
                x=survey["period"],
                y=survey["survey_share"],
                mode="lines+markers+text",
                name="NHS Staff Survey respondents",
                marker={
                    "symbol": "diamond",
                    "size": 11,
                    "color": SERIES_COLOURS[1],
                    "line": {"color": "#1A1A1A", "width": 1},
                },
                line={"color": SERIES_COLOURS[1], "dash": "dash"},
                text=[f"{v:.1f}%" for v in survey["survey_share"]],
                textposition="top center",
                hovertext=[
                    f"Staff survey {p}: {v:.1f}% of respondents"
                    for p, v in zip(survey["period"], survey["survey_share"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.update_yaxes(rangemode="tozero", ticksuffix="%")
    fig.update_xaxes(type="category")
    return style(fig, height=360, x_title="Period", y_title="Staff who say they are disabled (%)")
