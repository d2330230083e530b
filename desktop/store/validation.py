"""Validation of a registry against the rule book (:mod:`desktop.domain.rules`).

One pass reads every unit with its parent row and the owner of its code (SQLite joins, in C),
ordered by parent so that siblings arrive together; the per-row checks prove most rows clean in
a regular-expression match or two (:mod:`desktop.domain.validator`). Duplicate codes, events,
decisions and successor links are judged by aggregate queries over indexes, never by reading
the events' JSON. Only what is suspicious is looked at closely, unit by unit.

Which units a rule looks at:

* annulled units are skipped entirely: their creation never lawfully happened;
* closed units keep the codes they had when they closed, and their parents may have been
  recoded or moved since, so the rules about the tree's shape (``code.parent-*``,
  ``code.level1-*``, ``tree.too-deep``, ``name.duplicate-sibling``, ``code.duplicate``) judge
  live units only (active, and draft units of proposed decisions); the grammar of codes and
  names, ``code.reused``, ``tree.cycle``, ``decision.*`` and ``lifecycle.*`` judge every unit.

Everything here only reads, on the connection as it is: inside an open transaction it sees the
uncommitted state, which is how the importer validates a would-be registry before rolling back.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from desktop.domain import validator as v
from desktop.domain.codes import AGENCY, MAX_LENGTH, QCVN102, QCVN_MAX_LEVEL, from_canonical
from desktop.domain.decisions import people_date, shown_date
from desktop.domain.eras import before_codes, before_qd20, outlives_parent, started_by
from desktop.domain.history import BEFORE_LATER, EVENT_LABELS, WITH_PARENT
from desktop.domain.rules import (
    ERROR,
    INFO,
    RETROACTIVE_DAYS_ALLOWED,
    RULE_ORDER,
    RULES,
    SEVERITIES,
    WARNING,
    Finding,
)
from desktop.domain.units import ACTIVE, CLOSED, DRAFT
from desktop.store.asof import ON_DATE, units_in_force_on
from desktop.store.queries import code_holders, units_holding
from desktop.store.reference import UNKNOWN, level1_standing
from desktop.store.registry import Registry

Progress = Callable[[int, int], bool]

LIVE = (ACTIVE, DRAFT)
_CHUNK = 900  # below SQLite's limit of bound parameters
# Scopes up to this size filter event queries by unit in SQL; larger ones run the queries on
# the whole registry (one pass over a table or an index) and keep the rows in scope.
_SMALL_SCOPE = 50_000
_RUN = 64  # consecutive ids from which a range reads them in SQL rather than a list
_OUTSIDE_RUNS = 16
_NAMES_KEPT = 200_000  # names whose verdict is kept, of a run (about 100 bytes each)
_PROGRESS_EVERY = 16384
_SHAPING = "e.type != 'annul' AND e.annulled_by IS NULL"

# The owner of the code is looked up on the owners' index first (one probe by unit, where
# almost every unit owns its code), by code only when the unit does not own it.
_UNIT_PASS = f"""
SELECT u.id, u.code, u.name, u.level, u.parent_id, u.kind, u.status, u.decision_id,
       u.folded_name,
       coalesce(c.unit_id, (SELECT o.unit_id FROM codes_used o WHERE o.code = u.code)),
       CASE WHEN u.status = '{CLOSED}' THEN (
           SELECT e.type FROM events e WHERE e.unit_id = u.id AND {_SHAPING}
           -- the latest in time: a back-filled change is recorded after a later ending
           ORDER BY e.effective DESC, e.id DESC LIMIT 1) END,
       u.valid_from
FROM units u
LEFT JOIN codes_used c INDEXED BY codes_used_unit ON c.unit_id = u.id AND c.code = u.code
WHERE u.status != 'annulled' AND {{where}}
"""


# The event half of ``decision.dates`` (Run._events): each an events query with its parameters,
# whose ``{events}`` and ``{units}`` Run._event_rows fills for the scope.
# A change may take effect on another date than its decision (an explicit date); one earlier
# than the signing is wrong. Changes on the decision's own date are covered by the decision's
# finding. One scan of the table, the join to decisions in C.
_EARLY_EVENTS: tuple[str, tuple[Any, ...]] = (
    "SELECT e.id, e.unit_id, e.type, e.effective, e.decision_id "
    "FROM {events} CROSS JOIN decisions d ON d.id = e.decision_id "
    f"WHERE {_SHAPING} AND d.signed IS NOT NULL AND e.effective != d.effective "
    "AND e.effective < date(d.signed, ?) AND {units}",
    (f"-{RETROACTIVE_DAYS_ALLOWED} days",),
)
# Changes recorded after one effective later. Only a unit of two events or more can have them
# out of order (counted on the index).
_MULTI = (
    "e.unit_id IN (SELECT e.unit_id FROM events e WHERE {units} "
    "GROUP BY e.unit_id HAVING count(*) > 1)"
)
_DISORDER_EVENTS: tuple[str, tuple[Any, ...]] = (
    "SELECT id, unit_id, type, effective, prev_id, prev_effective FROM ("
    "SELECT e.id, e.unit_id, e.type, e.effective, "
    "LAG(e.id) OVER w AS prev_id, LAG(e.effective) OVER w AS prev_effective "
    f"FROM events e WHERE {_SHAPING} AND {_MULTI} AND {{units}} "
    # A unit's ending with its parent may precede a back-filled change recorded after.
    f"AND NOT (e.type = 'close' AND e.after LIKE '%\"{WITH_PARENT}\"%') "
    # An earlier basis is recorded after the later act it precedes, by its nature.
    "AND e.type != 'basis' "
    # So is a change that agrees with the later acts it precedes.
    f"AND e.after NOT LIKE '%\"{BEFORE_LATER}\"%' "
    "WINDOW w AS (PARTITION BY e.unit_id ORDER BY e.id)) "
    "WHERE effective < prev_effective",
    (),
)
# From this many events on, a validation of the whole registry scans the events table for these
# two on a connection of its own, in a thread, while the unit pass reads the units on the
# caller's (see _Ahead): on the 1M benchmark registry the two scans take about 1 s of the
# validation's 8-11 s, done meanwhile on the machine's other core.
_AHEAD_FROM_EVENTS = 100_000


_LIVE_SQL = f"('{ACTIVE}', '{DRAFT}')"
# Most rows of a neighbourhood, judged in SQL for what the unit pass would do with them (see
# _plain_rows): 1 when the row is live, of an agency, under a live parent, bound to a decision
# of the registry, the owner of its code (or a code no unit owns, as a dry run's new units: the
# unit pass finds nothing there either) and its only holder, and not dated before its parent.
_PLAIN_PASS = f"""
SELECT u.id, u.code, u.name, u.level, p.code, CASE WHEN
    u.status IN {_LIVE_SQL} AND u.kind = '{AGENCY}' AND p.status IN {_LIVE_SQL}
    AND u.decision_id IN (SELECT id FROM decisions)
    AND (c.unit_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM codes_used o WHERE o.code = u.code))
    AND (u.valid_from IS NULL OR p.valid_from IS NULL OR u.valid_from >= p.valid_from)
    AND NOT EXISTS (SELECT 1 FROM units w WHERE w.code = u.code AND w.id != u.id)
    THEN 1 ELSE 0 END
FROM units u
LEFT JOIN units p ON p.id = u.parent_id
LEFT JOIN codes_used c INDEXED BY codes_used_unit ON c.unit_id = u.id AND c.code = u.code
WHERE u.status != 'annulled' AND {{where}}
"""


@dataclass
class ValidationReport:
    """What ``validate`` found; ``as_dict`` is the ``validate --json`` shape (design.md §3)."""

    units: int = 0
    findings: list[Finding] = field(default_factory=list)
    cancelled: bool = False
    as_of: str | None = None  # the date the registry was judged as of

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def infos(self) -> int:
        return self.count(INFO)

    def as_dict(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.as_dict() for f in self.findings],
        }


def check_name_text(raw: str) -> list[Finding]:
    """The ``name.*`` rules on a name as it arrived (before cleaning), e.g. an appendix cell."""
    return v.check_name(raw)


def validate_registry(
    reg: Registry,
    *,
    root: str | None = None,
    progress: Progress | None = None,
    as_of: str | None = None,
) -> ValidationReport:
    """Check the whole registry, or the subtree under the unit holding ``root``, as in force
    on ``as_of`` (today by default): a change signed but not yet in force is judged on its
    date, not before (it shows as a ``decision.pending`` note)."""
    date = shown_date(as_of)
    unit = reg.find(root) if root is not None else None
    with units_in_force_on(reg, date) as replayed:
        run = _Run(reg, date, replayed=replayed > 0)
        report = run.full(progress) if unit is None else run.subtree(unit.parsed.sort_key, progress)
    report.as_of = date
    return report


def validate_units(reg: Registry, unit_ids: Iterable[int]) -> list[Finding]:
    """Findings on some units and their neighbourhood (parent, children, siblings).

    For the editor after one change, and for the importer's dry run: it reads the
    connection's current state, uncommitted changes included.
    """
    found = _Run(reg).units(list(dict.fromkeys(unit_ids)))
    assert found is not None
    return found


class NewUnit(NamedTuple):
    """A live agency an import would add, as it would be written (``changes.planned_units``):
    ``key`` is the import's (negative) key for it, ``parent`` an existing unit's id or another
    new unit's key."""

    key: int
    code: str  # canonical
    name: str  # as written (cleaned)
    folded: str
    level: int
    parent: int


@dataclass(frozen=True)
class NewUnits:
    """The units an import would add, each with a ``create`` event of one decision and date."""

    codes: Sequence[str]  # each new unit's, canonical
    parents: frozenset[int]  # the existing units they go under
    decision_id: int
    effective: str
    # The units as they would be written, built when judged (see Unwritten.plain).
    plan: Callable[[], Sequence[NewUnit]]


def validate_with_new(reg: Registry, unit_ids: Iterable[int], new: NewUnits) -> Unwritten | None:
    """What ``validate_units`` would find on ``unit_ids`` and the ``new`` units once those were
    written, judged without writing them; None when that cannot be proved from what the
    registry holds, and then the caller writes them and asks ``validate_units``.

    The new units are judged by the same tests as the plain rows of a neighbourhood
    (``_plain_rows``), on the values they would be written with; a new unit of which any test
    fails, or whose name a live sibling already bears, could bring a finding of its own, and
    is not judged here. The others bring none but their decision's (``decision.*``), which
    are judged as though their create events were in scope.

    What is read from the registry is read here; the tests of each new unit need nothing
    more, and are left to :meth:`Unwritten.plain`, which the caller may run while it writes.
    """
    run = _Run(reg)
    found = run.units(list(dict.fromkeys(unit_ids)), new)
    if found is None or run.pending is None:
        return None
    run.pending.findings = found
    return run.pending


# -- the run -----------------------------------------------------------------------------------


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


class _Ids:
    """Unit ids as SQL reads them best: runs of consecutive ids as ranges (the units an import
    creates are one run), the scattered rest in lists."""

    def __init__(self, ids: Iterable[int]) -> None:
        self.members = ids if isinstance(ids, (set, frozenset)) else set(ids)
        ordered = sorted(self.members)
        self.runs: list[tuple[int, int]] = []
        self.rest: list[int] = []
        if ordered and ordered[-1] - ordered[0] + 1 == len(ordered) >= _RUN:
            self.runs.append((ordered[0], ordered[-1]))
            return
        start = 0
        for i in range(1, len(ordered) + 1):
            if i == len(ordered) or ordered[i] != ordered[i - 1] + 1:
                if i - start >= _RUN:
                    self.runs.append((ordered[start], ordered[i - 1]))
                else:
                    self.rest.extend(ordered[start:i])
                start = i

    def __len__(self) -> int:
        return len(self.members)

    def has(self, uid: int) -> bool:
        return uid in self.members

    def where(self, column: str) -> Iterator[tuple[str, Sequence[int]]]:
        """SQL conditions on ``column``, with their parameters, that together select the ids."""
        for lo, hi in self.runs:
            yield f"{column} BETWEEN ? AND ?", (lo, hi)
        for chunk in _chunks(self.rest):
            yield f"{column} IN ({_marks(chunk)})", chunk

    def outside(self, column: str) -> tuple[str, list[int]]:
        """A condition true of ``column`` outside the longest runs, and its parameters."""
        longest = sorted(self.runs, key=lambda r: r[0] - r[1])[:_OUTSIDE_RUNS]
        if not longest:
            return "1", []
        return (
            " AND ".join(f"{column} NOT BETWEEN ? AND ?" for _ in longest),
            [bound for run in longest for bound in run],
        )


@dataclass
class _Unit:
    """What messages need of a unit that findings mention."""

    id: int
    code: str
    kind: str
    name: str
    status: str
    parent_id: int | None


def _whole(sql: str, params: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
    """An events query of ``_event_rows`` over the whole registry, with its parameters."""
    return sql.format(units="1", events="events e NOT INDEXED"), tuple(params)


class _Ahead:
    """Read-only statements run in a thread, on a connection of their own to the registry file,
    while the caller goes on with its own connection (SQLite runs them with Python's lock
    released: on the machine's other core). :meth:`rows` waits for them. Whatever fails there
    (the file cannot be opened so, a statement fails, the validation is stopped) only leaves the
    statement to the caller: the findings are the same either way.

    Each statement sees the registry as committed when it runs, as each statement of a
    validation does on the caller's connection (none runs inside one read transaction)."""

    def __init__(self, path: Path, statements: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        self._rows: dict[tuple[str, tuple[Any, ...]], list[Any]] = {}
        self._conn: sqlite3.Connection | None = None
        self._stopped = False
        self._thread = threading.Thread(
            target=self._run, args=(path, list(statements)), name="validation-ahead", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0, check_same_thread=False
            )
        except sqlite3.Error:
            return
        self._conn = conn
        try:
            for sql, params in statements:
                if self._stopped:
                    break
                self._rows[(sql, params)] = conn.execute(sql, params).fetchall()
        except sqlite3.Error:
            pass  # left to the caller
        finally:
            self._conn = None
            conn.close()

    def rows(self, sql: str, params: tuple[Any, ...]) -> list[Any] | None:
        """The statement's rows, once run here; None: the caller runs it."""
        self._thread.join()
        return self._rows.get((sql, params))

    def close(self) -> None:
        """Stop what is still running (a stopped validation) and wait for the thread."""
        self._stopped = True
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.interrupt()
        self._thread.join()


class _Run:
    """One validation: the registry, what has been found, and lookups cached for it."""

    def __init__(self, reg: Registry, date: str | None = None, *, replayed: bool = False) -> None:
        self.reg = reg
        # ``units`` is the view of asof.units_in_force_on: whole-table aggregates go round it.
        self.replayed = replayed
        self.date = shown_date(date)  # changes effective after it are pending
        self.conn = reg.conn
        self.notation = reg.notation
        self.max_level = QCVN_MAX_LEVEL if self.notation == QCVN102 else None
        self.found: list[tuple[tuple[Any, ...], int | None, Finding]] = []
        self.decisions: dict[int, tuple[str, str | None, str]] = {
            row[0]: (row[1], row[2], row[3])
            for row in self.conn.execute("SELECT id, number, signed, effective FROM decisions")
        }
        self.level1: dict[str, tuple[int, str, str] | None] = {}
        for uid, code, status, name in self.conn.execute(
            "SELECT id, code, status, name FROM units WHERE parent_id IS NULL "
            "AND status != 'annulled' AND kind = 'agency'"
        ):
            if "." not in code and (code not in self.level1 or status in LIVE):
                self.level1[code] = (uid, status, name)
        self._units: dict[int, _Unit | None] = {}
        self._parents: dict[int, int | None] = {}
        # Units reported as duplicates of the code's owner (not reported again as reuse).
        self.duplicated: dict[int, int] = {}
        # Decisions of the registry that events in scope refer to.
        self.used_decisions: list[int] = []
        self._scope_ids: _Ids | None = None
        # Whether a name is clean of every ``name.*`` rule, asked once per name: many units
        # share one (Phòng Tư pháp, Văn phòng HĐND và UBND).
        self.clean_names: dict[str, bool] = {}
        # Units judged without being written (validate_with_new): their create events count
        # among the events in scope.
        self.pending: Unwritten | None = None
        # The events scans run ahead while the unit pass reads (a whole-registry validation).
        self.ahead: _Ahead | None = None

    # -- entry points ------------------------------------------------------------------------

    def full(self, progress: Progress | None) -> ValidationReport:
        # The total is only for the progress bar: counting is a read of the whole table.
        total = 0
        if progress is not None:
            total = self.conn.execute(
                "SELECT count(*) FROM units WHERE status != 'annulled'"
            ).fetchone()[0]
        self.ahead = self._events_ahead()
        try:
            rows = self.conn.execute(_UNIT_PASS.format(where="1") + " ORDER BY u.parent_id")
            state = self._unit_pass(rows, progress, total, scoped=False)
            if state.cancelled:
                return self._report(state.count, cancelled=True)
            self._set_rules(state, None)
            return self._report(state.count)
        finally:
            if self.ahead is not None:
                self.ahead.close()
                self.ahead = None

    def _events_ahead(self) -> _Ahead | None:
        """The whole-registry scans of the events table started on a connection of their own,
        for a registry of many events read as committed (a connection in a transaction may
        hold changes no other connection sees: then it runs them itself)."""
        if self.conn.in_transaction or not isinstance(self.reg.path, Path):
            return None
        last = self.conn.execute("SELECT max(id) FROM events").fetchone()[0]
        if (last or 0) < _AHEAD_FROM_EVENTS or not self.reg.path.is_file():
            return None
        return _Ahead(self.reg.path, [_whole(*_EARLY_EVENTS), _whole(*_DISORDER_EVENTS)])

    def subtree(self, key: str, progress: Progress | None) -> ValidationReport:
        bounds = (key, key + ".", key + "/")
        where = "(u.sort_key = ? OR (u.sort_key >= ? AND u.sort_key < ?))"
        total = self.conn.execute(
            "SELECT count(*) FROM units u WHERE u.status != 'annulled' AND " + where, bounds
        ).fetchone()[0]
        rows = self.conn.execute(_UNIT_PASS.format(where=where) + " ORDER BY u.parent_id", bounds)
        state = self._unit_pass(rows, progress, total, scoped=True)
        if state.cancelled:
            return self._report(state.count, cancelled=True)
        self._set_rules(state, state.ids)
        return self._report(state.count, scope=state.ids)

    def units(self, unit_ids: list[int], new: NewUnits | None = None) -> list[Finding] | None:
        if not unit_ids and new is None:
            return []
        execute = self.conn.execute
        asked = _Ids(unit_ids)
        wanted = set(unit_ids)
        # The parents of the units asked about, and (for cycles) those of the live ones.
        parents: set[int] = set()
        live_parents: set[int] = set()
        if new is not None:
            # The new units' existing parents, as when they were asked about (all live).
            self.pending = self._new_rows(new)
            if self.pending is None:
                return None
            parents |= self.pending.parents
            live_parents |= self.pending.parents
        for where, params in asked.where("id"):
            for pid, annulled in execute(
                "SELECT DISTINCT parent_id, status = 'annulled' FROM units "
                f"WHERE {where} AND parent_id IS NOT NULL",
                params,
            ):
                parents.add(pid)
                if not annulled:
                    live_parents.add(pid)
        around = _Ids(wanted | parents)
        # Their children; those asked about already are left out in SQL (the units an import
        # creates are mostly children of one another).
        hood = wanted | parents
        besides, outside = asked.outside("id")
        for where, params in around.where("parent_id"):
            hood.update(
                r[0]
                for r in execute(
                    f"SELECT id FROM units WHERE {where} AND {besides}", [*params, *outside]
                )
            )
        ids, suspects = self._plain_rows(_Ids(hood))
        rows: list[Sequence[Any]] = []
        for chunk in _chunks(sorted(suspects)):
            rows.extend(execute(_UNIT_PASS.format(where=f"u.id IN ({_marks(chunk)})"), chunk))
        rows.sort(key=lambda r: (r[4] is not None, r[4] or 0))
        state = self._unit_pass(rows, None, len(rows), scoped=True, sibling_names=False)
        state.count = len(ids)
        state.ids = ids
        self._sibling_names(around, asked, parents)
        state.cycle_starts.extend(self._cycle_starts(live_parents))
        self._set_rules(state, ids)
        return self._report(state.count, scope=ids).findings

    def _cycle_starts(self, parents: set[int]) -> list[int]:
        """Where to walk up from to find the cycles above the units asked about: from each of
        their parents (``parents``, of those not annulled).

        A cycle through an edited unit may run through units outside the neighbourhood, with
        its one non-increasing link anywhere, so every unit asked about needs a walk; the walk
        from a unit goes on from its parent, which is on every cycle the unit is on."""
        starts = sorted(parents)
        self._load_parents(starts)
        return starts

    def _plain_rows(self, hood: _Ids) -> tuple[set[int], list[int]]:
        """The units of ``hood`` that are not annulled, and those of them the unit pass must
        read. The others are proved clean of every rule on one row and candidates of no rule
        on many, as most rows are: SQL tests the row against its parent, its decision and
        the owner of its code, and that no other unit holds the code; one regular-expression
        match each tests the code, and a name is judged once."""
        ids: set[int] = set()
        suspects: list[int] = []
        for where, params in hood.where("u.id"):
            self._judge_plain(
                self.conn.execute(_PLAIN_PASS.format(where=where), params), ids, suspects
            )
        return ids, suspects

    def _judge_plain(
        self, rows: Iterable[Sequence[Any]], ids: set[int], suspects: list[int]
    ) -> None:
        """The Python half of ``_plain_rows`` on rows of ``_PLAIN_PASS``'s shape (whose last
        column is its SQL half): the ids into ``ids``, those not proved plain into
        ``suspects``."""
        qcvn_shape = v.QCVN_CANONICAL.fullmatch
        vietnamese_name = v.VIETNAMESE_NAME.fullmatch
        name_is_clean = v.name_is_clean
        clean_names = self.clean_names
        level1_live = {code for code, info in self.level1.items() if info and info[1] != CLOSED}
        max_level = self.max_level or 1_000_000
        for uid, code, name, level, pcode, plain in rows:
            ids.add(uid)
            # As the unit pass: a code of the right shape, at the level it says, that
            # extends its parent's code by one group.
            if (
                plain
                and len(code) <= MAX_LENGTH
                and qcvn_shape(code) is not None
                and code.count(".") + 1 == level <= max_level
                and len(pcode) == code.rfind(".")
                and code.startswith(pcode)
                and code[:3] in level1_live
            ):
                clean = clean_names.get(name)
                if clean is None:
                    clean = vietnamese_name(name) is not None or name_is_clean(name)
                    if len(clean_names) < _NAMES_KEPT:
                        clean_names[name] = clean
                if clean:
                    continue
            suspects.append(uid)

    def _new_rows(self, new: NewUnits) -> Unwritten | None:
        """What the ``new`` units are judged against, read from the registry; None when one
        of them brings a finding of a rule on many rows (its code held by another unit, its
        create event dated before its decision was signed) or its parent is not live.

        Written, each new unit would be live, an agency, bound to the decision, dated
        ``effective``, the owner of a code the registry never issued: the SQL half of
        ``_PLAIN_PASS`` is then its parent's standing and dates."""
        execute = self.conn.execute
        effective = new.effective
        standing = self.decisions.get(new.decision_id)
        if standing is None:
            return None
        _number, signed, decided = standing
        if signed is not None and effective != decided:
            # The event half of decision.dates, as _events asks it of each event.
            early = execute(
                "SELECT ? < date(?, ?)", (effective, signed, f"-{RETROACTIVE_DAYS_ALLOWED} days")
            ).fetchone()[0]
            if early:
                return None
        codes = new.codes
        if len(set(codes)) != len(codes):
            return None
        if code_holders(self.reg, codes) or units_holding(self.reg, codes):
            return None
        existing = sorted(new.parents)
        placed: dict[int, tuple[str, str | None]] = {}
        siblings: dict[int, set[str | None]] = defaultdict(set)
        for chunk in _chunks(existing):
            marks = _marks(chunk)
            for pid, code, status, valid_from in execute(
                f"SELECT id, code, status, valid_from FROM units WHERE id IN ({marks})", chunk
            ):
                if status not in LIVE:
                    return None
                placed[pid] = (code, valid_from)
            for pid, folded in execute(
                f"SELECT parent_id, folded_name FROM units WHERE parent_id IN ({marks}) "
                f"AND status IN {_LIVE_SQL}",
                chunk,
            ):
                siblings[pid].add(folded)
        if len(placed) != len(existing):
            return None
        if self.reg.later_codes(existing, effective):
            return None  # a parent recoded since: its new children follow it (more events)
        return Unwritten(self, new, placed, siblings)

    def _sibling_names(self, around: _Ids, asked: _Ids, parents: set[int]) -> None:
        """``name.duplicate-sibling`` among the live units of the neighbourhood sharing a
        parent, as the unit pass finds it: the later units of a name after the first.

        The neighbourhood holds every child of a unit in ``around`` (grouped in SQL); the only
        others are roots asked about and the parents of units asked about."""
        execute = self.conn.execute
        groups: list[list[Sequence[Any]]] = []
        live = f"status IN {_LIVE_SQL}"
        for where, params in around.where("parent_id"):
            # The parents with fewer names than children (in the order of the parent index),
            # then their names held twice.
            for (parent_id,) in execute(
                f"SELECT parent_id FROM units WHERE {where} AND {live} GROUP BY parent_id "
                "HAVING count(*) > count(DISTINCT folded_name)",
                params,
            ).fetchall():
                for (folded,) in execute(
                    f"SELECT folded_name FROM units WHERE parent_id = ? AND {live} "
                    "GROUP BY folded_name HAVING count(*) > 1",
                    (parent_id,),
                ).fetchall():
                    groups.append(
                        execute(
                            "SELECT id, code, kind, name FROM units WHERE parent_id = ? "
                            f"AND folded_name IS ? AND {live} ORDER BY id",
                            (parent_id, folded),
                        ).fetchall()
                    )
        tops: list[Sequence[Any]] = []
        top_sql = (
            "SELECT id, code, kind, name, parent_id, folded_name FROM units "
            f"WHERE status IN {_LIVE_SQL} AND "
        )
        for where, params in asked.where("id"):
            tops.extend(execute(top_sql + f"parent_id IS NULL AND {where}", params))
        for chunk in _chunks(sorted(parents)):
            tops.extend(execute(top_sql + f"id IN ({_marks(chunk)})", chunk))
        by_parent: dict[tuple[Any, Any], dict[int, Sequence[Any]]] = defaultdict(dict)
        for row in tops:
            if row[4] is None or not around.has(row[4]):
                by_parent[row[4], row[5]][row[0]] = row[:4]
        groups.extend(
            [group[uid] for uid in sorted(group)] for group in by_parent.values() if len(group) > 1
        )
        for group in groups:
            first = group[0][0]
            for uid, code, kind, name in group[1:]:
                self._same_name(uid, code, kind, name, first)

    def _load_parents(self, ids: Iterable[int]) -> None:
        missing = [i for i in ids if i not in self._parents]
        for chunk in _chunks(missing):
            self._parents.update(
                self.conn.execute(
                    f"SELECT id, parent_id FROM units WHERE id IN ({_marks(chunk)})", chunk
                ).fetchall()
            )

    def _set_rules(self, state: _PassState, scope: set[int] | None) -> None:
        """The rules that look at more than one row, after the unit pass."""
        self._duplicates(scope, state.live_codes)
        self._reused(state.reused)
        self._cycles(state.cycle_starts, scope)
        self._no_successor(state.closed_by_merge)
        self._events(scope, state.no_decision)
        self._decision_dates(scope)
        self._before_parent(state.before_parent)
        self._enterprise_endings(state.closed_enterprises)

    def _enterprise_endings(self, closed: list[int]) -> None:
        """``enterprise.ended-with-parent``: an enterprise closed with its managing body by the
        rule of registries made before it was found wrong (an enterprise outlives its body).
        ``closed`` are the closed units in scope that outlive their parent (the unit pass)."""
        if not closed:
            return
        rows = self._event_rows(
            "SELECT e.id, e.unit_id, e.effective FROM {events} "
            f"WHERE e.type = 'close' AND e.annulled_by IS NULL AND {{units}} "
            f"AND e.after LIKE '%\"{WITH_PARENT}\"%'",
            (),
            set(closed),
        )
        self._load_units(r[1] for r in rows)
        for _event, unit_id, effective in rows:
            unit = self.unit(unit_id)
            if unit is None or not outlives_parent(unit.kind) or unit.status != CLOSED:
                continue
            me = self.unit_label(unit)
            self.add(
                "enterprise.ended-with-parent",
                f"Doanh nghiệp {me} được ghi là đóng theo đơn vị cấp trên từ "
                f"{people_date(effective)}; mã số doanh nghiệp không hết hiệu lực khi cơ quan "
                "quản lý sáp nhập hoặc giải thể.",
                f"The enterprise {me} is recorded as closed with its parent on {effective}; "
                "an enterprise code outlives its managing body.",
                code=unit.code,
                kind=unit.kind,
                unit_id=unit_id,
            )

    def _before_parent(self, candidates: list[int]) -> None:
        """``unit.before-parent``: a unit under its parent from a date the parent had not
        started or had already closed. The date is the unit's start, or its latest move.
        ``candidates`` are the units the unit pass found dated so (the query below decides)."""
        # A unit moved later is judged by the date of its latest move (a move refuses a
        # closed parent).
        if not candidates:
            return
        scope = set(candidates)
        sql = (
            "SELECT u.id, u.code, u.kind, u.name, u.valid_from, p.code, p.name, p.level, "
            "p.valid_from, p.valid_to FROM units u JOIN units p ON p.id = u.parent_id "
            "WHERE u.status != 'annulled' AND p.status != 'annulled' AND u.valid_from IS NOT NULL "
            "AND ((p.valid_from IS NOT NULL AND u.valid_from < p.valid_from) "
            "OR (p.valid_to IS NOT NULL AND u.valid_from > p.valid_to "
            f"AND u.status = '{CLOSED}')) AND {{units}}"
        )
        rows: list[Sequence[Any]] = []
        if len(scope) > _SMALL_SCOPE:
            rows = [r for r in self.conn.execute(sql.format(units="1")) if r[0] in scope]
        else:
            for chunk in _chunks(sorted(scope)):
                rows.extend(
                    self.conn.execute(sql.format(units=f"u.id IN ({_marks(chunk)})"), chunk)
                )
        moved = {
            uid: self.conn.execute(
                "SELECT max(e.effective) FROM events e WHERE e.unit_id = ? AND e.type = 'move' "
                f"AND {_SHAPING}",
                (uid,),
            ).fetchone()[0]
            for uid in (r[0] for r in rows)
        }
        rows = [(*r[:4], moved[r[0]] or r[4], *r[5:]) for r in rows]
        # A live unit under a closed parent is tree.active-under-closed's (or
        # code.level1-closed's); here only a closed unit that started after its parent ended.
        for uid, code, kind, name, came, p_code, p_name, p_level, p_from, p_to in rows:
            if p_to is None or came <= p_to:  # then it is the start that came too early
                if started_by(p_level, p_from, came):
                    continue
                vi_why = f"trước khi đơn vị cấp trên bắt đầu ({p_from})"
                en_why = f"before its parent started ({p_from})"
            else:
                vi_why = f"khi đơn vị cấp trên đã đóng (từ {p_to})"
                en_why = f"after its parent closed ({p_to})"
            me = self.label(code, kind, name)
            parent = self.label(p_code, AGENCY, p_name)
            self.add(
                "unit.before-parent",
                f"Đơn vị {me} thuộc {parent} từ ngày {came}, {vi_why}.",
                f"{me} is under {parent} from {came}, {en_why}.",
                code=code,
                kind=kind,
                unit_id=uid,
            )

    # -- helpers -----------------------------------------------------------------------------

    def shown(self, code: str, kind: str = AGENCY) -> str:
        return from_canonical(code, kind).format(self.notation)

    def label(self, code: str, kind: str, name: str) -> str:
        shown = self.shown(code, kind)
        return f"{shown} ({name})" if name else shown

    def unit_label(self, unit: _Unit) -> str:
        return self.label(unit.code, unit.kind, unit.name)

    def unit(self, unit_id: int) -> _Unit | None:
        if unit_id not in self._units:
            self._load_units([unit_id])
        return self._units[unit_id]

    def _load_units(self, ids: Iterable[int]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self._units]
        for chunk in _chunks(missing):
            for row in self.conn.execute(
                "SELECT id, code, kind, name, status, parent_id FROM units "
                f"WHERE id IN ({_marks(chunk)})",
                chunk,
            ):
                self._units[row[0]] = _Unit(*row)
        for uid in missing:
            self._units.setdefault(uid, None)

    def add(
        self,
        rule: str,
        vi: str,
        en: str,
        *,
        code: str | None = None,
        kind: str = AGENCY,
        unit_id: int | None = None,
        shown: str | None = None,
    ) -> None:
        """Record a finding of ``rule`` on a unit holding the canonical ``code``; ``shown``
        replaces the display form (a malformed code is shown as stored, never reformatted)."""
        if shown is None and code is not None:
            shown = self.shown(code, kind)
        self.keep(RULES[rule].finding(vi, en, code=shown, unit_id=unit_id), code, kind)

    def keep(self, finding: Finding, code: str | None, kind: str = AGENCY) -> None:
        """Record a finding; reports list them by severity, rule, then code order."""
        key = (
            SEVERITIES.index(finding.severity),
            RULE_ORDER[finding.rule],
            from_canonical(code, kind).sort_key if code is not None else "",
            finding.unit_id or 0,
        )
        self.found.append((key, finding.unit_id, finding))

    def _report(
        self, units: int, *, cancelled: bool = False, scope: set[int] | None = None
    ) -> ValidationReport:
        found = self.found
        if scope is not None:
            found = [item for item in found if item[1] is None or item[1] in scope]
        found.sort(key=lambda item: item[0])
        return ValidationReport(units, [f for _, _, f in found], cancelled)

    # -- the unit pass -----------------------------------------------------------------------

    def _unit_pass(
        self,
        rows: Iterable[Sequence[Any]],
        progress: Progress | None,
        total: int,
        *,
        scoped: bool,
        sibling_names: bool = True,
    ) -> _PassState:
        """The per-row rules, and the candidates the set rules look at afterwards.

        Rows come ordered by parent, so siblings are consecutive and the sibling-name rule
        needs only the current parent's names in memory; without ``sibling_names`` the caller
        judges sibling names itself.
        """
        state = _PassState()
        ids, live_codes = state.ids, state.live_codes
        vietnamese_name = v.VIETNAMESE_NAME.fullmatch
        name_is_clean = v.name_is_clean
        clean_names = self.clean_names
        # In a QCVN 102 registry the first test is the stricter QCVN shape: a code that fails
        # it only is still well formed, but shown in QĐ 20 (code.notation-mixed).
        qcvn = self.notation == QCVN102
        qcvn_shape = v.QCVN_CANONICAL.fullmatch
        agency_shape = v.AGENCY_CANONICAL.fullmatch
        decisions = self.decisions
        level1_live = {code for code, info in self.level1.items() if info and info[1] != CLOSED}
        max_level = self.max_level or 1_000_000
        current_parent: object = object()
        # The parent's code and status, looked up once per parent (rows come by parent) rather
        # than joined to every row: as of a date ``units`` is a view a join would copy whole.
        looked_up: object = object()
        pcode: str | None = None
        pstatus: str | None = None
        parent_sql = "SELECT code, status, valid_from, valid_to FROM units WHERE id = ?"
        p_from: str | None = None
        p_to: str | None = None
        before_parent = state.before_parent
        execute = self.conn.execute
        siblings: dict[str, int] = {}
        count = 0
        if progress is not None:
            rows = _reporting(rows, progress, total, state)
        # enumerate counts in C; the count is read after the loop.
        for count, row in enumerate(rows, 1):  # noqa: B007
            (
                uid,
                code,
                name,
                level,
                parent_id,
                kind,
                status,
                decision_id,
                folded,
                owner,
                ending,  # the type of the latest event of a closed unit
                came,
            ) = row
            if parent_id != looked_up:
                looked_up = parent_id
                found = None if parent_id is None else execute(parent_sql, (parent_id,)).fetchone()
                pcode, pstatus, p_from, p_to = found if found is not None else (None,) * 4
            if scoped:
                ids.add(uid)
            agency = kind == AGENCY
            # The QCVN shape first, in either notation: most codes have it, and one match then
            # also says the code can be written in QCVN 102 (code.no-dossier-code).
            if agency and len(code) <= MAX_LENGTH and qcvn_shape(code) is not None:
                code_ok, other_notation, not_qcvn = True, False, False
            elif not qcvn and agency and len(code) <= MAX_LENGTH and agency_shape(code) is not None:
                code_ok, other_notation, not_qcvn = True, False, True
            else:
                code_ok = self._code_grammar(uid, code, kind, name)
                other_notation = qcvn and agency and code_ok and len(code) <= MAX_LENGTH
                not_qcvn = other_notation if qcvn else qcvn_shape(code) is None
            clean = clean_names.get(name)
            if clean is None:
                clean = vietnamese_name(name) is not None or name_is_clean(name)
                if len(clean_names) < _NAMES_KEPT:
                    clean_names[name] = clean
            if not clean:
                shown = self.shown(code, kind) if code_ok else code
                for f in v.check_name(name, unit=shown, code=shown, unit_id=uid):
                    self.keep(f, code, kind)
            if decision_id not in decisions:
                state.no_decision.append(uid)
            if owner != uid and owner is not None:
                state.reused.append((uid, owner))
            if pcode is not None and len(code) <= len(pcode):
                state.cycle_starts.append(uid)
            # unit.before-parent's candidates, by the query's own test (_before_parent).
            if (
                came is not None
                and (
                    (p_from is not None and came < p_from)
                    or (p_to is not None and came > p_to and status == CLOSED)
                )
                and pstatus != "annulled"
            ):
                before_parent.append(uid)
            if status != ACTIVE and status != DRAFT:
                if ending in ("merge", "split"):
                    state.closed_by_merge.append(uid)
                if status == CLOSED and outlives_parent(kind):
                    state.closed_enterprises.append(uid)
                continue
            if scoped:
                live_codes.append(code)
            if sibling_names:
                if parent_id != current_parent:
                    current_parent = parent_id
                    siblings = {}
                if folded in siblings:
                    self._same_name(uid, code, kind, name, siblings[folded])
                else:
                    siblings[folded] = uid
            if not code_ok:
                continue
            if agency:
                dot = code.rfind(".")
                depth = code.count(".") + 1
                if level != depth:
                    self._level_column(uid, code, name, level, depth)
                if dot < 0:
                    if parent_id is None:
                        if level1_standing(code) == UNKNOWN:
                            self._unpublished_level1(uid, code, name)
                        continue
                    expected, level1_known = None, True
                else:
                    if depth > max_level:
                        self._too_deep(uid, code, name, depth)
                    elif other_notation:
                        self._not_qcvn(uid, code, name)
                    if not_qcvn:
                        self._no_dossier_code(uid, code, name)
                        if decision_id in decisions and before_qd20(decisions[decision_id][2]):
                            self._before_qd20_form(uid, code, name, decisions[decision_id])
                    level1_known = code[:3] in level1_live or self._level1(uid, code, name)
                    if pcode is not None and len(pcode) == dot and code.startswith(pcode):
                        if pstatus == CLOSED and depth > 2:
                            # Under a closed level 1, code.level1-closed has said it already.
                            self._under_closed(uid, code, kind, name, parent_id)
                        continue
                    expected = code[:dot]
            else:
                expected = v.expected_parent(code, kind)
                level1_known = True
                # An enterprise or organisation listed in a body's appendix belongs to that
                # body: a code with no parent level may sit under any unit.
                if expected == pcode or (expected is None and pcode is not None):
                    if pstatus == CLOSED:
                        self._under_closed(uid, code, kind, name, parent_id)
                    continue
            self._parent_link(
                uid, code, kind, name, parent_id, pcode, pstatus, expected, level1_known
            )
        state.count = count
        return state

    def _same_name(self, uid: int, code: str, kind: str, name: str, first_id: int) -> None:
        first = self.unit(first_id)
        assert first is not None
        other = self.unit_label(first)
        me = self.label(code, kind, name)
        self.add(
            "name.duplicate-sibling",
            f"Đơn vị {me} trùng tên với đơn vị {other} cùng đơn vị cấp trên.",
            f"{me} has the same name as {other} under the same parent.",
            code=code,
            kind=kind,
            unit_id=uid,
        )

    def _too_deep(self, uid: int, code: str, name: str, depth: int) -> None:
        me = self.label(code, AGENCY, name)
        self.add(
            "tree.too-deep",
            f"Đơn vị {me} ở cấp {depth}; cách viết QCVN 102 của sổ chỉ có {QCVN_MAX_LEVEL} cấp.",
            f"{me} is at level {depth}; the registry's QCVN 102 notation has "
            f"{QCVN_MAX_LEVEL} levels.",
            code=code,
            unit_id=uid,
        )

    def _not_qcvn(self, uid: int, code: str, name: str) -> None:
        me = f"{code} ({name})" if name else code
        self.add(
            "code.notation-mixed",
            f"Mã của đơn vị {me} không viết được theo QCVN 102 (nhóm có chữ cái hoặc không đúng "
            "độ rộng 2-2-3 chữ số) nên được hiển thị theo QĐ 20/2020, lẫn với các mã theo "
            "QCVN 102 của sổ.",
            f"The code of {me} cannot be written in QCVN 102 (a group with letters or not of the "
            "2-2-3 digit widths), so it is shown in QĐ 20/2020 among the registry's QCVN 102 "
            "codes.",
            code=code,
            unit_id=uid,
        )

    def _no_dossier_code(self, uid: int, code: str, name: str) -> None:
        me = self.label(code, AGENCY, name)
        self.add(
            "code.no-dossier-code",
            f"Mã của cơ quan {me} không viết được theo QCVN 102: cơ quan không nhận được mã hồ "
            "sơ thủ tục hành chính và không có trong danh sách gửi trục liên thông văn bản.",
            f"The code of {me} cannot be written in QCVN 102: no dossier codes, and it is not "
            "in the exchange-axis lists.",
            code=code,
            unit_id=uid,
        )

    def _before_qd20_form(
        self, uid: int, code: str, name: str, decision: tuple[str, str | None, str]
    ) -> None:
        me = self.label(code, AGENCY, name)
        number, _, effective = decision
        self.add(
            "code.before-qd20-form",
            f"Mã của đơn vị {me} không viết được theo QCVN 102 nhưng được ghi theo quyết định "
            f"{number} có hiệu lực từ {people_date(effective)}, trước QĐ 20/2020/QĐ-TTg: khi đó "
            "chỉ có cách viết của QCVN 102:2016/BTTTT.",
            f"The code of {me} cannot be written in QCVN 102 yet decision {number} recorded it "
            f"effective {people_date(effective)}, before QĐ 20/2020/QĐ-TTg.",
            code=code,
            unit_id=uid,
        )

    def _level_column(self, uid: int, code: str, name: str, level: Any, depth: int) -> None:
        me = self.label(code, AGENCY, name)
        self.add(
            "code.parent-mismatch",
            f"Đơn vị {me} được ghi là cấp {level} nhưng mã của nó là mã cấp {depth}.",
            f"{me} is recorded at level {level} but its code is a level-{depth} code.",
            code=code,
            unit_id=uid,
        )

    def _code_grammar(self, uid: int, code: str, kind: str, name: str) -> bool:
        problems = v.stored_code_problems(code, kind)
        label = f"{code} ({name})" if name else code
        findings = []
        for rule, reason_vi, reason_en in problems:
            if rule == "code.too-long":
                vi = f"Mã {label} dài {len(code)} ký tự, quá giới hạn {MAX_LENGTH} ký tự."
                en = f"The code {label} is {len(code)} characters long, over {MAX_LENGTH}."
            elif rule == "code.enterprise-checksum":
                vi = f"Mã số doanh nghiệp {label}: {reason_vi}"
                en = f"Enterprise code {label}: {reason_en}"
            else:
                vi = f"Mã {label} sai cấu trúc: {_lower_first(reason_vi)}"
                en = f"The code {label} is malformed: {_lower_first(reason_en)}"
            findings.append((rule, vi, en))
        malformed = any(rule == "code.syntax" for rule, _, _ in problems)
        for rule, vi, en in findings:
            self.add(
                rule, vi, en, code=code, kind=kind, unit_id=uid, shown=code if malformed else None
            )
        return not malformed

    def _unpublished_level1(self, uid: int, code: str, name: str) -> None:
        me = self.label(code, AGENCY, name)
        self.add(
            "code.level1-unknown",
            f"Cơ quan cấp 1 {me} mang mã không thuộc danh mục mã cấp 1 đã công bố (QĐ 20/2020/"
            "QĐ-TTg và các quyết định sửa đổi; nhóm A và C theo khoảng).",
            f"The level-1 body {me} holds a code outside the published level-1 list.",
            code=code,
            unit_id=uid,
        )

    def _level1(self, uid: int, code: str, name: str) -> bool:
        """Level-1 rules for a live agency unit below level 1; False if its level 1 is unknown."""
        group = code.partition(".")[0]
        if group not in self.level1:
            row = self.conn.execute(
                "SELECT id, status, name FROM units WHERE code = ? AND status != 'annulled' "
                "ORDER BY status = 'closed', id LIMIT 1",
                (group,),
            ).fetchone()
            self.level1[group] = (row[0], row[1], row[2]) if row else None
        info = self.level1[group]
        if info is not None and info[1] != CLOSED:
            return True
        me = self.label(code, AGENCY, name)
        if info is None:
            self.add(
                "code.level1-unknown",
                f"Mã của đơn vị {me} thuộc mã cấp 1 {group}, nhưng sổ không có cơ quan cấp 1 "
                f"nào mang mã {self.shown(group)}.",
                f"The code of {me} is under level-1 code {group}, which no level-1 body of the "
                "registry holds.",
                code=code,
                unit_id=uid,
            )
            return False
        if info[1] == CLOSED:
            level1 = self.label(group, AGENCY, info[2])
            self.add(
                "code.level1-closed",
                f"Đơn vị {me} đang hoạt động nhưng mã cấp 1 của nó, {level1}, đã đóng.",
                f"{me} is active but its level-1 code, {level1}, is closed.",
                code=code,
                unit_id=uid,
            )
        return True

    def _under_closed(
        self, uid: int, code: str, kind: str, name: str, parent_id: int | None
    ) -> None:
        parent = self.unit(parent_id) if parent_id is not None else None
        if parent is None:
            return
        me, other = self.label(code, kind, name), self.unit_label(parent)
        if outlives_parent(kind):
            self.add(
                "enterprise.parent-closed",
                f"{me} đang hoạt động nhưng đơn vị cấp trên {other} đã đóng; mã số doanh "
                "nghiệp vẫn còn hiệu lực.",
                f"{me} is active but its parent {other} is closed; its tax code stands.",
                code=code,
                kind=kind,
                unit_id=uid,
            )
            return
        self.add(
            "tree.active-under-closed",
            f"Đơn vị {me} đang hoạt động nhưng đơn vị cấp trên {other} đã đóng.",
            f"{me} is active but its parent {other} is closed.",
            code=code,
            kind=kind,
            unit_id=uid,
        )

    def _parent_link(
        self,
        uid: int,
        code: str,
        kind: str,
        name: str,
        parent_id: int | None,
        pcode: str | None,
        pstatus: str | None,
        expected: str | None,
        level1_known: bool,
    ) -> None:
        """A live unit whose parent link is not the one its code demands: say what is wrong."""
        me = self.label(code, kind, name)
        if parent_id is None:
            if expected is None or kind != AGENCY:
                return  # a level-1 code, or a branch registered before its head office
            if not level1_known and "." not in expected:
                return  # reported as code.level1-unknown: the missing parent is the level 1
            holder = self.conn.execute(
                "SELECT id, code, kind, name FROM units WHERE code = ? AND status != 'annulled' "
                "ORDER BY status = 'closed', id LIMIT 1",
                (expected,),
            ).fetchone()
            wanted = self.shown(expected)
            if holder is None:
                vi = f"sổ không có đơn vị nào mang mã cấp trên {wanted}"
                en = f"no unit of the registry holds the parent code {wanted}"
            else:
                other = self.label(holder[1], holder[2], holder[3])
                vi = f"đơn vị chưa được gắn vào đơn vị cấp trên {other}"
                en = f"it is not attached to its parent {other}"
            self.add(
                "code.parent-missing",
                f"Đơn vị {me} không có đơn vị cấp trên: {vi}.",
                f"{me} has no parent unit: {en}.",
                code=code,
                kind=kind,
                unit_id=uid,
            )
            return
        if pcode is None or pstatus == "annulled":
            self.add(
                "code.parent-missing",
                f"Đơn vị {me} được gắn vào đơn vị cấp trên số hiệu {parent_id}, đơn vị này "
                "không có trong sổ (hoặc đã bị hủy).",
                f"{me} is attached to parent unit {parent_id}, which does not exist or was "
                "annulled.",
                code=code,
                kind=kind,
                unit_id=uid,
            )
            return
        parent = self.unit(parent_id)
        assert parent is not None
        other = self.unit_label(parent)
        if expected is None:
            vi = f"mã {self.shown(code, kind)} không có cấp trên nhưng đơn vị được gắn dưới {other}"
            en = f"the code {self.shown(code, kind)} has no parent level but sits under {other}"
        elif code.startswith(pcode + "."):
            depth = code.count(".") + 1
            vi = (
                f"mã cấp {depth} nhưng được gắn trực tiếp dưới {other}, nên cấp của mã khác vị "
                "trí của đơn vị trong cây"
            )
            en = f"a level-{depth} code sits directly under {other}, a different depth"
        else:
            vi = f"mã không phát triển từ mã của đơn vị cấp trên {other}"
            en = f"the code does not extend the code of its parent {other}"
        self.add(
            "code.parent-mismatch",
            f"Mã của đơn vị {me} không khớp với đơn vị cấp trên: {vi}.",
            f"The code of {me} does not match its parent: {en}.",
            code=code,
            kind=kind,
            unit_id=uid,
        )
        if pstatus == CLOSED:
            self._under_closed(uid, code, kind, name, parent_id)

    # -- set rules ---------------------------------------------------------------------------

    def _duplicates(self, scope: set[int] | None, codes: Sequence[str]) -> None:
        """``code.duplicate``: live units sharing a code, found on the code index."""
        if scope is None:
            sql = "SELECT code FROM units GROUP BY code HAVING count(*) > 1"
            if self.replayed:
                # Grouping the view would copy it whole; the table's code index and the few
                # replayed units give every code the view may hold twice, judged on it below.
                sql = (
                    "SELECT code FROM main.units GROUP BY code HAVING count(*) > 1 "
                    f"UNION SELECT code FROM {ON_DATE}"
                )
            dup_codes = [r[0] for r in self.conn.execute(sql)]
        else:
            wanted = sorted(set(codes))
            dup_codes = []
            for chunk in _chunks(wanted):
                dup_codes.extend(
                    r[0]
                    for r in self.conn.execute(
                        f"SELECT code FROM units WHERE code IN ({_marks(chunk)}) "
                        "GROUP BY code HAVING count(*) > 1",
                        chunk,
                    )
                )
        for code in dup_codes:
            rows = self.conn.execute(
                "SELECT u.id, u.kind, u.name, u.status, c.unit_id FROM units u "
                "LEFT JOIN codes_used c ON c.code = u.code WHERE u.code = ? ORDER BY u.id",
                (code,),
            ).fetchall()
            live = [r for r in rows if r[3] in LIVE]
            if len(live) < 2:
                continue
            owner = live[0][4]
            holder = next((r for r in live if r[0] == owner), live[0])
            for r in live:
                if r[0] == holder[0]:
                    continue
                self.duplicated[r[0]] = holder[0]
                # Said of the other unit, unless only the owner is in scope.
                on = r[0] if scope is None or r[0] in scope else holder[0]
                shown = self.shown(code, r[1])
                self.add(
                    "code.duplicate",
                    f"Mã {shown} được dùng cho hai đơn vị đang hoạt động: '{r[2]}' (số hiệu "
                    f"{r[0]}) và '{holder[2]}' (số hiệu {holder[0]}), đơn vị được cấp mã.",
                    f"The code {shown} is held by two active units: '{r[2]}' (id {r[0]}) and "
                    f"'{holder[2]}' (id {holder[0]}), to which it was assigned.",
                    code=code,
                    kind=r[1],
                    unit_id=on,
                )

    def _reused(self, pairs: list[tuple[int, int]]) -> None:
        """``code.reused``: the code's entry in ``codes_used`` names another unit.

        A unit holding the same code live beside its owner is a duplicate, reported as such.
        """
        self._load_units([u for pair in pairs for u in pair])
        for uid, owner_id in pairs:
            if self.duplicated.get(uid) == owner_id:
                continue
            me, owner = self.unit(uid), self.unit(owner_id)
            assert me is not None
            shown = self.shown(me.code, me.kind)
            if owner is None:
                other_vi = other_en = f"số hiệu {owner_id} (không còn trong sổ)"
            else:
                other_vi = other_en = self.unit_label(owner)
                if owner.code != me.code:
                    other_vi += f", nay mang mã {self.shown(owner.code, owner.kind)}"
                    other_en += f", now holding {self.shown(owner.code, owner.kind)}"
            self.add(
                "code.reused",
                f"Mã {shown} của đơn vị {self.unit_label(me)} đã từng được cấp cho đơn vị "
                f"{other_vi}; mã định danh không được cấp lại.",
                f"The code {shown} of {self.unit_label(me)} was once assigned to {other_en}; "
                "codes are never reassigned.",
                code=me.code,
                kind=me.kind,
                unit_id=uid,
            )

    def _parent_of(self, unit_id: int) -> int | None:
        if unit_id not in self._parents:
            row = self.conn.execute(
                "SELECT parent_id FROM units WHERE id = ?", (unit_id,)
            ).fetchone()
            self._parents[unit_id] = row[0] if row else None
        return self._parents[unit_id]

    def _cycles(self, starts: list[int], scope: set[int] | None) -> None:
        """``tree.cycle``. Along a cycle codes cannot all grow longer, so every cycle holds a
        link whose child code is no longer than its parent's: walks start only there.

        The finding is on the cycle's smallest unit id, or its smallest one in scope."""
        cycles = v.find_cycles(starts, self._parent_of)
        in_cycle: set[int] = set()
        for cycle in cycles:
            inside = [i for i, uid in enumerate(cycle) if scope is None or uid in scope]
            if inside:
                cycle = cycle[inside[0] :] + cycle[: inside[0]]
            in_cycle.update(cycle)
            self._load_units(cycle)
            units = [self.unit(uid) for uid in cycle]
            chain = " → ".join(
                self.shown(u.code, u.kind) if u else str(uid) for uid, u in zip(cycle, units)
            )
            first = units[0]
            if first is None:
                continue
            chain += f" → {self.shown(first.code, first.kind)}"
            me = self.unit_label(first)
            self.add(
                "tree.cycle",
                f"Đơn vị {me} là cấp trên của chính nó qua chuỗi đơn vị cấp trên: {chain}.",
                f"{me} is its own ancestor through the chain {chain}.",
                code=first.code,
                kind=first.kind,
                unit_id=first.id,
            )
        if in_cycle:
            # A cycle's codes cannot extend each other: that is the cycle, reported once.
            self.found = [
                item
                for item in self.found
                if not (item[2].rule == "code.parent-mismatch" and item[1] in in_cycle)
            ]

    def _no_successor(self, closed_ids: list[int]) -> None:
        """``lifecycle.no-successor``: closed by a merge or split, with no successor left."""
        with_successor: set[int] = set()
        for chunk in _chunks(closed_ids):
            with_successor.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT s.unit_id FROM successors s JOIN units t ON t.id = s.successor_id "
                    f"WHERE s.unit_id IN ({_marks(chunk)}) AND t.status != 'annulled'",
                    chunk,
                )
            )
        missing = [uid for uid in closed_ids if uid not in with_successor]
        self._load_units(missing)
        for uid in missing:
            unit = self.unit(uid)
            assert unit is not None
            me = self.unit_label(unit)
            self.add(
                "lifecycle.no-successor",
                f"Đơn vị {me} đã đóng do sáp nhập hoặc chia tách nhưng không có đơn vị kế thừa.",
                f"{me} was closed by a merge or split but has no successor.",
                code=unit.code,
                kind=unit.kind,
                unit_id=uid,
            )

    # -- events and decisions ----------------------------------------------------------------

    def _event_rows(
        self, sql: str, params: Sequence[Any], scope: set[int] | None
    ) -> list[Sequence[Any]]:
        """Rows of an events query whose ``{units}`` placeholders (after the other parameters)
        limit it to the scope.

        A scope of many scattered units runs the query on the whole registry and keeps the
        rows whose second column (the unit) is in scope; runs of consecutive units are ranges
        of the events' unit index.
        """
        if scope is None or self._scattered(scope):
            # Whole-registry queries read the table in order: no index holds what they need.
            full, params = _whole(sql, params)
            rows = self.ahead.rows(full, params) if self.ahead is not None else None
            if rows is None:
                rows = self.conn.execute(full, params).fetchall()
            if scope is None:
                return rows
            return [r for r in rows if r[1] in scope]
        out: list[Sequence[Any]] = []
        times = sql.count("{units}")
        for where, chunk in self._ids(scope).where("e.unit_id"):
            out.extend(
                self.conn.execute(
                    sql.format(units=where, events="events e"), [*params, *list(chunk) * times]
                )
            )
        return out

    def _ids(self, scope: set[int]) -> _Ids:
        if self._scope_ids is None or self._scope_ids.members is not scope:
            self._scope_ids = _Ids(scope)
        return self._scope_ids

    def _scattered(self, scope: set[int]) -> bool:
        return len(scope) > _SMALL_SCOPE and len(self._ids(scope).rest) > _SMALL_SCOPE

    def _event_subject(self, event_id: int, type_: str, effective: str, unit: _Unit) -> tuple:
        label = EVENT_LABELS.get(type_, type_)
        me = self.unit_label(unit)
        return (
            # No event id: clerks know a change by what it was and when.
            f"Thay đổi ({label}, hiệu lực {people_date(effective)}) của đơn vị {me}",
            f"The change ({type_}, effective {people_date(effective)}) of {me}",
        )

    def _events(self, scope: set[int] | None, no_decision: list[int]) -> None:
        """``decision.missing`` and the event half of ``decision.dates``.

        ``no_decision`` are units whose row names no decision of the registry; they are
        reported only when no event of theirs already is.
        """
        known = set(self.decisions)
        if scope is None or self._scattered(scope):
            used = [r[0] for r in self.conn.execute("SELECT DISTINCT decision_id FROM events")]
        else:
            used = list(
                {
                    r[0]
                    for r in self._event_rows(
                        "SELECT DISTINCT e.decision_id FROM events e WHERE {units}", (), scope
                    )
                }
            )
            if len(scope) > _SMALL_SCOPE:
                # A scope this large is judged with every decision of the registry's events,
                # as when it was read from the whole table.
                used += [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT id FROM decisions d WHERE EXISTS "
                        "(SELECT 1 FROM events e WHERE e.decision_id = d.id)"
                    )
                    if r[0] not in used
                ]
        if self.pending is not None and self.pending.new.decision_id not in used:
            used.append(self.pending.new.decision_id)
        self.used_decisions = [d for d in used if d in known]
        missing_rows: list[Sequence[Any]] = []
        for decision_id in (d for d in used if d not in known):
            missing_rows.extend(
                self._event_rows(
                    "SELECT e.id, e.unit_id, e.type, e.effective, e.decision_id FROM events e "
                    "WHERE e.decision_id IS ? AND {units}",
                    (decision_id,),
                    scope,
                )
            )
        early_rows = self._event_rows(*_EARLY_EVENTS, scope)
        disorder = self._event_rows(*_DISORDER_EVENTS, scope)
        self._load_units(r[1] for r in [*missing_rows, *early_rows, *disorder])
        reported: set[int] = set()
        for event_id, unit_id, type_, effective, decision_id in missing_rows:
            unit = self.unit(unit_id)
            if unit is None or unit.status == "annulled":
                continue
            reported.add(unit_id)
            subject_vi, subject_en = self._event_subject(event_id, type_, effective, unit)
            what_vi = (
                "không gắn với quyết định nào"
                if decision_id is None
                else f"gắn với quyết định số hiệu {decision_id}, không có trong sổ"
            )
            what_en = (
                "is not bound to a decision"
                if decision_id is None
                else f"refers to decision {decision_id}, which is not in the registry"
            )
            self.add(
                "decision.missing",
                f"{subject_vi} {what_vi}.",
                f"{subject_en} {what_en}.",
                code=unit.code,
                kind=unit.kind,
                unit_id=unit_id,
            )
        self._load_units(no_decision)
        for unit_id in no_decision:
            unit = self.unit(unit_id)
            if unit is None or unit_id in reported:
                continue
            me = self.unit_label(unit)
            self.add(
                "decision.missing",
                f"Đơn vị {me} không gắn với quyết định nào có trong sổ.",
                f"{me} is not bound to any decision of the registry.",
                code=unit.code,
                kind=unit.kind,
                unit_id=unit_id,
            )
        for event_id, unit_id, type_, effective, decision_id in early_rows:
            unit = self.unit(unit_id)
            if unit is None:
                continue
            number, signed_on, _ = self.decisions[decision_id]
            subject_vi, subject_en = self._event_subject(event_id, type_, effective, unit)
            self.add(
                "decision.dates",
                f"{subject_vi} có hiệu lực trước ngày ký quyết định {number} "
                f"({people_date(signed_on)}).",
                f"{subject_en} takes effect before its decision {number} was signed "
                f"({people_date(signed_on)}).",
                code=unit.code,
                kind=unit.kind,
                unit_id=unit_id,
            )
        for event_id, unit_id, type_, effective, _prev_id, prev_effective in disorder:
            unit = self.unit(unit_id)
            if unit is None:
                continue
            subject_vi, subject_en = self._event_subject(event_id, type_, effective, unit)
            self.add(
                "decision.dates",
                f"{subject_vi} được ghi sau một thay đổi có hiệu lực muộn hơn "
                f"({people_date(prev_effective)}): các thay đổi không theo thứ tự thời gian.",
                f"{subject_en} was recorded after a change effective later "
                f"({people_date(prev_effective)}): the changes are out of order.",
                code=unit.code,
                kind=unit.kind,
                unit_id=unit_id,
            )

    def _decision_dates(self, scope: set[int] | None) -> None:
        """The decision half of ``decision.dates``, and ``decision.pending``."""
        ids = sorted(self.decisions) if scope is None else sorted(self.used_decisions)
        for decision_id in ids:
            number, signed, effective = self.decisions[decision_id]
            if before_codes(effective):
                self.add(
                    "decision.before-codes",
                    f"Quyết định {number} có hiệu lực từ {people_date(effective)}, trước khi có "
                    "mã định danh (QCVN 102:2016/BTTTT, năm 2016): kiểm tra lại ngày.",
                    f"Decision {number} takes effect on {people_date(effective)}, before any "
                    "such code existed (QCVN 102:2016/BTTTT, 2016): check the date.",
                )
            if v.too_early(effective, signed):
                self.add(
                    "decision.dates",
                    f"Quyết định {number} có hiệu lực từ {people_date(effective)}, trước ngày "
                    f"ký {people_date(signed)}.",
                    f"Decision {number} takes effect on {people_date(effective)}, before it was "
                    f"signed on {people_date(signed)}.",
                )
        pending = self._event_rows(
            "SELECT e.decision_id, e.unit_id FROM events e INDEXED BY events_effective "
            f"WHERE e.effective > ? AND {_SHAPING} AND {{units}}",
            (self.date,),
            scope,
        )
        counts: dict[int, int] = defaultdict(int)
        for decision_id, _ in pending:
            if decision_id in self.decisions:
                counts[decision_id] += 1
        new = self.pending.new if self.pending is not None else None
        if new is not None and new.effective > self.date:
            counts[new.decision_id] += len(new.codes)
        for decision_id, n in sorted(counts.items()):
            number, _, effective = self.decisions[decision_id]
            self.add(
                "decision.pending",
                f"Quyết định {number} có hiệu lực từ {people_date(effective)}: {n} thay đổi "
                "đã ghi trong sổ "
                "chưa có hiệu lực.",
                f"Decision {number} takes effect on {people_date(effective)}: {n} recorded "
                "changes are not "
                "in effect yet.",
            )


class Unwritten:
    """An import's new units judged unwritten (``validate_with_new``): the findings on the
    registry with them written, provided that every one passes the per-unit tests
    (:meth:`plain`); and what those tests judge them against, read from the registry: their
    existing parents' codes and start dates, the folded names of those parents' live
    children."""

    def __init__(
        self,
        run: _Run,
        new: NewUnits,
        placed: dict[int, tuple[str, str | None]],
        siblings: dict[int, set[str | None]],
    ) -> None:
        self.run = run
        self.new = new
        self.placed = placed
        self.siblings = siblings
        self.parents = set(placed)
        self.count = len(new.codes)  # new units
        self.findings: list[Finding] = []

    def plain(self) -> bool:
        """Whether every new unit passes ``_judge_plain`` on the row it would be written as,
        and no live sibling (old or new) bears its folded name. Reads nothing from the
        registry: it may run on another thread while the connection writes."""
        effective = self.new.effective
        units = self.new.plan()
        by_key = {u.key: u for u in units}
        if len(by_key) != len(units):
            return False
        siblings, placed = self.siblings, self.placed
        seen: dict[int, set[str | None]] = {}
        rows: list[tuple[int, str, str, int, str, int]] = []
        for unit in units:
            names = seen.get(unit.parent)
            if names is None:
                names = seen[unit.parent] = set(siblings.get(unit.parent, ()))
            if unit.folded in names:
                return False
            names.add(unit.folded)
            if unit.parent < 0:
                parent = by_key.get(unit.parent)
                if parent is None:
                    return False
                # A new parent is live and starts on the same date.
                rows.append((unit.key, unit.code, unit.name, unit.level, parent.code, 1))
            else:
                p_code, p_from = placed[unit.parent]
                plain = p_from is None or effective >= p_from
                rows.append((unit.key, unit.code, unit.name, unit.level, p_code, int(plain)))
        suspects: list[int] = []
        self.run._judge_plain(rows, set(), suspects)
        return not suspects


@dataclass
class _PassState:
    count: int = 0
    cancelled: bool = False
    ids: set[int] = field(default_factory=set)
    live_codes: list[str] = field(default_factory=list)
    no_decision: list[int] = field(default_factory=list)
    reused: list[tuple[int, int]] = field(default_factory=list)
    cycle_starts: list[int] = field(default_factory=list)
    closed_by_merge: list[int] = field(default_factory=list)
    before_parent: list[int] = field(default_factory=list)
    closed_enterprises: list[int] = field(default_factory=list)


def _reporting(
    rows: Iterable[Sequence[Any]], progress: Progress, total: int, state: _PassState
) -> Iterator[Sequence[Any]]:
    """The rows, calling ``progress(done, total)`` now and then between two of them; a False
    answer ends the pass there (cancelled)."""
    for done, row in enumerate(rows):
        if done and done % _PROGRESS_EVERY == 0 and not progress(done, total):
            state.cancelled = True
            return
        yield row
    progress(total, total)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
