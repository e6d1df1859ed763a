"""The error a callback input of the wrong type raises, with words anyone may read."""

from __future__ import annotations

FRIENDLY = "This view could not use one of the choices it was sent, so it shows what it showed before."


class InvalidInput(ValueError):
    """A callback input of the wrong type or shape; `message` is safe to show to anyone."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.message = f"{FRIENDLY} ({what})"
