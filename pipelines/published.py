"""The published-indicators mart: values as their publisher issued them, beside the framework's KPIs.

Every indicator in `published_indicators` (Fingertips, GP Patient Survey) becomes rows of
`indicator_values` with `indicator_id` as loaded (`FT93356`), under the "Published
indicators" outcome, and a row of `kpis`. Rules:

- Sex, age and category are dimensions, never summed: Persons / the indicator's all-ages
  age / no category is the headline; every other sex, age or category is a breakdown group.
- The published value and confidence intervals are kept (`value_source` 'published'); where
  a count and denominator exist and the value is their crude rate or proportion, our own
  recomputation sits beside it (`recomputed_value`, `recomputed_*_ci_95`).
- Greater Manchester (E47000001) is the benchmark: its own published row if the file has
  one; else the ten localities' counts and denominators added up where the measure allows it
  (a crude rate or proportion), marked `value_source` 'computed' with a note; else the
  localities are "not compared" and `value_note` says why.
- A row for one of GM's sub-ICB locations / CCGs is its locality's row, as published, with
  a note naming the sub-ICB location (`config/adapters/lookups/sub_icb_locations.yaml`).
- GP practice rows the loader placed in a locality are added up to it (counts and
  denominators, or percentages weighted by their base), only where the file has no
  locality row for the same key.
- England, region and other comparator rows go to `published_comparators`, not to localities.
- Where the file holds several periods, each series gets the framework KPIs' recent trend
  and change-since-previous verdict (`marts.add_trend_and_change`: one rule, not a second).
- A published count below the disclosure threshold is withheld here (the row is suppressed)
  even though the publisher shows it: no page shows a count under the threshold.
"""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd

from pipelines import reference as ref
from pipelines import stats

OUTCOME_ID = "published"
OUTCOME_TITLE = "Published indicators"
ALL = "all"
GM = ref.GM_CODE
MULTIPLIERS = (1, 100, 1_000, 10_000, 100_000, 1_000_000)
CRUDE_SHARE = 0.95  # rows that must be count / denominator x m for the measure to count as crude
SEX_GROUPS = {"persons": None, "male": "M", "female": "F", "males": "M", "females": "F"}
ALL_AGES = "all ages"
SOURCE_TITLES = {"fingertips": "OHID Fingertips", "gpps": "GP Patient Survey"}
KEY = ["indicator_id", "period", "breakdown", "group_code"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")[:60] or "other"


def _dimensions(frame: pd.DataFrame) -> pd.DataFrame:
    """breakdown / group_code / group_label from sex, age and category (never summed over)."""
    out = frame.copy()
    sex = out["sex"].fillna("Persons").str.strip()
    age = out["age"].fillna("").str.strip()
    category = out["category"].fillna("").str.strip()
    category_type = out["category_type"].fillna("").str.strip()
    head_rows = out[(sex.str.lower() == "persons") & (category == "")]
    headline_age = {}
    for indicator, ages in head_rows.groupby("indicator_id")["age"]:
        ages = ages.fillna("").str.strip()
        lowered = ages.str.lower()
        headline_age[indicator] = (
            ages[lowered == ALL_AGES].iloc[0] if (lowered == ALL_AGES).any() else ages.mode().min()
        )
    head_age = out["indicator_id"].map(headline_age).fillna("")
    breakdowns, groups, labels = [], [], []
    for s, a, c, ct, h in zip(sex, age, category, category_type, head_age, strict=True):
        parts, codes, words = [], [], []
        sex_code = SEX_GROUPS.get(s.lower(), _slug(s))
        if sex_code is not None:
            parts.append("sex")
            codes.append(sex_code)
            words.append(s)
        if a and a != h:
            parts.append("age")
            codes.append(a)
            words.append(a)
        if c:
            parts.append(_slug(ct) if ct else "category")
            codes.append(c)
            words.append(c)
        breakdowns.append("*".join(parts) or ALL)
        groups.append("*".join(codes) or ALL)
        labels.append(" & ".join(words) or "All people")
    out["breakdown"], out["group_code"], out["group_label"] = breakdowns, groups, labels
    return out


def _sub_icb_as_localities(frame: pd.DataFrame) -> pd.DataFrame:
    """A row for one of GM's sub-ICB locations (the loader placed it in its locality) is that
    locality's row, as published; its note says which sub-ICB location it was published for."""
    from pipelines.adapters import areas

    table = areas.sub_icb_table()
    found = [table.find(c) if isinstance(c, str) else None for c in frame["area_code"]]
    placed = np.array([f is not None for f in found]) & frame["locality_code"].notna().to_numpy()
    if not placed.any():
        return frame
    out = frame.copy()
    notes = []
    for keep, location, note in zip(placed, found, out["value_note"], strict=True):
        if not keep:
            notes.append(note)
            continue
        said = f"published for {location.label}" + (f"; {location.note}" if location.note else "")
        notes.append("; ".join(x for x in (note if isinstance(note, str) else "", said) if x))
    out["value_note"] = notes
    out.loc[placed, "area_code"] = out.loc[placed, "locality_code"]
    return out


def crude_multiplier(frame: pd.DataFrame) -> float | None:
    """The m with value = count / denominator x m on (nearly) every row that has all three (a
    crude rate or proportion), or None (age-standardised, a ratio, a mean, ... or no counts)."""
    rows = frame.dropna(subset=["value", "count", "denominator"])
    rows = rows[rows["denominator"] > 0]
    if rows.empty:
        return None
    crude = rows["count"] / rows["denominator"]
    tolerance = 0.005 * rows["value"].abs() + 0.051  # published values are rounded
    for m in MULTIPLIERS:
        if ((rows["value"] - crude * m).abs() <= tolerance).mean() >= CRUDE_SHARE:
            return float(m)
    return None


def _ci(count: np.ndarray, denominator: np.ndarray, multiplier: float, proportion: bool):
    if proportion:
        lower, upper = stats.wilson_ci(count, denominator)
        return lower * multiplier, upper * multiplier
    return stats.rate_ci(count, denominator, multiplier=multiplier)


def _recompute(frame: pd.DataFrame, multiplier: float | None, proportion: bool) -> pd.DataFrame:
    out = frame.copy()
    out["recomputed_value"] = np.nan
    out["recomputed_lower_ci_95"] = np.nan
    out["recomputed_upper_ci_95"] = np.nan
    if multiplier is None:
        return out
    ok = out["count"].notna() & (out["denominator"] > 0) & ~out["suppressed"]
    if proportion:
        ok &= out["count"] <= out["denominator"]
    if ok.any():
        count = out.loc[ok, "count"].to_numpy(float)
        den = out.loc[ok, "denominator"].to_numpy(float)
        lower, upper = _ci(count, den, multiplier, proportion)
        out.loc[ok, "recomputed_value"] = count / den * multiplier
        out.loc[ok, "recomputed_lower_ci_95"] = lower
        out.loc[ok, "recomputed_upper_ci_95"] = upper
    return out


def _add_up(rows: pd.DataFrame, keys: list[str], multiplier: float | None, proportion: bool, weighted: bool):
    """One row per key from parts (localities into GM, practices into a locality): counts and
    denominators added, or percentages weighted by their base (`weighted`)."""
    sums = []
    for key, part in rows.groupby(keys, dropna=False, sort=True):
        if weighted:
            usable = part.dropna(subset=["value", "denominator"])
            usable = usable[~usable["suppressed"] & (usable["denominator"] > 0)]
            if usable.empty:
                continue
            base = usable["denominator"].sum()
            value = (usable["value"] * usable["denominator"]).sum() / base
            count = value / 100 * base
        else:
            usable = part[part["count"].notna() & part["denominator"].notna() & ~part["suppressed"]]
            if usable.empty or multiplier is None:
                continue
            count, base = usable["count"].sum(), usable["denominator"].sum()
            value = count / base * multiplier if base > 0 else np.nan
        sums.append(
            {
                **dict(zip(keys, key, strict=True)),
                "count": count,
                "denominator": base,
                "value": value,
                "parts": len(usable),
                "parts_listed": len(part),
            }
        )
    frame = pd.DataFrame(sums, columns=[*keys, "count", "denominator", "value", "parts", "parts_listed"])
    if not frame.empty and (multiplier is not None or weighted):
        m = 100.0 if weighted else multiplier
        lower, upper = _ci(
            frame["count"].to_numpy(float), frame["denominator"].to_numpy(float), m, proportion or weighted
        )
        frame["lower_ci_95"], frame["upper_ci_95"] = lower, upper
    return frame


def build_published(
    con: duckdb.DuckDBPyConnection,
    period_order: dict[str, int],
    threshold: int = 5,
    entries: dict[str, dict] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicator_values rows, kpis rows, published_comparators rows) from `published_indicators`.

    `entries` maps an indicator id (`FT93356`) to what a framework entry gives it: outcome,
    work_streams, target, polarity, title."""
    entries = entries or {}
    loaded = con.execute("SELECT * FROM published_indicators").df()
    if loaded.empty:
        return pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    loaded = loaded.rename(columns={"indicator_code": "indicator_id"})
    loaded["suppressed"] = loaded["suppressed"].fillna(False).astype(bool)
    loaded = _dimensions(_sub_icb_as_localities(loaded))
    small = loaded["count"].between(1, threshold - 1) if threshold > 1 else pd.Series(False, index=loaded.index)
    loaded["suppression_reason"] = np.where(
        loaded["suppressed"], "suppressed by the publisher", np.where(small, f"fewer than {threshold} counted", None)
    )
    loaded["suppressed"] |= small
    locality_codes = set(ref.LOCALITY_NAMES)
    values, kpis, comparators = [], [], []
    for order, (indicator, rows) in enumerate(loaded.groupby("indicator_id", sort=True)):
        source = rows["source"].iloc[0]
        weighted = source == "gpps"  # percentages with a base: weighted by the base
        multiplier = 100.0 if weighted else crude_multiplier(rows)
        proportion = weighted or (multiplier == 100 and bool((rows["count"] <= rows["denominator"]).all()))
        entry = entries.get(indicator, {})
        polarity = entry.get("polarity") or "no_judgement"
        areas = rows[rows["area_code"].isin(locality_codes | {GM})].copy()
        practices = rows[rows["locality_code"].isin(locality_codes) & ~rows["area_code"].isin(locality_codes | {GM})]
        comparators.append(rows[rows["locality_code"].isna() & ~rows["area_code"].isin(locality_codes | {GM})])
        areas["value_source"] = "published"
        if not practices.empty:
            added = _add_up(
                practices.rename(columns={"area_code": "practice_code", "locality_code": "area_code"}),
                ["area_code", *KEY],
                multiplier,
                proportion,
                weighted,
            )
            have = set(map(tuple, areas[["area_code", *KEY]].astype(str).to_numpy()))
            added = added[[tuple(map(str, k)) not in have for k in added[["area_code", *KEY]].to_numpy()]]
            if not added.empty:
                added["value_source"] = "computed"
                added["value_note"] = [
                    f"added up from {p} GP practices' published "
                    + ("percentages, weighted by their base" if weighted else "counts and denominators")
                    for p in added["parts"]
                ]
                added["suppressed"] = False
                added["suppression_reason"] = None
                added["indicator_name"] = rows["indicator_name"].iloc[0]
                labels = rows.drop_duplicates(["breakdown", "group_code"]).set_index(["breakdown", "group_code"])
                added["group_label"] = [
                    labels["group_label"].get((b, g), g)
                    for b, g in zip(added["breakdown"], added["group_code"], strict=True)
                ]
                areas = pd.concat([areas, added.drop(columns=["parts", "parts_listed"])], ignore_index=True)
        areas = _recompute(areas, None if weighted else multiplier, proportion)
        areas, reasons = _gm_benchmark(areas, multiplier, proportion, weighted)
        areas["benchmark_value"] = areas.merge(
            areas[areas["area_code"] == GM][[*KEY, "value"]].rename(columns={"value": "gm"}), on=KEY, how="left"
        )["gm"].to_numpy()
        compare = (areas["area_code"] != GM) & ~areas["suppressed"]
        result = stats.compare_to_benchmark(
            areas["value"].to_numpy(float),
            areas["lower_ci_95"].to_numpy(float),
            areas["upper_ci_95"].to_numpy(float),
            areas["benchmark_value"].to_numpy(float),
            polarity,
        )
        areas["comparison"] = np.where(compare, result, "not compared")
        result_99 = stats.compare_to_benchmark(
            areas["value"].to_numpy(float),
            areas["lower_ci_99_8"].to_numpy(float) if "lower_ci_99_8" in areas else np.nan,
            areas["upper_ci_99_8"].to_numpy(float) if "upper_ci_99_8" in areas else np.nan,
            areas["benchmark_value"].to_numpy(float),
            polarity,
        )
        areas["comparison_99_8"] = np.where(compare, result_99, "not compared")
        no_gm = areas["benchmark_value"].isna() & (areas["area_code"] != GM)
        keyed_reason = [
            reasons.get((p, b, g))
            for p, b, g in zip(areas["period"], areas["breakdown"], areas["group_code"], strict=True)
        ]
        areas["value_note"] = [
            "; ".join(
                x
                for x in (note if isinstance(note, str) else "", f"not compared with GM: {why}" if miss and why else "")
                if x
            )
            or None
            for note, miss, why in zip(areas["value_note"], no_gm, keyed_reason, strict=True)
        ]
        areas["target"] = entry.get("target")
        _add_words(areas, entry, polarity, keyed_reason, weighted)
        trend_type = "proportion" if proportion else "rate" if multiplier else "published"
        values.append(_trend_and_change(areas, trend_type, polarity, period_order))
        kpis.append(_kpi_row(indicator, rows, entry, source, multiplier, weighted, order))
    out = pd.concat(values, ignore_index=True)
    out["numerator"] = out["count"]
    out["period_sort"] = out["period"].map(period_order)
    out["work_stream"] = ALL
    out["is_unknown"] = False
    out["is_reference_group"] = False
    numbers = [
        "numerator",
        "denominator",
        "value",
        "lower_ci_95",
        "upper_ci_95",
        "lower_ci_99_8",
        "upper_ci_99_8",
        "recomputed_value",
        "recomputed_lower_ci_95",
        "recomputed_upper_ci_95",
        "benchmark_value",
        "change_since_previous",
    ]
    for column in numbers:
        if column in out:
            out.loc[out["suppressed"], column] = np.nan
    comparator_rows = pd.concat(comparators, ignore_index=True)
    for column in ("value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8", "count", "denominator"):
        if column in comparator_rows:
            comparator_rows.loc[comparator_rows["suppressed"], column] = np.nan
    return out, pd.DataFrame(kpis), comparator_rows


NOT_TESTED = "not tested"  # a trend value only published indicators have (no counts to test)
NO_COUNT_TREND = (
    "Trend not tested: the published values are not a count over a denominator "
    "(e.g. age-standardised), and the trend test needs them"
)


def _trend_and_change(areas: pd.DataFrame, trend_type: str, polarity: str, period_order: dict[str, int]):
    """Each series' recent trend and change since the previous period by the framework KPIs'
    rule (`marts.add_trend_and_change`), where the file holds several periods. A suppressed
    value (by the publisher, or a count under the threshold) is neither a point of a trend
    nor a side of a change: its numbers are blanked first."""
    from pipelines import marts

    out = areas.copy()
    hidden = out["suppressed"].fillna(False).astype(bool)
    for column in ("value", "lower_ci_95", "upper_ci_95", "count", "denominator"):
        out.loc[hidden, column] = np.nan
    out["numerator"] = out["count"]
    out["work_stream"] = ALL
    out = marts.add_trend_and_change(out, trend_type, polarity, period_order)
    if trend_type == "published":
        many = out.groupby(["area_code", "breakdown", "group_code"])["value"].transform("count")
        untested = (many >= stats.TREND_POINTS).to_numpy()
        out.loc[untested, "trend"] = NOT_TESTED
        out.loc[untested, "trend_words"] = NO_COUNT_TREND
    out.loc[hidden, "change_verdict"] = None
    out.loc[hidden, "change_words"] = "Not comparable: the value is suppressed"
    return out


def _add_words(areas: pd.DataFrame, entry: dict, polarity: str, reasons: list, weighted: bool) -> None:
    """The judgement columns pages print as they are (pipelines.judgements' wording)."""
    from pipelines import judgements as judge

    gm_source = dict(
        zip(
            map(tuple, areas.loc[areas["area_code"] == GM, KEY].to_numpy()),
            areas.loc[areas["area_code"] == GM, "value_source"],
            strict=True,
        )
    )
    labels = [
        "GM (added up from the ten localities)" if gm_source.get(tuple(k)) == "computed" else "GM"
        for k in areas[KEY].to_numpy()
    ]
    areas["benchmark_label"] = labels
    areas["comparison_words"] = [
        (
            note
            if area == GM and isinstance(note, str) and note.startswith("No Greater Manchester value:")
            else f"Not compared with GM: {why}"
            if c == judge.NOT_COMPARED and why and area != GM
            else judge.comparison_words(c, label)
        )
        for c, label, why, area, note in zip(
            areas["comparison"], labels, reasons, areas["area_code"], areas["value_note"], strict=True
        )
    ]
    areas["is_significant_gap"] = False
    unit = "%" if weighted else ""
    areas["target_words"] = judge.target_words(entry.get("target"), None, polarity, "published", unit)
    areas["rag"] = "no target" if entry.get("target") is None else "not assessed"


def _gm_benchmark(areas: pd.DataFrame, multiplier: float | None, proportion: bool, weighted: bool):
    """GM rows for each key that has none: added up from all ten localities where the measure
    allows; else the reason it cannot be, per (period, breakdown, group)."""
    reasons: dict[tuple, str] = {}
    have_gm = set(map(tuple, areas.loc[areas["area_code"] == GM, ["period", "breakdown", "group_code"]].to_numpy()))
    localities = areas[(areas["area_code"] != GM)]
    need = localities[
        [k not in have_gm for k in map(tuple, localities[["period", "breakdown", "group_code"]].to_numpy())]
    ]
    if need.empty:
        return areas, reasons
    if multiplier is None and not weighted:
        why = (
            "the file has no Greater Manchester row, and the value is not count / denominator x a multiplier "
            "(e.g. age-standardised or a ratio), so it cannot be added up from the localities"
        )
        for k in map(tuple, need[["period", "breakdown", "group_code"]].to_numpy()):
            reasons[k] = why
        return _gm_placeholders(areas, need, reasons), reasons
    added = _add_up(need, KEY, multiplier, proportion, weighted)
    complete = added["parts"] == len(ref.LOCALITY_NAMES)
    for row in added[~complete].itertuples():
        reasons[(row.period, row.breakdown, row.group_code)] = (
            f"the file has no Greater Manchester row and only {row.parts} of the ten localities have a "
            "count and denominator to add up"
        )
    for k in map(tuple, need[["period", "breakdown", "group_code"]].to_numpy()):
        reasons.setdefault(k, None)
    added = added[complete].drop(columns=["parts", "parts_listed"])
    if added.empty:
        return _gm_placeholders(areas, need, reasons), reasons
    first = need.drop_duplicates(KEY).set_index(KEY)
    added["area_code"] = GM
    added["value_source"] = "computed"
    added["value_note"] = (
        "Greater Manchester added up from the ten localities' published "
        + ("percentages weighted by their base" if weighted else "counts and denominators")
        + " (not a published value)"
    )
    added["suppressed"] = False
    added["suppression_reason"] = None
    for column in ("indicator_name", "group_label", "source"):
        added[column] = [first[column].get(tuple(k)) for k in added[KEY].to_numpy()]
    added = _recompute(added, None if weighted else multiplier, proportion)
    return _gm_placeholders(pd.concat([areas, added], ignore_index=True), need, reasons), reasons


def _gm_placeholders(areas: pd.DataFrame, need: pd.DataFrame, reasons: dict[tuple, str | None]) -> pd.DataFrame:
    """A Greater Manchester row with no value, saying why, for each key GM cannot be given
    (so the page for GM says why instead of "no data")."""
    missing = {k: why for k, why in reasons.items() if why}
    if not missing:
        return areas
    first = need.drop_duplicates(["period", "breakdown", "group_code"]).set_index(["period", "breakdown", "group_code"])
    rows = first.loc[list(missing)].reset_index()
    rows = rows[["indicator_id", "period", "breakdown", "group_code", "group_label", "indicator_name", "source"]].copy()
    rows["area_code"] = GM
    rows["value_source"] = None
    rows["value_note"] = [
        f"No Greater Manchester value: {missing[k]}"
        for k in map(tuple, rows[["period", "breakdown", "group_code"]].to_numpy())
    ]
    rows["suppressed"] = False
    rows["suppression_reason"] = None
    return pd.concat([areas, rows], ignore_index=True)


def _kpi_row(indicator, rows, entry, source, multiplier, weighted, order) -> dict:
    name = rows["indicator_name"].dropna()
    title = entry.get("title") or (name.iloc[0] if not name.empty else indicator)
    publisher = SOURCE_TITLES.get(source, source)
    published_id = indicator[2:] if indicator.startswith("FT") else indicator
    breakdowns = sorted({b for b in _dimensions_of(rows) if b != ALL})
    kind = (
        "percentage (weighted by base)"
        if weighted
        else (
            f"crude rate per {multiplier:,.0f}"
            if multiplier and multiplier != 100
            else "proportion (%)"
            if multiplier == 100
            else "as published"
        )
    )
    return {
        "indicator_id": indicator,
        "title": title,
        "short_title": title,
        "definition": f"Published by {publisher} (indicator {published_id}); values are shown as published.",
        "outcome_id": entry.get("outcome") or OUTCOME_ID,
        "domain_id": entry.get("domain"),
        "lead_id": entry.get("lead"),
        "source": f"{publisher} (published)",
        "calculation": kind,
        "numerator_rule": "Count, as published",
        "denominator_rule": "Denominator, as published",
        "measure_type": "published",
        "multiplier": multiplier,
        "unit": "%" if weighted or multiplier == 100 else "",
        "polarity": entry.get("polarity") or "no_judgement",
        "target": entry.get("target"),
        "breakdowns": breakdowns,
        "period_type": "published",
        "method": "Published values and confidence intervals kept; compared with Greater Manchester by CI overlap.",
        "sort_order": 10_000 + order,
        "work_streams": entry.get("work_streams") or [],
    }


def _dimensions_of(rows: pd.DataFrame) -> set[str]:
    return set(rows["breakdown"])


# indicator_values columns published rows fill beyond the original ones (the contract in
# PLAN.md); the marts add them when they do not define them yet.
PUBLISHED_COLUMNS = {
    "value_source": "VARCHAR",
    "value_note": "VARCHAR",
    "recomputed_value": "DOUBLE",
    "recomputed_lower_ci_95": "DOUBLE",
    "recomputed_upper_ci_95": "DOUBLE",
}
COMPARATOR_COLUMNS = [
    "indicator_id",
    "period",
    "area_code",
    "area_name",
    "area_type",
    "breakdown",
    "group_code",
    "group_label",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "count",
    "denominator",
    "suppressed",
    "value_note",
]


def framework_entries(fw) -> dict[str, dict]:
    """What the framework's `published_indicators` entries say, by indicator id."""
    return {e.id: e.model_dump(exclude_none=True) for e in getattr(fw, "published_indicators", [])}


def add_to_marts(
    con: duckdb.DuckDBPyConnection, fw, values: pd.DataFrame, period_order: dict[str, int], columns: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The framework's indicator values with the published ones appended (by column name),
    and the column types to write; also adds their `kpis`, `kpi_work_streams` and outcome
    rows and writes `published_comparators`."""
    published, kpi_rows, comparators = build_published(con, period_order, fw.default_threshold, framework_entries(fw))
    columns = {**columns, **{c: kind for c, kind in PUBLISHED_COLUMNS.items() if c not in columns}}
    comparators = comparators.reindex(columns=COMPARATOR_COLUMNS)
    con.register("comparators_frame", comparators)
    # typed column by column: with no comparator rows, pandas gives no type to go by
    numbers = {"value", "lower_ci_95", "upper_ci_95", "count", "denominator"}
    typed = ", ".join(
        f"CAST({c} AS {'BOOLEAN' if c == 'suppressed' else 'DOUBLE' if c in numbers else 'VARCHAR'}) AS {c}"
        for c in COMPARATOR_COLUMNS
    )
    con.execute(f"CREATE OR REPLACE TABLE published_comparators AS SELECT {typed} FROM comparators_frame")
    con.unregister("comparators_frame")
    values = values.assign(value_source=values.get("value_source", "computed"))
    if published.empty:
        return values, columns
    kpis = pd.DataFrame(kpi_rows)
    streams = pd.DataFrame(
        [
            {"indicator_id": k["indicator_id"], "work_stream": w}
            for k in kpi_rows.to_dict("records")
            for w in k["work_streams"]
        ],
        columns=["indicator_id", "work_stream"],
    )
    con.register("published_kpis", kpis.drop(columns=["work_streams"]))
    con.execute("INSERT INTO kpis BY NAME SELECT * FROM published_kpis")
    con.unregister("published_kpis")
    if not streams.empty:
        con.register("published_streams", streams)
        con.execute("INSERT INTO kpi_work_streams BY NAME SELECT * FROM published_streams")
        con.unregister("published_streams")
    if (kpis["outcome_id"] == OUTCOME_ID).any():
        con.execute(
            "INSERT INTO outcomes BY NAME SELECT ? AS outcome_id, ? AS outcome_title, ? AS description, "
            "(SELECT max(sort_order) + 1 FROM outcomes) AS sort_order",
            [OUTCOME_ID, OUTCOME_TITLE, "Indicators as their publishers issued them, compared with Greater Manchester"],
        )
    values = pd.concat([values, published.reindex(columns=list(columns))], ignore_index=True)
    return values, columns
