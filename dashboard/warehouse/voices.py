"""Voices: consented quotes and themes from engagement work, with their counts."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

import pandas as pd

from dashboard.warehouse.cache import warehouse_cached
from dashboard.warehouse.conventions import ALL
from dashboard.warehouse.db import query

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


_EVERY_VOICE: VoiceFilters = {
    "area_code": None,
    "work_stream": ALL,
    "breakdown": ALL,
    "group_code": ALL,
    "outcome_id": ALL,
    "theme": ALL,
}


def _voice_parameters(filters: VoiceFilters) -> dict[str, Any]:
    unknown = set(filters) - set(_EVERY_VOICE)
    if unknown:
        raise TypeError(f"unknown voice filter(s): {', '.join(sorted(unknown))}")
    return {**_EVERY_VOICE, **filters}


@warehouse_cached
def voices(**filters: Unpack[VoiceFilters]) -> pd.DataFrame:
    """Consented quotes (the loader rejects any without consent) by outcome, newest first,
    with the names of their locality, work stream, outcome, characteristic and group; a quote
    recorded more than once under an outcome comes once, with `times_recorded`."""
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
               v.theme, v.quote,
               count(*) OVER (PARTITION BY v.outcome_id, v.quote) AS times_recorded
        FROM voices v
        LEFT JOIN localities l ON l.area_code = v.locality_code
        LEFT JOIN work_streams w ON w.work_stream = v.work_stream
        LEFT JOIN outcomes o ON o.outcome_id = v.outcome_id
        LEFT JOIN characteristics c ON c.breakdown = v.characteristic
        LEFT JOIN characteristic_groups g
               ON g.breakdown = v.characteristic AND g.group_code = v.group_code
        WHERE {where}
        -- the same words recorded more than once (several events or groups) are shown once
        QUALIFY row_number() OVER (PARTITION BY v.outcome_id, v.quote
                                   ORDER BY v.collected_date DESC, v.voice_id) = 1
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
