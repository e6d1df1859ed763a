"""How complete the equality data is: the "Not stated" / "Not known" share of each
characteristic by source and locality, and the gap between disability declared in staff
records and in the staff survey.

Every share comes from the marts (`data_completeness`, `workforce_representation`,
`indicator_values`); a suppressed row shows "Suppressed" and never a number. Colour only
backs up the printed share.

Pure: DataFrames (as `dashboard.warehouse` returns them) in, Dash HTML, figures or text out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboard.components.tables import scroll_region
from dashboard.figures.chart_style import empty_figure, error_arrays, is_true, style
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_interval, format_number
from dashboard.style.palette import SERIES_COLOURS

# Sources in the users' words; an unknown source shows its code.
SOURCE_LABELS = {
    "workforce": "Staff records (ESR)",
    "workforce_events": "Workforce events (recruitment, discipline, training)",
    "staff_survey": "NHS Staff Survey",
    "patient_experience": "Patient experience survey",
    "population": "Census population",
    "other_indicators": "Other indicators",
    "voices": "Voices",
}
SOURCE_PHRASES = {
    "workforce": "staff records (ESR)",
    "workforce_events": "workforce event records",
    "staff_survey": "NHS Staff Survey responses",
    "patient_experience": "patient experience survey responses",
    "population": "Census population records",
}
# (upper bound of the unknown share, background, words): light enough for dark text (AA).
BANDS = (
    (5.0, "#FFFFFF", "under 5% unknown"),
    (10.0, "#FDEFD3", "5% to 10% unknown"),
    (20.0, "#FBD99A", "10% to 20% unknown"),
    (40.0, "#F5B94F", "20% to 40% unknown"),
    (float("inf"), "#E69F00", "40% or more unknown"),
)
PATTERNS = ("", "/", ".", "x", "-", "+")


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, str(source).replace("_", " ").capitalize())


def source_phrase(source: str) -> str:
    """The records of a source inside a sentence: "staff records (ESR)"."""
    return SOURCE_PHRASES.get(source, f"{str(source).replace('_', ' ')} records")


def band(share: Any) -> tuple[str, str]:
    """(background colour, words) for an unknown share in percent."""
    for upper, colour, words in BANDS:
        if float(share) < upper:
            return colour, words
    return BANDS[-1][1], BANDS[-1][2]


def share_text(row: dict[str, Any]) -> str:
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    share = row.get("unknown_share")
    return NO_DATA_TEXT if share is None or pd.isna(share) else f"{float(share):.1f}%"


def counts_text(row: dict[str, Any]) -> str:
    """ "13,404 of 61,538 records" (not stated + not known, of all records)."""
    if is_true(row.get("suppressed")):
        return "too few records to publish"
    stated, known, records = (row.get(k) for k in ("not_stated", "not_known", "records"))
    if any(v is None or pd.isna(v) for v in (stated, known, records)):
        return ""
    return (f"{format_number(stated, 0)} not stated, {format_number(known, 0)} not known, "
            f"of {format_number(records, 0)}")  # fmt: skip


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
        + [html.Th([source_label(s), html.Span(periods[s], className="d-block small fw-normal")],
                   scope="col") for s in sources]
    )  # fmt: skip
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
            row_cells.append(html.Td(
                [html.Span(text, className="share"), html.Span(counts_text(row), className="counts")],
                style=style_, id=f"{table_id}-{characteristic['breakdown']}-{source}",
            ))  # fmt: skip
        body.append(html.Tr(row_cells))
    table = html.Table(
        [html.Caption(caption), html.Thead(header), html.Tbody(body)],
        id=table_id,
        className="table table-sm table-bordered align-middle mb-0 completeness-matrix",
    )
    return scroll_region(table, caption)


def band_legend() -> html.Ul:
    return html.Ul(
        [html.Li([html.Span("\u00a0", className="legend-swatch", **{"aria-hidden": "true"},
                            style={"backgroundColor": colour}), f" {words}"])
         for _upper, colour, words in BANDS],
        className="legend-list small mb-2",
    )  # fmt: skip


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
        shown = [None if is_true(s) else v for s, v in zip(part["suppressed"], part["unknown_share"], strict=True)]
        texts = [share_text(r) if isinstance(r.get("source"), str) else NO_DATA_TEXT
                 for r in part.reset_index().to_dict("records")]  # fmt: skip
        fig.add_trace(go.Bar(
            y=areas, x=shown, orientation="h", name=source_label(source),
            marker={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                    "pattern": {"shape": PATTERNS[index % len(PATTERNS)], "fgcolor": "#FFFFFF"},
                    "line": {"color": "#1A1A1A", "width": 0.5}},
            text=texts, textposition="outside", cliponaxis=False,
            hovertext=[f"{a}, {source_label(source)}: {t} unknown" for a, t in zip(areas, texts, strict=True)],
            hoverinfo="text",
        ))  # fmt: skip
        suppressed_notes += [a for a, t in zip(areas, texts, strict=True) if t == SUPPRESSED_TEXT]
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_yaxes(categoryorder="array", categoryarray=areas[::-1])
    fig.update_xaxes(rangemode="tozero", ticksuffix="%")
    height = 140 + len(areas) * (12 + 16 * len(sources))
    return style(fig, height=height, x_title=f"{characteristic_label}: share of records not stated or not known (%)")


def completeness_answer(df: pd.DataFrame, *, characteristic_label: str, area_code: str, area_name: str) -> str:
    """A plain-English answer to "how complete is our <characteristic> data?"."""
    if df.empty:
        return f"No source records {characteristic_label.lower()} for this period."
    here = df[df["area_code"] == area_code].to_dict("records")
    parts = []
    for row in here:
        text = share_text(row)
        if text in (SUPPRESSED_TEXT, NO_DATA_TEXT):
            parts.append(f"{text.lower()} for {source_phrase(row['source'])}")
        else:
            parts.append(f"{text} of {source_phrase(row['source'])}")
    if not parts:
        return f"No completeness data for {characteristic_label.lower()} in {area_name}."
    periods = ", ".join(sorted({str(r["period"]) for r in here}))
    sentence = (f"In {area_name} ({periods}), {characteristic_label.lower()} is not stated or not "
                f"known in {_join(parts)}.")  # fmt: skip
    localities = df[(df["area_type"] == "locality") & ~df["suppressed"].fillna(False).astype(bool)]
    localities = localities.dropna(subset=["unknown_share"])
    if not localities.empty:
        worst = localities.sort_values("unknown_share", ascending=False).iloc[0]
        best = localities.sort_values("unknown_share").iloc[0]
        sentence += (f" The least complete locality is {worst['area_name']} "
                     f"({worst['unknown_share']:.1f}% unknown in "
                     f"{source_phrase(worst['source'])}); the most complete is "
                     f"{best['area_name']} ({best['unknown_share']:.1f}% in "
                     f"{source_phrase(best['source'])}).")  # fmt: skip
    return sentence


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- declared disability: staff records vs staff survey -----------------------------------


def disability_figure(df: pd.DataFrame) -> go.Figure:
    """Share of staff declaring a disability in staff records (with its 95% CI) beside the
    share of staff-survey respondents saying they are disabled, by period."""
    if df.empty:
        return empty_figure("No staff records or staff survey results for this area")
    fig = go.Figure()
    esr = df.dropna(subset=["esr_share"])
    if not esr.empty:
        upper, lower = error_arrays(esr.rename(columns={
            "esr_share": "value", "esr_lower_ci_95": "lower_ci_95", "esr_upper_ci_95": "upper_ci_95"}))  # fmt: skip
        fig.add_trace(go.Scatter(
            x=esr["period"], y=esr["esr_share"], mode="lines+markers+text", name="Staff records (ESR)",
            marker={"symbol": "circle", "size": 10, "color": SERIES_COLOURS[0]},
            line={"color": SERIES_COLOURS[0]},
            error_y={"type": "data", "array": upper, "arrayminus": lower, "visible": True,
                     "color": SERIES_COLOURS[0]},
            text=[f"{v:.1f}%" for v in esr["esr_share"]], textposition="bottom center",
            hovertext=[f"Staff records {p}: {v:.1f}% (95% CI {format_interval(lo, hi)})"
                       for p, v, lo, hi in zip(esr["period"], esr["esr_share"], esr["esr_lower_ci_95"],
                                               esr["esr_upper_ci_95"], strict=True)],
            hoverinfo="text",
        ))  # fmt: skip
    survey = df.dropna(subset=["survey_share"])
    if not survey.empty:
        fig.add_trace(go.Scatter(
            x=survey["period"], y=survey["survey_share"], mode="lines+markers+text",
            name="NHS Staff Survey respondents",
            marker={"symbol": "diamond", "size": 11, "color": SERIES_COLOURS[1],
                    "line": {"color": "#1A1A1A", "width": 1}},
            line={"color": SERIES_COLOURS[1], "dash": "dash"},
            text=[f"{v:.1f}%" for v in survey["survey_share"]], textposition="top center",
            hovertext=[f"Staff survey {p}: {v:.1f}% of respondents" for p, v
                       in zip(survey["period"], survey["survey_share"], strict=True)],
            hoverinfo="text",
        ))  # fmt: skip
    fig.update_yaxes(rangemode="tozero", ticksuffix="%")
    fig.update_xaxes(type="category")
    return style(fig, height=360, x_title="Period", y_title="Staff who say they are disabled (%)")


def disability_table(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for row in df.to_dict("records"):
        if is_true(row.get("esr_suppressed")):
            esr = SUPPRESSED_TEXT
        elif pd.isna(row.get("esr_share")):
            esr = NO_DATA_TEXT
        else:
            esr = (f"{row['esr_share']:.1f}% ({format_number(row['esr_disabled'], 0)} of "
                   f"{format_number(row['esr_staff'], 0)}; 95% CI "
                   f"{format_interval(row['esr_lower_ci_95'], row['esr_upper_ci_95'])})")  # fmt: skip
        if pd.isna(row.get("survey_share")):
            survey = NO_DATA_TEXT
        else:
            survey = (f"{row['survey_share']:.1f}% ({format_number(row['survey_disabled'], 0)} of "
                      f"{format_number(row['survey_respondents'], 0)} respondents)")  # fmt: skip
        rows.append({"Period": row["period"], "Staff records (ESR): declared disabled": esr,
                     "NHS Staff Survey: say they are disabled": survey})  # fmt: skip
    return pd.DataFrame(rows)


def disability_sentence(df: pd.DataFrame, area_name: str) -> str:
    both = df.dropna(subset=["esr_share", "survey_share"])
    if both.empty:
        return (f"Staff records and staff survey results for {area_name} do not cover the same "
                "period, so the two cannot be set side by side.")  # fmt: skip
    latest = both.iloc[-1]
    return (
        f"In {latest['period']}, {latest['esr_share']:.1f}% of staff in {area_name} had declared "
        f"a disability in their staff record, but {latest['survey_share']:.1f}% of staff survey "
        "respondents said they were disabled. Most disabled staff have not told their employer's "
        "records, so workforce measures based on staff records undercount disabled staff."
    )
