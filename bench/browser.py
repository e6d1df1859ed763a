"""Filter changes as a user feels them: headless Chromium through the fixed script, timed to
"settled" (no pending callback, nothing loading, every visible Plotly graph drawn, and the DOM
quiet for `QUIET_MS`), with what the DevTools protocol saw on the network and main thread.

The timer starts in the page, just before the `change` event, and stops at the last DOM
mutation before the quiet spell, so neither the quiet window nor WebDriver round trips count.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import script

CHROMIUM = Path(os.environ.get("GMEQ_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("GMEQ_CHROMEDRIVER", "/usr/bin/chromedriver"))
# Headless Chromium as both the bench and the browser tests drive it (tests add their own flags).
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
QUIET_MS = 500
TIMEOUT_S = 40
UPDATE = "/_dash-update-component"

# Installed before any page script runs: a DOM mutation clock, long tasks, and in-flight
# callback requests (fetch is wrapped before Dash's renderer can take a reference to it).
OBSERVER_JS = """
(() => {
  const b = window.__bench = {t0: 0, lastMutation: performance.now(), longTasks: [], pending: 0};
  const start = () => new MutationObserver(() => { b.lastMutation = performance.now(); })
      .observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  if (document.documentElement) start(); else document.addEventListener('readystatechange', start, {once: true});
  try {
    new PerformanceObserver(list => { for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]); })
        .observe({type: 'longtask', buffered: true});
  } catch (e) {}
  const realFetch = window.fetch.bind(window);
  window.fetch = (...args) => {
    b.pending += 1;
    return realFetch(...args).finally(() => { b.pending -= 1; });
  };
})();
"""
STATE_JS = """
const b = window.__bench;
if (!b) return null;
const visible = [...document.querySelectorAll('.dash-graph')].filter(g => g.offsetParent !== null);
return {
  now: performance.now(), last: b.lastMutation, t0: b.t0, pending: b.pending,
  loading: !!document.querySelector('[data-dash-is-loading="true"]'),
  drawn: visible.every(g => g.querySelector('.main-svg')),
  content: !!document.querySelector('#_pages_content') && document.querySelector('#_pages_content').children.length > 0,
  nodes: document.getElementsByTagName('*').length,
  figures: document.querySelectorAll('.js-plotly-plot').length,
  longTasks: b.longTasks.filter(t => t[0] >= b.t0).map(t => t[1]),
};
"""
OPTIONS_JS = """
const s = document.getElementById(arguments[0]);
if (!s || s.tagName !== 'SELECT' || s.offsetParent === null) return null;
return {value: s.value, options: [...s.options].map(o => o.value)};
"""
CHANGE_JS = """
const [id, value] = arguments;
const s = document.getElementById(id);
const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
const b = window.__bench;
b.t0 = performance.now();
b.lastMutation = b.t0;
setValue.call(s, value);
s.dispatchEvent(new Event('change', {bubbles: true}));
return b.t0;
"""


@dataclass
class Settled:
    ms: float
    timed_out: bool
    nodes: int
    figures: int
    longest_task_ms: float
    long_task_ms: float


@dataclass
class CallbackResponse:
    callback: str
    changed: list[str]
    status: int
    wire_bytes: int
    body_bytes: int
    components: int
    server_ms: float | None  # request sent -> first response byte, as the browser saw it
    request_body: str | None = field(repr=False, default=None)


def missing_browser() -> str | None:
    """Why Chromium cannot be driven here, or None."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return None
    return f"Chromium not found at {CHROMIUM} / {CHROMEDRIVER}: apt-get install chromium chromium-driver"


def chromium(profile_dir: Path, *flags: str, logging: dict[str, str], perf_logging: dict | None = None) -> Any:
    """A headless Chromium WebDriver with its own profile, the shared FLAGS and any extra ones."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, *flags):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.set_capability("goog:loggingPrefs", logging)
    if perf_logging:
        options.add_experimental_option("perfLoggingPrefs", perf_logging)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    return driver


def start_browser(profile_dir: Path) -> Any:
    if reason := missing_browser():
        raise RuntimeError(reason)
    driver = chromium(
        profile_dir,
        "--window-size=1440,1000",
        logging={"performance": "ALL", "browser": "SEVERE"},
        perf_logging={"enableNetwork": True, "enablePage": False},
    )
    driver.execute_cdp_cmd("Network.enable", {"maxResourceBufferSize": 50_000_000, "maxTotalBufferSize": 200_000_000})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
    driver.execute_cdp_cmd("Performance.enable", {})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER_JS})
    return driver


def wait_settled(driver: Any, since: float, timeout_s: float = TIMEOUT_S) -> Settled:
    """Poll until the page has settled; the time is from `since` (page clock, ms) to the last
    DOM mutation before the quiet spell."""
    deadline = time.monotonic() + timeout_s
    state = None
    while time.monotonic() < deadline:
        time.sleep(0.05)
        state = driver.execute_script(STATE_JS)
        if not state or not state["content"]:
            continue
        if (
            state["pending"] == 0
            and not state["loading"]
            and state["drawn"]
            and state["now"] - state["last"] >= QUIET_MS
        ):
            return _settled(state, since, False)
    if state is None:
        return Settled(timeout_s * 1000, True, 0, 0, 0.0, 0.0)
    return _settled(state, since, True)


def _settled(state: dict[str, Any], since: float, timed_out: bool) -> Settled:
    tasks = state.get("longTasks") or []
    return Settled(
        ms=round(state["last"] - since, 1),
        timed_out=timed_out,
        nodes=int(state["nodes"]),
        figures=int(state["figures"]),
        longest_task_ms=round(max(tasks, default=0.0), 1),
        long_task_ms=round(sum(tasks), 1),
    )


def main_thread_metrics(driver: Any) -> dict[str, float]:
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return {m["name"]: m["value"] for m in metrics}


def parse_performance_log(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Callback exchanges in chromedriver's performance log, by DevTools request id: the POST
    body, status, server time (request sent -> response headers) and bytes on the wire."""
    requests: dict[str, dict[str, Any]] = {}
    for entry in entries:
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent" and UPDATE in params["request"]["url"]:
            requests[params["requestId"]] = {"post": params["request"].get("postData")}
        elif params.get("requestId") in requests:
            record = requests[params["requestId"]]
            if method == "Network.responseReceived":
                response = params["response"]
                timing = response.get("timing") or {}
                record["status"] = response.get("status", 0)
                headers_at = timing.get("receiveHeadersStart", timing.get("receiveHeadersEnd"))
                if headers_at is not None and "sendEnd" in timing:
                    record["server_ms"] = round(headers_at - timing["sendEnd"], 1)
            elif method == "Network.loadingFinished":
                record["wire"] = int(params.get("encodedDataLength", 0))
    return requests


def callback_responses(driver: Any) -> list[CallbackResponse]:
    """The `/_dash-update-component` exchanges in the performance log since it was last read,
    with each response body fetched through the DevTools protocol."""
    requests = parse_performance_log(driver.get_log("performance"))
    responses = []
    for request_id, record in requests.items():
        post = record.get("post")
        if post is None:
            try:
                post = driver.execute_cdp_cmd("Network.getRequestPostData", {"requestId": request_id})["postData"]
            except Exception:  # noqa: BLE001 - evicted from the buffer: the name is then unknown
                post = None
        body = ""
        try:
            answer = driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": request_id})
            body = base64.b64decode(answer["body"]).decode() if answer.get("base64Encoded") else answer["body"]
        except Exception:  # noqa: BLE001 - a 204 (PreventUpdate) has no body
            body = ""
        responses.append(
            CallbackResponse(
                callback=script.callback_name(post),
                changed=script.changed_inputs(post),
                status=int(record.get("status", 0)),
                wire_bytes=int(record.get("wire", 0)),
                body_bytes=len(body.encode()),
                components=script.components_in_response(body),
                server_ms=record.get("server_ms"),
                request_body=post,
            )
        )
    return responses


def _summarise_responses(responses: list[CallbackResponse]) -> dict[str, Any]:
    return {
        "requests": len(responses),
        "components": sum(r.components for r in responses),
        "wire_bytes": sum(r.wire_bytes for r in responses),
        "body_bytes": sum(r.body_bytes for r in responses),
        "callbacks": [{k: v for k, v in r.__dict__.items() if k != "request_body"} for r in responses if r.status != 0],
    }


def run_page(driver: Any, base_url: str, page: script.PageScript, repeats: int) -> dict[str, Any]:
    """Open a page `repeats` times, each time running its steps; figures per load and change."""
    loads, changes, skipped = [], [], []
    replay: list[tuple[str, str]] = []  # (callback, request body) of each change, for the server section
    for _ in range(repeats):
        driver.get_log("performance")
        driver.get(base_url + page.path)
        settled = wait_settled(driver, since=0.0)
        loads.append({**settled.__dict__, **_summarise_responses(callback_responses(driver))})
        for step in page.steps:
            current = driver.execute_script(OPTIONS_JS, step.control)
            value = script.choose_value(step, current["options"]) if current else None
            if value is None or value == current["value"]:
                skipped.append(f"{step.control}={step.value}: {'no such control' if not current else 'unavailable'}")
                continue
            before = main_thread_metrics(driver)
            since = driver.execute_script(CHANGE_JS, step.control, value)
            settled = wait_settled(driver, since)
            after = main_thread_metrics(driver)
            record = {
                "control": step.control,
                "value": value,
                **settled.__dict__,
                "task_ms": round(1000 * (after.get("TaskDuration", 0) - before.get("TaskDuration", 0)), 1),
                "script_ms": round(1000 * (after.get("ScriptDuration", 0) - before.get("ScriptDuration", 0)), 1),
                "layout_ms": round(1000 * (after.get("LayoutDuration", 0) - before.get("LayoutDuration", 0)), 1),
            }
            responses = callback_responses(driver)
            replay.extend((r.callback, r.request_body) for r in responses if r.request_body and r.status == 200)
            record.update(_summarise_responses(responses))
            changes.append(record)
    return {"path": page.path, "loads": loads, "changes": changes, "skipped": sorted(set(skipped)), "replay": replay}


def summarise_page(result: dict[str, Any]) -> dict[str, Any]:
    """The figures the report shows for one page."""
    changes, loads = result["changes"], result["loads"]
    return {
        "path": result["path"],
        "change_ms": script.percentiles([c["ms"] for c in changes]),
        "load_ms": script.percentiles([c["ms"] for c in loads]),
        "timeouts": sum(c["timed_out"] for c in changes + loads),
        "components_per_change_max": max((c["components"] for c in changes), default=None),
        "components_on_load_max": max((c["components"] for c in loads), default=None),
        "response_bytes_max": max((cb["body_bytes"] for c in changes for cb in c["callbacks"]), default=None),
        "wire_bytes_per_change_max": max((c["wire_bytes"] for c in changes), default=None),
        "dom_nodes": max((c["nodes"] for c in changes + loads), default=None),
        "figures": max((c["figures"] for c in changes + loads), default=None),
        "longest_task_ms": max((c["longest_task_ms"] for c in changes), default=None),
        "skipped": result["skipped"],
    }


def run(base_url: str, pages: tuple[script.PageScript, ...], repeats: int) -> dict[str, Any]:
    """Every page of the script in one browser; raw records, per-page summaries, and the
    callback requests seen (for the server section to replay)."""
    with tempfile.TemporaryDirectory(prefix="gmeq-bench-chromium-") as profile:
        driver = start_browser(Path(profile))
        try:
            raw = {}
            for page in pages:
                print(f"  browser: {page.name} ({page.path})", flush=True)
                raw[page.name] = run_page(driver, base_url, page, repeats)
            console = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        finally:
            driver.quit()
    replay = {name: result.pop("replay") for name, result in raw.items()}
    return {
        "pages": {name: summarise_page(result) for name, result in raw.items()},
        "raw": raw,
        "replay": replay,
        "console_errors": [e.get("message", "")[:300] for e in console][:20],
    }
