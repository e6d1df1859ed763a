"""Cold start to first page, and the memory one worker holds."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from bench import load

ROUTER = "_pages_content.children"


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM) of one process, from /proc."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            figures[name] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": figures.get("VmRSS", 0.0), "peak_rss_mb": figures.get("VmHWM", 0.0)}


def workers_of(master: subprocess.Popen) -> list[int]:
    """gunicorn's worker pids: the master's children."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def worker_memory(master: subprocess.Popen) -> dict[str, Any]:
    per_worker = [rss_mb(pid) for pid in workers_of(master)]
    return {
        "workers": len(per_worker),
        "max_rss_mb": max((w["rss_mb"] for w in per_worker), default=None),
        "max_peak_rss_mb": max((w["peak_rss_mb"] for w in per_worker), default=None),
        "per_worker": per_worker,
    }


def cold_start(warehouse: Path, env: dict[str, str], page: str = "/") -> dict[str, Any]:
    """Spawn gunicorn (1 worker) and time until `page` is served and its content callback has
    answered (what a browser needs to draw it)."""
    port = load.free_port()
    base_url = f"http://127.0.0.1:{port}"
    environment = load._clean_env({"GMEQ_WAREHOUSE": str(warehouse), **env})
    started = time.perf_counter()
    process = subprocess.Popen(
        load.gunicorn_command(port, 1),
        cwd=load.REPO_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        first_page = None
        deadline = time.monotonic() + load.START_SECONDS
        while first_page is None and time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            try:
                if load.http(base_url, page, timeout=30)[0] == 200:
                    first_page = time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        if first_page is None:
            raise RuntimeError(f"gunicorn did not serve {page} in {load.START_SECONDS} s")
        dependencies = json.loads(load.http(base_url, "/_dash-dependencies")[1])
        load.http(base_url, "/_dash-layout")
        router = next(d for d in dependencies if ROUTER in d["output"])
        body = load.callback_body(router, {"_pages_location.pathname": page, "_pages_location.search": ""})
        status, _ = load.http(base_url, "/_dash-update-component", body)
        content = time.perf_counter() - started
        memory = worker_memory(process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "page": page,
        "first_page_s": round(first_page, 2),
        "first_content_s": round(content, 2),
        "content_status": status,
        "idle_worker": memory,
    }
