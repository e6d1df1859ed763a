"""The KPI detail page's data on the fixture warehouse: which KPI an address names, the rows
behind each section, and which sections a KPI has."""

from __future__ import annotations

from dashboard.state import url_state
from dashboard.views import indicator
from tests.dashboard.fixture_warehouse import GM, PERIODS


def _filters(search: str = ""):
    return url_state.parse_query(search, url_state.load_options()).filters


def test_an_address_names_a_kpi_in_any_case_or_encoded(app_context):
    assert indicator.find_kpi("wf01")["indicator_id"] == "WF01"
    assert indicator.find_kpi("%50X01")["indicator_id"] == "PX01"
    assert indicator.find_kpi("") is None and indicator.find_kpi("NOPE") is None


def test_the_data_is_the_area_and_latest_period_with_gm_as_benchmark(app_context):
    data = indicator.indicator_data("PX01", _filters())
    assert (data.view.area_code, data.view.period) == (GM, PERIODS[-1])
    assert (data.benchmark_code, data.benchmark_name) == (GM, "Greater Manchester")
    assert set(data.rows["period"]) == {PERIODS[-1]} and set(data.rows["area_code"]) == {GM}
    assert {"all", "sex", "ethnic_group"} <= set(data.rows["breakdown"])
    assert indicator.indicator_data("NOPE", _filters()) is None


def test_only_a_ratio_kpi_has_rows_for_every_area(app_context):
    ratio = indicator.indicator_data("WF01", _filters())
    assert indicator.shows_ratio(ratio) and len(set(indicator.ratio_rows(ratio)["area_code"])) > 1
    proportion = indicator.indicator_data("PX01", _filters())
    assert not indicator.shows_ratio(proportion) and indicator.ratio_rows(proportion).empty
    assert not indicator.shows_inequality(proportion) and indicator.inequality_rows(proportion).empty


def test_downloads_have_about_data_and_trend_sheets(app_context):
    about, frames = indicator.download_tables("WF01", _filters())
    assert list(frames) == ["Data", "Trend", "Relative likelihood"]
    assert dict(about)["Indicator"] == "WF01" and dict(about)["Period"] == PERIODS[-1]
    assert set(frames["Trend"]["period"]) == set(PERIODS)
    assert indicator.download_tables("NOPE", _filters()) == ([], {})
    assert indicator.file_stem("a/b c", _filters()) == f"indicator-a-b-c-{GM}"
