"""Export warehouse tables as Parquet for Power BI / Tableau users."""

from __future__ import annotations

from pathlib import Path

import duckdb


def export_tables(warehouse: Path, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            target = out_dir / f"{table}.parquet"
            # COPY takes the target as a literal, not a parameter; the name is ours, not user input.
            con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target.as_posix()}' (FORMAT parquet)")
            written.append(target)
    return written
