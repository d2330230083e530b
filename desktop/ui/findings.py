"""The validator's findings pane: the whole registry checked off the GUI thread, then kept up
to date after each change by re-checking the units it touched (and their neighbours)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.domain.progress import CHECK
from desktop.domain.rules import ERROR, INFO, RULES, WARNING, Finding
from desktop.store.ops import Change
from desktop.store.registry import Registry
from desktop.store.validation import ValidationReport, validate_registry, validate_units
from desktop.ui import errors, workers
from desktop.ui.i18n import (
    ENGLISH,
    field_label,
    language,
    severity_label,
    show_count,
    step_text,
    tr,
)
from desktop.ui.icons import icon
from desktop.ui.panels import compact

if TYPE_CHECKING:
    from desktop.ui.session import Session

# Registries up to this size are checked as soon as they open, quietly in the background.
AUTORUN_LIMIT = 100_000
_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


class FindingsPanel(QWidget):
    """The validator's findings on the whole registry, kept current as changes are made."""

    unitActivated = Signal(int)
    rerun = Signal()
    stateChanged = Signal()  # a check started or finished: its summary changed

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.caption = QLabel()
        row.addWidget(self.caption, 1)
        self.button = QPushButton(icon("validate"), tr("Kiểm tra lại"))
        self.button.clicked.connect(self.rerun)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("Mức"), field_label("code"), tr("Quy tắc"), tr("Nội dung"), tr("Gợi ý")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        compact(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 100), (1, 120), (2, 150), (4, 260)):
            self.table.setColumnWidth(col, width)
        self.table.cellDoubleClicked.connect(self._activated)
        layout.addWidget(self.table)
        self.findings: list[Finding] = []
        self.checked = False
        self.units = 0
        self.job: workers.Job | None = None
        self.notation = "qcvn102"
        self._autorun_pending = False
        self._render()
        session.opened.connect(self._opened)
        session.counted.connect(self._counted)
        session.changed.connect(self.after_change)

    # -- state ------------------------------------------------------------------------------------

    def _opened(self) -> None:
        self.clear_results(self.session.reg)
        # Small registries are checked as soon as their size is known (counted off the GUI
        # thread: on a million units even counting takes a noticeable moment).
        self._autorun_pending = self.session.reg is not None

    def _counted(self) -> None:
        if self._autorun_pending and self.session.unit_count is not None:
            self._autorun_pending = False
            self.maybe_autorun(self.session.unit_count)

    def clear_results(self, reg: Registry | None) -> None:
        self.cancel_job()
        self.findings = []
        self.checked = False
        self.notation = reg.notation if reg is not None else "qcvn102"
        self._render()

    def cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def counts(self) -> tuple[int, int]:
        errors_ = sum(1 for f in self.findings if f.severity == ERROR)
        warnings = sum(1 for f in self.findings if f.severity == WARNING)
        return errors_, warnings

    def summary(self) -> str:
        if self.job is not None:
            return tr("Đang kiểm tra…")
        if not self.checked:
            return tr("Chưa kiểm tra (F7)")
        errors_, warnings = self.counts()
        if not errors_ and not warnings:
            return tr("Kiểm tra: không có lỗi")
        return (
            tr("Kiểm tra:")
            + f" {show_count(errors_)} "
            + tr("lỗi")
            + f", {show_count(warnings)} "
            + tr("cảnh báo")
        )

    # -- running ----------------------------------------------------------------------------------

    def maybe_autorun(self, units: int) -> None:
        """Check a registry that is small enough quietly, as soon as it opens."""
        if self.session.reg is not None and units <= AUTORUN_LIMIT and not self.checked:
            self.run(quiet=True)

    def run(self, *, quiet: bool = False) -> workers.Job | None:
        window = self.session.window
        if self.session.db_path is None:
            return None
        self.cancel_job()

        def work(reg: Registry | None, job: workers.Job) -> ValidationReport:
            assert reg is not None
            return validate_registry(
                reg,
                progress=lambda done, total: job.progress(
                    done, total, step_text(CHECK, done, total)
                ),
            )

        job = workers.Job(work, self.session.db_path, readonly=True)
        self.job = job
        job.succeeded.connect(lambda report: self._done(job, report))
        job.failed.connect(lambda exc: self._failed(job, exc))
        job.done.connect(lambda: self._finished(job))
        if not quiet:
            workers.ProgressDialog(job, tr("Kiểm tra sổ"), tr("Đang kiểm tra toàn bộ sổ…"), window)
        workers.start(job)
        self.stateChanged.emit()
        return job

    def _done(self, job: workers.Job, report: ValidationReport) -> None:
        if not isValid(self) or job is not self.job or report.cancelled:
            return
        self.findings = sorted(report.findings, key=_sort_key)
        self.units = report.units
        self.checked = True
        if self.session.reg is not None:
            self.notation = self.session.reg.notation
        self._render()

    def _failed(self, job: workers.Job, exc: BaseException) -> None:
        if job is self.job:
            errors.report(self.session.window, exc)

    def _finished(self, job: workers.Job) -> None:
        if not isValid(self):
            return  # the window closed while the check ran: nobody is left to tell
        if job is self.job:
            self.job = None
            self.caption.setText(self.summary())
        self.stateChanged.emit()

    def after_change(self, change: Change) -> None:
        """Re-check the units a change touched, and their neighbourhood, in place."""
        reg = self.session.reg
        if reg is None or not self.checked:
            return
        touched = set(change.unit_ids) | set(change.created)
        if not touched:
            return
        fresh = validate_units(reg, sorted(touched))
        around = set(touched) | {p for p in change.parent_ids if p is not None}
        for unit in reg.units_by_ids(sorted(touched)).values():
            if unit.parent_id is not None:
                around.add(unit.parent_id)
        around |= {f.unit_id for f in fresh if f.unit_id is not None}
        kept = [f for f in self.findings if f.unit_id not in around]
        self.findings = sorted(kept + list(fresh), key=_sort_key)
        self._render()
        self.stateChanged.emit()

    # -- showing ----------------------------------------------------------------------------------

    def _render(self) -> None:
        self.caption.setText(self.summary())
        self.table.setRowCount(len(self.findings))
        english = language() == ENGLISH
        icons = {ERROR: "severity-error", WARNING: "severity-warning", INFO: "severity-info"}
        for r, f in enumerate(self.findings):
            # The validator writes codes in the registry's notation already.
            code = f.code or (f"{f.sheet}:{f.row}" if f.sheet else "")
            rule = RULES.get(f.rule)
            hint = rule.hint_en if english and rule is not None else f.hint
            # The rule's title, never its id: clerks do not know rule ids.
            title = ""
            if rule is not None:
                title = rule.title_en if english else rule.title_vi
            values = [
                severity_label(f.severity),
                code,
                title,
                f.message_en if english else f.message,
                hint,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 0:
                    item.setIcon(icon(icons.get(f.severity, "severity-info")))
                item.setData(Qt.ItemDataRole.UserRole, f.unit_id)
                self.table.setItem(r, c, item)

    def _activated(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        uid = item.data(Qt.ItemDataRole.UserRole) if item else None
        if uid is not None:
            self.unitActivated.emit(int(uid))


def _sort_key(f: Finding) -> tuple[int, str, str]:
    return (_ORDER.get(f.severity, 3), f.code or "", f.rule)
