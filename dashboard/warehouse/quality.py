"""Data quality: loads, completeness ("not stated" shares) and rejected records."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.warehouse.cache import warehouse_cached
from dashboard.warehouse.conventions import LATEST
from dashboard.warehouse.db import query


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


def _has_table(table: str, column: str | None = None) -> bool:
    found = query(
        "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = $table"
        " AND ($column IS NULL OR column_name = $column)",
        {"table": table, "column": column},
    )
    return bool(found["n"].iloc[0])


@warehouse_cached
def reject_summary() -> pd.DataFrame | None:
    """Rejected records counted by file (its name only), kind of reason and column, as the
    build wrote them in `reject_summary`: counts only, no value from any record, so safe for
    a public page. None when the warehouse predates that table."""
    if not _has_table("reject_summary"):
        return None
    return query(
        """
        SELECT CAST(extract AS VARCHAR) AS extract, source_file, reason_kind, column_name, rows
        FROM reject_summary
        ORDER BY load_id, rows DESC, reason_kind
        """
    )


@warehouse_cached
def reject_rows(per_reason: int | None = None, max_characters: int = 120) -> pd.DataFrame | None:
    """Rejected records with file, line, key, reason and the raw text cut to `max_characters`;
    the first `per_reason` of each kind of reason (all of them when None). Row-level data:
    only for a signed-in view (`access.require_internal(personal_data=True)`). None when the
    warehouse predates `rejects.reason_kind`."""
    if not _has_table("rejects", "reason_kind"):
        return None
    return query(
        """
        SELECT r.reason_kind, r.column_name, r.load_id, CAST(r.extract AS VARCHAR) AS extract,
               CAST(r.source_file AS VARCHAR) AS source_file, r.line_number, r.row_key,
               CAST(r.reason AS VARCHAR) AS reason,
               left(CAST(r.raw_text AS VARCHAR), $max_characters) AS raw_text,
               length(CAST(r.raw_text AS VARCHAR)) > $max_characters AS raw_text_cut
        FROM rejects r
        QUALIFY $per_reason IS NULL OR row_number() OVER (
            PARTITION BY r.reason_kind ORDER BY r.load_id, r.line_number) <= $per_reason
        ORDER BY r.reason_kind, r.load_id, r.line_number
        """,
        {"per_reason": per_reason, "max_characters": max_characters},
    )
