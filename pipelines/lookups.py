"""Write the conformed dimensions (lookup tables) from `pipelines.reference`."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import reference as ref


def _write(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("lookup_frame", frame)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM lookup_frame")
    con.unregister("lookup_frame")


def create_lookup_tables(con: duckdb.DuckDBPyConnection) -> None:
    _write(
        con,
        "localities",
        pd.DataFrame(
            [(ref.GM_CODE, ref.GM_NAME, "region", sum(lc.population for lc in ref.LOCALITIES), None, None, 0)]
            + [
                (lc.code, lc.name, "locality", lc.population, lc.hex_col, lc.hex_row, i + 1)
                for i, lc in enumerate(sorted(ref.LOCALITIES, key=lambda lc: lc.name))
            ],
            columns=["area_code", "area_name", "area_type", "population", "hex_col", "hex_row", "sort_order"],
        ),
    )
    _write(
        con,
        "organisations",
        pd.DataFrame(
            [(o.code, o.name, o.kind, o.locality_code) for o in ref.ORGANISATIONS],
            columns=["organisation_code", "organisation_name", "organisation_type", "locality_code"],
        ),
    )
    _write(
        con,
        "work_streams",
        pd.DataFrame(
            [(code, name, i) for i, (code, name) in enumerate(ref.WORK_STREAMS.items())],
            columns=["work_stream", "work_stream_name", "sort_order"],
        ),
    )
    _write(
        con,
        "characteristics",
        pd.DataFrame(
            [("all", "All people", False, None, 0)]
            + [(c.code, c.label, c.protected, c.derived_from, i + 1) for i, c in enumerate(ref.CHARACTERISTICS)],
            columns=["breakdown", "breakdown_label", "protected", "derived_from", "sort_order"],
        ),
    )
    groups = [("all", "all", "All people", False, 0)]
    for c in ref.CHARACTERISTICS:
        for i, (code, label) in enumerate(c.all_groups()):
            groups.append((c.code, code, label, code in ref.UNKNOWN_GROUPS, i))
    groups += [("age_esp", band, band, False, i) for i, band in enumerate(ref.ESP_AGE_BANDS)]
    _write(
        con,
        "characteristic_groups",
        pd.DataFrame(groups, columns=["breakdown", "group_code", "group_label", "is_unknown", "sort_order"]),
    )
    _write(
        con,
        "ethnic_categories",
        pd.DataFrame(
            [(code, label, ons, wres) for code, (label, ons, wres) in ref.ETHNIC_CATEGORIES.items()],
            columns=["ethnic_category", "label", "ons_group", "wres_group"],
        ),
    )
    _write(
        con,
        "bands",
        pd.DataFrame(
            [
                (code, label, cluster, ref.BAND_CLUSTERS[cluster], i)
                for i, (code, label, cluster) in enumerate(ref.AFC_BANDS)
            ],
            columns=["afc_band", "band_label", "wdes_cluster", "wdes_cluster_label", "sort_order"],
        ),
    )
    _write(
        con,
        "standard_population",
        pd.DataFrame(
            {
                "age_band": list(ref.ESP_AGE_BANDS),
                "esp_2013": list(ref.ESP_2013),
                "sort_order": list(range(len(ref.ESP_AGE_BANDS))),
            }
        ),
    )


def create_periods(con: duckdb.DuckDBPyConnection) -> None:
    """Every period any fact uses, typed and ordered (financial years `2024/25`, calendar
    years `2024`, anything else kept as given)."""
    con.execute(
        """
        CREATE OR REPLACE TABLE periods AS
        WITH seen AS (
            SELECT DISTINCT period FROM (
                SELECT period FROM workforce UNION ALL SELECT period FROM workforce_events
                UNION ALL SELECT period FROM staff_survey UNION ALL SELECT period FROM patient_experience
                UNION ALL SELECT period FROM other_indicators UNION ALL SELECT period FROM published_indicators
            ) WHERE period IS NOT NULL
        ), typed AS (
            SELECT period,
                CASE WHEN regexp_full_match(period, '\\d{4}/\\d{2}') THEN 'financial_year'
                     WHEN regexp_full_match(period, '\\d{4}') THEN 'calendar_year'
                     ELSE 'other' END AS period_type,
                CASE WHEN regexp_full_match(period, '\\d{4}/\\d{2}')
                        THEN make_date(CAST(left(period, 4) AS INTEGER), 4, 1)
                     WHEN regexp_full_match(period, '\\d{4}')
                        THEN make_date(CAST(period AS INTEGER), 1, 1) END AS start_date
            FROM seen
        )
        SELECT period, period_type, start_date,
            CAST(start_date + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE) AS end_date,
            CAST(row_number() OVER (ORDER BY start_date NULLS LAST, period) AS INTEGER) AS sort_order
        FROM typed ORDER BY sort_order
        """
    )
