"""Functional: a folder of files as downloaded (Fingertips, GP Patient Survey, a practice
lookup; no extract of our own) builds in one command, and the dashboard's GM and locality
values equal the published ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from pipelines import reference as ref
from tests.pipelines.adapters.published_files import FINGERTIPS_HEADER, fingertips_row, write_csv
from tests.pipelines.adapters.test_gpps_adapter import HEADER_2024, NAME_2024, row_2024

ROOT = Path(__file__).resolve().parents[3]


def published_folder(folder: Path) -> dict[tuple[str, str], float]:
    """Write the files; return the published (indicator, area) -> value the dashboard must show."""
    folder.mkdir()
    rows, published = [], {}
    for i, (code, name) in enumerate([*ref.LOCALITY_NAMES.items(), (ref.GM_CODE, "Greater Manchester")]):
        value = f"{60 + i * 1.5:.1f}"
        rows.append(
            fingertips_row(
                code,
                name,
                value,
                indicator="90366",
                indicator_name="Life expectancy (made up)",
                ci=(f"{59 + i * 1.5:.1f}", f"{61 + i * 1.5:.1f}", "", ""),
            )
        )
        rows.append(
            fingertips_row(
                code, name, f"{55 + i:.1f}", indicator="90366", sex="Male", indicator_name="Life expectancy (made up)"
            )
        )
        published[("FT90366", code)] = float(value)
    rows.append(
        fingertips_row(
            "E92000001",
            "England",
            "63.0",
            area_type="England",
            indicator="90366",
            indicator_name="Life expectancy (made up)",
        )
    )
    write_csv(folder / "indicators-DistrictUA.data.csv", FINGERTIPS_HEADER, rows)
    write_csv(folder / "practices.csv", ["Practice code", "Locality"], [["Y00001", "Bolton"], ["Y00002", "Bury"]])
    write_csv(folder / NAME_2024, HEADER_2024, [row_2024("Y00001", "200", "81.5"), row_2024("Y00002", "100", "70")])
    published[("GPPS_overallexp", "E08000001")] = 81.5  # one practice: the locality's value is its own
    return published


def test_a_folder_of_published_files_builds_in_one_command_with_gm_values_as_published(tmp_path):
    published = published_folder(tmp_path / "downloads")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "build",
            "--source",
            str(tmp_path / "downloads"),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for adapter in ("fingertips", "gpps", "practice_localities"):
        assert f"│ {adapter}" in done.stdout
    assert "Columns not used in indicators-DistrictUA.data.csv: Parent Name, Recent Trend" in done.stdout
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    shown = dict(
        ((i, a), v)
        for i, a, v in con.execute(
            "SELECT indicator_id, area_code, value FROM indicator_values WHERE breakdown = 'all'"
        ).fetchall()
    )
    for key, value in published.items():
        assert shown[key] == value, key
    gm = con.execute(
        "SELECT value_source, comparison FROM indicator_values "
        "WHERE indicator_id = 'FT90366' AND area_code = ? AND breakdown = 'all'",
        [ref.GM_CODE],
    ).fetchone()
    assert gm == ("published", "not compared")
    assert con.execute("SELECT value FROM published_comparators WHERE area_code = 'E92000001'").fetchone() == (63.0,)
    audit = con.execute("SELECT sum(rows_read), sum(rows_loaded) + sum(rows_rejected) FROM load_audit").fetchone()
    assert audit[0] == audit[1]
