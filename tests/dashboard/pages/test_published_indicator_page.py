"""A published indicator's page (/indicators/FT<id>) built from a Fingertips file: the GM
value with its trend and change words, and the file's England and region values beside it
as context (never the benchmark), without a browser."""

from __future__ import annotations

import sys

import pytest

from dashboard import create_app
from dashboard.state import url_state
from pipelines import reference as ref
from pipelines.build import build
from tests.dashboard.component_tree import ids
from tests.dashboard.component_tree import text as text_of
from tests.pipelines.adapters.published_files import FINGERTIPS_HEADER, fingertips_row, write_csv

YEARS = ("2015", "2016", "2017", "2018", "2019")


def _rows() -> list[list[str]]:
    rows = []
    for i, year in enumerate(YEARS):
        for code, name, kind, value in (
            (ref.GM_CODE, "Greater Manchester", "Combined authorities", 50 + 2 * i),
            ("E92000001", "England", "England", 40 + i),
            ("E12000002", "North West region", "Region", 45 + i),
        ):
            ci = (f"{value - 0.5:.1f}", f"{value + 0.5:.1f}", f"{value - 0.8:.1f}", f"{value + 0.8:.1f}")
            rows.append(fingertips_row(code, name, f"{value:.1f}", area_type=kind, period=year, ci=ci))
    return rows


@pytest.fixture(scope="module")
def published_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    (root / "src").mkdir()
    write_csv(root / "src" / "indicators-DistrictUA.data.csv", FINGERTIPS_HEADER, _rows())
    build(root / "src", root / "w.duckdb")
    app = create_app(root / "w.duckdb")
    with app.server.test_request_context("/"):
        yield app


def test_gm_headline_has_its_change_and_the_comparators_shown_as_context(published_app):
    page = sys.modules["dashboard.pages.indicator"]
    filters = url_state.parse_query(f"?locality={ref.GM_CODE}", url_state.load_options()).filters
    sections = page.render_indicator(filters.to_store(), "FT93356", None)
    headline = sections[1]
    assert "indicator-published-comparators" in ids(headline)
    text = text_of(headline)
    assert "Published comparators, 2019" in text
    assert "England: 44.0 (95% CI 43.5 to 44.5)" in text
    assert "North West region: 49.0 (95% CI 48.5 to 49.5)" in text
    assert "for context only: comparisons on this page are with Greater Manchester" in text
    assert "+2.0 since 2018: significantly higher" in text
    assert "Recent trend – Not tested" in text  # GM's published values have no counts to test
    assert "England" not in text.split("Published comparators")[0]  # the cards compare with GM only
