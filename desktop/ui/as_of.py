"""Viewing the registry as of a date: the toolbar's date, the banner, the read-only tree.

The tree as of a date is worked out off the GUI thread (``as_of_difference``); while it is
shown, the session is read-only and every editing action is off.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel

from desktop.store.browse import AsOfDifference, as_of_difference
from desktop.store.registry import Registry
from desktop.ui import errors, workers
from desktop.ui.dates import iso, set_date
from desktop.ui.i18n import show_date, tr
from desktop.ui.panels import SearchBox
from desktop.ui.session import Session
from desktop.ui.unit_tree import UnitTree


class AsOfView(QObject):
    """Switches the tree between today (editable) and a chosen date (read-only)."""

    switched = Signal()  # the tree now shows another day

    def __init__(
        self,
        session: Session,
        tree: UnitTree,
        search: SearchBox,
        banner: QLabel,
        action: QAction,
        box: QCheckBox,
        edit: QDateEdit,
    ) -> None:
        super().__init__(tree)
        self.session = session
        self.tree = tree
        self.search = search
        self.banner = banner
        self.action = action
        self.box = box
        self.edit = edit
        action.toggled.connect(self._toggled)
        box.toggled.connect(action.setChecked)
        action.toggled.connect(box.setChecked)
        edit.dateChanged.connect(self._date_changed)
        session.opened.connect(self._opened)

    def _opened(self) -> None:
        self.search.as_of = None
        self._show_banner(None)
        for widget in (self.action, self.box):
            widget.blockSignals(True)
            widget.setChecked(False)
            widget.blockSignals(False)

    def _toggled(self, on: bool) -> None:
        if on:
            self.start(iso(self.edit))
        else:
            self.leave()

    def _date_changed(self) -> None:
        if self.action.isChecked():
            self.start(iso(self.edit))

    def set(self, date: str | None) -> workers.Job | None:
        """Show the tree as of ``date`` (None: back to today's editable tree)."""
        if date is None:
            self.action.setChecked(False)
            return None
        for widget in (self.edit, self.action, self.box):
            widget.blockSignals(True)
        set_date(self.edit, date)
        self.action.setChecked(True)
        self.box.setChecked(True)
        for widget in (self.edit, self.action, self.box):
            widget.blockSignals(False)
        return self.start(date)

    def refresh(self) -> None:
        """Read the shown date again (closed units shown or hidden)."""
        if self.session.as_of:
            self.start(self.session.as_of)

    def start(self, date: str) -> workers.Job | None:
        if self.session.db_path is None:
            return None
        include_closed = self.tree.include_closed

        def work(reg: Registry | None, job: workers.Job) -> AsOfDifference:
            assert reg is not None
            return as_of_difference(
                reg, date, include_closed=include_closed, on_progress=job.on_progress
            )

        job = workers.Job(work, self.session.db_path, readonly=True)
        job.succeeded.connect(lambda difference: self._show(date, difference, job))
        job.failed.connect(lambda exc: self._failed(exc, job))
        workers.ProgressDialog(
            job,
            tr("Xem theo ngày"),
            tr("Đang dựng cây đơn vị như ngày") + f" {show_date(date)}…",
            self.session.window,
        )
        return self.session.start("as_of", job)

    def _show(self, date: str, difference: AsOfDifference, job: workers.Job) -> None:
        if not self.session.current("as_of", job) or self.session.reg is None:
            return
        self.session.as_of = date
        self.search.as_of = date
        self.tree.show_as_of(date, difference)
        self._show_banner(date)
        self.switched.emit()

    def _show_banner(self, date: str | None) -> None:
        """A tinted tree and a banner, so that the past is never taken for today."""
        if date is None:
            self.banner.setVisible(False)
            return
        self.banner.setText(
            tr("Đang xem sổ như ngày")
            + f" <b>{show_date(date)}</b> — "
            + tr("chỉ đọc; bỏ chọn «Xem theo ngày» để quay về hôm nay và sửa.")
        )
        self.banner.setVisible(True)

    def _failed(self, exc: BaseException, job: workers.Job) -> None:
        if self.session.current("as_of", job):
            self.session.cancel("as_of")
            self.action.setChecked(False)
        errors.report(self.session.window, exc)

    def leave(self) -> None:
        self.session.cancel("as_of")
        if self.session.as_of is None:
            return
        self.session.as_of = None
        self.search.as_of = None
        self.tree.show_today()
        self._show_banner(None)
        self.switched.emit()
