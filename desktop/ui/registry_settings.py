"""The registry's settings in the app: the letterhead and signer of printed reports, the
operator recorded with each change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.store.registry import Registry
from desktop.store.settings import SETTINGS, read_settings, write_settings
from desktop.ui import errors
from desktop.ui.i18n import ENGLISH, language, tr


class RegistrySettingsDialog(QDialog):
    """One form for every setting; saved in one transaction, or not at all."""

    def __init__(self, reg: Registry, parent: QWidget) -> None:
        super().__init__(parent)
        self.reg = reg
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not reg.readonly)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.fields.items()}

    def save(self) -> None:
        try:
            write_settings(self.reg, self.values())
        except Exception as exc:  # a known problem gets its message, a bug its dialog
            errors.report(self, exc)
            return
        self.accept()
