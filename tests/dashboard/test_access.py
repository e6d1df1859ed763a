"""Internal views: hidden (404) in public mode, behind a trusted sign-in header when required."""

from __future__ import annotations

from collections.abc import Iterator

import dash
import pytest
from dash import html

from dashboard import access, create_app
from dashboard.settings import Settings
from tests.dashboard.dash_requests import route, text_of

PROBE = "tests.dashboard.internal_probe"
SECRET = "Raw rows for analysts"


@pytest.fixture
def internal_page(dash_app) -> Iterator[str]:
    """An internal page, registered for the test and removed after it (Dash wants an app first)."""
    dash.register_page(
        PROBE,
        path="/internal-probe",
        name="Internal probe",
        title="Internal probe",
        layout=html.Div([html.H1(SECRET)]),
        internal=True,
        order=99,
    )
    try:
        yield "/internal-probe"
    finally:
        dash.page_registry.pop(PROBE, None)


def client_for(warehouse_path, **settings):
    return create_app(settings=Settings(warehouse_path=warehouse_path, **settings)).server.test_client()


def test_internal_page_is_listed_and_served_outside_public_mode(internal_page, warehouse_path):
    client = client_for(warehouse_path)
    assert client.get(internal_page).status_code == 200
    assert SECRET in text_of(route(client, internal_page).json)
    assert "Internal probe" in text_of(client.get("/_dash-layout").json)


def test_public_mode_hides_internal_pages_everywhere(internal_page, warehouse_path):
    client = client_for(warehouse_path, public=True)
    direct = client.get(internal_page)
    assert direct.status_code == 404 and b"There is no page at this address" in direct.data
    assert client.get(internal_page + "/").status_code == 404
    routed = text_of(route(client, internal_page).json)
    assert SECRET not in routed and "Page not found" in routed
    assert "Internal probe" not in text_of(client.get("/_dash-layout").json)
    assert client.get("/about").status_code == 200  # public pages unaffected


@pytest.mark.parametrize(
    ("settings", "remote", "header", "allowed"),
    [
        ({"trusted_proxies": ("10.1.2.3",)}, "10.1.2.3", "ann@example.nhs.uk", True),
        ({"trusted_proxies": ("10.0.0.0/8",)}, "10.9.9.9", "ann@example.nhs.uk", True),
        ({"trusted_proxies": ("10.1.2.3",)}, "192.0.2.7", "ann@example.nhs.uk", False),  # spoofed, not the proxy
        ({"trusted_proxies": ("10.1.2.3",)}, "10.1.2.3", None, False),
        ({}, "127.0.0.1", "ann@example.nhs.uk", False),  # no proxy configured: header ignored
        ({"trust_user_header": True}, "192.0.2.7", "ann@example.nhs.uk", True),
        ({"trusted_proxies": ("not-an-address",)}, "10.1.2.3", "ann@example.nhs.uk", False),
    ],
)
def test_sign_in_required_believes_the_user_header_only_from_trusted_proxies(
    internal_page, warehouse_path, settings, remote, header, allowed
):
    client = client_for(warehouse_path, sign_in_required=True, **settings)
    headers = {"X-Forwarded-Email": header} if header else {}
    environ = {"REMOTE_ADDR": remote}
    direct = client.get(internal_page, headers=headers, environ_base=environ)
    assert direct.status_code == (200 if allowed else 403)
    assert b"Traceback" not in direct.data


def test_sign_in_required_guards_the_in_page_router_too(internal_page, warehouse_path):
    client = client_for(warehouse_path, sign_in_required=True, trust_user_header=True)
    anonymous = text_of(route(client, internal_page).json)
    assert SECRET not in anonymous and "Sign in" in anonymous
    assert "Internal probe" not in text_of(client.get("/_dash-layout").json)
    signed_in = {"X-Forwarded-Email": "ann@example.nhs.uk"}
    assert SECRET in text_of(route(client, internal_page, headers=signed_in).json)
    assert "Internal probe" in text_of(client.get("/_dash-layout", headers=signed_in).json)


def test_the_user_header_name_is_a_setting(internal_page, warehouse_path):
    client = client_for(warehouse_path, sign_in_required=True, trust_user_header=True, user_header="X-Auth-User")
    assert client.get(internal_page, headers={"X-Forwarded-Email": "ann"}).status_code == 403
    assert client.get(internal_page, headers={"X-Auth-User": "ann"}).status_code == 200


def test_require_internal_in_a_callback_answers_404_in_public_mode(warehouse_path):
    from werkzeug.exceptions import NotFound

    app = create_app(settings=Settings(warehouse_path=warehouse_path, public=True))
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        with pytest.raises(NotFound):
            access.require_internal()
        assert access.current_user() is None
