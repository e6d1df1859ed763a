"""Data access for the workforce and patient-experience pages, their view of the URL, what
they render and what their downloads hold, against the fixture warehouse."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from dash.exceptions import PreventUpdate

from dashboard.state import url_state
from dashboard.tables.downloads import for_download
from dashboard.warehouse import indicators
from dashboard.warehouse import workforce as workforce_queries
from tests.dashboard.component_tree import ids as ids_under
from tests.dashboard.component_tree import text as text_of
from tests.dashboard.fixture_warehouse import GM, PERIODS, SUPPRESSED_BOARDS

WIGAN, MANCHESTER = "E08000010", "E08000003"


@pytest.fixture
def workforce(app_context):
    return sys.modules["dashboard.pages.workforce"]


@pytest.fixture
def patient_experience(app_context):
    return sys.modules["dashboard.pages.patient_experience"]


def _store(search: str) -> dict:
    return url_state.parse_query(search, url_state.load_options()).filters.to_store()


# --- data access ----------------------------------------------------------------------------


def test_workforce_representation_latest_period_places_and_labels(app_context):
    rep = workforce_queries.workforce_representation("wres_ethnicity", area_codes=(GM,), organisation_codes=("all",))
    assert set(rep["period"]) == {PERIODS[-1]}
    assert set(rep["organisation_code"]) == {"all"} and set(rep["area_code"]) == {GM}
    cluster = rep[rep["level"] == "cluster_1"].iloc[0]
    assert cluster["level_label"] == "Cluster 1 (bands 1-4)"
    assert pd.isna(rep[rep["level"] == "board"]["level_label"]).all()
    assert list(dict.fromkeys(rep["group_code"])) == ["white", "bme", "Z", "99"]
    older = workforce_queries.workforce_representation("disability", period=PERIODS[-2], organisation_codes=("R0A",))
    assert set(older["period"]) == {PERIODS[-2]} and set(older["area_code"]) == {GM}
    assert "population" not in set(older["level"])


def test_workforce_representation_blanks_every_number_of_a_suppressed_row(app_context):
    rep = workforce_queries.workforce_representation("wres_ethnicity", area_codes=(WIGAN,))
    board = rep[rep["level"] == "board"]
    assert (WIGAN, "all") in SUPPRESSED_BOARDS and board["suppressed"].all()
    assert board[["staff", "share", "lower_ci_95", "upper_ci_95"]].isna().all().all()
    out = for_download(board, ("staff", "share"))
    assert set(out["staff"]) == {"suppressed"} and set(out["share"]) == {"suppressed"}


def test_values_for_indicators_takes_each_kpis_own_period_and_work_stream(app_context):
    values = indicators.values_for_indicators(
        ("PX01", "PX02"),
        period=PERIODS[1],
        area_codes=(GM,),
        work_stream="acute_specialist",
        breakdowns=("all",),
    )
    streams = dict(zip(values["indicator_id"], values["work_stream"], strict=True))
    assert streams == {"PX01": "acute_specialist", "PX02": "all"}
    assert set(values["period"]) == {PERIODS[1]}
    latest = indicators.values_for_indicators(("WF01", "WF02"), area_codes=(WIGAN,), breakdowns=("all",))
    assert set(latest["period"]) == {PERIODS[-1]}
    suppressed = latest[latest["indicator_id"] == "WF02"].iloc[0]
    assert suppressed["suppressed"] and pd.isna(suppressed["value"])


def test_periods_for_indicators_and_organisations(app_context):
    periods = indicators.periods_for_indicators(("WF01",))
    assert list(periods["period"]) == list(PERIODS[::-1])
    orgs = workforce_queries.organisations()
    row = orgs[orgs["organisation_code"] == "R0A"].iloc[0]
    assert row["locality_name"] == "Manchester"


def test_set_parameters_keeps_page_parameters_and_drops_defaults(app_context):
    options = url_state.load_options()
    search = url_state.set_parameters(
        "?locality=E08000003", options, {"characteristic": "disability", "organisation": "R0A"}
    )
    assert search == "?locality=E08000003&characteristic=disability&organisation=R0A"
    search = url_state.set_parameters(search, options, {"organisation": None, "period": ""})
    assert search == "?locality=E08000003&characteristic=disability"
    search = url_state.set_parameters(search, options, {"characteristic": "sex", "group": "black"})
    assert search == "?locality=E08000003&characteristic=sex"  # a group of another characteristic


# --- the workforce page ---------------------------------------------------------------------


def test_workforce_page_renders_every_section_for_gm(workforce):
    content, _ = workforce.render_workforce(_store(""), "")
    ids = ids_under(content)
    for section in (
        "workforce-representation-chart",
        "workforce-likelihood-chart",
        "workforce-likelihood-table",
        "workforce-board-chart",
        "workforce-area-table",
        "workforce-rep-area-table",
        "workforce-rep-org-table",
    ):
        assert section in ids, section
    text = text_of(content)
    assert "BME staff are 25.0% of Cluster 1 (bands 1-4)" in text


def test_workforce_page_says_a_localitys_board_is_suppressed_and_shows_gm(workforce):
    content, _ = workforce.render_workforce(_store(f"?locality={WIGAN}"), f"?locality={WIGAN}")
    text = text_of(content)
    assert "board figures are suppressed for Wigan (every group)." in text
    assert "their share of the board is suppressed" in text


def test_workforce_tables_are_drawn_when_opened(workforce):
    search = f"?locality={WIGAN}"
    content, _ = workforce.render_workforce(_store(search), search)
    for name in ("representation", "board"):
        assert str({"type": workforce.TABLE_KIND, "name": name}) in ids_under(content)


def test_an_organisation_change_redraws_only_the_parts_that_show_it(workforce):
    search = f"?locality={WIGAN}"
    content, drawn = workforce.render_workforce(_store(search), search)
    assert isinstance(content, list) and drawn
    with pytest.raises(PreventUpdate):  # nothing new for the sections that show no organisation
        workforce.redraw_organisation_parts(_store(search), search, "a view drawn before")
    chosen = f"{search}&organisation=R0A"
    with pytest.raises(PreventUpdate):
        workforce.render_workforce(_store(chosen), chosen, drawn)
    context, representation, board = workforce.redraw_organisation_parts(_store(chosen), chosen, drawn)
    assert "Organisation: Manchester University NHS FT" in text_of(context)
    assert "Manchester University NHS FT" in text_of(representation)
    assert "suppressed for Manchester University NHS FT" in text_of(board)
    # anything else that changed (here the characteristic) redraws every section
    other = f"{chosen}&characteristic=sex"
    with pytest.raises(PreventUpdate):
        workforce.redraw_organisation_parts(_store(other), other, drawn)
    redrawn, key = workforce.render_workforce(_store(other), other, drawn)
    assert isinstance(redrawn, list) and key != drawn


def test_workforce_survey_by_sex_and_not_broken_down_by_ethnicity(workforce):
    by_sex, _ = workforce.render_workforce(_store("?characteristic=sex"), "?characteristic=sex")
    assert "workforce-survey-chart" in ids_under(by_sex)
    by_ethnicity, _ = workforce.render_workforce(_store(""), "")
    assert "workforce-survey-empty" in ids_under(by_ethnicity)
    assert "Not broken down by ethnicity (WRES: White / BME)" in text_of(by_ethnicity)


# --- the patient-experience page --------------------------------------------------------------


def test_patient_experience_view_defaults_and_work_stream_fallback(patient_experience):
    view = patient_experience.read_view("")
    assert (view.question, view.characteristic, view.group, view.period) == (
        "PX01",
        "ethnic_group",
        "all",
        "latest",
    )
    assert not view.notes
    view = patient_experience.read_view("?question=PX02&work_stream=acute_specialist")
    assert view.work_stream == "all" and "not reported for the" in view.notes[0]
    view = patient_experience.read_view("?question=PX01&characteristic=disability")
    assert view.characteristic == "ethnic_group" and "not broken down by disability" in view.notes[0]


def test_patient_experience_page_renders_groups_grids_and_trend(patient_experience):
    search = f"?locality={WIGAN}"
    content = patient_experience.render_patient_experience(_store(search), search)
    ids = ids_under(content)
    for element in ("px-groups-chart", "px-question-grid", "px-locality-grid", "px-trend-chart"):
        assert element in ids, element
    text = text_of(content)
    assert "Suppressed" in text and "n = " in text
    assert "Trend: Asian or Asian British compared with all respondents" in text


def test_patient_experience_download_has_suppressed_words_not_numbers(patient_experience):
    frame = for_download(patient_experience.download_table("localities", ""))
    hidden = frame[frame["suppressed"].astype(bool)]
    assert len(hidden) and {WIGAN, "E08000002"} <= set(hidden["area_code"])
    for column in ("numerator", "denominator", "value", "lower_ci_95", "upper_ci_95"):
        assert set(hidden[column]) == {"suppressed"}
    trend = patient_experience.download_table("trend", "?characteristic=sex&group=F")
    assert set(trend["group_code"]) == {"F", "all"} and len(trend) == 2 * len(PERIODS)
    assert MANCHESTER not in set(trend["area_code"])
