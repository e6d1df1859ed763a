"""The Census reshaper on its own: each published layout's cells become population rows
unchanged, and every other cell gets a reason (files in tests/pipelines/adapters/census_files.py)."""

from __future__ import annotations

import csv

import pytest

from pipelines.adapters.census import census_tables, reshape_records
from tests.pipelines.adapters.census_files import ADULT_ONLY, GM_AREAS, TOPICS, WRITERS, group_counts

LAYOUTS = sorted(WRITERS)


def read_records(path):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def reshaped(tmp_path, layout, topic, **options):
    path = WRITERS[layout](tmp_path / f"{topic.table}_{layout}.csv", topic, **options)
    headers, records = read_records(path)
    result, used = reshape_records(layout, headers, records)
    return result, headers, records


def cells_in(layout, headers, records):
    return len(records) * (len(headers) - 3) if layout == "nomis_bulk" else len(records)


def test_every_code_map_loads_and_names_real_groups():
    tables = {t.table: t for t in census_tables()}
    assert {"TS021", "TS038", "TS030", "TS077", "TS070", "TS007A"} <= set(tables)
    ts021 = tables["TS021"]
    assert ts021.classify("White: English, Welsh, Scottish, Northern Irish or British")[1] == "A"
    assert ts021.classify("asian, asian british or asian welsh:  pakistani")[1] == "J"  # case and spacing
    assert ts021.classify("Black, Black British, Black Welsh, Caribbean or African: African")[1] == "N"
    assert ts021.classify("Asian, Asian British or Asian Welsh: Chinese")[1] == "R"
    assert ts021.classify("White")[0] == "total"
    assert ts021.classify("Does not apply")[0] == "not_applicable"
    assert ts021.classify("Martian")[0] == "unknown"
    assert tables["TS007A"].classify("Aged 85 years and over") == ("group", "all", "85+")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("table", sorted(TOPICS))
def test_values_land_unchanged_one_row_per_published_group(tmp_path, layout, table):
    topic = TOPICS[table]
    result, headers, records = reshaped(tmp_path, layout, topic)
    assert result.table.table == table
    rows = result.rows
    assert set(rows["locality_code"]) == GM_AREAS
    leaves = [label for label, _, _, subtotal in topic.categories if not subtotal]
    for area in GM_AREAS:
        mine = rows[rows["locality_code"] == area]
        published = group_counts(topic, area)
        assert len(mine) == len(leaves)  # one row per published group: nothing summed, nothing lost
        assert {r.source_category: int(r.population) for r in mine.itertuples()} == {k: published[k] for k in leaves}
    assert rows["sex"].isna().all()  # no sex split published: none invented
    if table == "TS007A":
        assert set(rows["characteristic"]) == {"all"} and rows["age_band"].notna().all()
    else:
        assert rows["age_band"].isna().all()
    assert set(rows["source_table"]) == {table}
    # every published cell is accounted for: loaded or rejected with a reason
    assert len(rows) + len(result.rejects) == cells_in(layout, headers, records)
    assert all(reason for _, reason in result.rejects)
    assert not [n for n in result.notes if "do not add up" in n]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_other_cells_are_rejected_with_reasons(tmp_path, layout):
    result, headers, records = reshaped(tmp_path, layout, TOPICS["TS021"])
    outside = [r for _, r in result.rejects if "outside Greater Manchester" in r]
    assert any("E06000001 Hartlepool" in r for r in outside) and any("W06000015 Cardiff" in r for r in outside)
    reasons = " | ".join(r for _, r in result.rejects)
    if layout == "ons_custom":
        assert "Does not apply" in reasons  # -8, per area
        assert "total row" not in reasons
    else:
        assert "total row (Total: All usual residents)" in reasons
        assert "subtotal row (White)" in reasons
    if layout == "nomis_api":
        assert "a percentage or other measure (20301)" in reasons
    if layout == "nomis_bulk":  # a wide file's reason names the column
        assert any(r.startswith("Ethnic group: White: subtotal row (White)") for _, r in result.rejects)


def test_bulk_headers_ending_measures_value_read_the_same(tmp_path):
    plain, _, _ = reshaped(tmp_path, "nomis_bulk", TOPICS["TS030"])
    suffixed, _, _ = reshaped(tmp_path / "..", "nomis_bulk", TOPICS["TS030"], measures_suffix=True)
    assert sorted(plain.rows["population"]) == sorted(suffixed.rows["population"])
    assert suffixed.rows["source_category"].str.contains("measures").sum() == 0


@pytest.mark.parametrize("case,word", [("lower", ""), ("title", ""), ("title", "Label")])
def test_ons_custom_header_case_and_older_label_count_headers(tmp_path, case, word):
    result, _, _ = reshaped(tmp_path, "ons_custom", TOPICS["TS021"], header_case=case, label_word=word)
    assert len(result.rows) == 19 * len(GM_AREAS)


@pytest.mark.parametrize("table", sorted(ADULT_ONLY))
def test_does_not_apply_is_the_under_16s_and_never_a_group(tmp_path, table):
    result, _, _ = reshaped(tmp_path, "ons_custom", TOPICS[table])
    not_applicable = [r for _, r in result.rejects if r.startswith("Does not apply")]
    assert len(not_applicable) == len(GM_AREAS)  # (areas outside GM are rejected as such first)
    assert "aged 16 years and over" in not_applicable[0]
    assert "Does not apply" not in set(result.rows["source_category"])


def test_unknown_label_is_rejected_by_name_not_counted(tmp_path):
    path = WRITERS["ons_custom"](tmp_path / "ts021.csv", TOPICS["TS021"])
    headers, records = read_records(path)
    records[3][3] = "White: Cornish"  # a label no code map knows
    result, _ = reshape_records("ons_custom", headers, records)
    assert (3, "unknown TS021 category 'White: Cornish' (not in config/adapters/census/ts021.yaml)") in result.rejects
    assert len(result.rows) + len(result.rejects) == len(records)


def test_suppressed_and_mismatched_totals_are_said(tmp_path):
    path = WRITERS["nomis_bulk"](tmp_path / "ts021.csv", TOPICS["TS021"])
    headers, records = read_records(path)
    records[0][headers.index("Ethnic group: White: Roma")] = "c"
    records[1][headers.index("Ethnic group: Total: All usual residents")] = "1"
    result, _ = reshape_records("nomis_bulk", headers, records)
    assert (0, "Ethnic group: White: Roma: published as suppressed ('c'): no count to load") in result.rejects
    assert "c" not in set(result.rows["population"]) and "0" not in set(result.rows["population"])
    assert any("E08000003 Total: All usual residents: groups add to" in n for n in result.notes)


def test_a_table_no_code_map_knows_is_rejected_whole_with_the_reason(tmp_path):
    path = tmp_path / "census2021-ts004-ltla.csv"
    path.write_text(
        "date,geography,geography code,Country of birth: Total; measures: Value,"
        "Country of birth: Europe: United Kingdom; measures: Value\n2021,Bolton,E08000001,296000,250000\n"
    )
    headers, records = read_records(path)
    result, _ = reshape_records("nomis_bulk", headers, records)
    assert result.rows.empty and len(result.rejects) == 2
    assert "no Census code map knows this table's categories" in result.rejects[0][1]


def test_an_ons_custom_dataset_with_sex_beside_the_topic_keeps_the_sex_split(tmp_path):
    path = tmp_path / "ts021_by_sex.csv"
    path.write_text(
        "Lower tier local authorities Code,Lower tier local authorities,Sex (2 categories) Code,Sex (2 categories),"
        "Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation\n"
        "E08000001,Bolton,1,Female,14,White: Irish,812\n"
        "E08000001,Bolton,2,Male,14,White: Irish,790\n"
        "E08000001,Bolton,1,Female,-8,Does not apply,0\n"
    )
    headers, records = read_records(path)
    result, _ = reshape_records("ons_custom", headers, records)
    rows = result.rows.set_index("sex")["population"].to_dict()
    assert rows == {"F": "812", "M": "790"} and set(result.rows["group_code"]) == {"B"}
    assert [reason for _, reason in result.rejects] == [
        "Does not apply: outside the table's population (All usual residents)"
    ]


def test_a_nomis_select_download_with_few_columns_reads_the_same(tmp_path):
    path = tmp_path / "NM_2041_1.data.csv"
    path.write_text(
        "GEOGRAPHY_CODE,GEOGRAPHY_NAME,C2021_ETH_20_NAME,OBS_VALUE\n"
        "E08000003,Manchester,Total: All usual residents,551938\n"
        'E08000003,Manchester,"Asian, Asian British or Asian Welsh: Pakistani",48812\n'
    )
    headers, records = read_records(path)
    result, _ = reshape_records("nomis_api", headers, records)
    assert result.rows[["locality_code", "group_code", "population"]].values.tolist() == [["E08000003", "J", "48812"]]
    assert result.rejects[0] == (0, "total row (Total: All usual residents): checked against its groups, not loaded")
    assert not [n for n in result.notes if "do not add up" in n]  # some categories only: not checked
