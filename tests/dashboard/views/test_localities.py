"""The localities page's view: the `indicator` URL parameter, the rows behind the
compare-areas chart and its download, and the chosen locality's profile rows."""

from __future__ import annotations

from dashboard.state.url_state import Filters
from dashboard.tables.downloads import for_download
from dashboard.views import localities
from dashboard.warehouse import framework
from tests.dashboard.fixture_warehouse import AREAS, GM, KPIS, SUPPRESSED_HEADLINES

((SUPPRESSED_KPI, SUPPRESSED_AREA),) = SUPPRESSED_HEADLINES


def test_indicator_defaults_to_the_first_kpi_and_explains_a_bad_one(app_context):
    kpis, every = framework.kpis(), framework.kpis()
    assert localities.choose_indicator(None, kpis, every) == (KPIS[0][0], None)
    assert localities.choose_indicator("ph01", kpis, every) == ("PH01", None)
    chosen, message = localities.choose_indicator("NOPE", kpis, every)
    assert chosen == KPIS[0][0] and message.startswith("Unknown KPI 'NOPE'")
    workforce = framework.kpis("workforce")
    chosen, message = localities.choose_indicator("PX01", workforce, every)
    assert chosen == "WF01" and "not one of this work stream's KPIs" in message
    assert localities.choose_indicator("PX01", workforce.iloc[0:0], every) == (None, None)


def test_indicator_is_written_into_a_canonical_query_string(app_context):
    assert localities.raw_indicator("?locality=E08000003&Indicator=WF01&indicator=PX01") == "WF01"
    assert localities.raw_indicator("") is None
    search = localities.search_with_indicator("?indicator=PX01&locality=E08000003&tab=x", "PH01")
    assert search == "?locality=E08000003&tab=x&indicator=PH01"


def test_compare_frame_has_gm_and_every_locality(app_context):
    filters = Filters(locality=GM)
    frame = localities.compare_frame(filters, "PX01")
    assert list(frame["area_code"]) == list(AREAS)
    assert frame["area_type"].iloc[0] == "region"
    assert frame["hex_col"].iloc[1:].notna().all()
    stream = localities.compare_frame(Filters(locality=GM, work_stream="acute_specialist"), "PX01")
    assert set(stream["work_stream"]) == {"acute_specialist"}  # the work stream's own rows
    hidden = localities.compare_frame(filters, SUPPRESSED_KPI)
    download = for_download(localities.download_frame(hidden, framework.kpi(SUPPRESSED_KPI)))
    row = download[download["area_code"] == SUPPRESSED_AREA].iloc[0]
    assert row["value"] == "suppressed" and row["denominator"] == "suppressed"
    assert len(download) == len(AREAS)


def test_a_kpi_comparison_highlights_the_chosen_locality_against_gm(app_context):
    comparison = localities.kpi_comparison(Filters(locality="E08000003"), "PX01")
    assert comparison.selected == "E08000003" and comparison.benchmark_name == "Greater Manchester"
    assert comparison.has_values and len(comparison.localities) == len(AREAS) - 1
    assert localities.kpi_comparison(Filters(locality=GM), "PX01").selected is None
    assert localities.kpi_comparison(Filters(locality=GM), "NOPE") is None


def test_a_profile_is_only_of_a_locality(app_context):
    assert localities.locality_profile(Filters(locality=GM)) is None
    assert localities.locality_profile(Filters(locality="NOPE")) is None
    profile = localities.locality_profile(Filters(locality="E08000003"))
    assert profile.name == "Manchester" and profile.benchmark_code == GM
    assert set(profile.values["indicator_id"]) <= set(profile.kpis["indicator_id"])


def test_the_most_like_sentence_lists_the_names():
    assert localities.most_like_sentence("Bury", ["Bolton"]) == "On the KPIs shown, Bury is most like Bolton."
    assert localities.most_like_sentence("Bury", ["A", "B", "C"]).endswith("most like A, B and C.")
