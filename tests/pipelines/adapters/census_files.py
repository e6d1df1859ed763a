"""Small Census 2021 topic-summary files in the three layouts ONS and nomis publish them in.

Headers and category labels follow the publishers' files (nomis API `NM_2041_1.data.csv`,
the ONS "create a custom dataset" CSV, the nomis bulk `census2021-ts021-ltla.csv`); every
count is MADE UP (synthetic), and the totals are the sums of the made-up groups, as in the
published tables.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

# (code, name) of the areas a test file covers: three GM localities, GM itself is never in an
# LTLA file, and two areas outside GM that a national download holds.
AREAS = (
    ("E08000001", "Bolton"),
    ("E08000003", "Manchester"),
    ("E08000009", "Trafford"),
    ("E06000001", "Hartlepool"),
    ("W06000015", "Cardiff"),
)
GM_AREAS = {"E08000001", "E08000003", "E08000009"}


@dataclass(frozen=True)
class Topic:
    """A table as published: its nomis dimension, ONS variable, bulk prefix, its categories
    in published order (subtotals as `None`-coded parents) and its total's label."""

    table: str
    dataset: str
    dimension: str
    ons_variable: str
    bulk_variable: str
    total: str
    # (label, nomis code, ONS code, is a subtotal)
    categories: tuple[tuple[str, str, str, bool], ...]


def _leaves(*labels: str) -> tuple[tuple[str, str, str, bool], ...]:
    return tuple((label, str(i), str(i), False) for i, label in enumerate(labels, start=1))


TS021 = Topic(
    "TS021",
    "NM_2041_1",
    "C2021_ETH_20",
    "Ethnic group (20 categories)",
    "Ethnic group",
    "Total: All usual residents",
    (
        ("Asian, Asian British or Asian Welsh", "1001", "", True),
        ("Asian, Asian British or Asian Welsh: Bangladeshi", "12", "1", False),
        ("Asian, Asian British or Asian Welsh: Chinese", "13", "2", False),
        ("Asian, Asian British or Asian Welsh: Indian", "10", "3", False),
        ("Asian, Asian British or Asian Welsh: Pakistani", "11", "4", False),
        ("Asian, Asian British or Asian Welsh: Other Asian", "14", "5", False),
        ("Black, Black British, Black Welsh, Caribbean or African", "1002", "", True),
        ("Black, Black British, Black Welsh, Caribbean or African: African", "16", "6", False),
        ("Black, Black British, Black Welsh, Caribbean or African: Caribbean", "15", "7", False),
        ("Black, Black British, Black Welsh, Caribbean or African: Other Black", "17", "8", False),
        ("Mixed or Multiple ethnic groups", "1003", "", True),
        ("Mixed or Multiple ethnic groups: White and Asian", "8", "9", False),
        ("Mixed or Multiple ethnic groups: White and Black African", "7", "10", False),
        ("Mixed or Multiple ethnic groups: White and Black Caribbean", "6", "11", False),
        ("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", "9", "12", False),
        ("White", "1004", "", True),
        ("White: English, Welsh, Scottish, Northern Irish or British", "1", "13", False),
        ("White: Irish", "2", "14", False),
        ("White: Gypsy or Irish Traveller", "3", "15", False),
        ("White: Roma", "4", "16", False),
        ("White: Other White", "5", "17", False),
        ("Other ethnic group", "1005", "", True),
        ("Other ethnic group: Arab", "18", "18", False),
        ("Other ethnic group: Any other ethnic group", "19", "19", False),
    ),
)
# (the nomis dataset ids of TS038, TS077 and TS070 below only fill the URN column: illustrative)
TS038 = Topic(
    "TS038",
    "NM_2056_1",
    "C2021_DISABILITY_5",
    "Disability (5 categories)",
    "Disability",
    "Total: All usual residents",
    (
        ("Disabled under the Equality Act", "1001", "", True),
        ("Disabled under the Equality Act: Day-to-day activities limited a lot", "1", "1", False),
        ("Disabled under the Equality Act: Day-to-day activities limited a little", "2", "2", False),
        ("Not disabled under the Equality Act", "1002", "", True),
        (
            "Not disabled under the Equality Act: Has long term physical or mental health condition but "
            "day-to-day activities are not limited",
            "3",
            "3",
            False,
        ),
        ("Not disabled under the Equality Act: No long term physical or mental health conditions", "4", "4", False),
    ),
)
TS030 = Topic(
    "TS030",
    "NM_2049_1",
    "C2021_RELIGION_10",
    "Religion (10 categories)",
    "Religion",
    "Total: All usual residents",
    _leaves(
        "No religion", "Christian", "Buddhist", "Hindu", "Jewish", "Muslim", "Sikh", "Other religion", "Not answered"
    ),
)
TS077 = Topic(
    "TS077",
    "NM_2104_1",
    "C2021_SEXOR_6",
    "Sexual orientation (6 categories)",
    "Sexual orientation",
    "Total: All usual residents aged 16 years and over",
    _leaves("Straight or Heterosexual", "Gay or Lesbian", "Bisexual", "All other sexual orientations", "Not answered"),
)
TS070 = Topic(
    "TS070",
    "NM_2101_1",
    "C2021_GENDID_7",
    "Gender identity (7 categories)",
    "Gender identity",
    "Total: All usual residents aged 16 years and over",
    _leaves(
        "Gender identity the same as sex registered at birth",
        "Gender identity different from sex registered at birth but no specific identity given",
        "Trans woman",
        "Trans man",
        "All other gender identities",
        "Not answered",
    ),
)
_BANDS = ["Aged 4 years and under"] + [f"Aged {a} to {a + 4} years" for a in range(5, 85, 5)]
TS007A = Topic(
    "TS007A",
    "NM_2020_1",
    "C2021_AGE_19",
    "Age (18 categories)",
    "Age",
    "Total",
    _leaves(*_BANDS, "Aged 85 years and over"),
)
TOPICS = {t.table: t for t in (TS021, TS038, TS030, TS077, TS070, TS007A)}
# Tables asked of people aged 16 and over: ONS's "Does not apply" counts the under 16s.
ADULT_ONLY = {"TS077", "TS070"}


def made_up_count(area: str, label: str) -> int:
    """A made-up (synthetic) count, the same for an area and category in every layout."""
    seed = sum(ord(ch) * (i + 1) for i, ch in enumerate(area + label))
    return 40 + seed % 9_000


def group_counts(topic: Topic, area: str) -> dict[str, int]:
    """Counts of every published category of an area, totals and subtotals as sums."""
    counts: dict[str, int] = {}
    for label, _, _, subtotal in topic.categories:
        if not subtotal:
            counts[label] = made_up_count(area, label)
    for label, _, _, subtotal in topic.categories:
        if subtotal:
            counts[label] = sum(v for k, v in counts.items() if k.startswith(label + ": "))
    counts[topic.total] = sum(counts[label] for label, _, _, subtotal in topic.categories if not subtotal)
    return counts


def _write(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_nomis_api(path: Path, topic: Topic = TS021, areas=AREAS, percent: bool = True) -> Path:
    """The nomis API `.data.csv` download: every column nomis sends, one record per area,
    category and measure (20100 count, and 20301 percent when `percent`)."""
    dim = topic.dimension
    header = [
        "DATE",
        "DATE_NAME",
        "DATE_CODE",
        "DATE_TYPE",
        "DATE_TYPECODE",
        "DATE_SORTORDER",
        "GEOGRAPHY",
        "GEOGRAPHY_NAME",
        "GEOGRAPHY_CODE",
        "GEOGRAPHY_TYPE",
        "GEOGRAPHY_TYPECODE",
        "GEOGRAPHY_SORTORDER",
        dim,
        f"{dim}_NAME",
        f"{dim}_CODE",
        f"{dim}_TYPE",
        f"{dim}_TYPECODE",
        f"{dim}_SORTORDER",
        "MEASURES",
        "MEASURES_NAME",
        "OBS_VALUE",
        "OBS_STATUS",
        "OBS_STATUS_NAME",
        "OBS_CONF",
        "OBS_CONF_NAME",
        "URN",
        "RECORD_OFFSET",
        "RECORD_COUNT",
    ]
    categories = [(topic.total, "0", "0", True), *topic.categories]
    rows = []
    for a, (code, name) in enumerate(areas):
        counts = group_counts(topic, code)
        measures = [("20100", "Value")] + ([("20301", "Percent")] if percent else [])
        for measure, measure_name in measures:
            for order, (label, nomis_code, ons_code, _) in enumerate(categories):
                value = counts[label]
                if measure == "20301":
                    value = round(100 * value / counts[topic.total], 1)
                rows.append(
                    [
                        "2021",
                        "2021",
                        "2021",
                        "date",
                        0,
                        0,
                        6434 + a,
                        name,
                        code,
                        "2022 local authorities: districts",
                        424,
                        a,
                        nomis_code,
                        label,
                        f"_{ons_code or nomis_code}",
                        topic.ons_variable.split(" (")[0],
                        1000000,
                        order,
                        measure,
                        measure_name,
                        value,
                        "A",
                        "Normal Value",
                        "F",
                        "Free (free for publication)",
                        f"Nm-{topic.dataset[3:7]}d1d{6434 + a}d{nomis_code}d{measure}",
                        len(rows),
                        0,
                    ]
                )
    for row in rows:
        row[-1] = len(rows)
    return _write(path, header, rows)


def write_ons_custom(
    path: Path, topic: Topic = TS021, areas=AREAS, header_case: str = "lower", label_word: str = ""
) -> Path:
    """The ONS "create a custom dataset" CSV: long, with "Does not apply" (-8) first for each
    area. `header_case` "lower" (`Lower tier local authorities Code`) or "title" (`Lower Tier
    Local Authorities Code`); `label_word` "Label" gives the older `... Label` / `Count` headers."""
    geography = "Lower tier local authorities" if header_case == "lower" else "Lower Tier Local Authorities"
    variable = topic.ons_variable
    label_suffix = f" {label_word}" if label_word else ""
    value_header = "Count" if label_word else "Observation"
    header = [
        f"{geography} Code",
        f"{geography}{label_suffix}",
        f"{variable} Code",
        f"{variable}{label_suffix}",
        value_header,
    ]
    rows = []
    for code, name in areas:
        counts = group_counts(topic, code)
        under_16 = made_up_count(code, "under 16") if topic.table in ADULT_ONLY else 0
        rows.append([code, name, "-8", "Does not apply", under_16])
        for label, _, ons_code, subtotal in topic.categories:
            if not subtotal:
                rows.append([code, name, ons_code, label, counts[label]])
    return _write(path, header, rows)


def write_nomis_bulk(path: Path, topic: Topic = TS021, areas=AREAS, measures_suffix: bool = False) -> Path:
    """The nomis bulk CSV (`census2021-ts021-ltla.csv`): one record per area, the total and
    every category (subtotals included) as `<Variable>: <category>` columns."""
    suffix = "; measures: Value" if measures_suffix else ""
    labels = [topic.total] + [label for label, _, _, _ in topic.categories]
    header = ["date", "geography", "geography code"] + [f"{topic.bulk_variable}: {label}{suffix}" for label in labels]
    rows = []
    for code, name in areas:
        counts = group_counts(topic, code)
        rows.append(["2021", name, code] + [counts[label] for label in labels])
    return _write(path, header, rows)


WRITERS = {"nomis_api": write_nomis_api, "ons_custom": write_ons_custom, "nomis_bulk": write_nomis_bulk}
