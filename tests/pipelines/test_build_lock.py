"""Fault tests with real processes: two builds of one warehouse never race (the second
refuses, naming the running build's pid, or waits for it), and a build killed with
SIGKILL mid-build leaves litter that the next build removes (only a dead pid's)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import build_lock
from pipelines.build import build
from tests.pipelines.bad_inputs import EVENTS_HEADER, event, skip_marts, write_lines

ROOT = Path(__file__).resolve().parents[2]

# A real build in another process that stops in the marts stage until `flag` is deleted.
PAUSED_BUILD = """
import pathlib, sys, time
import pipelines.comparisons
import pipelines.marts

def paused(con, framework_path, progress=None):
    flag = pathlib.Path(sys.argv[3])
    flag.write_text("in marts")
    while flag.exists():
        time.sleep(0.05)

pipelines.marts.build_marts = paused
pipelines.comparisons.build_comparisons = lambda con: None  # they read the marts this build skips
from pipelines.build import build
build(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
"""


@pytest.fixture
def source(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(1), event(2)])
    return src


def start_paused_build(source: Path, warehouse: Path, flag: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(source), str(warehouse), str(flag)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not (flag.exists() and flag.read_text() == "in marts"):
        if process.poll() is not None:
            raise AssertionError(f"the paused build exited: {process.stderr.read().decode()}")
        assert time.monotonic() < deadline, "the paused build never reached the marts"
        time.sleep(0.05)
    return process


def test_a_second_build_refuses_naming_the_running_builds_pid(source, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    warehouse, flag = tmp_path / "w.duckdb", tmp_path / "flag"
    first = start_paused_build(source, warehouse, flag)
    try:
        with pytest.raises(build_lock.BuildLocked) as refused:
            build(source, warehouse)
        message = str(refused.value)
        assert f"pid {first.pid}" in message and "another build is running" in message
        assert "--wait" in message
        assert not warehouse.exists(), "the refused build wrote nothing"
    finally:
        flag.unlink(missing_ok=True)
        assert first.wait(timeout=120) == 0
    assert warehouse.exists()


def test_a_second_build_can_wait_for_the_first(source, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    warehouse, flag = tmp_path / "w.duckdb", tmp_path / "flag"
    first = start_paused_build(source, warehouse, flag)
    monkeypatch.setattr(build_lock, "POLL_SECONDS", 0.05)

    release = threading.Timer(0.5, lambda: flag.unlink(missing_ok=True))
    release.start()
    try:
        summary = build(source, warehouse, wait=120)
    finally:
        release.cancel()
        flag.unlink(missing_ok=True)
    assert first.wait(timeout=120) == 0
    assert summary.rows_loaded == 2
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT build_id FROM builds").fetchone()[0] == summary.build_id


def test_the_command_line_refuses_with_a_clear_message(source, tmp_path):
    warehouse, flag = tmp_path / "w.duckdb", tmp_path / "flag"
    first = start_paused_build(source, warehouse, flag)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "pipelines", "build", "--source", str(source), "--warehouse", str(warehouse)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )
    finally:
        flag.unlink(missing_ok=True)
        first.wait(timeout=120)
    assert second.returncode == 1
    assert "Build failed" in second.stdout and f"pid {first.pid}" in second.stdout


def test_a_killed_builds_temp_files_are_removed_by_the_next_build(source, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    warehouse, flag = tmp_path / "w.duckdb", tmp_path / "flag"
    killed = start_paused_build(source, warehouse, flag)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)
    litter = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f".w.duckdb.building-{killed.pid}"))
    assert f".w.duckdb.building-{killed.pid}" in litter
    (tmp_path / f".w.duckdb.building-{killed.pid}.tmp").mkdir()  # DuckDB's spill folder
    (tmp_path / f".w.duckdb.building-{killed.pid}.tmp" / "spill.bin").write_bytes(b"x" * 100)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".w.duckdb.building-{alive.pid}"
        running.write_bytes(b"a build that is still running")
        summary = build(source, warehouse)
        removed = sorted(p.name for p, _ in summary.leftovers)
        assert removed == sorted([*litter, f".w.duckdb.building-{killed.pid}.tmp"])
        assert running.exists(), "a live pid's file is left alone"
    finally:
        alive.kill()
        alive.wait()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".w.duckdb.building-{killed.pid}")]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM workforce_events").fetchone()[0] == 2


def test_the_lock_is_released_when_a_build_fails(source, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    (source / "workforce_events.csv").write_bytes(b"")
    with pytest.raises(Exception, match="empty file"):
        build(source, tmp_path / "w.duckdb")
    with build_lock.acquire(tmp_path / "w.duckdb") as lock:
        assert f"pid {os.getpid()}" in lock.path.read_text()
    assert lock.path.read_text() == ""
