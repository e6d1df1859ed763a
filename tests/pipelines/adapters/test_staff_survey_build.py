"""NHS Staff Survey detailed spreadsheets as published, built: every GM organisation's
published rate lands unchanged with its base, the derived count is marked, suppressed results
stay suppressed (never zero), and the marts use the published rate."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.build import build
from tests.pipelines.adapters.staff_survey_files import (
    GM_ORGS,
    SUPPRESSED_ORG,
    made_up_base,
    made_up_shares,
    write_2018,
    write_2021,
)
from tests.pipelines.bad_inputs import skip_marts


def built(tmp_path, writer, name):
    src = tmp_path / "src"
    src.mkdir()
    writer(src / name)
    build(src, tmp_path / "w.duckdb")
    return duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)


@pytest.mark.parametrize(
    "writer,name,adapter,sheets",
    [
        (write_2021, "NSS23 detailed spreadsheets organisational results.xlsx", "staff_survey_2021", 5),
        (write_2018, "ST18 detailed spreadsheets.xlsx", "staff_survey_2018", 2),
    ],
)
def test_detailed_spreadsheets_load_every_sheet_as_published(tmp_path, monkeypatch, writer, name, adapter, sheets):
    skip_marts(monkeypatch)
    con = built(tmp_path, writer, name)
    audit = con.execute("SELECT adapter, extract, rows_read, rows_loaded, rows_rejected FROM load_audit").fetchall()
    assert {(a, e) for a, e, *_ in audit} == {(adapter, "staff_survey")}
    assert all(read == loaded + rejected for _, _, read, loaded, rejected in audit)
    rows = con.execute(
        "SELECT organisation_code, source_question, question_code, respondents, positive, published_rate, "
        "positive_derived, suppressed, survey_year, characteristic FROM staff_survey"
    ).fetchall()
    assert {r[0] for r in rows} == GM_ORGS
    for org, question, _, base, positive, rate, derived, suppressed, year, characteristic in rows:
        assert characteristic == "all" and year == (2023 if adapter.endswith("2021") else 2018)
        if org == SUPPRESSED_ORG:
            assert suppressed and rate is None and positive is None  # suppressed, never zero
            continue
        assert not suppressed and derived and base == made_up_base(org, question)
        assert positive == pytest.approx(rate * base / 100)
    career = next(r for r in rows if r[0] == "R0A" and r[2] == "career_progression")
    options = ("Yes", "No", "Don't know") if adapter.endswith("2021") else ("Yes ", "No ", "Don't Know")
    assert career[5] == made_up_shares("R0A", career[1], options)[0]  # the published percentage, unchanged
    rejects = con.execute("SELECT source_file, line_number, reason, row_key FROM rejects").fetchall()
    outside = [r for r in rejects if "outside Greater Manchester: RTX" in r[2]]
    assert len(outside) == sheets and all(r[0].endswith(name) and r[1] > 5 for r in outside)
    assert all(r[3].startswith("sheet ") for r in outside)  # the reject names the sheet


def test_the_marts_use_the_published_rate(tmp_path):
    con = built(tmp_path, write_2021, "NSS23 detailed spreadsheets organisational results.xlsx")
    value = con.execute(
        "SELECT value, denominator FROM indicator_values WHERE indicator_id = 'WRES7' AND area_code = 'E08000003' "
        "AND breakdown = 'all' AND work_stream = 'all' ORDER BY period DESC LIMIT 1"
    ).fetchone()
    # Manchester's organisations in the file with results: R0A and RBV (RXV is in Salford)
    rates = con.execute(
        "SELECT published_rate, respondents FROM staff_survey WHERE question_code = 'career_progression' "
        "AND organisation_code IN ('R0A', 'RBV')"
    ).fetchall()
    expected = sum(r * n for r, n in rates) / sum(n for _, n in rates)
    assert value is not None and value[0] == pytest.approx(expected)
    assert value[1] == sum(n for _, n in rates)


def test_organisation_type_results_are_recognised_and_rejected_with_the_reason(tmp_path):
    from tests.pipelines.adapters.staff_survey_files import BENCHMARK_GROUPS, write_benchmark

    name = "NSS23 detailed spreadsheets benchmarking group results.xlsx"
    con = built(tmp_path, write_benchmark, name)
    audit = con.execute("SELECT adapter, rows_read, rows_loaded, rows_rejected, message FROM load_audit").fetchall()
    assert [a[:4] for a in audit] == [("staff_survey_benchmark", 4, 0, 4)]
    assert "organisation-type (benchmarking group) results, not loaded" in audit[0][4]
    rejects = con.execute("SELECT source_file, reason FROM rejects ORDER BY line_number").fetchall()
    assert len(rejects) == len(BENCHMARK_GROUPS)
    for (source, reason), group in zip(rejects, BENCHMARK_GROUPS, strict=True):
        assert source.endswith(name) and reason.startswith(f"{name}: NHS Staff Survey organisation-type results")
        assert f"'{group}'" in reason and "not organisations" in reason and "could not be confirmed" in reason
    assert con.execute("SELECT count(*) FROM staff_survey").fetchone() == (0,)
