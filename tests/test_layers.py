"""The house rules of design.md §1, checked on the source itself.

The import rules (layers, no Qt below the window, no SQLite outside the store, nothing imports
the command line) are import-linter contracts in pyproject.toml; `lint-imports` runs them in CI
and this test runs them with the suite. What an import graph cannot see, the use of the store's
connection and SQL text, is checked here on the syntax tree.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]):
    from importlinter.cli import lint_imports

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        rc = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    finally:
        os.chdir(here)
    assert rc == 0, capsys.readouterr().out
