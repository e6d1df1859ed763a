"""OHID Fingertips "all data" CSV: values land exactly as published, dimensions are never
summed, GM is the benchmark (published, else added up where the measure allows, else not
compared with the reason), comparators and practices are accounted for."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines import reference as ref
from pipelines.build import build
from tests.pipelines.adapters.published_files import FINGERTIPS_HEADER, fingertips_row, write_csv

BOLTON = "E08000001"
DISTRICTS = list(ref.LOCALITY_NAMES.items())


def crude_rows(indicator: str = "93356", per: int = 100, period: str = "2015") -> list[list[str]]:
    """The ten districts with counts and denominators whose crude rate per `per` is the value."""
    rows = []
    for i, (code, name) in enumerate(DISTRICTS):
        count, denominator = 100 + 10 * i, 2000 + 100 * i
        value = f"{count / denominator * per:.1f}"
        rows.append(
            fingertips_row(
                code,
                name,
                value,
                indicator=indicator,
                period=period,
                ci=("1", "99", "0.5", "99.5"),
                count=str(count),
                denominator=str(denominator),
            )
        )
    return rows


def build_from(tmp_path: Path, rows: list[list[str]], framework: Path | None = None) -> duckdb.DuckDBPyConnection:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    write_csv(src / "indicators-DistrictUA.data.csv", FINGERTIPS_HEADER, rows)
    build(src, tmp_path / "w.duckdb", framework_path=framework)
    return duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)


def headline(con, area: str, indicator: str = "FT93356"):
    return con.execute(
        "SELECT value, lower_ci_95, upper_ci_95, value_source, comparison, value_note FROM indicator_values "
        "WHERE indicator_id = ? AND area_code = ? AND breakdown = 'all'",
        [indicator, area],
    ).fetchone()


def test_bolton_lands_exactly_as_published_and_all_ages_is_never_summed_with_an_age_band(tmp_path):
    rows = [
        fingertips_row(
            BOLTON, "Bolton", "52.6", ci=("50.1", "55.2", "49.0", "56.4"), count="1500", denominator="285171"
        ),
        fingertips_row(BOLTON, "Bolton", "14.5", age="0-9 yrs", count="52", denominator="35862"),
        fingertips_row(BOLTON, "Bolton", "60.2", sex="Male", count="800", denominator="140000"),
        fingertips_row(
            BOLTON,
            "Bolton",
            "70.0",
            category_type="District & UA deprivation deciles in England (IMD2019)",
            category="Most deprived decile (IMD2019)",
            count="70",
            denominator="10000",
        ),
    ]
    con = build_from(tmp_path, rows)
    value, lower, upper, source, _, _ = headline(con, BOLTON)
    assert (value, lower, upper, source) == (52.6, 50.1, 55.2, "published")
    groups = con.execute(
        "SELECT breakdown, group_code, group_label, value FROM indicator_values "
        "WHERE indicator_id = 'FT93356' AND area_code = ? AND breakdown <> 'all' ORDER BY breakdown",
        [BOLTON],
    ).fetchall()
    assert groups == [
        ("age", "0-9 yrs", "0-9 yrs", 14.5),
        (
            "district_ua_deprivation_deciles_in_england_imd2019",
            "Most deprived decile (IMD2019)",
            "Most deprived decile (IMD2019)",
            70.0,
        ),
        ("sex", "M", "Male", 60.2),
    ]
    kpi = con.execute("SELECT title, outcome_id FROM kpis WHERE indicator_id = 'FT93356'").fetchone()
    assert kpi == ("Emergency admissions (made up)", "published")
    assert con.execute("SELECT outcome_title FROM outcomes WHERE outcome_id = 'published'").fetchone() == (
        "Published indicators",
    )


def test_gm_row_in_the_file_is_the_benchmark(tmp_path):
    rows = crude_rows() + [fingertips_row(ref.GM_CODE, "Greater Manchester", "5.0", ci=("4.9", "5.1", "4.8", "5.2"))]
    con = build_from(tmp_path, rows)
    assert headline(con, ref.GM_CODE)[:4] == (5.0, 4.9, 5.1, "published")
    benchmark = con.execute(
        "SELECT DISTINCT benchmark_value FROM indicator_values WHERE area_code <> ? AND breakdown = 'all'",
        [ref.GM_CODE],
    ).fetchall()
    assert benchmark == [(5.0,)]


def test_gm_is_added_up_from_the_ten_districts_for_a_crude_proportion_and_labelled(tmp_path):
    con = build_from(tmp_path, crude_rows(per=100))
    value, lower, upper, source, _, note = headline(con, ref.GM_CODE)
    counts = [100 + 10 * i for i in range(10)]
    denominators = [2000 + 100 * i for i in range(10)]
    assert value == pytest.approx(sum(counts) / sum(denominators) * 100)
    assert lower < value < upper
    assert source == "computed" and "added up from the ten localities" in note
    comparisons = {
        c
        for (c,) in con.execute(
            "SELECT comparison FROM indicator_values WHERE area_code <> ? AND breakdown = 'all'", [ref.GM_CODE]
        ).fetchall()
    }
    assert comparisons <= {"higher", "similar", "lower"} and comparisons != set()
    recomputed = con.execute(
        "SELECT value, recomputed_value FROM indicator_values WHERE area_code = ? AND breakdown = 'all'", [BOLTON]
    ).fetchone()
    assert recomputed == (5.0, pytest.approx(100 / 2000 * 100))


def test_gm_is_not_compared_with_the_reason_when_the_measure_cannot_be_added_up(tmp_path):
    rows = [fingertips_row(code, name, "81.2", ci=("80", "82", "79", "83")) for code, name in DISTRICTS]
    con = build_from(tmp_path, rows)
    gm_value, *_, gm_note = headline(con, ref.GM_CODE)
    assert gm_value is None and gm_note.startswith("No Greater Manchester value: the file has no Greater Manchester")
    _, _, _, _, comparison, note = headline(con, BOLTON)
    assert comparison == "not compared"
    assert "no Greater Manchester row" in note and "cannot be added up" in note


def test_comparators_are_kept_and_other_areas_rejected_with_a_reason(tmp_path):
    rows = crude_rows()[:1] + [
        fingertips_row("E92000001", "England", "4.0", area_type="England"),
        fingertips_row("E12000002", "North West region", "4.5", area_type="Region"),
        fingertips_row("E06000008", "Blackburn with Darwen", "4.1"),
        fingertips_row("A81001", "The Practice", "4.1", area_type="GP"),
    ]
    con = build_from(tmp_path, rows)
    kept = con.execute("SELECT area_code, value FROM published_comparators ORDER BY area_code").fetchall()
    assert kept == [("E12000002", 4.5), ("E92000001", 4.0)]
    reasons = [r for (r,) in con.execute("SELECT reason FROM rejects ORDER BY line_number").fetchall()]
    assert "outside Greater Manchester" in reasons[0]
    assert "no practice-to-locality lookup supplied" in reasons[1]
    assert con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone() == (5, 3, 2)


def test_a_framework_entry_gives_a_published_indicator_its_outcome_and_polarity(tmp_path):
    import yaml

    from pipelines import settings

    framework = yaml.safe_load(Path(settings.DEFAULT_FRAMEWORK).read_text())
    outcome = framework["outcomes"][0]["id"]
    framework["published_indicators"] = [
        {
            "fingertips_id": 93356,
            "outcome": outcome,
            "polarity": "low_is_good",
            "target": 4.0,
            "work_streams": [framework["kpis"][0]["work_streams"][0]],
        }
    ]
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(framework))
    con = build_from(tmp_path, crude_rows(), framework=path)
    kpi = con.execute("SELECT outcome_id, polarity, target FROM kpis WHERE indicator_id = 'FT93356'").fetchone()
    assert kpi == (outcome, "low_is_good", 4.0)
    comparisons = {
        c
        for (c,) in con.execute(
            "SELECT comparison FROM indicator_values WHERE area_code <> ? AND breakdown = 'all'", [ref.GM_CODE]
        ).fetchall()
    }
    assert comparisons <= {"better", "similar", "worse"}


def test_counts_below_the_threshold_are_withheld_even_though_published(tmp_path):
    rows = [fingertips_row(BOLTON, "Bolton", "0.1", count="3", denominator="3000")]
    con = build_from(tmp_path, rows)
    row = con.execute(
        "SELECT value, numerator, suppressed, suppression_reason FROM indicator_values WHERE area_code = ?", [BOLTON]
    ).fetchone()
    assert row == (None, None, True, "fewer than 5 counted")


SUB_ICB = {  # ONS code, name as Fingertips prints it, locality (config/adapters/lookups/sub_icb_locations.yaml)
    "E38000016": ("NHS Bolton", BOLTON),
    "E38000217": ("NHS Manchester", "E08000003"),
    "E38000182": ("NHS Tameside and Glossop", "E08000008"),
}


def test_sub_icb_location_rows_are_their_locality_as_published_and_others_are_rejected_with_a_reason(tmp_path):
    rows = [
        fingertips_row(code, name, value, area_type="Sub-ICB", ci=("60", "70", "58", "72"))
        for (code, (name, _)), value in zip(SUB_ICB.items(), ("65.1", "61.0", "66.6"), strict=True)
    ] + [
        fingertips_row("E38000016", "NHS Bolton", "64.0", area_type="CCGs (from Apr 2021)", period="2019"),
        fingertips_row("E38000229", "NHS Derby and Derbyshire", "67.0", area_type="Sub-ICB"),
        fingertips_row("E38000123", "NHS North Manchester", "55.0", area_type="CCGs (pre Apr 2017)", period="2014"),
    ]
    con = build_from(tmp_path, rows)
    for code, (_, locality) in SUB_ICB.items():
        assert headline(con, locality)[3] == "published", code
    value, lower, upper, source, _, note = headline(con, BOLTON)
    assert (value, lower, upper, source) == (65.1, 60.0, 70.0, "published")
    assert "published for NHS Bolton sub-ICB location (E38000016, 00T)" in note
    assert "Glossop" in headline(con, "E08000008")[5]
    older = con.execute(
        "SELECT value FROM indicator_values WHERE indicator_id = 'FT93356' AND area_code = ? AND period = '2019'",
        [BOLTON],
    ).fetchone()
    assert older == (64.0,)
    reasons = [r for (r,) in con.execute("SELECT reason FROM rejects ORDER BY line_number").fetchall()]
    assert len(reasons) == 2
    assert "E38000229 (NHS Derby and Derbyshire) is not one of Greater Manchester's ten" in reasons[0]
    assert "sub_icb_locations.yaml" in reasons[0]
    assert "former Manchester CCG" in reasons[1]
    assert con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone() == (6, 4, 2)


def test_a_sub_icb_row_beside_its_localitys_own_row_is_rejected_as_a_duplicate_never_added(tmp_path):
    rows = [
        fingertips_row(BOLTON, "Bolton", "52.6", count="1500", denominator="285171"),
        fingertips_row("E38000016", "NHS Bolton", "52.9", area_type="Sub-ICB", count="1510", denominator="285300"),
        fingertips_row("E38000016", "NHS Bolton", "50.0", area_type="Sub-ICB", sex="Female"),
    ]
    con = build_from(tmp_path, rows)
    assert headline(con, BOLTON)[:4] == (52.6, None, None, "published")
    female = con.execute(
        "SELECT value FROM indicator_values WHERE area_code = ? AND breakdown = 'sex' AND group_code = 'F'", [BOLTON]
    ).fetchone()
    assert female == (50.0,)
    (reason,) = con.execute("SELECT reason FROM rejects").fetchone()
    assert "duplicates Bolton's own row" in reason and "the local authority row is used" in reason
    assert con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone() == (3, 2, 1)


def test_gp_practice_rows_are_placed_by_their_parent_sub_icb_location(tmp_path):
    practice = fingertips_row("P82001", "A Bolton practice", "40.0", area_type="GP", count="40", denominator="100")
    elsewhere = fingertips_row("A81001", "A Teesside practice", "41.0", area_type="GP", count="41", denominator="100")
    practice[2:4], elsewhere[2:4] = ["E38000016", "NHS Bolton"], ["E38000247", "NHS Tees Valley"]
    con = build_from(tmp_path, [practice, elsewhere])
    placed = con.execute("SELECT area_code, locality_code FROM published_indicators").fetchall()
    assert placed == [("P82001", BOLTON)]
    (reason,) = con.execute("SELECT reason FROM rejects").fetchone()
    assert "A81001" in reason and "its parent E38000247 is not one of GM's sub-ICB locations" in reason


def test_several_periods_get_the_framework_kpis_trend_and_change_rule(tmp_path):
    rows = []
    for year, count in zip(("2015", "2016", "2017", "2018", "2019"), (100, 150, 200, 250, 300), strict=True):
        value = count / 1000 * 100
        ci = (f"{value - 1:.1f}", f"{value + 1:.1f}", f"{value - 1.5:.1f}", f"{value + 1.5:.1f}")
        rows.append(
            fingertips_row(BOLTON, "Bolton", f"{value:.1f}", period=year, ci=ci, count=str(count), denominator="1000")
        )
    con = build_from(tmp_path, rows)
    got = con.execute(
        "SELECT period, trend, trend_words, change_verdict, change_words FROM indicator_values "
        "WHERE area_code = ? AND breakdown = 'all' ORDER BY period",
        [BOLTON],
    ).fetchall()
    assert got[-1][1:3] == ("increasing", "Increasing")
    assert got[0][3] is None and got[0][4] == "Not comparable with the previous period"
    assert got[-1][3] == "higher" and got[-1][4].startswith("▲ +5.0 points since 2018")


def test_a_value_without_counts_is_not_trend_tested_and_a_suppressed_one_is_no_side_of_a_change(tmp_path):
    years = ("2015", "2016", "2017", "2018", "2019", "2020")
    rows = [
        fingertips_row(BOLTON, "Bolton", value, period=year, ci=ci, note=note)
        for year, value, ci, note in zip(
            years,
            ("50.0", "60.0", "", "70.0", "80.0", "81.0"),
            [
                ("49", "51", "48", "52"),
                ("59", "61", "58", "62"),
                ("", "", "", ""),
                ("69", "71", "68", "72"),
                ("79", "81", "78", "82"),
                ("80", "82", "79", "83"),
            ],
            ("", "", "Value suppressed for disclosure control", "", "", ""),
            strict=True,
        )
    ]
    con = build_from(tmp_path, rows)
    got = dict(
        (p, (v, w, cw))
        for p, v, w, cw in con.execute(
            "SELECT period, change_verdict, trend || ': ' || trend_words, change_words FROM indicator_values "
            "WHERE area_code = ? AND breakdown = 'all'",
            [BOLTON],
        ).fetchall()
    )
    assert got["2016"][0] == "higher"
    assert got["2017"][0] is None and got["2017"][2] == "Not comparable: the value is suppressed"
    assert got["2018"][0] is None and got["2018"][2] == "Not comparable with the previous period"
    assert got["2019"][0] == "higher"
    assert got["2020"][0] == "no significant change"
    assert got["2020"][1].startswith("not tested: Trend not tested: the published values are not a count")


def test_a_district_under_both_county_and_district_area_types_is_one_row_not_two(tmp_path):
    rows = [
        fingertips_row(BOLTON, "Bolton", "52.6", area_type="County & UA (4/23)", count="1500", denominator="285171"),
        fingertips_row(BOLTON, "Bolton", "52.6", area_type="District & UA (4/23)", count="1500", denominator="285171"),
        fingertips_row(BOLTON, "Bolton", "52.7", area_type="District & UA (pre 4/19)"),
        fingertips_row("P82001", "Practice one", "40.0", area_type="GP"),
        fingertips_row("P82002", "Practice two", "41.0", area_type="GP"),
    ]
    for practice in rows[3:]:
        practice[2:4] = ["E38000016", "NHS Bolton"]
    con = build_from(tmp_path, rows)
    assert con.execute(
        "SELECT count(*) FROM indicator_values WHERE area_code = ? AND breakdown = 'all'", [BOLTON]
    ).fetchone() == (1,)
    assert headline(con, BOLTON)[0] == 52.6
    reasons = [r for (r,) in con.execute("SELECT reason FROM rejects ORDER BY line_number").fetchall()]
    assert len(reasons) == 2 and all("repeats its row" in r and "County & UA (4/23)" in r for r in reasons)
    assert "with a different value (52.7); the first is used" in reasons[1]
    practices = con.execute("SELECT count(*) FROM published_indicators WHERE area_type = 'GP'").fetchone()
    assert practices == (2,)  # two practices in one locality are two areas, not duplicates
    assert con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchone() == (5, 3, 2)
