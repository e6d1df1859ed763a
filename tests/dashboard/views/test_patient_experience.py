"""The patient-experience page's data on the fixture warehouse: the questions it offers and
the group whose trend it shows."""

from __future__ import annotations

from dashboard.views import patient_experience as experience
from tests.dashboard.fixture_warehouse import PERIODS

WIGAN = "E08000010"


def test_questions_are_the_patient_experience_kpis_with_breakdowns(app_context):
    assert list(experience.questions()["indicator_id"]) == ["PX01", "PX02"]
    assert experience.default_question() == "PX01"  # the framework has no PX_OVERALL
    assert {o["value"] for o in experience.characteristic_options("PX01")} == {"sex", "ethnic_group"}


def test_the_trend_shows_the_lowest_scoring_group_until_one_is_chosen(app_context):
    view = experience.read_view(f"?locality={WIGAN}")
    values = experience.group_values(view)
    groups = values[values["breakdown"] == view.characteristic]
    trend = experience.group_trend(view, groups)
    assert trend.group_label == "Asian or Asian British"
    assert len(trend.frame) == 2 * len(PERIODS)  # the group and all respondents, every period
    chosen = experience.read_view("?characteristic=sex&group=F")
    trend = experience.group_trend(chosen, groups.iloc[0:0])
    assert (trend.group_code, trend.group_label) == ("F", "Female")


def test_no_group_to_show_is_no_trend(app_context):
    view = experience.read_view("")
    assert experience.group_trend(view, experience.group_values(view).iloc[0:0]) is None
