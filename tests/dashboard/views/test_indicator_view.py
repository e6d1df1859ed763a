"""What the KPI detail page shows for a URL: defaults, friendly fallbacks, the selectors' URLs,
and the all-rows table. Pure: no warehouse needed."""

from __future__ import annotations

import pandas as pd

from dashboard.state.url_state import FilterOptions, Filters
from dashboard.views.indicator_view import (
    data_table_frame,
    ratio_groups_text,
    resolve_view,
    selector_search,
    short_trend,
    target_text,
    threshold_text,
)

GM = "E47000001"
KPI = {
    "indicator_id": "PX_OVERALL",
    "short_title": "Good overall experience",
    "measure_type": "proportion",
    "unit": "%",
    "polarity": "high_is_good",
    "target": 85.0,
    "threshold": 5,
    "min_denominator": 10.0,
    "breakdowns": ["age_band", "sex", "ethnic_group", "imd_quintile", "ethnic_group*sex", "ethnic_group*disability"],
}
COVERAGE = pd.DataFrame(
    [("all", "2024/25 Q3", 16), ("all", "2024/25 Q4", 17), ("community_care", "2024/25 Q4", 17)],
    columns=["work_stream", "period", "period_sort"],
)
LABELS = {
    "age_band": "Age",
    "sex": "Sex",
    "ethnic_group": "Ethnic group (ONS)",
    "religion": "Religion or belief",
    "workforce": "Workforce",
}
OPTIONS = FilterOptions(
    localities=((GM, "Greater Manchester"), ("E08000002", "Bury")),
    default_locality=GM,
    work_streams=(("all", "All work streams"), ("workforce", "Workforce")),
    characteristics=(
        ("all", "All people"),
        ("sex", "Sex"),
        ("ethnic_group", "Ethnic group"),
        ("disability", "Disability"),
    ),
    groups={
        "sex": (("all", "All groups"), ("F", "Female")),
        "ethnic_group": (("all", "All"),),
        "disability": (("all", "All"),),
    },
    periods=(("latest", "Latest available"), ("2024/25 Q4", "2024/25 Q4")),
)


def filters(**values) -> Filters:
    return Filters(**{"locality": GM, **values})


def test_defaults_are_the_latest_period_and_the_first_breakdown():
    view = resolve_view(KPI, filters(), COVERAGE, LABELS)
    assert (view.period, view.breakdown, view.work_stream) == ("2024/25 Q4", "age_band", "all")
    assert view.breakdowns == ("age_band", "sex", "ethnic_group", "imd_quintile")
    assert view.intersections == ("ethnic_group*sex", "ethnic_group*disability")
    assert view.intersection == "ethnic_group*sex"
    assert view.messages == ()


def test_choices_the_kpi_has_are_kept():
    view = resolve_view(
        KPI, filters(period="2024/25 Q3", characteristic="ethnic_group", characteristic2="disability"), COVERAGE, LABELS
    )
    assert (view.period, view.breakdown) == ("2024/25 Q3", "ethnic_group")
    assert view.intersection == "ethnic_group*disability"
    assert (
        resolve_view(KPI, filters(characteristic="sex", characteristic2="ethnic_group"), COVERAGE).intersection
        == "ethnic_group*sex"
    )  # either order
    assert resolve_view(KPI, filters(work_stream="community_care"), COVERAGE).work_stream == ("community_care")


def test_choices_the_kpi_lacks_fall_back_with_a_friendly_message():
    view = resolve_view(
        KPI, filters(period="2024/25", work_stream="workforce", characteristic="religion"), COVERAGE, LABELS
    )
    assert (view.period, view.work_stream, view.breakdown) == ("2024/25 Q4", "all", "age_band")
    assert view.messages == (
        "Good overall experience has no separate figures for the Workforce work stream — showing all work streams.",
        "Good overall experience is not reported for 2024/25 — showing its latest period, 2024/25 Q4.",
        "Good overall experience is not broken down by religion or belief — showing age.",
    )


def test_breakdowns_in_the_marts_but_not_the_framework_are_offered_too():
    kpi = {**KPI, "breakdowns": ["sex"]}
    view = resolve_view(kpi, filters(), COVERAGE, available=("ethnic_group*sex", "sex"))
    assert view.breakdowns == ("sex",) and view.intersection == "ethnic_group*sex"


def test_a_kpi_with_no_breakdowns_or_data():
    view = resolve_view({**KPI, "breakdowns": []}, filters(), COVERAGE.iloc[0:0])
    assert (view.period, view.breakdown, view.intersection) == (None, None, None)


def test_selectors_write_the_characteristic_parameters_and_keep_the_rest():
    search = "?locality=E08000002&characteristic=sex&group=F&tab=x"
    assert selector_search(search, OPTIONS, "ethnic_group") == ("?locality=E08000002&characteristic=ethnic_group&tab=x")
    assert selector_search(search, OPTIONS, "ethnic_group", "disability") == (
        "?locality=E08000002&characteristic=ethnic_group&characteristic2=disability&tab=x"
    )


def test_ratio_groups_named_with_their_labels():
    groups = pd.DataFrame(
        {"breakdown": ["wres_ethnicity"] * 2, "group_code": ["white", "bme"], "group_label": ["White", "BME"]}
    )
    kpi = {"ratio_groups": "white vs bme", "breakdowns": ["wres_ethnicity"]}
    assert ratio_groups_text(kpi, groups) == "White vs BME"
    assert ratio_groups_text({"breakdowns": ["wres_ethnicity"]}, groups) is None


def test_target_threshold_and_trend_words():
    assert target_text(KPI) == "at least 85.0%"
    assert target_text({"measure_type": "ratio", "target_lower": 0.8, "target_upper": 1.25}) == (
        "0.80 to 1.25 (no adverse impact)"
    )
    assert target_text({"measure_type": "rate", "target": float("nan")}) == "No target"
    assert threshold_text(KPI).startswith(
        "Counts below 5 are suppressed; groups of fewer than 10 people are not published"
    )
    assert short_trend("no significant change") == "No significant change"
    assert short_trend(None) == "Not enough data"


def test_data_table_lists_the_headline_first_then_framework_order_and_hides_suppressed():
    rows = pd.DataFrame(
        [
            {"breakdown": "sex", "group_code": "F", "group_label": "Female", "value": 50.0, "suppressed": False},
            {
                "breakdown": "age_band",
                "group_code": "16-24",
                "group_label": "16 to 24",
                "value": None,
                "numerator": None,
                "denominator": None,
                "suppressed": True,
            },
            {"breakdown": "all", "group_code": "all", "group_label": "All people", "value": 55.0, "suppressed": False},
        ]
    )
    table = data_table_frame(KPI, rows, LABELS)
    assert list(table["Characteristic"]) == ["Everyone", "Age", "Sex"]
    assert table.iloc[1]["Value"] == "Suppressed" and table.iloc[1]["Numerator"] == "Suppressed"
