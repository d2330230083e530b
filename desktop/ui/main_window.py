"""The main window: layout and menus. What they do lives in the modules they call.

The window builds the unit tree (``unit_tree``), the panes (``panels``, ``findings``), the
status bar (``status``) and the as-of view (``as_of``), and hands the menus' actions to
``editing`` and ``files``; all of them work on one ``Session`` and redraw from its
``changed`` signal.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import QCVN102
from desktop.domain.history import CLOSE, MERGE, RENAME
from desktop.store.base import READONLY_IN_USE, READONLY_MEDIUM, READONLY_NEWER
from desktop.store.ops import Change
from desktop.ui.about import about_box, open_logs
from desktop.ui.actions import Actions
from desktop.ui.as_of import AsOfView
from desktop.ui.dates import date_edit
from desktop.ui.editing import Editing
from desktop.ui.files import Files
from desktop.ui.findings import FindingsPanel
from desktop.ui.i18n import event_label, language, tr
from desktop.ui.icons import icon
from desktop.ui.panels import DecisionsPanel, DetailsPanel, HistoryPanel, SearchBox
from desktop.ui.session import SETTINGS, Session
from desktop.ui.settings import Settings
from desktop.ui.status import StatusLine
from desktop.ui.unit_tree import UnitTree


class MainWindow(QMainWindow):
    """The registry editor's window."""

    languageChanged = Signal(str)

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.session = Session(self.settings, self)
        self.setWindowIcon(icon("app"))
        self.setObjectName("MainWindow")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self._build_central()
        self._build_panes()
        self.acts = Actions(self, self)
        self._build_menus()
        self._build_toolbar()
        self._build_docks()
        self.status = StatusLine(self.statusBar(), self.session, self.tree, self.findings)
        self.as_of_view = AsOfView(
            self.session,
            self.tree,
            self.search,
            self.as_of_banner,
            self.acts.act_as_of,
            self.as_of_box,
            self.as_of_edit,
        )
        self._wire()
        self._restore_layout()
        self._update_title()
        self._update_actions()

    # -- building ---------------------------------------------------------------------------------

    def _build_central(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 0)
        layout.setSpacing(4)
        self.search = SearchBox(lambda: self.session.reg)
        layout.addWidget(self.search)
        self.as_of_banner = QLabel()
        self.as_of_banner.setWordWrap(True)
        self.as_of_banner.setStyleSheet(
            "background: #fff3cd; color: #7a5200; border: 1px solid #e6c36a;"
            " border-radius: 3px; padding: 4px 8px;"
        )
        self.as_of_banner.setVisible(False)
        layout.addWidget(self.as_of_banner)
        # Why the registry itself cannot be written (open elsewhere, read-only medium).
        self.readonly_banner = QLabel()
        self.readonly_banner.setWordWrap(True)
        self.readonly_banner.setStyleSheet(self.as_of_banner.styleSheet())
        self.readonly_banner.setVisible(False)
        layout.addWidget(self.readonly_banner)
        self.tree = UnitTree(self.session)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.tree, 1)
        splitter.addWidget(left)
        self.details = DetailsPanel()
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])
        self.splitter = splitter
        self.setCentralWidget(splitter)

    def _build_panes(self) -> None:
        self.history = HistoryPanel()
        self.decisions = DecisionsPanel()
        self.findings = FindingsPanel(self.session)
        self.editing = Editing(self.session, self.tree, self.decisions)
        self.files = Files(self.session)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(tr("&Tệp"))
        m.addAction(self.acts.act_new)
        m.addAction(self.acts.act_open)
        self.recent_menu = m.addMenu(tr("Mở gần đây"))
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent(self.recent_menu))
        m.addSeparator()
        m.addAction(self.acts.act_import)
        m.addAction(self.acts.act_export)
        m.addAction(self.acts.act_print)
        m.addAction(self.acts.act_verify_pdf)
        m.addSeparator()
        m.addAction(self.acts.act_settings)
        m.addAction(self.acts.act_verify)
        m.addAction(self.acts.act_backup)
        m.addAction(self.acts.act_restore)
        m.addSeparator()
        m.addAction(self.acts.act_quit)

        m = bar.addMenu(tr("&Sửa"))
        m.addAction(self.acts.act_undo)
        m.addAction(self.acts.act_redo)
        m.addSeparator()
        for act in self.acts.edit_actions[:-1]:
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.acts.act_annul)
        m.addSeparator()
        m.addAction(self.acts.act_copy)
        m.addAction(self.acts.act_find)

        m = bar.addMenu(tr("&Xem"))
        m.addAction(self.acts.act_show_closed)
        m.addAction(self.acts.act_as_of)
        m.addSeparator()
        notation = m.addMenu(tr("Cách viết mã"))
        notation.addAction(self.acts.act_qcvn)
        notation.addAction(self.acts.act_qd20)
        self.view_menu = m
        self.panes_menu = m.addMenu(tr("Khung"))
        m.addAction(self.acts.act_decisions)
        m.addSeparator()
        lang = m.addMenu(tr("Ngôn ngữ"))
        lang.addAction(self.acts.act_vi)
        lang.addAction(self.acts.act_en)

        m = bar.addMenu(tr("&Kiểm tra"))
        m.addAction(self.acts.act_validate)

        m = bar.addMenu(tr("Trợ &giúp"))
        m.addAction(self.acts.act_logs)
        m.addAction(self.acts.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar(tr("Thanh công cụ"))
        tb.setObjectName("mainToolbar")
        tb.setIconSize(QSize(20, 20))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        # Short texts on the toolbar; the menus carry the full ones. An operation is called what
        # the history calls the change it records.
        for act, text in (
            (self.acts.act_add, tr("Thêm")),
            (self.acts.act_rename, event_label(RENAME)),
            (self.acts.act_move, tr("Chuyển")),
            (self.acts.act_close, event_label(CLOSE)),
            (self.acts.act_merge, event_label(MERGE)),
            (self.acts.act_import, tr("Nhập phụ lục")),
            (self.acts.act_validate, tr("Kiểm tra")),
        ):
            act.setIconText(text)
        for act in (
            self.acts.act_add,
            self.acts.act_rename,
            self.acts.act_move,
            self.acts.act_close,
            self.acts.act_merge,
        ):
            tb.addAction(act)
        tb.addSeparator()
        for act in (self.acts.act_undo, self.acts.act_redo):
            tb.addAction(act)
            # Icon only: the undo text names the change and would push the toolbar wide.
            button = tb.widgetForAction(act)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addSeparator()
        tb.addAction(self.acts.act_import)
        tb.addAction(self.acts.act_validate)
        tb.addSeparator()
        self.show_closed_box = QCheckBox(tr("Hiện đơn vị đã đóng"))
        self.show_closed_box.setChecked(self.acts.act_show_closed.isChecked())
        self.show_closed_box.toggled.connect(self.acts.act_show_closed.setChecked)
        self.acts.act_show_closed.toggled.connect(self.show_closed_box.setChecked)
        tb.addWidget(self.show_closed_box)
        tb.addSeparator()
        self.as_of_box = QCheckBox(tr("Xem theo ngày:"))
        tb.addWidget(self.as_of_box)
        self.as_of_edit = date_edit()
        tb.addWidget(self.as_of_edit)
        self.toolbar = tb
        self.addToolBar(tb)

    def _build_docks(self) -> None:
        self.history_dock = self._dock(tr("Lịch sử"), "historyDock", self.history)
        self.decisions_dock = self._dock(tr("Quyết định"), "decisionsDock", self.decisions)
        self.findings_dock = self._dock(tr("Kết quả kiểm tra"), "findingsDock", self.findings)
        self.tabifyDockWidget(self.history_dock, self.decisions_dock)
        self.tabifyDockWidget(self.decisions_dock, self.findings_dock)
        self.history_dock.raise_()
        for dock in (self.history_dock, self.decisions_dock, self.findings_dock):
            self.panes_menu.addAction(dock.toggleViewAction())

    def _wire(self) -> None:
        """Who listens to whom: every view redraws from the session's signals."""
        session = self.session
        session.opened.connect(self._opened)
        session.changed.connect(self._changed)
        session.counted.connect(lambda: self.decisions.set_counts(session.decision_counts))
        for link in (self.search.unitChosen, self.details.linkActivated):
            link.connect(self.tree.jump_to)
        for link in (self.decisions.unitActivated, self.findings.unitActivated):
            link.connect(self.tree.jump_to)
        self.tree.selectionMoved.connect(self._selection_changed)
        self.tree.revealClosed.connect(lambda: self.acts.act_show_closed.setChecked(True))
        self.as_of_view.switched.connect(self._selection_changed)
        self.as_of_view.switched.connect(self.status.update)
        self.history.annulRequested.connect(self.editing.annul_dialog)
        self.decisions.useDecision.connect(session.use_decision)
        self.decisions.editDecision.connect(self.editing.edit_decision)
        self.decisions.withdrawDecision.connect(self.editing.withdraw_decision)
        self.findings.rerun.connect(self.validate_all)
        self.files.backingUp.connect(lambda busy: self.acts.act_backup.setEnabled(not busy))
        self.set_show_closed(self.acts.act_show_closed.isChecked())

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea
            | Qt.DockWidgetArea.RightDockWidgetArea
            | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _restore_layout(self) -> None:
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        if state is not None:
            self.restoreState(state)
        else:
            self.resizeDocks([self.history_dock], [210], Qt.Orientation.Vertical)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.set_value("show_closed", self.acts.act_show_closed.isChecked())
        self.settings.sync()
        self.session.close()
        super().closeEvent(event)

    # -- redrawing --------------------------------------------------------------------------------

    def _opened(self) -> None:
        reg = self.session.reg
        self.decisions.counts = {}
        self.decisions.load(reg, None)
        self.readonly_banner.setVisible(False)
        if reg is not None:
            (self.acts.act_qcvn if reg.notation == QCVN102 else self.acts.act_qd20).setChecked(True)
            if reg.readonly:
                why = tr("Sổ đang mở chỉ để đọc: không ghi được thay đổi.")
                if reg.readonly_reason in (READONLY_IN_USE, READONLY_MEDIUM, READONLY_NEWER):
                    why = reg.readonly_banner or why
                self.readonly_banner.setText(why)
                self.readonly_banner.setVisible(True)
                self.statusBar().showMessage(why)
        self._update_title()
        self._selection_changed()

    def _changed(self, change: Change) -> None:
        self.decisions.load(self.session.reg, self.session.current_decision_id)
        if change.action == SETTINGS:
            self.search.refresh()
        self._selection_changed()

    def _update_title(self) -> None:
        title = tr("Sổ mã định danh điện tử")
        path = self.session.db_path
        if path is not None:
            title = f"{path.name} — {title}"
            if self.session.reg is not None and self.session.reg.readonly:
                title += " " + tr("[chỉ đọc]")
        self.setWindowTitle(title)

    def _selection_changed(self) -> None:
        reg = self.session.reg
        unit = self.tree.current_unit()
        if unit is None or reg is None:
            self.details.clear()
            if reg is not None:
                self.history.show_events(reg, None)
        else:
            pending = self.tree.pending_of(unit.id)
            self.details.show_unit(reg, unit, self.session.as_of, pending)
            self.history.show_events(reg, unit, readonly=self.session.readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        self.acts.update(self.tree.selected_units())
        has_reg = self.session.reg is not None
        self.decisions.set_writable(has_reg and not self.session.readonly)
        self.as_of_box.setEnabled(has_reg)

    def _context_menu(self, pos: Any) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid():
            return
        if index.internalId() not in self.tree.selected_ids():
            self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        for act in self.acts.edit_actions[:-1]:
            if act.isEnabled():
                menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.acts.act_annul)
        menu.addSeparator()
        menu.addAction(self.acts.act_copy)
        history = menu.addAction(icon("history"), tr("Xem lịch sử"))
        history.triggered.connect(self.history_dock.show)
        history.triggered.connect(self.history_dock.raise_)
        self._last_menu = menu
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    # -- the View, Check, File and Help menus -----------------------------------------------------

    def set_show_closed(self, on: bool) -> None:
        self.tree.include_closed = self.session.include_closed = on
        self.search.include_closed = on
        self.search.refresh()
        if self.session.as_of:
            self.as_of_view.refresh()
        else:
            self.tree.reload()
        self.session.refresh_stats()
        self.status.update()

    def set_notation(self, notation: str) -> None:
        self.session.set_notation(notation)

    def show_decisions(self) -> None:
        self.decisions_dock.show()
        self.decisions_dock.raise_()

    def validate_all(self) -> None:
        self.findings.run()
        self.findings_dock.show()
        self.findings_dock.raise_()

    def import_wizard(self) -> None:
        from desktop.ui.wizard import open_import_wizard

        open_import_wizard(self.session)

    def export_dialog(self) -> None:
        from desktop.ui.exporting import export_dialog

        export_dialog(self.session, self.tree.current_unit())

    def print_dialog(self) -> None:
        from desktop.ui.exporting import print_dialog

        chosen = self.decisions.selected_decision()
        print_dialog(self.session, self.tree.current_unit(), chosen.id if chosen else None)

    def verify_pdf_dialog(self) -> None:
        from desktop.ui.signing import verify_pdf_dialog

        verify_pdf_dialog(self.session)

    def set_language(self, lang: str) -> None:
        if lang == language():
            return
        self.settings.language = lang
        self.settings.sync()
        self.languageChanged.emit(lang)

    def about(self) -> QMessageBox:
        return about_box(self)

    def open_logs(self) -> None:
        open_logs()
