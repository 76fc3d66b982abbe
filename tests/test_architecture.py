"""The house reads top to bottom (docs/architecture.md): checked by walking every module's
imports with ``ast``, including imports inside functions (a function-local import is still a
dependency; it only hides the cycle from Python at import time).

- no import cycle between apps (an app is the first package under ``beatbridge``);
- no app imports ``beatbridge.web`` (the site shell uses the apps, not the other way round);
- ``beatbridge.core`` imports no app; ``beatbridge.insights`` imports neither Django nor an app;
- services never import their ``tasks`` back (no module cycle through a ``tasks`` module):
  they enqueue by name through :mod:`beatbridge.core.jobs`, and every such name is a task.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "beatbridge"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue  # frozen history; they name other apps by label, not by import
        found[_module_name(path)] = (path, ast.parse(path.read_text(), filename=str(path)))
    return found


def _imports(name: str) -> list[tuple[str, int]]:
    """(imported module or module.attribute, line) for every import anywhere in the module."""
    path, tree = _modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _resolve(target: str) -> str | None:
    """The project module ``target`` names (``pkg.mod.attr`` -> ``pkg.mod``), or None."""
    while target:
        if target in _modules():
            return target
        target = target.rpartition(".")[0]
    return None


def _apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in _apps()) else None


def _edges() -> list[tuple[str, str, int]]:
    """(importing module, imported project module, line)."""
    edges = []
    for name in _modules():
        for target, line in _imports(name):
            if target.startswith("beatbridge.") and (module := _resolve(target)):
                if module != name:
                    edges.append((name, module, line))
    return edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _explain(component: list[str], edges: list[tuple[str, str, int]], key) -> str:
    members = set(component)
    lines = [
        f"  {a}:{line} imports {b}"
        for a, b, line in edges
        if key(a) in members and key(b) in members and key(a) != key(b)
    ]
    return " <-> ".join(component) + "\n" + "\n".join(sorted(set(lines))[:20])


def test_no_import_cycle_between_apps():
    edges = _edges()
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b, _line in edges:
        if _app(a) and _app(b) and _app(a) != _app(b):
            graph[_app(a)].add(_app(b))
    cycles = _cycles(graph)
    assert not cycles, "Apps import each other:\n" + "\n".join(
        _explain(c, edges, _app) for c in cycles
    )


def test_no_app_imports_the_web_shell():
    bad = [
        f"{a}:{line} imports {b}"
        for a, b, line in _edges()
        if _app(b) == "web" and _app(a) not in (None, "web")
    ]
    assert not bad, "Apps must not import beatbridge.web:\n" + "\n".join(bad)


def test_core_imports_no_app():
    bad = [
        f"{a}:{line} imports {b}"
        for a, b, line in _edges()
        if _app(a) == "core" and _app(b) != "core"
    ]
    assert not bad, "beatbridge.core imports no app:\n" + "\n".join(bad)


def test_insights_is_pure():
    bad = []
    for name in _modules():
        if _app(name) != "insights":
            continue
        for target, line in _imports(name):
            top = target.split(".")[0]
            if (
                top == "django"
                or top == "rest_framework"
                or (top == "beatbridge" and _app(_resolve(target) or "") != "insights")
            ):
                bad.append(f"{name}:{line} imports {target}")
    assert not bad, "insights imports neither Django nor an app:\n" + "\n".join(bad)


def test_services_never_import_tasks_back():
    edges = _edges()
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b, _line in edges:
        graph[a].add(b)
    through_tasks = [c for c in _cycles(graph) if any(m.rpartition(".")[2] == "tasks" for m in c)]
    assert not through_tasks, (
        "Tasks call services; services enqueue by name (beatbridge.core.jobs):\n"
        + "\n".join(_explain(c, edges, lambda m: m) for c in through_tasks)
    )


def _job_names() -> list[tuple[str, int, str]]:
    names = []
    for name in _modules():
        for node in ast.walk(_modules()[name][1]):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "jobs"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names.append((name, node.lineno, node.args[0].value))
    return names


def test_job_names_exist():
    from beatbridge.core import jobs

    names = _job_names()
    assert names, "the services enqueue through beatbridge.core.jobs"
    for module, line, task_name in names:
        try:
            jobs.task(task_name)
        except (ImportError, TypeError) as exc:
            pytest.fail(f"{module}:{line}: {task_name}: {exc}")


def test_the_walk_sees_function_local_imports():
    """Guard for the guard: a cycle hidden in a function body is still found."""
    tree = ast.parse("def f():\n    from beatbridge.meetings.models import Meeting\n")
    found = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert found and found[0].module == "beatbridge.meetings.models"
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
