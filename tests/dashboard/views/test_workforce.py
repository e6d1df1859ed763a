"""The workforce page's view of the URL, the tables behind its charts and its downloads,
against the fixture warehouse."""

from __future__ import annotations

from dashboard.tables.downloads import for_download
from dashboard.views import workforce
from dashboard.views.workforce_downloads import REPRESENTATION_EXTRA, download_tables
from tests.dashboard.fixture_warehouse import GM

WIGAN = "E08000010"


def test_workforce_view_falls_back_with_a_note(app_context):
    view = workforce.read_view("?characteristic=ethnic_group&organisation=NOPE")
    assert view.characteristic == "wres_ethnicity" and view.organisation == "all"
    assert len(view.notes) == 2 and "Unknown organisation 'NOPE'" in view.notes[1]
    assert workforce.read_view("?characteristic=disability&organisation=R0A").organisation_name == (
        "Manchester University NHS FT"
    )


def test_workforce_view_compares_with_greater_manchester_and_names_the_place(app_context):
    view = workforce.read_view(f"?locality={WIGAN}")
    assert (view.benchmark_code, view.benchmark_name) == (GM, "Greater Manchester")
    assert view.whole_area and view.place_name == "Wigan"
    chosen = workforce.read_view(f"?locality={WIGAN}&organisation=R0A")
    assert not chosen.whole_area and chosen.place_name == "Manchester University NHS FT"


def test_workforce_tables_behind_the_charts_say_suppressed(app_context):
    search = f"?locality={WIGAN}"
    board, caption = workforce.board_table(workforce.read_view(search))
    assert caption == "Board, workforce and population shares by ethnicity (WRES: White / BME)"
    wigan = board[board["Place"] == "Wigan"]
    assert len(wigan) == 2 and set(wigan["Board share (%)"]) == {"Suppressed"}
    representation, _ = workforce.representation_table(workforce.read_view(search))
    assert "Suppressed" in set(representation["Share (%)"])
    survey, _ = workforce.survey_table(workforce.read_view("?characteristic=sex"))
    assert set(survey["Group"]) >= {"Female", "Male"}


def test_workforce_downloads_never_hold_a_suppressed_number(app_context):
    tables = download_tables(f"?locality={WIGAN}")
    board = for_download(tables["board"], REPRESENTATION_EXTRA)
    hidden = board[board["suppressed"].astype(bool)]
    assert len(hidden) and set(hidden["staff"]) == {"suppressed"} and set(hidden["share"]) == {"suppressed"}
    areas = for_download(tables["by locality"])
    wigan = areas[(areas["area_code"] == WIGAN) & (areas["indicator_id"] == "WF02")].iloc[0]
    assert wigan["value"] == "suppressed" and wigan["numerator"] == "suppressed"
