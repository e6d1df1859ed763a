"""Build a warehouse from a folder of extracts: lookups, facts, audit, then the marts.

The build writes a new DuckDB file beside the target and swaps it in with `os.replace`, so a
failed or interrupted build leaves the previous warehouse untouched and an app reading the
old file keeps serving until it reopens.
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import adapters, build_lock, file_checks, lookups, settings, sql_source
from pipelines import load as loader
from pipelines import rejects as reject_log
from pipelines.adapters import run as adapter_run
from pipelines.extracts import ALL_EXTRACTS, EXTRACTS, Extract
from pipelines.load import BuildError, FileLoad

Progress = Callable[[str], None]
SYNTHETIC_MARKER = "README_SYNTHETIC.txt"  # written by pipelines.generate beside its extracts

# Fact tables get these derived columns so the marts never repeat the mapping.
FINANCIAL_YEAR_SQL = (
    "CAST(CASE WHEN month({d}) >= 4 THEN year({d}) ELSE year({d}) - 1 END AS VARCHAR) || '/' || "
    "lpad(CAST((CASE WHEN month({d}) >= 4 THEN year({d}) ELSE year({d}) - 1 END + 1) % 100 AS VARCHAR), 2, '0')"
)


@dataclass
class BuildSummary:
    warehouse: Path
    build_id: str
    loads: list[FileLoad] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    skip_reasons: dict[Path, str] = field(default_factory=dict)  # why each skipped file was not loaded
    reject_reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    leftovers: list[tuple[Path, int]] = field(default_factory=list)  # killed builds' temp files removed
    warnings: list[str] = field(default_factory=list)  # shown on the console; also in load_audit.message
    date_horizon: date | None = None  # dates after it were rejected as in the future
    synthetic: bool = False  # made-up data: the dashboard says so on every page and download
    not_found: list[str] = field(default_factory=list)  # extracts the source database has no table for

    @property
    def rows_loaded(self) -> int:
        return sum(load.rows_loaded for load in self.loads)

    @property
    def rows_rejected(self) -> int:
        return sum(load.rows_rejected for load in self.loads)


def build(
    source_dir: Path | None,
    warehouse: Path,
    framework_path: Path | None = None,
    progress: Progress | None = None,
    memory_limit: str | None = None,
    *,
    wait: float = 0.0,
    date_horizon: date | None = None,
    synthetic: bool = False,
    source_url: str | None = None,
    sources_file: Path | None = None,
) -> BuildSummary:
    """Load every recognised extract in `source_dir`, and every extract table of the database
    at `source_url` (tables named in `sources_file`, else by extract), into a new warehouse
    and swap it in. Either source may be left out; with both, an extract's files load first.

    Only one build of a warehouse runs at a time: another one waits up to `wait` seconds for
    it, then fails naming the running build's pid. Dates after `date_horizon` (default
    `settings.DATE_HORIZON`, else today) are rejected as in the future. The build is marked
    synthetic (`builds.synthetic`, which makes every page say so) when `synthetic` is given or
    the folder holds the generator's README_SYNTHETIC.txt."""
    say = progress or (lambda message: None)
    warehouse = Path(warehouse)
    files, skip_reasons = _discover_files(source_dir, required=source_url is None)
    summary = BuildSummary(
        warehouse=warehouse, build_id=uuid.uuid4().hex[:12], skipped=list(skip_reasons), skip_reasons=skip_reasons
    )
    summary.date_horizon = date_horizon or _configured_horizon() or date.today()
    summary.synthetic = synthetic or (source_dir is not None and (Path(source_dir) / SYNTHETIC_MARKER).is_file())
    sql = sql_source.open_source(source_url, sources_file) if source_url else None  # fails fast on a bad URL
    if sql is not None:
        summary.not_found = sql.not_found
        if not sql.tables:
            sql.close()
            raise BuildError(
                f"{sql.url}: no extract tables or views (expected names like "
                f"{', '.join(e.patterns[0] for e in EXTRACTS)}, or a sources file naming them)"
            )

    def release() -> None:
        lock.release()
        if sql is not None:
            sql.close()

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    building = warehouse.with_name(f".{warehouse.name}.building-{os.getpid()}")
    try:
        lock = build_lock.acquire(warehouse, wait=wait)
    except BuildError:
        if sql is not None:
            sql.close()
        raise
    summary.leftovers = build_lock.remove_leftovers(warehouse) + file_checks.remove_leftover_copies()
    building.unlink(missing_ok=True)
    started = time.time()
    try:
        con = duckdb.connect(str(building))
    except BaseException:
        release()
        raise
    try:
        if memory_limit:
            con.execute("SET memory_limit = ?", [memory_limit])
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET VARIABLE date_horizon = ?", [summary.date_horizon])
        lookups.create_lookup_tables(con)
        con.register("code_lookup_frame", loader.code_lookup_frame())
        con.execute("CREATE TEMP TABLE code_lookup AS SELECT * FROM code_lookup_frame")
        con.unregister("code_lookup_frame")
        reject_frames = []
        load_id = 0
        context = adapter_run.AdapterContext(source_dir=None if source_dir is None else Path(source_dir))
        for extract in ALL_EXTRACTS:
            t0 = time.time()
            loads = []
            loader.create_staging(con, extract)
            parse_rejects: dict[int, list[dict]] = {}
            for found in (f for f in files if f.extract is extract):
                load_id += 1
                path = found.path
                if found.match is None:
                    load = FileLoad(load_id, extract.name, path, path.suffix.lower().lstrip("."))
                    say(f"Reading {path.name} ({extract.title})")
                    load.sha256 = loader.sha256_of(path)
                    parse_rejects[load_id] = loader.stage_file(con, extract, load)
                else:
                    load = adapter_run.AdapterLoad(
                        load_id, extract.name, path, path.suffix.lower().lstrip("."), match=found.match
                    )
                    load.adapter = found.match.spec.name
                    say(f"Reading {path.name} ({found.match.spec.title} -> {extract.title})")
                    load.sha256 = loader.sha256_of(path)
                    parse_rejects[load_id] = adapter_run.stage_adapter_file(con, extract, load, context)
                if load.rows_read == 0:
                    _warn(summary, load, "header only: no data rows, 0 rows loaded")
                loads.append(load)
            for table in sql.for_extract(extract) if sql else ():
                load_id += 1
                load = sql_source.TableLoad(
                    load_id, extract.name, Path(table.qualified_name), table.kind, table=table, source_url=sql.url
                )
                say(f"Reading {table.qualified_name} ({extract.title})")
                parse_rejects[load_id] = sql_source.stage_table(con, extract, load, sql)
                if load.rows_read == 0:
                    _warn(summary, load, "empty table: no rows, 0 rows loaded")
                loads.append(load)
            say(f"Validating {extract.name}: {sum(ld.rows_read for ld in loads):,} rows")
            loader.validate_extract(con, extract)
            loader.load_valid_rows(con, extract, derived=fact_enrichment(extract))
            if extract.name == "practice_localities":  # the lookup published files' practices use
                context.practice_localities = adapter_run.practice_lookup(con)
            reject_frames.append(_collect_rejects(con, extract, loads, parse_rejects))
            loader.drop_validation_tables(con, extract)
            con.execute(f"DROP TABLE {loader.staging_table(extract)}")
            for load in loads:
                (load.rows_loaded,) = con.execute(
                    f"SELECT count(*) FROM {extract.name} WHERE load_id = ?", [load.load_id]
                ).fetchone()
                load.finished_at = time.time()
            summary.loads.extend(loads)
            summary.stage_seconds[f"load {extract.name}"] = time.time() - t0
        rejects = pd.concat(reject_frames, ignore_index=True)
        for load in summary.loads:
            load.rows_rejected = int((rejects["load_id"] == load.load_id).sum())
            if load.rows_read != load.rows_loaded + load.rows_rejected:
                raise BuildError(
                    f"{load.path}: rows do not reconcile: read {load.rows_read}, loaded "
                    f"{load.rows_loaded}, rejected {load.rows_rejected}"
                )
            if load.rows_read and not load.rows_loaded:
                _warn(
                    summary,
                    load,
                    f"every row rejected ({load.rows_rejected:,}): nothing from this file is on the dashboard; "
                    "see why with `python -m pipelines rejects`",
                )
        t0 = time.time()
        lookups.create_periods(con)
        summary.stage_seconds["periods"] = time.time() - t0
        _write_audit(con, summary, rejects, source_dir, started, sql.url if sql else None)
        summary.reject_reasons = reject_log.kind_counts(con)
        from pipelines.marts import build_marts  # the indicator engine

        t0 = time.time()
        build_marts(con, framework_path, progress=say)
        summary.stage_seconds["marts"] = time.time() - t0
        from pipelines.comparisons import build_comparisons  # funnel limits, similar localities

        t0 = time.time()
        say("Comparing areas")
        build_comparisons(con)
        summary.stage_seconds["comparisons"] = time.time() - t0
        con.execute("UPDATE builds SET finished_at = now(), status = 'complete' WHERE build_id = ?", [summary.build_id])
        con.execute("CHECKPOINT")
        con.close()
        os.replace(building, warehouse)
    except BaseException:
        con.close()
        building.unlink(missing_ok=True)
        Path(str(building) + ".wal").unlink(missing_ok=True)
        raise
    finally:
        release()
    summary.seconds = time.time() - started
    say(f"Warehouse ready: {warehouse}")
    return summary


@dataclass(frozen=True)
class FoundFile:
    """A file the build will load: its extract, and the adapter's header match (None for a
    canonical extract, recognised by its name)."""

    extract: Extract
    path: Path
    match: adapters.HeaderMatch | None = None


def _discover_files(source_dir: Path | None, required: bool) -> tuple[list[FoundFile], dict[Path, str]]:
    """The folder's files the build recognises (which must exist when there is no database),
    and why each other file is skipped. A published file is recognised by its header (an
    adapter), whatever its name; our own extracts by the start of their name."""
    if source_dir is None:
        if required:
            raise BuildError("nothing to build from: give a source folder, a database URL, or both")
        return [], {}
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise BuildError(f"{source_dir}: source folder does not exist")
    specs = adapters.registry()
    found: list[FoundFile] = []
    skipped: dict[Path, str] = {}
    for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
        if path.name.lower().startswith("readme") or path.name.startswith("."):
            continue
        recognition = adapters.recognise(path, specs) if adapters.read.file_format(path) else None
        if recognition is not None and recognition.match is not None:
            found.append(FoundFile(recognition.match.spec.extract, path, recognition.match))
            continue
        extract = loader.identify(path)
        if extract is not None:
            found.append(FoundFile(extract, path))
        elif recognition is not None:
            skipped[path] = f"not a recognised extract name, and {recognition.explain()}"
        else:
            skipped[path] = "not a recognised extract name or published file (CSV, XLSX, Parquet)"
    if not found and required:
        raise BuildError(
            f"{source_dir}: no recognisable extracts (expected names like "
            f"{', '.join(e.patterns[0] + '.csv' for e in EXTRACTS)}, or published files an adapter in "
            f"config/adapters/ recognises)" + "".join(f"; {p.name}: {why}" for p, why in list(skipped.items())[:5])
        )
    return found, skipped


def _configured_horizon() -> date | None:
    if not settings.DATE_HORIZON:
        return None
    try:
        return date.fromisoformat(settings.DATE_HORIZON)
    except ValueError:
        raise BuildError(f"GMEQ_DATE_HORIZON={settings.DATE_HORIZON!r} is not a date (expected yyyy-mm-dd)") from None


def _warn(summary: BuildSummary, load: FileLoad, text: str) -> None:
    """A warning about one file: on the console after the build, and in its `load_audit` row."""
    load.message = "; ".join(m for m in (load.message, text) if m)
    summary.warnings.append(f"{load.source_name}: {text}")


def _collect_rejects(
    con: duckdb.DuckDBPyConnection,
    extract: Extract,
    loads: list[FileLoad],
    parse_rejects: dict[int, list[dict]],
) -> pd.DataFrame:
    """Every rejected row of an extract with its file, physical line and raw text."""
    rejected = loader.rejected_rows(con, extract)
    records = []
    for load in loads:
        mine = rejected[rejected["load_id"] == load.load_id]
        ordinals = [int(o) for o in mine["ordinal"]]
        own = parse_rejects.get(load.load_id, [])
        if isinstance(load, sql_source.TableLoad):
            located = sql_source.locate_rows(con, extract, load, ordinals)
        elif isinstance(load, adapter_run.AdapterLoad):
            located = adapter_run.locate_rows(con, load.load_id, ordinals)
        elif load.file_format in {"csv", "txt", "tsv"}:
            found = loader.locate_csv_rows(
                load.path, set(ordinals), {r.get("record_number", r["line_number"]) for r in own}
            )
            located = {o: (*found[o], None) for o in found}
        else:
            raw = loader.staged_raw_text(con, extract, load.load_id, ordinals) if ordinals else {}
            located = {o: (o + 1, raw.get(o, ""), None) for o in ordinals}
        for ordinal, reason in zip(ordinals, mine["reason"], strict=True):
            line_number, raw_text, row_key = located.get(ordinal, (None, None, None))
            records.append((load.load_id, extract.name, load.source_file, line_number, raw_text, reason, row_key))
        for r in own:
            records.append(
                (
                    load.load_id,
                    extract.name,
                    load.source_file,
                    r["line_number"],
                    r["raw_text"],
                    r["reason"],
                    r.get("row_key"),
                )
            )
    return pd.DataFrame(records, columns=reject_log.REJECT_COLUMNS)


_ETHNIC_JOIN = "LEFT JOIN ethnic_categories ec ON ec.ethnic_category = f.ethnicity"
_ETHNIC_GROUPS = "ec.ons_group AS ethnic_group, ec.wres_group AS wres_ethnicity"
# The derived columns every mart needs (period, ethnic groups, WDES band cluster), written with
# each fact table as it loads: (SELECT items over the fact alias `f`, the lookups they join).
DERIVED_COLUMNS: dict[str, tuple[str, str]] = {
    "workforce": (
        f"{FINANCIAL_YEAR_SQL.format(d='f.snapshot_date')} AS period, b.wdes_cluster, {_ETHNIC_GROUPS}",
        f"LEFT JOIN bands b ON b.afc_band = f.afc_band {_ETHNIC_JOIN}",
    ),
    "workforce_events": (f"{FINANCIAL_YEAR_SQL.format(d='f.event_date')} AS period, {_ETHNIC_GROUPS}", _ETHNIC_JOIN),
    "patient_experience": (
        f"{FINANCIAL_YEAR_SQL.format(d='f.response_date')} AS period, {_ETHNIC_GROUPS}",
        _ETHNIC_JOIN,
    ),
    "staff_survey": (
        "CAST(f.survey_year AS VARCHAR) || '/' || lpad(CAST((f.survey_year + 1) % 100 AS VARCHAR), 2, '0') AS period",
        "",
    ),
    "voices": (f"{FINANCIAL_YEAR_SQL.format(d='f.collected_date')} AS period", ""),
}


def fact_enrichment(extract: Extract) -> tuple[str, str] | None:
    """The derived columns (and their lookup joins) an extract's fact table is written with."""
    return DERIVED_COLUMNS.get(extract.name)


def _write_audit(
    con: duckdb.DuckDBPyConnection,
    summary: BuildSummary,
    rejects: pd.DataFrame,
    source_dir: Path | None,
    started: float,
    source_url: str | None = None,
) -> None:
    audit = pd.DataFrame(
        [
            {
                "load_id": ld.load_id,
                "build_id": summary.build_id,
                "extract": ld.extract,
                "source_file": ld.source_file,
                "sha256": ld.sha256,
                "file_format": ld.file_format,
                "rows_read": ld.rows_read,
                "rows_loaded": ld.rows_loaded,
                "rows_rejected": ld.rows_rejected,
                "status": ld.status,
                "message": ld.message,
                "adapter": ld.adapter,
                "started_at": pd.Timestamp(ld.started_at, unit="s"),
                "finished_at": pd.Timestamp(ld.finished_at, unit="s"),
                "seconds": round(ld.finished_at - ld.started_at, 3),
            }
            for ld in summary.loads
        ]
    )
    con.register("audit_frame", audit)
    con.execute("CREATE TABLE load_audit AS SELECT * FROM audit_frame ORDER BY load_id")
    con.unregister("audit_frame")
    reject_log.write_tables(con, rejects, {ld.load_id: ld.source_name for ld in summary.loads})
    con.execute(
        "CREATE TABLE builds (build_id VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, "
        "source_dir VARCHAR, framework_version VARCHAR, status VARCHAR, date_horizon DATE, synthetic BOOLEAN, "
        "source_url VARCHAR)"
    )
    con.execute(
        "INSERT INTO builds VALUES (?, ?, NULL, ?, NULL, 'running', ?, ?, ?)",
        [
            summary.build_id,
            datetime.fromtimestamp(started),
            None if source_dir is None else str(source_dir),
            summary.date_horizon,
            summary.synthetic,
            source_url,
        ],
    )
