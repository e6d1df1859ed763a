"""The board overview rug: one row per KPI under its outcome, words beside every colour."""

from __future__ import annotations

from dashboard.components.tartan_rug import rug_summary, tartan_rug
from dashboard.warehouse import framework, indicators
from tests.dashboard.component_tree import strings, walk
from tests.dashboard.fixture_warehouse import GM, KPIS, OUTCOMES, SUPPRESSED_HEADLINES


def _rug(work_stream: str = "all"):
    kpis = framework.kpis(work_stream)
    values = indicators.headline_values(work_stream)
    return kpis, values, tartan_rug(kpis, values, framework.localities(), link=lambda path: path + "?work_stream=x")


def test_rows_grouped_by_outcome_in_framework_order(app_context):
    _, _, region = _rug()
    table = region.children
    nodes = walk(table)
    outcome_headers = [n for n in nodes if getattr(n, "scope", None) == "rowgroup"]
    assert [h.children.children for h in outcome_headers] == [o[1] for o in OUTCOMES]
    rows = [n for n in nodes if str(getattr(n, "id", "")).startswith("rug-row-")]
    assert [r.id for r in rows] == [f"rug-row-{k[0]}" for k in KPIS]
    links = [n for n in nodes if type(n).__name__ == "Link"]
    assert links[0].href == f"/indicators/{KPIS[0][0]}?work_stream=x"
    column_headers = [n for n in nodes if getattr(n, "scope", None) == "col"]
    assert len(column_headers) == 4 + 10
    row_headers = [
        n
        for n in nodes
        if type(n).__name__ == "Th"
        and n not in column_headers
        and "rug-indicator" in (getattr(n, "className", "") or "")
    ]
    assert len(row_headers) == len(KPIS)
    assert all(getattr(n, "scope", None) == "row" for n in row_headers)


def test_each_coloured_cell_carries_a_word(app_context):
    _, _, region = _rug()
    cells = [n for n in walk(region) if type(n).__name__ == "Td" and getattr(n, "style", None)]
    assert cells
    words = {
        "Better",
        "Similar",
        "Worse",
        "Higher",
        "Lower",
        "Not compared",
        "Met",
        "Nearly met",
        "Not met",
        "No target",
    }
    for cell in cells:
        texts = strings(cell)
        assert words & set(texts), texts


def test_suppressed_cell_shows_the_word(app_context):
    ((indicator, _area),) = SUPPRESSED_HEADLINES
    _, _, region = _rug()
    row = next(n for n in walk(region) if getattr(n, "id", None) == f"rug-row-{indicator}")
    assert row.children[-1].children.children == "Suppressed"


def test_summary_counts(app_context):
    kpis, values, _ = _rug("workforce")
    values = values[values["indicator_id"].isin(kpis["indicator_id"])]
    summary = rug_summary(kpis, values, GM)
    assert summary["kpis"] == 3 and summary["outcomes"] == 1 and summary["localities"] == 10
    assert summary["compared_cells"] == 3 * 10 - len(SUPPRESSED_HEADLINES)
    worse = values[(values["area_code"] != GM) & (values["comparison"] == "worse")]
    assert summary["worse_cells"] == len(worse)
    assert summary["localities_worse"] == worse["area_code"].nunique()
