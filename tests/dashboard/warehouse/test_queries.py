"""Data access against the fixture warehouse: right rows, bound parameters, no suppressed
numbers, and a rebuilt warehouse is seen at once."""

from __future__ import annotations

import shutil
import threading

import duckdb
import pandas as pd
import pytest

from dashboard import create_app
from dashboard.warehouse import conventions, db, framework, indicators
from tests.dashboard.fixture_warehouse import (
    AREAS,
    GM,
    KPIS,
    PERIODS,
    SUPPRESSED_HEADLINES,
    build_fixture_warehouse,
)


def test_kpis_in_framework_order_with_outcome_and_lead(app_context):
    kpis = framework.kpis()
    assert list(kpis["indicator_id"]) == [k[0] for k in KPIS]
    first = kpis.iloc[0]
    assert first["outcome_title"].startswith("People have a good experience")
    assert first["lead_role"] == "Director of Nursing"
    assert list(first["work_streams"]) == ["acute_specialist", "community_care"]


def test_kpis_of_one_work_stream(app_context):
    assert set(framework.kpis("workforce")["indicator_id"]) == {"WF01", "WF02", "WF03"}
    assert framework.kpis("no_such_stream").empty
    assert framework.kpi("WF01")["measure_type"] == "ratio"
    assert framework.kpi("nope") is None


def test_values_are_bound_parameters_not_sql(app_context):
    hostile = "all' OR '1'='1"
    assert framework.kpis(hostile).empty
    assert indicators.headline_values(hostile, "2024/25'; DROP TABLE kpis; --").empty
    assert not framework.kpis().empty  # still there


def test_lookups_come_from_the_warehouse(app_context):
    areas = framework.localities()
    assert areas["area_code"].iloc[0] == GM and len(areas) == 11
    assert len(framework.work_streams()) == 8
    assert list(framework.periods()["period"]) == list(reversed(PERIODS))
    groups = framework.characteristic_groups("sex")
    assert {"F", "M", "Z", "99"} <= set(groups["group_code"])
    assert framework.last_updated() == pd.Timestamp("2025-06-30 09:05")
    assert framework.framework_info()["title"] == "Equalities Performance Management Framework"


def test_headline_values_latest_one_row_per_kpi_and_area(app_context):
    values = indicators.headline_values()
    assert len(values) == len(KPIS) * len(AREAS)
    assert set(values["period"]) == {PERIODS[-1]}
    assert set(values["work_stream"]) == {"all"}
    assert not values.duplicated(["indicator_id", "area_code"]).any()


def test_headline_values_prefer_the_work_streams_own_rows(app_context):
    values = indicators.headline_values("acute_specialist", "2023/24")
    px01 = values[values["indicator_id"] == "PX01"]
    assert set(px01["work_stream"]) == {"acute_specialist"} and set(px01["period"]) == {"2023/24"}
    px02 = values[values["indicator_id"] == "PX02"]
    assert set(px02["work_stream"]) == {"all"}


def test_indicator_values_narrowed_by_arguments(app_context):
    trend = indicators.indicator_values("PX01", period="all", area_codes=(GM,), breakdowns=("all",))
    assert list(trend["period"]) == list(PERIODS)
    groups = indicators.indicator_values("PX01", breakdowns=("sex",))
    assert set(groups["group_code"]) == {"F", "M", "Z", "99"}
    assert list(groups[groups["area_code"] == GM]["group_code"]) == ["F", "M", "Z", "99"]
    assert set(groups["period"]) == {PERIODS[-1]}
    intersection = indicators.indicator_values("PX01", breakdowns=("ethnic_group*sex",))
    assert len(intersection) == 4 and intersection["group_label"].str.contains(" & ").all()


def _assert_no_numbers_on_suppressed_rows(frame: pd.DataFrame) -> None:
    suppressed = frame[frame["suppressed"]]
    assert len(suppressed) > 0
    for column in conventions.SUPPRESSIBLE_COLUMNS:
        assert suppressed[column].isna().all(), column


def test_no_suppressed_numbers(app_context):
    _assert_no_numbers_on_suppressed_rows(indicators.indicator_values("PX01", breakdowns=("ethnic_group",)))
    headline = indicators.headline_values()
    _assert_no_numbers_on_suppressed_rows(headline)
    assert set(map(tuple, headline[headline["suppressed"]][["indicator_id", "area_code"]].values)) == (
        SUPPRESSED_HEADLINES
    )


def test_numbers_a_mart_left_on_a_suppressed_row_never_reach_a_page(tmp_path):
    """Defence in depth: even a faulty mart cannot leak a suppressed count."""
    path = build_fixture_warehouse(tmp_path / "leaky.duckdb")
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE indicator_values SET numerator = 3, denominator = 4, value = 75.0, "
        "lower_ci_95 = 30, upper_ci_95 = 95 WHERE suppressed"
    )
    con.close()
    app = create_app(path)
    with app.server.test_request_context("/"):
        _assert_no_numbers_on_suppressed_rows(indicators.headline_values())
        _assert_no_numbers_on_suppressed_rows(indicators.indicator_values("PX01", breakdowns=("ethnic_group",)))


def test_a_rebuilt_warehouse_is_seen_at_once(tmp_path):
    path = build_fixture_warehouse(tmp_path / "warehouse.duckdb", seed=1)
    app = create_app(path)
    with app.server.test_request_context("/"):
        before = indicators.headline_values()["value"].sum()
        assert indicators.headline_values()["value"].sum() == before  # cached, same file
        replacement = build_fixture_warehouse(tmp_path / "next" / "warehouse.duckdb", seed=2)
        shutil.move(replacement, path)  # what a build does: os.replace over the old file
        after = indicators.headline_values()["value"].sum()
        assert after != before


def test_warehouse_is_read_only_and_cursors_are_per_thread(warehouse_path):
    warehouse = db.Warehouse(warehouse_path)
    with pytest.raises(duckdb.Error):
        warehouse.query("CREATE TABLE sneaky AS SELECT 1 AS x")
    results: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                frame = warehouse.query("SELECT count(*) AS n FROM kpis WHERE indicator_id <> ?", ["nope"])
                results.append(int(frame["n"].iloc[0]))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and results == [len(KPIS)] * 160
    assert len(warehouse._cursors) == 9  # the main thread's and one per worker thread
    warehouse.close()


def test_missing_warehouse_says_how_to_build_one(tmp_path):
    with pytest.raises(db.WarehouseMissingError, match="python -m pipelines build"):
        db.Warehouse(tmp_path / "absent.duckdb").query("SELECT 1")
