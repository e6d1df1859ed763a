"""Row rules the loader applies to every source: no dates in the future (one bad row must
not become the "latest" period), and free-text codes must be known groups of the
characteristic named on the same row (no formulas or junk published as groups)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines import settings
from pipelines.build import build
from pipelines.load import BuildError
from tests.pipelines.bad_inputs import EVENTS_HEADER, audit_and_rejects, event, skip_marts, write_lines

SURVEY_HEADER = "survey_year,organisation_code,question_code,characteristic,group_code,respondents,positive"
INDICATORS_HEADER = "indicator_code,period,area_code,breakdown,group_code,numerator,denominator"
POPULATION_HEADER = "year,locality_code,age_band,sex,characteristic,group_code,population"
VOICES_HEADER = (
    "voice_id,collected_date,locality_code,work_stream,outcome_id,characteristic,group_code,theme,quote,consent"
)
FORMULAS = ['"=HYPERLINK(""http://x"",""y"")"', "@SUM(1)", "-2+3+cmd|calc", "+1", "=1+2"]


@pytest.fixture(autouse=True)
def _no_marts(monkeypatch):
    skip_marts(monkeypatch)


def test_a_future_date_is_rejected_and_cannot_become_the_latest_period(tmp_path):
    src = tmp_path / "src"
    write_lines(
        src,
        "workforce_events.csv",
        [
            EVENTS_HEADER,
            event(1),
            event(2, event_date="2099-01-01"),
            event(3, event_date="01/01/2099"),
            event(4),
        ],
    )
    summary = build(src, tmp_path / "w.duckdb")
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][:4] == ("workforce_events.csv", 4, 2, 2)
    today = date.today().isoformat()
    assert rejects[3][:2] == ("workforce_events.csv", f"event_date is in the future: 2099-01-01 (after {today})")
    assert rejects[4][1] == f"event_date is in the future: 01/01/2099 (after {today})"
    assert summary.date_horizon == date.today()
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT max(period) FROM periods").fetchone()[0] == "2024/25"
        assert con.execute("SELECT date_horizon FROM builds").fetchone()[0] == date.today()


def test_the_horizon_can_be_set_and_the_day_itself_is_allowed(tmp_path):
    src = tmp_path / "src"
    write_lines(
        src,
        "workforce_events.csv",
        [
            EVENTS_HEADER,
            event(1, event_date="2024-06-30"),
            event(2, event_date="2024-07-01"),
        ],
    )
    build(src, tmp_path / "w.duckdb", date_horizon=date(2024, 6, 30))
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][1:4] == (2, 1, 1)
    assert rejects[3][1] == "event_date is in the future: 2024-07-01 (after 2024-06-30)"


def test_future_years_and_periods_are_rejected_too(tmp_path):
    src = tmp_path / "src"
    next_year = date.today().year + 1
    write_lines(
        src,
        "staff_survey.csv",
        [
            SURVEY_HEADER,
            "2024,R0A,harassment_public,all,all,100,30",
            f"{next_year},R0A,harassment_public,all,all,100,30",
        ],
    )
    write_lines(
        src,
        "other_indicators.csv",
        [
            INDICATORS_HEADER,
            "OI1,2024/25,E08000003,all,all,10,100",
            "OI1,2099/00,E08000003,all,all,10,100",
            "OI1,Q3 2024,E08000003,all,all,10,100",  # no leading year: not judged
        ],
    )
    build(src, tmp_path / "w.duckdb")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rejects = con.execute("SELECT extract, line_number, reason FROM rejects ORDER BY ALL").fetchall()
        assert con.execute("SELECT list(period ORDER BY period) FROM other_indicators").fetchone()[0] == [
            "2024/25",
            "Q3 2024",
        ]
    today = date.today().isoformat()
    assert rejects == [
        ("other_indicators", 3, f"period is in the future: 2099/00 (after {today})"),
        ("staff_survey", 3, f"survey_year is in the future: {next_year} (after {today})"),
    ]


def test_a_bad_horizon_setting_stops_the_build(tmp_path, monkeypatch):
    src = tmp_path / "src"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(1)])
    monkeypatch.setattr(settings, "DATE_HORIZON", "31/12/2024")
    with pytest.raises(BuildError, match="GMEQ_DATE_HORIZON='31/12/2024' is not a date"):
        build(src, tmp_path / "w.duckdb")
    monkeypatch.setattr(settings, "DATE_HORIZON", "2024-05-31")
    summary = build(src, tmp_path / "w.duckdb")
    assert summary.rows_rejected == 1  # the event on 2024-06-01 is after the horizon


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_like_group_codes_are_rejected_in_every_free_text_code_column(tmp_path, formula):
    src = tmp_path / "src"
    write_lines(
        src,
        "staff_survey.csv",
        [
            SURVEY_HEADER,
            "2024,R0A,harassment_public,all,all,100,30",
            f"2024,R0A,harassment_public,sex,{formula},50,10",
        ],
    )
    write_lines(
        src,
        "population.csv",
        [
            POPULATION_HEADER,
            "2021,E08000003,25-29,F,ethnicity,A,1000",
            f"2021,E08000003,25-29,F,ethnicity,{formula},900",
        ],
    )
    write_lines(
        src,
        "other_indicators.csv",
        [
            INDICATORS_HEADER,
            "OI1,2024/25,E08000003,imd_quintile,1,10,100",
            f"OI1,2024/25,E08000003,imd_quintile,{formula},10,100",
            f"{formula},2024/25,E08000003,all,all,10,100",
            f"OI1,{formula},E08000003,all,all,10,100",
        ],
    )
    write_lines(
        src,
        "voices.csv",
        [
            VOICES_HEADER,
            "V1,2024-05-01,E08000003,acute_specialist,OUT1,religion,muslim,access,A quote.,true",
            f"V2,2024-05-01,E08000003,acute_specialist,OUT1,religion,{formula},access,A quote.,true",
            f"V3,2024-05-01,E08000003,acute_specialist,{formula},religion,muslim,access,A quote.,true",
        ],
    )
    build(src, tmp_path / "w.duckdb")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rejects = con.execute("SELECT extract, line_number, reason FROM rejects ORDER BY ALL").fetchall()
        audit = con.execute("SELECT extract, rows_read, rows_loaded, rows_rejected FROM load_audit").fetchall()
        published = con.execute(
            "SELECT group_code FROM staff_survey UNION ALL SELECT group_code FROM population "
            "UNION ALL SELECT group_code FROM other_indicators UNION ALL SELECT group_code FROM voices"
        ).fetchall()
    value = formula.strip('"').replace('""', '"')
    plain = "is not a plain code (letters, digits, spaces and _ . / ( ) & , + - only, starting with a letter or digit)"
    assert rejects == [
        ("other_indicators", 3, f"unknown group_code for imd_quintile: '{value}'"),
        ("other_indicators", 4, f"indicator_code {plain}: '{value}'"),
        ("other_indicators", 5, f"period {plain}: '{value}'"),
        ("population", 3, f"unknown group_code for ethnicity: '{value}'"),
        ("staff_survey", 3, f"unknown group_code for sex: '{value}'"),
        ("voices", 3, f"unknown group_code for religion: '{value}'"),
        ("voices", 4, f"outcome_id {plain}: '{value}'"),
    ]
    assert {a[0]: a[1:] for a in audit} == {
        "staff_survey": (2, 1, 1),
        "population": (2, 1, 1),
        "other_indicators": (4, 1, 3),
        "voices": (3, 1, 2),
    }
    assert sorted(g for (g,) in published) == ["1", "A", "all", "muslim"]


def test_group_codes_are_normalised_like_any_code_and_checked_against_their_own_row(tmp_path):
    src = tmp_path / "src"
    write_lines(
        src,
        "staff_survey.csv",
        [
            SURVEY_HEADER,
            "2024,R0A,harassment_public,Ethnicity,White,100,30",  # labels and case, as real files give them
            "2024,R0A,harassment_public,wres_ethnicity, BME ,50,10",
            "2024,R0A,harassment_public,wres_ethnicity,prefer not to say,5,1",
            "2024,R0A,harassment_public,sex,white,50,10",  # a real group, but not of sex
            "2024,R0A,harassment_public,nonsense,white,50,10",  # the characteristic's own reason says it
            "2024,R0A,harassment_public,sex,,50,10",
        ],
    )
    build(src, tmp_path / "w.duckdb")
    _, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        loaded = con.execute("SELECT characteristic, group_code FROM staff_survey ORDER BY respondents DESC").fetchall()
    assert loaded == [("wres_ethnicity", "white"), ("wres_ethnicity", "bme"), ("wres_ethnicity", "Z")]
    assert rejects[5][1] == "unknown group_code for sex: 'white'"
    assert rejects[6][1] == "unknown characteristic code 'nonsense'"
    assert rejects[7][1] == "group_code is blank"
