"""The WRES / WDES return template: what `python -m pipelines template wres-wdes` writes, and
the copy shipped in config/templates/ is the one it writes today."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipelines.__main__ import app
from pipelines.workforce_returns import COLUMNS, INDICATORS, TEMPLATE_DIR, template_frame


def test_the_template_has_a_row_for_every_indicator_group_and_cluster():
    frame = template_frame()
    assert list(frame.columns) == COLUMNS
    assert set(frame["indicator"]) == {i.indicator for i in INDICATORS}
    wres1 = frame[frame["indicator"] == "WRES1"]
    assert set(wres1["group"]) == {"White", "BME", "Unknown"}
    assert set(wres1["staff_group"]) == {"clinical", "non_clinical"}
    assert {"cluster_1", "cluster_4", "medical_consultant"} <= set(wres1["band_cluster"])
    assert set(frame[frame["indicator"] == "WDES3"]["group"]) == {"Disabled", "Non-disabled", "Unknown"}
    assert set(frame[frame["indicator"] == "WDES8"]["group"]) == {"Disabled"}  # asked of disabled staff only
    assert (frame["value"] == "").all()  # nothing invented: the trust fills every value in
    assert not frame.duplicated(["indicator", "measure", "staff_group", "band_cluster", "group"]).any()


def test_the_command_writes_csv_and_xlsx_with_the_same_rows(tmp_path):
    result = CliRunner().invoke(app, ["template", "wres-wdes", "--out", str(tmp_path), "--organisation", "R0A"])
    assert result.exit_code == 0, result.output
    csv_rows = pd.read_csv(tmp_path / "wres_wdes_return.csv", dtype=str, keep_default_na=False)
    assert (csv_rows["organisation_code"] == "R0A").all()
    book = load_workbook(tmp_path / "wres_wdes_return.xlsx", read_only=True)
    assert book.sheetnames == ["Return", "Guidance"]
    xlsx_rows = list(book["Return"].iter_rows(values_only=True))
    assert list(xlsx_rows[0]) == COLUMNS and len(xlsx_rows) - 1 == len(csv_rows)
    guidance = [r[0] for r in book["Guidance"].iter_rows(values_only=True) if r and r[0]]
    assert any("leave value blank" in str(line) for line in guidance)


def test_an_unknown_template_name_is_refused():
    result = CliRunner().invoke(app, ["template", "wres"])
    assert result.exit_code == 2 and "the templates are wres-wdes" in result.output


def test_the_shipped_template_is_current():
    shipped = pd.read_csv(TEMPLATE_DIR / "wres_wdes_return.csv", dtype=str, keep_default_na=False)
    assert shipped.equals(template_frame().astype(str)), "run: python -m pipelines template wres-wdes"
