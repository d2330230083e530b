"""Shared fixtures. Qt runs offscreen; the user's folders point into a temporary directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MADINHDANH_OPERATOR", "kiem-thu")
# An import from the command line returns once the copy before it is whole (store/pinned.py):
# a test reads the copies, or removes the folder, right after.
os.environ.setdefault("MADINHDANH_WAIT_FOR_COPY", "1")
sys.path.insert(0, str(Path(__file__).parent))

# Suites by file name, so that a new test file joins its suite without a line of its own.
SUITES = {"test_ui": "ui", "test_reliability": "reliability"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for prefix, marker in SUITES.items():
            if item.path.name.startswith(prefix):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Logs, settings and the default registry go to a fresh folder, never the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MADINHDANH_HOME", str(home))
    return home


@pytest.fixture()
def official_db(tmp_path: Path) -> Path:
    """A registry file holding the official level-1 list and its 2025 amendment, as the law stood
    before the provincial merger of 2025-07-01: the scenarios here build under H59 (Trà Vinh),
    which that merger closes. ``init`` (and ``present_db``) records the merger as well."""
    from desktop.store.reference import load_official
    from desktop.store.registry import Registry

    path = tmp_path / "r.db"
    with Registry.create(path) as reg:
        load_official(reg, until="2025-04-14")
    return path


@pytest.fixture()
def reg(official_db: Path):
    from desktop.store.registry import Registry

    with Registry.open(official_db) as r:
        yield r


@pytest.fixture()
def empty_reg(tmp_path: Path):
    from desktop.store.registry import Registry

    with Registry.create(tmp_path / "empty.db") as r:
        yield r


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str]):
    """Run the command line in-process: returns (exit code, stdout, stderr)."""
    from desktop.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            rc = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            rc = int(exc.code or 0)
        captured = capsys.readouterr()
        return rc, captured.out, captured.err

    return run


@pytest.fixture()
def dec(reg):
    """A provincial decision to bind test changes to."""
    return reg.add_decision(
        "184/QĐ-UBND", "2025-06-01", issuer="Ủy ban nhân dân tỉnh Vĩnh Long", signed="2025-05-28"
    )


@pytest.fixture()
def tree(reg, dec) -> dict[str, int]:
    """H59 with a small subtree: two level-2 units, two level-3 under the first (ids by code,
    with G14, closed in 2025, and H58 beside them)."""
    from desktop.domain.units import NewUnit

    reg.create_units(
        [
            NewUnit("H59.01", "Văn phòng Ủy ban nhân dân tỉnh"),
            NewUnit("H59.02", "Sở Tư pháp"),
            NewUnit("H59.01.01", "Phòng Hành chính - Tổ chức"),
            NewUnit("H59.01.02", "Trung tâm Phục vụ hành chính công"),
        ],
        dec,
    )
    codes = ("H59", "H59.01", "H59.02", "H59.01.01", "H59.01.02", "G14", "H58")
    return {c: reg.find(c).id for c in codes}


# The window's fixtures, shared by the tests of the window (Qt loads only when one is used).
@pytest.fixture()
def sample_db(tmp_path: Path) -> Path:
    from desktop.store.sample import create_registry

    return create_registry(tmp_path / "sample.db", sample=True)


@pytest.fixture()
def window(qtbot, sample_db: Path, tmp_path: Path):
    from uikit import make_window, wait_jobs

    w = make_window(qtbot, sample_db, tmp_path / "settings.ini")
    yield w
    wait_jobs(qtbot)


@pytest.fixture()
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, str]]:
    """What every progress window was told (done, total, text), in order."""
    from desktop.ui import workers

    seen: list[tuple[int, int, str]] = []
    original = workers.ProgressDialog._on_progress

    def record(self, done: int, total: int, text: str) -> None:
        seen.append((done, total, text))
        original(self, done, total, text)

    monkeypatch.setattr(workers.ProgressDialog, "_on_progress", record)
    return seen
