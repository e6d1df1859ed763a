"""The fact tables the indicator engine can count from, and how each one gives an area,
a period and groups. KPI rules in the framework name a source and its columns."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.extracts import EXTRACT_BY_NAME


@dataclass(frozen=True)
class Source:
    table: str
    columns: frozenset[str]  # columns a rule may filter on, sum or group by
    aggregated: bool  # groups come from `characteristic` / `group_code` columns, not people
    area_sql: str  # the locality code of a row
    needs_sum: bool = False  # rows are counts already: a rule must name the column to add up
    join_sql: str = ""
    gm_rows_given: bool = False  # the source carries its own Greater Manchester rows
    date_column: str | None = None  # for quarterly KPIs
    work_stream_column: str | None = None
    breakdown_column: str = "characteristic"
    total_is_all_rows: bool = False  # each row is one person in one group: the total counts all rows


def _columns(extract: str, *derived: str) -> frozenset[str]:
    return frozenset([c.name for c in EXTRACT_BY_NAME[extract].columns] + list(derived))


SOURCES: dict[str, Source] = {
    "workforce": Source(
        "workforce",
        _columns("workforce", "period", "wdes_cluster", "ethnic_group", "wres_ethnicity"),
        aggregated=False,
        area_sql="f.locality_code",
        date_column="snapshot_date",
    ),
    "workforce_events": Source(
        "workforce_events",
        _columns("workforce_events", "period", "ethnic_group", "wres_ethnicity"),
        aggregated=False,
        area_sql="f.locality_code",
        date_column="event_date",
    ),
    "patient_experience": Source(
        "patient_experience",
        _columns("patient_experience", "period", "ethnic_group", "wres_ethnicity"),
        aggregated=False,
        area_sql="f.locality_code",
        date_column="response_date",
        work_stream_column="work_stream",
    ),
    "staff_survey": Source(
        "staff_survey_kpi",  # staff_survey with trusts' WRES / WDES returns (pipelines.workforce_returns)
        _columns("staff_survey", "period"),
        aggregated=True,
        needs_sum=True,
        area_sql="o.locality_code",
        join_sql="JOIN organisations o ON o.organisation_code = f.organisation_code",
    ),
    "population": Source(
        "population",
        _columns("population"),
        aggregated=True,
        needs_sum=True,
        area_sql="f.locality_code",
    ),
    "other_indicators": Source(
        "other_indicators",
        _columns("other_indicators"),
        aggregated=True,
        needs_sum=True,
        area_sql="f.area_code",
        gm_rows_given=True,
        breakdown_column="breakdown",
    ),
    "voices": Source(
        "voices",
        _columns("voices", "period"),
        aggregated=True,
        area_sql="f.locality_code",
        date_column="collected_date",
        work_stream_column="work_stream",
        total_is_all_rows=True,
    ),
}
