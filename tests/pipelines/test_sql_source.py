"""An organisation's SQL warehouse as a source, against real SQLite, PostgreSQL and MariaDB
(each test skips with a message only where its server is not running): the same rows as
tables or as a CSV folder build the same warehouse; typed columns load like their text;
rejects name the table, row and key; sources files, views, both sources at once, and
errors that name the database without its password."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
import yaml

from pipelines import sql_source
from pipelines.build import build
from pipelines.load import BuildError
from tests.pipelines.bad_inputs import (
    EVENTS_HEADER,
    audit_and_rejects,
    event,
    event_values,
    skip_marts,
    write_lines,
)
from tests.pipelines.sql_tables import MARIADB_URL, POSTGRES_URL, copy_folder_to_tables, own_schema, server_engine
from tests.pipelines.test_build import AUDIT_TABLES, content_digest

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", "postgresql", "mariadb"]


class Database:
    """A place to put extract tables: an engine, the URL a build connects with, a schema."""

    def __init__(self, engine: sa.Engine, url: str, schema: str | None, folder: Path):
        self.engine, self.url, self.schema, self.folder = engine, url, schema, folder

    def sources_file(self, **config) -> Path:
        path = self.folder / "sources.yaml"
        path.write_text(yaml.safe_dump({"schema": self.schema, **config}))
        return path

    def table(self, name: str, *columns: sa.Column) -> sa.Table:
        table = sa.Table(name, sa.MetaData(schema=self.schema), *columns)
        table.create(self.engine)
        return table

    def insert(self, table: sa.Table, rows: list[dict]) -> None:
        with self.engine.begin() as conn:
            conn.execute(table.insert(), rows)

    def execute(self, sql: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.text(sql))

    def qualified(self, name: str) -> str:
        return f"{self.schema}.{name}" if self.schema else name


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path) -> Database:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'source.sqlite'}"
        engine = sa.create_engine(url)
        yield Database(engine, url, None, tmp_path)
        engine.dispose()
        return
    url, name = (POSTGRES_URL, "PostgreSQL") if request.param == "postgresql" else (MARIADB_URL, "MariaDB")
    engine = server_engine(url, name)
    with own_schema(engine) as schema:
        yield Database(engine, url, schema, tmp_path)
    engine.dispose()


@pytest.mark.slow
def test_the_same_demo_rows_as_tables_or_as_a_csv_folder_build_the_same_warehouse(
    database, demo_extracts, demo_warehouse, tmp_path
):
    tables = copy_folder_to_tables(demo_extracts, database.engine, database.schema)
    assert set(tables) == {
        "workforce",
        "workforce_events",
        "staff_survey",
        "patient_experience",
        "population",
        "other_indicators",
        "voices",
    }
    warehouse = tmp_path / "from_tables.duckdb"
    summary = build(None, warehouse, source_url=database.url, sources_file=database.sources_file(chunk_rows=7_000))
    ignore = AUDIT_TABLES | {"reject_summary"}  # which files / tables the rows came from
    from_files = {k: v for k, v in content_digest(demo_warehouse).items() if k not in ignore}
    from_tables = {k: v for k, v in content_digest(warehouse).items() if k not in ignore}
    assert from_tables == from_files
    with duckdb.connect(str(warehouse), read_only=True) as tables_con:
        audit = tables_con.execute(
            "SELECT extract, file_format, rows_read, rows_loaded, rows_rejected FROM load_audit ORDER BY load_id"
        ).fetchall()
        rejects = tables_con.execute("SELECT source_file, line_number, raw_text, reason FROM rejects").fetchall()
    with duckdb.connect(str(demo_warehouse), read_only=True) as files_con:
        loaded_from_files = files_con.execute("SELECT extract, rows_loaded FROM load_audit ORDER BY load_id").fetchall()
        file_rejects = files_con.execute(
            "SELECT count(*) FROM rejects WHERE reason NOT LIKE 'unreadable line%'"
        ).fetchone()[0]
    assert [(a[0], a[3]) for a in audit] == loaded_from_files
    assert all(read == loaded + rejected for _, _, read, loaded, rejected in audit)
    assert {a[1] for a in audit} == {"table"}
    assert len(rejects) == file_rejects == summary.rows_rejected  # every reject but the CSV-only ragged lines
    assert all(f"#{database.qualified('')}" in source for source, *_ in rejects)
    assert all(line and raw and reason for _, line, raw, reason in rejects)


def typed_rows() -> list[dict]:
    """Events as a typed table holds them (timestamps, NULLs), in no particular order of id."""
    return [
        {"id": 3, **event_values(1, event_date=datetime(2024, 6, 1))},
        {
            "id": 1,
            **event_values(2, event_date=datetime(2024, 7, 2), event_type="Appointed", organisation_code="r0a"),
            **{"locality_code": "Manchester", "afc_band": None, "sex": "Male", "ethnicity": None, "disability": "Y"},
        },
        {"id": 2, **event_values(3, event_date=datetime(2099, 1, 1))},
        {"id": 9, **event_values(4, event_date=datetime(2024, 6, 3), event_type="promoted")},
    ]


def test_typed_columns_load_like_their_text_and_rejects_name_table_row_and_key(database, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    events = database.table(
        "workforce_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("event_date", sa.DateTime),
        *(sa.Column(c, sa.String(40)) for c in EVENTS_HEADER.split(",")[1:]),
    )
    database.insert(events, typed_rows())
    survey = database.table(
        "staff_survey",
        sa.Column("Survey Year", sa.Integer),
        sa.Column("organisation_code", sa.String(10)),
        sa.Column("question_code", sa.String(40)),
        sa.Column("characteristic", sa.String(40)),
        sa.Column("group_code", sa.String(40)),
        sa.Column("respondents", sa.Numeric(10, 2)),
        sa.Column("positive", sa.BigInteger),
        sa.Column("weight", sa.Float),  # not an extract column: ignored, and said so
    )
    database.insert(
        survey,
        [
            {
                "Survey Year": 2024,
                "organisation_code": "R0A",
                "question_code": "harassment_public",
                "characteristic": "all",
                "group_code": "all",
                "respondents": Decimal("100.00"),
                "positive": 30,
                "weight": 1.5,
            },
            {
                "Survey Year": 2024,
                "organisation_code": "R0A",
                "question_code": "harassment_public",
                "characteristic": "sex",
                "group_code": "=1+2",
                "respondents": Decimal("50.25"),
                "positive": 3,
                "weight": None,
            },
        ],
    )
    warehouse = tmp_path / "from_tables.duckdb"
    build(None, warehouse, source_url=database.url, sources_file=database.sources_file())

    src = tmp_path / "csv"
    write_lines(
        src,
        "workforce_events.csv",
        [
            EVENTS_HEADER,
            event(
                1,
                person_ref="SYN-2",
                event_date="2024-07-02",
                event_type="Appointed",
                organisation_code="r0a",
                locality_code="Manchester",
                afc_band="",
                sex="Male",
                ethnicity="",
                disability="Y",
            ),
            event(2, person_ref="SYN-1"),
        ],
    )
    write_lines(
        src,
        "staff_survey.csv",
        [
            "survey_year,organisation_code,question_code,characteristic,group_code,respondents,positive",
            "2024,R0A,harassment_public,all,all,100,30",
        ],
    )
    build(src, tmp_path / "from_files.duckdb")

    def facts(path: Path) -> dict[str, list]:
        with duckdb.connect(str(path), read_only=True) as con:
            return {
                t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("workforce_events", "staff_survey")
            }

    assert facts(warehouse) == facts(tmp_path / "from_files.duckdb")
    audit, _ = audit_and_rejects(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rejects = con.execute(
            "SELECT extract, source_file, line_number, row_key, reason, raw_text FROM rejects "
            "ORDER BY extract, line_number"
        ).fetchall()
        messages = dict(con.execute("SELECT extract, message FROM load_audit").fetchall())
        summary_files = {r[0] for r in con.execute("SELECT source_file FROM reject_summary").fetchall()}
    shown_url = sa.make_url(database.url).render_as_string(hide_password=True)
    today = date.today().isoformat()
    assert rejects == [
        (
            "staff_survey",
            f"{shown_url}#{database.qualified('staff_survey')}",
            2,
            None,
            "unknown group_code for sex: '=1+2'; respondents is not a whole number: '50.25'",
            "2024,R0A,harassment_public,sex,=1+2,50.25,3",
        ),
        (
            "workforce_events",
            f"{shown_url}#{database.qualified('workforce_events')}",
            2,
            "id=2",
            f"event_date is in the future: 2099-01-01 (after {today})",
            "2099-01-01,shortlisted,SYN-3,R0A,E08000003,5,F,A,N",
        ),
        (
            "workforce_events",
            f"{shown_url}#{database.qualified('workforce_events')}",
            4,
            "id=9",
            "unknown event_type code 'promoted'",
            "2024-06-03,promoted,SYN-4,R0A,E08000003,5,F,A,N",
        ),
    ]
    assert [a[1:4] for a in audit] == [(4, 2, 2), (2, 1, 1)]
    assert messages["staff_survey"] == "ignored unrecognised column(s): weight"
    assert summary_files == {database.qualified("staff_survey"), database.qualified("workforce_events")}


@pytest.mark.parametrize("database", ["sqlite", "mariadb"], indirect=True)  # PostgreSQL text cannot hold a NUL
def test_a_nul_character_in_a_value_is_rejected_naming_the_column(database, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    events = database.table("workforce_events", *(sa.Column(c, sa.Text) for c in EVENTS_HEADER.split(",")))
    database.insert(events, [event_values(1), event_values(2, person_ref="SYN-\x002")])
    build(None, tmp_path / "w.duckdb", source_url=database.url, sources_file=database.sources_file())
    audit, rejects = audit_and_rejects(tmp_path / "w.duckdb")
    assert audit[0][1:4] == (2, 1, 1)
    assert rejects[2][1] == "person_ref contains a NUL character (a control character, not text)"
    assert "SYN-\\x002" in rejects[2][2]


def test_a_sources_file_maps_extracts_to_other_tables_and_views(database, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    header = EVENTS_HEADER.split(",")
    events = database.table("gmeq_h2_esr_events", *(sa.Column(c, sa.Text) for c in header))
    database.insert(events, [event_values(n) for n in (1, 2, 3)])
    database.execute(
        f"CREATE VIEW {database.qualified('gmeq_h2_recent_events')} AS SELECT * FROM "
        f"{database.qualified('gmeq_h2_esr_events')} WHERE person_ref <> 'SYN-3'"
    )
    voices = database.table("voices", sa.Column("voice_id", sa.Text))  # mapped to nothing: not read
    database.insert(voices, [{"voice_id": "V1"}])
    sources = database.sources_file(tables={"workforce_events": "GMEQ_H2_RECENT_EVENTS", "voices": None})
    summary = build(None, tmp_path / "w.duckdb", source_url=database.url, sources_file=sources)
    assert [(ld.extract, ld.file_format, ld.rows_loaded) for ld in summary.loads] == [("workforce_events", "view", 2)]
    assert "voices" not in " ".join(summary.not_found)
    assert "workforce (no table or view named workforce_snapshot)" in summary.not_found


def test_files_and_tables_together_each_extract_from_either_or_both(database, tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    header = EVENTS_HEADER.split(",")
    events = database.table("workforce_events", *(sa.Column(c, sa.Text) for c in header))
    database.insert(events, [event_values(n) for n in (1, 2)])
    src = tmp_path / "files"
    write_lines(src, "workforce_events.csv", [EVENTS_HEADER, event(2), event(3)])  # SYN-2 is in both
    write_lines(
        src,
        "staff_survey.csv",
        [
            "survey_year,organisation_code,question_code,characteristic,group_code,respondents,positive",
            "2024,R0A,harassment_public,all,all,100,30",
        ],
    )
    summary = build(src, tmp_path / "w.duckdb", source_url=database.url, sources_file=database.sources_file())
    assert [(ld.source_name, ld.rows_loaded, ld.rows_rejected) for ld in summary.loads] == [
        ("workforce_events.csv", 2, 0),
        (database.qualified("workforce_events"), 1, 1),  # the table's SYN-2 duplicates the file's
        ("staff_survey.csv", 1, 0),
    ]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT source_dir, source_url FROM builds").fetchone() == (
            str(src),
            sa.make_url(database.url).render_as_string(hide_password=True),
        )


def test_database_problems_stop_the_build_with_a_message_naming_the_database(tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    with pytest.raises(BuildError, match="not a database URL"):
        build(None, tmp_path / "w.duckdb", source_url="no such thing")
    with pytest.raises(BuildError, match="no database driver for nosuchdb"):
        build(None, tmp_path / "w.duckdb", source_url="nosuchdb://x/y")
    refused = "postgresql+psycopg://analyst:s3cret@127.0.0.1:1/test"
    with pytest.raises(BuildError) as failure:
        build(None, tmp_path / "w.duckdb", source_url=refused)
    assert "postgresql+psycopg://analyst:***@127.0.0.1:1/test: cannot read the database" in str(failure.value)
    assert "s3cret" not in str(failure.value)
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    with pytest.raises(BuildError, match="no extract tables or views"):
        build(None, tmp_path / "w.duckdb", source_url=empty)
    with pytest.raises(BuildError, match="nothing to build from"):
        build(None, tmp_path / "w.duckdb")
    assert not (tmp_path / "w.duckdb").exists()


def test_sources_file_mistakes_are_named(tmp_path, monkeypatch):
    skip_marts(monkeypatch)
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    engine = sa.create_engine(url)
    sa.Table("voices", sa.MetaData(), sa.Column("voice_id", sa.Text)).create(engine)
    engine.dispose()
    bad = tmp_path / "sources.yaml"
    bad.write_text("tables:\n  workforce_snapshots: esr\n")
    named = r"sources\.yaml: 1 problem\(s\):\n  tables: .*no extract called workforce_snapshots"
    with pytest.raises(BuildError, match=named):
        build(None, tmp_path / "w.duckdb", source_url=url, sources_file=bad)
    bad.write_text("tables:\n  workforce: esr_v\n")
    with pytest.raises(BuildError, match="puts workforce in esr_v, but the default schema has no table .*voices"):
        build(None, tmp_path / "w.duckdb", source_url=url, sources_file=bad)
    bad.write_text("chunk_rows: 0\n")
    with pytest.raises(BuildError, match="chunk_rows: Input should be greater than 0"):
        build(None, tmp_path / "w.duckdb", source_url=url, sources_file=bad)
    bad.write_text("tables:\n  voices: {table: voices, key: nope}\n")
    with pytest.raises(BuildError, match="key column"):
        build(None, tmp_path / "w.duckdb", source_url=url, sources_file=bad)
    with pytest.raises(BuildError, match="cannot read the sources file"):
        sql_source.read_sources_file(tmp_path / "missing.yaml")


def test_the_command_line_builds_from_a_database(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    engine = sa.create_engine(url)
    header = EVENTS_HEADER.split(",")
    table = sa.Table("workforce_events", sa.MetaData(), *(sa.Column(c, sa.Text) for c in header))
    table.create(engine)
    with engine.begin() as conn:
        conn.execute(table.insert(), [event_values(n) for n in (1, 2, 2)])
    engine.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "build", "--warehouse", str(tmp_path / "w.duckdb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", "GMEQ_SOURCE_URL": url},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "workforce_events │ workforce_events │    3 │      2 │        1" in done.stdout
    assert "Not in the database: voices (no table or view named voices)" in done.stdout
    assert "exact duplicate of an earlier row of this extract" in done.stdout


def test_the_example_sources_file_is_valid():
    config = sql_source.read_sources_file(ROOT / "config" / "sql_sources.example.yaml")
    assert config.schema_name == "equality" and config.tables["population"] is None
    assert config.tables["patient_experience"].key == ["response_id", "question_code"]
