"""The import wizard: a decision's appendix (Excel) into the registry, seen before it is applied.

1. the file; 2. what was read (sheets, header rows, columns found, the decision named by the
``Kèm theo Quyết định số ...`` line, all editable); 3. the changeset of a dry run (added,
renamed, recoded, moved, closed, conflicts, findings; double-click a row for its source cell);
4. the result. Reading and the dry run happen off the GUI thread with a cancel button; applying
cannot be cancelled halfway (it is one transaction), so its progress has none. An applied import
goes on the undo stack: undo annuls the whole import, redo imports the same file again.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.domain import history
from desktop.domain.codes import AGENCY, from_canonical
from desktop.domain.decisions import QUYET_DINH
from desktop.domain.errors import KnownError
from desktop.domain.progress import OnProgress
from desktop.domain.rules import ERROR
from desktop.exchange.importer import ImportResult, import_appendix
from desktop.exchange.importer import undo as undo_import
from desktop.exchange.isolated import read_appendix_isolated
from desktop.exchange.problems import write_problems
from desktop.exchange.reader import (
    FIELD_LABELS,
    FIELDS,
    HEADER_SEARCH_ROWS,
    Appendix,
    SheetLayout,
    column_index,
    column_letter,
    read_appendix,
)
from desktop.exchange.reconcile import (
    ACTION_LABELS,
    ADDED,
    BASIS,
    CLOSED_ACTION,
    CONFLICT,
    MOVED,
    RECODED,
    RENAMED,
    UNCHANGED,
    Proposed,
)
from desktop.store.backup import IMPORT as IMPORT_BACKUP
from desktop.store.backup import backup_before
from desktop.store.base import checkpoint_in_background
from desktop.store.changes import import_event_counts
from desktop.store.queries import events_of_group
from desktop.store.registry import Registry
from desktop.ui import errors, workers
from desktop.ui.dates import iso
from desktop.ui.decision_form import DecisionPicker
from desktop.ui.i18n import (
    ENGLISH,
    act_type_label,
    field_label,
    language,
    list_heading,
    message,
    severity_label,
    show_count,
    tr,
    word,
)
from desktop.ui.icons import icon
from desktop.ui.panels import compact

if TYPE_CHECKING:
    from desktop.ui.session import Session

WORKBOOKS = "*.xlsx *.xlsm *.xls *.ods"
_RED = QColor("#b03a2e")
_GREY = QColor("#7b7d7d")
_ACTION_ICONS = {
    ADDED: "add",
    RENAMED: "rename",
    RECODED: "recode",
    MOVED: "move",
    CLOSED_ACTION: "close",
    CONFLICT: "severity-error",
}


def action_labels() -> dict[str, str]:
    return {action: word(ACTION_LABELS, action) for action in ACTION_LABELS}


def appendix_field_labels() -> dict[str, str]:
    """The fields an appendix column can hold, in the interface language."""
    return {field: word(FIELD_LABELS, field) for field in FIELD_LABELS}


@dataclass
class ImportRequest:
    """What the clerk asked for, kept so that redo can import the same thing again."""

    path: Path
    sheets: list[str] | None
    number: str
    issuer: str
    signed: str | None
    effective: str | None
    replace_list: bool
    # the clerk's header rows and columns, by sheet (None: what the reader finds)
    layouts: dict[str, SheetLayout] | None = None
    type: str | None = None  # the act's type the clerk saw (None: the recorded decision's)

    def read(self, on_progress: OnProgress | None = None) -> Appendix:
        return read_appendix(self.path, self.sheets, self.layouts, on_progress)

    def run(
        self,
        reg: Registry,
        *,
        dry_run: bool,
        appendix: Appendix | None = None,
        reissue: Sequence[int] = (),
        on_progress: OnProgress | None = None,
        reviewed: ImportResult | None = None,
    ):
        return import_appendix(
            reg,
            appendix if appendix is not None else self.read(on_progress),
            sheets=self.sheets,
            number=self.number or None,
            issuer=self.issuer,
            signed=self.signed,
            effective=self.effective,
            replace_list=self.replace_list,
            dry_run=dry_run,
            reissue=reissue,
            type=self.type,
            on_progress=on_progress,
            reviewed=reviewed,
        )


class ImportCommand(QUndoCommand):
    """An applied import on the undo stack: undo annuls it whole, redo imports it again."""

    def __init__(self, session: Session, request: ImportRequest, result: ImportResult) -> None:
        super().__init__(tr("Nhập phụ lục") + f" {request.path.name}")
        self.session = session
        self.request = request
        assert result.import_id is not None  # only an applied import is pushed
        self.import_id: str = result.import_id
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        reg = self.session.reg
        assert reg is not None
        # The undone import's codes go back to the units it makes again, and only to them.
        undone = [e.id for e in events_of_group(reg, self.import_id)]
        try:
            result = self.request.run(reg, dry_run=False, reissue=undone)
        except KnownError as exc:
            self.setObsolete(True)
            self.session.undo_failed(exc)
            return
        if not result.applied:
            self.setObsolete(True)
            self.session.undo_failed(
                KnownError(
                    tr("Không nhập lại được phụ lục: sổ đã thay đổi từ lần nhập trước."),
                    "The appendix can no longer be imported as before.",
                )
            )
            return
        self.import_id = result.import_id
        assert result.change is not None
        self.session.publish(result.change)

    def undo(self) -> None:
        reg = self.session.reg
        assert reg is not None
        try:
            _record, change = undo_import(reg, self.import_id)
        except KnownError as exc:
            self.setObsolete(True)
            self.session.undo_failed(exc)
            return
        self.session.publish(change)


# Which event type the store records for each action of the preview.
_EVENT_OF_ACTION = (
    (ADDED, history.CREATE),
    (BASIS, history.BASIS),
    (RENAMED, history.RENAME),
    (RECODED, history.RECODE),
    (MOVED, history.MOVE),
    (CLOSED_ACTION, history.CLOSE),
)


# -- pages ----------------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Chọn tệp phụ lục"))
        self.setSubTitle(
            tr(
                "Tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods) chứa phụ lục danh sách mã định "
                "danh kèm theo quyết định."
            )
        )
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setPlaceholderText(tr("đường dẫn tới tệp phụ lục"))
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(tr("Chọn tệp…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b03a2e;")
        layout.addWidget(self.error)
        layout.addStretch(1)

    def browse(self) -> None:
        start = str(Path(self.path.text()).parent) if self.path.text() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Chọn tệp phụ lục"), start, tr("Bảng tính") + f" ({WORKBOOKS})"
        )
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and not self.wiz.working

    def validatePage(self) -> bool:
        return self.wiz.read_file(Path(self.path.text().strip()))


class ContentPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Nội dung đọc được"))
        self.setSubTitle(
            tr(
                "Chọn các trang cần đọc, dòng tiêu đề và cột của từng trường (đã chọn sẵn những "
                "gì tìm thấy), rồi kiểm tra quyết định."
            )
        )
        layout = QVBoxLayout(self)
        self.sheets = QTableWidget(0, 4)
        self.sheets.setHorizontalHeaderLabels(
            [tr("Trang"), tr("Dòng tiêu đề"), tr("Số dòng dữ liệu"), tr("Các cột")]
        )
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sheets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact(self.sheets)
        header = self.sheets.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 170), (1, 110), (2, 125)):
            self.sheets.setColumnWidth(col, width)
        self.sheets.setMaximumHeight(150)
        self.sheets.itemChanged.connect(self._sheet_ticked)
        self.sheets.currentCellChanged.connect(lambda row, *_: self._show_columns(row))
        layout.addWidget(self.sheets)
        self.columns_box = QGroupBox(tr("Cột của từng trường"))
        grid = QGridLayout(self.columns_box)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setVerticalSpacing(2)
        self.field_boxes: dict[str, QComboBox] = {}
        labels = appendix_field_labels()
        for i, f in enumerate(FIELDS):
            combo = QComboBox()
            combo.setMinimumWidth(180)
            combo.currentIndexChanged.connect(lambda _i, f=f: self._column_chosen(f))
            self.field_boxes[f] = combo
            grid.addWidget(QLabel(labels[f] + ":"), i // 3, (i % 3) * 2)
            grid.addWidget(combo, i // 3, (i % 3) * 2 + 1)
        reread = QHBoxLayout()
        self.choice_note = QLabel()
        self.choice_note.setWordWrap(True)
        self.choice_note.setStyleSheet("color: #1f618d;")
        self.reread = QPushButton(tr("Đọc lại theo lựa chọn"))
        self.reread.clicked.connect(lambda: self.wiz.reread(self.chosen_sheets(), self.layouts()))
        reread.addWidget(self.choice_note, 1)
        reread.addWidget(self.reread)
        grid.addLayout(reread, len(FIELDS) // 3 + 1, 0, 1, 6)
        layout.addWidget(self.columns_box)
        # sheet → (header row, field → column letter): what the clerk has chosen so far
        self.choices: dict[str, tuple[int, dict[str, str]]] = {}
        self._found: dict[str, tuple[int, dict[str, str]]] = {}
        self._read_sheets: list[str] = []
        self._filling = False
        self.titles = QLabel()
        self.titles.setWordWrap(True)
        self.titles.setStyleSheet("color: #566573;")
        layout.addWidget(self.titles)
        # The one decision form (and the recorded decisions above it), as every change has it.
        self.decision = DecisionPicker(wizard.session, title=tr("Quyết định kèm theo"))
        self.decision.changed.connect(self._decision_changed)
        self.existing = QLabel()
        self.existing.setWordWrap(True)
        self.existing.setStyleSheet("color: #1f618d;")
        box = self.decision.layout()
        assert box is not None  # the picker lays itself out in __init__
        box.addWidget(self.existing)
        layout.addWidget(self.decision)
        self.replace_list = QCheckBox(
            tr("Danh sách thay thế danh sách cũ: đề nghị đóng các đơn vị không còn trong phụ lục")
        )
        layout.addWidget(self.replace_list)
        layout.addStretch(1)

    def initializePage(self) -> None:
        appendix = self.wiz.appendix
        assert appendix is not None and self.wiz.reg is not None
        self.fill_sheets()
        titles = [t for t in appendix.titles if t]
        if appendix.decision.line:
            titles.append(appendix.decision.line)
        self.titles.setText("\n".join(titles))
        hint = appendix.decision
        # What the appendix's line names: the decision already recorded under that number,
        # else a new one filled with the line's number, issuer, date and act.
        self.decision.form.fill(hint.number, hint.issuer, hint.signed, hint.type)
        existing = self.wiz.reg.decision_by_number(hint.number) if hint.number else None
        if existing is not None and not existing.withdrawn:
            self.decision.choose(existing.id)
        else:
            self.decision.combo.setCurrentIndex(0)
        self._decision_changed()

    def _decision_changed(self) -> None:
        notes = [text for _severity, text in self.decision.problems()]
        if not self.decision.is_new:
            notes.append(tr("Quyết định này đã có trong sổ; các thay đổi sẽ gắn với nó."))
        self.existing.setText("\n".join(notes))
        self.existing.setVisible(bool(notes))
        self.completeChanged.emit()

    # -- sheets, header rows, columns -------------------------------------------------------------

    def fill_sheets(self) -> None:
        """Every sheet of the workbook, those read ticked, with what was found pre-selected."""
        appendix = self.wiz.appendix
        assert appendix is not None
        self._filling = True
        read = {s.name: s for s in appendix.sheets}
        self._read_sheets = [s.name for s in appendix.sheets]
        self._found = {s.name: (s.header_row, dict(s.columns)) for s in appendix.sheets}
        self.choices = {n: (h, dict(c)) for n, (h, c) in self._found.items()}
        self.headers = {s.name: s.headers for s in appendix.sheets}
        names = appendix.sheet_names or self._read_sheets
        self.sheets.setRowCount(len(names))
        labels = appendix_field_labels()
        for r, name in enumerate(names):
            sheet = read.get(name)
            item = QTableWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if sheet is not None else Qt.CheckState.Unchecked
            )
            self.sheets.setItem(r, 0, item)
            spin = QSpinBox()
            spin.setRange(1, HEADER_SEARCH_ROWS)
            spin.setValue(sheet.header_row if sheet is not None else 1)
            spin.setEnabled(sheet is not None)
            spin.valueChanged.connect(lambda value, n=name: self._header_chosen(n, value))
            self.sheets.setCellWidget(r, 1, spin)
            rows = show_count(sheet.rows) if sheet is not None else tr("không đọc")
            columns = ""
            if sheet is not None:
                columns = ", ".join(
                    f"{labels.get(f, f)} ({letter})" for f, letter in sheet.columns.items()
                )
                if sheet.encoding:
                    columns += "  ·  " + tr("bảng mã") + f" {sheet.encoding}"
            for c, value in ((2, rows), (3, columns)):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.sheets.setItem(r, c, cell)
        self._filling = False
        if names:
            self.sheets.setCurrentCell(0, 0)
        self._show_columns(0)
        self._note()

    def _sheet_name(self, row: int) -> str | None:
        item = self.sheets.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def _sheet_ticked(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        on = item.checkState() == Qt.CheckState.Checked
        spin = self.sheets.cellWidget(item.row(), 1)
        if spin is not None:
            spin.setEnabled(on)
        if on and item.text() not in self.choices:
            self.choices[item.text()] = (1, {})
        if on:
            self.sheets.setCurrentCell(item.row(), 0)  # its columns are to choose next
        self._show_columns(self.sheets.currentRow())
        self._note()

    def _header_chosen(self, sheet: str, row: int) -> None:
        if self._filling:
            return
        _old, columns = self.choices.get(sheet, (row, {}))
        self.choices[sheet] = (row, columns)
        self._note()

    def _show_columns(self, row: int) -> None:
        """The column boxes show the choices of the sheet on ``row``."""
        name = self._sheet_name(row)
        ticked = name is not None and name in self.chosen_sheets()
        self.columns_box.setEnabled(ticked)
        self.columns_box.setTitle(tr("Cột của từng trường") + (f" — {name}" if name else ""))
        chosen = self.choices.get(name or "", (1, {}))[1]
        headers = self.headers.get(name or "", {})
        last = max([*(column_index(x) or 0 for x in [*chosen.values(), *headers]), 9])
        was = self._filling
        self._filling = True
        for f, combo in self.field_boxes.items():
            combo.clear()
            combo.addItem(tr("(không có)"), "")
            for j in range(last + 3):
                letter = column_letter(j)
                text = headers.get(letter, "")
                combo.addItem(f"{letter} — {text}" if text else letter, letter)
            combo.setCurrentIndex(max(0, combo.findData(chosen.get(f, ""))))
        self._filling = was

    def _column_chosen(self, f: str) -> None:
        if self._filling:
            return
        name = self._sheet_name(self.sheets.currentRow())
        if name is None:
            return
        header_row, columns = self.choices.get(name, (1, {}))
        letter = self.field_boxes[f].currentData()
        columns = dict(columns)
        if letter:
            columns[f] = letter
        else:
            columns.pop(f, None)
        self.choices[name] = (header_row, columns)
        self._note()

    def chosen_sheets(self) -> list[str]:
        return [
            item.text()
            for r in range(self.sheets.rowCount())
            if (item := self.sheets.item(r, 0)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def layouts(self) -> dict[str, SheetLayout]:
        """The clerk's header rows and columns where they differ from what was found."""
        out = {}
        for name in self.chosen_sheets():
            choice = self.choices.get(name)
            if choice is not None and choice != self._found.get(name):
                out[name] = SheetLayout(choice[0], dict(choice[1]))
        return out

    def changed(self) -> bool:
        """Whether the choices differ from what the file was read with."""
        return bool(self.layouts()) or self.chosen_sheets() != self._read_sheets

    def _note(self) -> None:
        if not self.chosen_sheets():
            self.choice_note.setText(tr("Chọn ít nhất một trang."))
        elif self.changed():
            self.choice_note.setText(
                tr("Đã đổi lựa chọn: tệp sẽ được đọc lại khi bấm «Đọc lại» hoặc «Tiếp».")
            )
        else:
            self.choice_note.setText("")
        self.reread.setEnabled(self.changed() and bool(self.chosen_sheets()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            bool(self.decision.number)
            and not any(severity == ERROR for severity, _ in self.decision.problems())
            and bool(self.chosen_sheets())
            and not self.wiz.working
        )

    def request(self) -> ImportRequest:
        appendix = self.wiz.appendix
        assert appendix is not None
        picker = self.decision
        chosen = picker.chosen
        form = picker.form
        kind: str | None = None
        if chosen is not None:
            issuer, signed, effective = chosen.issuer, chosen.signed, chosen.effective
        else:
            issuer, signed = form.issuer.text().strip(), iso(form.signed)
            effective = iso(form.effective)
            # The type shown is the type recorded; a number already recorded keeps its own
            # type unless the clerk picked another.
            recorded = self.wiz.reg is not None and self.wiz.reg.decision_by_number(picker.number)
            kind = form.chosen_type if recorded else form.type
        changed = self.changed()
        return ImportRequest(
            path=appendix.path,
            sheets=self.chosen_sheets() if changed else [s.name for s in appendix.sheets],
            number=picker.number,
            issuer=issuer,
            signed=signed,
            effective=effective,
            replace_list=self.replace_list.isChecked(),
            layouts=self.layouts() or None,
            type=kind,
        )

    def validatePage(self) -> bool:
        return self.wiz.dry_run(self.request())


class ChangesPage(QWizardPage):
    """The changeset of the dry run, and the findings on the registry it would make."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Xem trước các thay đổi"))
        self.setSubTitle(
            tr("Chưa có gì được ghi vào sổ. Nhấp đúp một dòng để xem ô gốc trong tệp.")
        )
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        # What the back-filled units do later, as the store will record it (before writing).
        self.later = QLabel()
        self.later.setWordWrap(True)
        self.later.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.later)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("Hiện:")))
        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(self._fill_changes)
        filters.addWidget(self.filter)
        filters.addStretch(1)
        # For the body that made the appendix: what to fix, cell by cell.
        self.export_problems = QPushButton(icon("export"), tr("Xuất các vấn đề ra Excel…"))
        self.export_problems.clicked.connect(self.save_problems)
        filters.addWidget(self.export_problems)
        layout.addLayout(filters)
        self.tabs = QTabWidget()
        self.changes = QTableWidget(0, 7)
        self.changes.setHorizontalHeaderLabels(
            [
                tr("Thay đổi"),
                list_heading("code"),
                list_heading("name"),
                tr("Trước đây"),
                field_label("parent"),
                tr("Vị trí trong tệp"),
                tr("Lý do"),
            ]
        )
        self._table(self.changes, ((3, 180), (6, 260)))
        self.changes.setIconSize(QSize(16, 16))
        # The name takes what is left; the last columns stay readable.
        self.changes.horizontalHeader().setStretchLastSection(False)
        self.changes.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes.cellDoubleClicked.connect(self._change_source)
        self.findings = QTableWidget(0, 4)
        self.findings.setHorizontalHeaderLabels(
            [tr("Mức"), field_label("code"), tr("Vị trí trong tệp"), tr("Nội dung")]
        )
        self._table(self.findings, ((0, 100), (1, 120), (2, 130)))
        self.findings.cellDoubleClicked.connect(self._finding_source)
        self.tabs.addTab(self.changes, tr("Thay đổi"))
        self.tabs.addTab(self.findings, tr("Kết quả kiểm tra"))
        layout.addWidget(self.tabs, 1)
        self.blocked = QLabel()
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("color: #b03a2e; font-weight: bold;")
        layout.addWidget(self.blocked)
        self.rows: list[Proposed] = []

    @staticmethod
    def _table(table: QTableWidget, widths: tuple[tuple[int, int], ...]) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        compact(table)
        table.horizontalHeader().setStretchLastSection(True)
        for col, width in widths:
            table.setColumnWidth(col, width)

    def initializePage(self) -> None:
        result = self.wiz.outcome
        assert result is not None
        counts = result.changeset.counts
        labels = action_labels()
        parts = []
        for action in (ADDED, BASIS, RENAMED, RECODED, MOVED, CLOSED_ACTION, UNCHANGED, CONFLICT):
            n = counts.get(action, 0)
            if action == BASIS and not n:
                continue  # only out-of-order entries have it: no empty section otherwise
            text = f"{labels[action]}: <b>{show_count(n)}</b>"
            if action == CONFLICT and n:
                text = f'<span style="color:#b03a2e">{text}</span>'
            parts.append(text)
        decision = result.decision
        head = html.escape(
            act_type_label(decision.type or QUYET_DINH)
            + f" {decision.number or ''}, "
            + tr("hiệu lực")
            + " "
        ) + html.escape(_show(decision.effective))
        rows_read = show_count(len(result.appendix.rows))
        self.summary.setText(
            f"{head}<br>{rows_read} " + tr("dòng dữ liệu") + " — " + " · ".join(parts)
        )
        self.later.setText(self._later_text())
        self.later.setVisible(bool(self.later.text()))
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(tr("Mọi thay đổi (trừ dòng không đổi)"), "changed")
        for action in (ADDED, BASIS, RENAMED, RECODED, MOVED, CLOSED_ACTION, CONFLICT, UNCHANGED):
            if counts.get(action, 0):
                self.filter.addItem(f"{labels[action]} ({show_count(counts[action])})", action)
        self.filter.addItem(tr("Tất cả các dòng"), "all")
        self.filter.blockSignals(False)
        self._fill_changes()
        self._fill_findings()
        self.export_problems.setEnabled(bool(counts.get(CONFLICT, 0) or result.findings))
        self.tabs.setTabText(1, tr("Kết quả kiểm tra") + f" ({show_count(len(result.findings))})")
        problems = []
        if counts.get(CONFLICT, 0):
            problems.append(show_count(counts[CONFLICT]) + " " + tr("dòng xung đột"))
        if result.new_errors:
            problems.append(show_count(len(result.new_errors)) + " " + tr("lỗi kiểm tra mới"))
        if problems:
            self.blocked.setText(
                tr("Không áp dụng được:")
                + " "
                + ", ".join(problems)
                + ". "
                + tr("Hãy sửa tệp rồi nhập lại; sổ không bị thay đổi.")
            )
        elif not result.changeset.has_changes:
            self.blocked.setText(tr("Phụ lục không có thay đổi nào so với sổ."))
        else:
            self.blocked.setText("")
        self.wiz.setButtonText(QWizard.WizardButton.CommitButton, tr("Áp dụng vào sổ"))

    def _later_text(self) -> str:
        """The units that end with a parent closed after the date, and the enterprises that
        pass then to its successor, their code unchanged."""
        result = self.wiz.outcome
        assert result is not None
        notation = self.wiz.notation
        along, same_code = tr("cùng"), tr("mã số không đổi")
        lines = []
        for e in result.changeset.endings:
            lines.append(
                f"{tr(history.WITH_PARENT_LABEL)} {_show(e.effective)}: "
                f"{_code(e.code, e.kind, notation)} {e.name} "
                f"({along} {_code(e.parent, AGENCY, notation)})"
            )
        for h in result.changeset.handed:
            lines.append(
                f"{tr(history.TO_SUCCESSOR_LABEL)} {_show(h.effective)}: "
                f"{_code(h.code, h.kind, notation)} {h.name} → "
                f"{_code(h.successor, AGENCY, notation)} ({same_code})"
            )
        return "<br>".join(html.escape(line) for line in lines)

    def isComplete(self) -> bool:
        result = self.wiz.outcome
        return (
            not self.wiz.working
            and result is not None
            and not result.blocked
            and result.changeset.has_changes
        )

    def _fill_changes(self) -> None:
        result = self.wiz.outcome
        if result is None:
            return
        wanted = self.filter.currentData() or "changed"
        notation = self.wiz.notation
        labels = action_labels()
        rows = [
            c
            for c in result.changeset.changes
            if wanted == "all"
            or (wanted == "changed" and c.action != UNCHANGED)
            or c.action == wanted
        ]
        self.rows = rows
        self.changes.setRowCount(len(rows))
        # Columns with nothing to say for these rows stay out of the way.
        self.changes.setColumnHidden(
            3, not any(c.old_code or c.old_name for c in rows if c.action != UNCHANGED)
        )
        self.changes.setColumnHidden(6, not any(c.reason is not None for c in rows))
        english = language() == ENGLISH
        for r, c in enumerate(rows):
            before = []
            if c.old_code and c.old_code != c.code:
                before.append(_code(c.old_code, c.kind, notation))
            if c.old_name and c.old_name != c.name:
                before.append(c.old_name)
            reason = ""
            if c.reason is not None:
                reason = c.reason.message_en if english else c.reason.message
            code = c.code or ""
            if c.action != CONFLICT and c.code:
                code = _code(c.code, c.kind, notation)
            elif c.source is not None:
                code = c.source.raw_code
            values = [
                labels.get(c.action, c.action),
                code,
                c.name or "",
                " — ".join(before),
                _code(c.parent, c.kind, notation) if c.parent else "",
                _where(c.sheet, c.row)
                or (tr("không có trong phụ lục") if c.action == CLOSED_ACTION else ""),
                reason,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if col == 0 and c.action in _ACTION_ICONS:
                    item.setIcon(icon(_ACTION_ICONS[c.action]))
                if c.action == CONFLICT:
                    item.setForeground(QBrush(_RED))
                elif c.action == UNCHANGED:
                    item.setForeground(QBrush(_GREY))
                self.changes.setItem(r, col, item)
        # Short columns as wide as their widest text, so that nothing is cut.
        for col in (0, 1, 4, 5):
            self.changes.resizeColumnToContents(col)

    def _fill_findings(self) -> None:
        result = self.wiz.outcome
        assert result is not None
        english = language() == ENGLISH
        icons = {"error": "severity-error", "warning": "severity-warning", "info": "severity-info"}
        self.findings.setRowCount(len(result.findings))
        for r, f in enumerate(result.findings):
            values = [
                severity_label(f.severity),
                f.code or "",
                _where(f.sheet, f.row),
                f.message_en if english else f.message,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if col == 0:
                    item.setIcon(icon(icons.get(f.severity, "severity-info")))
                self.findings.setItem(r, col, item)

    def save_problems(self) -> Path | None:
        """The conflicts and findings as a workbook (sheet, row, cell, problem, hint)."""
        result = self.wiz.outcome
        if result is None:
            return None
        start = result.appendix.path.with_name(result.appendix.path.stem + "-van-de.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Xuất các vấn đề ra Excel"), str(start), tr("Bảng tính") + " (*.xlsx)"
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            count = write_problems(result, path)
        except Exception as exc:  # a known problem gets its message, a bug its dialog
            errors.report(self, exc)
            return None
        self.wiz.session.say(
            tr("Đã ghi {n} vấn đề vào").replace("{n}", show_count(count)) + f" {path.name}", 8000
        )
        return path

    def _change_source(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.rows):
            self.wiz.show_source(self.rows[row].sheet, self.rows[row].row)

    def _finding_source(self, row: int, _col: int) -> None:
        result = self.wiz.outcome
        if result is not None and 0 <= row < len(result.findings):
            f = result.findings[row]
            self.wiz.show_source(f.sheet, f.row)

    def validatePage(self) -> bool:
        return self.wiz.apply()


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Đã nhập phụ lục"))
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.wiz.outcome
        assert result is not None
        # The counts of the events the store holds for this import, read back after it was
        # written: never the plan of the preview.
        written = self.wiz.written
        labels = action_labels()
        lines = [
            f"{labels[a]}: <b>{show_count(written.get(event, 0))}</b>"
            for a, event in _EVENT_OF_ACTION
            if written.get(event, 0)
        ]
        if not lines:
            lines = [tr("Không có thay đổi nào được ghi.")]
        self.text.setText(
            tr("Các thay đổi đã được ghi vào sổ theo Quyết định")
            + f" <b>{html.escape(result.decision.number or '')}</b>:<br>"
            + "<br>".join(lines)
            + "<br><br>"
            + tr("Muốn hủy cả lần nhập này: Sửa › Hoàn tác (Ctrl+Z).")
        )


# -- the wizard -----------------------------------------------------------------------------------


class ImportWizard(QWizard):
    def __init__(self, session: Session) -> None:
        super().__init__(session.window)
        self.session = session
        self.reg = session.reg
        assert self.reg is not None
        self.notation = self.reg.notation
        self.setWindowTitle(tr("Nhập phụ lục quyết định"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(1080, 680)
        self.appendix: Appendix | None = None
        self.request: ImportRequest | None = None
        self.outcome: ImportResult | None = None  # not ``result``: QDialog has result()
        self._advance: int | None = None
        self.working = False
        self.job: workers.Job | None = None
        # The automatic copy taken while the clerk reads the review (see _copy_during_review).
        self.copying: workers.Job | None = None
        self.written: dict[str, int] = {}
        self.file_page = FilePage(self)
        self.content_page = ContentPage(self)
        self.changes_page = ChangesPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.content_page, self.changes_page, self.done_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("Tiếp >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("Xong"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("Hủy"))
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Áp dụng vào sổ"))

    # Work runs in the background; the page asks to move on, the job moves on when done. One
    # job at a time: while it runs, Next, Back and Cancel are off and a page's validatePage
    # starts nothing, and a job's result only ever moves on the page that started it.

    def _proceed(self) -> bool:
        if self._advance is not None and self._advance == self.currentId():
            self._advance = None
            return True
        return False

    def _go_on(self, page: int) -> None:
        if self.currentId() != page:
            return
        self._advance = page
        self.next()
        self._advance = None

    def _start(self, job: workers.Job) -> workers.Job:
        self.job = job
        self._set_working(True)
        job.done.connect(lambda: self._set_working(False))
        return workers.start(job)

    def _set_working(self, on: bool) -> None:
        if self.working == on:
            return
        self.working = on
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if on:
                button.setEnabled(False)
            elif which == QWizard.WizardButton.CancelButton:
                button.setEnabled(True)

    def reject(self) -> None:
        if self.working:
            return  # the progress dialog's own Cancel stops a job that may be stopped
        if self.copying is not None and not self.copying.finished:
            self.copying.cancel()  # nothing to apply: the copy for it is not needed
        super().reject()

    def read_file(self, path: Path) -> bool:
        if self._proceed():
            return True
        if self.working:
            return False
        page = self.currentId()
        self.file_page.error.setText("")

        def work(_reg: Registry | None, job: workers.Job) -> Appendix:
            job.progress(0, 0, tr("Đang đọc") + f" {path.name}…")
            # In a child process: a parser that aborts must not take the window with it.
            appendix = read_appendix_isolated(
                path, cancelled=lambda: job.cancelled, on_progress=job.on_progress
            )
            job.check()
            assert appendix is not None
            return appendix

        job = workers.Job(work, None)
        job.succeeded.connect(lambda appendix: self._read(appendix, page))
        job.failed.connect(self._read_failed)
        workers.ProgressDialog(job, tr("Nhập phụ lục"), tr("Đang đọc tệp…"), self)
        self._start(job)
        return False

    def _read(self, appendix: Appendix, page: int) -> None:
        self.appendix = appendix
        self.outcome = None
        self._set_working(False)
        self._go_on(page)

    def reread(self, sheets: list[str], layouts: dict[str, SheetLayout]) -> workers.Job | None:
        """Read the file again with the clerk's sheets, header rows and columns."""
        appendix = self.appendix
        if self.working or appendix is None or not sheets:
            return None
        path = appendix.path

        def work(_reg: Registry | None, job: workers.Job) -> Appendix:
            job.progress(0, 0, tr("Đang đọc lại tệp theo lựa chọn…"))
            return read_appendix(path, sheets, layouts, job.on_progress)

        def done(read: Appendix) -> None:
            self.appendix = read
            self.outcome = None
            self._set_working(False)
            self.content_page.fill_sheets()

        job = workers.Job(work, None)
        job.succeeded.connect(done)
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Nhập phụ lục"), tr("Đang đọc tệp…"), self)
        return self._start(job)

    def _read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.file_page.error.setText(message(exc))
        else:
            errors.show_bug(self, exc)

    def dry_run(self, request: ImportRequest) -> bool:
        if self._proceed():
            return True
        if self.working:
            return False
        page = self.currentId()
        # The clerk's choices of sheets, header rows and columns: the file is read again.
        appendix = None if self.content_page.changed() else self.appendix
        self.request = request
        self.outcome = None

        def work(reg: Registry | None, job: workers.Job) -> ImportResult:
            assert reg is not None
            read = appendix
            if read is None:
                job.progress(0, 0, tr("Đang đọc lại tệp theo lựa chọn…"))
                read = request.read(job.on_progress)
            rows = show_count(len(read.rows))
            job.progress(
                0,
                0,
                tr("Đang đối chiếu {n} dòng đọc được với sổ và kiểm tra…").replace("{n}", rows),
            )
            return request.run(reg, dry_run=True, appendix=read, on_progress=job.on_progress)

        assert self.session.db_path is not None
        # A dry run applies the changes inside a transaction and rolls it back: it needs a
        # writable connection of its own.
        job = workers.Job(work, self.session.db_path, readonly=False)
        job.succeeded.connect(lambda result: self._dry_run_done(result, page))
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Nhập phụ lục"), tr("Đang đối chiếu…"), self)
        self._start(job)
        return False

    def _dry_run_done(self, result: ImportResult, page: int) -> None:
        if result.appendix is not self.appendix:
            self.appendix = result.appendix
            self.content_page.fill_sheets()
        self.outcome = result
        self._set_working(False)
        self._go_on(page)
        if result.changeset.has_changes and not result.blocked:
            self._copy_during_review()

    def _copy_during_review(self) -> None:
        """The automatic copy applying needs, taken in the background while the clerk reads the
        review (on a million units, seconds): applying waits only for what is left of it, then
        finds the registry unchanged since and goes straight to writing. Nothing changes the
        registry meanwhile (the wizard is modal; a dry run writes nothing it keeps). One copy at
        a time: after Back and another dry run, the copy under way is the one."""
        if self.copying is not None and not self.copying.finished:
            return

        def work(reg: Registry | None, job: workers.Job) -> None:
            assert reg is not None
            backup_before(reg, IMPORT_BACKUP, if_changed=True, on_progress=job.on_progress)

        assert self.session.db_path is not None
        # Writable as the import's own connection is: the copy is the writer's to make.
        self.copying = workers.start(workers.Job(work, self.session.db_path, readonly=False))

    def apply(self) -> bool:
        if self._proceed():
            return True
        if self.working:
            return False
        page = self.currentId()
        request = self.request
        appendix = self.appendix
        preview = self.outcome
        if request is None or preview is None or preview.blocked:
            return False
        copying = self.copying
        if copying is not None and not copying.finished:
            # Applied once the copy taken during the review is whole (a failed copy is taken
            # again, or refused with its reason, by the import itself).
            self.job = copying
            self._set_working(True)
            copying.done.connect(lambda: self._copied(page))
            workers.ProgressDialog(
                copying,
                tr("Nhập phụ lục"),
                tr("Đang sao lưu sổ trước khi ghi…"),
                self,
                cancellable=False,
            )
            return False
        changes = sum(
            n for a, n in preview.changeset.counts.items() if a not in (UNCHANGED, CONFLICT)
        )

        def work(reg: Registry | None, job: workers.Job) -> tuple[ImportResult, dict[str, int]]:
            assert reg is not None
            job.progress(
                0, 0, tr("Đang ghi {n} thay đổi vào sổ…").replace("{n}", show_count(changes))
            )
            # The dry run the clerk has read: taken as found if nothing was written since.
            result = request.run(
                reg,
                dry_run=False,
                appendix=appendix,
                on_progress=job.on_progress,
                reviewed=preview,
            )
            # What the file holds now, read back: the last page reports it, not the plan.
            written = import_event_counts(reg, result.import_id) if result.applied else {}
            return result, written

        assert self.session.db_path is not None
        job = workers.Job(work, self.session.db_path, readonly=False)
        job.succeeded.connect(lambda out: self._applied(out[0], out[1], page))
        job.failed.connect(lambda exc: errors.report(self, exc))
        # One transaction: it completes or leaves nothing; stopping halfway is not offered.
        workers.ProgressDialog(
            job, tr("Nhập phụ lục"), tr("Đang ghi các thay đổi vào sổ…"), self, cancellable=False
        )
        self._start(job)
        return False

    def _copied(self, page: int) -> None:
        self._set_working(False)
        if self.currentId() == page:
            self.apply()

    def _applied(self, result: ImportResult, written: dict[str, int], page: int) -> None:
        self.outcome = result
        self.written = written
        self._set_working(False)
        if not result.applied:
            # Someone changed the registry since the preview: show the new changeset.
            self.changes_page.initializePage()
            QMessageBox.warning(
                self,
                tr("Nhập phụ lục"),
                tr("Sổ đã thay đổi từ lúc xem trước; không có gì được ghi. Hãy xem lại."),
            )
            return
        assert self.request is not None
        assert result.change is not None and self.reg is not None
        decision = self.reg.decision_by_number(result.decision.number or "")
        command = ImportCommand(self.session, self.request, result)
        self.session.imported(command, result.change, decision.id if decision else None)
        # The import committed without copying its pages back into the file: done now, beside
        # the clerk reading the result (store.base.checkpoint_in_background).
        assert self.session.db_path is not None
        checkpoint_in_background(self.session.db_path)
        self._go_on(page)

    # -- the source of a row ---------------------------------------------------------------------

    def source_text(self, sheet: str | None, row: int | None) -> str:
        """The cells of one appendix row as the file has them (raw, before any cleaning)."""
        appendix = self.appendix
        if appendix is None or sheet is None or row is None:
            return tr("Dòng này không đến từ một ô của tệp.")
        info = next((s for s in appendix.sheets if s.name == sheet), None)
        source = next((r for r in appendix.rows if r.sheet == sheet and r.row == row), None)
        lines = [tr("Tệp:") + f" {appendix.file_name}", tr("Trang:") + f" {sheet}"]
        lines.append(tr("Dòng:") + f" {row}")
        if source is not None and info is not None:
            raw = {
                "stt": source.stt,
                "name": source.raw_name,
                "code": source.raw_code,
                "parent": source.parent_text,
                "level": source.level_text,
                "note": source.note,
            }
            raw.update({k: v or "" for k, v in source.details.items()})
            for field, letter in info.columns.items():
                value = raw.get(field, "")
                label = appendix_field_labels().get(field, field)
                lines.append(f"{letter}{row}  {label}: «{value}»")
        return "\n".join(lines)

    def show_source(self, sheet: str | None, row: int | None) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("Ô gốc trong tệp"),
            self.source_text(sheet, row),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source_box = box
        box.open()
        return box


def _show(iso: str | None) -> str:
    from desktop.ui.i18n import show_date

    return show_date(iso)


def _code(canonical: str | None, kind: str, notation: str) -> str:
    if not canonical:
        return ""
    try:
        return from_canonical(canonical, kind).format(notation)
    except Exception:
        return canonical


def _where(sheet: str | None, row: int | None) -> str:
    if sheet is None:
        return ""
    return f"{sheet}, " + tr("dòng") + f" {row}" if row is not None else sheet


def open_import_wizard(session: Session, path: Path | None = None) -> ImportWizard | None:
    if session.reg is None or session.readonly:
        return None
    wizard = ImportWizard(session)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if path is not None:
        wizard.file_page.path.setText(str(path))
    wizard.open()
    return wizard


__all__ = ["ImportCommand", "ImportRequest", "ImportWizard", "open_import_wizard"]
