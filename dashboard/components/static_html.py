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

import html as html_escape
import json
import re
from typing import Any

from dash import dcc
from dash.development.base_component import Component

VOID_TAGS = {"br", "hr", "img", "col", "wbr"}
# Dash-only props that have no place in the DOM.
SKIPPED_PROPS = {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "key",
                 "loading_state", "setProps", "refresh"}  # fmt: skip
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
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
    props = {k: v for k, v in node.to_plotly_json()["props"].items()
             if k not in SKIPPED_PROPS and v is not None}  # fmt: skip
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
