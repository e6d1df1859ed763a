"""Cached data access for the pages: every function returns a DataFrame (or a small dict).

All reads go through `dashboard.db` with bound parameters; results are memoized per worker
and keyed on the warehouse file, so a rebuild is picked up at once. Nothing here writes to
the warehouse or computes a statistic: the marts already hold every number a page shows.
Suppressed rows come back with every number NULL, whatever the mart holds.

Conventions: `work_stream="all"` means every work stream, `period="latest"` the latest
period with data. Arguments must be hashable (pass tuples, not lists).
"""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

import pandas as pd

from dashboard.cache import warehouse_cached
from dashboard.db import query

ALL = "all"
LATEST = "latest"

# A KPI value with what it counts and its 95% and 99.8% confidence intervals, in the order
# tables and downloads show them.
VALUE_COLUMNS = ("numerator", "denominator", "value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8")
# Columns of the marts that carry numbers and must be blank on a suppressed row.
SUPPRESSIBLE_COLUMNS = (
    *VALUE_COLUMNS,
    "gap_to_reference",
    "ratio_to_reference",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "change_since_previous",
)
# The columns of `indicator_values` every query of it returns, numbers blank when suppressed.
_VALUE_SELECT = ", ".join(
    ["iv.indicator_id", "iv.period", "iv.period_sort", "iv.area_code", "iv.work_stream",
     "iv.breakdown", "iv.group_code", "iv.group_label", "iv.is_unknown", "iv.is_reference_group"]
    + [f"CASE WHEN iv.suppressed THEN NULL ELSE iv.{c} END AS {c}" for c in SUPPRESSIBLE_COLUMNS]
    + ["iv.benchmark_value", "iv.comparison", "iv.comparison_99_8", "iv.trend", "iv.target",
       "iv.rag", "iv.suppressed", "iv.suppression_reason"]
)  # fmt: skip


# --- build and framework --------------------------------------------------------------


@warehouse_cached
def last_updated() -> pd.Timestamp | None:
    """When the warehouse was last built (the latest finished build)."""
    frame = query("SELECT max(finished_at) AS finished_at FROM builds")
    value = frame["finished_at"].iloc[0] if len(frame) else None
    return None if pd.isna(value) else pd.Timestamp(value)


@warehouse_cached
def framework_info() -> dict[str, Any]:
    """Title, version and approval of the framework the warehouse was built with."""
    frame = query("SELECT version, title, agreed_by, agreed_on FROM framework_info LIMIT 1")
    return {} if frame.empty else frame.iloc[0].to_dict()


@warehouse_cached
def domains() -> pd.DataFrame:
    return query("SELECT * FROM domains ORDER BY sort_order, domain_id")


@warehouse_cached
def outcomes() -> pd.DataFrame:
    return query(
        "SELECT o.*, d.domain_name FROM outcomes o LEFT JOIN domains d USING (domain_id) "
        "ORDER BY o.sort_order, o.outcome_id"
    )


@warehouse_cached
def leads() -> pd.DataFrame:
    return query("SELECT * FROM leads ORDER BY lead_id")


@warehouse_cached
def kpis(work_stream: str = ALL) -> pd.DataFrame:
    """KPIs in framework order (outcome, then KPI), with their outcome, domain, lead role and
    work streams; only those of `work_stream` unless it is "all"."""
    return query(
        """
        WITH streams AS (
            SELECT indicator_id, list(work_stream ORDER BY work_stream) AS work_streams
            FROM kpi_work_streams GROUP BY indicator_id
        )
        SELECT k.*, o.outcome_title, o.sort_order AS outcome_sort_order,
               d.domain_name, d.sort_order AS domain_sort_order, l.role AS lead_role,
               coalesce(s.work_streams, []::VARCHAR[]) AS work_streams
        FROM kpis k
        LEFT JOIN outcomes o ON o.outcome_id = k.outcome_id
        LEFT JOIN domains d ON d.domain_id = k.domain_id
        LEFT JOIN leads l ON l.lead_id = k.lead_id
        LEFT JOIN streams s ON s.indicator_id = k.indicator_id
        WHERE $work_stream = 'all' OR list_contains(s.work_streams, $work_stream)
        ORDER BY o.sort_order NULLS LAST, k.sort_order, k.indicator_id
        """,
        {"work_stream": work_stream},
    )


@warehouse_cached
def kpi(indicator_id: str) -> dict[str, Any] | None:
    """One KPI's framework entry, or None when the id is unknown."""
    frame = kpis(ALL)
    match = frame[frame["indicator_id"] == indicator_id]
    return None if match.empty else match.iloc[0].to_dict()


@warehouse_cached
def action_plans(indicator_id: str | None = None, work_stream: str = ALL) -> pd.DataFrame:
    """Action plans, optionally for one KPI and/or the KPIs of one work stream."""
    return query(
        """
        SELECT a.*, k.title AS indicator_title
        FROM action_plans a LEFT JOIN kpis k ON k.indicator_id = a.indicator_id
        WHERE ($indicator_id IS NULL OR a.indicator_id = $indicator_id)
          AND ($work_stream = 'all' OR EXISTS (
              SELECT 1 FROM kpi_work_streams w
              WHERE w.indicator_id = a.indicator_id AND w.work_stream = $work_stream))
        ORDER BY a.due_date NULLS LAST, a.action_id
        """,
        {"indicator_id": indicator_id, "work_stream": work_stream},
    )


# --- lookups: the options of every filter ---------------------------------------------


@warehouse_cached
def localities() -> pd.DataFrame:
    """Greater Manchester and the 10 localities, benchmark first."""
    return query("SELECT * FROM localities ORDER BY (area_type = 'region') DESC, sort_order, area_name")


@warehouse_cached
def work_streams() -> pd.DataFrame:
    return query("SELECT * FROM work_streams ORDER BY sort_order, work_stream")


@warehouse_cached
def characteristics() -> pd.DataFrame:
    """Characteristics a KPI can be broken down by (the 'all' row is 'everyone')."""
    return query("SELECT * FROM characteristics ORDER BY sort_order, breakdown")


@warehouse_cached
def characteristic_groups(breakdown: str | None = None) -> pd.DataFrame:
    """Groups of one characteristic, or of all; "Not stated" / "Not known" included."""
    return query(
        "SELECT * FROM characteristic_groups WHERE $breakdown IS NULL OR breakdown = $breakdown "
        "ORDER BY breakdown, sort_order, group_code",
        {"breakdown": breakdown},
    )


@warehouse_cached
def periods() -> pd.DataFrame:
    """Reporting periods, newest first."""
    return query("SELECT * FROM periods ORDER BY sort_order DESC")


# --- marts ------------------------------------------------------------------------------


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
        SELECT {_VALUE_SELECT}, l.area_name
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
        SELECT {_VALUE_SELECT}, l.area_name, g.sort_order AS group_sort_order
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


# --- one KPI in detail (the /indicators/<id> page) ----------------------------------------


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
def latest_load(extract: str) -> dict[str, Any] | None:
    """The latest finished load of one source extract (file, rows, finish time), or None."""
    frame = query(
        """
        SELECT extract, source_file, rows_read, rows_loaded, rows_rejected, status, finished_at,
               build_id
        FROM load_audit
        WHERE extract = $extract AND finished_at IS NOT NULL AND status <> 'failed'
        ORDER BY finished_at DESC LIMIT 1
        """,
        {"extract": extract},
    )
    return None if frame.empty else frame.iloc[0].to_dict()


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
        {"indicator_id": indicator_id, "period": period, "work_stream": work_stream,
         "area_codes": list(area_codes)},
    )  # fmt: skip


# --- workforce (WRES / WDES) and patient experience pages -------------------------------


@warehouse_cached
def organisations() -> pd.DataFrame:
    """NHS trusts, the ICB and councils, with the name of their home locality."""
    return query(
        """
        SELECT o.*, l.area_name AS locality_name
        FROM organisations o LEFT JOIN localities l ON l.area_code = o.locality_code
        ORDER BY o.organisation_name
        """
    )


@warehouse_cached
def representation_periods() -> pd.DataFrame:
    """Periods of the `workforce_representation` mart, newest first."""
    return query(
        """
        SELECT DISTINCT r.period, p.sort_order
        FROM workforce_representation r LEFT JOIN periods p ON p.period = r.period
        ORDER BY p.sort_order DESC NULLS LAST, r.period DESC
        """
    )


@warehouse_cached
def workforce_representation(
    breakdown: str,
    *,
    period: str = LATEST,
    area_codes: tuple[str, ...] | None = None,
    organisation_codes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Staff by band cluster, board and all staff, and the local working-age population, for
    one characteristic: one row per period x area x organisation x group x level.

    `period="latest"` is the mart's latest period; `area_codes` / `organisation_codes` narrow
    the rows (organisation "all" is a whole area; organisations sit under Greater Manchester).
    `level_label` and `level_sort` come from the band lookup for band clusters and are NULL
    for board, all staff and population. Suppressed rows have staff, share and CIs NULL.
    """
    return query(
        """
        WITH clusters AS (
            SELECT wdes_cluster, any_value(wdes_cluster_label) AS level_label,
                   min(sort_order) AS level_sort
            FROM bands GROUP BY wdes_cluster
        )
        SELECT r.period, r.area_code, l.area_name, r.organisation_code, o.organisation_name,
               o.organisation_type, o.locality_code AS organisation_locality, r.breakdown,
               r.group_code, g.group_label, g.is_unknown, g.sort_order AS group_sort_order,
               r.level, c.level_label, c.level_sort,
               CASE WHEN r.suppressed THEN NULL ELSE r.staff END AS staff,
               r.total,
               CASE WHEN r.suppressed THEN NULL ELSE r.share END AS share,
               CASE WHEN r.suppressed THEN NULL ELSE r.lower_ci_95 END AS lower_ci_95,
               CASE WHEN r.suppressed THEN NULL ELSE r.upper_ci_95 END AS upper_ci_95,
               r.suppressed, r.suppression_reason
        FROM workforce_representation r
        LEFT JOIN localities l ON l.area_code = r.area_code
        LEFT JOIN organisations o ON o.organisation_code = r.organisation_code
        LEFT JOIN characteristic_groups g
               ON g.breakdown = r.breakdown AND g.group_code = r.group_code
        LEFT JOIN clusters c ON c.wdes_cluster = r.level
        WHERE r.breakdown = $breakdown
          AND ($area_codes::VARCHAR[] IS NULL OR list_contains($area_codes::VARCHAR[], r.area_code))
          AND ($organisation_codes::VARCHAR[] IS NULL
               OR list_contains($organisation_codes::VARCHAR[], r.organisation_code))
          AND CASE WHEN $period = 'latest'
                   THEN r.period = (SELECT period FROM workforce_representation
                                    LEFT JOIN periods USING (period)
                                    ORDER BY sort_order DESC NULLS LAST, period DESC LIMIT 1)
                   ELSE r.period = $period END
        ORDER BY l.sort_order, o.organisation_name NULLS FIRST, g.sort_order NULLS LAST,
                 r.group_code, c.level_sort NULLS LAST, r.level
        """,
        {
            "breakdown": breakdown,
            "period": period,
            "area_codes": None if area_codes is None else list(area_codes),
            "organisation_codes": None if organisation_codes is None else list(organisation_codes),
        },
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
        SELECT {_VALUE_SELECT}, l.area_name, g.sort_order AS group_sort_order
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


# --- work stream assurance (/work-streams) ----------------------------------------------


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
        SELECT {_VALUE_SELECT},
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


# --- data quality (/data-quality) -----------------------------------------------------

# How a reject's reason is grouped: its first reason, without the quoted offending value or
# the detail after a colon (the same rule as the build's summary in `pipelines.build`).
_REJECT_KIND = (
    "trim(split_part(split_part(split_part(coalesce(CAST(r.reason AS VARCHAR), 'no reason given'),"
    " ';', 1), ':', 1), '''', 1))"
)


@warehouse_cached
def data_completeness(
    *,
    period: str = LATEST,
    area_codes: tuple[str, ...] | None = None,
    breakdown: str | None = None,
) -> pd.DataFrame:
    """Not stated / Not known shares by source, area and characteristic.

    `period="latest"` is each source's latest period. Suppressed rows have every count and
    the share NULL.
    """
    return query(
        """
        WITH latest AS (
            SELECT dc.source, arg_max(dc.period, coalesce(p.sort_order, 0)) AS latest_period
            FROM data_completeness dc LEFT JOIN periods p ON p.period = dc.period
            GROUP BY dc.source
        )
        SELECT dc.source, dc.period, dc.area_code, l.area_name, l.area_type,
               l.sort_order AS area_sort_order,
               dc.breakdown, coalesce(c.breakdown_label, dc.breakdown) AS breakdown_label,
               coalesce(c.sort_order, 999) AS breakdown_sort_order,
               CASE WHEN dc.suppressed THEN NULL ELSE dc.records END AS records,
               CASE WHEN dc.suppressed THEN NULL ELSE dc.not_stated END AS not_stated,
               CASE WHEN dc.suppressed THEN NULL ELSE dc.not_known END AS not_known,
               CASE WHEN dc.suppressed THEN NULL ELSE dc.unknown_share END AS unknown_share,
               dc.suppressed
        FROM data_completeness dc
        JOIN latest USING (source)
        LEFT JOIN localities l ON l.area_code = dc.area_code
        LEFT JOIN characteristics c ON c.breakdown = dc.breakdown
        WHERE CASE WHEN $period = 'latest' THEN dc.period = latest.latest_period
                   ELSE dc.period = $period END
          AND ($area_codes::VARCHAR[] IS NULL
               OR list_contains($area_codes::VARCHAR[], dc.area_code))
          AND ($breakdown IS NULL OR dc.breakdown = $breakdown)
        ORDER BY dc.source, coalesce(c.sort_order, 999), dc.breakdown, l.sort_order
        """,
        {
            "period": period,
            "area_codes": None if area_codes is None else list(area_codes),
            "breakdown": breakdown,
        },
    )


@warehouse_cached
def declared_disability(area_code: str) -> pd.DataFrame:
    """Staff declaring a disability in staff records (ESR) beside staff-survey respondents who
    say they are disabled, by period, at one area.

    Staff records: the `workforce_representation` share (all staff, group "Y") with its CI.
    Survey: the disabled and all respondents of the staff-survey KPI with the most respondents
    that period (from `indicator_values` denominators), and the disabled share of them.
    """
    return query(
        """
        WITH esr AS (
            SELECT period,
                   CASE WHEN suppressed THEN NULL ELSE staff END AS esr_disabled,
                   total AS esr_staff,
                   CASE WHEN suppressed THEN NULL ELSE share END AS esr_share,
                   CASE WHEN suppressed THEN NULL ELSE lower_ci_95 END AS esr_lower_ci_95,
                   CASE WHEN suppressed THEN NULL ELSE upper_ci_95 END AS esr_upper_ci_95,
                   suppressed AS esr_suppressed
            FROM workforce_representation
            WHERE area_code = $area_code AND organisation_code = 'all' AND breakdown = 'disability'
              AND level = 'all_staff' AND group_code = 'Y'
        ), survey AS (
            SELECT iv.period, iv.indicator_id AS survey_indicator_id, k.title AS survey_indicator,
                   max(iv.denominator) FILTER (WHERE iv.breakdown = 'disability'
                       AND iv.group_code = 'Y' AND NOT iv.suppressed) AS survey_disabled,
                   max(iv.denominator) FILTER (WHERE iv.breakdown = 'all'
                       AND NOT iv.suppressed) AS survey_respondents
            FROM indicator_values iv JOIN kpis k ON k.indicator_id = iv.indicator_id
            WHERE k.source = 'staff_survey' AND list_contains(k.breakdowns, 'disability')
              AND iv.area_code = $area_code AND iv.work_stream = 'all'
              AND iv.breakdown IN ('all', 'disability')
            GROUP BY iv.period, iv.indicator_id, k.title
            QUALIFY row_number() OVER (
                PARTITION BY iv.period
                ORDER BY survey_respondents DESC NULLS LAST, iv.indicator_id) = 1
        )
        SELECT period, esr.* EXCLUDE (period), survey.* EXCLUDE (period),
               100.0 * survey.survey_disabled / nullif(survey.survey_respondents, 0) AS survey_share
        FROM esr FULL JOIN survey USING (period)
        LEFT JOIN periods p USING (period)
        ORDER BY p.sort_order NULLS LAST, period
        """,
        {"area_code": area_code},
    )


@warehouse_cached
def load_history() -> pd.DataFrame:
    """Every file every build loaded, newest build first, with the build's finish time."""
    return query(
        """
        SELECT a.*, b.finished_at AS build_finished_at, b.status AS build_status,
               b.framework_version
        FROM load_audit a LEFT JOIN builds b ON b.build_id = a.build_id
        ORDER BY b.finished_at DESC NULLS LAST, a.build_id DESC, a.load_id
        """
    )


@warehouse_cached
def reject_reasons() -> pd.DataFrame:
    """Rejected rows grouped by kind of reason (offending values stripped) and extract."""
    return query(
        f"""
        SELECT {_REJECT_KIND} AS reason_kind, CAST(r.extract AS VARCHAR) AS extract,
               count(DISTINCT r.source_file) AS files, count(*) AS rows
        FROM rejects r
        GROUP BY ALL
        ORDER BY rows DESC, reason_kind, extract
        """
    )


@warehouse_cached
def reject_rows(per_reason: int | None = None, max_characters: int = 120) -> pd.DataFrame:
    """Rejected rows with file, line, reason and the raw text cut to `max_characters`; the
    first `per_reason` of each kind of reason (all of them when None)."""
    return query(
        f"""
        SELECT {_REJECT_KIND} AS reason_kind, r.load_id, CAST(r.extract AS VARCHAR) AS extract,
               CAST(r.source_file AS VARCHAR) AS source_file, r.line_number,
               CAST(r.reason AS VARCHAR) AS reason,
               left(CAST(r.raw_text AS VARCHAR), $max_characters) AS raw_text,
               length(CAST(r.raw_text AS VARCHAR)) > $max_characters AS raw_text_cut
        FROM rejects r
        QUALIFY $per_reason IS NULL OR row_number() OVER (
            PARTITION BY reason_kind ORDER BY r.load_id, r.line_number) <= $per_reason
        ORDER BY reason_kind, r.load_id, r.line_number
        """,
        {"per_reason": per_reason, "max_characters": max_characters},
    )


# --- voices (/voices) -------------------------------------------------------------------

# Each voice's own (characteristic, group), plus, for an NHS ethnic category, the ONS ethnic
# group and the WRES White / BME group it belongs to, so filtering by either finds it.
_VOICE_GROUPS = """
    SELECT v.{key}, v.{characteristic} AS breakdown, v.group_code FROM {table} v
    UNION ALL
    SELECT v.{key}, 'ethnic_group', e.ons_group FROM {table} v
    JOIN ethnic_categories e ON e.ethnic_category = v.group_code
    WHERE v.{characteristic} = 'ethnicity'
    UNION ALL
    SELECT v.{key}, 'wres_ethnicity', e.wres_group FROM {table} v
    JOIN ethnic_categories e ON e.ethnic_category = v.group_code
    WHERE v.{characteristic} = 'ethnicity'
"""
_VOICE_FILTERS = """
    ($area_code IS NULL OR v.{area} = $area_code)
    AND ($work_stream = 'all' OR v.work_stream = $work_stream)
    AND ($outcome_id = 'all' OR v.outcome_id = $outcome_id)
    AND ($theme = 'all' OR v.theme = $theme)
    AND ($breakdown = 'all' OR EXISTS (
        SELECT 1 FROM voice_groups vg
        WHERE vg.{key} = v.{key} AND vg.breakdown = $breakdown
          AND ($group_code = 'all' OR vg.group_code = $group_code)))
"""


class VoiceFilters(TypedDict, total=False):
    """What `voices` and `voice_counts` narrow to, all optional: "all" (None for `area_code`,
    every area) leaves a filter out."""

    area_code: str | None
    work_stream: str
    breakdown: str
    group_code: str
    outcome_id: str
    theme: str


_EVERY_VOICE: VoiceFilters = {"area_code": None, "work_stream": ALL, "breakdown": ALL, "group_code": ALL,
                              "outcome_id": ALL, "theme": ALL}  # fmt: skip


def _voice_parameters(filters: VoiceFilters) -> dict[str, Any]:
    unknown = set(filters) - set(_EVERY_VOICE)
    if unknown:
        raise TypeError(f"unknown voice filter(s): {', '.join(sorted(unknown))}")
    return {**_EVERY_VOICE, **filters}


@warehouse_cached
def voices(**filters: Unpack[VoiceFilters]) -> pd.DataFrame:
    """Consented quotes (the loader rejects any without consent) by outcome, newest first,
    with the names of their locality, work stream, outcome, characteristic and group."""
    groups = _VOICE_GROUPS.format(key="voice_id", characteristic="characteristic", table="voices")
    where = _VOICE_FILTERS.format(key="voice_id", area="locality_code")
    return query(
        f"""
        WITH voice_groups AS ({groups})
        SELECT v.voice_id, v.collected_date, v.locality_code, l.area_name, v.work_stream,
               w.work_stream_name, v.outcome_id, o.outcome_title,
               o.sort_order AS outcome_sort_order,
               v.characteristic, c.breakdown_label,
               CASE WHEN v.characteristic = 'all' THEN 'No particular group'
                    ELSE coalesce(g.group_label, v.group_code) END AS group_label,
               v.theme, v.quote
        FROM voices v
        LEFT JOIN localities l ON l.area_code = v.locality_code
        LEFT JOIN work_streams w ON w.work_stream = v.work_stream
        LEFT JOIN outcomes o ON o.outcome_id = v.outcome_id
        LEFT JOIN characteristics c ON c.breakdown = v.characteristic
        LEFT JOIN characteristic_groups g
               ON g.breakdown = v.characteristic AND g.group_code = v.group_code
        WHERE {where}
        ORDER BY o.sort_order NULLS LAST, v.outcome_id, v.collected_date DESC, v.voice_id
        """,
        _voice_parameters(filters),
    )


@warehouse_cached
def voice_counts(**filters: Unpack[VoiceFilters]) -> pd.DataFrame:
    """Voices heard per outcome and group (the `voice_counts` mart), under the same filters as
    `voices`, most voices first within each outcome."""
    groups = _VOICE_GROUPS.format(key="row_id", characteristic="breakdown", table="counted")
    where = _VOICE_FILTERS.format(key="row_id", area="area_code")
    return query(
        f"""
        WITH counted AS (SELECT row_number() OVER () AS row_id, * FROM voice_counts),
        voice_groups AS ({groups})
        SELECT v.outcome_id, o.outcome_title, o.sort_order AS outcome_sort_order,
               v.breakdown, c.breakdown_label, v.group_code,
               CASE WHEN v.breakdown = 'all' THEN 'No particular group'
                    ELSE coalesce(g.group_label, v.group_code) END AS group_label,
               CAST(sum(v.voices) AS BIGINT) AS voices
        FROM counted v
        LEFT JOIN outcomes o ON o.outcome_id = v.outcome_id
        LEFT JOIN characteristics c ON c.breakdown = v.breakdown
        LEFT JOIN characteristic_groups g
               ON g.breakdown = v.breakdown AND g.group_code = v.group_code
        WHERE {where}
        GROUP BY ALL
        ORDER BY o.sort_order NULLS LAST, v.outcome_id, voices DESC, c.breakdown_label, group_label
        """,
        _voice_parameters(filters),
    )


@warehouse_cached
def voice_themes() -> pd.DataFrame:
    """The themes voices are tagged with, most voices first."""
    return query(
        "SELECT theme, CAST(sum(voices) AS BIGINT) AS voices FROM voice_counts GROUP BY theme "
        "ORDER BY voices DESC, theme"
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
