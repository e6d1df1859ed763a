"""The global filters as a page's callback receives them from the shell's store."""

from __future__ import annotations

from typing import Any

from dashboard.state import inputs
from dashboard.state.url_state import Filters


def current_filters(filters_data: Any) -> Filters:
    """The filters in the shell's store (`Input(FILTERS_STORE, "data")`), validated; the
    callback stops until the shell has read the URL into the store."""
    return inputs.filters(filters_data)
