"""The demo generator writes files the loader's contract accepts, with the patterns the
dashboard exists to show, and is reproducible from its seed."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pipelines import extracts as ex
from pipelines import reference as ref
from pipelines.generate import generate

SCALE = 0.02
PATTERN_SCALE = 0.1  # enough people for the gaps to stand out of the noise
SEED = 7
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BAND_8A_PLUS = {"8a", "8b", "8c", "8d", "9", "VSM"}
BANDS_1_TO_5 = {"1", "2", "3", "4", "5"}
WHITE = {"A", "B", "C"}
UNKNOWN = {"Z", "99"}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("clean"), seed=SEED, scale=SCALE, messy=False)


@pytest.fixture(scope="module")
def larger(tmp_path_factory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("larger"), seed=SEED, scale=PATTERN_SCALE, messy=False)


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("messy"), seed=SEED, scale=SCALE, messy=True)


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def wres(ethnicity: pd.Series) -> pd.Series:
    return ethnicity.map(lambda e: "white" if e in WHITE else "unknown" if e in UNKNOWN else "bme")


def test_same_seed_and_scale_give_identical_bytes(tmp_path, messy):
    again = generate(tmp_path / "again", seed=SEED, scale=SCALE, messy=True)
    other = generate(tmp_path / "other", seed=SEED + 1, scale=SCALE, messy=True)
    for name, path in messy.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    assert other["workforce"].read_bytes() != messy["workforce"].read_bytes()
    assert other["patient_experience"].read_bytes() != messy["patient_experience"].read_bytes()


def test_one_file_per_extract_with_exactly_the_contract_columns(clean):
    for extract in ex.EXTRACTS:
        path = clean[extract.name]
        assert path.name == f"{extract.patterns[0]}.csv"
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert list(read(path).columns) == [c.name for c in extract.columns]
    readme = clean["readme"].read_text()
    assert "SYNTHETIC" in readme and "NOT REAL PEOPLE" in readme


@pytest.mark.parametrize("extract", ex.EXTRACTS, ids=lambda e: e.name)
def test_clean_files_pass_every_contract_rule(clean, extract):
    frame = read(clean[extract.name])
    assert len(frame) > 0
    assert not frame.duplicated().any()
    code_lists = ex.code_lists()
    for column in extract.columns:
        values = frame[column.name]
        assert (values == values.str.strip()).all(), column.name
        if column.nullable:
            values = values[values != ""]
        else:
            assert (values != "").all(), column.name
        if column.type == "code" and column.codes_from:
            lists = frame.loc[values.index, column.codes_from]
            assert all(v in code_lists[c] for v, c in zip(values, lists, strict=True)), column.name
        elif column.type == "code":
            assert set(values) <= set(code_lists[column.codes]), column.name
        elif column.pattern:
            assert values.str.fullmatch(column.pattern).all(), column.name
        elif column.type == "date":
            assert values.str.match(ISO_DATE).all(), column.name
            pd.to_datetime(values, format="%Y-%m-%d")  # raises on an impossible date
        elif column.type == "bool":
            assert set(values) <= {"true", "false"}, column.name
        elif column.type in ("int", "number"):
            numbers = pd.to_numeric(values)
            if column.type == "int":
                assert values.str.fullmatch(r"-?\d+").all(), column.name
            if column.minimum is not None:
                assert (numbers >= column.minimum).all(), column.name
            if column.maximum is not None:
                assert (numbers <= column.maximum).all(), column.name


def test_clean_files_meet_the_cross_column_checks(clean):
    workforce = read(clean["workforce"])
    assert not ((workforce.board_voting == "true") & (workforce.board_member == "false")).any()
    survey = read(clean["staff_survey"])
    assert (survey.positive.astype(int) <= survey.respondents.astype(int)).all()
    indicators = read(clean["other_indicators"])
    assert (indicators.numerator.astype(int) <= indicators.denominator.astype(int)).all()
    assert (read(clean["voices"]).consent == "true").all()


def test_identifiers_are_visibly_synthetic(clean):
    assert read(clean["workforce"]).person_id.str.startswith("SYN-").all()
    assert read(clean["patient_experience"]).response_id.str.startswith("SYN-").all()
    refs = read(clean["workforce_events"]).person_ref
    assert (refs.str.startswith("SYN-") | refs.str.startswith("APP-SYN-")).all()
    assert read(clean["voices"]).voice_id.str.startswith("SYN-").all()


def test_population_is_real_sized_and_every_breakdown_adds_up(clean):
    population = read(clean["population"]).assign(population=lambda f: f.population.astype(int))
    cell = ["locality_code", "age_band", "sex"]
    totals = population.groupby([*cell, "characteristic"]).population.sum()
    assert (totals.groupby(cell).nunique() == 1).all()
    by_locality = population[population.characteristic == "sex"].groupby("locality_code")
    assert by_locality.population.sum().to_dict() == {loc.code: loc.population for loc in ref.LOCALITIES}
    expected = {c.code for c in ref.CHARACTERISTICS if c.code != "age_band" and not c.derived_from}
    assert set(population.characteristic) == expected
    for code in expected:
        groups = set(population[population.characteristic == code].group_code)
        assert groups == set(ref.CHARACTERISTIC_BY_CODE[code].group_codes()), code
    assert set(population.age_band) == set(ref.ESP_AGE_BANDS)


def test_gm_rows_are_the_sum_of_the_localities(clean):
    indicators = read(clean["other_indicators"])
    indicators[["numerator", "denominator"]] = indicators[["numerator", "denominator"]].astype(int)
    key = ["indicator_code", "period", "breakdown", "group_code"]
    is_gm = indicators.area_code == ref.GM_CODE
    localities = indicators[~is_gm].groupby(key)[["numerator", "denominator"]].sum()
    gm = indicators[is_gm].set_index(key)[["numerator", "denominator"]]
    pd.testing.assert_frame_equal(gm.sort_index(), localities.sort_index())
    assert indicators[~is_gm].groupby(key).size().eq(len(ref.LOCALITIES)).all()
    assert set(indicators.period) == {"2020/21", "2021/22", "2022/23", "2023/24", "2024/25"}


def test_workforce_has_five_snapshots_with_stable_people(clean):
    workforce = read(clean["workforce"])
    assert sorted(workforce.snapshot_date.unique()) == [f"{y}-03-31" for y in range(2021, 2026)]
    assert not workforce.duplicated(["snapshot_date", "person_id"]).any()
    snapshots_per_person = workforce.groupby("person_id").snapshot_date.nunique()
    assert (snapshots_per_person > 1).mean() > 0.5  # turnover is about 10% a year
    sex = workforce.groupby("person_id").sex.nunique()
    assert (sex == 1).all()


def test_bme_and_disabled_staff_thin_out_in_senior_bands(larger):
    workforce = read(larger["workforce"])
    group = wres(workforce.ethnicity)
    senior = workforce.afc_band.isin(BAND_8A_PLUS)
    junior = workforce.afc_band.isin(BANDS_1_TO_5)
    assert (group[senior] == "bme").mean() < 0.75 * (group[junior] == "bme").mean()
    disabled = workforce.disability == "Y"
    band_7_plus = senior | (workforce.afc_band == "7")  # few disabled staff: a wider net
    assert disabled[band_7_plus].mean() < disabled[junior].mean()
    board = workforce.board_member == "true"
    assert board.sum() > 0 and (group[board] == "bme").mean() < (group == "bme").mean()


def test_wres_relative_likelihoods_point_the_expected_way(larger):
    events = read(larger["workforce_events"])
    events["group"] = wres(events.ethnicity)
    staff_years = wres(read(larger["workforce"]).ethnicity).value_counts()

    def rate(event_type: str, group: str) -> float:
        return ((events.event_type == event_type) & (events.group == group)).sum() / staff_years[group]

    assert rate("formal_disciplinary", "bme") > 1.2 * rate("formal_disciplinary", "white")
    assert rate("non_mandatory_training", "white") > rate("non_mandatory_training", "bme")
    counts = events.groupby(["event_type", "group"]).size()
    appointed = counts["appointed"] / counts["shortlisted"]
    assert appointed["white"] > 1.2 * appointed["bme"]
    assert set(events[events.event_type == "appointed"].person_ref) <= set(
        events[events.event_type == "shortlisted"].person_ref
    )


def test_staff_survey_shows_the_wres_and_wdes_gaps(larger):
    survey = read(larger["staff_survey"])
    survey[["respondents", "positive"]] = survey[["respondents", "positive"]].astype(int)
    totals = survey.groupby(["question_code", "characteristic", "group_code"])[["respondents", "positive"]].sum()
    share = totals.positive / totals.respondents
    for question in ("harassment_staff", "discrimination"):
        assert share[question, "wres_ethnicity", "bme"] > share[question, "wres_ethnicity", "white"]
    progression = share["career_progression", "wres_ethnicity"]
    assert progression["bme"] < progression["white"]
    assert share["valued", "disability", "Y"] < share["valued", "disability", "N"]
    respondents = totals.respondents["valued", "disability"]
    assert respondents["Y"] / respondents.sum() > 0.15  # far above ESR's declared share
    assert (survey.respondents < 10).any()  # small groups for suppression to handle


def test_patient_experience_is_worse_for_the_expected_groups(larger):
    patients = read(larger["patient_experience"])
    positive = patients.answer.astype(int) >= 4
    by = positive.groupby

    assert by(patients.disability).mean()["Y"] < by(patients.disability).mean()["N"]
    assert by(patients.imd_quintile).mean()["1"] < by(patients.imd_quintile).mean()["5"]
    localities = by(patients.locality_code).mean()
    assert localities["E08000003"] < localities["E08000009"]  # Manchester below Trafford
    assert set(patients.work_stream) <= set(ref.WORK_STREAMS) - {"workforce"}
    dates = patients.response_date
    assert dates.min() >= "2022-04-01" and dates.max() <= "2025-03-31"


def test_a_respondent_has_the_same_characteristics_on_every_row(clean):
    patients = read(clean["patient_experience"])
    characteristics = [
        "age_band",
        "sex",
        "ethnicity",
        "disability",
        "sexual_orientation",
        "religion",
        "gender_identity",
        "imd_quintile",
        "carer",
    ]
    assert (patients.groupby("response_id")[characteristics].nunique() == 1).all().all()
    assert not patients.duplicated(["response_id", "question_code"]).any()
    not_stated = patients.sexual_orientation.isin(UNKNOWN).mean()
    assert not_stated > 0.1


def test_voices_exercise_escaping(clean):
    quotes = " ".join(read(clean["voices"]).quote)
    for character in "<>&\"'":
        assert character in quotes


def test_messy_files_carry_the_faults_the_readme_lists(messy, clean):
    readme = messy["readme"].read_text()
    for extract in ex.EXTRACTS:
        path = messy[extract.name]
        text = path.read_bytes().decode("utf-8-sig")
        lines = text.split("\n")[1:-1]  # after the header, before the final newline
        data_lines = [line for line in lines if line != ""]
        reported = re.search(rf"{path.name}\n  data lines \(not counting header and blank lines\): (\d+)", readme)
        assert reported and int(reported.group(1)) == len(data_lines), extract.name
        assert len(lines) - len(data_lines) >= 1  # a blank line
        assert path.read_bytes() != clean[extract.name].read_bytes()
    assert messy["workforce"].read_bytes().startswith(b"\xef\xbb\xbf")
    header = messy["workforce"].read_text(encoding="utf-8-sig").split("\n", 1)[0]
    assert "Ethnic Category" in header
    assert "bad: answer out of range" in readme and "fixable: dmy_date" in readme


def test_messy_files_are_still_mostly_clean(messy):
    frame = read(messy["patient_experience"])
    code_lists = ex.code_lists()
    valid = frame["answer"].isin(list("12345"))
    valid &= frame["Locality"].isin(code_lists["locality"])
    valid &= frame["Response Date"].str.match(ISO_DATE)
    assert 0.99 < valid.mean() < 1.0
    assert frame.duplicated().sum() >= 1
    voices = read(messy["voices"])
    assert (voices.consent == "false").sum() >= 3
