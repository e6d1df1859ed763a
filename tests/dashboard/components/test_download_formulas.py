"""No download carries a live formula: CSV cells that start like one are quoted, and Excel
files hold text as text (with the same quote), numbers as numbers."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.components.download import csv_download, excel_download

# The payloads, as free text from an extract could carry them into a download.
# A workbook's About sheet reads the warehouse's record of the data's origin.
pytestmark = pytest.mark.usefixtures("app_context")

PAYLOADS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "-2+3+cmd|calc", "+1+1", "\t=1+1", "\r=1+1"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_label": PAYLOADS,
            "quote": ["http://example.org/phish"] * len(PAYLOADS),
            "value": [-2.5, -1.0, 0.0, 1.5, 2.0, -0.1],
            "numerator": [-3, 4, 5, 6, 7, 8],
            "suppressed": [False] * len(PAYLOADS),
        }
    )


def test_csv_download_quotes_every_formula_and_keeps_negative_numbers():
    content = csv_download(_frame(), "x.csv")["content"].lstrip("\ufeff")
    table = pd.read_csv(io.StringIO(content), keep_default_na=False)
    assert table["group_label"].tolist() == ["'" + p for p in PAYLOADS]
    assert table["value"].tolist() == [-2.5, -1.0, 0.0, 1.5, 2.0, -0.1]  # still numbers
    assert table["numerator"].tolist()[0] == -3
    cells = [cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_excel_download_writes_text_as_text(payload):
    content = excel_download({"Data": _frame()}, "x.xlsx")["content"]
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(content)))
    sheet = book["Data"]
    header = [cell.value for cell in sheet[1]]
    # xlsxwriter stores a carriage return as its XML escape, which openpyxl leaves as it is
    rows = {row[0].value.replace("_x000D_", "\r"): row for row in sheet.iter_rows(min_row=2)}
    row = rows["'" + payload]
    assert row[0].data_type == "s"  # a string, never a formula ('f')
    assert row[header.index("quote")].data_type == "s" and row[header.index("quote")].hyperlink is None
    assert row[header.index("value")].data_type == "n"
    every_cell = [cell for line in sheet.iter_rows() for cell in line]
    assert not any(cell.data_type == "f" for cell in every_cell)
    assert not any(isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")) for cell in every_cell)


def test_excel_negative_numbers_stay_numbers():
    content = excel_download({"Data": _frame()}, "x.xlsx")["content"]
    book = pd.read_excel(io.BytesIO(base64.b64decode(content)), sheet_name="Data")
    assert book["value"].tolist() == [-2.5, -1.0, 0.0, 1.5, 2.0, -0.1]
    assert book["numerator"].tolist()[0] == -3


def test_every_download_is_made_by_the_download_component():
    """Files leave the app only through `csv_download` / `excel_download` (which neutralise
    formulas), or as a file shipped in the repository (`dcc.send_file` of a template)."""
    root = Path(__file__).resolve().parents[3] / "dashboard"
    writers = re.compile(r"\bsend_(string|bytes|data_frame)\(|\.to_csv\(|\.to_excel\(|ExcelWriter\(")
    elsewhere = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "download.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writers.search(line)
    ]
    assert not elsewhere, f"a download made outside dashboard/components/download.py: {elsewhere}"
