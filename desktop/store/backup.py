"""Safe copies of a registry, taken with SQLite's online backup API (consistent even in WAL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.errors import translate

if TYPE_CHECKING:
    from desktop.store.base import RegistryBase as Registry


def backup_dir(registry_path: Path) -> Path:
    return registry_path.with_name(registry_path.name + ".backups")


def copy_to(reg: Registry, target: Path) -> Path:
    """Copy the open registry to ``target`` (written beside it first, then renamed)."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    try:
        dest = sqlite3.connect(str(partial))
        try:
            reg.conn.backup(dest)
        finally:
            dest.close()
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise translate(exc, target) or exc from exc
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return target


def backup_before(reg: Registry, reason: str) -> Path:
    """An automatic copy before a risky operation (migration, import)."""
    folder = backup_dir(reg.path)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return copy_to(reg, folder / f"{reg.path.stem}-{stamp}-{reason}.db")
