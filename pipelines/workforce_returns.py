"""WRES and WDES returns: the template trusts fill in, and what each of its rows means.

NHS England's Workforce Race Equality Standard (WRES, indicators 1-9) and Workforce
Disability Equality Standard (WDES, metrics 1-10) returns are tables of counts (and the Staff
Survey's percentages) by organisation, indicator, group and band cluster. The template is one
long table, a row per organisation x indicator x measure x staff group x band cluster x group,
with the value left blank for the trust to fill in; it loads as filled, through the same
validation, rejects and `load_audit` as every extract (`config/adapters/wres_wdes_return.yaml`).

`python -m pipelines template wres-wdes` writes it as CSV and XLSX (`config/templates/`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import reference as ref

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "config" / "templates"
TEMPLATE_NAME = "wres_wdes_return"
COLUMNS = [
    "reporting_year",
    "organisation_code",
    "standard",
    "indicator",
    "measure",
    "staff_group",
    "band_cluster",
    "characteristic",
    "group",
    "value",
    "notes",
]
WRES_GROUPS = ("White", "BME", "Unknown")
WDES_GROUPS = ("Disabled", "Non-disabled", "Unknown")
AFC_CLUSTERS = ("cluster_1", "cluster_2", "cluster_3", "cluster_4")
MEDICAL = ("medical_consultant", "medical_non_consultant", "medical_trainee")
STAFF_GROUPS = ("clinical", "non_clinical")


@dataclass(frozen=True)
class Indicator:
    standard: str  # WRES or WDES
    indicator: str  # WRES1 ... WDES10
    title: str
    measures: tuple[tuple[str, str], ...]  # (measure, what the value counts)
    staff_groups: tuple[str, ...] = ("all",)
    clusters: tuple[str, ...] = ("all",)


_SURVEY = (("percentage", "% of respondents (NHS Staff Survey, as published)"), ("respondents", "respondents (base)"))
_BOARD = (
    ("voting_members", "voting board members"),
    ("executive_members", "executive board members"),
    ("headcount", "the whole workforce (to compare the board with)"),
)
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "WRES",
        "WRES1",
        "Staff in each AfC band cluster and medical grade, clinical and non-clinical",
        (("headcount", "staff in post at 31 March"),),
        STAFF_GROUPS,
        AFC_CLUSTERS + MEDICAL,
    ),
    Indicator(
        "WRES",
        "WRES2",
        "Appointed from shortlisting",
        (("shortlisted", "applicants shortlisted"), ("appointed", "appointed from shortlisting")),
    ),
    Indicator(
        "WRES",
        "WRES3",
        "Entering the formal disciplinary process (two-year rolling average)",
        (
            ("entered_process", "staff entering the formal disciplinary process"),
            ("headcount", "average workforce over the same two years"),
        ),
    ),
    Indicator(
        "WRES",
        "WRES4",
        "Accessing non-mandatory training and CPD",
        (("accessed_training", "staff accessing non-mandatory training or CPD"), ("headcount", "workforce")),
    ),
    Indicator("WRES", "WRES5", "Harassment, bullying or abuse from patients, relatives or the public", _SURVEY),
    Indicator("WRES", "WRES6", "Harassment, bullying or abuse from staff", _SURVEY),
    Indicator("WRES", "WRES7", "Believe the organisation provides equal opportunities for career progression", _SURVEY),
    Indicator("WRES", "WRES8", "Personally experienced discrimination from a manager or colleagues", _SURVEY),
    Indicator("WRES", "WRES9", "Board membership compared with the workforce", _BOARD, clusters=("board",)),
    Indicator(
        "WDES",
        "WDES1",
        "Staff in each AfC band cluster and medical grade, clinical and non-clinical",
        (("headcount", "staff in post at 31 March"),),
        STAFF_GROUPS,
        AFC_CLUSTERS + MEDICAL,
    ),
    Indicator(
        "WDES",
        "WDES2",
        "Appointed from shortlisting",
        (("shortlisted", "applicants shortlisted"), ("appointed", "appointed from shortlisting")),
    ),
    Indicator(
        "WDES",
        "WDES3",
        "Entering the formal capability process (two-year rolling average)",
        (
            ("entered_process", "staff entering the formal capability process on the grounds of performance"),
            ("headcount", "average workforce over the same two years"),
        ),
    ),
    Indicator("WDES", "WDES4a_public", "Harassment, bullying or abuse from patients, relatives or the public", _SURVEY),
    Indicator("WDES", "WDES4a_managers", "Harassment, bullying or abuse from managers", _SURVEY),
    Indicator("WDES", "WDES4a_colleagues", "Harassment, bullying or abuse from other colleagues", _SURVEY),
    Indicator("WDES", "WDES4b", "Reported the last experience of harassment, bullying or abuse", _SURVEY),
    Indicator("WDES", "WDES5", "Believe the organisation provides equal opportunities for career progression", _SURVEY),
    Indicator("WDES", "WDES6", "Felt pressure from their manager to come to work when not well enough", _SURVEY),
    Indicator("WDES", "WDES7", "Satisfied with the extent the organisation values their work", _SURVEY),
    Indicator("WDES", "WDES8", "Employer has made adequate adjustments (disabled staff)", _SURVEY),
    Indicator(
        "WDES",
        "WDES9a",
        "Staff engagement score (0-10)",
        (("score", "engagement score, 0-10 (NHS Staff Survey)"), ("respondents", "respondents (base)")),
    ),
    Indicator("WDES", "WDES10", "Board membership compared with the workforce", _BOARD, clusters=("board",)),
)
MEASURE_UNITS = {"percentage": "%", "score": "0-10"}
CLUSTER_LABELS = {**ref.BAND_CLUSTERS, "all": "All staff", "board": "Board"}


def _groups(indicator: Indicator) -> tuple[str, str, tuple[str, ...]]:
    if indicator.standard == "WRES":
        return "wres_ethnicity", "Ethnicity (WRES)", WRES_GROUPS
    if indicator.indicator == "WDES8":  # adjustments are asked of disabled staff only
        return "disability", "Disability", ("Disabled",)
    return "disability", "Disability", WDES_GROUPS


def template_frame(organisation_code: str = "", reporting_year: int | str = "") -> pd.DataFrame:
    """Every row of the return, value blank: organisation x indicator x measure x staff group
    x band cluster x group."""
    rows = []
    for indicator in INDICATORS:
        characteristic, _, groups = _groups(indicator)
        for measure, _ in indicator.measures:
            clusters, staff_groups = indicator.clusters, indicator.staff_groups
            if indicator.clusters == ("board",):  # board members; the workforce they are compared with
                clusters = ("all",) if measure == "headcount" else ("board",)
            for staff_group in staff_groups:
                for cluster in clusters:
                    for group in groups:
                        rows.append(
                            {
                                "reporting_year": str(reporting_year),
                                "organisation_code": organisation_code,
                                "standard": indicator.standard,
                                "indicator": indicator.indicator,
                                "measure": measure,
                                "staff_group": staff_group,
                                "band_cluster": cluster,
                                "characteristic": characteristic,
                                "group": group,
                                "value": "",
                                "notes": "",
                            }
                        )
    return pd.DataFrame(rows, columns=COLUMNS)


def guidance_frame() -> pd.DataFrame:
    """What each indicator and measure means: the template's Guidance sheet and docs."""
    rows = []
    for indicator in INDICATORS:
        _, breakdown, groups = _groups(indicator)
        for measure, meaning in indicator.measures:
            rows.append(
                {
                    "indicator": indicator.indicator,
                    "title": indicator.title,
                    "measure": measure,
                    "value is": meaning + (f" ({MEASURE_UNITS[measure]})" if measure in MEASURE_UNITS else ""),
                    "by": f"{breakdown}: {', '.join(groups)}",
                }
            )
    return pd.DataFrame(rows)


INSTRUCTIONS = (
    "WRES / WDES return for the Greater Manchester Equality Outcomes Dashboard.",
    "Fill in reporting_year (the year of the return, e.g. 2024), organisation_code (your ODS code, e.g. R0A) "
    "and value on every row you can; leave value blank where you have no figure (it loads as not reported, never "
    "as zero).",
    "Do not add, remove or rename columns. Rows may be deleted or reordered. Counts are whole numbers of people; "
    "percentage is the NHS Staff Survey percentage as published (0-100).",
    "Small numbers are fine: the dashboard suppresses counts under 5 and survey results from fewer than 10 "
    "respondents before publishing anything.",
    "Groups: White / BME / Unknown (ethnicity not stated or not known) for WRES; Disabled / Non-disabled / "
    "Unknown for WDES. Band clusters: 1 = bands 1-4, 2 = 5-7, 3 = 8a-8b, 4 = 8c-9 and VSM; medical grades apart.",
    "Load it: put the file (CSV or XLSX, any name) in the build folder and run python -m pipelines build.",
)


def write_template(out_dir: Path = TEMPLATE_DIR, organisation_code: str = "", reporting_year: str = "") -> list[Path]:
    """The template as CSV and XLSX (a Return sheet to fill, with drop-down lists, and a Guidance sheet)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frame = template_frame(organisation_code, reporting_year)
    csv_path = out_dir / f"{TEMPLATE_NAME}.csv"
    frame.to_csv(csv_path, index=False, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "Return"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    last = len(frame) + 1
    value_rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    value_rule.error = "A count or percentage: a number of 0 or more (leave blank if not reported)"
    sheet.add_data_validation(value_rule)
    value_rule.add(f"J2:J{last}")
    for column, width in zip("ABCDEFGHIJK", (14, 18, 9, 18, 18, 13, 24, 15, 13, 10, 30), strict=True):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet("Guidance")
    for line in INSTRUCTIONS:
        guide.append([line])
    guide.append([])
    table = guidance_frame()
    guide.append(list(table.columns))
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        guide.append(list(row))
    guide.column_dimensions["A"].width = 20
    xlsx_path = out_dir / f"{TEMPLATE_NAME}.xlsx"
    book.save(xlsx_path)
    return [csv_path, xlsx_path]


def code_lists() -> dict[str, dict[str, str]]:
    """The codes a return's columns are checked against (`pipelines.extracts.code_lists`)."""
    measures = {m: meaning for indicator in INDICATORS for m, meaning in indicator.measures}
    return {
        "equality_standard": {
            "WRES": "Workforce Race Equality Standard",
            "WDES": "Workforce Disability Equality Standard",
        },
        "return_indicator": {i.indicator: i.title for i in INDICATORS},
        "return_measure": measures,
        "return_staff_group": {"all": "All staff", "clinical": "Clinical", "non_clinical": "Non-clinical"},
        "return_band_cluster": CLUSTER_LABELS,
        "return_characteristic": {"wres_ethnicity": "Ethnicity (WRES)", "disability": "Disability"},
    }


# --------------------------------------------------------------------- returns in the KPIs

# The return's Staff Survey indicators and the staff_survey question each one reports. WDES9a
# (the engagement score, 0-10) is not here: the framework's WDES9 is a positive share, and a
# score is no share.
SURVEY_QUESTIONS = {
    "WRES5": "harassment_public",
    "WRES6": "harassment_staff",
    "WRES7": "career_progression",
    "WRES8": "discrimination",
    "WDES4a_public": "harassment_public",
    "WDES4a_managers": "harassment_manager",
    "WDES4a_colleagues": "harassment_colleagues",
    "WDES4b": "harassment_reported",
    "WDES5": "career_progression",
    "WDES6": "pressure_unwell",
    "WDES7": "valued",
    "WDES8": "adjustments",
}
# A return for reporting year Y reports the NHS Staff Survey of year Y - 1 (the WRES / WDES
# reports of 2024 use the 2023 survey: e.g. trusts' published WDES reports say "2024 (Staff
# survey data is from 2023)").
SURVEY_YEAR_LAG = 1
KPI_TABLE = "staff_survey_kpi"
ALL_GROUPS = {"wres_ethnicity": {"white", "bme", "99"}, "disability": {"Y", "N", "99"}}
HEADLINE_FROM = ("wres_ethnicity", "disability")
KPI_COLUMNS = [
    "survey_year",
    "period",
    "organisation_code",
    "question_code",
    "characteristic",
    "group_code",
    "respondents",
    "positive",
    "published_rate",
    "positive_derived",
    "suppressed",
    "source_question",
]  # the breakdown a missing headline is added up from


def survey_rows_from_returns(con) -> pd.DataFrame:
    """staff_survey rows from the returns' survey indicators: per organisation, survey year,
    question, characteristic and group, the percentage as returned with its respondents
    (positive = percentage x respondents / 100, marked derived). Only rows with both."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'workforce_returns'"
    ).fetchone()[0]
    if not exists:
        return pd.DataFrame()
    frame = con.execute(
        """
        SELECT reporting_year, organisation_code, indicator, characteristic, group_code,
               max(CASE WHEN measure = 'percentage' THEN value END) AS published_rate,
               max(CASE WHEN measure = 'respondents' THEN value END) AS respondents
        FROM workforce_returns
        WHERE measure IN ('percentage', 'respondents') AND staff_group = 'all' AND band_cluster = 'all'
          AND list_contains(?::VARCHAR[], indicator)
        GROUP BY ALL
        """,
        [list(SURVEY_QUESTIONS)],
    ).df()
    frame = frame.dropna(subset=["published_rate", "respondents"])
    if frame.empty:
        return frame
    frame["survey_year"] = frame["reporting_year"].astype(int) - SURVEY_YEAR_LAG
    frame["question_code"] = frame["indicator"].map(SURVEY_QUESTIONS)
    frame["positive"] = frame["published_rate"] * frame["respondents"] / 100
    frame["source_question"] = "return:" + frame["indicator"]
    return frame


def _headlines(frame: pd.DataFrame, have: set[tuple]) -> pd.DataFrame:
    """An 'all staff' row added up from the return's groups, where the survey gives none and
    every group of the breakdown is reported (a partial set of groups is no total)."""
    rows = []
    keys = ["survey_year", "organisation_code", "question_code"]
    for key, part in frame.groupby(keys):
        if tuple(key) in have:
            continue
        for characteristic in HEADLINE_FROM:
            groups = part[part["characteristic"] == characteristic]
            if set(groups["group_code"]) == ALL_GROUPS[characteristic]:
                base, positive = groups["respondents"].sum(), groups["positive"].sum()
                rate = positive / base * 100 if base else None
                row = dict(zip(keys, key, strict=True))
                row |= {"characteristic": "all", "group_code": "all", "respondents": base, "positive": positive}
                row |= {"published_rate": rate, "source_question": f"return:{groups['indicator'].iloc[0]} (added up)"}
                rows.append(row)
                break
    return pd.DataFrame(rows)


def staff_survey_with_returns(con) -> dict[str, int]:
    """The table the staff-survey KPIs count from (`staff_survey_kpi`): the staff survey rows,
    except where a trust's return reports the same survey year, organisation, question and
    characteristic (the return is the published figure), plus the return's rows. Returns how
    many rows came from returns and how many survey rows they replaced."""
    returned = survey_rows_from_returns(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {KPI_TABLE} AS SELECT * FROM staff_survey")
    if returned.empty:
        return {"returned": 0, "replaced": 0}
    have = {
        tuple(r)
        for r in con.execute(
            "SELECT DISTINCT survey_year, organisation_code, question_code FROM staff_survey "
            "WHERE characteristic = 'all'"
        ).fetchall()
    }
    rows = pd.concat([returned, _headlines(returned, have)], ignore_index=True)
    rows["period"] = [f"{y}/{(int(y) + 1) % 100:02d}" for y in rows["survey_year"]]
    rows["positive_derived"], rows["suppressed"] = True, False
    rows = rows[KPI_COLUMNS]
    con.register("returned_rows", rows)
    replaced = con.execute(
        f"""
        SELECT count(*) FROM {KPI_TABLE} s
        WHERE EXISTS (SELECT 1 FROM returned_rows r WHERE r.survey_year = s.survey_year
            AND r.organisation_code = s.organisation_code AND r.question_code = s.question_code
            AND r.characteristic = s.characteristic)
        """
    ).fetchone()[0]
    con.execute(
        f"""
        DELETE FROM {KPI_TABLE} s
        WHERE EXISTS (SELECT 1 FROM returned_rows r WHERE r.survey_year = s.survey_year
            AND r.organisation_code = s.organisation_code AND r.question_code = s.question_code
            AND r.characteristic = s.characteristic)
        """
    )
    con.execute(f"INSERT INTO {KPI_TABLE} BY NAME SELECT * FROM returned_rows")
    con.unregister("returned_rows")
    return {"returned": len(rows), "replaced": int(replaced)}


# The workforce KPIs counted from people (ESR-like `workforce` and `workforce_events`): for
# each, the return indicator and measure whose counts stand for each side of the KPI. A trust
# whose return reports every measure a KPI needs, for a period, is counted from its return for
# that KPI and period, and its ESR-like rows are left out (never both). WRES1_VSM is not here:
# the return's cluster 4 (8c to VSM) does not give band 9 and VSM apart.
COUNT_KPIS: dict[str, dict[str, tuple[str, str]]] = {
    "WRES1": {"numerator": ("WRES1", "headcount"), "benchmark_population": ("WRES1", "headcount")},
    "WRES2": {"numerator": ("WRES2", "appointed"), "denominator": ("WRES2", "shortlisted")},
    "WRES3": {"numerator": ("WRES3", "entered_process"), "denominator": ("WRES3", "headcount")},
    "WRES4": {"numerator": ("WRES4", "accessed_training"), "denominator": ("WRES4", "headcount")},
    "WRES9": {"numerator": ("WRES9", "voting_members"), "benchmark_population": ("WRES9", "headcount")},
    "WDES1": {"numerator": ("WDES1", "headcount"), "benchmark_population": ("WDES1", "headcount")},
    "WDES2": {"numerator": ("WDES2", "appointed"), "denominator": ("WDES2", "shortlisted")},
    "WDES3": {"numerator": ("WDES3", "entered_process"), "denominator": ("WDES3", "headcount")},
    "WDES10": {"numerator": ("WDES10", "voting_members"), "benchmark_population": ("WDES10", "headcount")},
}
PEOPLE_TABLE = "returned_people"
COVERAGE_TABLE = "returned_coverage"
# the bands a returned cluster stands for where a KPI selects by band (WRES 1: 8a and above)
CLUSTER_BAND = {"cluster_3": "8a", "cluster_4": "8c"}


def people_from_returns(con) -> dict[str, int]:
    """`returned_people`: one row per person the returns count (per KPI side), with the
    columns the KPI rules filter and break down by; `returned_coverage`: the KPI x
    organisation x period each return stands for (every measure the KPI needs reported)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'workforce_returns'"
    ).fetchone()[0]
    sides = [
        (kpi, role, ind, measure, len(roles))
        for kpi, roles in COUNT_KPIS.items()
        for role, (ind, measure) in roles.items()
    ]
    values = ", ".join(
        "(" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in side) + ")" for side in sides
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE return_sides AS SELECT * FROM (VALUES {values}) "
        "t(kpi_id, role, indicator, measure, sides)"
    )
    source = "workforce_returns"
    if not exists:  # no return loaded: nothing to stand in
        source = (
            "(SELECT NULL::INT AS reporting_year, NULL AS organisation_code, NULL AS indicator, NULL AS measure, "
            "NULL AS band_cluster, NULL AS characteristic, NULL AS group_code, NULL::DOUBLE AS value WHERE FALSE)"
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {COVERAGE_TABLE} AS
        SELECT s.kpi_id, r.organisation_code, r.reporting_year,
               CAST(r.reporting_year - 1 AS VARCHAR) || '/' || lpad(CAST(r.reporting_year % 100 AS VARCHAR), 2, '0')
                   AS period
        FROM return_sides s JOIN {source} r ON r.indicator = s.indicator AND r.measure = s.measure
        WHERE r.value IS NOT NULL
        GROUP BY ALL
        HAVING count(DISTINCT s.role) = max(s.sides)  -- every side of the KPI reported
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {PEOPLE_TABLE} AS
        SELECT s.kpi_id, s.role, c.period, r.organisation_code, o.locality_code,
               make_date(r.reporting_year, 3, 31) AS snapshot_date, make_date(r.reporting_year, 3, 31) AS event_date,
               CASE WHEN r.characteristic = 'wres_ethnicity' THEN r.group_code END AS wres_ethnicity,
               CASE WHEN r.characteristic = 'disability' THEN r.group_code END AS disability,
               CASE WHEN starts_with(r.band_cluster, 'cluster_') THEN r.band_cluster END AS wdes_cluster,
               CASE r.band_cluster {" ".join(f"WHEN '{c}' THEN '{b}'" for c, b in CLUSTER_BAND.items())} END
                   AS afc_band,
               r.measure = 'voting_members' AS board_voting, r.measure = 'voting_members' AS board_member,
               s.indicator AS from_return, unnest(range(CAST(r.value AS BIGINT))) AS person
        FROM return_sides s
        JOIN {source} r ON r.indicator = s.indicator AND r.measure = s.measure
        JOIN {COVERAGE_TABLE} c ON c.kpi_id = s.kpi_id AND c.organisation_code = r.organisation_code
            AND c.reporting_year = r.reporting_year
        LEFT JOIN organisations o ON o.organisation_code = r.organisation_code
        WHERE r.value IS NOT NULL
        """
    )
    people = con.execute(f"SELECT count(*) FROM {PEOPLE_TABLE}").fetchone()[0]
    covered = con.execute(f"SELECT count(*) FROM {COVERAGE_TABLE}").fetchone()[0]
    return {"people": int(people), "covered": int(covered)}


def table_sql(con, kpi, rule, table: str) -> str:
    """What a KPI side counts from: `table` itself, or (a workforce KPI some return stands
    for) its rows but those of the organisations and periods the returns cover, with the
    returns' people in their place. Shared by every KPI side (numerator, denominator,
    benchmark); the staff survey KPIs read `staff_survey_kpi` (`staff_survey_with_returns`)."""
    roles = COUNT_KPIS.get(kpi.id)
    if not roles or table not in ("workforce", "workforce_events"):
        return table
    role = next((r for r in roles if getattr(kpi, r, None) == rule), None)
    if role is None:
        return table
    has = (
        con.execute(f"SELECT count(*) FROM {COVERAGE_TABLE} WHERE kpi_id = ?", [kpi.id]).fetchone()[0]
        if _exists(con, COVERAGE_TABLE)
        else 0
    )
    if not has:
        return table
    event = ""
    if table == "workforce_events" and rule.where.get("event_type"):  # the event the side counts
        event = f", '{rule.where['event_type'][0]}' AS event_type"
    columns = (
        (
            "period, organisation_code, locality_code, snapshot_date, wres_ethnicity, disability, wdes_cluster, "
            "afc_band, board_voting, board_member, from_return"
        )
        if table == "workforce"
        else ("period, organisation_code, locality_code, event_date, wres_ethnicity, disability, from_return")
    )
    return (
        f"(SELECT * FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM {COVERAGE_TABLE} c WHERE c.kpi_id = '{kpi.id}' "
        f"AND c.organisation_code = t.organisation_code AND c.period = t.period) "
        f"UNION ALL BY NAME SELECT {columns}{event} FROM {PEOPLE_TABLE} "
        f"WHERE kpi_id = '{kpi.id}' AND role = '{role}')"
    )


def _exists(con, table: str) -> bool:
    return bool(
        con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()[0]
    )


def source_note(kpi_id: str, period: str, trusts: int, wholly: bool) -> str:
    """The words beside a value counted (wholly or partly) from trusts' returns, e.g. "From the
    trust's WRES return (2024)": the return's reporting year is the year the period ends."""
    standard = "WDES" if kpi_id.startswith("WDES") else "WRES"
    year = int(str(period)[:4]) + 1
    whose, what = ("the trust's", "return") if trusts == 1 else (f"{trusts} trusts'", "returns")
    return f"{'From' if wholly else 'Partly from'} {whose} {standard} {what} ({year})"
