"""The status bar's permanent part: the file, how many units, the last check, the day viewed."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.domain.decisions import today as today_iso
from desktop.ui.findings import FindingsPanel
from desktop.ui.i18n import show_count, show_date, tr
from desktop.ui.session import Session
from desktop.ui.unit_tree import UnitTree


class StatusLine(QObject):
    """Keeps the status bar's labels true to the session; redrawn on every change."""

    def __init__(
        self, bar: QStatusBar, session: Session, tree: UnitTree, findings: FindingsPanel
    ) -> None:
        super().__init__(bar)
        self.bar = bar
        self.session = session
        self.tree = tree
        self.findings = findings
        self.file = QLabel()
        self.units = QLabel()
        self.checks = QLabel()
        self.as_of = QLabel()
        for label in (self.file, self.units, self.checks, self.as_of):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        for signal in (session.opened, session.counted, findings.stateChanged):
            signal.connect(self.update)
        session.changed.connect(lambda _change: self.update())
        session.message.connect(self.say)
        self.update()

    def say(self, text: str, ms: int) -> None:
        self.bar.showMessage(text, ms)

    def update(self) -> None:
        session = self.session
        if session.reg is None or session.db_path is None:
            self.file.setText(tr("Chưa mở sổ nào"))
            for label in (self.units, self.checks, self.as_of):
                label.setText("")
            return
        self.file.setText(tr("Sổ:") + f" {session.db_path}")
        self.file.setToolTip(str(session.db_path))
        source = self.tree.asof_source
        count = source.count if session.as_of and source is not None else session.unit_count
        if count is None:
            self.units.setText(tr("Đang đếm đơn vị…"))
        else:
            self.units.setText(f"{show_count(count)} " + tr("đơn vị"))
        self.checks.setText(self.findings.summary())
        if session.as_of:
            self.as_of.setText(
                tr("Xem như ngày") + f" {show_date(session.as_of)} " + tr("(chỉ đọc)")
            )
            self.as_of.setStyleSheet("color: #9c5700; font-weight: bold;")
        else:
            self.as_of.setText(tr("Ngày xem: hôm nay") + f" ({show_date(today_iso())})")
            self.as_of.setStyleSheet("")
