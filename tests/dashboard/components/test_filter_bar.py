"""The shell's filter callback: URL -> controls and store, control -> URL, reset."""

from __future__ import annotations

from dash import no_update

from dashboard.components.filter_bar import CONTROL_IDS, RESET, _sync, is_active, page_for_path, reads_query

DEFAULT_CONTROLS = {
    "locality": "E47000001",
    "work_stream": "all",
    "characteristic": "all",
    "group": "all",
    "characteristic2": "none",
    "period": "latest",
}


def test_url_sets_controls_store_and_messages(app_context):
    out = _sync("?work_stream=workforce&locality=XYZ", DEFAULT_CONTROLS, "url")
    assert out["search"] is no_update  # the URL is left as the user typed it
    assert out["values"]["work_stream"] == "workforce"
    assert out["store"]["query"] == "?work_stream=workforce"
    assert [a.children for a in out["messages"]] == ["Unknown locality 'XYZ' — showing Greater Manchester instead."]
    assert out["group_disabled"] and out["second_disabled"]


def test_first_load_is_read_from_the_url(app_context):
    out = _sync("?characteristic=sex", DEFAULT_CONTROLS, None)
    assert out["values"]["characteristic"] == "sex"
    assert not out["group_disabled"]
    assert {"label": "Not stated", "value": "Z"} in out["group_options"]


def test_a_control_rewrites_the_url_and_keeps_page_parameters(app_context):
    controls = {**DEFAULT_CONTROLS, "characteristic": "sex", "group": "F"}
    out = _sync("?tab=table", controls, CONTROL_IDS["group"])
    assert out["search"] == "?characteristic=sex&group=F&tab=table"
    assert out["messages"] is no_update
    changed = {**controls, "characteristic": "ethnic_group"}  # F is not an ethnic group
    out = _sync("?characteristic=sex&group=F", changed, CONTROL_IDS["characteristic"])
    assert out["values"]["group"] == "all"
    assert out["search"] == "?characteristic=ethnic_group"


def test_reset_clears_filters_and_messages(app_context):
    out = _sync("?work_stream=workforce&tab=x", DEFAULT_CONTROLS, RESET)
    assert out["search"] == "?tab=x" and out["messages"] == []
    assert out["store"]["work_stream"] == "all"


def test_pages_are_found_by_path_and_template(dash_app):
    assert page_for_path("/")["filters"] == ("work_stream", "period")
    assert page_for_path("/about/")["name"] == "About"
    assert page_for_path("/nowhere") is None
    assert is_active("/indicators", "/indicators/PX01")
    assert not is_active("/", "/about") and is_active("/", "/")


def test_a_page_parameter_change_rewrites_the_store_for_the_page_to_redraw(app_context):
    out = _sync("?work_stream=workforce&indicator=PH01", DEFAULT_CONTROLS, "url")
    assert out["search"] is no_update and out["store"]["work_stream"] == "workforce"


def _route(client, path: str, search: str, changed: list[str]) -> dict:
    """What Dash pages' router answers when its location changes as `changed` says."""
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": changed,
        "state": [],
    }
    return client.post("/_dash-update-component", json=body).get_json()["response"]


def test_a_page_that_ignores_the_query_is_not_drawn_again_when_only_the_query_changes(dash_app):
    assert not any(reads_query(page_for_path(p)) for p in ("/", "/indicators/PX01", "/localities", "/workforce"))
    assert reads_query(page_for_path("/work-streams"))
    client = dash_app.server.test_client()
    client.get("/")
    both = ["_pages_location.pathname", "_pages_location.search"]
    assert "_pages_content" in _route(client, "/", "?period=2023/24", both)  # arriving: drawn
    back = _route(client, "/", "?period=2023/24", ["_pages_location.search"])  # Back: the store redraws
    assert "_pages_content" not in back and back["_pages_store"]["data"]["title"]
    assert "_pages_content" in _route(client, "/work-streams", "?kpi=PX01", ["_pages_location.search"])
