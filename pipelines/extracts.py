"""What each extract looks like: its columns, the names real files give them, and the rules
every row must meet. The loader and the demo generator both read these specs, so a file the
generator writes is a file the loader accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipelines import reference as ref
from pipelines import workforce_returns as returns

ColumnType = Literal["text", "code", "int", "number", "date", "bool"]

# What a free-text code (an indicator, outcome or period id) may look like: it starts with a
# letter or digit, so a spreadsheet never reads it as a formula (= + - @), and holds no quotes,
# pipes or control characters.
PLAIN_CODE = r"[A-Za-z0-9][A-Za-z0-9 _./()&,+-]*"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "text"
    required: bool = True  # the column must be present in the file
    nullable: bool = False  # a blank value is allowed
    codes: str | None = None  # name of the code list a "code" column is checked against
    # For a "code" column whose list depends on the row: the column whose code names the list
    # (a group_code is a group of the characteristic named on the same row).
    codes_from: str | None = None
    pattern: str | None = None  # a "text" column's values must match this regular expression
    aliases: tuple[str, ...] = ()  # other headers real extracts use for this column
    minimum: float | None = None
    maximum: float | None = None
    blank_means: str | None = None  # code a blank value stands for (e.g. "99", not known)
    # The value may not lie after the build's date horizon (default: the build date): a date,
    # a year (int), or a period text whose first four digits are the year it starts.
    not_after_horizon: bool = False


@dataclass(frozen=True)
class Extract:
    name: str  # also the fact table the rows load into
    title: str
    patterns: tuple[str, ...]  # lower-case file name prefixes that identify the extract
    columns: tuple[Column, ...]
    checks: tuple[tuple[str, str], ...] = ()  # (SQL condition that must hold, reason if not)
    description: str = ""
    row_grain: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def characteristic_columns(self) -> list[str]:
        """Columns holding a person's characteristics (a blank in them means Not known)."""
        return [c.name for c in self.columns if c.blank_means == ref.NOT_KNOWN]


def _characteristic_columns(*names: str) -> tuple[Column, ...]:
    aliases = {
        "ethnicity": ("ethnic_category", "ethnic_origin", "ethnic_category_code", "ethnic_code"),
        "sex": ("gender", "sex_code"),
        "disability": ("disabled", "disability_flag", "disability_status"),
        "age_band": ("ageband", "age_group"),
        "sexual_orientation": ("sexual_orientation_code", "orientation"),
        "religion": ("religious_belief", "religion_or_belief"),
        "gender_identity": ("trans", "gender_same_as_birth"),
        "marital_status": ("marital", "marriage_civil_partnership"),
        "imd_quintile": ("imd", "deprivation_quintile", "imd_quintile_2019"),
    }
    return tuple(
        Column(n, "code", codes=n, aliases=aliases.get(n, ()), nullable=True, blank_means=ref.NOT_KNOWN) for n in names
    )


WORKFORCE = Extract(
    name="workforce",
    title="Workforce snapshots (ESR-like)",
    patterns=("workforce_snapshot", "workforce_esr", "esr_"),
    row_grain="one row per person per snapshot date",
    columns=(
        Column("snapshot_date", "date", aliases=("as_at", "snapshot", "census_date"), not_after_horizon=True),
        Column("person_id", "text", aliases=("assignment_number", "employee_number", "staff_id")),
        Column("organisation_code", "code", codes="organisation", aliases=("org_code", "organisation", "trust_code")),
        Column("locality_code", "code", codes="locality", aliases=("locality", "la_code", "area_code")),
        Column("staff_group", "code", codes="staff_group", aliases=("staffgroup",)),
        Column("afc_band", "code", codes="band", aliases=("band", "pay_band", "grade")),
        Column("board_member", "bool", aliases=("is_board_member",)),
        Column("board_voting", "bool", aliases=("voting_member",)),
        Column("executive", "bool", aliases=("is_executive",)),
        *_characteristic_columns(
            "age_band",
            "sex",
            "ethnicity",
            "disability",
            "sexual_orientation",
            "religion",
            "gender_identity",
            "marital_status",
        ),
    ),
    checks=(("NOT board_voting OR board_member", "board_voting is true but board_member is false"),),
)

WORKFORCE_EVENTS = Extract(
    name="workforce_events",
    title="Workforce events: recruitment, disciplinary, capability, training",
    patterns=("workforce_events", "recruitment", "workforce_event"),
    row_grain="one row per person per event",
    columns=(
        Column("event_date", "date", aliases=("date", "event_dt"), not_after_horizon=True),
        Column("event_type", "code", codes="event_type", aliases=("event", "type")),
        Column("person_ref", "text", aliases=("person_id", "applicant_id", "staff_id")),
        Column("organisation_code", "code", codes="organisation", aliases=("org_code", "organisation")),
        Column("locality_code", "code", codes="locality", aliases=("locality",)),
        Column("afc_band", "code", codes="band", aliases=("band",), nullable=True),
        *_characteristic_columns("sex", "ethnicity", "disability"),
    ),
)

STAFF_SURVEY = Extract(
    name="staff_survey",
    title="Staff survey results (NHS Staff Survey-like)",
    patterns=("staff_survey", "nhsss"),
    row_grain="one row per survey year, organisation, question and group",
    columns=(
        Column("survey_year", "int", aliases=("year",), minimum=2000, maximum=2100, not_after_horizon=True),
        Column("organisation_code", "code", codes="organisation", aliases=("org_code", "organisation")),
        Column("question_code", "code", codes="staff_question", aliases=("question",)),
        Column("characteristic", "code", codes="survey_characteristic", aliases=("breakdown",)),
        Column("group_code", "code", codes_from="characteristic", aliases=("group",)),
        Column("respondents", "int", minimum=0, aliases=("n", "base"), nullable=True),
        # a count; from a published rate it is rate x base / 100 (not whole, marked derived)
        Column("positive", "number", minimum=0, aliases=("positive_responses", "numerator"), nullable=True),
        Column("published_rate", "number", required=False, nullable=True, minimum=0, maximum=100),
        Column("positive_derived", "bool", required=False, nullable=True),
        Column("suppressed", "bool", required=False, nullable=True),
        Column("weighted", "bool", required=False, nullable=True),
        Column("source_question", "text", required=False, nullable=True, pattern=PLAIN_CODE),
    ),
    checks=(
        ("positive IS NULL OR respondents IS NULL OR positive <= respondents", "positive answers exceed respondents"),
        (
            "coalesce(suppressed, false) OR (respondents IS NOT NULL AND positive IS NOT NULL)",
            "respondents or positive is blank on a row not marked suppressed",
        ),
    ),
    description=(
        "Our own survey extracts give counts; the NHS Staff Survey detailed spreadsheets give a "
        "(weighted) percentage and its base: `published_rate` keeps the percentage as published, "
        "`respondents` the base, and `positive` = rate x base / 100 is marked `positive_derived`. "
        "A result the publisher suppressed (`-`) is a row with `suppressed` true and no numbers."
    ),
)

PATIENT_EXPERIENCE = Extract(
    name="patient_experience",
    title="Patient experience responses (GP Patient Survey / FFT-like)",
    patterns=("patient_experience", "gpps", "fft"),
    row_grain="one row per response and question",
    columns=(
        Column("response_id", "text", aliases=("respondent_id", "response")),
        Column("response_date", "date", aliases=("date", "survey_date"), not_after_horizon=True),
        Column("locality_code", "code", codes="locality", aliases=("locality", "area_code")),
        Column("work_stream", "code", codes="work_stream", aliases=("service", "workstream")),
        Column("question_code", "code", codes="patient_question", aliases=("question",)),
        Column("answer", "int", minimum=1, maximum=5, aliases=("answer_value", "score")),
        *_characteristic_columns(
            "age_band",
            "sex",
            "ethnicity",
            "disability",
            "sexual_orientation",
            "religion",
            "gender_identity",
            "imd_quintile",
            "carer",
        ),
    ),
)

POPULATION = Extract(
    name="population",
    title="Population (Census 2021: topic summaries, or the demo's Census-like counts)",
    patterns=("population", "census"),
    row_grain=(
        "one row per year, locality, age band, sex, characteristic and group (a published table "
        "without an age or sex split leaves that column blank)"
    ),
    description=(
        "A blank `age_band` or `sex` means the source publishes no such split (all ages, all "
        "persons): never an invented value. `source_table` names the published table (e.g. "
        "`TS021`) and `source_category` its category, so each row is one published count; "
        "characteristic `all` (group `all`) holds counts of everyone, e.g. TS007A's age bands."
    ),
    columns=(
        Column("year", "int", minimum=2000, maximum=2100, not_after_horizon=True),
        Column("locality_code", "code", codes="locality", aliases=("area_code", "locality")),
        Column("age_band", "code", codes="population_age_band", aliases=("age",), required=False, nullable=True),
        Column("sex", "code", codes="sex", required=False, nullable=True),
        Column("characteristic", "code", codes="population_characteristic", aliases=("breakdown",)),
        Column("group_code", "code", codes_from="characteristic", aliases=("group",)),
        Column("population", "int", minimum=0, aliases=("count", "persons")),
        Column("source_table", "text", required=False, nullable=True, pattern=PLAIN_CODE),
        Column("source_category", "text", required=False, nullable=True),
    ),
)

OTHER_INDICATORS = Extract(
    name="other_indicators",
    title="Other indicators (generic long format, e.g. Fingertips downloads)",
    patterns=("other_indicators", "indicators", "fingertips"),
    row_grain="one row per indicator, period, area, breakdown and group",
    columns=(
        Column("indicator_code", "text", aliases=("indicator", "indicator_id"), pattern=PLAIN_CODE),
        Column("period", "text", aliases=("time_period", "year"), not_after_horizon=True, pattern=PLAIN_CODE),
        Column("area_code", "code", codes="area", aliases=("locality_code", "area")),
        Column("breakdown", "code", codes="breakdown", aliases=("characteristic",)),
        Column("group_code", "code", codes_from="breakdown", aliases=("group", "category")),
        Column("numerator", "number", minimum=0, aliases=("count",)),
        Column("denominator", "number", minimum=0, aliases=("population", "denom")),
    ),
    checks=(("numerator <= denominator", "numerator exceeds denominator"),),
)

PRACTICE_LOCALITIES = Extract(
    name="practice_localities",
    title="GP practice to locality lookup (supplied by the user)",
    patterns=("practice_localities", "practice_locality"),
    row_grain="one row per GP practice",
    description="Places GP practices of published files (Fingertips GP rows, GP Patient Survey) in a locality.",
    columns=(
        Column(
            "practice_code", "text", aliases=("practice", "ods_code", "org_code", "ad_practicecode"), pattern=PLAIN_CODE
        ),
        Column("locality_code", "code", codes="locality", aliases=("locality", "la_code", "area_code")),
        Column("practice_name", "text", required=False, nullable=True, aliases=("name",)),
    ),
)

PUBLISHED_INDICATORS = Extract(
    name="published_indicators",
    title="Published indicators (values as a publisher issued them, e.g. Fingertips, GP Patient Survey)",
    patterns=("published_indicators",),
    row_grain="one row per source, indicator, period, area, sex, age and category",
    description=(
        "Filled by the adapters in config/adapters/ from files as published; a value is kept as "
        "published (never recomputed in place) and a suppressed one stays suppressed."
    ),
    columns=(
        Column("source", "text", pattern=PLAIN_CODE),
        Column("indicator_code", "text", aliases=("indicator_id",), pattern=PLAIN_CODE),
        Column("indicator_name", "text", required=False, nullable=True),
        Column("period", "text", aliases=("time_period",), not_after_horizon=True, pattern=PLAIN_CODE),
        Column("period_sortable", "int", required=False, nullable=True),
        Column("area_code", "text", pattern=PLAIN_CODE),
        Column("area_name", "text", required=False, nullable=True),
        Column("area_type", "text", required=False, nullable=True),
        Column("parent_code", "text", required=False, nullable=True),
        Column("locality_code", "code", codes="area", required=False, nullable=True),
        Column("sex", "text", required=False, nullable=True),
        Column("age", "text", required=False, nullable=True),
        Column("category_type", "text", required=False, nullable=True),
        Column("category", "text", required=False, nullable=True),
        Column("value", "number", required=False, nullable=True),
        Column("lower_ci_95", "number", required=False, nullable=True),
        Column("upper_ci_95", "number", required=False, nullable=True),
        Column("lower_ci_99_8", "number", required=False, nullable=True),
        Column("upper_ci_99_8", "number", required=False, nullable=True),
        Column("count", "number", required=False, nullable=True, minimum=0),
        Column("denominator", "number", required=False, nullable=True, minimum=0),
        Column("value_note", "text", required=False, nullable=True),
        Column("suppressed", "bool", required=False, nullable=True),
        Column("unit", "text", required=False, nullable=True),
    ),
)

WORKFORCE_RETURNS = Extract(
    name="workforce_returns",
    title="WRES and WDES returns (the template trusts fill in: python -m pipelines template wres-wdes)",
    patterns=("wres_wdes_return", "workforce_returns"),
    row_grain="one row per reporting year, organisation, indicator, measure, staff group, band cluster and group",
    description=(
        "Counts (and the Staff Survey percentages) as a trust reports them for NHS England's WRES and "
        "WDES. A blank value is not reported: it loads blank, never as zero."
    ),
    columns=(
        Column("reporting_year", "int", minimum=2000, maximum=2100, not_after_horizon=True, aliases=("year",)),
        Column("organisation_code", "code", codes="organisation", aliases=("ods_code", "org_code")),
        Column("standard", "code", codes="equality_standard"),
        Column("indicator", "code", codes="return_indicator", aliases=("metric",)),
        Column("measure", "code", codes="return_measure"),
        Column("staff_group", "code", codes="return_staff_group"),
        Column("band_cluster", "code", codes="return_band_cluster", aliases=("cluster",)),
        Column("characteristic", "code", codes="return_characteristic"),
        Column("group_code", "code", codes_from="characteristic", aliases=("group",)),
        Column("value", "number", minimum=0, nullable=True),
        Column("notes", "text", required=False, nullable=True),
    ),
    checks=(
        ("starts_with(indicator, standard)", "indicator is not an indicator of its standard"),
        ("measure <> 'percentage' OR value IS NULL OR value <= 100", "percentage above 100"),
        ("measure <> 'score' OR value IS NULL OR value <= 10", "engagement score above 10"),
        (
            "measure NOT IN ('headcount', 'shortlisted', 'appointed', 'entered_process', 'accessed_training', "
            "'respondents', 'voting_members', 'executive_members') OR value IS NULL OR value = floor(value)",
            "a count of people that is not a whole number",
        ),
    ),
)

VOICES = Extract(
    name="voices",
    title="Voices: consented quotes and themes from engagement work",
    patterns=("voices", "engagement", "quotes"),
    row_grain="one row per consented quote",
    columns=(
        Column("voice_id", "text", aliases=("id", "quote_id")),
        Column("collected_date", "date", aliases=("date",), not_after_horizon=True),
        Column("locality_code", "code", codes="area", aliases=("locality",)),
        Column("work_stream", "code", codes="work_stream", aliases=("workstream",)),
        Column("outcome_id", "text", aliases=("outcome",), pattern=PLAIN_CODE),
        Column("characteristic", "code", codes="breakdown", aliases=("breakdown",)),
        Column("group_code", "code", codes_from="characteristic", aliases=("group",)),
        Column("theme", "code", codes="voice_theme"),
        Column("quote", "text", aliases=("text", "comment")),
        Column("consent", "bool", aliases=("consented",)),
    ),
    checks=(("consent", "no recorded consent to publish this quote"),),
)

EXTRACTS: tuple[Extract, ...] = (
    WORKFORCE,
    WORKFORCE_EVENTS,
    STAFF_SURVEY,
    PATIENT_EXPERIENCE,
    POPULATION,
    OTHER_INDICATORS,
    VOICES,
)
# Extracts only adapters fill from published files (the demo generator writes none of them).
PUBLISHED_EXTRACTS: tuple[Extract, ...] = (PRACTICE_LOCALITIES, PUBLISHED_INDICATORS, WORKFORCE_RETURNS)
ALL_EXTRACTS: tuple[Extract, ...] = EXTRACTS + PUBLISHED_EXTRACTS
EXTRACT_BY_NAME = {e.name: e for e in ALL_EXTRACTS}


def code_lists() -> dict[str, dict[str, str]]:
    """Every code list a "code" column is checked against: code -> label."""
    lists: dict[str, dict[str, str]] = {
        "locality": dict(ref.LOCALITY_NAMES),
        "area": {**ref.LOCALITY_NAMES, ref.GM_CODE: ref.GM_NAME},
        "organisation": {o.code: o.name for o in ref.ORGANISATIONS},
        "work_stream": dict(ref.WORK_STREAMS),
        "staff_group": {k: v[0] for k, v in ref.STAFF_GROUPS.items()},
        "band": {code: label for code, label, _ in ref.AFC_BANDS},
        "event_type": dict(ref.WORKFORCE_EVENT_TYPES),
        "staff_question": dict(ref.STAFF_SURVEY_QUESTIONS),
        "patient_question": dict(ref.PATIENT_QUESTIONS),
        "esp_age_band": {b: b for b in ref.ESP_AGE_BANDS},
        # Census TS007A stops at "85 and over": kept as published, not split into 85-89 and 90+
        "population_age_band": {**{b: b for b in ref.ESP_AGE_BANDS}, ref.AGE_85_PLUS: "85 and over"},
        "characteristic": {c.code: c.label for c in ref.CHARACTERISTICS},
        "population_characteristic": {
            "all": "All residents",
            **{c.code: c.label for c in ref.CHARACTERISTICS},
        },
        "breakdown": {"all": "All people", **{c.code: c.label for c in ref.CHARACTERISTICS}, "age_esp": "Age (5-year)"},
        "survey_characteristic": {
            "all": "All staff",
            "wres_ethnicity": "Ethnicity (WRES)",
            "disability": "Disability",
            "sex": "Sex",
        },
        "voice_theme": dict(ref.VOICE_THEMES),
        **returns.code_lists(),
        # the groups of the breakdowns that are not characteristics (for `codes_from` columns)
        "all": {"all": "All people"},
        "age_esp": {b: b for b in ref.ESP_AGE_BANDS},
    }
    for c in ref.CHARACTERISTICS:
        lists[c.code] = dict(c.all_groups())
    return lists


def describe_markdown() -> str:
    """The extract specifications as Markdown (docs/extracts.md is generated from this)."""
    lines = [
        "# Extracts the build loads",
        "",
        "Generated from `pipelines/extracts.py` by `python -m pipelines extracts > docs/extracts.md`.",
        "A file is recognised by the start of its name (case-insensitive) and may be CSV, Parquet",
        "or Excel. Headers are matched ignoring case, spaces and punctuation, and the aliases",
        "listed are accepted. Codes may be given in any case or as their labels. Dates may be",
        "`yyyy-mm-dd` or `dd/mm/yyyy`. A blank characteristic means Not known (`99`).",
        "",
    ]
    for extract in ALL_EXTRACTS:
        lines += [
            f"## `{extract.name}`: {extract.title}",
            "",
            f"File names starting: {', '.join(f'`{p}`' for p in extract.patterns)}. Grain: {extract.row_grain}.",
            "",
            "| column | type | required | checks | also accepted as |",
            "|---|---|---|---|---|",
        ]
        for c in extract.columns:
            checks = []
            if c.codes:
                checks.append(f"code list `{c.codes}`")
            if c.codes_from:
                checks.append(f"a group of the `{c.codes_from}` on the same row")
            if c.pattern:
                checks.append("a plain code (starts with a letter or digit; letters, digits, spaces, `_./()&,+-`)")
            if c.minimum is not None:
                checks.append(f">= {c.minimum:g}")
            if c.maximum is not None:
                checks.append(f"<= {c.maximum:g}")
            if not c.nullable and c.blank_means is None:
                checks.append("not blank")
            if c.blank_means:
                checks.append(f"blank = `{c.blank_means}`")
            if c.not_after_horizon:
                checks.append("not in the future")
            lines.append(
                f"| `{c.name}` | {c.type} | {'yes' if c.required else 'no'} | {'; '.join(checks)} | "
                f"{', '.join(f'`{a}`' for a in c.aliases)} |"
            )
        for condition, reason in extract.checks:
            lines.append(f'\nRow rule: `{condition}` (rejected as "{reason}").')
        lines.append("")
    return "\n".join(lines)
