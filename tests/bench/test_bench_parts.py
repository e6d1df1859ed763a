"""The bench's pure parts: its script, the Dash and DevTools parsers, the naive baseline and the
target verdicts. No timings are asserted (the bench reports them; tests cannot judge them)."""

from __future__ import annotations

import json

import pandas as pd
import plotly
from dash import dcc, html

from bench import browser, report, script, server


def serialised(component) -> object:
    """A component as Dash sends it in a callback response."""
    return json.loads(json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder))


def test_components_are_counted_as_the_renderer_mounts_them_including_those_in_props():
    tree = html.Div([html.Span("a"), html.Details([html.Summary("more"), dcc.Graph(id="g")])], title="x")
    response = json.dumps({"multi": True, "response": {"content": {"children": serialised(tree)}}})
    assert script.components_in_response(response) == 5
    assert script.figure_count(serialised(tree)) == 1
    assert script.components_in_response("") == 0  # a 204 has no body


def test_callback_identity_changed_inputs_and_filters_store_come_from_the_request_body():
    body = json.dumps(
        {
            "output": "..page-summary.children...page-sections.children..",
            "changedPropIds": ["filters.data"],
            "inputs": [{"id": "filters", "property": "data", "value": {"locality": "E08000003"}}],
            "state": [],
        }
    )
    assert script.callback_name(body) == "page-summary.children + page-sections.children"
    assert script.changed_inputs(body) == ["filters.data"]
    assert script.store_value(body) == {"locality": "E08000003"}
    assert script.callback_name(None) == "?"


def test_a_step_chooses_its_value_or_says_it_is_unavailable():
    options = ["latest", "2023/24", "2022/23"]
    assert script.choose_value(script.Step("filter-period", "#1"), options) == "2023/24"
    assert script.choose_value(script.Step("filter-period", "#9"), options) is None
    assert script.choose_value(script.Step("filter-period", "2022/23"), options) == "2022/23"
    assert script.choose_value(script.Step("filter-period", "1999/00"), options) is None


def test_the_script_covers_every_page_once_and_quick_is_a_subset():
    paths = [page.path for page in script.SCRIPT]
    assert len(paths) == len(set(paths))
    assert {"/", "/localities", "/workforce", "/data-quality"} <= set(paths)
    assert all(page.steps for page in script.SCRIPT)
    assert {p.path for p in script.pages(quick=True)} == set(script.QUICK_PAGES)
    assert [p.path for p in script.pages(only=("/voices",))] == ["/voices"]


def test_percentiles_use_the_nearest_rank_so_a_small_sample_reports_its_worst():
    assert script.percentiles([3.0, 1.0, 2.0]) == {"p50": 2.0, "p95": 3.0, "n": 3}
    assert script.percentiles([]) == {"p50": None, "p95": None, "n": 0}
    assert script.percentiles([float(v) for v in range(1, 101)])["p95"] == 95.0


def _log(method: str, **params) -> dict:
    return {"message": json.dumps({"message": {"method": method, "params": params}})}


def test_the_performance_log_gives_each_callbacks_body_status_server_time_and_wire_bytes():
    entries = [
        _log(
            "Network.requestWillBeSent",
            requestId="1",
            request={"url": "http://h/_dash-update-component?x=1", "postData": '{"output": "a.b"}'},
        ),
        _log("Network.requestWillBeSent", requestId="2", request={"url": "http://h/assets/x.css"}),
        _log(
            "Network.responseReceived",
            requestId="1",
            response={"status": 200, "timing": {"sendEnd": 1.5, "receiveHeadersEnd": 41.5}},
        ),
        _log("Network.loadingFinished", requestId="1", encodedDataLength=1234),
        _log("Network.loadingFinished", requestId="2", encodedDataLength=99),
    ]
    assert browser.parse_performance_log(entries) == {
        "1": {"post": '{"output": "a.b"}', "status": 200, "server_ms": 40.0, "wire": 1234}
    }


def test_the_naive_baseline_filters_frames_by_the_page_filters():
    frames = {
        "indicator_values": pd.DataFrame(
            {
                "indicator_id": ["A", "A", "A", "B"],
                "area_code": ["E08000003", server.GM, "E08000005", "E08000003"],
                "breakdown": ["all"] * 4,
                "period": ["2023/24"] * 4,
                "period_sort": [2, 2, 2, 1],
            }
        ),
        "kpi_work_streams": pd.DataFrame({"indicator_id": ["A"], "work_stream": ["workforce"]}),
    }
    view = json.loads(
        server.naive_view(
            "/patient-experience", {"locality": "E08000003", "work_stream": "workforce", "period": "latest"}, frames
        )
    )
    assert sorted(r["area_code"] for r in view["indicator_values"]) == ["E08000003", server.GM]


def _results(change_p95: float, callback_p95: float, build_s: float) -> dict:
    page = {
        "change_ms": {"p50": change_p95, "p95": change_p95, "n": 3},
        "load_ms": {"p50": 1.0, "p95": 1.0, "n": 1},
        "components_per_change_max": 40,
        "longest_task_ms": 80.0,
        "dom_nodes": 900,
        "figures": 2,
        "response_bytes_max": 5000,
    }
    server_figures = {
        "callbacks": [{"page": "Board overview", "callback": "x.children", "p50": 1.0, "p95": callback_p95, "n": 4}],
        "per_page_sum_of_callbacks_ms": {"Board overview": {"p50": 10.0, "p95": 12.0, "n": 4}},
        "ratio_to_baseline_p50": {"Board overview": 2.0},
    }
    return {
        "date": "2026-12-01 17:00 UTC",
        "command": "python -m bench",
        "seconds": 600,
        "results_file": "r.json",
        "machine": {"description": "2 cores", "load_average_start": "1.0", "load_average_end": "2.0"},
        "scale_1": {
            "browser": {"pages": {"Board overview": page}},
            "server": server_figures,
            "start": {"first_page_s": 1.0, "first_content_s": 1.2},
            "worker_memory": {"max_rss_mb": 300.0, "max_peak_rss_mb": 310.0},
        },
        "scale_10": {"server": {**server_figures, "per_page_sum_of_callbacks_ms": {"Board overview": {"p50": 20.0}}}},
        "etl": {
            "10": {
                "build": {"seconds": build_s, "peak_rss_mb": 5000, "stages": {"marts": 30.0}},
                "straight_load": {"seconds": 25.0, "peak_rss_mb": 900},
                "build_over_straight": build_s / 25,
            }
        },
    }


def test_targets_are_marked_met_or_not_met_with_what_limits_them():
    met = {v.target: v for v in report.verdicts(_results(change_p95=300, callback_p95=90, build_s=80))}
    assert met["every filter change painted, p95 < 1 s"].met is True
    assert met["server p95 per callback < 150 ms"].met is True
    assert met["scale-10 warehouse within 1.3x of scale 1 (server, per page)"].met is False  # 20 ms vs 10 ms
    missed = {v.target: v for v in report.verdicts(_results(change_p95=1800, callback_p95=400, build_s=200))}
    slow = missed["every filter change painted, p95 < 1 s"]
    assert slow.met is False and "40 components" in slow.limits
    assert missed["build at scale 10 within 4x of a straight DuckDB load"].met is False
    assert "marts 30 s" in missed["build at scale 10 within 4x of a straight DuckDB load"].limits


def test_the_readme_table_is_replaced_between_its_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\n## Benchmarks\n\nold words\n\n## Development\n")
    report.write_readme(readme, _results(300, 90, 80))
    first = readme.read_text()
    assert report.README_START in first and "| server p95 per callback < 150 ms |" in first
    report.write_readme(readme, _results(1800, 400, 200))
    second = readme.read_text()
    assert second.count(report.README_START) == 1 and "**not met**" in second and second.endswith("## Development\n")
