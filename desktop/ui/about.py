"""Help › About, and the folder of the logs."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import __version__
from desktop.paths import log_dir
from desktop.ui.i18n import tr
from desktop.ui.icons import icon


def about_box(parent: QWidget) -> QMessageBox:
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
    box = QMessageBox(parent)
    box.setWindowTitle(tr("Giới thiệu"))
    box.setIconPixmap(icon("app").pixmap(64, 64))
    box.setText(text)
    box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_logs() -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))
