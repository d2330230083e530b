"""Safe copies of a registry, and bringing one back.

Copies are taken with SQLite's online backup API, which reads one consistent snapshot even while
the registry is in WAL mode or another program reads it, into a file beside the target that is
renamed into place only once complete: a copy is whole or absent.

Automatic copies go to ``<registry>.backups/`` before every import, migration and restore, and
are rotated: the newest N stay (N is the registry's ``backup_keep`` setting, 10 unless set).
Copies a clerk makes with ``madinhdanh backup PATH`` are theirs and never rotated.

An import takes its copy only when the registry changed since the newest automatic copy: every
commit sets a random write token in ``meta`` (``base._stamp_write``), and a copy with the token
the registry still has holds the registry as it is. The window takes it while the clerk reviews
the dry run, so the import itself finds it taken; the command line has it taken from the pinned
registry file by a process of its own while the import is applied (:mod:`desktop.store.pinned`).
Copies before an import are packed (zstd when
the ``zstandard`` package is installed, zlib otherwise) behind a one-line header that names the
codec and the token; :func:`readable` unpacks one for as long as it is read, and every reading
of a copy (check, restore, the codes it carries) goes through it.

A restore checks the copy first (a registry, sound file, intact history, replay equal to the
tables, a schema this program knows), keeps a copy of the current registry, then writes the copy
into the registry through the same backup API in a single step: one SQLite transaction on the
destination, so a crash in the middle leaves the registry as it was, never half restored.

What is restored is the copy plus every code the replaced registry and its newer automatic
copies had used and the copy does not know, reserved (``codes_reserved``): going back to an
older copy takes back changes, never the fact that a code was issued.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop.domain.errors import InvalidInput, KnownError, os_reason
from desktop.domain.progress import BACKUP, PROGRESS_EVERY, OnProgress
from desktop.domain.progress import RESTORE as RESTORE_PAGES
from desktop.store.errors import RegistryCorrupt, translate

if TYPE_CHECKING:
    from desktop.store.base import RegistryBase as Registry

KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 10
MAX_KEEP = 1000

IMPORT = "import"
MIGRATION = "migration"
RESTORE = "restore"
MANUAL = "manual"
REASON_LABELS = {
    IMPORT: "Trước khi nhập phụ lục",
    MIGRATION: "Trước khi nâng cấp sổ",
    RESTORE: "Trước khi khôi phục từ bản sao",
    MANUAL: "Sao lưu theo yêu cầu",
}

# <registry stem>-<UTC time>-<reason>.db (.dbz packed); the time sorts as text, reads as a date.
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z]+)\.db(?P<packed>z)?$")
# The copies packed: the frequent ones (one per import at most), which took the most room.
PACKED_REASONS = frozenset({IMPORT})
_MAGIC = b"MDDN-COPY 1\n"
_CHUNK = 1 << 20
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class BackupInfo:
    """One automatic copy, for the restore list."""

    path: Path
    taken_at: dt.datetime  # aware, UTC
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def local_time(self) -> dt.datetime:
        return self.taken_at.astimezone()

    def label(self) -> str:
        """``14/06/2025 09:30:12 — Trước khi nhập phụ lục (1,2 MB)``."""
        when = self.local_time.strftime("%d/%m/%Y %H:%M:%S")
        size = f"{self.size / 1_000_000:.1f} MB".replace(".", ",")
        return f"{when} — {self.reason_label} ({size})"


def backup_dir(registry_path: Path) -> Path:
    return registry_path.with_name(registry_path.name + ".backups")


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: the directory entry, not only the file, must reach the disk."""
    if os.name == "nt":  # pragma: no cover - NTFS journals renames itself
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _copy_connection(
    source: sqlite3.Connection,
    target: Path,
    on_progress: OnProgress | None = None,
    step: str = BACKUP,
) -> Path:
    """Copy a database through the backup API into ``target`` (whole or not at all).

    ``on_progress`` hears the pages copied every :data:`PROGRESS_EVERY` pages; when it raises
    (the clerk's Cancel) the partial copy is removed and the source is left as it was."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            if on_progress is None:
                source.backup(dest)
            else:
                source.backup(dest, pages=PROGRESS_EVERY, progress=_pages(step, on_progress))
            # A copy in rollback-journal mode can be read (checked, restored from, opened on a
            # read-only medium) without SQLite creating -wal and -shm files beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        partial.replace(target)
        _fsync_dir(target.parent)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise translate(exc, target) or exc from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KnownError(
            f"Không ghi được bản sao '{target}': {os_reason(exc)}.",
            f"Cannot write the copy '{target}': {exc}",
        ) from exc
    except BaseException:  # cancelled: no half copy left behind
        partial.unlink(missing_ok=True)
        raise
    return target


def _pages(step: str, on_progress: OnProgress) -> Callable[[int, int, int], None]:
    """The backup API's progress as counts of pages (never going back when a write to the
    source makes SQLite start the copy over)."""
    said = 0

    def progress(_status: int, remaining: int, total: int) -> None:
        nonlocal said
        said = max(said, total - remaining)
        on_progress(step, min(said, total), total)

    return progress


def copy_to(reg: Registry, target: Path, on_progress: OnProgress | None = None) -> Path:
    """Copy the open registry to ``target`` (written beside it first, then renamed)."""
    if reg.conn.in_transaction:
        # The backup API reads through this connection and would copy uncommitted changes.
        raise RuntimeError("copy_to inside a transaction")
    return _copy_connection(reg.conn, Path(target), on_progress)


def backup_keep(reg: Registry) -> int:
    """How many automatic copies to keep (the registry's setting)."""
    try:
        value = int(reg.meta(KEEP_SETTING) or DEFAULT_KEEP)
    except ValueError:
        return DEFAULT_KEEP
    return min(max(value, 1), MAX_KEEP)


def set_backup_keep(reg: Registry, keep: int) -> None:
    if not 1 <= keep <= MAX_KEEP:
        raise InvalidInput(
            f"Số bản sao lưu tự động giữ lại phải từ 1 đến {MAX_KEEP}.",
            f"The number of automatic backups to keep must be between 1 and {MAX_KEEP}.",
        )
    reg.set_meta(KEEP_SETTING, str(keep))


def backup_before(
    reg: Registry,
    reason: str,
    *,
    if_changed: bool = False,
    on_progress: OnProgress | None = None,
) -> Path:
    """An automatic copy before a risky operation (import, migration, restore), then rotation.

    ``if_changed``: when the newest automatic copy already holds the registry as it is (the same
    write token), or such a copy is being taken from the pinned file (:mod:`pinned`), that copy
    is the one (its path is returned) and none is taken.

    One copy at a time in this process (the window takes one in the background while the clerk
    reads an import's review): a second waits for the first, and with ``if_changed`` finds it.
    """
    with _COPYING:
        token = _registry_token(reg)
        if if_changed and token is not None:
            current = current_copy(reg, token)
            if current is not None:
                return current
        target = new_copy_path(reg.path, reason)
        keep = backup_keep(reg) if _has_meta(reg) else DEFAULT_KEEP
        _remove_leftovers(target.parent)
        if target.name.endswith(".dbz"):
            plain = copy_to(reg, target.with_name(target.name + ".partial.db"), on_progress)
            try:
                _pack(plain, target, token)
            finally:
                plain.unlink(missing_ok=True)
        else:
            copy_to(reg, target, on_progress)
        rotate(reg.path, keep)
        return target


# Held while an automatic copy is taken: the copies of one process one after the other (a copy
# clears the partial files it finds, which are a dead program's while no other is being made).
_COPYING = threading.RLock()


def current_copy(reg: Registry, token: str) -> Path | None:
    """The automatic copy that holds the registry as it is (its write token), finished or being
    taken from the pinned file; None when there is none."""
    from desktop.store.pinned import pending_copy

    newest = next(iter(list_backups(reg.path)), None)
    if newest is not None and _token_of(newest.path) == token:
        return newest.path
    return pending_copy(reg.path, token)


def new_copy_path(registry: Path, reason: str) -> Path:
    """A name for a new automatic copy (the folder made if need be); nothing written there."""
    folder = backup_dir(registry)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise KnownError(
            f"Không tạo được thư mục sao lưu '{folder}': {os_reason(exc)}. "
            "Không có gì bị thay đổi.",
            f"Cannot create the backup folder '{folder}': {exc}",
        ) from exc
    moment = dt.datetime.now(dt.UTC)
    packed = "z" if reason in PACKED_REASONS else ""
    while True:
        target = folder / f"{registry.stem}-{moment.strftime(_STAMP)}-{reason}.db{packed}"
        if not target.exists() and not target.with_name(target.name + ".pending").exists():
            return target
        moment += dt.timedelta(microseconds=1)


def _registry_token(reg: Registry) -> str | None:
    from desktop.store.base import WRITE_TOKEN

    if not _has_meta(reg):
        return None
    row = reg.conn.execute("SELECT value FROM meta WHERE key = ?", (WRITE_TOKEN,)).fetchone()
    return row[0] if row else None


def _token_of(copy: Path) -> str | None:
    """The write token of the registry a copy holds (None when it cannot be read)."""
    from desktop.store.base import WRITE_TOKEN

    try:
        if is_packed(copy):
            with open(copy, "rb") as fh:
                token = _read_header(fh).get("token")
            return token if isinstance(token, str) else None
        conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (WRITE_TOKEN,)).fetchone()
        finally:
            conn.close()
    except (OSError, ValueError, sqlite3.Error):
        return None
    return row[0] if row else None


# -- packed copies --------------------------------------------------------------------------------


def is_packed(path: Path) -> bool:
    """Whether a file is a packed copy: by its first bytes, whatever its name (a clerk may have
    renamed or moved it)."""
    with contextlib.suppress(OSError), open(path, "rb") as fh:
        return fh.read(len(_MAGIC)) == _MAGIC
    return False


def _zstd() -> Any:
    try:
        import zstandard
    except ImportError:
        return None
    return zstandard


class _RollbackJournal:
    """A registry file read as a copy in rollback-journal mode: its header's two WAL-mode bytes
    (offsets 18 and 19) read as 1, as ``PRAGMA journal_mode = DELETE`` writes them, so that the
    copy is read without SQLite making -wal and -shm files beside it."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.fh.read(size)
        if self.offset < 20 and chunk:
            patched = bytearray(chunk)
            for at in (18, 19):
                if self.offset <= at < self.offset + len(patched):
                    patched[at - self.offset] = 1
            chunk = bytes(patched)
        self.offset += len(chunk)
        return chunk


def pack_file(source: Path, target: Path, token: str | None, *, leave_wal: bool = False) -> None:
    """A database file packed into ``target`` as an automatic copy (whole or absent);
    ``leave_wal``: the file is a WAL-mode registry, copied as in rollback-journal mode. On one
    thread: this runs beside the clerk's work (store/pinned.py), not before it."""
    _pack(source, target, token, leave_wal=leave_wal, partial_suffix=".copying", threads=0)


def _pack(
    plain: Path,
    target: Path,
    token: str | None,
    *,
    leave_wal: bool = False,
    partial_suffix: str = ".partial",
    threads: int = -1,
) -> None:
    """``plain`` packed into ``target`` (written beside it, then renamed: whole or absent)."""
    zstd = _zstd()
    header = {"codec": "zstd" if zstd else "zlib", "token": token, "bytes": plain.stat().st_size}
    # (The copier's own suffix: a writer's leftovers sweep removes only ``*.partial*``.)
    partial = target.with_name(target.name + partial_suffix)
    try:
        with open(plain, "rb") as raw, open(partial, "wb") as out:
            src: Any = _RollbackJournal(raw) if leave_wal else raw
            out.write(_MAGIC + json.dumps(header).encode() + b"\n")
            if zstd is not None:
                # Level 3 (zstd's default): on the 816 MB benchmark registry 151 MB, against
                # 163 MB at level 1 (ten copies 1.85x the registry, not 2.0x) for 1.6x the time,
                # spent while the clerk reviews the dry run.
                zstd.ZstdCompressor(level=3, threads=threads).copy_stream(src, out)
            else:
                packer = zlib.compressobj(1)
                while chunk := src.read(_CHUNK):
                    out.write(packer.compress(chunk))
                out.write(packer.flush())
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
        _fsync_dir(target.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KnownError(
            f"Không ghi được bản sao '{target}': {os_reason(exc)}.",
            f"Cannot write the copy '{target}': {exc}",
        ) from exc


def _read_header(fh: BinaryIO) -> dict[str, Any]:
    if fh.read(len(_MAGIC)) != _MAGIC:
        raise ValueError("not a packed copy")
    header = json.loads(fh.readline(4096))
    if not isinstance(header, dict) or header.get("codec") not in ("zstd", "zlib"):
        raise ValueError("unknown packing")
    return header


def _unpack(fh: BinaryIO, out: BinaryIO, codec: str) -> None:
    if codec == "zstd":
        zstd = _zstd()
        if zstd is None:
            raise ValueError("the zstandard package is not installed")
        zstd.ZstdDecompressor().copy_stream(fh, out)
        return
    unpacker = zlib.decompressobj()
    while chunk := fh.read(_CHUNK):
        out.write(unpacker.decompress(chunk))
    out.write(unpacker.flush())
    if not unpacker.eof:
        raise ValueError("truncated")


@contextlib.contextmanager
def readable(copy: Path) -> Iterator[Path]:
    """The copy as a plain SQLite file: itself, or (packed) unpacked into a temporary file for
    as long as it is read. A packed copy that does not unpack whole is a damaged copy."""
    copy = Path(copy)
    if not is_packed(copy):
        yield copy
        return
    fd, name = tempfile.mkstemp(prefix="madinhdanh-", suffix=".db")
    plain = Path(name)
    try:
        try:
            with os.fdopen(fd, "wb") as out, open(copy, "rb") as fh:
                header = _read_header(fh)
                _unpack(fh, out, header["codec"])
            if plain.stat().st_size != header.get("bytes"):
                raise ValueError("size differs")
        except Exception as exc:  # zstd's and zlib's errors, a bad header, a short file
            raise RegistryCorrupt(
                f"Tệp bản sao '{copy.name}' bị hỏng, không giải nén được.",
                f"The copy '{copy.name}' is damaged and cannot be unpacked: {exc}",
            ) from exc
        yield plain
    finally:
        plain.unlink(missing_ok=True)


def _remove_leftovers(folder: Path) -> None:
    """Partial copies of a program that died while copying (only the writer makes copies here,
    and it holds the registry's writer lock, so none of them is being written now)."""
    for path in folder.glob("*.partial*"):
        with contextlib.suppress(OSError):
            path.unlink()


def _has_meta(reg: Registry) -> bool:
    row = reg.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    return row is not None


def list_backups(registry_path: Path) -> list[BackupInfo]:
    """The automatic copies of a registry, newest first."""
    folder = backup_dir(Path(registry_path))
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        try:
            taken = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(path, taken, match["reason"], size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def rotate(registry_path: Path, keep: int) -> list[Path]:
    """Remove the oldest automatic copies beyond ``keep``; the paths removed."""
    removed = []
    for info in list_backups(registry_path)[keep:]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


# -- restore ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    source: Path
    safety_copy: Path | None
    units: int
    events: int
    # Codes issued in the registry replaced (or its newer automatic copies) that the copy did
    # not know: carried into it as reserved, never to be issued again.
    codes_carried: int = 0


class CopyRefused(KnownError):
    """A copy that is not a sound registry; ``why`` is the reason alone, for other wordings."""

    def __init__(self, vi: str, en: str, why: tuple[str, str]) -> None:
        super().__init__(vi, en)
        self.why = why


def _bad_copy(source: Path, why_vi: str, why_en: str) -> CopyRefused:
    return CopyRefused(
        f"Không khôi phục từ '{source}': {why_vi} Sổ hiện tại không bị thay đổi.",
        f"Not restoring from '{source}': {why_en} The registry was not changed.",
        (why_vi, why_en),
    )


def check_copy(source: Path, on_progress: OnProgress | None = None) -> tuple[int, int]:
    """Refuse a copy that is not a sound registry this program can use: (units, events)
    (``on_progress`` counts the copy's events checked, as verifying does)."""
    from desktop.store.registry import Registry
    from desktop.store.schema import migrations
    from desktop.store.verify import verify_registry

    source = Path(source)
    with readable(source) as plain, Registry.open(plain, readonly=True) as copy:
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(copy.db)}
        if applied - known:
            raise _bad_copy(
                source,
                "bản sao do phiên bản mới hơn của chương trình tạo ra.",
                "the copy was made by a newer version of the program.",
            )
        if not applied:
            raise _bad_copy(source, "tệp không chứa sổ mã định danh.", "not a registry.")
        report = verify_registry(copy, on_progress=on_progress)
        if report.integrity:
            raise _bad_copy(
                source,
                "tệp bản sao bị hỏng (" + report.integrity[0] + ").",
                "the copy is damaged.",
            )
        if not report.chain.ok:
            first = report.chain.first_break
            raise _bad_copy(
                source,
                "lịch sử trong bản sao không nguyên vẹn: " + (first.message if first else ""),
                "the copy's history is broken.",
            )
        if not report.replay_ok:
            raise _bad_copy(
                source,
                "các bảng trong bản sao không khớp với lịch sử của nó.",
                "the copy's tables do not match its history.",
            )
        if report.damage:
            # A foreign trigger would run on the first write after the restore.
            damage = report.damage[0]
            refused = _bad_copy(
                source,
                f"bản sao không sạch: {damage.message}",
                f"the copy is not clean: {damage.message_en}",
            )
            refused.why = (damage.message, damage.message_en)
            raise refused
        units = copy.count_units(include_closed=True)
        return units, report.chain.events


def restore(target: Path, source: Path, on_progress: OnProgress | None = None) -> RestoreResult:
    """Bring the copy ``source`` back as the registry ``target``.

    The current registry (if any) is copied to its backups folder first; the registry must not
    be open for writing elsewhere (its writer lock is held for the whole restore).
    ``on_progress`` counts the copy's events checked (:data:`VERIFY`), the pages of the safety
    copy (:data:`BACKUP`), then of the registry written back (:data:`RESTORE_PAGES`).
    """
    from desktop.store.base import IF_LOCKED_REFUSE, _take_writer_lock

    target, source = Path(target), Path(source)
    if not source.is_file():
        raise _bad_copy(source, "không tìm thấy tệp.", "no such file.")
    if target.exists() and _same_file(source, target):
        raise _bad_copy(source, "đó chính là sổ đang dùng.", "that is the registry itself.")
    units, events = check_copy(source, on_progress)
    reason, lock = _take_writer_lock(target, IF_LOCKED_REFUSE)
    if reason is not None or lock is None:
        raise KnownError(
            f"Không khôi phục được vào '{target}': thư mục hoặc ổ đĩa chỉ cho đọc.",
            f"Cannot restore into '{target}': the folder or medium is read-only.",
        )
    prepared: Path | None = None
    try:
        # The copy as it will be restored: the copy itself, plus the codes it must not forget.
        prepared, carried = _with_codes_carried(target, source)
        src = _open_source(prepared)
        try:
            if not target.exists():
                # Nothing to protect: a fresh file, whole or absent like any copy.
                _copy_connection(src, target, on_progress, RESTORE_PAGES)
                return RestoreResult(target, source, None, units, events, carried)
            try:
                safety = _restore_in_place(target, src, source, on_progress)
            except RegistryCorrupt:
                safety = _restore_over_damaged(target, src, on_progress)
            return RestoreResult(target, source, safety, units, events, carried)
        finally:
            src.close()
    finally:
        if prepared is not None:
            prepared.unlink(missing_ok=True)
        lock.release()


def _with_codes_carried(target: Path, source: Path) -> tuple[Path, int]:
    """A scratch copy of ``source`` that also reserves every code used in the registry at
    ``target`` and in its automatic copies newer than ``source``, and unknown to ``source``:
    restoring an older copy must not make a code issued since free again. (codes, how many)

    Built beside the registry (under its writer lock, so a copy a crash left there is simply
    replaced) and restored in one step, so the registry gets both or neither. Not in the backups
    folder: taking the safety copy there clears unfinished files while this one is read.
    """
    from sqlite_utils import Database

    from desktop.store.base import WRITE_TOKEN, new_write_token
    from desktop.store.schema import guard_reserved_codes, migrations

    prepared = target.with_name(target.name + ".carrying")
    with readable(source) as plain:
        src = _open_source(plain)
        try:
            _copy_connection(src, prepared)
        except KnownError as exc:
            raise KnownError(
                f"Không chuẩn bị được bản sao để khôi phục: {exc.vi} "
                "Sổ hiện tại không bị thay đổi.",
                f"Cannot prepare the copy to restore: {exc.en}",
            ) from exc
        finally:
            src.close()
    conn = sqlite3.connect(prepared.resolve().as_uri(), uri=True, isolation_level=None)
    try:
        # A copy made before codes were carried gets the table (and any later schema) first.
        migrations.apply(Database(conn))
        before = conn.execute("SELECT count(*) FROM codes_reserved").fetchone()[0]
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        for other in _newer_registries(target, source):
            _reserve_codes_of(conn, other, stamp)
        carried = conn.execute("SELECT count(*) FROM codes_reserved").fetchone()[0] - before
        guard_reserved_codes(conn)
        # The registry restored is the copy and more: no automatic copy holds it yet.
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            (WRITE_TOKEN, new_write_token()),
        )
    except sqlite3.Error as exc:
        conn.close()
        prepared.unlink(missing_ok=True)
        raise translate(exc, source) or exc from exc
    conn.close()
    return prepared, carried


def _newer_registries(target: Path, source: Path) -> list[Path]:
    """The registry being replaced and its automatic copies newer than ``source`` (all of them
    when ``source`` is not one of its automatic copies: its age is then unknown)."""
    found = [target] if target.exists() else []
    copies = list_backups(target)
    cutoff = next((b.taken_at for b in copies if _same_file(b.path, source)), None)
    found += [
        b.path
        for b in copies
        if (cutoff is None or b.taken_at > cutoff) and not _same_file(b.path, source)
    ]
    return found


def _reserve_codes_of(conn: sqlite3.Connection, other: Path, stamp: str) -> None:
    """Reserve in ``conn`` the codes ``other`` used that ``conn`` does not hold. A registry too
    damaged to read has nothing to give; its newer copies still do."""
    try:
        with readable(other) as plain:
            _reserve_codes_of_plain(conn, plain, other.name, stamp)
    except RegistryCorrupt:
        return


def _reserve_codes_of_plain(conn: sqlite3.Connection, other: Path, name: str, stamp: str) -> None:
    uri = other.resolve().as_uri() + "?mode=ro"
    try:
        conn.execute("ATTACH DATABASE ? AS other", (uri,))
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT OR IGNORE INTO codes_reserved (code, unit_name, first_used, source, "
            "reserved_at) SELECT c.code, coalesce(u.name, ''), c.first_used, ?, ? "
            "FROM other.codes_used c LEFT JOIN other.units u ON u.id = c.unit_id "
            "WHERE c.code NOT IN (SELECT code FROM main.codes_used)",
            (name, stamp),
        )
        has_reserved = conn.execute(
            "SELECT 1 FROM other.sqlite_master WHERE type = 'table' AND name = 'codes_reserved'"
        ).fetchone()
        if has_reserved:
            conn.execute(
                "INSERT OR IGNORE INTO codes_reserved (code, unit_name, first_used, source, "
                "reserved_at) SELECT code, unit_name, first_used, source, reserved_at "
                "FROM other.codes_reserved WHERE code NOT IN (SELECT code FROM main.codes_used)"
            )
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        conn.execute("ROLLBACK")
    finally:
        conn.execute("DETACH DATABASE other")


def _restore_in_place(
    target: Path, src: sqlite3.Connection, source: Path, on_progress: OnProgress | None = None
) -> Path:
    """Write the copy into the live registry in one transaction; the safety copy's path."""
    from desktop.store.registry import Registry

    with Registry.open(target) as reg:
        safety = backup_before(reg, RESTORE, on_progress=on_progress)
        page = src.execute("PRAGMA page_size").fetchone()[0]
        if page != reg.conn.execute("PRAGMA page_size").fetchone()[0]:
            raise _bad_copy(
                source, "kích thước trang của bản sao khác với sổ.", "the page size differs."
            )
        try:
            # pages=-1: the whole copy in one step, i.e. one transaction on the registry.
            src.backup(reg.conn, pages=-1)
        except sqlite3.Error as exc:
            raise translate(exc, target) or exc from exc
        reg._meta_cache.clear()
        if on_progress is not None:
            # One step, so counted once it is written (nothing to cancel by then).
            pages = src.execute("PRAGMA page_count").fetchone()[0]
            on_progress(RESTORE_PAGES, pages, pages)
    return safety


def _restore_over_damaged(
    target: Path, src: sqlite3.Connection, on_progress: OnProgress | None = None
) -> Path:
    """A registry SQLite cannot read is kept as raw files, then replaced by the copy."""
    folder = backup_dir(target)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
    # Not named like a backup: a damaged file is never offered for restore nor rotated away.
    kept = folder / f"{target.stem}-{stamp}-damaged.db.damaged"
    try:
        shutil.copy2(target, kept)
        wal = Path(str(target) + "-wal")
        if wal.exists():
            shutil.copy2(wal, Path(str(kept) + "-wal"))
        _fsync_dir(folder)
        partial = _copy_connection(
            src, target.with_name(target.name + ".restoring"), on_progress, RESTORE_PAGES
        )
        # The old -wal must go before the new file arrives: SQLite would replay its frames
        # onto the restored pages.
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        partial.replace(target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise KnownError(
            f"Không khôi phục được vào '{target}': {os_reason(exc)}.",
            f"Cannot restore into '{target}': {exc}",
        ) from exc
    return kept


def _open_source(source: Path) -> sqlite3.Connection:
    # Read-only, so checking and copying a backup never changes it (nor its mtime).
    uri = source.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    return conn


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
