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

from bench.load import callback_body


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
    """The app's callbacks as the renderer reads them, each once: Dash re-runs every page
    module for each app it creates, so an app a test made but never served leaves its page
    callbacks queued and the next app lists them twice; identical entries are one callback."""
    reply = client.get("/_dash-dependencies")
    assert reply.status_code == 200, reply.status_code
    return list({json.dumps(d, sort_keys=True): d for d in json.loads(reply.data)}.values())


def call(client, output_contains: str, values: dict[str, Any], changed: str | None = None, headers=None):
    """POST one callback (its output string, or a piece of it) with input values by 'id.prop'."""
    found = getattr(client, "gmeq_dependencies", None) or dependencies(client)
    client.gmeq_dependencies = found  # the request shapes stay; tests count callbacks afresh
    exact = [d for d in found if d["output"] == output_contains]
    matches = exact or [d for d in found if output_contains in d["output"]]
    (dependency,) = matches
    return client.post("/_dash-update-component", json=callback_body(dependency, values, changed), headers=headers)


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
