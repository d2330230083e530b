"""A clerk's day in the window: double clicks, links, read-only views. Each test drives the
window as a clerk would and checks the registry file afterwards."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from uikit import fresh, make_window, select, type_text, unit_id, wait_jobs

from desktop.ui import errors, workers
from desktop.ui.wizard import open_import_wizard

FIXTURES = Path(__file__).parent / "fixtures"
APPENDIX = FIXTURES / "phu_luc_h59_2022.xlsx"


def click_next(qtbot, wizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    if wizard.currentPage().isCommitPage():
        button = wizard.button(QWizard.WizardButton.CommitButton)
    if button.isEnabled():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qtbot) -> None:
    wait_jobs(qtbot)
    for _ in range(5):
        QApplication.processEvents()
    wait_jobs(qtbot)


def imports_in(db: Path) -> int:
    with fresh(db) as reg:
        return reg.conn.execute(
            "SELECT count(*) FROM events WHERE group_id LIKE 'import:%'"
        ).fetchone()[0]


# -- 1. the wizard cannot skip a step ------------------------------------------------------------


def test_two_quick_clicks_on_next_do_not_claim_an_import(window, qtbot, sample_db):
    wizard = open_import_wizard(window.session, APPENDIX)
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.content_page
    # Two quick clicks: the second comes before the first dry run is done.
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.changes_page
    assert imports_in(sample_db) == 0
    assert window.session.undo_stack.count() == 0
    with fresh(sample_db) as reg:
        assert reg.holder("H59.03") is None


def test_a_double_click_on_the_first_page_reaches_a_real_preview(window, qtbot, sample_db):
    wizard = open_import_wizard(window.session, APPENDIX)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.content_page
    assert wizard.outcome is None
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.changes_page
    assert wizard.changes_page.isComplete()
    # Applying (a double click too) writes once, and the last page says what the file holds.
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.done_page
    with fresh(sample_db) as reg:
        written = reg.conn.execute(
            "SELECT count(*) FROM events WHERE group_id LIKE 'import:%' AND type = 'create'"
        ).fetchone()[0]
    assert written == 14
    assert f"Thêm mới: <b>{written}</b>" in wizard.done_page.text.text()
    assert window.session.undo_stack.count() == 1


def test_next_is_disabled_while_a_job_runs(window, qtbot):
    wizard = open_import_wizard(window.session, APPENDIX)
    click_next(qtbot, wizard)
    # While the file is read, neither Next nor Cancel of the wizard can start or drop anything.
    assert wizard.working
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    settle(qtbot)
    assert not wizard.working
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.reject()


def test_progress_shows_early(qtbot):
    job = workers.Job(lambda _reg, _job: None, None)
    dialog = workers.ProgressDialog(job, "t", "l", None)
    # Qt only honours the minimum duration once a value is set; without one it waits 4 s.
    assert dialog.minimumDuration() <= 500
    assert dialog.value() == dialog.minimum()
    job.done.emit()


# -- 2. no feedback loops between widgets --------------------------------------------------------


class _Frozen(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Frozen("the window froze")


def test_untick_show_closed_with_a_closed_unit_selected(window, qtbot):
    select(window, "G06")
    g14 = unit_id(window, "G14")
    assert f'href="unit:{g14}"' in window.details.value_text("predecessors")
    # The link «Đơn vị tiền thân: G14», as a clerk clicks it.
    window.details.values["predecessors"].linkActivated.emit(f"unit:{g14}")
    assert window.tree.current_unit().id == g14
    assert window.acts.act_show_closed.isChecked() and window.show_closed_box.isChecked()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(10)
    try:
        window.show_closed_box.setChecked(False)
        settle(qtbot)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert not window.acts.act_show_closed.isChecked()
    assert not window.show_closed_box.isChecked()
    model = window.tree.unit_model
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "000.00.00.G14" not in top
    assert window.tree.current_unit() is None or window.tree.current_unit().id != g14


# -- 3. read-only views write nothing ------------------------------------------------------------


def test_ctrl_z_in_the_as_of_view_annuls_nothing(window, qtbot, sample_db):
    wizard = open_import_wizard(window.session, APPENDIX)
    for _ in range(3):
        click_next(qtbot, wizard)
        settle(qtbot)
    assert wizard.currentPage() is wizard.done_page
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.session.undo_stack.canUndo()
    select(window, "G06")
    window.as_of_view.set("2025-07-01")
    wait_jobs(qtbot)
    assert window.as_of_banner.isVisible()
    assert not window.acts.act_undo.isEnabled() and not window.acts.act_redo.isEnabled()
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.acts.act_undo.trigger()
    settle(qtbot)
    with fresh(sample_db) as reg:
        assert reg.find("H59.03").status != "annulled"  # closed with Trà Vinh in 2025, not annulled
    # Back to today: undo is offered again.
    window.as_of_view.set(None)
    assert window.acts.act_undo.isEnabled()


HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from desktop.store.registry import Registry
reg = Registry.open({path!r})
print("open", flush=True)
time.sleep(120)
"""


def test_a_registry_open_elsewhere_writes_nothing_and_says_why(qtbot, sample_db, tmp_path):
    root = Path(__file__).resolve().parents[1]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(root), path=str(sample_db))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        # Another clerk holds the file: this window opens it read-only, and says why.
        other = make_window(qtbot, sample_db, tmp_path / "other.ini")
        assert other.session.reg is not None and other.session.reg.readonly
        assert other.readonly_banner.isVisible()
        assert "chỉ đọc" in other.readonly_banner.text()
        select(other, "G06.11")
        writes = [
            other.acts.act_add,
            other.acts.act_rename,
            other.acts.act_details,
            other.acts.act_recode,
            other.acts.act_move,
            other.acts.act_close,
            other.acts.act_reopen,
            other.acts.act_merge,
            other.acts.act_split,
            other.acts.act_annul,
            other.acts.act_import,
            other.acts.act_restore,
            other.acts.act_undo,
            other.acts.act_redo,
        ]
        assert [a.text() for a in writes if a.isEnabled()] == []
        other.session.close()
    finally:
        holder.kill()
        holder.wait()


# -- 8. the operator is each clerk's own ---------------------------------------------------------


def test_each_clerk_records_under_their_own_name(qtbot, sample_db, tmp_path, monkeypatch):
    from desktop.store.base import set_operator
    from desktop.ui.settings import Settings

    monkeypatch.delenv("MADINHDANH_OPERATOR", raising=False)
    window = make_window(qtbot, sample_db, tmp_path / "an.ini")
    try:
        dialog = window.files.registry_settings()
        qtbot.addWidget(dialog)
        assert "operator" not in dialog.fields  # not a setting of the shared file
        type_text(dialog.operator, "Nguyễn Văn An")
        dialog.save()
        assert Settings(tmp_path / "an.ini").operator == "Nguyễn Văn An"
        select(window, "G06.10")
        rename = window.editing.rename()
        rename.name.setText("Trung tâm (tên thử)")
        rename.decision.combo.setCurrentIndex(0)
        rename.decision.form.number.setText("5/QĐ-BKHCN")
        type_text(rename.decision.form.issuer, "Bộ Khoa học và Công nghệ")
        rename.revalidate()
        assert rename.ok.isEnabled(), rename.findings_text()
        qtbot.mouseClick(rename.ok, Qt.MouseButton.LeftButton)
        with fresh(sample_db) as reg:
            event = max(reg.events_of(unit_id(window, "G06.10")), key=lambda e: e.id)
            assert event.recorded_by == "Nguyễn Văn An", (event, rename.findings_text())
            assert reg.meta("operator") is None
        # Another clerk's settings (another user on the same registry) carry another name.
        other = Settings(tmp_path / "binh.ini")
        assert other.operator == ""
    finally:
        set_operator(None)


# -- 8. no internal ids, one date format ---------------------------------------------------------


def test_history_names_an_annulled_change_by_what_it_was(window, qtbot, sample_db):
    select(window, "G06.08.02")  # renamed by VD-02 in the sample
    table = window.history.table
    table.selectRow(table.rowCount() - 1)
    window.history.annul_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "ok"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with fresh(sample_db) as reg:
        annul = max(reg.events_of(unit_id(window, "G06.08.02")), key=lambda e: e.id)
        assert annul.type == "annul"
        annulled = annul.after["annuls"]
    texts = [
        table.item(r, c).text()
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if table.item(r, c) is not None
    ]
    line = next(t for t in texts if t.startswith("Hủy thay đổi nhầm:"))
    assert "Đổi tên" in line and re.search(r"\d\d/\d\d/\d{4}", line)
    assert f"số {annulled}" not in " ".join(texts)
    assert not any(re.search(r"\b\d{4}-\d\d-\d\d\b", t) for t in texts)


# -- 6. the clerk chooses sheets, header rows and columns; problems go back as a workbook ---------


def _page_to_content(qtbot, window, path):
    wizard = open_import_wizard(window.session, path)
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.content_page
    return wizard


def _row_of(page, sheet: str) -> int:
    return next(r for r in range(page.sheets.rowCount()) if page.sheets.item(r, 0).text() == sheet)


def test_the_clerk_chooses_the_sheets_and_columns(window, qtbot, sample_db):
    wizard = _page_to_content(qtbot, window, APPENDIX)
    page = wizard.content_page
    # What was found is pre-selected: sheet I's header on row 6, names in B, codes in C.
    row = _row_of(page, "Phụ lục I")
    page.sheets.setCurrentCell(row, 0)
    assert page.sheets.cellWidget(row, 1).value() == 6
    assert page.field_boxes["name"].currentData() == "B"
    assert page.field_boxes["code"].currentData() == "C"
    assert page.field_boxes["phone"].currentData() == "E"
    assert "Mã định danh" in page.field_boxes["code"].currentText()
    # The clerk drops sheets II and III, and the phone column of sheet I.
    for name in ("Phụ lục II", "Phụ lục III"):
        page.sheets.item(_row_of(page, name), 0).setCheckState(Qt.CheckState.Unchecked)
    page.sheets.setCurrentCell(row, 0)
    page.field_boxes["phone"].setCurrentIndex(page.field_boxes["phone"].findData(""))
    assert page.changed() and page.reread.isEnabled()
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is wizard.changes_page
    assert [s.name for s in wizard.outcome.appendix.sheets] == ["Phụ lục I"]
    assert "phone" not in wizard.outcome.appendix.sheets[0].columns
    for _ in range(1):
        click_next(qtbot, wizard)
        settle(qtbot)
    assert wizard.currentPage() is wizard.done_page
    with fresh(sample_db) as reg:
        assert reg.find("H59.03").name == "Sở Tư pháp"  # sheet I
        assert reg.holder("0100109106-001") is None  # sheet III was not read
        assert all(u.phone is None for u in reg.children(reg.find("H59").id))
    # Redo imports the same choices again.
    wizard.button(QWizard.WizardButton.FinishButton).click()
    window.acts.act_undo.trigger()
    window.acts.act_redo.trigger()
    with fresh(sample_db) as reg:
        assert reg.find("H59.03").status != "annulled"  # closed with Trà Vinh in 2025, not annulled
        assert reg.holder("0100109106-001") is None


def test_the_clerk_moves_the_header_row_and_reads_again(window, qtbot):
    wizard = _page_to_content(qtbot, window, APPENDIX)
    page = wizard.content_page
    row = _row_of(page, "Phụ lục I")
    assert page.sheets.item(row, 2).text() == "7"
    # The first data row (10) taken for the header: six rows remain.
    page.sheets.cellWidget(row, 1).setValue(10)
    qtbot.mouseClick(page.reread, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.sheets.item(_row_of(page, "Phụ lục I"), 2).text() == "6"
    assert not page.changed()
    # A sheet without a header, ticked without columns, is refused with a reason.
    guide = _row_of(page, "Hướng dẫn")
    page.sheets.item(guide, 0).setCheckState(Qt.CheckState.Checked)
    assert page.sheets.currentRow() == guide and page.field_boxes["code"].currentData() == ""
    click_next(qtbot, wizard)
    settle(qtbot)
    assert wizard.currentPage() is page
    assert "Hướng dẫn" in errors.shown[-1] and "chưa chọn cột" in errors.shown[-1]
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()
    wizard.reject()


def test_problems_go_back_as_a_workbook(window, qtbot, sample_db, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    wizard = _page_to_content(qtbot, window, FIXTURES / "phu_luc_xung_dot.xlsx")
    if not wizard.content_page.decision.number:
        wizard.content_page.decision.form.number.setText("99/QĐ-UBND")
    click_next(qtbot, wizard)
    settle(qtbot)
    page = wizard.changes_page
    assert wizard.currentPage() is page and not page.isComplete()
    target = tmp_path / "van-de.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert page.export_problems.isEnabled()
    qtbot.mouseClick(page.export_problems, Qt.MouseButton.LeftButton)
    ws = load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:5] == ("Trang", "Dòng", "Ô", "Mức", "Vấn đề")
    body = rows[2:]
    assert ("Phụ lục", 6, "C6") in [r[:3] for r in body]
    conflict = next(r for r in body if r[2] == "C10")
    assert "000.00.00.G14" in conflict[4] and conflict[5]
    wizard.reject()
    assert imports_in(sample_db) == 0


# -- 8. full English in English mode -------------------------------------------------------------


def test_the_wizard_speaks_english(qtbot, sample_db, tmp_path):
    from desktop.ui.i18n import ENGLISH, VIETNAMESE, install_language
    from desktop.ui.settings import Settings

    chosen = Settings(tmp_path / "en.ini")
    chosen.language = ENGLISH
    chosen.sync()
    try:
        window = make_window(qtbot, sample_db, tmp_path / "en.ini")
        wizard = _page_to_content(qtbot, window, APPENDIX)
        page = wizard.content_page
        row = _row_of(page, "Phụ lục I")
        columns = page.sheets.item(row, 3).text()
        assert "Identifier code (C)" in columns and "Mã định danh" not in columns
        headers = [
            page.sheets.horizontalHeaderItem(c).text() for c in range(page.sheets.columnCount())
        ]
        assert headers == ["Sheet", "Header row", "Data rows", "Columns"]
        assert wizard.button(QWizard.WizardButton.NextButton).text() == "Next >"
        wizard.reject()
    finally:
        install_language(VIETNAMESE)


def test_no_cancel_where_stopping_would_lose_the_result(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QPushButton

    # A restore closes the registry and reopens it when done: a Cancel there would leave the
    # window with no registry while the copy went on.
    backups = window.files.backup_now()
    wait_jobs(qtbot)
    assert backups is not None and backups.result is not None
    job = window.files.restore_from(Path(backups.result))
    dialogs = [w for w in window.findChildren(workers.ProgressDialog) if w.job is job]
    assert dialogs and not dialogs[0].findChildren(QPushButton)
    wait_jobs(qtbot)
    settle(qtbot)
    assert window.session.reg is not None


def test_a_second_click_on_export_starts_nothing(window, qtbot, tmp_path):
    from desktop.ui.exporting import export_dialog

    dialog = export_dialog(window.session, window.tree.current_unit())
    first = dialog.save(str(tmp_path / "a.xlsx"))
    assert first is not None and not dialog.save_button.isEnabled()
    assert dialog.save(str(tmp_path / "b.xlsx")) is None
    wait_jobs(qtbot)
    settle(qtbot)
    assert (tmp_path / "a.xlsx").exists() and not (tmp_path / "b.xlsx").exists()
    assert dialog.save_button.isEnabled()
    dialog.close()


def test_the_windows_export_of_a_decision_is_that_decisions_appendix(
    window, qtbot, tmp_path, sample_db
):
    import openpyxl

    from desktop.exchange.writers import export
    from desktop.store.asof import units_as_of
    from desktop.ui.exporting import export_dialog

    dialog = export_dialog(window.session, window.tree.current_unit())
    dialog.decision.setCurrentIndex(dialog.decision.findData("VD-02/QĐ-BKHCN"))
    dialog.save(str(tmp_path / "window.xlsx"))
    wait_jobs(qtbot)
    settle(qtbot)
    dialog.close()
    with fresh(sample_db) as reg:
        made = export(reg, tmp_path / "cli.xlsx", decision="VD-02/QĐ-BKHCN")
        everyone = len(units_as_of(reg, made.as_of))

    def cells(name: str) -> list[tuple]:
        ws = openpyxl.load_workbook(tmp_path / name).active
        return [tuple(c.value for c in row[:4]) for row in ws.iter_rows()]

    assert cells("window.xlsx") == cells("cli.xlsx")
    assert 0 < made.rows < everyone  # the decision's units, not the whole registry


def test_the_as_of_view_does_not_write_the_notation(window, qtbot, sample_db):
    with fresh(sample_db) as reg:
        before = reg.meta("display_notation")
    window.as_of_view.set("2025-07-01")
    wait_jobs(qtbot)
    window.acts.act_qd20.trigger()
    with fresh(sample_db) as reg:
        assert reg.meta("display_notation") == before
    # The view shows the QĐ 20 notation all the same.
    assert not window.tree.unit_model.index(0, 0).data().startswith("000.")


def test_a_second_backup_waits_for_the_first(window, qtbot, sample_db):
    first = window.files.backup_now()
    assert first is not None and not window.acts.act_backup.isEnabled()
    window.acts.act_backup.trigger()
    assert window.files.backup_now() is None
    wait_jobs(qtbot)
    settle(qtbot)
    assert window.acts.act_backup.isEnabled()
    from desktop.store import backup

    assert len([b for b in backup.list_backups(sample_db) if b.reason == backup.MANUAL]) == 1
