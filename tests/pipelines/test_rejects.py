"""Rejects that are safe to publish: every reject has a kind of reason without the offending
value and the column that failed; `reject_summary` holds counts only; the analyst gets the
raw rows through `python -m pipelines rejects` (console or CSV, formulas made inert)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import rejects as reject_log
from pipelines.build import build
from pipelines.load import BuildError
from tests.pipelines.bad_inputs import EVENTS_HEADER, event, skip_marts, write_lines

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_COLUMNS = ["load_id", "extract", "source_file", "reason_kind", "column_name", "rows"]


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    skip_marts(monkeypatch)
    src = tmp_path / "src"
    write_lines(
        src,
        "workforce_events.csv",
        [
            EVENTS_HEADER,
            event(1),
            event(2, ethnicity="X9"),  # 3 unknown code
            event(3, ethnicity="Q7"),  # 4 unknown code, another value
            event(4, event_date="2099-01-01"),  # 5 future date
            event(5, event_date="31/13/2022", afc_band="11"),  # 6 two problems: the first is the kind
            "2024-06-01,appointed,SYN-6",  # 7 too few fields
            event(1),  # 8 duplicate
            event(8, person_ref='"=HYPERLINK(""http://x"",""y"")"'),  # 9 loads: person ids are free text
            event(9, organisation_code="@SUM(1)"),  # 10 a formula as an organisation
        ],
    )
    warehouse = tmp_path / "w.duckdb"
    summary = build(src, warehouse)
    assert summary.reject_reasons["unknown ethnicity code"] == 2
    return warehouse


def test_every_reject_has_a_kind_without_its_value_and_the_column_that_failed(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT line_number, reason_kind, column_name FROM rejects ORDER BY 1").fetchall()
    assert rows == [
        (3, "unknown ethnicity code", "ethnicity"),
        (4, "unknown ethnicity code", "ethnicity"),
        (5, "event_date is in the future", "event_date"),
        (6, "event_date is not a date (expected yyyy-mm-dd or dd/mm/yyyy)", "event_date"),
        (7, "unreadable line: too few fields on the line", None),
        (8, "exact duplicate of an earlier row of this extract", None),
        (10, "unknown organisation_code code", "organisation_code"),
    ]


def test_the_summary_holds_counts_by_file_kind_and_column_and_no_row_values(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [r[0] for r in con.execute("DESCRIBE reject_summary").fetchall()]
        summary = con.execute("SELECT * FROM reject_summary ORDER BY reason_kind").fetchall()
        text = " ".join(str(v) for row in summary for v in row)
    assert columns == SUMMARY_COLUMNS
    assert (1, "workforce_events", "workforce_events.csv", "unknown ethnicity code", "ethnicity", 2) in summary
    assert sum(row[-1] for row in summary) == 7
    for value in ("X9", "Q7", "2099", "31/13", "SYN-", "@SUM", "E08000003", "/src/"):
        assert value not in text


def test_column_of_names_the_column_only_for_column_reasons():
    assert reject_log.column_of("workforce_events", "unknown sex code") == "sex"
    assert reject_log.column_of("staff_survey", "unknown group_code for sex") == "group_code"
    assert reject_log.column_of("staff_survey", "positive answers exceed respondents") is None  # a row rule
    assert reject_log.column_of("staff_survey", "positive is not a whole number") == "positive"
    assert reject_log.column_of("voices", "no recorded consent to publish this quote") is None
    assert reject_log.column_of("nonesuch", "unknown sex code") is None


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
    )


def test_the_rejects_command_shows_file_line_reason_and_raw_text(warehouse):
    shown = run_cli("rejects", "--warehouse", str(warehouse), "--build", "latest")
    assert shown.returncode == 0, shown.stderr
    assert "Rejected rows of build" in shown.stdout and "(7)" in shown.stdout
    line = next(ln for ln in shown.stdout.splitlines() if "X9" in ln)
    assert "workforce_events.csv" in line and " 3 " in line and "unknown ethnicity code 'X9'" in line
    assert "2024-06-01,shortlisted,SYN-2,R0A,E08000003,5,F,X9,N" in line
    short = run_cli("rejects", "--warehouse", str(warehouse), "--limit", "2")
    assert "5 more" in short.stdout


def test_the_rejects_command_writes_every_row_to_csv_with_formulas_made_inert(warehouse, tmp_path):
    out = tmp_path / "out" / "rejects.csv"
    written = run_cli("rejects", "--warehouse", str(warehouse), "--extract", "workforce_events", "--out", str(out))
    assert written.returncode == 0, written.stderr
    assert "Wrote 7 rejected rows of build" in written.stdout
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["line_number"] for r in rows] == ["3", "4", "5", "6", "7", "8", "10"]
    assert list(rows[0]) == [
        "extract",
        "source_file",
        "line_number",
        "row_key",
        "reason_kind",
        "column_name",
        "reason",
        "raw_text",
    ]
    assert rows[0]["source_file"].endswith("workforce_events.csv")
    assert rows[-1]["raw_text"] == "2024-06-01,shortlisted,SYN-9,R0A,E08000003,5,F,A,N".replace("R0A", "@SUM(1)")
    assert rows[-1]["reason"] == "unknown organisation_code code '@SUM(1)'"
    assert reject_log.neutralise("@SUM(1)") == "'@SUM(1)" and reject_log.neutralise("=1") == "'=1"
    assert reject_log.neutralise("-2+3+cmd|calc") == "'-2+3+cmd|calc" and reject_log.neutralise("ok") == "ok"


def test_a_csv_cell_starting_like_a_formula_gets_a_leading_quote(tmp_path):
    import pandas as pd

    out = tmp_path / "r.csv"
    reject_log.write_csv(pd.DataFrame({"raw_text": ["=1+2", "+1", "\tx", "plain", None]}), out)
    assert out.read_text().splitlines() == ['"raw_text"', '"\'=1+2"', '"\'+1"', '"\'\tx"', '"plain"', '""']


def test_the_rejects_command_explains_a_wrong_build_extract_or_warehouse(warehouse, tmp_path):
    wrong_build = run_cli("rejects", "--warehouse", str(warehouse), "--build", "abc123")
    assert wrong_build.returncode == 1 and "not abc123" in wrong_build.stdout
    wrong_extract = run_cli("rejects", "--warehouse", str(warehouse), "--extract", "nope")
    assert wrong_extract.returncode == 1 and "no extract 'nope'" in wrong_extract.stdout
    with pytest.raises(BuildError, match="no warehouse here"):
        reject_log.reject_rows(tmp_path / "missing.duckdb")


def test_builds_are_marked_synthetic_by_the_marker_or_the_option(tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    src = tmp_path / "src"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(1)])

    def synthetic(warehouse: Path) -> bool:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute("SELECT synthetic FROM builds").fetchone()[0]

    assert build(src, tmp_path / "a.duckdb").synthetic is False
    assert synthetic(tmp_path / "a.duckdb") is False
    build(src, tmp_path / "b.duckdb", synthetic=True)
    assert synthetic(tmp_path / "b.duckdb") is True
    (src / "README_SYNTHETIC.txt").write_text("SYNTHETIC DEMO DATA - NOT REAL PEOPLE\n")
    build(src, tmp_path / "c.duckdb")
    assert synthetic(tmp_path / "c.duckdb") is True


def test_the_demo_warehouse_is_marked_synthetic(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        assert con.execute("SELECT synthetic FROM builds").fetchone()[0] is True


def test_ensure_demo_warehouse_asks_for_a_synthetic_build(tmp_path, monkeypatch):
    import pipelines.build
    import pipelines.generate
    from pipelines.demo import ensure_demo_warehouse

    asked = {}

    def fake_build(source, warehouse, **options):
        asked.update(options)
        Path(warehouse).write_bytes(b"")
        return type("Summary", (), {"seconds": 0, "rows_loaded": 0, "rows_rejected": 0})()

    monkeypatch.setattr(pipelines.generate, "generate", lambda *a, **k: {})
    monkeypatch.setattr(pipelines.build, "build", fake_build)
    ensure_demo_warehouse(tmp_path / "w.duckdb", progress=lambda m: None, demo_dir=tmp_path / "demo")
    assert asked["synthetic"] is True
