"""The data-quality page's data access: completeness, declared disability, load history and
rejects grouped by kind of reason; and what the page draws from them."""

from __future__ import annotations

import sys

import pytest

from dashboard import create_app
from dashboard.state.url_state import Filters
from dashboard.warehouse import quality, workforce
from tests.dashboard.component_tree import text
from tests.dashboard.fixture_warehouse import AREAS, GM, PERIODS


def test_completeness_latest_period_one_area(app_context):
    frame = quality.data_completeness(area_codes=(GM,))
    assert list(frame["period"].unique()) == [PERIODS[-1]]
    row = frame.iloc[0]
    assert (row["source"], row["breakdown"], row["breakdown_label"]) == (
        "patient_experience",
        "sexual_orientation",
        "Sexual orientation",
    )
    assert row["unknown_share"] == 40.0 and row["area_name"] == "Greater Manchester"


def test_completeness_by_locality_for_one_characteristic_and_period(app_context):
    frame = quality.data_completeness(period=PERIODS[0], breakdown="sexual_orientation")
    assert len(frame) == len(AREAS) and set(frame["period"]) == {PERIODS[0]}
    assert quality.data_completeness(period="2024/25 Q1").empty
    assert quality.data_completeness(breakdown="religion").empty


def test_load_history_joins_the_build(app_context):
    history = quality.load_history()
    assert len(history) == 1
    row = history.iloc[0]
    assert row["rows_read"] == row["rows_loaded"] + row["rows_rejected"]
    assert row["build_status"] == "succeeded" and row["build_finished_at"] is not None


def test_rejects_are_counted_by_reason_and_column_without_the_offending_values(app_context):
    reasons = quality.reject_summary().set_index("reason_kind")
    assert reasons.loc["unknown area_code code", "rows"] == 2  # 'E08000099' and 'X1'
    assert reasons.loc["unknown area_code code", "column_name"] == "area_code"
    assert set(reasons.index) == {"unknown area_code code", "unknown area code", "wrong number of fields"}
    assert not any("'" in kind for kind in reasons.index)
    assert "raw_text" not in reasons.columns and "line_number" not in reasons.columns


def test_reject_rows_are_sampled_per_reason_and_cut_short(app_context):
    every = quality.reject_rows()
    assert len(every) == 4
    sample = quality.reject_rows(per_reason=1, max_characters=10)
    assert len(sample) == 3
    cut = sample[sample["reason_kind"] == "unknown area_code code"].iloc[0]
    assert cut["raw_text"] == "PH01,2024/" and cut["raw_text_cut"]


def test_declared_disability_sets_staff_records_beside_the_staff_survey(demo_warehouse):
    app = create_app(demo_warehouse)
    with app.server.test_request_context("/"):
        frame = workforce.declared_disability(GM)
    both = frame.dropna(subset=["esr_share", "survey_share"])
    assert not both.empty
    latest = both.iloc[-1]
    assert latest["esr_share"] < latest["survey_share"]  # ~3-5% in ESR against ~20% in the survey
    assert latest["survey_share"] == pytest.approx(100 * latest["survey_disabled"] / latest["survey_respondents"])


def test_declared_disability_without_a_survey_breakdown_has_staff_records_only(app_context):
    frame = workforce.declared_disability(GM)  # no fixture staff-survey KPI is broken down by disability
    assert not frame.empty and frame["esr_share"].notna().all()
    assert (frame["esr_lower_ci_95"] <= frame["esr_share"]).all()
    assert frame["survey_share"].isna().all()


def test_page_answers_the_sexual_orientation_question(app_context):
    page = sys.modules["dashboard.pages.data_quality"]
    out = page.render_data_quality(Filters(locality=GM).to_store())
    shown = text(out)
    assert "How complete is our sexual orientation data?" in shown
    assert "In Greater Manchester (2024/25), sexual orientation is not stated or not known in 40.0%" in shown
    assert "unknown area_code code" in shown and "area_code" in shown
    assert "4 records were rejected in 1 file, for 3 kinds of reason" in shown
    assert "python -m pipelines rejects --build latest" in shown
    assert "PH01,2024/25" not in shown and "x,y" not in shown  # no rejected record's text
    assert "Every file must add up" in shown


def test_page_says_when_a_period_has_no_completeness_figures(app_context):
    page = sys.modules["dashboard.pages.data_quality"]
    out = page.render_data_quality(Filters(locality=GM, period="2024/25 Q1").to_store())
    assert "No completeness figures for this period" in text(out)


@pytest.mark.parametrize(
    "button,suffix", [("data-quality-template-csv", "csv"), ("data-quality-template-excel", "xlsx")]
)
def test_page_offers_the_wres_wdes_return_template(app_context, monkeypatch, button, suffix):
    page = sys.modules["dashboard.pages.data_quality"]
    shown = text(page.render_data_quality(Filters(locality=GM).to_store()))
    assert "WRES and WDES returns: the template" in shown
    monkeypatch.setattr(page.dash, "ctx", type("Ctx", (), {"triggered_id": button})())
    sent = page.download_template(1, None)
    assert sent["filename"] == f"wres_wdes_return.{suffix}" and sent["content"]
