"""Data completeness in words and display tables: bands of the "not stated" share, sources, the disability gap."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_interval, format_number
from dashboard.style.words import join_names
from dashboard.warehouse.conventions import is_true

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


def share_texts(df: pd.DataFrame) -> pd.Series:
    """`share_text` for every row at once: "12.3%", "Suppressed" or "No data"."""
    share = pd.to_numeric(df["unknown_share"], errors="coerce").astype(float)
    suppressed = df["suppressed"].fillna(False).astype(bool)
    text = share.map("{:.1f}%".format).where(share.notna(), NO_DATA_TEXT)
    return text.where(~suppressed, SUPPRESSED_TEXT)


def count_texts(df: pd.DataFrame, column: str) -> pd.Series:
    """A count column as text ("1,204"), "Suppressed" on a suppressed row, "No data" if missing."""
    counts = pd.to_numeric(df[column], errors="coerce").astype(float)
    text = counts.map("{:,.0f}".format).where(counts.notna(), NO_DATA_TEXT)
    return text.where(~df["suppressed"].fillna(False).astype(bool), SUPPRESSED_TEXT)


LOCALITY_COLUMNS = ["Area", "Source", "Period", "Unknown share", "Not stated", "Not known", "Records"]


def locality_table(df: pd.DataFrame) -> pd.DataFrame:
    """One characteristic's completeness by area and source, as the chart's table alternative."""
    return pd.DataFrame(
        {
            "Area": df["area_name"],
            "Source": df["source"].map(source_label),
            "Period": df["period"],
            "Unknown share": share_texts(df),
            "Not stated": count_texts(df, "not_stated"),
            "Not known": count_texts(df, "not_known"),
            "Records": count_texts(df, "records"),
        },
        columns=LOCALITY_COLUMNS,
    )


def counts_text(row: dict[str, Any]) -> str:
    """ "13,404 of 61,538 records" (not stated + not known, of all records)."""
    if is_true(row.get("suppressed")):
        return "too few records to publish"
    stated, known, records = (row.get(k) for k in ("not_stated", "not_known", "records"))
    if any(v is None or pd.isna(v) for v in (stated, known, records)):
        return ""
    return f"{format_number(stated, 0)} not stated, {format_number(known, 0)} not known, of {format_number(records, 0)}"


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
    sentence = (
        f"In {area_name} ({periods}), {characteristic_label.lower()} is not stated or not known in {join_names(parts)}."
    )
    localities = df[(df["area_type"] == "locality") & ~df["suppressed"].fillna(False).astype(bool)]
    localities = localities.dropna(subset=["unknown_share"])
    if not localities.empty:
        worst = localities.sort_values("unknown_share", ascending=False).iloc[0]
        best = localities.sort_values("unknown_share").iloc[0]
        sentence += (
            f" The least complete locality is {worst['area_name']} "
            f"({worst['unknown_share']:.1f}% unknown in "
            f"{source_phrase(worst['source'])}); the most complete is "
            f"{best['area_name']} ({best['unknown_share']:.1f}% in "
            f"{source_phrase(best['source'])})."
        )
    return sentence


def disability_table(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for row in df.to_dict("records"):
        if is_true(row.get("esr_suppressed")):
            esr = SUPPRESSED_TEXT
        elif pd.isna(row.get("esr_share")):
            esr = NO_DATA_TEXT
        else:
            esr = (
                f"{row['esr_share']:.1f}% ({format_number(row['esr_disabled'], 0)} of "
                f"{format_number(row['esr_staff'], 0)}; 95% CI "
                f"{format_interval(row['esr_lower_ci_95'], row['esr_upper_ci_95'])})"
            )
        if pd.isna(row.get("survey_share")):
            survey = NO_DATA_TEXT
        else:
            survey = (
                f"{row['survey_share']:.1f}% ({format_number(row['survey_disabled'], 0)} of "
                f"{format_number(row['survey_respondents'], 0)} respondents)"
            )
        rows.append(
            {
                "Period": row["period"],
                "Staff records (ESR): declared disabled": esr,
                "NHS Staff Survey: say they are disabled": survey,
            }
        )
    return pd.DataFrame(rows)


def disability_sentence(df: pd.DataFrame, area_name: str) -> str:
    both = df.dropna(subset=["esr_share", "survey_share"])
    if both.empty:
        return (
            f"Staff records and staff survey results for {area_name} do not cover the same "
            "period, so the two cannot be set side by side."
        )
    latest = both.iloc[-1]
    return (
        f"In {latest['period']}, {latest['esr_share']:.1f}% of staff in {area_name} had declared "
        f"a disability in their staff record, but {latest['survey_share']:.1f}% of staff survey "
        "respondents said they were disabled. Most disabled staff have not told their employer's "
        "records, so workforce measures based on staff records undercount disabled staff."
    )
