"""Conformed reference data: the codes every extract, mart and page agrees on.

Codes are keys (ONS area codes, NHS ethnic category codes, Agenda for Change bands);
labels are for people. The build writes each list here to a lookup table.
"""

from __future__ import annotations

from dataclasses import dataclass

GM_CODE = "E47000001"
GM_NAME = "Greater Manchester"

NOT_STATED = "Z"
NOT_KNOWN = "99"
UNKNOWN_GROUPS = (NOT_STATED, NOT_KNOWN)


@dataclass(frozen=True)
class Locality:
    code: str
    name: str
    population: int  # Census 2021, rounded
    minority_ethnic_share: float  # share of residents not in a White group, approximate
    most_deprived_share: float  # share of residents in IMD quintile 1, approximate (demo only)
    hex_col: int  # position in the shipped hex map layout
    hex_row: int


LOCALITIES: tuple[Locality, ...] = (
    Locality("E08000001", "Bolton", 296_000, 0.28, 0.36, 1, 0),
    Locality("E08000002", "Bury", 194_000, 0.17, 0.22, 2, 0),
    Locality("E08000003", "Manchester", 552_000, 0.43, 0.50, 2, 2),
    Locality("E08000004", "Oldham", 242_000, 0.30, 0.40, 3, 1),
    Locality("E08000005", "Rochdale", 224_000, 0.25, 0.40, 3, 0),
    Locality("E08000006", "Salford", 271_000, 0.20, 0.38, 1, 2),
    Locality("E08000007", "Stockport", 294_000, 0.13, 0.14, 3, 3),
    Locality("E08000008", "Tameside", 231_000, 0.14, 0.34, 3, 2),
    Locality("E08000009", "Trafford", 235_000, 0.20, 0.10, 1, 3),
    Locality("E08000010", "Wigan", 329_000, 0.05, 0.25, 0, 1),
)
LOCALITY_CODES = tuple(loc.code for loc in LOCALITIES)
LOCALITY_NAMES = {loc.code: loc.name for loc in LOCALITIES}


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    kind: str  # acute, community, mental health, ambulance, commissioner, local authority
    locality_code: str
    relative_size: float  # share of GM NHS staff, for the demo generator


ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation("R0A", "Manchester University NHS FT", "acute", "E08000003", 0.24),
    Organisation("RM3", "Northern Care Alliance NHS FT", "acute", "E08000006", 0.17),
    Organisation("RMC", "Bolton NHS FT", "acute", "E08000001", 0.06),
    Organisation("RRF", "Wrightington, Wigan and Leigh NHS FT", "acute", "E08000010", 0.06),
    Organisation("RWJ", "Stockport NHS FT", "acute", "E08000007", 0.06),
    Organisation("RMP", "Tameside and Glossop Integrated Care NHS FT", "acute", "E08000008", 0.04),
    Organisation("RBV", "The Christie NHS FT", "acute", "E08000003", 0.04),
    Organisation("RXV", "Greater Manchester Mental Health NHS FT", "mental health", "E08000006", 0.07),
    Organisation("RT2", "Pennine Care NHS FT", "mental health", "E08000008", 0.05),
    Organisation("RX7", "North West Ambulance Service (GM)", "ambulance", "E08000003", 0.04),
    Organisation("QOP", "NHS Greater Manchester ICB", "commissioner", "E08000003", 0.02),
    Organisation("RY2", "Bridgewater Community Healthcare NHS FT", "community", "E08000010", 0.03),
    Organisation("LA-TRF", "Trafford Council adult social care", "local authority", "E08000009", 0.04),
    Organisation("LA-BRY", "Bury Council adult social care", "local authority", "E08000002", 0.04),
    Organisation("LA-ROC", "Rochdale Council adult social care", "local authority", "E08000005", 0.04),
    Organisation("LA-OLD", "Oldham Council adult social care", "local authority", "E08000004", 0.01),
)
ORGANISATION_CODES = tuple(org.code for org in ORGANISATIONS)

WORK_STREAMS: dict[str, str] = {
    "population_health": "Population health & prevention",
    "community_care": "Community-based care & support",
    "acute_specialist": "Acute & specialist care",
    "clinical_support": "Clinical support & back office",
    "commissioning": "Commissioning",
    "social_prescribing": "Social prescribing",
    "person_centred": "Person-centred & community approaches",
    "workforce": "Workforce",
}

# NHS Data Dictionary ethnic category: code -> (label, ONS high-level group, WRES group)
ETHNIC_CATEGORIES: dict[str, tuple[str, str, str]] = {
    "A": ("White - British", "white", "white"),
    "B": ("White - Irish", "white", "white"),
    "C": ("White - Any other White background", "white", "white"),
    "D": ("Mixed - White and Black Caribbean", "mixed", "bme"),
    "E": ("Mixed - White and Black African", "mixed", "bme"),
    "F": ("Mixed - White and Asian", "mixed", "bme"),
    "G": ("Mixed - Any other mixed background", "mixed", "bme"),
    "H": ("Asian or Asian British - Indian", "asian", "bme"),
    "J": ("Asian or Asian British - Pakistani", "asian", "bme"),
    "K": ("Asian or Asian British - Bangladeshi", "asian", "bme"),
    "L": ("Asian or Asian British - Any other Asian background", "asian", "bme"),
    "M": ("Black or Black British - Caribbean", "black", "bme"),
    "N": ("Black or Black British - African", "black", "bme"),
    "P": ("Black or Black British - Any other Black background", "black", "bme"),
    "R": ("Other ethnic groups - Chinese", "other", "bme"),
    "S": ("Other ethnic groups - Any other ethnic group", "other", "bme"),
    NOT_STATED: ("Not stated", NOT_STATED, NOT_STATED),
    NOT_KNOWN: ("Not known", NOT_KNOWN, NOT_KNOWN),
}

ONS_ETHNIC_GROUPS: dict[str, str] = {
    "white": "White",
    "mixed": "Mixed or multiple ethnic groups",
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "other": "Other ethnic group",
}
WRES_GROUPS: dict[str, str] = {"white": "White", "bme": "BME"}

_UNKNOWN_LABELS = {NOT_STATED: "Not stated", NOT_KNOWN: "Not known"}


@dataclass(frozen=True)
class Characteristic:
    """A way of grouping people. `groups` are the stated groups in display order;
    every characteristic also has "Not stated" (Z) and "Not known" (99)."""

    code: str
    label: str
    groups: tuple[tuple[str, str], ...]
    protected: bool  # one of the nine Equality Act 2010 protected characteristics
    derived_from: str | None = None  # column of the extracts it is derived from

    def all_groups(self) -> tuple[tuple[str, str], ...]:
        return self.groups + tuple(_UNKNOWN_LABELS.items())

    def group_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.all_groups())


_YES_NO = (("Y", "Yes"), ("N", "No"))

CHARACTERISTICS: tuple[Characteristic, ...] = (
    Characteristic(
        "age_band",
        "Age",
        (
            ("16-24", "16 to 24"),
            ("25-34", "25 to 34"),
            ("35-44", "35 to 44"),
            ("45-54", "45 to 54"),
            ("55-64", "55 to 64"),
            ("65+", "65 and over"),
        ),
        True,
    ),
    Characteristic("sex", "Sex", (("F", "Female"), ("M", "Male")), True),
    Characteristic(
        "ethnicity",
        "Ethnic category",
        tuple((c, v[0]) for c, v in ETHNIC_CATEGORIES.items() if c not in UNKNOWN_GROUPS),
        True,
    ),
    Characteristic(
        "ethnic_group",
        "Ethnic group (ONS)",
        tuple(ONS_ETHNIC_GROUPS.items()),
        True,
        derived_from="ethnicity",
    ),
    Characteristic(
        "wres_ethnicity",
        "Ethnicity (WRES: White / BME)",
        tuple(WRES_GROUPS.items()),
        True,
        derived_from="ethnicity",
    ),
    Characteristic("disability", "Disability", (("Y", "Disabled"), ("N", "Not disabled")), True),
    Characteristic(
        "gender_identity",
        "Gender identity same as sex registered at birth",
        (("same", "Yes, the same"), ("different", "No, different (trans)")),
        True,
    ),
    Characteristic(
        "marital_status",
        "Marriage & civil partnership",
        (
            ("single", "Never married"),
            ("married", "Married"),
            ("civil_partnership", "In a civil partnership"),
            ("separated", "Separated"),
            ("divorced", "Divorced or dissolved"),
            ("widowed", "Widowed"),
        ),
        True,
    ),
    Characteristic(
        "pregnancy",
        "Pregnancy & maternity",
        (("Y", "Pregnant or on maternity leave"), ("N", "Not pregnant")),
        True,
    ),
    Characteristic(
        "religion",
        "Religion or belief",
        (
            ("none", "No religion"),
            ("christian", "Christian"),
            ("buddhist", "Buddhist"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other", "Any other religion"),
        ),
        True,
    ),
    Characteristic(
        "sexual_orientation",
        "Sexual orientation",
        (
            ("heterosexual", "Heterosexual or straight"),
            ("gay_lesbian", "Gay or lesbian"),
            ("bisexual", "Bisexual"),
            ("other", "Other sexual orientation not listed"),
            ("not_sure", "Not sure"),
        ),
        True,
    ),
    Characteristic(
        "imd_quintile",
        "Deprivation (IMD quintile)",
        (
            ("1", "1 - most deprived"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5", "5 - least deprived"),
        ),
        False,
    ),
    Characteristic("carer", "Unpaid carer", _YES_NO, False),
    Characteristic("refugee_asylum", "Refugee or asylum seeker", _YES_NO, False),
    Characteristic("homeless", "Experiencing homelessness", _YES_NO, False),
    Characteristic("migrant_worker", "Migrant worker", _YES_NO, False),
)
CHARACTERISTIC_BY_CODE = {c.code: c for c in CHARACTERISTICS}

# Agenda for Change bands in order, with the WDES cluster; medical grades separate.
AFC_BANDS: tuple[tuple[str, str, str], ...] = (
    ("1", "Band 1", "cluster_1"),
    ("2", "Band 2", "cluster_1"),
    ("3", "Band 3", "cluster_1"),
    ("4", "Band 4", "cluster_1"),
    ("5", "Band 5", "cluster_2"),
    ("6", "Band 6", "cluster_2"),
    ("7", "Band 7", "cluster_2"),
    ("8a", "Band 8a", "cluster_3"),
    ("8b", "Band 8b", "cluster_3"),
    ("8c", "Band 8c", "cluster_4"),
    ("8d", "Band 8d", "cluster_4"),
    ("9", "Band 9", "cluster_4"),
    ("VSM", "Very senior manager", "cluster_4"),
    ("M_CONS", "Medical: consultant", "medical_consultant"),
    ("M_NCG", "Medical: non-consultant career grade", "medical_non_consultant"),
    ("M_TRAIN", "Medical: trainee grade", "medical_trainee"),
)
BAND_CLUSTERS: dict[str, str] = {
    "cluster_1": "Cluster 1 (bands 1-4)",
    "cluster_2": "Cluster 2 (bands 5-7)",
    "cluster_3": "Cluster 3 (bands 8a-8b)",
    "cluster_4": "Cluster 4 (bands 8c-9 and VSM)",
    "medical_consultant": "Medical: consultants",
    "medical_non_consultant": "Medical: non-consultant career grades",
    "medical_trainee": "Medical: trainee grades",
}

STAFF_GROUPS: dict[str, tuple[str, bool]] = {  # code -> (label, clinical)
    "nursing": ("Nursing and midwifery", True),
    "medical": ("Medical and dental", True),
    "ahp": ("Allied health professionals", True),
    "scientific": ("Healthcare scientists", True),
    "support_clinical": ("Support to clinical staff", True),
    "admin": ("Administrative and clerical", False),
    "estates": ("Estates and ancillary", False),
    "social_care": ("Social care", True),
}

WORKFORCE_EVENT_TYPES: dict[str, str] = {
    "shortlisted": "Shortlisted for a post",
    "appointed": "Appointed from shortlisting",
    "formal_disciplinary": "Entered the formal disciplinary process",
    "capability": "Entered the formal capability process",
    "non_mandatory_training": "Accessed non-mandatory training or CPD",
}

# NHS Staff Survey style questions used by WRES 5-8 and WDES 4-9.
STAFF_SURVEY_QUESTIONS: dict[str, str] = {
    "harassment_public": "Experienced harassment, bullying or abuse from patients, relatives or the public",
    "harassment_manager": "Experienced harassment, bullying or abuse from managers",
    "harassment_colleagues": "Experienced harassment, bullying or abuse from other colleagues",
    "harassment_staff": "Experienced harassment, bullying or abuse from staff",
    "harassment_reported": "Reported the last experience of harassment, bullying or abuse",
    "career_progression": "Believe the organisation acts fairly on career progression and promotion",
    "discrimination": "Personally experienced discrimination from a manager or colleagues",
    "pressure_unwell": "Felt pressure from their manager to come to work when not well enough",
    "valued": "Satisfied with the extent the organisation values their work",
    "adjustments": "Employer has made adequate adjustments to enable them to carry out their work",
    "engagement": "Staff engagement (positive on engagement questions)",
}

# Patient-experience questions: answers 1 (very poor) to 5 (very good); 4-5 are positive.
PATIENT_QUESTIONS: dict[str, str] = {
    "overall_experience": "Overall experience of the service",
    "treated_dignity": "Treated with care, dignity and respect",
    "involved_decisions": "Involved as much as wanted in decisions about care",
    "needs_understood": "Felt their needs (language, culture, disability) were understood",
    "easy_access": "Easy to get the care or appointment they needed",
    "confidence_trust": "Had confidence and trust in the staff",
}
POSITIVE_ANSWERS = (4, 5)

# 2013 European Standard Population, 19 five-year age bands (0-4 ... 85-89, 90+).
ESP_AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 90, 5)) + ("90+",)
ESP_2013: tuple[int, ...] = (
    5000,
    5500,
    5500,
    5500,
    6000,
    6000,
    6500,
    7000,
    7000,
    7000,
    7000,
    6500,
    6000,
    5500,
    5000,
    4000,
    2500,
    1500,
    1000,
)
WORKING_AGE_BANDS = ESP_AGE_BANDS[3:13]  # 15-19 ... 60-64
AGE_85_PLUS = "85+"  # a published top band that is not split into 85-89 and 90+ (Census TS007A)

VOICE_THEMES: dict[str, str] = {
    "access": "Access to services",
    "communication": "Communication and language",
    "discrimination": "Discrimination and respect",
    "involvement": "Being involved and listened to",
    "cost_of_living": "Poverty and cost of living",
    "workforce": "Working in health and care",
    "trust": "Trust in services",
}
