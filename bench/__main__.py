"""The benchmark: `python -m bench [--sections ...] [--quick]`.

Sections (default: all but `load`):
  etl      build at scale 1 and 10, each beside a straight DuckDB load of the same files
  start    cold start of one gunicorn worker to the first page
  browser  headless Chromium through the fixed filter script on every page (bench/script.py)
  server   the browser's callback requests replayed one at a time, and a naive pandas baseline
  scale10  server (and, with `browser`, one browser pass) against the scale-10 warehouse
  load     the issue-11 load test with rebuilds swapped in (bench/load.py)

The app runs as `gunicorn 'app:create_server()'` with 2 workers on 127.0.0.1. A full run
writes bench/results/<date>.json (and, with --readme, the README's Benchmarks table); a
partial or --quick run writes bench/out/last.json. Figures, not pass/fail: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import etl, report, script, start
from bench import load as load_test

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("etl", "start", "browser", "server", "scale10", "load")
DEFAULT_SECTIONS = ("etl", "start", "browser", "server", "scale10")
WORKERS = 2
CAPTURED = ROOT / "bench" / "out" / "captured-requests.json"  # the browser's callback requests, for replays


def machine(load_average_start: str) -> dict[str, Any]:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "description": f"{os.cpu_count()} cores, {memory_gb:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        "load_average_start": load_average_start,
        "load_average_end": None,
    }


def load_average() -> str:
    return " / ".join(f"{v:.1f}" for v in os.getloadavg())


def ensure_warehouse(scale: float, rebuild: bool) -> Path:
    path = etl.warehouse_path(scale)
    if rebuild or not path.exists():
        print(f"  building the scale-{scale:g} warehouse (unmeasured)", flush=True)
        etl.build(scale, niceness=10 if scale > 1 else 0)
    return path


def serve_and_measure(
    warehouse: Path,
    sections: set[str],
    pages: tuple[script.PageScript, ...],
    repeats: int,
    captured: dict[str, list[tuple[str, str]]] | None = None,
) -> dict[str, Any]:
    """Browser and/or server sections against one gunicorn, then its workers' memory."""
    from bench import browser, server

    figures: dict[str, Any] = {"warehouse": str(warehouse.relative_to(ROOT))}
    env = {"PYTHONPATH": str(ROOT)}
    with load_test.gunicorn_process(warehouse, workers=WORKERS, env=env) as (base_url, process):
        if "browser" in sections:
            figures["browser"] = browser.run(base_url, pages, repeats)
            captured = figures["browser"].pop("replay")
            CAPTURED.write_text(json.dumps(captured))
        elif captured is None and CAPTURED.exists():  # the last browser run's requests
            captured = {
                page: [tuple(r) for r in requests] for page, requests in json.loads(CAPTURED.read_text()).items()
            }
        if "server" in sections:
            print("  server: replaying callbacks, naive baseline", flush=True)
            paths = {p.name: p.path for p in pages}
            figures["server"] = server.run(base_url, warehouse, captured, paths, repeats=max(2, repeats * 2))
        figures["worker_memory"] = start.worker_memory(process)
    figures["captured"] = captured
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(DEFAULT_SECTIONS))
    parser.add_argument("--quick", action="store_true", help="small warehouses (scale 0.05 / 0.2), two pages, one pass")
    parser.add_argument("--pages", nargs="+", default=(), help="only these paths, e.g. / /localities")
    parser.add_argument("--repeats", type=int, default=None, help="passes of the browser script (default 2)")
    parser.add_argument("--etl-scales", nargs="+", type=float, default=None, help="scales the etl section builds")
    parser.add_argument("--rebuild", action="store_true", help="rebuild warehouses the etl section does not")
    parser.add_argument("--load-seconds", type=float, default=60, help="duration of the load section")
    parser.add_argument("--out", type=Path, default=None, help="results file (default: see above)")
    parser.add_argument(
        "--include", type=Path, nargs="+", default=(), help="earlier results files: sections this run leaves out"
    )
    parser.add_argument("--readme", action="store_true", help="write the README's Benchmarks table")
    args = parser.parse_args(argv)
    sections = set(args.sections)
    started = time.time()
    small, large = (0.05, 0.2) if args.quick else (1.0, 10.0)
    repeats = args.repeats or (1 if args.quick else 2)
    pages = script.pages(quick=args.quick, only=tuple(args.pages))
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command.strip(),
        "machine": machine(load_average()),
        "sections": sorted(sections),
        "quick": args.quick,
        "scales": [small, large],
        "gunicorn_workers": WORKERS,
    }
    full = sections >= set(DEFAULT_SECTIONS) and not args.quick and not args.pages
    out = args.out or (
        ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y-%m-%d}.json"
        if full
        else ROOT / "bench" / "out" / "last.json"
    )
    results["results_file"] = str(out.relative_to(ROOT)) if out.is_relative_to(ROOT) else str(out)

    if "etl" in sections:
        print("ETL", flush=True)
        results["etl"] = etl.run(tuple(args.etl_scales or (small, large)))
    scale_small = results["scale_1"] = {}
    if sections & {"start", "browser", "server", "scale10"}:
        warehouse = ensure_warehouse(small, args.rebuild)
        if "start" in sections:
            print("Cold start", flush=True)
            scale_small["start"] = start.cold_start(warehouse, {"PYTHONPATH": str(ROOT)})
        if sections & {"browser", "server"}:
            print(f"Scale {small:g}", flush=True)
            scale_small.update(serve_and_measure(warehouse, sections, pages, repeats))
    if "scale10" in sections:
        print(f"Scale {large:g}", flush=True)
        warehouse = ensure_warehouse(large, args.rebuild)
        big = serve_and_measure(
            warehouse, (sections & {"browser"}) | {"server"}, pages, 1, captured=scale_small.get("captured")
        )
        big["start"] = start.cold_start(warehouse, {"PYTHONPATH": str(ROOT)})
        big.pop("captured", None)
        results["scale_10"] = big
    scale_small.pop("captured", None)
    if "load" in sections:
        print("Load test", flush=True)
        results["load"] = load_test.run(
            duration_s=args.load_seconds, workers=WORKERS, scale=0.1 if not args.quick else 0.03
        )

    for path in args.include:
        earlier = json.loads(path.read_text())
        for key in ("etl", "scale_1", "scale_10", "load"):
            if not results.get(key) and earlier.get(key):
                results[key] = earlier[key]
                results.setdefault("included_from", {})[key] = f"{path.name} ({earlier['date']})"
    results["seconds"] = round(time.time() - started, 1)
    results["machine"]["load_average_end"] = load_average()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str) + "\n")
    report.print_summary(results)
    print(f"\n{results['seconds'] / 60:.1f} min; results in {out}")
    if args.readme:
        report.write_readme(ROOT / "README.md", results)
        print("README.md Benchmarks table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
