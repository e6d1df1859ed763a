"""Tables and downloads show a suppressed value as a word, never as a number."""

from __future__ import annotations

import base64
import io

import pandas as pd

from dashboard.components.download import csv_download, excel_download
from dashboard.components.tables import accessible_table, table_alternative
from dashboard.tables.downloads import for_download
from tests.dashboard.component_tree import strings


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group_label": ["White", "Asian", "Other"],
            "numerator": [120, 40, None],
            "value": [60.0, 40.0, 75.0],  # a faulty 75.0 on the suppressed row must not leak
            "suppressed": [False, False, True],
        }
    )


def test_for_download_replaces_numbers_on_suppressed_rows():
    out = for_download(_frame())
    assert out.loc[2, "value"] == "suppressed" and out.loc[2, "numerator"] == "suppressed"
    assert out.loc[0, "value"] == 60.0
    assert _frame().loc[2, "value"] == 75.0  # the caller's frame is untouched


def test_csv_download_has_no_suppressed_number():
    payload = csv_download(_frame(), "x.csv")
    assert payload["filename"] == "x.csv"
    table = pd.read_csv(io.StringIO(payload["content"].lstrip("\ufeff")))
    assert table.loc[2, "value"] == "suppressed"
    assert "75" not in payload["content"]


def test_excel_download_sheets(app_context):
    sheets = {"Overview": _frame(), "A very long sheet name beyond 31 chars": _frame()}
    payload = excel_download(sheets, "x.xlsx")
    book = pd.read_excel(io.BytesIO(base64.b64decode(payload["content"])), sheet_name=None)
    assert list(book) == ["About", "Overview", "A very long sheet name beyond 3"]  # About says where the data came from
    assert book["Overview"].loc[2, "value"] == "suppressed"


def test_accessible_table_has_caption_scoped_headers_and_suppressed_words():
    region = accessible_table(
        _frame(),
        "Positive experience by ethnic group",
        columns={"group_label": "Group", "value": "Value (%)"},
        row_header="group_label",
        static=False,
    )
    assert region.tabIndex == "0" and region.role == "region"
    table = region.children
    caption, head, body = table.children
    assert caption.children == "Positive experience by ethnic group"
    assert [th.scope for th in head.children.children] == ["col", "col"]
    rows = body.children
    assert rows[0].children[0].scope == "row"
    assert [cell.children for cell in rows[2].children] == ["Other", "Suppressed"]
    assert "75.0" not in strings(table)


def test_long_tables_are_cut_and_say_so():
    frame = pd.DataFrame({"n": range(30)})
    region = accessible_table(frame, "Numbers", max_rows=10, static=False)
    assert "first 10 of 30 rows" in region.children.children[0].children
    assert len(region.children.children[2].children) == 10
    details = table_alternative(frame, "Numbers", static=True)
    assert details.children[0].children == "Show the data as a table"
    assert "<caption>Numbers</caption>" in details.children[1].children  # one static component
