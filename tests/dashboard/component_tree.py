"""Walking a Dash component tree in unit tests: every node, for finding ids, links and text.

Parts drawn as static HTML (`dashboard.components.static_html`, one `dcc.Markdown` holding
the markup) are read back into `html.*` / `dcc.Link` components, so a test sees what the
browser draws whichever way a page renders it.
"""

from __future__ import annotations

import html as html_text
import json
import re
from html.parser import HTMLParser
from typing import Any

from dash import dcc, html

_JSX_VALUE = re.compile(r"([A-Za-z][\w-]*)=\{(\{.*?\}|[^{}]*)\}(?=[\s/>])")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[Any]] = [[]]
        self.open: list[tuple[str, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        props: dict[str, Any] = {}
        for name, value in attrs:
            if name == "style" and value:
                props["style"] = json.loads(value)
            elif name == "classname":
                props["className"] = value
            elif name == "tabindex":
                props["tabIndex"] = value
            else:
                props[name] = value
        self.open.append((tag, props))
        self.stack.append([])
        if tag in ("br", "hr", "img", "col", "wbr"):
            self.handle_endtag(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img", "col", "wbr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        name, props = self.open.pop()
        children = self.stack.pop()
        if name == "dcclink":
            node: Any = dcc.Link(children=children, **props)
        else:
            factory = getattr(html, name.capitalize(), None) or html.Div
            node = factory(children=children or None, **{k: v for k, v in props.items() if k != "class"})
        self.stack[-1].append(node)

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].append(data)


def _read_static(markup: str) -> list[Any]:
    quoted = _JSX_VALUE.sub(lambda m: f'{m.group(1)}="{html_text.escape(m.group(2), quote=True)}"', markup)
    reader = _Reader()
    reader.feed(quoted)
    reader.close()
    return reader.stack[0]


def _is_static(node: Any) -> bool:
    return type(node).__name__ == "Markdown" and "static-html" in (getattr(node, "className", "") or "")


def walk(node: Any) -> list[Any]:
    """`node` and every component and string below it, depth first (lists are flattened)."""
    found: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (list, tuple)):
            stack.extend(reversed(current))
            continue
        if _is_static(current):
            stack.extend(reversed(_read_static(current.children)))
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
