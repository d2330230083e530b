"""The import wizard end to end on a fixture workbook, and the export dialog."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from uikit import PATIENCE, fresh, select, wait_jobs

from desktop.exchange import importer
from desktop.store.asof import compare_with_replay
from desktop.store.backup import IMPORT, backup_dir, list_backups
from desktop.ui import wizard as wizard_module
from desktop.ui.wizard import ImportWizard, open_import_wizard

FIXTURES = Path(__file__).parent / "fixtures"


def next_page(qtbot, wizard: ImportWizard) -> None:
    page = wizard.currentId()
    wizard.next()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: wizard.currentId() != page, timeout=PATIENCE)


def test_import_wizard_end_to_end(window, qtbot, sample_db, monkeypatch):
    wizard = open_import_wizard(window.session, FIXTURES / "phu_luc_h59_2022.xlsx")
    assert wizard is not None
    next_page(qtbot, wizard)
    # What was read: three sheets, their header rows, the decision of the "Kèm theo" line.
    page = wizard.content_page
    sheets = [page.sheets.item(r, 0).text() for r in range(page.sheets.rowCount())]
    assert sheets == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Hướng dẫn", "Nháp"]
    assert page.chosen_sheets() == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    assert "Mã định danh" in page.sheets.item(0, 3).text()
    assert page.decision.number == "184/QĐ-UBND"
    assert page.decision.form.issuer.text() == "Ủy ban nhân dân tỉnh Trà Vinh"
    assert page.decision.form.signed.date().toString("yyyy-MM-dd") == "2022-04-20"

    next_page(qtbot, wizard)
    changes = wizard.changes_page
    assert "Thêm mới: <b>14</b>" in changes.summary.text()
    assert changes.isComplete()
    codes = [changes.changes.item(r, 1).text() for r in range(changes.changes.rowCount())]
    assert "000.00.03.H59" in codes and "0100109106-001" in codes
    assert changes.findings.rowCount() >= 3  # mixed notations, spaces, NFD
    with fresh(sample_db) as reg:
        assert reg.holder("H59.03") is None  # a dry run writes nothing
    # Double-click: the cells of the source row, as the file has them.
    row = codes.index("000.00.06.H59")  # typed in QĐ 20 notation in the file
    changes.changes.cellDoubleClicked.emit(row, 1)
    source = wizard.source_box.text()
    assert "Phụ lục I" in source and "Dòng: 16" in source and "«H59.06»" in source.replace(" ", "")
    wizard.source_box.close()

    # An import ends in the session's one signal, with what it changed, like any operation.
    seen = []
    window.session.changed.connect(seen.append)
    # Applying takes the changeset the clerk reviewed (nothing was written since): the rows
    # are not reconciled again.
    reconciled = []
    reconcile = importer.reconcile
    monkeypatch.setattr(
        importer, "reconcile", lambda *a, **k: reconciled.append(1) or reconcile(*a, **k)
    )
    next_page(qtbot, wizard)  # apply
    assert reconciled == []
    assert wizard.currentPage() is wizard.done_page
    assert "184/QĐ-UBND" in wizard.done_page.text.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with fresh(sample_db) as reg:
        unit = reg.find("H59.03")
        assert unit.name == "Sở Tư pháp"
        created, ended = reg.events_of(unit.id)
        assert reg.decision(created.decision_id).number == "184/QĐ-UBND"
        # Trà Vinh's 2022 units end with the province, merged on 2025-07-01 (back-filling).
        assert (unit.status, unit.valid_to) == ("closed", "2025-07-01")
        assert reg.decision(ended.decision_id).number == "202/2025/QH15"
        # The province's enterprise outlives it: its code is its tax code, so the merger
        # carries it (and its branch) to the successor, Vĩnh Long.
        assert reg.find("0100109106").parent_id == reg.find("H61").id
        assert reg.find("0100109106-001").status == "active"
        assert compare_with_replay(reg).ok
    [change] = seen
    assert change.action == "import" and len(change.created) == 14
    assert window.session.reg.find("H59.03").id in change.created
    # The tree shows the imported units, and search finds them.
    window.acts.act_show_closed.setChecked(True)
    select(window, "H59.03")
    assert window.tree.current_unit().name == "Sở Tư pháp"
    # Undo removes the whole import; redo brings it back.
    assert window.session.undo_stack.undoText().startswith("Nhập phụ lục")
    window.acts.act_undo.trigger()
    assert len(seen) == 2 and set(change.created) <= set(seen[-1].unit_ids)
    assert not window.tree.jump_to(change.created[0])  # the tree let the undone units go
    with fresh(sample_db) as reg:
        assert reg.holder("H59.03") is None and reg.holder("0100109106") is None
        assert compare_with_replay(reg).ok
    window.acts.act_redo.trigger()
    with fresh(sample_db) as reg:
        assert reg.find("H59.03").status == "closed"
        assert reg.find("H59.03").valid_to == "2025-07-01"


def test_conflicts_block_applying(window, qtbot, sample_db):
    wizard = open_import_wizard(window.session, FIXTURES / "phu_luc_xung_dot.xlsx")
    next_page(qtbot, wizard)
    if not wizard.content_page.decision.number:
        wizard.content_page.decision.form.number.setText("99/QĐ-UBND")
    next_page(qtbot, wizard)
    page = wizard.changes_page
    assert not page.isComplete()
    assert "Không áp dụng được" in page.blocked.text()
    red = [
        page.changes.item(r, 0).text()
        for r in range(page.changes.rowCount())
        if page.changes.item(r, 0).foreground().color().name() == "#b03a2e"
    ]
    assert red and all(label == "Xung đột" for label in red)
    wizard.reject()
    with fresh(sample_db) as reg:
        assert reg.decision_by_number("99/QĐ-UBND") is None


def test_every_conversion_is_a_warning_in_the_findings(window, qtbot, tmp_path):
    from fixtures.real_lists import TCVN3_NAMES, tcvn3_list

    wizard = open_import_wizard(window.session, tcvn3_list(tmp_path / "tcvn3.xlsx"))
    next_page(qtbot, wizard)
    assert wizard.content_page.decision.number == "45/QĐ-UBND"  # the line was TCVN3 too
    next_page(qtbot, wizard)
    table = wizard.changes_page.findings
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    converted = [r for r in rows if "bảng mã cũ TCVN3" in r[3]]
    assert len(converted) == len(TCVN3_NAMES)
    assert all(r[0] == "Cảnh báo" for r in converted)
    assert "'Phßng Néi vô' → 'Phòng Nội vụ'" in " ".join(r[3] for r in converted)
    wizard.reject()


def test_a_broken_workbook_gets_a_reason_on_the_first_page(window, qtbot):
    wizard = open_import_wizard(window.session, FIXTURES / "hong_khong_phai_bang_tinh.xlsx")
    wizard.next()
    wait_jobs(qtbot)
    assert wizard.currentPage() is wizard.file_page
    assert "hong_khong_phai_bang_tinh.xlsx" in wizard.file_page.error.text()
    assert "Traceback" not in wizard.file_page.error.text()
    wizard.reject()


def test_export_to_excel_and_json(window, qtbot, tmp_path):
    from openpyxl import load_workbook

    from desktop.ui.exporting import export_dialog

    select(window, "G06")
    dialog = export_dialog(window.session, window.tree.current_unit())
    dialog.root.setChecked(True)
    target = tmp_path / "g06.xlsx"
    dialog.save(str(target))
    wait_jobs(qtbot)
    cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row]
    assert "000.01.09.G06" in cells and "Đài Kiểm soát tần số Hà Nội" in cells
    assert "000.00.00.G01" not in cells
    target = tmp_path / "g06.json"
    dialog.save(str(target))
    wait_jobs(qtbot)
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert any(r["name"] == "Đài Kiểm soát tần số Hà Nội" for r in rows)
    dialog.reject()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()
    assert window.statusBar().currentMessage().startswith("Đã xuất")
    assert Qt.WidgetAttribute.WA_DeleteOnClose


def test_export_dialog_offers_the_national_formats(window, qtbot, tmp_path):
    from desktop.ui.exporting import export_dialog

    dialog = export_dialog(window.session, window.tree.current_unit())
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert formats == [None, "crosswalk", "edxml", "axis", "catalogue", "opendata"]
    # Each says who takes it.
    dialog.format.setCurrentIndex(formats.index("catalogue"))
    assert "NDXP/LGSP" in dialog.intro.text()
    assert not dialog.qcvn_only.isEnabled()  # the catalogue takes QCVN 102 codes only
    dialog.save(str(tmp_path / "danh-muc"))
    wait_jobs(qtbot)
    level1 = json.loads((tmp_path / "danh-muc" / "qlvanbandieuhanhcap1.json").read_text("utf-8"))
    assert "000.00.00.G06" in {r["MaDinhDanhCap1"] for r in level1}
    dialog.format.setCurrentIndex(formats.index("opendata"))
    assert "dữ liệu mở" in dialog.intro.text()
    dialog.delta_on.setChecked(True)
    dialog.since.setDate(QDate(2025, 4, 14))
    dialog.until.setDate(QDate(2025, 4, 14))
    dialog.save(str(tmp_path / "mo"))
    wait_jobs(qtbot)
    closed = (tmp_path / "mo" / "closed.csv").read_text(encoding="utf-8")
    assert "000.00.00.G14" in closed and (tmp_path / "mo" / "datapackage.json").exists()
    assert "tính đến ngày" in window.statusBar().currentMessage()
    dialog.reject()


def test_the_changeset_shows_an_older_lists_earlier_basis_and_redo_brings_it_back(
    window, qtbot, sample_db, tmp_path
):
    """Quảng Ninh's 2021 list after its 2023 list (issue 11): the changeset page has its own
    section for the codes the later list holds, each line saying why, before anything is
    written; undo and the window's Redo (Làm lại) take it back and bring it back."""
    from fixtures import qa_lists

    from desktop.exchange.importer import import_appendix

    later = qa_lists.quang_ninh(tmp_path / "qn2023.xlsx", 2023, qa_lists.QUANG_NINH_2023)
    assert import_appendix(window.session.reg, later).applied
    older = qa_lists.quang_ninh(tmp_path / "qn2021.xlsx", 2021, qa_lists.QUANG_NINH_2021)
    wizard = open_import_wizard(window.session, older)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wizard.changes_page
    assert "Căn cứ cấp mã trước: <b>9</b>" in page.summary.text()
    assert page.isComplete()
    sections = [page.filter.itemText(i) for i in range(page.filter.count())]
    assert "Căn cứ cấp mã trước (9)" in sections
    page.filter.setCurrentIndex(sections.index("Căn cứ cấp mã trước (9)"))
    rows = range(page.changes.rowCount())
    assert len(rows) == 9
    assert {page.changes.item(r, 0).text() for r in rows} == {"Căn cứ cấp mã trước"}
    reasons = {page.changes.item(r, 1).text(): page.changes.item(r, 6).text() for r in rows}
    assert "căn cứ trước" in reasons["000.00.04.H49"]
    assert "Sở Văn hóa, Thể thao và Du lịch" in reasons["000.00.04.H49"]
    with fresh(sample_db) as reg:
        assert reg.find("H49.04").valid_from == "2023-04-20"  # nothing written yet
    next_page(qtbot, wizard)  # apply
    assert "Căn cứ cấp mã trước: <b>9</b>" in wizard.done_page.text.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with fresh(sample_db) as reg:
        assert reg.find("H49.04").valid_from == "2021-03-15"
    window.acts.act_undo.trigger()
    with fresh(sample_db) as reg:
        assert reg.find("H49.04").valid_from == "2023-04-20"
        assert compare_with_replay(reg).ok
    window.acts.act_redo.trigger()
    with fresh(sample_db) as reg:
        assert reg.find("H49.04").valid_from == "2021-03-15"
        assert reg.find("H49.07").status == "active"
        assert compare_with_replay(reg).ok


def _reviewing_while_copying(window, qtbot, monkeypatch) -> tuple[ImportWizard, threading.Event]:
    """The H59 list's review on screen, its copy under way and held until released (a million
    units' copy takes seconds): the wizard and the release."""
    started, release = threading.Event(), threading.Event()
    real = wizard_module.backup_before

    def held(reg, *args, **kwargs):
        started.set()
        assert release.wait(PATIENCE / 1000)
        return real(reg, *args, **kwargs)

    monkeypatch.setattr(wizard_module, "backup_before", held)
    wizard = open_import_wizard(window.session, FIXTURES / "phu_luc_h59_2022.xlsx")
    assert wizard is not None
    next_page(qtbot, wizard)  # what was read
    wizard.next()  # the dry run; the review shows before the copy is whole
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.changes_page, timeout=PATIENCE)
    qtbot.waitUntil(started.is_set, timeout=PATIENCE)
    assert wizard.copying is not None and not wizard.copying.finished
    return wizard, release


def test_the_copy_is_taken_while_the_clerk_reads_the_review(window, qtbot, sample_db, monkeypatch):
    wizard, release = _reviewing_while_copying(window, qtbot, monkeypatch)
    # Applying (clicked twice, fast) waits for the copy: nothing is written before it is whole.
    wizard.next()
    wizard.next()
    qtbot.wait(100)
    assert wizard.currentPage() is wizard.changes_page
    with fresh(sample_db) as reg:
        assert reg.holder("H59.03") is None
    release.set()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=PATIENCE)
    wait_jobs(qtbot)
    with fresh(sample_db) as reg:
        assert reg.find("H59.03").name == "Sở Tư pháp"
    # One copy, the one taken during the review: the import found it current.
    copies = [b for b in list_backups(sample_db) if b.reason == IMPORT]
    assert len(copies) == 1
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_cancelling_during_the_copy_leaves_no_copy_behind(window, qtbot, sample_db, monkeypatch):
    wizard, release = _reviewing_while_copying(window, qtbot, monkeypatch)
    wizard.reject()
    release.set()
    wait_jobs(qtbot)
    assert not [b for b in list_backups(sample_db) if b.reason == IMPORT]
    assert not list(backup_dir(sample_db).glob("*.partial*"))
    with fresh(sample_db) as reg:
        assert reg.holder("H59.03") is None
