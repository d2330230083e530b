"""Backups in the app: take one now, or bring one back from the list of automatic copies."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.store import backup
from desktop.ui.i18n import VIETNAMESE, language, tr


def reason_label(reason: str) -> str:
    labels = {
        backup.IMPORT: tr("Trước khi nhập phụ lục"),
        backup.MIGRATION: tr("Trước khi nâng cấp sổ"),
        backup.RESTORE: tr("Trước khi khôi phục từ bản sao"),
        backup.MANUAL: tr("Sao lưu theo yêu cầu"),
    }
    return labels.get(reason, reason)


def backup_label(info: backup.BackupInfo) -> str:
    """``14/06/2025 09:30:12 — Trước khi nhập phụ lục (1,2 MB)`` in the interface language."""
    when = info.local_time.strftime("%d/%m/%Y %H:%M:%S")
    size = f"{info.size / 1_000_000:.1f} MB"
    if language() == VIETNAMESE:  # a decimal comma
        size = size.replace(".", ",")
    return f"{when} — {reason_label(info.reason)} ({size})"


class RestoreDialog(QDialog):
    """The automatic copies of the open registry, newest first; the clerk picks one."""

    def __init__(self, registry: Path, backups: list[backup.BackupInfo], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Khôi phục từ bản sao lưu"))
        self.backups = backups
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Chọn bản sao lưu để đưa sổ về đúng trạng thái lúc đó. Sổ hiện tại được giữ "
                "lại thành một bản sao lưu mới, nên việc khôi phục cũng có thể hoàn lại. Mọi mã "
                "đã cấp trong sổ hiện tại và trong các bản sao lưu tự động mới hơn vẫn được giữ "
                "là đã cấp: không mã nào được cấp lại."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(f"<b>{registry.name}</b>"))
        self.list = QListWidget()
        for info in backups:
            item = QListWidgetItem(backup_label(info))
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        self.list.setMinimumWidth(460)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            tr("Khôi phục"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        layout.addWidget(buttons)
        if backups:
            self.list.setCurrentRow(0)

    def selected(self) -> backup.BackupInfo | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def confirm_restore(parent: QWidget, info: backup.BackupInfo) -> bool:
    """Restoring replaces today's registry: the clerk says so explicitly."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr("Khôi phục từ bản sao lưu"))
    box.setText(
        tr("Thay sổ hiện tại bằng bản sao lưu lúc {when}?").format(
            when=info.local_time.strftime("%d/%m/%Y %H:%M:%S")
        )
    )
    box.setInformativeText(
        tr(
            "Mọi thay đổi ghi sau thời điểm đó sẽ không còn trong sổ đang dùng; sổ hiện tại "
            "được giữ lại thành một bản sao lưu và có thể khôi phục lại. Các mã đã cấp sau "
            "thời điểm đó vẫn được giữ là đã cấp (đã hủy, không cấp lại)."
        )
    )
    yes = box.addButton(tr("Khôi phục"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    return box.clickedButton() is yes
