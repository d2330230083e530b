"""A registry that cannot be shown: the window tells the damage, offers the backups, and does
not remember the file as the one to reopen (issue 16)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from uikit import PATIENCE, fresh, make_window, wait_jobs

from desktop.store import backup
from desktop.store.sample import create_registry
from desktop.ui import restore as restore_ui


def _damage_decisions(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE decisions SET issuer = CAST(x'ff41c3' AS TEXT)")
    conn.commit()
    conn.close()


@pytest.fixture()
def window(qtbot, tmp_path: Path):
    db = create_registry(tmp_path / "so.db", sample=True)
    return make_window(qtbot, db, tmp_path / "settings.ini")


def test_damaged_registry_is_refused_with_its_backups(qtbot, window, tmp_path, monkeypatch):
    db = window.session.db_path
    window.files.backup_now()
    wait_jobs(qtbot)
    window.session.close()
    window.settings.remove_recent(str(db))
    recent_before = window.settings.recent()
    _damage_decisions(db)

    assert window.files.open_registry(db) is False  # no exception, no exit 3
    assert window.session.reg is None
    assert window.settings.recent() == recent_before
    box = window.files.damaged_box
    assert box is not None and "bị hỏng" in box.text() and "madinhdanh restore" in box.text()

    # The way out: the backups of the registry that failed, then the registry reopens.
    monkeypatch.setattr(restore_ui.RestoreDialog, "exec", lambda self: 1)
    monkeypatch.setattr("desktop.ui.files.confirm_restore", lambda parent, info: True)
    assert window.files.restore_dialog() is not None
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: window.session.reg is not None, timeout=PATIENCE)
    assert window.session.db_path == db
    with fresh(db) as reg:
        assert all(isinstance(d.issuer, str) for d in reg.decisions())
    # The damaged file was kept aside, not lost.
    assert list(backup.backup_dir(db).glob("*.damaged")) or backup.list_backups(db)


def test_newer_registry_opens_read_only_with_the_reason(qtbot, window):
    db = window.session.db_path
    window.session.close()
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('madinhdanh', 'm999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    assert window.files.open_registry(db) is True
    assert window.session.reg.readonly
    assert "mới hơn" in window.statusBar().currentMessage()
