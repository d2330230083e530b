"""Progress inside a step: the counts the wizard's progress window shows while it reads,
reconciles and writes an appendix of a few thousand rows, and Cancel while it reads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QPushButton, QWizard
from test_ui_wizard import next_page
from uikit import PATIENCE, fresh, wait_jobs

from desktop.domain.progress import PROGRESS_EVERY, READ, RECONCILE, WRITE
from desktop.exchange.importer import import_appendix
from desktop.exchange.isolated import read_appendix_isolated
from desktop.exchange.reader import read_appendix
from desktop.store.asof import compare_with_replay
from desktop.store.sample import create_registry
from desktop.ui import workers
from desktop.ui.wizard import open_import_wizard

PARENTS = 30  # each with 99 children: 3,000 rows


def big_appendix(path: Path, parents: int = PARENTS) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(
        [
            "(Kèm theo Quyết định số 7/QĐ-UBND ngày 1 tháng 2 năm 2026 của "
            "Ủy ban nhân dân Thành phố Hồ Chí Minh)"
        ]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for a in range(1, parents + 1):
        ws.append([a, f"Sở số {a}", f"H29.{a:02d}"])
        for b in range(1, 100):
            ws.append([b, f"Phòng {b} của sở {a}", f"H29.{a:02d}.{b:02d}"])
    wb.save(path)
    return path


def counts(seen: list[tuple[int, int, str]], words: str) -> list[tuple[int, int]]:
    return [(done, total) for done, total, text in seen if text.startswith(words)]


def assert_rising(steps: list[tuple[int, int]], final: int) -> None:
    dones = [d for d, _ in steps]
    assert dones == sorted(dones) and all(d <= t for d, t in steps)
    assert steps[-1] == (final, final)


def test_the_wizard_shows_rows_read_reconciled_and_units_written(
    window, qtbot, sample_db, tmp_path, shown
):
    path = big_appendix(tmp_path / "lon.xlsx")
    wizard = open_import_wizard(window.session, path)
    assert wizard is not None
    next_page(qtbot, wizard)  # read (in a child process)
    assert len(wizard.appendix.rows) == 3000
    assert_rising(counts(shown, "Đã đọc "), 3000)

    next_page(qtbot, wizard)  # the dry run
    reconciled = counts(shown, "Đã đối chiếu ")
    assert_rising(reconciled, 3000)
    # Bounded by count: one call every PROGRESS_EVERY rows and one at the end, not one a row.
    assert len(reconciled) == 3000 // PROGRESS_EVERY + 1
    assert [d for d, _ in reconciled[:3]] == [0, PROGRESS_EVERY, 2 * PROGRESS_EVERY]
    # What a dry run tries inside its rolled-back transaction is not said to be written.
    assert counts(shown, "Đã thử áp dụng ") and not counts(shown, "Đã ghi ")
    assert "Đã đối chiếu 3.000/3.000 dòng" in [text for *_, text in shown]

    next_page(qtbot, wizard)  # apply
    assert wizard.currentPage() is wizard.done_page
    assert_rising(counts(shown, "Đã ghi "), 3000)
    assert "Đã ghi 3.000/3.000 đơn vị" in [text for *_, text in shown]
    with fresh(sample_db) as reg:
        assert reg.find("H29.30.99").name == "Phòng 99 của sở 30"
        assert compare_with_replay(reg).ok
    wizard.button(QWizard.WizardButton.FinishButton).click()


def _cancel_on_first(
    monkeypatch, qtbot, step_words: str, steps: tuple[str, ...] = (READ, RECONCILE)
) -> threading.Event:
    """Press the progress window's Cancel when it first says ``step_words`` (or close the
    window, where it has no Cancel); the job waits for the press (a clerk's click lands while
    the work goes on, here deterministically)."""
    pressed = threading.Event()
    original_show = workers.ProgressDialog._on_progress
    original_on = workers.Job.on_progress

    def shown_then_cancelled(self, done: int, total: int, text: str) -> None:
        original_show(self, done, total, text)
        if text.startswith(step_words) and not pressed.is_set():
            button = self.findChild(QPushButton)
            if button is not None:
                button.click()  # the Cancel button
            else:
                self.canceled.emit()  # what closing the window by its title bar does
            pressed.set()

    def on_progress(self, step: str, done: int, total: int) -> None:
        original_on(self, step, done, total)
        if step in steps and not pressed.is_set():
            assert pressed.wait(PATIENCE / 1000)

    monkeypatch.setattr(workers.ProgressDialog, "_on_progress", shown_then_cancelled)
    monkeypatch.setattr(workers.Job, "on_progress", on_progress)
    return pressed


def test_cancel_while_reading_writes_nothing(window, qtbot, sample_db, tmp_path, monkeypatch):
    before = sample_db.read_bytes()
    path = big_appendix(tmp_path / "lon.xlsx")
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã đọc ")
    wizard = open_import_wizard(window.session, path)
    wizard.next()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: not wizard.working, timeout=PATIENCE)
    assert pressed.is_set()
    assert wizard.currentPage() is wizard.file_page and wizard.appendix is None
    assert window.session.undo_stack.count() == 0
    assert sample_db.read_bytes() == before
    wizard.reject()


def test_cancel_while_reconciling_writes_nothing(window, qtbot, sample_db, tmp_path, monkeypatch):
    path = big_appendix(tmp_path / "lon.xlsx")
    wizard = open_import_wizard(window.session, path)
    next_page(qtbot, wizard)
    before = sample_db.read_bytes()
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã đối chiếu ")
    wizard.next()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: not wizard.working, timeout=PATIENCE)
    assert pressed.is_set()
    assert wizard.currentPage() is wizard.content_page and wizard.outcome is None
    assert window.session.undo_stack.count() == 0
    assert sample_db.read_bytes() == before
    wizard.reject()


def test_closing_the_progress_window_while_writing_stops_nothing(
    window, qtbot, sample_db, tmp_path, monkeypatch
):
    """Applying has no Cancel: closing its progress window neither stops the transaction nor
    throws away its result (the import is written, on the undo stack, and the wizard says so)."""
    path = big_appendix(tmp_path / "lon.xlsx", parents=6)
    wizard = open_import_wizard(window.session, path)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã ghi ", steps=(WRITE,))
    next_page(qtbot, wizard)
    assert pressed.is_set()
    assert wizard.currentPage() is wizard.done_page
    assert window.session.undo_stack.count() == 1
    with fresh(sample_db) as reg:
        assert reg.find("H29.06.99").name == "Phòng 99 của sở 6"
    wizard.button(QWizard.WizardButton.FinishButton).click()


# -- below the window ------------------------------------------------------------------------------


class Stop(Exception):
    pass


def test_each_step_reports_by_count_and_a_raise_writes_nothing(tmp_path):
    path = big_appendix(tmp_path / "lon.xlsx", parents=12)  # 1,200 rows
    heard: list[tuple[str, int, int]] = []
    appendix = read_appendix(path, on_progress=lambda *a: heard.append(a))
    assert heard == [(READ, 0, 1200), (READ, 500, 1200), (READ, 1000, 1200), (READ, 1200, 1200)]
    heard.clear()
    assert read_appendix_isolated(path, on_progress=lambda *a: heard.append(a)) is not None
    assert heard[-1] == (READ, 1200, 1200)

    db = create_registry(tmp_path / "r.db", sample=True)
    before = db.read_bytes()

    def stop_writing(step: str, done: int, total: int) -> None:
        if step == WRITE and done > 0:
            raise Stop

    from desktop.store.registry import Registry

    with Registry.open(db) as reg:
        with pytest.raises(Stop):
            import_appendix(reg, appendix, on_progress=stop_writing)
        assert reg.holder("H29.01") is None
    assert db.read_bytes() == before
    heard.clear()
    with Registry.open(db) as reg:
        result = import_appendix(reg, appendix, on_progress=lambda *a: heard.append(a))
        assert result.applied
    steps = [s for s, *_ in heard]
    assert steps.index(RECONCILE) < steps.index(WRITE)
    assert heard[-1] == (WRITE, 1200, 1200)
