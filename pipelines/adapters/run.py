"""Running an adapter: a published file's records -> rows of its target extract's staging table.

Steps, the same for every adapter: read the records (`read`), reshape them (the column map,
or the adapter's reshaper), apply constants, code maps and suppression markers, then stage
the rows where a canonical file's rows go. Each staged row remembers the record it came from
(`adapter_rows`), so a reject names the record's first line and keeps its whole raw text.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import load as loader
from pipelines.adapters import HeaderMatch, read
from pipelines.adapters.spec import AdapterSpec, normalise
from pipelines.errors import BuildError
from pipelines.extracts import Extract

LOCATION_TABLE = "adapter_rows"


@dataclass
class AdapterContext:
    """What a reshaper may need beyond the file: lookups the user supplied with it."""

    practice_localities: dict[str, str] = field(default_factory=dict)  # GP practice code -> locality code
    source_dir: Path | None = None


@dataclass
class Reshaped:
    """A reshaper's output: rows in extract columns (text) with the index of the record each
    came from (`record`; optional `row_key`, e.g. the wide column a value came from), the
    records it rejected with a reason, and what it read."""

    rows: pd.DataFrame
    rejects: list[tuple[int, str]] = field(default_factory=list)  # (record index, reason)
    used: set[str] = field(default_factory=set)  # headers it read (the others are listed as unused)
    notes: list[str] = field(default_factory=list)  # said on the console and kept in load_audit


@dataclass
class AdapterLoad(loader.FileLoad):
    """A published file's journey through a build: a `load_audit` row like a canonical file's."""

    match: HeaderMatch | None = None


def fields_of(table: read.RawTable, spec: AdapterSpec) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """Each record's fields, padded when up to `short_rows` short (older exports); records of
    another length are rejected with the count."""
    width = len(table.headers)
    while width and not table.headers[width - 1].strip():
        width -= 1  # a trailing empty header cell is not a column
    kept, rejects = [], []
    for i, record in enumerate(table.records):
        values = record.fields
        extra = values[width:]
        if any(v.strip() for v in extra):
            rejects.append((i, f"too many fields on the record ({len(values)}, the header has {width})"))
            values = None
        elif len(values) < width - spec.short_rows:
            rejects.append((i, f"too few fields on the record ({len(values)}, the header has {width})"))
            values = None
        else:
            values = values[:width] + [""] * (width - len(values))
        kept.append(values)
    return kept, rejects


def map_columns(table: read.RawTable, spec: AdapterSpec, match: HeaderMatch) -> Reshaped:
    """The default reshape: one row per record, extract columns taken from the mapped headers."""
    fields, rejects = fields_of(table, spec)
    position = {h: i for i, h in enumerate(table.headers)}
    sources = {}
    for column, reference in spec.columns.items():
        header = match.source_column(reference)
        if header is not None:
            sources[column] = position[header]
    keep = [i for i, values in enumerate(fields) if values is not None]
    rows = pd.DataFrame(
        {column: [fields[i][at] for i in keep] for column, at in sources.items()}, index=range(len(keep)), dtype=object
    )
    rows["record"] = keep
    used = {table.headers[at] for at in sources.values()}
    return Reshaped(rows, rejects, used)


def _reshaper(spec: AdapterSpec):
    if not spec.reshaper:
        return None
    try:
        module = importlib.import_module(f"pipelines.adapters.{spec.reshaper}")
    except ImportError as exc:
        raise BuildError(f"{spec.path}: reshaper {spec.reshaper} cannot be imported ({exc})") from None
    return module.reshape


def apply_rules(rows: pd.DataFrame, spec: AdapterSpec) -> pd.DataFrame:
    """Constants, code maps and suppression markers, on extract columns."""
    for column, value in spec.constants.items():
        if column not in rows or rows[column].isna().all():
            rows[column] = value
    for column, codes in spec.codes.items():
        if column in rows:
            lookup = {normalise(k): v for k, v in codes.items()}
            rows[column] = [lookup.get(normalise(v), v) if isinstance(v, str) else v for v in rows[column]]
    rules = spec.suppression
    if rules is None:
        return rows
    markers = {normalise(m) for m in rules.markers}
    suppressed = pd.Series(False, index=rows.index)
    marker_seen = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    for column in rules.columns:
        if column not in rows:
            continue
        text = rows[column].map(lambda v: normalise(v) if isinstance(v, str) else "")
        hit = text.isin(markers)
        marker_seen = marker_seen.where(~hit | marker_seen.notna(), rows[column].str.strip())
        rows.loc[hit, column] = None
        suppressed |= hit
    if rules.blank_with_note and rules.blank_with_note in rows:
        note = rows[rules.blank_with_note].fillna("").astype(str).str.strip()
        blank = pd.Series(True, index=rows.index)
        for column in rules.columns:
            if column in rows:
                blank &= rows[column].fillna("").astype(str).str.strip() == ""
        suppressed |= blank & (note != "")
    if rules.flag:
        rows[rules.flag] = suppressed.map({True: "true", False: "false"})
    if rules.note:
        current = rows[rules.note] if rules.note in rows else pd.Series([None] * len(rows), index=rows.index)
        blank_note = current.fillna("").astype(str).str.strip() == ""
        rows[rules.note] = current.where(~(blank_note & marker_seen.notna()), "published as " + marker_seen.fillna(""))
    return rows


def read_tables(path: Path, spec: AdapterSpec, match: HeaderMatch) -> list[read.RawTable]:
    if read.file_format(path) == "csv":
        return [read.read_csv(path)]
    tables = read.xlsx_sheets(path, spec.header.sheets, spec.header.marker, spec.header.search_rows)
    return [t for t in tables if not match_missing(spec, t)]


def match_missing(spec: AdapterSpec, table: read.RawTable) -> list[str]:
    from pipelines.adapters import match_header

    return match_header(spec, table.headers, table.sheet).missing


def stage_adapter_file(
    con: duckdb.DuckDBPyConnection, extract: Extract, load: AdapterLoad, context: AdapterContext
) -> list[dict]:
    """Read, reshape and stage one published file; return the records rejected before
    validation (wrong field count, or the reshaper's reasons) as reject records."""
    from pipelines.adapters import match_header

    spec = load.match.spec
    reshape = _reshaper(spec)
    con.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {LOCATION_TABLE} "
        "(load_id INTEGER, ordinal BIGINT, line_number BIGINT, raw_text VARCHAR, row_key VARCHAR)"
    )
    parse_rejects: list[dict] = []
    staged = 0
    unused: list[str] = []
    for table in read_tables(load.path, spec, load.match):
        match = match_header(spec, table.headers, table.sheet)
        result = reshape(table, spec, context, match) if reshape else map_columns(table, spec, match)
        rows = apply_rules(result.rows.copy(), spec)
        for note in result.notes:
            load.message = "; ".join(m for m in (load.message, note) if m)
        where = f"sheet {table.sheet}" if table.sheet else None
        for index, reason in result.rejects:
            record = table.records[index]
            parse_rejects.append(
                {"line_number": record.line_number, "raw_text": record.raw_text, "reason": reason, "row_key": where}
            )
        staged += _stage_rows(con, extract, load, table, rows, staged, where)
        used = result.used | {match.source_column(r) for r in spec.columns.values()} | set(spec.uses)
        used_normal = {normalise(u) for u in used if u}
        unused += [h for h in table.headers if h.strip() and normalise(h) not in used_normal and h not in unused]
    load.rows_read = staged + len(parse_rejects)
    load.ignored_columns = unused
    if unused:
        load.message = "; ".join(m for m in (load.message, f"columns not used: {listed(unused, 200)}") if m)
    return parse_rejects


def _stage_rows(
    con: duckdb.DuckDBPyConnection,
    extract: Extract,
    load: AdapterLoad,
    table: read.RawTable,
    rows: pd.DataFrame,
    offset: int,
    where: str | None,
) -> int:
    if rows.empty:
        return 0
    rows = rows.reset_index(drop=True)
    ordinals = range(offset + 1, offset + len(rows) + 1)
    staged = pd.DataFrame({"load_id": load.load_id, "ordinal": list(ordinals)})
    for column in extract.columns:
        values = rows[column.name] if column.name in rows else None
        staged[column.name] = None if values is None else [None if _blank(v) else str(v) for v in values]
    records = [table.records[i] for i in rows["record"]]
    keys = rows["row_key"] if "row_key" in rows else pd.Series([None] * len(rows))
    location = pd.DataFrame(
        {
            "load_id": load.load_id,
            "ordinal": list(ordinals),
            "line_number": [r.line_number for r in records],
            "raw_text": [r.raw_text for r in records],
            "row_key": [", ".join(k for k in (where, key) if k) or None for key in keys],
        }
    )
    con.register("adapter_staged", staged)
    con.execute(f"INSERT INTO {loader.staging_table(extract)} SELECT * FROM adapter_staged")
    con.unregister("adapter_staged")
    con.register("adapter_location", location)
    con.execute(f"INSERT INTO {LOCATION_TABLE} SELECT * FROM adapter_location")
    con.unregister("adapter_location")
    return len(rows)


def practice_lookup(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """GP practice code -> locality code, from the loaded `practice_localities` rows."""
    rows = con.execute("SELECT upper(trim(practice_code)), locality_code FROM practice_localities").fetchall()
    return dict(rows)


def listed(names: list[str], limit: int = 15) -> str:
    """Names for a message: the first `limit`, then how many more."""
    shown = ", ".join(map(str, names[:limit]))
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def locate_rows(con: duckdb.DuckDBPyConnection, load_id: int, ordinals: list[int]) -> dict[int, tuple]:
    """(first line, raw record text, row key) of staged rows of an adapter's file."""
    if not ordinals:
        return {}
    rows = con.execute(
        f"SELECT ordinal, line_number, raw_text, row_key FROM {LOCATION_TABLE} "
        "WHERE load_id = ? AND ordinal IN (SELECT unnest(?))",
        [load_id, ordinals],
    ).fetchall()
    return {o: (line, raw, key) for o, line, raw, key in rows}
