"""The global filter bar and the callbacks that keep it, the URL and the `filters` store in step.

How a page uses the filters:

1. declare which filters it uses when it registers (the others are hidden on that page):

       dash.register_page(__name__, path="/localities", name="Localities", order=2,
                          filters=("locality", "characteristic", "period"))

2. read them in its callbacks from the store (never from the controls):

       @callback(Output("localities-content", "children"), Input(FILTERS_STORE, "data"))
       def render(data):
           filters = Filters.from_store(data)
           if filters is None:
               raise PreventUpdate        # the URL has not been read yet
           ...

3. link to other pages with `filters.href("/indicators/PX01")` so filters travel along.

The URL is the source of truth: loading `?work_stream=workforce` sets the controls and the
store; changing a control rewrites the URL (no page reload) and the store.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from dashboard.state import inputs, url_state
from dashboard.state.url_state import PARAMETERS, FilterOptions, Filters

URL = "url"  # dcc.Location of the app shell (refresh=False: filters never reload the page)
FILTERS_STORE = "filters"  # dcc.Store with the validated filters (Filters.to_store())
MESSAGES = "filter-messages"  # where "Unknown locality ..." alerts appear
RESET = "filter-reset"
BAR = "filter-bar"
CONTROL_IDS = {
    "locality": "filter-locality",
    "work_stream": "filter-work-stream",
    "characteristic": "filter-characteristic",
    "group": "filter-group",
    "characteristic2": "filter-characteristic2",
    "period": "filter-period",
}
LABELS = {
    "locality": "Locality",
    "work_stream": "Work stream",
    "characteristic": "Characteristic",
    "group": "Group",
    "characteristic2": "Second characteristic",
    "period": "Period",
}


def _options(choices: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"label": label, "value": value} for value, label in choices]


def field_id(parameter: str) -> dict[str, str]:
    return {"type": "filter-field", "name": parameter}


def filter_bar(options: FilterOptions) -> html.Section:
    """One labelled native <select> per filter; the page decides which are shown."""
    defaults = options.defaults()
    fields = [
        html.Div(
            [
                dbc.Label(
                    LABELS[parameter],
                    html_for=CONTROL_IDS[parameter],
                    className="form-label small fw-semibold mb-1",
                ),
                dbc.Select(
                    id=CONTROL_IDS[parameter],
                    options=_options(options.choices(parameter, defaults.characteristic)),
                    value=getattr(defaults, parameter),
                    disabled=parameter in ("group", "characteristic2"),
                    size="sm",
                ),
            ],
            id=field_id(parameter),
            className="filter-field",
            hidden=True,
        )
        for parameter in PARAMETERS
    ]
    reset = dbc.Button("Reset filters", id=RESET, color="link", size="sm", className="px-0")
    return html.Section(
        html.Div(
            [*fields, html.Div(reset, className="filter-reset")],
            className="d-flex flex-wrap align-items-end column-gap-3 row-gap-2",
        ),
        id=BAR,
        className="filter-bar d-print-none pb-2 mb-3",
        hidden=True,
        **{"aria-label": "Filters"},
    )


def _normal_path(pathname: str | None) -> str:
    return (pathname or "/").rstrip("/") or "/"


def page_for_path(pathname: str | None) -> dict[str, Any] | None:
    """The registered page that serves `pathname` (templates like /indicators/<id> too)."""
    parts = _normal_path(pathname).split("/")
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if not template:
            if page.get("path") == _normal_path(pathname):
                return page
            continue
        pattern = template.rstrip("/").split("/")
        if len(pattern) == len(parts) and all(
            p == q or (p.startswith("<") and p.endswith(">") and q) for p, q in zip(pattern, parts, strict=True)
        ):
            return page
    return None


def is_active(link_path: str, pathname: str | None) -> bool:
    """A nav link is active on its own page and, except Home, on the pages below it."""
    path = _normal_path(pathname)
    return path == link_path or (link_path != "/" and path.startswith(link_path + "/"))


def _alerts(messages: tuple[str, ...]) -> list[dbc.Alert]:
    return [
        dbc.Alert(
            message, color="warning", dismissable=True, className="mb-2 py-2", id={"type": "filter-message", "index": i}
        )
        for i, message in enumerate(messages)
    ]


def _sync(search: str | None, controls: dict[str, str], trigger: Any) -> dict[str, Any]:
    """What the filters, controls, store and URL become after the URL or a control changed.

    The URL the user arrived with is never rewritten (a push would add a history entry and
    trap the Back button); a control change or reset writes the clean query string.
    """
    options = url_state.load_options()
    parsed = url_state.parse_query(search, options)
    controls = (
        {p: inputs.text(controls.get(p), LABELS.get(p, p)) for p in PARAMETERS} if isinstance(controls, dict) else {}
    )
    if trigger == RESET:
        filters = url_state.with_query(options.defaults(), options)
        messages: Any = []
    elif trigger in CONTROL_IDS.values():
        chosen = Filters(**{p: controls.get(p) or getattr(options.defaults(), p) for p in PARAMETERS})
        filters = url_state.normalise(chosen, options)
        messages = no_update
    else:  # first load, back/forward, or a link: the URL decides
        filters = parsed.filters
        messages = _alerts(parsed.messages)
    from_user = trigger == RESET or trigger in CONTROL_IDS.values()
    new_search = url_state.query_string(filters, options, parsed.extra) if from_user else search
    characteristic_chosen = filters.characteristic != url_state.ALL
    return {
        "search": no_update if (new_search or "") == (search or "") else new_search,
        "values": {p: getattr(filters, p) for p in PARAMETERS},
        "group_options": _options(options.choices("group", filters.characteristic)),
        "group_disabled": not characteristic_chosen,
        "second_options": _options(options.choices("characteristic2", filters.characteristic)),
        "second_disabled": not characteristic_chosen,
        # Written on every URL change, even when the filters are the same: pages that keep
        # their own parameters in the URL (e.g. `indicator`) redraw from this store.
        "store": filters.to_store(),
        "messages": messages,
    }


ROUTER_SEARCH = "_pages_location.search"  # the query string of Dash pages' own router


def reads_query(page: dict[str, Any]) -> bool:
    """Does the page's `layout` use the query string (a named parameter that is not part of
    its path, or a `**query` whose name has no leading underscore)?"""
    layout = page.get("layout")
    if not callable(layout):
        return False
    template = page.get("path_template") or ""
    path_variables = {part[1:-1] for part in template.split("/") if part.startswith("<") and part.endswith(">")}
    for parameter in inspect.signature(layout).parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            if not parameter.name.startswith("_"):
                return True
        elif parameter.kind is not inspect.Parameter.VAR_POSITIONAL and parameter.name not in path_variables:
            return True
    return False


def _same_page_layout(layout: Callable[..., Any]) -> Callable[..., Any]:
    """`layout`, except that when only the query string changed (Back/Forward, or a link to
    the same page) it leaves the page as it is: the `filters` store redraws its content, and
    drawing a whole new layout as well would render everything twice."""

    @functools.wraps(layout)
    def layout_once(*args: Any, **arguments: Any) -> Any:
        try:
            triggered = set(ctx.triggered_prop_ids)
        except dash.exceptions.MissingCallbackContextException:  # called outside the router
            triggered = set()
        if triggered == {ROUTER_SEARCH}:
            return no_update
        return layout(*args, **arguments)

    layout_once.same_page_layout = True  # type: ignore[attr-defined]
    return layout_once


def keep_pages_on_query_change() -> None:
    """Wrap the layout of every registered page that does not read the query string (see
    `_same_page_layout`); pages that draw controls from it are drawn again, as before."""
    for page in dash.page_registry.values():
        layout = page.get("layout")
        if callable(layout) and not getattr(layout, "same_page_layout", False) and not reads_query(page):
            page["layout"] = _same_page_layout(layout)


def register_callbacks(app: Dash) -> None:
    """The app shell's callbacks (registered on the app, so each app gets its own)."""
    keep_pages_on_query_change()

    @app.callback(
        output={
            "search": Output(URL, "search"),
            "values": {p: Output(CONTROL_IDS[p], "value") for p in PARAMETERS},
            "group_options": Output(CONTROL_IDS["group"], "options"),
            "group_disabled": Output(CONTROL_IDS["group"], "disabled"),
            "second_options": Output(CONTROL_IDS["characteristic2"], "options"),
            "second_disabled": Output(CONTROL_IDS["characteristic2"], "disabled"),
            "store": Output(FILTERS_STORE, "data"),
            "messages": Output(MESSAGES, "children"),
        },
        inputs={
            "search": Input(URL, "search"),
            "controls": {p: Input(CONTROL_IDS[p], "value") for p in PARAMETERS},
            "reset": Input(RESET, "n_clicks"),
        },
    )
    def sync_filters_and_url(search, controls, reset):
        return _sync(search, controls, ctx.triggered_id)

    @app.callback(
        Output({"type": "nav-link", "path": ALL}, "href"),
        Output("nav-brand", "href"),
        Input(FILTERS_STORE, "data"),
        State({"type": "nav-link", "path": ALL}, "id"),
    )
    def carry_filters_in_nav_links(data, link_ids):
        links = inputs.component_ids(link_ids, ("path",))
        filters = Filters.from_store(data)
        query = filters.query if filters else ""
        return [link["path"] + query for link in links], "/" + query

    @app.callback(
        Output({"type": "filter-field", "name": ALL}, "hidden"),
        Output(BAR, "hidden"),
        Output({"type": "nav-link", "path": ALL}, "active"),
        Input(URL, "pathname"),
        State({"type": "filter-field", "name": ALL}, "id"),
        State({"type": "nav-link", "path": ALL}, "id"),
    )
    def show_page_filters(pathname, field_ids, link_ids):
        path = inputs.pathname(pathname)
        page = page_for_path(path)
        used = set(page.get("filters", ())) if page else set()
        return (
            [f["name"] not in used for f in inputs.component_ids(field_ids, ("name",))],
            not used,
            [is_active(link["path"], path) for link in inputs.component_ids(link_ids, ("path",))],
        )

    @app.callback(
        Output("navbar-collapse", "is_open"),
        Input("navbar-toggler", "n_clicks"),
        State("navbar-collapse", "is_open"),
        prevent_initial_call=True,
    )
    def toggle_navbar(_, is_open):
        return not is_open
