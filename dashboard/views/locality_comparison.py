"""How one locality stands against Greater Manchester and the other nine, from the marts' rows.

Pure functions for the localities page: they pick and order rows the indicator engine already
computed (values, confidence intervals, comparisons with GM). Nothing here computes an
indicator's value or its significance; how alike two localities are is a build output too
(`pipelines.comparisons`, table `similar_localities`).
"""

from __future__ import annotations

import pandas as pd

SIGNIFICANT = ("worse", "better")


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


FUNNEL_LIMIT_COLUMNS = ("lower_limit_95", "upper_limit_95", "lower_limit_99_8", "upper_limit_99_8")


def funnel_points(localities: pd.DataFrame, limits: pd.DataFrame) -> pd.DataFrame:
    """Each locality's headline row with where the build put it in the funnel (`funnel_limits`
    rows with an area): its control limits, its `precision` (relative likelihoods) and its
    `funnel_position`, which reads "Suppressed" or "No data" for a locality not plotted."""
    at_areas = limits[limits["area_code"].notna()]
    columns = ["area_code", *[c for c in ("precision", *FUNNEL_LIMIT_COLUMNS) if c in at_areas.columns]]
    points = localities.merge(at_areas[[*columns, "funnel_position"]], on="area_code", how="left")
    unplotted = points["suppressed"].fillna(False).astype(bool).map({True: "Suppressed", False: "No data"})
    points["funnel_position"] = points["funnel_position"].fillna(unplotted)
    return points
