"""The house rules of design.md §1, checked on the source itself.

The import rules (layers, no Qt below the window, no SQLite outside the store, nothing imports
the command line) are import-linter contracts in pyproject.toml; `lint-imports` runs them in CI
and this test runs them with the suite. What an import graph cannot see, the use of the store's
connection and SQL text, is checked here on the syntax tree.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_import_contracts_are_kept():
    # In a process of its own: import-linter configures logging (dictConfig), which would
    # silence the loggers of the tests that run after it.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a measure
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- SQL lives in the store ----------------------------------------------------------------------

PACKAGE = ROOT / "desktop"
STORE = PACKAGE / "store"
# The store's connection (``args.db`` is a path, so sqlite-utils' ``reg.db`` is found by the
# import contract on sqlite_utils instead).
CONNECTION_ATTRIBUTES = {"conn"}
SQL = re.compile(
    r"\b(select\b.+\bfrom|insert\s+(or\s+\w+\s+)?into|update\s+\w+\s+set|delete\s+from"
    r"|create\s+(table|index|trigger|view)|pragma\s+\w+)\b",
    re.IGNORECASE | re.DOTALL,
)


def sql_outside_the_store(path: Path) -> list[str]:
    """Where a module above the store reaches into SQLite: the connection, a raw WHERE clause
    given to ``Registry.events``, or SQL text."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in CONNECTION_ATTRIBUTES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "events"
            and (node.args or node.keywords)
        ):
            found.append(f"line {node.lineno}: .events(WHERE ...)")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: SQL text {node.value[:40]!r}")
    return found


ABOVE_THE_STORE = sorted(p for p in PACKAGE.rglob("*.py") if STORE not in p.parents)


@pytest.mark.parametrize("path", ABOVE_THE_STORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_sql_above_the_store(path: Path):
    assert sql_outside_the_store(path) == []


def test_the_sql_check_sees_what_it_forbids(tmp_path: Path):
    sample = tmp_path / "above.py"
    sample.write_text(
        "def f(reg, uid):\n"
        "    reg.conn.execute('SELECT id FROM units WHERE id = ?', (uid,))\n"
        "    reg.events('group_id = ?', ('g',))\n"
        "    return f'UPDATE decisions SET number = {uid}'\n"
        "def g(reg):\n"
        "    return reg.events(), 'Chọn một đơn vị từ danh sách'\n",
        encoding="utf-8",
    )
    found = sql_outside_the_store(sample)
    assert sorted(f.split(":")[0] for f in found) == ["line 2", "line 2", "line 3", "line 4"]
