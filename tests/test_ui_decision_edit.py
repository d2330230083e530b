"""The decisions pane: correcting a decision's record and withdrawing one whose only import was
undone, as a clerk does it in the window; the registry file is checked afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from uikit import fresh, make_window, type_text, wait_jobs

from desktop.exchange.importer import import_appendix, undo
from desktop.store.browse import decision_event_counts
from desktop.store.reference import load_official
from desktop.store.registry import Registry
from desktop.store.verify import verify_registry
from desktop.ui.decision_edit import DecisionEditDialog
from desktop.ui.panels import DecisionsPanel

FIXTURE = Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    with Registry.create(path) as reg:
        load_official(reg)
        first = import_appendix(
            reg, FIXTURE, number="12/QĐ-UBND", signed="2022-03-01", effective="2022-03-15"
        )
        assert first.applied, first.findings
        undo(reg, first.import_id)
        reg.add_decision("14/QĐ-UBND", "2022-04-01", issuer="Ủy ban nhân dân tỉnh Trà Vinh")
    return path


@pytest.fixture()
def window(qtbot, db: Path, tmp_path: Path):
    w = make_window(qtbot, db, tmp_path / "settings.ini")
    yield w
    wait_jobs(qtbot)


def pick(window, number: str):
    panel = window.decisions
    panel.select_decision(next(d.id for d in panel.decisions if d.number == number))
    return panel


def test_correct_a_decision_from_the_pane(window, qtbot, db: Path):
    panel = pick(window, "14/QĐ-UBND")
    assert panel.edit_button.isEnabled()
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in window.findChildren(DecisionEditDialog) if d.isVisible()]
    dialog.number.clear()
    type_text(dialog.number, "140/QĐ-UBND")
    dialog.has_signed.setChecked(True)
    dialog.signed.setDate(QDate(2022, 3, 28))
    type_text(dialog.title, "Về việc cấp mã")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    with fresh(db) as reg:
        d = reg.decision_by_number("140/QĐ-UBND")
        assert d is not None and d.signed == "2022-03-28" and d.title == "Về việc cấp mã"
        assert reg.decision_by_number("14/QĐ-UBND") is None
        assert verify_registry(reg).ok
    assert "140/QĐ-UBND" in [x.number for x in panel.decisions]
    assert "140/QĐ-UBND" in panel.caption.text()


def test_withdraw_only_what_has_no_change_in_effect(window, qtbot, db: Path, monkeypatch):
    wait_jobs(qtbot)
    panel = pick(window, "20/2020/QĐ-TTg")
    assert not panel.withdraw_button.isEnabled()  # 198 codes in effect
    panel = pick(window, "12/QĐ-UBND")
    qtbot.waitUntil(panel.withdraw_button.isEnabled, timeout=5000)  # its only import undone
    row = next(r for r, d in enumerate(panel.decisions) if d.number == "12/QĐ-UBND")
    assert panel.table.item(row, 3).text() == "0"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert "12/QĐ-UBND" not in [d.number for d in panel.decisions]
    with fresh(db) as reg:
        assert reg.decision_by_number("12/QĐ-UBND").withdrawn
        assert verify_registry(reg).ok


def test_a_read_only_registry_disables_correcting(qtbot, db: Path):
    panel = DecisionsPanel()
    qtbot.addWidget(panel)
    with Registry.open(db, readonly=True) as reg:
        panel.load(reg)
        panel.set_counts(decision_event_counts(reg))
        pick_in = next(d.id for d in panel.decisions if d.number == "12/QĐ-UBND")
        panel.select_decision(pick_in)
        assert panel.use_button.isEnabled()
        assert not panel.edit_button.isEnabled() and not panel.withdraw_button.isEnabled()


def test_the_as_of_view_disables_correcting(window, qtbot):
    panel = pick(window, "14/QĐ-UBND")
    assert panel.edit_button.isEnabled()
    window.as_of_view.set("2021-01-01")
    wait_jobs(qtbot)
    assert not panel.edit_button.isEnabled() and not panel.withdraw_button.isEnabled()
    assert window.editing.edit_decision(panel.selected_decision().id) is None
    window.as_of_view.set(None)
    wait_jobs(qtbot)
    assert panel.edit_button.isEnabled()


def test_a_number_corrected_with_the_eth_is_repaired_and_said(window, qtbot, db: Path, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    panel = pick(window, "14/QĐ-UBND")
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in window.findChildren(DecisionEditDialog) if d.isVisible()]
    dialog.number.clear()
    type_text(dialog.number, "140/Q\u00d0-UBND")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert len(said) == 1 and "U+00D0" in said[0] and "140/QĐ-UBND" in said[0]
    with fresh(db) as reg:
        assert [d.number for d in reg.decisions() if d.number.startswith("140/")] == ["140/QĐ-UBND"]
