"""Issue 12's targets held against a run's figures, printed and as the README's table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

README_START = "<!-- bench:targets:start -->"
README_END = "<!-- bench:targets:end -->"
FAST_PAGES = ("Board overview", "Indicator detail")


@dataclass
class Verdict:
    target: str
    measured: str
    met: bool | None  # None: not measured in this run
    limits: str = ""

    @property
    def word(self) -> str:
        return {True: "met", False: "**not met**", None: "not measured"}[self.met]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def browser_verdicts(browser: dict[str, Any] | None) -> list[Verdict]:
    if not browser:
        return [
            Verdict("every filter change painted, p95 < 1 s", "-", None),
            Verdict("board and indicator pages, p95 < 500 ms", "-", None),
        ]
    pages = browser["pages"]
    p95 = {name: page["change_ms"]["p95"] for name, page in pages.items() if page["change_ms"]["p95"] is not None}
    slowest = max(p95, key=p95.get) if p95 else None
    over = [name for name, value in p95.items() if value >= 1000]
    limits = ""
    if slowest:
        page = pages[slowest]
        limits = (
            f"slowest {slowest}: {page['components_per_change_max']} components mounted by one change, "
            f"longest main-thread task {_ms(page['longest_task_ms'])}, {page['dom_nodes']:,} DOM nodes"
        )
    verdicts = [
        Verdict(
            "every filter change painted, p95 < 1 s",
            ", ".join(f"{n} {_ms(v)}" for n, v in sorted(p95.items(), key=lambda kv: -kv[1])),
            not over if p95 else None,
            limits if over else "",
        )
    ]
    fast = {n: p95[n] for n in FAST_PAGES if n in p95}
    slow_fast = [n for n, v in fast.items() if v >= 500]
    verdicts.append(
        Verdict(
            "board and indicator pages, p95 < 500 ms",
            ", ".join(f"{n} {_ms(v)}" for n, v in fast.items()) or "-",
            (not slow_fast) if fast else None,
            "; ".join(
                f"{n}: {pages[n]['components_per_change_max']} components per change, "
                f"longest task {_ms(pages[n]['longest_task_ms'])}"
                for n in slow_fast
            ),
        )
    )
    return verdicts


def server_verdict(server: dict[str, Any] | None) -> Verdict:
    if not server:
        return Verdict("server p95 per callback < 150 ms", "-", None)
    callbacks = [c for c in server["callbacks"] if c["p95"] is not None]
    worst = max(callbacks, key=lambda c: c["p95"], default=None)
    over = [c for c in callbacks if c["p95"] >= 150]
    measured = f"worst {_ms(worst['p95'])} ({worst['page']}: {worst['callback'][:70]})" if worst else "-"
    return Verdict(
        "server p95 per callback < 150 ms",
        f"{measured}; {len(over)} of {len(callbacks)} callbacks over",
        not over if callbacks else None,
        f"{len(over)} callbacks over 150 ms" if over else "",
    )


def scale_verdict(small: dict[str, Any] | None, large: dict[str, Any] | None) -> Verdict:
    target = "scale-10 warehouse within 1.3x of scale 1 (server, per page)"
    if not small or not large:
        return Verdict(target, "-", None)
    ratios = {}
    for page, figures in large["per_page_sum_of_callbacks_ms"].items():
        base = small["per_page_sum_of_callbacks_ms"].get(page, {}).get("p50")
        if base and figures.get("p50") is not None:
            ratios[page] = figures["p50"] / base
    if not ratios:
        return Verdict(target, "-", None)
    worst = max(ratios, key=ratios.get)
    over = [p for p, r in ratios.items() if r > 1.3]
    return Verdict(
        target,
        f"worst {worst} {ratios[worst]:.2f}x; median page {sorted(ratios.values())[len(ratios) // 2]:.2f}x",
        not over,
        f"{', '.join(over)} over 1.3x" if over else "",
    )


def start_verdicts(start: dict[str, Any] | None, memory: dict[str, Any] | None) -> list[Verdict]:
    verdicts = []
    if start:
        seconds = start["first_content_s"]
        verdicts.append(
            Verdict(
                "cold start to first page < 3 s",
                f"{seconds:.1f} s (page served {start['first_page_s']:.1f} s)",
                seconds < 3,
                "app import and factory in the worker" if seconds >= 3 else "",
            )
        )
    else:
        verdicts.append(Verdict("cold start to first page < 3 s", "-", None))
    if memory and memory.get("max_rss_mb") is not None:
        rss = memory["max_rss_mb"]
        verdicts.append(
            Verdict(
                "one worker's RSS < 500 MB",
                f"{rss:,.0f} MB after the script (peak {memory['max_peak_rss_mb']:,.0f} MB)",
                rss < 500,
                "query cache and imports" if rss >= 500 else "",
            )
        )
    else:
        verdicts.append(Verdict("one worker's RSS < 500 MB", "-", None))
    return verdicts


def etl_verdicts(etl: dict[str, Any] | None) -> list[Verdict]:
    run = (etl or {}).get("10")
    if not run:
        return [
            Verdict("build at scale 10 within 4x of a straight DuckDB load", "-", None),
            Verdict("build at scale 10 under 6 GB peak", "-", None),
        ]
    build, straight = run["build"], run["straight_load"]
    stages = sorted(build["stages"].items(), key=lambda kv: -kv[1])[:3]
    slowest = ", ".join(f"{k} {v:.0f} s" for k, v in stages)
    ratio = run["build_over_straight"]
    gb = build["peak_rss_mb"] / 1024
    return [
        Verdict(
            "build at scale 10 within 4x of a straight DuckDB load",
            f"{build['seconds']:.0f} s vs {straight['seconds']:.0f} s = {ratio:.1f}x",
            ratio <= 4,
            f"slowest stages: {slowest}" if ratio > 4 else "",
        ),
        Verdict(
            "build at scale 10 under 6 GB peak",
            f"{gb:.1f} GB (straight load {straight['peak_rss_mb'] / 1024:.1f} GB)",
            gb < 6,
            "" if gb < 6 else f"slowest stages: {slowest}",
        ),
    ]


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    scale1, scale10 = results.get("scale_1", {}), results.get("scale_10", {})
    return [
        *browser_verdicts(scale1.get("browser")),
        server_verdict(scale1.get("server")),
        scale_verdict(scale1.get("server"), scale10.get("server")),
        *start_verdicts(scale1.get("start"), scale1.get("worker_memory")),
        *etl_verdicts(results.get("etl")),
    ]


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"Run {results['date']} on {results['machine']['description']} "
        f"(load average {results['machine']['load_average_start']} at the start, "
        f"{results['machine']['load_average_end']} at the end); `{results['command']}`, "
        f"{results['seconds'] / 60:.1f} min, figures in [{results['results_file']}]({results['results_file']})"
        + "".join(f"; {k} from {v}" for k, v in results.get("included_from", {}).items())
        + ".",
        "",
        "| target (issue 12) | measured | verdict | what limits it |",
        "|---|---|---|---|",
    ]
    lines += [f"| {v.target} | {v.measured} | {v.word} | {v.limits} |" for v in verdicts(results)]
    return "\n".join(lines)


def page_table(results: dict[str, Any]) -> str:
    """Per page: browser p50/p95, components, bytes, nodes, figures, server and baseline."""
    scale1 = results.get("scale_1", {})
    browser = (scale1.get("browser") or {}).get("pages", {})
    server = scale1.get("server") or {}
    per_page = server.get("per_page_sum_of_callbacks_ms", {})
    ratios = server.get("ratio_to_baseline_p50", {})
    lines = [
        "| page | change p50 / p95 | load p50 | components per change (max) | largest response | DOM nodes "
        "| figures | server p50 / p95 (sum of callbacks) | vs naive baseline |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in browser or per_page:
        b = browser.get(name, {})
        s = per_page.get(name, {})
        change = b.get("change_ms", {})
        largest = b.get("response_bytes_max")
        lines.append(
            f"| {name} | {_ms(change.get('p50'))} / {_ms(change.get('p95'))} | {_ms(b.get('load_ms', {}).get('p50'))} "
            f"| {b.get('components_per_change_max', '-')} | {'-' if largest is None else f'{largest / 1000:,.0f} KB'} "
            f"| {b.get('dom_nodes', '-')} | {b.get('figures', '-')} | {_ms(s.get('p50'))} / {_ms(s.get('p95'))} "
            f"| {'-' if ratios.get(name) is None else f'{ratios[name]:.1f}x'} |"
        )
    return "\n".join(lines)


def write_readme(readme: Path, results: dict[str, Any]) -> None:
    """Replace the text between the README's bench markers with this run's tables."""
    text = readme.read_text()
    block = f"{README_START}\n{markdown(results)}\n\n{page_table(results)}\n{README_END}"
    if README_START in text:
        text = re.sub(re.escape(README_START) + ".*?" + re.escape(README_END), lambda _: block, text, flags=re.S)
    else:
        text = text.replace("## Benchmarks\n", f"## Benchmarks\n\n{block}\n", 1)
    readme.write_text(text)


def print_summary(results: dict[str, Any]) -> None:
    print()
    for verdict in verdicts(results):
        print(
            f"{verdict.word.replace('*', ''):>13}  {verdict.target}: {verdict.measured}"
            + (f"  [{verdict.limits}]" if verdict.limits else "")
        )
    print()
    print(page_table(results))
