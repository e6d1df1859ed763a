"""Test databases for the SQL-source tests: a schema (PostgreSQL) or database (MariaDB) of
this helper's own per test run, dropped afterwards, and a copy of a CSV folder's rows into
tables named as the extracts' file prefixes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from pipelines.load import identify

POSTGRES_URL = os.environ.get("GMEQ_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MARIADB_URL = os.environ.get("GMEQ_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4")
PREFIX = "gmeq_h2_"  # every schema, database and table these tests make starts so


def server_engine(url: str, name: str) -> sa.Engine:
    """An engine for a running server, or a skip saying which server is not running."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        pytest.skip(f"{name} is not running at {engine.url.render_as_string(hide_password=True)}: {exc.orig}")
    return engine


@contextmanager
def own_schema(engine: sa.Engine) -> Iterator[str]:
    """A schema (PostgreSQL) or database (MariaDB / MySQL) made for one test and dropped after."""
    name = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    quoted = engine.dialect.identifier_preparer.quote(name)
    create = f"CREATE DATABASE {quoted} CHARACTER SET utf8mb4" if engine.dialect.name == "mysql" else None
    with engine.begin() as conn:
        conn.execute(sa.text(create) if create else sa.schema.CreateSchema(name))
    try:
        yield name
    finally:
        with engine.begin() as conn:
            if engine.dialect.name == "mysql":
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {quoted}"))
            else:
                conn.execute(sa.schema.DropSchema(name, cascade=True, if_exists=True))


def csv_rows(path: Path) -> tuple[list[str], list[tuple]]:
    """The header and rows of a CSV file as the loader's reader parses them (all text)."""
    with duckdb.connect() as con:
        relation = con.execute(
            "SELECT * FROM read_csv(?, all_varchar=true, header=true, ignore_errors=true)", [str(path)]
        )
        headers = [d[0].strip() for d in relation.description]
        return headers, relation.fetchall()


def copy_folder_to_tables(folder: Path, engine: sa.Engine, schema: str | None = None, prefix: str = "") -> dict:
    """One text-column table per extract file in `folder`, holding the file's rows; returns
    extract name -> table name."""
    tables = {}
    metadata = sa.MetaData(schema=schema)
    for path in sorted(folder.iterdir()):
        extract = identify(path)
        if extract is None:
            continue
        headers, rows = csv_rows(path)
        name = f"{prefix}{extract.patterns[0]}"
        table = sa.Table(name, metadata, *(sa.Column(h, sa.Text) for h in headers))
        metadata.create_all(engine, tables=[table])
        with engine.begin() as conn:
            for start in range(0, len(rows), 5_000):
                conn.execute(
                    table.insert(), [dict(zip(headers, row, strict=True)) for row in rows[start : start + 5_000]]
                )
        tables[extract.name] = name
    return tables
