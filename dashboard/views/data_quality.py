"""What the data-quality page (`/data-quality`) shows of completeness: which characteristic
it answers for (the filter bar's, else the brief's example, sexual orientation), its figures
for every area and the chosen area's figures for every characteristic, from one query."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.state.url_state import ALL, Filters
from dashboard.warehouse import quality

DEFAULT_CHARACTERISTIC = "sexual_orientation"  # the brief's example question


@dataclass(frozen=True)
class Completeness:
    """The period's completeness figures, split the ways the page shows them."""

    breakdown: str
    label: str
    by_area: pd.DataFrame  # the characteristic, every area and source
    here: pd.DataFrame  # the chosen area, every characteristic and source
    note: str | None  # "default" (no characteristic chosen) or "instead" (one not recorded)


def completeness(filters: Filters) -> Completeness | None:
    """None when the period has no completeness figures (they are measured for years)."""
    everything = quality.data_completeness(period=filters.period)
    if everything.empty:
        return None
    available = everything["breakdown"].unique().tolist()
    if filters.characteristic in available:
        breakdown = filters.characteristic
    else:
        breakdown = DEFAULT_CHARACTERISTIC if DEFAULT_CHARACTERISTIC in available else available[0]
    by_area = everything[everything["breakdown"] == breakdown]
    note = "default" if filters.characteristic == ALL else None if filters.characteristic == breakdown else "instead"
    return Completeness(
        breakdown=breakdown,
        label=str(by_area["breakdown_label"].iloc[0]),
        by_area=by_area,
        here=everything[everything["area_code"] == filters.locality],
        note=note,
    )
