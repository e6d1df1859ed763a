"""A page's own URL parameters (beside the shared filters): read them, and tell which changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import ctx
from dash.exceptions import PreventUpdate


def first_value(value: Any) -> str:
    """One query-string value as text (the first when a parameter is repeated)."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def changed_option(control_ids: Mapping[str, str], values: Mapping[str, Any], shown: Mapping[str, Any]) -> str:
    """The URL parameter whose control fired this callback (`control_ids`: parameter ->
    control id), when its new value is one the view does not already show; otherwise the
    callback stops (a control also reports its value when it is drawn)."""
    parameter = {control: name for name, control in control_ids.items()}.get(ctx.triggered_id)
    if parameter is None or not values[parameter] or values[parameter] == shown[parameter]:
        raise PreventUpdate
    return parameter
