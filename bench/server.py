"""Server-side time per callback, and the same views from a naive baseline.

The server figures replay, one at a time over HTTP against the same gunicorn, the exact
callback requests the browser made (or, without a browser run, the request mix of the load
test), so they hold no queueing behind other callbacks. The baseline answers each filter
change the way a first prototype would: the marts held as pandas frames in memory, filtered
per request with boolean masks and serialised to JSON. Ratio = our server time / baseline.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bench import load, script

GM = "E47000001"
UPDATE = "/_dash-update-component"
# What each page shows, naively: (table, how the filters apply to it).
BASELINE_VIEWS: dict[str, tuple[str, ...]] = {
    "/": ("indicator_values:work_stream,period,all_breakdown",),
    "/work-streams": ("indicator_values:work_stream,locality,characteristic,period", "action_plans"),
    "/localities": ("indicator_values:work_stream,locality_all_areas,period,all_breakdown",),
    "/indicators": ("indicator_values:work_stream,period,all_breakdown,gm",),
    "/indicators/": ("indicator_values:indicator,locality,period", "indicator_inequalities:indicator"),
    "/workforce": ("workforce_representation:locality", "indicator_values:work_stream=workforce,locality,period"),
    "/patient-experience": ("indicator_values:work_stream,locality,period",),
    "/voices": ("voices:voice_locality,work_stream,characteristic", "voice_counts"),
    "/data-quality": ("data_completeness:locality,characteristic", "load_audit", "reject_summary"),
}
TABLES = (
    "indicator_values",
    "kpi_work_streams",
    "workforce_representation",
    "data_completeness",
    "voices",
    "voice_counts",
    "indicator_inequalities",
    "action_plans",
    "load_audit",
    "reject_summary",
)


def post(base_url: str, body: str, timeout: float = 120) -> tuple[int, float, int]:
    """(status, seconds, response bytes) of one callback request, gzip accepted like a browser."""
    request = urllib.request.Request(
        base_url + UPDATE,
        data=body.encode(),
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    return status, time.perf_counter() - started, len(raw)


def mix_requests(base_url: str) -> dict[str, list[tuple[str, str]]]:
    """Without a browser run: the load test's callback requests, as (callback, body)."""
    kept: dict[str, list[str]] = defaultdict(list)
    for _, _, body in load.request_mix(base_url):
        if body is not None and len(kept[name := script.callback_name(json.dumps(body))]) < 2:
            kept[name].append(json.dumps(body))
    return {"(load-test mix)": [(name, body) for name, bodies in kept.items() for body in bodies]}


def replay(base_url: str, captured: dict[str, list[tuple[str, str]]], repeats: int) -> dict[str, Any]:
    """Each distinct captured request `repeats` times in turn; p50/p95 per page and callback."""
    per_callback: dict[tuple[str, str], list[float]] = defaultdict(list)
    per_change: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    for page, requests in captured.items():
        distinct = list(dict.fromkeys(requests))
        for _ in range(repeats):
            for callback, body in distinct:
                status, seconds, _ = post(base_url, body)
                if status not in (200, 204):
                    failures.append(f"{page}: {callback[:80]}: HTTP {status}")
                per_callback[(page, callback)].append(1000 * seconds)
        # a change's server time: the sum of its callbacks (served one after another)
        for samples in zip(*(per_callback[(page, c)] for c, _ in distinct), strict=False):
            per_change[page].append(sum(samples))
    callbacks = [
        {"page": page, "callback": callback, **script.percentiles(samples)}
        for (page, callback), samples in per_callback.items()
    ]
    return {
        "callbacks": callbacks,
        "failures": failures,
        "per_page_sum_of_callbacks_ms": {page: script.percentiles(samples) for page, samples in per_change.items()},
    }


# --- the naive baseline -----------------------------------------------------------------


def load_frames(warehouse: Path) -> tuple[dict[str, pd.DataFrame], float]:
    """The marts as pandas frames, and the seconds it took (the baseline's start-up cost)."""
    started = time.perf_counter()
    frames = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for table in TABLES:
            if table in present:
                frames[table] = con.execute(f"SELECT * FROM {table}").df()
    return frames, time.perf_counter() - started


def _apply(frame: pd.DataFrame, rule: str, filters: dict[str, Any], frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    locality = filters.get("locality") or GM
    work_stream = filters.get("work_stream") or "all"
    if rule.startswith("work_stream="):
        work_stream, rule = rule.split("=", 1)[1], "work_stream"
    if rule == "work_stream" and work_stream != "all" and "indicator_id" in frame:
        links = frames.get("kpi_work_streams")
        if links is not None:
            frame = frame[frame["indicator_id"].isin(links.loc[links["work_stream"] == work_stream, "indicator_id"])]
    elif rule == "work_stream" and work_stream != "all" and "work_stream" in frame:
        frame = frame[frame["work_stream"] == work_stream]
    elif rule == "locality" and "area_code" in frame:
        frame = frame[frame["area_code"].isin([locality, GM])]
    elif rule == "voice_locality" and locality != GM:
        frame = frame[frame["locality_code"] == locality]
    elif rule == "gm" and "area_code" in frame:
        frame = frame[frame["area_code"] == GM]
    elif rule == "characteristic" and "breakdown" in frame:
        frame = frame[frame["breakdown"] == (filters.get("characteristic") or "all")]
    elif rule == "characteristic" and "characteristic" in frame and filters.get("characteristic", "all") != "all":
        frame = frame[frame["characteristic"] == filters["characteristic"]]
    elif rule == "all_breakdown" and "breakdown" in frame:
        frame = frame[frame["breakdown"] == "all"]
    elif rule == "indicator" and "indicator_id" in frame:
        frame = frame[frame["indicator_id"] == filters.get("indicator_id", script.EXAMPLE_INDICATOR)]
    elif rule == "period" and "period_sort" in frame:
        period = filters.get("period") or "latest"
        if period == "latest":
            frame = frame[frame["period_sort"] == frame.groupby("indicator_id")["period_sort"].transform("max")]
        else:
            frame = frame[frame["period"] == period]
    return frame


def naive_view(path: str, filters: dict[str, Any], frames: dict[str, pd.DataFrame]) -> str:
    """One filter change served naively: mask the in-memory frames, serialise the rows."""
    key = "/indicators/" if path.startswith("/indicators/") else path
    out = {}
    for spec in BASELINE_VIEWS.get(key, ()):
        table, _, rules = spec.partition(":")
        frame = frames.get(table)
        if frame is None:
            continue
        for rule in filter(None, rules.split(",")):
            frame = _apply(frame, rule, filters, frames)
        out[table] = frame.to_dict("records")
    return json.dumps(out, default=str)


def baseline(
    warehouse: Path, captured: dict[str, list[tuple[str, str]]], paths: dict[str, str], repeats: int
) -> dict[str, Any]:
    """Baseline time per page for the filter states the captured requests carried."""
    frames, load_seconds = load_frames(warehouse)
    per_page: dict[str, list[float]] = {}
    for page, requests in captured.items():
        states = list(dict.fromkeys(json.dumps(s, sort_keys=True) for _, b in requests if (s := script.store_value(b))))
        samples = []
        for _ in range(repeats):
            for state in states:
                started = time.perf_counter()
                naive_view(paths.get(page, "/"), json.loads(state), frames)
                samples.append(1000 * (time.perf_counter() - started))
        per_page[page] = script.percentiles(samples)
    return {"frames_load_s": round(load_seconds, 2), "per_page_ms": per_page}


def run(
    base_url: str,
    warehouse: Path,
    captured: dict[str, list[tuple[str, str]]] | None,
    paths: dict[str, str],
    repeats: int,
) -> dict[str, Any]:
    captured = captured or mix_requests(base_url)
    served = replay(base_url, captured, repeats)
    naive = baseline(warehouse, captured, paths, repeats)
    ratios = {
        page: script.ratio(served["per_page_sum_of_callbacks_ms"].get(page, {}).get("p50"), figures["p50"])
        for page, figures in naive["per_page_ms"].items()
    }
    return {**served, "baseline": naive, "ratio_to_baseline_p50": ratios}
