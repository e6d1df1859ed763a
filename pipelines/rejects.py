"""The rejects a build keeps, the summary that is safe to publish, and the analyst's view.

`rejects` holds every rejected row with its raw text: it may hold personal data, so it never
leaves the warehouse except through `python -m pipelines rejects` (or a signed-in view).
`reject_summary` counts rejects by file, kind of reason and column, with no value from any
row: it is the only reject table public pages read.

A reason's kind is the reason without the offending value: its first problem (reasons are
joined by `;`), cut at the first quote or colon (`unknown ethnicity code 'X9'` ->
`unknown ethnicity code`; `event_date is in the future: 2099-01-01` -> `event_date is in the
future`); an unreadable line keeps what was wrong without the reader's detail
(`unreadable line: too few fields on the line`). Reasons name their column first
(`<column> is ...`, `<column> below ...`, `unknown <column> code ...`): that column is the
reject's `column_name`; whole-record reasons (a too-short line, a duplicate, a rule across
columns) have none.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.errors import BuildError
from pipelines.extracts import EXTRACT_BY_NAME
from pipelines.spreadsheet_cells import neutralise

RAW_TEXT_LIMIT = 10_000  # characters of a rejected row kept as its raw text
REJECT_COLUMNS = ["load_id", "extract", "source_file", "line_number", "raw_text", "reason", "row_key"]

_FIRST_REASON = "split_part(coalesce(reason, 'no reason given'), ';', 1)"
REASON_KIND_SQL = (
    f"CASE WHEN starts_with({_FIRST_REASON}, 'unreadable line: ') "
    f"THEN trim(regexp_replace({_FIRST_REASON}, '\\s*\\(.*$', '')) "
    f"ELSE trim(split_part(split_part({_FIRST_REASON}, ':', 1), '''', 1)) END"
)


def column_of(extract_name: str, reason_kind: str) -> str | None:
    """The extract column a kind of reason is about, or None for a whole-record reason."""
    extract = EXTRACT_BY_NAME.get(extract_name)
    if extract is None or reason_kind in {reason for _, reason in extract.checks}:
        return None
    words = reason_kind.split()
    if words[:1] == ["unknown"]:
        words = words[1:]
    names = {c.name for c in extract.columns}
    return words[0] if words and words[0] in names else None


def write_tables(con: duckdb.DuckDBPyConnection, rejects: pd.DataFrame, source_names: dict[int, str]) -> None:
    """Create `rejects` (every rejected row) and `reject_summary` (counts only) from the
    build's rejected rows; `source_names` gives each load's file (or table) name alone."""
    con.register("rejects_frame", rejects.reindex(columns=REJECT_COLUMNS))
    con.execute(
        f"""
        CREATE TABLE rejects AS
        SELECT CAST(load_id AS INTEGER) AS load_id, CAST(extract AS VARCHAR) AS extract,
               CAST(source_file AS VARCHAR) AS source_file, CAST(line_number AS BIGINT) AS line_number,
               CASE WHEN length(raw) > {RAW_TEXT_LIMIT}
                    THEN left(raw, {RAW_TEXT_LIMIT}) || '... [' || length(raw) || ' characters in all]'
                    ELSE raw END AS raw_text,
               CAST(reason AS VARCHAR) AS reason,
               CAST({REASON_KIND_SQL} AS VARCHAR) AS reason_kind,
               CAST(NULL AS VARCHAR) AS column_name,
               CAST(row_key AS VARCHAR) AS row_key
        FROM (SELECT *, replace(CAST(raw_text AS VARCHAR), chr(0), '\\x00') AS raw FROM rejects_frame)
        ORDER BY load_id, line_number
        """
    )
    con.unregister("rejects_frame")
    kinds = con.execute("SELECT DISTINCT extract, reason_kind FROM rejects").fetchall()
    columns = [(extract, kind, column_of(extract, kind)) for extract, kind in kinds]
    if any(column for _, _, column in columns):
        con.executemany(
            "UPDATE rejects SET column_name = ? WHERE extract = ? AND reason_kind = ?",
            [[column, extract, kind] for extract, kind, column in columns if column],
        )
    names = pd.DataFrame(list(source_names.items()), columns=["load_id", "source_name"])
    con.register("source_names", names)
    con.execute(
        """
        CREATE TABLE reject_summary AS
        SELECT r.load_id, r.extract, CAST(n.source_name AS VARCHAR) AS source_file, r.reason_kind, r.column_name,
               count(*) AS rows
        FROM rejects r LEFT JOIN source_names n ON n.load_id = r.load_id
        GROUP BY ALL
        ORDER BY r.load_id, rows DESC, r.reason_kind
        """
    )
    con.unregister("source_names")


def kind_counts(con: duckdb.DuckDBPyConnection) -> Counter:
    """Rejected rows by kind of reason, for the build's console summary."""
    return Counter(dict(con.execute("SELECT reason_kind, sum(rows) FROM reject_summary GROUP BY 1").fetchall()))


def reject_rows(warehouse: Path, build: str = "latest", extract: str | None = None) -> tuple[str, pd.DataFrame]:
    """Every rejected row of a build (the warehouse holds one: `latest`, or its id), with its
    file, line, reason and raw text, for the analyst. Returns (build id, rows)."""
    warehouse = Path(warehouse)
    if not warehouse.exists():
        raise BuildError(f"{warehouse}: no warehouse here (build one with python -m pipelines build)")
    try:
        return _reject_rows(warehouse, build, extract)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise BuildError(f"{warehouse}: cannot read its rejects ({first}); rebuild it with this version") from None


def _reject_rows(warehouse: Path, build: str, extract: str | None) -> tuple[str, pd.DataFrame]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        builds = [b for (b,) in con.execute("SELECT build_id FROM builds ORDER BY started_at DESC").fetchall()]
        if not builds:
            raise BuildError(f"{warehouse}: records no build")
        build_id = builds[0] if build == "latest" else build
        if build_id not in builds:
            raise BuildError(f"{warehouse} holds build {', '.join(builds)}, not {build}")
        if extract is not None and extract not in EXTRACT_BY_NAME:
            raise BuildError(f"no extract {extract!r}; the extracts are {', '.join(EXTRACT_BY_NAME)}")
        rows = con.execute(
            """
            SELECT r.extract, r.source_file, r.line_number, r.row_key, r.reason_kind, r.column_name,
                   r.reason, r.raw_text
            FROM rejects r JOIN load_audit a ON a.load_id = r.load_id
            WHERE a.build_id = $build_id AND ($extract IS NULL OR r.extract = $extract)
            ORDER BY r.load_id, r.line_number
            """,
            {"build_id": build_id, "extract": extract},
        ).df()
    return build_id, rows


def write_csv(rows: pd.DataFrame, out: Path) -> None:
    """The rejected rows as CSV (UTF-8), formula-like text made inert."""
    out.parent.mkdir(parents=True, exist_ok=True)
    safe = rows.astype(object).where(rows.notna(), None).map(neutralise)
    safe.to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC, encoding="utf-8")
