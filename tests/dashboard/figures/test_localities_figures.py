"""The localities page's pure figures: compare-areas bars, funnel plot, hex map, spine chart.

Each is checked for what a reader relies on: CIs and the GM benchmark are drawn, colour
always comes with words or shapes, suppressed localities say "Suppressed" and carry no
number anywhere (hover text included), and the chosen locality stands out.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from dashboard.components.spine_chart import spine_chart, spine_positions
from dashboard.figures import compare_areas, funnel_plot, hex_map
from dashboard.tables.hex_map import map_summary
from dashboard.warehouse import framework, indicators
from tests.dashboard.component_tree import text, walk
from tests.dashboard.fixture_warehouse import GM, KPIS, SUPPRESSED_HEADLINES

((SUPPRESSED_KPI, SUPPRESSED_AREA),) = SUPPRESSED_HEADLINES
MANCHESTER = "E08000003"


def _frames(indicator_id: str):
    """(kpi, GM value, locality rows with hex positions) as the page builds them."""
    areas = framework.localities()
    values = indicators.headline_values()
    rows = values[values["indicator_id"] == indicator_id].drop(columns="area_name")
    frame = areas.merge(rows, on="area_code", how="left")
    gm = frame[frame["area_code"] == GM].iloc[0]
    localities = frame[frame["area_type"] == "locality"].reset_index(drop=True)
    return framework.kpi(indicator_id), float(gm["value"]), localities


def _json(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str)


def _suppressed_name(localities: pd.DataFrame) -> str:
    return localities.loc[localities["area_code"] == SUPPRESSED_AREA, "area_name"].iloc[0]


# --- compare areas ----------------------------------------------------------------------


def test_compare_areas_bars_have_cis_benchmark_and_words(app_context):
    kpi, gm_value, localities = _frames("PX01")
    fig = compare_areas.figure(localities, kpi=kpi, benchmark_value=gm_value)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(len(t.x) for t in bars) == 10
    for trace in bars:
        assert trace.error_x.array is not None and all(e is not None for e in trace.error_x.array)
        assert trace.name.split()[-1] in ("Better", "Similar", "Worse")  # words, not only colour
    assert any(s.type == "line" and s.x0 == pytest.approx(gm_value) for s in fig.layout.shapes)
    assert any("Greater Manchester" in (t.name or "") for t in fig.data)
    notes = [a.text for a in fig.layout.annotations]
    assert all(any(w in n for w in ("Better", "Similar", "Worse")) for n in notes)


def test_compare_areas_suppressed_locality_has_no_bar_and_no_number(app_context):
    kpi, gm_value, localities = _frames(SUPPRESSED_KPI)
    name = _suppressed_name(localities)
    fig = compare_areas.figure(localities, kpi=kpi, benchmark_value=gm_value)
    plotted = [y for t in fig.data if t.type == "bar" for y in t.y]
    assert name not in plotted and len(plotted) == 9
    notes = [a.text for a in fig.layout.annotations if a.y == name]
    assert f"{name}   Suppressed" in notes and any("Suppressed:" in n for n in notes)
    assert all(not any(ch.isdigit() for ch in n) for n in notes)


def test_compare_areas_highlights_the_selected_locality(app_context):
    kpi, gm_value, localities = _frames("PX02")
    fig = compare_areas.figure(localities, kpi=kpi, benchmark_value=gm_value, selected=MANCHESTER)
    (label,) = [a for a in fig.layout.annotations if a.y == "Manchester"]
    assert label.text.startswith("<b>Manchester (selected)</b>") and label.xref == "paper" and label.x == 0
    assert label.yshift > 0 and not fig.layout.yaxis.showticklabels  # the words sit above the bar, not in a margin
    widths = {y: w for t in fig.data if t.type == "bar" for y, w in zip(t.y, t.marker.line.width, strict=True)}
    assert widths["Manchester"] > max(w for y, w in widths.items() if y != "Manchester")


# --- funnel plot ------------------------------------------------------------------------


def test_funnel_for_proportions_rates_and_relative_likelihoods():
    for measure in ("proportion", "rate", "ratio"):
        assert funnel_plot.supports({"measure_type": measure})
    for measure in ("dsr", "mean_score", "count"):
        assert not funnel_plot.supports({"measure_type": measure})
        assert funnel_plot.unsupported_reason({"measure_type": measure})


def test_funnel_figure_plots_published_localities_only(app_context):
    kpi, gm_value, localities = _frames(SUPPRESSED_KPI)
    name = _suppressed_name(localities)
    limits = indicators.funnel_limits(kpi["indicator_id"], str(localities["period"].dropna().iloc[0]), "all")
    fig = funnel_plot.figure(
        localities, limits[limits["area_code"].isna()], kpi=kpi, benchmark_value=gm_value, selected=MANCHESTER
    )
    points = [t for t in fig.data if t.mode == "markers+text"]
    labels = [label for t in points for label in t.text]
    assert len(labels) == 9 and not any(name in label for label in labels)
    assert "<b>Manchester<br>(selected)</b>" in labels
    assert {t.name for t in fig.data} >= {"95% control limits", "99.8% control limits"}
    positions = limits[limits["area_code"].notna()]
    assert SUPPRESSED_AREA not in set(positions["area_code"])  # no limits for a hidden number
    assert len(positions) == 9 and positions["funnel_position"].str.match(r"(Inside|Outside) the").all()
    assert (positions["lower_limit_99_8"] <= positions["lower_limit_95"]).all()


# --- hex map ----------------------------------------------------------------------------


def test_hex_layout_is_odd_r_with_closed_hexagons():
    assert hex_map.hex_centre(0, 0) == (0, 0)
    x, y = hex_map.hex_centre(2, 1)
    assert x == 2.5 and y == pytest.approx(-0.866, abs=1e-3)
    xs, ys = hex_map.hexagon(0, 0)
    assert len(xs) == 7 and xs[0] == pytest.approx(xs[-1]) and ys[0] == pytest.approx(ys[-1])


def test_hex_map_labels_every_locality_in_words(app_context):
    kpi, _gm, localities = _frames(SUPPRESSED_KPI)
    name = _suppressed_name(localities)
    fig = hex_map.figure(localities, kpi=kpi, selected=MANCHESTER)
    polygons = [t for t in fig.data if t.fill == "toself"]
    assert len(polygons) == 10
    (labels,) = [t for t in fig.data if t.mode == "text"]
    by_name = {text.split("</b>")[0].removeprefix("<b>"): text for text in labels.text}
    assert set(by_name) == set(localities["area_name"])
    assert by_name[name].endswith("Suppressed")
    hover = next(h for h in labels.hovertext if name in h)
    assert not any(ch.isdigit() for ch in hover)
    assert "(selected)" not in by_name["Manchester"]  # three lines, like every tile: it fits a phone's hexagon
    assert "Manchester (selected): thick outline" in {t.name for t in fig.data}
    assert max(t.line.width for t in polygons) == 5
    legend = {t.name for t in polygons if t.showlegend}
    assert "Suppressed" in legend


def test_map_summary_names_every_locality_once(app_context):
    _kpi, _gm, localities = _frames(SUPPRESSED_KPI)
    text = " ".join(map_summary(localities)).replace("Greater Manchester", "GM")
    for name in localities["area_name"]:
        assert text.count(name) == 1
    assert "suppressed" in text


# --- spine chart ------------------------------------------------------------------------


def test_spine_positions_put_better_on_the_right():
    high = spine_positions(12.0, 10.0, [8.0, 9.0, 11.0, 14.0], "high_is_good")
    low = spine_positions(12.0, 10.0, [8.0, 9.0, 11.0, 14.0], "low_is_good")
    assert high["centre"] == 50 and high["marker"] > 50 and low["marker"] < 50
    assert high["left_value"] == 8.0 and high["right_value"] == 14.0
    assert low["left_value"] == 14.0 and low["right_value"] == 8.0
    for result in (high, low):
        left, right = result["range"]
        assert 0 <= left < right <= 100
        q_left, q_right = result["quartiles"]
        assert left <= q_left <= q_right <= right
    assert spine_positions(10.0, 10.0, [], "no_judgement")["marker"] == 50
    assert spine_positions(None, 10.0, [9.0], "high_is_good")["marker"] is None


def test_ratio_spine_is_on_a_log_scale_with_the_band_drawn():
    """Relative likelihoods: 0.5 and 2 sit the same distance either side of 1, and the
    0.80-1.25 band has its place on the spine (centred on GM, here 1.0)."""
    at = spine_positions(2.0, 1.0, [0.5, 1.0], "closer_to_1", band=(0.8, 1.25))
    assert at["marker"] - 50 == pytest.approx(50 - at["range"][0])
    low, high = at["band"]
    assert low < 50 < high and (50 - low) == pytest.approx(high - 50)
    assert spine_positions(2.0, 1.0, [0.5], "closer_to_1")["band"] is None  # other KPIs: no band
    assert spine_positions(0.0, 1.0, [0.5], "closer_to_1", band=(0.8, 1.25))["marker"] is None  # no log of 0


def test_spine_chart_has_one_linked_row_per_kpi(app_context):
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    region = spine_chart(
        framework.kpis(),
        indicators.headline_values(),
        area_code=SUPPRESSED_AREA,
        benchmark_code=GM,
        area_names=names,
        link=lambda p: p + "?x=1",
        caption="Profile",
    )
    nodes = walk(region)
    rows = {n.id.removeprefix("spine-row-"): n for n in nodes if str(getattr(n, "id", "")).startswith("spine-row-")}
    assert list(rows) == [k[0] for k in KPIS]
    links = [n.href for n in nodes if type(n).__name__ == "Link"]
    assert links == [f"/indicators/{k[0]}?x=1" for k in KPIS]
    suppressed_row = rows[SUPPRESSED_KPI]
    cells = suppressed_row.children
    assert cells[2].children == "Suppressed"
    assert "spine-marker" not in str(suppressed_row)
    other = rows["PX01"]
    assert "spine-marker" in str(other)
    assert "Worst" in text(region) and "Best" in text(region)


def test_funnel_names_of_close_points_go_on_opposite_sides():
    # Two points almost on top of each other below GM, one far away above it.
    positions = funnel_plot.label_positions([1000, 1010, 3000], [79.0, 79.1, 90.0], 82.0)
    assert positions[2] == "top center"
    assert sorted(positions[:2]) == ["bottom center", "top center"]
    assert funnel_plot.label_positions([], [], 82.0) == []


def test_relative_likelihoods_are_compared_on_a_log_axis_with_the_band():
    import pandas as pd

    from dashboard.figures import compare_areas

    rows = pd.DataFrame(
        {
            "area_code": ["E08000006", "E08000003"],
            "area_name": ["Salford", "Manchester"],
            "value": [0.64, 1.63],
            "lower_ci_95": [0.52, 1.37],
            "upper_ci_95": [0.78, 1.93],
            "comparison": ["outside band (lower)", "outside band (higher)"],
            "comparison_words": ["Outside the band (lower)", "Outside the band (higher)"],
            "suppressed": [False, False],
        }
    )
    kpi = {"measure_type": "ratio", "unit": "x", "target_lower": 0.8, "target_upper": 1.25, "short_title": "WRES 3"}
    fig = compare_areas.figure(rows, kpi=kpi, benchmark_value=1.55)
    assert fig.layout.xaxis.type == "log"
    # the same round ratios as the funnel, written in full: no bare minor-tick digits ("8" for 0.8)
    assert fig.layout.xaxis.tickmode == "array"
    assert list(fig.layout.xaxis.tickvals) == [0.5, 0.8, 1.0, 1.25, 2.0]
    assert list(fig.layout.xaxis.ticktext) == ["0.5", "0.8", "1", "1.25", "2"]
    assert any(shape.x0 == 0.8 and shape.x1 == 1.25 for shape in fig.layout.shapes)  # the band is drawn
    names = {trace.name for trace in fig.data}
    assert "▼ Outside band (lower)" in names and "▲ Outside band (higher)" in names
    assert not any("Better" in (n or "") or "Worse" in (n or "") for n in names)


def _ratio_funnel_rows():
    """Three localities' relative likelihoods with the build's precision, and a short curve."""
    rows = pd.DataFrame(
        {
            "area_code": ["E08000006", "E08000003", "E08000010", "E08000001"],
            "area_name": ["Salford", "Manchester", "Wigan", "Bolton"],
            "value": [0.64, 1.63, 1.05, None],
            "lower_ci_95": [0.52, 1.37, 0.86, None],
            "upper_ci_95": [0.78, 1.93, 1.20, None],
            "denominator": [None, None, None, None],
            "precision": [9.7, 11.3, 19.2, None],
            "comparison": ["outside band (lower)", "outside band (higher)", "within band", "not compared"],
            "comparison_words": [
                "Outside the band (lower): the whole 95% CI is below 0.80 (GM 1.55)",
                "Outside the band (higher): the whole 95% CI is above 1.25 (GM 1.55)",
                "Within the 0.80-1.25 band: the whole 95% CI shows no adverse impact (GM 1.55)",
                "Not compared: the value is suppressed",
            ],
            "suppressed": [False, False, False, True],
        }
    )
    precision = pd.Series([5.0, 10.0, 20.0, 25.0])
    curve = pd.DataFrame(
        {
            "precision": precision,
            "lower_limit_95": 1.55 * (-1.96 / precision).map(math.exp),
            "upper_limit_95": 1.55 * (1.96 / precision).map(math.exp),
            "lower_limit_99_8": 1.55 * (-3.09 / precision).map(math.exp),
            "upper_limit_99_8": 1.55 * (3.09 / precision).map(math.exp),
        }
    )
    kpi = {"measure_type": "ratio", "unit": "x", "target_lower": 0.8, "target_upper": 1.25, "short_title": "WRES 3"}
    return rows, curve, kpi


def test_ratio_funnel_is_against_precision_on_a_log_axis_with_the_band():
    rows, curve, kpi = _ratio_funnel_rows()
    fig = funnel_plot.figure(rows, curve, kpi=kpi, benchmark_value=1.55, selected="E08000006")
    assert fig.layout.yaxis.type == "log"
    assert "Precision" in fig.layout.xaxis.title.text and "log ratio" in fig.layout.xaxis.title.text
    band = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(band) == 1 and (band[0].y0, band[0].y1) == (0.8, 1.25)  # the no-adverse-impact band
    assert any(s.type == "line" and s.y0 == 1.0 == s.y1 for s in fig.layout.shapes)  # equality
    notes = [a.text for a in fig.layout.annotations]
    assert "Equal (1.00)" in notes and any(n.startswith("No adverse impact") for n in notes)
    assert not any("arget" in n for n in notes)  # 1.00 is equality, not a target
    points = {name: x for t in fig.data if t.mode == "markers+text" for name, x in zip(t.text, t.x, strict=True)}
    assert points == {"<b>Salford<br>(selected)</b>": 9.7, "Manchester": 11.3, "Wigan": 19.2}  # x = precision
    names = {t.name for t in fig.data}
    assert {"▼ Outside band (lower)", "▲ Outside band (higher)", "✔ Within band"} <= names  # compare-areas words
    assert "Greater Manchester (context): 1.55" in names
    assert not any("Better" in (n or "") or "Worse" in (n or "") for n in names)
    hover = _json(fig)
    assert "whole 95% CI is below 0.80" in hover and "Precision 9.7" in hover
    low, high = fig.layout.yaxis.range
    assert 10**low < 0.64 and 10**high > 1.63  # every point and the band in view
    assert {0.8, 1.0, 1.25} <= set(fig.layout.yaxis.tickvals) and "0.8" in fig.layout.yaxis.ticktext


def test_ratio_funnel_table_says_the_marts_judgement():
    from dashboard.tables.funnel_plot import funnel_table, reading_guide
    from dashboard.views.locality_comparison import funnel_points

    rows, curve, kpi = _ratio_funnel_rows()
    at_areas = pd.DataFrame(
        {
            "area_code": ["E08000006", "E08000003", "E08000010"],
            "precision": [9.7, 11.3, 19.2],
            "lower_limit_95": [1.27, 1.31, 1.40],
            "upper_limit_95": [1.90, 1.83, 1.72],
            "lower_limit_99_8": [1.13, 1.18, 1.32],
            "upper_limit_99_8": [2.12, 2.03, 1.82],
            "funnel_position": [
                "Outside the 99.8% limits (below)",
                "Inside the 95% limits",
                "Outside the 99.8% limits (below)",
            ],
        }
    )
    limits = pd.concat([at_areas, curve.assign(area_code=None)], ignore_index=True)
    points = funnel_points(rows.drop(columns="precision"), limits)
    table, labels = funnel_table(points, kpi)
    table = table.set_index("area_name")
    assert labels["comparison"] == "Against the 0.80-1.25 band (95% CI)" and "precision" in labels
    assert "denominator" not in labels
    assert table.loc["Salford", "comparison"].startswith("Outside the band (lower)")
    assert table.loc["Wigan", "precision"] == "19.2" and table.loc["Wigan", "limits_95"] == "1.40 to 1.72"
    assert set(table.loc["Bolton", ["precision", "funnel_position", "comparison"]]) == {"Suppressed"}
    assert "band" in reading_guide(kpi) and "log scale" in reading_guide(kpi)
