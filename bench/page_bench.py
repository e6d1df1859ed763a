"""Benchmark: how fast each page loads and answers a filter change, server-side.

    python bench/page_bench.py [WAREHOUSE ...] [--repeat 5] [--detail] [--profile PATH]

Builds the app with `dashboard.create_app` and drives it with Flask's test client the way
the browser does (nothing else is started): it reads Dash's callback map at
`/_dash-dependencies`, then for each page

- load: GET the page and `/_dash-layout`, then POST to `/_dash-update-component` the
  callbacks the browser fires on arrival (URL -> filters, the page router, the page's own
  callbacks), with inputs and states taken from the layouts the server returned;
- filter change: set one filter control (each filter the page shows, in turn), POST the
  filter bar's callback, then every callback that listens to the `filters` store.

Each is timed cold (the per-worker cache cleared first) and warm (everything cached), and
the median and 95th percentile of the summed request times are printed per page, then the
data-access functions pages call most. With a second warehouse (default: the scale-10 build
at bench/out/warehouse_scale_10.duckdb when it exists) the ratios between the two follow.
Not a pass/fail test: machines here are shared and noisy, so read the figures.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import dash  # noqa: E402

from dashboard import create_app  # noqa: E402
from dashboard.components.filter_bar import CONTROL_IDS, FILTERS_STORE  # noqa: E402
from dashboard.state import url_state  # noqa: E402
from dashboard.warehouse import db, framework, indicators, quality, voices, workforce  # noqa: E402
from dashboard.warehouse.cache import cache  # noqa: E402

DEFAULT_WAREHOUSES = (ROOT / "data" / "warehouse.duckdb", ROOT / "bench" / "out" / "warehouse_scale_10.duckdb")
UPDATE = "/_dash-update-component"
ROUTER_INPUT = "_pages_location.pathname"
Key = tuple[str, str]  # (component id as Dash writes it, property)


def id_key(component_id: Any) -> str:
    """A component id as the callback map writes it (dict ids as sorted, compact JSON)."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def split_output(output: str) -> list[tuple[str, str]]:
    """`"..a.b...c.d.."` or `"a.b"` -> [("a", "b"), ("c", "d")] (ids may be JSON)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]  # type: ignore[misc]


def matches(pattern: dict[str, Any], component_id: Any) -> bool:
    """Does a concrete dict id match a wildcard id ({"type": "x", "path": ["ALL"]})?"""
    if not isinstance(component_id, dict) or set(pattern) != set(component_id):
        return False
    return all(isinstance(v, list) or component_id[k] == v for k, v in pattern.items())


class Renderer:
    """Just enough of dash-renderer to build the requests a browser sends: the props of
    every component the server has sent, and the callbacks that fire when they change."""

    def __init__(self, client: Any, dependencies: list[dict[str, Any]]) -> None:
        self.client = client
        self.callbacks = [c for c in dependencies if not c.get("clientside_function")]
        # The shell's callbacks, by their first input: the filter bar (URL search), the page
        # router and the filter fields shown (URL path).
        self.shell_callbacks = {f"{c['inputs'][0]['id']}.{c['inputs'][0]['property']}": c for c in self.callbacks}
        self.shell: dict[Key, Any] = {}
        self.page: dict[Key, Any] = {}
        self.ids: dict[str, Any] = {}  # id_key -> the id itself
        self.timings: list[tuple[str, float]] = []

    # -- component state --------------------------------------------------------------
    def absorb(self, tree: Any, into: dict[Key, Any]) -> None:
        if isinstance(tree, list):
            for item in tree:
                self.absorb(item, into)
            return
        if not isinstance(tree, dict) or "props" not in tree:
            return
        props = tree["props"]
        if "id" in props:
            key = id_key(props["id"])
            self.ids[key] = props["id"]
            for name, value in props.items():
                into[(key, name)] = value
        for value in props.values():
            if isinstance(value, (dict, list)):
                self.absorb(value, into)

    def get(self, key: Key) -> Any:
        return self.page.get(key, self.shell.get(key))

    def exists(self, component: str) -> bool:
        return any(k[0] == component for k in self.page) or any(k[0] == component for k in self.shell)

    def set(self, key: Key, value: Any) -> None:
        target = self.page if any(k[0] == key[0] for k in self.page) else self.shell
        target[key] = value
        if key[1] == "children":
            self.absorb(value, self.page)

    def _concrete(self, pattern: str) -> list[str]:
        wanted = json.loads(pattern)
        return [k for k, v in self.ids.items() if matches(wanted, v) and self.exists(k)]

    def _items(self, specs: list[dict[str, str]]) -> list[Any]:
        items: list[Any] = []
        for spec in specs:
            component, prop = spec["id"], spec["property"]
            if component.startswith("{"):
                items.append([self._item(k, prop) for k in self._concrete(component)])
            else:
                items.append(self._item(component, prop))
        return items

    def _item(self, component: str, prop: str) -> dict[str, Any]:
        return {"id": self.ids.get(component, component), "property": prop, "value": self.get((component, prop))}

    def ready(self, callback: dict[str, Any]) -> bool:
        """All inputs and outputs on the page (a callback with a missing input never fires)."""
        for spec in callback["inputs"]:
            if "MATCH" in spec["id"]:
                return False
            if not spec["id"].startswith("{") and not self.exists(spec["id"]):
                return False
        return all(c.startswith("{") or self.exists(c) for c, _ in split_output(callback["output"]))

    # -- requests ---------------------------------------------------------------------
    def fire(self, callback: dict[str, Any], changed: list[str]) -> None:
        outputs = [
            [{"id": self.ids[k], "property": prop} for k in self._concrete(component)]
            if component.startswith("{")
            else {"id": component, "property": prop}
            for component, prop in split_output(callback["output"])
        ]
        body = {
            "output": callback["output"],
            "outputs": outputs if callback["output"].startswith("..") else outputs[0],
            "inputs": self._items(callback["inputs"]),
            "changedPropIds": changed,
            "state": self._items(callback["state"]),
        }
        started = time.perf_counter()
        response = self.client.post(UPDATE, json=body)
        self.timings.append((callback["output"][:60], time.perf_counter() - started))
        if response.status_code == 204:  # PreventUpdate
            return
        if response.status_code != 200:
            raise RuntimeError(f"{callback['output'][:80]}: HTTP {response.status_code}\n{response.text[:2000]}")
        for component, props in response.get_json().get("response", {}).items():
            key = id_key(json.loads(component)) if component.startswith("{") else component
            for prop, value in props.items():
                if key == "_pages_content" and prop == "children":
                    self.page = {}
                    self.absorb(value, self.page)
                else:
                    self.set((key, prop), value)

    def listeners(self, component_prop: str) -> list[dict[str, Any]]:
        return [
            c for c in self.callbacks
            if any(f"{s['id']}.{s['property']}" == component_prop for s in c["inputs"]) and self.ready(c)
        ]  # fmt: skip

    def load(self, path: str, search: str = "") -> None:
        """What the browser sends on arriving at `path + search`."""
        self.timings = []
        self.page = {}
        for url in (path + search, "/_dash-layout"):
            started = time.perf_counter()
            response = self.client.get(url)
            self.timings.append((f"GET {url.split('?')[0]}", time.perf_counter() - started))
            if url == "/_dash-layout":
                self.shell = {}
                self.absorb(response.get_json(), self.shell)
        for location in ("url", "_pages_location"):
            self.shell[(location, "pathname")] = path
            self.shell[(location, "search")] = search
        shell = self.shell_callbacks
        self.fire(shell["url.search"], ["url.search"])  # the filter bar reads the URL
        self.fire(shell[ROUTER_INPUT], [ROUTER_INPUT, "_pages_location.search"])  # the page
        self.fire(shell["url.pathname"], ["url.pathname"])
        fired = {id(shell[k]) for k in ("url.search", ROUTER_INPUT, "url.pathname")}
        for callback in self.callbacks:  # the page's own callbacks, drawn from the store
            if id(callback) in fired or callback.get("prevent_initial_call") or not self.ready(callback):
                continue
            inputs = [f"{s['id']}.{s['property']}" for s in callback["inputs"]]
            self.fire(callback, [f"{FILTERS_STORE}.data"] if f"{FILTERS_STORE}.data" in inputs else [])

    def change(self, parameter: str, value: str) -> None:
        """What the browser sends when one filter control changes."""
        self.timings = []
        control = CONTROL_IDS[parameter]
        self.set((control, "value"), value)
        self.fire(self.shell_callbacks["url.search"], [f"{control}.value"])
        for callback in self.listeners(f"{FILTERS_STORE}.data"):
            self.fire(callback, [f"{FILTERS_STORE}.data"])

    def snapshot(self) -> tuple[dict[Key, Any], dict[Key, Any]]:
        return copy.deepcopy(self.shell), copy.deepcopy(self.page)

    def restore(self, saved: tuple[dict[Key, Any], dict[Key, Any]]) -> None:
        self.shell, self.page = copy.deepcopy(saved[0]), copy.deepcopy(saved[1])


# --- statistics and printing ------------------------------------------------------------


def summary(samples: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) in milliseconds."""
    if len(samples) == 1:
        return samples[0] * 1000, samples[0] * 1000
    return statistics.median(samples) * 1000, statistics.quantiles(samples, n=20, method="inclusive")[18] * 1000


def fmt(pair: tuple[float, float]) -> str:
    return f"{pair[0]:7.0f} {pair[1]:7.0f}"


# --- the runs --------------------------------------------------------------------------


def clear_caches() -> None:
    cache.clear()


def page_paths(indicator_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, path, filters) of every page; a path template gets one example KPI."""
    pages = []
    for page in sorted(dash.page_registry.values(), key=lambda p: (p.get("order") is None, p.get("order") or 0)):
        if page["module"].endswith("not_found_404"):
            continue
        path = page["path"]
        if page.get("path_template"):
            path = page["path_template"].replace("<indicator_id>", indicator_id)
        pages.append((page["name"], path, tuple(page.get("filters", ()))))
    return pages


def changed_value(renderer: Renderer, parameter: str) -> str | None:
    """A value other than the default for one filter: the third option of its list."""
    options = renderer.get((CONTROL_IDS[parameter], "options")) or []
    values = [o["value"] for o in options]
    return values[2] if len(values) > 2 else (values[-1] if len(values) > 1 else None)


def bench_pages(app: Any, repeat: int, indicator_id: str, only: set[str] | None) -> dict[str, dict[str, Any]]:
    client = app.server.test_client()
    client.get("/")  # Dash sets itself up on the first request
    renderer = Renderer(client, client.get("/_dash-dependencies").get_json())
    results: dict[str, dict[str, Any]] = {}
    for name, path, filters in page_paths(indicator_id):
        if only and path not in only:
            continue
        row: dict[str, Any] = {"path": path, "load_cold": [], "load_warm": [], "change_cold": [],
                               "change_warm": [], "slowest": {}}  # fmt: skip
        changes = [p for p in filters if p in ("locality", "work_stream", "characteristic", "period")]
        for _ in range(repeat):
            clear_caches()
            renderer.load(path)
            row["load_cold"].append(sum(t for _, t in renderer.timings))
            renderer.load(path)
            row["load_warm"].append(sum(t for _, t in renderer.timings))
            loaded = renderer.snapshot()
            for parameter in changes:
                value = changed_value(renderer, parameter)
                if value is None:
                    continue
                for state in ("cold", "warm"):
                    if state == "cold":
                        clear_caches()
                    renderer.restore(loaded)
                    renderer.change(parameter, value)
                    row[f"change_{state}"].append(sum(t for _, t in renderer.timings))
                    slowest = max(renderer.timings, key=lambda item: item[1])
                    key = f"{parameter}={value} ({state})"
                    row["slowest"][key] = max(row["slowest"].get(key, (0.0, ""))[0], slowest[1]), slowest[0]
        results[name] = row
    return results


def data_functions(indicator_id: str) -> dict[str, Callable[[], Any]]:
    """The data-access calls pages make most, with typical arguments."""
    kpis = framework.kpis()
    ids = tuple(kpis["indicator_id"])
    areas = tuple(framework.localities()["area_code"])
    stream = str(framework.work_streams()["work_stream"].iloc[0])
    return {
        "url_state.load_options()": url_state.load_options,
        "kpis()": framework.kpis,
        "kpis(work_stream)": lambda: framework.kpis(stream),
        "headline_values()": indicators.headline_values,
        "indicator_values(id, period=all)": lambda: indicators.indicator_values(indicator_id, period="all"),
        "indicator_values(id, areas)": lambda: indicators.indicator_values(indicator_id, area_codes=areas[:2]),
        "values_for_indicators(all ids)": lambda: indicators.values_for_indicators(ids, breakdowns=("all",)),
        "work_stream_values(stream, areas)": lambda: indicators.work_stream_values(stream, areas[:2]),
        "workforce_representation(ethnicity)": lambda: workforce.workforce_representation("wres_ethnicity"),
        "data_completeness()": quality.data_completeness,
        "voices()": voices.voices,
        "voice_counts()": voices.voice_counts,
        "declared_disability(GM)": lambda: workforce.declared_disability(areas[0]),
    }


def bench_data(app: Any, repeat: int, indicator_id: str) -> dict[str, dict[str, list[float]]]:
    results: dict[str, dict[str, list[float]]] = {}
    with app.server.test_request_context("/"):
        for name, function in data_functions(indicator_id).items():
            cold, warm = [], []
            for _ in range(repeat):
                clear_caches()
                started = time.perf_counter()
                function()
                cold.append(time.perf_counter() - started)
                started = time.perf_counter()
                function()
                warm.append(time.perf_counter() - started)
            results[name] = {"cold": cold, "warm": warm}
    return results


def example_indicator(app: Any) -> str:
    with app.server.test_request_context("/"):
        values = indicators.headline_values()
        kpis = framework.kpis()
        ids = [i for i in kpis["indicator_id"] if i in set(values["indicator_id"])]
        return "WRES5" if "WRES5" in ids else (ids[0] if ids else str(kpis["indicator_id"].iloc[0]))


def use_warehouse(app: Any, path: Path) -> None:
    """Point the app at another warehouse file (caches are keyed on the file anyway)."""
    old = app.server.extensions.get(db.EXTENSION_KEY)
    if old is not None:
        old.close()
    app.server.extensions[db.EXTENSION_KEY] = db.Warehouse(path)
    clear_caches()


def print_pages(label: str, results: dict[str, dict[str, Any]], detail: bool) -> None:
    print(f"\n== Pages, {label} (server-side ms, sum of the requests; median / p95) ==")
    print(f"{'page':<22} {'load cold':>15} {'load warm':>15} {'change cold':>15} {'change warm':>15}")
    for name, row in results.items():
        cells = [fmt(summary(row[k])) if row[k] else f"{'-':>15}" for k in
                 ("load_cold", "load_warm", "change_cold", "change_warm")]  # fmt: skip
        print(f"{name[:22]:<22} " + " ".join(cells))
        if detail:
            for change, (seconds, output) in row["slowest"].items():
                print(f"    {change:<40} slowest request {seconds * 1000:6.0f} ms  {output}")


def print_data(label: str, results: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n== Data access, {label} (ms; median / p95) ==")
    print(f"{'function':<38} {'cold':>15} {'warm':>15}")
    for name, row in results.items():
        print(f"{name:<38} {fmt(summary(row['cold']))} {fmt(summary(row['warm']))}")


def print_ratios(labels: list[str], runs: list[dict[str, Any]]) -> None:
    first, second = runs[0], runs[1]
    print(f"\n== Ratios {labels[1]} / {labels[0]} (of medians) ==")
    print(f"{'page':<22} {'load cold':>10} {'load warm':>10} {'change cold':>12} {'change warm':>12}")
    for name, row in second["pages"].items():
        base = first["pages"].get(name)
        if not base:
            continue
        cells = []
        for key in ("load_cold", "load_warm", "change_cold", "change_warm"):
            if row[key] and base[key]:
                cells.append(f"{statistics.median(row[key]) / statistics.median(base[key]):10.2f}x")
            else:
                cells.append(f"{'-':>11}")
        print(f"{name[:22]:<22} " + " ".join(cells))
    for name, row in second["data"].items():
        base = first["data"][name]
        print(f"{name:<38} cold {statistics.median(row['cold']) / statistics.median(base['cold']):6.2f}x")


def profile(app: Any, path: str, indicator_id: str) -> None:
    """cProfile of one page's cold load and cold filter changes (top functions by time)."""
    client = app.server.test_client()
    client.get("/")
    renderer = Renderer(client, client.get("/_dash-dependencies").get_json())
    filters = next(f for _, p, f in page_paths(indicator_id) if p == path)
    profiler = cProfile.Profile()
    clear_caches()
    profiler.enable()
    renderer.load(path)
    loaded = renderer.snapshot()
    for parameter in filters:
        value = changed_value(renderer, parameter)
        if parameter in CONTROL_IDS and value is not None:
            clear_caches()
            renderer.restore(loaded)
            renderer.change(parameter, value)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouses", nargs="*", type=Path, help="default: data/warehouse.duckdb, then the "
                        "scale-10 build in bench/out when it exists")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each measurement (default 5)")
    parser.add_argument("--pages", nargs="*", help="only these paths, e.g. / /localities")
    parser.add_argument("--detail", action="store_true", help="the slowest request of each filter change")
    parser.add_argument("--profile", metavar="PATH", help="profile one page (cold) instead of timing")
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    args = parser.parse_args(argv)
    warehouses = args.warehouses or [p for p in DEFAULT_WAREHOUSES if p.exists()]
    app = create_app(warehouses[0])
    indicator_id = example_indicator(app)
    if args.profile:
        profile(app, args.profile, indicator_id)
        return
    runs, labels = [], []
    for path in warehouses:
        use_warehouse(app, path)
        label = f"{path.name} ({path.stat().st_size / 1e6:.0f} MB)"
        print(f"\nWarehouse {path}: {args.repeat} repetitions, example KPI {indicator_id}", flush=True)
        pages = bench_pages(app, args.repeat, indicator_id, set(args.pages) if args.pages else None)
        print_pages(label, pages, args.detail)
        functions = bench_data(app, args.repeat, indicator_id)
        print_data(label, functions)
        runs.append({"warehouse": str(path), "pages": pages, "data": functions})
        labels.append(path.name)
    if len(runs) > 1:
        print_ratios(labels, runs)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1, default=str))


if __name__ == "__main__":
    main()
