"""Voices: a quote is a plain text child (never markup), counts per outcome, and an outcome's
headline numbers beside its quotes."""

from __future__ import annotations

import pandas as pd

from dashboard.components.voices import kpi_numbers, quote_block
from dashboard.figures.voices import counts_figure
from dashboard.tables.voices import counts_by_outcome, group_text
from tests.dashboard.component_tree import text

QUOTE = {
    "voice_id": "V9",
    "quote": '<script>alert("x")</script> and <b>bold</b>',
    "theme": "cost_of_living",
    "area_name": "Wigan",
    "characteristic": "disability",
    "breakdown_label": "Disability",
    "group_label": "Disabled",
    "collected_date": pd.Timestamp("2025-02-20"),
}


def test_quote_is_a_plain_string_child_not_markup():
    block = quote_block(QUOTE)
    blockquote = block.children[0]
    paragraph = blockquote.children
    assert type(paragraph).__name__ == "P"
    assert paragraph.children == '<script>alert("x")</script> and <b>bold</b>'
    assert isinstance(paragraph.children, str)
    assert block.children[1].children == "Theme: Cost of living · Wigan · Disability: Disabled · 20 February 2025"
    assert block.id == "voice-V9"


def test_group_text_for_an_untagged_voice():
    assert group_text({"characteristic": "all", "group_label": "all"}) == "No particular group"


def test_counts_by_outcome_keeps_every_outcome_in_order():
    outcomes = pd.DataFrame({"outcome_id": ["O1", "O2", "O3"], "outcome_title": ["One", "Two", "Three"]})
    counts = pd.DataFrame({"outcome_id": ["O3", "O1", "O3"], "voices": [2, 1, 4]})
    frame = counts_by_outcome(counts, outcomes)
    assert list(frame["voices"]) == [1, 0, 6]
    fig = counts_figure(frame)
    assert list(fig.data[0].text) == ["1", "0", "6"]
    assert "No voices" in counts_figure(frame.assign(voices=0)).layout.annotations[0].text


def test_kpi_numbers_show_gm_and_the_locality_and_never_a_suppressed_value():
    kpis = pd.DataFrame(
        [
            {
                "indicator_id": "K1",
                "title": "Good experience",
                "short_title": "Good experience",
                "measure_type": "proportion",
                "unit": "%",
                "polarity": "high_is_good",
            },
            {
                "indicator_id": "K2",
                "title": "Dignity",
                "short_title": "Dignity",
                "measure_type": "proportion",
                "unit": "%",
                "polarity": "high_is_good",
            },
        ]
    )
    values = pd.DataFrame(
        [
            {
                "indicator_id": "K1",
                "area_code": "GM",
                "value": 75.8,
                "suppressed": False,
                "rag": "red",
                "trend": "increasing",
                "period": "2024/25",
            },
            {
                "indicator_id": "K1",
                "area_code": "W",
                "value": None,
                "suppressed": True,
                "rag": "no target",
                "trend": None,
                "period": "2024/25",
            },
        ]
    )
    box = kpi_numbers(
        kpis, values, area_code="W", area_name="Wigan", benchmark_code="GM", limit=1, link=lambda p: p + "?x=1"
    )
    shown = text(box)
    assert "Greater Manchester 75.8% (2024/25) · Target: Not met · ↑ Increasing: getting better" in shown
    assert "Wigan Suppressed" in shown
    assert "and 1 more KPI for this outcome." in shown
