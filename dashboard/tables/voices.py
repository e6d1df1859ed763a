"""Voices as display frames and words: theme labels, who spoke, counts per outcome and group."""

from __future__ import annotations

from typing import Any

import pandas as pd

THEME_LABELS = {"cost_of_living": "Cost of living"}


def theme_label(theme: Any) -> str:
    text = str(theme or "")
    return THEME_LABELS.get(text, text.replace("_", " ").capitalize())


def group_text(row: dict[str, Any]) -> str:
    """ "Disability: Disabled"; "No particular group" for a voice not tagged with one."""
    if row.get("characteristic", row.get("breakdown")) == "all":
        return "No particular group"
    return f"{row.get('breakdown_label') or row.get('characteristic')}: {row.get('group_label')}"


def counts_by_outcome(counts: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Voices per outcome (every outcome, zero where none), in framework order."""
    totals = counts.groupby("outcome_id", sort=False)["voices"].sum()
    frame = outcomes[["outcome_id", "outcome_title"]].copy()
    frame["voices"] = [int(totals.get(o, 0)) for o in frame["outcome_id"]]
    return frame


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Voices per outcome and group, as text, most voices first within an outcome."""
    rows = [
        {
            "Outcome": r["outcome_title"] or r["outcome_id"],
            "Characteristic": r["breakdown_label"] if r["breakdown"] != "all" else "–",
            "Group": r["group_label"],
            "Voices": str(int(r["voices"])),
        }
        for r in counts.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=["Outcome", "Characteristic", "Group", "Voices"])
