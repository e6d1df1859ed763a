"""Rejected records with their raw text: only for a signed-in user, never in public mode, and
never on the public data-quality page (which shows counts, reasons and columns)."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard import create_app
from dashboard.settings import Settings
from dashboard.state.url_state import Filters
from tests.dashboard.dash_requests import call, route, text_of
from tests.dashboard.fixture_warehouse import GM

PAGE = "/data-quality/rejected-records"
RAW_TEXT = "PH01,2024/25,X1,all"  # a rejected record's raw text in the fixture warehouse
SIGNED_IN = {"X-Forwarded-Email": "ann@example.nhs.uk"}


def client_for(warehouse_path, **settings):
    return create_app(settings=Settings(warehouse_path=warehouse_path, **settings)).server.test_client()


def _download(client, headers=None):
    return call(
        client,
        "rejected-records-download.data",
        {"rejected-records-csv.n_clicks": 1},
        changed="rejected-records-csv.n_clicks",
        headers=headers,
    )


def _data_quality_text(client, headers=None) -> str:
    """The data-quality page's content, as its callback draws it for this user."""
    reply = call(
        client, "data-quality-content.children", {"filters.data": Filters(locality=GM).to_store()}, headers=headers
    )
    return text_of(reply.json)


@pytest.mark.parametrize("settings", [{}, {"trust_user_header": True}, {"sign_in_required": True}])
def test_without_a_signed_in_user_the_records_are_not_shown(warehouse_path, settings):
    client = client_for(warehouse_path, **settings)
    direct = client.get(PAGE)
    assert direct.status_code == 403 and RAW_TEXT.encode() not in direct.data
    routed = text_of(route(client, PAGE).json)
    assert "Sign in to see this view" in routed and RAW_TEXT not in routed
    assert _download(client).status_code == 403
    assert "on the signed-in page" not in _data_quality_text(client)  # no link to it either


def test_public_mode_hides_the_page_even_from_a_signed_in_user(warehouse_path):
    client = client_for(warehouse_path, public=True, trust_user_header=True)
    assert client.get(PAGE, headers=SIGNED_IN).status_code == 404
    assert RAW_TEXT not in text_of(route(client, PAGE, headers=SIGNED_IN).json)
    assert _download(client, SIGNED_IN).status_code == 404


def test_a_signed_in_analyst_sees_and_downloads_every_record(warehouse_path):
    client = client_for(warehouse_path, trust_user_header=True)
    assert client.get(PAGE, headers=SIGNED_IN).status_code == 200
    shown = text_of(route(client, PAGE, headers=SIGNED_IN).json)
    assert RAW_TEXT in shown and "unknown area_code code" in shown and "area_code" in shown
    reply = _download(client, SIGNED_IN)
    assert reply.status_code == 200
    content = reply.json["response"]["rejected-records-download"]["data"]["content"].lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content, newline="")))
    assert len(rows) == 4 and RAW_TEXT in [r["raw_text"] for r in rows]
    assert {r["line_number"] for r in rows} == {"4", "9", "11", "12"}
    assert "on the signed-in page" in _data_quality_text(client, SIGNED_IN)
