"""The indicator engine: every number a page shows, computed once at build time.

For each KPI in the framework: count its numerator and denominator from their sources in
one set-based query per side (GROUPING SETS over areas, work streams and breakdowns), then
compute values, confidence intervals, disclosure control, benchmarks, gaps, trends and RAG
with the pure functions of `pipelines.stats` and `pipelines.suppression`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import judgements as judge
from pipelines import published, settings, stats
from pipelines import reference as ref
from pipelines import workforce_returns as returns
from pipelines.extracts import EXTRACT_BY_NAME
from pipelines.framework import KPI, Framework, Rule, load_framework
from pipelines.sources import SOURCES, Source
from pipelines.suppression import blank_suppressed, suppress

ALL = "all"
GM = ref.GM_CODE
KEYS = ["period", "area_code", "work_stream", "breakdown", "group_code"]
QUARTER_SQL = (
    "CAST(CASE WHEN month({d}) >= 4 THEN year({d}) ELSE year({d}) - 1 END AS VARCHAR) || '/' || "
    "lpad(CAST((CASE WHEN month({d}) >= 4 THEN year({d}) ELSE year({d}) - 1 END + 1) % 100 AS VARCHAR), 2, '0')"
    " || ' Q' || CAST(((month({d}) + 8) % 12) // 3 + 1 AS VARCHAR)"
)
VALUE_COLUMNS = [
    "numerator",
    "denominator",
    "value",
    "lower_ci_95",
    "upper_ci_95",
    "lower_ci_99_8",
    "upper_ci_99_8",
]


# ------------------------------------------------------------------------------ counting


def _period_sql(kpi: KPI, rule: Rule) -> str:
    source = SOURCES[rule.source]
    if "period" not in source.columns:
        return "NULL"  # e.g. census population: one period, matched to every KPI period
    if kpi.period_type == "quarter" and source.date_column:
        return QUARTER_SQL.format(d=f"f.{source.date_column}")
    if kpi.period_type == "calendar_year" and source.date_column:
        return f"CAST(year(f.{source.date_column}) AS VARCHAR)"
    return "f.period"


def _where_sql(rule: Rule) -> tuple[str, list]:
    clauses, params = ["TRUE"], []
    for column, values in rule.where.items():
        clauses.append(f"CAST(f.{column} AS VARCHAR) IN (SELECT unnest(?::VARCHAR[]))")
        params.append([str(v).lower() if isinstance(v, bool) else str(v) for v in values])
    return " AND ".join(clauses), params


def count_rule(
    con: duckdb.DuckDBPyConnection, kpi: KPI, rule: Rule, breakdowns: list[str], within: Rule | None = None
) -> pd.DataFrame:
    """Counts for one side of a KPI: one row per period x area (localities and GM) x work
    stream x breakdown x group, columns KEYS + n (+ value_sum / value_sumsq for means).
    `within` (person-level sources): also count, in the same pass, the rows that meet its
    extra conditions too, as `n_within` (a numerator inside its denominator)."""
    source = SOURCES[rule.source]
    table = returns.table_sql(con, kpi, rule, source.table)  # a trust's return in place of its rows
    where, params = _where_sql(rule)
    within_sql, within_params = _where_sql(within) if within is not None else ("", [])
    measure = f"sum(f.{rule.sum})" if rule.sum else "count(*)"
    extra = ""
    if rule.value:
        extra = f", sum(f.{rule.value}) AS value_sum, sum(f.{rule.value} * f.{rule.value}) AS value_sumsq"
    split = kpi.split_by_work_stream and source.work_stream_column
    ws_sql = f"f.{source.work_stream_column}" if split else f"'{ALL}'"
    area_sets = [["area_code"]] if source.gm_rows_given else [["area_code"], []]
    ws_sets = [["work_stream"], []] if split else [["work_stream"]]
    # Rows tagged to GM as a whole (e.g. a GM-wide engagement event) count towards GM only.
    localities = [*ref.LOCALITY_CODES, GM]
    if source.aggregated:
        inner = (
            f"SELECT {_period_sql(kpi, rule)} AS period, {source.area_sql} AS area_code, "
            f"{ws_sql} AS work_stream, CAST(f.{source.breakdown_column} AS VARCHAR) AS src_breakdown, "
            f"CAST(f.group_code AS VARCHAR) AS src_group, f.* FROM {table} f {source.join_sql} "
            f"WHERE {where} AND {source.area_sql} IN (SELECT unnest(?::VARCHAR[]))"
        )
        sets = [["period", *a, *w, "src_breakdown", "src_group"] for a in area_sets for w in ws_sets]
        grouping = ", ".join("(" + ", ".join(s) + ")" for s in sets)
        frame = con.execute(
            f"SELECT period, area_code, work_stream, src_breakdown, src_group, GROUPING(area_code) AS gm, "
            f"{measure} AS n{extra} FROM ({inner}) f GROUP BY GROUPING SETS ({grouping})",
            params + [localities],
        ).df()
        frame = _gm_tagged_rows_to_gm_only(frame, source)
        return _aggregated_groups(con, frame, breakdowns, all_rows_total=source.total_is_all_rows)
    # person-level: group columns are the breakdown's characteristic columns. Each grouping
    # set is one breakdown; the query names it and its group code, puts GM on its rows and
    # orders them as the marts need (secondary suppression breaks ties by position).
    columns = sorted({part for b in breakdowns for part in b.split("*")})
    col_sql = "".join(f", CAST(f.{c} AS VARCHAR) AS {c}" for c in columns)
    value_sql = f", f.{rule.value}" if rule.value else ""
    if within is not None:
        value_sql += f", ({within_sql}) AS is_within"
        extra += ", count(*) FILTER (WHERE is_within) AS n_within"
    inner = (
        f"SELECT {_period_sql(kpi, rule)} AS period, {source.area_sql} AS area_code, "
        f"{ws_sql} AS work_stream{col_sql}{value_sql} FROM {table} f {source.join_sql} "
        f"WHERE {where} AND {source.area_sql} IN (SELECT unnest(?::VARCHAR[]))"
    )
    breakdown_sets = [[]] + [b.split("*") for b in breakdowns]
    sets = [["period", *a, *w, *b] for a in area_sets for w in ws_sets for b in breakdown_sets]
    grouping = ", ".join("(" + ", ".join(s) + ")" for s in sets)
    breakdown_sql, group_sql = _breakdown_case(breakdowns, columns)
    # a row tagged to GM as a whole counts in the GM total, never as a locality of its own
    tagged_to_gm = "" if source.gm_rows_given else "HAVING NOT (GROUPING(area_code) = 0 AND area_code = ?)"
    return con.execute(
        f"SELECT period, CASE WHEN GROUPING(area_code) = 1 THEN ? ELSE area_code END AS area_code, "
        f"coalesce(work_stream, '{ALL}') AS work_stream, {breakdown_sql} AS breakdown, {group_sql} AS group_code, "
        f"{measure} AS n{extra} FROM ({inner}) f GROUP BY GROUPING SETS ({grouping}) {tagged_to_gm} "
        f"ORDER BY {', '.join(f'{k} NULLS FIRST' for k in KEYS)}",
        [GM, *within_params, *params, localities] + ([] if source.gm_rows_given else [GM]),
    ).df()


def _breakdown_case(breakdowns: list[str], columns: list[str]) -> tuple[str, str]:
    """SQL naming the breakdown of each grouping-set row (by which characteristic columns it
    groups on) and its group code ("a*b" for an intersection; 'all' for the total)."""
    names, codes = [], []
    for breakdown in breakdowns:
        members = breakdown.split("*")
        flags = " AND ".join(f"GROUPING({c}) = {0 if c in members else 1}" for c in columns)
        names.append(f"WHEN {flags} THEN '{breakdown}'")
        codes.append(f"WHEN {flags} THEN " + " || '*' || ".join(members))
    if not breakdowns:
        return f"'{ALL}'", f"'{ALL}'"
    return f"CASE {' '.join(names)} ELSE '{ALL}' END", f"CASE {' '.join(codes)} ELSE '{ALL}' END"


def _gm_tagged_rows_to_gm_only(frame: pd.DataFrame, source: Source) -> pd.DataFrame:
    """A row tagged to GM as a whole counts in the GM total, never as a locality of its own
    (sources that carry their own GM rows keep them)."""
    if source.gm_rows_given:
        return frame
    return frame[~((frame["gm"] == 0) & (frame["area_code"] == GM))]


def _finish_counts(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[frame["gm"] == 1, "area_code"] = GM
    frame["work_stream"] = frame["work_stream"].fillna(ALL)
    keep = KEYS + [c for c in ("n", "value_sum", "value_sumsq") if c in frame.columns]
    # a stable row order makes secondary suppression (which breaks ties by position) repeatable
    return frame[keep].sort_values(KEYS, na_position="first", ignore_index=True)


def _aggregated_groups(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, breakdowns: list[str], all_rows_total: bool
) -> pd.DataFrame:
    """Pick each breakdown's groups from a pre-aggregated source's (characteristic, group)
    rows; derive ONS / WRES ethnic groups from ethnic categories where only those are given."""
    ethnic = con.execute("SELECT ethnic_category, ons_group, wres_group FROM ethnic_categories").df()
    present = set(frame["src_breakdown"].dropna())
    parts = []
    for breakdown in [ALL, *breakdowns]:
        if "*" in breakdown:
            continue  # intersections need person-level data
        if breakdown == ALL and all_rows_total:
            part = frame.copy()
            part["group_code"] = ALL
        elif breakdown in present:
            part = frame[frame["src_breakdown"] == breakdown].copy()
            part["group_code"] = part["src_group"]
        elif breakdown in ("ethnic_group", "wres_ethnicity") and "ethnicity" in present:
            part = frame[frame["src_breakdown"] == "ethnicity"].copy()
            mapping = dict(
                zip(
                    ethnic["ethnic_category"],
                    ethnic["ons_group" if breakdown == "ethnic_group" else "wres_group"],
                    strict=True,
                )
            )
            part["group_code"] = part["src_group"].map(mapping)
            part = part.dropna(subset=["group_code"])
        elif breakdown == ALL and present:
            # no explicit total rows: every person appears once in each breakdown, so the
            # groups of any one breakdown add up to the total
            first = "age_esp" if "age_esp" in present else sorted(present)[0]
            part = frame[frame["src_breakdown"] == first].copy()
            part["group_code"] = ALL
        else:
            continue
        part["breakdown"] = breakdown
        agg = {"n": "sum"} | {c: "sum" for c in ("value_sum", "value_sumsq") if c in part.columns}
        part = part.groupby(
            ["period", "area_code", "work_stream", "breakdown", "group_code", "gm"], dropna=False, as_index=False
        ).agg(agg)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=KEYS + ["n"])
    return _finish_counts(pd.concat(parts, ignore_index=True))


def _join_sides(numerator: pd.DataFrame, denominator: pd.DataFrame | None) -> pd.DataFrame:
    if denominator is None:
        out = numerator.rename(columns={"n": "numerator"})
        out["denominator"] = np.nan
        return out
    num = numerator.rename(columns={"n": "numerator"})
    den = denominator.rename(columns={"n": "denominator"})[KEYS + ["denominator"]]
    if den["period"].isna().all():  # a one-off population: applies to every period
        den = den.drop(columns="period")
        out = num.merge(den, on=[k for k in KEYS if k != "period"], how="left")
    else:
        out = den.merge(num, on=KEYS, how="outer")
        out["numerator"] = out["numerator"].fillna(0)
    return out


def kpi_counts(con: duckdb.DuckDBPyConnection, kpi: KPI) -> pd.DataFrame:
    """Numerator and denominator per period, area, work stream, breakdown and group."""
    breakdowns = list(kpi.breakdowns)
    if kpi.measure_type == "dsr":
        return _dsr_counts(con, kpi)
    within = _numerator_within_denominator(kpi)
    if within is not None:  # one pass counts both sides
        both = count_rule(con, kpi, kpi.denominator, breakdowns, within=within)
        both = both.rename(columns={"n": "denominator", "n_within": "numerator"})
        return both[[*KEYS, "denominator", "numerator"]].astype({"numerator": float})
    numerator = count_rule(con, kpi, kpi.numerator, breakdowns)
    if kpi.measure_type == "count":
        return _join_sides(numerator, None)
    if kpi.measure_type == "share":
        # each group's share of the people the numerator rule counts
        totals = numerator[numerator["breakdown"] == ALL][KEYS[:3] + ["n"]].rename(columns={"n": "denominator"})
        out = numerator.rename(columns={"n": "numerator"}).merge(totals, on=KEYS[:3], how="left")
        head = out[out["breakdown"] == ALL].drop(columns="numerator")
        focus_breakdown = breakdowns[0]
        focus = out[(out["breakdown"] == focus_breakdown) & (out["group_code"] == kpi.focus_group)]
        head = head.merge(focus[KEYS[:3] + ["numerator"]], on=KEYS[:3], how="left")
        head["numerator"] = head["numerator"].fillna(0)
        return pd.concat([head, out[out["breakdown"] != ALL]], ignore_index=True)
    denominator = count_rule(con, kpi, kpi.denominator, breakdowns)
    out = _join_sides(numerator, denominator)
    if kpi.numerator.value:  # mean scores: the numerator is the sum of the scores
        out = out.drop(columns=["value_sum", "value_sumsq"], errors="ignore").merge(
            numerator[KEYS + ["value_sum", "value_sumsq"]], on=KEYS, how="left"
        )
        out["numerator"] = out["value_sum"]
    return out


def _numerator_within_denominator(kpi: KPI) -> Rule | None:
    """The numerator's extra conditions where it counts a subset of its denominator's rows
    (same person-level source, every denominator condition kept): both sides can then be
    counted in one pass. None otherwise."""
    numerator, denominator = kpi.numerator, kpi.denominator
    if (
        kpi.measure_type not in ("proportion", "rate", "ratio")
        or denominator is None
        or numerator.source != denominator.source
        or SOURCES[numerator.source].aggregated
        or any((r.sum, r.value) != (None, None) for r in (numerator, denominator))
        or any(numerator.where.get(column) != values for column, values in denominator.where.items())
    ):
        return None
    extra = {column: values for column, values in numerator.where.items() if column not in denominator.where}
    return numerator.model_copy(update={"where": extra})


def _dsr_counts(con: duckdb.DuckDBPyConnection, kpi: KPI) -> pd.DataFrame:
    """Events and population by 5-year age band, standardised to the 2013 ESP per area."""
    num = count_rule(con, kpi, kpi.numerator, ["age_esp"])
    den = count_rule(con, kpi, kpi.denominator, ["age_esp"])
    bands = num[num["breakdown"] == "age_esp"].merge(
        den[den["breakdown"] == "age_esp"], on=KEYS, suffixes=("_events", "_population")
    )
    rows = []
    order = {band: i for i, band in enumerate(ref.ESP_AGE_BANDS)}
    # Standardise to the ESP bands the indicator covers (e.g. 0-74 for deaths under 75),
    # as PHE does; every area must have the same complete set of those bands.
    covered = sorted(set(bands["group_code"]) & set(order), key=order.get)
    weights = [ref.ESP_2013[order[band]] for band in covered]
    for key, grp in bands.groupby(KEYS[:3]):
        if sorted(grp["group_code"], key=lambda b: order.get(b, 99)) != covered:
            continue  # an incomplete set of age bands cannot be standardised
        grp = grp.sort_values("group_code", key=lambda s: s.map(order))
        events, population = grp["n_events"].to_numpy(float), grp["n_population"].to_numpy(float)
        if (population <= 0).any():
            continue
        value, lower, upper = stats.dsr(events, population, weights, multiplier=kpi.multiplier)
        _, lower99, upper99 = stats.dsr(events, population, weights, multiplier=kpi.multiplier, confidence=0.998)
        rows.append(
            dict(zip(KEYS[:3], key, strict=True))
            | {
                "breakdown": ALL,
                "group_code": ALL,
                "numerator": grp["n_events"].sum(),
                "denominator": grp["n_population"].sum(),
                "value": value,
                "lower_ci_95": lower,
                "upper_ci_95": upper,
                "lower_ci_99_8": lower99,
                "upper_ci_99_8": upper99,
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ statistics


def compute_values(frame: pd.DataFrame, kpi: KPI) -> pd.DataFrame:
    """Value and 95% / 99.8% limits in the KPI's unit."""
    out = frame.copy()
    x = out["numerator"].to_numpy(dtype=float)
    n = out["denominator"].to_numpy(dtype=float)
    mtype = kpi.measure_type
    if mtype == "dsr":
        return out
    for confidence, suffix in ((0.95, "95"), (0.998, "99_8")):
        if mtype in ("proportion", "share", "ratio"):
            lo, up = stats.wilson_ci(np.minimum(x, n), n, confidence)
            scale = kpi.multiplier if mtype != "ratio" else 100
        elif mtype == "rate":
            lo, up = stats.rate_ci(x, n, kpi.multiplier, confidence)
            scale = 1
        elif mtype == "count":
            lo, up = stats.rate_ci(x, np.ones_like(x), 1, confidence)
            scale = 1
        else:  # mean_score
            mean = out["value_sum"].to_numpy(dtype=float) / np.where(n > 0, n, np.nan)
            var = (out["value_sumsq"].to_numpy(dtype=float) - n * mean**2) / np.where(n > 1, n - 1, np.nan)
            lo, up = stats.mean_ci(mean, np.sqrt(np.clip(var, 0, None)), n, confidence)
            scale = 1
        out[f"lower_ci_{suffix}"] = np.asarray(lo, dtype=float) * scale
        out[f"upper_ci_{suffix}"] = np.asarray(up, dtype=float) * scale
    with np.errstate(divide="ignore", invalid="ignore"):
        if mtype in ("proportion", "share"):
            out["value"] = np.where(n > 0, x / n * kpi.multiplier, np.nan)
        elif mtype == "ratio":
            out["value"] = np.where(n > 0, x / n * 100, np.nan)  # each group's rate, %
        elif mtype == "rate":
            out["value"] = np.where(n > 0, x / n * kpi.multiplier, np.nan)
        elif mtype == "count":
            out["value"] = x
        else:
            out["value"] = out["value_sum"] / out["denominator"].where(out["denominator"] > 0)
    return out


def apply_suppression(frame: pd.DataFrame, kpi: KPI, fw: Framework) -> pd.DataFrame:
    """Primary and secondary suppression: across groups of a breakdown, across localities
    (they add up to GM) and across work streams (they add up to 'all')."""
    threshold = fw.threshold_for(kpi)
    if threshold == 0:
        out = frame.copy()
        out["suppressed"] = False
        out["suppression_reason"] = None
        return out
    count_cols = ("numerator",) if kpi.measure_type == "count" else ("numerator", "denominator")
    min_denominator = kpi.min_denominator
    if kpi.measure_type == "mean_score":  # only the number of respondents is a count of people
        count_cols = ("denominator",)
        threshold, min_denominator = max(threshold, kpi.min_denominator or 0), None
    parts = []
    frame = frame.assign(_gm=frame["area_code"] == GM, _ws_all=frame["work_stream"] == ALL)
    for (is_gm, is_ws_all), part in frame.groupby(["_gm", "_ws_all"]):
        tables = [["period", "area_code", "work_stream", "breakdown"]]
        if not is_gm:
            tables.append(["period", "work_stream", "breakdown", "group_code"])
        if not is_ws_all:
            tables.append(["period", "area_code", "breakdown", "group_code"])
        # intersections (a*b) also add up to each margin: rows sharing a's group, or b's
        part = part.copy()
        part["_first"], part["_second"] = _intersection_margins(part["group_code"])
        part["_keep"] = part["group_code"].isin(kpi.ratio_groups or ())
        tables += [
            ["period", "area_code", "work_stream", "breakdown", "_first"],
            ["period", "area_code", "work_stream", "breakdown", "_second"],
        ]
        # a relative likelihood's headline publishes the ratio, not the breakdown's total counts
        totals = [kpi.measure_type != "ratio"] + [True] * (len(tables) - 1)
        done = suppress(
            part,
            [[*t] for t in tables],
            threshold=threshold,
            min_denominator=min_denominator,
            count_cols=count_cols,
            totals_published=totals,
            keep="_keep",
        )
        parts.append(done)
    out = pd.concat(parts, ignore_index=True).drop(columns=["_gm", "_ws_all", "_first", "_second", "_keep"])
    if kpi.measure_type == "dsr":
        few = out["numerator"] < stats.DSR_MIN_TOTAL_COUNT
        out.loc[few & ~out["suppressed"], "suppression_reason"] = "fewer than 10 events: no DSR"
        out.loc[few, "suppressed"] = True
    out = blank_suppressed(out, [c for c in VALUE_COLUMNS + ["value_sum", "value_sumsq"] if c in out.columns])
    return out


def _intersection_margins(group_codes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's first and second group of an "a*b" intersection code (both the code itself
    for a single group), split once per distinct code."""
    positions, codes = pd.factorize(group_codes.astype(str), use_na_sentinel=False)
    parts = [str(code).split("*", 1) for code in codes]
    first = np.array([p[0] for p in parts], dtype=object)
    second = np.array([p[1] if len(p) > 1 else p[0] for p in parts], dtype=object)
    return first[positions], second[positions]


def add_ratio_headline(frame: pd.DataFrame, kpi: KPI) -> pd.DataFrame:
    """Relative-likelihood KPIs: the headline row is group A's likelihood over group B's."""
    a, b = kpi.ratio_groups
    groups = frame[frame["breakdown"] == kpi.breakdowns[0]]
    pair = groups[groups["group_code"] == a].merge(
        groups[groups["group_code"] == b], on=KEYS[:4], suffixes=("_a", "_b")
    )
    head = frame[frame["breakdown"] == ALL].drop(
        columns=[c for c in VALUE_COLUMNS if c not in ("numerator", "denominator")]
    )
    head = head.merge(
        pair[
            KEYS[:3] + ["numerator_a", "denominator_a", "numerator_b", "denominator_b", "suppressed_a", "suppressed_b"]
        ],
        on=KEYS[:3],
        how="left",
    )
    ok = (~head["suppressed_a"].fillna(True).astype(bool)) & (~head["suppressed_b"].fillna(True).astype(bool))
    ok &= (head["denominator_a"] > 0) & (head["denominator_b"] > 0)
    for confidence, suffix in ((0.95, "95"), (0.998, "99_8")):
        ratio, lo, up = stats.relative_likelihood(
            head["numerator_a"].where(ok, 0).fillna(0).to_numpy(float),
            head["denominator_a"].where(ok, 1).fillna(1).to_numpy(float),
            head["numerator_b"].where(ok, 0).fillna(0).to_numpy(float),
            head["denominator_b"].where(ok, 1).fillna(1).to_numpy(float),
            confidence,
        )
        head[f"lower_ci_{suffix}"] = np.where(ok, lo, np.nan)
        head[f"upper_ci_{suffix}"] = np.where(ok, up, np.nan)
        if suffix == "95":
            head["value"] = np.where(ok, ratio, np.nan)
    not_ok = ~ok & ~head["suppressed"]
    head.loc[not_ok, "suppressed"] = True
    head.loc[not_ok, "suppression_reason"] = "secondary: a group in the ratio is suppressed"
    # the ratio is published; the total counts are not (they would give back the hidden
    # unknown-ethnicity groups as total minus the two groups of the ratio)
    head[["numerator", "denominator"]] = np.nan
    head.loc[head["suppressed"], "value"] = np.nan
    head = head.drop(
        columns=["numerator_a", "denominator_a", "numerator_b", "denominator_b", "suppressed_a", "suppressed_b"]
    )
    return pd.concat([head, frame[frame["breakdown"] != ALL]], ignore_index=True)


def add_comparisons(
    frame: pd.DataFrame, kpi: KPI, fw: Framework, benchmark_shares: pd.DataFrame | None
) -> pd.DataFrame:
    """Benchmarks and the comparison with them, decided once here (`pipelines.judgements`):

    * a group row against the KPI's reference group (a share KPI's group against the same
      group's share of the benchmark population);
    * a locality's headline against GM, except where the KPI says what parity is:
      representation (share) KPIs against the area's OWN benchmark population (the ratio
      staff share / population share, judged against parity), and relative likelihoods
      against the no-adverse-impact band (whole CI inside / overlapping / outside), GM as
      context.
    """
    out = frame.copy()
    references = {b: None if b == ALL else fw.reference_group_for(kpi, b) for b in out["breakdown"].unique()}
    out["reference_group"] = out["breakdown"].map(references)
    # share KPIs measure each group against its population share, not against a reference group
    out["is_reference_group"] = (out["group_code"] == out["reference_group"]) & (kpi.measure_type != "share")
    out["is_unknown"] = out["group_code"].map({code: _is_unknown_group(code) for code in out["group_code"].unique()})
    head = out["breakdown"] == ALL
    gm = out[head & (out["area_code"] == GM)][["period", "work_stream", "value"]].rename(columns={"value": "gm_value"})
    out = out.merge(gm, on=["period", "work_stream"], how="left")
    refs = out[out["is_reference_group"]][KEYS[:4] + ["value", "numerator", "denominator"]].rename(
        columns={"value": "ref_value", "numerator": "ref_numerator", "denominator": "ref_denominator"}
    )
    out = out.merge(refs, on=KEYS[:4], how="left")
    head = (out["breakdown"] == ALL).to_numpy()
    representation = kpi.measure_type == "share" and benchmark_shares is not None
    if representation:
        out = _merge_population_shares(out, kpi, benchmark_shares)
        out["benchmark_value"] = np.where(head, out["own_population_share"], out["population_share"])
    else:
        out["benchmark_value"] = np.where(head, out["gm_value"], out["ref_value"])
        out["benchmark_label"] = np.where(head, "GM", "the reference group")
    if representation or kpi.measure_type != "ratio":
        out["gap_to_reference"] = out["value"] - out["benchmark_value"]
        with np.errstate(divide="ignore", invalid="ignore"):
            out["ratio_to_reference"] = out["value"] / out["benchmark_value"]
        if not representation:
            out.loc[head, ["gap_to_reference", "ratio_to_reference"]] = np.nan
    else:
        out["gap_to_reference"] = np.where(head, np.nan, out["value"] - out["ref_value"])
        with np.errstate(divide="ignore", invalid="ignore"):
            out["ratio_to_reference"] = np.where(head, np.nan, out["value"] / out["ref_value"])
    out["ratio_lower_ci_95"] = np.nan
    out["ratio_upper_ci_95"] = np.nan
    if representation:  # the benchmark population is counted in full: its share is fixed
        with np.errstate(divide="ignore", invalid="ignore"):
            out["ratio_lower_ci_95"] = out["lower_ci_95"] / out["benchmark_value"]
            out["ratio_upper_ci_95"] = out["upper_ci_95"] / out["benchmark_value"]
    if kpi.measure_type in ("proportion", "rate", "ratio"):
        ok = (
            ~head
            & out["numerator"].notna()
            & out["ref_numerator"].notna()
            & (out["denominator"] > 0)
            & (out["ref_denominator"] > 0)
        )
        if kpi.measure_type != "rate":
            ok &= (out["numerator"] <= out["denominator"]) & (out["ref_numerator"] <= out["ref_denominator"])
        if ok.any():
            rows = out[ok]
            _, lo, up = stats.relative_likelihood(
                rows["numerator"].to_numpy(float),
                rows["denominator"].to_numpy(float),
                rows["ref_numerator"].to_numpy(float),
                rows["ref_denominator"].to_numpy(float),
            )
            out.loc[ok, "ratio_lower_ci_95"] = lo
            out.loc[ok, "ratio_upper_ci_95"] = up
    banded = kpi.measure_type == "ratio" and kpi.target_range is not None
    # GM's own headline is the benchmark, unless parity is the area's population or the band
    gm_headline = head & (out["area_code"] == GM).to_numpy() & (not representation) & (not banded)
    compare = ~(gm_headline | out["is_reference_group"] | out["is_unknown"])
    if kpi.measure_type == "count":  # a locality's count is a part of GM's, not a rate to compare
        compare[:] = False
    # A headline keeps the KPI's polarity. A group's share against its population share is
    # higher / lower, not better / worse; so is a group's rate in a relative-likelihood KPI
    # (the ratio carries the judgement: a lower appointment rate is worse, a lower
    # disciplinary rate better).
    group_polarity = "no_judgement" if kpi.measure_type in ("share", "ratio") else kpi.polarity
    head_polarity = kpi.polarity if kpi.polarity != judge.CLOSER_TO_ONE else "no_judgement"
    polarity = np.where(head, head_polarity, group_polarity).astype(object)
    for suffix in ("95", "99_8"):
        result = stats.compare_to_benchmark(
            out["value"].to_numpy(float),
            out[f"lower_ci_{suffix}"].to_numpy(float),
            out[f"upper_ci_{suffix}"].to_numpy(float),
            out["benchmark_value"].to_numpy(float),
            polarity,
        )
        if banded:
            band = judge.band_comparison(out[f"lower_ci_{suffix}"], out[f"upper_ci_{suffix}"], kpi.target_range)
            result = np.where(head, band, result)
        out["comparison" if suffix == "95" else "comparison_99_8"] = np.where(compare, result, judge.NOT_COMPARED)
    if banded:
        low, high = kpi.target_range
        out.loc[head, "benchmark_label"] = f"the {low:.2f}-{high:.2f} band (GM for context)"
    out["comparison_words"] = _comparison_words(out, kpi)
    out["is_significant_gap"] = _significant_gaps(out, kpi)
    return out.drop(
        columns=["gm_value", "ref_value", "ref_numerator", "ref_denominator", "reference_group"]
        + [c for c in ("population_share", "own_population_share") if c in out.columns]
    )


def _merge_population_shares(out: pd.DataFrame, kpi: KPI, shares: pd.DataFrame) -> pd.DataFrame:
    """Each group's share of the benchmark population, and for the headline the focus
    group's share of the SAME area's benchmark population (its own population)."""
    keys = [c for c in shares.columns if c not in ("population_share", "benchmark_label")]
    out = out.merge(shares.drop(columns="benchmark_label"), on=keys, how="left")
    focus = shares[(shares["breakdown"] == kpi.breakdowns[0]) & (shares["group_code"] == kpi.focus_group)]
    own_keys = [k for k in keys if k not in ("breakdown", "group_code")]
    own = focus[own_keys + ["population_share", "benchmark_label"]].rename(
        columns={"population_share": "own_population_share"}
    )
    out = out.merge(own, on=own_keys, how="left")
    out["benchmark_label"] = out["benchmark_label"].fillna(_population_label(kpi, all_ages=False))
    return out


def _population_label(kpi: KPI, all_ages: bool) -> str:
    rule = kpi.benchmark_population
    if rule is None or rule.source != "population":
        return "the same area's whole workforce"
    if "age_band" in rule.where and not all_ages:
        return "the area's working-age (15-64) residents"
    if "age_band" in rule.where:
        return "the area's residents of all ages (no working-age split published)"
    return "the area's residents"


def _comparison_words(out: pd.DataFrame, kpi: KPI) -> list[str]:
    """The words of each row's comparison, worked out once per distinct (comparison, label,
    GM's ratio on a headline) and looked up for every row."""
    head = out["breakdown"] == ALL
    gm_values = out["gm_value"] if "gm_value" in out.columns else pd.Series(np.nan, index=out.index)
    keys = pd.DataFrame({"comparison": out["comparison"], "label": out["benchmark_label"], "gm": gm_values.where(head)})
    distinct = keys.drop_duplicates()

    def words(comparison: str, label: str, gm_value: float) -> str:
        if comparison in judge.BAND_WORDS and kpi.target_range is not None:
            return judge.band_words(comparison, kpi.target_range, None if pd.isna(gm_value) else gm_value)
        return judge.comparison_words(comparison, label)

    distinct = distinct.assign(words=[words(*row) for row in distinct.itertuples(index=False, name=None)])
    return keys.merge(distinct, on=["comparison", "label", "gm"], how="left")["words"].tolist()


def _significant_gaps(out: pd.DataFrame, kpi: KPI) -> np.ndarray:
    """A significant gap: a group significantly worse than its reference group; a
    relative likelihood whose whole 95% CI lies outside the band (either side: one group is
    disadvantaged); a representation headline significantly below its own population."""
    comparison = out["comparison"].to_numpy(object)
    head = (out["breakdown"] == ALL).to_numpy()
    band_outside = np.isin(comparison, [judge.OUTSIDE_HIGHER, judge.OUTSIDE_LOWER])
    worse = comparison == judge.WORSE
    if kpi.measure_type == "share":
        under = head & (worse | ((kpi.polarity == "no_judgement") & (comparison == "lower")))
        return under
    gaps = np.where(head, band_outside, worse)
    if kpi.measure_type == "ratio" and kpi.ratio_groups:
        # the compared (non-reference) group of a ratio outside the band carries the gap too,
        # so work-stream gap counts and "widest gaps" (which list groups) include it
        outside = pd.Series(band_outside & head, index=out.index)
        flagged = out.loc[outside, KEYS[:3]].assign(_outside=True)
        group_rows = out[KEYS[:3]].merge(flagged, on=KEYS[:3], how="left")["_outside"].fillna(False)
        focus = (
            (out["breakdown"] == kpi.breakdowns[0])
            & out["group_code"].isin(kpi.ratio_groups)
            & ~out["is_reference_group"].astype(bool)
        )
        gaps = gaps | (focus.to_numpy() & group_rows.to_numpy(dtype=bool))
    return gaps


def _is_unknown_group(code: str) -> bool:
    return any(part in ref.UNKNOWN_GROUPS for part in str(code).split("*"))


def add_trends_and_targets(
    frame: pd.DataFrame, kpi: KPI, period_order: dict[str, int], fw: Framework | None = None
) -> pd.DataFrame:
    """Recent trend (last five points, 99.8%), change since the previous period (tested),
    the target and RAG: each judged once here, in words every page and download shows."""
    out = add_trend_and_change(frame, kpi.measure_type, kpi.polarity, period_order)
    out["target"] = kpi.target
    out["target_words"] = judge.target_words(kpi.target, kpi.target_range, kpi.polarity, kpi.measure_type, kpi.unit)
    out["rag"] = judge.rag_statuses(
        out["value"],
        out["lower_ci_95"],
        out["upper_ci_95"],
        target=kpi.target,
        target_range=kpi.target_range,
        polarity=kpi.polarity,
        nearly_met_within=(fw.nearly_met_within(kpi) if fw else 0.10),
    )
    return out


def add_trend_and_change(
    frame: pd.DataFrame, measure_type: str, polarity: str, period_order: dict[str, int]
) -> pd.DataFrame:
    """The recent trend (last five points, 99.8%, from numerators and denominators; a ratio's
    headline on the log scale) and the change since the previous period (tested from the
    95% CIs) of each series, in words: the one rule for framework KPIs and published
    indicators alike (`pipelines.published`)."""
    out = frame.copy()
    out["period_sort"] = out["period"].map(period_order).astype("Int64")
    out = out.sort_values(["area_code", "work_stream", "breakdown", "group_code", "period_sort"])
    series_keys = ["area_code", "work_stream", "breakdown", "group_code"]
    series = out.groupby(series_keys, sort=False)
    out["trend"] = "cannot be calculated"
    trends = {}
    head_ratio = measure_type == "ratio"
    if measure_type in ("proportion", "rate", "share", "ratio"):
        # each series' rows by position, read from whole-column arrays (no frame per series)
        columns = {c: out[c].to_numpy(float) for c in ("value", "lower_ci_95", "upper_ci_95")}
        numerators, denominators = out["numerator"].to_numpy(float), out["denominator"].to_numpy(float)
        for key, rows in series.indices.items():
            if len(rows) < stats.TREND_POINTS:
                continue
            if head_ratio and key[2] == ALL:  # the relative likelihood itself: on the log scale
                trends[key] = stats.log_ratio_trend(
                    columns["value"][rows], columns["lower_ci_95"][rows], columns["upper_ci_95"][rows]
                )
                continue
            x = numerators[rows][-stats.TREND_POINTS :]
            n = denominators[rows][-stats.TREND_POINTS :]
            if np.isnan(x).any() or np.isnan(n).any():
                continue
            measure = "rate" if measure_type == "rate" or (x > n).any() else "proportion"
            trends[key] = stats.recent_trend(x, n, measure=measure)
    if trends:
        trend = np.full(len(out), "cannot be calculated", dtype=object)
        for key, rows in series.indices.items():
            if key in trends:
                trend[rows] = trends[key]
        out["trend"] = trend
    if polarity == judge.CLOSER_TO_ONE:  # the words depend on the ratio's side of 1.00
        out["trend_words"] = [
            judge.trend_words(t, polarity, v) for t, v in zip(out["trend"], out["value"], strict=True)
        ]
    else:
        out["trend_words"] = out["trend"].map({t: judge.trend_words(t, polarity) for t in out["trend"].unique()})
    # change since the previous period of the same series
    previous = {c: series[c].shift(1) for c in ("value", "lower_ci_95", "upper_ci_95", "period")}
    verdicts = judge.change_verdicts(
        out["value"],
        out["lower_ci_95"],
        out["upper_ci_95"],
        previous["value"],
        previous["lower_ci_95"],
        previous["upper_ci_95"],
        polarity=polarity if not (measure_type == "ratio") else judge.CLOSER_TO_ONE,
        measure_type=measure_type,
    )
    out["change_since_previous"] = (out["value"] - previous["value"]).where(pd.notna(verdicts))
    out["change_verdict"] = verdicts
    out["change_words"] = [
        judge.change_words(c, v, p, measure_type)
        for c, v, p in zip(out["change_since_previous"], verdicts, previous["period"], strict=True)
    ]
    return out


def blank_suppressed_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Every number on a suppressed row is NULL (limits, ratios, gaps and change too: a
    CI or a gap gives the counts back); only the KPI's target, a config value, stays."""
    out = frame.copy()
    hidden = out["suppressed"].fillna(False).astype(bool)
    if not hidden.any():
        return out
    numbers = [
        c
        for c in out.columns
        if c not in ("target", "period_sort") and pd.api.types.is_numeric_dtype(out[c]) and out[c].dtype != bool
    ]
    blanks = {c: np.nan for c in numbers} | {
        "comparison": judge.NOT_COMPARED,
        "comparison_99_8": judge.NOT_COMPARED,
        "comparison_words": "Not compared: the value is suppressed",
        "is_significant_gap": False,
        "rag": "not assessed",
        "change_verdict": None,
        "change_words": "Not comparable: the value is suppressed",
    }
    for column, blank in blanks.items():  # one column at a time: a row mask over many columns is slow
        out[column] = out[column].mask(hidden, blank)
    return out


# ------------------------------------------------------------------------------ assembly


def build_kpi(con: duckdb.DuckDBPyConnection, fw: Framework, kpi: KPI, period_order: dict[str, int]) -> pd.DataFrame:
    counts = kpi_counts(con, kpi)
    if counts.empty:
        return pd.DataFrame()
    counts = counts[counts["period"].notna()]
    values = compute_values(counts, kpi)
    values = apply_suppression(values, kpi, fw)
    if kpi.measure_type == "ratio":
        values = add_ratio_headline(values, kpi)
    shares = _benchmark_shares(con, kpi, fw.threshold_for(kpi)) if kpi.benchmark_population is not None else None
    values = add_comparisons(values, kpi, fw, shares)
    values = add_trends_and_targets(values, kpi, period_order, fw)
    values = blank_suppressed_rows(values)
    values["rag_words"] = values["rag"].map(fw.rag.labels)
    values = add_return_notes(con, kpi, values)
    values.insert(0, "indicator_id", kpi.id)
    return values


def add_return_notes(con: duckdb.DuckDBPyConnection, kpi: KPI, values: pd.DataFrame) -> pd.DataFrame:
    """`source_note`: where a value's numerator counts trusts' WRES / WDES returns, wholly or
    in part, the words saying so (e.g. "From the trust's WRES return (2024)"); NULL otherwise.
    Staff survey rows are told apart by breakdown (a return may give the groups, the survey the
    headline); people-level rows stand for every breakdown of their area."""
    values["source_note"] = None
    rule = kpi.numerator
    source = SOURCES[rule.source]
    table = returns.table_sql(con, kpi, rule, source.table)
    if source.table == returns.KPI_TABLE:
        marker, breakdown = "starts_with(f.source_question, 'return:')", "CAST(f.characteristic AS VARCHAR)"
    elif table != source.table:
        marker, breakdown = "f.from_return IS NOT NULL", "NULL"
    else:
        return values
    where, params = _where_sql(rule)
    notes = con.execute(
        f"SELECT {_period_sql(kpi, rule)} AS period, CASE WHEN GROUPING(area_code) = 1 THEN ? ELSE area_code END "
        f"AS area_code, breakdown, count(*) FILTER (WHERE returned) AS returned, count(*) AS n, "
        f"count(DISTINCT organisation_code) FILTER (WHERE returned) AS trusts FROM (SELECT f.*, {source.area_sql} "
        f"AS area_code, {breakdown} AS breakdown, {marker} AS returned FROM {table} f {source.join_sql} "
        f"WHERE {where} AND {source.area_sql} IN (SELECT unnest(?::VARCHAR[]))) f "
        f"GROUP BY GROUPING SETS ((period, area_code, breakdown), (period, breakdown)) HAVING returned > 0",
        [GM, *params, list(ref.LOCALITY_CODES)],
    ).df()
    for row in notes.itertuples(index=False):
        note = returns.source_note(kpi.id, row.period, int(row.trusts), row.returned == row.n)
        at = (values["period"] == row.period) & (values["area_code"] == row.area_code)
        if row.breakdown is not None and not pd.isna(row.breakdown):
            at &= values["breakdown"] == row.breakdown
        values.loc[at, "source_note"] = note
    return values


def _benchmark_shares(con: duckdb.DuckDBPyConnection, kpi: KPI, threshold: int) -> pd.DataFrame:
    """Each group's share of the benchmark population (e.g. all staff, working-age residents)
    with the words naming it; a share resting on a count below the threshold is withheld,
    since it would reveal it. Where an area's population has no age split (the census table
    published all ages only, age_band NULL), its all-ages rows are used and the label says so."""
    rule = kpi.benchmark_population
    plain = kpi.model_copy(update={"split_by_work_stream": False})
    counts = count_rule(con, plain, rule, list(kpi.breakdowns))
    counts["benchmark_label"] = _population_label(kpi, all_ages=False)
    if rule.source == "population" and "age_band" in rule.where:
        every_age = rule.model_copy(update={"where": {k: v for k, v in rule.where.items() if k != "age_band"}})
        # split by age for the characteristics these breakdowns count (Census TS007A's age bands
        # of everyone say nothing of TS021's ethnic groups, published for all ages)
        drawn_on = sorted({"ethnicity" if b in ("ethnic_group", "wres_ethnicity") else b for b in kpi.breakdowns})
        split_areas = {
            code
            for (code,) in con.execute(
                "SELECT DISTINCT locality_code FROM population WHERE age_band IS NOT NULL "
                "AND characteristic IN (SELECT unnest(?::VARCHAR[]))",
                [drawn_on],
            ).fetchall()
        }
        unsplit = [code for code in ref.LOCALITY_CODES if code not in split_areas]
        if unsplit:
            whole = count_rule(con, plain, every_age, list(kpi.breakdowns))
            whole["benchmark_label"] = _population_label(kpi, all_ages=True)
            # GM is the sum of its localities: all ages everywhere as soon as one lacks the split
            take = whole["area_code"].isin(unsplit + [GM])
            counts = pd.concat([counts[~counts["area_code"].isin(unsplit + [GM])], whole[take]], ignore_index=True)
    groups = counts[counts["breakdown"] != ALL].copy()
    totals = groups.groupby(["period", "area_code", "breakdown"], dropna=False)["n"].transform("sum")
    groups["population_share"] = (groups["n"] / totals * kpi.multiplier).where(
        ~groups["n"].between(1, threshold - 1) if threshold > 0 else True
    )
    keys = ["area_code", "breakdown", "group_code"]
    if groups["period"].notna().any():
        keys = ["period", *keys]
    return groups[keys + ["population_share", "benchmark_label"]]


def build_periods(con: duckdb.DuckDBPyConnection, periods: list[str]) -> dict[str, int]:
    """The `periods` lookup: every period any mart or fact uses, typed and ordered."""
    frame = pd.DataFrame({"period": pd.Series(sorted(set(periods)), dtype=object)})  # may be empty
    fy = frame["period"].str.extract(r"^(\d{4})/\d{2}(?: Q(\d))?$")
    cal = frame["period"].str.extract(r"^(\d{4})$")
    start_year = pd.to_numeric(fy[0], errors="coerce")
    quarter = pd.to_numeric(fy[1], errors="coerce")
    month = 4 + (quarter.fillna(1) - 1) * 3
    year = start_year + (month > 12)
    month = ((month - 1) % 12) + 1
    frame["period_type"] = np.where(
        quarter.notna(),
        "quarter",
        np.where(start_year.notna(), "financial_year", np.where(cal[0].notna(), "calendar_year", "other")),
    )
    fy_start = pd.to_datetime(dict(year=year.fillna(1900).astype(int), month=month.astype(int), day=1), errors="coerce")
    cal_start = pd.to_datetime(cal[0] + "-01-01", errors="coerce")
    frame["start_date"] = fy_start.where(start_year.notna(), cal_start)
    span = {
        "quarter": pd.DateOffset(months=3),
        "financial_year": pd.DateOffset(years=1),
        "calendar_year": pd.DateOffset(years=1),
    }
    frame["end_date"] = [
        (s + span[t] - pd.Timedelta(days=1)) if t in span and pd.notna(s) else pd.NaT
        for s, t in zip(frame["start_date"], frame["period_type"], strict=True)
    ]
    frame = frame.sort_values(["start_date", "period_type", "period"], na_position="last").reset_index(drop=True)
    frame["sort_order"] = np.arange(1, len(frame) + 1)
    frame["start_date"] = frame["start_date"].dt.date
    frame["end_date"] = pd.to_datetime(frame["end_date"]).dt.date
    con.register("periods_frame", frame)
    con.execute("CREATE OR REPLACE TABLE periods AS SELECT * FROM periods_frame ORDER BY sort_order")
    con.unregister("periods_frame")
    return dict(zip(frame["period"], frame["sort_order"], strict=True))


def _group_labels(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    rows = con.execute("SELECT breakdown, group_code, group_label FROM characteristic_groups").fetchall()
    return {(b, g): label for b, g, label in rows}


def label_groups(frame: pd.DataFrame, labels: dict[tuple[str, str], str]) -> pd.Series:
    def label(breakdown: str, group: str) -> str:
        if breakdown == ALL:
            return "All people"
        parts = zip(breakdown.split("*"), str(group).split("*"), strict=False)
        return " & ".join(labels.get((b, g), g) for b, g in parts)

    pairs = frame[["breakdown", "group_code"]].drop_duplicates()
    mapping = {(b, g): label(b, g) for b, g in pairs.itertuples(index=False)}
    return pd.Series(
        [mapping[(b, g)] for b, g in zip(frame["breakdown"], frame["group_code"], strict=True)], index=frame.index
    )


_TEXT, _NUMBER, _FLAG = "VARCHAR", "DOUBLE", "BOOLEAN"
INDICATOR_COLUMNS = {  # column -> SQL type of indicator_values, in order (docs/schema.md)
    "indicator_id": _TEXT,
    "period": _TEXT,
    "period_sort": "INTEGER",
    "area_code": _TEXT,
    "work_stream": _TEXT,
    "breakdown": _TEXT,
    "group_code": _TEXT,
    "group_label": _TEXT,
    "is_unknown": _FLAG,
    "is_reference_group": _FLAG,
    "numerator": _NUMBER,
    "denominator": _NUMBER,
    "value": _NUMBER,
    "lower_ci_95": _NUMBER,
    "upper_ci_95": _NUMBER,
    "lower_ci_99_8": _NUMBER,
    "upper_ci_99_8": _NUMBER,
    "benchmark_value": _NUMBER,
    "comparison": _TEXT,
    "comparison_99_8": _TEXT,
    "gap_to_reference": _NUMBER,
    "ratio_to_reference": _NUMBER,
    "ratio_lower_ci_95": _NUMBER,
    "ratio_upper_ci_95": _NUMBER,
    "trend": _TEXT,
    "change_since_previous": _NUMBER,
    "target": _NUMBER,
    "rag": _TEXT,
    "suppressed": _FLAG,
    "suppression_reason": _TEXT,
    # judgements in words (pipelines.judgements): pages and downloads print these as they are
    "benchmark_label": _TEXT,
    "comparison_words": _TEXT,
    "is_significant_gap": _FLAG,
    "trend_words": _TEXT,
    "change_verdict": _TEXT,
    "change_words": _TEXT,
    "target_words": _TEXT,
    "rag_words": _TEXT,
    # filled by name where a source publishes its own value (pipelines.published); NULL otherwise
    "value_source": _TEXT,
    "value_note": _TEXT,
    "recomputed_value": _NUMBER,
    "recomputed_lower_ci_95": _NUMBER,
    "recomputed_upper_ci_95": _NUMBER,
    # where a value counts trusts' WRES / WDES returns (pipelines.workforce_returns), the words saying so
    "source_note": _TEXT,
}


def build_marts(
    con: duckdb.DuckDBPyConnection,
    framework_path: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Write the framework tables and every mart into the warehouse being built."""
    say = progress or (lambda message: None)
    fw = load_framework(framework_path or settings.DEFAULT_FRAMEWORK)
    write_framework_tables(con, fw)
    con.execute("UPDATE builds SET framework_version = ?", [fw.version])
    from_returns = returns.staff_survey_with_returns(con)
    if from_returns["returned"]:
        say(
            f"Staff survey KPIs: {from_returns['returned']} rows from WRES / WDES returns "
            f"(replacing {from_returns['replaced']} survey rows)"
        )
    from_returns = returns.people_from_returns(con)
    if from_returns["covered"]:
        say(f"Workforce KPIs: {from_returns['covered']} KPI x organisation x year counted from WRES / WDES returns")
    fact_periods = [r[0] for r in con.execute("SELECT period FROM periods").fetchall()]
    # a survey year only a return reports is a period too
    fact_periods += [
        r[0]
        for r in con.execute(f"SELECT DISTINCT period FROM {returns.KPI_TABLE} WHERE period IS NOT NULL").fetchall()
    ]
    fact_periods += [r[0] for r in con.execute(f"SELECT DISTINCT period FROM {returns.COVERAGE_TABLE}").fetchall()]
    quarters = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT {QUARTER_SQL.format(d='response_date')} FROM patient_experience"
        ).fetchall()
    ]
    period_order = build_periods(con, fact_periods + quarters)
    labels = _group_labels(con)
    frames = []
    for i, kpi in enumerate(fw.kpis, start=1):
        say(f"Indicator {i}/{len(fw.kpis)}: {kpi.id}")
        frame = build_kpi(con, fw, kpi, period_order)
        if not frame.empty:
            frames.append(frame)
    # a build from a subset of sources may give no KPI any rows: the marts are then empty
    values = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["breakdown", "group_code"])
    values["group_label"] = label_groups(values, labels)
    say("Published indicators")
    values, columns = published.add_to_marts(con, fw, values, period_order, INDICATOR_COLUMNS)
    for col in columns:
        if col not in values.columns:
            values[col] = np.nan
    values = values[list(columns)]
    values = values.sort_values(["indicator_id", "period_sort", "area_code", "work_stream", "breakdown", "group_code"])
    con.register("values_frame", values)
    con.execute(
        "CREATE OR REPLACE TABLE indicator_values AS SELECT "
        + ", ".join(f"CAST({column} AS {kind}) AS {column}" for column, kind in columns.items())
        + " FROM values_frame"
    )
    con.unregister("values_frame")
    say("Inequalities, completeness and representation")
    build_inequalities(con, fw)
    build_completeness(con)
    build_representation(con, fw)
    build_voice_counts(con)


ACTION_PLAN_COLUMNS = [
    "action_id",
    "indicator_id",
    "outcome_id",
    "title",
    "status",
    "owner_role",
    "due_date",
    "last_updated",
]


def write_framework_tables(con: duckdb.DuckDBPyConnection, fw: Framework) -> None:
    def write(table: str, frame: pd.DataFrame) -> None:
        con.register("fw_frame", frame)
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM fw_frame")
        con.unregister("fw_frame")

    write(
        "framework_info",
        pd.DataFrame(
            [{"version": fw.version, "title": fw.title, "agreed_by": fw.agreed_by, "agreed_on": fw.agreed_on}]
        ),
    )
    write(
        "domains",
        pd.DataFrame(
            [
                {"domain_id": d.id, "domain_name": d.name, "description": d.description, "sort_order": i}
                for i, d in enumerate(fw.domains)
            ]
        ),
    )
    write(
        "outcomes",
        pd.DataFrame(
            [
                {
                    "outcome_id": o.id,
                    "outcome_title": o.title,
                    "description": o.description,
                    "domain_id": o.domain,
                    "sort_order": i,
                }
                for i, o in enumerate(fw.outcomes)
            ]
        ),
    )
    write(
        "leads", pd.DataFrame([{"lead_id": ld.id, "role": ld.role, "work_stream": ld.work_stream} for ld in fw.leads])
    )
    write(
        "kpis",
        pd.DataFrame(
            [
                {
                    "indicator_id": k.id,
                    "title": k.title,
                    "short_title": k.label,
                    "definition": k.definition,
                    "outcome_id": k.outcome,
                    "domain_id": k.domain,
                    "lead_id": k.lead,
                    "source": k.numerator.source,
                    "calculation": k.measure_type,
                    "numerator_rule": k.numerator.describe(),
                    "denominator_rule": k.denominator.describe()
                    if k.denominator
                    else (f"share of {k.numerator.describe()}" if k.measure_type == "share" else None),
                    "measure_type": k.measure_type,
                    "multiplier": k.multiplier,
                    "unit": k.unit,
                    "polarity": k.polarity,
                    "target": k.target,
                    "target_lower": k.target_range[0] if k.target_range else None,
                    "target_upper": k.target_range[1] if k.target_range else None,
                    "target_words": judge.target_words(k.target, k.target_range, k.polarity, k.measure_type, k.unit),
                    "nearly_met_within": fw.nearly_met_within(k),
                    "rag_rule": " ".join(judge.rag_rule_words(fw.nearly_met_within(k), fw.rag.labels).values()),
                    "population_note": k.population_note,
                    "reference_group": ", ".join(f"{b}: {fw.reference_group_for(k, b)}" for b in k.breakdowns),
                    "ratio_groups": " vs ".join(k.ratio_groups) if k.ratio_groups else None,
                    "focus_group": k.focus_group,
                    "threshold": fw.threshold_for(k),
                    "min_denominator": k.min_denominator,
                    "breakdowns": list(k.breakdowns),
                    "period_type": k.period_type,
                    "method": k.method,
                    "eds_outcome": k.eds_outcome,
                    "split_by_work_stream": k.split_by_work_stream,
                    "sort_order": i,
                }
                for i, k in enumerate(fw.kpis)
            ]
        ),
    )
    write(
        "rag_rules",
        pd.DataFrame(
            [
                {"rag": status, "label": fw.rag.labels[status], "rule": words, "sort_order": i}
                for i, (status, words) in enumerate(
                    judge.rag_rule_words(fw.rag.nearly_met_within, fw.rag.labels).items()
                )
            ]
        ),
    )
    write(
        "kpi_work_streams",
        pd.DataFrame([{"indicator_id": k.id, "work_stream": w} for k in fw.kpis for w in k.work_streams]),
    )
    write(
        "action_plans",
        pd.DataFrame(
            [
                {
                    "action_id": a.id,
                    "indicator_id": a.kpi,
                    "outcome_id": a.outcome,
                    "title": a.title,
                    "status": a.status,
                    "owner_role": a.owner_role,
                    "due_date": a.due,
                    "last_updated": a.last_updated,
                }
                for a in fw.action_plans
            ],
            columns=ACTION_PLAN_COLUMNS,
        ),
    )


INEQUALITY_COLUMNS = [
    "indicator_id",
    "period",
    "area_code",
    "work_stream",
    "breakdown",
    "sii",
    "rii",
    "most_deprived_value",
    "least_deprived_value",
    "sii_lower_ci_95",
    "sii_upper_ci_95",
    "rii_lower_ci_95",
    "rii_upper_ci_95",
    "verdict",
]
_SIMULATION_SCALE = {"proportion": "proportion", "rate": "rate", "dsr": "rate"}  # else normal


def build_inequalities(con: duckdb.DuckDBPyConnection, fw: Framework) -> None:
    """SII and RII across IMD quintiles wherever a KPI is broken down by deprivation, with
    95% CIs simulated as PHE's phe_sii does, and a verdict only where the SII's CI
    excludes 0 (no inequality)."""
    kpis = {k.id: k for k in fw.kpis}
    frame = con.execute(
        "SELECT indicator_id, period, area_code, work_stream, group_code, value, lower_ci_95, upper_ci_95, "
        "denominator FROM indicator_values WHERE breakdown = 'imd_quintile' AND group_code IN ('1','2','3','4','5') "
        "AND NOT suppressed ORDER BY indicator_id, period, area_code, work_stream, group_code"
    ).df()
    rows = []
    for key, grp in frame.groupby(["indicator_id", "period", "area_code", "work_stream"], sort=True):
        if len(grp) != 5 or grp[["value", "lower_ci_95", "upper_ci_95"]].isna().any().any():
            continue
        if (grp["denominator"] <= 0).any():
            continue
        kpi = kpis[key[0]]
        values, pops = grp["value"].to_numpy(float), grp["denominator"].to_numpy(float)
        sii, rii = stats.slope_index_of_inequality(values, pops)
        scale = kpi.multiplier if kpi.measure_type == "proportion" else 1
        limits = (np.nan,) * 4
        try:
            limits = stats.sii_rii_simulated_ci(
                values / scale,
                pops,
                grp["lower_ci_95"].to_numpy(float) / scale,
                grp["upper_ci_95"].to_numpy(float) / scale,
                value_type=_SIMULATION_SCALE.get(kpi.measure_type, "normal"),
                repetitions=20_000,
            )
        except ValueError:  # a 0% or 100% group: no logit; the SII has no simulated CI
            pass
        sii_lo, sii_up, rii_lo, rii_up = limits[0] * scale, limits[1] * scale, limits[2], limits[3]
        rows.append(
            dict(zip(["indicator_id", "period", "area_code", "work_stream"], key, strict=True))
            | {
                "breakdown": "imd_quintile",
                "sii": sii,
                "rii": rii,
                "most_deprived_value": float(values[0]),
                "least_deprived_value": float(values[-1]),
                "sii_lower_ci_95": sii_lo,
                "sii_upper_ci_95": sii_up,
                "rii_lower_ci_95": rii_lo,
                "rii_upper_ci_95": rii_up,
                "verdict": judge.inequality_verdict(sii_lo, sii_up, kpi.polarity),
            }
        )
    con.register("ineq_frame", pd.DataFrame(rows, columns=INEQUALITY_COLUMNS))
    con.execute("CREATE OR REPLACE TABLE indicator_inequalities AS SELECT * FROM ineq_frame")
    con.unregister("ineq_frame")


# Sources whose rows are people, and which rows count each person once.
COMPLETENESS_SOURCES = {
    "workforce": "TRUE",
    "patient_experience": "question_code = 'overall_experience'",  # one row per respondent
    "workforce_events": "TRUE",
}


def build_completeness(con: duckdb.DuckDBPyConnection) -> None:
    """How much is unknown: the Not stated (Z) and Not known (99) share of each
    characteristic, by source, period and area (localities and GM)."""
    parts = []
    for source, condition in COMPLETENESS_SOURCES.items():
        columns = EXTRACT_BY_NAME[source].characteristic_columns()
        cols = ", ".join(columns)
        parts.append(
            f"SELECT '{source}' AS source, period, coalesce(locality_code, '{GM}') AS area_code, breakdown, "
            f"count(*) AS records, count(*) FILTER (WHERE group_code = '{ref.NOT_STATED}') AS not_stated, "
            f"count(*) FILTER (WHERE group_code = '{ref.NOT_KNOWN}') AS not_known "
            f"FROM (UNPIVOT (SELECT period, locality_code, {cols} FROM {source} WHERE {condition}) "
            f"ON {cols} INTO NAME breakdown VALUE group_code) "
            "GROUP BY GROUPING SETS ((period, locality_code, breakdown), (period, breakdown))"
        )
    frame = con.execute(" UNION ALL ".join(parts)).df()
    frame["unknown_share"] = (frame["not_stated"] + frame["not_known"]) / frame["records"] * 100
    low = lambda s: (s >= 1) & (s < 5)  # noqa: E731
    frame["suppressed"] = low(frame["records"]) | low(frame["not_stated"]) | low(frame["not_known"])
    frame.loc[frame["suppressed"], ["not_stated", "not_known"]] = np.nan
    frame.loc[low(frame["records"]), ["records", "unknown_share"]] = np.nan
    con.register("dq_frame", frame)
    con.execute(
        "CREATE OR REPLACE TABLE data_completeness AS SELECT source, period, area_code, breakdown, "
        "CAST(records AS DOUBLE) AS records, CAST(not_stated AS DOUBLE) AS not_stated, "
        "CAST(not_known AS DOUBLE) AS not_known, unknown_share, suppressed FROM dq_frame "
        "ORDER BY source, breakdown, period, area_code"
    )
    con.unregister("dq_frame")


def build_representation(con: duckdb.DuckDBPyConnection, fw: Framework) -> None:
    """Staff in each band cluster (and on boards) by group, beside the local working-age
    population, for the WRES / WDES representation charts."""
    staff = con.execute(
        f"""
        WITH people AS (
            SELECT period, locality_code, organisation_code, wres_ethnicity, disability, sex, wdes_cluster,
                   board_voting
            FROM workforce
        ), levels AS (
            SELECT * EXCLUDE (wdes_cluster, board_voting), wdes_cluster AS level FROM people
            UNION ALL SELECT * EXCLUDE (wdes_cluster, board_voting), 'board' FROM people WHERE board_voting
            UNION ALL SELECT * EXCLUDE (wdes_cluster, board_voting), 'all_staff' FROM people
        ), long AS (
            UNPIVOT levels ON wres_ethnicity, disability, sex INTO NAME breakdown VALUE group_code
        )
        SELECT period, coalesce(locality_code, '{GM}') AS area_code,
               coalesce(organisation_code, 'all') AS organisation_code,
               breakdown, group_code, level, count(*) AS staff
        FROM long
        GROUP BY GROUPING SETS ((period, locality_code, breakdown, group_code, level),
                                (period, breakdown, group_code, level),
                                (period, organisation_code, breakdown, group_code, level))
        """
    ).df()
    staff.loc[(staff["organisation_code"] != "all"), "area_code"] = GM
    staff["total"] = staff.groupby(["period", "area_code", "organisation_code", "breakdown", "level"])[
        "staff"
    ].transform("sum")
    population = con.execute(
        f"""
        WITH split AS (  -- areas whose population of a characteristic is published by age
            SELECT DISTINCT locality_code, characteristic FROM population WHERE age_band IS NOT NULL
        ), pop AS (
            -- working-age residents where an age split exists; all ages (age_band NULL) where none does
            SELECT locality_code, characteristic, group_code, sum(population) AS n FROM population p
            WHERE age_band IN (SELECT unnest(?::VARCHAR[]))
               OR (age_band IS NULL AND NOT EXISTS (SELECT 1 FROM split s WHERE s.locality_code = p.locality_code
                                                    AND s.characteristic = p.characteristic))
            GROUP BY ALL
        ), mapped AS (
            SELECT locality_code, 'wres_ethnicity' AS breakdown, ec.wres_group AS group_code, n FROM pop
            JOIN ethnic_categories ec ON ec.ethnic_category = pop.group_code WHERE characteristic = 'ethnicity'
            UNION ALL SELECT locality_code, characteristic, group_code, n FROM pop
            WHERE characteristic IN ('disability', 'sex')
        )
        SELECT coalesce(locality_code, '{GM}') AS area_code, breakdown, group_code, sum(n) AS staff
        FROM mapped GROUP BY GROUPING SETS ((locality_code, breakdown, group_code), (breakdown, group_code))
        """,
        [list(ref.WORKING_AGE_BANDS)],
    ).df()
    periods = staff[["period"]].drop_duplicates()
    population = population.merge(periods, how="cross")
    population["organisation_code"] = "all"
    population["level"] = "population"
    population["total"] = population.groupby(["period", "area_code", "breakdown"])["staff"].transform("sum")
    all_ages = con.execute(  # (locality, breakdown) whose population has no age split
        "SELECT locality_code, CASE characteristic WHEN 'ethnicity' THEN 'wres_ethnicity' ELSE characteristic END "
        "FROM population GROUP BY ALL HAVING count(age_band) = 0"
    ).fetchall()
    unsplit_breakdowns = {breakdown for _, breakdown in all_ages}
    whole = [
        (area, breakdown) in set(all_ages) or (area == GM and breakdown in unsplit_breakdowns)
        for area, breakdown in zip(population["area_code"], population["breakdown"], strict=True)
    ]
    population["population_basis"] = np.where(whole, "all ages (no working-age split published)", "working age (15-64)")
    staff["population_basis"] = None
    frame = pd.concat([staff, population[staff.columns]], ignore_index=True).sort_values(
        ["period", "area_code", "organisation_code", "breakdown", "level", "group_code"], ignore_index=True
    )
    frame["denominator"] = frame["total"]
    frame = suppress(
        frame.rename(columns={"staff": "numerator"}),
        [["period", "area_code", "organisation_code", "breakdown", "level"]],
        threshold=fw.default_threshold,
        count_cols=("numerator", "denominator"),  # denominator minus numerator is a count too
    )
    frame = frame.rename(columns={"numerator": "staff"})
    lo, up = stats.wilson_ci(frame["staff"].to_numpy(float), frame["total"].to_numpy(float))
    frame["share"] = frame["staff"] / frame["total"] * 100
    frame["lower_ci_95"] = np.asarray(lo) * 100
    frame["upper_ci_95"] = np.asarray(up) * 100
    frame.loc[frame["suppressed"], ["staff", "share", "lower_ci_95", "upper_ci_95"]] = np.nan
    # the total is published beside each group; suppress() keeps the hidden groups' sum (total
    # minus the published groups) at 0 or the threshold and above, and a small total is withheld
    small_total = (frame["total"] >= 1) & (frame["total"] < fw.default_threshold)
    frame.loc[small_total, "total"] = np.nan
    con.register("rep_frame", frame)
    con.execute(
        "CREATE OR REPLACE TABLE workforce_representation AS SELECT period, area_code, organisation_code, breakdown, "
        "group_code, level, CAST(staff AS DOUBLE) AS staff, CAST(total AS DOUBLE) AS total, share, lower_ci_95, "
        "upper_ci_95, suppressed, suppression_reason, population_basis FROM rep_frame ORDER BY ALL"
    )
    con.unregister("rep_frame")


def build_voice_counts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE voice_counts AS SELECT outcome_id, locality_code AS area_code, work_stream, "
        "characteristic AS breakdown, group_code, theme, count(*) AS voices FROM voices GROUP BY ALL ORDER BY ALL"
    )
