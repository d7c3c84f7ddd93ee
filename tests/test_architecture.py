"""The package's layers, read from its source: imports run one way only, and never in a circle.

    cli  →  notice / ledger / views  →  planfile  →  model

`errors`, `messages`, `records` and `settings` sit under every layer and import nothing of the
package but one another. Every import counts, the ones inside functions and under TYPE_CHECKING
too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import support

PACKAGE = support.ROOT / "rectify_cli"
BASE = {"errors", "messages", "records", "settings"}
LAYER = {"model": 0, "planfile": 1, "views": 2, "notice": 2, "ledger": 2, "cli": 3}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The rectify_cli modules this file imports (absolute names), wherever in it."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("rectify_cli")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith("rectify_cli"):
                target = node.module
            else:
                continue
            for alias in node.names:  # `from . import x` may name a module
                sub = f"{target}.{alias.name}"
                found.add(sub if MODULES.get(sub) else target)
    return found - {name}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports(path) for name, path in MODULES.items()}


def layer_of(module: str) -> tuple[str, int | None]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in BASE:
        return top, -1
    return top, LAYER.get(top)


def test_every_module_belongs_to_a_layer() -> None:
    entry = {"rectify_cli", "rectify_cli.__main__"}  # the package's own doors may reach any layer
    loose = [m for m in MODULES if m not in entry and layer_of(m)[1] is None]
    assert loose == [], f"modules outside every layer: {loose}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module: str) -> None:
    top, level = layer_of(module)
    wrong = []
    for target in sorted(GRAPH[module]):
        their_top, theirs = layer_of(target)
        if target == "rectify_cli" or their_top == top:
            continue
        if level is None:  # rectify_cli/__init__.py and __main__.py may reach any layer
            continue
        sideways = theirs == level and their_top != top and level != -1  # base: one another
        if theirs is None or theirs > level or sideways:
            wrong.append(target)
        if level == -1 and theirs != -1:
            wrong.append(target)
    assert wrong == [], f"{module} imports against the layers: {wrong}"


def test_no_import_cycle() -> None:
    """Tarjan's strongly connected components over the whole import graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH.get(v, ()):
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_model_does_no_io_and_imports_no_ui() -> None:
    banned = {"typer", "rich", "jinja2", "yaml", "openpyxl", "docx", "os", "io", "shutil"}
    for name, path in MODULES.items():
        if not name.startswith("rectify_cli.model"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                used = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                used = {node.module.split(".")[0]}
            else:
                continue
            assert not used & banned, f"{name} imports {used & banned}"
