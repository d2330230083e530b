"""What the clerk is told when something goes wrong.

Known problems (:class:`~desktop.domain.errors.KnownError`: a wrong code, a locked registry, a
full disk...) get their one-line reason in a plain message box. Anything else is a bug: it goes
to the log with its traceback, and the clerk gets a short apology with the log's location,
never a traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.domain.errors import KnownError
from desktop.paths import log_dir
from desktop.ui.i18n import message, tr

log = logging.getLogger("madinhdanh.ui")

# The last texts shown, newest last: tests read them instead of clicking through boxes.
shown: list[str] = []


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str = ""
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    if detail:
        box.setInformativeText(detail)
    shown.append(text)
    return box


def show_known(parent: QWidget | None, exc: KnownError, title: str | None = None) -> QMessageBox:
    """A known problem, in the interface language, without blocking the caller."""
    log.info("known problem: %s", exc.en)
    box = _box(parent, QMessageBox.Icon.Warning, title or tr("Không thực hiện được"), message(exc))
    box.open()
    return box


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.open()
    return box


def show_bug(parent: QWidget | None, exc: BaseException | None = None) -> QMessageBox:
    """An internal error: logged with its traceback, reported with the log's location."""
    folder = log_dir()
    if exc is not None:
        log.error("internal error:\n%s", "".join(traceback.format_exception(type(exc), exc, None)))
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        tr("Lỗi của chương trình"),
        tr(
            "Chương trình gặp lỗi nội bộ (không phải lỗi của dữ liệu). "
            "Thao tác vừa rồi không được ghi vào sổ."
        ),
        tr("Chi tiết đã được ghi vào nhật ký trong thư mục:") + f"\n{folder}",
    )
    open_logs = box.addButton(tr("Mở thư mục nhật ký"), QMessageBox.ButtonRole.ActionRole)
    open_logs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    box.open()
    return box


def report(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, KnownError):
        show_known(parent, exc)
    else:
        show_bug(parent, exc)


def install_excepthook() -> None:
    """Exceptions escaping a slot end up here instead of killing the program."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if not isinstance(exc, KnownError):
            log.error("uncaught exception", exc_info=(kind, exc, tb))
        app = QApplication.instance()
        parent = app.activeWindow() if isinstance(app, QApplication) else None
        if isinstance(exc, KnownError):
            show_known(parent, exc)
        else:
            show_bug(parent, None)

    sys.excepthook = hook
