"""The workforce (WRES/WDES) and patient-experience views as pure functions of mart rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures import patient_experience as px
from dashboard.figures import workforce as wf
from dashboard.tables import patient_experience as experience_tables
from dashboard.tables import workforce as workforce_tables

NAN = float("nan")


def _rep(area: str = "E47000001", organisation: str = "all", board_suppressed: bool = False):
    """Representation rows for White and BME at two clusters, the board, all staff and the
    population, in the columns `dashboard.warehouse.workforce_representation` returns."""
    rows = []
    levels = [
        ("cluster_1", "Cluster 1 (bands 1-4)", 0),
        ("cluster_4", "Cluster 4", 9),
        ("board", None, None),
        ("all_staff", None, None),
        ("population", None, None),
    ]
    shares = {"white": (76.0, 86.0, 90.0, 74.0, 75.7), "bme": (19.7, 9.8, 9.9, 21.3, 24.3)}
    for group, label, sort in (("white", "White", 0), ("bme", "BME", 1)):
        for (level, level_label, level_sort), share in zip(levels, shares[group], strict=True):
            suppressed = board_suppressed and level == "board"
            rows.append(
                {
                    "period": "2024/25",
                    "area_code": area,
                    "area_name": "Greater Manchester" if area == "E47000001" else "Wigan",
                    "organisation_code": organisation,
                    "organisation_name": None if organisation == "all" else "Bolton NHS FT",
                    "breakdown": "wres_ethnicity",
                    "group_code": group,
                    "group_label": label,
                    "is_unknown": False,
                    "group_sort_order": sort,
                    "level": level,
                    "level_label": level_label,
                    "level_sort": level_sort,
                    "staff": NAN if suppressed else share * 10,
                    "total": 1000.0 if level != "board" else 13.0,
                    "share": NAN if suppressed else share,
                    "lower_ci_95": NAN if suppressed else share - 1,
                    "upper_ci_95": NAN if suppressed else share + 1,
                    "suppressed": suppressed,
                }
            )
    return pd.DataFrame(rows)


def test_staff_levels_orders_clusters_then_board_then_all_staff_and_drops_population():
    staff = workforce_tables.staff_levels(_rep())
    assert list(dict.fromkeys(staff["row_label"])) == [
        "Cluster 1 (bands 1-4)",
        "Cluster 4",
        "Board (voting members)",
        "All staff",
    ]


def test_representation_figure_draws_each_groups_population_share_as_a_line():
    rep = _rep()
    fig = wf.representation_figure(rep, rep[rep["level"] == "population"])
    names = [t.name for t in fig.data]
    assert "BME: local working-age population 24.3%" in names
    assert "White: local working-age population 75.7%" in names


def test_representation_table_and_summary_say_suppressed_for_a_small_board():
    rep = _rep(area="E08000010", board_suppressed=True)
    population = rep[rep["level"] == "population"]
    table = workforce_tables.representation_table(rep, population)
    board = table[table["Level"] == "Board (voting members)"]
    assert set(board["Share (%)"]) == {"Suppressed"} and set(board["Staff in group"]) == {"Suppressed"}
    assert set(board["Population share"]) == {"75.7%", "24.3%"}
    summary = workforce_tables.representation_summary(rep, population, "bme")
    assert summary.startswith("BME staff are 19.7% of Cluster 1 (bands 1-4) and 9.8% of Cluster 4")
    assert "board is suppressed" in summary and "24.3% of the working-age population" in summary


def test_board_frame_and_table_compare_board_staff_and_population_by_place():
    rep = pd.concat([_rep(area="E08000010", board_suppressed=True), _rep()], ignore_index=True)
    frame = workforce_tables.board_frame(rep)
    assert set(frame["series_label"]) == {"Board", "All staff", "Local population"}
    table = workforce_tables.board_table(frame)
    wigan = table[(table["Place"] == "Wigan") & (table["Group"] == "BME")].iloc[0]
    gm = table[(table["Place"] == "Greater Manchester") & (table["Group"] == "BME")].iloc[0]
    assert wigan["Board share (%)"] == "Suppressed" and wigan["Board 95% CI"] == "Suppressed"
    assert wigan["Board members"] == "13"
    assert gm["Board share (%)"] == "9.9%" and gm["All staff share (%)"] == "21.3%"
    assert workforce_tables.board_suppression_note(frame) == (
        "Board numbers are small, so board figures are suppressed for Wigan (every group)."
    )
    fig = wf.board_figure(frame)
    assert "Suppressed: Board" in [a.text for a in fig.layout.annotations]


def test_representation_grid_by_organisation_keeps_one_group_and_its_ci():
    rep = pd.concat([_rep(), _rep(organisation="RMC", board_suppressed=True)], ignore_index=True)
    grid = workforce_tables.representation_grid(rep, "bme", by="organisation")
    assert set(grid["row_label"]) == {"Bolton NHS FT"}
    board = grid[grid["level"] == "board"].iloc[0]
    assert board["text"] == "Suppressed" and board["note"] == ""
    cluster = grid[grid["level"] == "cluster_1"].iloc[0]
    assert cluster["text"] == "19.7%" and cluster["note"] == "(18.7 to 20.7)"


def _kpis(ids, titles):
    return pd.DataFrame(
        {
            "indicator_id": ids,
            "title": titles,
            "short_title": titles,
            "measure_type": "ratio",
            "unit": "x",
            "polarity": "low_is_good",
            "target_lower": 0.8,
            "target_upper": 1.25,
        }
    )


def _ratio_row(kpi, area, value, rag="red", suppressed=False, comparison="similar"):
    return {
        "indicator_id": kpi,
        "period": "2024/25",
        "area_code": area,
        "area_name": {"E47000001": "Greater Manchester", "E08000009": "Trafford"}[area],
        "value": NAN if suppressed else value,
        "lower_ci_95": NAN if suppressed else value * 0.9,
        "upper_ci_95": NAN if suppressed else value * 1.1,
        "rag": rag,
        "comparison": comparison,
        "suppressed": suppressed,
    }


def test_likelihood_table_reads_the_range_status_and_gm_from_the_marts():
    kpis = _kpis(["WRES2", "WDES3"], ["WRES 2: appointment", "WDES 3: capability"])
    values = pd.DataFrame(
        [
            _ratio_row("WRES2", "E08000009", 1.59, "red"),
            _ratio_row("WRES2", "E47000001", 1.57),
            _ratio_row("WDES3", "E08000009", None, suppressed=True),
            _ratio_row("WDES3", "E47000001", 2.56),
        ]
    )
    table = workforce_tables.likelihood_table(values, kpis, "E08000009", "E47000001").set_index("indicator_id")
    assert table.loc["WRES2", "Relative likelihood"] == "1.59"
    assert table.loc["WRES2", "Against the no-adverse-impact range"] == ("Outside the range, with its whole 95% CI")
    assert table.loc["WRES2", "Compared with GM"] == "Similar to GM"
    assert table.loc["WDES3", "Relative likelihood"] == "Suppressed"
    assert table.loc["WDES3", "Greater Manchester"] == "2.56"
    assert workforce_tables.kpi_range(kpis.iloc[0].to_dict()) == (0.8, 1.25)
    frame = workforce_tables.likelihood_frame(values, kpis, "E08000009", "E47000001")
    fig = wf.likelihood_figure(frame, value_range=(0.8, 1.25))
    assert fig.layout.xaxis.type == "log"
    axis = fig.layout.xaxis  # the same round ratios as every ratio log axis, written in full
    assert axis.tickmode == "array" and {0.8, 1.0, 1.25, 2.0} <= set(axis.tickvals)
    assert [float(t) for t in axis.ticktext] == list(axis.tickvals)
    assert "Suppressed: Trafford" in [a.text for a in fig.layout.annotations]


def test_survey_frame_table_and_summary_give_each_group_and_its_gap():
    kpis = pd.DataFrame(
        {
            "indicator_id": ["WRES5"],
            "title": ["Harassment from the public"],
            "short_title": ["WRES 5"],
            "polarity": ["low_is_good"],
        }
    )
    values = pd.DataFrame(
        [
            {
                "indicator_id": "WRES5",
                "period": "2024/25",
                "breakdown": "wres_ethnicity",
                "group_code": g,
                "group_label": label,
                "group_sort_order": s,
                "value": v,
                "lower_ci_95": v - 1,
                "upper_ci_95": v + 1,
                "denominator": n,
                "suppressed": sup,
                "is_reference_group": g == "white",
                "is_unknown": g == "Z",
                "gap_to_reference": gap,
                "comparison": comp,
            }
            for g, label, s, v, n, sup, gap, comp in (
                ("white", "White", 0, 26.5, 41097.0, False, 0.0, "not compared"),
                ("bme", "BME", 1, 29.3, 10295.0, False, 2.8, "worse"),
                ("Z", "Not stated", 2, NAN, NAN, True, NAN, "not compared"),
            )
        ]
    )
    frame = workforce_tables.survey_frame(values, kpis, "wres_ethnicity")
    assert list(frame["series_label"]) == ["White", "BME", "Not stated"]
    table = workforce_tables.survey_table(frame, {"WRES5": "low_is_good"}).set_index("Group")
    assert table.loc["BME", "Gap to reference group"] == "+2.8 points"
    assert table.loc["BME", "Compared with reference group"] == "Worse than the reference group"
    assert table.loc["White", "Gap to reference group"] == "Reference group"
    assert table.loc["Not stated", "Result (%)"] == "Suppressed"
    assert table.loc["Not stated", "Respondents"] == "Suppressed"
    assert table.loc["BME", "Indicator"] == "WRES 5 (lower is better)"
    assert workforce_tables.survey_summary(frame) == (
        "BME staff: significantly worse than the reference group (White) on 1 of 1 indicator, better on 0."
    )


def _px_rows():
    rows = []
    for group, label, sort, value, n, suppressed, unknown, comparison in (
        ("all", "All people", None, 75.8, 15244, False, False, "not compared"),
        ("white", "White", 0, 77.1, 11686, False, False, "not compared"),
        ("black", "Black", 3, 68.2, 422, False, False, "worse"),
        ("other", "Other", 4, NAN, NAN, True, False, "not compared"),
        ("Z", "Not stated", 5, 60.0, 485, False, True, "not compared"),
    ):
        rows.append(
            {
                "indicator_id": "PX_OVERALL",
                "period": "2024/25 Q4",
                "period_sort": 17,
                "area_code": "E47000001",
                "area_name": "Greater Manchester",
                "breakdown": "all" if group == "all" else "ethnic_group",
                "group_code": group,
                "group_label": label,
                "group_sort_order": sort,
                "is_unknown": unknown,
                "is_reference_group": group == "white",
                "value": value,
                "lower_ci_95": value - 1,
                "upper_ci_95": value + 1,
                "numerator": NAN,
                "denominator": n,
                "comparison": comparison,
                "suppressed": suppressed,
            }
        )
    return pd.DataFrame(rows)


def test_lowest_group_ignores_unknown_and_suppressed_groups():
    assert experience_tables.lowest_group(_px_rows()) == "black"
    assert experience_tables.lowest_group(_px_rows().iloc[0:1]) is None


def test_questions_grid_puts_all_respondents_first_and_does_not_compare_them():
    kpis = pd.DataFrame(
        {
            "indicator_id": ["PX_OVERALL"],
            "title": ["Good overall experience"],
            "short_title": ["Good overall"],
            "measure_type": ["proportion"],
            "unit": ["%"],
        }
    )
    grid = experience_tables.questions_grid(_px_rows(), kpis)
    assert experience_tables.group_columns(grid) == ["All respondents", "White", "Black", "Other", "Not stated"]
    everyone = grid[grid["group_code"] == "all"].iloc[0]
    assert everyone["text"] == "75.8%" and everyone["note"] == "n = 15,244"
    assert everyone["status"] is None or pd.isna(everyone["status"])
    other = grid[grid["group_code"] == "other"].iloc[0]
    assert other["text"] == "Suppressed" and other["note"] == ""


def test_respondent_counts_are_written_beside_each_group_but_never_for_suppressed_ones():
    from dashboard.figures.indicator_breakdown import breakdown_figure

    groups = _px_rows()[lambda df: df["group_code"] != "all"]
    fig = px.add_respondent_counts(breakdown_figure(groups, measure_type="proportion"), groups)
    texts = [a.text for a in fig.layout.annotations]
    assert "n = 11,686" in texts and "n = 422" in texts and "n = 485" in texts
    assert not any(t.startswith("n = ") and "nan" in t for t in texts)
    assert fig.layout.margin.r == 110


@pytest.mark.parametrize("group", ["black", "white"])
def test_trend_frame_keys_the_group_and_everyone_for_the_shared_trend_chart(group):
    rows = _px_rows()
    frame = experience_tables.trend_frame(rows, group)
    assert set(frame["area_code"]) == {experience_tables.TREND_GROUP, experience_tables.TREND_ALL}
    table = experience_tables.trend_table(frame, "Black", "proportion", "%")
    assert list(table.columns)[0] == "Period" and len(table) == 1
    assert table.iloc[0]["All respondents: respondents"] == "15,244"


def test_respondent_counts_sit_on_their_own_row_when_group_labels_look_like_numbers():
    from dashboard.figures.indicator_breakdown import breakdown_figure

    rows = _px_rows()[lambda df: df["group_code"].isin(["white", "black", "Z"])].copy()
    rows["is_unknown"] = False
    rows["group_label"] = ["1 - most deprived", "2", "4"]
    rows["denominator"] = [463.0, 386.0, 83.0]
    fig = px.add_respondent_counts(breakdown_figure(rows, measure_type="proportion"), rows)
    order = list(fig.layout.yaxis.categoryarray)
    placed = {a.text: order[a.y] for a in fig.layout.annotations if a.text.startswith("n = ")}
    assert placed["n = 386"] == "2" and placed["n = 83"] == "4"
