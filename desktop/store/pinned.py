"""The automatic copy before an import, taken off its path: from the file the import leaves alone.

In WAL mode a write never touches the database file: its pages go to the ``-wal`` file and reach
the database file only at a checkpoint. Once the ``-wal`` has been folded in (a TRUNCATE
checkpoint) the database file holds the registry exactly as it is, and it keeps holding exactly
that while any connection reads a snapshot of the bare file: such a reader blocks every
checkpoint, the one SQLite tries when the last connection closes included.

So the command line, before an import that finds no current automatic copy (:func:`pin`):
folds the ``-wal`` in, opens such a reader (the *pin*), and writes a marker beside the copies
(``NAME.dbz.pending``: the write token the copy will hold). The import then writes at once
(``backup_before(..., if_changed=True)`` takes the pending copy for the current one), and a
process of its own (``python -m desktop.store.pinned``, started before the pin is let go, pins
the file in turn) packs the database file into the copy while the clerk goes on. The marker is
removed once the copy is whole, and only then is the last pin let go.

If that process dies first, the marker outlives it: the next program to open the registry takes
the copy before anything else (:func:`finish_pending`), after checking through an ``immutable``
connection (which reads the database file alone, never the ``-wal``) that the file still holds
the token the marker names.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from desktop.store import backup

if TYPE_CHECKING:
    from desktop.store.base import RegistryBase as Registry

log = logging.getLogger(__name__)

PENDING = ".pending"
# Set to 1: the command that pinned the registry waits for the copy to be whole before it
# returns (the tests, which remove the registry's folder right after).
WAIT_FOR_COPY = "MADINHDANH_WAIT_FOR_COPY"
_PINNED_LINE = "pinned"
# A copier that cannot pin the file within this long (a machine swapping hard) is not waited
# for: the command copies from its own pin instead.
_START_SECONDS = 60


# The copies this process pinned, by final path, until released.
_OURS: dict[Path, Pinned] = {}


@dataclass
class Pinned:
    """A registry file pinned for the copy named ``target`` (``release`` lets it go)."""

    registry: Path
    target: Path
    token: str
    keep: int
    pin: sqlite3.Connection
    copier: subprocess.Popen[str] | None = None
    copier_pinned: bool | None = None  # None: not asked yet

    @property
    def marker(self) -> Path:
        return marker_of(self.target)


def marker_of(target: Path) -> Path:
    return target.with_name(target.name + PENDING)


def _read_token(conn: sqlite3.Connection) -> str | None:
    from desktop.store.base import WRITE_TOKEN

    row = conn.execute("SELECT value FROM meta WHERE key = ?", (WRITE_TOKEN,)).fetchone()
    return row[0] if row else None


def _pin_connection(registry: Path, token: str) -> sqlite3.Connection | None:
    """A reader of the bare database file holding ``token`` (None when it holds another)."""
    conn = sqlite3.connect(f"{registry.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    conn.isolation_level = None
    try:
        conn.execute("BEGIN")
        if _read_token(conn) == token and _file_token(registry) == token:
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None


def _file_token(registry: Path) -> str | None:
    """The write token in the database file itself, whatever the ``-wal`` beside it holds."""
    conn = sqlite3.connect(f"{registry.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return _read_token(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def pin(reg: Registry) -> Pinned | None:
    """Pin the registry for the copy before an import, when it has no current copy and can be
    pinned (else None: ``backup_before`` takes the copy as it always did)."""
    if os.name == "nt" or reg.readonly or reg.conn.in_transaction:
        return None  # (on Windows a dead copier cannot be told from a live one: copy at once)
    token = backup._registry_token(reg)
    if token is None or backup.current_copy(reg, token) is not None:
        return None
    try:
        mode = reg.conn.execute("PRAGMA journal_mode").fetchone()[0]
        busy = mode == "wal" and reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error:
        return None
    if mode != "wal" or busy:
        return None  # a reader elsewhere holds an older snapshot: the file is not the registry
    conn = _pin_connection(reg.path, token)
    if conn is None:
        return None
    target = backup.new_copy_path(reg.path, backup.IMPORT)
    if shutil.disk_usage(target.parent).free < reg.path.stat().st_size:
        # Room the packed copy may not find later: copied first, where a full disk is told.
        conn.close()
        return None
    keep = backup.backup_keep(reg)
    _write_marker(marker_of(target), token, os.getpid())
    pinned = Pinned(reg.path, target, token, keep, conn)
    _start_copier(pinned)
    _OURS[target] = pinned
    return pinned


def _write_marker(marker: Path, token: str, pid: int) -> None:
    partial = marker.with_name(marker.name + ".new")
    with open(partial, "w", encoding="utf-8") as fh:
        json.dump({"token": token, "pid": pid}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    partial.replace(marker)
    backup._fsync_dir(marker.parent)


def _read_marker(marker: Path) -> dict[str, object] | None:
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def pending_copy(registry: Path, token: str) -> Path | None:
    """The copy being taken of the registry holding ``token``, if one is (its final path).

    When this process pinned it, the copier's own pin is awaited first (its start overlapped
    reading and reconciling the appendix): once this returns, the registry may be written."""
    folder = backup.backup_dir(registry)
    with contextlib.suppress(OSError):
        for marker in folder.glob("*" + PENDING):
            found = _read_marker(marker)
            if found is not None and found.get("token") == token:
                target = marker.with_name(marker.name[: -len(PENDING)])
                ours = _OURS.get(target)
                if ours is not None:
                    _await_copier(ours)
                return target
    return None


def _start_copier(pinned: Pinned) -> None:
    """The copier, started at once: it pins the file in turn and packs it while the import is
    applied (niced: the import comes first)."""
    with contextlib.suppress(OSError):
        pinned.copier = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop.store.pinned",
                str(pinned.registry),
                str(pinned.target),
                pinned.token,
                str(pinned.keep),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # a Ctrl-C at the prompt does not stop the copy
        )


def _await_copier(pinned: Pinned) -> None:
    """Wait until the copier holds its own pin; a copier that cannot is stopped, and the copy
    taken here (still before anything is written)."""
    if pinned.copier_pinned is not None:
        return
    copier = pinned.copier
    pinned.copier_pinned = copier is not None and _first_line(copier.stdout) == _PINNED_LINE
    if copier is not None and copier.stdout is not None:
        copier.stdout.close()  # the one line it says
    if not pinned.copier_pinned:
        log.warning("the copier did not pin %s: copying here", pinned.registry)
        if copier is not None:
            with contextlib.suppress(OSError):
                copier.kill()
            copier.wait()
        copy_file(pinned.registry, pinned.target, pinned.token, pinned.keep)


def cancel(pinned: Pinned) -> None:
    """The import failed before writing anything: no copy (the copier stopped, its marker and
    partial file removed), the pin let go."""
    try:
        if pinned.copier is not None:
            with contextlib.suppress(OSError):
                pinned.copier.kill()
            pinned.copier.wait()
        for leftover in (pinned.marker, pinned.target.with_name(pinned.target.name + ".copying")):
            leftover.unlink(missing_ok=True)
    finally:
        pinned.pin.close()
        _OURS.pop(pinned.target, None)


def release(pinned: Pinned, wait: bool = False) -> None:
    """Let this process's pin go, once the copier holds its own or the copy is taken here.
    ``wait``: until the copy is whole."""
    try:
        _await_copier(pinned)
    finally:
        pinned.pin.close()
        _OURS.pop(pinned.target, None)
    if wait and pinned.copier_pinned and pinned.copier is not None:
        pinned.copier.wait()
    # Whichever of the copier and this command lets the registry go last folds the import in.
    _fold(pinned.registry)


def _fold(registry: Path) -> None:
    """Close the registry as its last program would: the pins read only, and a read-only
    connection never checkpoints, so the import would stay in the ``-wal`` until the next
    program closes the registry. A connection that may write, closed last, folds it in and
    removes the ``-wal``, as after any command (none is folded while another program has the
    registry open: its own close will)."""
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(registry), timeout=1)
        try:
            conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
        finally:
            conn.close()


def _first_line(stream: IO[str] | None) -> str:
    if stream is None:
        return ""
    import selectors

    with selectors.DefaultSelector() as sel:
        sel.register(stream, selectors.EVENT_READ)
        if not sel.select(_START_SECONDS):
            return ""
    return stream.readline().strip()


def copy_file(registry: Path, target: Path, token: str, keep: int | None) -> Path:
    """Pack the pinned database file into ``target``, remove its marker, rotate the copies."""
    backup.pack_file(registry, target, token, leave_wal=True)
    marker_of(target).unlink(missing_ok=True)
    backup._fsync_dir(target.parent)
    if keep is not None:
        backup.rotate(registry, keep)
    return target


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_pending(registry: Path) -> list[Path]:
    """Copies whose copier died (the marker outlived it): taken now, before this program opens
    the registry, when the file still holds the state the marker names; else dropped (logged).
    (Not rotated here: the next copy rotates, with the registry's setting.)"""
    folder = backup.backup_dir(registry)
    if os.name == "nt" or not folder.is_dir():
        return []
    done = []
    for marker in sorted(folder.glob("*" + PENDING)):
        found = _read_marker(marker)
        pid = found.get("pid") if found else None
        target = marker.with_name(marker.name[: -len(PENDING)])
        if target in _OURS or (isinstance(pid, int) and pid != os.getpid() and _alive(pid)):
            continue  # being taken: by this process's copier, or by a live one
        token = found.get("token") if found else None
        if isinstance(token, str) and _file_token(registry) == token:
            done.append(copy_file(registry, target, token, None))
        else:
            log.warning("the copy %s was not finished and the registry has moved on", target)
            marker.unlink(missing_ok=True)
    return done


def main(argv: list[str]) -> int:
    """The copier: pin the registry holding the token, say so, pack the file, let go."""
    registry, target, token, keep = Path(argv[0]), Path(argv[1]), argv[2], int(argv[3])
    conn = _pin_connection(registry, token)
    if conn is None:
        return 1
    try:
        _write_marker(marker_of(target), token, os.getpid())
        print(_PINNED_LINE, flush=True)
        with contextlib.suppress(OSError, AttributeError):
            os.nice(10)  # the clerk's next command comes first
        copy_file(registry, target, token, keep)
    finally:
        conn.close()
    _fold(registry)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
