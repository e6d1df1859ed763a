"""Filters in the URL: bad or stale values fall back to a default with a friendly message."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.state import url_state
from dashboard.state.url_state import ALL, LATEST, NONE, Filters, parse_query

GM = "E47000001"


@pytest.fixture
def options() -> url_state.FilterOptions:
    return url_state.options_from_frames(
        pd.DataFrame(
            {
                "area_code": [GM, "E08000001", "E08000003"],
                "area_name": ["Greater Manchester", "Bolton", "Manchester"],
                "area_type": ["region", "locality", "locality"],
            }
        ),
        pd.DataFrame(
            {
                "work_stream": ["workforce", "acute_specialist"],
                "work_stream_name": ["Workforce", "Acute & specialist care"],
            }
        ),
        pd.DataFrame(
            {
                "breakdown": ["all", "sex", "ethnic_group"],
                "breakdown_label": ["All people", "Sex", "Ethnic group (ONS)"],
            }
        ),
        pd.DataFrame(
            {
                "breakdown": ["all", "sex", "sex", "sex", "ethnic_group", "ethnic_group"],
                "group_code": ["all", "F", "M", "Z", "white", "asian"],
                "group_label": ["All people", "Female", "Male", "Not stated", "White", "Asian or Asian British"],
            }
        ),
        pd.DataFrame({"period": ["2024/25", "2023/24"]}),
    )


def test_empty_query_gives_defaults_and_no_messages(options):
    parsed = parse_query("", options)
    assert parsed.filters == Filters(locality=GM)
    assert parsed.filters.period == LATEST and parsed.filters.characteristic2 == NONE
    assert parsed.messages == ()
    assert parsed.filters.query == ""


def test_valid_query_round_trips(options):
    search = (
        "?locality=E08000003&work_stream=workforce&characteristic=sex&group=F"
        "&characteristic2=ethnic_group&period=2023/24"
    )
    parsed = parse_query(search, options)
    assert parsed.messages == ()
    assert parsed.filters == Filters("E08000003", "workforce", "sex", "F", "ethnic_group", "2023/24")
    assert parse_query(parsed.filters.query, options).filters == parsed.filters
    assert parsed.filters.breakdown == "sex*ethnic_group"


def test_names_and_case_are_accepted(options):
    parsed = parse_query("?locality=manchester&work_stream=Acute-Specialist&characteristic=SEX", options)
    assert parsed.messages == ()
    assert (parsed.filters.locality, parsed.filters.work_stream, parsed.filters.characteristic) == (
        "E08000003",
        "acute_specialist",
        "sex",
    )


def test_unknown_locality_falls_back_to_gm_with_message(options):
    parsed = parse_query("?locality=XYZ", options)
    assert parsed.filters.locality == GM
    assert parsed.messages == ("Unknown locality 'XYZ' — showing Greater Manchester instead.",)


@pytest.mark.parametrize(
    ("search", "field", "default", "message"),
    [
        ("?work_stream=nope", "work_stream", ALL, "Unknown work stream 'nope' — showing all work streams instead."),
        (
            "?characteristic=shoe_size",
            "characteristic",
            ALL,
            "Unknown characteristic 'shoe_size' — showing all people instead.",
        ),
        ("?period=1999/00", "period", LATEST, "Unknown period '1999/00' — showing the latest period instead."),
        (
            "?characteristic=sex&group=purple",
            "group",
            ALL,
            "Unknown group 'purple' for Sex — showing all groups instead.",
        ),
        ("?group=F", "group", ALL, "Group 'F' needs a characteristic — showing all groups instead."),
        (
            "?characteristic=sex&characteristic2=sex",
            "characteristic2",
            NONE,
            "The second characteristic is the same as the first ('sex') — showing no intersection instead.",
        ),
        (
            "?characteristic=sex&characteristic2=hair",
            "characteristic2",
            NONE,
            "Unknown second characteristic 'hair' — showing no intersection instead.",
        ),
        (
            "?characteristic2=sex",
            "characteristic2",
            NONE,
            "A second characteristic ('sex') needs a first one — showing no intersection instead.",
        ),
    ],
)
def test_bad_values_fall_back_with_messages(options, search, field, default, message):
    parsed = parse_query(search, options)
    assert getattr(parsed.filters, field) == default
    assert parsed.messages == (message,)


def test_several_bad_values_give_several_messages_and_good_ones_are_kept(options):
    parsed = parse_query("?locality=XYZ&work_stream=workforce&period=soon", options)
    assert parsed.filters.work_stream == "workforce"
    assert len(parsed.messages) == 2


def test_garbage_never_raises(options):
    for search in (
        "?%ZZ",
        "?locality",
        "?&&==",
        "?locality=%00%ff",
        "no-question-mark",
        None,
        "?locality=" + "x" * 5000,
        "?locality=<script>alert(1)</script>",
    ):
        parsed = parse_query(search, options)
        assert parsed.filters.locality == GM
        assert all(len(m) < 200 for m in parsed.messages)


def test_blank_and_repeated_parameters(options):
    assert parse_query("?locality=&period=", options).messages == ()
    parsed = parse_query("?locality=E08000001&locality=XYZ", options)
    assert parsed.filters.locality == "E08000001" and parsed.messages == ()


def test_other_parameters_are_kept_for_the_url_but_not_for_links(options):
    parsed = parse_query("?tab=table&work_stream=workforce", options)
    assert parsed.extra == (("tab", "table"),)
    assert parsed.filters.query == "?work_stream=workforce"
    assert url_state.query_string(parsed.filters, options, parsed.extra) == ("?work_stream=workforce&tab=table")


def test_normalise_drops_a_group_of_another_characteristic(options):
    chosen = Filters(GM, characteristic="ethnic_group", group="F", characteristic2="ethnic_group")
    fixed = url_state.normalise(chosen, options)
    assert (fixed.group, fixed.characteristic2) == (ALL, NONE)
    assert fixed.query == "?characteristic=ethnic_group"


def test_store_round_trip_and_links(options):
    filters = parse_query("?work_stream=workforce", options).filters
    again = Filters.from_store(filters.to_store())
    assert again == filters and again.query == filters.query
    assert filters.href("/indicators/WF01") == "/indicators/WF01?work_stream=workforce"
    assert Filters.from_store(None) is None and Filters.from_store({}) is None


def test_options_from_the_warehouse(app_context):
    options = url_state.load_options()
    assert options.default_locality == GM
    assert len(options.localities) == 11 and options.localities[0][0] == GM
    assert options.work_streams[0] == (ALL, "All work streams") and len(options.work_streams) == 9
    assert [p for p, _ in options.periods] == [LATEST, "2024/25", "2023/24", "2022/23"]
    assert ("Z", "Not stated") in options.groups["sex"]
    assert ALL not in options.groups
