"""Callback inputs pass through `dashboard.state`: a value of the wrong JSON type gets a
friendly message and leaves the page as it was, never a 500 or a traceback."""

from __future__ import annotations

import json

import pytest
from dash.exceptions import PreventUpdate

from bench.load import callback_body
from dashboard.availability import CALLBACK_FAILED
from dashboard.state import inputs
from tests.dashboard.dash_requests import dependencies, text_of

HOSTILE = ["gm", 7, True, ["E08000003"], {"locality": ["x"]}, {"locality": 3}]


def test_the_filters_store_must_be_named_text_values(app_context):
    for bad in ("E08000003", ["E08000003"], 12, {"locality": 12}, {"locality": "E08000003", "period": ["2024/25"]}):
        with pytest.raises(inputs.InvalidInput) as raised:
            inputs.filters(bad)
        assert "could not use one of the choices" in raised.value.message


def test_the_filters_store_before_the_url_is_read_stops_the_callback(app_context):
    for empty in (None, {}, {"locality": ""}):
        with pytest.raises(PreventUpdate):
            inputs.filters(empty)


def test_the_filters_store_keeps_only_filter_fields(app_context):
    filters = inputs.filters({"locality": "E08000003", "period": "2024/25", "extra": "left out"})
    assert (filters.locality, filters.period, filters.work_stream) == ("E08000003", "2024/25", "all")


def test_text_inputs_take_text_and_numbers_only():
    assert inputs.text("abc", "x") == "abc"
    assert inputs.text(3, "x") == "3"
    assert inputs.text(None, "x", default="d") == "d"
    for bad in (["a"], {"a": 1}, True):
        with pytest.raises(inputs.InvalidInput):
            inputs.text(bad, "x")
    assert inputs.choice("b", "x", {"a"}, default="a") == "a"
    assert inputs.clicks(None) == 0
    with pytest.raises(inputs.InvalidInput):
        inputs.clicks("3")


def _hostile_bodies(dependency):
    """One request per input (and state) of the callback with that value replaced by each
    hostile value, the others sent as the renderer would before anything is set (None)."""
    if "{" in dependency["output"]:  # pattern-matching outputs: a body per match, not built here
        return
    slots = [*dependency["inputs"], *dependency["state"]]
    for slot in slots:
        if slot["id"].startswith("{"):  # pattern-matching: the renderer sends a list of matches
            continue
        for value in HOSTILE:
            key = f"{slot['id']}.{slot['property']}"
            yield key, value, callback_body(dependency, {key: value}, changed=key)


def test_no_callback_answers_a_hostile_value_with_an_error(dash_app):
    client = dash_app.server.test_client()
    found = dependencies(client)
    assert len(found) > 10
    failures = []
    for dependency in found:
        for key, value, body in _hostile_bodies(dependency):
            reply = client.post("/_dash-update-component", json=body)
            if reply.status_code >= 500 or b"Traceback" in reply.data or CALLBACK_FAILED.encode() in reply.data:
                failures.append(f"{dependency['output']} <- {key}={json.dumps(value)}: {reply.status_code}")
    assert not failures, "\n".join(failures[:20])


def test_a_filters_store_of_the_wrong_type_says_so(dash_app):
    client = dash_app.server.test_client()
    (render,) = [d for d in dependencies(client) if d["output"] == "overview-content.children"]
    reply = client.post("/_dash-update-component", json=callback_body(render, {"filters.data": "Bolton"}))
    assert reply.status_code == 200
    assert "could not use one of the choices" in text_of(reply.json)
