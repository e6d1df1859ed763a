"""Comparisons between areas, computed once in the build so the dashboard only reads them.

Two tables, from the headline rows of `indicator_values` (breakdown and group 'all'):

`funnel_limits`: for each KPI that is a proportion, a crude rate or a relative likelihood,
period and work stream, the 95% and 99.8% control limits around Greater Manchester's value:
what a locality's value could be by chance alone if its true value were GM's (proportions:
Wilson score limits of the expected count; rates: Byar's method, exact Poisson under 10
events; both against the denominator). A relative likelihood has no single denominator, so
its funnel is drawn against precision, 1 / SE(log ratio), with the SE read back from the
marts' log-method 95% CI ((ln upper - ln lower) / (2 x 1.96)): the limits are
exp(ln GM +/- z / precision) (Spiegelhalter 2005). `x_axis` says which ('denominator' or
'precision'). Rows with an `area_code` hold the limits at that locality's own denominator
or precision and where its value falls (`funnel_position`); rows without one are points of
the funnel's curves (`curve_point`). Suppressed localities get no row: a hidden number never
reaches a chart.

`similar_localities`: for each work stream ('all' and each one) and period ('latest' and
each period), each locality's nearest localities over the KPIs of that work stream. Each KPI's
published locality values become z-scores (standard deviations from the localities'
average); the distance between two localities is the root-mean-square difference of their
z-scores over the KPIs both have. A KPI needs `MIN_LOCALITIES_PER_KPI` published values that
differ, and two localities `MIN_SHARED_KPIS` KPIs in common, to be compared.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd

PROPORTION_MEASURES = ("proportion", "share")
RATE_MEASURES = ("rate",)
RATIO_MEASURES = ("ratio",)
FUNNEL_MEASURES = PROPORTION_MEASURES + RATE_MEASURES + RATIO_MEASURES
CONFIDENCE_LEVELS = ((0.95, "95"), (0.998, "99_8"))
CURVE_POINTS = 80
NEAREST = 3
MIN_SHARED_KPIS = 3
MIN_LOCALITIES_PER_KPI = 3

FUNNEL_COLUMNS = [
    "indicator_id",
    "period",
    "work_stream",
    "area_code",
    "curve_point",
    "x_axis",
    "denominator",
    "precision",
    "benchmark_value",
    "lower_limit_95",
    "upper_limit_95",
    "lower_limit_99_8",
    "upper_limit_99_8",
    "funnel_position",
]
SIMILAR_PARAMETERS = {"min_localities": MIN_LOCALITIES_PER_KPI, "min_shared": MIN_SHARED_KPIS, "nearest": NEAREST}
SIMILAR_COLUMNS = ["work_stream", "period", "area_code", "similar_area_code", "rank", "distance", "kpis_compared"]


def multiplier(measure_type: str | None, value: Any) -> float:
    """The KPI's multiplier (100 for a percentage when the framework names none)."""
    if value is None or pd.isna(value) or not value:
        return 100.0 if measure_type in PROPORTION_MEASURES else 1.0
    return float(value)


def control_limits(
    benchmark_value: float, denominators: Any, *, measure_type: str | None, scale: float, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) control limits, in the KPI's unit, around `benchmark_value` at each
    denominator."""
    from pipelines import stats  # scipy: imported by the build only, never at app start-up

    n = np.asarray(denominators, dtype=float)
    if measure_type in PROPORTION_MEASURES:
        expected_share = min(max(float(benchmark_value) / scale, 0.0), 1.0)
        lower, upper = stats.wilson_ci(expected_share * n, n, confidence)
        return np.asarray(lower) * scale, np.asarray(upper) * scale
    if measure_type in RATE_MEASURES:
        expected_count = max(float(benchmark_value), 0.0) * n / scale
        lower, upper = stats.rate_ci(expected_count, n, scale, confidence)
        return np.asarray(lower), np.asarray(upper)
    raise ValueError(f"no control limits for a {measure_type!r} KPI")


def ratio_precision(lower_ci_95: Any, upper_ci_95: Any) -> np.ndarray:
    """Precision of relative likelihoods, 1 / SE(log ratio), from their log-method 95% CIs
    (the marts' Katz interval is symmetric on the log scale, so this is its SE exactly)."""
    from pipelines import stats

    lower, upper = np.asarray(lower_ci_95, dtype=float), np.asarray(upper_ci_95, dtype=float)
    return 1 / np.asarray(stats.standard_error_from_ci(np.log(lower), np.log(upper), 0.95), dtype=float)


def ratio_control_limits(
    benchmark_value: float, precisions: Any, *, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) control limits of a relative likelihood around `benchmark_value` at
    each precision (1 / SE of the log ratio): exp(ln benchmark -/+ z / precision)."""
    from pipelines import stats

    spread = stats.z_for(confidence) / np.asarray(precisions, dtype=float)
    centre = np.log(float(benchmark_value))
    return np.exp(centre - spread), np.exp(centre + spread)


def funnel_position(value: float, benchmark: float, limits: dict[str, float]) -> str:
    """Where a value falls in the funnel, in words."""
    if limits["lower_limit_99_8"] <= value <= limits["upper_limit_99_8"]:
        if limits["lower_limit_95"] <= value <= limits["upper_limit_95"]:
            return "Inside the 95% limits"
        return f"Outside the 95% limits ({'above' if value > benchmark else 'below'})"
    return f"Outside the 99.8% limits ({'above' if value > limits['upper_limit_99_8'] else 'below'})"


def funnel_rows(
    areas: list[str], values: np.ndarray, x: np.ndarray, benchmark: float, measure_type: str | None, scale: float
) -> list[dict]:
    """The area and curve rows of one KPI, period and work stream, from its plotted localities
    at `x`: their denominators, or for a relative likelihood their precisions."""
    ratio = measure_type in RATIO_MEASURES
    smallest = x.min() * 0.6 if ratio else max(1.0, x.min() * 0.6)
    grid = np.geomspace(smallest, x.max() * 1.25, CURVE_POINTS)
    points = np.concatenate([x, grid])
    limits: dict[str, np.ndarray] = {}
    for confidence, suffix in CONFIDENCE_LEVELS:
        if ratio:
            lower, upper = ratio_control_limits(benchmark, points, confidence=confidence)
        else:
            lower, upper = control_limits(
                benchmark, points, measure_type=measure_type, scale=scale, confidence=confidence
            )
        limits[f"lower_limit_{suffix}"], limits[f"upper_limit_{suffix}"] = lower, upper
    axis = "precision" if ratio else "denominator"
    rows = []
    for i, point in enumerate(points):
        at = {name: float(column[i]) for name, column in limits.items()}
        if i < len(areas):
            row = {
                "area_code": areas[i],
                "curve_point": None,
                "funnel_position": funnel_position(values[i], benchmark, at),
            }
        else:
            row = {"area_code": None, "curve_point": i - len(areas), "funnel_position": None}
        where = {"x_axis": axis, "denominator": None, "precision": None, axis: float(point)}
        rows.append({**row, **where, **at})
    return rows


def _headline_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Published headline rows of the KPIs a funnel plot can show, with the area's type (a
    relative likelihood needs a positive value and a 95% CI of some width)."""
    return con.execute(
        """
        SELECT iv.indicator_id, iv.period, iv.work_stream, iv.area_code, l.area_type,
               iv.value, iv.denominator, iv.lower_ci_95, iv.upper_ci_95, k.measure_type, k.multiplier
        FROM indicator_values iv
        JOIN kpis k ON k.indicator_id = iv.indicator_id
        JOIN localities l ON l.area_code = iv.area_code
        WHERE iv.breakdown = 'all' AND iv.group_code = 'all' AND NOT coalesce(iv.suppressed, false)
          AND iv.value IS NOT NULL AND k.measure_type IN ('proportion', 'share', 'rate', 'ratio')
          AND CASE WHEN k.measure_type = 'ratio'
                   THEN iv.value > 0 AND (l.area_type = 'region'
                                          OR (iv.lower_ci_95 > 0 AND iv.upper_ci_95 > iv.lower_ci_95))
                   ELSE l.area_type = 'region' OR iv.denominator > 0 END
        ORDER BY iv.indicator_id, iv.period, iv.work_stream, l.sort_order
        """
    ).df()


def funnel_limits(headlines: pd.DataFrame) -> pd.DataFrame:
    """The `funnel_limits` table from the published headline rows (`_headline_rows`)."""
    keys = ["indicator_id", "period", "work_stream"]
    region = headlines[headlines["area_type"] == "region"]
    benchmarks = dict(zip(map(tuple, region[keys].to_numpy()), region["value"].astype(float), strict=True))
    localities = headlines[headlines["area_type"] == "locality"]
    codes = localities["area_code"].to_numpy()
    values = localities["value"].astype(float).to_numpy()
    denominators = localities["denominator"].astype(float).to_numpy()
    lower, upper = (localities[c].astype(float).to_numpy() for c in ("lower_ci_95", "upper_ci_95"))
    measures = localities["measure_type"].to_numpy()
    multipliers = localities["multiplier"].to_numpy()
    rows: list[dict] = []
    for key, positions in localities.groupby(keys, sort=False).indices.items():
        if key not in benchmarks:
            continue
        first = positions[0]
        scale = multiplier(measures[first], multipliers[first])
        ratio = measures[first] in RATIO_MEASURES
        x = ratio_precision(lower[positions], upper[positions]) if ratio else denominators[positions]
        found = funnel_rows(list(codes[positions]), values[positions], x, benchmarks[key], measures[first], scale)
        identity = dict(zip(keys, key, strict=True)) | {"benchmark_value": benchmarks[key]}
        rows += [identity | row for row in found]
    frame = pd.DataFrame(rows, columns=FUNNEL_COLUMNS)
    return frame.astype({"denominator": float, "precision": float})


# What the localities page shows for a work stream and period, chosen as it chooses its rows:
# each KPI's rows for the work stream where the marts have them, else its 'all' rows;
# 'latest' is each KPI's own latest period. Then z-scores per KPI, distances per pair.
SIMILAR_SQL = """
WITH streams AS (SELECT 'all' AS stream UNION ALL SELECT work_stream FROM work_streams),
members AS (
    SELECT s.stream, k.indicator_id FROM streams s, kpis k
    WHERE s.stream = 'all' OR EXISTS (SELECT 1 FROM kpi_work_streams m
                                      WHERE m.indicator_id = k.indicator_id AND m.work_stream = s.stream)
),
candidates AS (
    SELECT m.stream, iv.indicator_id, iv.period, iv.period_sort, iv.work_stream, iv.area_code, iv.value,
           iv.suppressed, max(iv.period_sort) OVER (PARTITION BY m.stream, iv.indicator_id) AS latest_sort
    FROM members m JOIN indicator_values iv
      ON iv.indicator_id = m.indicator_id AND iv.breakdown = 'all' AND iv.group_code = 'all'
     AND iv.work_stream IN ('all', m.stream)
),
views AS (SELECT 'latest' AS view_period UNION ALL SELECT DISTINCT period FROM indicator_values),
chosen AS (
    SELECT c.stream, v.view_period, c.indicator_id, c.area_code, c.value, c.suppressed
    FROM candidates c JOIN views v
      ON (v.view_period = 'latest' AND c.period_sort = c.latest_sort) OR c.period = v.view_period
    JOIN localities l ON l.area_code = c.area_code AND l.area_type = 'locality'
    QUALIFY row_number() OVER (PARTITION BY c.stream, v.view_period, c.indicator_id, c.area_code
                               ORDER BY (c.work_stream = c.stream) DESC) = 1
),
scored AS (
    -- rounded so a rebuild of the same inputs gives the same bytes (parallel sums differ in the last digit)
    SELECT *, round((value - avg(value) OVER kpi) / stddev_pop(value) OVER kpi, 12) AS z,
           count(*) OVER kpi AS localities, stddev_pop(value) OVER kpi AS spread
    FROM chosen WHERE NOT coalesce(suppressed, false) AND value IS NOT NULL
    WINDOW kpi AS (PARTITION BY stream, view_period, indicator_id)
),
usable AS (SELECT * FROM scored WHERE localities >= $min_localities AND spread > 0),
pairs AS (
    SELECT a.stream, a.view_period, a.area_code, b.area_code AS similar_area_code,
           round(sqrt(sum((a.z - b.z) ^ 2 ORDER BY a.indicator_id) / count(*)), 9) AS distance,
           count(*) AS kpis_compared
    FROM usable a JOIN usable b
      ON a.stream = b.stream AND a.view_period = b.view_period AND a.indicator_id = b.indicator_id
     AND a.area_code <> b.area_code
    GROUP BY ALL HAVING count(*) >= $min_shared
)
SELECT p.stream AS work_stream, p.view_period AS period, p.area_code, p.similar_area_code,
       row_number() OVER (PARTITION BY p.stream, p.view_period, p.area_code
                          ORDER BY p.distance, l.area_name) AS rank,
       p.distance, p.kpis_compared
FROM pairs p JOIN localities l ON l.area_code = p.similar_area_code
QUALIFY rank <= $nearest
ORDER BY work_stream, period, p.area_code, rank
"""


def similar_localities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The `similar_localities` table (see the module docstring for the method)."""
    return con.execute(SIMILAR_SQL, SIMILAR_PARAMETERS).df()[SIMILAR_COLUMNS]


def build_comparisons(con: duckdb.DuckDBPyConnection) -> None:
    """Write `funnel_limits` and `similar_localities` (after the marts)."""
    funnel_frame = funnel_limits(_headline_rows(con))  # noqa: F841 - read by the SQL below
    con.execute("CREATE OR REPLACE TABLE funnel_limits AS SELECT * FROM funnel_frame")
    con.execute(f"CREATE OR REPLACE TABLE similar_localities AS {SIMILAR_SQL}", SIMILAR_PARAMETERS)
