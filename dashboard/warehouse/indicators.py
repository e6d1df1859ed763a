"""KPI values from the marts: headlines, breakdowns, inequalities and work-stream summaries.

Nothing here computes a statistic: the marts already hold every number a page shows.
"""

from __future__ import annotations

import pandas as pd

from dashboard.warehouse.cache import warehouse_cached
from dashboard.warehouse.conventions import ALL, LATEST, VALUE_SELECT
from dashboard.warehouse.db import query


@warehouse_cached
def headline_values(work_stream: str = ALL, period: str = LATEST) -> pd.DataFrame:
    """One headline row (breakdown and group 'all') per KPI and area, for the board overview.

    `period="latest"` takes each KPI's own latest period. For a work stream, a KPI's rows for
    that work stream are used where the marts have them, else its 'all' rows.
    """
    return query(
        f"""
        WITH candidates AS (
            SELECT iv.*, max(iv.period_sort) OVER (PARTITION BY iv.indicator_id) AS latest_sort
            FROM indicator_values iv
            WHERE iv.breakdown = 'all' AND iv.group_code = 'all'
              AND iv.work_stream IN ('all', $work_stream)
        )
        SELECT {VALUE_SELECT}, l.area_name
        FROM candidates iv LEFT JOIN localities l ON l.area_code = iv.area_code
        WHERE CASE WHEN $period = 'latest' THEN iv.period_sort = iv.latest_sort
                   ELSE iv.period = $period END
        QUALIFY row_number() OVER (
            PARTITION BY iv.indicator_id, iv.area_code
            ORDER BY (iv.work_stream = $work_stream) DESC) = 1
        ORDER BY iv.indicator_id, l.sort_order
        """,
        {"work_stream": work_stream, "period": period},
    )


@warehouse_cached
def indicator_values(
    indicator_id: str,
    *,
    period: str = LATEST,
    area_codes: tuple[str, ...] | None = None,
    work_stream: str = ALL,
    breakdowns: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Rows of `indicator_values` for one KPI, ordered by period, area, breakdown and group.

    `period` is a period, "latest" (the KPI's latest) or "all" (every period, for trends);
    `area_codes` and `breakdowns` narrow the rows when given (breakdown "all" is the
    headline; "a*b" an intersection).
    """
    return query(
        f"""
        SELECT {VALUE_SELECT}, l.area_name, g.sort_order AS group_sort_order
        FROM indicator_values iv
        LEFT JOIN localities l ON l.area_code = iv.area_code
        LEFT JOIN characteristic_groups g
               ON g.breakdown = iv.breakdown AND g.group_code = iv.group_code
        WHERE iv.indicator_id = $indicator_id
          AND iv.work_stream = $work_stream
          AND ($area_codes::VARCHAR[] IS NULL OR list_contains($area_codes::VARCHAR[], iv.area_code))
          AND ($breakdowns::VARCHAR[] IS NULL OR list_contains($breakdowns::VARCHAR[], iv.breakdown))
          AND CASE WHEN $period = 'all' THEN TRUE
                   WHEN $period = 'latest' THEN iv.period_sort = (
                       SELECT max(period_sort) FROM indicator_values
                       WHERE indicator_id = $indicator_id AND work_stream = $work_stream)
                   ELSE iv.period = $period END
        ORDER BY iv.period_sort, l.sort_order, iv.breakdown, g.sort_order NULLS LAST, iv.group_code
        """,
        {
            "indicator_id": indicator_id,
            "period": period,
            "area_codes": None if area_codes is None else list(area_codes),
            "work_stream": work_stream,
            "breakdowns": None if breakdowns is None else list(breakdowns),
        },
    )


@warehouse_cached
def indicator_coverage(indicator_id: str) -> pd.DataFrame:
    """The work streams and periods one KPI has values for, oldest period first: the valid
    choices of those filters on its detail page."""
    return query(
        """
        SELECT DISTINCT work_stream, period, period_sort
        FROM indicator_values WHERE indicator_id = $indicator_id
        ORDER BY work_stream, period_sort
        """,
        {"indicator_id": indicator_id},
    )


@warehouse_cached
def indicator_inequalities(
    indicator_id: str, period: str, area_codes: tuple[str, ...], work_stream: str = ALL
) -> pd.DataFrame:
    """Slope and relative index of inequality across deprivation quintiles for one KPI and
    period, one row per area."""
    return query(
        """
        SELECT ii.*, l.area_name
        FROM indicator_inequalities ii LEFT JOIN localities l ON l.area_code = ii.area_code
        WHERE ii.indicator_id = $indicator_id AND ii.period = $period
          AND ii.work_stream = $work_stream
          AND list_contains($area_codes::VARCHAR[], ii.area_code)
        ORDER BY l.sort_order
        """,
        {"indicator_id": indicator_id, "period": period, "work_stream": work_stream, "area_codes": list(area_codes)},
    )


@warehouse_cached
def values_for_indicators(
    indicator_ids: tuple[str, ...],
    *,
    period: str = LATEST,
    area_codes: tuple[str, ...] | None = None,
    work_stream: str = ALL,
    breakdowns: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Rows of `indicator_values` for several KPIs at once, each at its own period.

    `period="latest"` takes each KPI's latest period; a named period takes that period where
    a KPI has it, else the KPI's latest period ending on or before it (so an annual KPI sits
    beside a quarterly one). A KPI with no rows for `work_stream` falls back to "all".
    """
    return query(
        f"""
        WITH chosen AS (SELECT end_date FROM periods WHERE period = $period),
        kpi_periods AS (
            SELECT DISTINCT iv.indicator_id, iv.period, iv.period_sort, p.end_date
            FROM indicator_values iv LEFT JOIN periods p ON p.period = iv.period
            WHERE list_contains($indicator_ids::VARCHAR[], iv.indicator_id)
        ),
        picked AS (
            SELECT indicator_id, arg_max(period, period_sort) AS period
            FROM kpi_periods
            WHERE $period = 'latest' OR period = $period
               OR end_date <= (SELECT end_date FROM chosen)
            GROUP BY indicator_id
        ),
        streams AS (
            SELECT indicator_id,
                   CASE WHEN bool_or(work_stream = $work_stream) THEN $work_stream
                        ELSE 'all' END AS work_stream
            FROM indicator_values
            WHERE list_contains($indicator_ids::VARCHAR[], indicator_id)
            GROUP BY indicator_id
        )
        SELECT {VALUE_SELECT}, l.area_name, g.sort_order AS group_sort_order
        FROM indicator_values iv
        JOIN picked USING (indicator_id, period)
        JOIN streams USING (indicator_id, work_stream)
        LEFT JOIN localities l ON l.area_code = iv.area_code
        LEFT JOIN characteristic_groups g
               ON g.breakdown = iv.breakdown AND g.group_code = iv.group_code
        WHERE ($area_codes::VARCHAR[] IS NULL
               OR list_contains($area_codes::VARCHAR[], iv.area_code))
          AND ($breakdowns::VARCHAR[] IS NULL
               OR list_contains($breakdowns::VARCHAR[], iv.breakdown))
        ORDER BY iv.indicator_id, l.sort_order, iv.breakdown, g.sort_order NULLS LAST,
                 iv.group_code
        """,
        {
            "indicator_ids": list(indicator_ids),
            "period": period,
            "area_codes": None if area_codes is None else list(area_codes),
            "work_stream": work_stream,
            "breakdowns": None if breakdowns is None else list(breakdowns),
        },
    )


@warehouse_cached
def work_stream_summary() -> pd.DataFrame:
    """Each work stream with its Director lead role(s) and how many KPIs it owns."""
    return query(
        """
        SELECT w.work_stream, w.work_stream_name, w.sort_order,
               (SELECT string_agg(l.role, '; ' ORDER BY l.lead_id) FROM leads l
                WHERE l.work_stream = w.work_stream) AS lead_role,
               (SELECT count(DISTINCT k.indicator_id) FROM kpi_work_streams k
                WHERE k.work_stream = w.work_stream) AS kpi_count
        FROM work_streams w
        ORDER BY w.sort_order, w.work_stream
        """
    )


@warehouse_cached
def work_stream_values(work_stream: str, area_codes: tuple[str, ...]) -> pd.DataFrame:
    """Every row (headline, groups, intersections) of each KPI of `work_stream` at `area_codes`
    for the KPI's latest and previous periods (`period_rank` 1 and 2).

    A KPI's rows for the work stream are used where the marts have them, else its "all" rows.
    `breakdown_label` names the characteristic (two joined by " & " for an intersection).
    When a breakdown's reference group is suppressed, the reference value, gap and ratio of
    every group of that breakdown are blanked too, so the hidden value cannot be read off them.
    """
    return query(
        f"""
        WITH stream_kpis AS (
            SELECT DISTINCT indicator_id FROM kpi_work_streams WHERE work_stream = $work_stream
        ), source AS (
            SELECT iv.indicator_id,
                   CASE WHEN bool_or(iv.work_stream = $work_stream) THEN $work_stream
                        ELSE 'all' END AS source_work_stream
            FROM indicator_values iv JOIN stream_kpis USING (indicator_id)
            WHERE iv.work_stream IN ('all', $work_stream)
            GROUP BY iv.indicator_id
        ), ranked AS (
            SELECT indicator_id, period_sort,
                   dense_rank() OVER (PARTITION BY indicator_id ORDER BY period_sort DESC)
                       AS period_rank
            FROM (SELECT DISTINCT iv.indicator_id, iv.period_sort
                  FROM indicator_values iv JOIN source s
                    ON s.indicator_id = iv.indicator_id
                   AND s.source_work_stream = iv.work_stream)
        ), marked AS (
            SELECT iv.*, r.period_rank,
                   bool_or(iv.is_reference_group AND iv.suppressed) OVER (
                       PARTITION BY iv.indicator_id, iv.period, iv.area_code, iv.breakdown
                   ) AS reference_suppressed
            FROM indicator_values iv
            JOIN source s ON s.indicator_id = iv.indicator_id
                         AND s.source_work_stream = iv.work_stream
            JOIN ranked r ON r.indicator_id = iv.indicator_id AND r.period_sort = iv.period_sort
            WHERE r.period_rank <= 2 AND list_contains($area_codes::VARCHAR[], iv.area_code)
        ), rows AS (
            SELECT * REPLACE (
                CASE WHEN reference_suppressed AND breakdown <> 'all' THEN NULL
                     ELSE benchmark_value END AS benchmark_value,
                CASE WHEN reference_suppressed THEN NULL
                     ELSE gap_to_reference END AS gap_to_reference,
                CASE WHEN reference_suppressed THEN NULL
                     ELSE ratio_to_reference END AS ratio_to_reference,
                CASE WHEN reference_suppressed THEN NULL
                     ELSE ratio_lower_ci_95 END AS ratio_lower_ci_95,
                CASE WHEN reference_suppressed THEN NULL
                     ELSE ratio_upper_ci_95 END AS ratio_upper_ci_95)
            FROM marked
        )
        SELECT {VALUE_SELECT},
               iv.period_rank, iv.reference_suppressed, l.area_name,
               g.sort_order AS group_sort_order,
               c1.breakdown_label || coalesce(' & ' || c2.breakdown_label, '') AS breakdown_label,
               coalesce(c1.sort_order, 999) AS breakdown_sort_order
        FROM rows iv
        LEFT JOIN localities l ON l.area_code = iv.area_code
        LEFT JOIN characteristic_groups g
               ON g.breakdown = iv.breakdown AND g.group_code = iv.group_code
        LEFT JOIN characteristics c1 ON c1.breakdown = split_part(iv.breakdown, '*', 1)
        LEFT JOIN characteristics c2 ON c2.breakdown = nullif(split_part(iv.breakdown, '*', 2), '')
        ORDER BY iv.indicator_id, iv.period_rank, l.sort_order, coalesce(c1.sort_order, 999),
                 iv.breakdown, g.sort_order NULLS LAST, iv.group_code
        """,
        {"work_stream": work_stream, "area_codes": list(area_codes)},
    )


@warehouse_cached
def periods_for_indicators(indicator_ids: tuple[str, ...], work_stream: str = ALL) -> pd.DataFrame:
    """The periods any of these KPIs has values for (in `work_stream`), newest first: the
    choices of a page's period list."""
    return query(
        """
        SELECT DISTINCT period, period_sort FROM indicator_values
        WHERE list_contains($indicator_ids::VARCHAR[], indicator_id)
          AND work_stream = $work_stream
        ORDER BY period_sort DESC
        """,
        {"indicator_ids": list(indicator_ids), "work_stream": work_stream},
    )


@warehouse_cached
def indicator_breakdowns(indicator_id: str) -> tuple[str, ...]:
    """Breakdowns one KPI has values for (characteristics, and "a*b" intersections)."""
    frame = query(
        "SELECT DISTINCT breakdown FROM indicator_values "
        "WHERE indicator_id = $indicator_id AND breakdown <> 'all' ORDER BY breakdown",
        {"indicator_id": indicator_id},
    )
    return tuple(frame["breakdown"])


@warehouse_cached
def funnel_limits(indicator_id: str, period: str, work_stream: str) -> pd.DataFrame:
    """The funnel plot's control limits from the build (`pipelines.comparisons`): rows with an
    `area_code` at that locality's denominator, with its `funnel_position`; the others are
    points of the curves, in order of denominator."""
    return query(
        """
        SELECT * FROM funnel_limits
        WHERE indicator_id = $indicator_id AND period = $period AND work_stream = $work_stream
        ORDER BY area_code NULLS LAST, curve_point
        """,
        {"indicator_id": indicator_id, "period": period, "work_stream": work_stream},
    )


@warehouse_cached
def similar_localities(work_stream: str, period: str, area_code: str) -> pd.DataFrame:
    """The localities most like `area_code` on the KPIs of `work_stream` in `period` ("latest"
    or a period), nearest first, from the build: `area_code`, `area_name`, `rank`,
    `distance`, `kpis_compared`."""
    return query(
        """
        SELECT s.similar_area_code AS area_code, l.area_name, s.rank, s.distance, s.kpis_compared
        FROM similar_localities s JOIN localities l ON l.area_code = s.similar_area_code
        WHERE s.work_stream = $work_stream AND s.period = $period AND s.area_code = $area_code
        ORDER BY s.rank
        """,
        {"work_stream": work_stream, "period": period, "area_code": area_code},
    )


@warehouse_cached
def published_comparators(indicator_id: str, period: str) -> pd.DataFrame:
    """A published indicator's comparator rows (England, region, ICB; headline only) for one
    period, as published: context beside GM, never the benchmark. Empty when there are none
    (or the warehouse predates `published_comparators`)."""
    exists = query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'published_comparators'")
    if not int(exists["n"].iloc[0]):
        return pd.DataFrame(columns=["area_code", "area_name", "value", "lower_ci_95", "upper_ci_95", "suppressed"])
    return query(
        """
        SELECT area_code, area_name, area_type,
               CASE WHEN suppressed THEN NULL ELSE value END AS value,
               CASE WHEN suppressed THEN NULL ELSE lower_ci_95 END AS lower_ci_95,
               CASE WHEN suppressed THEN NULL ELSE upper_ci_95 END AS upper_ci_95,
               suppressed, value_note
        FROM published_comparators
        WHERE CAST(indicator_id AS VARCHAR) = $indicator_id AND CAST(period AS VARCHAR) = $period
          AND CAST(breakdown AS VARCHAR) = 'all' AND CAST(group_code AS VARCHAR) = 'all'
        ORDER BY CASE WHEN CAST(area_code AS VARCHAR) LIKE 'E92%' THEN 0
                      WHEN CAST(area_code AS VARCHAR) LIKE 'E12%' THEN 1 ELSE 2 END, area_code
        """,
        {"indicator_id": indicator_id, "period": period},
    )


@warehouse_cached
def source_notes(indicator_ids: tuple[str, ...], period: str, area_code: str) -> pd.DataFrame:
    """Where KPIs' values for an area (at `period`, or each KPI's latest) count trusts' WRES /
    WDES returns: one row per KPI with the marts' words (`source_note`) and whether the headline
    value is among them. Empty when none do (or the warehouse predates `source_note`)."""
    empty = pd.DataFrame(columns=["indicator_id", "period", "note", "headline"])
    has = query(
        "SELECT count(*) AS n FROM information_schema.columns "
        "WHERE table_name = 'indicator_values' AND column_name = 'source_note'"
    )
    if not int(has["n"].iloc[0]):
        return empty
    return query(
        """
        WITH picked AS (
            SELECT indicator_id, arg_max(period, period_sort) AS period FROM indicator_values
            WHERE list_contains($indicator_ids::VARCHAR[], indicator_id)
              AND ($period = 'latest' OR period = $period)
            GROUP BY indicator_id
        )
        SELECT iv.indicator_id, iv.period, string_agg(DISTINCT iv.source_note, '; ') AS note,
               bool_or(iv.breakdown = 'all' AND iv.group_code = 'all') AS headline
        FROM indicator_values iv JOIN picked USING (indicator_id, period)
        WHERE iv.area_code = $area_code AND iv.source_note IS NOT NULL
        GROUP BY iv.indicator_id, iv.period
        ORDER BY iv.indicator_id
        """,
        {"indicator_ids": list(indicator_ids), "period": period, "area_code": area_code},
    )
