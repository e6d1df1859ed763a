"""Workforce representation against the population, and declared disability in staff records."""

from __future__ import annotations

import pandas as pd

from dashboard.warehouse.cache import warehouse_cached
from dashboard.warehouse.conventions import LATEST
from dashboard.warehouse.db import query


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
