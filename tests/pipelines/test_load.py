"""Normalisation and validation of messy extracts: every bad row rejected with file, line and
reason; nothing lost; a file that cannot be used fails the build with a clear message."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import load as loader
from pipelines.build import build
from pipelines.extracts import WORKFORCE
from pipelines.load import BuildError

HEADER = (
    "snapshot_date,Person ID,Org Code,locality_code,staff_group,band,board_member,board_voting,"
    "executive,age_band,sex,Ethnic Category,disability,sexual_orientation,religion,"
    "gender_identity,marital_status"
)
GOOD = "2025-03-31,SYN-1,R0A,E08000003,nursing,5,false,false,false,25-34,F,A,N,heterosexual,none,same,single"


def write(folder: Path, name: str, lines: list[str], prefix: bytes = b"") -> Path:
    path = folder / name
    path.write_bytes(prefix + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def built(tmp_path: Path, source: Path) -> duckdb.DuckDBPyConnection:
    warehouse = tmp_path / "w.duckdb"
    build(source, warehouse)
    return duckdb.connect(str(warehouse), read_only=True)


def test_normalise_header_strips_bom_case_and_punctuation():
    assert loader.normalise_header("\ufeff Ethnic Category ") == "ethnic_category"
    assert loader.normalise_header("Org-Code") == "org_code"


def test_header_aliases_map_to_canonical_columns(tmp_path):
    mapping = loader.map_headers(WORKFORCE, HEADER.split(","), tmp_path / "x.csv")
    assert mapping["ethnicity"] == "Ethnic Category"
    assert mapping["organisation_code"] == "Org Code"
    assert mapping["afc_band"] == "band"


def test_missing_required_column_names_file_and_column(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "workforce_snapshot.csv", [HEADER.replace(",Org Code", ""), GOOD])
    with pytest.raises(BuildError, match=r"workforce_snapshot\.csv: missing required column\(s\) organisation_code"):
        build(src, tmp_path / "w.duckdb")


def test_unreadable_file_fails_and_keeps_previous_warehouse(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "workforce_snapshot.csv", [HEADER, GOOD])
    warehouse = tmp_path / "w.duckdb"
    build(src, warehouse)
    before = warehouse.read_bytes()
    (src / "patient_experience.parquet").write_bytes(b"this is not parquet")
    with pytest.raises(BuildError, match=r"patient_experience\.parquet: cannot be read"):
        build(src, warehouse)
    assert warehouse.read_bytes() == before
    assert not list(tmp_path.glob(".w.duckdb.building*"))


def test_messy_values_are_normalised(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(
        src,
        "workforce_snapshot.csv",
        [
            HEADER,
            "31/03/2025, SYN-2 ,r0a,Manchester,Nursing,8A,no,No,0,35-44,Female,h,,Not stated,99,same,married",
        ],
        prefix=b"\xef\xbb\xbf",
    )
    con = built(tmp_path, src)
    row = con.execute(
        "SELECT snapshot_date, person_id, organisation_code, locality_code, staff_group, afc_band, "
        "sex, ethnicity, disability, sexual_orientation, wres_ethnicity, period FROM workforce"
    ).fetchone()
    assert row == (
        pd.Timestamp("2025-03-31").date(),
        "SYN-2",
        "R0A",
        "E08000003",
        "nursing",
        "8a",
        "F",
        "H",
        "99",
        "Z",
        "bme",
        "2024/25",
    )


def test_every_bad_row_is_rejected_with_line_and_reason_and_nothing_is_lost(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    lines = [
        HEADER,
        GOOD,  # 2 good
        "",  # 3 blank line: not a row
        GOOD.replace("R0A", "XXX"),  # 4 unknown code
        "2025-03-31,SYN-5,R0A,E08000003",  # 5 ragged: too few fields
        GOOD + ",extra",  # 6 ragged: too many fields
        GOOD,  # 7 exact duplicate of line 2
        GOOD.replace("2025-03-31", "2025-13-31").replace("false,false,false", "maybe,false,false"),  # 8
        "garbage line with no commas at all",  # 9 garbage
        GOOD.replace("SYN-1", "SYN-9").replace("false,false,false", "false,true,false"),  # 10 rule
    ]
    path = write(src, "workforce_snapshot.csv", lines)
    with path.open("ab") as handle:
        handle.write(GOOD.replace("SYN-1", "SYN-\xff").encode("latin-1") + b"\n")  # 11 bad encoding
    con = built(tmp_path, src)
    audit = con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone()
    assert audit == (9, 1, 8)
    rejects = dict(con.execute("SELECT line_number, reason FROM rejects ORDER BY line_number").fetchall())
    assert set(rejects) == {4, 5, 6, 7, 8, 9, 10, 11}
    assert "unknown organisation_code code 'XXX'" in rejects[4]
    assert "too few fields" in rejects[5]
    assert "too many fields" in rejects[6]
    assert "duplicate" in rejects[7]
    assert "snapshot_date is not a date" in rejects[8] and "board_member is not true/false" in rejects[8]
    assert "board_voting is true but board_member is false" in rejects[10]
    assert "UTF-8" in rejects[11]
    raw = dict(con.execute("SELECT line_number, raw_text FROM rejects").fetchall())
    assert raw[4] == GOOD.replace("R0A", "XXX")
    assert (
        con.execute("SELECT count(*) FROM rejects WHERE source_file LIKE '%workforce_snapshot.csv'").fetchone()[0] == 8
    )


def test_parquet_and_excel_extracts_load_with_row_numbers(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    frame = pd.DataFrame([GOOD.split(","), GOOD.replace("R0A", "NOPE").split(",")], columns=HEADER.split(","))
    frame.to_parquet(src / "workforce_snapshot_a.parquet")
    frame.assign(**{"Person ID": ["SYN-7", "SYN-8"]}).to_excel(src / "workforce_snapshot_b.xlsx", index=False)
    con = built(tmp_path, src)
    assert con.execute("SELECT count(*) FROM workforce").fetchone()[0] == 2
    rejects = con.execute("SELECT source_file, line_number, reason FROM rejects ORDER BY source_file").fetchall()
    assert [(Path(f).suffix, line) for f, line, _ in rejects] == [(".parquet", 3), (".xlsx", 3)]
    assert all("unknown organisation_code code 'NOPE'" in reason for _, _, reason in rejects)


def test_unrecognised_files_are_skipped_not_loaded(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "workforce_snapshot.csv", [HEADER, GOOD])
    write(src, "something_else.csv", ["a,b", "1,2"])
    files, skipped = loader.discover(src)
    assert [p.name for _, p in files] == ["workforce_snapshot.csv"]
    assert [p.name for p in skipped] == ["something_else.csv"]


def test_extract_documentation_is_up_to_date():
    from pipelines.extracts import describe_markdown

    documented = (Path(__file__).resolve().parents[2] / "docs" / "extracts.md").read_text()
    assert documented.strip() == describe_markdown().strip(), "run: python -m pipelines extracts > docs/extracts.md"


def test_rejects_name_the_record_first_line_and_whole_text_across_embedded_newlines(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    multi = GOOD.replace("SYN-1", '"SYN-2\nsecond line"')
    bad_code = GOOD.replace("R0A", "NOPE").replace("SYN-1", "SYN-3")
    bad_multi = GOOD.replace("SYN-1", '"SYN-4\nx"').replace("R0A", "NOPE")
    short = '"SYN-5\nx",2025-03-31'
    write(src, "workforce_snapshot.csv", [HEADER, multi, "", bad_code, bad_multi, short, GOOD])
    con = built(tmp_path, src)
    rejects = con.execute("SELECT line_number, raw_text, reason FROM rejects ORDER BY line_number").fetchall()
    assert [r[0] for r in rejects] == [5, 6, 8]  # header 1; SYN-2 2-3; blank 4; SYN-3 5; SYN-4 6-7; short 8-9
    assert rejects[1][1] == bad_multi and "unknown organisation_code code 'NOPE'" in rejects[1][2]
    assert rejects[2][1] == short and "too few fields" in rejects[2][2]
    assert con.execute("SELECT person_id FROM workforce ORDER BY person_id").fetchall() == [
        ("SYN-1",),
        ("SYN-2\nsecond line",),
    ]


def test_a_file_whose_rows_are_all_rejected_builds_with_a_clear_warning(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src, "workforce_snapshot.csv", [HEADER, GOOD.replace("R0A", "NOPE"), GOOD.replace("R0A", "BAD")])
    summary = build(src, tmp_path / "w.duckdb")  # no traceback from the marts on an empty fact table
    assert any("workforce_snapshot.csv: every row rejected (2)" in w for w in summary.warnings)
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM workforce").fetchone() == (0,)
    assert con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone() == (2, 0, 2)
