"""A bounded load test (10 s): gunicorn with several workers, threaded clients, two atomic
swaps of a new warehouse while they run. Asserts 0 failed requests, never timings (the
few-minute version with real rebuilds is `python bench/load.py`)."""

from __future__ import annotations

import pytest

from bench.load import gunicorn, load, rebuild_by_copy
from tests.dashboard.fixture_warehouse import build_fixture_warehouse

pytestmark = pytest.mark.slow


def test_no_request_fails_under_load_while_new_warehouses_are_swapped_in(tmp_path):
    live = build_fixture_warehouse(tmp_path / "warehouse.duckdb", seed=1)
    other = build_fixture_warehouse(tmp_path / "next" / "warehouse.duckdb", seed=2)
    with gunicorn(live, workers=3) as base_url:
        figures = load(base_url, duration_s=10, clients=6, rebuild=rebuild_by_copy(other, live), rebuilds=2)
    print(figures)
    assert figures["rebuilds"] == 2
    assert figures["requests"] > 0 and set(figures["by_kind"]) >= {"page", "route", "filters", "content"}
    assert figures["failures"] == 0, figures["failure_examples"]
