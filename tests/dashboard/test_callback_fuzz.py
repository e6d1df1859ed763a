"""Hostile input never gives a 500 or a traceback.

Every callback the app registers (read from its own `/_dash-dependencies`, as the browser's
renderer does) gets hostile values of every JSON type in each of its inputs and states, one
slot at a time with plausible values in the others, and then in all of them at once. Every
page's URL parameters (the shared filters and each page's own) get hostile text, through the
address, the page router and every callback that reads the query string. The answer may be a
friendly message naming the refused value, "no update" (204) or a 4xx; never a 500, a traceback
or the catch-all's "could not be updated" (which means the callback had a bug).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest

from bench.load import callback_body
from dashboard.availability import CALLBACK_FAILED
from dashboard.state.url_state import PARAMETERS, Filters
from tests.dashboard.dash_requests import dependencies as dependencies_of
from tests.dashboard.fixture_warehouse import GM


def _nested(depth: int) -> Any:
    value: Any = None
    for _ in range(depth):
        value = {"a": [value, 1]}
    return value


# One of each JSON type, and the strings an attacker tries first.
HOSTILE: dict[str, Any] = {
    "null": None,
    "true": True,
    "zero": 0,
    "negative int": -(2**63),
    "huge int": 10**40,
    "float": -1.5e308,
    "empty string": "",
    "huge string": "E08000003" * 20_000,
    "markup": "<script>alert(1)</script>",
    "sql": "' OR 1=1; DROP TABLE kpis; --",
    "control characters": "\u202e\x00\r\n\t𝔘",
    "list": [1, "E08000003", None],
    "empty list": [],
    "dict": {"locality": ["E08000003"], "period": {"x": 1}},
    "empty dict": {},
    "nested": _nested(40),
}
# Text for URL parameters: what a hand-edited or forged address holds.
HOSTILE_TEXT = [
    "",
    "E08000003" * 2_000,
    "<script>alert(1)</script>",
    "' OR 1=1; --",
    "\x00\u202e𝔘",
    "%",
    "../../etc/passwd",
    "all",
    "none",
    "-1",
]
# Each page's own URL parameters, beside the shared filters (`url_state.PARAMETERS`).
PAGE_PARAMETERS = {
    "/": (),
    "/work-streams": ("kpi",),
    "/localities": ("indicator",),
    "/indicators": (),
    "/indicators/PX01": (),
    "/workforce": ("organisation",),
    "/patient-experience": ("question",),
    "/voices": ("outcome", "theme"),
    "/data-quality": (),
    "/data-quality/rejected-records": (),
    "/about": (),
}
PER_SLOT = 2  # hostile values per slot once its kind of property has had every one
TEXTS_PER_CALLBACK = 3  # for each callback that reads the query string
TEXTS_PER_PARAMETER = 1  # per page and parameter, one at a time (every text reaches every page at once)
HOSTILE_PATHS = ["/indicators/<script>", "/indicators/" + "X" * 5_000, "/indicators/%00", "/indicators/PX01/extra"]


def _plausible(slot: dict[str, Any]) -> Any:
    """A value the browser would send for this input or state."""
    name = f"{slot['id']}.{slot['property']}"
    if slot["property"] == "id":
        return _concrete(slot["id"])
    if name == "filters.data":
        return Filters(locality=GM).to_store()
    if slot["property"] in ("search",):
        return "?locality=E08000003"
    if slot["property"] == "pathname":
        return "/"
    if name == "indicator-id.data":
        return "PX01"
    if slot["property"] in ("n_clicks", "n_intervals"):
        return 1
    return None


def _concrete(identifier: str) -> str | dict:
    """A pattern-matching id (`{"type": ..., "name": ["MATCH"]}`) made concrete."""
    if not identifier.startswith("{"):
        return identifier
    return {k: ("fuzz" if isinstance(v, list) else v) for k, v in json.loads(identifier).items()}


def _slot(slot: dict[str, Any], value: Any = None, *, with_value: bool = True) -> dict | list:
    """One input, state or output as the renderer sends it: a list for an ALL / ALLSMALLER id."""
    item = {"id": _concrete(slot["id"]), "property": slot["property"]}
    if with_value:
        item["value"] = value
    return [item] if re.search(r'\["ALL(SMALLER)?"\]', slot["id"]) else item


def _body(dependency: dict[str, Any], values: dict[int, Any]) -> dict[str, Any]:
    """The request body for one callback, slot values by position (inputs, then state)."""
    inputs, state = dependency["inputs"], dependency["state"]
    outputs = [_slot(o, with_value=False) for o in _outputs(dependency)]
    first = inputs[0]
    first_id = _concrete(first["id"])
    changed = json.dumps(first_id, separators=(",", ":"), sort_keys=True) if isinstance(first_id, dict) else first_id
    return {
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [_slot(s, values[i]) for i, s in enumerate(inputs)],
        "state": [_slot(s, values[len(inputs) + i]) for i, s in enumerate(state)],
        "changedPropIds": [f"{changed}.{first['property']}"],
    }


def _outputs(dependency: dict[str, Any]) -> list[dict[str, str]]:
    """The outputs named in a dependency's output string (`..a.b...c.d..` for several)."""
    output = dependency["output"]
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1].split("@")[0]} for p in parts]


def _grouped(problems: list[str]) -> list[str]:
    """One line per callback and slot (or address), with the hostile values that failed it."""
    groups: dict[str, list[str]] = {}
    for problem in problems:
        where, _, what = problem.partition(" = ") if " = " in problem else problem.rpartition(": ")
        groups.setdefault(where, []).append(what)
    return [f"{where} = {', '.join(sorted(set(whats)))[:160]}" for where, whats in groups.items()][:60]


def _problem(reply) -> str | None:
    if reply.status_code >= 500:
        return f"HTTP {reply.status_code}"
    if b"Traceback" in reply.data or b'File "' in reply.data:
        return "a traceback in the response"
    if CALLBACK_FAILED.encode() in reply.data:  # the catch-all's words: a bug, not a refused input
        return "an unexpected error (the page says it could not be updated)"
    return None


@pytest.fixture(scope="module")
def client(warehouse_path):
    from dashboard import create_app
    from dashboard.settings import Settings

    # signed in, so the internal pages' callbacks run too
    app = create_app(settings=Settings(warehouse_path=warehouse_path, trust_user_header=True))
    test_client = app.server.test_client()
    test_client.environ_base["HTTP_X_FORWARDED_EMAIL"] = "fuzz@example.nhs.uk"
    return test_client


@pytest.fixture(scope="module")
def dependencies(client) -> list[dict[str, Any]]:
    found = dependencies_of(client)
    assert len(found) > 30  # the shell's and every page's callbacks
    return [d for d in found if not d.get("clientside_function")]  # those run in the browser


def _sample(start: int, count: int) -> list[tuple[str, Any]]:
    """`count` hostile values, starting at `start` and wrapping, so that slots side by side
    get different types and every type reaches many slots."""
    items = list(HOSTILE.items())
    return [items[(start + k) % len(items)] for k in range(count)]


def test_every_callback_survives_hostile_values_of_every_json_type(client, dependencies):
    problems = []
    seen: set[str] = set()
    turn = 0
    for dependency in dependencies:
        slots = dependency["inputs"] + dependency["state"]
        plausible = {i: _plausible(s) for i, s in enumerate(slots)}
        for position, slot in enumerate(slots):
            name = f"{slot['id']}.{slot['property']}"
            # the first slot of each kind of property (data, value, search, n_clicks, id ...) gets
            # every hostile value; the others a few, in turn
            values = list(HOSTILE.items()) if slot["property"] not in seen else _sample(turn, PER_SLOT)
            seen.add(slot["property"])
            turn += PER_SLOT
            for label, value in values:
                reply = client.post("/_dash-update-component", json=_body(dependency, {**plausible, position: value}))
                if problem := _problem(reply):
                    problems.append(f"{dependency['output'][:70]} <- {name} = {label}: {problem}")
        for label, value in _sample(turn, PER_SLOT):  # every slot at once
            turn += 1
            reply = client.post(
                "/_dash-update-component", json=_body(dependency, dict.fromkeys(range(len(slots)), value))
            )
            if problem := _problem(reply):
                problems.append(f"{dependency['output'][:70]} <- every slot = {label}: {problem}")
    assert not problems, f"{len(problems)} hostile callback requests failed:\n" + "\n".join(_grouped(problems))


def test_every_url_parameter_of_every_page_survives_hostile_text(client, dependencies):
    router = next(d for d in dependencies if "_pages_content.children" in d["output"])
    problems = []

    def check(reply, what: str) -> None:
        if problem := _problem(reply):
            problems.append(f"{what[:100]}: {problem}")

    def route(path: str, search: str):
        body = callback_body(router, {"_pages_location.pathname": path, "_pages_location.search": search})
        return client.post("/_dash-update-component", json=body)

    every_parameter = sorted({*PARAMETERS, *(p for own in PAGE_PARAMETERS.values() for p in own)})
    turn = 0
    for path, own in PAGE_PARAMETERS.items():
        for parameter in (*PARAMETERS, *own):  # one at a time, a few texts each
            for k in range(TEXTS_PER_PARAMETER):
                search = "?" + urlencode({parameter: HOSTILE_TEXT[(turn + k) % len(HOSTILE_TEXT)]})
                check(route(path, search), f"{path}{search} (router)")
            turn += TEXTS_PER_PARAMETER
        for k, text in enumerate(HOSTILE_TEXT):  # all at once, each twice
            search = "?" + urlencode([(p, text) for p in every_parameter] * 2)
            check(client.get(path + search), f"{path}{search} (address)")
            if k in (0, 1 + turn % (len(HOSTILE_TEXT) - 1)):  # by the router: the empty text and one in turn
                check(route(path, search), f"{path}{search} (router)")
    # every callback that reads the query string, whichever page it belongs to, a few texts each
    reads_query = [
        d for d in dependencies if any((s["id"], s["property"]) == ("url", "search") for s in d["inputs"] + d["state"])
    ]
    for n, dependency in enumerate(reads_query):
        slots = dependency["inputs"] + dependency["state"]
        for k in range(TEXTS_PER_CALLBACK):
            text = HOSTILE_TEXT[(n * TEXTS_PER_CALLBACK + k) % len(HOSTILE_TEXT)]
            search = "?" + urlencode([(p, text) for p in every_parameter] * 2)
            values = {
                i: search if (s["id"], s["property"]) == ("url", "search") else _plausible(s)
                for i, s in enumerate(slots)
            }
            check(
                client.post("/_dash-update-component", json=_body(dependency, values)),
                f"{dependency['output'][:50]} <- {search}",
            )
    for path in HOSTILE_PATHS:
        check(client.get(path), f"{path} (address)")
        check(route(path, ""), f"{path} (router)")
    assert not problems, f"{len(problems)} hostile addresses failed:\n" + "\n".join(_grouped(problems))
