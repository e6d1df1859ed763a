"""A trust's WRES / WDES return is the published figure: the staff-survey KPIs count its
percentages and respondents (survey year = reporting year - 1) in place of the survey rows
for the same organisation, year, question and characteristic; a headline no survey row gives
is added up from the return's groups only when every group is reported."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines import workforce_returns as returns
from pipelines.build import build
from pipelines.workforce_returns import template_frame
from tests.pipelines.adapters.staff_survey_files import write_2021

MANCHESTER = "E08000003"
RETURNED = {  # (indicator, group): (percentage, respondents), made up
    ("WRES7", "White"): ("58.2", "900"),
    ("WRES7", "BME"): ("44.6", "350"),
    ("WRES7", "Unknown"): ("50.0", "40"),
    ("WRES6", "White"): ("20.5", "880"),
    ("WRES6", "BME"): ("27.3", "340"),
    ("WRES6", "Unknown"): ("22.0", "38"),
}


def a_return() -> pd.DataFrame:
    frame = template_frame("R0A", "2024")
    for (indicator, group), (pct, base) in RETURNED.items():
        at = (frame["indicator"] == indicator) & (frame["group"] == group)
        frame.loc[at & (frame["measure"] == "percentage"), "value"] = pct
        frame.loc[at & (frame["measure"] == "respondents"), "value"] = base
    return frame


def test_the_wres_kpis_use_a_trusts_returned_figures(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write_2021(src / "NSS23 detailed spreadsheets organisational results.xlsx", year=2023)
    a_return().to_csv(src / "R0A WRES return 2024.csv", index=False)
    build(src, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)

    def value(indicator, breakdown, group):
        return con.execute(
            "SELECT value, denominator FROM indicator_values WHERE indicator_id = ? AND area_code = ? "
            "AND period = '2023/24' AND breakdown = ? AND group_code = ? AND work_stream = 'all'",
            [indicator, MANCHESTER, breakdown, group],
        ).fetchone()

    # Manchester's only ethnicity split is R0A's return: its percentage, exactly as returned
    assert value("WRES7", "wres_ethnicity", "bme") == (pytest.approx(44.6), 350)
    assert value("WRES7", "wres_ethnicity", "white") == (pytest.approx(58.2), 900)
    # the headline stays the survey's (R0A and RBV), which the return does not report
    rates = con.execute(
        "SELECT published_rate, respondents FROM staff_survey WHERE question_code = 'career_progression' "
        "AND organisation_code IN ('R0A', 'RBV') AND characteristic = 'all'"
    ).fetchall()
    expected = sum(r * n for r, n in rates) / sum(n for _, n in rates)
    assert value("WRES7", "all", "all")[0] == pytest.approx(expected)
    # WRES 6: no survey question gives it; the return's three groups add up to the headline
    pct = [(float(p), int(b)) for (i, _), (p, b) in RETURNED.items() if i == "WRES6"]
    assert value("WRES6", "all", "all") == (pytest.approx(sum(p * b for p, b in pct) / sum(b for _, b in pct)), 1258)
    assert value("WRES6", "wres_ethnicity", "bme") == (pytest.approx(27.3), 340)


def test_a_return_replaces_the_survey_rows_it_reports_and_no_partial_headline():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE staff_survey AS SELECT * FROM (VALUES "
        "(2023, '2023/24', 'R0A', 'career_progression', 'wres_ethnicity', 'bme', 300, 120.0::DOUBLE, 40.0::DOUBLE, "
        "true, false, 'Q15'), "
        "(2023, '2023/24', 'R0A', 'career_progression', 'all', 'all', 1000, 550.0::DOUBLE, 55.0::DOUBLE, "
        "true, false, 'Q15')"
        ") t(survey_year, period, organisation_code, question_code, characteristic, group_code, respondents, "
        "positive, published_rate, positive_derived, suppressed, source_question)"
    )
    rows = pd.DataFrame(
        [
            ("2024", "R0A", "WRES", "WRES7", "percentage", "all", "all", "wres_ethnicity", "bme", 44.6),
            ("2024", "R0A", "WRES", "WRES7", "respondents", "all", "all", "wres_ethnicity", "bme", 350.0),
            ("2024", "R0A", "WRES", "WRES8", "percentage", "all", "all", "wres_ethnicity", "bme", 9.0),
            ("2024", "R0A", "WRES", "WRES8", "respondents", "all", "all", "wres_ethnicity", "bme", 340.0),
        ],
        columns=[
            "reporting_year",
            "organisation_code",
            "standard",
            "indicator",
            "measure",
            "staff_group",
            "band_cluster",
            "characteristic",
            "group_code",
            "value",
        ],
    )
    con.register("rows", rows)
    con.execute("CREATE TABLE workforce_returns AS SELECT * FROM rows")
    assert returns.staff_survey_with_returns(con) == {"returned": 2, "replaced": 1}
    kept = con.execute(
        f"SELECT question_code, characteristic, respondents, published_rate, source_question FROM {returns.KPI_TABLE} "
        "ORDER BY question_code, characteristic"
    ).fetchall()
    assert kept == [
        ("career_progression", "all", 1000, 55.0, "Q15"),  # the survey's headline: the return has none
        ("career_progression", "wres_ethnicity", 350, 44.6, "return:WRES7"),  # the survey's BME row replaced
        ("discrimination", "wres_ethnicity", 340, 9.0, "return:WRES8"),  # one group only: no headline
    ]


def test_a_build_from_a_return_alone_has_its_survey_year_as_a_period(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    a_return().to_csv(src / "return.csv", index=False)
    build(src, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT period, period_type FROM periods").fetchall() == [("2023/24", "financial_year")]
    row = con.execute(
        "SELECT period_sort, value FROM indicator_values WHERE indicator_id = 'WRES7' AND area_code = ? "
        "AND breakdown = 'wres_ethnicity' AND group_code = 'bme'",
        [MANCHESTER],
    ).fetchone()
    assert row == (1, pytest.approx(44.6))


def test_a_survey_value_from_a_return_says_so_and_the_surveys_headline_does_not(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write_2021(src / "NSS23 detailed spreadsheets organisational results.xlsx", year=2023)
    a_return().to_csv(src / "R0A WRES return 2024.csv", index=False)
    build(src, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    notes = dict(
        con.execute(
            "SELECT breakdown, source_note FROM indicator_values WHERE indicator_id = 'WRES7' AND area_code = ? "
            "AND period = '2023/24' AND group_code IN ('all', 'bme') AND work_stream = 'all'",
            [MANCHESTER],
        ).fetchall()
    )
    assert notes == {"wres_ethnicity": "From the trust's WRES return (2024)", "all": None}
