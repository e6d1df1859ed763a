"""Walking a Dash component tree in unit tests: every node, for finding ids, links and text."""

from __future__ import annotations

from typing import Any


def walk(node: Any) -> list[Any]:
    """`node` and every component and string below it, depth first (lists are flattened)."""
    found: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (list, tuple)):
            stack.extend(reversed(current))
            continue
        found.append(current)
        children = getattr(current, "children", None)
        if children is not None:
            stack.append(children)
    return found


def ids(node: Any) -> set[str]:
    """The ids of every component under `node` (as strings)."""
    return {str(n.id) for n in walk(node) if getattr(n, "id", None)}


def strings(node: Any) -> list[str]:
    """Every string under `node`, in the order a reader meets them."""
    return [n for n in walk(node) if isinstance(n, str)]


def text(node: Any) -> str:
    """Every string under `node`, joined by spaces."""
    return " ".join(strings(node))
