"""Enterprises in the window (issue 11): a back-filled list whose province merged later, and an
enterprise stranded under a body closed without successor, attached by hand then undone. Each
test drives the window as a clerk would and checks the registry file afterwards."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWizard
from uikit import fresh, make_window, select, type_text, unit_id, wait_jobs

from desktop.store.sample import create_registry
from desktop.ui.wizard import open_import_wizard

APPENDIX = Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx"
HEAD, WATER = "0100109106", "2100123457"


def _next(qtbot, wizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    if wizard.currentPage().isCommitPage():
        button = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot)
    for _ in range(5):
        QApplication.processEvents()
    wait_jobs(qtbot)


def _parent_in_tree(window, code: str) -> int:
    """The unit the tree shows ``code`` under (today's tree, or the tree as of a date)."""
    index = select(window, code)
    assert index.isValid()
    return index.parent().internalId()


def test_a_back_filled_list_shows_and_puts_its_enterprises_where_the_law_does(qtbot, tmp_path):
    db = create_registry(tmp_path / "so.db", official=True)  # what ``init`` makes
    window = make_window(qtbot, db, tmp_path / "settings.ini")
    wizard = open_import_wizard(window.session, APPENDIX)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.changes_page
    # Before anything is written: the enterprises pass to Vĩnh Long, the agencies end.
    later = wizard.changes_page.later.text()
    for code in (HEAD, WATER):
        assert f"Chuyển sang đơn vị kế thừa của đơn vị cấp trên 01/07/2025: {code}" in later
    assert later.count("→ 000.00.00.H61") == 2
    assert later.count("Đóng theo đơn vị cấp trên 01/07/2025") == 11
    assert "000.00.01.H59 Văn phòng Ủy ban nhân dân tỉnh (cùng 000.00.00.H59)" in later
    with fresh(db) as reg:
        assert reg.holder("0100109106") is None
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.done_page
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_jobs(qtbot)
    ids = {c: unit_id(window, c) for c in ("H59", "H61", "H59.03", HEAD)}
    # Today: the enterprise is under Vĩnh Long, its branch under it; the agency closed.
    assert _parent_in_tree(window, HEAD) == ids["H61"]
    assert _parent_in_tree(window, HEAD + "-001") == ids[HEAD]
    assert window.tree.current_unit() is not None
    assert window.session.reg.find("H59.03").status == "closed"
    # As of 2025-06-30, before the merger: everything under Trà Vinh.
    window.as_of_view.set("2025-06-30")
    wait_jobs(qtbot)
    assert _parent_in_tree(window, HEAD) == ids["H59"]
    assert _parent_in_tree(window, "H59.03") == ids["H59"]
    assert window.tree.asof_source is not None and ids["H59.03"] in window.tree.asof_source
    # As of the merger's day: the agency ended, the enterprise passed on.
    window.as_of_view.set("2025-07-01")
    wait_jobs(qtbot)
    assert ids["H59.03"] not in window.tree.asof_source
    assert _parent_in_tree(window, HEAD) == ids["H61"]
    window.as_of_view.set(None)
    wait_jobs(qtbot)


def test_a_stranded_enterprise_is_moved_in_the_window_and_ctrl_z_restores(
    qtbot, cli, official_db: Path, tmp_path
):
    db = str(official_db)
    assert cli("--db", db, "import", str(APPENDIX))[0] == 0
    args = ("close", "H59", "--cascade", "--decision", "9/QĐ-TTg", "--effective", "01/07/2025")
    assert cli("--db", db, *args)[0] == 0
    before = cli("--db", db, "list", "--all", "--json")[1]
    window = make_window(qtbot, official_db, tmp_path / "settings.ini")
    h59, h61 = unit_id(window, "H59"), unit_id(window, "H61")
    assert _parent_in_tree(window, HEAD) == h59
    assert window.acts.act_move.isEnabled()  # Chuyển… is offered for an enterprise
    dialog = window.editing.move_unit()
    assert dialog is not None and dialog.keeps_code
    type_text(dialog.parent_code, "H61")
    picker = dialog.decision
    picker.combo.setCurrentIndex(0)
    picker.form.number.setText("88/QĐ-UBND")
    type_text(picker.form.issuer, "Ủy ban nhân dân tỉnh Vĩnh Long")
    picker.form.signed.setDate(QDate(2026, 3, 10))
    picker.form.effective.setDate(QDate(2026, 3, 10))
    dialog.revalidate()
    assert "Vĩnh Long" in dialog.parent_name.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.findings_text()
    wait_jobs(qtbot)
    with fresh(official_db) as reg:
        head = reg.find(HEAD)
        assert (head.code, head.status, head.parent_id) == (HEAD, "active", h61)
        assert reg.find(HEAD + "-001").parent_id == head.id
    assert _parent_in_tree(window, HEAD) == h61
    # Ctrl+Z: the move is annulled, the enterprise is back where it was.
    assert window.acts.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    window.acts.act_undo.trigger()
    wait_jobs(qtbot)
    with fresh(official_db) as reg:
        assert reg.find(HEAD).parent_id == h59
    assert _parent_in_tree(window, HEAD) == h59
    window.close()
    wait_jobs(qtbot)
    after = json.loads(cli("--db", db, "list", "--all", "--json")[1])
    assert after == json.loads(before)
