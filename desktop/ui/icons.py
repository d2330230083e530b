"""Icons, compiled into the program from ``resources/icons.qrc`` (``pyside6-rcc``)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from desktop.ui.generated import icons_rc  # noqa: F401  (registers the ":/icons" files)


@cache
def icon(name: str) -> QIcon:
    return QIcon(f":/icons/{name}.svg")
