"""The error a callback input of the wrong type raises, with words anyone may read, and the one
type rule for text inputs (used by `inputs` and by `url_state`, which `inputs` builds on)."""

from __future__ import annotations

from typing import Any

FRIENDLY = "This view could not use one of the choices it was sent, so it shows what it showed before."


class InvalidInput(ValueError):
    """A callback input of the wrong type or shape; `message` is safe to show to anyone."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.message = f"{FRIENDLY} ({what})"


def as_text(value: Any, what: str) -> str | None:
    """The one rule for a value that must be text (a select's value, a URL parameter): None or
    text as it is, a number as its text; a list, a dict or a boolean is `InvalidInput`."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{what} must be text")
    return str(value)
