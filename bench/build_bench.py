"""Benchmark: generate demo extracts and build the warehouse at several scales.

    python bench/build_bench.py --scales 1 10 [--out bench/out]

Prints, per scale: rows generated, generation time, build time by stage, warehouse size
and peak memory of the build, then ratios against the first scale. Not a pass/fail test:
machines here are shared and noisy, so read the figures, don't assert on them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time, resource
from pathlib import Path
sys.path.insert(0, {root!r})
from pipelines.build import build
started = time.time()
summary = build(Path({source!r}), Path({warehouse!r}))
print(json.dumps({{
    "seconds": time.time() - started,
    "stages": summary.stage_seconds,
    "rows_loaded": summary.rows_loaded,
    "rows_rejected": summary.rows_rejected,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}}))
"""


def run(scale: float, out: Path) -> dict:
    source = out / f"extracts_scale_{scale:g}"
    warehouse = out / f"warehouse_scale_{scale:g}.duckdb"
    gen_seconds = None
    if not (source / "patient_experience.csv").exists():
        from pipelines.generate import generate

        started = time.time()
        generate(source, seed=42, scale=scale, messy=True)
        gen_seconds = time.time() - started
    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), source=str(source), warehouse=str(warehouse))],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["scale"] = scale
    result["generate_seconds"] = gen_seconds
    result["extract_mb"] = sum(p.stat().st_size for p in source.iterdir()) / 1e6
    result["warehouse_mb"] = warehouse.stat().st_size / 1e6
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    results = []
    for scale in args.scales:
        r = run(scale, args.out)
        results.append(r)
        gen = f"{r['generate_seconds']:.1f} s" if r["generate_seconds"] is not None else "reused"
        print(
            f"scale {scale:g}: extracts {r['extract_mb']:,.0f} MB (generate {gen}); "
            f"build {r['seconds']:.1f} s, {r['rows_loaded']:,} rows loaded, {r['rows_rejected']:,} rejected, "
            f"{r['rows_loaded'] / r['seconds']:,.0f} rows/s, peak RSS {r['peak_rss_mb']:,.0f} MB, "
            f"warehouse {r['warehouse_mb']:,.0f} MB"
        )
        print("    stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["stages"].items()))
    base = results[0]
    for r in results[1:]:
        print(
            f"scale {r['scale']:g} / scale {base['scale']:g}: rows x{r['rows_loaded'] / base['rows_loaded']:.1f}, "
            f"build time x{r['seconds'] / base['seconds']:.1f}, "
            f"peak memory x{r['peak_rss_mb'] / base['peak_rss_mb']:.1f}"
        )


if __name__ == "__main__":
    main()
