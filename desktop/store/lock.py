"""One writer per registry: an advisory lock on a small file beside it.

SQLite alone would let two programs take turns writing the same registry, each working from a
view of the tree the other has since changed; two clerks editing one list at once is how codes
get handed out twice. So a program that opens a registry for writing holds an exclusive lock on
``<registry>.lock`` for as long as it keeps the registry open, and a second program either opens
the registry read-only (the desktop app, with a banner) or is refused (the command line).

The lock is taken with ``flock`` (``msvcrt.locking`` on Windows): the operating system drops it
when the holder exits, however it exits, so a crash never leaves a registry locked (a crash
leaves the file behind, unlocked; a clean close removes it). The file holds who locked it, for
the message the second program shows. Inside one process every open of the same
registry shares the lock: the desktop app opens one connection per thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh: IO[bytes]) -> bool:
        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fh.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# Byte 0 is the one locked on Windows (where a locked range cannot be read by others); the
# holder's description follows it.
_INFO_OFFSET = 1


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) a registry's writer lock."""

    pid: int | None = None
    user: str = ""
    host: str = ""
    since: str = ""

    def describe_vi(self) -> str:
        parts = []
        if self.user:
            parts.append(f"người dùng {self.user}")
        if self.host:
            parts.append(f"máy {self.host}")
        if self.since:
            parts.append(f"từ {self.since}")
        return ", ".join(parts)

    def describe_en(self) -> str:
        parts = []
        if self.user:
            parts.append(f"user {self.user}")
        if self.host:
            parts.append(f"host {self.host}")
        if self.since:
            parts.append(f"since {self.since}")
        return ", ".join(parts)


def lock_path(registry_path: Path) -> Path:
    return registry_path.with_name(registry_path.name + ".lock")


def read_holder(registry_path: Path) -> Holder:
    """The last holder written in the lock file (empty when unknown)."""
    try:
        with lock_path(registry_path).open("rb") as fh:
            fh.seek(_INFO_OFFSET)
            data = json.loads(fh.read(4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return Holder()
    if not isinstance(data, dict):
        return Holder()
    pid = data.get("pid")
    return Holder(
        pid=pid if isinstance(pid, int) else None,
        user=str(data.get("user", "")),
        host=str(data.get("host", "")),
        since=str(data.get("since", "")),
    )


class WriterLock:
    """The writer lock of one registry in this process (shared by its opens, counted)."""

    def __init__(self, key: str, fh: IO[bytes]) -> None:
        self.key = key
        self._fh = fh
        self._count = 1

    def release(self) -> None:
        with _table_guard:
            self._count -= 1
            if self._count > 0:
                return
            _table.pop(self.key, None)
            if os.name != "nt":
                # Removed while still locked, so no program can lock a file that is going away
                # (the inode check in ``acquire`` covers one that opened it just before).
                with contextlib.suppress(OSError):
                    os.unlink(self.key)
            _unlock(self._fh)
            # The holder line may still sit in the buffer when the disk is full: closing must
            # not raise then, or it would hide the full disk behind an error of its own.
            with contextlib.suppress(OSError):
                self._fh.close()


_table: dict[str, WriterLock] = {}
_table_guard = threading.Lock()


class LockUnavailable(Exception):
    """The lock file cannot be created (a read-only folder or medium)."""


def held_here(registry_path: Path) -> bool:
    """Whether this process holds the registry's writer lock (its -wal is then live)."""
    with _table_guard:
        return str(lock_path(registry_path.resolve())) in _table


def acquire(registry_path: Path, operator: str = "") -> WriterLock | None:
    """Take the writer lock of a registry: the lock, or None when another program holds it.

    Raises :class:`LockUnavailable` when the lock file cannot be created or opened for writing.
    """
    target = lock_path(registry_path.resolve())
    key = str(target)
    with _table_guard:
        held = _table.get(key)
        if held is not None:
            held._count += 1
            return held
        for _ in range(20):
            try:
                fh = open(target, "a+b")  # noqa: SIM115 - kept open as long as the lock is held
            except OSError as exc:
                raise LockUnavailable(str(exc)) from exc
            try:
                if not _try_lock(fh):
                    fh.close()
                    return None
                if not _same_file(fh, target):
                    # The holder removed the file between our open and our lock: the lock we
                    # got is on a file nobody else will ever see. Start again on the new one.
                    _unlock(fh)
                    fh.close()
                    continue
                _write_holder(fh, operator)
            except BaseException:
                _unlock(fh)
                fh.close()
                raise
            lock = WriterLock(key, fh)
            _table[key] = lock
            return lock
        return None


def _same_file(fh: IO[bytes], path: Path) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows never removes an open lock file
        return True
    try:
        st = os.stat(path)
    except OSError:
        return False
    own = os.fstat(fh.fileno())
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


def _host() -> str:
    # What socket.gethostname() answers, without loading socket (a few ms of every command).
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _write_holder(fh: IO[bytes], operator: str) -> None:
    info = {
        "pid": os.getpid(),
        "user": operator,
        "host": _host(),
        "since": time.strftime("%Y-%m-%d %H:%M"),
    }
    with contextlib.suppress(OSError):
        fh.seek(0)
        fh.truncate()
        fh.write(b"\n" + json.dumps(info, ensure_ascii=False).encode("utf-8"))
        fh.flush()
