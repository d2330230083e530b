"""The import wizard: a decision's appendix (Excel) into the registry, seen before it is applied.

1. the file; 2. what was read (sheets, header rows, columns found, the decision named by the
``Kèm theo Quyết định số ...`` line, all editable); 3. the changeset of a dry run (added,
renamed, recoded, moved, closed, conflicts, findings; double-click a row for its source cell);
4. the result. Reading and the dry run happen off the GUI thread with a cancel button; applying
cannot be cancelled halfway (it is one transaction), so its progress has none. An applied import
goes on the undo stack: undo annuls the whole import, redo imports the same file again.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.domain.codes import from_canonical
from desktop.domain.errors import KnownError
from desktop.exchange.importer import ImportResult, import_appendix
from desktop.exchange.importer import undo as undo_import
from desktop.exchange.isolated import read_appendix_isolated
from desktop.exchange.reader import FIELD_LABELS, Appendix
from desktop.exchange.reconcile import (
    ADDED,
    CLOSED_ACTION,
    CONFLICT,
    MOVED,
    RECODED,
    RENAMED,
    UNCHANGED,
    Proposed,
)
from desktop.store.registry import Registry
from desktop.ui import errors, workers
from desktop.ui.i18n import ENGLISH, language, message, severity_label, show_count, tr
from desktop.ui.icons import icon
from desktop.ui.panels import compact

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

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
    return {
        ADDED: tr("Thêm mới"),
        RENAMED: tr("Đổi tên"),
        RECODED: tr("Đổi mã"),
        MOVED: tr("Chuyển đơn vị cấp trên"),
        CLOSED_ACTION: tr("Đóng mã"),
        UNCHANGED: tr("Không đổi"),
        CONFLICT: tr("Xung đột"),
    }


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    today = dt.date.today()
    edit.setDate(QDate(today.year, today.month, today.day))
    return edit


def _set_date(edit: QDateEdit, iso: str | None) -> None:
    if iso:
        d = dt.date.fromisoformat(iso)
        edit.setDate(QDate(d.year, d.month, d.day))


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

    def run(self, reg: Registry, *, dry_run: bool, appendix: Appendix | None = None):
        return import_appendix(
            reg,
            appendix if appendix is not None else self.path,
            sheets=self.sheets,
            number=self.number or None,
            issuer=self.issuer,
            signed=self.signed,
            effective=self.effective,
            replace_list=self.replace_list,
            dry_run=dry_run,
        )


class ImportCommand(QUndoCommand):
    """An applied import on the undo stack: undo annuls it whole, redo imports it again."""

    def __init__(self, window: MainWindow, request: ImportRequest, result: ImportResult) -> None:
        super().__init__(tr("Nhập phụ lục") + f" {request.path.name}")
        self.window = window
        self.request = request
        self.import_id = result.import_id
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        reg = self.window.reg
        assert reg is not None
        try:
            result = self.request.run(reg, dry_run=False)
        except KnownError as exc:
            self.setObsolete(True)
            self.window.undo_failed(exc)
            return
        if not result.applied:
            self.setObsolete(True)
            self.window.undo_failed(
                KnownError(
                    tr("Không nhập lại được phụ lục: sổ đã thay đổi từ lần nhập trước."),
                    "The appendix can no longer be imported as before.",
                )
            )
            return
        self.import_id = result.import_id
        self.window.after_import()

    def undo(self) -> None:
        reg = self.window.reg
        assert reg is not None
        try:
            undo_import(reg, self.import_id)
        except KnownError as exc:
            self.setObsolete(True)
            self.window.undo_failed(exc)
            return
        self.window.after_import()


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
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        return self.wiz.read_file(Path(self.path.text().strip()))


class ContentPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Nội dung đọc được"))
        self.setSubTitle(tr("Kiểm tra các trang, dòng tiêu đề và quyết định; sửa nếu cần."))
        layout = QVBoxLayout(self)
        self.sheets = QTableWidget(0, 5)
        self.sheets.setHorizontalHeaderLabels(
            [tr("Trang"), tr("Dòng tiêu đề"), tr("Số dòng dữ liệu"), tr("Các cột nhận ra"), ""]
        )
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        compact(self.sheets)
        header = self.sheets.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sheets.setColumnHidden(4, True)
        for col, width in ((0, 150), (1, 95), (2, 115)):
            self.sheets.setColumnWidth(col, width)
        self.sheets.setMaximumHeight(150)
        layout.addWidget(self.sheets)
        self.titles = QLabel()
        self.titles.setWordWrap(True)
        self.titles.setStyleSheet("color: #566573;")
        layout.addWidget(self.titles)
        box = QGroupBox(tr("Quyết định kèm theo"))
        form = QFormLayout(box)
        self.number = QLineEdit()
        self.number.textChanged.connect(self.completeChanged)
        self.issuer = QLineEdit()
        self.signed = _date_edit()
        self.effective = _date_edit()
        self.effective_same = QCheckBox(tr("cùng ngày ký"))
        self.effective_same.setChecked(True)
        self.effective_same.toggled.connect(lambda on: self.effective.setEnabled(not on))
        self.effective.setEnabled(False)
        form.addRow(tr("Số, ký hiệu:"), self.number)
        form.addRow(tr("Cơ quan ban hành:"), self.issuer)
        dates = QHBoxLayout()
        dates.addWidget(self.signed)
        dates.addSpacing(12)
        dates.addWidget(QLabel(tr("Ngày hiệu lực:")))
        dates.addWidget(self.effective)
        dates.addWidget(self.effective_same)
        dates.addStretch(1)
        form.addRow(tr("Ngày ký:"), dates)
        self.existing = QLabel()
        self.existing.setWordWrap(True)
        self.existing.setStyleSheet("color: #1f618d;")
        form.addRow("", self.existing)
        layout.addWidget(box)
        self.replace_list = QCheckBox(
            tr("Danh sách thay thế danh sách cũ: đề nghị đóng các đơn vị không còn trong phụ lục")
        )
        layout.addWidget(self.replace_list)
        layout.addStretch(1)

    def initializePage(self) -> None:
        appendix = self.wiz.appendix
        assert appendix is not None and self.wiz.reg is not None
        self.sheets.setRowCount(len(appendix.sheets))
        for r, sheet in enumerate(appendix.sheets):
            columns = ", ".join(
                f"{FIELD_LABELS.get(f, f)} ({letter})" for f, letter in sheet.columns.items()
            )
            values = [sheet.name, str(sheet.header_row), show_count(sheet.rows), columns]
            if sheet.encoding:
                values[3] += "  ·  " + tr("bảng mã") + f" {sheet.encoding}"
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.sheets.setItem(r, c, item)
        titles = [t for t in appendix.titles if t]
        if appendix.decision.line:
            titles.append(appendix.decision.line)
        self.titles.setText("\n".join(titles))
        hint = appendix.decision
        self.number.setText(hint.number or "")
        self.issuer.setText(hint.issuer or "")
        _set_date(self.signed, hint.signed)
        _set_date(self.effective, hint.signed)
        existing = self.wiz.reg.decision_by_number(hint.number) if hint.number else None
        if existing is not None:
            self.existing.setText(tr("Quyết định này đã có trong sổ; các thay đổi sẽ gắn với nó."))
            self.issuer.setText(existing.issuer)
            _set_date(self.signed, existing.signed)
            _set_date(self.effective, existing.effective)
            self.effective_same.setChecked(existing.effective == existing.signed)
        else:
            self.existing.setText("")

    def isComplete(self) -> bool:
        return bool(self.number.text().strip())

    def request(self) -> ImportRequest:
        appendix = self.wiz.appendix
        assert appendix is not None
        signed = self.signed.date().toString("yyyy-MM-dd")
        effective = signed if self.effective_same.isChecked() else None
        if effective is None:
            effective = self.effective.date().toString("yyyy-MM-dd")
        return ImportRequest(
            path=appendix.path,
            sheets=[s.name for s in appendix.sheets],
            number=self.number.text().strip(),
            issuer=self.issuer.text().strip(),
            signed=signed,
            effective=effective,
            replace_list=self.replace_list.isChecked(),
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
        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("Hiện:")))
        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(self._fill_changes)
        filters.addWidget(self.filter)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.tabs = QTabWidget()
        self.changes = QTableWidget(0, 7)
        self.changes.setHorizontalHeaderLabels(
            [
                tr("Thay đổi"),
                tr("Mã định danh"),
                tr("Tên cơ quan, đơn vị"),
                tr("Trước đây"),
                tr("Đơn vị cấp trên"),
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
            [tr("Mức"), tr("Mã"), tr("Vị trí trong tệp"), tr("Nội dung")]
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
        result = self.wiz.result
        assert result is not None
        counts = result.changeset.counts
        labels = action_labels()
        parts = []
        for action in (ADDED, RENAMED, RECODED, MOVED, CLOSED_ACTION, UNCHANGED, CONFLICT):
            n = counts.get(action, 0)
            text = f"{labels[action]}: <b>{show_count(n)}</b>"
            if action == CONFLICT and n:
                text = f'<span style="color:#b03a2e">{text}</span>'
            parts.append(text)
        decision = result.decision
        head = html.escape(
            tr("Quyết định") + f" {decision.number or ''}, " + tr("hiệu lực") + " "
        ) + html.escape(_show(decision.effective))
        rows_read = show_count(len(result.appendix.rows))
        self.summary.setText(
            f"{head}<br>{rows_read} " + tr("dòng dữ liệu") + " — " + " · ".join(parts)
        )
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(tr("Mọi thay đổi (trừ dòng không đổi)"), "changed")
        for action in (ADDED, RENAMED, RECODED, MOVED, CLOSED_ACTION, CONFLICT, UNCHANGED):
            if counts.get(action, 0):
                self.filter.addItem(f"{labels[action]} ({show_count(counts[action])})", action)
        self.filter.addItem(tr("Tất cả các dòng"), "all")
        self.filter.blockSignals(False)
        self._fill_changes()
        self._fill_findings()
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

    def isComplete(self) -> bool:
        result = self.wiz.result
        return result is not None and not result.blocked and result.changeset.has_changes

    def _fill_changes(self) -> None:
        result = self.wiz.result
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
        result = self.wiz.result
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

    def _change_source(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.rows):
            self.wiz.show_source(self.rows[row].sheet, self.rows[row].row)

    def _finding_source(self, row: int, _col: int) -> None:
        result = self.wiz.result
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
        result = self.wiz.result
        assert result is not None
        counts = result.changeset.counts
        labels = action_labels()
        lines = [
            f"{labels[a]}: <b>{show_count(counts.get(a, 0))}</b>"
            for a in (ADDED, RENAMED, RECODED, MOVED, CLOSED_ACTION)
            if counts.get(a, 0)
        ]
        self.text.setText(
            tr("Các thay đổi đã được ghi vào sổ theo Quyết định")
            + f" <b>{html.escape(result.decision.number or '')}</b>:<br>"
            + "<br>".join(lines)
            + "<br><br>"
            + tr("Muốn hủy cả lần nhập này: Sửa › Hoàn tác (Ctrl+Z).")
        )


# -- the wizard -----------------------------------------------------------------------------------


class ImportWizard(QWizard):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        self.reg = window.reg
        assert self.reg is not None
        self.notation = self.reg.notation
        self.setWindowTitle(tr("Nhập phụ lục quyết định"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(1080, 680)
        self.appendix: Appendix | None = None
        self.request: ImportRequest | None = None
        self.result: ImportResult | None = None
        self._advance = False
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

    # Work runs in the background; the page asks to move on, the job moves on when done.

    def _proceed(self) -> bool:
        if self._advance:
            self._advance = False
            return True
        return False

    def _go_on(self) -> None:
        self._advance = True
        self.next()

    def read_file(self, path: Path) -> bool:
        if self._proceed():
            return True
        self.file_page.error.setText("")

        def work(_reg: Registry | None, job: workers.Job) -> Appendix:
            job.progress(0, 0, tr("Đang đọc") + f" {path.name}…")
            # In a child process: a parser that aborts must not take the window with it.
            appendix = read_appendix_isolated(path, cancelled=lambda: job.cancelled)
            job.check()
            assert appendix is not None
            return appendix

        job = workers.Job(work, None)
        job.succeeded.connect(lambda appendix: self._read(appendix))
        job.failed.connect(self._read_failed)
        workers.ProgressDialog(job, tr("Nhập phụ lục"), tr("Đang đọc tệp…"), self)
        self.job = workers.start(job)
        return False

    def _read(self, appendix: Appendix) -> None:
        self.appendix = appendix
        self._go_on()

    def _read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            self.file_page.error.setText(message(exc))
        else:
            errors.show_bug(self, exc)

    def dry_run(self, request: ImportRequest) -> bool:
        if self._proceed():
            return True
        appendix = self.appendix
        self.request = request

        def work(reg: Registry | None, job: workers.Job) -> ImportResult:
            assert reg is not None
            job.progress(0, 0, tr("Đang đối chiếu với sổ và kiểm tra…"))
            return request.run(reg, dry_run=True, appendix=appendix)

        assert self.main.db_path is not None
        # A dry run applies the changes inside a transaction and rolls it back: it needs a
        # writable connection of its own.
        job = workers.Job(work, self.main.db_path, readonly=False)
        job.succeeded.connect(self._dry_run_done)
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Nhập phụ lục"), tr("Đang đối chiếu…"), self)
        self.job = workers.start(job)
        return False

    def _dry_run_done(self, result: ImportResult) -> None:
        self.result = result
        self._go_on()

    def apply(self) -> bool:
        if self._proceed():
            return True
        request = self.request
        appendix = self.appendix
        assert request is not None

        def work(reg: Registry | None, job: workers.Job) -> ImportResult:
            assert reg is not None
            return request.run(reg, dry_run=False, appendix=appendix)

        assert self.main.db_path is not None
        job = workers.Job(work, self.main.db_path, readonly=False)
        job.succeeded.connect(self._applied)
        job.failed.connect(lambda exc: errors.report(self, exc))
        progress = workers.ProgressDialog(
            job, tr("Nhập phụ lục"), tr("Đang ghi các thay đổi vào sổ…"), self
        )
        # One transaction: it completes or leaves nothing; stopping halfway is not offered.
        progress.setCancelButton(None)  # type: ignore[arg-type]
        self.job = workers.start(job)
        return False

    def _applied(self, result: ImportResult) -> None:
        self.result = result
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
        self.main.imported(self.request, result)
        self._go_on()

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
                label = FIELD_LABELS.get(field, field)
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


def open_import_wizard(window: MainWindow, path: Path | None = None) -> ImportWizard | None:
    if window.reg is None or window.readonly:
        return None
    wizard = ImportWizard(window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if path is not None:
        wizard.file_page.path.setText(str(path))
    wizard.open()
    return wizard


__all__ = ["ImportCommand", "ImportRequest", "ImportWizard", "open_import_wizard"]
