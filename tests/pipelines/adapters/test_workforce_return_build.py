"""The WRES / WDES return template, filled in as a trust would (CSV and XLSX) and built: values
land as filled, blanks stay blank (not reported, never zero), and a bad row is a reject with
its file, line and reason."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from pipelines.build import build
from pipelines.workforce_returns import COLUMNS, write_template
from tests.pipelines.bad_inputs import skip_marts


def made_up_value(row: dict) -> str:
    """A made-up (synthetic) figure for a template row; about one row in seven left blank."""
    seed = sum(ord(ch) for ch in "".join(str(v) for v in row.values()))
    if seed % 7 == 0:
        return ""
    if row["measure"] == "percentage":
        return f"{seed % 60 + 0.5:.1f}"
    if row["measure"] == "score":
        return f"{5 + seed % 40 / 10:.1f}"
    return str(seed % 400)


def filled(tmp_path) -> pd.DataFrame:
    [csv_path, _] = write_template(tmp_path / "blank", organisation_code="R0A", reporting_year="2024")
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    frame["value"] = [made_up_value(r) for r in frame.to_dict("records")]
    return frame


def loaded(con) -> pd.DataFrame:
    return con.execute(
        "SELECT indicator, measure, staff_group, band_cluster, group_code, value FROM workforce_returns"
    ).df()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_filled_in_return_loads_as_filled(tmp_path, monkeypatch, kind):
    skip_marts(monkeypatch)
    frame = filled(tmp_path)
    frame.loc[3, "value"] = "120"  # a WRES1 headcount: fine
    bad = frame.index[frame["measure"] == "percentage"][0]
    frame.loc[bad, "value"] = "120"  # a percentage over 100
    frame.loc[5, "organisation_code"] = "RZZ"  # not a GM organisation
    src = tmp_path / "src"
    src.mkdir()
    name = f"Bolton return 2024 FINAL v2.{kind}"  # any name: the header decides
    if kind == "csv":
        frame.to_csv(src / name, index=False)
    else:
        write_template(tmp_path / "x", organisation_code="R0A", reporting_year="2024")
        book = load_workbook(tmp_path / "x" / "wres_wdes_return.xlsx")
        sheet = book["Return"]
        for i, row in enumerate(frame[COLUMNS].itertuples(index=False), start=2):
            for j, value in enumerate(row, start=1):
                sheet.cell(row=i, column=j, value=float(value) if j == 10 and value else value)
        book.save(src / name)
    build(src, tmp_path / "w.duckdb")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        audit = con.execute("SELECT adapter, rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone()
        rows = loaded(con)
        rejects = con.execute("SELECT line_number, reason FROM rejects ORDER BY line_number").fetchall()
    assert audit == ("wres_wdes_return", len(frame), len(frame) - 2, 2)
    assert rejects == [(7, "unknown organisation_code code 'RZZ'"), (bad + 2, "percentage above 100")]
    good = frame.drop(index=[5, bad])
    blanks = (good["value"] == "").sum()
    assert rows["value"].isna().sum() == blanks > 0  # not reported: blank, never zero
    assert sorted(rows["value"].dropna()) == sorted(float(v) for v in good["value"] if v)
    assert set(rows["group_code"]) == {"white", "bme", "99", "Y", "N"}
