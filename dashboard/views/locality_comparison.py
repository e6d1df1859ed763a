"""How one locality stands against Greater Manchester and the other nine, from the marts' rows.

Pure functions for the localities page: they pick and order rows the indicator engine already
computed (values, confidence intervals, comparisons with GM), and describe how alike two
localities are. Nothing here computes an indicator's value or its significance.

"Nearest similar localities" method (said in plain words on the page too): each KPI's
locality values are turned into z-scores (how many standard deviations a locality is from
the average of the localities with a published value); the distance between two localities
is the root-mean-square difference of their z-scores over the KPIs both have. Suppressed and
missing values are left out, and KPIs where every locality has the same value carry no
information, so they are dropped.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

SIGNIFICANT = ("worse", "better")
MIN_SHARED_KPIS = 3  # fewer KPIs in common than this and two localities are not compared
MIN_LOCALITIES_PER_KPI = 3  # a KPI needs this many published locality values to be used


def _shown(values: pd.DataFrame) -> pd.DataFrame:
    """Rows with a published value (not suppressed, value present)."""
    suppressed = values["suppressed"].fillna(False).astype(bool)
    return values[~suppressed & values["value"].notna()]


def comparison_counts(kpis: pd.DataFrame, values: pd.DataFrame, area_code: str) -> dict[str, int]:
    """How many of `kpis` the locality is better / similar / worse than GM on (95% level),
    how many have no judgement (higher / lower), and how many are suppressed or missing."""
    rows = values[(values["area_code"] == area_code) & values["indicator_id"].isin(kpis["indicator_id"])]
    suppressed = rows["suppressed"].fillna(False).astype(bool)
    comparison = rows.loc[~suppressed, "comparison"].fillna("not compared")
    return {
        "kpis": int(kpis["indicator_id"].nunique()),
        "worse": int((comparison == "worse").sum()),
        "better": int((comparison == "better").sum()),
        "similar": int((comparison == "similar").sum()),
        "higher_or_lower": int(comparison.isin(["higher", "lower"]).sum()),
        "not_compared": int((comparison == "not compared").sum()),
        "suppressed": int(suppressed.sum()),
        "no_data": int(kpis["indicator_id"].nunique() - rows["indicator_id"].nunique()),
    }


def significant_differences(
    kpis: pd.DataFrame, values: pd.DataFrame, area_code: str, direction: str = "worse"
) -> pd.DataFrame:
    """The KPIs where the locality is significantly `direction` ("worse" or "better") than
    GM at 95%, in framework order, with whether it is so at 99.8% too (`also_99_8`).

    `values` are headline rows as `data.headline_values` returns them (GM's value is each
    locality row's `benchmark_value`)."""
    if direction not in SIGNIFICANT:
        raise ValueError(f"direction must be one of {SIGNIFICANT}, got {direction!r}")
    rows = _shown(values[values["area_code"] == area_code])
    rows = rows[rows["comparison"] == direction]
    columns = [
        "indicator_id",
        "title",
        "short_title",
        "outcome_title",
        "measure_type",
        "unit",
        "polarity",
    ]
    framework = kpis[[c for c in columns if c in kpis.columns]].assign(_order=range(len(kpis)))
    table = framework.merge(rows, on="indicator_id", how="inner").sort_values("_order")
    table["also_99_8"] = table["comparison_99_8"] == direction
    return table.drop(columns="_order").reset_index(drop=True)


def standardised_values(values: pd.DataFrame, locality_codes: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Localities (rows) x KPIs (columns) of z-scores of the published headline values.

    A KPI is kept when at least `MIN_LOCALITIES_PER_KPI` localities have a value and the
    values differ; missing and suppressed values stay NaN."""
    shown = _shown(values[values["area_code"].isin(locality_codes)])
    wide = shown.pivot_table(index="area_code", columns="indicator_id", values="value", aggfunc="first")
    wide = wide.reindex(list(locality_codes))
    counts = wide.notna().sum()
    spread = wide.std(ddof=0)
    keep = (counts >= MIN_LOCALITIES_PER_KPI) & (spread > 0)
    wide = wide.loc[:, keep]
    return (wide - wide.mean()) / wide.std(ddof=0)


def nearest_localities(
    values: pd.DataFrame,
    localities: pd.DataFrame,
    area_code: str,
    count: int = 3,
) -> pd.DataFrame:
    """The `count` localities most like `area_code` over the KPIs in `values` (headline rows
    of every locality), nearest first: `area_code`, `area_name`, `distance`, `kpis_compared`,
    `rank`. `localities` is the lookup (`area_type` 'locality' rows are compared)."""
    areas = localities[localities["area_type"] == "locality"]
    codes = list(areas["area_code"])
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    columns = ["area_code", "area_name", "distance", "kpis_compared", "rank"]
    if area_code not in codes:
        return pd.DataFrame(columns=columns)
    scores = standardised_values(values, codes)
    own = scores.loc[area_code]
    rows = []
    for other in codes:
        if other == area_code:
            continue
        both = own.notna() & scores.loc[other].notna()
        shared = int(both.sum())
        if shared < MIN_SHARED_KPIS:
            continue
        difference = own[both].to_numpy() - scores.loc[other, both].to_numpy()
        rows.append((other, names[other], math.sqrt(float(np.mean(difference**2))), shared))
    result = pd.DataFrame(rows, columns=columns[:-1]).sort_values(["distance", "area_name"], kind="stable")
    result = result.head(count).reset_index(drop=True)
    result["rank"] = range(1, len(result) + 1)
    return result[columns]
