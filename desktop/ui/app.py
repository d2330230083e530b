"""Starting the desktop application: ``madinhdanh`` with no command, or ``run(db_path)``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.domain.errors import KnownError
from desktop.paths import resource_file
from desktop.store.base import set_operator
from desktop.ui import errors, workers
from desktop.ui.i18n import install_language
from desktop.ui.icons import icon
from desktop.ui.settings import Settings

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# The interface font, set explicitly: the platform default on a bare machine may lack
# Vietnamese glyphs or metrics. DejaVu Sans covers Vietnamese and is on every Linux box.
UI_FONT_FAMILIES = ["DejaVu Sans", "Segoe UI", "Arial"]
UI_FONT_POINTS = 10

# The open main windows (one, or a new one after a change of language).
_windows: list[MainWindow] = []

# Set (to anything) by the start-up benchmark (tests/benchmarks/run.py): the application prints
# "shown <epoch seconds>" once the window is drawn, lets the background work that opening the
# registry started finish (so that its peak memory counts), and quits.
EXIT_WHEN_SHOWN = "MADINHDANH_EXIT_WHEN_SHOWN"


def setup_application(app: QApplication, settings: Settings) -> None:
    """Names, font, language and icon of the application (also used by the tests)."""
    QCoreApplication.setOrganizationName("madinhdanh")
    QCoreApplication.setApplicationName("madinhdanh")
    QCoreApplication.setApplicationVersion(__version__)
    fonts = resource_file("fonts")
    if fonts.is_dir():
        for path in sorted(fonts.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(path))
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(UI_FONT_POINTS)
    app.setFont(font)
    app.setWindowIcon(icon("app"))
    install_language(settings.language)
    set_operator(settings.operator)


def _startup_registry(db_path: str | None, settings: Settings) -> Path:
    """The registry to open: --db, else the last one used, else the user's (the sample on
    first start)."""
    if db_path:
        return Path(db_path)
    for recent in settings.recent():
        if Path(recent).exists():
            return Path(recent)
    from desktop.store.sample import ensure_default_registry

    return ensure_default_registry()


def launch(db_path: str | None) -> MainWindow:
    """Set the application up and show the main window on a registry (without running the
    event loop: :func:`run` does that)."""
    from desktop.logs import setup_logging
    from desktop.ui.main_window import MainWindow

    setup_logging()
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    settings = Settings()
    setup_application(app, settings)
    errors.install_excepthook()

    def open_window(path: Path | None) -> MainWindow:
        window = MainWindow(settings)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.languageChanged.connect(lambda lang: relaunch(window, lang))
        window.show()
        if path is not None:
            window.files.open_registry(path)
        _windows.append(window)
        return window

    def relaunch(old: MainWindow, lang: str) -> None:
        # A new window in the new language replaces the old one, on the same registry.
        install_language(lang)
        path = old.session.db_path
        old.close()
        if old in _windows:
            _windows.remove(old)
        open_window(path)

    try:
        path = _startup_registry(db_path, settings)
    except KnownError as exc:
        window = open_window(None)
        errors.show_known(window, exc)
        return window
    return open_window(path)


def run(db_path: str | None) -> int:
    """Open the main window on a registry and run until it is closed."""
    window = launch(db_path)
    app = QApplication.instance()
    assert app is not None
    if os.environ.get(EXIT_WHEN_SHOWN):
        QTimer.singleShot(0, lambda: _shown(window))
    return app.exec()


def _shown(window: MainWindow) -> None:
    window.repaint()  # drawn now, whatever the platform has done with its expose events
    print(f"shown {time.time():.6f}", flush=True)

    def quit_when_idle() -> None:
        if not workers.busy():
            QCoreApplication.quit()

    timer = QTimer(window)
    timer.timeout.connect(quit_when_idle)
    timer.start(20)
