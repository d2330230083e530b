"""The program's log file, shared by the command line and the window (below both)."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.paths import log_dir


def setup_logging() -> Path:
    """Log to a file in the user's log folder; the clerk sees one-line reasons, not logs."""
    try:
        path = log_dir() / "madinhdanh.log"
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        path = Path("madinhdanh.log")
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("madinhdanh")
    if not any(isinstance(h, type(handler)) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
