"""Read -> normalise -> validate -> load, for every extract, with nothing lost.

Each file is read by DuckDB's own readers as text, its headers are mapped to the extract's
columns, every value is normalised and checked in set-based SQL, and each row either loads
into the extract's fact table or goes to `rejects` with its file, line, raw text and reason.
For every file `rows_read = rows_loaded + rows_rejected` (blank lines are not rows).

Duplicate rule: a row whose normalised values all equal an earlier valid row of the same
extract (earlier file, or earlier line of the same file) is rejected as an exact duplicate.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import file_checks
from pipelines import reference as ref
from pipelines.errors import BuildError
from pipelines.extracts import ALL_EXTRACTS, Column, Extract, code_lists

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y", "%d %b %Y", "%d %B %Y")
TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")

# Labels real extracts use in place of codes, beyond each code list's own labels.
CODE_SYNONYMS: dict[str, dict[str, str]] = {
    "sex": {"female": "F", "male": "M", "woman": "F", "man": "M", "1": "M", "2": "F"},
    "disability": {"yes": "Y", "no": "N", "disabled": "Y", "not disabled": "N"},
    "pregnancy": {"yes": "Y", "no": "N"},
    "carer": {"yes": "Y", "no": "N"},
    "refugee_asylum": {"yes": "Y", "no": "N"},
    "homeless": {"yes": "Y", "no": "N"},
    "migrant_worker": {"yes": "Y", "no": "N"},
    "band": {f"band {b}": b for b in ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")},
    "survey_characteristic": {"ethnicity": "wres_ethnicity", "overall": "all"},
    "breakdown": {"total": "all", "persons": "all"},
}
UNKNOWN_SYNONYMS = {
    "not stated": ref.NOT_STATED,
    "prefer not to say": ref.NOT_STATED,
    "declined": ref.NOT_STATED,
    "not known": ref.NOT_KNOWN,
    "unknown": ref.NOT_KNOWN,
    "not recorded": ref.NOT_KNOWN,
    "null": ref.NOT_KNOWN,
    "n/a": ref.NOT_KNOWN,
}
CHARACTERISTIC_LISTS = {c.code for c in ref.CHARACTERISTICS}
DUPLICATE_REASON = "exact duplicate of an earlier row of this extract"
# A too-long line is rejected before reading (file_checks); locating records must still pass it.
csv.field_size_limit(1 << 30)


@dataclass
class FileLoad:
    """One file's journey through a build: what `load_audit` records."""

    load_id: int
    extract: str
    path: Path
    file_format: str
    sha256: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    message: str = ""
    adapter: str = "canonical"  # the adapter that read it ('canonical' for our own extracts)
    ignored_columns: list[str] = field(default_factory=list)  # headers no extract column uses
    started_at: float = field(default_factory=time.time)
    finished_at: float = 0.0

    @property
    def status(self) -> str:
        return "loaded with rejects" if self.rows_rejected else "loaded"

    @property
    def source_file(self) -> str:
        """Where the rows came from, as `load_audit` and `rejects` record it."""
        return str(self.path)

    @property
    def source_name(self) -> str:
        """The file's name alone: what the console and public summaries show."""
        return self.path.name


def identify(path: Path) -> Extract | None:
    """Which extract a file holds, from its name (e.g. `patient_experience_2024.csv`)."""
    stem = path.name.lower()
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | PARQUET_SUFFIXES | EXCEL_SUFFIXES:
        return None
    for extract in ALL_EXTRACTS:
        if any(stem.startswith(p) for p in extract.patterns):
            return extract
    return None


def discover(source_dir: Path) -> tuple[list[tuple[Extract, Path]], list[Path]]:
    """Files in `source_dir` the build recognises, in a stable order, and those it skips."""
    recognised, skipped = [], []
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        extract = identify(path)
        if extract is None:
            if not path.name.lower().startswith("readme"):
                skipped.append(path)
        else:
            recognised.append((extract, path))
    return recognised, skipped


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def normalise_header(name: str) -> str:
    """`" Ethnic Category "` -> `ethnic_category`; strips BOMs and punctuation."""
    name = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", name).strip("_")


def map_headers(extract: Extract, headers: Iterable[str], path: Path) -> dict[str, str]:
    """Canonical column -> the file's header for it. Fails on a missing required column."""
    by_normal: dict[str, str] = {}
    for header in headers:
        by_normal.setdefault(normalise_header(header), header)
    mapping: dict[str, str] = {}
    for column in extract.columns:
        for candidate in (column.name, *column.aliases):
            if candidate in by_normal:
                mapping[column.name] = by_normal[candidate]
                break
    missing = [c.name for c in extract.columns if c.required and c.name not in mapping]
    if missing:
        raise BuildError(
            f"{path}: missing required column(s) {', '.join(missing)} for the "
            f"{extract.title} extract (found: {', '.join(headers)})"
        )
    return mapping


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def staging_table(extract: Extract) -> str:
    return f"stg_{extract.name}"


def create_staging(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    cols = ", ".join(f"{quote_ident(c.name)} VARCHAR" for c in extract.columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {staging_table(extract)} (load_id INTEGER, ordinal BIGINT, {cols})")


def _insert_staged(
    con: duckdb.DuckDBPyConnection,
    extract: Extract,
    load: FileLoad,
    relation_sql: str,
    params: list,
    mapping: dict[str, str],
) -> int:
    """Copy a file's rows (already in a temp table `raw_file` with rowid order) into staging."""
    select_cols = ", ".join(
        f"CAST({quote_ident(mapping[c.name])} AS VARCHAR)" if c.name in mapping else "NULL" for c in extract.columns
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE raw_file AS {relation_sql}", params)
    con.execute(
        f"INSERT INTO {staging_table(extract)} SELECT ?, rowid + 1, {select_cols} FROM raw_file",
        [load.load_id],
    )
    (count,) = con.execute("SELECT count(*) FROM raw_file").fetchone()
    con.execute("DROP TABLE raw_file")
    return count


def stage_file(con: duckdb.DuckDBPyConnection, extract: Extract, load: FileLoad) -> list[dict]:
    """Read one file into the extract's staging table; return rows the reader itself rejected
    (ragged lines, bad encoding) as reject records. Fails the build if unreadable."""
    path = load.path
    suffix = path.suffix.lower()
    checked = file_checks.check_file(path, csv=suffix in CSV_SUFFIXES)  # empty, UTF-16, too-long and NUL lines
    parse_rejects: list[dict] = list(checked.rejects)
    try:
        if suffix in CSV_SUFFIXES:
            options = (
                "all_varchar=true, header=true, ignore_errors=true, store_rejects=true, "
                "rejects_table='csv_reject_errors', rejects_scan='csv_reject_scans'"
            )
            headers = [
                r[0]
                for r in con.execute(
                    "DESCRIBE SELECT * FROM read_csv(?, all_varchar=true, header=true, ignore_errors=true)",
                    [str(checked.read_path)],
                ).fetchall()
            ]
            mapping = map_headers(extract, headers, path)
            staged = _insert_staged(
                con, extract, load, f"SELECT * FROM read_csv(?, {options})", [str(checked.read_path)], mapping
            )
            errors = con.execute(
                "SELECT line, first(csv_line ORDER BY column_idx), first(error_type ORDER BY column_idx), "
                "first(error_message ORDER BY column_idx) FROM csv_reject_errors GROUP BY line ORDER BY line"
            ).fetchall()
            where = physical_lines(checked.read_path, {int(e[0]) for e in errors if (e[1] or "").strip()})
            for line, csv_line, error_type, message in errors:
                if not (csv_line or "").strip():
                    continue  # a whitespace-only line is a blank line, not a row
                physical, raw = where.get(int(line), (int(line), csv_line))
                parse_rejects.append(
                    {
                        "line_number": physical,
                        "raw_text": raw,
                        "record_number": int(line),
                        "reason": _describe_parse_error(error_type, message),
                    }
                )
            con.execute("DROP TABLE IF EXISTS csv_reject_errors")
            con.execute("DROP TABLE IF EXISTS csv_reject_scans")
        elif suffix in PARQUET_SUFFIXES:
            headers = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]
            mapping = map_headers(extract, headers, path)
            staged = _insert_staged(con, extract, load, "SELECT * FROM read_parquet(?)", [str(path)], mapping)
        else:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
            frame.columns = headers = [str(c) for c in frame.columns]
            mapping = map_headers(extract, headers, path)
            con.register("excel_frame", frame)
            staged = _insert_staged(con, extract, load, "SELECT * FROM excel_frame", [], mapping)
            con.unregister("excel_frame")
    except BuildError:
        raise
    except (duckdb.Error, OSError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BuildError(f"{path}: cannot be read as {suffix or 'a known format'}: {first_line}") from exc
    finally:
        checked.cleanup()
    load.rows_read = staged + len(parse_rejects)
    ignored = [str(h) for h in headers if h not in mapping.values()]
    load.ignored_columns = ignored
    if ignored:
        load.message = f"ignored unrecognised column(s): {', '.join(ignored)}"
    return parse_rejects


def _describe_parse_error(error_type: str, message: str) -> str:
    reasons = {
        "MISSING COLUMNS": "too few fields on the line",
        "TOO MANY COLUMNS": "too many fields on the line",
        "INVALID ENCODING": "not valid UTF-8 text (save the file as UTF-8)",
        "UNQUOTED VALUE": "badly quoted value",
        "LINE SIZE OVER MAXIMUM": "line too long",
    }
    detail = (message or "").splitlines()[0] if message else ""
    return f"unreadable line: {reasons.get(error_type, error_type.lower())} ({detail})"


def code_lookup_frame() -> pd.DataFrame:
    """Every spelling accepted for every code: the code itself, its label, and synonyms,
    matched case-insensitively after trimming."""
    rows: list[tuple[str, str, str]] = []
    for list_name, codes in code_lists().items():
        for code, label in codes.items():
            rows.append((list_name, code.lower(), code))
            rows.append((list_name, label.lower(), code))
        for word, code in CODE_SYNONYMS.get(list_name, {}).items():
            rows.append((list_name, word, code))
        if list_name in CHARACTERISTIC_LISTS:
            for word, code in UNKNOWN_SYNONYMS.items():
                rows.append((list_name, word, code))
    frame = pd.DataFrame(rows, columns=["code_list", "spelling", "code"])
    return frame.drop_duplicates(["code_list", "spelling"], keep="first")


def _typed_expression(column: Column, raw: str, lookup_alias: str, list_alias: str = "") -> tuple[str, str]:
    """SQL for the typed value of a column and for its reason when invalid (NULL if valid).
    `list_alias` is the lookup of the column that names a `codes_from` column's code list."""
    name = column.name
    blank = f"({raw} IS NULL)"
    if column.type == "code":
        value = f"{lookup_alias}.code"
        if column.blank_means:
            value = f"CASE WHEN {blank} THEN '{column.blank_means}' ELSE {lookup_alias}.code END"
        bad = f"(NOT {blank} AND {lookup_alias}.code IS NULL)"
        reason = f"'unknown {name} code ''' || {raw} || ''''"
        if column.codes_from:  # judged once the list is known (else that column's own reason says so)
            bad = f"(NOT {blank} AND {list_alias}.code IS NOT NULL AND {lookup_alias}.code IS NULL)"
            reason = f"'unknown {name} for ' || {list_alias}.code || ': ''' || {raw} || ''''"
    elif column.type == "int":
        cleaned = f"replace({raw}, ',', '')"
        value = f"TRY_CAST(TRY_CAST({cleaned} AS DOUBLE) AS BIGINT)"
        bad = (
            f"(NOT {blank} AND (TRY_CAST({cleaned} AS DOUBLE) IS NULL "
            f"OR TRY_CAST({cleaned} AS DOUBLE) <> floor(TRY_CAST({cleaned} AS DOUBLE))))"
        )
        reason = f"'{name} is not a whole number: ''' || {raw} || ''''"
    elif column.type == "number":
        value = f"TRY_CAST(replace({raw}, ',', '') AS DOUBLE)"
        bad = f"(NOT {blank} AND {value} IS NULL)"
        reason = f"'{name} is not a number: ''' || {raw} || ''''"
    elif column.type == "date":
        tries = ", ".join(f"try_strptime({raw}, '{fmt}')" for fmt in DATE_FORMATS)
        value = f"CAST(COALESCE({tries}) AS DATE)"
        bad = f"(NOT {blank} AND {value} IS NULL)"
        reason = f"'{name} is not a date (expected yyyy-mm-dd or dd/mm/yyyy): ''' || {raw} || ''''"
    elif column.type == "bool":
        trues = ", ".join(f"'{w}'" for w in TRUE_WORDS)
        falses = ", ".join(f"'{w}'" for w in FALSE_WORDS)
        value = f"CASE WHEN lower({raw}) IN ({trues}) THEN true WHEN lower({raw}) IN ({falses}) THEN false END"
        bad = f"(NOT {blank} AND {value} IS NULL)"
        reason = f"'{name} is not true/false: ''' || {raw} || ''''"
    elif column.pattern:
        assert "'" not in column.pattern
        value = raw
        bad = f"(NOT {blank} AND NOT regexp_full_match({raw}, '{column.pattern}'))"
        reason = (
            f"'{name} is not a plain code (letters, digits, spaces and _ . / ( ) & , + - only, "
            f"starting with a letter or digit): ''' || {raw} || ''''"
        )
    else:
        value = raw
        bad = "false"
        reason = "NULL"
    checks = [f"CASE WHEN {bad} THEN {reason} END"]
    if not column.nullable and column.blank_means is None:
        checks.append(f"CASE WHEN {blank} THEN '{name} is blank' END")
    if column.minimum is not None:
        checks.append(f"CASE WHEN {value} < {column.minimum} THEN '{name} below {column.minimum:g}: ' || {raw} END")
    if column.maximum is not None:
        checks.append(f"CASE WHEN {value} > {column.maximum} THEN '{name} above {column.maximum:g}: ' || {raw} END")
    if column.not_after_horizon:
        checks.append(_future_check(column, value, raw))
    return value, ", ".join(checks)


def _future_check(column: Column, value: str, raw: str) -> str:
    """A value after the build's date horizon (the `date_horizon` variable the build sets;
    no check when it is unset) is rejected, so one bad row cannot become the latest period."""
    horizon = "getvariable('date_horizon')"
    if column.type == "date":
        after = f"{value} > {horizon}"
    elif column.type == "int":
        after = f"{value} > year({horizon})"
    else:
        after = f"TRY_CAST(regexp_extract({raw}, '^(\\d{{4}})', 1) AS INTEGER) > year({horizon})"
    return (
        f"CASE WHEN {after} THEN '{column.name} is in the future: ' || {raw} "
        f"|| ' (after ' || strftime({horizon}, '%Y-%m-%d') || ')' END"
    )


def validate_extract(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    """Type and check every staged row of an extract in one pass: builds `typed_<name>` with
    a `reasons` list (empty = valid), and `duplicates_<name>` with the rows that repeat an
    earlier valid row exactly."""
    joins, selects, reason_parts, params = [], [], [], []
    aliases = {c.name: f"cl{i}" for i, c in enumerate(extract.columns)}
    for i, column in enumerate(extract.columns):
        raw = f"NULLIF(trim(s.{quote_ident(column.name)}), '')"
        alias = f"cl{i}"
        list_alias = aliases.get(column.codes_from or "", "")
        if column.type == "code" and column.codes_from:
            joins.append(
                f"LEFT JOIN code_lookup {alias} ON {alias}.code_list = {list_alias}.code "
                f"AND {alias}.spelling = lower({raw})"
            )
        elif column.type == "code":
            joins.append(f"LEFT JOIN code_lookup {alias} ON {alias}.code_list = ? AND {alias}.spelling = lower({raw})")
            params.append(column.codes)
        value, reasons = _typed_expression(column, raw, alias, list_alias)
        selects.append(f"{value} AS {quote_ident(column.name)}")
        reason_parts.append(reasons)
    typed_cols = ", ".join(quote_ident(c.name) for c in extract.columns)
    typed = (
        f"SELECT s.load_id, s.ordinal, {', '.join(selects)}, "
        f"list_filter([{', '.join(reason_parts)}], lambda r: r IS NOT NULL) AS reasons "
        f"FROM {staging_table(extract)} s {' '.join(joins)}"
    )
    if extract.checks:  # rules across columns, judged on the typed values of otherwise valid rows
        rule_reasons = ", ".join(
            f"CASE WHEN len(reasons) = 0 AND NOT coalesce(({condition}), false) THEN '{reason}' END"
            for condition, reason in extract.checks
        )
        typed = (
            "SELECT * REPLACE ("
            f"list_concat(reasons, list_filter([{rule_reasons}], lambda r: r IS NOT NULL)) AS reasons) "
            f"FROM ({typed})"
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE typed_{extract.name} AS SELECT *, hash({typed_cols}) AS row_hash FROM ({typed})",
        params,
    )
    # Exact duplicates: equal rows have equal hashes, so only rows sharing a hash with another
    # valid row are compared column by column (a sort of a few rows, not of the whole extract).
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE duplicates_{extract.name} AS "
        f"WITH repeated AS (SELECT row_hash FROM typed_{extract.name} WHERE len(reasons) = 0 "
        "GROUP BY row_hash HAVING count(*) > 1), "
        f"numbered AS (SELECT load_id, ordinal, row_number() OVER (PARTITION BY {typed_cols} "
        f"ORDER BY load_id, ordinal) AS copy_number FROM typed_{extract.name} "
        "WHERE len(reasons) = 0 AND row_hash IN (SELECT row_hash FROM repeated)) "
        "SELECT load_id, ordinal FROM numbered WHERE copy_number > 1"
    )


def drop_validation_tables(con: duckdb.DuckDBPyConnection, extract: Extract) -> None:
    con.execute(f"DROP TABLE typed_{extract.name}")
    con.execute(f"DROP TABLE duplicates_{extract.name}")


def load_valid_rows(con: duckdb.DuckDBPyConnection, extract: Extract, derived: tuple[str, str] | None = None) -> None:
    """Write the fact table: valid rows, first copies only, in file order, with the `derived`
    columns (SELECT items over the alias `f`, and the joins they need) after the extract's own."""
    cols = ", ".join(f"f.{quote_ident(c.name)}" for c in extract.columns)
    extra, joins = derived or ("", "")
    con.execute(
        f"CREATE TABLE {extract.name} AS SELECT {cols}, f.load_id{', ' + extra if extra else ''} "
        f"FROM typed_{extract.name} f "
        f"ANTI JOIN duplicates_{extract.name} d ON d.load_id = f.load_id AND d.ordinal = f.ordinal {joins} "
        "WHERE len(f.reasons) = 0 ORDER BY f.load_id, f.ordinal"
    )


def rejected_rows(con: duckdb.DuckDBPyConnection, extract: Extract) -> pd.DataFrame:
    """(load_id, ordinal, reason) for every row validation or the duplicate rule rejected."""
    return con.execute(
        f"SELECT load_id, ordinal, array_to_string(reasons, '; ') AS reason FROM typed_{extract.name} "
        "WHERE len(reasons) > 0 UNION ALL "
        f"SELECT load_id, ordinal, '{DUPLICATE_REASON}' AS reason FROM duplicates_{extract.name} "
        "ORDER BY load_id, ordinal"
    ).df()


def csv_records(path: Path) -> Iterator[tuple[int, int, str, bool]]:
    """(record number as DuckDB's reader counts it, first physical line, raw text, blank) of
    every record of a CSV file, the header included. A quoted field may hold newlines, so a
    record can span lines; DuckDB numbers records and blank lines, one each, from 1."""
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        if first.startswith("\ufeff"):
            handle.read(1)
        delimiter = _delimiter_of(path, first)
        consumed: list[str] = []

        def lines() -> Iterator[str]:
            for line in handle:
                consumed.append(line)
                yield line

        physical = 1
        reader = csv.reader(lines(), delimiter=delimiter, strict=False)
        for number, row in enumerate(reader, start=1):
            raw = "".join(consumed)
            consumed.clear()
            yield number, physical, raw.rstrip("\r\n"), not any(cell.strip() for cell in row)
            physical += raw.count("\n") or 1


def _delimiter_of(path: Path, header: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    if "," in header:
        return ","
    return next((d for d in ("\t", ";", "|") if d in header), ",")


def physical_lines(path: Path, record_numbers: set[int]) -> dict[int, tuple[int, str]]:
    """First physical line and whole raw text of the given records (DuckDB's numbering)."""
    found: dict[int, tuple[int, str]] = {}
    if not record_numbers:
        return found
    last = max(record_numbers)
    for number, line, raw, _ in csv_records(path):
        if number in record_numbers:
            found[number] = (line, raw)
        if number >= last:
            break
    return found


def locate_csv_rows(path: Path, ordinals: set[int], parse_reject_records: set[int]) -> dict[int, tuple[int, str]]:
    """First physical line and raw text of the given data-row ordinals of a CSV file.

    The reader numbers data rows in file order, skipping the header, blank lines and the
    records it rejected itself (`parse_reject_records`, in its own numbering), so one
    streaming pass over the records recovers each row's line, also across embedded newlines."""
    found: dict[int, tuple[int, str]] = {}
    if not ordinals:
        return found
    wanted_max = max(ordinals)
    ordinal = 0
    for number, line, raw, blank in csv_records(path):
        if number == 1 or blank or number in parse_reject_records:
            continue
        ordinal += 1
        if ordinal in ordinals:
            found[ordinal] = (line, raw)
            if ordinal >= wanted_max:
                break
    return found


def staged_raw_text(
    con: duckdb.DuckDBPyConnection,
    extract: Extract,
    load_id: int,
    ordinals: list[int],
    present: Iterable[str] | None = None,
) -> dict[int, str]:
    """Staged values of rows as one CSV line each (quoted where a value needs it), over the
    columns the source had (`present`; default every column of the extract)."""
    shown = set(present) if present is not None else None
    cols = ", ".join(
        f"CASE WHEN regexp_matches({quote_ident(c.name)}, '[,\"\\r\\n]') "
        f"THEN '\"' || replace({quote_ident(c.name)}, '\"', '\"\"') || '\"' "
        f"ELSE coalesce({quote_ident(c.name)}, '') END"
        for c in extract.columns
        if shown is None or c.name in shown
    )
    rows = con.execute(
        f"SELECT ordinal, concat_ws(',', {cols}) FROM {staging_table(extract)} "
        "WHERE load_id = ? AND ordinal IN (SELECT unnest(?))",
        [load_id, ordinals],
    ).fetchall()
    return dict(rows)
