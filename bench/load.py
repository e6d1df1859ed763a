"""Bounded load test: gunicorn with several workers on 127.0.0.1, threaded clients making the
requests a browser makes, and atomic rebuilds swapped in while they run. Counts every failure
(a 5xx, an unexpected 4xx, a refused connection, a timeout); prints requests/s and latencies.

    python bench/load.py --duration 180 --workers 4      # a few minutes, a real rebuild per minute
    from bench.load import run; run(duration_s=30, workers=2)

`run(duration_s, workers)` returns a dict of figures (`python -m bench --sections load` calls it). Timings
on a shared machine are indicative; the figure that matters is failures, which must be 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 300  # generous: a loaded machine, or a first run that builds a warehouse
PAGES = (
    "/",
    "/work-streams",
    "/localities",
    "/indicators",
    "/workforce",
    "/patient-experience",
    "/voices",
    "/data-quality",
    "/about",
    "/indicators/WRES2",
)
SEARCHES = (
    "",
    "?locality=E08000003",
    "?locality=E08000005&characteristic=ethnic_group",
    "?work_stream=workforce",
    "?characteristic=disability",
    "?locality=E08000009&period=latest",
)


# --- the Dash protocol, as the browser's renderer speaks it ------------------------------


def callback_body(dependency: dict[str, Any], values: dict[str, Any], changed: str | None = None) -> dict[str, Any]:
    """The JSON a browser POSTs to /_dash-update-component for one callback, inputs by 'id.prop'."""
    output = dependency["output"]
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    inputs = [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dependency["inputs"]]
    state = [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dependency["state"]]
    return {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [changed or f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


def http(base_url: str, path: str, body: dict | None = None, timeout: float = 60) -> tuple[int, bytes]:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(base_url + path, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_env(extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GMEQ_")}
    return {**env, "PYTHONUNBUFFERED": "1", **(extra or {})}


def wait_until_serving(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if http(base_url, "/", timeout=5)[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer at {base_url} in {START_SECONDS} s:\n{log.read_text()[-4000:]}")


@contextlib.contextmanager
def serve(command: list[str], warehouse: Path, port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a server command on 127.0.0.1:`port` against `warehouse`; yield its base URL."""
    with serve_process(command, warehouse, port, env) as (base_url, _process):
        yield base_url


@contextlib.contextmanager
def serve_process(
    command: list[str], warehouse: Path, port: int, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`serve`, yielding the server process too (the bench reads its workers' memory)."""
    log = Path(tempfile.mkstemp(prefix="gmeq-server-", suffix=".log")[1])
    environment = _clean_env({"GMEQ_WAREHOUSE": str(warehouse), **(env or {})})
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process, log)
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def gunicorn_command(port: int, workers: int) -> list[str]:
    """gunicorn serving the app factory, as the Dockerfile runs it."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "app:create_server()",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
    ]


def gunicorn(warehouse: Path, workers: int = 2, env: dict[str, str] | None = None) -> contextlib.AbstractContextManager:
    """gunicorn serving the app factory, as the Dockerfile runs it; yields its base URL."""
    port = free_port()
    return serve(gunicorn_command(port, workers), warehouse, port, env)


def gunicorn_process(
    warehouse: Path, workers: int = 2, env: dict[str, str] | None = None
) -> contextlib.AbstractContextManager:
    """`gunicorn`, yielding (base URL, master process)."""
    port = free_port()
    return serve_process(gunicorn_command(port, workers), warehouse, port, env)


def python_app(warehouse: Path, env: dict[str, str] | None = None) -> contextlib.AbstractContextManager:
    """`python app.py`, as the README's first command runs it (without --demo)."""
    port = free_port()
    command = [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port), "--warehouse", str(warehouse)]
    return serve(command, warehouse, port, env)


# --- the load ------------------------------------------------------------------------------


def request_mix(base_url: str) -> list[tuple[str, str, dict | None]]:
    """(kind, path, body) of what browsers ask for: pages, layout, routing, filters, contents."""
    dependencies = json.loads(http(base_url, "/_dash-dependencies")[1])
    by_output = {d["output"]: d for d in dependencies}
    router = next(d for d in dependencies if "_pages_content.children" in d["output"])
    sync = next(d for d in dependencies if "filters.data" in d["output"] and "url.search" in d["output"])
    contents = [
        d
        for d in dependencies
        if [f"{i['id']}.{i['property']}" for i in d["inputs"]] == ["filters.data"] and "{" not in d["output"]
    ]
    mix: list[tuple[str, str, dict | None]] = [("page", p, None) for p in PAGES]
    mix += [("layout", "/_dash-layout", None), ("dependencies", "/_dash-dependencies", None)]
    mix += [
        (
            "route",
            "/_dash-update-component",
            callback_body(router, {"_pages_location.pathname": p, "_pages_location.search": ""}),
        )
        for p in PAGES
    ]
    for search in SEARCHES:
        mix.append(("filters", "/_dash-update-component", callback_body(sync, {"url.search": search}, "url.search")))
        status, raw = http(base_url, "/_dash-update-component", mix[-1][2])
        store = json.loads(raw)["response"]["filters"]["data"] if status == 200 else None
        for content in contents:
            body = callback_body(by_output[content["output"]], {"filters.data": store})
            mix.append(("content", "/_dash-update-component", body))
    return mix


def rebuild_by_copy(good: Path, warehouse: Path) -> Callable[[], None]:
    """A stand-in rebuild for a warehouse without extracts: write beside it, then os.replace."""

    def swap() -> None:
        staging = warehouse.with_name(f".{warehouse.name}.swap-{os.getpid()}")
        shutil.copyfile(good, staging)
        os.replace(staging, warehouse)

    return swap


def rebuild_from(extracts: Path, warehouse: Path) -> Callable[[], None]:
    """A real build of `extracts` into `warehouse` (the build swaps the file in atomically)."""

    def build() -> None:
        from pipelines.build import build as run_build

        run_build(extracts, warehouse)

    return build


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load(base_url: str, duration_s: float, clients: int, rebuild: Callable[[], None] | None, rebuilds: int) -> dict:
    """Drive `base_url` for `duration_s` with `clients` threads; run `rebuild` `rebuilds` times evenly."""
    mix = request_mix(base_url)
    lock = threading.Lock()
    latencies: list[float] = []
    kinds: Counter[str] = Counter()
    failures: list[str] = []
    stop = time.monotonic() + duration_s
    rebuilding = threading.Event()  # clients keep going until a rebuild in progress has swapped in
    rebuild_seconds: list[float] = []

    by_kind: dict[str, list[tuple[str, str, dict | None]]] = {}
    for entry in mix:
        by_kind.setdefault(entry[0], []).append(entry)
    kind_names = list(by_kind)

    def client(seed: int) -> None:
        rng = random.Random(seed)
        made = 0
        while time.monotonic() < stop or rebuilding.is_set():
            # each client's first requests are one of each kind, client n starting at the n-th
            # kind, so even a short run on a slow machine asks for every kind; then the mix
            if made < len(kind_names):
                kind, path, body = rng.choice(by_kind[kind_names[(seed + made) % len(kind_names)]])
            else:
                kind, path, body = rng.choice(mix)
            made += 1
            started = time.perf_counter()
            try:
                status, raw = http(base_url, path, body)
                problem = None if status in (200, 204) else f"{kind} {path}: HTTP {status} {raw[:120]!r}"
            except OSError as error:
                problem = f"{kind} {path}: {error!r}"
            elapsed = time.perf_counter() - started
            with lock:
                kinds[kind] += 1
                latencies.append(elapsed)
                if problem:
                    failures.append(problem)

    def rebuilder() -> None:
        """Rebuild at evenly spaced times; only while the clients run, so each swap lands under load."""
        for n in range(rebuilds if rebuild else 0):
            time.sleep(max(0.0, started_at + duration_s * (n + 1) / (rebuilds + 1) - time.monotonic()))
            rebuilding.set()  # before looking at the clock, so no client stops in between
            if time.monotonic() >= stop:
                rebuilding.clear()
                return
            try:
                t0 = time.perf_counter()
                rebuild()  # type: ignore[misc]
                rebuild_seconds.append(time.perf_counter() - t0)
            finally:
                rebuilding.clear()

    started_at = time.monotonic()
    rebuild_thread = threading.Thread(target=rebuilder, daemon=True)
    rebuild_thread.start()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    rebuild_thread.join()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started_at
    return {
        "requests": len(latencies),
        "failures": len(failures),
        "failure_examples": failures[:10],
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "latency_p50_ms": round(1000 * _percentile(latencies, 0.5), 1),
        "latency_p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
        "latency_mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
        "by_kind": dict(kinds),
        "rebuilds": len(rebuild_seconds),
        "rebuild_seconds": [round(s, 1) for s in rebuild_seconds],
        "duration_s": round(elapsed, 1),
        "clients": clients,
        "distinct_requests": len(mix),
    }


def machine() -> str:
    return f"{platform.node()}: {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def run(
    duration_s: float = 180,
    workers: int = 4,
    clients: int | None = None,
    scale: float = 0.1,
    rebuilds: int | None = None,
) -> dict:
    """Generate a demo at `scale`, serve it with gunicorn (`workers`), load it with real rebuilds."""
    from pipelines.build import build
    from pipelines.generate import generate

    clients = clients or 2 * workers
    rebuilds = rebuilds if rebuilds is not None else max(1, int(duration_s // 60))
    with tempfile.TemporaryDirectory(prefix="gmeq-load-") as folder:
        extracts, warehouse = Path(folder) / "extracts", Path(folder) / "warehouse.duckdb"
        generate(extracts, seed=11, scale=scale, messy=True)
        build(extracts, warehouse)
        with gunicorn(warehouse, workers=workers) as base_url:
            figures = load(base_url, duration_s, clients, rebuild_from(extracts, warehouse), rebuilds)
    figures.update(
        workers=workers, scale=scale, date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), machine=machine()
    )
    _print(figures)
    return figures


def _print(figures: dict) -> None:
    print(
        f"load: {figures['requests']:,} requests in {figures['duration_s']} s "
        f"({figures['requests_per_s']}/s) from {figures['clients']} clients, "
        f"{figures.get('workers')} gunicorn workers, "
        f"{figures['rebuilds']} rebuild(s) swapped in; failures {figures['failures']}; "
        f"latency p50 {figures['latency_p50_ms']} ms, p95 {figures['latency_p95_ms']} ms"
    )
    for example in figures["failure_examples"]:
        print("  failed:", example)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (default %(default)s)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--clients", type=int, default=None, help="client threads (default 2 per worker)")
    parser.add_argument("--scale", type=float, default=0.1, help="demo data scale (default %(default)s)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    figures = run(args.duration, args.workers, args.clients, args.scale)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    sys.exit(1 if figures["failures"] else 0)


if __name__ == "__main__":
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    main()
