"""The registry file: opening, transactions, meta, and the reads every layer above needs.

Mutations live in :mod:`desktop.store.ops`, which builds on this class; :class:`Registry` in
:mod:`desktop.store.registry` is the two together.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import operator
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from desktop.domain.codes import QCVN102, Code, parse_code
from desktop.domain.decisions import Decision, repair_number
from desktop.domain.errors import KnownError, NotFound, os_reason
from desktop.domain.history import Event
from desktop.domain.units import ANNULLED, Unit
from desktop.store import fields, seals
from desktop.store import lock as writer_lock
from desktop.store.errors import (
    RegistryError,
    RegistryInUse,
    RegistryReadOnly,
    damaged,
    not_a_registry,
    translate,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

_SQLITE_HEADER = b"SQLite format 3\x00"
UNIT_COLUMNS = ("id", *fields.UNIT_FIELDS)
_UNIT_SELECT = "SELECT " + ", ".join(UNIT_COLUMNS) + " FROM units"


def standing(include_closed: bool) -> str:
    """The condition on ``units.status`` of the units listed: live ones (active and draft), or
    with the closed ones too; never the annulled."""
    return "status IN ('active', 'draft')" if not include_closed else "status != 'annulled'"


_EVENT_COLUMNS = (
    "id, unit_id, type, before, after, decision_id, effective, recorded_at, recorded_by, "
    "group_id, annulled_by"
)


T = TypeVar("T")

# SQLite's default: the commit that leaves the write-ahead log longer than this many pages copies
# them back into the file (see RegistryBase.checkpoint_deferred).
AUTOCHECKPOINT_PAGES = 1000

# Why a registry is open read-only (``readonly_reason``; None when it is open for writing).
READONLY_ASKED = "asked"
READONLY_MEDIUM = "medium"  # a read-only file, folder or medium (CD, write-protected USB stick)
READONLY_IN_USE = "in-use"  # another program holds the writer lock
READONLY_NEWER = "newer"  # made by a newer version of the program: written only by that one

# What ``open`` does when another program is writing the registry.
IF_LOCKED_REFUSE = "refuse"
IF_LOCKED_READONLY = "readonly"


# Meta key: a random token set by every commit (``_stamp_write``).
WRITE_TOKEN = "write_token"


def new_write_token() -> str:
    return secrets.token_hex(12)


def now_stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# The columns in the order of Unit's fields: a row becomes a unit without a dict in between
# (a third of the time of reading a million units).
_AS_UNIT_FIELDS = operator.itemgetter(*(UNIT_COLUMNS.index(f) for f in Unit.__dataclass_fields__))


def _row_unit(row: Sequence[Any]) -> Unit:
    return Unit(*_AS_UNIT_FIELDS(row))


_OPERATOR: dict[str, str] = {}


def set_operator(name: str | None) -> None:
    """The name this process records changes under (a per-user setting, not the registry's);
    None or empty: the login name."""
    if name and name.strip():
        _OPERATOR["name"] = name.strip()
    else:
        _OPERATOR.pop("name", None)


def event_from_row(row: Sequence[Any]) -> Event:
    return Event(
        id=row[0],
        unit_id=row[1],
        type=row[2],
        before=json.loads(row[3]),
        after=json.loads(row[4]),
        decision_id=row[5],
        effective=row[6],
        recorded_at=row[7],
        recorded_by=row[8],
        group_id=row[9],
        annulled_by=row[10],
    )


class RegistryBase:
    """One open registry file. Not shared between threads: each thread opens its own."""

    # Whether a thread of its own may write through the connection while the opening thread
    # waits for it (desktop/store/writer.py): only for the connection :meth:`_connect` opens to
    # write, which allows it.
    writes_behind = False

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        self.conn = conn
        self._db: Database | None = None
        self.path = path
        self.readonly = readonly
        self.readonly_reason: str | None = READONLY_ASKED if readonly else None
        self._lock: writer_lock.WriterLock | None = None
        self._meta_cache: dict[str, str | None] = {}
        self._memos: dict[Any, tuple[tuple[int, int], Any]] = {}
        # A leftover -wal/-shm that did not belong to the file, kept under these names.
        self.journal_set_aside: list[Path] = []

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        if_locked: str = IF_LOCKED_REFUSE,
    ) -> Self:
        """Open an existing registry; migrate it (after a backup copy) when its schema is older.

        Opening for writing takes the registry's writer lock. When another program holds it,
        ``if_locked`` decides: refuse with :class:`RegistryInUse` (the command line) or open
        read-only (the desktop app, which shows :attr:`readonly_banner`). A registry on a
        read-only file, folder or medium opens read-only.
        """
        p = Path(path)
        if not p.exists():
            raise NotFound(
                f"Không tìm thấy sổ mã định danh '{p}'.", f"Registry '{p}' does not exist."
            )
        _check_header(p)
        if any(p.with_name(p.name + ".backups").glob("*.pending")):
            # A copy before an import whose copier died: taken before SQLite may fold the
            # import into the file the copy is read from (store/pinned.py).
            from desktop.store.pinned import finish_pending

            finish_pending(p)
        reason = READONLY_ASKED if readonly else None
        lock = None
        set_aside: list[Path] = []
        if not readonly:
            reason, lock = _take_writer_lock(p, if_locked)
            readonly = reason is not None
        elif _writable_place(p) and not writer_lock.held_here(p):
            # A reader would replay a stale journal too (and checkpoint it into the file when
            # it closes): set it aside when no writer is using it.
            set_aside = _set_aside_unless_written(p)
        try:
            if lock is not None:
                # Under the lock: no other program is writing through that journal.
                set_aside = set_aside_stale_journal(p)
            reg = cls._connect(p, readonly=readonly, medium=reason == READONLY_MEDIUM)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        reg.readonly_reason = reason
        reg._lock = lock
        reg.journal_set_aside = set_aside
        try:
            if reg.conn.execute("PRAGMA application_id").fetchone()[0] != fields.APPLICATION_ID:
                raise not_a_registry(p)
            if not readonly:
                if reg._refuse_unclean():
                    # Made by a newer version: shown read-only, never written by this one.
                    reg.close()
                    reg = cls._connect(p, readonly=True)
                    reg.readonly_reason = READONLY_NEWER
                    return reg
                reg._migrate(backup_first=True)
                seals.ensure_sealed(reg)
        except sqlite3.Error as exc:
            reg.close()
            raise translate(exc, p) or exc from exc
        except BaseException:
            reg.close()
            raise
        return reg

    @classmethod
    def create(cls, path: str | os.PathLike[str], *, notation: str = QCVN102) -> Self:
        """A new, empty registry at ``path`` (which must not exist)."""
        p = Path(path)
        if p.exists():
            raise KnownError(
                f"Tệp '{p}' đã tồn tại; chọn tên khác để tạo sổ mới.",
                f"'{p}' already exists; choose another name for a new registry.",
            )
        reason, lock = _take_writer_lock(p, IF_LOCKED_REFUSE)
        if reason is not None:
            raise RegistryReadOnly(
                f"Không tạo được sổ '{p}': thư mục hoặc ổ đĩa chỉ cho đọc.",
                f"Cannot create '{p}': the folder or medium is read-only.",
            )
        try:
            # Under the lock: no other program is about to use what is discarded.
            discard_orphan_journal(p)
            reg = cls._connect(p, readonly=False)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        reg._lock = lock
        try:
            reg.conn.execute(f"PRAGMA application_id = {fields.APPLICATION_ID}")
            reg._migrate(backup_first=False)
            with reg.write():
                stamp = now_stamp()
                for key, value in (
                    ("display_notation", notation),
                    ("created_at", stamp),
                    ("updated_at", stamp),
                    ("owner", ""),
                    (seals.SEALED_FLAG, "1"),
                ):
                    reg._set_meta(key, value)
        except sqlite3.Error as exc:
            reg.close()
            raise translate(exc, p) or exc from exc
        except BaseException:
            reg.close()
            raise
        return reg

    @classmethod
    def _connect(cls, path: Path, *, readonly: bool, medium: bool = False) -> Self:
        try:
            if readonly and (medium or not _writable_place(path)):
                conn = _connect_read_only_medium(path)
            else:
                # A large import's inserts run in a thread of their own (store/writer.py) while
                # the opening thread builds the next rows and waits before it uses the
                # connection again: never two threads at once, which is what Python's check
                # guards against; SQLite allows it unless built single-threaded (writes_behind).
                conn = sqlite3.connect(str(path), timeout=5.0, check_same_thread=readonly)
                if readonly:
                    # Writable file opened for reading: a normal connection that refuses
                    # writes, so that closing it tidies the -wal and -shm files away.
                    conn.execute("PRAGMA query_only = 1")
            # Explicit transactions only: every operation opens exactly one.
            conn.isolation_level = None
            conn.execute("PRAGMA foreign_keys = ON")
            # 64 MB of page cache (the default is 2 MB): an import touches several indexes per
            # row, and a cache that holds them costs half the time of one that spills.
            conn.execute("PRAGMA cache_size = -65536")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                # FULL: a committed change survives a power cut, not just a crash.
                conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise translate(exc, path) or exc from exc
        reg = cls(conn, path, readonly)
        reg.writes_behind = not readonly and sqlite3.threadsafety > 0
        return reg

    @property
    def db(self) -> Database:
        """sqlite-utils over the connection, made on first use: reading never needs it."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def _refuse_unclean(self) -> bool:
        """Before anything is written: refuse a registry whose schema is not the one its
        migrations make (a foreign trigger would run on the next write); True when it was made
        by a newer version (which only that version may write)."""
        from desktop.store import verify

        if verify.unknown_migrations(self):
            return True
        if not verify.applied_migrations(self):
            raise not_a_registry(self.path)
        problems = verify.schema_damage(self)
        if problems:
            raise damaged(self.path, problems[0].message, problems[0].message_en)
        return False

    def _migrate(self, *, backup_first: bool) -> None:
        from desktop.store import schema

        pending = schema.migrations.pending(self.db)
        if not pending:
            return
        if backup_first and self.db["units"].exists():
            from desktop.store.backup import backup_before

            backup_before(self, "migration")
        schema.migrations.apply(self.db)
        # A migration changes the file outside write(): it gets a write token of its own.
        self.conn.execute("BEGIN IMMEDIATE")
        self._stamp_write()
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def readonly_banner(self) -> str | None:
        """Why the registry is read-only, in a sentence for a banner (None when writable)."""
        if self.readonly_reason == READONLY_IN_USE:
            holder = writer_lock.read_holder(self.path).describe_vi()
            who = f" ({holder})" if holder else ""
            return (
                f"Sổ đang được mở để sửa ở một cửa sổ hoặc máy khác{who}. "
                "Bạn đang xem ở chế độ chỉ đọc; đóng nơi kia rồi mở lại để sửa."
            )
        if self.readonly_reason == READONLY_MEDIUM:
            return (
                "Sổ nằm trên ổ đĩa hoặc thư mục chỉ cho đọc. Bạn đang xem ở chế độ chỉ đọc; "
                "hãy chép sổ sang ổ ghi được để sửa."
            )
        if self.readonly_reason == READONLY_NEWER:
            return (
                "Sổ do một phiên bản mới hơn của chương trình tạo. Bạn đang xem ở chế độ chỉ "
                "đọc; hãy cập nhật chương trình để sửa."
            )
        if self.readonly_reason == READONLY_ASKED:
            return "Sổ đang mở ở chế độ chỉ đọc."
        return None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One transaction; nested calls become savepoints of the outer one.

        SQLite's errors come out as known problems (disk full, locked...) with everything rolled
        back, so a caller never sees half an operation.
        """
        if self.readonly:
            if self.readonly_reason == READONLY_NEWER:
                raise RegistryReadOnly(
                    f"Sổ '{self.path}' do một phiên bản mới hơn của chương trình tạo; phiên bản "
                    "này chỉ đọc được, không ghi. Hãy cập nhật chương trình.",
                    f"'{self.path}' was made by a newer version; this one does not write it.",
                )
            if self.readonly_reason == READONLY_IN_USE:
                raise RegistryReadOnly(
                    f"Sổ '{self.path}' đang được mở để sửa ở nơi khác; ở đây chỉ xem được, "
                    "không ghi được thay đổi.",
                    f"The registry '{self.path}' is being edited elsewhere; open read-only here.",
                )
            raise RegistryReadOnly(
                f"Sổ '{self.path}' đang mở chỉ để đọc; không ghi được thay đổi.",
                f"The registry '{self.path}' is open read-only.",
            )
        conn = self.conn
        if conn.in_transaction:
            name = "sp_" + secrets.token_hex(6)
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) or exc from exc
        try:
            yield
            self._stamp_write()
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._meta_cache.clear()
            raise translate(exc, self.path) or exc from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._meta_cache.clear()
            raise

    @contextlib.contextmanager
    def checkpoint_deferred(self) -> Iterator[None]:
        """A large write (an import) whose commit does not also copy its pages from the
        write-ahead log back into the file.

        With SQLite's automatic checkpoint, the commit of 100,000 new units would copy a few
        hundred MB back at once (measured: three quarters of a second, a fifth of the import's
        whole write). The commit is durable without it (the log is synced: ``synchronous =
        FULL``); the copy back happens later, off the clerk's path: when the last connection
        closes (the command line, after the result is printed), or
        :func:`checkpoint_in_background` (the window, after an import), or at the next commit
        of a connection once the log is long."""
        conn = self.conn
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")

    # -- what is read again and again -----------------------------------------------------------

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the registry changes: a commit of this connection or of any
        other (``PRAGMA data_version``), or a write of this one not yet committed (its
        ``total_changes``). For what every keystroke in the search box would read again: the
        units changed after today, replayed (a fixed 10-20 ms per search on the 1M registry)."""
        state = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        kept = self._memos.get(key)
        if kept is not None and kept[0] == state:
            return cast(T, kept[1])
        value = compute()
        self._memos[key] = (state, value)
        return value

    def state(self) -> tuple[Any, ...]:
        """What differs whenever the registry file holds something else: its path, the token
        every commit of this program sets, the ids last given out (units, events, decisions) and
        the last event's hash. Read afresh (not cached); inside a transaction, the state it sees.
        Equal states mean nothing was committed in between: what was read then still holds."""
        conn = self.conn
        token = conn.execute("SELECT value FROM meta WHERE key = ?", (WRITE_TOKEN,)).fetchone()
        ids = conn.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name").fetchall()
        last = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        return (str(self.path.resolve()), token, tuple(ids), last)

    # -- meta ----------------------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        if key not in self._meta_cache:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            self._meta_cache[key] = row[0] if row else None
        value = self._meta_cache[key]
        return default if value is None else value

    def _stamp_write(self) -> None:
        """Mark a commit: when, and a token no other state of the registry has, so that an
        automatic copy taken at this state is known to still be one (desktop.store.backup)."""
        self._set_meta("updated_at", now_stamp())
        self._set_meta(WRITE_TOKEN, new_write_token())

    def _set_meta(self, key: str, value: str | None) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self._meta_cache[key] = value
        if key in seals.SEALED_SETTINGS:
            seals.seal_settings(self)

    def set_meta(self, key: str, value: str | None) -> None:
        with self.write():
            self._set_meta(key, value)

    @property
    def notation(self) -> str:
        return self.meta("display_notation", QCVN102) or QCVN102

    @property
    def operator(self) -> str:
        """Who records changes: ``MADINHDANH_OPERATOR``, else the user's own setting (the
        app's, :func:`set_operator`), else the login name. Never the registry file: it is
        shared, and everyone would record under one name."""
        name = os.environ.get("MADINHDANH_OPERATOR") or _OPERATOR.get("name")
        if name:
            return name
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return ""

    # -- decisions -----------------------------------------------------------------------------

    def decision(self, decision_id: int) -> Decision:
        row = self.conn.execute("SELECT * FROM decisions WHERE id = ?", (decision_id,)).fetchone()
        if row is None:
            raise NotFound(f"Không có quyết định số hiệu nội bộ {decision_id}.")
        return self._decision_row(row)

    def _decision_row(self, row: Sequence[Any]) -> Decision:
        cols = [d[0] for d in self.conn.execute("SELECT * FROM decisions LIMIT 0").description]
        return Decision.from_row(dict(zip(cols, row)))

    def decision_by_number(self, number: str) -> Decision | None:
        """The decision with this number, however its letters are cased (``qđ`` finds ``QĐ``)."""
        wanted = repair_number(number).number
        row = self.conn.execute("SELECT * FROM decisions WHERE number = ?", (wanted,)).fetchone()
        if row is not None:
            return self._decision_row(row)
        # SQLite's NOCASE folds ASCII only; decisions are few, so compare in Python.
        folded = wanted.casefold()
        return next(
            (d for d in self.decisions(withdrawn=True) if d.number.casefold() == folded), None
        )

    def find_decision(self, number: str, *, appendix_to: tuple[str, str] | None = None) -> Decision:
        """The decision with this number, or a one-line refusal. ``appendix_to`` (what is done
        with its appendix, in Vietnamese and English: ``("xuất", "export")``) refuses a
        withdrawn decision too: it has no appendix."""
        d = self.decision_by_number(number)
        if d is None:
            raise NotFound(
                f"Không có quyết định số {number.strip()} trong sổ.",
                f"No decision numbered {number.strip()} in the registry.",
            )
        if appendix_to is not None and d.withdrawn:
            vi, en = appendix_to
            raise NotFound(
                f"Quyết định số {d.number} đã rút khỏi sổ: không có phụ lục để {vi}.",
                f"Decision {d.number} was withdrawn: there is no appendix to {en}.",
            )
        return d

    def decisions(self, *, withdrawn: bool = False) -> list[Decision]:
        """The decisions in effective order; withdrawn ones only when asked for."""
        where = "" if withdrawn else "WHERE withdrawn IS NULL "
        rows = self.conn.execute(
            f"SELECT * FROM decisions {where}ORDER BY effective, id"
        ).fetchall()
        return [self._decision_row(r) for r in rows]

    # -- units ---------------------------------------------------------------------------------

    def unit(self, unit_id: int) -> Unit:
        row = self.conn.execute(_UNIT_SELECT + " WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            raise NotFound(f"Không có đơn vị số hiệu nội bộ {unit_id}.", f"No unit {unit_id}.")
        return _row_unit(row)

    def units_by_ids(self, ids: Sequence[int]) -> dict[int, Unit]:
        found: dict[int, Unit] = {}
        ids = list(ids)
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(_UNIT_SELECT + f" WHERE id IN ({marks})", chunk):
                unit = _row_unit(row)
                found[unit.id] = unit
        return found

    def holder(self, code: Code | str) -> Unit | None:
        """The unit that holds a code now (closed units included, annulled ones not)."""
        parsed = parse_code(code) if isinstance(code, str) else code
        row = self.conn.execute(
            _UNIT_SELECT + " WHERE code = ? AND status != ? ORDER BY id DESC LIMIT 1",
            (parsed.canonical, ANNULLED),
        ).fetchone()
        return _row_unit(row) if row else None

    def find(self, code: Code | str) -> Unit:
        """The unit a code names, now or in the past (codes are never reassigned)."""
        parsed = parse_code(code) if isinstance(code, str) else code
        unit = self.holder(parsed)
        if unit is not None:
            return unit
        row = self.conn.execute(
            "SELECT unit_id FROM codes_used WHERE code = ?", (parsed.canonical,)
        ).fetchone()
        if row is not None:
            return self.unit(row[0])
        shown = parsed.format(self.notation)
        raise NotFound(
            f"Không có đơn vị nào mang mã {shown} trong sổ.", f"No unit holds the code {shown}."
        )

    def reserved_code(self, canonical: str) -> dict[str, Any] | None:
        """A code carried over by a restore (issued in a registry this copy replaced), or None.

        A registry opened read-only may predate the table: it then reserves nothing.
        """
        if not self.has_table("codes_reserved"):
            return None
        row = self.conn.execute(
            "SELECT code, unit_name, first_used, source, reserved_at FROM codes_reserved "
            "WHERE code = ?",
            (canonical,),
        ).fetchone()
        if row is None:
            return None
        keys = ("code", "unit_name", "first_used", "source", "reserved_at")
        return dict(zip(keys, row))

    def has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def code_owner(self, canonical: str) -> int | None:
        """The unit a code was ever assigned to, or None if the code is free."""
        row = self.conn.execute(
            "SELECT unit_id FROM codes_used WHERE code = ?", (canonical,)
        ).fetchone()
        return row[0] if row else None

    def children(self, parent_id: int | None, *, include_closed: bool = True) -> list[Unit]:
        where = "parent_id IS ?" if parent_id is None else "parent_id = ?"
        status = standing(include_closed)
        rows = self.conn.execute(
            _UNIT_SELECT + f" WHERE {where} AND {status} ORDER BY sort_key", (parent_id,)
        ).fetchall()
        return [_row_unit(r) for r in rows]

    def subtree(
        self, unit: Unit, *, include_closed: bool = True, attached: bool = False
    ) -> list[Unit]:
        """The unit and everything under its code, parents before children, in code order.

        With ``attached``, also the enterprises and other organisations attached under those
        units (their codes are their own, so no code range holds them), after the agencies.
        """
        from desktop.domain.codes import subtree_bounds

        key = unit.parsed.sort_key
        low, high = subtree_bounds(key)
        status = standing(include_closed)
        rows = self.conn.execute(
            _UNIT_SELECT + f" WHERE (sort_key = ? OR (sort_key >= ? AND sort_key < ?)) AND {status}"
            " ORDER BY sort_key",
            (key, low, high),
        ).fetchall()
        units = [_row_unit(r) for r in rows]
        if attached:
            units.extend(self._attached_below([u.id for u in units], status))
        return units

    def _attached_below(self, parents: list[int], status: str) -> list[Unit]:
        out: list[Unit] = []
        while parents:
            found: list[Unit] = []
            for start in range(0, len(parents), 900):
                chunk = parents[start : start + 900]
                marks = ",".join("?" * len(chunk))
                rows = self.conn.execute(
                    _UNIT_SELECT + f" WHERE parent_id IN ({marks}) AND kind != 'agency' "
                    f"AND {status}",
                    chunk,
                ).fetchall()
                found.extend(_row_unit(r) for r in rows)
            out.extend(found)
            parents = [u.id for u in found]
        out.sort(key=lambda u: u.parsed.sort_key)
        return out

    def all_units(self, *, include_closed: bool = True) -> Iterator[Unit]:
        status = standing(include_closed)
        for row in self.conn.execute(_UNIT_SELECT + f" WHERE {status} ORDER BY sort_key"):
            yield _row_unit(row)

    def count_units(self, *, include_closed: bool = False) -> int:
        status = standing(include_closed)
        return int(self.conn.execute(f"SELECT count(*) FROM units WHERE {status}").fetchone()[0])

    def successors_of(self, unit_id: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT successor_id FROM successors WHERE unit_id = ? ORDER BY successor_id",
            (unit_id,),
        )
        return [r[0] for r in rows]

    # -- events --------------------------------------------------------------------------------

    def events_of(self, unit_id: int) -> list[Event]:
        rows = self.conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE unit_id = ? ORDER BY id", (unit_id,)
        )
        return [event_from_row(r) for r in rows]

    def event(self, event_id: int) -> Event:
        row = self.conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Không có thay đổi số {event_id}.", f"No event {event_id}.")
        return event_from_row(row)

    def events(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Event]:
        sql = f"SELECT {_EVENT_COLUMNS} FROM events"
        if where:
            sql += " WHERE " + where
        for row in self.conn.execute(sql + " ORDER BY id", params):
            yield event_from_row(row)


def _login_name() -> str:
    name = os.environ.get("MADINHDANH_OPERATOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _writable_place(path: Path) -> bool:
    """Whether SQLite can write the file and create its -wal and -shm beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _take_writer_lock(
    path: Path, if_locked: str
) -> tuple[str | None, writer_lock.WriterLock | None]:
    """(None, lock) for writing, or (the reason to open read-only, None)."""
    if path.exists() and not _writable_place(path):
        return READONLY_MEDIUM, None
    with contextlib.suppress(OSError):
        if path.stat().st_nlink > 1:
            # The writer lock sits beside the name: through another name of the same file, a
            # second program would take a lock of its own and write at the same time.
            raise RegistryError(
                f"Sổ '{path}' có liên kết cứng (hard link) mang tên khác, nên không bảo đảm "
                "được chỉ một chương trình ghi; hãy chép sổ thành một tệp riêng rồi mở.",
                f"'{path}' has hard links under other names; copy it to a file of its own.",
            )
    try:
        lock = writer_lock.acquire(path, _login_name())
    except writer_lock.LockUnavailable:
        return READONLY_MEDIUM, None
    if lock is not None:
        return None, lock
    if if_locked == IF_LOCKED_READONLY:
        return READONLY_IN_USE, None
    holder = writer_lock.read_holder(path)
    who_vi = f" ({holder.describe_vi()})" if holder.describe_vi() else ""
    who_en = f" ({holder.describe_en()})" if holder.describe_en() else ""
    raise RegistryInUse(
        f"Sổ '{path}' đang được mở để sửa ở một chương trình khác{who_vi}; "
        "hãy đóng chương trình đó rồi thử lại.",
        f"The registry '{path}' is open for writing in another program{who_en}.",
    )


def _connect_read_only_medium(path: Path) -> sqlite3.Connection:
    """A connection to a registry whose file or folder cannot be written.

    SQLite cannot create the -shm file a WAL registry needs, so ``mode=ro`` alone fails when
    none is there; ``immutable`` reads without it. That is only safe when no -wal file holds
    committed changes the main file does not have yet (a registry copied while in use).
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=5.0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    wal = Path(str(path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RegistryError(
            f"Sổ '{path}' nằm trên ổ chỉ đọc và còn thay đổi chưa ghi hết vào tệp (tệp -wal); "
            "hãy chép cả thư mục sang ổ ghi được rồi mở.",
            f"'{path}' is on a read-only medium with a pending -wal file; copy it elsewhere.",
        )
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=5.0)


def discard_orphan_journal(path: Path) -> None:
    """Remove the -wal and -shm files of a registry file that no longer exists.

    They are left behind when a registry is deleted without them; SQLite would replay that old
    journal into a new file created at the same path.
    """
    if path.exists():
        return
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


# How much later than its journal a registry file may have changed and still be the file that
# journal was written for: a checkpoint follows its commit within milliseconds.
_JOURNAL_SLACK_SECONDS = 2.0


def set_aside_stale_journal(path: Path) -> list[Path]:
    """Rename a -wal (and its -shm) that does not belong to the registry file; the new names.

    SQLite replays whatever -wal lies beside a file, whichever file it was written for: after a
    crash, a backup copied over the registry by hand would get the crashed session's changes
    (an undone import) merged into it. A journal belongs to the file when it was written after
    the file last changed (a checkpoint writes the file right after the commit it copies) and
    with the same page size; any other is kept as ``NAME-wal.stale-STAMP``, never replayed.
    """
    wal = Path(str(path) + "-wal")
    try:
        wal_stat = wal.stat()
        db_stat = path.stat()
    except OSError:
        return []
    if wal_stat.st_size == 0 or _journal_belongs(path, wal, db_stat, wal_stat):
        return []
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    kept = []
    for suffix in ("-wal", "-shm"):
        source = Path(str(path) + suffix)
        target = Path(f"{path}{suffix}.stale-{stamp}")
        with contextlib.suppress(FileNotFoundError):
            source.rename(target)
            kept.append(target)
    return kept


def _set_aside_unless_written(path: Path) -> list[Path]:
    try:
        probe = writer_lock.acquire(path, _login_name())
    except writer_lock.LockUnavailable:
        return []
    if probe is None:
        return []  # a writer elsewhere: its journal is live
    try:
        return set_aside_stale_journal(path)
    finally:
        probe.release()


def _journal_belongs(
    path: Path, wal: Path, db_stat: os.stat_result, wal_stat: os.stat_result
) -> bool:
    try:
        with wal.open("rb") as fh:
            wal_page = int.from_bytes(fh.read(12)[8:12], "big")
        with path.open("rb") as fh:
            head = fh.read(18)
    except OSError:
        return True  # unreadable here: SQLite will say what is wrong
    db_page = int.from_bytes(head[16:18], "big")
    db_page = 65536 if db_page == 1 else db_page
    if wal_page != db_page:
        return False
    # ctime as well as mtime: a copy that keeps the backup's modification time still changes
    # the file's status time.
    db_changed = max(db_stat.st_mtime, db_stat.st_ctime)
    wal_changed = max(wal_stat.st_mtime, wal_stat.st_ctime)
    return db_changed <= wal_changed + _JOURNAL_SLACK_SECONDS


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise KnownError(
            f"Không đọc được tệp '{path}': {os_reason(exc)}.", f"Cannot read '{path}': {exc}"
        ) from exc
    if header != _SQLITE_HEADER:
        raise not_a_registry(path)


def checkpoint_in_background(path: Path) -> threading.Thread:
    """Copy the write-ahead log of ``path`` back into the file from a connection and a thread of
    their own, once a large write has committed (:meth:`RegistryBase.checkpoint_deferred`).
    PASSIVE: it waits for no reader and no writer, and a checkpoint cut short (the program
    quits) is finished by the next one; a failure only leaves the log longer, so it is ignored."""

    def run() -> None:
        try:
            # mode=rw: a registry moved or deleted meanwhile is not made again, empty.
            uri = Path(path).resolve().as_uri() + "?mode=rw"
            conn = sqlite3.connect(uri, uri=True, timeout=5.0)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                conn.close()
        except sqlite3.Error:
            pass

    thread = threading.Thread(target=run, name="madinhdanh-checkpoint", daemon=True)
    thread.start()
    return thread
