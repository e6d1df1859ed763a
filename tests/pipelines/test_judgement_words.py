"""On a demo build: the board, the work-stream summary and the downloads say better / worse
only where the marts do, in the marts' own words (pages never judge for themselves)."""

from __future__ import annotations

import csv
import io
import re
import sys

import duckdb
import pytest

from dashboard import create_app
from dashboard.components.tartan_rug import tartan_rug
from dashboard.state import url_state
from dashboard.style.palette import COMPARISONS, comparison_swatch
from dashboard.warehouse import framework, indicators
from tests.dashboard.component_tree import text as text_of
from tests.dashboard.component_tree import walk

JUDGED = re.compile(r"\b(better|worse)\b", re.IGNORECASE)
CHANGE = re.compile(
    r"[▲▼] [+-][^:;▲▼→]*?: (?:got better|got worse|no significant change|significantly higher|"
    r"significantly lower)|→ No change since [0-9/]+"
)


@pytest.fixture(scope="module")
def marts(demo_warehouse):
    con = duckdb.connect(str(demo_warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def demo_app(demo_warehouse):
    app = create_app(demo_warehouse)
    with app.server.test_request_context("/"):
        yield app


def _store(search: str = "") -> dict:
    return url_state.parse_query(search, url_state.load_options()).filters.to_store()


def test_every_board_cell_shows_the_marts_comparison(demo_app):
    kpis, values, areas = framework.kpis(), indicators.headline_values(), framework.localities()
    rows = {(r["indicator_id"], r["area_code"]): r for r in values.to_dict("records")}
    codes = list(areas["area_code"])
    tree = tartan_rug(kpis, values, areas)
    labels = {s.label for key, s in COMPARISONS.items() if key != "not compared"}
    checked = 0
    for node in walk(tree):
        row_id = getattr(node, "id", None)
        if not (isinstance(row_id, str) and row_id.startswith("rug-row-")):
            continue
        kid = row_id.removeprefix("rug-row-")
        cells = node.children
        # Indicator, GM, target, trend, then the ten localities
        for code, cell in [(codes[0], cells[1]), *zip(codes[1:], cells[4:], strict=True)]:
            mart = rows.get((kid, code))
            shown = text_of(cell)
            expected = comparison_swatch(mart["comparison"]).label if mart and not mart["suppressed"] else None
            said = {label for label in labels if re.search(rf"\b{re.escape(label)}\b", shown)}
            if expected in labels and (code != codes[0] or mart["comparison"] != "not compared"):
                assert expected in said, (kid, code, shown)
                said.discard(expected)
            assert not said - ({"Similar"} & said if expected == "Similar" else set()), (kid, code, shown, expected)
            checked += 1
        trend_words = (rows.get((kid, codes[0])) or {}).get("trend_words")
        if trend_words:
            assert trend_words in text_of(cells[3])
    assert checked > 100


def test_downloads_carry_the_marts_words_and_no_others(demo_app, marts):
    overview = sys.modules["dashboard.pages.overview"]
    data = overview.download_overview(1, _store())
    table = list(csv.DictReader(io.StringIO(data["content"].lstrip("\ufeff"))))
    assert table
    mart = {
        (r[0], r[1], r[2], r[3]): r[4:]
        for r in marts.execute(
            "SELECT indicator_id, period, area_code, work_stream, comparison, comparison_words, change_words, "
            "trend_words, rag_words FROM indicator_values WHERE breakdown = 'all'"
        ).fetchall()
    }
    columns = ("comparison", "comparison_words", "change_words", "trend_words", "rag_words")
    for row in table:
        held = mart[(row["indicator_id"], row["period"], row["area_code"], row["work_stream"])]
        for column, value in zip(columns, held, strict=True):
            assert row[column] == (value or ""), (row["indicator_id"], row["area_code"], column)
        # a better / worse word anywhere in the row is one of the marts' judgement cells
        for column, cell in row.items():
            if JUDGED.search(cell or "") and column not in (*columns, "rag_rule", "title"):
                pytest.fail(f"{column} says {cell!r} for {row['indicator_id']} {row['area_code']}")


def test_work_stream_changes_are_the_marts_tested_words(demo_app, marts):
    page = sys.modules["dashboard.pages.work_streams"]
    held = {w for (w,) in marts.execute("SELECT DISTINCT change_words FROM indicator_values").fetchall()}
    said = []
    for stream in ("workforce", "acute_specialist"):
        said += CHANGE.findall(text_of(page.render_work_stream(_store(f"?work_stream={stream}"))))
    assert said
    for phrase in said:
        assert any(phrase in words for words in held if words), phrase
    # and a change that rounds to zero never reads as better or worse
    assert not any(re.search(r"[+-]0\.0+(?: points)?\b[^:]*: got", p) for p in said)


def test_a_quote_recorded_twice_is_shown_once_and_the_counts_are_explained(demo_app, marts):
    from dashboard.warehouse import voices

    quotes = voices.voices()
    assert not quotes.duplicated(["outcome_id", "quote"]).any()
    recorded = marts.execute("SELECT count(*) FROM voices").fetchone()[0]
    assert int(quotes["times_recorded"].sum()) == recorded
    page = sys.modules["dashboard.pages.voices"]
    summary = text_of(page.render_voices(_store(), None, None))
    assert f"{recorded} recorded" in summary and "latest period only" in summary
