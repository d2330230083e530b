"""The window stays a house: no import circle in desktop/ui, and MainWindow small.

Read from the source (no Qt needed): every import counts, those inside functions and under
``TYPE_CHECKING`` too, since a circle typed only for the checker still ties the modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "desktop" / "ui"
PACKAGE = "desktop.ui"
MAIN_WINDOW_LIMIT = 500


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The desktop.ui modules ``path`` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # ``from desktop.ui import errors`` imports the module desktop.ui.errors.
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in modules}
    return found


def ui_import_graph() -> dict[str, set[str]]:
    files = {f"{PACKAGE}.{p.stem}": p for p in UI.glob("*.py") if p.stem != "__init__"}
    return {name: _imports(path, set(files)) - {name} for name, path in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def test_the_cycle_finder_finds_a_circle_and_none_where_there_is_none():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_desktop_ui_has_no_import_circle():
    graph = ui_import_graph()
    assert f"{PACKAGE}.main_window" in graph
    cycle = find_cycle(graph)
    assert cycle is None, "import circle in desktop/ui: " + " → ".join(cycle or [])


def test_nothing_below_the_window_imports_it():
    graph = ui_import_graph()
    importers = sorted(m for m, imported in graph.items() if f"{PACKAGE}.main_window" in imported)
    # The application starts the window; nothing the window is built from knows it.
    assert importers == [f"{PACKAGE}.app"]


def test_main_window_is_under_500_lines():
    source = (UI / "main_window.py").read_text(encoding="utf-8")
    lines = len(source.splitlines())
    assert lines < MAIN_WINDOW_LIMIT, f"main_window.py has {lines} lines"
    tree = ast.parse(source)
    window = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "MainWindow")
    assert window.end_lineno is not None
    assert window.end_lineno - window.lineno + 1 < MAIN_WINDOW_LIMIT
