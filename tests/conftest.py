"""Shared fixtures: one small real demo build per test session (generate -> build)."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO_SCALE = 0.03  # ~3.6k staff, ~30k patient-experience rows: seconds to build


@pytest.fixture(scope="session")
def demo_extracts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.generate import generate

    folder = tmp_path_factory.mktemp("extracts")
    generate(folder, seed=7, scale=DEMO_SCALE, messy=True)
    return folder


@pytest.fixture(scope="session")
def demo_warehouse(demo_extracts: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.build import build

    warehouse = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build(demo_extracts, warehouse)
    return warehouse
