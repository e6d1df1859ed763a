"""Security headers on every kind of response, and hostile requests get 4xx, never 500."""

from __future__ import annotations

import re

import pytest

from dashboard import security
from tests.dashboard.dash_requests import dependencies, route, text_of

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


def assert_secure(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    scripts = directives["script-src"].split()
    assert scripts[0] == "'self'" and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/=]+'", s) for s in scripts[1:])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "http" not in policy  # nothing from another origin


def test_every_kind_of_response_carries_the_headers(client, dash_app):
    page = client.get("/")
    assert page.status_code == 200
    assert_secure(page)
    assert_secure(client.get("/_dash-layout"))
    assert_secure(client.get("/_dash-dependencies"))
    callback = route(client, "/about")
    assert callback.status_code == 200
    assert_secure(callback)
    assets = [m for m in re.findall(r'src="([^"]+)"', page.data.decode()) if "_dash-component-suites" in m]
    assert assets
    assert_secure(client.get(assets[0]))
    assert_secure(client.get("/vendor/bootstrap5/css/bootstrap.min.css"))
    missing = client.get("/vendor/bootstrap5/no-such-file.css")
    assert missing.status_code == 404
    assert_secure(missing)
    assert_secure(client.get("/healthz"))


def test_every_inline_script_in_the_page_is_allowed_by_its_hash(client, dash_app):
    page = client.get("/").data.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, flags=re.S)
    assert inline, "Dash's renderer start-up is inline"
    policy = client.get("/").headers["Content-Security-Policy"]
    import base64
    import hashlib

    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_an_assets_file_carries_the_headers(client, dash_app):
    from pathlib import Path

    css = sorted(Path(dash_app.config.assets_folder).glob("*.css"))
    assert css
    response = client.get(f"/assets/{css[0].name}")
    assert response.status_code == 200
    assert_secure(response)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/_dash-component-suites/no_such_package/x.js", 404),
        ("GET", "/_dash-component-suites/dash/no/such/file.js", 404),
        ("GET", "/_dash-component-suites/dash/../../etc/passwd", 404),
        ("GET", "/vendor/bootstrap5/../../../../etc/passwd", 404),
        ("PUT", "/", 405),
        ("DELETE", "/about", 405),
        ("PATCH", "/_dash-update-component", 405),
        ("GET", "/_dash-update-component", 200),  # any other GET address is the app page
        ("POST", "/about", 405),
    ],
)
def test_hostile_requests_get_a_friendly_4xx(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert b"Traceback" not in response.data
    assert_secure(response)


def test_a_huge_query_string_is_not_an_error(client):
    response = client.get("/localities?locality=" + "E" * 200_000)
    assert response.status_code in (200, 414)
    assert_secure(response)


@pytest.mark.parametrize("pathname", ["about", "", "//", "/../../etc", "x" * 10_000, "/indicators/%00", "javascript:1"])
def test_router_pathnames_without_a_slash_or_hostile_get_a_page_not_a_500(client, pathname):
    response = route(client, pathname, search="?" + "a=" * 5_000)
    assert response.status_code == 200, response.data[:300]
    assert b"Traceback" not in response.data


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b"{}", b'{"output": 1}', b'{"output": "nope.children", "inputs": []}'],
)
def test_malformed_callback_requests_are_refused_not_crashed(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code in (400, 404, 204), response.status_code
    assert b"Traceback" not in response.data


def test_error_pages_are_plain_html_without_scripts():
    page = security.error_page(404, "There is no page <here>.")
    assert "<script" not in page and "&lt;here&gt;" in page and 'lang="en-GB"' in page


def test_the_router_and_the_recovery_callback_are_registered(client):
    outputs = [d["output"] for d in dependencies(client)]
    assert any("_pages_content.children" in o for o in outputs)
    assert any("app-root.children" in o for o in outputs)
    assert "Page not found" in text_of(route(client, "/no-such-page").json)
