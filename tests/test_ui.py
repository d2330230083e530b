"""The desktop window driven headless: every edit checks the registry file afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from uikit import PATIENCE, drag_and_drop, fresh, select, type_text, unit_id, wait_jobs

from desktop.domain.rules import RULES
from desktop.store.asof import compare_with_replay
from desktop.ui import dialogs, errors


def new_decision(dialog: dialogs.OperationDialog, number: str, effective: str) -> None:
    picker = dialog.decision
    picker.combo.setCurrentIndex(0)
    assert picker.is_new
    picker.form.number.setText(number)
    type_text(picker.form.issuer, "Bộ Khoa học và Công nghệ")
    y, m, d = map(int, effective.split("-"))
    picker.form.signed.setDate(QDate(y, m, d))


def accept(qtbot, dialog: dialogs.OperationDialog) -> None:
    dialog.revalidate()
    assert dialog.ok.isEnabled(), dialog.findings_text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.findings_text()


def test_first_level_and_lazy_children(window):
    model = window.tree.unit_model
    assert model is not None
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "000.00.00.G06" in top and "000.00.00.H61" in top
    assert "000.00.00.H59" not in top  # closed by Nghị quyết 202/2025/QH15, hidden by default
    assert "000.00.00.G14" not in top  # closed by QĐ 09/2025, hidden by default
    g06 = model.index(top.index("000.00.00.G06"), 0)
    assert model.hasChildren(g06) and model.rowCount(g06) == 0 and model.canFetchMore(g06)
    window.tree.expand(g06)
    model.fetch_all(g06)
    names = [model.index(r, 1, g06).data() for r in range(model.rowCount(g06))]
    assert names[0] == "Văn phòng Bộ" and "Cục Tần số vô tuyến điện" in names
    h61 = model.index(top.index("000.00.00.H61"), 0)
    assert not model.hasChildren(h61)


def test_show_closed_units(window, qtbot):
    model = window.tree.unit_model
    window.acts.act_show_closed.setChecked(True)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    g14 = model.index(top.index("000.00.00.G14"), 0)
    assert model.data(g14, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(g14, Qt.ItemDataRole.DecorationRole) is not None
    window.acts.act_show_closed.setChecked(False)
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "000.00.00.G14" not in top


def test_add_child_suggests_a_never_used_code(window, qtbot, sample_db):
    select(window, "G06.09")
    dialog = window.editing.add_child()
    # G06.09.01-05 are taken; the next free one is suggested.
    assert dialog.code.text() == "000.06.09.G06"
    type_text(dialog.name, "Phòng Thông tin vô tuyến điện hàng hải")
    new_decision(dialog, "15/QĐ-BKHCN", "2026-03-02")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        unit = reg.find("G06.09.06")
        assert unit.name == "Phòng Thông tin vô tuyến điện hàng hải"
        decision = reg.decision(unit.decision_id)
        assert decision.number == "15/QĐ-BKHCN" and decision.effective == "2026-03-02"
        assert compare_with_replay(reg).ok
    # The tree shows it, selected, without a reset.
    assert window.tree.current_unit().code == "G06.09.06"
    assert window.details.title.text() == "Phòng Thông tin vô tuyến điện hàng hải"


def test_add_child_refuses_a_code_used_before(window, qtbot):
    # G06.01.02 was closed by a merge: its code may never come back.
    select(window, "G06.01")
    dialog = window.editing.add_child()
    dialog.code.setText("000.02.01.G06")
    type_text(dialog.name, "Phòng Quản trị mới")
    found = dialog.revalidate()
    assert not dialog.ok.isEnabled()
    assert any("không bao giờ được cấp lại" in text for _s, text in found)
    dialog.code.setText("G06.01.X")
    dialog.revalidate()
    assert not dialog.ok.isEnabled()
    dialog.reject()


def test_rename_reuses_the_current_decision(window, qtbot, sample_db):
    select(window, "G06.05")
    dialog = window.editing.rename()
    dialog.name.clear()
    type_text(dialog.name, "Thanh tra Bộ Khoa học và Công nghệ")
    new_decision(dialog, "16/QĐ-BKHCN", "2026-04-01")
    accept(qtbot, dialog)
    select(window, "G06.04")
    dialog = window.editing.rename()
    assert dialog.decision.combo.currentText().startswith("16/QĐ-BKHCN")
    dialog.name.setText("Vụ Pháp chế và Cải cách hành chính")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        assert reg.find("G06.05").name == "Thanh tra Bộ Khoa học và Công nghệ"
        renamed = reg.find("G06.04")
        assert renamed.name == "Vụ Pháp chế và Cải cách hành chính"
        assert reg.decision(renamed.decision_id).number == "16/QĐ-BKHCN"
    index = window.tree.currentIndex()
    assert index.siblingAtColumn(1).data() == "Vụ Pháp chế và Cải cách hành chính"


def test_move_by_drag_and_drop_with_preview(window, qtbot, sample_db):
    source = select(window, "G06.09.03")  # with one level-4 child
    target = select(window, "G06.08")
    drag_and_drop(window.tree, source, target)
    qtbot.waitUntil(lambda: _open(dialogs.MoveDialog) is not None, timeout=PATIENCE)
    dialog = _open(dialogs.MoveDialog)
    dialog.revalidate()
    preview = [
        (dialog.plan.item(r, 0).text(), dialog.plan.item(r, 1).text())
        for r in range(dialog.plan.rowCount())
    ]
    assert preview == [
        ("000.03.09.G06", "000.03.08.G06"),
        ("001.03.09.G06", "001.03.08.G06"),
    ]
    new_decision(dialog, "17/QĐ-BKHCN", "2026-05-01")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        moved = reg.find("G06.08.03")
        assert moved.name == "Trung tâm Tần số vô tuyến điện khu vực III"
        assert reg.unit(moved.parent_id).code == "G06.08"
        assert reg.find("G06.08.03.001").name == "Đài Kiểm soát tần số Đà Nẵng"
        assert reg.holder("G06.09.03") is None  # the old code stays with its unit, unused
        assert compare_with_replay(reg).ok
    model = window.tree.unit_model
    g09 = model.node_for(unit_id(window, "G06.09"))
    assert "G06.09.03" not in [c.code for c in g09.children]
    assert window.tree.current_unit().code == "G06.08.03"


def test_drop_on_own_descendant_is_refused(window):
    source = select(window, "G06.09")
    target = select(window, "G06.09.01")
    model = window.tree.unit_model
    mime = model.mimeData([source])
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)


def test_merge_several_into_one(window, qtbot, sample_db):
    select(window, "G06.11.01")
    second = window.tree.unit_model.index(1, 0, window.tree.currentIndex().parent())
    target = window.tree.unit_model.index(2, 0, window.tree.currentIndex().parent())
    sel = window.tree.selectionModel()
    sel.select(second, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    sel.setCurrentIndex(target, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    dialog = window.editing.merge()
    assert [u.code for u in dialog.sources] == ["G06.11.01", "G06.11.02"]
    assert dialog.target_code.text() == "000.03.11.G06"
    new_decision(dialog, "18/QĐ-BKHCN", "2026-06-01")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        target_unit = reg.find("G06.11.03")
        for code in ("G06.11.01", "G06.11.02"):
            merged = reg.find(code)
            assert merged.status == "closed"
            assert reg.successors_of(merged.id) == [target_unit.id]
        assert compare_with_replay(reg).ok
    # Closed units left the tree (they are hidden by default).
    parent = window.tree.unit_model.node_for(unit_id(window, "G06.11"))
    assert [c.code for c in parent.children] == ["G06.11.03"]


def test_merge_provinces_selected_together(window, qtbot, sample_db):
    """A clerk Ctrl-clicks several provinces in the tree and merges them into the last one,
    their departments closing with them."""
    reg = window.session.reg
    did = reg.add_decision("5/QĐ-UBND", "2026-01-05")
    window.session.publish(reg.create_unit("H35.01", "Sở Nội vụ tỉnh Lai Châu", did))
    tree = window.tree
    select(window, "H18")
    tree.clearSelection()
    for code, mods in (
        ("H18", Qt.KeyboardModifier.NoModifier),
        ("H35", Qt.KeyboardModifier.ControlModifier),
        ("H52", Qt.KeyboardModifier.ControlModifier),
    ):
        index = window.tree.unit_model.index_of(
            window.tree.unit_model.node_for(unit_id(window, code))
        )
        tree.scrollTo(index)
        qtbot.mouseClick(
            tree.viewport(), Qt.MouseButton.LeftButton, mods, tree.visualRect(index).center()
        )
    assert [u.code for u in window.tree.selected_units()] == ["H18", "H35", "H52"]
    assert window.acts.act_merge.isEnabled()
    window.acts.act_merge.trigger()
    dialog = window.findChild(dialogs.MergeDialog)
    assert [u.code for u in dialog.sources] == ["H18", "H35"]
    assert dialog.target_code.text() == "000.00.00.H52"
    new_decision(dialog, "99/2026/QH15", "2026-09-01")
    dialog.revalidate()
    assert not dialog.ok.isEnabled() and "cấp dưới" in dialog.findings_text()
    dialog.cascade.setChecked(True)
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        target = reg.find("H52")
        assert target.status == "active"
        for code in ("H18", "H35"):
            merged = reg.find(code)
            assert merged.status == "closed" and merged.valid_to == "2026-09-01"
            assert reg.successors_of(merged.id) == [target.id]
        assert reg.find("H35.01").status == "closed"
        events = list(reg.events("decision_id = ?", (target.decision_id,)))
        assert len({e.group_id for e in events}) == 1  # one change, undone at once
        assert compare_with_replay(reg).ok
    top = [
        window.tree.unit_model.index(r, 0).data() for r in range(window.tree.unit_model.rowCount())
    ]
    assert "000.00.00.H52" in top and "000.00.00.H18" not in top and "000.00.00.H35" not in top
    window.acts.act_undo.trigger()
    with fresh(sample_db) as reg:
        assert {reg.find(c).status for c in ("H18", "H35", "H35.01", "H52")} == {"active"}


def test_undo_and_redo(window, qtbot, sample_db):
    select(window, "G06.10")
    dialog = window.editing.add_child()
    type_text(dialog.name, "Phòng Kiểm soát bức xạ")
    new_decision(dialog, "19/QĐ-BKHCN", "2026-07-01")
    accept(qtbot, dialog)
    new_id = window.tree.current_unit().id
    dialog = window.editing.rename()
    dialog.name.setText("Phòng Kiểm soát an toàn bức xạ")
    accept(qtbot, dialog)
    assert window.session.undo_stack.count() == 2

    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with fresh(sample_db) as reg:
        assert reg.unit(new_id).name == "Phòng Kiểm soát bức xạ"
    window.acts.act_undo.trigger()
    with fresh(sample_db) as reg:
        assert reg.holder("G06.10.01") is None  # no unit holds it, yet it stays issued...
        assert reg.code_owner("G06.10.01") == new_id
        assert reg.unit(new_id).status == "annulled"
        assert compare_with_replay(reg).ok
    parent = window.tree.unit_model.node_for(unit_id(window, "G06.10"))
    assert parent.children == [] and not parent.has_children

    qtbot.keyClick(window.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    window.acts.act_redo.trigger()
    with fresh(sample_db) as reg:
        again = reg.find("G06.10.01")  # ...and the redo gives it back to the same body
        assert again.name == "Phòng Kiểm soát an toàn bức xạ" and again.status == "active"
        assert reg.code_owner("G06.10.01") == again.id
        assert again.id != new_id  # ids are never reused; the rename followed the new id
        assert compare_with_replay(reg).ok
    assert [c.code for c in parent.children] == ["G06.10.01"]
    assert window.session.undo_stack.index() == 2


def test_annul_from_history_keeps_the_undo_stack_consistent(window, qtbot, sample_db):
    select(window, "G06.08.02")  # renamed by VD-02 in the sample
    window.history.table.selectRow(window.history.table.rowCount() - 1)
    assert window.history.annul_button.isEnabled()
    window.history.table.selectRow(0)  # its creation is not its latest change
    assert not window.history.annul_button.isEnabled()
    window.history.table.selectRow(window.history.table.rowCount() - 1)
    window.history.annul_button.click()
    dialog = _open(dialogs.AnnulDialog)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with fresh(sample_db) as reg:
        assert reg.find("G06.08.02").name == "Trung tâm Đo kiểm viễn thông"
        assert compare_with_replay(reg).ok
    assert window.details.title.text() == "Trung tâm Đo kiểm viễn thông"


def test_split_into_two(window, qtbot, sample_db):
    select(window, "G06.06.01")
    dialog = window.editing.split()
    # G06.06.02 moved away in the sample, but its code stays used: the suggestions skip it.
    assert dialog.table.item(0, 0).text() == "000.03.06.G06"
    assert dialog.table.item(1, 0).text() == "000.04.06.G06"
    dialog.table.item(0, 1).setText("Trung tâm Bưu chính")
    dialog.table.item(1, 1).setText("Trung tâm Chuyển phát")
    new_decision(dialog, "20/QĐ-BKHCN", "2026-08-01")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        source = reg.find("G06.06.01")
        assert source.status == "closed"
        parts = [reg.unit(i).code for i in reg.successors_of(source.id)]
        assert parts == ["G06.06.03", "G06.06.04"]
        assert compare_with_replay(reg).ok


def test_close_asks_for_successor_and_cascade(window, qtbot, sample_db):
    select(window, "G06.09.02")
    dialog = window.editing.close_unit()
    dialog.revalidate()
    assert not dialog.ok.isEnabled()  # two active children
    dialog.cascade.setChecked(True)
    dialog.successors.setText("G06.09.01")
    new_decision(dialog, "21/QĐ-BKHCN", "2026-09-01")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        closed = reg.find("G06.09.02")
        assert closed.status == "closed"
        assert reg.successors_of(closed.id) == [reg.find("G06.09.01").id]
        assert reg.find("G06.09.02.001").status == "closed"


@pytest.mark.parametrize("query", ["so tu phap", "Sở Tư pháp", "SO TU"])
def test_search_with_and_without_tone_marks(window, qtbot, sample_db, query):
    with window.session.reg.write():
        did = window.session.reg.add_decision("5/QĐ-UBND", "2025-07-01", issuer="UBND tỉnh")
        window.session.reg.create_unit("H61.01", "Sở Tư pháp", did)
    window.search.edit.setFocus()
    type_text(window.search.edit, query)
    window.search.refresh()
    names = [u.name for u in window.search.found]
    assert names[0] == "Sở Tư pháp"
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    unit = window.tree.current_unit()
    assert unit is not None and unit.code == "H61.01"
    assert window.tree.isExpanded(window.tree.currentIndex().parent())


def test_search_d_finds_dj(window, qtbot):
    type_text(window.search.edit, "dong nai")
    window.search.refresh()
    assert any(u.name.endswith("Đồng Nai") for u in window.search.found)
    window.search.edit.clear()
    type_text(window.search.edit, "000.00.09.g06")
    window.search.refresh()
    assert window.search.found[0].code == "G06.09"
    window.search.edit.clear()
    type_text(window.search.edit, "G06.09.0")  # a QĐ 20 prefix: the centre's units
    window.search.refresh()
    assert [u.code for u in window.search.found][:2] == ["G06.09.01", "G06.09.01.001"]


def test_as_of_date_is_read_only_and_shows_the_past(window, qtbot):
    select(window, "G06.11")
    assert window.acts.act_rename.isEnabled()
    window.as_of_view.set("2025-07-01")
    wait_jobs(qtbot)
    assert window.session.as_of == "2025-07-01"
    assert window.tree.current_unit().name == "Cục Sở hữu trí tuệ"  # renamed only from 2027
    assert "01/07/2025" in window.status.as_of.text()
    assert not window.acts.act_rename.isEnabled() and not window.acts.act_add.isEnabled()
    assert (
        not window.tree.unit_model.flags(window.tree.currentIndex()) & Qt.ItemFlag.ItemIsDragEnabled
    )
    # Phòng Quản trị was merged in October 2025: on 1 July it is still there.
    assert select(window, "G06.01.02").isValid()
    assert window.tree.current_unit().status == "active"
    # Before the sample's first decision, G06 has no children at all.
    window.as_of_view.set("2025-01-01")
    wait_jobs(qtbot)
    g06 = window.tree.unit_model.reveal([unit_id(window, "G06")])
    assert not window.tree.unit_model.hasChildren(g06)
    window.as_of_view.set(None)
    assert window.session.as_of is None
    # Back to today: the rename signed for 2027 is pending, not in force.
    index = select(window, "G06.11")
    assert window.tree.current_unit().name == "Cục Sở hữu trí tuệ"
    assert (
        window.tree.unit_model.index(index.row(), 1, index.parent()).data() == "Cục Sở hữu trí tuệ"
    )
    assert "Chờ hiệu lực" in window.tree.unit_model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert window.acts.act_rename.isEnabled()
    window.as_of_view.set("2027-01-01")
    wait_jobs(qtbot)
    select(window, "G06.11")
    assert window.tree.current_unit().name == "Cục Sở hữu trí tuệ và Đổi mới sáng tạo"


def test_decisions_view_lists_what_a_decision_changed(window, qtbot):
    panel = window.decisions
    numbers = [d.number for d in panel.decisions]
    assert numbers[0] == "VD-03/QĐ-BKHCN"  # newest effective date first
    panel.select_decision(next(d.id for d in panel.decisions if d.number == "VD-02/QĐ-BKHCN"))
    model = panel.events
    kinds = {model.index(r, 2).data() for r in range(model.rowCount())}
    assert {"Đổi tên", "Sáp nhập", "Cấp mã mới", "Chuyển đơn vị cấp trên"} <= kinds
    row = next(r for r in range(model.rowCount()) if model.index(r, 2).data() == "Đổi tên")
    panel.events_view.doubleClicked.emit(model.index(row, 0))
    assert window.tree.current_unit().code == "G06.08.02"


def test_known_problems_are_messages_not_tracebacks(window, qtbot, tmp_path):
    bogus = tmp_path / "not-a-registry.db"
    bogus.write_text("hello", encoding="utf-8")
    errors.shown.clear()
    assert not window.files.open_registry(bogus)
    assert errors.shown and "không phải là sổ mã định danh" in errors.shown[-1]
    assert "Traceback" not in errors.shown[-1]
    for box in QApplication.topLevelWidgets():
        if box.isVisible() and box is not window and box.inherits("QMessageBox"):
            box.close()
    assert window.session.reg is not None  # the registry that was open stays open


def test_settings_remember_recent_registries(window, sample_db, tmp_path):
    assert window.settings.recent()[0] == str(sample_db.resolve())
    window.close()
    again = window.settings.window_state()
    assert again[0] is not None and again[1] is not None


def _open(kind: type) -> dialogs.OperationDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def test_modeltester_on_the_live_tree(window, qtmodeltester):
    select(window, "G06.09.01.001")
    qtmodeltester.check(window.tree.unit_model, force_py=True)
    assert window.tree.unit_model.index(0, 0, QModelIndex()).isValid()


def test_recode_with_its_subtree(window, qtbot, sample_db):
    select(window, "G06.09.01")
    dialog = window.editing.recode()
    dialog.code.setText("G06.09.07")
    dialog.revalidate()
    assert dialog.plan.rowCount() == 3  # the centre and its two level-4 units
    assert dialog.plan.item(2, 1).text() == "002.07.09.G06"
    new_decision(dialog, "22/QĐ-BKHCN", "2026-10-01")
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        assert reg.find("G06.09.07").name == "Trung tâm Tần số vô tuyến điện khu vực I"
        assert reg.find("G06.09.07.002").name == "Đài Kiểm soát tần số Hải Phòng"
        assert reg.holder("G06.09.01") is None
    # Its place among its siblings follows the new code.
    parent = window.tree.unit_model.node_for(unit_id(window, "G06.09"))
    assert [c.code for c in parent.children][-1] == "G06.09.07"


def test_reopen_and_edit_details(window, qtbot, sample_db):
    window.acts.act_show_closed.setChecked(True)
    select(window, "G06.01.02")  # merged away in the sample
    assert window.acts.act_reopen.isEnabled() and not window.acts.act_rename.isEnabled()
    dialog = window.editing.reopen_unit()
    new_decision(dialog, "23/QĐ-BKHCN", "2026-11-01")
    accept(qtbot, dialog)
    dialog = window.editing.edit_details()
    type_text(dialog.edits["address"], "Số 113 Trần Duy Hưng, Hà Nội")
    dialog.edits["email"].setText("quantri.most.gov.vn")
    found = dialog.revalidate()
    assert any("@" in text for _s, text in found)  # a warning, not a refusal
    assert dialog.ok.isEnabled()
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        unit = reg.find("G06.01.02")
        assert unit.status == "active" and unit.address == "Số 113 Trần Duy Hưng, Hà Nội"
        assert [e.type for e in reg.events_of(unit.id)][-2:] == ["reopen", "update"]
    assert "Số 113 Trần Duy Hưng" in window.details.value_text("address")


def test_a_refused_change_writes_nothing(window, qtbot, sample_db):
    select(window, "G06.08.02")  # renamed on 2025-10-15
    dialog = window.editing.rename()
    dialog.name.setText("Trung tâm Đo kiểm")
    new_decision(dialog, "24/QĐ-BKHCN", "2025-08-01")  # before the unit's latest change
    dialog.revalidate()
    assert not dialog.ok.isEnabled()
    assert "theo thứ tự thời gian" in dialog.findings_text()
    dialog.accept()  # even forced, the registry refuses and the form stays open
    assert dialog.isVisible()
    with fresh(sample_db) as reg:
        assert reg.decision_by_number("24/QĐ-BKHCN") is None  # the new decision is not kept
        assert reg.find("G06.08.02").name == "Trung tâm Đo kiểm và Kiểm định viễn thông"
    dialog.reject()
    assert window.session.undo_stack.count() == 0


def test_validator_findings_inline_and_in_the_pane(window, qtbot, sample_db):
    # The sample is clean: one note about the decision that takes effect in 2027.
    assert [f.rule for f in window.findings.findings] == ["decision.pending"]
    assert window.status.checks.text() == "Kiểm tra: không có lỗi"
    select(window, "G06.09")
    dialog = window.editing.add_child()
    type_text(dialog.name, "Phòng  Quản lý phổ tần")  # two spaces, and a sibling's name
    new_decision(dialog, "25/QĐ-BKHCN", "2026-12-01")
    found = dialog.revalidate()
    texts = " ".join(text for _s, text in found)
    assert {s for s, _t in found} >= {"warning"}
    assert "khoảng trắng" in texts.lower()
    dialog.name.setText("Phòng Quản lý phổ tần")
    found = dialog.revalidate()
    assert any("trùng tên" in text.lower() for _s, text in found), found
    assert dialog.ok.isEnabled()  # warnings inform, they do not block
    accept(qtbot, dialog)
    rules = [f.rule for f in window.findings.findings]
    assert "name.duplicate-sibling" in rules
    assert window.status.checks.text() == "Kiểm tra: 0 lỗi, 1 cảnh báo"
    row = next(
        r
        for r in range(window.findings.table.rowCount())
        # The pane names the rule by its title, never by its id.
        if window.findings.table.item(r, 2).text() == RULES["name.duplicate-sibling"].title_vi
    )
    assert window.findings.table.item(row, 2).text() != "name.duplicate-sibling"
    window.tree.clearSelection()
    window.findings.table.cellDoubleClicked.emit(row, 0)
    assert window.tree.current_unit().name == "Phòng Quản lý phổ tần"
    # Undo clears the finding again.
    window.acts.act_undo.trigger()
    assert "name.duplicate-sibling" not in [f.rule for f in window.findings.findings]
    window.validate_all()
    wait_jobs(qtbot)
    assert [f.rule for f in window.findings.findings] == ["decision.pending"]


def test_print_preview_and_pdf(window, qtbot, tmp_path):
    from pypdf import PdfReader

    from desktop.ui.exporting import print_dialog

    select(window, "G06")
    dialog = print_dialog(window.session, window.tree.current_unit())
    assert dialog.kind == "tree" and dialog.options() == {"by": "parent"}
    dialog.root.setChecked(True)
    target = tmp_path / "danh-sach.pdf"
    dialog.save_pdf(str(target))
    wait_jobs(qtbot)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert "Bộ Khoa học và Công nghệ" in text and "Đài Kiểm soát tần số Hà Nội" in text
    assert "Bộ Công an" not in text  # only the branch of the selected unit
    # The decision's appendix, previewed: the same pages, painted for the printer.
    dialog.kind_buttons["decision"].setChecked(True)
    dialog.decision.setCurrentIndex(dialog.decision.findData("VD-02/QĐ-BKHCN"))
    assert dialog.options() == {"decision": "VD-02/QĐ-BKHCN"}
    dialog.preview()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: getattr(dialog, "pages", 0) > 0, timeout=PATIENCE)
    assert "Trung tâm Đo kiểm và Kiểm định viễn thông" in str(dialog.document.blocks)
    dialog.preview_dialog.close()
    dialog.reject()


def test_history_pane_marks_a_code_only_an_annulled_change_issued(window, sample_db):
    reg = window.session.reg
    did = reg.add_decision("7/QĐ-BKHCN", "2026-08-01")
    unit = reg.find("G06.10")
    change = reg.recode(unit.id, "G06.98", did)
    window.session.publish(reg.annul(change.event_ids[0]))
    select(window, "G06.10")
    table = window.history.table
    texts = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert any("mã 000.00.98.G06: đã hủy, không cấp lại" in t for t in texts), texts
    # The unit's own code, given by a change in force, is not marked.
    assert not any("000.00.10.G06: đã hủy" in t for t in texts)


def test_a_new_act_takes_the_type_its_number_suggests(window, qtbot, sample_db):
    select(window, "G06.09")
    dialog = window.editing.add_child()
    type_text(dialog.name, "Phòng Pháp chế")
    new_decision(dialog, "5/2026/TT-BKHCN", "2026-03-02")
    picker = dialog.decision
    assert picker.form.kind.currentData() == "thong-tu"
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        assert reg.decision_by_number("5/2026/TT-BKHCN").type == "thong-tu"
    select(window, "G06.09")
    dialog = window.editing.add_child()
    type_text(dialog.name, "Phòng Thanh tra")
    new_decision(dialog, "6/BKHCN-VP", "2026-03-03")
    picker = dialog.decision
    assert picker.form.kind.currentData() == "quyet-dinh"  # no type in the symbol
    index = picker.form.kind.findData("cong-van")
    picker.form.kind.setCurrentIndex(index)
    picker.form.kind.activated.emit(index)  # as a clerk's choice
    picker.form.number.setText("6/BKHCN-VP ")  # the choice stays when the number is edited again
    assert picker.form.kind.currentData() == "cong-van"
    accept(qtbot, dialog)
    with fresh(sample_db) as reg:
        assert reg.decision_by_number("6/BKHCN-VP").type == "cong-van"
        assert reg.decision_by_number("6/BKHCN-VP").cited == "Công văn số 6/BKHCN-VP"
