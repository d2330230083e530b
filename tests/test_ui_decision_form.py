"""One decision form: the import wizard and the forms of every change enter a decision the same
way, its act type included (suggested from the symbol until the clerk picks one)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtWidgets import QWizard
from test_ui_wizard import next_page
from uikit import fresh, select

from desktop.store.registry import Registry
from desktop.ui import dialogs, wizard
from desktop.ui.decision_edit import DecisionEditDialog
from desktop.ui.decision_form import DecisionForm, DecisionPicker
from desktop.ui.wizard import open_import_wizard

UI = Path(__file__).resolve().parent.parent / "desktop" / "ui"


def appendix(path: Path, line: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws["A1"] = line
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở Một", "H29.01"])
    ws.append([2, "Sở Hai", "H29.02"])
    wb.save(path)
    return path


LINE = "(Kèm theo Quyết định số 7/QĐ-UBND ngày 1 tháng 2 năm 2026 của Ủy ban nhân dân TP)"


def run_wizard(window, qtbot, path: Path, number: str, kind: str | None = None) -> DecisionForm:
    wiz = open_import_wizard(window.session, path)
    assert wiz is not None
    next_page(qtbot, wiz)
    picker = wiz.content_page.decision
    assert picker.is_new and picker.number == "7/QĐ-UBND"
    form = picker.form
    assert form.type == "quyet-dinh"
    form.number.setText(number)
    if kind is not None:
        index = form.kind.findData(kind)
        form.kind.setCurrentIndex(index)
        form.kind.activated.emit(index)  # as a clerk's choice
        form.number.setText(number + " ")  # the choice stays when the number is edited again
    next_page(qtbot, wiz)  # the dry run
    next_page(qtbot, wiz)  # apply
    assert wiz.currentPage() is wiz.done_page
    wiz.button(QWizard.WizardButton.FinishButton).click()
    return form


def test_the_wizard_records_the_type_the_symbol_suggests(window, qtbot, sample_db, tmp_path):
    path = appendix(tmp_path / "a.xlsx", LINE)
    form = run_wizard(window, qtbot, path, "99/2026/QH15")
    assert form.kind.currentText() == "Nghị quyết"  # what the clerk saw follows the symbol
    with fresh(sample_db) as reg:
        decision = reg.decision_by_number("99/2026/QH15")
        assert decision is not None and decision.type == "nghi-quyet"
        assert reg.find("H29.01").decision_id == decision.id


def test_the_clerks_type_wins_over_the_suggestion(window, qtbot, sample_db, tmp_path):
    path = appendix(tmp_path / "a.xlsx", LINE)
    form = run_wizard(window, qtbot, path, "8/2026/QH15", kind="cong-van")
    assert form.type == "cong-van"
    with fresh(sample_db) as reg:
        assert reg.decision_by_number("8/2026/QH15").type == "cong-van"


def test_a_recorded_decision_is_pre_selected(window, qtbot, sample_db, tmp_path):
    with fresh(sample_db) as reg:
        recorded = reg.decision_by_number("202/2025/QH15")
    line = "(Kèm theo Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội)"
    wiz = open_import_wizard(window.session, appendix(tmp_path / "a.xlsx", line))
    next_page(qtbot, wiz)
    picker = wiz.content_page.decision
    assert picker.chosen is not None and picker.chosen.id == recorded.id
    assert not picker.form.isVisible()
    request = wiz.content_page.request()
    assert (request.number, request.effective, request.type) == (
        recorded.number,
        recorded.effective,
        None,  # a recorded decision keeps its own type
    )
    wiz.reject()


def test_the_picker_and_the_wizard_use_the_one_form(window, qtbot, sample_db, tmp_path):
    select(window, "G06.09")
    dialog = window.editing.rename()
    wiz = open_import_wizard(window.session, appendix(tmp_path / "a.xlsx", LINE))
    next_page(qtbot, wiz)
    assert type(dialog.decision) is DecisionPicker
    assert type(wiz.content_page.decision) is DecisionPicker
    assert type(dialog.decision.form) is type(wiz.content_page.decision.form) is DecisionForm
    dialog.reject()
    wiz.reject()


# The labels of a decision's fields in a form; a module laying them out lays out a second form.
DECISION_FIELD_LABELS = (
    "Loại văn bản:",
    "Số, ký hiệu:",
    "Cơ quan ban hành:",
    "Ngày ký:",
    "Ngày hiệu lực:",
    "Trích yếu:",
)


def test_decision_fields_are_laid_out_in_decision_form_only():
    assert Path(dialogs.__file__).parent == UI and Path(wizard.__file__).parent == UI
    offenders = [
        f"{path.name}: {label}"
        for path in sorted(UI.glob("*.py"))
        if path.name != "decision_form.py"
        for label in DECISION_FIELD_LABELS
        if f'"{label}"' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
    own = (UI / "decision_form.py").read_text(encoding="utf-8")
    assert all(f'tr("{label}")' in own for label in DECISION_FIELD_LABELS)


def test_correcting_a_decision_opens_the_one_form_on_its_record(qtbot, sample_db):
    with Registry.open(sample_db) as reg:
        # A Nghị quyết whose number names no type: the suggestion (Quyết định) must not win.
        reg.add_decision("5/HĐND", "2026-03-01", type="nghi-quyet", issuer="HĐND tỉnh")
        recorded = reg.decision_by_number("5/HĐND")
        dialog = DecisionEditDialog(reg, recorded)
        qtbot.addWidget(dialog)
        assert type(dialog.form) is DecisionForm
        assert dialog.form.type == "nghi-quyet"
        assert dialog.number.text() == "5/HĐND" and dialog.issuer.text() == "HĐND tỉnh"
        assert not dialog.has_signed.isChecked() and not dialog.signed.isEnabled()
        dialog.number.setText("6/HĐND")  # editing the number keeps the recorded type
        assert dialog.form.type == "nghi-quyet"
        assert dialog.values() == {"number": "6/HĐND"}
        index = dialog.kind.findData("cong-van")
        dialog.kind.setCurrentIndex(index)
        dialog.kind.activated.emit(index)
        dialog.save()
        corrected = reg.decision_by_number("6/HĐND")
    assert corrected is not None and corrected.type == "cong-van"
    assert corrected.effective == "2026-03-01" and corrected.signed is None


def test_a_number_typed_with_the_eth_is_repaired_and_the_form_says_so(
    window, qtbot, sample_db, tmp_path
):
    wiz = open_import_wizard(window.session, appendix(tmp_path / "a.xlsx", LINE))
    assert wiz is not None
    next_page(qtbot, wiz)
    picker = wiz.content_page.decision
    picker.form.number.setText("9/Q\u00d0-UBND")
    assert picker.number == "9/QĐ-UBND"
    said = [text for severity, text in picker.problems() if severity == "warning"]
    assert len(said) == 1 and "U+00D0" in said[0] and "9/QĐ-UBND" in said[0]
    picker.form.number.setText("9/QĐ-UBND")
    assert not [s for s, _ in picker.problems() if s == "warning"]
    wiz.reject()
