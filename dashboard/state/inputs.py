"""Every value a callback receives, checked before a page uses it.

A browser sends whatever JSON it likes: a store may arrive as a string, a dropdown value as a
list, a click count as text. Callbacks read their inputs through these functions; a value of
the wrong type raises `InvalidInput` (`dashboard.state.errors`), whose message the app shows in its status region
(`dashboard.availability.on_callback_error`) while the page keeps what it showed. Unknown codes
of the right type are not errors here: the URL's are replaced by a default with a note
(`url_state.parse_query`, `page_parameters`), and a page shows "no data" for any other.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from dash.exceptions import PreventUpdate

from dashboard.state.errors import InvalidInput, as_text
from dashboard.state.url_state import Filters


def text(value: Any, name: str, *, default: str | None = None) -> str | None:
    """A text input (a URL search, a select's value): None/"" give `default`; a number is
    read as its text; anything else (a list, a dict, a boolean) is invalid."""
    chosen = as_text(value, name)
    return default if chosen is None or chosen == "" else chosen


def choice(value: Any, name: str, allowed: Collection[str], *, default: str | None = None) -> str | None:
    """A text input that must be one of `allowed`; an unknown value gives `default`."""
    chosen = text(value, name)
    return chosen if chosen in allowed else default


def search(value: Any) -> str:
    """The URL's query string ("" when there is none)."""
    return text(value, "the address's query string", default="") or ""


def clicks(value: Any) -> int:
    """A button's `n_clicks` (0 before the first click)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("a click count must be a whole number")
    return value


def flag(value: Any, name: str) -> bool:
    """An open/closed or on/off property (e.g. a `details` element's `open`)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(f"{name} must be true or false")
    return value


def component_id(value: Any, keys: Collection[str]) -> Mapping[str, str]:
    """A pattern-matching id ({"type": ..., "name": ...}) with text in each of `keys`."""
    if not isinstance(value, Mapping) or any(not isinstance(value.get(key), str) for key in keys):
        raise InvalidInput("a control's id is not one this page draws")
    return value


def component_ids(value: Any, keys: Collection[str]) -> list[Mapping[str, str]]:
    """The ids of an ALL pattern (`State({"type": ..., "name": ALL}, "id")`): a list of them."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput("a group of controls must be a list of ids")
    return [component_id(item, keys) for item in value]


def pathname(value: Any) -> str:
    """The address's path ("/" when there is none); it must be text starting with "/"."""
    path = text(value, "the address's path", default="/") or "/"
    if not path.startswith("/"):
        raise InvalidInput("the address's path must start with /")
    return path


def filters(data: Any) -> Filters:
    """The global filters from the shell's store (`Input(FILTERS_STORE, "data")`).

    The callback stops until the shell has read the URL into the store. Values of the wrong
    type are invalid. The codes were validated when the shell wrote the store; a code the
    warehouse no longer has (a store from before a rebuild) shows the page's "no data" state.
    """
    if data is None or data == {}:
        raise PreventUpdate
    if not isinstance(data, Mapping):
        raise InvalidInput("the filters must be a set of named values")
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in Filters.__dataclass_fields__:
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"the filter '{str(key)[:40]}' must be text")
        values[key] = value
    if not values.get("locality"):
        raise PreventUpdate
    return Filters(**values)
