"""Printing from the window after an undo and a redo: the PDF shows the registry, not the
clerk's undo history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from reportpdf import all_text, read_pdf
from uikit import make_window, select, type_text, wait_jobs

from desktop.store.sample import create_registry
from desktop.ui.exporting import print_dialog

NEW_NAME = "Thanh tra Bộ Khoa học và Công nghệ"


@pytest.fixture()
def window(qtbot, tmp_path: Path):
    db = create_registry(tmp_path / "sample.db", sample=True)
    w = make_window(qtbot, db, tmp_path / "settings.ini")
    yield w
    wait_jobs(qtbot)


def rename_undo_redo(window, qtbot) -> None:
    select(window, "G06.05")
    dialog = window.editing.rename()
    dialog.name.clear()
    type_text(dialog.name, NEW_NAME)
    picker = dialog.decision
    picker.combo.setCurrentIndex(0)
    picker.form.number.setText("16/QĐ-BKHCN")
    type_text(picker.form.issuer, "Bộ Khoa học và Công nghệ")
    picker.form.signed.setDate(QDate(2026, 4, 1))
    dialog.revalidate()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.findings_text()
    window.acts.act_undo.trigger()  # Ctrl+Z: the rename is annulled, kept in the history
    window.acts.act_redo.trigger()  # Ctrl+Y: made again
    annuls = window.session.reg.conn.execute("SELECT count(*) FROM events WHERE type = 'annul'")
    assert annuls.fetchone()[0] == 1
    assert window.session.reg.find("G06.05").name == NEW_NAME


def save(dialog, qtbot, target: Path) -> str:
    dialog.save_pdf(str(target))
    wait_jobs(qtbot)
    return all_text(read_pdf(target))


def test_changes_and_appendix_printed_after_undo_and_redo(window, qtbot, tmp_path: Path):
    rename_undo_redo(window, qtbot)
    dialog = print_dialog(window.session, window.tree.current_unit())
    dialog.kind_buttons["changes"].setChecked(True)
    dialog.date_from.setDate(QDate(2026, 1, 1))
    dialog.date_to.setDate(QDate(2026, 12, 31))
    text = save(dialog, qtbot, tmp_path / "thay-doi.pdf")
    assert text.count(NEW_NAME) == 1
    assert "Hủy bỏ" not in text and "hủy bỏ" not in text
    assert "Đổi tên 1 Tổng cộng (1 quyết định) 1" in text

    dialog.kind_buttons["decision"].setChecked(True)
    dialog.decision.setCurrentIndex(dialog.decision.findData("16/QĐ-BKHCN"))
    text = save(dialog, qtbot, tmp_path / "phu-luc.pdf")
    assert text.startswith("Phụ lục DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ")
    assert "(Kèm theo Quyết định số 16/QĐ-BKHCN ngày 01 tháng 4 năm 2026 của Bộ Khoa học" in text
    assert text.count(NEW_NAME) == 1
    assert "Không liệt kê" not in text and "CỘNG HÒA" not in text
    dialog.reject()
