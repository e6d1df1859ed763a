"""Talk to a Dash app the way its browser renderer does: layout, dependencies, callbacks.

Works with a Flask test client or with `HttpClient` (a real server over HTTP), so the same
checks run in-process and against gunicorn.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass
class Reply:
    status_code: int
    data: bytes
    headers: dict[str, str]

    @property
    def json(self) -> Any:
        return json.loads(self.data)


class HttpClient:
    """The few calls of a Flask test client the checks need, over real HTTP."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Reply(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read(), dict(error.headers))

    def get(self, path: str, headers: dict | None = None) -> Reply:
        return self._send("GET", path, headers=headers)

    def post(self, path: str, json: Any = None, headers: dict | None = None) -> Reply:  # noqa: A002
        body = None if json is None else __import__("json").dumps(json).encode()
        return self._send("POST", path, body, {"Content-Type": "application/json", **(headers or {})})


def dependencies(client) -> list[dict[str, Any]]:
    reply = client.get("/_dash-dependencies")
    assert reply.status_code == 200, reply.status_code
    return json.loads(reply.data)


def _outputs(output: str) -> list[dict[str, str]]:
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in parts]


def call(client, output_contains: str, values: dict[str, Any], changed: str | None = None, headers=None):
    """POST one callback (found by a piece of its output string) with input values by 'id.prop'."""
    (dependency,) = [d for d in dependencies(client) if output_contains in d["output"]]
    outputs = _outputs(dependency["output"])
    inputs = [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dependency["inputs"]]
    state = [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dependency["state"]]
    body = {
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [changed or f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    return client.post("/_dash-update-component", json=body, headers=headers)


def route(client, pathname: str, search: str = "", headers=None):
    """What the page router sends when the address changes."""
    return call(
        client,
        "_pages_content.children",
        {"_pages_location.pathname": pathname, "_pages_location.search": search},
        headers=headers,
    )


def text_of(payload: Any) -> str:
    """Every string in a layout or callback response, joined (for 'does it say X' checks)."""
    if isinstance(payload, str):
        return payload
    if isinstance(payload, dict):
        return " ".join(text_of(value) for value in payload.values())
    if isinstance(payload, list):
        return " ".join(text_of(value) for value in payload)
    return ""
