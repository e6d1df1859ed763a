"""The adapter mechanism: files recognised by their header, never their name; records kept
whole across embedded newlines; suppression markers kept as suppressed; every record
accounted for in `load_audit` with the adapter that read it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines import adapters
from pipelines.adapters.spec import AdapterSpec, load_spec
from pipelines.build import build
from pipelines.errors import BuildError
from tests.pipelines.adapters.published_files import FINGERTIPS_HEADER, fingertips_row, write_csv

BOLTON, BURY, MANCHESTER = "E08000001", "E08000002", "E08000003"


def folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    return src


def built(tmp_path: Path, src: Path) -> duckdb.DuckDBPyConnection:
    build(src, tmp_path / "w.duckdb")
    return duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)


def test_every_mapping_file_loads_and_names_a_real_extract():
    specs = adapters.registry()
    assert "fingertips" in {s.name for s in specs}
    assert all(isinstance(s, AdapterSpec) for s in specs)


@pytest.mark.parametrize("name", ["indicators-DistrictUA.data.csv", "workforce_snapshot.csv", "anything.txt"])
def test_a_published_file_is_recognised_by_its_header_whatever_its_name(tmp_path, name):
    path = write_csv(tmp_path / name, FINGERTIPS_HEADER, [fingertips_row(BOLTON, "Bolton", "52.6")])
    assert adapters.recognise(path).match.spec.name == "fingertips"


def test_the_comparator_column_is_matched_by_pattern_and_26_columns_are_enough(tmp_path):
    header = [h.replace("Region", "ICB") for h in FINGERTIPS_HEADER[:-1]]
    path = write_csv(tmp_path / "x.csv", header, [fingertips_row(BOLTON, "Bolton", "52.6")[:-1]])
    match = adapters.recognise(path).match
    assert match.found["@compared_to_parent"] == "Compared to ICB value or percentiles"


def test_an_unmatched_file_is_reported_with_the_nearest_adapter_and_what_it_lacks(tmp_path):
    src = folder(tmp_path)
    header = [h for h in FINGERTIPS_HEADER if h not in {"Age", "Time period Sortable"}]
    write_csv(src / "renamed_download.csv", header, [])
    write_csv(src / "workforce_snapshot.csv", ["x"], [])  # so the build has something to fail on
    with pytest.raises(BuildError):
        build(src, tmp_path / "w.duckdb")
    recognition = adapters.recognise(src / "renamed_download.csv")
    assert recognition.match is None
    assert "nearest adapter fingertips" in recognition.explain()
    assert "column 'Age'" in recognition.explain() and "column 'Time period Sortable'" in recognition.explain()


def test_build_skips_an_unmatched_file_by_name_with_the_reason(tmp_path):
    src = folder(tmp_path)
    write_csv(src / "ft.csv", FINGERTIPS_HEADER, [fingertips_row(BOLTON, "Bolton", "52.6")])
    write_csv(src / "mystery.csv", ["Area Code", "Value", "Age"], [["E08000001", "1", "All ages"]])
    summary = build(src, tmp_path / "w.duckdb")
    why = summary.skip_reasons[src / "mystery.csv"]
    assert "nearest adapter fingertips" in why and "lacks column 'Indicator ID'" in why


def test_records_with_embedded_newlines_are_rejected_by_their_first_line_and_whole_text(tmp_path):
    src = folder(tmp_path)
    rows = [
        fingertips_row(BOLTON, "Bolton", "52.6", note="first line\nsecond line"),
        fingertips_row("E06000008", "Blackburn with Darwen", "40.1", note="a note\nover\nthree lines"),
        fingertips_row(BURY, "Bury", "not a number"),
    ]
    write_csv(src / "ft.csv", FINGERTIPS_HEADER, rows)
    con = built(tmp_path, src)
    rejects = con.execute("SELECT line_number, raw_text, reason FROM rejects ORDER BY line_number").fetchall()
    assert [r[0] for r in rejects] == [4, 7]  # header 1; Bolton 2-3; Blackburn 4-6; Bury 7
    assert rejects[0][1].count("\n") == 2 and "three lines" in rejects[0][1]
    assert "outside Greater Manchester" in rejects[0][2]
    assert rejects[1][1].startswith("93356,") and "not a number" in rejects[1][1]
    assert rejects[1][2] == "value is not a number: 'not a number'"
    audit = con.execute("SELECT adapter, rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone()
    assert audit == ("fingertips", 3, 1, 2)


@pytest.mark.parametrize("marker", ["*", "c", "[c]", "x", "-", "..", "/", "-97"])
def test_published_suppression_markers_are_kept_as_suppressed_never_zero(tmp_path, marker):
    src = folder(tmp_path)
    row = fingertips_row(MANCHESTER, "Manchester", marker, count=marker, denominator=marker)
    write_csv(src / "ft.csv", FINGERTIPS_HEADER, [row, fingertips_row(BURY, "Bury", "", note="Not published")])
    con = built(tmp_path, src)
    rows = con.execute(
        "SELECT area_code, value, count, denominator, suppressed, value_note FROM published_indicators ORDER BY 1"
    ).fetchall()
    assert rows == [
        (BURY, None, None, None, True, "Not published"),
        (MANCHESTER, None, None, None, True, f"published as {marker}"),
    ]


def test_older_exports_with_rows_one_field_short_load(tmp_path):
    src = folder(tmp_path)
    write_csv(src / "ft.csv", FINGERTIPS_HEADER, [fingertips_row(BOLTON, "Bolton", "52.6")], drop_last=True)
    con = built(tmp_path, src)
    assert con.execute("SELECT value FROM published_indicators").fetchall() == [(52.6,)]


def test_canonical_extracts_are_recorded_as_canonical(tmp_path):
    from pipelines.generate import generate

    src = folder(tmp_path)
    generate(src, seed=3, scale=0.002, messy=False)
    con = built(tmp_path, src)
    assert {a for (a,) in con.execute("SELECT DISTINCT adapter FROM load_audit").fetchall()} == {"canonical"}


def test_a_bad_mapping_file_names_the_file_and_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntitle: Bad\ntarget: published_indicators\nheader: {}\ncolumns: {nope: X}\n")
    with pytest.raises(BuildError, match=r"(?s)bad\.yaml: .*published_indicators has no column\(s\) nope"):
        load_spec(path)
