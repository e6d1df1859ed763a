"""The voices page's data access (quotes and counts under the shared filters, ethnic categories
found under their ONS and WRES groups) and what the page draws."""

from __future__ import annotations

import sys

import pytest

from dashboard.state.url_state import Filters
from dashboard.warehouse import voices
from tests.dashboard.component_tree import ids, walk
from tests.dashboard.fixture_warehouse import GM

WIGAN = "E08000010"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"V1", "V2", "V3"}),
        ({"area_code": WIGAN}, {"V3"}),
        ({"work_stream": "workforce"}, {"V2"}),
        ({"outcome_id": "O1"}, {"V1"}),
        ({"theme": "access"}, {"V3"}),
        ({"breakdown": "disability"}, {"V2"}),
        ({"breakdown": "ethnic_group", "group_code": "asian"}, {"V1", "V3"}),  # V3 is category K
        ({"breakdown": "wres_ethnicity", "group_code": "bme"}, {"V3"}),
        ({"breakdown": "ethnicity", "group_code": "K"}, {"V3"}),
        ({"breakdown": "ethnic_group", "group_code": "black"}, set()),
    ],
)
def test_voices_and_counts_follow_the_same_filters(app_context, filters, expected):
    quotes = voices.voices(**filters)
    assert set(quotes["voice_id"]) == expected
    assert int(voices.voice_counts(**filters)["voices"].sum()) == len(expected)


def test_voices_carry_names_not_codes(app_context):
    row = voices.voices(area_code=WIGAN).iloc[0]
    assert row["area_name"] == "Wigan"
    assert row["breakdown_label"] == "Ethnic category"
    assert row["group_label"] == "Asian or Asian British - Bangladeshi"
    assert row["outcome_title"] == "Fewer people become homeless"


def test_themes_come_from_the_warehouse(app_context):
    assert set(voices.voice_themes()["theme"]) == {"communication", "workforce", "access"}


def test_page_groups_quotes_under_outcomes_beside_their_kpis(app_context):
    page = sys.modules["dashboard.pages.voices"]
    out = page.render_voices(Filters(locality=GM).to_store(), "all", "all")
    assert {"voices-outcome-O1", "voices-outcome-O2", "voices-outcome-O3", "voice-V1", "voice-V3"} <= ids(out)
    o1 = next(n for n in walk(out) if getattr(n, "id", None) == "voices-outcome-O1")
    links = [n.href for n in walk(o1) if type(n).__name__ == "Link"]
    assert links == ["/indicators/PX01", "/indicators/PX02"]
    quote = next(n for n in walk(out) if getattr(n, "id", None) == "voice-V3")
    assert quote.children[0].children.children.startswith('<script>alert("voice")</script>')


def test_page_says_when_nothing_matches(app_context):
    page = sys.modules["dashboard.pages.voices"]
    out = page.render_voices(Filters(locality=GM, characteristic="religion").to_store(), "all", "all")
    assert any(getattr(n, "id", None) == "voices-empty" for n in walk(out))


def test_select_changes_are_written_to_the_url(app_context):
    page = sys.modules["dashboard.pages.voices"]
    filters = Filters(locality=WIGAN, query=f"?locality={WIGAN}")
    search = page.keep_choices_in_url("O2", "all", f"?locality={WIGAN}&tab=x", filters.to_store())
    assert search == f"?locality={WIGAN}&tab=x&outcome=O2"


def test_show_more_pages_through_an_outcomes_quotes(app_context):
    """Twelve quotes a page; the button shows the next page and goes when all are shown."""
    import pandas as pd

    page = sys.modules["dashboard.pages.voices"]
    quotes = pd.DataFrame(
        {
            "voice_id": [f"Q{i}" for i in range(30)],
            "outcome_id": "O1",
            "quote": [f"quote {i}" for i in range(30)],
            "theme": "access",
            "area_name": "Wigan",
            "collected_date": pd.Timestamp("2024-05-01"),
        }
    )
    first = page._quotes_shown(quotes, 1)
    shown = [n.id for n in walk(first) if str(getattr(n, "id", "")).startswith("voice-")]
    assert shown == [f"voice-Q{i}" for i in range(12)]
    (button,) = [n for n in walk(first) if isinstance(getattr(n, "id", None), dict)]
    assert button.id == {"type": page.MORE, "outcome": "O1"} and button.children == "Show 12 more quotes"
    third = page._quotes_shown(quotes, 3)
    assert len([n for n in walk(third) if str(getattr(n, "id", "")).startswith("voice-")]) == 30
    assert not [n for n in walk(third) if isinstance(getattr(n, "id", None), dict)]
    assert "Show 6 more quotes" in str(page._quotes_shown(quotes, 2))
