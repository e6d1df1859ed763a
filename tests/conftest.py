"""Shared fixtures: one small real demo build per test run (generate -> build).

Under pytest-xdist the workers share it: the first worker to need it builds it in the run's
common temporary folder while holding a lock, and the others wait for it and read the same
files (every test copies them before changing anything)."""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

import pytest

DEMO_SCALE = 0.03  # ~3.6k staff, ~30k patient-experience rows: seconds to build


def _shared_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str) -> Path:
    """A folder every xdist worker of this run sees (the workers' temp folders' parent)."""
    if worker_id == "master":  # not distributed
        return tmp_path_factory.mktemp(name)
    folder = tmp_path_factory.getbasetemp().parent / name
    folder.mkdir(exist_ok=True)
    return folder


def _once(folder: Path, make: Callable[[Path], None]) -> Path:
    """Run `make(folder)` unless a worker already has; other workers wait for it to finish."""
    done = folder / ".done"
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                make(folder)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


@pytest.fixture(scope="session")
def demo_extracts(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    from pipelines.generate import generate

    folder = _shared_folder(tmp_path_factory, worker_id, "demo-extracts")
    return _once(folder, lambda f: generate(f / "extracts", seed=7, scale=DEMO_SCALE, messy=True)) / "extracts"


@pytest.fixture(scope="session")
def demo_warehouse(demo_extracts: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    from pipelines.build import build

    folder = _shared_folder(tmp_path_factory, worker_id, "demo-warehouse")
    return _once(folder, lambda f: build(demo_extracts, f / "warehouse.duckdb")) / "warehouse.duckdb"
