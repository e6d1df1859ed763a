"""The framework and its lookups: outcomes, KPIs, leads, action plans, areas, groups, periods."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard.warehouse.cache import warehouse_cached
from dashboard.warehouse.conventions import ALL
from dashboard.warehouse.db import query


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
def rag_rules() -> pd.DataFrame:
    """The framework's one RAG rule: each status with its label and the words that define it
    (the board key, the About page and downloads print these)."""
    return query("SELECT rag, label, rule FROM rag_rules ORDER BY sort_order")


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


@warehouse_cached
def benchmark_area() -> dict[str, str]:
    """The benchmark every locality is compared with (Greater Manchester): the region row of the
    `localities` lookup, as {"area_code", "area_name"}; the first area if there is none."""
    frame = query(
        "SELECT area_code, area_name FROM localities ORDER BY (area_type = 'region') DESC, sort_order LIMIT 1"
    )
    return {} if frame.empty else {k: str(v) for k, v in frame.iloc[0].to_dict().items()}
