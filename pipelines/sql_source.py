"""An organisation's SQL warehouse as a source of extracts (`--source-url`).

One table or view per extract, named as the extract's file prefix (`workforce_snapshot`,
`workforce_events`, `staff_survey`, `patient_experience`, `population`, `other_indicators`,
`voices`) or mapped in a sources file. Each is read through SQLAlchemy (any database it has a
driver for: SQL Server, PostgreSQL, MariaDB / MySQL, SQLite), streamed in chunks as Arrow
into the same staging tables files use, so header mapping, validation, rejects and audit
are the same: the same rows as tables or as CSV files build the same warehouse.

Values are read as text (the database casts non-text columns; a timestamp in a date column
is read as its date), so a typed column and the same value in a CSV file load alike.
A reject names the table, the row's number as read (`line_number`) and, where the table has
a primary key (or the sources file names a `key`), the row's key (`row_key`), with the row's
values as CSV text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator

from pipelines import load as loader
from pipelines.config_files import load_yaml_model
from pipelines.errors import BuildError
from pipelines.extracts import EXTRACTS, Extract

DEFAULT_CHUNK_ROWS = 50_000
# The package to install for a missing driver module (the `[sql]` extra has the first two).
DRIVERS = {"psycopg": "psycopg[binary]", "pymysql": "PyMySQL", "pyodbc": "pyodbc", "pymssql": "pymssql"}
_EXTRACT_NAMES = {name: e for e in EXTRACTS for name in (e.name, e.patterns[0])}


class TableEntry(BaseModel):
    """Where one extract lives in the database."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    table: str
    schema_name: str | None = Field(None, alias="schema")
    key: list[str] = Field(default_factory=list)  # columns naming a row in rejects (default: the primary key)

    @field_validator("key", mode="before")
    @classmethod
    def _one_or_more(cls, value):
        return [value] if isinstance(value, str) else value


class SourcesFile(BaseModel):
    """A sources file: which table or view holds each extract (all optional)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_name: str | None = Field(None, alias="schema")  # the schema (or MariaDB / MySQL database)
    chunk_rows: PositiveInt = DEFAULT_CHUNK_ROWS
    tables: dict[str, TableEntry | str | None] = Field(default_factory=dict)

    @field_validator("tables")
    @classmethod
    def _known_extracts(cls, tables: dict) -> dict:
        unknown = [name for name in tables if name not in _EXTRACT_NAMES]
        if unknown:
            raise ValueError(
                f"no extract called {', '.join(unknown)}; use one of {', '.join(e.patterns[0] for e in EXTRACTS)}"
            )
        return tables


def read_sources_file(path: Path | None) -> SourcesFile:
    if path is None:
        return SourcesFile()
    return load_yaml_model(path, SourcesFile, "the sources file")


@dataclass(frozen=True)
class SourceTable:
    """One extract's table or view, as found in the database."""

    extract: Extract
    name: str
    schema: str | None
    kind: str  # "table" or "view"
    columns: tuple[str, ...]
    types: dict = field(hash=False, compare=False)
    key: tuple[str, ...] = ()

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass
class SqlSource:
    """A connected database and the extract tables found in it."""

    url: str  # with any password hidden: safe to print and record
    engine: sa.Engine = field(repr=False)
    tables: list[SourceTable]
    not_found: list[str]  # the extracts with no table, and what was looked for
    chunk_rows: int = DEFAULT_CHUNK_ROWS

    def for_extract(self, extract: Extract) -> list[SourceTable]:
        return [t for t in self.tables if t.extract is extract]

    def close(self) -> None:
        self.engine.dispose()


@dataclass
class TableLoad(loader.FileLoad):
    """A table's journey through a build (a `load_audit` row, like a file's)."""

    table: SourceTable | None = None
    source_url: str = ""

    @property
    def source_file(self) -> str:
        return f"{self.source_url}#{self.table.qualified_name}"

    @property
    def source_name(self) -> str:
        return self.table.qualified_name


def open_source(url: str, sources_file: Path | None = None) -> SqlSource:
    """Connect to the database at `url` and find each extract's table or view."""
    config = read_sources_file(sources_file)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.NoSuchModuleError, ImportError) as exc:
        module = getattr(exc, "name", None) or ""
        hint = f": pip install '{DRIVERS.get(module, module)}'" if module else ""
        raise BuildError(f"--source-url: no database driver for {url.split(':', 1)[0]} ({exc}){hint}") from None
    except sa.exc.ArgumentError:
        raise BuildError("--source-url: not a database URL (e.g. postgresql+psycopg://user@host/db)") from None
    shown = engine.url.render_as_string(hide_password=True)
    try:
        inspector = sa.inspect(engine)
        tables = _find_tables(inspector, config, shown)
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise BuildError(f"{shown}: cannot read the database: {_first_line(exc)}") from None
    except BaseException:
        engine.dispose()
        raise
    found = {t.extract.name for t in tables}
    not_found = [
        f"{e.name} (no table or view named {_wanted(e, config)[0]})"
        for e in EXTRACTS
        if e.name not in found and _wanted(e, config) is not None
    ]
    return SqlSource(shown, engine, tables, not_found, config.chunk_rows)


def _wanted(extract: Extract, config: SourcesFile) -> tuple[str, str | None, list[str], bool] | None:
    """(table, schema, key, named in the sources file) for an extract, or None if mapped to nothing."""
    names = [n for n in (extract.patterns[0], extract.name) if n in config.tables]
    if not names:
        return extract.patterns[0], config.schema_name, [], False
    entry = config.tables[names[0]]
    if entry is None:
        return None
    if isinstance(entry, str):
        return entry, config.schema_name, [], True
    return entry.table, entry.schema_name or config.schema_name, entry.key, True


def _find_tables(inspector, config: SourcesFile, shown: str) -> list[SourceTable]:
    listed: dict[str | None, dict[str, tuple[str, str]]] = {}
    tables = []
    for extract in EXTRACTS:
        wanted = _wanted(extract, config)
        if wanted is None:
            continue
        name, schema, key, configured = wanted
        if schema not in listed:
            listed[schema] = {n.lower(): (n, "table") for n in inspector.get_table_names(schema=schema)}
            for n in inspector.get_view_names(schema=schema):
                listed[schema].setdefault(n.lower(), (n, "view"))
        match = listed[schema].get(name.lower())
        if match is None:
            if configured:
                where = f"schema {schema}" if schema else "the default schema"
                raise BuildError(
                    f"{shown}: the sources file puts {extract.name} in {name}, but {where} has no table "
                    f"or view of that name (it has: {', '.join(sorted(n for n, _ in listed[schema].values())[:30])})"
                )
            continue
        actual, kind = match
        columns = inspector.get_columns(actual, schema=schema)
        names = tuple(c["name"] for c in columns)
        if not key and kind == "table":
            key = inspector.get_pk_constraint(actual, schema=schema).get("constrained_columns") or []
        missing_key = [k for k in key if k not in names]
        if missing_key:
            raise BuildError(f"{shown}#{actual}: key column(s) {', '.join(missing_key)} not in the table")
        tables.append(
            SourceTable(extract, actual, schema, kind, names, {c["name"]: c["type"] for c in columns}, tuple(key))
        )
    return tables


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _as_text(table: SourceTable, column: str, dialect: str, is_date: bool) -> sa.ColumnElement:
    """The column as the text a CSV export would hold: text columns as they are; others cast
    by the database; a timestamp in a date column as its date."""
    value = sa.column(column)
    kind = table.types.get(column)
    if isinstance(kind, sa.String):
        return value
    if is_date and isinstance(kind, sa.DateTime):
        return sa.func.date(value) if dialect == "sqlite" else sa.cast(sa.cast(value, sa.Date), sa.Unicode)
    return sa.cast(value, sa.Unicode)


def _text_array(values: tuple) -> pa.Array:
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a driver handed back a non-text value
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def stage_table(con: duckdb.DuckDBPyConnection, extract: Extract, load: TableLoad, source: SqlSource) -> list[dict]:
    """Stream one table into the extract's staging table; return rows rejected on reading
    (a value holding a NUL character) as reject records. Fails the build if unreadable."""
    table = load.table
    mapping = loader.map_headers(extract, table.columns, load.source_file)
    mapped = [c for c in extract.columns if c.name in mapping]
    dialect = source.engine.dialect.name
    exprs = [_as_text(table, mapping[c.name], dialect, c.type == "date").label(c.name) for c in mapped]
    exprs += [_as_text(table, k, dialect, False).label(f"key_{i}") for i, k in enumerate(table.key)]
    statement = sa.select(*exprs).select_from(
        sa.table(table.name, *(sa.column(c) for c in table.columns), schema=table.schema)
    )
    if table.key:
        statement = statement.order_by(*(sa.column(k) for k in table.key))
    staged_cols = ", ".join(loader.quote_ident(c.name) if c.name in mapping else "NULL" for c in extract.columns)
    key_text = " || ', ' || ".join(f"? || '=' || coalesce(key_{i}, '')" for i in range(len(table.key)))
    if table.key:
        con.execute("CREATE TEMP TABLE IF NOT EXISTS sql_row_keys (load_id INTEGER, ordinal BIGINT, row_key VARCHAR)")
    names = ["ordinal", *(c.name for c in mapped), *(f"key_{i}" for i in range(len(table.key)))]
    rows_read = 0
    try:
        with source.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=source.chunk_rows).execute(statement)
            for rows in result.partitions():
                columns = list(zip(*rows, strict=True))
                ordinals = pa.array(range(rows_read + 1, rows_read + len(rows) + 1), type=pa.int64())
                con.register("sql_chunk", pa.table([ordinals, *map(_text_array, columns)], names=names))
                con.execute(
                    f"INSERT INTO {loader.staging_table(extract)} SELECT ?, ordinal, {staged_cols} FROM sql_chunk",
                    [load.load_id],
                )
                if table.key:
                    con.execute(
                        f"INSERT INTO sql_row_keys SELECT ?, ordinal, {key_text} FROM sql_chunk",
                        [load.load_id, *table.key],
                    )
                con.unregister("sql_chunk")
                rows_read += len(rows)
    except sa.exc.SQLAlchemyError as exc:
        raise BuildError(f"{load.source_file}: cannot be read: {_first_line(exc)}") from None
    load.rows_read = rows_read
    ignored = [c for c in table.columns if c not in mapping.values() and c not in table.key]
    load.ignored_columns = ignored
    if ignored:
        load.message = f"ignored unrecognised column(s): {', '.join(ignored)}"
    return _reject_nul_values(con, extract, load, [c.name for c in mapped])


def _reject_nul_values(
    con: duckdb.DuckDBPyConnection, extract: Extract, load: TableLoad, columns: list[str]
) -> list[dict]:
    """Rows with a NUL character in a value: rejected (and taken out of staging), never loaded.
    (A CSV file's NUL lines are caught before reading, by `pipelines.file_checks`.)"""
    if not columns:
        return []
    whens = " ".join(f"WHEN contains({loader.quote_ident(c)}, chr(0)) THEN '{c}'" for c in columns)
    first_nul = f"CASE {whens} END"
    found = con.execute(
        f"SELECT ordinal, {first_nul} FROM {loader.staging_table(extract)} "
        f"WHERE load_id = ? AND {first_nul} IS NOT NULL ORDER BY ordinal",
        [load.load_id],
    ).fetchall()
    if not found:
        return []
    located = locate_rows(con, extract, load, [o for o, _ in found])
    con.execute(
        f"DELETE FROM {loader.staging_table(extract)} WHERE load_id = ? AND ordinal IN (SELECT unnest(?))",
        [load.load_id, [o for o, _ in found]],
    )
    return [
        {
            "line_number": ordinal,
            "raw_text": located[ordinal][1],
            "reason": f"{column} contains a NUL character (a control character, not text)",
            "row_key": located[ordinal][2],
        }
        for ordinal, column in found
    ]


def locate_rows(
    con: duckdb.DuckDBPyConnection, extract: Extract, load: TableLoad, ordinals: list[int]
) -> dict[int, tuple[int, str, str | None]]:
    """Row number, values as CSV text and key of the given rows of a table."""
    if not ordinals:
        return {}
    present = loader.map_headers(extract, load.table.columns, load.source_file)
    raw = loader.staged_raw_text(con, extract, load.load_id, ordinals, present)
    keys: dict[int, str] = {}
    if load.table.key:
        keys = dict(
            con.execute(
                "SELECT ordinal, row_key FROM sql_row_keys WHERE load_id = ? AND ordinal IN (SELECT unnest(?))",
                [load.load_id, ordinals],
            ).fetchall()
        )
    return {o: (o, raw.get(o, ""), keys.get(o)) for o in ordinals}
