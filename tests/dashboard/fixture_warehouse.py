"""A small warehouse that follows docs/schema.md, for dashboard unit and browser tests.

The lookups come from the real builder (`pipelines.lookups`) so codes match; the framework
and the marts are a hand-made handful: 6 KPIs in 3 outcomes and 2 domains, 11 areas, 3
periods, breakdowns by sex and ethnic group (with suppressed rows) and one intersection.
The numbers are synthetic and only roughly consistent; nothing here is a statistics test.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import judgements
from pipelines import reference as ref
from pipelines.comparisons import build_comparisons
from pipelines.lookups import create_lookup_tables
from pipelines.marts import ACTION_PLAN_COLUMNS, INEQUALITY_COLUMNS, build_voice_counts
from pipelines.rejects import write_tables as write_reject_tables

PERIODS = ("2022/23", "2023/24", "2024/25")
GM = ref.GM_CODE
AREAS = (GM, *ref.LOCALITY_CODES)

# Areas and groups the fixture always suppresses, so tests know where to look.
SUPPRESSED_CELLS = {("E08000010", "ethnic_group", "other"), ("E08000002", "ethnic_group", "other")}
SECONDARY_CELLS = {("E08000010", "ethnic_group", "mixed"), ("E08000002", "ethnic_group", "mixed")}
# Headline (breakdown "all") cells suppressed in every period: (indicator, area).
SUPPRESSED_HEADLINES = {("WF02", "E08000010")}

DOMAINS = [
    ("D1", "Commissioned or provided services", "EDS 2022 domain 1", 1),
    ("D2", "Workforce health and well-being", "EDS 2022 domain 2", 2),
]
OUTCOMES = [
    (
        "O1",
        "People have a good experience of care, whoever they are",
        "Patient experience",
        "D1",
        1,
    ),
    ("O2", "Fewer people become homeless", "Population health", "D1", 2),
    ("O3", "Our workforce reflects and respects the people it serves", "Workforce", "D2", 3),
]
LEADS = [
    ("L1", "Director of Nursing", "acute_specialist"),
    ("L2", "Director of Public Health", "population_health"),
    ("L3", "Chief People Officer", "workforce"),
]
# id, title, short, outcome, domain, lead, measure, multiplier, unit, polarity, target,
# work streams, base value, breakdowns
KPIS = [
    ("PX01", "Patients rating their overall experience as good", "Good overall experience",
     "O1", "D1", "L1", "proportion", 100, "%", "high_is_good", 85.0,
     ("acute_specialist", "community_care"), 82.0, ("sex", "ethnic_group")),
    ("PX02", "Patients treated with care, dignity and respect", "Treated with dignity",
     "O1", "D1", "L1", "proportion", 100, "%", "high_is_good", 90.0,
     ("acute_specialist",), 88.0, ("sex", "ethnic_group")),
    ("PH01", "Households owed a homelessness prevention duty", "Homelessness duty",
     "O2", "D1", "L2", "rate", 1000, "per 1,000 households", "low_is_good", None,
     ("population_health", "person_centred"), 12.0, ("ethnic_group",)),
    ("WF01", "Relative likelihood of BME staff entering formal disciplinary",
     "Disciplinary: BME vs White", "O3", "D2", "L3", "ratio", 1, "ratio", "low_is_good", 1.25,
     ("workforce",), 1.4, ("wres_ethnicity",)),
    ("WF02", "Disabled staff in bands 8c to VSM", "Disabled staff, senior bands",
     "O3", "D2", "L3", "proportion", 100, "%", "high_is_good", 5.0,
     ("workforce",), 3.0, ("sex",)),
    ("WF03", "Staff believing there are equal opportunities for career progression",
     "Equal career opportunities", "O3", "D2", "L3", "proportion", 100, "%", "high_is_good",
     60.0, ("workforce",), 55.0, ("ethnic_group", "sex")),
]  # fmt: skip
# Each KPI's source extract, as the framework names them (the workforce and patient-experience
# pages pick their KPIs by source).
SOURCES = {
    "PX01": "patient_experience",
    "PX02": "patient_experience",
    "PH01": "other_indicators",
    "WF01": "workforce_events",
    "WF02": "workforce",
    "WF03": "staff_survey",
}
NAN = float("nan")  # pandas NaN becomes NULL in DuckDB, with a numeric type
REFERENCE_GROUPS = {"sex": "M", "ethnic_group": "white", "wres_ethnicity": "white"}


def _wilson(num: float, den: float, z: float) -> tuple[float, float]:
    p = num / den
    centre = p + z * z / (2 * den)
    half = z * math.sqrt(p * (1 - p) / den + z * z / (4 * den * den))
    scale = 1 + z * z / den
    return (centre - half) / scale, (centre + half) / scale


def _compare(value, lower, upper, benchmark, polarity) -> str:
    if value is None or benchmark is None or lower is None:
        return "not compared"
    if lower <= benchmark <= upper:
        return "similar"
    higher = lower > benchmark
    if polarity == "no_judgement":
        return "higher" if higher else "lower"
    good = higher if polarity == "high_is_good" else not higher
    return "better" if good else "worse"


def _rag(value, target, polarity) -> str:
    if target is None or value is None:
        return "no target"
    meets = value >= target if polarity == "high_is_good" else value <= target
    if meets:
        return "green"
    near = abs(value - target) <= 0.05 * abs(target)
    return "amber" if near else "red"


def _indicator_rows(rng: random.Random, groups: dict[str, list[tuple[str, str]]]) -> pd.DataFrame:
    pops = {lc.code: lc.population for lc in ref.LOCALITIES}
    pops[GM] = sum(pops.values())
    rows = []
    for kpi in KPIS:
        (kid, _t, _s, _o, _d, _l, measure, mult, _u, polarity, target, streams, base, bds) = kpi
        area_shift = {a: (0.0 if a == GM else rng.uniform(-0.12, 0.12)) for a in AREAS}
        for p_index, period in enumerate(PERIODS):
            trend_choice = rng.choice(["increasing", "decreasing", "no significant change", "cannot be calculated"])
            for work_stream in ("all", *streams[:1]) if kid == "PX01" else ("all",):
                gm_value = None
                for area in AREAS:
                    cells = [("all", "all", "All people")]
                    if work_stream == "all":
                        for bd in bds:
                            cells += [(bd, code, label) for code, label in groups[bd]]
                        if kid == "PX01" and area == GM:
                            cells += [
                                ("ethnic_group*sex", f"{e}*{s}", f"{el} & {sl}")
                                for e, el in groups["ethnic_group"][:2]
                                for s, sl in groups["sex"][:2]
                            ]
                    ref_values: dict[str, float] = {}
                    for bd, code, label in cells:
                        scale = 1.0 if bd == "all" else 0.02 + rng.random() * 0.3
                        denominator = max(1, int(pops[area] / 40 * scale))
                        shift = area_shift[area] + (0 if bd == "all" else rng.uniform(-0.1, 0.1))
                        level = base * (1 + shift) * (1 + 0.02 * p_index)
                        if measure == "proportion":
                            value = min(99.0, level)
                            numerator = round(denominator * value / 100)
                            value = 100 * numerator / denominator
                            lo95, hi95 = (100 * x for x in _wilson(numerator, denominator, 1.96))
                            lo998, hi998 = (100 * x for x in _wilson(numerator, denominator, 3.09))
                        else:
                            numerator = round(denominator * level / mult)
                            value = mult * numerator / denominator
                            err = value / math.sqrt(max(numerator, 1))
                            lo95, hi95 = value - 1.96 * err, value + 1.96 * err
                            lo998, hi998 = value - 3.09 * err, value + 3.09 * err
                        suppressed = (area, bd, code) in SUPPRESSED_CELLS | SECONDARY_CELLS or (
                            bd == "all" and (kid, area) in SUPPRESSED_HEADLINES
                        )
                        reason = None
                        if suppressed and ((area, bd, code) in SUPPRESSED_CELLS or bd == "all"):
                            reason = "primary: numerator fewer than 5"
                        elif (area, bd, code) in SECONDARY_CELLS:
                            reason = "secondary: protects a suppressed group"
                        if bd == "all" and area == GM:
                            gm_value = value
                        if code == REFERENCE_GROUPS.get(bd):
                            ref_values[bd] = value
                        if bd == "all":
                            benchmark = None if area == GM else gm_value
                        else:
                            benchmark = ref_values.get(bd)
                        row = {
                            "indicator_id": kid,
                            "period": period,
                            "period_sort": p_index + 1,
                            "area_code": area,
                            "work_stream": work_stream,
                            "breakdown": bd,
                            "group_code": code,
                            "group_label": label,
                            "is_unknown": code in ref.UNKNOWN_GROUPS,
                            "is_reference_group": code == REFERENCE_GROUPS.get(bd),
                            "numerator": numerator,
                            "denominator": denominator,
                            "value": value,
                            "lower_ci_95": lo95,
                            "upper_ci_95": hi95,
                            "lower_ci_99_8": lo998,
                            "upper_ci_99_8": hi998,
                            "benchmark_value": benchmark,
                            "comparison": _compare(value, lo95, hi95, benchmark, polarity),
                            "comparison_99_8": _compare(value, lo998, hi998, benchmark, polarity),
                            "gap_to_reference": None if benchmark is None else value - benchmark,
                            "ratio_to_reference": None if not benchmark else value / benchmark,
                            "ratio_lower_ci_95": NAN,
                            "ratio_upper_ci_95": NAN,
                            "trend": trend_choice if bd == "all" else "cannot be calculated",
                            "change_since_previous": None if p_index == 0 else 0.5,
                            "target": target,
                            "rag": _rag(value, target, polarity),
                            "suppressed": suppressed,
                            "suppression_reason": reason,
                        }
                        if suppressed:
                            for col in (
                                "numerator",
                                "denominator",
                                "value",
                                "lower_ci_95",
                                "upper_ci_95",
                                "lower_ci_99_8",
                                "upper_ci_99_8",
                                "gap_to_reference",
                                "ratio_to_reference",
                            ):
                                row[col] = None
                            row["comparison"] = row["comparison_99_8"] = "not compared"
                            row["rag"] = "no target"
                        rows.append(row)
    return _with_judgement_words(pd.DataFrame(rows))


def _with_judgement_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The marts' judgement columns, in the words `pipelines.judgements` writes."""
    frame["benchmark_label"] = ["GM" if b == "all" else "the reference group" for b in frame["breakdown"]]
    frame["comparison_words"] = [
        judgements.comparison_words(c, label)
        for c, label in zip(frame["comparison"], frame["benchmark_label"], strict=True)
    ]
    frame["is_significant_gap"] = (frame["comparison"] == "worse") & (frame["breakdown"] != "all")
    frame["trend_words"] = [judgements.trend_words(t, "high_is_good") for t in frame["trend"]]
    changed = frame["change_since_previous"].notna() & ~frame["suppressed"]
    frame["change_verdict"] = np.where(changed, "no significant change", None)
    frame["change_words"] = [
        judgements.change_words(c if ok else None, v, "the previous period", "proportion")
        for c, v, ok in zip(frame["change_since_previous"], frame["change_verdict"], changed, strict=True)
    ]
    frame["target_words"] = [
        judgements.target_words(t, None, "high_is_good", "proportion", "%") if pd.notna(t) else "No target"
        for t in frame["target"]
    ]
    frame["rag_words"] = frame["rag"].map(RAG_LABELS)
    return frame


RAG_LABELS = {
    "green": "Met",
    "amber": "Nearly met",
    "red": "Not met",
    "not assessed": "Not assessed",
    "no target": "No target",
}


# Board rows suppressed in the representation mart: (area, organisation).
SUPPRESSED_BOARDS = {("E08000010", "all"), (GM, "R0A"), (GM, "RRF")}
REPRESENTATION_PLACES = ((GM, "all"), ("E08000003", "all"), ("E08000010", "all"), (GM, "R0A"), (GM, "RRF"))
# Each group's share (%) at cluster 1-4, consultants, board, all staff and in the population.
REPRESENTATION_SHARES = {
    ("wres_ethnicity", "white"): (72.0, 75.0, 82.0, 88.0, 55.0, 88.0, 74.0, 70.0),
    ("wres_ethnicity", "bme"): (24.0, 21.0, 14.0, 8.0, 41.0, 12.0, 22.0, 30.0),
    ("wres_ethnicity", "Z"): (3.0, 3.0, 3.0, 3.0, 3.0, 0.0, 3.0, 0.0),
    ("wres_ethnicity", "99"): (1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0),
    ("disability", "Y"): (5.0, 4.0, 2.5, 1.5, 3.0, 0.0, 4.0, 14.0),
    ("disability", "N"): (67.0, 68.0, 70.0, 71.0, 70.0, 100.0, 68.0, 86.0),
    ("disability", "Z"): (8.0, 8.0, 7.5, 7.5, 7.0, 0.0, 8.0, 0.0),
    ("disability", "99"): (20.0, 20.0, 20.0, 20.0, 20.0, 0.0, 20.0, 0.0),
}
REPRESENTATION_LEVELS = (
    ("cluster_1", 1000),
    ("cluster_2", 800),
    ("cluster_3", 200),
    ("cluster_4", 80),
    ("medical_consultant", 100),
    ("board", 60),
    ("all_staff", 2180),
    ("population", 100_000),
)


def _representation_rows() -> pd.DataFrame:
    """Staff by level and group vs population for GM, two localities and two organisations
    (organisations sit under GM and have no population rows); Manchester's BME shares are
    higher, each period a little higher than the last; some boards suppressed."""
    rows = []
    for p_index, period in enumerate(PERIODS[-2:]):
        for area, organisation in REPRESENTATION_PLACES:
            for (breakdown, group), shares in REPRESENTATION_SHARES.items():
                for (level, total), share in zip(REPRESENTATION_LEVELS, shares, strict=True):
                    if level == "population" and organisation != "all":
                        continue
                    share = share * (1.4 if area == "E08000003" and group == "bme" else 1.0)
                    share = min(99.0, share + (p_index if group == "bme" else 0))
                    staff = round(total * share / 100)
                    half = 196 * math.sqrt(max(share, 0.5) * (100 - share) / 10_000 / total)
                    suppressed = level == "board" and (area, organisation) in SUPPRESSED_BOARDS
                    rows.append(
                        {
                            "period": period,
                            "area_code": area,
                            "organisation_code": organisation,
                            "breakdown": breakdown,
                            "group_code": group,
                            "level": level,
                            "staff": NAN if suppressed else float(staff),
                            "total": float(total),
                            "share": NAN if suppressed else share,
                            "lower_ci_95": NAN if suppressed else max(0.0, share - half),
                            "upper_ci_95": NAN if suppressed else min(100.0, share + half),
                            "suppressed": suppressed,
                            "suppression_reason": "primary: numerator 1-4" if suppressed else None,
                        }
                    )
    return pd.DataFrame(rows)


def build_fixture_warehouse(path: Path | str, seed: int = 7) -> Path:
    """Write the fixture warehouse to `path` (replacing it) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    rng = random.Random(seed)
    con = duckdb.connect(str(tmp))
    try:
        create_lookup_tables(con)
        con.execute(
            "CREATE TABLE periods AS SELECT * FROM (VALUES "
            "('2022/23', 'financial_year', DATE '2022-04-01', DATE '2023-03-31', 1), "
            "('2023/24', 'financial_year', DATE '2023-04-01', DATE '2024-03-31', 2), "
            "('2024/25', 'financial_year', DATE '2024-04-01', DATE '2025-03-31', 3)) "
            "AS t(period, period_type, start_date, end_date, sort_order)"
        )
        groups = {
            bd: [
                (r[0], r[1])
                for r in con.execute(
                    "SELECT group_code, group_label FROM characteristic_groups WHERE breakdown = ? ORDER BY sort_order",
                    [bd],
                ).fetchall()
            ]
            for bd in ("sex", "ethnic_group", "wres_ethnicity")
        }
        frames = {
            "framework_info": pd.DataFrame(
                [
                    (
                        "2025.1-fixture",
                        "Equalities Performance Management Framework",
                        "GM Equalities Board",
                        pd.Timestamp("2025-04-01"),
                    )
                ],
                columns=["version", "title", "agreed_by", "agreed_on"],
            ),
            "domains": pd.DataFrame(DOMAINS, columns=["domain_id", "domain_name", "description", "sort_order"]),
            "outcomes": pd.DataFrame(
                OUTCOMES,
                columns=["outcome_id", "outcome_title", "description", "domain_id", "sort_order"],
            ),
            "leads": pd.DataFrame(LEADS, columns=["lead_id", "role", "work_stream"]),
            "kpis": pd.DataFrame(
                [
                    {
                        "indicator_id": k[0],
                        "title": k[1],
                        "short_title": k[2],
                        "definition": f"Fixture definition of {k[1].lower()}.",
                        "outcome_id": k[3],
                        "domain_id": k[4],
                        "lead_id": k[5],
                        "source": SOURCES.get(k[0], "fixture"),
                        "calculation": "numerator / denominator",
                        "numerator_rule": "people in the numerator",
                        "denominator_rule": "everyone",
                        "measure_type": k[6],
                        "multiplier": k[7],
                        "unit": k[8],
                        "polarity": k[9],
                        "target": k[10],
                        "target_upper": NAN,
                        "reference_group": REFERENCE_GROUPS.get(k[13][0]),
                        "reference_breakdown": k[13][0],
                        "threshold": 5,
                        "min_denominator": 10,
                        "breakdowns": list(k[13]),
                        "period_type": "financial_year",
                        "method": "Wilson" if k[6] == "proportion" else "Byar",
                        "eds_outcome": "1A" if k[4] == "D1" else "2A",
                        "sort_order": i + 1,
                    }
                    for i, k in enumerate(KPIS)
                ]
            ),
            "kpi_work_streams": pd.DataFrame(
                [(k[0], ws) for k in KPIS for ws in k[11]], columns=["indicator_id", "work_stream"]
            ),
            "action_plans": pd.DataFrame(
                [
                    (
                        "A1",
                        "PX01",
                        "O1",
                        "Interpreting services in every practice",
                        "on track",
                        "Director of Nursing",
                        pd.Timestamp("2025-12-31"),
                        pd.Timestamp("2025-06-01"),
                    ),
                    (
                        "A2",
                        "WF01",
                        "O3",
                        "Independent review of disciplinary cases",
                        "at risk",
                        "Chief People Officer",
                        pd.Timestamp("2025-09-30"),
                        pd.Timestamp("2025-05-01"),
                    ),
                ],
                columns=ACTION_PLAN_COLUMNS,
            ),
            "indicator_values": _indicator_rows(rng, groups),
            "rag_rules": pd.DataFrame(
                [
                    {"rag": status, "label": RAG_LABELS[status], "rule": words, "sort_order": i}
                    for i, (status, words) in enumerate(judgements.rag_rule_words(0.10, RAG_LABELS).items())
                ]
            ),
            "builds": pd.DataFrame(
                [
                    (
                        "b1",
                        pd.Timestamp("2025-06-30 09:00"),
                        pd.Timestamp("2025-06-30 09:05"),
                        "fixture",
                        "2025.1-fixture",
                        "succeeded",
                        True,
                    )
                ],
                columns=[
                    "build_id",
                    "started_at",
                    "finished_at",
                    "source_dir",
                    "framework_version",
                    "status",
                    "synthetic",
                ],
            ),
            "load_audit": pd.DataFrame(
                [
                    (
                        1,
                        "b1",
                        "other_indicators",
                        "other_indicators.csv",
                        "0" * 64,
                        "csv",
                        14,
                        10,
                        4,
                        "loaded with rejects",
                        "",
                        pd.Timestamp("2025-06-30 09:00"),
                        pd.Timestamp("2025-06-30 09:01"),
                        1.0,
                    )
                ],
                columns=[
                    "load_id",
                    "build_id",
                    "extract",
                    "source_file",
                    "sha256",
                    "file_format",
                    "rows_read",
                    "rows_loaded",
                    "rows_rejected",
                    "status",
                    "message",
                    "started_at",
                    "finished_at",
                    "seconds",
                ],
            ),
            "rejects": pd.DataFrame(
                [
                    (1, "other_indicators", "other_indicators.csv", 4, "x,y", "unknown area code"),
                    (
                        1,
                        "other_indicators",
                        "other_indicators.csv",
                        9,
                        "",
                        "wrong number of fields",
                    ),
                    # one kind of reason, two offending values (the data-quality page groups them)
                    (
                        1,
                        "other_indicators",
                        "other_indicators.csv",
                        11,
                        "PH01,2024/25,E08000099,all",
                        "unknown area_code code 'E08000099'",
                    ),
                    (
                        1,
                        "other_indicators",
                        "other_indicators.csv",
                        12,
                        "PH01,2024/25,X1,all",
                        "unknown area_code code 'X1'; numerator is not a number: 'n/a'",
                    ),
                ],
                columns=["load_id", "extract", "source_file", "line_number", "raw_text", "reason"],
            ),
            "data_completeness": pd.DataFrame(
                [
                    ("patient_experience", p, a, "sexual_orientation", 1000, 300, 100, 40.0, False)
                    for p in PERIODS
                    for a in AREAS
                ],
                columns=[
                    "source",
                    "period",
                    "area_code",
                    "breakdown",
                    "records",
                    "not_stated",
                    "not_known",
                    "unknown_share",
                    "suppressed",
                ],
            ),
            "indicator_inequalities": pd.DataFrame(
                [
                    (
                        "PX01",
                        PERIODS[-1],
                        GM,
                        "all",
                        "imd_quintile",
                        -6.5,
                        0.92,
                        78.0,
                        84.5,
                        -8.0,
                        -5.0,
                        0.88,
                        0.96,
                        "most deprived fare significantly better",
                    )
                ],
                columns=INEQUALITY_COLUMNS,
            ),
            "workforce_representation": _representation_rows(),
            "voices": pd.DataFrame(
                [
                    (
                        "V1",
                        pd.Timestamp("2024-11-02"),
                        "E08000003",
                        "acute_specialist",
                        "O1",
                        "ethnic_group",
                        "asian",
                        "communication",
                        "Nobody asked which language I wanted. <b>My son</b> had to translate.",
                    ),
                    (
                        "V2",
                        pd.Timestamp("2025-01-15"),
                        "E08000001",
                        "workforce",
                        "O3",
                        "disability",
                        "Y",
                        "workforce",
                        "I asked for adjustments twice before anything happened.",
                    ),
                    (
                        "V3",
                        pd.Timestamp("2025-02-20"),
                        "E08000010",
                        "population_health",
                        "O2",
                        "ethnicity",
                        "K",
                        "access",
                        '<script>alert("voice")</script> The letter only came in English.',
                    ),
                ],
                columns=[
                    "voice_id",
                    "collected_date",
                    "locality_code",
                    "work_stream",
                    "outcome_id",
                    "characteristic",
                    "group_code",
                    "theme",
                    "quote",
                ],
            ),
        }
        # rejects and reject_summary as the build writes them (reason kinds, columns, counts)
        write_reject_tables(con, frames.pop("rejects"), {1: "other_indicators.csv"})
        for table, frame in frames.items():
            con.register("fixture_frame", frame)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM fixture_frame")
            con.unregister("fixture_frame")
        build_voice_counts(con)  # the real mart, from the fixture's voices
        build_comparisons(con)  # the real build step, from the fixture's headline rows
    finally:
        con.close()
    tmp.replace(path)
    return path


if __name__ == "__main__":
    import sys

    print(build_fixture_warehouse(sys.argv[1] if len(sys.argv) > 1 else "data/fixture.duckdb"))
