"""The dashboard's layers import one way: each imports only layers below it (docs/dashboard.md).

Walks every import in every module under dashboard/ (including imports inside functions),
so a shortcut from a lower layer to a higher one, or a cycle between two packages, fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"

# Lowest first. A module may import its own package and any package of a lower rank.
LAYERS: dict[str, int] = {
    "dashboard.settings": 0,
    "dashboard.style": 0,
    "dashboard.warehouse": 1,
    "dashboard.access": 2,
    "dashboard.state": 3,
    "dashboard.tables": 4,
    "dashboard.figures": 5,
    "dashboard.views": 5,  # beside figures, not above: a view is data, never a drawing
    "dashboard.components": 6,
    "dashboard.pages": 7,
    "dashboard.availability": 8,  # the app shell's error handling, beside create_app
    "dashboard.security": 8,
    "dashboard": 9,  # create_app
}
# Drawing layers take DataFrames in and know nothing of queries, URLs or pages: below them
# they use only the words, palette and formats, and the warehouse's row conventions.
DRAWING = ("dashboard.tables", "dashboard.figures")
DRAWING_MAY_USE = ("dashboard.style", "dashboard.warehouse.conventions", "dashboard.tables")


def layer_of(module: str) -> str:
    """The layer a dotted module name belongs to (its longest matching prefix)."""
    return max((name for name in LAYERS if module == name or module.startswith(name + ".")), key=len)


def module_name(path: Path) -> str:
    parts = path.relative_to(DASHBOARD.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every dashboard module `path` imports, at the top or inside a function."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:  # `from package import module` names the module itself
                found.add(f"{base}.{alias.name}" if _existing(f"{base}.{alias.name}") else base)
    return {m for m in found if m == "dashboard" or m.startswith("dashboard.")}


def _existing(module: str) -> bool:
    relative = Path(*module.split("."))
    return (DASHBOARD.parent / relative).with_suffix(".py").exists() or (DASHBOARD.parent / relative).is_dir()


MODULES = sorted(DASHBOARD.rglob("*.py"))


def test_every_dashboard_module_has_a_layer():
    assert MODULES
    unplaced = [module_name(p) for p in MODULES if layer_of(module_name(p)) == "dashboard" and p.parent != DASHBOARD]
    assert not unplaced, f"put these in a layer (or add it to LAYERS): {unplaced}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_layer_imports_a_higher_one(path):
    source = module_name(path)
    source_layer = layer_of(source)
    wrong = []
    for target in sorted(imported_modules(path)):
        if not _existing(target):
            continue  # `from package import name` of a function, already checked as the package
        target_layer = layer_of(target)
        if target_layer == source_layer:
            continue
        if LAYERS[target_layer] >= LAYERS[source_layer]:
            wrong.append(f"{target} ({target_layer})")
        elif source_layer in DRAWING and not any(target.startswith(allowed) for allowed in DRAWING_MAY_USE):
            wrong.append(f"{target} (a drawing layer takes DataFrames in)")
    assert not wrong, f"{source} ({source_layer}) imports: {wrong}"


def test_figures_and_components_do_not_import_each_other_in_a_cycle():
    """The direction the issue asked for, named: components draw figures, never the reverse."""
    figures_importing_components = [
        module_name(p)
        for p in (DASHBOARD / "figures").rglob("*.py")
        if any(layer_of(m) == "dashboard.components" for m in imported_modules(p))
    ]
    assert figures_importing_components == []
