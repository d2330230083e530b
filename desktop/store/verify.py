"""Tamper evidence: is the registry file sound, is its history intact, do the tables follow?

Three independent checks, each able to fail alone:

* the file: ``PRAGMA integrity_check`` and the foreign keys;
* the history: every event carries ``hash = sha256(previous hash, its content)``
  (:func:`desktop.domain.history.chain_hash`); event ids run 1, 2, 3... without a gap (the
  store hands them out in sequence), and annulment marks pair up with annul events. Each link is
  checked against the *stored* hash of the event before it, so an edited row breaks exactly its
  own link, a deleted row breaks the link of the row after it, and the first broken link is the
  place where the history stopped being what was recorded;
* the tables: replaying every event from nothing gives exactly the units, successor links and
  used codes in the tables (:func:`desktop.store.asof.compare_with_replay`);
* what the chain does not cover (:class:`Damage`, each kind by name): the schema is exactly the
  one the migrations make (no foreign trigger, view, table or index; none missing or altered);
  every decision reads and matches its seal, and so do the printed settings
  (:mod:`desktop.store.seals`); the derived columns (sort key, folded name) are rebuilt from code
  and name and compared, and the search index holds exactly the units' folded names.

The chain proves the history was not edited *after the fact by hand*; whoever can rewrite every
hash after an edit can forge it, which is why ``verify`` prints the head hash: written down or
printed with a report, it pins the whole history up to that day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.codes import from_canonical
from desktop.domain.decision_edits import edit_hash
from desktop.domain.decisions import Decision, people_date
from desktop.domain.errors import KnownError
from desktop.domain.history import ANNUL, EVENT_LABELS, Event, chain_hash
from desktop.domain.progress import PROGRESS_EVERY, VERIFY, OnProgress
from desktop.domain.signatures import signed_report_hash
from desktop.domain.text import fold
from desktop.store import schema, seals
from desktop.store.asof import ReplayReport, compare_with_replay
from desktop.store.base import RegistryBase, event_from_row
from desktop.store.decision_edits import all_history_rows
from desktop.store.errors import RegistryCorrupt, RegistryDamaged, damaged
from desktop.store.registry import Registry
from desktop.store.signatures import all_signed_rows

# Problems of one link, in the order a reader meets them.
CONTENT = "content"  # the event differs from what was hashed (edited, or rows reordered)
MISSING = "missing"  # an event id is missing from the sequence (a deleted row)
TRUNCATED = "truncated"  # the latest events are gone (rows deleted at the end)
ANNULMENT = "annulment"  # an annulment mark that no annul event made, or the reverse
UNREADABLE = "unreadable"  # an event whose stored values are not even valid JSON
DECISION_RECORD = "decision"  # a decision's history or its row edited by hand
SIGNED_RECORD = "signed-report"  # the record of signed reports edited by hand

# Kinds of damage outside the chain, by name.
SCHEMA_FOREIGN = "schema.foreign"  # a table, view, trigger or index no migration made
SCHEMA_MISSING = "schema.missing"  # one the migrations make is gone
SCHEMA_ALTERED = "schema.altered"  # one whose definition differs
SCHEMA_NEWER = "schema.newer"  # made by a newer version: not checked against this one's
DECISION_UNREADABLE = "record.decision-unreadable"
DECISION_SEAL = "record.decision-seal"  # number, issuer, dates or title edited by hand
SETTINGS_SEAL = "record.settings-seal"  # a printed setting edited by hand
SORT_KEY = "unit.sort_key"  # a stored sort key that is not its code's
FOLDED_NAME = "unit.folded_name"  # a stored search key that is not its name's
SEARCH_INDEX = "search.index"  # the full-text index does not hold exactly the folded names

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class Damage:
    """One kind of damage outside the chain, with how many rows or objects it touches."""

    kind: str
    count: int
    message: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.count, "message": self.message}


@dataclass(frozen=True)
class Break:
    """One broken link of the chain."""

    event_id: int
    problem: str
    message: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "problem": self.problem, "message": self.message}


@dataclass
class ChainReport:
    events: int = 0
    head: str = ""
    breaks: list[Break] = field(default_factory=list)
    # How many links fail in all (``breaks`` keeps the first few).
    broken: int = 0

    @property
    def ok(self) -> bool:
        return self.broken == 0

    @property
    def first_break(self) -> Break | None:
        return min(self.breaks, key=lambda b: b.event_id) if self.breaks else None


@dataclass
class VerifyReport:
    integrity: list[str] = field(default_factory=list)
    chain: ChainReport = field(default_factory=ChainReport)
    replay: ReplayReport | None = None
    replay_error: str | None = None
    # Broken links of the decisions' correction history, or rows that no longer match it.
    decisions: list[Break] = field(default_factory=list)
    damage: list[Damage] = field(default_factory=list)
    # Broken links of the record of digitally signed reports.
    signed: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.integrity
            and self.chain.ok
            and self.replay_ok
            and not self.decisions
            and not self.damage
            and not self.signed
        )

    @property
    def replay_ok(self) -> bool:
        return self.replay is not None and self.replay.ok and self.replay_error is None

    @property
    def replay_differences(self) -> list[str]:
        if self.replay_error:
            return [self.replay_error]
        return list(self.replay.differences) if self.replay else []

    def as_dict(self) -> dict[str, Any]:
        first = self.chain.first_break
        return {
            "ok": self.ok,
            "integrity": self.integrity or ["ok"],
            "events": self.chain.events,
            "head": self.chain.head,
            "chain_ok": self.chain.ok,
            "broken_links": self.chain.broken,
            "first_break": first.as_dict() if first else None,
            "breaks": [b.as_dict() for b in self.chain.breaks],
            "decisions_ok": not self.decisions,
            "decision_breaks": [b.as_dict() for b in self.decisions],
            "signed_reports_ok": not self.signed,
            "signed_report_breaks": [b.as_dict() for b in self.signed],
            "replay_ok": self.replay_ok,
            "replay_differences": self.replay_differences,
            "units": self.replay.units if self.replay else None,
            "damage": [d.as_dict() for d in self.damage],
        }


_COLUMNS = (
    "id, unit_id, type, before, after, decision_id, effective, recorded_at, recorded_by, "
    "group_id, annulled_by, hash"
)
_KEEP = 20


def check_integrity(reg: Registry) -> list[str]:
    """SQLite's own check of the file and the foreign keys; empty when sound."""
    problems: list[str] = []
    try:
        rows = [r[0] for r in reg.conn.execute("PRAGMA integrity_check(20)")]
        if rows != ["ok"]:
            problems.extend(rows)
        for table, rowid, parent, _ in reg.conn.execute("PRAGMA foreign_key_check").fetchall()[
            :_KEEP
        ]:
            problems.append(f"{table} row {rowid}: missing {parent} row")
    except sqlite3.DatabaseError as exc:
        problems.append(str(exc))
    return problems


def verify_chain(
    reg: Registry, progress: Progress | None = None, on_progress: OnProgress | None = None
) -> ChainReport:
    """Check every link of the events' hash chain, in id order (counted as :data:`VERIFY`)."""
    report = ChainReport()
    total = reg.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    seq_row = reg.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    breaks: list[Break] = []

    def broken(event_id: int, problem: str, vi: str, en: str) -> None:
        report.broken += 1
        if len(breaks) < _KEEP:
            breaks.append(Break(event_id, problem, vi, en))

    previous = ""
    expected_id = 1
    annuls: dict[int, int] = {}  # annulled event id -> the annul event that says so
    marks: dict[int, int] = {}  # event id -> its annulled_by column
    cursor = reg.conn.execute(f"SELECT {_COLUMNS} FROM events ORDER BY id")
    for count, row in enumerate(cursor, 1):
        if on_progress is not None and count % PROGRESS_EVERY == 1:
            on_progress(VERIFY, count - 1, total)
        event_id, stored = row[0], row[11]
        if event_id != expected_id:
            first, last = expected_id, event_id - 1
            span = str(first) if first == last else f"{first}-{last}"
            broken(
                first,
                MISSING,
                f"Thiếu thay đổi số {span} trong lịch sử: bản ghi đã bị xóa.",
                f"Event {span} is missing from the history: the row was deleted.",
            )
        expected_id = event_id + 1
        try:
            event = event_from_row(row[:11])
        except (ValueError, TypeError):
            broken(
                event_id,
                UNREADABLE,
                f"Thay đổi số {event_id} có nội dung không đọc được: bản ghi đã bị sửa.",
                f"Event {event_id} holds unreadable values: the row was edited.",
            )
            previous = stored or ""
            continue
        if chain_hash(previous, event) != stored:
            broken(
                event_id,
                CONTENT,
                f"Thay đổi số {event_id} ({_describe(reg, event)}) không khớp với mã băm đã "
                "ghi: nội dung đã bị sửa, hoặc các thay đổi đã bị đảo thứ tự hay xóa bớt.",
                f"Event {event_id} does not match its recorded hash: edited, reordered or a "
                "preceding row deleted.",
            )
        if event.type == ANNUL:
            target = event.after.get("annuls")
            if isinstance(target, int):
                annuls[target] = event_id
        if event.annulled_by is not None:
            marks[event_id] = event.annulled_by
        previous = stored or ""
        if progress is not None and count % 10000 == 0 and not progress(count, total):
            break
    report.events = total
    report.head = previous
    last_id = expected_id - 1
    if seq_row is not None and seq_row[0] > last_id:
        broken(
            last_id + 1,
            TRUNCATED,
            f"Thiếu các thay đổi sau số {last_id} (đến số {seq_row[0]}): lịch sử đã bị cắt bớt.",
            f"Events after {last_id} (up to {seq_row[0]}) are missing: the history was cut.",
        )
    for event_id in sorted(set(annuls) | set(marks)):
        if annuls.get(event_id) != marks.get(event_id):
            broken(
                event_id,
                ANNULMENT,
                f"Dấu 'đã hủy' của thay đổi số {event_id} không khớp với lần hủy được ghi "
                f"(cột ghi {marks.get(event_id)}, lần hủy {annuls.get(event_id)}).",
                f"Event {event_id}'s annulled mark ({marks.get(event_id)}) does not match the "
                f"annul event ({annuls.get(event_id)}).",
            )
    report.breaks = sorted(breaks, key=lambda b: b.event_id)
    return report


def _describe(reg: Registry, event: Event) -> str:
    label = EVENT_LABELS.get(event.type, event.type).lower()
    try:
        code = reg.unit(event.unit_id).display_code(reg.notation)
    except Exception:  # a tampered unit row must not hide the broken link
        code = f"số hiệu {event.unit_id}"
    return f"{label}, đơn vị {code}, hiệu lực {people_date(event.effective)}"


# -- the schema --------------------------------------------------------------------------------

_expected: dict[tuple[str, ...], dict[tuple[str, str], str]] = {}


def _norm(sql: str | None) -> str:
    return " ".join((sql or "").split())


# Objects whose definition is written by a library, not by our migrations: the migrations'
# bookkeeping (sqlite-utils) and the full-text index's shadow tables (SQLite's FTS5). Their
# text may differ between library versions, so only their presence is compared.
_LIBRARY_OWNED = ("_sqlite_migrations", "units_fts_")


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    # sqlite_sequence and sqlite_stat* are SQLite's own, made on first use.
    return {
        (t, n): "" if n.startswith(_LIBRARY_OWNED) else _norm(q)
        for t, n, q in rows
        if not n.startswith("sqlite_")
    }


def applied_migrations(reg: RegistryBase) -> list[str]:
    return [m.name for m in schema.migrations.applied(reg.db)]


def unknown_migrations(reg: RegistryBase) -> list[str]:
    """Migrations the registry has that this version does not know: it was made by a newer one."""
    known = {m.name for m in schema.migrations._migrations}
    return [name for name in applied_migrations(reg) if name not in known]


def expected_schema(applied: list[str]) -> dict[tuple[str, str], str]:
    """The objects the migrations ``applied`` make, from an empty database."""
    key = tuple(applied)
    if key not in _expected:
        from sqlite_utils import Database
        from sqlite_utils.migrations import Migrations

        conn = sqlite3.connect(":memory:")
        db = Database(conn)
        # Exactly those, in their order: a registry missing one in the middle (a copy whose
        # bookkeeping was taken back by hand, as the tests of old registries do) is still
        # judged by what its own migrations make, not by a prefix of them.
        made = Migrations(schema.migrations.name)
        made._migrations = [m for m in schema.migrations._migrations if m.name in applied]
        made.apply(db)
        _expected[key] = _objects(conn)
        conn.close()
    return _expected[key]


def schema_damage(reg: RegistryBase) -> list[Damage]:
    """The registry's schema against the one its migrations make."""
    newer = unknown_migrations(reg)
    if newer:
        return [
            Damage(
                SCHEMA_NEWER,
                len(newer),
                f"Sổ do một phiên bản mới hơn của chương trình tạo (thay đổi cấu trúc "
                f"{', '.join(newer)}); phiên bản này không kiểm tra được hết.",
                f"Made by a newer version (migrations {', '.join(newer)}).",
            )
        ]
    expected = dict(expected_schema(applied_migrations(reg)))
    found = _objects(reg.conn)
    guard = ("trigger", "codes_reserved_guard")
    # Since m009 the guard of reserved codes stands exactly while a code is reserved.
    if (
        guard not in expected
        and reg.has_table("codes_reserved")
        and reg.conn.execute("SELECT 1 FROM codes_reserved LIMIT 1").fetchone()
    ):
        expected[guard] = _norm(schema.RESERVED_GUARD)
    damage = []
    foreign = sorted(set(found) - set(expected))
    missing = sorted(set(expected) - set(found))
    altered = sorted(k for k in set(found) & set(expected) if found[k] != expected[k])
    for kind, items, vi, en in (
        (SCHEMA_FOREIGN, foreign, "có thành phần lạ không do chương trình tạo", "foreign"),
        (SCHEMA_MISSING, missing, "thiếu thành phần của cấu trúc sổ", "missing"),
        (SCHEMA_ALTERED, altered, "có thành phần bị sửa định nghĩa", "altered"),
    ):
        if items:
            names = ", ".join(f"{t} {n}" for t, n in items[:5])
            damage.append(
                Damage(kind, len(items), f"Cấu trúc sổ {vi}: {names}.", f"Schema {en}: {names}.")
            )
    return damage


# -- what the chain does not cover ---------------------------------------------------------------


def decision_damage(reg: RegistryBase) -> list[Damage]:
    unreadable = []
    cursor = reg.conn.execute("SELECT * FROM decisions ORDER BY id")
    cols = [d[0] for d in cursor.description]
    for row in cursor:
        try:
            decision = Decision.from_row(dict(zip(cols, row)))
            for text in (decision.effective, decision.signed):
                if text is not None:
                    dt.date.fromisoformat(text)
            if not isinstance(decision.number, str) or not decision.number:
                raise ValueError(decision.number)
        except (ValueError, TypeError):
            unreadable.append(row[0])
    damage = []
    if unreadable:
        damage.append(
            Damage(
                DECISION_UNREADABLE,
                len(unreadable),
                f"{len(unreadable)} quyết định có nội dung không đọc được (số hiệu nội bộ "
                f"{', '.join(map(str, unreadable[:5]))}).",
                f"{len(unreadable)} decisions hold unreadable values.",
            )
        )
    forged, settings_forged = seals.broken_seals(reg)
    if forged:
        damage.append(
            Damage(
                DECISION_SEAL,
                len(forged),
                f"{len(forged)} quyết định bị sửa ngoài chương trình (số, cơ quan ban hành, "
                f"ngày hoặc trích yếu không khớp với dấu niêm; số hiệu nội bộ "
                f"{', '.join(map(str, forged[:5]))}).",
                f"{len(forged)} decisions do not match their seal (edited by hand).",
            )
        )
    if settings_forged:
        damage.append(
            Damage(
                SETTINGS_SEAL,
                1,
                "Thiết lập in trên văn bản (cơ quan ban hành, người ký...) bị sửa ngoài chương "
                "trình: không khớp với dấu niêm.",
                "The printed settings do not match their seal (edited by hand).",
            )
        )
    return damage


def derived_damage(reg: RegistryBase) -> list[Damage]:
    """Sort keys and folded names rebuilt from code and name; the search index against them."""
    bad_keys: list[str] = []
    bad_folds: list[str] = []
    units = 0
    for code, kind, name, sort_key, folded in reg.conn.execute(
        "SELECT code, kind, name, sort_key, folded_name FROM units"
    ):
        units += 1
        try:
            if from_canonical(code, kind).sort_key != sort_key:
                bad_keys.append(code)
        except (ValueError, TypeError, KnownError):
            bad_keys.append(str(code))
        try:
            if fold(name) != folded:
                bad_folds.append(str(code))
        except (ValueError, TypeError, AttributeError):
            bad_folds.append(str(code))
    damage = []
    for kind, bad, vi, en in (
        (SORT_KEY, bad_keys, "khóa sắp xếp", "sort key"),
        (FOLDED_NAME, bad_folds, "khóa tìm kiếm", "search key"),
    ):
        if bad:
            damage.append(
                Damage(
                    kind,
                    len(bad),
                    f"{len(bad)} đơn vị có {vi} không khớp với mã và tên (bị sửa ngoài chương "
                    f"trình): {', '.join(bad[:5])}.",
                    f"{len(bad)} units have a {en} that does not match their code and name.",
                )
            )
    problem = _search_index_problem(reg, units)
    if problem:
        damage.append(
            Damage(
                SEARCH_INDEX,
                1,
                f"Chỉ mục tìm kiếm không khớp với tên các đơn vị ({problem}).",
                f"The search index does not match the units' names ({problem}).",
            )
        )
    return damage


def _search_index_problem(reg: RegistryBase, units: int) -> str | None:
    """Why the FTS index is not the units' folded names, or None.

    FTS5's own ``integrity-check`` (with ``rank = 1``, which compares the index with the units
    table) is a write statement: on a connection opened read-only it runs with ``query_only``
    lifted for that statement alone. Where even that is impossible (a read-only medium), the
    index's document list is compared with the units.
    """
    try:
        indexed = reg.conn.execute("SELECT count(*) FROM units_fts_docsize").fetchone()[0]
        if indexed != units:
            return f"{indexed} mục cho {units} đơn vị"
        stray = reg.conn.execute(
            "SELECT count(*) FROM units_fts_docsize WHERE id NOT IN (SELECT id FROM units)"
        ).fetchone()[0]
        if stray:
            return f"{stray} mục không ứng với đơn vị nào"
    except sqlite3.DatabaseError as exc:
        return str(exc)
    query_only = reg.conn.execute("PRAGMA query_only").fetchone()[0]
    try:
        if query_only:
            reg.conn.execute("PRAGMA query_only = 0")
        reg.conn.execute("INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "readonly" in text or "read-only" in text:
            return None  # a read-only medium: the document list above is what can be checked
        return text
    finally:
        if query_only:
            reg.conn.execute("PRAGMA query_only = 1")
    return None


def verify_registry(
    reg: Registry, progress: Progress | None = None, on_progress: OnProgress | None = None
) -> VerifyReport:
    """The file, the chain and the replay, each checked even when another one fails.

    ``on_progress`` counts the events whose links are checked; when it raises (the clerk's
    Cancel) the check stops there, and nothing was written."""
    report = VerifyReport(integrity=check_integrity(reg))
    for check, unreadable in (
        (schema_damage, SCHEMA_ALTERED),
        (decision_damage, DECISION_UNREADABLE),
        (derived_damage, SORT_KEY),
    ):
        try:
            report.damage.extend(check(reg))
        except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as exc:
            report.damage.append(
                Damage(unreadable, 1, f"Không đọc được: {exc}.", f"Unreadable: {exc}")
            )
    try:
        report.chain = verify_chain(reg, progress, on_progress)
    except sqlite3.DatabaseError as exc:
        report.chain.broken += 1
        report.chain.breaks.append(
            Break(0, UNREADABLE, f"Không đọc được lịch sử: {exc}.", f"Cannot read events: {exc}")
        )
    try:
        report.decisions = verify_decision_history(reg)
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        report.decisions = [
            Break(0, DECISION_RECORD, f"Không đọc được lịch sử sửa quyết định: {exc}.", str(exc))
        ]
    try:
        report.signed = verify_signed_reports(reg)
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        report.signed = [
            Break(0, SIGNED_RECORD, f"Không đọc được sổ ghi các báo cáo đã ký: {exc}.", str(exc))
        ]
    try:
        report.replay = compare_with_replay(reg)
    except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as exc:
        # Replay of a damaged history can meet an event for a unit never created, or values
        # that are not JSON: that is a finding about the file, not a crash.
        report.replay_error = f"replay failed: {type(exc).__name__}: {exc}"
    if on_progress is not None:
        on_progress(VERIFY, report.chain.events, report.chain.events)
    return report


def verify_decision_history(reg: Registry) -> list[Break]:
    """The decisions' history chain, and each corrected decision's row against the values its
    last correction recorded (a row edited by hand no longer matches)."""
    breaks: list[Break] = []
    previous = ""
    latest: dict[int, dict[str, Any]] = {}
    for edit, stored in all_history_rows(reg):
        if edit_hash(previous, edit) != stored:
            breaks.append(
                Break(
                    0,
                    DECISION_RECORD,
                    f"Lần sửa quyết định thứ {edit.id} không khớp với mã băm đã ghi: lịch sử "
                    "sửa quyết định đã bị sửa tay.",
                    f"Decision history entry {edit.id} does not match its recorded hash.",
                )
            )
        latest.setdefault(edit.decision_id, {}).update(edit.after)
        previous = stored
    for decision_id, values in latest.items():
        row = reg.decision(decision_id).as_dict()
        wrong = sorted(k for k, v in values.items() if row.get(k) != v)
        if wrong:
            number = row.get("number")
            breaks.append(
                Break(
                    0,
                    DECISION_RECORD,
                    f"Quyết định số {number}: {', '.join(wrong)} khác với lần sửa được ghi "
                    "cuối cùng: bản ghi quyết định đã bị sửa tay.",
                    f"Decision {number}: {', '.join(wrong)} differ from its last recorded "
                    "correction.",
                )
            )
    return breaks


def probe_damage(path: Path) -> RegistryDamaged | None:
    """Why the registry at ``path`` is damaged, as the one refusal with the way out, or None.

    For what failed in a way no check foresaw: the command line and the window ask this before
    they call a failure a bug. It reads the whole file, so it runs only when something failed.
    """
    if not path.is_file():
        return None
    try:
        with Registry.open(path, readonly=True) as reg:
            problems = check_integrity(reg)
            if problems:
                return damaged(path, problems[0], problems[0])
            for check in (schema_damage, decision_damage, derived_damage):
                for found in check(reg):
                    if found.kind != SCHEMA_NEWER:
                        return damaged(path, found.message, found.message_en)
    except RegistryCorrupt as exc:
        return exc if isinstance(exc, RegistryDamaged) else damaged(path, exc.vi, exc.en)
    except KnownError:
        return None
    except sqlite3.DatabaseError as exc:
        return damaged(path, str(exc), str(exc))
    return None


def verify_signed_reports(reg: Registry) -> list[Break]:
    """The chain of the record of signed reports."""
    breaks: list[Break] = []
    previous = ""
    for entry, stored in all_signed_rows(reg):
        if signed_report_hash(previous, entry) != stored:
            breaks.append(
                Break(
                    0,
                    SIGNED_RECORD,
                    f"Bản ghi báo cáo đã ký số thứ {entry.id} không khớp với mã băm đã ghi: sổ "
                    "ghi các báo cáo đã ký đã bị sửa tay.",
                    f"Signed report entry {entry.id} does not match its recorded hash.",
                )
            )
        previous = stored
    return breaks


def head_hash(reg: Registry) -> str:
    row = reg.conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else ""


__all__ = [
    "ANNULMENT",
    "CONTENT",
    "DECISION_RECORD",
    "DECISION_SEAL",
    "DECISION_UNREADABLE",
    "FOLDED_NAME",
    "MISSING",
    "SCHEMA_ALTERED",
    "SCHEMA_FOREIGN",
    "SCHEMA_MISSING",
    "SCHEMA_NEWER",
    "SEARCH_INDEX",
    "SETTINGS_SEAL",
    "SIGNED_RECORD",
    "SORT_KEY",
    "TRUNCATED",
    "UNREADABLE",
    "Break",
    "ChainReport",
    "Damage",
    "VerifyReport",
    "check_integrity",
    "decision_damage",
    "derived_damage",
    "head_hash",
    "probe_damage",
    "schema_damage",
    "verify_chain",
    "verify_decision_history",
    "verify_registry",
    "verify_signed_reports",
]
