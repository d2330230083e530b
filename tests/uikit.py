"""Helpers for the desktop tests: a window on a fresh sample registry, typing, waiting."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTreeView, QWidget

from desktop.store.registry import Registry
from desktop.ui import workers
from desktop.ui.app import setup_application
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings

# How long a test waits for the window or a background job before calling it hung: a guard, not
# a measure (no test asserts how fast anything is), so generous enough for a loaded machine.
PATIENCE = 300_000  # ms


def type_text(widget: QWidget, text: str) -> None:
    """Type text one character at a time (qtbot.keyClicks aborts on non-ASCII with PySide6)."""
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def make_window(qtbot, db: Path, settings_path: Path) -> MainWindow:
    app = QApplication.instance()
    settings = Settings(settings_path)
    setup_application(app, settings)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window, timeout=PATIENCE)
    assert window.files.open_registry(db)
    wait_jobs(qtbot)
    return window


def wait_jobs(qtbot, timeout: int = PATIENCE) -> None:
    """Wait until every background job has finished and handed its result over."""
    qtbot.waitUntil(lambda: not workers.busy(), timeout=timeout)


def unit_id(window: MainWindow, code: str) -> int:
    assert window.session.reg is not None
    return window.session.reg.find(code).id


def select(window: MainWindow, code: str) -> QModelIndex:
    assert window.tree.jump_to(unit_id(window, code))
    return window.tree.currentIndex()


def index_of(window: MainWindow, code: str) -> QModelIndex:
    select(window, code)
    return window.tree.currentIndex()


def drag_and_drop(tree: QTreeView, source: QModelIndex, target: QModelIndex) -> None:
    """Drop ``source`` on ``target`` through the view's own drag-and-drop event handlers."""
    mime = tree.model().mimeData([source])
    tree.scrollTo(target)
    pos = tree.visualRect(target).center()
    viewport = tree.viewport()
    action = Qt.DropAction.MoveAction
    buttons = Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos, action, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted(), "the tree refused the drag"
    drop = QDropEvent(QPointF(pos), action, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)


def fresh(db: Path) -> Registry:
    """A second connection, to check what is really in the file."""
    return Registry.open(db, readonly=True)
