"""Synthetic demo extracts: every file the pipelines load, made up from a seed.

The repo never holds real personal data, so the demo warehouse is built from these files.
At scale 1 they are Greater Manchester sized (about 120,000 staff, a million
patient-experience rows, the Census 2021 population of the 10 localities) and they carry
the inequalities the dashboard exists to show: BME and disabled staff thinning out from
band 7 upwards, WRES/WDES relative likelihoods away from 1, worse patient experience for
some groups and in the more deprived localities, large "not stated" shares. With
``messy=True`` they also carry a small share of the faults real extracts arrive with, so
the loader has work to do; README_SYNTHETIC.txt lists exactly what was injected.

Everything is drawn from numpy ``Generator(PCG64)`` streams derived from the seed, so a
seed and scale always give byte-identical files. Large tables are generated and written
in chunks (a snapshot, a financial year, a locality-year), so memory stays bounded as the
scale grows. Every identifier starts "SYN-" so the data is visibly synthetic.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipelines import extracts as ex
from pipelines import reference as ref

Progress = Callable[[str, float], None]

STAFF_AT_SCALE_1 = 120_000  # headcount at the latest snapshot
PATIENT_ROWS_AT_SCALE_1 = 1_000_000
VOICES_AT_SCALE_1 = 300
SNAPSHOT_YEARS = (2021, 2022, 2023, 2024, 2025)  # 31 March; snapshot i closes FY i
FINANCIAL_YEARS = tuple(f"{y - 1}/{y % 100:02d}" for y in SNAPSHOT_YEARS)  # 2020/21..
PATIENT_FY_STARTS = (2022, 2023, 2024)  # responses 2022-04-01 .. 2025-03-31
POPULATION_YEAR = 2021
OUTCOME_IDS = tuple(f"OUT{i}" for i in range(1, 7))
QUESTIONS_PER_RESPONSE = len(ref.PATIENT_QUESTIONS)
QUESTION_ANSWERED = 0.97  # share of respondents answering each question after the first
PATIENT_CHUNK_RESPONSES = 150_000  # responses generated and written at a time

# Independent random streams, so one table's draws never shift another's.
_POPULATION, _WORKFORCE, _EVENTS, _SURVEY, _PATIENTS, _INDICATORS, _VOICES, _FAULTS_RNG = range(8)


def _rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, *stream])))


def _codes(name: str) -> tuple[str, ...]:
    return ref.CHARACTERISTIC_BY_CODE[name].group_codes()


AGE_BANDS = _codes("age_band")  # 16-24 .. 65+, Z, 99
SEXES = _codes("sex")  # F, M, Z, 99
ETHNICITIES = _codes("ethnicity")  # A .. S, Z, 99
DISABILITY = _codes("disability")  # Y, N, Z, 99
ORIENTATIONS = _codes("sexual_orientation")
RELIGIONS = _codes("religion")
GENDER_IDENTITIES = _codes("gender_identity")
MARITAL = _codes("marital_status")
IMD = _codes("imd_quintile")
YES_NO = _codes("carer")  # Y, N, Z, 99 (also refugee_asylum, homeless, migrant_worker)
Z, NK = -2, -1  # positions of "Z" and "99" at the end of every group list
N_STATED_ETHNIC = 16  # A .. S
WHITE_CODES = 3  # A, B, C come first
BANDS = tuple(code for code, _, _ in ref.AFC_BANDS)
STAFF_GROUPS = tuple(ref.STAFF_GROUPS)
LOCALITIES = ref.LOCALITIES
ORGS = ref.ORGANISATIONS
LOC_INDEX = {loc.code: i for i, loc in enumerate(LOCALITIES)}
MINORITY = np.array([loc.minority_ethnic_share for loc in LOCALITIES])
DEPRIVED = np.array([loc.most_deprived_share for loc in LOCALITIES])
RESIDENTS = np.array([loc.population for loc in LOCALITIES], dtype=float)


def _norm(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum(axis=-1, keepdims=True)


def _sample(rng: np.random.Generator, probs, n: int) -> np.ndarray:
    """n draws from one categorical distribution."""
    cdf = np.cumsum(_norm(probs))
    cdf[-1] = 1.0
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)


def _sample_by_group(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One draw per row from the categorical distribution in row `group` of `probs`."""
    n_groups, k = probs.shape
    cdf = np.cumsum(_norm(probs), axis=1)
    cdf[:, -1] = 1.0
    flat = (cdf + np.arange(n_groups)[:, None]).ravel()
    drawn = np.searchsorted(flat, rng.random(len(group)) + group, side="right") - group * k
    return np.clip(drawn, 0, k - 1)


def _with_unknown(stated, not_stated: float = 0.0, not_known: float = 0.0) -> np.ndarray:
    """Stated-group weights scaled to leave `not_stated` (Z) and `not_known` (99) shares."""
    stated = _norm(stated) * (1.0 - not_stated - not_known)
    extra = np.broadcast_to([not_stated, not_known], (*stated.shape[:-1], 2))
    return np.concatenate([stated, extra], axis=-1)


def _integerise(expected: np.ndarray, total: int) -> np.ndarray:
    """Round to integers that sum exactly to `total` (largest remainder)."""
    scaled = expected / expected.sum() * total
    counts = np.floor(scaled).astype(np.int64)
    short = total - counts.sum()
    counts[np.argsort(-(scaled - counts), kind="stable")[:short]] += 1
    return counts


def _fy_start(end_year: int) -> np.datetime64:
    return np.datetime64(f"{end_year - 1}-04-01")


def _days_in_fy(end_year: int) -> int:
    return int((np.datetime64(f"{end_year}-04-01") - _fy_start(end_year)).astype(int))


def _text(labels, index: np.ndarray) -> pa.Array:
    """A string column from code positions: fast, and one dictionary per column."""
    dictionary = pa.array(list(labels), pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(index, pa.int32()), dictionary).dictionary_decode()


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), pa.string()), width, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, pa.scalar(""))


# --------------------------------------------------------------------------------------
# Population (Census 2021-like): the residents every other table is drawn from
# --------------------------------------------------------------------------------------

ESP = ref.ESP_AGE_BANDS
_ENGLAND_AGE_SHARE = np.array(
    [5.4, 5.9, 6.0, 5.6, 5.9, 6.6, 6.9, 6.7, 6.3, 6.3, 6.9, 6.7, 5.8, 5.0, 5.0, 3.6, 2.5, 1.5, 0.9]
)
_YOUNG_ADULT_PROFILE = np.array(
    [0, 0, 0, 0.3, 1.0, 0.9, 0.6, 0.3, 0, -0.1, -0.2, -0.3, -0.35, -0.4, -0.45, -0.5, -0.5, -0.5, -0.5]
)
_CHILD_PROFILE = np.array(
    [1, 1, 0.9, 0.6, 0.2, 0, 0.1, 0.2, 0.1, 0, -0.1, -0.2, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3, -0.3]
)
# (young adults, children) age-structure tilt per locality: Manchester is young.
_AGE_TILT = {
    "E08000001": (0.0, 0.25),
    "E08000002": (-0.05, 0.1),
    "E08000003": (0.75, 0.1),
    "E08000004": (0.05, 0.35),
    "E08000005": (0.0, 0.3),
    "E08000006": (0.35, 0.1),
    "E08000007": (-0.15, 0.0),
    "E08000008": (-0.05, 0.1),
    "E08000009": (-0.05, 0.15),
    "E08000010": (-0.15, 0.0),
}
_FEMALE_SHARE_BY_AGE = np.array(
    [0.488] * 4 + [0.50, 0.505, 0.505, 0.505, 0.505, 0.505, 0.51, 0.51, 0.51, 0.52, 0.525, 0.54, 0.57, 0.62, 0.70]
)
_MINORITY_BY_AGE = np.array(
    [1.45, 1.45, 1.4, 1.3, 1.25, 1.2, 1.15, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.3, 0.3]
)
# Non-White ethnic categories D E F G H J K L M N P R S: rough local mix per locality.
_MINORITY_MIX = {
    "E08000001": (3, 1, 2, 2, 30, 30, 2, 5, 1, 8, 1, 1, 6),
    "E08000002": (4, 2, 3, 3, 6, 50, 3, 6, 2, 7, 1, 3, 10),
    "E08000003": (5, 3, 3, 5, 6, 22, 4, 5, 3, 17, 3, 6, 18),
    "E08000004": (2, 1, 2, 2, 2, 42, 30, 3, 1, 6, 1, 1, 5),
    "E08000005": (3, 1, 2, 2, 3, 55, 10, 4, 1, 8, 1, 2, 8),
    "E08000006": (5, 4, 4, 5, 6, 10, 2, 8, 3, 25, 3, 7, 18),
    "E08000007": (5, 3, 6, 6, 15, 30, 3, 10, 2, 6, 1, 6, 7),
    "E08000008": (4, 2, 4, 4, 18, 20, 30, 6, 2, 4, 1, 2, 5),
    "E08000009": (7, 3, 5, 5, 18, 28, 2, 8, 8, 7, 2, 3, 4),
    "E08000010": (10, 5, 8, 8, 8, 6, 1, 12, 3, 18, 2, 7, 12),
}
_WHITE_OTHER = {"E08000003": 0.10, "E08000006": 0.07, "E08000009": 0.06}  # C share of White
# Religion given ethnic category: none christian buddhist hindu jewish muslim sikh other.
_RELIGION_BY_ETHNICITY = np.array(
    [
        [40, 55, 0.3, 0.1, 1.0, 0.3, 0.0, 0.6],  # A (age-adjusted below)
        [15, 82, 0.3, 0.1, 0.3, 0.3, 0.0, 0.5],  # B
        [30, 60, 0.8, 0.2, 2.0, 4.0, 0.0, 0.8],  # C
        [45, 45, 0.5, 0.2, 0.2, 3.0, 0.1, 1.0],  # D
        [25, 50, 0.3, 0.2, 0.1, 20, 0.1, 1.0],  # E
        [35, 25, 1.0, 4.0, 0.2, 30, 2.0, 1.0],  # F
        [35, 35, 1.0, 2.0, 0.5, 20, 1.0, 2.0],  # G
        [5, 6, 0.5, 55, 0.1, 12, 18, 1.5],  # H
        [1, 0.5, 0.1, 0.2, 0.0, 97, 0.1, 0.3],  # J
        [1, 0.5, 0.1, 0.5, 0.0, 97, 0.0, 0.3],  # K
        [10, 35, 8, 12, 0.1, 28, 3, 2],  # L
        [25, 68, 0.2, 0.1, 0.1, 2, 0.0, 3.0],  # M
        [5, 70, 0.1, 0.1, 0.0, 22, 0.0, 1.0],  # N
        [20, 60, 0.2, 0.1, 0.1, 15, 0.0, 3.0],  # P
        [55, 20, 18, 0.2, 0.0, 1.0, 0.0, 4.0],  # R
        [10, 20, 2, 2, 0.5, 62, 0.5, 3.0],  # S
    ]
)
_JEWISH_BUMP = {"E08000002": 0.06, "E08000006": 0.045, "E08000009": 0.015, "E08000003": 0.01}
# Marital status by ESP age band: single married civil_partnership separated divorced widowed.
_MARITAL_BY_AGE = np.array(
    [[1, 0, 0, 0, 0, 0]] * 3
    + [[0.99, 0.01, 0, 0, 0, 0], [0.93, 0.065, 0.002, 0.002, 0.001, 0]]
    + [[0.72, 0.25, 0.005, 0.01, 0.015, 0.0], [0.50, 0.44, 0.007, 0.02, 0.03, 0.003]]
    + [[0.37, 0.54, 0.007, 0.03, 0.05, 0.003], [0.30, 0.56, 0.007, 0.03, 0.10, 0.003]]
    + [[0.25, 0.56, 0.006, 0.03, 0.15, 0.004], [0.20, 0.56, 0.005, 0.03, 0.19, 0.015]]
    + [[0.16, 0.57, 0.004, 0.025, 0.21, 0.03], [0.12, 0.58, 0.003, 0.02, 0.22, 0.057]]
    + [[0.09, 0.59, 0.002, 0.015, 0.20, 0.10], [0.06, 0.57, 0.002, 0.01, 0.17, 0.19]]
    + [[0.05, 0.51, 0.001, 0.01, 0.13, 0.30], [0.04, 0.42, 0.001, 0.005, 0.09, 0.44]]
    + [[0.04, 0.27, 0.001, 0.005, 0.06, 0.62], [0.04, 0.14, 0.0, 0.0, 0.05, 0.77]]
)
_DISABLED_BY_AGE = np.array(
    [0.04, 0.08, 0.09, 0.10, 0.11, 0.12, 0.12, 0.13, 0.14, 0.16, 0.19, 0.22, 0.25, 0.27, 0.30, 0.36, 0.45, 0.55, 0.65]
)
_CARER_BY_AGE = np.array(
    [0, 0.01, 0.02, 0.03, 0.05, 0.06, 0.07, 0.09, 0.11, 0.13, 0.15, 0.16, 0.15, 0.13, 0.11, 0.09, 0.07, 0.05, 0.03]
)
_PREGNANT_BY_AGE = np.array([0, 0, 0, 0.015, 0.05, 0.09, 0.10, 0.06, 0.015, 0.001] + [0] * 9)
_ASKED_16_PLUS = np.array([0.0, 0.0, 0.0, 0.8] + [1.0] * 15)  # Census asks these of 16+
_TRANS_BY_AGE = np.array([0, 0, 0, 0.012, 0.012, 0.008, 0.006] + [0.004] * 4 + [0.003] * 8)
_GAY_BY_AGE = np.array([0, 0, 0, 0.025, 0.025, 0.025, 0.025, 0.018, 0.018, 0.013, 0.013, 0.01, 0.01] + [0.006] * 6)
_BI_BY_AGE = np.array([0, 0, 0, 0.05, 0.05, 0.025, 0.025, 0.01, 0.01, 0.005, 0.005] + [0.003] * 8)
_URBAN_FACTOR = {"E08000003": 1.8, "E08000006": 1.3, "E08000009": 1.1}  # LGB+ and trans
_REFUGEE_FACTOR = {
    "E08000003": 2.0,
    "E08000006": 1.5,
    "E08000001": 1.3,
    "E08000004": 1.2,
    "E08000005": 1.2,
    "E08000010": 0.5,
    "E08000009": 0.6,
    "E08000007": 0.5,
}
_MIGRANT_FACTOR = {"E08000003": 1.6, "E08000006": 1.3, "E08000009": 1.1, "E08000010": 0.7}
# Patient age bands (16-24 .. 65+) from ESP bands: 15-19 counts 4/5 into 16-24.
_ESP_TO_ADULT = np.zeros((len(ESP), 6))
for _i, _band in enumerate(ESP):
    _lower = int(_band.rstrip("+").split("-")[0])
    if _lower >= 15:
        _ESP_TO_ADULT[_i, min((_lower - 15) // 10 if _lower >= 25 else 0, 5)] = 0.8 if _lower == 15 else 1.0
SCREENING_BANDS = [i for i, b in enumerate(ESP) if 25 <= int(b.rstrip("+").split("-")[0]) < 65]
PREMATURE_BANDS = [i for i, b in enumerate(ESP) if int(b.rstrip("+").split("-")[0]) < 75]


def _imd_shares(most_deprived: float) -> np.ndarray:
    """IMD quintile 1..5 shares for a locality with `most_deprived` in quintile 1."""
    tilt = 4.0 * (0.2 - most_deprived)
    rest = np.exp(tilt * (np.arange(2, 6) - 3.5))
    return np.concatenate([[most_deprived], (1 - most_deprived) * rest / rest.sum()])


@dataclass
class _Population:
    """Residents by locality x ESP age band x sex, with each characteristic's group shares."""

    locality: np.ndarray  # per cell
    age: np.ndarray
    sex: np.ndarray  # 0 F, 1 M
    residents: np.ndarray
    shares: dict[str, np.ndarray] = field(default_factory=dict)  # cells x groups

    def expected(self, characteristic: str) -> np.ndarray:
        return self.residents[:, None] * self.shares[characteristic]


def _ethnicity_shares(loc: np.ndarray, age: np.ndarray, age_share: np.ndarray) -> np.ndarray:
    shares = np.zeros((len(loc), len(ETHNICITIES)))
    for li, locality in enumerate(LOCALITIES):
        weight = (age_share[li] * _MINORITY_BY_AGE).sum()
        rows = loc == li
        minority = np.clip(MINORITY[li] * _MINORITY_BY_AGE[age[rows]] / weight, 0, 0.9)
        white_other = _WHITE_OTHER.get(locality.code, 0.04)
        irish = 0.012 if locality.code == "E08000003" else 0.008
        white = np.array([1 - white_other - irish, irish, white_other])
        shares[rows, :WHITE_CODES] = (1 - minority)[:, None] * white
        shares[rows, WHITE_CODES:N_STATED_ETHNIC] = minority[:, None] * _norm(_MINORITY_MIX[locality.code])[None, :]
    return shares


def _religion_given_ethnicity(age_bands: np.ndarray, locality_code: str) -> np.ndarray:
    """P(religion | ethnic category) for people of the given ESP age bands: (n, 16, 8)."""
    table = np.broadcast_to(_RELIGION_BY_ETHNICITY, (len(age_bands), N_STATED_ETHNIC, 8)).copy()
    lower = np.array([int(ESP[a].rstrip("+").split("-")[0]) for a in age_bands])
    no_religion = np.interp(lower, [0, 30, 55, 90], [0.55, 0.50, 0.28, 0.12])
    for code in (0, 2):  # White British and other White: no religion is an age effect
        table[:, code, 0] = no_religion * 100
        table[:, code, 1] = (1 - no_religion) * 97
        table[:, code, 4] += _JEWISH_BUMP.get(locality_code, 0.002) * 100
    return _norm(table)


def _build_population() -> _Population:
    """Expected residents and group shares: no randomness, so every table agrees on them."""
    n_ages = len(ESP)
    age_share = np.zeros((len(LOCALITIES), n_ages))
    locs, ages, sexes, counts = [], [], [], []
    for li, locality in enumerate(LOCALITIES):
        young, children = _AGE_TILT[locality.code]
        age_share[li] = _norm(_ENGLAND_AGE_SHARE * np.exp(young * _YOUNG_ADULT_PROFILE + children * _CHILD_PROFILE))
        by_sex = np.stack([_FEMALE_SHARE_BY_AGE, 1 - _FEMALE_SHARE_BY_AGE], axis=1)
        expected = (age_share[li][:, None] * by_sex).ravel()
        counts.append(_integerise(expected, locality.population))
        locs.append(np.full(n_ages * 2, li))
        ages.append(np.repeat(np.arange(n_ages), 2))
        sexes.append(np.tile([0, 1], n_ages))
    pop = _Population(np.concatenate(locs), np.concatenate(ages), np.concatenate(sexes), np.concatenate(counts))
    loc, age, female = pop.locality, pop.age, pop.sex == 0
    n = len(loc)
    codes = [LOCALITIES[i].code for i in loc]
    deprivation = DEPRIVED[loc]
    urban = np.array([_URBAN_FACTOR.get(c, 1.0) for c in codes])
    asked = _ASKED_16_PLUS[age]

    sex = np.zeros((n, len(SEXES)))
    sex[np.arange(n), pop.sex] = 1.0
    pop.shares["sex"] = sex
    pop.shares["ethnicity"] = _ethnicity_shares(loc, age, age_share)

    disabled = np.clip(
        1.12 * _DISABLED_BY_AGE[age] * (1 + 0.5 * (deprivation - 0.3)) * np.where(female, 1.08, 0.92),
        0,
        0.9,
    )
    pop.shares["disability"] = _with_unknown(np.stack([disabled, 1 - disabled], axis=1))

    trans = _TRANS_BY_AGE[age] * urban
    identity = _with_unknown(np.stack([1 - trans, trans], axis=1), not_stated=0.06)
    pop.shares["gender_identity"] = _asked_only(identity, asked)

    gay, bi = _GAY_BY_AGE[age] * urban, _BI_BY_AGE[age] * np.sqrt(urban)
    orientation = np.stack([1 - gay - bi - 0.005, gay, bi, np.full(n, 0.003), np.full(n, 0.002)], 1)
    pop.shares["sexual_orientation"] = _asked_only(_with_unknown(orientation, 0.075), asked)

    marital = _MARITAL_BY_AGE[age]
    pop.shares["marital_status"] = _with_unknown(marital / marital.sum(1, keepdims=True))

    pregnant = np.where(female, _PREGNANT_BY_AGE[age], 0.0)
    pop.shares["pregnancy"] = _with_unknown(np.stack([pregnant, 1 - pregnant], axis=1))

    religion = np.zeros((n, len(RELIGIONS)))
    for li, locality in enumerate(LOCALITIES):
        rows = np.flatnonzero(loc == li)
        given = _religion_given_ethnicity(age[rows], locality.code)
        eth = pop.shares["ethnicity"][rows, :N_STATED_ETHNIC]
        religion[rows] = _with_unknown(np.einsum("ne,ner->nr", eth, given), not_stated=0.065)
    pop.shares["religion"] = religion

    imd = np.array([_imd_shares(s) for s in DEPRIVED])[loc]
    pop.shares["imd_quintile"] = _with_unknown(imd)

    carer = 1.1 * _CARER_BY_AGE[age] * np.where(female, 1.25, 0.75) * (1 + 0.3 * (deprivation - 0.3))
    refugee = np.where(age < 4, 0.006, np.where(age < 9, 0.012, np.where(age < 13, 0.006, 0.002)))
    refugee = refugee * np.array([_REFUGEE_FACTOR.get(c, 0.9) for c in codes])
    homeless = np.where(age < 3, 0.004, np.where(age < 13, 0.003, 0.0005))
    homeless = homeless * np.where(loc == LOC_INDEX["E08000003"], 2.5, 0.8)
    migrant = np.where((age >= 4) & (age < 13), 0.05, np.where(age < 3, 0.0, 0.003))
    migrant = migrant * np.array([_MIGRANT_FACTOR.get(c, 1.0) for c in codes])
    for name, p in (("carer", carer), ("refugee_asylum", refugee), ("homeless", homeless), ("migrant_worker", migrant)):
        pop.shares[name] = _with_unknown(np.stack([p, 1 - p], axis=1))
    return pop


def _asked_only(shares: np.ndarray, asked: np.ndarray) -> np.ndarray:
    """Census asks some questions only of people aged 16+: the rest are "not known"."""
    out = shares * asked[:, None]
    out[:, NK] += 1 - asked
    return out


def _population_table(pop: _Population, seed: int) -> pa.Table:
    """Group counts per cell drawn around the expected shares; groups sum to the cell total."""
    rng = _rng(seed, _POPULATION)
    wanted = [c for c in ref.CHARACTERISTICS if c.code != "age_band" and c.derived_from is None]
    blocks = []
    for order, characteristic in enumerate(wanted):
        shares = pop.shares[characteristic.code]
        counts = rng.multinomial(pop.residents, shares)
        n_cells, k = counts.shape
        blocks.append(
            (
                np.repeat(np.arange(n_cells), k),
                np.full(n_cells * k, order),
                np.tile(np.arange(k), n_cells),
                counts.ravel(),
            )
        )
    cell, char, group, count = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    order_rows = np.lexsort((group, char, cell))
    cell, char, group, count = (
        cell[order_rows],
        char[order_rows],
        group[order_rows],
        count[order_rows],
    )
    group_labels = [wanted[c].group_codes()[g] for c, g in zip(char, group, strict=True)]
    return pa.table(
        {
            "year": pa.array(np.full(len(cell), POPULATION_YEAR), pa.int64()),
            "locality_code": _text([loc.code for loc in LOCALITIES], pop.locality[cell]),
            "age_band": _text(ESP, pop.age[cell]),
            "sex": _text(("F", "M"), pop.sex[cell]),
            "characteristic": _text([c.code for c in wanted], char),
            "group_code": pa.array(group_labels, pa.string()),
            "population": pa.array(count, pa.int64()),
            # synthetic counts, not a published Census table
            "source_table": pa.nulls(len(cell), pa.string()),
            "source_category": pa.nulls(len(cell), pa.string()),
        }
    )


# --------------------------------------------------------------------------------------
# Workforce: one person pool across five snapshots, bands from a latent seniority score
# --------------------------------------------------------------------------------------

_STAFF_GROUP_MIX = {  # nursing medical ahp scientific support_clinical admin estates social_care
    "acute": (0.33, 0.13, 0.07, 0.04, 0.18, 0.18, 0.07, 0.0),
    "mental health": (0.30, 0.06, 0.07, 0.02, 0.25, 0.20, 0.05, 0.05),
    "community": (0.35, 0.03, 0.15, 0.02, 0.20, 0.20, 0.05, 0.0),
    "ambulance": (0.02, 0.0, 0.25, 0.0, 0.45, 0.20, 0.08, 0.0),
    "commissioner": (0.08, 0.04, 0.03, 0.02, 0.03, 0.80, 0.0, 0.0),
    "local authority": (0.0, 0.0, 0.02, 0.0, 0.02, 0.16, 0.05, 0.75),
}
_BAND_MIX = {  # staff group -> {band: share}; thresholds on the latent score come from these
    "nursing": {"2": .03, "3": .04, "4": .03, "5": .38, "6": .30, "7": .15, "8a": .045,
                "8b": .02, "8c": .008, "8d": .004, "9": .001, "VSM": .0005},
    "medical": {"M_TRAIN": .45, "M_NCG": .15, "M_CONS": .40},
    "ahp": {"3": .03, "4": .05, "5": .25, "6": .35, "7": .22, "8a": .06, "8b": .025,
            "8c": .008, "8d": .004, "9": .001},
    "scientific": {"2": .05, "3": .12, "4": .10, "5": .15, "6": .20, "7": .22, "8a": .09,
                   "8b": .04, "8c": .02, "8d": .008, "9": .002},
    "support_clinical": {"1": .01, "2": .30, "3": .45, "4": .20, "5": .03, "6": .01},
    "admin": {"1": .01, "2": .20, "3": .30, "4": .20, "5": .10, "6": .07, "7": .06, "8a": .03,
              "8b": .015, "8c": .008, "8d": .005, "9": .002, "VSM": .002},
    "estates": {"1": .08, "2": .50, "3": .20, "4": .10, "5": .06, "6": .03, "7": .02,
                "8a": .007, "8b": .003},
    "social_care": {"2": .15, "3": .40, "4": .15, "5": .10, "6": .08, "7": .06, "8a": .03,
                    "8b": .015, "8c": .008, "8d": .004, "9": .002, "VSM": .001},
}  # fmt: skip
_FEMALE_BY_GROUP = np.array([0.89, 0.50, 0.82, 0.62, 0.80, 0.80, 0.40, 0.82])
_BME_BY_GROUP = np.array([1.3, 2.2, 0.9, 1.1, 1.0, 0.8, 1.0, 1.2])  # x locality-based rate
_STAFF_MINORITY_MIX = np.array(
    [  # D E F G H J K L M N P R S
        [4, 2, 3, 3, 14, 16, 4, 14, 5, 20, 3, 3, 9],  # all staff groups but medical
        [2, 1, 3, 2, 30, 22, 5, 10, 2, 12, 1, 2, 8],  # medical and dental
    ]
)
_STAFF_AGE = {
    "existing": (0.08, 0.24, 0.25, 0.24, 0.17, 0.02),
    "joiner": (0.20, 0.36, 0.22, 0.14, 0.07, 0.01),
}
_AGE_LOWER = np.array([18, 25, 35, 45, 55, 65])
_AGE_WIDTH = np.array([7, 10, 10, 10, 10, 5])
_FOOTPRINTS = {  # organisations that serve more than their home locality
    "R0A": {"E08000003": 0.85, "E08000009": 0.15},
    "RM3": {"E08000006": 0.40, "E08000004": 0.25, "E08000005": 0.20, "E08000002": 0.15},
    "RXV": {"E08000003": 0.30, "E08000006": 0.25, "E08000001": 0.20, "E08000009": 0.10, "E08000010": 0.15},
    "RT2": {"E08000008": 0.30, "E08000007": 0.20, "E08000004": 0.20, "E08000005": 0.15, "E08000002": 0.15},
    "RY2": {"E08000010": 0.75, "E08000001": 0.25},
}
TURNOVER = 0.10
CHUNK_ROWS = 400_000  # people per piece of a snapshot; bounds memory at any scale
BME_BAND_PENALTY = (0.55, 0.06)  # latent penalty in 2021, and its fall per year (improving)
DISABLED_BAND_PENALTY = 0.30  # constant: the disability gap stagnates
# Board seats: (executive, voting, staff group); small organisations have the first ten.
_BOARD_SEATS = (
    (False, True, "admin"),
    (False, True, "admin"),
    (False, True, "admin"),
    (False, True, "admin"),
    (True, True, "admin"),
    (True, True, "admin"),
    (True, True, "medical"),
    (True, True, "nursing"),
    (True, True, "admin"),
    (True, False, "admin"),
    (False, True, "admin"),
    (False, True, "admin"),
    (True, False, "admin"),
)


def _footprint(org: ref.Organisation) -> np.ndarray:
    if org.code in _FOOTPRINTS:
        weights = np.zeros(len(LOCALITIES))
        for code, share in _FOOTPRINTS[org.code].items():
            weights[LOC_INDEX[code]] = share
        return weights
    if org.kind in ("ambulance", "commissioner"):
        weights = RESIDENTS / RESIDENTS.sum()
        weights = 0.5 * weights
        weights[LOC_INDEX[org.locality_code]] += 0.5
        return weights
    weights = 0.04 * RESIDENTS / RESIDENTS.sum()
    weights[LOC_INDEX[org.locality_code]] += 0.96
    return weights


@dataclass
class _People:
    """Person-level attributes; recorded values at a snapshot come from `_Workforce.recorded`."""

    start: np.ndarray  # first snapshot present
    end: np.ndarray  # first snapshot no longer present
    org: np.ndarray
    locality: np.ndarray
    staff_group: np.ndarray
    age0: np.ndarray  # age at the first snapshot (joiners: extrapolated back)
    female: np.ndarray
    ethnicity: np.ndarray
    disability: np.ndarray  # final recorded value, once declared
    orientation: np.ndarray
    religion: np.ndarray
    identity: np.ndarray
    marital: np.ndarray
    reveal: np.ndarray  # years after joining before self-service details are recorded
    seniority: np.ndarray  # latent score; bands are thresholds on it
    board: np.ndarray  # board seat index, -1 for everyone else

    @staticmethod
    def concat(parts: list[_People]) -> _People:
        """One pool, stored compactly (codes as int16) so large scales fit in memory."""

        def compact(values: np.ndarray) -> np.ndarray:
            if values.dtype.kind == "f":
                return values.astype(np.float32)
            return values if values.dtype == bool else values.astype(np.int16)

        return _People(*(compact(np.concatenate([getattr(p, f) for p in parts])) for f in _PEOPLE_FIELDS))


_PEOPLE_FIELDS = tuple(_People.__dataclass_fields__)


def _new_people(rng: np.random.Generator, org: np.ndarray, start: int, joiners: bool, groups=None) -> _People:
    n = len(org)
    kinds = [ORGS[o].kind for o in range(len(ORGS))]
    mix = np.array([_STAFF_GROUP_MIX[k] for k in kinds])
    staff_group = _sample_by_group(rng, mix, org) if groups is None else groups
    footprints = np.array([_footprint(o) for o in ORGS])
    locality = _sample_by_group(rng, footprints, org)
    age_band = _sample(rng, _STAFF_AGE["joiner" if joiners else "existing"], n)
    age_at_start = _AGE_LOWER[age_band] + rng.integers(0, _AGE_WIDTH[age_band])
    medical = staff_group == STAFF_GROUPS.index("medical")
    age_at_start = np.where(medical & (age_at_start < 24), age_at_start + 6, age_at_start)
    female = rng.random(n) < _FEMALE_BY_GROUP[staff_group]

    recruitment = 1 + 0.04 * start  # international recruitment grows the BME share
    p_bme = np.clip((0.04 + 0.55 * MINORITY[locality]) * _BME_BY_GROUP[staff_group] * recruitment, 0, 0.8)
    bme = rng.random(n) < p_bme
    minority_code = WHITE_CODES + _sample_by_group(rng, _STAFF_MINORITY_MIX, medical.astype(int))
    white_code = _sample(rng, [0.86, 0.02, 0.12], n)
    ethnicity = np.where(bme, minority_code, white_code)
    unknown = rng.random(n)
    ethnicity = np.where(unknown < 0.035, len(ETHNICITIES) + Z, ethnicity)
    ethnicity = np.where((unknown >= 0.035) & (unknown < 0.05 - 0.003 * start), len(ETHNICITIES) + NK, ethnicity)

    disability = _sample(rng, [0.045, 0.825, 0.06, 0.07], n)
    orientation = _sample(rng, [0.755, 0.025, 0.015, 0.003, 0.002, 0.09, 0.11], n)
    identity = _sample(rng, [0.40, 0.0015, 0.25, 0.3485], n)
    staff_age_band = np.searchsorted(_AGE_LOWER, age_at_start, side="right") - 1
    marital_by_age = _with_unknown(
        [
            [0.88, 0.10, 0.005, 0.005, 0.01, 0],
            [0.45, 0.48, 0.01, 0.02, 0.04, 0],
            [0.25, 0.60, 0.01, 0.04, 0.10, 0],
            [0.15, 0.60, 0.008, 0.04, 0.18, 0.02],
            [0.10, 0.60, 0.005, 0.03, 0.22, 0.05],
            [0.06, 0.60, 0.003, 0.02, 0.20, 0.11],
        ],
        not_stated=0.05,
        not_known=0.04,
    )
    marital = _sample_by_group(rng, marital_by_age, staff_age_band)
    religion = _staff_religion(rng, ethnicity, age_at_start)
    reveal = np.where(rng.random(n) < 0.8, 0, rng.geometric(0.4, n))

    leave_after = rng.geometric(TURNOVER, n)
    retire_age = rng.uniform(60, 70, n)
    age0 = age_at_start - start
    retire_end = np.ceil(retire_age - age0).astype(int)
    end = np.clip(np.minimum(start + leave_after, retire_end), start + 1, len(SNAPSHOT_YEARS))
    return _People(
        start=np.full(n, start),
        end=end,
        org=org,
        locality=locality,
        staff_group=staff_group,
        age0=age0,
        female=female,
        ethnicity=ethnicity,
        disability=disability,
        orientation=orientation,
        religion=religion,
        identity=identity,
        marital=marital,
        reveal=reveal,
        seniority=rng.standard_normal(n),
        board=np.full(n, -1),
    )


def _new_staff(rng: np.random.Generator, per_org: np.ndarray, start: int, joiners: bool) -> _People:
    """`per_org` new people for each organisation, made in batches to bound memory."""
    org = np.repeat(np.arange(len(ORGS)), per_org)
    batches = range(0, max(len(org), 1), CHUNK_ROWS)  # one (maybe empty) batch at least
    return _People.concat([_new_people(rng, org[i : i + CHUNK_ROWS], start, joiners) for i in batches])


def _staff_religion(rng: np.random.Generator, ethnicity: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Religion follows ethnic category (unknown ethnicity: the White British pattern)."""
    esp_band = np.clip(age // 5, 0, len(ESP) - 1)
    bands = np.unique(esp_band)
    table = _religion_given_ethnicity(bands, "")  # (bands, 16, 8)
    stated_eth = np.where(ethnicity < N_STATED_ETHNIC, ethnicity, 0)
    group = np.searchsorted(bands, esp_band) * N_STATED_ETHNIC + stated_eth
    religion = _sample_by_group(rng, table.reshape(-1, 8), group)
    missing = rng.random(len(age))
    religion = np.where(missing < 0.12, len(RELIGIONS) + Z, religion)
    return np.where((missing >= 0.12) & (missing < 0.20), len(RELIGIONS) + NK, religion)


def _board_people(rng: np.random.Generator) -> _People:
    """Board seats per organisation; appointments become more diverse year by year."""
    parts = []
    for o, org in enumerate(ORGS):
        seats = _BOARD_SEATS if org.relative_size >= 0.03 else _BOARD_SEATS[:10]
        for s, (_, _, group) in enumerate(seats):
            changes = [0] + [t for t in range(1, len(SNAPSHOT_YEARS)) if rng.random() < 0.2]
            for i, start in enumerate(changes):
                end = changes[i + 1] if i + 1 < len(changes) else len(SNAPSHOT_YEARS)
                person = _new_people(
                    rng,
                    np.array([o]),
                    start,
                    joiners=False,
                    groups=np.array([STAFF_GROUPS.index(group)]),
                )
                person.end[:] = end
                person.age0[:] = rng.integers(45, 62) - start
                person.locality[:] = LOC_INDEX[org.locality_code]
                person.female[:] = rng.random() < 0.47
                bme = rng.random() < 0.07 + 0.035 * start
                person.ethnicity[:] = WHITE_CODES + _sample(rng, _STAFF_MINORITY_MIX[0], 1) if bme else 0
                person.disability[:] = 0 if rng.random() < 0.04 else 1
                person.board[:] = s
                parts.append(person)
    return _People.concat(parts)


class _Workforce:
    """Everyone working in GM health and care across the five snapshots."""

    def __init__(self, seed: int, scale: float):
        rng = _rng(seed, _WORKFORCE)
        sizes = _norm([org.relative_size for org in ORGS])
        years = len(SNAPSHOT_YEARS)
        headcount = [STAFF_AT_SCALE_1 * scale * (0.94 + 0.015 * t) for t in range(years)]
        target = np.array([_integerise(sizes, max(1, round(h))) for h in headcount])
        cohorts = [_new_staff(rng, target[0], 0, joiners=False)]
        for t in range(1, years):
            active = np.zeros(len(ORGS), dtype=np.int64)
            for c in cohorts:
                present = (c.start <= t) & (c.end > t)
                active += np.bincount(c.org[present], minlength=len(ORGS))
            needed = np.maximum(target[t] - active, 0)
            cohorts.append(_new_staff(rng, needed, t, joiners=True))
        cohorts.append(_board_people(rng))
        self.people = _People.concat(cohorts)
        self.person_id = _ids("SYN-", np.arange(1, len(self.people.start) + 1), 8)
        self._calibrate_bands()

    def _latent(self, rows: np.ndarray, t: int) -> np.ndarray:
        p = self.people
        age = p.age0[rows] + t
        medical = p.staff_group[rows] == STAFF_GROUPS.index("medical")
        bme = (p.ethnicity[rows] >= WHITE_CODES) & (p.ethnicity[rows] < N_STATED_ETHNIC)
        penalty = BME_BAND_PENALTY[0] - BME_BAND_PENALTY[1] * t
        return (
            p.seniority[rows]
            + np.where(medical, 0.09, 0.035) * (age - 42)
            + 0.08 * (t - p.start[rows])
            - penalty * bme
            - DISABLED_BAND_PENALTY * (p.disability[rows] == 0)
            - 0.12 * p.female[rows]
        )

    def _calibrate_bands(self) -> None:
        """Band thresholds per staff group so the first snapshot has the target band mix."""
        rows = np.flatnonzero((self.people.start == 0) & (self.people.board < 0))
        latent = self._latent(rows, 0)
        self.thresholds = {}
        for g, group in enumerate(STAFF_GROUPS):
            shares = np.array(list(_BAND_MIX[group].values()))
            in_group = latent[self.people.staff_group[rows] == g]
            cumulative = np.cumsum(shares / shares.sum())[:-1]
            cuts = np.quantile(in_group, cumulative) if len(in_group) else np.zeros(len(cumulative))
            self.thresholds[g] = (cuts, np.array([BANDS.index(b) for b in _BAND_MIX[group]]))

    def active(self, t: int) -> np.ndarray:
        """Everyone in snapshot t, ordered by organisation then person."""
        p = self.people
        rows = np.flatnonzero((p.start <= t) & (p.end > t))
        return rows[np.lexsort((rows, p.org[rows]))]

    def pieces(self) -> Iterator[tuple[int, int, np.ndarray]]:
        """(snapshot, piece number, people) in pieces small enough to write in one go."""
        for t in range(len(SNAPSHOT_YEARS)):
            rows = self.active(t)
            for k, start in enumerate(range(0, len(rows), CHUNK_ROWS)):
                yield t, k, rows[start : start + CHUNK_ROWS]

    def piece_count(self) -> int:
        p = self.people
        sizes = [((p.start <= t) & (p.end > t)).sum() for t in range(len(SNAPSHOT_YEARS))]
        return sum(-(-int(n) // CHUNK_ROWS) for n in sizes)

    def band(self, rows: np.ndarray, t: int) -> np.ndarray:
        latent = self._latent(rows, t)
        out = np.full(len(rows), BANDS.index("VSM"))
        groups = self.people.staff_group[rows]
        for g, (cuts, band_index) in self.thresholds.items():
            mine = (groups == g) & (self.people.board[rows] < 0)
            out[mine] = band_index[np.searchsorted(cuts, latent[mine])]
        return out

    def recorded(self, rows: np.ndarray, t: int) -> dict[str, np.ndarray]:
        """Characteristics as ESR holds them at snapshot t (declarations fill in over time)."""
        p = self.people
        declared = (t - p.start[rows]) >= p.reveal[rows]

        def until_declared(values: np.ndarray, n_codes: int) -> np.ndarray:
            stated = values < n_codes + Z
            return np.where(declared | ~stated, values, n_codes + NK)

        age = p.age0[rows] + t
        return {
            "age_band": np.clip(np.searchsorted(_AGE_LOWER, age, side="right") - 1, 0, 5),
            "sex": np.where(p.female[rows], 0, 1),
            "ethnicity": p.ethnicity[rows],
            "disability": until_declared(p.disability[rows], len(DISABILITY)),
            "sexual_orientation": until_declared(p.orientation[rows], len(ORIENTATIONS)),
            "religion": until_declared(p.religion[rows], len(RELIGIONS)),
            "gender_identity": until_declared(p.identity[rows], len(GENDER_IDENTITIES)),
            "marital_status": p.marital[rows],
        }


def _wres(ethnicity: np.ndarray) -> np.ndarray:
    """0 White, 1 BME, 2 unknown (Z or 99)."""
    return np.where(ethnicity < WHITE_CODES, 0, np.where(ethnicity < N_STATED_ETHNIC, 1, 2))


_CHARACTERISTIC_CODES = {
    "age_band": AGE_BANDS,
    "sex": SEXES,
    "ethnicity": ETHNICITIES,
    "disability": DISABILITY,
    "sexual_orientation": ORIENTATIONS,
    "religion": RELIGIONS,
    "gender_identity": GENDER_IDENTITIES,
    "marital_status": MARITAL,
    "imd_quintile": IMD,
    "carer": YES_NO,
}


def _snapshot_tables(workforce: _Workforce) -> Iterator[pa.Table]:
    p = workforce.people
    executive_seat = np.array([seat[0] for seat in _BOARD_SEATS])
    voting_seat = np.array([seat[1] for seat in _BOARD_SEATS])
    for t, _, rows in workforce.pieces():
        year = SNAPSHOT_YEARS[t]
        seat = p.board[rows]
        on_board = seat >= 0
        recorded = workforce.recorded(rows, t)
        columns = {
            "snapshot_date": pa.array(np.full(len(rows), np.datetime64(f"{year}-03-31"))),
            "person_id": workforce.person_id.take(pa.array(rows)),
            "organisation_code": _text([o.code for o in ORGS], p.org[rows]),
            "locality_code": _text([loc.code for loc in LOCALITIES], p.locality[rows]),
            "staff_group": _text(STAFF_GROUPS, p.staff_group[rows]),
            "afc_band": _text(BANDS, workforce.band(rows, t)),
            "board_member": pa.array(on_board),
            "board_voting": pa.array(on_board & voting_seat[np.maximum(seat, 0)]),
            "executive": pa.array(on_board & executive_seat[np.maximum(seat, 0)]),
        }
        for name, values in recorded.items():
            columns[name] = _text(_CHARACTERISTIC_CODES[name], values)
        yield pa.table(columns)


# --------------------------------------------------------------------------------------
# Workforce events: recruitment, disciplinary, capability, training
# --------------------------------------------------------------------------------------

APPOINTED_PER_SHORTLISTED = 0.22
WHITE_APPOINTMENT_ADVANTAGE = 1.55  # stagnant over the five years
NON_DISABLED_APPOINTMENT_ADVANTAGE = 1.12
DISCIPLINARY_RATE, BME_DISCIPLINARY = 0.008, (1.9, 0.12)  # relative likelihood falls per year
CAPABILITY_RATE, DISABLED_CAPABILITY = 0.003, 2.2
TRAINING_RATE, WHITE_TRAINING_ADVANTAGE = 0.45, 1.12


def _bernoulli(rng: np.random.Generator, relative: np.ndarray, mean_rate: float) -> np.ndarray:
    """Events with probability proportional to `relative`, averaging `mean_rate`."""
    p = np.clip(relative * mean_rate / relative.mean(), 0, 0.95) if len(relative) else relative
    return rng.random(len(relative)) < p


def _event_tables(workforce: _Workforce, seed: int) -> Iterator[pa.Table]:
    p = workforce.people
    band_cluster = np.array([_band_cluster(b) for b in BANDS])
    for t, piece, rows in workforce.pieces():
        year = SNAPSHOT_YEARS[t]
        rng = _rng(seed, _EVENTS, t, piece)
        days = _days_in_fy(year)
        band = workforce.band(rows, t)
        rec = workforce.recorded(rows, t)
        wres = _wres(rec["ethnicity"])
        male = rec["sex"] == 1
        disabled = rec["disability"] == 0
        cluster = band_cluster[band]

        disciplinary = np.select([wres == 1, wres == 2], [BME_DISCIPLINARY[0] - BME_DISCIPLINARY[1] * t, 1.25], 1.0)
        disciplinary = disciplinary * np.where(male, 1.3, 1.0) * np.where(disabled, 1.2, 1.0)
        disciplinary = disciplinary * np.array([1.3, 1.0, 0.5, 0.6])[cluster]
        capability = np.where(disabled, DISABLED_CAPABILITY, np.where(rec["disability"] == 1, 1, 1.1))
        capability = capability * np.where(wres == 1, 1.2, 1.0)
        training = np.select([wres == 1, wres == 2], [1 / WHITE_TRAINING_ADVANTAGE, 0.9], 1.0)
        training = training * np.where(disabled, 0.95, 1.0) * np.array([0.7, 1.1, 1.2, 1.2])[cluster]

        parts = []
        for event, relative, rate in (
            ("formal_disciplinary", disciplinary, DISCIPLINARY_RATE),
            ("capability", capability, CAPABILITY_RATE),
            ("non_mandatory_training", training, TRAINING_RATE),
        ):
            hit = _bernoulli(rng, relative, rate)
            who = rows[hit]
            parts.append(
                _event_part(
                    event,
                    rng.integers(0, days, len(who)),
                    workforce.person_id.take(pa.array(who)),
                    p.org[who],
                    p.locality[who],
                    band[hit],
                    rec["sex"][hit],
                    rec["ethnicity"][hit],
                    rec["disability"][hit],
                )
            )
        first_applicant = t * 100_000_000 + piece * CHUNK_ROWS + 1
        parts.extend(_recruitment_parts(rng, workforce, rows, band, t, days, first_applicant))
        table = _dated(pa.concat_tables(parts), year)
        yield table.sort_by([("event_date", "ascending"), ("event_type", "ascending"), ("person_ref", "ascending")])


def _band_cluster(band: str) -> int:
    """0 bands 1-4, 1 bands 5-7, 2 8a and above, 3 medical."""
    if band.startswith("M_"):
        return 3
    if band in ("1", "2", "3", "4"):
        return 0
    return 1 if band in ("5", "6", "7") else 2


def _event_part(event, day, person_ref, org, locality, band, sex, ethnicity, disability) -> pa.Table:
    n = len(day)
    return pa.table(
        {
            "event_date": pa.array(np.asarray(day, dtype=np.int64)),
            "event_type": _text(ref.WORKFORCE_EVENT_TYPES, np.full(n, list(ref.WORKFORCE_EVENT_TYPES).index(event))),
            "person_ref": person_ref,
            "organisation_code": _text([o.code for o in ORGS], org),
            "locality_code": _text([loc.code for loc in LOCALITIES], locality),
            "afc_band": _text((*BANDS, None), band),
            "sex": _text(SEXES, sex),
            "ethnicity": _text(ETHNICITIES, ethnicity),
            "disability": _text(DISABILITY, disability),
        }
    )


def _dated(table: pa.Table, year: int) -> pa.Table:
    """Turn day offsets within the financial year into dates."""
    dates = _fy_start(year) + table["event_date"].to_numpy().astype("timedelta64[D]")
    return table.set_column(0, "event_date", pa.array(dates.astype("datetime64[D]")))


def _recruitment_parts(rng, workforce: _Workforce, rows, band, t: int, days: int, first_ref: int) -> list[pa.Table]:
    """Shortlisted applicants for posts like the current ones, some of them appointed."""
    p = workforce.people
    n = round(0.35 * len(rows) * (0.95 + 0.025 * t))
    post = rng.integers(0, len(rows), n)
    org, locality, post_band = p.org[rows[post]], p.locality[rows[post]], band[post]
    post_band = np.where(rng.random(n) < 0.02, len(BANDS), post_band)  # a few have no band
    p_bme = np.clip(0.15 + 0.6 * MINORITY[locality], 0, 0.8)
    u = rng.random(n)
    ethnicity = np.where(
        rng.random(n) < p_bme,
        WHITE_CODES + _sample(rng, _STAFF_MINORITY_MIX[0], n),
        _sample(rng, [0.84, 0.02, 0.14], n),
    )
    ethnicity = np.where(u < 0.02, len(ETHNICITIES) + Z, np.where(u < 0.03, len(ETHNICITIES) + NK, ethnicity))
    sex = _sample(rng, [0.70, 0.29, 0.005, 0.005], n)
    disability = _sample(rng, [0.07, 0.86, 0.04, 0.03], n)
    wres = _wres(ethnicity)

    year_noise = 1 + 0.03 * rng.standard_normal()
    relative = np.select([wres == 0, wres == 1], [WHITE_APPOINTMENT_ADVANTAGE * year_noise, 1.0], 1.2) * np.where(
        disability == 0, 1.0, NON_DISABLED_APPOINTMENT_ADVANTAGE
    )
    appointed = _bernoulli(rng, relative, APPOINTED_PER_SHORTLISTED)
    shortlisted_day = rng.integers(0, days - 45, n)
    person_ref = _ids("APP-SYN-", np.arange(first_ref, first_ref + n), 9)
    shortlisted = _event_part(
        "shortlisted", shortlisted_day, person_ref, org, locality, post_band, sex, ethnicity, disability
    )
    hit = np.flatnonzero(appointed)
    appointed_day = shortlisted_day[hit] + rng.integers(7, 45, len(hit))
    appointed_part = _event_part(
        "appointed",
        appointed_day,
        person_ref.take(pa.array(hit)),
        org[hit],
        locality[hit],
        post_band[hit],
        sex[hit],
        ethnicity[hit],
        disability[hit],
    )
    return [shortlisted, appointed_part]


# --------------------------------------------------------------------------------------
# Staff survey: individual respondents from each snapshot, aggregated by group
# --------------------------------------------------------------------------------------

# question -> (share positive for White non-disabled staff, BME and disabled logit shifts)
_SURVEY_MODEL = {
    "harassment_public": (0.25, 0.15, 0.40),
    "harassment_manager": (0.09, 0.25, 0.60),
    "harassment_colleagues": (0.16, 0.30, 0.55),
    "harassment_reported": (0.46, -0.05, -0.10),  # of those who experienced any
    "career_progression": (0.58, -0.60, -0.45),  # BME gap narrows a little each year
    "discrimination": (0.06, 1.05, 0.80),  # BME gap stagnates, slightly worse
    "pressure_unwell": (0.20, 0.10, 0.50),
    "valued": (0.42, 0.0, -0.35),
    "adjustments": (0.72, -0.10, 0.0),  # asked of disabled staff only
    "engagement": (0.68, 0.05, -0.30),
}
_BAD_OUTCOMES = {
    "harassment_public",
    "harassment_manager",
    "harassment_colleagues",
    "discrimination",
    "pressure_unwell",
}
_YEAR_SHIFT = {
    "valued": (0, -0.15, -0.05, 0.05, 0.08),
    "pressure_unwell": (0.2, 0.05, 0, 0, 0),
    "harassment_public": (0, 0, -0.03, -0.06, -0.08),
}
SURVEY_DISABLED_SHARE = (0.19, 0.012)  # survey-declared disability in 2021, rise per year
_SURVEY_BREAKDOWNS = (
    ("all", ("all",)),
    ("wres_ethnicity", ("white", "bme", "Z")),
    ("disability", ("Y", "N", "Z")),
    ("sex", ("F", "M", "Z")),
)


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


@dataclass
class _Respondents:
    """One survey year's respondents, grouped as the survey (not ESR) records them."""

    org: np.ndarray
    wres: np.ndarray  # 0 white, 1 BME, 2 prefer not to say (Z)
    disability: np.ndarray  # 0 Y, 1 N, 2 Z: self-declared, far more often than in ESR
    sex: np.ndarray  # 0 F, 1 M, 2 Z


def _respondents(workforce: _Workforce, rng, rows, t: int, rate: np.ndarray) -> _Respondents:
    """The staff among `rows` who answer the survey in year t, as the survey groups them."""
    rec = workforce.recorded(rows, t)
    wres = _wres(rec["ethnicity"])
    org = workforce.people.org[rows]
    responds = rng.random(len(rows)) < rate[org] * np.where(wres == 1, 0.9, 1.0)
    n = int(responds.sum())
    wres = wres[responds]
    answered = (wres == 2) & (rng.random(n) < 0.5)  # ESR unknown, but stated in the survey
    wres = np.where(answered, np.where(rng.random(n) < 0.25, 1, 0), wres)
    wres = np.where(rng.random(n) < 0.02, 2, wres)
    declared = SURVEY_DISABLED_SHARE[0] + SURVEY_DISABLED_SHARE[1] * t
    esr_disabled = rec["disability"][responds] == 0
    disabled = np.where(esr_disabled, rng.random(n) < 0.95, rng.random(n) < declared - 0.04)
    disability = np.where(rng.random(n) < 0.025, 2, np.where(disabled, 0, 1))
    sex = np.where(rng.random(n) < 0.015, 2, rec["sex"][responds])
    return _Respondents(org[responds], wres, disability, sex)


def _survey_answers(rng, question: str, t: int, who: _Respondents, culture) -> np.ndarray:
    """Whether each respondent answers `question` the "positive" (counted) way."""
    base, bme_shift, disabled_shift = _SURVEY_MODEL[question]
    if question == "career_progression":
        bme_shift += 0.04 * t
    if question == "discrimination":
        bme_shift += 0.02 * t
    sign = -1.0 if question in _BAD_OUTCOMES else 1.0
    logit = (
        _logit(base)
        + sign * culture[who.org]
        + bme_shift * (who.wres == 1)
        + disabled_shift * (who.disability == 0)
        + _YEAR_SHIFT.get(question, (0,) * len(SNAPSHOT_YEARS))[t]
        + 0.1 * (who.sex == 1)
    )
    return rng.random(len(who.org)) < 1 / (1 + np.exp(-logit))


def _survey_results(rng, t: int, who: _Respondents, culture) -> dict[str, tuple]:
    """question -> (who was asked it, who answered it the counted way)."""
    everyone = np.ones(len(who.org), dtype=bool)
    public, manager, colleagues = (
        _survey_answers(rng, q, t, who, culture)
        for q in ("harassment_public", "harassment_manager", "harassment_colleagues")
    )
    results = {
        "harassment_public": (everyone, public),
        "harassment_manager": (everyone, manager),
        "harassment_colleagues": (everyone, colleagues),
        "harassment_staff": (everyone, manager | colleagues),
        "harassment_reported": (  # asked of those who experienced any
            public | manager | colleagues,
            _survey_answers(rng, "harassment_reported", t, who, culture),
        ),
        "adjustments": (  # asked of disabled staff only
            who.disability == 0,
            _survey_answers(rng, "adjustments", t, who, culture),
        ),
    }
    return {
        q: results.get(q) or (everyone, _survey_answers(rng, q, t, who, culture)) for q in ref.STAFF_SURVEY_QUESTIONS
    }


def _survey_table(workforce: _Workforce, seed: int) -> pa.Table:
    """Individual answers from each year's staff, counted by organisation and group."""
    rng = _rng(seed, _SURVEY)
    n_orgs, n_years = len(ORGS), len(SNAPSHOT_YEARS)
    culture = rng.normal(0, 0.15, n_orgs)
    response_rate = rng.uniform(0.38, 0.54, n_orgs) + rng.normal(0, 0.02, (n_years, n_orgs))
    response_rate = np.clip(response_rate, 0.2, 0.8)
    questions = list(ref.STAFF_SURVEY_QUESTIONS)
    counts: dict[tuple[int, int, int], np.ndarray] = {}  # (year, question, breakdown) -> counts
    for t, piece, rows in workforce.pieces():
        piece_rng = _rng(seed, _SURVEY, t, piece)
        who = _respondents(workforce, piece_rng, rows, t, response_rate[t])
        grouping = (np.zeros(len(who.org), int), who.wres, who.disability, who.sex)
        for q, (asked, positive) in enumerate(_survey_results(piece_rng, t, who, culture).values()):
            for b, (_, groups) in enumerate(_SURVEY_BREAKDOWNS):
                key = who.org * len(groups) + grouping[b]
                size = n_orgs * len(groups)
                tally = counts.setdefault((t, q, b), np.zeros((2, size), dtype=np.int64))
                tally[0] += np.bincount(key[asked], minlength=size)
                tally[1] += np.bincount(key[asked & positive], minlength=size)
    names = ("year", "org", "question", "characteristic", "group", "respondents", "positive")
    out: dict[str, list] = {k: [] for k in names}
    for (t, q, b), (respondents, positives) in counts.items():
        characteristic, groups = _SURVEY_BREAKDOWNS[b]
        keep = np.flatnonzero(respondents > 0)
        out["year"].append(np.full(len(keep), SNAPSHOT_YEARS[t]))
        out["org"].append(keep // len(groups))
        out["question"].append(np.full(len(keep), q))
        out["characteristic"].append(np.full(len(keep), characteristic, dtype=object))
        out["group"].append(np.array(groups, dtype=object)[keep % len(groups)])
        out["respondents"].append(respondents[keep])
        out["positive"].append(positives[keep])
    cols = {k: np.concatenate(v) for k, v in out.items()}
    order = np.lexsort((cols["question"], cols["org"], cols["year"]))  # stable: groups in order
    cols = {k: v[order] for k, v in cols.items()}
    return pa.table(
        {
            "survey_year": pa.array(cols["year"], pa.int64()),
            "organisation_code": _text([o.code for o in ORGS], cols["org"]),
            "question_code": _text(questions, cols["question"]),
            "characteristic": pa.array(cols["characteristic"], pa.string()),
            "group_code": pa.array(cols["group"], pa.string()),
            "respondents": pa.array(cols["respondents"], pa.int64()),
            "positive": pa.array(cols["positive"], pa.int64()),
            # counted from (synthetic) answers: no published rate, nothing derived or suppressed
            **{c: pa.nulls(len(order), pa.string()) for c in _SURVEY_PUBLISHED_COLUMNS},
        }
    )


_SURVEY_PUBLISHED_COLUMNS = ("published_rate", "positive_derived", "suppressed", "weighted", "source_question")


# --------------------------------------------------------------------------------------
# Patient experience: respondents drawn from each locality's residents
# --------------------------------------------------------------------------------------

_PATIENT_AGE_PROPENSITY = np.array([0.6, 0.8, 0.9, 1.0, 1.2, 1.4])  # older people respond more
_WORK_STREAM_MIX = {  # share of responses, effect on experience
    "population_health": (0.12, 0.05),
    "community_care": (0.22, 0.15),
    "acute_specialist": (0.30, 0.0),
    "clinical_support": (0.08, -0.10),
    "commissioning": (0.05, -0.30),
    "social_prescribing": (0.10, 0.30),
    "person_centred": (0.13, 0.20),
}
_QUESTION_BASE = {
    "overall_experience": 0.5,
    "treated_dignity": 0.9,
    "involved_decisions": 0.3,
    "needs_understood": 0.2,
    "easy_access": -0.5,
    "confidence_trust": 0.6,
}
_ETHNICITY_EFFECT = np.array(
    [
        0,
        0,
        -0.1,
        -0.15,
        -0.15,
        -0.15,
        -0.15,
        -0.1,
        -0.25,
        -0.3,
        -0.2,
        -0.25,
        -0.3,
        -0.25,
        -0.2,
        -0.3,
    ]
)
_AGE_EFFECT = np.array([-0.25, -0.15, -0.05, 0.0, 0.1, 0.25])
_IMD_EFFECT = np.array([-0.25, -0.12, 0.0, 0.05, 0.1])
_ANSWER_CUTS = np.array([-2.6, -1.8, -1.0, 1.0])  # latent score -> answers 1..5; 4-5 positive
_PATIENT_MISSING = {  # characteristic -> (share not stated Z, share not known 99) in 2022/23
    "age_band": (0.0, 0.02),
    "sex": (0.01, 0.01),
    "ethnicity": (0.04, 0.06),
    "disability": (0.04, 0.08),
    "sexual_orientation": (0.12, 0.15),
    "religion": (0.10, 0.12),
    "gender_identity": (0.08, 0.25),
    "imd_quintile": (0.0, 0.015),
    "carer": (0.05, 0.10),
}
_ADULT_REPRESENTATIVE_ESP = np.array([4, 6, 8, 10, 12, 15])  # for religion by age


@dataclass
class _PatientModel:
    age: np.ndarray  # localities x 6
    ethnicity: np.ndarray  # localities x 6 x 16
    religion: np.ndarray  # localities x (6*16) x 8
    imd: np.ndarray  # localities x 5


def _patient_model(pop: _Population) -> _PatientModel:
    n_loc = len(LOCALITIES)
    age = np.zeros((n_loc, 6))
    ethnicity = np.zeros((n_loc, 6, N_STATED_ETHNIC))
    religion = np.zeros((n_loc, 6 * N_STATED_ETHNIC, 8))
    eth_expected = pop.expected("ethnicity")[:, :N_STATED_ETHNIC]
    for li, locality in enumerate(LOCALITIES):
        cells = pop.locality == li
        by_esp = np.zeros((len(ESP), N_STATED_ETHNIC))
        np.add.at(by_esp, pop.age[cells], eth_expected[cells])
        adult = _ESP_TO_ADULT.T @ by_esp  # 6 x 16
        age[li] = _norm(adult.sum(1) * _PATIENT_AGE_PROPENSITY)
        adult[:, WHITE_CODES:] *= 0.85  # minority groups respond a little less
        ethnicity[li] = _norm(adult)
        table = _religion_given_ethnicity(_ADULT_REPRESENTATIVE_ESP, locality.code)
        religion[li] = table.reshape(-1, 8)
    imd = np.array([_imd_shares(s) for s in DEPRIVED])
    return _PatientModel(age, ethnicity, religion, imd)


@dataclass(frozen=True)
class _PatientChunk:
    """Responses from one locality in one financial year, or a piece of them."""

    year: int  # index into PATIENT_FY_STARTS
    locality: int
    responses_in_year: int  # in this locality and year, across all pieces
    start: int  # this piece: responses [start, stop) of the year's, in date order
    stop: int
    first_id: int  # response number of the year's first response


def _patient_chunks(scale: float) -> list[_PatientChunk]:
    rows_per_response = 1 + (QUESTIONS_PER_RESPONSE - 1) * QUESTION_ANSWERED
    total = round(PATIENT_ROWS_AT_SCALE_1 * scale / rows_per_response)
    total = max(len(PATIENT_FY_STARTS) * len(LOCALITIES), total)
    counts = _integerise(np.outer([0.31, 0.33, 0.36], RESIDENTS).ravel(), total)
    first = np.concatenate([[1], 1 + np.cumsum(counts)[:-1]])
    return [
        _PatientChunk(
            i // len(LOCALITIES),
            i % len(LOCALITIES),
            int(n),
            start,
            min(start + PATIENT_CHUNK_RESPONSES, int(n)),
            int(f),
        )
        for i, (n, f) in enumerate(zip(counts, first, strict=True))
        for start in range(0, int(n), PATIENT_CHUNK_RESPONSES)
    ]


def _patient_table(model: _PatientModel, seed: int, chunk: _PatientChunk) -> pa.Table:
    f, li = chunk.year, chunk.locality
    fy_end = PATIENT_FY_STARTS[f] + 1
    days_rng = _rng(seed, _PATIENTS, f, li)  # every piece sees the same sorted dates
    day = np.sort(days_rng.integers(0, _days_in_fy(fy_end), chunk.responses_in_year))
    day = day[chunk.start : chunk.stop]
    n = len(day)
    rng = _rng(seed, _PATIENTS, f, li, chunk.start + 1)
    streams = list(_WORK_STREAM_MIX)
    work_stream = _sample(rng, [v[0] for v in _WORK_STREAM_MIX.values()], n)
    age = _sample(rng, model.age[li], n)
    sex = _sample(rng, [0.57, 0.43], n)
    ethnicity = _sample_by_group(rng, model.ethnicity[li], age)
    religion = _sample_by_group(rng, model.religion[li], age * N_STATED_ETHNIC + ethnicity)
    deprivation = DEPRIVED[li]
    disabled = rng.random(n) < np.array([0.12, 0.15, 0.18, 0.24, 0.32, 0.42])[age] * (1 + 0.5 * (deprivation - 0.3))
    urban = _URBAN_FACTOR.get(LOCALITIES[li].code, 1.0)
    gay = np.array([0.03, 0.03, 0.02, 0.015, 0.01, 0.006])[age] * urban
    bi = np.array([0.05, 0.025, 0.01, 0.005, 0.003, 0.003])[age] * np.sqrt(urban)
    u = rng.random(n)
    orientation = np.select([u < gay, u < gay + bi, u < gay + bi + 0.003, u < gay + bi + 0.005], [1, 2, 3, 4], 0)
    trans = rng.random(n) < np.array([0.012, 0.008, 0.005, 0.004, 0.003, 0.002])[age] * urban
    imd = _sample(rng, model.imd[li], n)
    carer = rng.random(n) < np.array([0.05, 0.08, 0.12, 0.17, 0.17, 0.12])[age]

    stream_effect = np.array([effect for _, effect in _WORK_STREAM_MIX.values()])
    experience = (
        _AGE_EFFECT[age]
        + _ETHNICITY_EFFECT[ethnicity]
        - 0.4 * disabled
        - 0.6 * trans
        - 0.25 * carer
        + _IMD_EFFECT[imd]
        - 0.15 * (orientation > 0)
        - 1.2 * (deprivation - 0.3)
        + stream_effect[work_stream]
        + rng.normal(0, 0.7, n)  # the person: some people are simply more generous
    )
    beyond_british_irish = ethnicity >= 2  # other White (e.g. recent migrants) and minorities
    answered = rng.random((n, QUESTIONS_PER_RESPONSE)) < QUESTION_ANSWERED
    answered[:, 0] = True
    respondent = np.repeat(np.arange(n), answered.sum(1))
    question = np.nonzero(answered)[1]
    base = np.array(list(_QUESTION_BASE.values()))
    q_access, q_needs = (list(_QUESTION_BASE).index(q) for q in ("easy_access", "needs_understood"))
    latent = (
        base[question]
        + experience[respondent]
        - 0.15 * disabled[respondent] * np.isin(question, (q_access, q_needs))
        - 0.2 * beyond_british_irish[respondent] * (question == q_needs)
        - 0.08 * f * (question == q_access)
        + rng.logistic(0, 1, len(question))
    )
    answer = 1 + (latent[:, None] > _ANSWER_CUTS).sum(axis=1)

    completeness = 1 - 0.1 * f  # "not stated" shrinks a little each year
    stated = {
        "age_band": age,
        "sex": sex,
        "ethnicity": ethnicity,
        "disability": np.where(disabled, 0, 1),
        "sexual_orientation": orientation,
        "religion": religion,
        "gender_identity": trans.astype(int),
        "imd_quintile": imd,
        "carer": np.where(carer, 0, 1),
    }
    columns: dict[str, pa.Array] = {
        "response_id": _ids("SYN-R", chunk.first_id + chunk.start + np.arange(n), 9).take(pa.array(respondent)),
        "response_date": pa.array(
            (np.datetime64(f"{PATIENT_FY_STARTS[f]}-04-01") + day[respondent]).astype("datetime64[D]")
        ),
        "locality_code": _text([LOCALITIES[li].code], np.zeros(len(respondent), int)),
        "work_stream": _text(streams, work_stream[respondent]),
        "question_code": _text(ref.PATIENT_QUESTIONS, question),
        "answer": pa.array(answer, pa.int64()),
    }
    for name, values in stated.items():
        codes = _CHARACTERISTIC_CODES[name]
        not_stated, not_known = (share * completeness for share in _PATIENT_MISSING[name])
        u = rng.random(n)
        values = np.where(u < not_stated + not_known, len(codes) + NK, values)
        values = np.where(u < not_stated, len(codes) + Z, values)
        columns[name] = _text(codes, values[respondent])
    return pa.table(columns)


# --------------------------------------------------------------------------------------
# Other indicators: generic long format, localities plus GM as their sum
# --------------------------------------------------------------------------------------

_DEATHS_PER_100K = np.array([80, 8, 10, 25, 40, 50, 70, 100, 150, 230, 350, 520, 800, 1200, 1900])
_HOUSEHOLD_SIZE = np.array([2.3, 2.5, 3.0, 2.6, 2.6])
_HOMELESS_RELATIVE = np.array([0.85, 1.8, 0.9, 2.8, 2.0])


class _IndicatorRows:
    """Rows of the long format: each addition is one value per locality, plus GM as their sum."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = {c.name: [] for c in ex.OTHER_INDICATORS.columns}

    def add(self, indicator, period, breakdown, group, numerator, denominator) -> None:
        areas = [loc.code for loc in LOCALITIES] + [ref.GM_CODE]
        numerators = [*numerator.tolist(), int(numerator.sum())]
        denominators = [*denominator.tolist(), int(denominator.sum())]
        for area, num, den in zip(areas, numerators, denominators, strict=True):
            row = (indicator, period, area, breakdown, group, num, den)
            for values, value in zip(self.columns.values(), row, strict=True):
                values.append(value)

    def add_groups(self, indicator, period, breakdown, numerator, denominator) -> None:
        """The "all" row and one row per group (columns of numerator and denominator)."""
        self.add(indicator, period, "all", "all", numerator.sum(1), denominator.sum(1))
        codes = ref.CHARACTERISTIC_BY_CODE[breakdown].group_codes()
        for g in range(numerator.shape[1]):
            self.add(indicator, period, breakdown, codes[g], numerator[:, g], denominator[:, g])

    def table(self) -> pa.Table:
        counts = ("numerator", "denominator")
        return pa.table({k: pa.array(v, pa.int64() if k in counts else pa.string()) for k, v in self.columns.items()})


def _indicator_table(pop: _Population, seed: int) -> pa.Table:
    """Premature mortality by ESP age band (for standardised rates), homelessness by ethnic
    group, social prescribing and cervical screening by IMD quintile, five financial years."""
    rng = _rng(seed, _INDICATORS)
    n_loc = len(LOCALITIES)
    residents = np.zeros((n_loc, len(ESP)))
    np.add.at(residents, (pop.locality, pop.age), pop.residents)
    female = pop.sex == 0
    women = np.zeros((n_loc, len(ESP)))
    np.add.at(women, (pop.locality[female], pop.age[female]), pop.residents[female])
    ethnic_groups = tuple(ref.ONS_ETHNIC_GROUPS)  # white mixed asian black other
    by_group = np.zeros((n_loc, len(ethnic_groups)))
    expected = pop.expected("ethnicity")
    for e, (_, group, _) in enumerate(list(ref.ETHNIC_CATEGORIES.values())[:N_STATED_ETHNIC]):
        np.add.at(by_group[:, ethnic_groups.index(group)], pop.locality, expected[:, e])
    imd = np.array([_imd_shares(s) for s in DEPRIVED])
    deprivation = DEPRIVED[:, None]
    maturity = rng.uniform(0.7, 1.3, (n_loc, 1))  # social prescribing is newer in some places
    screening_jitter = rng.normal(0, 0.01, (n_loc, 1))

    rows = _IndicatorRows()
    for f, period in enumerate(FINANCIAL_YEARS):
        growth = 1 + 0.006 * (f - 1)
        people = np.round(residents * growth).astype(np.int64)

        covid = (1.15, 1.05, 1.03, 1.0, 0.98)[f]
        death_rate = _DEATHS_PER_100K / 1e5 * (1 + 1.5 * (deprivation - 0.25)) * covid
        at_risk = people[:, PREMATURE_BANDS]
        deaths = rng.poisson(death_rate * at_risk)
        for b, band in enumerate(PREMATURE_BANDS):
            rows.add("premature_mortality", period, "age_esp", ESP[band], deaths[:, b], at_risk[:, b])

        households = np.round(by_group * growth / _HOUSEHOLD_SIZE).astype(np.int64)
        trend = (1.0, 1.05, 1.12, 1.2, 1.28)[f]
        rate = 0.009 * (1 + 1.5 * (deprivation - 0.3)) * trend * _HOMELESS_RELATIVE
        accepted = rng.poisson(rate * households)
        ethnicity_not_recorded = rng.poisson(0.08 * accepted.sum(1))
        all_accepted = accepted.sum(1) + ethnicity_not_recorded
        rows.add("homelessness_acceptances", period, "all", "all", all_accepted, households.sum(1))
        for g, group in enumerate(ethnic_groups):
            rows.add("homelessness_acceptances", period, "ethnic_group", group, accepted[:, g], households[:, g])

        by_quintile = np.stack([_integerise(imd[i], int(n)) for i, n in enumerate(people.sum(1))])
        uptake = (0.55, 0.8, 1.0, 1.15, 1.3)[f]
        rate = 0.016 * uptake * np.array([1.5, 1.2, 1.0, 0.8, 0.65]) * maturity
        referrals = rng.binomial(by_quintile, np.clip(rate, 0, 1))
        rows.add_groups("social_prescribing_referrals", period, "imd_quintile", referrals, by_quintile)

        eligible = np.round(women[:, SCREENING_BANDS].sum(1) * growth).astype(np.int64)
        eligible = np.stack([_integerise(imd[i], int(n)) for i, n in enumerate(eligible)])
        drift = (1.0, 0.99, 0.985, 0.98, 0.975)[f]
        coverage = np.array([0.62, 0.66, 0.70, 0.73, 0.76]) * drift + screening_jitter
        screened = rng.binomial(eligible, np.clip(coverage, 0, 1))
        rows.add_groups("cervical_screening_coverage", period, "imd_quintile", screened, eligible)
    return rows.table()


# --------------------------------------------------------------------------------------
# Voices: consented quotes assembled from templates
# --------------------------------------------------------------------------------------

_THEME_OUTCOME = {  # outcome each theme most often evidences (config/framework.yaml OUT1..OUT6)
    "access": "OUT2",
    "trust": "OUT1",
    "communication": "OUT2",
    "involvement": "OUT1",
    "discrimination": "OUT1",
    "workforce": "OUT5",
    "cost_of_living": "OUT3",
}
_THEME_STREAMS = {
    "access": ("acute_specialist", "community_care", "population_health", "clinical_support"),
    "communication": ("acute_specialist", "community_care", "clinical_support"),
    "discrimination": ("acute_specialist", "community_care", "commissioning", "person_centred"),
    "involvement": ("person_centred", "commissioning", "social_prescribing"),
    "cost_of_living": ("social_prescribing", "population_health", "person_centred"),
    "workforce": ("workforce",),
    "trust": ("acute_specialist", "community_care", "population_health", "person_centred"),
}
_SLOTS = {
    "service": (
        "the GP surgery",
        "the hospital",
        "the mental health team",
        "the community nurses",
        "adult social care",
        "the walk-in centre",
        "the maternity unit",
        "the pharmacy",
        "the memory clinic",
        "the physio service",
    ),
    "wait": ("three weeks", "two months", "six hours", "nearly a year", "five weeks", "ten days"),
    "who": ("my son", "my mum", "my husband", "my daughter", "my dad", "my partner", "my nan"),
    "language": (
        "Urdu",
        "Polish",
        "Arabic",
        "Somali",
        "Bengali",
        "Romanian",
        "Tigrinya",
        "Mandarin",
        "Kurdish",
    ),
    "place": ("the bus", "the car park", "the lift", "the reception desk", "the phone queue"),
}
# (theme, template, (characteristic, group) pairs the speaker may belong to)
_TEMPLATES = (
    (
        "access",
        "I rang {service} at 8am every day for a week and still couldn't get seen.",
        (("all", "all"), ("imd_quintile", "1"), ("carer", "Y")),
    ),
    (
        "access",
        "Getting to {service} means two buses, and with my chair {place} is a nightmare.",
        (("disability", "Y"),),
    ),
    (
        "access",
        "We waited {wait} for {who} to be seen, and by then it had got much worse.",
        (("all", "all"), ("carer", "Y"), ("age_band", "65+")),
    ),
    (
        "access",
        "Without a fixed address I can't register anywhere, so A&E is the only door open to me.",
        (("homeless", "Y"),),
    ),
    (
        "access",
        "Everything is online now. I don't have a smartphone & the library is shut on Mondays.",
        (("age_band", "65+"), ("imd_quintile", "1")),
    ),
    (
        "access",
        'The letter said my appointment was "urgent", but I waited > {wait} and nobody rang.',
        (("all", "all"), ("disability", "Y")),
    ),
    (
        "access",
        "Shift work means I can never make the appointment times {service} offers.",
        (("migrant_worker", "Y"), ("all", "all")),
    ),
    (
        "communication",
        "Nobody offered an interpreter, so {who} had to translate from {language} for me.",
        (("ethnicity", "S"), ("refugee_asylum", "Y"), ("ethnic_group", "asian")),
    ),
    (
        "communication",
        "The letters come in English only; I take them to my neighbour to read in {language}.",
        (("refugee_asylum", "Y"), ("migrant_worker", "Y")),
    ),
    ("communication", "I'm deaf and {service} kept phoning me instead of sending a text.", (("disability", "Y"),)),
    (
        "communication",
        "They explained it once, very fast, and I was too embarrassed to ask again.",
        (("all", "all"), ("age_band", "65+")),
    ),
    (
        "communication",
        "I rated them <3/10 because the receptionist talked over me & my interpreter.",
        (("ethnic_group", "black"), ("refugee_asylum", "Y")),
    ),
    (
        "communication",
        "The easy-read leaflet from {service} was the first thing that made sense to me.",
        (("disability", "Y"),),
    ),
    (
        "discrimination",
        "The nurse assumed I didn't speak English and spoke to {who} instead of me.",
        (("ethnic_group", "asian"), ("ethnicity", "J"), ("ethnicity", "K")),
    ),
    (
        "discrimination",
        "I was misgendered at {service} three times in one visit, even after correcting them.",
        (("gender_identity", "different"),),
    ),
    (
        "discrimination",
        "When I said my partner is a woman, the midwife's tone changed completely.",
        (("sexual_orientation", "gay_lesbian"), ("sexual_orientation", "bisexual")),
    ),
    (
        "discrimination",
        "My pain was not taken seriously. I think it's because I'm Black; my friends say the same.",
        (("ethnic_group", "black"), ("ethnicity", "N"), ("ethnicity", "M")),
    ),
    (
        "discrimination",
        'They wrote "<not known>" for my ethnicity even though I told them twice.',
        (("ethnic_group", "mixed"), ("ethnicity", "D")),
    ),
    (
        "discrimination",
        "Wearing a headscarf, I feel watched the moment I walk into {service}.",
        (("religion", "muslim"), ("sex", "F")),
    ),
    ("discrimination", "Because I'm in a wheelchair they talk to my carer, not to me.", (("disability", "Y"),)),
    (
        "involvement",
        "For once someone asked what matters to me, not just what's wrong with me.",
        (("all", "all"), ("disability", "Y"), ("age_band", "65+")),
    ),
    (
        "involvement",
        "We were 'consulted' after the decision to close the clinic had already been made.",
        (("all", "all"), ("imd_quintile", "1")),
    ),
    (
        "involvement",
        "The social prescriber linked me to a walking group and I've made friends there.",
        (("age_band", "65+"), ("carer", "Y"), ("all", "all")),
    ),
    ("involvement", "As a carer I know {who} best, but nobody at {service} asked for my view.", (("carer", "Y"),)),
    (
        "involvement",
        "Our community group ran the session in {language}, and people finally spoke up.",
        (("ethnic_group", "asian"), ("ethnic_group", "black"), ("refugee_asylum", "Y")),
    ),
    (
        "cost_of_living",
        "Rent & bills went up > 10% this year, so I skip meals to pay for prescriptions.",
        (("imd_quintile", "1"), ("disability", "Y")),
    ),
    (
        "cost_of_living",
        "I can't afford the bus fare to {service}, so I cancel and feel guilty about it.",
        (("imd_quintile", "1"), ("age_band", "16-24")),
    ),
    (
        "cost_of_living",
        "The heating stays off until {who} gets home; the damp is making us both ill.",
        (("imd_quintile", "1"), ("carer", "Y")),
    ),
    (
        "cost_of_living",
        "With no recourse to public funds, one missed shift means we don't eat that week.",
        (("migrant_worker", "Y"), ("refugee_asylum", "Y")),
    ),
    (
        "cost_of_living",
        "Being pregnant and on a zero-hours contract, I'm frightened of every appointment I miss.",
        (("pregnancy", "Y"),),
    ),
    (
        "workforce",
        "I've applied for band 7 posts five times; the job always goes to someone who 'fits in'.",
        (("wres_ethnicity", "bme"), ("ethnic_group", "black")),
    ),
    (
        "workforce",
        "My manager made the adjustments I needed in a week, and I could finally do my job well.",
        (("disability", "Y"),),
    ),
    (
        "workforce",
        "I trained overseas, and in eight years here nobody has talked to me about promotion.",
        (("wres_ethnicity", "bme"), ("migrant_worker", "Y")),
    ),
    (
        "workforce",
        "I reported a racist comment from a colleague and heard nothing back for months.",
        (("wres_ethnicity", "bme"), ("ethnic_group", "asian")),
    ),
    (
        "workforce",
        "I hid my condition at interview because I was scared I wouldn't be shortlisted.",
        (("disability", "Y"),),
    ),
    (
        "trust",
        "After how {who} was treated, I don't trust {service} to listen to us.",
        (("all", "all"), ("ethnic_group", "black")),
    ),
    (
        "trust",
        "The health visitor came back when she said she would. That's rare, and it matters.",
        (("sex", "F"), ("imd_quintile", "1")),
    ),
    (
        "trust",
        "I worry my immigration status will be shared if I go to {service}.",
        (("refugee_asylum", "Y"), ("migrant_worker", "Y")),
    ),
    (
        "trust",
        "The community champion was from my mosque, so I believed what she told me about the jab.",
        (("religion", "muslim"), ("ethnicity", "J")),
    ),
    (
        "trust",
        "I've stopped telling them I'm bisexual; it never leads anywhere good.",
        (("sexual_orientation", "bisexual"),),
    ),
)
_VOICE_START = np.datetime64("2022-04-01")
_VOICE_DAYS = int((np.datetime64("2025-04-01") - _VOICE_START).astype(int))


def _voices_table(seed: int, scale: float) -> pa.Table:
    """Consented quotes, each tagged with where it comes from and what it evidences."""
    rng = _rng(seed, _VOICES)
    n = max(40, round(VOICES_AT_SCALE_1 * scale**0.25))
    every_template_once = rng.permutation(len(_TEMPLATES))
    template = np.concatenate([every_template_once, rng.integers(0, len(_TEMPLATES), n)])[:n]
    out: dict[str, list] = {c.name: [] for c in ex.VOICES.columns}
    for t in template:
        theme, text, speakers = _TEMPLATES[t]
        slots = {k: v[rng.integers(0, len(v))] for k, v in _SLOTS.items()}
        characteristic, group = speakers[rng.integers(0, len(speakers))]
        streams = _THEME_STREAMS[theme]
        in_gm = rng.random() < 0.1
        locality = ref.GM_CODE if in_gm else LOCALITIES[_sample(rng, RESIDENTS, 1)[0]].code
        outcome = _THEME_OUTCOME[theme] if rng.random() < 0.8 else OUTCOME_IDS[rng.integers(0, 6)]
        sentence = text.format(**slots)
        values = (
            "",
            _VOICE_START + np.timedelta64(int(rng.integers(0, _VOICE_DAYS)), "D"),
            locality,
            streams[rng.integers(0, len(streams))],
            outcome,
            characteristic,
            group,
            theme,
            sentence[0].upper() + sentence[1:],
            True,
        )
        for key, value in zip(out, values, strict=True):
            out[key].append(value)
    out["collected_date"] = np.array(out["collected_date"], dtype="datetime64[D]")
    table = pa.table({k: pa.array(v, {"consent": pa.bool_()}.get(k)) for k, v in out.items()})
    table = table.sort_by([("collected_date", "ascending"), ("quote", "ascending")])
    return table.set_column(0, "voice_id", _ids("SYN-V", np.arange(1, n + 1), 5))


# --------------------------------------------------------------------------------------
# Writing: CSV in chunks, with realistic faults when messy
# --------------------------------------------------------------------------------------

FIXABLE_RATE = 0.0025  # rows with a fault the loader should repair (case, label, date format ...)
BAD_RATE = 0.0003  # rows the loader must reject, per kind of fault
DUPLICATE_RATE = 0.0002  # exact copies of rows
RENDER_ROWS = 200_000  # rows turned into CSV text at a time


@dataclass(frozen=True)
class _Faults:
    """What goes wrong in one extract when messy.

    fixable: (kind, column) with kind one of dmy_date, case, label, whitespace, blank.
    bad: (reason, {column: value}, minimum rows) rows the loader must reject.
    """

    headers: dict[str, str] = field(default_factory=dict)  # column -> header as spelled
    bom: bool = False
    fixable: tuple[tuple[str, str], ...] = ()
    bad: tuple[tuple[str, dict[str, str], int], ...] = ()
    short_row_fields: int = 3


_FAULTS = {
    "workforce": _Faults(
        headers={"ethnicity": "Ethnic Category", "organisation_code": "Org Code", "afc_band": "AfC Band"},
        bom=True,
        fixable=(
            ("dmy_date", "snapshot_date"),
            ("case", "locality_code"),
            ("case", "ethnicity"),
            ("case", "afc_band"),
            ("case", "organisation_code"),
            ("label", "locality_code"),
            ("label", "sex"),
            ("label", "staff_group"),
            ("whitespace", "sex"),
            ("whitespace", "ethnicity"),
            ("blank", "disability"),
            ("blank", "religion"),
        ),
        bad=(
            ("unknown ethnicity code", {"ethnicity": "X9"}, 1),
            ("unknown organisation code", {"organisation_code": "RZZ"}, 1),
            ("impossible date", {"snapshot_date": "2023-02-30"}, 1),
            ("voting board member not on the board", {"board_member": "false", "board_voting": "true"}, 1),
            ("not a true/false value", {"executive": "maybe"}, 1),
        ),
    ),
    "workforce_events": _Faults(
        headers={"event_type": "Event Type", "person_ref": "Person Ref"},
        fixable=(
            ("dmy_date", "event_date"),
            ("case", "event_type"),
            ("case", "locality_code"),
            ("label", "sex"),
            ("label", "locality_code"),
            ("whitespace", "ethnicity"),
            ("blank", "disability"),
        ),
        bad=(
            ("unknown event type", {"event_type": "promoted"}, 1),
            ("unknown locality code", {"locality_code": "E08000099"}, 1),
            ("impossible date", {"event_date": "31/13/2022"}, 1),
        ),
    ),
    "staff_survey": _Faults(
        headers={"survey_year": "Survey Year"},
        bom=True,
        fixable=(("case", "organisation_code"), ("case", "question_code"), ("whitespace", "organisation_code")),
        bad=(
            ("negative count", {"respondents": "-3"}, 1),
            ("text in a number column", {"positive": "n/a"}, 1),
            ("positive answers exceed respondents", {"respondents": "4", "positive": "9"}, 1),
            ("unknown question code", {"question_code": "q99_morale"}, 1),
        ),
    ),
    "patient_experience": _Faults(
        headers={"response_date": "Response Date", "locality_code": "Locality"},
        fixable=(
            ("dmy_date", "response_date"),
            ("case", "locality_code"),
            ("case", "ethnicity"),
            ("case", "sex"),
            ("label", "locality_code"),
            ("label", "sex"),
            ("label", "work_stream"),
            ("label", "ethnicity"),
            ("whitespace", "ethnicity"),
            ("whitespace", "work_stream"),
            ("blank", "ethnicity"),
            ("blank", "religion"),
            ("blank", "sexual_orientation"),
            ("blank", "carer"),
        ),
        bad=(
            ("answer out of range", {"answer": "7"}, 1),
            ("text in a number column", {"answer": "five"}, 1),
            ("unknown work stream", {"work_stream": "dentistry"}, 1),
            ("unknown locality code", {"locality_code": "E08000099"}, 1),
            ("impossible date", {"response_date": "2023-02-30"}, 1),
        ),
    ),
    "population": _Faults(
        headers={"population": " Population "},
        fixable=(
            ("case", "locality_code"),
            ("label", "locality_code"),
            ("label", "sex"),
            ("whitespace", "characteristic"),
        ),
        bad=(
            ("negative count", {"population": "-5"}, 1),
            ("text in a number column", {"population": "n/a"}, 1),
            ("unknown age band", {"age_band": "100+"}, 1),
        ),
    ),
    "other_indicators": _Faults(
        headers={"indicator_code": "Indicator"},
        fixable=(("case", "area_code"), ("label", "area_code"), ("whitespace", "group_code")),
        bad=(
            ("negative count", {"numerator": "-1"}, 1),
            ("numerator exceeds denominator", {"numerator": "120", "denominator": "100"}, 1),
            ("unknown area code", {"area_code": "E08000099"}, 1),
        ),
    ),
    "voices": _Faults(
        headers={"quote": "Quote"},
        bom=True,
        fixable=(("dmy_date", "collected_date"), ("label", "locality_code")),
        bad=(
            ("no recorded consent", {"consent": "false"}, 3),
            ("unknown theme", {"theme": "housing"}, 1),
            ("impossible date", {"collected_date": "2024-13-01"}, 1),
        ),
    ),
}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, date) else str(value)


class _ExtractWriter:
    """One extract's CSV: header, chunks, and (when messy) the faults real files carry."""

    def __init__(
        self, path: Path, extract: ex.Extract, faults: _Faults | None, rng: np.random.Generator, quoting: str = "none"
    ):
        self.extract, self.faults, self.rng, self.quoting = extract, faults, rng, quoting
        self.names = [c.name for c in extract.columns]
        self.labels = ex.code_lists()
        self.summary: Counter[str] = Counter()
        self.chunks = 0
        self.file = path.open("wb")
        if faults and faults.bom:
            self.file.write(b"\xef\xbb\xbf")
        header = [faults.headers.get(n, n) if faults else n for n in self.names]
        line = io.StringIO()
        csv.writer(line, lineterminator="\n").writerow(header)
        self.file.write(line.getvalue().encode())

    def write(self, table: pa.Table) -> None:
        if table.column_names != self.names:
            raise ValueError(f"{self.extract.name}: columns {table.column_names} != {self.names}")
        first = self.chunks == 0
        self.chunks += 1
        self.summary["rows generated"] += table.num_rows
        if not self.faults or table.num_rows == 0:
            self._emit(table)
            return
        table, extras = self._spoil(table, first)
        position = 0
        for at, extra in sorted(extras, key=lambda e: e[0]):  # stable: ties keep their order
            self._emit(table.slice(position, at - position))
            position = at
            if isinstance(extra, bytes):
                self.file.write(extra)
            else:
                self._emit(table.slice(extra, 1))  # an exact duplicate of row `extra`
        self._emit(table.slice(position))

    def close(self) -> None:
        self.file.close()

    def _render(self, table: pa.Table) -> pa.Buffer:
        buf = pa.BufferOutputStream()
        options = pacsv.WriteOptions(include_header=False, quoting_style=self.quoting)
        pacsv.write_csv(table, buf, options)
        return buf.getvalue()

    def _emit(self, table: pa.Table) -> None:
        for offset in range(0, table.num_rows, RENDER_ROWS):
            self.file.write(self._render(table.slice(offset, RENDER_ROWS)))

    def _spoil(self, table: pa.Table, first: bool) -> tuple[pa.Table, list[tuple[int, object]]]:
        """Faulty values edited in place; returns the table and lines to insert, as
        (position, raw bytes or the index of a row to repeat)."""
        faults, rng, n = self.faults, self.rng, table.num_rows
        n_fix = rng.binomial(n, FIXABLE_RATE)
        n_bad = [max(minimum if first else 0, rng.binomial(n, BAD_RATE)) for _, _, minimum in faults.bad]
        n_dup = max(2 if first else 0, rng.binomial(n, DUPLICATE_RATE))
        if n_fix + sum(n_bad) + n_dup > n // 2:  # a tiny chunk: keep it mostly clean
            n_fix, n_bad, n_dup = min(n_fix, n // 4), [min(b, 1) for b in n_bad], min(n_dup, 1)
        rows = rng.choice(n, n_fix + sum(n_bad) + n_dup, replace=False)
        edits: dict[str, dict[int, str]] = {}
        kinds = rng.integers(0, len(faults.fixable), n_fix) if faults.fixable else []
        for row, k in zip(rows[:n_fix], kinds, strict=True):
            kind, column = faults.fixable[k]
            kind, value = self._fixable(kind, column, table[column][int(row)].as_py())
            edits.setdefault(column, {})[int(row)] = value
            self.summary[f"fixable: {kind} ({column})"] += 1
        offset = n_fix
        for (reason, values, _), count in zip(faults.bad, n_bad, strict=True):
            for row in rows[offset : offset + count]:
                for column, value in values.items():
                    edits.setdefault(column, {})[int(row)] = value
            self.summary[f"bad: {reason}"] += count
            offset += count
        for column, by_row in edits.items():
            mask = np.zeros(n, dtype=bool)
            mask[list(by_row)] = True
            replacement = pa.array([by_row[r] for r in sorted(by_row)], pa.string())
            text = pc.cast(table[column], pa.string())
            spoiled = pc.replace_with_mask(text, pa.array(mask), replacement)
            table = table.set_column(self.names.index(column), column, spoiled)
        copies = rows[offset:]
        extras: list[tuple[int, object]] = [
            (int(at), int(row)) for at, row in zip(rng.integers(0, n + 1, len(copies)), copies, strict=True)
        ]
        self.summary["duplicate rows"] += len(copies)
        if first:
            at = int(rng.integers(1, n + 1))
            fields = self._render(table.slice(at - 1, 1)).to_pybytes().rstrip(b"\n").split(b",")
            extras.append((at, b"\n"))
            extras.append((at, b",".join(fields[: faults.short_row_fields]) + b"\n"))
            self.summary["blank lines"] += 1
            self.summary["bad: too few columns"] += 1
        return table, extras

    def _fixable(self, kind: str, column: str, value) -> tuple[str, str]:
        """A variant of `value` a careful loader can repair; returns (kind applied, text)."""
        text = _as_text(value)
        if kind == "dmy_date" and isinstance(value, date):
            return kind, value.strftime("%d/%m/%Y")
        if kind == "blank":
            return kind, ""
        if kind == "label":
            codes = self.extract.column(column).codes
            label = self.labels.get(codes or "", {}).get(text)
            if label and label != text and "," not in label:
                return kind, label
            kind = "case"
        if kind == "case" and text.lower() != text.upper():
            return kind, text.lower() if text != text.lower() else text.upper()
        return "whitespace", f" {text}" if len(text) % 2 else f"{text}  "


# --------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------


def _file_name(extract: ex.Extract) -> str:
    return f"{extract.patterns[0]}.csv"


def generate(
    out_dir: Path,
    seed: int = 42,
    scale: float = 1.0,
    messy: bool = True,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Write one synthetic CSV per extract (plus README_SYNTHETIC.txt) into `out_dir`.

    Returns extract name -> path (and "readme"). The same seed and scale always give
    byte-identical files; `scale` multiplies staff and patient rows (population stays
    real-sized); `messy` adds the faults listed in the README for the loader to handle.
    `progress(message, fraction)` is called as work proceeds.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if seed < 0:
        raise ValueError("seed must be zero or positive")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda message, fraction: None)

    report("population and workforce models", 0.0)
    population = _build_population()
    workforce = _Workforce(seed, scale)
    patient_model = _patient_model(population)
    patient_chunks = _patient_chunks(scale)
    pieces = workforce.piece_count()
    # extract -> (share of the work, number of chunks, chunk factory)
    plan: dict[str, tuple[float, int, Callable[[], Iterator[pa.Table]]]] = {
        "workforce": (0.25, pieces, lambda: _snapshot_tables(workforce)),
        "workforce_events": (0.15, pieces, lambda: _event_tables(workforce, seed)),
        "staff_survey": (0.05, 1, lambda: iter([_survey_table(workforce, seed)])),
        "patient_experience": (
            0.42,
            len(patient_chunks),
            lambda: (_patient_table(patient_model, seed, c) for c in patient_chunks),
        ),
        "population": (0.03, 1, lambda: iter([_population_table(population, seed)])),
        "other_indicators": (0.03, 1, lambda: iter([_indicator_table(population, seed)])),
        "voices": (0.02, 1, lambda: iter([_voices_table(seed, scale)])),
    }
    paths: dict[str, Path] = {}
    summaries: dict[str, Counter[str]] = {}
    done = 0.05
    for index, extract in enumerate(ex.EXTRACTS):
        weight, n_chunks, chunks = plan[extract.name]
        path = out_dir / _file_name(extract)
        faults = _FAULTS[extract.name] if messy else None
        quoting = "needed" if extract.name == "voices" else "none"  # free text needs quotes
        writer = _ExtractWriter(path, extract, faults, _rng(seed, _FAULTS_RNG, index), quoting)
        try:
            for k, table in enumerate(chunks()):
                report(f"writing {path.name}", done + weight * k / n_chunks)
                writer.write(table)
        finally:
            writer.close()
        done += weight
        paths[extract.name] = path
        summaries[path.name] = writer.summary
    readme = out_dir / "README_SYNTHETIC.txt"
    readme.write_text(_readme(seed, scale, messy, summaries), encoding="utf-8")
    paths["readme"] = readme
    report("done", 1.0)
    return paths


def _readme(seed: int, scale: float, messy: bool, summaries: dict[str, Counter[str]]) -> str:
    lines = [
        "SYNTHETIC DEMO DATA - NOT REAL PEOPLE",
        "",
        "Every file in this folder was made up by pipelines/generate.py for the Greater",
        "Manchester Equality Outcomes Dashboard demo. No row describes a real person, member",
        "of staff, patient or organisation's actual performance. Identifiers start 'SYN-'.",
        "Patterns (gaps between groups, trends) were put there on purpose to exercise the",
        "dashboard; they are loosely modelled on published national findings, not measured.",
        "",
        f"seed: {seed}   scale: {scale}   messy: {messy}",
        "",
    ]
    names = {_file_name(e): e.name for e in ex.EXTRACTS}
    for file_name, summary in summaries.items():
        data_lines = summary["rows generated"] + summary["duplicate rows"] + summary["bad: too few columns"]
        lines += [file_name, f"  data lines (not counting header and blank lines): {data_lines}"]
        faults = _FAULTS[names[file_name]]
        if messy and faults.bom:
            lines.append("  starts with a UTF-8 byte order mark")
        for column, header in faults.headers.items() if messy else ():
            lines.append(f"  header for {column!r} spelled {header!r}")
        lines += [f"  {key}: {summary[key]}" for key in sorted(summary)]
        lines.append("")
    if messy:
        lines += [
            "'fixable' rows hold one value a careful loader can repair: a dd/mm/yyyy date, a",
            "code in the wrong case or given as its label, stray spaces, or a blank",
            "characteristic (blank means 99, not known). 'bad' rows must be rejected with a",
            "reason. 'duplicate rows' are exact copies of another row in the same file.",
            "Each fault row has exactly one fault; every other row is clean.",
        ]
    return "\n".join(lines) + "\n"
