"""The window's actions: what each menu item, toolbar button and shortcut is, and when it is on.

The actions call the session's controllers (``editing``, ``files``) and the window's own few
slots, named by :class:`Host` so that this module never imports the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.domain.codes import QCVN102, QD20
from desktop.domain.eras import outlives_parent
from desktop.domain.units import ACTIVE, CLOSED, DRAFT, Unit
from desktop.ui.editing import Editing
from desktop.ui.files import Files
from desktop.ui.i18n import ENGLISH, VIETNAMESE, language, tr
from desktop.ui.icons import icon
from desktop.ui.panels import SearchBox
from desktop.ui.session import Session
from desktop.ui.settings import Settings


class Host(Protocol):
    """What the actions call on the window that holds them."""

    session: Session
    settings: Settings
    editing: Editing
    files: Files
    search: SearchBox

    def close(self) -> bool: ...
    def import_wizard(self) -> None: ...
    def export_dialog(self) -> None: ...
    def print_dialog(self) -> None: ...
    def verify_pdf_dialog(self) -> None: ...
    def set_show_closed(self, on: bool) -> None: ...
    def show_decisions(self) -> None: ...
    def validate_all(self) -> None: ...
    def about(self) -> Any: ...
    def open_logs(self) -> None: ...
    def set_notation(self, notation: str) -> None: ...
    def set_language(self, lang: str) -> None: ...


class Actions:
    """Every QAction of the window, and their enabled state."""

    def __init__(self, parent: QWidget, host: Host) -> None:
        self.parent_widget = parent
        self.session = host.session
        self._build(host)

    def _action(
        self,
        text: str,
        slot: Callable[..., Any],
        *,
        icon_name: str | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self.parent_widget)
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

    def _build(self, host: Host) -> None:
        a = self._action
        self.act_new = a(
            tr("Sổ mới…"),
            host.files.new_registry_dialog,
            icon_name="new",
            shortcut=QKeySequence.StandardKey.New,
            tip=tr("Tạo sổ mới với danh sách mã cấp 1 chính thức"),
        )
        self.act_open = a(
            tr("Mở sổ…"),
            host.files.open_registry_dialog,
            icon_name="open",
            shortcut=QKeySequence.StandardKey.Open,
            tip=tr("Mở một tệp sổ mã định danh"),
        )
        self.act_import = a(
            tr("Nhập phụ lục quyết định…"),
            host.import_wizard,
            icon_name="import",
            shortcut="Ctrl+I",
            tip=tr("Nhập danh sách mã từ phụ lục quyết định (Excel)"),
        )
        self.act_export = a(
            tr("Xuất danh sách…"),
            host.export_dialog,
            icon_name="export",
            shortcut="Ctrl+E",
            tip=tr("Xuất danh sách mã: phụ lục Excel, danh mục, edXML, dữ liệu mở"),
        )
        self.act_print = a(
            tr("In…"),
            host.print_dialog,
            icon_name="print",
            shortcut=QKeySequence.StandardKey.Print,
            tip=tr("In danh sách mã định danh"),
        )
        self.act_verify_pdf = a(tr("Kiểm tra chữ ký số của tệp PDF…"), host.verify_pdf_dialog)
        self.act_settings = a(tr("Thiết lập của sổ…"), host.files.registry_settings)
        self.act_verify = a(tr("Kiểm tra toàn vẹn sổ…"), host.files.verify_now)
        self.act_backup = a(tr("Sao lưu ngay"), host.files.backup_now)
        self.act_restore = a(tr("Khôi phục từ bản sao lưu…"), host.files.restore_dialog)
        self.act_quit = a(tr("Thoát"), host.close, shortcut="Ctrl+Q")

        # Own actions rather than the stack's: those follow canUndo() alone and would stay
        # live in a read-only view (Ctrl+Z there once annulled an import).
        self.act_undo = a(tr("Hoàn tác"), host.session.undo, icon_name="undo", shortcut="Ctrl+Z")
        self.act_redo = a(tr("Làm lại"), host.session.redo, icon_name="redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for sig in (
            host.session.undo_stack.canUndoChanged,
            host.session.undo_stack.canRedoChanged,
            host.session.undo_stack.undoTextChanged,
            host.session.undo_stack.redoTextChanged,
        ):
            sig.connect(lambda *_: self.update_undo())

        self.act_add = a(
            tr("Thêm đơn vị cấp dưới…"),
            host.editing.add_child,
            icon_name="add",
            shortcut="Ctrl+Shift+N",
            tip=tr("Cấp mã cho một đơn vị cấp dưới của đơn vị đang chọn"),
        )
        self.act_rename = a(tr("Đổi tên…"), host.editing.rename, icon_name="rename", shortcut="F2")
        self.act_details = a(
            tr("Sửa thông tin…"),
            host.editing.edit_details,
            icon_name="details",
            shortcut="Ctrl+Shift+I",
        )
        self.act_recode = a(
            tr("Đổi mã…"), host.editing.recode, icon_name="recode", shortcut="Ctrl+Shift+R"
        )
        self.act_move = a(
            tr("Chuyển…"),
            host.editing.move_unit,
            icon_name="move",
            shortcut="Ctrl+Shift+M",
            tip=tr("Chuyển đơn vị sang đơn vị cấp trên khác (hoặc kéo thả trong cây)"),
        )
        self.act_close = a(
            tr("Đóng mã…"), host.editing.close_unit, icon_name="close", shortcut="Ctrl+Shift+D"
        )
        self.act_reopen = a(tr("Mở lại mã…"), host.editing.reopen_unit, icon_name="reopen")
        self.act_merge = a(
            tr("Sáp nhập…"),
            host.editing.merge,
            icon_name="merge",
            shortcut="Ctrl+Shift+G",
            tip=tr("Sáp nhập các đơn vị đang chọn vào một đơn vị"),
        )
        self.act_split = a(
            tr("Chia tách…"), host.editing.split, icon_name="split", shortcut="Ctrl+Shift+T"
        )
        self.act_annul = a(
            tr("Hủy thay đổi gần nhất…"),
            host.editing.annul_latest,
            icon_name="annul",
            tip=tr("Hủy thay đổi gần nhất của đơn vị đang chọn vì đã ghi nhầm"),
        )
        self.act_copy = a(
            tr("Sao chép mã"), host.editing.copy_code, shortcut=QKeySequence.StandardKey.Copy
        )
        self.act_find = a(
            tr("Tìm…"),
            host.search.focus,
            icon_name="search",
            shortcut=QKeySequence.StandardKey.Find,
        )

        self.act_show_closed = a(
            tr("Hiện đơn vị đã đóng"), host.set_show_closed, shortcut="Ctrl+H", checkable=True
        )
        # The saved choice, without running the slot: the views it redraws are not built yet
        # (the window applies it once they are).
        self.act_show_closed.blockSignals(True)
        self.act_show_closed.setChecked(bool(host.settings.value("show_closed", False) == "true"))
        self.act_show_closed.blockSignals(False)
        self.act_as_of = a(
            tr("Xem theo ngày"),
            lambda _on: None,  # the as-of view listens to it
            icon_name="calendar",
            shortcut="Ctrl+T",
            checkable=True,
            tip=tr("Xem cây đơn vị như vào một ngày (chỉ đọc)"),
        )
        self.act_decisions = a(
            tr("Danh sách quyết định"), host.show_decisions, icon_name="decision"
        )
        self.act_validate = a(
            tr("Kiểm tra toàn bộ sổ"),
            host.validate_all,
            icon_name="validate",
            shortcut="F7",
            tip=tr("Chạy bộ kiểm tra trên toàn bộ sổ"),
        )
        self.act_about = a(tr("Giới thiệu"), host.about)
        self.act_logs = a(tr("Mở thư mục nhật ký"), host.open_logs)

        self.notation_group = QActionGroup(self.parent_widget)
        self.act_qcvn = a(tr("QCVN 102 (000.00.01.H59)"), lambda: None, checkable=True)
        self.act_qd20 = a(tr("QĐ 20/2020 (H59.01)"), lambda: None, checkable=True)
        for act, notation in ((self.act_qcvn, QCVN102), (self.act_qd20, QD20)):
            self.notation_group.addAction(act)
            act.triggered.connect(lambda _c=False, n=notation: host.set_notation(n))
        self.language_group = QActionGroup(self.parent_widget)
        self.act_vi = QAction("Tiếng Việt", self.parent_widget, checkable=True)
        self.act_en = QAction("English", self.parent_widget, checkable=True)
        for act, lang in ((self.act_vi, VIETNAMESE), (self.act_en, ENGLISH)):
            self.language_group.addAction(act)
            act.setChecked(language() == lang)
            act.triggered.connect(lambda _c=False, lg=lang: host.set_language(lg))

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

    def update(self, units: list[Unit]) -> None:
        """Which actions apply to the selected units, in this session."""
        one = units[-1] if len(units) == 1 else None
        editable = not self.session.readonly
        open_one = editable and one is not None and one.status in (ACTIVE, DRAFT)
        agency = one is not None and one.kind == "agency"
        self.act_add.setEnabled(open_one and agency)
        self.act_rename.setEnabled(open_one)
        self.act_details.setEnabled(open_one)
        self.act_recode.setEnabled(open_one and agency)
        self.act_move.setEnabled(
            open_one
            and one is not None
            and (outlives_parent(one.kind) or (agency and (one.level or 0) >= 2))
        )
        self.act_close.setEnabled(open_one)
        self.act_reopen.setEnabled(editable and one is not None and one.status == CLOSED)
        self.act_split.setEnabled(open_one)
        self.act_merge.setEnabled(
            editable and bool(units) and all(u.status in (ACTIVE, DRAFT) for u in units)
        )
        self.act_annul.setEnabled(editable and one is not None)
        self.act_copy.setEnabled(one is not None)
        has_reg = self.session.reg is not None
        for act in (self.act_import, self.act_restore):
            act.setEnabled(has_reg and editable)
        self.update_undo()
        for act in (
            self.act_export,
            self.act_print,
            self.act_validate,
            self.act_as_of,
            self.act_verify,
        ):
            act.setEnabled(has_reg)

    def update_undo(self) -> None:
        try:
            stack = self.session.undo_stack
            stack.count()
        except RuntimeError:  # the window is being destroyed and took its stack
            return
        editable = not self.session.readonly
        for act, can, label, text in (
            (self.act_undo, stack.canUndo(), tr("Hoàn tác"), stack.undoText()),
            (self.act_redo, stack.canRedo(), tr("Làm lại"), stack.redoText()),
        ):
            act.setEnabled(editable and can)
            act.setText(f"{label} {text}" if text else label)
