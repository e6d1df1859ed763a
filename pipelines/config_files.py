"""Reading the YAML files people edit (framework, adapter mappings, sources): one way to read
and check them, so a mistake names the file, the place in it and what is wrong, in the same
words whichever file it is."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pipelines.errors import BuildError

Model = TypeVar("Model", bound=BaseModel)


def load_yaml_model(path: Path, model: type[Model], what: str, error: type[Exception] = BuildError) -> Model:
    """Read `path` as YAML and validate it as `model`; `what` names the file in messages
    ("the sources file"). Every problem is listed with where it is ("kpis[3] (id WRES2).numerator")."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [f"  {locate(raw, e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise error(f"{path}: {exc.error_count()} problem(s):\n" + "\n".join(problems)) from None


def locate(raw: object, loc: tuple) -> str:
    """Turn pydantic's location (('kpis', 3, 'numerator')) into 'kpis[3] (id WRES2).numerator'."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            node = node[key]
            ident = node.get("id") if isinstance(node, dict) else None
            label = f"[{key}]" + (f" (id {ident})" if ident else "")
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "top level"
