"""Counts for the work on the whole registry file: the as-of view (units replayed), a backup
and a restore (pages copied), verifying (events checked); Cancel where nothing is written or
what is written is only a partial copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from test_ui_progress import _cancel_on_first, assert_rising, counts
from uikit import fresh, wait_jobs

from desktop.domain.progress import BACKUP, REPLAY, VERIFY
from desktop.store import asof, backup, verify
from desktop.store.browse import as_of_difference
from desktop.store.registry import Registry
from desktop.ui import workers

DATE = "2025-07-01"  # the sample's units changed since are replayed


def settle(qtbot) -> None:
    """Let the job's queued signals (its result, its progress window closing) arrive."""
    qtbot.wait(50)


def pages(db: Path) -> int:
    with fresh(db) as reg:
        return int(reg.conn.execute("PRAGMA page_count").fetchone()[0])


def test_the_as_of_view_counts_the_units_it_replays(window, qtbot, sample_db, shown, monkeypatch):
    monkeypatch.setattr(asof, "_BATCH", 2)  # several counts on the small sample
    heard: list[tuple[str, int, int]] = []
    with fresh(sample_db) as reg:
        as_of_difference(reg, DATE, on_progress=lambda *a: heard.append(a))
    replayed = heard[-1][2]
    assert replayed >= 4 and heard[-1] == (REPLAY, replayed, replayed)
    window.as_of_view.set(DATE)
    wait_jobs(qtbot)
    steps = counts(shown, "Đã dựng lại ")
    assert_rising(steps, replayed)
    assert len(steps) == -(-replayed // 2) + 1  # one a batch and one at the end
    assert window.session.as_of == DATE


def test_cancel_of_the_as_of_view_writes_nothing(window, qtbot, sample_db, monkeypatch):
    monkeypatch.setattr(asof, "_BATCH", 2)
    before = sample_db.read_bytes()
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã dựng lại ", steps=(REPLAY,))
    window.as_of_view.set(DATE)
    wait_jobs(qtbot)
    settle(qtbot)
    assert pressed.is_set()
    assert window.session.as_of is None and not window.as_of_banner.isVisible()
    assert sample_db.read_bytes() == before


def test_a_backup_counts_the_pages_it_copies(window, qtbot, sample_db, shown, monkeypatch):
    monkeypatch.setattr(backup, "PROGRESS_EVERY", 10)
    total = pages(sample_db)
    job = window.files.backup_now()
    wait_jobs(qtbot)
    assert job is not None and Path(job.result).is_file()
    steps = counts(shown, "Đã sao lưu ")
    assert_rising(steps, total)
    assert len(steps) == -(-total // 10)  # one a step of ten pages, the last one the total


def test_cancel_of_a_backup_removes_the_partial_copy_only(window, qtbot, sample_db, monkeypatch):
    monkeypatch.setattr(backup, "PROGRESS_EVERY", 10)
    before = sample_db.read_bytes()
    had = backup.list_backups(sample_db)
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã sao lưu ", steps=(BACKUP,))
    job = window.files.backup_now()
    wait_jobs(qtbot)
    settle(qtbot)
    assert pressed.is_set() and job is not None and job.result is None
    assert backup.list_backups(sample_db) == had
    assert not list(backup.backup_dir(sample_db).glob("*partial*"))
    assert sample_db.read_bytes() == before
    assert not window.files.backing_up  # a next backup may start


def test_a_restore_counts_the_safety_copy_and_the_pages_written(
    window, qtbot, sample_db, shown, monkeypatch
):
    first = window.files.backup_now()
    wait_jobs(qtbot)
    assert first is not None and first.result is not None
    monkeypatch.setattr(backup, "PROGRESS_EVERY", 10)
    shown.clear()
    total = pages(sample_db)
    job = window.files.restore_from(Path(first.result))
    dialogs = [w for w in window.findChildren(workers.ProgressDialog) if w.job is job]
    assert dialogs and not dialogs[0].findChildren(QPushButton)  # no Cancel while writing
    wait_jobs(qtbot)
    settle(qtbot)
    with fresh(sample_db) as reg:
        events = reg.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert_rising(counts(shown, "Đã kiểm tra "), events)  # the copy checked before writing
    assert_rising(counts(shown, "Đã sao lưu "), total)  # the safety copy
    assert counts(shown, "Đã khôi phục ")[-1] == (total, total)
    assert window.session.reg is not None


# -- below the window ------------------------------------------------------------------------------


class Stop(Exception):
    pass


def test_verify_counts_the_events_it_checks_and_stops_when_told(sample_db, monkeypatch):
    monkeypatch.setattr(verify, "PROGRESS_EVERY", 100)
    heard: list[tuple[str, int, int]] = []
    with Registry.open(sample_db, readonly=True) as reg:
        events = reg.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert verify.verify_registry(reg, on_progress=lambda *a: heard.append(a)).ok
    assert events > 300
    assert [d for _, d, _ in heard] == [*range(0, events, 100), events]
    assert {s for s, *_ in heard} == {VERIFY} and heard[-1] == (VERIFY, events, events)

    before = sample_db.read_bytes()

    def stop(step: str, done: int, total: int) -> None:
        if done > 0:
            raise Stop

    with Registry.open(sample_db, readonly=True) as reg, pytest.raises(Stop):
        verify.verify_registry(reg, on_progress=stop)
    assert sample_db.read_bytes() == before


# -- the window's verify command (Tệp › Kiểm tra toàn vẹn sổ) --------------------------------


def _answers(monkeypatch) -> list[str]:
    from desktop.ui import files

    said: list[str] = []
    monkeypatch.setattr(files.errors, "show_info", lambda _p, _t, text: said.append(text))
    return said


def test_the_window_verifies_with_counts_and_says_so(window, qtbot, shown, monkeypatch):
    monkeypatch.setattr(verify, "PROGRESS_EVERY", 100)
    said = _answers(monkeypatch)
    assert window.acts.act_verify.isEnabled()
    job = window.files.verify_now()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    report = job.result
    assert report is not None and report.ok
    assert_rising(counts(shown, "Đã kiểm tra "), report.chain.events)
    assert said == [
        f"Sổ toàn vẹn: tệp, chuỗi băm của {report.chain.events} thay đổi và phát lại lịch sử "
        "đều khớp."
    ]


def test_the_window_says_the_first_problem_verify_finds(window, qtbot, sample_db, monkeypatch):
    import sqlite3

    conn = sqlite3.connect(sample_db)
    with conn:  # an event's content edited behind the app's back
        conn.execute("UPDATE events SET effective = '2001-01-01' WHERE id = 5")
    conn.close()
    said = _answers(monkeypatch)
    window.files.verify_now()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert said[0].startswith("Sổ có chỗ không khớp: Thay đổi số 5 ")


def test_cancel_of_verify_writes_nothing(window, qtbot, sample_db, monkeypatch):
    monkeypatch.setattr(verify, "PROGRESS_EVERY", 100)
    said = _answers(monkeypatch)
    before = sample_db.read_bytes()
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã kiểm tra ", steps=(VERIFY,))
    job = window.files.verify_now()
    wait_jobs(qtbot)
    assert pressed.is_set() and job is not None and job.result is None and job.error is None
    assert said == []  # nothing said of a check that did not finish
    assert sample_db.read_bytes() == before
