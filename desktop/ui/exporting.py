"""Printing (and saving as PDF) the reports of :mod:`desktop.reports`, and exporting to Excel.

The report is built off the GUI thread (it reads the registry, possibly all of it) with its own
connection; the print preview then lays it out and paints it with Qt on the GUI thread, from the
same :func:`desktop.reports.render.render` the command line uses for its PDF files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
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
from desktop.reports.layout import Page
from desktop.store.registry import Registry
from desktop.ui import errors, workers
from desktop.ui.dates import date_edit, iso
from desktop.ui.i18n import show_count, show_date, tr

if TYPE_CHECKING:
    from desktop.domain.units import Unit
    from desktop.ui.session import Session


class _ScopeRows:
    """The branch and the date a report or an export covers: both dialogs ask the same way."""

    root_code: str | None
    root: QCheckBox
    as_of_on: QCheckBox
    as_of: QDateEdit
    as_of_row: QWidget

    def add_scope_rows(
        self, form: QFormLayout, session: Session, unit: Unit | None, reg: Registry
    ) -> None:
        self.root_code = unit.code if unit is not None else None
        self.root = QCheckBox(
            tr("Chỉ nhánh của đơn vị đang chọn")
            + (f": {unit.display_code(reg.notation)} {unit.name}" if unit else "")
        )
        self.root.setEnabled(unit is not None)
        form.addRow(self.root)
        self.as_of_on = QCheckBox(tr("Như ngày:"))
        self.as_of = date_edit(session.as_of)
        self.as_of_on.setChecked(session.as_of is not None)
        row = QHBoxLayout()
        row.addWidget(self.as_of_on)
        row.addWidget(self.as_of)
        row.addStretch(1)
        self.as_of_row = QWidget()
        self.as_of_row.setLayout(row)
        form.addRow(self.as_of_row)


class ReportDialog(_ScopeRows, QDialog):
    """Which report to print: the kind, its scope and its dates, taken from what is on screen."""

    def __init__(self, session: Session, unit: Unit | None, decision_id: int | None) -> None:
        super().__init__(session.window)
        self.session = session
        assert session.reg is not None
        reg = session.reg
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
        self.add_scope_rows(form, session, unit, reg)
        self.by = QComboBox()
        self.by.addItem(tr("theo đơn vị cấp trên"), BY_PARENT)
        self.by.addItem(tr("theo cấp"), BY_LEVEL)
        form.addRow(tr("Chia mục:"), self.by)
        self.date_from = date_edit(f"{dt.date.today().year}-01-01")
        self.date_to = date_edit()
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
        current = decision_id if decision_id is not None else session.current_decision_id
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
                out["as_of"] = iso(self.as_of)
        if kind == CHANGES:
            out["date_from"] = iso(self.date_from)
            out["date_to"] = iso(self.date_to)
        if kind == DECISION:
            out["decision"] = self.decision.currentData()
        return out

    def build(self, then: Any) -> workers.Job | None:
        """Build and paginate the report off the GUI thread, counting its rows, then hand the
        document and its pages to ``then``."""
        from desktop.reports.build import build_report
        from desktop.reports.layout import paginate

        kind, options = self.kind, self.options()

        def work(reg: Registry | None, job: workers.Job) -> tuple[Document, list[Page]]:
            assert reg is not None
            document = build_report(reg, kind, **options, on_progress=job.on_progress)
            return document, paginate(document, on_progress=job.on_progress)

        if self.session.db_path is None:
            return None
        job = workers.Job(work, self.session.db_path, readonly=True)
        job.succeeded.connect(lambda built: then(*built))
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("In báo cáo"), tr("Đang lập báo cáo…"), self)
        return workers.start(job)

    def preview(self) -> workers.Job | None:
        return self.build(self._show_preview)

    def _show_preview(self, document: Document, pages: list[Page]) -> None:
        self.document = document
        # Kept on the dialog: the preview only borrows the printer and Python would free it.
        self.printer = printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.title_text[:80])
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(tr("Xem trước khi in"))
        preview.resize(1000, 800)
        preview.paintRequested.connect(lambda p: self._paint(document, p, pages))
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = preview
        preview.open()

    def _paint(self, document: Document, printer: QPrinter, pages: list[Page]) -> None:
        from desktop.reports.render import render

        try:
            self.pages = render(document, printer, pages)
        except Exception as exc:  # shown, never raised into Qt's paint loop
            errors.report(self, exc)

    def save_pdf(self, path: str | None = None) -> workers.Job | None:
        if path is None:
            start = self.session.db_path.parent if self.session.db_path else Path.home()
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
            document = build_report(reg, kind, **options, on_progress=job.on_progress)
            job.check()
            from desktop.reports.render import write_pdf

            return write_pdf(document, target, on_progress=job.on_progress)

        if self.session.db_path is None:
            return None
        job = workers.Job(work, self.session.db_path, readonly=True)
        job.succeeded.connect(
            lambda pages: self.session.say(
                tr("Đã lưu báo cáo") + f" {target} ({pages} " + tr("trang") + ")", 8000
            )
        )
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Lưu báo cáo PDF"), tr("Đang lập báo cáo…"), self)
        self.saved_to = target
        return workers.start(job)


def print_dialog(
    session: Session, unit: Unit | None, decision_id: int | None = None
) -> ReportDialog | None:
    """The report dialog, scoped to the unit and the decision chosen on screen."""
    if session.reg is None:
        return None
    dialog = ReportDialog(session, unit, decision_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _export_formats() -> list[tuple[str | None, str, str]]:
    """(format, label, who takes it) for the export dialog; ``None``: by the file's extension."""
    return [
        (
            None,
            tr("Phụ lục (.xlsx) hoặc danh mục (.csv, .json)"),
            tr(
                "Tệp .xlsx: phụ lục danh sách mã theo mẫu (in được ngay); .csv hoặc .json: "
                "danh mục với các trường dùng chung để chia sẻ dữ liệu."
            ),
        ),
        (
            "crosswalk",
            tr("Bảng chuyển đổi mã cũ → mã mới"),
            tr(
                "Mọi lần đổi mã, chuyển đơn vị và đóng mã (có hay không có đơn vị kế thừa): "
                "cho các hệ thống còn lưu mã cũ."
            ),
        ),
        (
            "edxml",
            tr("edXML Organization (.xml)"),
            tr(
                "Các cơ quan dạng phần tử Organization của edXML (QCVN 102), kèm mã cấp trên "
                "và trạng thái: cho Trục liên thông văn bản quốc gia và các hệ thống quản lý "
                "văn bản."
            ),
        ),
        (
            "axis",
            tr("Đăng ký trên trục liên thông (.json)"),
            tr(
                "Bản ghi cơ quan như trục liên thông văn bản đăng ký: code, pcode, name, mail, "
                "mobile, fax và trạng thái."
            ),
        ),
        (
            "catalogue",
            tr("Danh mục dùng chung theo cấp (thư mục)"),
            tr(
                "Một tệp JSON cho mỗi cấp (qlvanbandieuhanhcap1.json … cap4.json), ngày dạng "
                "dd/MM/yyyy: cho danh mục dùng chung trên nền tảng NDXP/LGSP."
            ),
        ),
        (
            "opendata",
            tr("Dữ liệu mở (thư mục)"),
            tr(
                "data.csv, closed.csv, crosswalk.csv và datapackage.json (mô tả bộ dữ liệu): "
                "cho Cổng dữ liệu mở."
            ),
        ),
    ]


class ExportDialog(_ScopeRows, QDialog):
    """Export the list (or a branch, as of a date, or what changed in a window) in one of the
    formats of :func:`desktop.exchange.writers.export`, off the GUI thread."""

    def __init__(self, session: Session, unit: Unit | None) -> None:
        super().__init__(session.window)
        self.session = session
        self._told: Any = None  # the export result the clerk was told of
        assert session.reg is not None
        reg = session.reg
        self.setWindowTitle(tr("Xuất danh sách mã"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        kinds = QFormLayout()
        self.format = QComboBox()
        self.formats = _export_formats()
        for fmt, label, _ in self.formats:
            self.format.addItem(label, fmt)
        kinds.addRow(tr("Dạng xuất:"), self.format)
        layout.addLayout(kinds)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        box = QGroupBox(tr("Phạm vi"))
        form = QFormLayout(box)
        self.add_scope_rows(form, session, unit, reg)
        self.delta_on = QCheckBox(tr("Chỉ các thay đổi có hiệu lực từ"))
        self.since = date_edit(f"{dt.date.today().year}-01-01")
        self.until = date_edit()
        row = QHBoxLayout()
        row.addWidget(self.delta_on)
        row.addWidget(self.since)
        row.addWidget(QLabel(tr("đến")))
        row.addWidget(self.until)
        row.addStretch(1)
        delta = QWidget()
        delta.setLayout(row)
        form.addRow(delta)
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
        self.qcvn_only = QCheckBox(
            tr("Chỉ mã viết được theo QCVN 102; đơn vị khác liệt kê riêng (khong-qcvn102.csv)")
        )
        form.addRow(self.qcvn_only)
        layout.addWidget(box)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            tr("Xuất ra tệp…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        fmt, _, explanation = self.formats[self.format.currentIndex()]
        self.intro.setText(explanation)
        # The axis and the catalogue take QCVN 102 codes only: always listed apart there.
        self.qcvn_only.setEnabled(fmt not in ("edxml", "axis", "catalogue", "crosswalk"))

    def options(self) -> dict[str, Any]:
        out: dict[str, Any] = {"notation": self.notation.currentData()}
        fmt = self.format.currentData()
        if fmt:
            out["fmt"] = fmt
        if self.root.isChecked():
            out["root"] = self.root_code
        if self.as_of_on.isChecked():
            out["as_of"] = iso(self.as_of)
        if self.delta_on.isChecked():
            out["since"] = iso(self.since)
            out["until"] = iso(self.until)
        if self.decision.currentData():
            out["decision"] = self.decision.currentData()
        if self.qcvn_only.isEnabled() and self.qcvn_only.isChecked():
            out["qcvn_only"] = True
        return out

    def _ask_target(self) -> str:
        start = self.session.db_path.parent if self.session.db_path else Path.home()
        fmt = self.format.currentData()
        title = tr("Xuất danh sách mã")
        if fmt in ("catalogue", "opendata"):
            return QFileDialog.getExistingDirectory(self, tr("Chọn thư mục để ghi"), str(start))
        name, filters = {
            None: ("danh-sach-ma.xlsx", tr("Bảng tính Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)")),
            "crosswalk": (
                "chuyen-doi-ma.xlsx",
                tr("Bảng tính Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)"),
            ),
            "edxml": ("co-quan-edxml.xml", tr("Tệp XML (*.xml)")),
            "axis": ("co-quan-truc-lien-thong.json", tr("JSON (*.json)")),
        }[fmt]
        path, _ = QFileDialog.getSaveFileName(self, title, str(start / name), filters)
        return path

    def save(self, path: str | None = None) -> workers.Job | None:
        if not self.save_button.isEnabled():
            return None  # an export is running: a second click starts nothing
        if path is None:
            path = self._ask_target()
            if not path:
                return None
        target = Path(path)
        options = self.options()

        def work(reg: Registry | None, job: workers.Job) -> Any:
            assert reg is not None
            from desktop.exchange.writers import export

            return export(reg, target, **options, on_progress=job.on_progress)

        if self.session.db_path is None:
            return None
        job = workers.Job(work, self.session.db_path, readonly=True)
        job.succeeded.connect(self._done)
        job.failed.connect(lambda exc: errors.report(self, exc))
        job.done.connect(lambda: self._export_done(job))
        self.save_button.setEnabled(False)
        workers.ProgressDialog(job, tr("Xuất danh sách mã"), tr("Đang ghi tệp…"), self)
        return workers.start(job)

    def _export_done(self, job: workers.Job) -> None:
        self.save_button.setEnabled(True)
        if job.result is not None and self._told is not job.result:
            # Cancel pressed after the last unit was written: the file is in place, so say so.
            self._done(job.result)

    def _done(self, result: Any) -> None:
        self._told = result
        text = (
            tr("Đã xuất")
            + f" {show_count(result.rows)} "
            + tr("dòng vào")
            + f" {result.path} ("
            + tr("tính đến ngày")
            + f" {show_date(result.as_of)})"
        )
        if result.apart_path is not None and result.apart:
            text += (
                "; "
                + f"{show_count(result.apart)} "
                + tr("đơn vị có mã không viết được theo QCVN 102 liệt kê riêng")
            )
        self.session.say(text, 8000)


def export_dialog(session: Session, unit: Unit | None) -> ExportDialog | None:
    if session.reg is None:
        return None
    dialog = ExportDialog(session, unit)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
