"""Backups from the app: take one now, list them with dates, bring one back."""

from __future__ import annotations

from pathlib import Path

import pytest
from uikit import PATIENCE, fresh, make_window, wait_jobs

from desktop.store import backup
from desktop.store.sample import create_registry
from desktop.ui import restore as restore_ui


@pytest.fixture()
def window(qtbot, tmp_path: Path):
    db = create_registry(tmp_path / "so.db", sample=True)
    return make_window(qtbot, db, tmp_path / "settings.ini")


def test_backup_now_then_restore_brings_the_old_state_back(qtbot, window, monkeypatch):
    db = window.session.db_path
    window.files.backup_now()
    wait_jobs(qtbot)
    found = backup.list_backups(db)
    assert [b.reason for b in found] == [backup.MANUAL]

    # A change after the backup...
    reg = window.session.reg
    decision = reg.add_decision("1/QĐ-THU", "2027-06-01")
    reg.rename(reg.find("G06.01").id, "Văn phòng Bộ (tên sau khi sao lưu)", decision)

    # ...and the clerk picks the copy in the dialog and confirms.
    monkeypatch.setattr(restore_ui.RestoreDialog, "exec", lambda self: 1)
    monkeypatch.setattr("desktop.ui.files.confirm_restore", lambda parent, info: True)
    assert window.files.restore_dialog() is not None
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: window.session.reg is not None, timeout=PATIENCE)

    assert window.session.db_path == db and not window.session.reg.readonly
    with fresh(db) as reg:
        assert reg.find("G06.01").name == "Văn phòng Bộ"
        assert reg.decision_by_number("1/QĐ-THU") is None
    # Today's registry was kept as a copy before it was replaced: the restore can be undone.
    reasons = [b.reason for b in backup.list_backups(db)]
    assert backup.RESTORE in reasons and backup.MANUAL in reasons


def test_refusing_the_confirmation_changes_nothing(qtbot, window, monkeypatch):
    window.files.backup_now()
    wait_jobs(qtbot)
    before = Path(window.session.db_path).read_bytes()
    monkeypatch.setattr(restore_ui.RestoreDialog, "exec", lambda self: 1)
    monkeypatch.setattr("desktop.ui.files.confirm_restore", lambda parent, info: False)
    assert window.files.restore_dialog() is None
    assert window.session.reg is not None
    assert Path(window.session.db_path).read_bytes() == before


def test_dialog_lists_copies_newest_first(qtbot, window):
    for _ in range(2):
        window.files.backup_now()
        wait_jobs(qtbot)
    found = backup.list_backups(window.session.db_path)
    dialog = restore_ui.RestoreDialog(window.session.db_path, found, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert dialog.selected() == found[0] and found[0].taken_at > found[1].taken_at
    assert "Sao lưu theo yêu cầu" in dialog.list.item(0).text()
    assert dialog.restore_button.isEnabled()


def test_no_backups_yet_says_how_to_make_one(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "desktop.ui.errors.show_info", lambda parent, title, text: shown.append(text)
    )
    assert window.files.restore_dialog() is None
    assert shown and "Sao lưu ngay" in shown[0]
