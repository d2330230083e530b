"""The house rules of design.md §1, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py")) if folder else sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: p.name)
def test_domain_has_no_qt_no_sql_and_imports_nothing_above_it(path: Path):
    for name in _imports(path):
        root = name.split(".")[0]
        assert root not in {"PySide6", "sqlite3", "sqlite_utils", "openpyxl", "python_calamine"}
        if root == "desktop":
            assert name.startswith("desktop.domain"), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", _modules(""), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_ui_imports_qt(path: Path):
    """Only desktop.ui imports PySide6; reports may paint pages with QtGui (design.md §1)."""
    rel = path.relative_to(PACKAGE).parts
    if rel[0] in ("ui", "reports"):
        return
    assert not any(n.split(".")[0] == "PySide6" for n in _imports(path)), path


@pytest.mark.parametrize("path", _modules("store"), ids=lambda p: p.name)
def test_store_does_not_reach_up(path: Path):
    for name in _imports(path):
        assert not name.startswith(
            ("desktop.ui", "desktop.exchange", "desktop.reports", "desktop.cli")
        ), f"{path.name} imports {name}"
