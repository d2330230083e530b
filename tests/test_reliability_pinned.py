"""The copy before a command-line import, taken off its path (store/pinned.py): from the
registry file the import leaves alone, by a process of its own, and never lost to a copier
that dies."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.domain.units import NewUnit
from desktop.store import backup as backups
from desktop.store import pinned
from desktop.store.base import WRITE_TOKEN
from desktop.store.registry import Registry

FIRST = Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx"


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _token(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(
            conn.execute("SELECT value FROM meta WHERE key = ?", (WRITE_TOKEN,)).fetchone()[0]
        )
    finally:
        conn.close()


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def _the_copy_is(copy: Path, before: list[str], token: str) -> None:
    with backups.readable(copy) as plain:
        assert _token(plain) == token
        assert _dump(plain) == before  # the registry as it was, to the row
        assert plain.read_bytes()[18:20] == b"\x01\x01"  # read without a -wal beside it


def test_a_command_line_import_is_copied_by_a_process_of_its_own(
    cli, official_db: Path, monkeypatch: pytest.MonkeyPatch
):
    before, token = _dump(official_db), _token(official_db)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the registry copied by the importing process")

    monkeypatch.setattr(backups, "copy_to", refused)
    monkeypatch.setattr(backups, "_pack", refused)
    rc, _, err = cli("--db", str(official_db), "import", str(FIRST))
    assert rc == 0, err
    monkeypatch.undo()
    assert _token(official_db) != token  # the import was applied
    [copy] = backups.list_backups(official_db)
    assert copy.reason == backups.IMPORT
    _the_copy_is(copy.path, before, token)
    assert not list(backups.backup_dir(official_db).glob("*.pending"))
    # A sound copy, that a restore takes (the codes the import issued then come back reserved).
    units, _ = backups.check_copy(copy.path)
    assert backups.restore(official_db, copy.path).units == units


def test_an_import_finds_its_copy_current_and_takes_none(cli, official_db: Path):
    assert cli("--db", str(official_db), "import", str(FIRST), "--dry-run")[0] == 0
    with Registry.open(official_db) as reg:
        taken = backups.backup_before(reg, backups.IMPORT, if_changed=True)
    assert cli("--db", str(official_db), "import", str(FIRST))[0] == 0
    assert [b.path for b in backups.list_backups(official_db)] == [taken]


def test_a_copier_that_does_not_start_leaves_the_copy_to_the_import(
    cli, official_db: Path, monkeypatch: pytest.MonkeyPatch
):
    """The copy is then taken here, before anything is written: never no copy."""
    before, token = _dump(official_db), _token(official_db)
    monkeypatch.setattr(pinned, "_start_copier", lambda p: None)
    assert cli("--db", str(official_db), "import", str(FIRST))[0] == 0
    [copy] = backups.list_backups(official_db)
    _the_copy_is(copy.path, before, token)


def test_a_copy_whose_copier_died_is_taken_by_the_next_program(
    official_db: Path, monkeypatch: pytest.MonkeyPatch
):
    """The registry file holds the state before the import until the copy is whole: the next
    program to open the registry takes it first."""
    before, token = _dump(official_db), _token(official_db)
    monkeypatch.setattr(pinned, "_start_copier", lambda p: None)
    reg = Registry.open(official_db)
    held = pinned.pin(reg)
    assert held is not None
    d = reg.add_decision("7/QĐ-UBND", "2025-06-01", issuer="UBND tỉnh Vĩnh Long")
    reg.create_units([NewUnit("H59.01", "Văn phòng")], d)
    reg.close()  # not the last connection: nothing folded into the file
    assert _token(official_db) != token
    # The copier died (its pid is gone) before the copy was whole; the next program is another
    # process, which knows nothing of this one's pins.
    held.marker.write_text(json.dumps({"token": token, "pid": _dead_pid()}), encoding="utf-8")
    monkeypatch.setattr(pinned, "_OURS", {})
    with Registry.open(official_db, readonly=True):
        pass
    held.pin.close()
    [copy] = backups.list_backups(official_db)
    assert copy.path == held.target
    _the_copy_is(copy.path, before, token)
    assert not held.marker.exists()


def test_a_marker_the_registry_has_moved_past_is_dropped(official_db: Path):
    folder = backups.backup_dir(official_db)
    folder.mkdir()
    marker = folder / ("r-20250101T000000000000Z-import.dbz" + pinned.PENDING)
    marker.write_text(json.dumps({"token": "not-this-one", "pid": _dead_pid()}), encoding="utf-8")
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.count_units(include_closed=True) > 0
    assert not marker.exists()
    assert backups.list_backups(official_db) == []


def test_an_import_refused_before_writing_leaves_no_copy_behind(
    cli, official_db: Path, monkeypatch: pytest.MonkeyPatch
):
    """Refused after the registry was pinned but before the copier was awaited (nothing
    written): the copier is stopped, and neither a copy nor a marker is left."""
    from desktop.domain.errors import InvalidInput
    from desktop.exchange import importer

    def refuse(*args: object, **kwargs: object) -> None:
        raise InvalidInput("Phụ lục bị từ chối.", "Refused.")

    monkeypatch.setattr(importer, "import_appendix", refuse)
    token = _token(official_db)
    rc, _, err = cli("--db", str(official_db), "import", str(FIRST))
    assert rc == 2 and "bị từ chối" in err
    assert _token(official_db) == token
    folder = backups.backup_dir(official_db)
    assert sorted(p.name for p in folder.iterdir()) == []
