"""GP Patient Survey practice CSV (2018-2023 `Q28_12pct` / `Q28base`; 2024+ `overallexp.pcteval`
/ `overallexp.baseevalw`): percentages kept with their bases, suppression kept, practices placed
by their sub-ICB code or a supplied lookup, localities weighted by base, never averaged."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.build import build
from tests.pipelines.adapters.published_files import write_csv

HEADER_2023 = [
    "Practice_Code",
    "Practice_Name",
    "ICB_Code",
    "ICB_Name",
    "CCG_Code",
    "CCG_Name",
    "distributed",
    "received",
    "resprate",
    "Q28base",
    "Q28_1",
    "Q28_2",
    "Q28_12",
    "Q28_1pct",
    "Q28_2pct",
    "Q28_12pct",
    "Q18base",
    "Q18_12pct",
]
HEADER_2024 = [
    "ad_practicecode",
    "ad_practicename",
    "ad_icscode",
    "ad_icsname",
    "ad_pcncode",
    "ad_pcnname",
    "distributed",
    "received",
    "resprate",
    "overallexp.baseevalw",
    "overallexp_1.pct",
    "overallexp_2.pct",
    "overallexp.pcteval",
]
BOLTON, BURY = "E08000001", "E08000002"


def row_2023(practice: str, ccg: str, base: str, pct: str, q18: str = "70") -> list[str]:
    return [
        practice,
        f"Practice {practice}",
        "QOP",
        "NHS GM ICB",
        ccg,
        f"NHS {ccg}",
        "400",
        "120",
        "30",
        base,
        "",
        "",
        "",
        "40",
        "30",
        pct,
        base,
        q18,
    ]


def row_2024(practice: str, base: str, pct: str) -> list[str]:
    return [
        practice,
        f"Practice {practice}",
        "QOP",
        "NHS GM ICB",
        "U1",
        "PCN",
        "400",
        "120",
        "30",
        base,
        "40",
        "30",
        pct,
    ]


def build_from(tmp_path: Path, files: dict[str, tuple[list[str], list[list[str]]]]) -> duckdb.DuckDBPyConnection:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name, (header, rows) in files.items():
        write_csv(src / name, header, rows)
    build(src, tmp_path / "w.duckdb")
    return duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)


NAME_2023 = "GPPS_2023_Practice_data_(weighted)_(csv)_PUBLIC.csv"
NAME_2024 = "GPPS_2024_Practice_data_(weighted)_(csv)_PUBLIC.csv"


def test_2023_layout_placed_by_sub_icb_code_and_weighted_by_base(tmp_path):
    rows = [
        row_2023("P82001", "00T", "100", "80"),
        row_2023("P82002", "00T", "300", "60"),
        row_2023("P83001", "00V", "50", "-97"),
        row_2023("A81001", "16C", "90", "75"),
    ]
    con = build_from(tmp_path, {NAME_2023: (HEADER_2023, rows)})
    loaded = con.execute(
        "SELECT area_code, locality_code, value, denominator, suppressed FROM published_indicators "
        "WHERE indicator_code = 'GPPS_Q28' ORDER BY area_code"
    ).fetchall()
    assert loaded == [
        ("P82001", BOLTON, 80.0, 100.0, False),
        ("P82002", BOLTON, 60.0, 300.0, False),
        ("P83001", BURY, None, 50.0, True),
    ]
    bolton = con.execute(
        "SELECT value, denominator, value_source, value_note, period FROM indicator_values "
        "WHERE indicator_id = 'GPPS_Q28' AND area_code = ?",
        [BOLTON],
    ).fetchone()
    assert bolton[0] == pytest.approx((80 * 100 + 60 * 300) / 400)  # weighted, not (80 + 60) / 2
    assert bolton[1] == 400 and bolton[2] == "computed" and "weighted by their base" in bolton[3]
    assert bolton[4] == "2023"
    reject = con.execute("SELECT line_number, reason FROM rejects").fetchone()
    assert reject[0] == 5 and "practice A81001: sub-ICB location 16C, outside Greater Manchester" in reject[1]
    audit = con.execute("SELECT adapter, rows_read, rows_loaded, rows_rejected, message FROM load_audit").fetchone()
    assert audit[:4] == ("gpps", 7, 6, 1)  # 3 practices x 2 measures, and one practice rejected once
    assert "Q28_1pct" in audit[4]  # the columns not used are said


def test_2024_layout_with_a_supplied_practice_lookup(tmp_path):
    lookup = (["Practice code", "Locality"], [["Y00001", "Bolton"], ["Y00002", "E08000002"]])
    rows = [row_2024("Y00001", "200", "81.5"), row_2024("Y00002", "150", "/"), row_2024("Y00003", "10", "70")]
    con = build_from(tmp_path, {"my_lookup.csv": lookup, NAME_2024: (HEADER_2024, rows)})
    loaded = con.execute(
        "SELECT indicator_code, indicator_name, area_code, locality_code, value, suppressed "
        "FROM published_indicators ORDER BY area_code"
    ).fetchall()
    assert loaded == [
        ("GPPS_overallexp", "Overall experience of the GP practice good", "Y00001", BOLTON, 81.5, False),
        ("GPPS_overallexp", "Overall experience of the GP practice good", "Y00002", "E08000002", None, True),
    ]
    adapters = dict(con.execute("SELECT adapter, rows_loaded FROM load_audit").fetchall())
    assert adapters == {"practice_localities": 2, "gpps": 2}
    reason = con.execute("SELECT reason FROM rejects").fetchone()[0]
    assert "practice Y00003" in reason and "not in the practice-to-locality lookup" in reason


def test_fractions_are_read_as_percentages_and_said(tmp_path):
    rows = [row_2024("Y00001", "200", "0.815")]
    lookup = (["practice_code", "locality_code"], [["Y00001", BOLTON]])
    con = build_from(tmp_path, {"lookup.csv": lookup, NAME_2024: (HEADER_2024, rows)})
    assert con.execute("SELECT value FROM published_indicators").fetchone() == (pytest.approx(81.5),)
    messages = " ".join(m for (m,) in con.execute("SELECT message FROM load_audit").fetchall() if m)
    assert "fractions" in messages
