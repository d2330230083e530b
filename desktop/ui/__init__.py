"""The desktop interface: every PySide6 import of the application lives under this package."""

from __future__ import annotations

import ctypes
import logging
import sys


def _guard_none_refcount() -> None:
    """Keep ``None`` alive under PySide6 builds that release it once per void call.

    PySide6-Essentials 6.12.0 on Python 3.11 returns ``None`` from every C++ method that
    returns nothing without taking a reference to it, so after some tens of thousands of such
    calls (a few minutes of clicking) Python aborts with "deallocating None". Python 3.12 made
    ``None`` immortal; on older Pythons we give it the same protection, and only when the
    release is actually observed. pyproject.toml excludes that build; this covers an
    environment that has it anyway.
    """
    if sys.version_info >= (3, 12):
        return
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    if sys.getrefcount(None) < before:
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
        logging.getLogger("madinhdanh.ui").warning(
            "this PySide6 build leaks references to None; None pinned as immortal"
        )


_guard_none_refcount()
