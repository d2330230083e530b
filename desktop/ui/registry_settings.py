"""The registry's settings in the app: the letterhead and signer of printed reports (in the
registry file), and the clerk's own name recorded with each change (on this computer only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.store.base import set_operator
from desktop.store.registry import Registry
from desktop.store.settings import SETTINGS, read_settings, write_settings
from desktop.ui import errors
from desktop.ui.i18n import ENGLISH, language, tr
from desktop.ui.settings import Settings


class RegistrySettingsDialog(QDialog):
    """One form for every setting; saved in one transaction, or not at all."""

    def __init__(self, reg: Registry, parent: QWidget, user: Settings | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.user = user
        self.setWindowTitle(tr("Thiết lập của sổ"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Các thiết lập này lưu trong tệp sổ: mọi người mở sổ đều in cùng tên cơ quan "
                "ban hành, địa danh và người ký trên báo cáo."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        current = read_settings(reg)
        english = language() == ENGLISH
        for setting in SETTINGS:
            edit = QLineEdit(current[setting.key])
            edit.setMinimumWidth(360)
            if setting.hint_vi and not english:
                edit.setPlaceholderText(setting.hint_vi)
            edit.setReadOnly(reg.readonly)
            self.fields[setting.key] = edit
            form.addRow((setting.label_en if english else setting.label_vi) + ":", edit)
        layout.addLayout(form)
        # Each clerk's own name: kept on this computer, so that everyone records under theirs.
        mine = QGroupBox(tr("Của riêng bạn, trên máy này"))
        mine_form = QFormLayout(mine)
        self.operator = QLineEdit(user.operator if user is not None else "")
        self.operator.setPlaceholderText(tr("để trống: tên đăng nhập máy"))
        self.operator.setEnabled(user is not None)
        mine_form.addRow(tr("Người ghi thay đổi:"), self.operator)
        layout.addWidget(mine)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.fields.items()}

    def save(self) -> None:
        try:
            if not self.reg.readonly:
                write_settings(self.reg, self.values())
        except Exception as exc:  # a known problem gets its message, a bug its dialog
            errors.report(self, exc)
            return
        if self.user is not None:
            self.user.operator = self.operator.text()
            set_operator(self.user.operator)
        self.accept()
