"""The package's shape: folders in pipeline order, imports that point only down it, and no import cycles.

Every import counts, also those inside functions and under TYPE_CHECKING: a cycle hidden in a function is still a cycle
a reader has to untangle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "site"

# From the bottom up: each folder (or top-level module) may import only from itself and the ones before it.
LAYERS = ["util", "errors", "config", "content", "markdown", "migrate", "catalog", "web", "build", "serve", "cli"]
FACE = "__init__"  # thaw/__init__.py only hands create_app on


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["thaw", *parts])


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """The package's modules that `path` imports (a `from X import y` counts X.y when that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("thaw"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("thaw"):
                continue
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
    return {m for m in found if m in known and m != name}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACE


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, name, known) for name, path in found.items()}


def test_every_module_lives_in_a_layer(graph: dict[str, set[str]]) -> None:
    strays = sorted(m for m in graph if layer(m) not in LAYERS and layer(m) != FACE)
    assert not strays, f"modules outside the pipeline's folders: {strays}"


def test_imports_point_down_the_pipeline(graph: dict[str, set[str]]) -> None:
    upward = [
        f"{m} -> {t}"
        for m, targets in sorted(graph.items())
        if layer(m) != FACE
        for t in sorted(targets)
        if layer(t) == FACE or LAYERS.index(layer(t)) > LAYERS.index(layer(m))
    ]
    assert not upward, "imports that point up the pipeline:\n" + "\n".join(upward)


def test_the_face_only_hands_create_app_on(graph: dict[str, set[str]]) -> None:
    assert graph["thaw"] <= {"thaw.web.app"}, graph["thaw"]
    assert len((PACKAGE / "__init__.py").read_text(encoding="utf-8").splitlines()) < 20


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_every_module_says_what_it_does_in_a_line() -> None:
    missing = [module_name(p) for p in sorted(PACKAGE.rglob("*.py")) if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert not missing, f"modules without a docstring: {missing}"


def test_the_tests_mirror_the_package_folders() -> None:
    tests = Path(__file__).resolve().parent
    folders = {p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders and folders <= {p.name for p in PACKAGE.iterdir() if p.is_dir()}, folders
    assert not [p.name for p in tests.glob("test_*.py") if p.name not in ("test_house.py", "test_cli.py")], "a test file outside its folder"
