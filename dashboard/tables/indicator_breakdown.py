"""A KPI broken down by one characteristic, as a display table and a summary sentence; the words for
each group's comparison with its reference group (or, for the headline row, with Greater Manchester)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.style.formatting import (
    NO_DATA_TEXT,
    SUPPRESSED_TEXT,
    format_interval,
    format_number,
    format_value,
)
from dashboard.style.words import join_names
from dashboard.tables.cells import value_with_interval
from dashboard.warehouse.conventions import is_true

COMPARISON_WORDS = {
    "better": "Better than the reference group",
    "similar": "Similar to the reference group",
    "worse": "Worse than the reference group",
    "higher": "Higher than the reference group",
    "lower": "Lower than the reference group",
    "not compared": "Not compared",
}
HEADLINE_WORDS = {  # the "All people" row is compared with Greater Manchester
    "better": "Better than Greater Manchester",
    "similar": "Similar to Greater Manchester",
    "worse": "Worse than Greater Manchester",
    "higher": "Higher than Greater Manchester",
    "lower": "Lower than Greater Manchester",
    "not compared": "Not compared",
}
NOT_APPLICABLE = "Not applicable"


def group_measure_type(measure_type: str | None) -> str | None:
    """Groups of a relative-likelihood KPI hold each group's rate (a percentage); the ratio
    itself is the headline and each group's ratio to the reference."""
    return "proportion" if measure_type == "ratio" else measure_type


def group_status(row: dict[str, Any]) -> str:
    """ "suppressed", "unknown", "reference" or the mart's comparison with the reference."""
    if is_true(row.get("suppressed")):
        return "suppressed"
    if is_true(row.get("is_unknown")):
        return "unknown"
    if is_true(row.get("is_reference_group")):
        return "reference"
    return (row.get("comparison") or "not compared").strip().lower()


def is_headline(row: dict[str, Any]) -> bool:
    """The "All people" row (breakdown "all"): compared with the benchmark area, not a group."""
    return row.get("breakdown") == "all" and row.get("group_code") == "all"


def _word_instead_of_number(row: dict[str, Any], reference_word: str) -> str | None:
    """The word a gap or ratio cell shows when it has no number to show, else None."""
    status = group_status(row)
    if status == "suppressed":
        return SUPPRESSED_TEXT
    if is_headline(row):
        return NOT_APPLICABLE
    if status == "unknown":
        return "Not compared"
    if status == "reference":
        return reference_word
    return None


def _gap_text(row: dict[str, Any], measure_type: str | None) -> str:
    word = _word_instead_of_number(row, "Reference")
    if word is not None:
        return word
    gap = row.get("gap_to_reference")
    if gap is None or pd.isna(gap):
        return NO_DATA_TEXT
    text = f"{float(gap):+,.{2 if measure_type == 'ratio' else 1}f}"
    return f"{text} points" if measure_type in ("proportion", "share") else text


def _ratio_text(row: dict[str, Any]) -> str:
    word = _word_instead_of_number(row, "1.00 (reference)")
    if word is not None:
        return word
    ratio = row.get("ratio_to_reference")
    if ratio is None or pd.isna(ratio):
        return NO_DATA_TEXT
    interval = format_interval(row.get("ratio_lower_ci_95"), row.get("ratio_upper_ci_95"), "ratio")
    return f"{float(ratio):.2f}" + (f" ({interval})" if interval else "")


def _status_text(row: dict[str, Any]) -> str:
    status = group_status(row)
    if status == "suppressed":
        reason = row.get("suppression_reason")
        return f"Suppressed ({reason})" if reason and not pd.isna(reason) else SUPPRESSED_TEXT
    if status == "unknown":
        return "Unknown: shown, not compared"
    if status == "reference":
        return "Reference group"
    if is_headline(row):
        return HEADLINE_WORDS.get(status, status.capitalize())
    return COMPARISON_WORDS.get(status, status.capitalize())


def breakdown_table(df: pd.DataFrame, *, measure_type: str | None = None, unit: str | None = None) -> pd.DataFrame:
    """One row per group, every cell as text: value and CI, counts, gap and ratio (with CI)
    to the reference group, and the comparison in words. Suppressed rows hold no number."""
    rows = []
    for row in df.to_dict("records"):
        suppressed = is_true(row.get("suppressed"))
        rows.append(
            {
                "Group": group_axis_label(row),
                "Value": format_value(row.get("value"), measure_type, unit, suppressed=suppressed),
                "95% CI": SUPPRESSED_TEXT
                if suppressed
                else (format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), measure_type) or NO_DATA_TEXT),
                "Numerator": SUPPRESSED_TEXT if suppressed else format_count(row.get("numerator")),
                "Denominator": SUPPRESSED_TEXT if suppressed else format_count(row.get("denominator")),
                "Gap to reference": _gap_text(row, measure_type),
                "Ratio to reference (95% CI)": _ratio_text(row),
                "Compared with reference": _status_text(row),
            }
        )
    return pd.DataFrame(rows)


def format_count(value: Any) -> str:
    """A count as "1,204" ("No data" when missing)."""
    if value is None or pd.isna(value):
        return NO_DATA_TEXT
    return format_number(value, decimals=0)


def breakdown_summary(df: pd.DataFrame, *, measure_type: str | None, unit: str | None) -> str:
    """One plain-English sentence: which groups are significantly worse (or better) than the
    reference group, and how many groups are unknown or suppressed."""
    rows = df.to_dict("records")
    if not rows:
        return "No groups to show."
    statuses = [group_status(r) for r in rows]
    reference = next((r for r, s in zip(rows, statuses, strict=True) if s == "reference"), None)
    parts = []
    if reference is not None:
        parts.append(
            f"The reference group is {reference.get('group_label')}: "
            f"{value_with_interval(reference, measure_type, unit)}."
        )
    for kind, words in (
        ("worse", "significantly worse than"),
        ("better", "significantly better than"),
        ("higher", "significantly higher than"),
        ("lower", "significantly lower than"),
    ):
        names = [str(r.get("group_label")) for r, s in zip(rows, statuses, strict=True) if s == kind]
        if names:
            parts.append(f"{join_names(names)} {'is' if len(names) == 1 else 'are'} {words} the reference group.")
    if reference is not None and not any(s in ("worse", "better", "higher", "lower") for s in statuses):
        parts.append("No group is significantly different from the reference group.")
    unknown = [r for r, s in zip(rows, statuses, strict=True) if is_true(r.get("is_unknown"))]
    if unknown:
        parts.append(
            f"{len(unknown)} group{'s are' if len(unknown) != 1 else ' is'} not stated or not "
            "known (shown, not compared)."
        )
    suppressed = statuses.count("suppressed")
    if suppressed:
        parts.append(
            f"{suppressed} group{'s are' if suppressed != 1 else ' is'} suppressed because the "
            "numbers are too small to publish."
        )
    return " ".join(parts)


def group_axis_label(row: dict[str, Any]) -> str:
    """The group's name with what kind of group it is, in words (never colour alone)."""
    label = str(row.get("group_label") or row.get("group_code"))
    status = group_status(row)
    if status == "reference":
        return f"{label} (reference)"
    if status == "unknown" or (status == "suppressed" and is_true(row.get("is_unknown"))):
        return f"{label} (unknown)"
    return label
