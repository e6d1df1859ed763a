"""Census 2021 files as published, dropped in a folder and built: recognised by their header
whatever their name, every published count lands unchanged in `population` (no age or sex
invented), and every other cell is a reject naming its file, record and reason."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.build import build
from tests.pipelines.adapters.census_files import GM_AREAS, TOPICS, WRITERS, group_counts
from tests.pipelines.bad_inputs import skip_marts

LAYOUT_ADAPTERS = {
    "nomis_api": "census_nomis_api",
    "ons_custom": "census_ons_custom",
    "nomis_bulk": "census_nomis_bulk",
}
# the names the publishers give the files (any name works: the header decides)
FILE_NAMES = {
    "nomis_api": "NM_2041_1.data.csv",
    "ons_custom": "custom-filtered-2024-05-01T10_30_00Z.csv",
    "nomis_bulk": "census2021-ts021-ltla.csv",
}


def built(tmp_path, files: dict):
    src = tmp_path / "src"
    src.mkdir()
    for name, (layout, topic) in files.items():
        WRITERS[layout](src / name, TOPICS[topic])
    warehouse = tmp_path / "w.duckdb"
    build(src, warehouse)
    return duckdb.connect(str(warehouse), read_only=True)


@pytest.mark.parametrize("layout", sorted(WRITERS))
def test_ts021_in_each_layout_loads_as_published(tmp_path, monkeypatch, layout):
    skip_marts(monkeypatch)
    name = FILE_NAMES[layout]
    con = built(tmp_path, {name: (layout, "TS021")})
    audit = con.execute(
        "SELECT adapter, extract, rows_read, rows_loaded, rows_rejected, message FROM load_audit"
    ).fetchall()
    assert len(audit) == 1
    adapter, extract, read, loaded, rejected, message = audit[0]
    assert (adapter, extract) == (LAYOUT_ADAPTERS[layout], "population")
    assert read == loaded + rejected and loaded == 19 * len(GM_AREAS)
    assert "Census TS021 Ethnic group" in message
    rows = con.execute(
        "SELECT locality_code, source_category, population, age_band, sex, characteristic, "
        "source_table, year FROM population"
    ).fetchall()
    for area, label, count, age, sex, characteristic, table, year in rows:
        assert count == group_counts(TOPICS["TS021"], area)[label]  # the value as published
        assert (age, sex, characteristic, table, year) == (None, None, "ethnicity", "TS021", 2021)
    groups = dict(con.execute("SELECT source_category, any_value(group_code) FROM population GROUP BY 1").fetchall())
    assert groups["White: English, Welsh, Scottish, Northern Irish or British"] == "A"
    assert groups["Asian, Asian British or Asian Welsh: Pakistani"] == "J"
    assert groups["Black, Black British, Black Welsh, Caribbean or African: African"] == "N"
    assert groups["White: Roma"] == "C" and groups["Other ethnic group: Arab"] == "S"
    rejects = con.execute("SELECT source_file, line_number, reason, raw_text FROM rejects").fetchall()
    assert len(rejects) == rejected
    for source_file, line, reason, raw in rejects:
        assert source_file.endswith(name) and line >= 2 and reason and raw
    hartlepool = [r for r in rejects if "E06000001 Hartlepool" in r[2]]
    assert hartlepool and all("E06000001" in r[3] for r in hartlepool)  # the record's own text
    assert all(area in GM_AREAS for (area,) in con.execute("SELECT DISTINCT locality_code FROM population").fetchall())


def test_every_table_builds_together(tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    # one layout per table, so each published count is loaded once
    chosen = {
        "ts021_nomis_api.csv": ("nomis_api", "TS021"),
        "ts038_ons_custom.csv": ("ons_custom", "TS038"),
        "ts030_nomis_bulk.csv": ("nomis_bulk", "TS030"),
        "ts077_ons_custom.csv": ("ons_custom", "TS077"),
        "ts070_nomis_bulk.csv": ("nomis_bulk", "TS070"),
        "ts007a_nomis_bulk.csv": ("nomis_bulk", "TS007A"),
    }
    con = built(tmp_path, chosen)
    tables = dict(con.execute("SELECT source_table, count(*) FROM population GROUP BY 1").fetchall())
    assert tables == {"TS021": 57, "TS038": 12, "TS030": 27, "TS077": 15, "TS070": 18, "TS007A": 54}
    audit = con.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_audit").fetchall()
    assert all(read == loaded + rejected for read, loaded, rejected in audit)
    # a group of several published categories adds up only in the marts (C = Gypsy + Roma + Other White)
    c_group = con.execute(
        "SELECT sum(population) FROM population WHERE source_table = 'TS021' AND group_code = 'C' "
        "AND locality_code = 'E08000003'"
    ).fetchone()[0]
    counts = group_counts(TOPICS["TS021"], "E08000003")
    assert c_group == sum(counts[f"White: {k}"] for k in ("Gypsy or Irish Traveller", "Roma", "Other White"))


def test_census_replaces_the_generated_population_as_the_denominator(tmp_path, demo_extracts):
    """The demo's extracts with the Census tables in place of its generated population: the
    workforce is compared with the Census population (all ages: no working-age split published)."""
    import shutil

    from pipelines import reference as ref

    src = tmp_path / "src"
    shutil.copytree(demo_extracts, src, ignore=shutil.ignore_patterns("population*"))
    areas = [(loc.code, loc.name) for loc in ref.LOCALITIES]
    WRITERS["nomis_bulk"](src / "census2021-ts021-ltla.csv", TOPICS["TS021"], areas=areas)
    WRITERS["ons_custom"](src / "TS038-disability.csv", TOPICS["TS038"], areas=areas)
    WRITERS["nomis_bulk"](src / "census2021-ts007a-ltla.csv", TOPICS["TS007A"], areas=areas)
    warehouse = tmp_path / "w.duckdb"
    build(src, warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM population WHERE source_table IS NULL").fetchone()[0] == 0
        bme = con.execute(
            "SELECT staff, total FROM workforce_representation WHERE level = 'population' AND area_code = ? "
            "AND breakdown = 'wres_ethnicity' AND group_code = 'bme' LIMIT 1",
            ["E08000003"],
        ).fetchone()
        counts = group_counts(TOPICS["TS021"], "E08000003")
        white = sum(v for k, v in counts.items() if k.startswith("White: "))
        assert bme == (counts["Total: All usual residents"] - white, counts["Total: All usual residents"])
        benchmark = con.execute(
            "SELECT benchmark_value FROM indicator_values WHERE indicator_id = 'WF_REP_POP' AND area_code = ? "
            "AND breakdown = 'wres_ethnicity' AND group_code = 'bme' AND work_stream = 'all' LIMIT 1",
            ["E08000003"],
        ).fetchone()
        assert benchmark is not None and benchmark[0] == pytest.approx(100 * bme[0] / bme[1])
