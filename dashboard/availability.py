"""A bad warehouse never breaks a worker: the page says so and the worker recovers by itself.

Dash builds the layout once at a worker's first request and registers the callbacks only if
that succeeds, so a layout that raises leaves the worker without callbacks for good. Here the
layout never raises: with no readable warehouse it is a "data unavailable" page, and any other
failure is logged and shown as a short error page. A callback that meets a bad warehouse
shows the same message in a status region and changes nothing else. While the message is up
the page asks the server every few seconds whether the data is back, and then draws the
dashboard in place; the `Warehouse` retries the file on every request, so nothing needs a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import dash
from dash import Dash, Input, Output, dcc, html, no_update
from dash.exceptions import UnsupportedRelativePath
from werkzeug.exceptions import HTTPException

from dashboard.settings import Settings
from dashboard.state.errors import InvalidInput
from dashboard.warehouse import db

log = logging.getLogger(__name__)

ROOT_ID = "app-root"
STATUS_ID = "data-status"
POLL_ID = "data-status-poll"
UNAVAILABLE_ID = "data-unavailable"
CALLBACK_FAILED = (
    "This part of the page could not be updated for these choices; it shows what it showed before. "
    "The error has been logged."
)

_REASONS = {
    "missing": "No warehouse has been published for the dashboard to read yet.",
    "unreadable": "The published warehouse file cannot be read: it may be damaged, incomplete or not a "
    "dashboard warehouse.",
}


def _operator_details(error: Exception, settings: Settings) -> list:
    """What the people running the dashboard need (left out in public mode: no paths, no errors)."""
    if settings.public:
        return [html.P("If this lasts, tell the team that runs this dashboard.")]
    return [
        html.H2("For the team running the dashboard", className="h5 mt-4"),
        html.P(["Warehouse file: ", html.Code(str(settings.warehouse_path))]),
        html.P(["What went wrong: ", html.Code(str(error))]),
        html.Ul(
            [
                html.Li(
                    [
                        "Publish a warehouse: ",
                        html.Code(
                            "python -m pipelines build --source FOLDER --warehouse " + str(settings.warehouse_path)
                        ),
                        " (the build swaps the new file in atomically).",
                    ]
                ),
                html.Li(["Or try the dashboard on synthetic data: ", html.Code("python app.py --demo"), "."]),
                html.Li("There is no need to restart the app: it reads the new file on the next request."),
            ]
        ),
    ]


def unavailable_page(error: Exception, settings: Settings) -> html.Main:
    """The whole page when the warehouse cannot be read: what happened and what to do."""
    reason = getattr(error, "reason", "unreadable")
    return html.Main(
        html.Div(
            [
                html.H1("Data unavailable"),
                html.P(_REASONS.get(reason, _REASONS["unreadable"]), className="lead"),
                html.P(
                    f"This page checks again every {settings.recovery_poll_seconds} seconds and shows the "
                    "dashboard as soon as "
                    "the data is back. Bookmarked addresses keep working."
                ),
                *_operator_details(error, settings),
            ],
            className="container py-4",
        ),
        id=UNAVAILABLE_ID,
        className="page page-data-unavailable",
    )


def error_page(settings: Settings) -> html.Main:
    """Shown when building the page failed for another reason (logged with its traceback)."""
    return html.Main(
        html.Div(
            [
                html.H1("Something went wrong"),
                html.P(
                    f"The dashboard could not draw this page. The error has been logged; this page tries "
                    f"again every {settings.recovery_poll_seconds} seconds."
                ),
                dcc.Link("Go to the board overview", href="/"),
            ],
            className="container py-4",
        ),
        id=UNAVAILABLE_ID,
        className="page page-error",
    )


def _status_message(error: Exception, settings: Settings) -> list:
    reason = getattr(error, "reason", "unreadable")
    return [
        html.Strong("Data unavailable. "),
        _REASONS.get(reason, _REASONS["unreadable"]),
        f" What you see may be out of date; the page redraws itself when the data is back (checked every "
        f"{settings.recovery_poll_seconds} seconds).",
    ]


def _frame(body: object, polling: bool, settings: Settings) -> html.Div:
    """The page body with the status region (shown by `on_callback_error`) and the recovery poll."""
    return html.Div(
        [
            html.Section(
                id=STATUS_ID, className="data-status", role="alert", hidden=True, **{"aria-label": "Data status"}
            ),
            dcc.Interval(id=POLL_ID, interval=settings.recovery_poll_seconds * 1000, disabled=not polling),
            html.Div(body, id=ROOT_ID),
        ]
    )


def _body(settings: Settings, shell: Callable[[Settings], object]) -> tuple[object, bool]:
    """(page body, healthy?) — never raises."""
    error = db.current().check()
    if error is None:
        try:
            return shell(settings), True
        except db.WarehouseUnavailableError as during:
            error = during
        except Exception:  # noqa: BLE001 - a worker must never be left without its callbacks
            log.exception("building the page layout failed")
            return error_page(settings), False
    log.warning("data unavailable: %s", error)
    return unavailable_page(error, settings), False


def root_layout(settings: Settings, shell: Callable[[Settings], object]) -> Callable[[], html.Div]:
    """The app's layout function: the shell around the pages, or the data-unavailable page."""

    def layout() -> html.Div:
        body, healthy = _body(settings, shell)
        return _frame(body, polling=not healthy, settings=settings)

    return layout


def _not_found_page() -> object:
    for module, page in dash.page_registry.items():
        if module.split(".")[-1] == "not_found_404":
            return page["layout"]() if callable(page["layout"]) else page["layout"]
    return html.H1("Page not found")


def _is_page_router() -> bool:
    try:
        outputs = dash.callback_context.outputs_list
    except dash.exceptions.MissingCallbackContextException:
        return False
    first = outputs[0] if isinstance(outputs, list) and outputs else outputs
    return isinstance(first, dict) and first.get("id") == "_pages_content"


def _router_inputs_are_text() -> bool:
    """The page router's inputs as a browser sends them: a path, and a query string or none."""
    given = dash.callback_context.inputs
    return isinstance(given.get("_pages_location.pathname"), str) and all(
        isinstance(value, str | None) for value in given.values()
    )


def _show_status(children: list, colour: str = "warning") -> None:
    """Put a message in the page's status region (from inside a callback only)."""
    shown = {"hidden": False, "className": f"data-status alert alert-{colour} m-0 rounded-0"}
    try:
        dash.set_props(STATUS_ID, {"children": children, **shown})
    except dash.exceptions.MissingCallbackContextException:
        pass


def on_callback_error(error: Exception) -> object:
    """App-wide `on_error`, so no callback answers with a 500 or a traceback: a bad warehouse
    shows the status message; an input of the wrong type (`InvalidInput`) says so; an address
    the page router cannot read (no leading "/") is "page not found"; any other error is
    logged with its traceback and the page says it could not be updated. Every output of the
    failed callback is left as it was."""
    if isinstance(error, UnsupportedRelativePath) and _is_page_router():
        return [_not_found_page(), {"title": "Page not found"}]
    if _is_page_router() and not _router_inputs_are_text():
        error = InvalidInput("the address must be text")  # Dash's own router reads it unchecked
    if isinstance(error, HTTPException):  # an answer on purpose (403, 404 from `access`)
        raise error
    if isinstance(error, InvalidInput):
        log.info("callback input refused: %s", error)
        _show_status([html.Strong("Not updated. "), error.message], colour="info")
        return None
    if not isinstance(error, db.WarehouseUnavailableError):
        log.error("callback failed", exc_info=error)
        _show_status([html.Strong("Not updated. "), CALLBACK_FAILED])
        return None
    from dashboard.settings import current_settings

    log.warning("data unavailable during a callback: %s", error)
    _show_status(_status_message(error, current_settings()))
    dash.set_props(POLL_ID, {"disabled": False})
    return None  # every output of the failed callback: no update


def register_callbacks(app: Dash, settings: Settings, shell: Callable[[Settings], object]) -> None:
    """While the status message is up, redraw the dashboard as soon as the warehouse reads again."""

    @app.callback(
        Output(ROOT_ID, "children"),
        Output(STATUS_ID, "children"),
        Output(STATUS_ID, "hidden"),
        Output(POLL_ID, "disabled"),
        Input(POLL_ID, "n_intervals"),
        prevent_initial_call=True,
    )
    def recover(_ticks: int | None):
        if db.current().check() is not None:
            return no_update, no_update, no_update, no_update
        body, healthy = _body(settings, shell)
        if not healthy:
            return no_update, no_update, no_update, no_update
        return body, None, True, True
