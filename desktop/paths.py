"""Where shipped files and the user's files live."""

from __future__ import annotations

import os
from pathlib import Path

# importlib.resources and platformdirs load when first needed: every command starts here.

APP_NAME = "madinhdanh"
# In a source checkout (editable install, git worktree) the files next to the package win, so
# that the data and resources always belong to the code that runs.
_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_IN_CHECKOUT = (_SOURCE_ROOT / "pyproject.toml").exists()


def data_file(name: str) -> Path:
    """A file of the shipped reference data (``data/`` in the source tree)."""
    if _IN_CHECKOUT:
        return _SOURCE_ROOT / "data" / name
    import importlib.resources

    return Path(str(importlib.resources.files("desktop._data").joinpath(name)))


def resource_file(*parts: str) -> Path:
    """A shipped resource (``resources/`` in the source tree): fonts, icons, translations."""
    if _IN_CHECKOUT:
        return _SOURCE_ROOT.joinpath("resources", *parts)
    import importlib.resources

    return Path(str(importlib.resources.files("desktop._resources").joinpath(*parts)))


def user_data_dir() -> Path:
    override = os.environ.get("MADINHDANH_HOME")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_registry() -> Path:
    return user_data_dir() / "so-ma-dinh-danh.db"


def log_dir() -> Path:
    override = os.environ.get("MADINHDANH_HOME")
    if override:
        path = Path(override) / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path
