"""The Staff Survey reshaper on its own: each GM organisation's published rate lands with its
base, the count is marked derived, suppression stays suppressed, and every other record has a
reason (workbooks in tests/pipelines/adapters/staff_survey_files.py)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from pipelines.adapters.staff_survey import option_key, question_map, survey_rows, survey_year
from tests.pipelines.adapters.staff_survey_files import (
    GM_ORGS,
    SUPPRESSED_ORG,
    made_up_base,
    made_up_shares,
    write_2018,
    write_2021,
)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheets(path, marker):
    """(name, rows above, header, records) of each sheet with the marker cell, as the adapter
    mechanism reads them (blank rows are not records)."""
    book = load_workbook(path, read_only=True, data_only=True)
    for ws in book.worksheets:
        rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        at = next((i for i, r in enumerate(rows) if any(option_key(c) == option_key(marker) for c in r)), None)
        if at is not None:
            records = [r for r in rows[at + 1 :] if any(c.strip() for c in r)]
            yield ws.title, rows[:at], rows[at], records
    book.close()


def read_all(path, marker, layout):
    out = []
    for name, above, header, records in sheets(path, marker):
        year = survey_year([c for r in above for c in r], path.name)
        out.append((name, records, survey_rows(above, header, records, year, layout, sheet=name)))
    return out


def test_the_question_map_covers_every_year_it_claims():
    years = question_map()
    assert sorted(years) == [2018, 2021, 2022, 2023, 2024]
    assert years[2023].for_question("Q14a").code == "harassment_public"
    assert years[2022].for_question("Q30b").code == "adjustments"
    assert years[2018].for_question("Q13a").code == "harassment_public" and not years[2018].weighted


def test_wres6_and_wdes9_are_recorded_as_not_mapped_with_a_reason_never_guessed(tmp_path):
    import yaml

    from pipelines.adapters.staff_survey import QUESTION_MAP
    from pipelines.errors import BuildError

    data = yaml.safe_load(QUESTION_MAP.read_text(encoding="utf-8"))
    assert set(data["not_mapped"]) == {"harassment_staff", "engagement"}
    assert all(isinstance(e["verified"], bool) and e["reason"] and e["source"] for e in data["not_mapped"].values())
    codes = {m.code for year in question_map().values() for m in year.measures.values()}
    assert not codes & {"harassment_staff", "engagement"}
    data["years"][2023]["harassment_staff"] = {"question": "Q14e", "positive": ["Yes"]}
    bad = tmp_path / "map.yaml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(BuildError, match="not_mapped.harassment_staff: also mapped for 2023"):
        question_map(bad)


def test_2021_layout_rates_land_unchanged_with_their_base(tmp_path):
    path = write_2021(tmp_path / "NSS23 detailed spreadsheets organisational results.xlsx")
    results = read_all(path, "ODS code", "2021")
    assert len(results) == 5  # the Notes sheet has no header row
    rows = {}
    for _, records, result in results:
        # every record is loaded (once per mapped question) or rejected with a reason
        loaded_records = set(result.rows["record"])
        rejected = {i for i, _ in result.rejects}
        assert loaded_records | rejected == set(range(len(records))) and not loaded_records & rejected
        assert all(reason for _, reason in result.rejects)
        for row in result.rows.to_dict("records"):
            rows[(row["organisation_code"], row["source_question"])] = row
    assert {code for code, _ in rows} == GM_ORGS
    assert {q for _, q in rows} == {"Q4b", "Q11e", "Q14a", "Q14b", "Q14c", "Q14d", "Q15", "Q16b", "Q31b"}  # not Q13a
    career = rows[("R0A", "Q15")]
    yes = made_up_shares("R0A", "Q15", ("Yes", "No", "Don't know"))[0]
    assert float(career["published_rate"]) == yes  # a single option's percentage, as published
    assert career["question_code"] == "career_progression" and career["weighted"] == "true"
    assert int(career["respondents"]) == made_up_base("R0A", "Q15")
    assert career["positive_derived"] == "true"
    assert float(career["positive"]) == pytest.approx(yes * made_up_base("R0A", "Q15") / 100)
    harassment = rows[("RBV", "Q14a")]
    shares = made_up_shares("RBV", "Q14a", ("Never", "1-2", "3-5", "6-10", "More than 10"))
    assert float(harassment["published_rate"]) == pytest.approx(100 - shares[0])  # at least once
    suppressed = rows[(SUPPRESSED_ORG, "Q14a")]
    assert suppressed["suppressed"] == "true"
    assert suppressed["published_rate"] is None and suppressed["positive"] is None  # never zero
    reasons = [r for _, _, result in results for _, r in result.rejects]
    outside = "organisation outside Greater Manchester: RTX University Hospitals of Morecambe Bay NHS Foundation Trust"
    assert outside in reasons
    assert any(r.startswith("not an organisation's result (All organisations (average))") for r in reasons)


def test_2018_layout_with_trailing_spaces_and_five_header_rows(tmp_path):
    path = write_2018(tmp_path / "ST18 detailed spreadsheets.xlsx")
    results = read_all(path, "Base (number of respondents)", "2018")
    every = [row for _, _, res in results for row in res.rows.to_dict("records")]
    rows = {(r["organisation_code"], r["source_question"]): r for r in every}
    assert {q for _, q in rows} == {"Q5f", "Q13a", "Q13b", "Q13c", "Q13d", "Q14", "Q15b"}
    assert rows[("R0A", "Q15b")]["question_code"] == "discrimination"
    yes = made_up_shares("R0A", "Q14", ("Yes ", "No ", "Don't Know"))[0]
    assert float(rows[("R0A", "Q14")]["published_rate"]) == yes  # "Yes " matched despite its space
    assert rows[("R0A", "Q14")]["weighted"] == "false"
    assert rows[(SUPPRESSED_ORG, "Q13a")]["suppressed"] == "true"  # blank cells: not displayed
    reasons = [r for _, _, res in results for _, r in res.rejects]
    assert any(r.startswith("not an organisation's result") for r in reasons)  # ALL TRUSTS and the %/n row


def test_a_question_whose_text_does_not_match_the_map_is_not_loaded(tmp_path):
    from tests.pipelines.adapters import staff_survey_files as files

    wrong = (
        (
            "HEALTH WELLBEING SAFETY Q15-17",
            (files.Question("Q15", "Have you had an appraisal in the last 12 months?", files.YES_NO_DK),),
        ),
    )
    path = write_2021(tmp_path / "survey.xlsx", sheets=wrong)
    [(_, _, result)] = read_all(path, "ODS code", "2021")
    assert result.rows.empty
    assert any("Q15 is mapped to career_progression for 2023" in n and "career progression" in n for n in result.notes)


def test_a_year_without_a_map_is_rejected_whole(tmp_path):
    path = write_2021(tmp_path / "survey.xlsx", year=2031)
    for _, records, result in read_all(path, "ODS code", "2021"):
        assert result.rows.empty and len(result.rejects) == len(records)
        assert "survey year 2031 has no question map" in result.rejects[0][1]
