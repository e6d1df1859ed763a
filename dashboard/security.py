"""Security headers on every response, and friendly error pages instead of tracebacks.

The Content-Security-Policy allows only what the dashboard loads from itself. Dash's own
inline scripts (the renderer start-up line and clientside callbacks) are allowed by their
hashes (`Dash.csp_hashes()`), computed when the response is sent, so the clientside callback
Dash's page router adds at the first request is covered too. No 'unsafe-eval' and no inline
script beyond those hashes. Measured in headless Chromium with style-src 'self' and img-src
'self' (2026-12-01, dash 4.4, plotly.js in plotly 7.1): the Dash renderer, dcc and plotly.js
inject <style> elements at run time (style-src-elem), plotly.js writes style attributes into
the SVG it draws (style-src-attr), and data: images are loaded (img-src); so style-src needs
'unsafe-inline' and img-src `data:`. Styles cannot run code; scripts stay hash-only. With
this policy tests/e2e/test_csp_and_recovery.py finds no violation on any page and every chart draws.
"""

from __future__ import annotations

import html
from http import HTTPStatus

from dash import Dash
from dash.exceptions import DependencyException
from flask import Flask, Response, abort, request
from werkzeug.exceptions import HTTPException, NotFound

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def content_security_policy(script_hashes: list[str] | tuple[str, ...]) -> str:
    policy = {**BASE_POLICY, "script-src": [*BASE_POLICY["script-src"], *script_hashes]}
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def error_page(status: int, message: str) -> str:
    """A small self-contained HTML page (no scripts, our stylesheet only)."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{status} {html.escape(phrase)} - GM Equality Outcomes</title>
<link rel="stylesheet" href="/vendor/bootstrap5/css/bootstrap.min.css"></head>
<body><main class="container py-4"><h1>{html.escape(phrase)}</h1><p>{html.escape(message)}</p>
<p><a href="/">Go to the board overview</a></p></main></body>
</html>
"""


_MESSAGES = {
    400: "The request could not be understood.",
    403: "This view is for signed-in staff only. Sign in and try again.",
    404: "There is no page at this address.",
    405: "That kind of request is not accepted at this address.",
    413: "The request is too large.",
    414: "The address is too long.",
    431: "The request headers are too large.",
}


def _is_dependency(item: object) -> bool:
    """{"id": ..., "property": ...}, or a list of them (pattern-matching ALL / ALLSMALLER)."""
    if isinstance(item, list):
        return all(_is_dependency(part) for part in item)
    return isinstance(item, dict) and isinstance(item.get("id"), str | dict) and isinstance(item.get("property"), str)


def _well_formed_callback_request(body: object, callbacks: dict) -> bool:
    if not isinstance(body, dict) or not isinstance(body.get("output"), str) or body["output"] not in callbacks:
        return False
    if "callback" not in callbacks[body["output"]]:  # a clientside callback: the browser runs it
        return False
    for key in ("inputs", "state"):
        if not isinstance(body.get(key, []), list) or not all(_is_dependency(i) for i in body.get(key, [])):
            return False
    outputs = body.get("outputs")
    if outputs is not None and not _is_dependency(outputs if isinstance(outputs, list) else outputs):
        return False
    changed = body.get("changedPropIds", [])
    return isinstance(changed, list) and all(isinstance(c, str) for c in changed)


def install(app: Dash) -> None:
    """Add the headers to every response of `app` and friendly pages for HTTP errors."""
    server: Flask = app.server
    cached: dict[tuple[str, ...], str] = {}

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        hashes = tuple(app.csp_hashes())
        if hashes not in cached:
            cached.clear()
            cached[hashes] = content_security_policy(hashes)
        response.headers["Content-Security-Policy"] = cached[hashes]
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @server.before_request
    def refuse_malformed_callback_requests() -> None:
        """Dash reads callback requests unchecked (a missing key is a 500): check their shape.
        The values inside are each callback's business (validated in `dashboard/state`)."""
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return
        body = request.get_json(silent=True)
        if not _well_formed_callback_request(body, app.callback_map):
            abort(400)

    @server.errorhandler(DependencyException)
    def unknown_component_suite(_error: DependencyException):
        """`/_dash-component-suites/<unknown package or file>`: Dash raises; answer 404."""
        return friendly_http_error(NotFound())

    @server.errorhandler(HTTPException)
    def friendly_http_error(error: HTTPException):
        status = error.code or 500
        if status < 400:
            return error
        message = _MESSAGES.get(status, "Something went wrong; the error has been logged.")
        if request.path.startswith("/_dash-") and request.method == "POST":
            return Response(message, status=status, mimetype="text/plain")
        response = Response(error_page(status, message), status=status, mimetype="text/html")
        if status == 405 and error.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response
