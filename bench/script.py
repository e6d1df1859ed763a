"""The fixed script the bench drives through every page, and the pure parsers of what comes back.

A step changes one `<select>` on a page to a value. Values are written as codes users know
(ONS locality codes, work-stream and characteristic codes), or `#n` for "the n-th option"
where the options depend on the data (periods). A control a page does not show is skipped
and reported, so the script keeps working while pages are rebuilt.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from typing import Any

MANCHESTER, ROCHDALE, TRAFFORD, WIGAN = "E08000003", "E08000005", "E08000009", "E08000010"
EXAMPLE_INDICATOR = "WRES5"


@dataclass(frozen=True)
class Step:
    control: str  # the element id of a <select>
    value: str  # an option value, or "#n": the n-th option (0-based) of the control


@dataclass(frozen=True)
class PageScript:
    name: str
    path: str
    steps: tuple[Step, ...]


def _locality(*codes: str) -> tuple[Step, ...]:
    return tuple(Step("filter-locality", code) for code in codes)


SCRIPT: tuple[PageScript, ...] = (
    PageScript(
        "Board overview",
        "/",
        (Step("filter-work-stream", "workforce"), Step("filter-period", "#1"), Step("filter-work-stream", "all")),
    ),
    PageScript(
        "Work streams",
        "/work-streams",
        (
            Step("filter-work-stream", "workforce"),
            *_locality(MANCHESTER),
            Step("filter-characteristic", "ethnic_group"),
            Step("filter-work-stream", "acute_specialist"),
        ),
    ),
    PageScript(
        "Localities",
        "/localities",
        (*_locality(MANCHESTER, ROCHDALE, TRAFFORD), Step("localities-indicator", "#3")),
    ),
    PageScript(
        "Indicators", "/indicators", (Step("filter-work-stream", "workforce"), Step("filter-work-stream", "all"))
    ),
    PageScript(
        "Indicator detail",
        f"/indicators/{EXAMPLE_INDICATOR}",
        (*_locality(WIGAN, MANCHESTER), Step("indicator-breakdown-select", "ethnic_group")),
    ),
    PageScript("Workforce", "/workforce", _locality(MANCHESTER, ROCHDALE, TRAFFORD)),
    PageScript(
        "Patient experience",
        "/patient-experience",
        (*_locality(MANCHESTER, TRAFFORD), Step("filter-work-stream", "#2")),
    ),
    PageScript(
        "Voices", "/voices", (*_locality(MANCHESTER), Step("filter-characteristic", "disability"), *_locality(WIGAN))
    ),
    PageScript(
        "Data quality",
        "/data-quality",
        (*_locality(MANCHESTER, ROCHDALE), Step("filter-characteristic", "ethnic_group")),
    ),
)
QUICK_PAGES = ("/", "/localities")


def pages(quick: bool = False, only: tuple[str, ...] = ()) -> tuple[PageScript, ...]:
    """The script's pages: all, the quick subset, or those whose path is in `only`."""
    chosen = [p for p in SCRIPT if (not only or p.path in only) and (not quick or only or p.path in QUICK_PAGES)]
    return tuple(chosen)


def choose_value(step: Step, option_values: list[str]) -> str | None:
    """The value a step sets, given the control's current options (None: not available)."""
    if step.value.startswith("#"):
        index = int(step.value[1:])
        return option_values[index] if index < len(option_values) else None
    return step.value if step.value in option_values else None


# --- Dash protocol parsers ---------------------------------------------------------------


def is_component(node: Any) -> bool:
    """A serialised Dash component: {"type", "namespace", "props"}."""
    return isinstance(node, dict) and "type" in node and "namespace" in node and "props" in node


def count_components(tree: Any) -> int:
    """How many Dash components a JSON value holds (each one the renderer mounts)."""
    if isinstance(tree, list):
        return sum(count_components(item) for item in tree)
    if not isinstance(tree, dict):
        return 0
    own = 1 if is_component(tree) else 0
    children = tree["props"].values() if own else tree.values()
    return own + sum(count_components(value) for value in children if isinstance(value, (dict, list)))


def figure_count(tree: Any) -> int:
    """How many dcc.Graph components a JSON value holds."""
    if isinstance(tree, list):
        return sum(figure_count(item) for item in tree)
    if not isinstance(tree, dict):
        return 0
    own = 1 if is_component(tree) and tree["type"] == "Graph" else 0
    values = tree["props"].values() if is_component(tree) else tree.values()
    return own + sum(figure_count(v) for v in values if isinstance(v, (dict, list)))


def components_in_response(body: str) -> int:
    """Components mounted by one `/_dash-update-component` response body."""
    try:
        payload = json.loads(body)
    except (TypeError, ValueError):
        return 0
    return count_components(payload.get("response", payload) if isinstance(payload, dict) else payload)


def callback_name(request_body: str | None) -> str:
    """A callback's identity for the report: its outputs ("page-content.children", or several)."""
    try:
        output = json.loads(request_body or "")["output"]
    except (TypeError, ValueError, KeyError):
        return "?"
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return " + ".join(parts)


def changed_inputs(request_body: str | None) -> list[str]:
    try:
        return list(json.loads(request_body or "")["changedPropIds"])
    except (TypeError, ValueError, KeyError):
        return []


def store_value(request_body: str | None, store_id: str = "filters") -> dict[str, Any] | None:
    """The filters store a callback request carries as an input or state, if any."""
    try:
        body = json.loads(request_body or "")
    except (TypeError, ValueError):
        return None
    for item in [*body.get("inputs", []), *body.get("state", [])]:
        if isinstance(item, dict) and item.get("id") == store_id and isinstance(item.get("value"), dict):
            return item["value"]
    return None


# --- statistics ------------------------------------------------------------------------


def percentiles(samples: list[float]) -> dict[str, float | int | None]:
    """p50 and p95 (nearest rank, so a small sample's p95 is its largest value) and n."""
    if not samples:
        return {"p50": None, "p95": None, "n": 0}
    ordered = sorted(samples)
    rank95 = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return {"p50": round(statistics.median(ordered), 1), "p95": round(ordered[rank95], 1), "n": len(ordered)}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)
