"""Command line: `python -m pipelines generate | build | rejects | export | demo | template |
validate-framework`."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines import settings
from pipelines.load import BuildError

app = typer.Typer(add_completion=False, help="Equality outcomes warehouse: demo data, builds and exports.")
console = Console()


@app.command()
def generate(
    out: Path = typer.Option(settings.DEFAULT_DEMO_DIR, help="Folder to write the synthetic extracts to."),
    seed: int = typer.Option(settings.DEMO_SEED, help="Random seed; the same seed gives the same files."),
    scale: float = typer.Option(1.0, help="1 = Greater Manchester sized; 10 for benchmarks."),
    clean: bool = typer.Option(False, "--clean", help="Write perfectly clean files (no injected mess)."),
) -> None:
    """Write realistic SYNTHETIC extracts for every source."""
    from pipelines.generate import generate as run

    started = time.time()
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("Generating", total=1.0)

        def report(message: str, fraction: float | None = None) -> None:
            bar.update(task, description=message, **({"completed": fraction} if fraction is not None else {}))

        files = run(out, seed=seed, scale=scale, messy=not clean, progress=report)
    table = Table(title=f"Synthetic extracts in {out} ({time.time() - started:.1f} s)")
    table.add_column("file")
    table.add_column("size", justify="right")
    for path in files.values():
        table.add_row(Path(path).name, f"{Path(path).stat().st_size / 1e6:,.1f} MB")
    console.print(table)


@app.command()
def build(
    source: Path = typer.Option(None, help="Folder of extracts (CSV, Parquet, Excel)."),
    source_url: str = typer.Option(
        None,
        envvar="GMEQ_SOURCE_URL",
        help="Database holding the extracts as tables or views (SQLAlchemy URL), with or instead of --source.",
    ),
    sources_file: Path = typer.Option(None, help="YAML naming each extract's table or view (default: by extract)."),
    warehouse: Path = typer.Option(settings.DEFAULT_WAREHOUSE, help="Warehouse file to (re)build."),
    framework: Path = typer.Option(settings.DEFAULT_FRAMEWORK, help="Framework config (outcomes, KPIs)."),
    memory_limit: str = typer.Option(None, help="DuckDB memory limit, e.g. 8GB."),
    wait: float = typer.Option(0.0, help="Seconds to wait for another build of the same warehouse (else refuse)."),
    date_horizon: datetime = typer.Option(
        None,
        formats=["%Y-%m-%d"],
        envvar="GMEQ_DATE_HORIZON",
        help="Reject dates after this day as in the future (default: today).",
    ),
    synthetic: bool = typer.Option(
        False, "--synthetic", help="Mark the build as made-up data (automatic when README_SYNTHETIC.txt is there)."
    ),
) -> None:
    """Load every recognised extract (files in --source, tables at --source-url, or both) into
    a new warehouse and swap it in atomically."""
    from pipelines.adapters.run import listed
    from pipelines.build import build as run

    try:
        with console.status("Building") as status:
            summary = run(
                source,
                warehouse,
                framework,
                progress=lambda m: status.update(m),
                memory_limit=memory_limit,
                wait=wait,
                date_horizon=date_horizon.date() if date_horizon else None,
                synthetic=synthetic,
                source_url=source_url,
                sources_file=sources_file,
            )
    except BuildError as exc:
        console.print(f"[bold red]Build failed:[/] {exc}")
        console.print("The previous warehouse (if any) is untouched.")
        raise typer.Exit(code=1) from None
    table = Table(title=f"Build {summary.build_id}: {summary.seconds:.1f} s -> {summary.warehouse}")
    for col in ("file", "extract", "read", "loaded", "rejected", "adapter"):
        table.add_column(col, justify="right" if col in {"read", "loaded", "rejected"} else "left")
    for load in summary.loads:
        table.add_row(
            escape(load.source_name),
            load.extract,
            f"{load.rows_read:,}",
            f"{load.rows_loaded:,}",
            f"{load.rows_rejected:,}",
            load.adapter,
        )
    console.print(table)
    if summary.reject_reasons:
        reasons = Table(title="Rejected rows by kind of reason (each row: python -m pipelines rejects)")
        reasons.add_column("reason")
        reasons.add_column("rows", justify="right")
        for reason, count in summary.reject_reasons.most_common():
            reasons.add_row(reason, f"{count:,}")
        console.print(reasons)
    for path in summary.skipped:
        why = summary.skip_reasons.get(path, "not a recognised extract name")
        console.print(f"[yellow]Skipped[/] {escape(str(path))}: {escape(why)}")
    for load in summary.loads:
        if load.ignored_columns:
            console.print(f"Columns not used in {escape(load.source_name)}: {escape(listed(load.ignored_columns))}")
    for missing in summary.not_found:
        console.print(f"Not in the database: {missing}")
    for warning in summary.warnings:
        console.print(f"[yellow]Warning:[/] {warning}")
    for path, size in summary.leftovers:
        console.print(f"Removed {path} ({size / 1e6:,.1f} MB), left by a build that was killed")
    if summary.synthetic:
        console.print("[bold]SYNTHETIC data:[/] the build is marked synthetic; every page and download says so.")
    console.print("Stage timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.stage_seconds.items()))


@app.command()
def rejects(
    warehouse: Path = typer.Option(settings.DEFAULT_WAREHOUSE, help="Warehouse to read."),
    build: str = typer.Option("latest", help="The build: `latest` or its id."),
    extract: str = typer.Option(None, help="Only this extract's rejects (e.g. workforce_events)."),
    out: Path = typer.Option(None, help="Write every rejected row to this CSV file instead of the console."),
    limit: int = typer.Option(50, help="Rows shown on the console (all of them go to --out)."),
) -> None:
    """The rejected rows of a build with file, line, reason and raw text, for the analyst.

    Raw text can hold personal data: it is shown here and written to --out, never published."""
    import pandas as pd

    from pipelines.rejects import reject_rows, write_csv

    try:
        build_id, rows = reject_rows(warehouse, build, extract)
    except BuildError as exc:
        console.print(f"[bold red]Cannot list rejects:[/] {exc}")
        raise typer.Exit(code=1) from None
    if out is not None:
        write_csv(rows, out)
        console.print(f"Wrote {len(rows):,} rejected rows of build {build_id} to {out}")
        return
    table = Table(title=f"Rejected rows of build {build_id} ({len(rows):,})")
    for column in ("file", "line", "reason", "raw text"):
        table.add_column(column, overflow="fold", justify="right" if column == "line" else "left")
    for row in rows.head(limit).itertuples():
        where = row.line_number if pd.isna(row.row_key) else f"{row.line_number} ({row.row_key})"
        table.add_row(Path(row.source_file).name, escape(str(where)), escape(row.reason), escape(row.raw_text or ""))
    console.print(table)
    if len(rows) > limit:
        console.print(f"{len(rows) - limit:,} more: --limit N to see more, or --out FILE.csv for all of them")


@app.command()
def export(
    warehouse: Path = typer.Option(settings.DEFAULT_WAREHOUSE, help="Warehouse to export."),
    out: Path = typer.Option(..., help="Folder to write one Parquet file per table."),
) -> None:
    """Write every warehouse table as Parquet (for Power BI / Tableau)."""
    from pipelines.export import export_tables

    written = export_tables(warehouse, out)
    console.print(f"Wrote {len(written)} tables to {out}: {', '.join(p.stem for p in written)}")


@app.command()
def demo(
    warehouse: Path = typer.Option(settings.DEFAULT_WAREHOUSE, help="Warehouse to create if missing."),
    scale: float = typer.Option(settings.DEMO_SCALE, help="Demo data size (1 = Greater Manchester)."),
) -> None:
    """Generate SYNTHETIC demo data and build the warehouse, unless one already exists."""
    from pipelines.demo import ensure_demo_warehouse

    if warehouse.exists():
        console.print(f"{warehouse} exists: nothing to do (delete it to rebuild the demo).")
        return
    ensure_demo_warehouse(warehouse, progress=console.print, scale=scale)


@app.command()
def extracts() -> None:
    """Print the columns and checks of every extract the build recognises (Markdown)."""
    from pipelines.extracts import describe_markdown

    print(describe_markdown())


TEMPLATES = ("wres-wdes",)


@app.command()
def template(
    name: str = typer.Argument(..., help="Which template: wres-wdes (the WRES and WDES return)."),
    out: Path = typer.Option(None, help="Folder to write it to (default: config/templates/)."),
    organisation: str = typer.Option("", help="Fill in this ODS code on every row (e.g. R0A)."),
    year: str = typer.Option("", help="Fill in this reporting year on every row (e.g. 2024)."),
) -> None:
    """Write a template for trusts to fill in, as CSV and XLSX; it loads as filled in."""
    if name not in TEMPLATES:
        console.print(f"[bold red]No template {escape(name)!r}:[/] the templates are {', '.join(TEMPLATES)}")
        raise typer.Exit(code=2)
    from pipelines.workforce_returns import TEMPLATE_DIR, template_frame, write_template

    paths = write_template(out or TEMPLATE_DIR, organisation_code=organisation, reporting_year=year)
    rows = len(template_frame())
    for path in paths:
        console.print(f"Wrote {path} ({rows} rows to fill in)")
    console.print(
        "Fill in the value column (blank = not reported), put the file in the build folder, then run "
        "[bold]python -m pipelines build[/]."
    )


@app.command("validate-framework")
def validate_framework(
    framework: Path = typer.Option(settings.DEFAULT_FRAMEWORK, help="Framework config to check."),
) -> None:
    """Check the framework config and list its KPIs."""
    from pipelines.framework import FrameworkError, load_framework

    try:
        fw = load_framework(framework)
    except FrameworkError as exc:
        console.print(f"[bold red]Invalid framework:[/] {exc}")
        raise typer.Exit(code=1) from None
    console.print(f"{framework}: version {fw.version}, {len(fw.outcomes)} outcomes, {len(fw.kpis)} KPIs: OK")


if __name__ == "__main__":
    app()
