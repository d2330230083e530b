"""Printing (and saving as PDF) the reports of :mod:`desktop.reports`, and exporting to Excel.

The report is built off the GUI thread (it reads the registry, possibly all of it) with its own
connection; the print preview then lays it out and paints it with Qt on the GUI thread, from the
same :func:`desktop.reports.render.render` the command line uses for its PDF files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.build import BY_LEVEL, BY_PARENT, CHANGES, DECISION, TREE, VALIDATION
from desktop.reports.document import Document
from desktop.store.registry import Registry
from desktop.ui import errors, workers
from desktop.ui.i18n import show_count, show_date, tr

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def _date_edit(value: str | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    day = dt.date.fromisoformat(value) if value else dt.date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def _add_scope_rows(dialog: Any, form: QFormLayout, window: MainWindow, reg: Registry) -> None:
    """The branch and the date a report or an export covers: both dialogs ask the same way.

    Sets ``root``, ``root_code``, ``as_of_on``, ``as_of`` and ``as_of_row`` on the dialog.
    """
    unit = window.current_unit()
    dialog.root_code = unit.code if unit is not None else None
    dialog.root = QCheckBox(
        tr("Chỉ nhánh của đơn vị đang chọn")
        + (f": {unit.display_code(reg.notation)} {unit.name}" if unit else "")
    )
    dialog.root.setEnabled(unit is not None)
    form.addRow(dialog.root)
    dialog.as_of_on = QCheckBox(tr("Như ngày:"))
    dialog.as_of = _date_edit(window.as_of)
    dialog.as_of_on.setChecked(window.as_of is not None)
    row = QHBoxLayout()
    row.addWidget(dialog.as_of_on)
    row.addWidget(dialog.as_of)
    row.addStretch(1)
    dialog.as_of_row = QWidget()
    dialog.as_of_row.setLayout(row)
    form.addRow(dialog.as_of_row)


class ReportDialog(QDialog):
    """Which report to print: the kind, its scope and its dates, taken from what is on screen."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        assert window.reg is not None
        reg = window.reg
        self.setWindowTitle(tr("In báo cáo"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)

        kinds = QGroupBox(tr("Báo cáo"))
        kinds_layout = QVBoxLayout(kinds)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind, label in (
            (TREE, tr("Danh sách mã định danh")),
            (CHANGES, tr("Danh sách thay đổi trong một khoảng thời gian")),
            (DECISION, tr("Phụ lục của một quyết định")),
            (VALIDATION, tr("Kết quả kiểm tra")),
        ):
            button = QRadioButton(label)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds_layout.addWidget(button)
            button.toggled.connect(self._update)
        layout.addWidget(kinds)

        options = QGroupBox(tr("Phạm vi"))
        form = QFormLayout(options)
        _add_scope_rows(self, form, window, reg)
        self.by = QComboBox()
        self.by.addItem(tr("theo đơn vị cấp trên"), BY_PARENT)
        self.by.addItem(tr("theo cấp"), BY_LEVEL)
        form.addRow(tr("Chia mục:"), self.by)
        self.date_from = _date_edit(f"{dt.date.today().year}-01-01")
        self.date_to = _date_edit()
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(tr("đến")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        self.dates_row = QWidget()
        self.dates_row.setLayout(dates)
        form.addRow(tr("Hiệu lực từ:"), self.dates_row)
        self.decision = QComboBox()
        for d in reversed(reg.decisions()):
            self.decision.addItem(f"{d.number} — {show_date(d.effective)}", d.number)
        chosen = window.decisions.selected_decision()
        current = chosen.id if chosen else window.current_decision_id
        if current is not None:
            number = reg.decision(current).number
            self.decision.setCurrentIndex(max(0, self.decision.findData(number)))
        form.addRow(tr("Quyết định:"), self.decision)
        self.form = form
        layout.addWidget(options)
        from desktop.ui.signing import SignBox

        self.sign_box = SignBox(self)
        layout.addWidget(self.sign_box)

        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(
            tr("Xem trước và in…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.pdf_button = buttons.addButton(tr("Lưu PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(self.save_pdf)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_buttons[TREE].setChecked(True)
        self._update()
        self.document: Document | None = None

    @property
    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def _update(self) -> None:
        checked = [k for k, b in self.kind_buttons.items() if b.isChecked()]
        kind = checked[0] if checked else TREE
        self.root.setVisible(kind in (TREE, CHANGES, VALIDATION))
        for widget, kinds in (
            (self.as_of_row, {TREE}),
            (self.by, {TREE}),
            (self.dates_row, {CHANGES}),
            (self.decision, {DECISION}),
        ):
            widget.setVisible(kind in kinds)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(kind in kinds)

    def options(self) -> dict[str, Any]:
        kind = self.kind
        out: dict[str, Any] = {}
        if kind in (TREE, CHANGES, VALIDATION) and self.root.isChecked():
            out["root"] = self.root_code
        if kind == TREE:
            out["by"] = self.by.currentData()
            if self.as_of_on.isChecked():
                out["as_of"] = _iso(self.as_of)
        if kind == CHANGES:
            out["date_from"] = _iso(self.date_from)
            out["date_to"] = _iso(self.date_to)
        if kind == DECISION:
            out["decision"] = self.decision.currentData()
        return out

    def build(self, then: Any) -> workers.Job | None:
        """Build the report off the GUI thread, then hand the document to ``then``."""
        from desktop.reports.build import build_report

        kind, options = self.kind, self.options()

        def work(reg: Registry | None, job: workers.Job) -> Document:
            assert reg is not None
            return build_report(reg, kind, **options)

        if self.main.db_path is None:
            return None
        job = workers.Job(work, self.main.db_path, readonly=True)
        job.succeeded.connect(then)
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("In báo cáo"), tr("Đang lập báo cáo…"), self)
        return workers.start(job)

    def preview(self) -> workers.Job | None:
        return self.build(self._show_preview)

    def _show_preview(self, document: Document) -> None:
        self.document = document
        # Kept on the dialog: the preview only borrows the printer and Python would free it.
        self.printer = printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.title_text[:80])
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(tr("Xem trước khi in"))
        preview.resize(1000, 800)
        preview.paintRequested.connect(lambda p: self._paint(document, p))
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = preview
        preview.open()

    def _paint(self, document: Document, printer: QPrinter) -> None:
        from desktop.reports.render import render

        try:
            self.pages = render(document, printer)
        except Exception as exc:  # shown, never raised into Qt's paint loop
            errors.report(self, exc)

    def save_pdf(self, path: str | None = None) -> workers.Job | None:
        if path is None:
            start = self.main.db_path.parent if self.main.db_path else Path.home()
            path, _ = QFileDialog.getSaveFileName(
                self, tr("Lưu báo cáo PDF"), str(start / "bao-cao.pdf"), tr("Tệp PDF (*.pdf)")
            )
            if not path:
                return None
        target = Path(path if str(path).lower().endswith(".pdf") else f"{path}.pdf")
        from desktop.reports.build import build_report
        from desktop.ui.signing import save_signed

        kind, options = self.kind, self.options()
        try:
            request = self.sign_box.request()
        except Exception as exc:
            errors.report(self, exc)
            return None
        if request is not None:
            return save_signed(self, target, kind, options, request)

        def work(reg: Registry | None, job: workers.Job) -> int:
            assert reg is not None
            document = build_report(reg, kind, **options)
            job.check()
            from desktop.reports.render import write_pdf

            return write_pdf(document, target)

        if self.main.db_path is None:
            return None
        job = workers.Job(work, self.main.db_path, readonly=True)
        job.succeeded.connect(
            lambda pages: self.main.statusBar().showMessage(
                tr("Đã lưu báo cáo") + f" {target} ({pages} " + tr("trang") + ")", 8000
            )
        )
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Lưu báo cáo PDF"), tr("Đang lập báo cáo…"), self)
        self.saved_to = target
        return workers.start(job)


def print_dialog(window: MainWindow) -> ReportDialog | None:
    if window.reg is None:
        return None
    dialog = ReportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ExportDialog(QDialog):
    """Export the list (or a branch, as of a date) to Excel, CSV or JSON with
    :func:`desktop.exchange.writers.export`, off the GUI thread."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.main = window
        assert window.reg is not None
        reg = window.reg
        self.setWindowTitle(tr("Xuất danh sách mã"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Tệp .xlsx: phụ lục danh sách mã theo mẫu (in được ngay); .csv hoặc .json: "
                "danh mục với các trường dùng chung để chia sẻ dữ liệu."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        box = QGroupBox(tr("Phạm vi"))
        form = QFormLayout(box)
        _add_scope_rows(self, form, window, reg)
        self.notation = QComboBox()
        self.notation.addItem(tr("QCVN 102 (000.00.01.H59)"), "qcvn102")
        self.notation.addItem(tr("QĐ 20/2020 (H59.01)"), "qd20")
        self.notation.setCurrentIndex(max(0, self.notation.findData(reg.notation)))
        form.addRow(tr("Cách viết mã:"), self.notation)
        self.decision = QComboBox()
        self.decision.addItem(tr("(không ghi)"), None)
        for d in reversed(reg.decisions()):
            self.decision.addItem(f"{d.number} — {show_date(d.effective)}", d.number)
        form.addRow(tr("Kèm theo quyết định:"), self.decision)
        self.crosswalk = QCheckBox(tr("Bảng đối chiếu mã cũ → mã mới (thay cho danh sách)"))
        form.addRow(self.crosswalk)
        layout.addWidget(box)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            tr("Xuất ra tệp…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def options(self) -> dict[str, Any]:
        out: dict[str, Any] = {"notation": self.notation.currentData()}
        if self.root.isChecked():
            out["root"] = self.root_code
        if self.as_of_on.isChecked():
            out["as_of"] = _iso(self.as_of)
        if self.decision.currentData():
            out["decision"] = self.decision.currentData()
        if self.crosswalk.isChecked():
            out["crosswalk"] = True
        return out

    def save(self, path: str | None = None) -> workers.Job | None:
        if path is None:
            start = self.main.db_path.parent if self.main.db_path else Path.home()
            path, _ = QFileDialog.getSaveFileName(
                self,
                tr("Xuất danh sách mã"),
                str(start / "danh-sach-ma.xlsx"),
                tr("Bảng tính Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)"),
            )
            if not path:
                return None
        target = Path(path)
        options = self.options()

        def work(reg: Registry | None, job: workers.Job) -> Any:
            assert reg is not None
            from desktop.exchange.writers import export

            return export(reg, target, **options)

        if self.main.db_path is None:
            return None
        job = workers.Job(work, self.main.db_path, readonly=True)
        job.succeeded.connect(
            lambda result: self.main.statusBar().showMessage(
                tr("Đã xuất") + f" {show_count(result.rows)} " + tr("dòng vào") + f" {target}",
                8000,
            )
        )
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Xuất danh sách mã"), tr("Đang ghi tệp…"), self)
        return workers.start(job)


def export_dialog(window: MainWindow) -> ExportDialog | None:
    if window.reg is None:
        return None
    dialog = ExportDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
