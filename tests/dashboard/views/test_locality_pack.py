"""The locality pack: one workbook with a locality's profile, its significantly worse and
better lists, the KPI definitions and an About sheet; suppressed numbers leave only as the
word "suppressed", text never as a formula; the page's button sends it."""

from __future__ import annotations

import base64
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.components.download import about_sheet, excel_download
from dashboard.state.url_state import Filters
from dashboard.views.locality_comparison import comparison_counts
from dashboard.views.locality_pack import (
    BETTER_SHEET,
    TEXT_OF_NUMBERS,
    WORSE_SHEET,
    locality_pack,
    profile_frame,
)
from dashboard.warehouse import framework, indicators
from dashboard.warehouse.provenance import SYNTHETIC_NOTICE
from tests.dashboard.dash_requests import call
from tests.dashboard.fixture_warehouse import GM, KPIS, SUPPRESSED_HEADLINES

((SUPPRESSED_KPI, SUPPRESSED_AREA),) = SUPPRESSED_HEADLINES
MANCHESTER = "E08000003"
SHEETS = ["About", "Profile", WORSE_SHEET, BETTER_SHEET, "Definitions"]
NUMBERS = ("value", "lower_ci_95", "upper_ci_95", "value_with_95_ci")


def _workbook(pack) -> openpyxl.Workbook:
    sent = excel_download({"About": about_sheet(pack.about), **pack.sheets}, pack.filename, TEXT_OF_NUMBERS)
    return openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))


def _rows(sheet) -> list[dict]:
    values = list(sheet.values)
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.mark.usefixtures("app_context")
def test_pack_has_every_sheet_and_the_profile_follows_the_marts():
    pack = locality_pack(Filters(locality=MANCHESTER))
    assert pack.filename == "locality-pack-manchester.xlsx"
    book = _workbook(pack)
    assert book.sheetnames == SHEETS
    profile = _rows(book["Profile"])
    assert [r["indicator_id"] for r in profile] == [k[0] for k in KPIS]  # framework order
    marts = indicators.headline_values()
    mine = marts[marts["area_code"] == MANCHESTER].set_index("indicator_id")
    for row in profile:
        expected = mine.loc[row["indicator_id"]]
        assert row["compared_with_gm"] == expected["comparison_words"]
        assert row["rag"] == expected["rag_words"] and row["trend"] == expected["trend_words"]
        assert row["value"] == pytest.approx(expected["value"])
        assert row["greater_manchester_value"] == pytest.approx(expected["benchmark_value"])
    counts = comparison_counts(framework.kpis(), marts, MANCHESTER)
    worse, better = _rows(book[WORSE_SHEET]), _rows(book[BETTER_SHEET])
    assert len(worse) == counts["worse"] and len(better) == counts["better"]
    assert {r["indicator_id"] for r in worse} == set(mine.index[mine["comparison"] == "worse"])
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["Locality"] == "Manchester" and about["Data origin"] == SYNTHETIC_NOTICE
    assert about[WORSE_SHEET].startswith(f"{counts['worse']} of {len(KPIS)}")
    definitions = _rows(book["Definitions"])
    assert [d["indicator_id"] for d in definitions] == [k[0] for k in KPIS]
    assert all(d["numerator"] and d["denominator"] and d["source"] and d["method"] for d in definitions)


@pytest.mark.usefixtures("app_context")
def test_suppressed_numbers_leave_only_as_a_word_and_no_cell_is_a_formula():
    book = _workbook(locality_pack(Filters(locality=SUPPRESSED_AREA)))
    row = next(r for r in _rows(book["Profile"]) if r["indicator_id"] == SUPPRESSED_KPI)
    assert row["suppressed"] is True
    assert all(row[c] == "suppressed" for c in NUMBERS)
    cells = [cell for sheet in book for line in sheet.iter_rows() for cell in line]
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]


def test_formula_like_titles_are_written_as_text(app_context):
    kpis = pd.DataFrame([{"indicator_id": "X1", "title": '=HYPERLINK("http://x")', "outcome_title": "@o"}])
    values = pd.DataFrame(
        [
            {
                "indicator_id": "X1",
                "area_code": "A",
                "period": "2024/25",
                "value": 1.0,
                "suppressed": False,
                "comparison_words": "+1",
            }
        ]
    )
    sent = excel_download({"Profile": profile_frame(kpis, values, "A")}, "x.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))["Profile"]
    row = _rows(sheet)[0]
    assert row["title"] == '\'=HYPERLINK("http://x")' and row["compared_with_gm"] == "'+1"


@pytest.mark.usefixtures("app_context")
def test_no_pack_without_a_locality():
    assert locality_pack(Filters(locality=GM)) is None
    assert locality_pack(Filters(locality="E99999999")) is None


@pytest.mark.usefixtures("app_context")
def test_a_kpi_without_data_says_so():
    pack = locality_pack(Filters(locality=MANCHESTER, period="1999/00"))
    assert set(pack.sheets["Profile"]["compared_with_gm"]) == {"No data"}
    assert pack.sheets[WORSE_SHEET].empty


def test_the_button_downloads_the_pack(dash_app):
    client = dash_app.server.test_client()
    target = "localities-pack-download.data"
    clicked = {"localities-pack-excel.n_clicks": 1}
    filters = Filters(locality=MANCHESTER, work_stream="workforce").to_store()
    reply = call(client, target, {**clicked, "filters.data": filters})
    assert reply.status_code == 200
    sent = reply.json["response"]["localities-pack-download"]["data"]
    assert sent["filename"] == "locality-pack-manchester.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    assert book.sheetnames == SHEETS
    assert [r["indicator_id"] for r in _rows(book["Profile"])] == ["WF01", "WF02", "WF03"]
    nothing = call(client, target, {**clicked, "filters.data": Filters(locality=GM).to_store()})
    assert nothing.status_code == 204
