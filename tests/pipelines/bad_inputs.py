"""A small corpus of hostile and broken extracts, written by the tests that use it.

Every case is one workforce-events file (a few good rows and one bad thing), so a test
builds in seconds and can say exactly which file, line and reason it expects.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

EVENTS_HEADER = "event_date,event_type,person_ref,organisation_code,locality_code,afc_band,sex,ethnicity,disability"
EVENT = "2024-06-01,shortlisted,SYN-{n},R0A,E08000003,5,F,A,N"


def event_values(n: int, **changes) -> dict:
    """A valid workforce event as column -> value, with some values replaced."""
    values = dict(zip(EVENTS_HEADER.split(","), EVENT.format(n=n).split(","), strict=True))
    values.update(changes)
    return values


def event(n: int, **changes: str) -> str:
    """A valid workforce event row (a CSV line), with some fields replaced."""
    return ",".join(event_values(n, **changes).values())


def write_lines(folder: Path, name: str, lines: list[str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines))
    return path


def skip_marts(monkeypatch) -> None:
    """The loader's behaviour is under test, not the indicator engine: build no marts (nor the
    area comparisons, which read them)."""
    import pipelines.comparisons
    import pipelines.marts

    monkeypatch.setattr(pipelines.marts, "build_marts", lambda con, framework_path, progress=None: None)
    monkeypatch.setattr(pipelines.comparisons, "build_comparisons", lambda con: None)


def audit_and_rejects(warehouse: Path) -> tuple[list[tuple], dict[int, tuple[str, str, str]]]:
    """(source file name, rows read, loaded, rejected) per file, and line -> (file, reason, raw text)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        audit = con.execute(
            "SELECT source_file, rows_read, rows_loaded, rows_rejected, message FROM load_audit ORDER BY load_id"
        ).fetchall()
        rejects = con.execute("SELECT source_file, line_number, reason, raw_text FROM rejects").fetchall()
    for _, read, loaded, rejected, _ in audit:
        assert read == loaded + rejected
    return [(Path(a[0]).name, *a[1:]) for a in audit], {r[1]: (Path(r[0]).name, r[2], r[3]) for r in rejects}
