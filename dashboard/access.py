"""Who may see internal views: public mode, and sign-in through a trusted reverse proxy.

A page is internal when it registers with `internal=True`:

    dash.register_page(__name__, path="/reports/drafts", name="Draft reports", internal=True)

In public mode (`GMEQ_PUBLIC=1`) internal pages leave the navigation and answer 404, whether
asked for by address, by the in-page router or by their callbacks (which start with
`access.require_internal()`). Otherwise, with `GMEQ_SIGN_IN_REQUIRED=1`, they need a signed-in
user: the app never handles passwords; a reverse proxy (e.g. oauth2-proxy with OIDC) signs
people in and passes the user in a header (`GMEQ_USER_HEADER`), which the app believes only
from the proxy's addresses (`GMEQ_TRUSTED_PROXIES`) or when `GMEQ_TRUST_USER_HEADER=1`.

A page that shows row-level data (rejected records with their raw text) registers with
`personal_data=True` as well: it always needs a signed-in user, even when
`GMEQ_SIGN_IN_REQUIRED` is off, and its callbacks start with
`access.require_internal(personal_data=True)`. Without a sign-in proxy the analyst reads those
rows with `python -m pipelines rejects` instead.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from typing import Any

import dash
from dash import Dash, html
from flask import abort, request

from dashboard.settings import Settings, current_settings

INTERNAL = "internal"
PERSONAL_DATA = "personal_data"


def _from_trusted_proxy(settings: Settings) -> bool:
    if settings.trust_user_header:
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    for proxy in settings.trusted_proxies:
        try:
            if address in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def current_user() -> str | None:
    """The signed-in user the trusted proxy names, or None (no request, header or trust)."""
    if not request:
        return None
    settings = current_settings()
    user = (request.headers.get(settings.user_header) or "").strip()
    return user if user and _from_trusted_proxy(settings) else None


def internal_status(*, personal_data: bool = False) -> int | None:
    """None when internal views (row-level ones when `personal_data`) may be shown for this
    request, else the HTTP status to answer."""
    settings = current_settings()
    if settings.public:
        return 404
    if (settings.sign_in_required or personal_data) and current_user() is None:
        return 403
    return None


def is_internal(page: dict[str, Any]) -> bool:
    return bool(page.get(INTERNAL, False) or page.get(PERSONAL_DATA, False))


def _page_status(page: dict[str, Any]) -> int | None:
    return internal_status(personal_data=bool(page.get(PERSONAL_DATA, False)))


def page_visible(page: dict[str, Any]) -> bool:
    """Whether a registered page belongs in this request's navigation."""
    return not is_internal(page) or _page_status(page) is None


def require_internal(*, personal_data: bool = False) -> None:
    """First line of every internal page's callbacks: 404 in public mode, 403 if not signed in."""
    status = internal_status(personal_data=personal_data)
    if status is not None:
        abort(status)


def _internal_pages() -> dict[str, dict[str, Any]]:
    return {page["path"].rstrip("/") or "/": page for page in dash.page_registry.values() if is_internal(page)}


def _hidden_layout(layout: Callable[..., Any] | Any, page: dict[str, Any]) -> Callable[..., Any]:
    """An internal page's layout, or the not-found / sign-in message when it is not allowed."""

    @functools.wraps(layout if callable(layout) else (lambda **_: layout))
    def guarded(**kwargs: Any) -> Any:
        status = _page_status(page)
        if status is None:
            return layout(**kwargs) if callable(layout) else layout
        if status == 403:
            return html.Div([html.H1("Sign in to see this view"), html.P("This view is for signed-in staff.")])
        return html.Div([html.H1("Page not found"), html.P("There is no page at this address.")])

    guarded.gmeq_guarded = True  # type: ignore[attr-defined]
    return guarded


def install(app: Dash) -> None:
    """Guard internal pages: by address (before any Dash route) and in the in-page router."""
    for page in dash.page_registry.values():
        if is_internal(page) and not getattr(page.get("layout"), "gmeq_guarded", False):
            page["layout"] = _hidden_layout(page.get("layout"), page)

    @app.server.before_request
    def guard_internal_addresses() -> None:
        if request.method != "GET" or request.path.startswith(("/_dash-", "/assets/", "/vendor/")):
            return
        page = _internal_pages().get(request.path.rstrip("/") or "/")
        if page is not None and (status := _page_status(page)) is not None:
            abort(status)
