"""A file's bytes are checked before the reader sees them: a huge field, a NUL byte, UTF-16,
an empty or header-only file each give a message naming the file, line and cause, and the
rest of the file loads (rows read = loaded + rejected)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from pipelines import file_checks
from pipelines.build import build
from pipelines.load import BuildError
from tests.pipelines.bad_inputs import EVENTS_HEADER, audit_and_rejects, event, skip_marts, write_lines


@pytest.fixture(autouse=True)
def _no_marts(monkeypatch):
    skip_marts(monkeypatch)


def test_a_50_mb_field_rejects_its_line_and_the_rest_of_the_file_loads(tmp_path):
    src = tmp_path / "src"
    huge = event(2, person_ref="SYN-" + "x" * (50 * 1024 * 1024))
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(1), huge, event(3), event(4)])
    summary = build(src, tmp_path / "w.duckdb")
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][:4] == ("workforce_events.csv", 4, 3, 1)
    file_name, reason, raw = rejects[3]  # line 1 is the header
    assert file_name == "workforce_events.csv"
    assert reason.startswith("unreadable line: line too long (52,428,") and "bytes" in reason
    assert raw.startswith("2024-06-01,shortlisted,SYN-xxx") and len(raw) < 300
    assert summary.rows_loaded == 3
    copies = Path(file_checks.tempfile.gettempdir()).glob(f"{file_checks.COPY_PREFIX}{os.getpid()}-*")
    assert not list(copies), "the sanitised copy is removed after reading"


def test_a_nul_byte_is_rejected_not_loaded(tmp_path):
    src = tmp_path / "src"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(1), event(2, person_ref="SYN-\x002"), event(3)])
    build(src, tmp_path / "w.duckdb")
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][:4] == ("workforce_events.csv", 3, 2, 1)
    assert rejects[3][1] == "unreadable line: contains a NUL byte (a control character, not text)"
    assert "SYN-\\x002" in rejects[3][2]  # shown escaped, never as a raw control byte
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        loaded = con.execute("SELECT list(person_ref ORDER BY person_ref) FROM workforce_events").fetchone()[0]
    assert loaded == ["SYN-1", "SYN-3"]


def test_crlf_file_with_a_bad_line_keeps_every_other_line_number(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    lines = [EVENTS_HEADER, event(1), event(2, person_ref="A\x00"), event(3, event_type="promoted"), event(4)]
    (src / "workforce_events.csv").write_bytes("\r\n".join(lines).encode() + b"\r\n")
    build(src, tmp_path / "w.duckdb")
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][:4] == ("workforce_events.csv", 4, 2, 2)
    assert "NUL" in rejects[3][1]
    assert rejects[4][1] == "unknown event_type code 'promoted'"
    assert rejects[4][2] == event(3, event_type="promoted")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"\xef\xbb\xbf\n\n", "empty file"),
        ((EVENTS_HEADER + "\n" + event(1) + "\n").encode("utf-16"), "UTF-16 text: save as UTF-8"),
        ((EVENTS_HEADER + "\n").encode("utf-16-le"), "UTF-16 (no byte order mark) text: save as UTF-8"),
        ((EVENTS_HEADER + "\n").encode("utf-32"), "UTF-32 text: save as UTF-8"),
    ],
    ids=["empty", "bom-and-blank-lines", "utf-16", "utf-16-no-bom", "utf-32"],
)
def test_empty_and_wide_encoded_files_stop_the_build_naming_the_cause(tmp_path, content, expected):
    src = tmp_path / "src"
    src.mkdir()
    (src / "workforce_events.csv").write_bytes(content)
    with pytest.raises(BuildError, match="workforce_events.csv: ") as failure:
        build(src, tmp_path / "w.duckdb")
    assert expected in str(failure.value)
    assert not (tmp_path / "w.duckdb").exists()


def test_nul_padding_is_not_mistaken_for_utf_16(tmp_path):
    src = tmp_path / "src"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(1), b"\x00" * 3000, event(2)])
    build(src, tmp_path / "w.duckdb")
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][1:4] == (3, 2, 1)
    assert "NUL" in rejects[3][1]


def test_an_empty_parquet_file_says_empty(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "workforce_events.parquet").write_bytes(b"")
    with pytest.raises(BuildError, match=r"workforce_events\.parquet: empty file"):
        build(src, tmp_path / "w.duckdb")


def test_a_header_only_file_loads_nothing_and_warns(tmp_path):
    src = tmp_path / "src"
    write_lines(src, "workforce_events_a.csv", [EVENTS_HEADER, event(1)])
    write_lines(src, "workforce_events_b.csv", [EVENTS_HEADER])
    summary = build(src, tmp_path / "w.duckdb")
    audit, _ = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[1][:4] == ("workforce_events_b.csv", 0, 0, 0)
    assert "header only: no data rows" in audit[1][4]
    assert summary.warnings == ["workforce_events_b.csv: header only: no data rows, 0 rows loaded"]


def test_a_bad_header_line_stops_the_build(tmp_path):
    src = tmp_path / "src"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER + ",\x00", event(1)])
    with pytest.raises(BuildError, match=r"workforce_events\.csv: the header line is unreadable: contains a NUL"):
        build(src, tmp_path / "w.duckdb")


def test_lines_are_read_in_pieces_with_their_lengths(tmp_path, monkeypatch):
    monkeypatch.setattr(file_checks, "CHUNK_BYTES", 4)
    monkeypatch.setattr(file_checks, "MAX_LINE_BYTES", 6)
    path = tmp_path / "f.csv"
    path.write_bytes(b"ab\r\nabcdefghijk\nxyz")
    with path.open("rb") as handle:
        lines = list(file_checks._lines(handle))
    assert [(length, ending) for _, ending, length in lines] == [(2, b"\r\n"), (11, b"\n"), (3, b"")]
    assert lines[0][0] == b"ab" and lines[2][0] == b"xyz"
    assert lines[1][0].startswith(b"abcdef")


def test_a_sanitised_copy_left_by_a_dead_build_is_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(file_checks.tempfile, "gettempdir", lambda: str(tmp_path))
    dead = tmp_path / f"{file_checks.COPY_PREFIX}999999999-abc.csv"
    dead.write_bytes(b"x" * 10)
    mine = tmp_path / f"{file_checks.COPY_PREFIX}{os.getpid()}-abc.csv"
    mine.write_bytes(b"x")
    assert file_checks.remove_leftover_copies() == [(dead, 10)]
    assert mine.exists()


def test_the_whole_bad_input_corpus_builds_a_full_warehouse(tmp_path, monkeypatch):
    """Every bad input at once, marts and all: what is wrong is rejected, the rest publishes."""
    monkeypatch.undo()  # the real indicator engine this time
    src = tmp_path / "src"
    write_lines(
        src,
        "workforce_events.csv",
        [
            EVENTS_HEADER,
            *(event(n) for n in range(1, 40)),
            event(40, person_ref="SYN-" + "x" * (3 * 1024 * 1024)),
            event(41, person_ref="SYN-\x0041"),
            event(42, event_date="2099-01-01"),
        ],
    )
    write_lines(
        src,
        "voices.csv",
        ["voice_id,collected_date,locality_code,work_stream,outcome_id,characteristic,group_code,theme,quote,consent"],
    )
    write_lines(
        src,
        "staff_survey.csv",
        [
            "survey_year,organisation_code,question_code,characteristic,group_code,respondents,positive",
            "2024,R0A,harassment_public,all,all,100,30",
            '2024,R0A,harassment_public,sex,"=HYPERLINK(""http://x"",""y"")",50,10',
        ],
    )
    summary = build(src, tmp_path / "w.duckdb")
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert [a[:4] for a in audit] == [
        ("workforce_events.csv", 42, 39, 3),
        ("staff_survey.csv", 2, 1, 1),
        ("voices.csv", 0, 0, 0),
    ]
    assert summary.warnings == ["voices.csv: header only: no data rows, 0 rows loaded"]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM indicator_values").fetchone()[0] > 0
        assert con.execute("SELECT max(period) FROM indicator_values").fetchone()[0] == "2024/25"
        groups = con.execute("SELECT DISTINCT group_code FROM indicator_values").fetchall()
    assert not [g for (g,) in groups if g and g.startswith(("=", "+", "-", "@"))]
