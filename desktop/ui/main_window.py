"""The main window: the unit tree, the selected unit's details, history, decisions, findings."""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import PySide6
from PySide6.QtCore import QDate, QModelIndex, QSize, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.domain.codes import QCVN102, QD20
from desktop.domain.decisions import Decision
from desktop.domain.decisions import today as today_iso
from desktop.domain.errors import KnownError
from desktop.domain.units import ACTIVE, CLOSED, DRAFT, Unit
from desktop.paths import log_dir
from desktop.store import backup
from desktop.store.base import (
    IF_LOCKED_READONLY,
    READONLY_IN_USE,
    READONLY_MEDIUM,
    READONLY_NEWER,
)
from desktop.store.browse import (
    AsOfDifference,
    ancestors,
    as_of_difference,
    decision_event_counts,
    latest_change,
)
from desktop.store.errors import RegistryCorrupt
from desktop.store.ops import Change
from desktop.store.registry import Registry
from desktop.store.verify import probe_damage
from desktop.ui import dialogs, errors, workers
from desktop.ui.commands import OperationCommand
from desktop.ui.decision_edit import DecisionEditDialog, confirm_withdraw
from desktop.ui.i18n import ENGLISH, VIETNAMESE, language, message, show_count, show_date, tr
from desktop.ui.icons import icon
from desktop.ui.panels import DecisionsPanel, DetailsPanel, HistoryPanel, SearchBox
from desktop.ui.registry_settings import RegistrySettingsDialog
from desktop.ui.restore import RestoreDialog, confirm_restore
from desktop.ui.settings import Settings
from desktop.ui.tree_model import AsOfSource, RegistrySource, UnitTreeModel

F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """A slot whose known problems become a message, not an exception."""

    @wraps(fn)
    def wrapper(self: MainWindow, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except KnownError as exc:
            errors.show_known(self, exc)
            return None

    return wrapper  # type: ignore[return-value]


class UnitTree(QTreeView):
    """The tree view, configured for a lazily loaded model and drag-and-drop moves."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        # DragDrop rather than InternalMove: the model accepts only its own MIME type anyway,
        # and the drop never removes the dragged row (the window moves after a preview).
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(True)
        self.setAnimated(False)
        # Hovering a dragged unit over a closed branch opens it, so deep targets can be reached.
        self.setAutoExpandDelay(700)

    def fit_columns(self) -> None:
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        # Room for the widest QCVN 102 code three levels deep, with its status icon.
        width = metrics.horizontalAdvance("000.00.00.G00") + 4 * self.indentation() + 40
        self.setColumnWidth(0, width)


class MainWindow(QMainWindow):
    """The registry editor."""

    languageChanged = Signal(str)

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.reg: Registry | None = None
        self.db_path: Path | None = None
        # The registry that failed to open as damaged: what Khôi phục… restores.
        self._failed_path: Path | None = None
        self.damaged_box: QMessageBox | None = None
        self.live_model: UnitTreeModel | None = None
        self.asof_model: UnitTreeModel | None = None
        self.asof_source: AsOfSource | None = None
        self.as_of: str | None = None
        self.current_decision_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self._remap: dict[int, int] = {}
        self._asof_job: workers.Job | None = None
        self._stats_job: workers.Job | None = None
        self._autorun_pending = False
        self.unit_count: int | None = None
        self.setWindowIcon(icon("app"))
        self.setObjectName("MainWindow")
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_docks()
        self._build_status()
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
        self.search = SearchBox(lambda: self.reg)
        self.search.unitChosen.connect(self.jump_to)
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
        self.tree = UnitTree()
        self.tree.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.tree, 1)
        splitter.addWidget(left)
        self.details = DetailsPanel()
        self.details.linkActivated.connect(self.jump_to)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 480])
        self.splitter = splitter
        self.setCentralWidget(splitter)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        *,
        icon_name: str | None = None,
        shortcut: QKeySequence | str | None = None,
        tip: str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_new = a(
            tr("Sổ mới…"),
            self.new_registry_dialog,
            icon_name="new",
            shortcut=QKeySequence.StandardKey.New,
            tip=tr("Tạo sổ mới với danh sách mã cấp 1 chính thức"),
        )
        self.act_open = a(
            tr("Mở sổ…"),
            self.open_registry_dialog,
            icon_name="open",
            shortcut=QKeySequence.StandardKey.Open,
            tip=tr("Mở một tệp sổ mã định danh"),
        )
        self.act_import = a(
            tr("Nhập phụ lục quyết định…"),
            self.import_wizard,
            icon_name="import",
            shortcut="Ctrl+I",
            tip=tr("Nhập danh sách mã từ phụ lục quyết định (Excel)"),
        )
        self.act_export = a(
            tr("Xuất danh sách…"),
            self.export_dialog,
            icon_name="export",
            shortcut="Ctrl+E",
            tip=tr("Xuất danh sách mã: phụ lục Excel, danh mục, edXML, dữ liệu mở"),
        )
        self.act_print = a(
            tr("In…"),
            self.print_dialog,
            icon_name="print",
            shortcut=QKeySequence.StandardKey.Print,
            tip=tr("In danh sách mã định danh"),
        )
        self.act_verify_pdf = a(tr("Kiểm tra chữ ký số của tệp PDF…"), self.verify_pdf_dialog)
        self.act_settings = a(tr("Thiết lập của sổ…"), self.registry_settings)
        self.act_backup = a(tr("Sao lưu ngay"), self.backup_now)
        self.act_restore = a(tr("Khôi phục từ bản sao lưu…"), self.restore_dialog)
        self.act_quit = a(tr("Thoát"), self.close, shortcut="Ctrl+Q")

        # Own actions rather than the stack's: those follow canUndo() alone and would stay
        # live in a read-only view (Ctrl+Z there once annulled an import).
        self.act_undo = a(tr("Hoàn tác"), self.undo, icon_name="undo", shortcut="Ctrl+Z")
        self.act_redo = a(tr("Làm lại"), self.redo, icon_name="redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for sig in (
            self.undo_stack.canUndoChanged,
            self.undo_stack.canRedoChanged,
            self.undo_stack.undoTextChanged,
            self.undo_stack.redoTextChanged,
        ):
            sig.connect(lambda *_: self._update_undo())

        self.act_add = a(
            tr("Thêm đơn vị cấp dưới…"),
            self.add_child,
            icon_name="add",
            shortcut="Ctrl+Shift+N",
            tip=tr("Cấp mã cho một đơn vị cấp dưới của đơn vị đang chọn"),
        )
        self.act_rename = a(tr("Đổi tên…"), self.rename, icon_name="rename", shortcut="F2")
        self.act_details = a(
            tr("Sửa thông tin…"), self.edit_details, icon_name="details", shortcut="Ctrl+Shift+I"
        )
        self.act_recode = a(tr("Đổi mã…"), self.recode, icon_name="recode", shortcut="Ctrl+Shift+R")
        self.act_move = a(
            tr("Chuyển…"),
            self.move_unit,
            icon_name="move",
            shortcut="Ctrl+Shift+M",
            tip=tr("Chuyển đơn vị sang đơn vị cấp trên khác (hoặc kéo thả trong cây)"),
        )
        self.act_close = a(
            tr("Đóng mã…"), self.close_unit, icon_name="close", shortcut="Ctrl+Shift+D"
        )
        self.act_reopen = a(tr("Mở lại mã…"), self.reopen_unit, icon_name="reopen")
        self.act_merge = a(
            tr("Sáp nhập…"),
            self.merge,
            icon_name="merge",
            shortcut="Ctrl+Shift+G",
            tip=tr("Sáp nhập các đơn vị đang chọn vào một đơn vị"),
        )
        self.act_split = a(tr("Chia tách…"), self.split, icon_name="split", shortcut="Ctrl+Shift+T")
        self.act_annul = a(
            tr("Hủy thay đổi gần nhất…"),
            self.annul_latest,
            icon_name="annul",
            tip=tr("Hủy thay đổi gần nhất của đơn vị đang chọn vì đã ghi nhầm"),
        )
        self.act_copy = a(tr("Sao chép mã"), self.copy_code, shortcut=QKeySequence.StandardKey.Copy)
        self.act_find = a(
            tr("Tìm…"),
            self.search.focus,
            icon_name="search",
            shortcut=QKeySequence.StandardKey.Find,
        )

        self.act_show_closed = a(
            tr("Hiện đơn vị đã đóng"), self.set_show_closed, shortcut="Ctrl+H", checkable=True
        )
        self.act_show_closed.setChecked(bool(self.settings.value("show_closed", False) == "true"))
        self.act_as_of = a(
            tr("Xem theo ngày"),
            self._as_of_toggled,
            icon_name="calendar",
            shortcut="Ctrl+T",
            checkable=True,
            tip=tr("Xem cây đơn vị như vào một ngày (chỉ đọc)"),
        )
        self.act_decisions = a(
            tr("Danh sách quyết định"), self.show_decisions, icon_name="decision"
        )
        self.act_validate = a(
            tr("Kiểm tra toàn bộ sổ"),
            self.validate_all,
            icon_name="validate",
            shortcut="F7",
            tip=tr("Chạy bộ kiểm tra trên toàn bộ sổ"),
        )
        self.act_about = a(tr("Giới thiệu"), self.about)
        self.act_logs = a(tr("Mở thư mục nhật ký"), self.open_logs)

        self.notation_group = QActionGroup(self)
        self.act_qcvn = a(tr("QCVN 102 (000.00.01.H59)"), lambda: None, checkable=True)
        self.act_qd20 = a(tr("QĐ 20/2020 (H59.01)"), lambda: None, checkable=True)
        for act, notation in ((self.act_qcvn, QCVN102), (self.act_qd20, QD20)):
            self.notation_group.addAction(act)
            act.triggered.connect(lambda _c=False, n=notation: self.set_notation(n))
        self.language_group = QActionGroup(self)
        self.act_vi = QAction("Tiếng Việt", self, checkable=True)
        self.act_en = QAction("English", self, checkable=True)
        for act, lang in ((self.act_vi, VIETNAMESE), (self.act_en, ENGLISH)):
            self.language_group.addAction(act)
            act.setChecked(language() == lang)
            act.triggered.connect(lambda _c=False, lg=lang: self.set_language(lg))

        self.edit_actions = [
            self.act_add,
            self.act_rename,
            self.act_details,
            self.act_recode,
            self.act_move,
            self.act_close,
            self.act_reopen,
            self.act_merge,
            self.act_split,
            self.act_annul,
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(tr("&Tệp"))
        m.addAction(self.act_new)
        m.addAction(self.act_open)
        self.recent_menu = m.addMenu(tr("Mở gần đây"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        m.addAction(self.act_import)
        m.addAction(self.act_export)
        m.addAction(self.act_print)
        m.addAction(self.act_verify_pdf)
        m.addSeparator()
        m.addAction(self.act_settings)
        m.addAction(self.act_backup)
        m.addAction(self.act_restore)
        m.addSeparator()
        m.addAction(self.act_quit)

        m = bar.addMenu(tr("&Sửa"))
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        m.addSeparator()
        for act in self.edit_actions[:-1]:
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_annul)
        m.addSeparator()
        m.addAction(self.act_copy)
        m.addAction(self.act_find)

        m = bar.addMenu(tr("&Xem"))
        m.addAction(self.act_show_closed)
        m.addAction(self.act_as_of)
        m.addSeparator()
        notation = m.addMenu(tr("Cách viết mã"))
        notation.addAction(self.act_qcvn)
        notation.addAction(self.act_qd20)
        self.view_menu = m
        self.panes_menu = m.addMenu(tr("Khung"))
        m.addAction(self.act_decisions)
        m.addSeparator()
        lang = m.addMenu(tr("Ngôn ngữ"))
        lang.addAction(self.act_vi)
        lang.addAction(self.act_en)

        m = bar.addMenu(tr("&Kiểm tra"))
        m.addAction(self.act_validate)

        m = bar.addMenu(tr("Trợ &giúp"))
        m.addAction(self.act_logs)
        m.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar(tr("Thanh công cụ"))
        tb.setObjectName("mainToolbar")
        tb.setIconSize(QSize(20, 20))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        # Short texts on the toolbar; the menus carry the full ones.
        for act, text in (
            (self.act_add, tr("Thêm")),
            (self.act_rename, tr("Đổi tên")),
            (self.act_move, tr("Chuyển")),
            (self.act_close, tr("Đóng mã")),
            (self.act_merge, tr("Sáp nhập")),
            (self.act_import, tr("Nhập phụ lục")),
            (self.act_validate, tr("Kiểm tra")),
        ):
            act.setIconText(text)
        for act in (self.act_add, self.act_rename, self.act_move, self.act_close, self.act_merge):
            tb.addAction(act)
        tb.addSeparator()
        for act in (self.act_undo, self.act_redo):
            tb.addAction(act)
            # Icon only: the undo text names the change and would push the toolbar wide.
            button = tb.widgetForAction(act)
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)  # type: ignore[attr-defined]
        tb.addSeparator()
        tb.addAction(self.act_import)
        tb.addAction(self.act_validate)
        tb.addSeparator()
        self.show_closed_box = QCheckBox(tr("Hiện đơn vị đã đóng"))
        self.show_closed_box.setChecked(self.act_show_closed.isChecked())
        self.show_closed_box.toggled.connect(self.act_show_closed.setChecked)
        self.act_show_closed.toggled.connect(self.show_closed_box.setChecked)
        tb.addWidget(self.show_closed_box)
        tb.addSeparator()
        self.as_of_box = QCheckBox(tr("Xem theo ngày:"))
        self.as_of_box.toggled.connect(self.act_as_of.setChecked)
        self.act_as_of.toggled.connect(self.as_of_box.setChecked)
        tb.addWidget(self.as_of_box)
        self.as_of_edit = QDateEdit()
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("dd/MM/yyyy")
        today = dt.date.fromisoformat(today_iso())
        self.as_of_edit.setDate(QDate(today.year, today.month, today.day))
        self.as_of_edit.dateChanged.connect(self._as_of_date_changed)
        tb.addWidget(self.as_of_edit)
        self.toolbar = tb
        self.addToolBar(tb)

    def _build_docks(self) -> None:
        self.history = HistoryPanel()
        self.history.annulRequested.connect(self.annul_dialog)
        self.history_dock = self._dock(tr("Lịch sử"), "historyDock", self.history)
        self.decisions = DecisionsPanel()
        self.decisions.unitActivated.connect(self.jump_to)
        self.decisions.useDecision.connect(self.use_decision)
        self.decisions.editDecision.connect(self.edit_decision)
        self.decisions.withdrawDecision.connect(self.withdraw_decision)
        self.decisions_dock = self._dock(tr("Quyết định"), "decisionsDock", self.decisions)
        self.findings_dock = self._dock(tr("Kết quả kiểm tra"), "findingsDock", self._findings())
        self.tabifyDockWidget(self.history_dock, self.decisions_dock)
        self.tabifyDockWidget(self.decisions_dock, self.findings_dock)
        self.history_dock.raise_()
        for dock in (self.history_dock, self.decisions_dock, self.findings_dock):
            self.panes_menu.addAction(dock.toggleViewAction())

    def _findings(self) -> QWidget:
        from desktop.ui.findings import FindingsPanel

        self.findings = FindingsPanel()
        self.findings.unitActivated.connect(self.jump_to)
        self.findings.rerun.connect(self.validate_all)
        return self.findings

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

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.status_file = QLabel()
        self.status_units = QLabel()
        self.status_findings = QLabel()
        self.status_asof = QLabel()
        for label in (self.status_file, self.status_units, self.status_findings, self.status_asof):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        self._update_status()

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
        if splitter is not None:
            self.splitter.restoreState(splitter)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.set_value("window/splitter", self.splitter.saveState())
        self.settings.set_value("show_closed", self.act_show_closed.isChecked())
        self.settings.sync()
        self.close_registry()
        super().closeEvent(event)

    # -- the registry file ------------------------------------------------------------------------

    def open_registry(self, path: Path | str) -> bool:
        """Open a registry file (known problems are reported, and False returned)."""
        try:
            # A registry another program is editing opens read-only, with the reason shown.
            reg = Registry.open(path, if_locked=IF_LOCKED_READONLY)
        except KnownError as exc:
            self._open_failed(Path(path), exc)
            return False
        self.close_registry()
        self.reg = reg
        self.db_path = Path(path).resolve()
        try:
            self._show_registry(reg)
        except Exception as exc:
            # A registry that opens but cannot be shown (damaged pages, unreadable decisions)
            # is told as the damage, with the backups to restore from; never a crash.
            self.close_registry()
            self._open_failed(Path(path), probe_damage(Path(path)) or exc)
            return False
        # Only a registry that opened and showed is remembered to be reopened.
        self.settings.add_recent(self.db_path)
        self._failed_path = None
        # Small registries are checked as soon as their size is known (counted off the GUI
        # thread: on a million units even counting takes a noticeable moment).
        self._autorun_pending = True
        return True

    def _open_failed(self, path: Path, exc: BaseException) -> None:
        """Why the registry did not open; for a damaged one, the way out: its backups."""
        self._failed_path = path.resolve() if isinstance(exc, RegistryCorrupt) else None
        if not isinstance(exc, KnownError):
            errors.show_bug(self, exc)
            return
        if self._failed_path is None or not backup.list_backups(self._failed_path):
            errors.show_known(self, exc, tr("Không mở được sổ"))
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Không mở được sổ"),
            message(exc),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        restore = box.addButton(tr("Khôi phục từ bản sao lưu…"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore)
        box.accepted.connect(self.restore_dialog)
        box.open()
        self.damaged_box = box

    def _show_registry(self, reg: Registry) -> None:
        self.as_of = None
        self.search.as_of = None
        self.act_as_of.blockSignals(True)
        self.act_as_of.setChecked(False)
        self.as_of_box.blockSignals(True)
        self.as_of_box.setChecked(False)
        self.as_of_box.blockSignals(False)
        self.act_as_of.blockSignals(False)
        self.live_model = UnitTreeModel(
            RegistrySource(reg, include_closed=self.act_show_closed.isChecked()), reg.notation
        )
        self.live_model.moveRequested.connect(self._move_requested)
        self._set_tree_model(self.live_model)
        self.search.include_closed = self.act_show_closed.isChecked()
        (self.act_qcvn if reg.notation == QCVN102 else self.act_qd20).setChecked(True)
        self.undo_stack.clear()
        self.current_decision_id = None
        self._remap.clear()
        self.unit_count = None
        self.decisions.counts = {}
        self.decisions.load(reg, None)
        self.refresh_stats()
        self.findings.clear_results(reg)
        self._update_title()
        self._update_status()
        self._selection_changed()
        if reg.readonly:
            shown = (READONLY_IN_USE, READONLY_MEDIUM, READONLY_NEWER)
            if reg.readonly_reason in shown and reg.readonly_banner:
                why = reg.readonly_banner
            else:
                why = tr("Sổ đang mở chỉ để đọc: không ghi được thay đổi.")
            self.readonly_banner.setText(why)
            self.readonly_banner.setVisible(True)
            self.statusBar().showMessage(why)

    def close_registry(self) -> None:
        for job in (self._asof_job, self._stats_job):
            if job is not None:
                job.cancel()
        self._asof_job = self._stats_job = None
        self.findings.cancel_job()
        self.tree.setModel(None)  # type: ignore[arg-type]
        self._show_as_of_banner(None)
        self.readonly_banner.setVisible(False)
        self.live_model = None
        self.asof_model = None
        self.asof_source = None
        if self.reg is not None:
            self.reg.close()
            self.reg = None
        self.db_path = None

    def _set_tree_model(self, model: UnitTreeModel) -> None:
        old = self.tree.selectionModel()
        self.tree.setModel(model)
        if old is not None:
            old.deleteLater()
        model.fetchMore(QModelIndex())
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.fit_columns()

    @property
    def model(self) -> UnitTreeModel | None:
        m = self.tree.model()
        return m if isinstance(m, UnitTreeModel) else None

    def new_registry_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Tạo sổ mã định danh mới"),
            str(Path.home() / "so-ma-dinh-danh.db"),
            tr("Sổ mã định danh (*.db)"),
        )
        if path:
            if not path.endswith(".db"):
                path += ".db"
            self.new_registry(Path(path))

    def new_registry(self, path: Path) -> workers.Job:
        """Create a registry holding the official level-1 list, off the GUI thread, then open it."""
        from desktop.store.sample import create_registry

        def work(_reg: Registry | None, job: workers.Job) -> Path:
            job.progress(0, 0, tr("Đang tạo sổ với danh sách mã cấp 1 chính thức…"))
            return create_registry(path, official=True)

        job = workers.Job(work, None)
        job.succeeded.connect(lambda p: self.open_registry(p))
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Sổ mới"), tr("Đang tạo sổ…"), self, cancellable=False)
        return workers.start(job)

    def registry_settings(self) -> RegistrySettingsDialog | None:
        """The letterhead and signer printed on reports, and who records changes."""
        if self.reg is None:
            return None
        dialog = RegistrySettingsDialog(self.reg, self, self.settings)
        dialog.open()
        return dialog

    def backup_now(self) -> workers.Job | None:
        """A copy of the registry in its backups folder, listed for restoring later."""
        if self.db_path is None or not self.act_backup.isEnabled():
            return None  # one backup at a time
        path = self.db_path

        def work(reg: Registry | None, job: workers.Job) -> Path:
            assert reg is not None
            job.progress(0, 0, tr("Đang sao lưu…"))
            return backup.backup_before(reg, backup.MANUAL)

        job = workers.Job(work, path)
        job.succeeded.connect(
            lambda p: self.statusBar().showMessage(tr("Đã sao lưu vào {path}").format(path=p))
        )
        job.failed.connect(lambda exc: errors.report(self, exc))
        workers.ProgressDialog(job, tr("Sao lưu"), tr("Đang sao lưu…"), self, cancellable=False)
        self.act_backup.setEnabled(False)
        job.done.connect(self._backup_done)
        return workers.start(job)

    def _backup_done(self) -> None:
        self.act_backup.setEnabled(True)

    def restore_dialog(self) -> workers.Job | None:
        """Pick an automatic copy, confirm, and bring it back (off the GUI thread).

        Also for a registry that failed to open as damaged: that is when it is needed most."""
        path = self.db_path or self._failed_path
        if path is None:
            return None
        found = backup.list_backups(path)
        if not found:
            errors.show_info(
                self,
                tr("Khôi phục từ bản sao lưu"),
                tr(
                    "Sổ này chưa có bản sao lưu nào. Bản sao được tạo tự động trước mỗi lần "
                    "nhập phụ lục và trước khi nâng cấp sổ; dùng Tệp › Sao lưu ngay để tạo một "
                    "bản bất cứ lúc nào."
                ),
            )
            return None
        dialog = RestoreDialog(path, found, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selected()
        if chosen is None or not confirm_restore(self, chosen):
            return None
        return self.restore_from(chosen.path)

    def restore_from(self, source: Path) -> workers.Job:
        path = self.db_path or self._failed_path
        assert path is not None
        # The registry's writer lock must be free for the restore to take it.
        self.close_registry()

        def work(_reg: Registry | None, job: workers.Job) -> backup.RestoreResult:
            job.progress(0, 0, tr("Đang kiểm tra bản sao và khôi phục…"))
            return backup.restore(path, source)

        def done(result: backup.RestoreResult) -> None:
            self.open_registry(path)
            self.statusBar().showMessage(
                tr("Đã khôi phục sổ từ bản sao lưu ({units} đơn vị).").format(units=result.units)
            )

        def failed(exc: BaseException) -> None:
            self.open_registry(path)
            errors.report(self, exc)

        job = workers.Job(work, None)
        job.succeeded.connect(done)
        job.failed.connect(failed)
        workers.ProgressDialog(job, tr("Khôi phục"), tr("Đang khôi phục…"), self, cancellable=False)
        return workers.start(job)

    def open_registry_dialog(self) -> None:
        start = str(self.db_path.parent) if self.db_path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Mở sổ mã định danh"),
            start,
            tr("Sổ mã định danh (*.db *.sqlite);;Mọi tệp (*)"),
        )
        if path:
            self.open_registry(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = self.settings.recent()
        if not items:
            empty = self.recent_menu.addAction(tr("(chưa có)"))
            empty.setEnabled(False)
            return
        for i, path in enumerate(items, 1):
            act = self.recent_menu.addAction(f"&{i}  {path}")
            act.triggered.connect(lambda _c=False, p=path: self.open_registry(p))

    def _update_title(self) -> None:
        title = tr("Sổ mã định danh điện tử")
        if self.db_path is not None:
            title = f"{self.db_path.name} — {title}"
            if self.reg is not None and self.reg.readonly:
                title += " " + tr("[chỉ đọc]")
        self.setWindowTitle(title)

    def _update_status(self) -> None:
        if self.reg is None or self.db_path is None:
            self.status_file.setText(tr("Chưa mở sổ nào"))
            self.status_units.setText("")
            self.status_findings.setText("")
            self.status_asof.setText("")
            return
        self.status_file.setText(tr("Sổ:") + f" {self.db_path}")
        self.status_file.setToolTip(str(self.db_path))
        if self.as_of and self.asof_source is not None:
            count: int | None = self.asof_source.count
        else:
            count = self.unit_count
        if count is None:
            self.status_units.setText(tr("Đang đếm đơn vị…"))
        else:
            self.status_units.setText(f"{show_count(count)} " + tr("đơn vị"))
        self.status_findings.setText(self.findings.summary())
        if self.as_of:
            self.status_asof.setText(
                tr("Xem như ngày") + f" {show_date(self.as_of)} " + tr("(chỉ đọc)")
            )
            self.status_asof.setStyleSheet("color: #9c5700; font-weight: bold;")
        else:
            self.status_asof.setText(tr("Ngày xem: hôm nay") + f" ({show_date(today_iso())})")
            self.status_asof.setStyleSheet("")

    # -- selection --------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        sel = self.tree.selectionModel()
        if sel is None:
            return []
        ids = []
        for index in sel.selectedRows(0):
            if index.internalId() not in ids:
                ids.append(index.internalId())
        current = self.tree.currentIndex()
        if current.isValid() and current.internalId() in ids:
            ids.remove(current.internalId())
            ids.append(current.internalId())
        return ids

    def selected_units(self) -> list[Unit]:
        ids = self.selected_ids()
        if not ids:
            return []
        source = self._shown_source()
        if source is not None:
            then = [source.unit(i) for i in ids]
            return [u for u in then if u is not None]
        assert self.reg is not None
        found = self.reg.units_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def _shown_source(self) -> AsOfSource | None:
        """Where the tree reads the units it shows: as of the chosen date, or in force today
        (the tables also hold changes signed for later)."""
        if self.as_of and self.asof_source is not None:
            return self.asof_source
        if self.live_model is not None and isinstance(self.live_model.source, AsOfSource):
            return self.live_model.source
        return None

    def current_unit(self) -> Unit | None:
        units = self.selected_units()
        return units[-1] if units else None

    def _selection_changed(self, *_args: Any) -> None:
        unit = self.current_unit()
        if unit is None or self.reg is None:
            self.details.clear()
            self.history.show_events(self.reg, None) if self.reg else None
        else:
            model = self.model
            pending = model.pending_of(unit.id) if model is not None else []
            self.details.show_unit(self.reg, unit, self.as_of, pending)
            self.history.show_events(self.reg, unit, readonly=self.readonly)
        self._update_actions()

    @property
    def readonly(self) -> bool:
        return self.reg is None or self.reg.readonly or self.as_of is not None

    def _update_actions(self) -> None:
        units = self.selected_units() if self.reg is not None else []
        one = units[-1] if len(units) == 1 else None
        editable = not self.readonly
        open_one = editable and one is not None and one.status in (ACTIVE, DRAFT)
        agency = one is not None and one.kind == "agency"
        self.act_add.setEnabled(open_one and agency)
        self.act_rename.setEnabled(open_one)
        self.act_details.setEnabled(open_one)
        self.act_recode.setEnabled(open_one and agency)
        self.act_move.setEnabled(open_one and agency and (one.level or 0) >= 2)  # type: ignore[union-attr]
        self.act_close.setEnabled(open_one)
        self.act_reopen.setEnabled(editable and one is not None and one.status == CLOSED)
        self.act_split.setEnabled(open_one)
        self.act_merge.setEnabled(
            editable and bool(units) and all(u.status in (ACTIVE, DRAFT) for u in units)
        )
        self.act_annul.setEnabled(editable and one is not None)
        self.act_copy.setEnabled(one is not None)
        has_reg = self.reg is not None
        for act in (self.act_import, self.act_restore):
            act.setEnabled(has_reg and editable)
        self.decisions.set_writable(has_reg and editable)
        self._update_undo()
        for act in (self.act_export, self.act_print, self.act_validate, self.act_as_of):
            act.setEnabled(has_reg)
        self.as_of_box.setEnabled(has_reg)

    def _update_undo(self) -> None:
        try:
            stack = self.undo_stack
            stack.count()
        except RuntimeError:  # the window is being destroyed and took its stack
            return
        editable = not self.readonly
        for act, can, label, text in (
            (self.act_undo, stack.canUndo(), tr("Hoàn tác"), stack.undoText()),
            (self.act_redo, stack.canRedo(), tr("Làm lại"), stack.redoText()),
        ):
            act.setEnabled(editable and can)
            act.setText(f"{label} {text}" if text else label)

    def undo(self) -> None:
        if not self.readonly:
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self.readonly:
            self.undo_stack.redo()

    # -- editing ----------------------------------------------------------------------------------

    def _open_dialog(self, dialog: dialogs.OperationDialog) -> dialogs.OperationDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _one(self) -> Unit | None:
        unit = self.current_unit()
        if unit is None or self.readonly:
            return None
        return unit

    @guarded
    def add_child(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.AddChildDialog(self, unit)) if unit else None

    @guarded
    def rename(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.RenameDialog(self, unit)) if unit else None

    @guarded
    def edit_details(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.DetailsDialog(self, unit)) if unit else None

    @guarded
    def recode(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.RecodeDialog(self, unit)) if unit else None

    @guarded
    def move_unit(
        self, unit_id: int | None = None, parent_id: int | None = None
    ) -> dialogs.OperationDialog | None:
        if self.readonly or self.reg is None:
            return None
        unit = self.reg.unit(unit_id) if unit_id is not None else self.current_unit()
        if unit is None:
            return None
        target = self.reg.unit(parent_id) if parent_id is not None else None
        return self._open_dialog(dialogs.MoveDialog(self, unit, target))

    def _move_requested(self, unit_id: int, parent_id: int) -> None:
        # Out of the drop event: the preview dialog must not open inside the drag loop.
        QTimer.singleShot(0, lambda: self.move_unit(unit_id, parent_id))

    @guarded
    def close_unit(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.CloseDialog(self, unit)) if unit else None

    @guarded
    def reopen_unit(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.ReopenDialog(self, unit)) if unit else None

    @guarded
    def merge(self) -> dialogs.OperationDialog | None:
        if self.readonly:
            return None
        units = self.selected_units()
        if not units:
            return None
        target = None
        if len(units) > 1:
            # The current (last clicked) unit receives the others, unless the clerk changes it.
            target, units = units[-1], units[:-1]
        return self._open_dialog(dialogs.MergeDialog(self, units, target))

    @guarded
    def split(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open_dialog(dialogs.SplitDialog(self, unit)) if unit else None

    @guarded
    def annul_latest(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        if unit is None or self.reg is None:
            return None
        event = latest_change(self.reg, unit.id)
        if event is None:
            raise KnownError(
                tr("Đơn vị này không còn thay đổi nào có thể hủy."),
                "This unit has no change left to annul.",
            )
        return self._open_dialog(dialogs.AnnulDialog(self, event))

    @guarded
    def annul_dialog(self, event_id: int) -> dialogs.OperationDialog | None:
        if self.readonly or self.reg is None:
            return None
        return self._open_dialog(dialogs.AnnulDialog(self, self.reg.event(event_id)))

    def perform(
        self, text: str, op: dialogs.Operation, picker: dialogs.DecisionPicker | None
    ) -> Change:
        """Run one change in one transaction (with its decision, if new), push it for undo."""
        reg = self.reg
        assert reg is not None
        with reg.write():
            decision_id = picker.resolve(reg) if picker is not None else 0
            change = op(reg, decision_id)
        if picker is not None:
            if picker.is_new:
                self.settings.set_value("last_issuer", picker.issuer.text())
            self.current_decision_id = decision_id
        self.undo_stack.push(OperationCommand(self, text, op, decision_id, change))
        self.after_change(change)
        focus = change.created[:1] or change.unit_ids[:1]
        if focus and change.action in ("create", "split", "move", "recode"):
            self.jump_to(focus[0])
        return change

    def after_change(self, change: Change) -> None:
        """Refresh every view from what an operation changed."""
        if self.live_model is not None:
            self.live_model.apply_change(change)
        if self.reg is not None:
            self.decisions.load(self.reg, self.current_decision_id)
            self.findings.after_change(self, change)
            self.refresh_stats()
        self._selection_changed()
        self._update_status()

    def refresh_stats(self) -> workers.Job | None:
        """Count units and each decision's changes off the GUI thread (slow on a million)."""
        if self.db_path is None:
            return None
        if self._stats_job is not None:
            self._stats_job.cancel()
        include_closed = self.act_show_closed.isChecked()

        def work(reg: Registry | None, job: workers.Job) -> tuple[int, dict[int, int]]:
            assert reg is not None
            # The units in force today (the tables also hold changes signed for later).
            count = as_of_difference(reg, today_iso(), include_closed=include_closed).count
            job.check()
            return count or 0, decision_event_counts(reg)

        job = workers.Job(work, self.db_path, readonly=True)
        self._stats_job = job

        def done(result: tuple[int, dict[int, int]]) -> None:
            if job is not self._stats_job:
                return
            self._stats_job = None
            self.unit_count, counts = result
            self.decisions.set_counts(counts)
            if self._autorun_pending:
                self._autorun_pending = False
                self.findings.maybe_autorun(self, self.unit_count)
            self._update_status()

        job.succeeded.connect(done)
        job.failed.connect(lambda exc: errors.report(self, exc))
        return workers.start(job)

    def annul_event(self, event_id: int) -> None:
        """Annul a mistaken change; through the undo stack when it is the latest one there."""
        reg = self.reg
        assert reg is not None
        index = self.undo_stack.index()
        if index > 0:
            top = self.undo_stack.command(index - 1)
            if isinstance(top, OperationCommand) and event_id in top.event_ids():
                self.undo_stack.undo()
                return
        change = reg.annul(event_id)
        self.after_change(change)
        for i in range(index):
            cmd = self.undo_stack.command(i)
            if isinstance(cmd, OperationCommand) and reg.event(cmd.change.event_ids[0]).annulled_by:
                self.undo_stack.clear()
                break
        self.statusBar().showMessage(tr("Đã hủy thay đổi nhầm."), 5000)

    def undo_failed(self, exc: KnownError) -> None:
        errors.show_known(self, exc, tr("Không hoàn tác được"))
        QTimer.singleShot(0, self.undo_stack.clear)
        if self.live_model is not None and self.reg is not None:
            self._reload_tree()

    def remap(self, old: list[int], new: list[int]) -> None:
        for a, b in zip(old, new):
            if a != b:
                self._remap[a] = b

    def resolve(self, unit_id: int) -> int:
        seen = set()
        while unit_id in self._remap and unit_id not in seen:
            seen.add(unit_id)
            unit_id = self._remap[unit_id]
        return unit_id

    def use_decision(self, decision_id: int) -> None:
        self.current_decision_id = decision_id
        if self.reg is not None:
            self.decisions.load(self.reg, decision_id)
            number = self.reg.decision(decision_id).number
            self.statusBar().showMessage(
                tr("Các thay đổi tiếp theo theo quyết định") + f" {number}", 5000
            )

    def edit_decision(self, decision_id: int) -> DecisionEditDialog | None:
        """Correct a decision's record; every view reads it again."""
        if self.reg is None or self.readonly:
            return None
        dialog = DecisionEditDialog(self.reg, self.reg.decision(decision_id), self)
        dialog.accepted.connect(lambda: self._decision_edited(dialog.saved))
        dialog.open()
        return dialog

    def _decision_edited(self, decision: Decision | None) -> None:
        if decision is None:
            return
        self.decisions.load(self.reg, self.current_decision_id)
        self.decisions.select_decision(decision.id)
        self._selection_changed()
        self.statusBar().showMessage(
            tr("Đã sửa thông tin quyết định") + f" {decision.number}", 5000
        )

    def withdraw_decision(self, decision_id: int) -> None:
        if self.reg is None or self.readonly:
            return
        decision = self.reg.decision(decision_id)
        if confirm_withdraw(self.reg, decision, self):
            if self.current_decision_id == decision_id:
                self.current_decision_id = None
            self.decisions.load(self.reg, self.current_decision_id)
            self.refresh_stats()
            self.statusBar().showMessage(tr("Đã rút quyết định") + f" {decision.number}", 5000)

    def copy_code(self) -> None:
        unit = self.current_unit()
        if unit is not None and self.reg is not None:
            QGuiApplication.clipboard().setText(unit.display_code(self.reg.notation))

    # -- navigation -------------------------------------------------------------------------------

    @guarded
    def jump_to(self, unit_id: int, *, reveal_closed: bool = True) -> bool:
        """Select a unit in the tree, loading and expanding its ancestors.

        A closed unit asked for by the clerk (a link, a search result) ticks «show closed
        units»; re-selecting after a reload (``reveal_closed=False``) never touches it, or
        unticking the box would tick it again."""
        model = self.model
        if model is None or self.reg is None:
            return False
        if self.as_of and self.asof_source is not None:
            path = []
            uid: int | None = unit_id
            while uid is not None and uid in self.asof_source:
                path.append(uid)
                uid = self.asof_source.parent_of(uid)
            path.reverse()
        else:
            source = self._shown_source()
            unit = source.unit(unit_id) if source is not None else self.reg.unit(unit_id)
            if unit is None:  # signed, not yet in force
                self.statusBar().showMessage(tr("Đơn vị này chưa có hiệu lực hôm nay."), 5000)
                return False
            if unit.status == CLOSED and not self.act_show_closed.isChecked():
                if not reveal_closed:
                    return False
                self.act_show_closed.setChecked(True)
                model = self.model
                assert model is not None
            source = self._shown_source()
            if source is None:
                path = [*ancestors(self.reg, unit_id), unit_id]
            else:  # the parents in force today (a move may be pending)
                path = []
                step: int | None = unit_id
                while step is not None:
                    path.append(step)
                    step = source.parent_of(step)
                path.reverse()
        index = model.reveal(path)
        if not index.isValid():
            self.statusBar().showMessage(tr("Đơn vị này không có trong cây đang xem."), 5000)
            return False
        parent = index.parent()
        chain = []
        while parent.isValid():
            chain.append(parent)
            parent = parent.parent()
        for p in reversed(chain):
            self.tree.expand(p)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(
            index,
            self.tree.selectionModel().SelectionFlag.ClearAndSelect
            | self.tree.selectionModel().SelectionFlag.Rows,
        )
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _context_menu(self, pos: Any) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid():
            return
        if index.internalId() not in self.selected_ids():
            self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        for act in self.edit_actions[:-1]:
            if act.isEnabled():
                menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.act_annul)
        menu.addSeparator()
        menu.addAction(self.act_copy)
        history = menu.addAction(icon("history"), tr("Xem lịch sử"))
        history.triggered.connect(lambda: (self.history_dock.show(), self.history_dock.raise_()))
        self._last_menu = menu
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    # -- views ------------------------------------------------------------------------------------

    def _expanded_ids(self) -> list[int]:
        model = self.model
        if model is None:
            return []
        found: list[int] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                child = model.index(row, 0, parent)
                if self.tree.isExpanded(child):
                    found.append(child.internalId())
                    stack.append(child)
        return found

    def _restore_expanded(self, ids: list[int]) -> None:
        model = self.model
        if model is None:
            return
        wanted = set(ids)
        stack = [QModelIndex()]
        while stack and wanted:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                child = model.index(row, 0, parent)
                if child.internalId() in wanted:
                    wanted.discard(child.internalId())
                    model.fetch_all(child)
                    self.tree.expand(child)
                    stack.append(child)

    def _reload_tree(self) -> None:
        """Re-read the whole tree (a setting changed), keeping what was open and selected."""
        if self.reg is None or self.live_model is None:
            return
        expanded = self._expanded_ids()
        current = self.current_unit()
        self.live_model.set_source(
            RegistrySource(self.reg, include_closed=self.act_show_closed.isChecked())
        )
        self.live_model.fetchMore(QModelIndex())
        self._restore_expanded(expanded)
        if current is not None and not self.jump_to(current.id, reveal_closed=False):
            # The unit is hidden now (closed): its nearest shown ancestor takes the selection.
            for ancestor in reversed(ancestors(self.reg, current.id)):
                if self.jump_to(ancestor, reveal_closed=False):
                    break

    def set_show_closed(self, on: bool) -> None:
        self.search.include_closed = on
        self.search.refresh()
        if self.as_of:
            self._start_as_of(self.as_of)
        else:
            self._reload_tree()
        self.refresh_stats()
        self._update_status()

    def set_notation(self, notation: str) -> None:
        if self.reg is None or self.reg.notation == notation:
            return
        if self.readonly:
            # A read-only view (as of a date too) changes how it shows codes, not the file.
            for model in (self.live_model, self.asof_model):
                if model is not None:
                    model.set_notation(notation)
            return
        self.reg.set_meta("display_notation", notation)
        for model in (self.live_model, self.asof_model):
            if model is not None:
                model.set_notation(notation)
        self._selection_changed()
        self.search.refresh()
        self.decisions.load(self.reg, self.current_decision_id)

    def show_decisions(self) -> None:
        self.decisions_dock.show()
        self.decisions_dock.raise_()

    # -- as-of date -------------------------------------------------------------------------------

    def _as_of_toggled(self, on: bool) -> None:
        if on:
            self._start_as_of(self.as_of_edit.date().toString("yyyy-MM-dd"))
        else:
            self.leave_as_of()

    def _as_of_date_changed(self) -> None:
        if self.act_as_of.isChecked():
            self._start_as_of(self.as_of_edit.date().toString("yyyy-MM-dd"))

    def set_as_of(self, date: str | None) -> workers.Job | None:
        """Show the tree as of ``date`` (None: back to today's editable tree)."""
        if date is None:
            self.act_as_of.setChecked(False)
            return None
        d = dt.date.fromisoformat(date)
        self.as_of_edit.blockSignals(True)
        self.as_of_edit.setDate(QDate(d.year, d.month, d.day))
        self.as_of_edit.blockSignals(False)
        self.act_as_of.blockSignals(True)
        self.act_as_of.setChecked(True)
        self.as_of_box.blockSignals(True)
        self.as_of_box.setChecked(True)
        self.as_of_box.blockSignals(False)
        self.act_as_of.blockSignals(False)
        return self._start_as_of(date)

    def _start_as_of(self, date: str) -> workers.Job | None:
        if self.db_path is None:
            return None
        if self._asof_job is not None:
            self._asof_job.cancel()
        include_closed = self.act_show_closed.isChecked()

        def work(reg: Registry | None, job: workers.Job) -> AsOfDifference:
            assert reg is not None
            return as_of_difference(reg, date, include_closed=include_closed)

        job = workers.Job(work, self.db_path, readonly=True)
        self._asof_job = job
        job.succeeded.connect(lambda difference: self._show_as_of(date, difference, job))
        job.failed.connect(lambda exc: self._as_of_failed(exc, job))
        workers.ProgressDialog(
            job,
            tr("Xem theo ngày"),
            tr("Đang dựng cây đơn vị như ngày") + f" {show_date(date)}…",
            self,
        )
        return workers.start(job)

    def _show_as_of(self, date: str, difference: AsOfDifference, job: workers.Job) -> None:
        if job is not self._asof_job or self.reg is None:
            return
        # The tree reads through the GUI thread's own connection; the job only found what
        # differs on that date.
        source = AsOfSource(self.reg, difference, include_closed=self.act_show_closed.isChecked())
        self._asof_job = None
        current = self.current_unit()
        expanded = self._expanded_ids()
        self.as_of = date
        self.search.as_of = date
        self.asof_source = source
        self.asof_model = UnitTreeModel(source, self.reg.notation)
        self._set_tree_model(self.asof_model)
        self._show_as_of_banner(date)
        self._restore_expanded(expanded)
        if current is not None and current.id in source:
            self.jump_to(current.id, reveal_closed=False)
        self._selection_changed()
        self._update_status()

    def _show_as_of_banner(self, date: str | None) -> None:
        """A tinted tree and a banner, so that the past is never taken for today."""
        if date is None:
            self.as_of_banner.setVisible(False)
            self.tree.setStyleSheet("")
            return
        self.as_of_banner.setText(
            tr("Đang xem sổ như ngày")
            + f" <b>{show_date(date)}</b> — "
            + tr("chỉ đọc; bỏ chọn «Xem theo ngày» để quay về hôm nay và sửa.")
        )
        self.as_of_banner.setVisible(True)
        self.tree.setStyleSheet(
            "QTreeView { background: #fffdf3; alternate-background-color: #fff7dc; }"
        )

    def _as_of_failed(self, exc: BaseException, job: workers.Job) -> None:
        if job is self._asof_job:
            self._asof_job = None
            self.act_as_of.setChecked(False)
        errors.report(self, exc)

    def leave_as_of(self) -> None:
        if self._asof_job is not None:
            self._asof_job.cancel()
            self._asof_job = None
        if self.as_of is None or self.live_model is None:
            self.as_of = None
            return
        current = self.current_unit()
        self.as_of = None
        self.search.as_of = None
        self.asof_model = None
        self.asof_source = None
        self._set_tree_model(self.live_model)
        self._show_as_of_banner(None)
        if current is not None:
            self.jump_to(current.id, reveal_closed=False)
        self._selection_changed()
        self._update_status()

    # -- checking, exchange, printing (filled in by their own modules) ----------------------------

    def validate_all(self) -> None:
        self.findings.run(self)
        self.findings_dock.show()
        self.findings_dock.raise_()

    def import_wizard(self) -> None:
        from desktop.ui.wizard import open_import_wizard

        open_import_wizard(self)

    def imported(self, request: Any, result: Any) -> None:
        """An import was applied (by the wizard): on the undo stack, and every view refreshed."""
        from desktop.ui.wizard import ImportCommand

        self.undo_stack.push(ImportCommand(self, request, result))
        decision = self.reg.decision_by_number(result.decision.number) if self.reg else None
        if decision is not None:
            self.current_decision_id = decision.id
        self.after_import()

    def after_import(self) -> None:
        """After an import, its undo or redo: too many units for patching; re-read the tree."""
        self._reload_tree()
        if self.reg is not None:
            self.decisions.load(self.reg, self.current_decision_id)
            self.refresh_stats()
            if self.findings.checked:
                self.findings.run(self, quiet=True)
        self._selection_changed()
        self._update_status()

    def export_dialog(self) -> None:
        from desktop.ui.exporting import export_dialog

        export_dialog(self)

    def print_dialog(self) -> None:
        from desktop.ui.exporting import print_dialog

        print_dialog(self)

    def verify_pdf_dialog(self) -> None:
        from desktop.ui.signing import verify_pdf_dialog

        verify_pdf_dialog(self)

    # -- language, about --------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        if lang == language():
            return
        self.settings.language = lang
        self.settings.sync()
        self.languageChanged.emit(lang)

    def about(self) -> QMessageBox:
        text = (
            f"<h3>madinhdanh {__version__}</h3>"
            + "<p>"
            + tr(
                "Sổ mã định danh điện tử của các cơ quan, tổ chức theo Quyết định "
                "20/2020/QĐ-TTg (sửa đổi, bổ sung bởi Quyết định 09/2025/QĐ-TTg)."
            )
            + "</p><p>"
            + tr(
                "Làm việc không cần mạng. Không xóa dữ liệu, không bao giờ cấp lại mã đã dùng; "
                "mọi thay đổi gắn với quyết định đã ban hành."
            )
            + "</p><p style='color:#566573'>"
            + f"Qt {qVersion()} · PySide6 {PySide6.__version__}"
            + f" · Python {platform.python_version()}"
            + "<br>"
            + tr("Nhật ký:")
            + f" {log_dir()}</p>"
        )
        box = QMessageBox(self)
        box.setWindowTitle(tr("Giới thiệu"))
        box.setIconPixmap(icon("app").pixmap(64, 64))
        box.setText(text)
        box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def open_logs(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))
