"""Render a big, static tree of `html.*` components (and `dcc.Link`) as ONE Dash component.

Why: Dash 4's renderer spends time on every component, and more than linearly so: the board
overview's ~3,000 cells took about 40 s to draw in headless Chromium, and under a second as a
single component. Use `static_html(tree)` for tables and lists with more than a few dozen
cells that no callback updates piece by piece (whole-tree updates are fine).

How: the tree is written out as JSX and given to `dcc.Markdown(dangerously_allow_html=True)`,
whose JSX parser builds the DOM. Every text and attribute value is escaped here, so text from
the warehouse (titles, quotes) is always shown as text, never interpreted as markup.
`dcc.Link` becomes `<dccLink>`, which keeps client-side navigation. Elements keep their `id`,
class, style, `scope`, `aria-*` and the like, so tests and CSS find them as before; they are
not Dash components any more, so they cannot be callback inputs or outputs.
"""

from __future__ import annotations

import functools
import html as html_escape
import json
import re
from collections.abc import Callable
from typing import Any

import dash
from dash import dcc
from dash.development.base_component import Component

VOID_TAGS = {"br", "hr", "img", "col", "wbr"}
# Dash-only props that have no place in the DOM.
SKIPPED_PROPS = {
    "children",
    "n_clicks",
    "n_clicks_timestamp",
    "disable_n_clicks",
    "key",
    "loading_state",
    "setProps",
    "refresh",
}
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# Elements that only make sense inside their parent (a <div> cannot stand in for them).
PART_OF_A_WHOLE = {"Li", "Tr", "Td", "Th", "Thead", "Tbody", "Tfoot", "Caption", "Dt", "Dd", "Summary", "Option", "Col"}
SAFE_URL = re.compile(r"^(/|#|\?|https?://|mailto:)", re.IGNORECASE)


def _text(value: Any) -> str:
    """Text as JSX text: HTML-escaped, braces as entities, on one line."""
    escaped = html_escape.escape(str(value), quote=True)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    return re.sub(r"[\r\n]+", " ", escaped)


def _attribute(name: str, value: Any) -> str:
    if not ATTRIBUTE_NAME.match(name) or name.lower().startswith("on"):
        raise ValueError(f"static_html: attribute {name!r} is not allowed")
    if name == "style":
        if not isinstance(value, dict):
            raise TypeError("static_html: style must be a dict")
        return "style={" + json.dumps({str(k): str(v) for k, v in value.items()}) + "}"
    if isinstance(value, bool):
        return f"{name}={{{'true' if value else 'false'}}}"
    if isinstance(value, (int, float)):
        return f"{name}={{{json.dumps(value)}}}"
    if isinstance(value, (dict, list, tuple)):
        raise TypeError(f"static_html: {name} must be text or a number, not {type(value).__name__}")
    if name in ("href", "src") and not SAFE_URL.match(str(value)):
        raise ValueError(f"static_html: unsafe URL {value!r}")
    return f'{name}="{_text(value)}"'


def to_jsx(node: Any) -> str:
    """The JSX text of a component tree (strings, numbers, lists, html.*, dcc.Link)."""
    if node is None:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_jsx(child) for child in node)
    if isinstance(node, (str, int, float)):
        return _text(node)
    if not isinstance(node, Component):
        raise TypeError(f"static_html: cannot render {type(node).__name__}")
    namespace = getattr(node, "_namespace", "")
    if namespace == "dash_html_components":
        tag = node._type.lower()
    elif namespace == "dash_core_components" and node._type == "Link":
        tag = "dccLink"
    else:
        raise TypeError(f"static_html: {namespace}.{node._type} is not static HTML")
    props = {k: v for k, v in node.to_plotly_json()["props"].items() if k not in SKIPPED_PROPS and v is not None}
    if "className" not in props and "class_name" in props:
        props["className"] = props.pop("class_name")
    attributes = "".join(" " + _attribute(name, value) for name, value in props.items())
    if tag in VOID_TAGS:
        return f"<{tag}{attributes} />"
    return f"<{tag}{attributes}>{to_jsx(getattr(node, 'children', None))}</{tag}>"


def static_html(node: Any, *, id: str | None = None, class_name: str = "") -> dcc.Markdown:
    """One Dash component that draws `node` (see the module docstring for when to use it)."""
    extra = {"id": id} if id else {}
    return dcc.Markdown(
        f"<div>{to_jsx(node)}</div>",
        dangerously_allow_html=True,
        className=f"static-html {class_name}".strip(),
        **extra,
    )


def _callback_ids() -> frozenset[str]:
    """The string ids any callback of the running app reads or writes (never frozen)."""
    try:
        app = dash.get_app()
    except Exception:  # noqa: BLE001 - outside an app (a unit test of a builder): nothing to keep
        return frozenset()
    known = getattr(app, "_gmeq_callback_ids", None)
    if known is None or known[0] != len(app.callback_map):
        found: set[str] = set()
        for output, spec in app.callback_map.items():
            parts = output.strip(".").split("...") if output.startswith("..") else [output]
            found |= {part.rsplit(".", 1)[0] for part in parts}
            for dependency in (*spec.get("inputs", ()), *spec.get("state", ())):
                found.add(str(dependency.get("id")))
        known = (len(app.callback_map), frozenset(found))
        app._gmeq_callback_ids = known  # derived from the callback map, the same in every worker
    return known[1]


def _scan(node: Any, keep: frozenset[str]) -> int | None:
    """The number of components under `node` when all of it can be static HTML, else None."""
    if node is None or isinstance(node, (str, int, float)):
        return 0
    if isinstance(node, (list, tuple)):
        total = 0
        for child in node:
            size = _scan(child, keep)
            if size is None:
                return None
            total += size
        return total
    if not isinstance(node, Component):
        return None
    namespace = getattr(node, "_namespace", "")
    if namespace != "dash_html_components" and not (namespace == "dash_core_components" and node._type == "Link"):
        return None
    component_id = getattr(node, "id", None)
    if component_id is not None and (not isinstance(component_id, str) or component_id in keep):
        return None
    size = _scan(getattr(node, "children", None), keep)
    return None if size is None else size + 1


def freeze(node: Any, *, at_least: int = 6) -> Any:
    """`node` with every largest purely static part of `at_least` components or more drawn as
    one component (`static_html`); charts, controls and anything a callback reads or writes
    stay Dash components. Call it on what a page's callback returns: the browser then mounts a
    few components per table instead of one per cell."""
    keep = _callback_ids()

    def visit(current: Any) -> Any:
        if isinstance(current, list):
            return [visit(child) for child in current]
        if isinstance(current, tuple):
            return tuple(visit(child) for child in current)
        if not isinstance(current, Component):
            return current
        size = _scan(current, keep) if current._type not in PART_OF_A_WHOLE else None
        if size is not None and size >= at_least:
            return static_html(current)
        children = getattr(current, "children", None)
        if isinstance(children, (list, tuple, Component)):
            current.children = visit(children)
        return current

    return visit(node)


def static_parts(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a page's callback (under `@callback`) so what it returns goes through `freeze`."""

    @functools.wraps(callback)
    def frozen(*args: Any, **kwargs: Any) -> Any:
        return freeze(callback(*args, **kwargs))

    return frozen
