"""The KPI detail page's figures: trend, breakdown, intersection heat map, deprivation
inequality and relative likelihood. Hand-made frames shaped like `indicator_values`; each test
checks something a reader would see (a CI, a benchmark, the word "Suppressed", no number
where one must not be)."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.chart_style import axis_title
from dashboard.figures.indicator_breakdown import breakdown_figure
from dashboard.figures.indicator_heatmap import SHADES, heatmap_figure
from dashboard.figures.indicator_inequality import inequality_figure
from dashboard.figures.indicator_ratio import ratio_figure
from dashboard.figures.indicator_trend import add_target, trend_figure
from dashboard.style.words import in_sentence
from dashboard.tables.indicator_breakdown import breakdown_summary, breakdown_table, group_measure_type
from dashboard.tables.indicator_heatmap import heatmap_table, intersection_grid
from dashboard.tables.indicator_inequality import inequality_table, inequality_text
from dashboard.tables.indicator_ratio import DEFAULT_RANGE, ratio_sentence, ratio_table, target_range
from dashboard.tables.indicator_trend import change_text, trend_table
from dashboard.warehouse.conventions import SUPPRESSIBLE_COLUMNS

GM, BURY = "E47000001", "E08000002"
NUMBER = re.compile(r"\d")


def row(**values) -> dict:
    base = {
        "indicator_id": "K1",
        "period": "2024/25",
        "period_sort": 3,
        "area_code": GM,
        "area_name": "Greater Manchester",
        "work_stream": "all",
        "breakdown": "sex",
        "group_code": "F",
        "group_label": "Female",
        "is_unknown": False,
        "is_reference_group": False,
        "numerator": 50.0,
        "denominator": 100.0,
        "value": 50.0,
        "lower_ci_95": 40.0,
        "upper_ci_95": 60.0,
        "comparison": "similar",
        "gap_to_reference": -2.0,
        "ratio_to_reference": 0.96,
        "ratio_lower_ci_95": 0.8,
        "ratio_upper_ci_95": 1.1,
        "trend": "cannot be calculated",
        "change_since_previous": None,
        "rag": "red",
        "suppressed": False,
        "suppression_reason": None,
    }
    base.update(values)
    if base["suppressed"]:
        for column in SUPPRESSIBLE_COLUMNS:
            base[column] = None
    return base


def trend_rows(suppress_bury_period: str | None = None) -> pd.DataFrame:
    rows = []
    for sort, period in enumerate(("2022/23", "2023/24", "2024/25"), start=1):
        for area, name, value in ((GM, "Greater Manchester", 70.0 + sort), (BURY, "Bury", 60.0)):
            rows.append(
                row(
                    period=period,
                    period_sort=sort,
                    area_code=area,
                    area_name=name,
                    breakdown="all",
                    group_code="all",
                    group_label="All people",
                    value=value,
                    lower_ci_95=value - 2,
                    upper_ci_95=value + 2,
                    change_since_previous=None if sort == 1 else 1.0,
                    suppressed=area == BURY and period == suppress_bury_period,
                )
            )
    return pd.DataFrame(rows)


def texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def category_at(axis, position) -> str:
    """The category a text placed at `position` on a category axis sits on: Plotly reads a
    number as the category's position (a label that looks like a number too)."""
    assert isinstance(position, int), f"placed by label {position!r}, not by position"
    return list(axis.categoryarray)[position]


def annotation(fig, text: str):
    return next(a for a in fig.layout.annotations if a.text == text)


# --- trend ----------------------------------------------------------------------------------


def test_trend_shows_area_with_ci_band_benchmark_line_and_target():
    fig = trend_figure(
        trend_rows(),
        area_code=BURY,
        benchmark_code=GM,
        area_name="Bury",
        measure_type="proportion",
        unit="%",
        target=85.0,
    )
    names = [t.name for t in fig.data]
    assert names == ["95% confidence interval", "Bury", "Greater Manchester"]
    band = fig.data[0]
    assert band.fill == "toself" and list(band.y[:3]) == [62.0, 62.0, 62.0]
    assert fig.data[2].line.dash == "dash"  # the benchmark is not told by colour alone
    assert any(shape.y0 == 85.0 for shape in fig.layout.shapes)
    assert "Target 85.0%" in texts(fig)
    assert list(fig.layout.xaxis.categoryarray) == ["2022/23", "2023/24", "2024/25"]


def test_trend_for_the_benchmark_itself_has_no_second_line():
    fig = trend_figure(
        trend_rows(), area_code=GM, benchmark_code=GM, area_name="Greater Manchester", measure_type="proportion"
    )
    assert [t.name for t in fig.data] == ["95% confidence interval", "Greater Manchester"]


def test_suppressed_period_is_a_gap_labelled_suppressed_with_error_bars_instead_of_band():
    fig = trend_figure(
        trend_rows("2023/24"), area_code=BURY, benchmark_code=GM, area_name="Bury", measure_type="proportion", unit="%"
    )
    bury = next(t for t in fig.data if t.name == "Bury")
    assert list(bury.y) == [60.0, None, 60.0]
    assert bury.customdata[1] == "Suppressed"
    assert bury.error_y.visible is True  # no band across a gap: error bars carry the CI
    assert "95% confidence interval" not in [t.name for t in fig.data]
    assert "Suppressed" in texts(fig)
    assert category_at(fig.layout.xaxis, annotation(fig, "Suppressed").x) == "2023/24"


def test_ratio_trend_shows_the_no_adverse_impact_range_and_equality():
    frame = trend_rows()
    fig = trend_figure(
        frame, area_code=GM, benchmark_code=GM, area_name="GM", measure_type="ratio", target_range=(0.8, 1.25)
    )
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (rects[0].y0, rects[0].y1) == (0.8, 1.25)
    assert "No adverse impact (0.80 to 1.25)" in texts(fig)
    assert "Equal (1.00)" in texts(fig)


def test_trend_table_and_change_text():
    table = trend_table(trend_rows("2024/25"), area_code=BURY, benchmark_code=GM, measure_type="proportion", unit="%")
    assert list(table["Period"]) == ["2022/23", "2023/24", "2024/25"]
    assert table.iloc[0]["Value (95% CI)"] == "60.0% (95% CI 58.0 to 62.0)"
    assert table.iloc[0]["Change since previous period"] == "No previous period to compare"
    assert table.iloc[1]["Change since previous period"] == "+1.0 percentage points"
    assert table.iloc[2]["Value (95% CI)"] == "Suppressed"
    assert table.iloc[2]["Change since previous period"] == "Suppressed"
    assert change_text({"change_since_previous": -0.0755}, "ratio") == "-0.08"


def test_empty_trend_says_so():
    fig = trend_figure(pd.DataFrame(), area_code=GM, benchmark_code=GM, area_name="GM")
    assert texts(fig) == ["No data for this combination"]


# --- breakdown ------------------------------------------------------------------------------


def breakdown_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row(
                group_code="F",
                group_label="Female",
                comparison="worse",
                value=40.0,
                lower_ci_95=35.0,
                upper_ci_95=45.0,
                gap_to_reference=-10.0,
            ),
            row(
                group_code="M",
                group_label="Male",
                is_reference_group=True,
                comparison="not compared",
                gap_to_reference=0.0,
                ratio_to_reference=1.0,
            ),
            row(
                group_code="X",
                group_label="Other",
                suppressed=True,
                suppression_reason="primary: numerator fewer than 5",
                comparison="not compared",
            ),
            row(group_code="Z", group_label="Not stated", is_unknown=True, comparison="not compared", value=47.0),
        ]
    )


def test_breakdown_marks_reference_unknown_and_comparison_in_words_and_shapes():
    fig = breakdown_figure(
        breakdown_rows(),
        measure_type="proportion",
        unit="%",
        overall=row(breakdown="all", group_code="all", value=48.0),
        characteristic_label="Sex",
    )
    by_name = {t.name: t for t in fig.data}
    assert list(by_name["Reference group"].y) == ["Male (reference)"]
    assert by_name["Reference group"].marker.symbol == "square"
    assert list(by_name["Worse than the reference group"].y) == ["Female"]
    assert by_name["Worse than the reference group"].marker.symbol == "x"
    unknown = by_name["Not stated / not known (not compared)"]
    assert list(unknown.y) == ["Not stated (unknown)"]
    assert unknown.marker.symbol == "circle-open"
    female = by_name["Worse than the reference group"]
    assert (female.error_x.array[0], female.error_x.arrayminus[0]) == (5.0, 5.0)
    # the suppressed group keeps its place on the axis and says so, with no point drawn
    assert "Other" in list(fig.layout.yaxis.categoryarray)
    assert all("Other" not in list(t.y) for t in fig.data)
    assert "Suppressed: too few people to publish" in texts(fig)
    assert category_at(fig.layout.yaxis, annotation(fig, "Suppressed: too few people to publish").y) == "Other"
    assert "All people 48.0%" in texts(fig)
    assert fig.layout.xaxis.title.text == "Percentage (%), by sex"


def test_breakdown_suppressed_note_sits_on_its_own_row_when_groups_are_numbers():
    quintiles = pd.DataFrame(
        [
            row(breakdown="imd_quintile", group_code=code, group_label=code, suppressed=code == "2", value=50.0)
            for code in ("1", "2", "3", "4", "5")
        ]
    )
    fig = breakdown_figure(quintiles, measure_type="proportion", unit="%")
    assert list(fig.layout.yaxis.categoryarray) == ["5", "4", "3", "2", "1"]  # quintile 1 at the top
    note = annotation(fig, "Suppressed: too few people to publish")
    assert category_at(fig.layout.yaxis, note.y) == "2"


def test_breakdown_table_suppressed_row_has_no_numbers_and_unknown_is_not_compared():
    table = breakdown_table(breakdown_rows(), measure_type="proportion", unit="%")
    female, male, other, unknown = table.to_dict("records")
    assert female["Value"] == "40.0%" and female["95% CI"] == "35.0 to 45.0"
    assert female["Gap to reference"] == "-10.0 points"
    assert female["Ratio to reference (95% CI)"] == "0.96 (0.80 to 1.10)"
    assert female["Compared with reference"] == "Worse than the reference group"
    assert male["Group"] == "Male (reference)" and male["Gap to reference"] == "Reference"
    assert all(not NUMBER.search(v) for k, v in other.items() if k != "Compared with reference")
    assert other["Compared with reference"].startswith("Suppressed")
    assert unknown["Gap to reference"] == "Not compared"
    assert unknown["Compared with reference"] == "Unknown: shown, not compared"


def test_headline_row_is_compared_with_greater_manchester_not_a_reference_group():
    headline = row(
        breakdown="all", group_code="all", group_label="All people", comparison="better", gap_to_reference=None
    )
    (text,) = breakdown_table(pd.DataFrame([headline]), measure_type="proportion").to_dict("records")
    assert text["Gap to reference"] == "Not applicable"
    assert text["Compared with reference"] == "Better than Greater Manchester"


def test_breakdown_summary_in_plain_english():
    text = breakdown_summary(breakdown_rows(), measure_type="proportion", unit="%")
    assert "The reference group is Male: 50.0% (95% CI 40.0 to 60.0)." in text
    assert "Female is significantly worse than the reference group." in text
    assert "1 group is not stated or not known (shown, not compared)." in text
    assert "1 group is suppressed" in text


def test_group_values_of_a_ratio_kpi_are_rates():
    assert group_measure_type("ratio") == "proportion"
    assert group_measure_type("rate") == "rate"


# --- intersection heat map ------------------------------------------------------------------


def heatmap_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row(breakdown="ethnic_group*sex", group_code="white*F", group_label="White & Female", value=70.0),
            row(breakdown="ethnic_group*sex", group_code="white*M", group_label="White & Male", value=72.0),
            row(
                breakdown="ethnic_group*sex",
                group_code="asian*F",
                group_label="Asian or Asian British & Female",
                suppressed=True,
            ),
            row(
                breakdown="ethnic_group*sex",
                group_code="asian*M",
                group_label="Asian or Asian British & Male",
                value=65.0,
            ),
        ]
    )


GROUPS = pd.DataFrame(
    [
        ("ethnic_group", "white", "White", 1),
        ("ethnic_group", "asian", "Asian or Asian British", 3),
        ("sex", "F", "Female", 1),
        ("sex", "M", "Male", 2),
    ],
    columns=["breakdown", "group_code", "group_label", "sort_order"],
)


def test_heatmap_writes_values_in_cells_and_suppressed_cells_as_words():
    grid = intersection_grid(heatmap_rows(), GROUPS, "ethnic_group*sex")
    fig = heatmap_figure(grid, measure_type="proportion", unit="%", row_title="Ethnic group", column_title="Sex")
    values = fig.data[1]
    assert list(values.x) == ["Female", "Male"]
    assert list(values.y) == ["White", "Asian or Asian British"]
    # shaded by the comparison with the reference group (all "similar" here), not by value
    similar = SHADES.index("similar") + 0.5
    assert [list(r) for r in values.z] == [[similar, similar], [None, similar]]
    assert values.customdata[1][0] == "Suppressed"  # hover says so; no number
    assert fig.data[0].z[1][0] == 1.0  # the grey layer behind the suppressed cell
    cells = {
        (category_at(fig.layout.yaxis, a.y), category_at(fig.layout.xaxis, a.x)): a.text for a in fig.layout.annotations
    }
    assert cells[("Asian or Asian British", "Female")] == "Suppressed"
    assert cells[("White", "Male")] == "72.0<br>≈ Similar"  # the comparison written in the cell


def test_heatmap_writes_each_value_in_its_own_cell_when_groups_are_numbers():
    quintiles = [("1", "1 - most deprived"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 - least deprived")]
    groups = pd.DataFrame(
        [("imd_quintile", code, label, int(code)) for code, label in quintiles]
        + [("sex", "F", "Female", 1), ("sex", "M", "Male", 2)],
        columns=["breakdown", "group_code", "group_label", "sort_order"],
    )
    rows = pd.DataFrame(
        [
            row(
                breakdown="imd_quintile*sex",
                group_code=f"{code}*{sex}",
                group_label=f"{label} & {sex_label}",
                value=10.0 * int(code) + (sex == "M"),
            )
            for code, label in quintiles
            for sex, sex_label in (("F", "Female"), ("M", "Male"))
        ]
    )
    fig = heatmap_figure(intersection_grid(rows, groups, "imd_quintile*sex"), measure_type="rate", unit="x")
    cells = {
        (category_at(fig.layout.yaxis, a.y), category_at(fig.layout.xaxis, a.x)): a.text for a in fig.layout.annotations
    }
    assert cells[("2", "Female")].startswith("20.0 x<br>") and cells[("3", "Male")].startswith("31.0 x<br>")
    assert cells[("1 - most deprived", "Male")].startswith("11.0 x<br>")


def test_heatmap_table_is_the_same_grid_as_text():
    grid = intersection_grid(heatmap_rows(), GROUPS, "ethnic_group*sex")
    table = heatmap_table(grid, measure_type="proportion", unit="%", row_title="Ethnic group")
    assert list(table.columns) == ["Ethnic group", "Female", "Male"]
    assert table.iloc[1]["Female"] == "Suppressed"
    assert table.iloc[0]["Male"].startswith("72.0% (95% CI 40.0 to 60.0)")


# --- deprivation ------------------------------------------------------------------------------


def quintile_rows(suppress: str | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        [
            row(
                breakdown="imd_quintile",
                group_code=q,
                group_label=f"Quintile {q}",
                value=70.0 + int(q),
                suppressed=q == suppress,
            )
            for q in ("5", "3", "1", "2", "4")
        ]
        + [row(breakdown="imd_quintile", group_code="99", group_label="Not known", is_unknown=True)]
    )


def test_inequality_chart_runs_from_most_to_least_deprived():
    fig = inequality_figure(quintile_rows("3"), measure_type="proportion", unit="%")
    assert list(fig.data[0].x) == ["1 (most deprived)", "2", "3", "4", "5 (least deprived)"]
    assert list(fig.data[0].y) == [71.0, 72.0, None, 74.0, 75.0]
    assert "Suppressed" in texts(fig)
    assert category_at(fig.layout.xaxis, annotation(fig, "Suppressed").x) == "3"  # a quintile named "3"
    table = inequality_table(quintile_rows("3"), measure_type="proportion", unit="%")
    assert table.iloc[2]["Value (95% CI)"] == "Suppressed"


@pytest.mark.parametrize(
    ("sii", "polarity", "higher_end", "fare"),
    [
        (9.57, "high_is_good", "least deprived", "worse"),
        (-6.4, "high_is_good", "most deprived", "better"),
        (-6.4, "low_is_good", "most deprived", "worse"),
    ],
)
def test_inequality_text_explains_sii_and_rii(sii, polarity, higher_end, fare):
    text = inequality_text(
        {"sii": sii, "rii": 1.13, "most_deprived_value": 72.76, "least_deprived_value": 81.78},
        measure_type="proportion",
        unit="%",
        polarity=polarity,
        area_name="Bury",
    )
    assert f"the gap between the most and least deprived ends is {abs(sii):.1f} percentage points" in text
    assert f"higher at the {higher_end} end" in text
    assert "1.13 times" in text
    assert f"fare {fare} on this measure" in text


def test_inequality_text_without_sii_says_why():
    assert "needs all five deprivation quintiles" in inequality_text(None, area_name="Wigan")


# --- relative likelihood ------------------------------------------------------------------------


def ratio_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row(
                breakdown="all",
                group_code="all",
                area_code=GM,
                area_name="Greater Manchester",
                value=1.57,
                lower_ci_95=1.51,
                upper_ci_95=1.64,
                rag="red",
            ),
            row(
                breakdown="all",
                group_code="all",
                area_code=BURY,
                area_name="Bury",
                value=1.1,
                lower_ci_95=0.9,
                upper_ci_95=1.3,
                rag="green",
            ),
            row(
                breakdown="all",
                group_code="all",
                area_code="E08000010",
                area_name="Wigan",
                suppressed=True,
                rag="not assessed",
            ),
        ]
    )


def test_ratio_figure_on_a_log_axis_with_the_range_and_the_selected_area():
    fig = ratio_figure(ratio_rows(), selected_area=BURY)
    names = {t.name for t in fig.data}
    assert names == {"Outside the range, with its whole 95% CI", "Within the range"}
    within = next(t for t in fig.data if t.name == "Within the range")
    assert list(within.y) == ["Bury (selected)"]
    assert fig.layout.xaxis.type == "log"
    low, high = fig.layout.xaxis.range
    assert 10**low < 0.8 and 10**high > 1.64
    axis = fig.layout.xaxis  # the funnel's and compare-areas' ticks, each written in full
    assert axis.tickmode == "array" and {0.8, 1.0, 1.25} <= set(axis.tickvals)
    assert [float(t) for t in axis.ticktext] == list(axis.tickvals)
    rect = next(s for s in fig.layout.shapes if s.type == "rect")
    assert (rect.x0, rect.x1) == DEFAULT_RANGE
    equal = next(a for a in fig.layout.annotations if a.text == "Equal (1.00)")
    assert equal.x == pytest.approx(math.log10(1.0))  # log axes place text at log10(x)
    assert category_at(fig.layout.yaxis, annotation(fig, "Suppressed: too few people to publish").y) == "Wigan"
    assert "Suppressed: too few people to publish" in texts(fig)
    table = ratio_table(ratio_rows(), selected_area=BURY)
    assert table.iloc[2].tolist() == ["Wigan", "Suppressed", "Suppressed", "Suppressed"]


@pytest.mark.parametrize("value_range", [DEFAULT_RANGE, (0.5, 2.0)])
def test_ratio_figure_names_the_range_and_equality_where_a_log_axis_shows_them(value_range):
    fig = ratio_figure(ratio_rows(), selected_area=BURY, value_range=value_range)
    low, high = fig.layout.xaxis.range  # a log axis: its range and its text positions are log10
    band = annotation(fig, f"No adverse impact ({value_range[0]:.2f} to {value_range[1]:.2f})")
    equal = annotation(fig, "Equal (1.00)")
    assert (band.xref, equal.xref) == ("x", "x")
    assert band.x == pytest.approx(math.log10(value_range[0]))  # from the band's left edge
    assert equal.x == pytest.approx(0.0)
    assert low <= band.x <= high and low <= equal.x <= high


def test_target_labels_on_a_log_value_axis_either_way_round():
    for orientation, axis in (("v", "x"), ("h", "y")):
        fig = go.Figure()
        add_target(
            fig, measure_type="ratio", unit=None, target_range=(0.8, 1.25), orientation=orientation, log_axis=True
        )
        band, equal = annotation(fig, "No adverse impact (0.80 to 1.25)"), annotation(fig, "Equal (1.00)")
        at = 0.8 if orientation == "v" else 1.25  # the band's edge the label starts from
        assert band[axis] == pytest.approx(math.log10(at)) and band[f"{axis}ref"] == axis
        assert equal[axis] == pytest.approx(0.0) and equal[f"{axis}ref"] == axis
        linear = go.Figure()
        add_target(linear, measure_type="ratio", unit=None, target_range=(0.8, 1.25), orientation=orientation)
        assert annotation(linear, "Equal (1.00)")[axis] == pytest.approx(1.0)


def test_ratio_sentence_places_the_value_against_the_range():
    records = ratio_rows().to_dict("records")
    sentence = ratio_sentence(records[0], area_name="Greater Manchester", ratio_groups="White vs BME")
    assert sentence.startswith("In Greater Manchester, the relative likelihood (White vs BME) is 1.57")
    assert "above the 0.80 to 1.25 range" in sentence
    assert "within the 0.80 to 1.25 range" in ratio_sentence(records[1], area_name="Bury", ratio_groups=None)
    suppressed = ratio_sentence(records[2], area_name="Wigan", ratio_groups=None)
    assert "suppressed" in suppressed and not NUMBER.search(suppressed)


def test_target_range_from_the_framework_or_the_wres_default():
    assert target_range({"measure_type": "ratio", "target_lower": 0.7, "target_upper": 1.3}) == (0.7, 1.3)
    assert target_range({"measure_type": "ratio", "target": 1.25}) == DEFAULT_RANGE
    assert target_range({"measure_type": "proportion", "target": 85.0}) is None


def test_words_for_axes_and_labels():
    assert axis_title("proportion", "%") == "Percentage (%)"
    assert axis_title("rate", "per 1,000") == "Rate per 1,000"
    assert axis_title("ratio", "x") == "Relative likelihood"
    assert in_sentence("Ethnic group (ONS)") == "ethnic group (ONS)"
    assert in_sentence("WRES ethnicity") == "WRES ethnicity"


def test_heatmap_shades_a_worse_group_by_its_comparison_and_says_n_on_hover():
    rows = heatmap_rows()
    rows.loc[rows["group_code"] == "asian*M", ["comparison", "comparison_words", "denominator"]] = [
        "worse",
        "Significantly worse than the reference group",
        240,
    ]
    fig = heatmap_figure(intersection_grid(rows, GROUPS, "ethnic_group*sex"), measure_type="proportion", unit="%")
    assert fig.data[1].z[1][1] == SHADES.index("worse") + 0.5
    assert "n = 240; Significantly worse than the reference group" in fig.data[1].customdata[1][1]
