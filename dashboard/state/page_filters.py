"""The global filters as a page's callback receives them from the shell's store."""

from __future__ import annotations

from typing import Any

from dash.exceptions import PreventUpdate

from dashboard.state.url_state import Filters


def current_filters(filters_data: Any) -> Filters:
    """The filters in the shell's store (`Input(FILTERS_STORE, "data")`); the callback stops
    until the shell has read the URL into the store."""
    filters = Filters.from_store(filters_data)
    if filters is None:
        raise PreventUpdate
    return filters
