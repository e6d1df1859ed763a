"""How many Dash components a page mounts: its layout plus what its callbacks send on first draw.

The browser's renderer does work for every new component times every mounted one, so this
count (not bytes, not DOM nodes) is what makes a filter change slow (issue 12). Drives the
app the way the renderer does: route to the page, then run every callback whose inputs are
all on the page (or in the shell), in rounds, until nothing new is drawn; callbacks that wait
for a click (`prevent_initial_call`) are left out. Deterministic: no browser, no timing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from bench.load import callback_body
from tests.dashboard.dash_requests import dependencies, route


def components(payload: Any) -> Iterator[dict[str, Any]]:
    """Every serialised Dash component in a layout or callback response."""
    if isinstance(payload, dict):
        if "type" in payload and "namespace" in payload and "props" in payload:
            yield payload
        for value in payload.values():
            yield from components(value)
    elif isinstance(payload, list):
        for value in payload:
            yield from components(value)


def _props_by_id(payload: Any) -> dict[str, dict[str, Any]]:
    return {c["props"]["id"]: c["props"] for c in components(payload) if isinstance(c["props"].get("id"), str)}


def _split(output: str) -> list[str]:
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return [p.rsplit(".", 1)[0] for p in parts]


def page_components(client, path: str, store: dict[str, Any], search: str = "") -> dict[str, int]:
    """{"layout": n, "<callback output>": n, ...}: components each response mounts."""
    reply = route(client, path, search)
    assert reply.status_code == 200, (path, reply.status_code)
    layout = reply.json
    counts = {"layout": sum(1 for _ in components(layout))}
    props = _props_by_id(layout)
    shell = {"filters": {"data": store}, "url": {"search": search, "pathname": path}}
    done: set[str] = set()
    for _round in range(3):
        drawn = False
        for dependency in dependencies(client):
            output = dependency["output"]
            if output in done or "{" in output or dependency.get("prevent_initial_call"):
                continue
            if not all(o in props for o in _split(output)):
                continue
            values: dict[str, Any] = {}
            usable = True
            for slot in (*dependency["inputs"], *dependency["state"]):
                source = shell.get(slot["id"]) or props.get(slot["id"])
                if source is None or slot["id"].startswith("{"):
                    usable = slot in dependency["state"] and not slot["id"].startswith("{")
                    if not usable:
                        break
                    continue
                values[f"{slot['id']}.{slot['property']}"] = source.get(slot["property"])
            if not usable:
                continue
            response = client.post("/_dash-update-component", json=callback_body(dependency, values))
            done.add(output)
            if response.status_code == 204:
                continue
            assert response.status_code == 200, (path, output, response.status_code)
            body = response.json.get("response", {})
            counts[output] = sum(1 for _ in components(body))
            props.update(_props_by_id(body))
            drawn = True
        if not drawn:
            break
    return counts


def describe(counts: dict[str, int]) -> str:
    return json.dumps(counts, indent=1)
