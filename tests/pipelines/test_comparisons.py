"""Funnel-plot control limits and similar localities, computed once in the build."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines import comparisons, stats

AREAS = [("GM", "Greater Manchester", "region", 0)] + [
    (code, f"Locality {code}", "locality", i) for i, code in enumerate("ABCDE", start=1)
]


def _warehouse(rows: list[tuple], measures: dict[str, tuple[str, float | None]]) -> duckdb.DuckDBPyConnection:
    """A warehouse with just the tables the comparisons read. `rows`: (indicator, period,
    work_stream, area, value, denominator, suppressed), and optionally the 95% CI after them."""
    con = duckdb.connect()
    columns = ["indicator_id", "period", "work_stream", "area_code", "value", "denominator", "suppressed"]
    values = pd.DataFrame(
        [(*row, *[float("nan")] * (9 - len(row))) for row in rows], columns=[*columns, "lower_ci_95", "upper_ci_95"]
    ).assign(breakdown="all", group_code="all")
    values["period_sort"] = values["period"].map({"2023/24": 1, "2024/25": 2})
    kpis = pd.DataFrame(
        [(k, m, mult) for k, (m, mult) in measures.items()], columns=["indicator_id", "measure_type", "multiplier"]
    )
    localities = pd.DataFrame(AREAS, columns=["area_code", "area_name", "area_type", "sort_order"])
    for name, frame in {
        "indicator_values": values,
        "kpis": kpis,
        "localities": localities,
        "work_streams": pd.DataFrame({"work_stream": ["workforce"]}),
        "kpi_work_streams": pd.DataFrame({"indicator_id": list(measures), "work_stream": "workforce"}),
    }.items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
        con.unregister("frame")
    return con


def test_proportion_limits_are_wilson_limits_around_gm():
    n = np.array([50.0, 500.0, 5000.0])
    lower, upper = comparisons.control_limits(80.0, n, measure_type="proportion", scale=100, confidence=0.95)
    expected_lower, expected_upper = stats.wilson_ci(0.8 * n, n, 0.95)
    assert lower == pytest.approx(expected_lower * 100)
    assert upper == pytest.approx(expected_upper * 100)
    assert np.all(np.diff(upper - lower) < 0)  # the funnel narrows as the denominator grows
    wide = comparisons.control_limits(80.0, n, measure_type="proportion", scale=100, confidence=0.998)
    assert (wide[0] < lower).all() and (wide[1] > upper).all()


def test_rate_limits_are_poisson_limits_of_the_expected_count():
    lower, upper = comparisons.control_limits(
        12.0, [2_000.0, 200_000.0], measure_type="rate", scale=1000, confidence=0.95
    )
    expected = stats.rate_ci(np.array([24.0, 2400.0]), np.array([2_000.0, 200_000.0]), 1000, 0.95)
    assert lower == pytest.approx(expected[0]) and upper == pytest.approx(expected[1])
    with pytest.raises(ValueError):  # a relative likelihood's limits are by precision, not denominator
        comparisons.control_limits(1.0, [100], measure_type="ratio", scale=1, confidence=0.95)


def test_funnel_limits_for_published_localities_and_the_curves():
    rows = [("P1", "2024/25", "all", "GM", 80.0, 10_000, False)]
    rows += [
        ("P1", "2024/25", "all", code, value, 1_000, code == "E")
        for code, value in zip("ABCDE", [80.0, 84.0, 70.0, 79.0, 99.0], strict=True)
    ]
    con = _warehouse(rows, {"P1": ("proportion", 100.0)})
    comparisons.build_comparisons(con)
    limits = con.execute("SELECT * FROM funnel_limits ORDER BY area_code, curve_point").df()
    assert set(limits["x_axis"]) == {"denominator"} and limits["precision"].isna().all()
    areas = limits[limits["area_code"].notna()].set_index("area_code")
    assert list(areas.index) == ["A", "B", "C", "D"]  # the suppressed locality gets no row
    assert areas.loc["A", "funnel_position"] == "Inside the 95% limits"
    assert areas.loc["C", "funnel_position"] == "Outside the 99.8% limits (below)"
    assert (areas["benchmark_value"] == 80.0).all()
    expected_lower, _ = stats.wilson_ci(0.8 * 1000.0, 1000.0, 0.95)
    assert areas.loc["A", "lower_limit_95"] == pytest.approx(float(np.asarray(expected_lower)) * 100)
    curve = limits[limits["area_code"].isna()]
    assert len(curve) == comparisons.CURVE_POINTS
    assert curve["denominator"].is_monotonic_increasing
    assert (curve["lower_limit_99_8"] <= curve["lower_limit_95"]).all()


def test_ratio_limits_are_log_scale_limits_around_gm_at_each_precision():
    """A relative likelihood's funnel: precision 1 / SE(log ratio) from the 95% CI, limits
    exp(ln GM +/- z SE) (hand-worked: SE = ln 4 / 3.92 for a CI of 0.5 to 2.0, so the 95%
    limits around GM's 1.2 are 1.2 / 2 and 1.2 x 2)."""
    rows = [
        ("R1", "2024/25", "all", "GM", 1.2, None, False, 1.0, 1.44),
        ("R1", "2024/25", "all", "A", 1.0, None, False, 0.5, 2.0),  # inside
        ("R1", "2024/25", "all", "B", 3.0, None, False, 2.5, 3.6),  # far above GM, tight CI
        ("R1", "2024/25", "all", "C", 0.7, None, True, 0.6, 0.8),  # suppressed: no row
        ("R1", "2024/25", "all", "D", 0.9, None, False, 0.9, 0.9),  # no CI width: not plotted
    ]
    con = _warehouse(rows, {"R1": ("ratio", None)})
    comparisons.build_comparisons(con)
    limits = con.execute("SELECT * FROM funnel_limits ORDER BY area_code, curve_point").df()
    assert set(limits["x_axis"]) == {"precision"} and limits["denominator"].isna().all()
    areas = limits[limits["area_code"].notna()].set_index("area_code")
    assert list(areas.index) == ["A", "B"]
    se_a, se_b = np.log(2.0 / 0.5) / (2 * 1.96), np.log(3.6 / 2.5) / (2 * 1.96)
    assert areas.loc["A", "precision"] == pytest.approx(1 / se_a, rel=1e-4)
    assert areas.loc["B", "precision"] == pytest.approx(1 / se_b, rel=1e-4)
    assert areas.loc["A", "lower_limit_95"] == pytest.approx(0.6, rel=1e-4)
    assert areas.loc["A", "upper_limit_95"] == pytest.approx(2.4, rel=1e-4)
    for area, se in (("A", se_a), ("B", se_b)):
        for z, suffix in ((1.96, "95"), (3.09, "99_8")):
            assert areas.loc[area, f"lower_limit_{suffix}"] == pytest.approx(np.exp(np.log(1.2) - z * se), rel=1e-3)
            assert areas.loc[area, f"upper_limit_{suffix}"] == pytest.approx(np.exp(np.log(1.2) + z * se), rel=1e-3)
    assert areas.loc["A", "funnel_position"] == "Inside the 95% limits"
    assert areas.loc["B", "funnel_position"] == "Outside the 99.8% limits (above)"
    curve = limits[limits["area_code"].isna()]
    assert len(curve) == comparisons.CURVE_POINTS and curve["precision"].is_monotonic_increasing
    assert curve["precision"].min() < areas["precision"].min() and curve["precision"].max() > areas["precision"].max()
    centre = np.sqrt(curve["lower_limit_95"] * curve["upper_limit_95"])
    assert centre.to_numpy() == pytest.approx(1.2)  # symmetric about GM on the log scale
    assert np.all(np.diff(curve["upper_limit_95"]) < 0)  # narrows as precision grows


def _similar(table: dict[str, list[float | None]], suppressed: set[tuple[str, str]] = frozenset()) -> pd.DataFrame:
    rows = []
    for area, values in table.items():
        for i, value in enumerate(values, start=1):
            if value is not None:
                rows.append((f"K{i}", "2024/25", "all", area, value, 100, (area, f"K{i}") in suppressed))
    measures = {f"K{i}": ("proportion", 100.0) for i in range(1, 5)}
    con = _warehouse(rows, measures)
    comparisons.build_comparisons(con)
    return con.execute("SELECT * FROM similar_localities WHERE work_stream = 'all' AND period = 'latest'").df()


def test_nearest_localities_rank_by_distance_and_skip_thin_comparisons():
    similar = _similar(
        {
            "A": [10.0, 20.0, 30.0, 40.0],
            "B": [10.5, 20.5, 30.5, 40.5],  # almost the same as A
            "C": [30.0, 5.0, 60.0, 10.0],  # far from A
            "D": [12.0, 22.0, 33.0, 41.0],  # near A
            "E": [10.0, None, None, 40.0],  # only two KPIs in common: not compared
        }
    )
    nearest = similar[similar["area_code"] == "A"].sort_values("rank")
    assert list(nearest["similar_area_code"]) == ["B", "D", "C"]
    assert list(nearest["rank"]) == [1, 2, 3]
    assert nearest["distance"].is_monotonic_increasing and set(nearest["kpis_compared"]) == {4}
    assert "E" not in set(similar["area_code"]) and "GM" not in set(similar["similar_area_code"])


def test_nearest_localities_ignore_suppressed_values():
    similar = _similar(
        {
            "A": [10.0, 20.0, 30.0, 40.0],
            "B": [10.0, 20.0, 30.0, 999.0],
            "C": [20.0, 30.0, 40.0, 45.0],
            "D": [40.0, 5.0, 0.0, 80.0],
        },
        suppressed={("B", "K4")},
    )
    first = similar[(similar["area_code"] == "A") & (similar["rank"] == 1)].iloc[0]
    assert first["similar_area_code"] == "B" and first["kpis_compared"] == 3
