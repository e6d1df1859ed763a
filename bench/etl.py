"""The build at each scale beside a straight DuckDB load of the same files.

Both run in a child process of their own, so each peak memory figure (the child's maximum
resident set) is that job's alone. The straight load is what DuckDB does with no checking:
`CREATE TABLE ... AS SELECT * FROM read_csv(file)` for every CSV into one database file.
Extracts are generated once per scale (seed 42, messy) and reused while the generator's
source is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEED = 42

BUILD_CHILD = """
import json, resource, sys, time
from pathlib import Path
from pipelines.build import build
started = time.time()
summary = build(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({
    "seconds": round(time.time() - started, 1),
    "stages": {k: round(v, 1) for k, v in summary.stage_seconds.items()},
    "rows_loaded": summary.rows_loaded,
    "rows_rejected": summary.rows_rejected,
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
"""
STRAIGHT_CHILD = """
import json, resource, sys, time
from pathlib import Path
import duckdb
started = time.time()
con = duckdb.connect(sys.argv[2])
rows = 0
for path in sorted(Path(sys.argv[1]).glob("*.csv")):
    table = path.stem.replace("-", "_")
    con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_csv(?, ignore_errors=true)', [str(path)])
    rows += con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
con.execute("CHECKPOINT")
con.close()
print(json.dumps({
    "seconds": round(time.time() - started, 1),
    "rows": rows,
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
"""


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _niced(niceness: int):
    return (lambda: os.nice(niceness)) if niceness else None


def _run_child(code: str, args: list[str], niceness: int) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        preexec_fn=_niced(niceness),
    )
    if completed.returncode != 0:
        raise RuntimeError(f"child failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def generator_stamp() -> str:
    """Identifies the generator's code: extracts made by other code are made again."""
    return hashlib.sha256((ROOT / "pipelines" / "generate.py").read_bytes()).hexdigest()[:16]


def extracts(scale: float, niceness: int = 0) -> tuple[Path, float | None]:
    """The messy synthetic extracts at `scale` (generated when missing or stale) and the
    seconds generating took (None when reused)."""
    folder = OUT / f"extracts_scale_{scale:g}"
    stamp = folder / ".generator"
    if stamp.exists() and stamp.read_text() == generator_stamp():
        return folder, None
    started = time.time()
    code = "import sys; from pathlib import Path; from pipelines.generate import generate; "
    code += "generate(Path(sys.argv[1]), seed=int(sys.argv[2]), scale=float(sys.argv[3]), messy=True)"
    subprocess.run(
        [sys.executable, "-c", code, str(folder), str(SEED), str(scale)],
        cwd=ROOT,
        env=child_env(),
        check=True,
        preexec_fn=_niced(niceness),
    )
    stamp.write_text(generator_stamp())
    return folder, round(time.time() - started, 1)


def warehouse_path(scale: float) -> Path:
    return OUT / f"warehouse_scale_{scale:g}.duckdb"


def build(scale: float, niceness: int = 0) -> dict[str, Any]:
    """Build the warehouse at `scale` (bench/out/warehouse_scale_<scale>.duckdb), measured."""
    source, generate_seconds = extracts(scale, niceness)
    result = _run_child(BUILD_CHILD, [str(source), str(warehouse_path(scale))], niceness)
    result["generate_seconds"] = generate_seconds
    result["extract_mb"] = round(sum(p.stat().st_size for p in source.iterdir() if p.is_file()) / 1e6)
    result["warehouse_mb"] = round(warehouse_path(scale).stat().st_size / 1e6)
    return result


def straight_load(scale: float, niceness: int = 0) -> dict[str, Any]:
    source, _ = extracts(scale, niceness)
    with tempfile.TemporaryDirectory(prefix="gmeq-straight-", dir=OUT) as folder:
        return _run_child(STRAIGHT_CHILD, [str(source), str(Path(folder) / "straight.duckdb")], niceness)


def run(scales: tuple[float, ...], niceness_above_1: int = 10) -> dict[str, Any]:
    """Build and straight load at each scale; scales above 1 run niced (shared machine)."""
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for scale in scales:
        niceness = niceness_above_1 if scale > 1 else 0
        print(f"  etl: scale {scale:g} (nice {niceness})", flush=True)
        built = build(scale, niceness)
        straight = straight_load(scale, niceness)
        results[f"{scale:g}"] = {
            "scale": scale,
            "niceness": niceness,
            "build": built,
            "straight_load": straight,
            "build_over_straight": round(built["seconds"] / straight["seconds"], 2) if straight["seconds"] else None,
        }
    return results
