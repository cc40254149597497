"""The layers show in the imports: the core never reaches up into planning or the CLI.

Every import counts, also those inside functions and under TYPE_CHECKING, because a
deferred import is still a dependency (it is how the old planner circle hid).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
CORE = ("guardrail", "executor", "transcript", "references")
# module (or package) -> the parts of the package it must never import
FORBIDDEN = {
    **{name: ("planning", "cli", "session", "terminal", "repl") for name in CORE},
    "language": ("planning", "cli", "session", "terminal", "repl", "retrieval", "vocabulary"),
    "sandbox": ("planning", "cli", "session", "terminal", "repl"),
}


def _files(name: str) -> list[Path]:
    folder = PACKAGE / name
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{name}.py"]
    assert all(path.exists() for path in files), f"no module {name}"
    return files


def _imported(path: Path) -> set[str]:
    """The first part below `assistant` of every module `path` imports."""
    package_depth = len(path.relative_to(PACKAGE).parts) - 1
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.update(_from_target(node, package_depth))
        elif isinstance(node, ast.Import):
            found.update(_absolute(alias.name) for alias in node.names)
    return {part for part in found if part}


def _from_target(node: ast.ImportFrom, package_depth: int) -> set[str]:
    if node.level == 0:
        return {_absolute(node.module or "")}
    up = node.level - 1  # `.` is the module's own package
    if up < package_depth:  # stays inside the subpackage (`.app` in sandbox/)
        return set()
    if node.module:
        return {node.module.split(".")[0]}
    return {alias.name for alias in node.names}  # `from .. import vocabulary`


def _absolute(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "assistant" and len(parts) > 1 else ""


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_a_lower_layer_imports_nothing_above_it(name: str) -> None:
    for path in _files(name):
        above = _imported(path) & set(FORBIDDEN[name])
        assert not above, f"{path.relative_to(PACKAGE)} imports {sorted(above)}"


def test_the_check_sees_a_deferred_upward_import(tmp_path: Path) -> None:
    fake = tmp_path / "guardrail.py"
    fake.write_text("def f():\n    from .planning.base import PlanContext\n")
    tree = ast.parse(fake.read_text())
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    assert _from_target(node, 0) == {"planning"}


def _module_graph() -> dict[str, set[str]]:
    """Every module of the package -> the modules of the package it imports (full names)."""
    names = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: _edges(name, path, set(names)) for name, path in names.items()}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _edges(name: str, path: Path, known: set[str]) -> set[str]:
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.update({target} | {f"{target}.{alias.name}" for alias in node.names})
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    # a package's own __init__ is not a dependency of its children (`from . import routes`)
    return {target for target in found & known if not (name + ".").startswith(target + ".")}


def _reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(graph[current])
    return seen


def test_the_package_has_no_import_circle() -> None:
    graph = _module_graph()
    circular = sorted(name for name in graph if name in _reaches(graph, name))
    assert not circular, f"modules on an import circle: {circular}"


def test_the_circle_check_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert sorted(name for name in graph if name in _reaches(graph, name)) == ["a", "b", "c"]
