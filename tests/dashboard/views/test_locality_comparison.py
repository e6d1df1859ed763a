"""Picking a locality's significant differences and its nearest neighbours from mart rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.views.locality_comparison import (
    comparison_counts,
    significant_differences,
)
from dashboard.warehouse import framework, indicators
from tests.dashboard.fixture_warehouse import GM, KPIS, SUPPRESSED_HEADLINES

LOCALITIES = pd.DataFrame(
    {
        "area_code": ["GM", "A", "B", "C", "D", "E"],
        "area_name": ["Greater Manchester", "Ashby", "Bexley", "Colne", "Dent", "Eden"],
        "area_type": ["region"] + ["locality"] * 5,
    }
)
KPI_FRAME = pd.DataFrame(
    {
        "indicator_id": ["K1", "K2", "K3", "K4"],
        "title": ["Kpi one", "Kpi two", "Kpi three", "Kpi four"],
        "short_title": ["One", "Two", "Three", "Four"],
        "outcome_title": ["O"] * 4,
        "measure_type": ["proportion"] * 4,
        "unit": ["%"] * 4,
        "polarity": ["high_is_good"] * 4,
    }
)


def _rows(table: dict[str, list[float | None]], *, suppressed: set[tuple[str, str]] = frozenset()):
    """Headline rows from {area: [value per KPI]}; None is a missing row."""
    rows = []
    for area, values in table.items():
        for kid, value in zip(KPI_FRAME["indicator_id"], values, strict=True):
            if value is None:
                continue
            hidden = (area, kid) in suppressed
            rows.append(
                {
                    "indicator_id": kid,
                    "area_code": area,
                    "period": "2024/25",
                    "value": None if hidden else value,
                    "suppressed": hidden,
                    "lower_ci_95": None if hidden else value - 1,
                    "upper_ci_95": None if hidden else value + 1,
                    "benchmark_value": 50.0,
                    "comparison": "similar",
                    "comparison_99_8": "similar",
                }
            )
    return pd.DataFrame(rows)


def test_significant_differences_keep_framework_order_and_flag_the_stricter_level():
    values = _rows({"A": [40.0, 60.0, 30.0, 55.0]})
    values.loc[values["indicator_id"] == "K3", ["comparison", "comparison_99_8"]] = [
        "worse",
        "worse",
    ]
    values.loc[values["indicator_id"] == "K1", ["comparison", "comparison_99_8"]] = [
        "worse",
        "similar",
    ]
    values.loc[values["indicator_id"] == "K2", "comparison"] = "better"
    worse = significant_differences(KPI_FRAME, values, "A", "worse")
    assert list(worse["indicator_id"]) == ["K1", "K3"]
    assert list(worse["also_99_8"]) == [False, True]
    assert list(significant_differences(KPI_FRAME, values, "A", "better")["indicator_id"]) == ["K2"]
    with pytest.raises(ValueError):
        significant_differences(KPI_FRAME, values, "A", "similar")


def test_a_suppressed_row_is_never_listed_as_significant():
    values = _rows({"A": [40.0, 60.0, 30.0, 55.0]}, suppressed={("A", "K1")})
    values["comparison"] = "worse"
    worse = significant_differences(KPI_FRAME, values, "A", "worse")
    assert "K1" not in set(worse["indicator_id"])


def test_comparison_counts_cover_every_kpi():
    values = _rows({"A": [40.0, 60.0, None, 55.0]}, suppressed={("A", "K4")})
    values.loc[values["indicator_id"] == "K1", "comparison"] = "worse"
    values.loc[values["indicator_id"] == "K2", "comparison"] = "higher"
    counts = comparison_counts(KPI_FRAME, values, "A")
    assert counts == {
        "kpis": 4,
        "worse": 1,
        "better": 0,
        "similar": 0,
        "higher_or_lower": 1,
        "not_compared": 0,
        "suppressed": 1,
        "no_data": 1,
    }


def test_on_the_fixture_warehouse(app_context):
    kpis = framework.kpis()
    values = indicators.headline_values()
    ((indicator, area),) = SUPPRESSED_HEADLINES
    nearest = indicators.similar_localities("all", "latest", "E08000003")
    assert len(nearest) == 3
    assert "E08000003" not in set(nearest["area_code"]) and GM not in set(nearest["area_code"])
    assert nearest["kpis_compared"].max() <= len(KPIS)
    counts = comparison_counts(kpis, values, area)
    assert counts["suppressed"] == 1 and counts["kpis"] == len(KPIS)
    for direction in ("worse", "better"):
        rows = significant_differences(kpis, values, area, direction)
        assert indicator not in set(rows["indicator_id"])
        assert (rows["comparison"] == direction).all()
