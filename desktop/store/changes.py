"""Applying a reviewed changeset (an appendix import) as one group of events, and undoing it.

The exchange layer decides what an appendix changes; this module writes it. Every event of one
import shares one ``group_id`` (``import:`` + the source file's hash prefix + a random part), so
that :meth:`Operations.annul` undoes the whole import at once and :func:`list_imports` finds
imports again. Steps run level by level, parents first: at each level renames, recodes and
moves (which carry their subtrees, as :meth:`Operations.recode` does), then the new units of
that level in one batch, and closures last, deepest first.

Call :func:`apply_steps` inside ``reg.write()``: the caller validates the would-be registry and
then commits or rolls back.
"""

from __future__ import annotations

import contextlib
import functools
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.domain import history as h
from desktop.domain.codes import AGENCY, Code
from desktop.domain.eras import ends_with_parent, outlives_parent
from desktop.domain.errors import ConflictError, InvalidInput, NotFound
from desktop.domain.progress import PROGRESS_EVERY, WRITE, OnProgress
from desktop.domain.text import clean_name, fold
from desktop.domain.units import ACTIVE, CLOSED, DRAFT
from desktop.store.bulk import CHUNK_ROWS, insert_many
from desktop.store.ops import (
    _CREATE_COLUMNS,
    _INSERT_UNIT,
    Carry,
    Change,
    Insert,
    Recode,
    _event,
    carry_codes,
    unit_insert,
)
from desktop.store.registry import Registry
from desktop.store.validation import NewUnit, NewUnits
from desktop.store.writer import Writer, writing_behind

IMPORT_PREFIX = "import:"
# group ids of imports sort between these two strings (":" + 1 == ";").
_IMPORT_RANGE = (IMPORT_PREFIX, "import;")

RENAME = "rename"
RECODE = "recode"
MOVE = "move"
ADD = "add"
CLOSE = "close"
BASIS = "basis"  # an earlier basis of a unit a later act created (see Operations._record_basis)
_PHASE = {BASIS: -1, RENAME: 0, RECODE: 1, MOVE: 2, ADD: 3}
# From this many new units in one import on, the search index is fed in one statement (see
# _fts_in_bulk): fed one row at a time by its trigger, a unit costs about a third of a
# millisecond (measured on the 1M benchmark registry), setting the trigger aside under one.
_BULK_FTS = 16
# New units of one level are written this many at a time (progress is said between batches).
_ADD_BATCH = 10 * PROGRESS_EVERY
# From this many new units in one import, their rows are inserted by a thread of its own while
# the next ones are built (store/writer.py); below it, the thread costs more than it saves.
# (Measured on the 1M benchmark registry, the 1,000 new units of its smallest list written in
# rolled-back transactions: 46-52 ms with it, 60-67 ms without, medians of 12.)
WRITE_BEHIND_FROM = 1000


@dataclass
class Step:
    """One change of an import. ``unit_id`` names an existing unit; ``key`` (negative) names a
    unit this import adds, so that later steps (its children, a move into it) can refer to it
    before it has an id: ``parent`` holds either."""

    action: str
    level: int
    unit_id: int | None = None
    key: int | None = None
    code: Code | None = None
    name: str | None = None
    parent: int | None = None
    details: dict[str, str | None] = field(default_factory=dict)
    folded: str | None = None  # fold(name), when the caller has it already


@dataclass
class Applied:
    group_id: str
    created: dict[int, int] = field(default_factory=dict)  # step key → new unit id
    touched: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)


def new_import_group(sha256: str | None) -> str:
    return f"{IMPORT_PREFIX}{(sha256 or '')[:12]}:{secrets.token_hex(6)}"


def apply_steps(
    reg: Registry,
    steps: list[Step],
    decision_id: int,
    effective: str,
    group_id: str,
    on_progress: OnProgress | None = None,
    *,
    trial: bool = False,
) -> Applied:
    """Write the steps as events of ``decision_id`` sharing ``group_id``; inside ``reg.write()``.

    ``on_progress`` hears of the units written (a batch of new units at once); when it raises,
    the caller's transaction rolls back with nothing written. It must not use the registry: a
    large import's writer thread may be writing meanwhile (see :class:`_Behind`).

    ``trial``: a dry run, which the caller always rolls back, writes only what the validator
    reads of the would-be registry (see :func:`_add`)."""
    if not reg.conn.in_transaction:
        raise RuntimeError("apply_steps must run inside reg.write()")
    applied = Applied(group_id)
    touched: dict[int, None] = {}
    ordered = sorted(
        (s for s in steps if s.action != CLOSE), key=lambda s: (s.level, _PHASE[s.action])
    )
    total = len(steps)
    index = 0
    adds = sum(s.action == ADD for s in ordered)
    with _fts_in_bulk(reg, adds, trial), _writing_behind(reg, adds) as behind:
        while index < len(ordered):
            if on_progress is not None and index % PROGRESS_EVERY == 0:
                on_progress(WRITE, index, total)
            step = ordered[index]
            if step.action == ADD:
                batch: list[Step] = []
                # In batches of a bounded size, so that progress moves on a level of many units.
                while (
                    index < len(ordered)
                    and ordered[index].action == ADD
                    and ordered[index].level == step.level
                    and len(batch) < _ADD_BATCH
                ):
                    batch.append(ordered[index])
                    index += 1
                _add(reg, batch, decision_id, effective, group_id, applied, touched, trial, behind)
                if on_progress is not None:
                    on_progress(WRITE, index, total)
                continue
            index += 1
            if behind is not None:
                behind.step_aside()
            if step.action == BASIS:
                assert step.unit_id is not None and step.name is not None
                applied.event_ids += reg._record_basis(
                    step.unit_id, step.name, step.details, decision_id, effective, group_id
                )
                touched[step.unit_id] = None
            elif step.action == RENAME:
                _rename(reg, step, decision_id, effective, group_id, applied, touched)
            elif step.action in (RECODE, MOVE):
                _recode(reg, step, decision_id, effective, group_id, applied, touched)
            else:
                raise ValueError(step.action)
    closes = sorted((s for s in steps if s.action == CLOSE), key=lambda s: -s.level)
    if closes:
        _close(reg, closes, decision_id, effective, group_id, applied, touched)
    if on_progress is not None:
        on_progress(WRITE, total, total)
    applied.touched = list(touched)
    return applied


@dataclass
class _Behind:
    """A writer thread (store/writer.py) inserting new units' rows while the next are built, and
    what the batches handed to it leave behind them: the connection is the thread's until it
    drains, so whatever the next batch would read is carried here as long as it can be."""

    writer: Writer
    # After the batches handed over: the next unit id, the next event id and the last event's
    # hash. None when something else wrote since: then read, the thread drained.
    carried: tuple[int, int, str] | None = None
    # New units of this import still as they were created (active, open, no later event): no
    # later code or ending of theirs to read for their children.
    fresh: set[int] = field(default_factory=set)

    def settle(self) -> None:
        """Wait for the thread: the connection is the caller's again, to read and write."""
        self.writer.drain()
        self.carried = None

    def step_aside(self) -> None:
        """Before a step of another kind (a rename, recode, move, basis): it may change any
        unit, the new ones included (a move carries its subtree), so none is known fresh."""
        self.settle()
        self.fresh.clear()


@contextlib.contextmanager
def _writing_behind(reg: Registry, adds: int) -> Iterator[_Behind | None]:
    """A writer thread for an import of many new units (None: the caller inserts them)."""
    if adds < WRITE_BEHIND_FROM or not reg.writes_behind:
        yield None
        return
    with writing_behind(reg.conn) as writer:
        yield _Behind(writer)


def _resolve(applied: Applied, ref: int | None) -> int | None:
    if ref is None or ref >= 0:
        return ref
    return applied.created[ref]


def _rename(
    reg: Registry,
    step: Step,
    decision_id: int,
    effective: str,
    group: str,
    applied: Applied,
    touched: dict[int, None],
) -> None:
    assert step.unit_id is not None and step.name is not None
    unit = reg.unit(step.unit_id)
    new = clean_name(step.name)
    after: dict[str, Any] = {"name": new}
    back_filled = reg.rename_before_later(unit, new, effective)
    if back_filled is not None:  # before later changes it agrees with
        unit, mark = back_filled
        reg._set_back_filled(unit.id, after, mark)
        after[h.BEFORE_LATER] = mark
    else:
        if not reg._ends_after(unit, effective):
            reg._require_active(unit)
        reg._check_effective(unit, effective, past_endings=True)
        reg._set_unit(unit.id, {"name": new, "decision_id": decision_id})
    event = _event(unit.id, h.RENAME, {"name": unit.name}, after, decision_id, effective, group)
    applied.event_ids += reg._append_events([event])
    touched[unit.id] = None


def _recode(
    reg: Registry,
    step: Step,
    decision_id: int,
    effective: str,
    group: str,
    applied: Applied,
    touched: dict[int, None],
) -> None:
    assert step.unit_id is not None and step.code is not None
    unit = reg.unit(step.unit_id)
    reg._require_live(unit, effective)
    new_parent = unit.parent_id
    if step.action == MOVE and unit.kind != AGENCY:
        # An enterprise or organisation attached to the body whose appendix lists it: its code
        # is its own, so it keeps it.
        new_parent = _resolve(applied, step.parent)
        plan = [Recode(unit, unit.parsed, unit.level)]
    elif step.action == MOVE:
        new_parent = _resolve(applied, step.parent)
        assert new_parent is not None
        plan = reg.plan_move(unit.id, new_parent, segment=step.code.segment, effective=effective)
        change = reg._apply_move(plan, decision_id, effective, new_parent, group)
        applied.event_ids += change.event_ids
        for line in plan:
            touched[line.unit.id] = None
        return
    else:
        plan = reg._recode_plan(unit, step.code, effective)
    kind = h.MOVE if step.action == MOVE else h.RECODE
    change = reg._apply_plan(plan, kind, decision_id, effective, new_parent, group)
    applied.event_ids += change.event_ids
    for line in plan:
        touched[line.unit.id] = None


def _add(
    reg: Registry,
    batch: list[Step],
    decision_id: int,
    effective: str,
    group: str,
    applied: Applied,
    touched: dict[int, None],
    trial: bool,
    behind: _Behind | None = None,
) -> None:
    """New units of one level in one batch: rows, events and used codes, many rows to a
    statement (``insert_many``), or handed to the writer thread ``behind`` as they are built.
    It runs them while the caller goes on; the caller waits for it only to read what it
    cannot know (the parents' later codes and endings, unless this import created them).

    The reconciler has placed every row (parent found, code never used); the primary key of
    ``codes_used`` still stands guard, so a code taken meanwhile fails the whole import. A
    trial (a dry run, rolled back) writes only what the validator reads: the units and their
    events, unchained; neither the used codes nor the search index.
    """
    insert: Insert
    first_event: int | None
    previous: str | None
    if behind is None:
        first = reg._next_id("units")
        insert = functools.partial(insert_many, reg.conn)
        first_event = previous = None  # read when the events are written
    else:
        if behind.carried is None:
            behind.settle()
            behind.carried = (reg._next_id("units"), reg._next_id("events"), reg._last_hash())
        first, first_event, previous = behind.carried
        insert = behind.writer.insert_many
    rows, afters = _add_rows(reg, batch, first, decision_id, effective, applied, insert)
    uids = [r[0] for r in rows]
    touched.update(dict.fromkeys(uids))
    ids, last = reg._append_alike(
        h.CREATE,
        decision_id,
        effective,
        group,
        list(zip(uids, afters)),
        chained=not trial,
        insert=insert,
        first=first_event,
        previous=previous,
    )
    if not trial:
        insert(
            "INSERT INTO codes_used (code, unit_id, event_id, first_used) VALUES (?,?,?,?)",
            [(r[1], r[0], eid, effective) for r, eid in zip(rows, ids)],
        )
    applied.event_ids += ids
    at = 1 + _CREATE_COLUMNS.index("parent_id")
    parents = {r[at] for r in rows} - {None}
    if behind is not None:
        # Reading waits for the thread: only the parents this import did not create as they
        # still are.
        parents -= behind.fresh
        if parents:
            behind.settle()
    carries = _carries(reg, batch, rows, parents, effective) if parents else {}
    applied.event_ids += reg._carry_along(carries, group)
    ends = _endings(reg, rows, parents, effective) if parents else {}
    kind_at = 1 + _CREATE_COLUMNS.index("kind")
    outlive = {r[0] for r in rows if r[0] in ends and outlives_parent(r[kind_at])}
    applied.event_ids += reg._end_with_parents(
        {u: e for u, e in ends.items() if u not in outlive}, group
    )
    applied.event_ids += reg._hand_over({u: e for u, e in ends.items() if u in outlive}, group)
    if behind is not None:
        # Written here (with the thread drained), the carried ids and hash are stale.
        behind.carried = None if carries or ends else (first + len(rows), ids[-1] + 1, last)
        behind.fresh.update(
            r[0]
            for r in rows
            if r[_STATUS_AT] == ACTIVE
            and r[_VALID_TO_AT] is None
            and r[0] not in carries
            and r[0] not in ends
        )


def _carries(
    reg: Registry,
    batch: list[Step],
    rows: list[tuple[Any, ...]],
    parents: set[int],
    effective: str,
) -> dict[int, list[Carry]]:
    """New units whose parent's code changed after ``effective``: they follow it, as children
    do (back-filling). A parent added by this import at an upper level has followed already:
    its recodes are recorded, so this reaches down."""
    at = 1 + _CREATE_COLUMNS.index("parent_id")
    later = reg.later_codes(parents, effective)
    out: dict[int, list[Carry]] = {}
    if not later:
        return out
    for step, r in zip(batch, rows):
        steps = later.get(r[at])
        if steps and step.code is not None:
            out[r[0]] = carry_codes(step.code, steps)
    return out


def _endings(
    reg: Registry, rows: list[tuple[Any, ...]], parents: set[int], effective: str
) -> dict[int, tuple[str, int | None]]:
    """New units whose parent closed after ``effective``: they end with it (back-filling), but an
    enterprise passes to its parent's successor (``Operations._hand_over``). Parents added by
    this import at an upper level have been ended already, so this reaches down."""
    at = 1 + _CREATE_COLUMNS.index("parent_id")
    ending: dict[int, tuple[str, int | None]] = {}
    for parent in reg.units_by_ids(sorted(parents)).values():
        date = ends_with_parent(parent.status == CLOSED, parent.valid_to, effective)
        if date is not None:
            ending[parent.id] = (date, parent.decision_id)
    if not ending:
        return {}
    return {r[0]: ending[r[at]] for r in rows if r[at] in ending}


def _fts_trigger(reg: Registry) -> str | None:
    """The search index's insert trigger, as the schema wrote it (None: there is none)."""
    row = reg.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'units_fts_insert'"
    ).fetchone()
    return None if row is None else str(row[0])


@contextlib.contextmanager
def _fts_in_bulk(reg: Registry, adds: int, trial: bool) -> Iterator[None]:
    """Index an import's new units' names in the search index at once, when it writes them.

    The insert trigger feeds the full-text index one row at a time, which makes new units'
    inserts several times slower; from :data:`_BULK_FTS` new units on, the trigger is set aside
    while the import writes (inside its transaction, so a failure restores it) and every unit
    written meanwhile (ids are never reused: those from the first new one on) is indexed in one
    statement. The trigger comes back exactly as the schema wrote it. Nothing else needs it
    meanwhile: the other steps change existing units (their names through the update trigger,
    which stays). A trial's rows are not indexed at all: the validator never searches, and the
    dry run rolls them back.

    Runs on the connection, around the import's writer thread (if any), so the thread has
    finished when the units are indexed.
    """
    trigger = _fts_trigger(reg) if adds >= _BULK_FTS or (adds and trial) else None
    if trigger is None:
        yield
        return
    conn = reg.conn
    first = reg._next_id("units")
    conn.execute("DROP TRIGGER units_fts_insert")
    yield
    if not trial:
        conn.execute(
            "INSERT INTO units_fts(rowid, folded_name) SELECT id, folded_name FROM units "
            "WHERE id >= ?",
            (first,),
        )
    conn.execute(trigger)


# The members of a new unit's create event (its ``after``: every column), in the order
# canonical_json writes them; each row fills them with its values.
_AFTER_KEYS = tuple(sorted(_CREATE_COLUMNS))
_COLUMN_AT = {k: i for i, k in enumerate(_CREATE_COLUMNS)}
# Where a unit's row (its id first) holds its status and its end.
_STATUS_AT = 1 + _COLUMN_AT["status"]
_VALID_TO_AT = 1 + _COLUMN_AT["valid_to"]
_AFTER_AT = {k: i for i, k in enumerate(_AFTER_KEYS)}
# The columns each new unit sets itself, first in the row (the row of a unit without details
# is written as one literal below); in the event's text they come in the order of _VARYING.
_OWN = ("code", "name", "short_name", "level", "parent_id", "kind")
_VARYING = ("code", "kind", "level", "name", "parent_id")
assert _CREATE_COLUMNS[: len(_OWN)] == _OWN and tuple(sorted(_VARYING)) == _VARYING
# A unit without details is inserted naming only the columns it sets (the others have no
# default in the schema, so they are NULL as in the full row): binding 8 NULLs fewer per row
# saves about 40 % of the units' insert (measured on the 1M benchmark registry, 1,000 units).
_PLAIN_COLUMNS = ("code", "name", "level", "parent_id", "kind", "status", "valid_from")
_INSERT_PLAIN_UNIT = unit_insert(_PLAIN_COLUMNS)
# The columns the plain insert leaves out (tests/test_import_plain_units.py holds the schema
# to having no default for them).
PLAIN_OMITS = tuple(c for c in _CREATE_COLUMNS if c not in _PLAIN_COLUMNS)


def _add_rows(
    reg: Registry,
    batch: list[Step],
    first: int,
    decision_id: int,
    effective: str,
    applied: Applied,
    insert: Insert | None = None,
) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Insert the batch's unit rows; returns them (every column) and their create events'
    ``after`` JSON.

    Each row is built once, as a tuple, and its event's text once from the same values. The
    rows go to ``insert`` (by default ``insert_many`` on the connection) :data:`CHUNK_ROWS` at
    a time, so that a writer thread inserts them while the next are built; those of units
    without details as the shorter rows of :data:`_INSERT_PLAIN_UNIT`."""
    if insert is None:
        insert = functools.partial(insert_many, reg.conn)
    enc = h.scalar_json
    quote = h.json_string
    join = h.join_members
    # What every new unit starts with (in column order, and as members of its JSON); each
    # row's own values are set on a copy.
    blank: list[Any] = [None] * len(_CREATE_COLUMNS)
    blank[_COLUMN_AT["status"]] = ACTIVE
    blank[_COLUMN_AT["valid_from"]] = effective
    keys = h.json_members(_AFTER_KEYS)
    blank_json = [key + enc(blank[_COLUMN_AT[k]]) for key, k in zip(keys, _AFTER_KEYS)]
    c_code, c_name, c_level, c_parent, c_kind = (
        _COLUMN_AT[k] for k in ("code", "name", "level", "parent_id", "kind")
    )
    j_code, j_name, j_level, j_parent, j_kind = (
        _AFTER_AT[k] for k in ("code", "name", "level", "parent_id", "kind")
    )
    k_code, k_name, k_level, k_parent, k_kind = (
        keys[j] for j in (j_code, j_name, j_level, j_parent, j_kind)
    )
    # A unit without details: its row is its own values and the blank's rest, its text the
    # blank's members with its own in between (split where they go: JSON never holds a NUL).
    rest = (*blank[len(_OWN) :], decision_id)
    status, valid_from = blank[_COLUMN_AT["status"]], blank[_COLUMN_AT["valid_from"]]
    marked = blank_json.copy()
    for k in _VARYING:
        marked[_AFTER_AT[k]] = keys[_AFTER_AT[k]] + "\0"
    s0, s1, s2, s3, s4, s5 = join(marked).split("\0")
    created = applied.created
    rows: list[tuple[Any, ...]] = []
    afters: list[str] = []
    plain: list[tuple[Any, ...]] = []  # not yet inserted, as _INSERT_PLAIN_UNIT's rows
    full: list[tuple[Any, ...]] = []  # not yet inserted, every column
    # The two kinds go in two statements, so not in id order: when a unit of the batch is the
    # parent of another (never so by level, but the foreign key would refuse a child before
    # its parent), every row goes in order as a full one.
    batch_keys = {s.key for s in batch}
    nested = any(s.parent in batch_keys for s in batch)
    for uid, step in enumerate(batch, first):
        if len(plain) == CHUNK_ROWS:
            insert(_INSERT_PLAIN_UNIT, plain)
            plain = []
        if len(full) == CHUNK_ROWS:
            insert(_INSERT_UNIT, full)
            full = []
        code = step.code
        assert code is not None and step.name is not None and step.key is not None
        name = clean_name(step.name)
        canonical = code.canonical
        level = code.level
        parent = step.parent
        if parent is not None and parent < 0:
            parent = created[parent]
        kind = code.kind
        if not step.details:
            folded = _folded(step, name)
            sort_key = code.sort_key
            rows.append((uid, canonical, name, None, level, parent, kind, *rest, sort_key, folded))
            if nested:
                full.append(rows[-1])
            else:
                plain.append((
                    uid, canonical, name, level, parent, kind, status, valid_from, decision_id,
                    sort_key, folded,
                ))  # fmt: skip
            afters.append(
                f"{s0}{quote(canonical)}{s1}{quote(kind)}"
                f"{s2}{str(level) if type(level) is int else enc(level)}{s3}{quote(name)}"
                f"{s4}{str(parent) if type(parent) is int else enc(parent)}{s5}"
            )
            created[step.key] = uid
            continue
        values = blank.copy()
        values[c_code] = canonical
        values[c_name] = name
        values[c_level] = level
        values[c_parent] = parent
        values[c_kind] = kind
        texts = blank_json.copy()
        texts[j_code] = k_code + quote(canonical)
        texts[j_name] = k_name + quote(name)
        texts[j_level] = k_level + (str(level) if type(level) is int else enc(level))
        texts[j_parent] = k_parent + (str(parent) if type(parent) is int else enc(parent))
        texts[j_kind] = k_kind + quote(kind)
        extra: dict[str, Any] = {}
        for k, v in step.details.items():
            if not v:
                continue
            if k in _COLUMN_AT:
                values[_COLUMN_AT[k]] = v
                texts[_AFTER_AT[k]] = keys[_AFTER_AT[k]] + enc(v)
            else:  # not a column: the event keeps it all the same
                extra[k] = v
        folded = _folded(step, name)
        rows.append((uid, *values, decision_id, code.sort_key, folded))
        full.append(rows[-1])
        if extra:
            afters.append(h.canonical_json({**dict(zip(_CREATE_COLUMNS, values)), **extra}))
        else:
            afters.append(join(texts))
        created[step.key] = uid
    if plain:
        insert(_INSERT_PLAIN_UNIT, plain)
    if full:
        insert(_INSERT_UNIT, full)
    return rows, afters


def _folded(step: Step, name: str) -> str:
    """The folded form of a new unit's name as written (``name``: its name cleaned)."""
    return step.folded if step.folded is not None and name == step.name else fold(name)


# The columns the validator judges a unit by: a new unit whose row the list sets one of
# (beyond its code, name and parent) is not judged before it is written.
_JUDGED = frozenset(
    {
        "code",
        "name",
        "parent_id",
        "kind",
        "level",
        "status",
        "valid_from",
        "valid_to",
        "decision_id",
    }
)


def new_units(steps: Sequence[Step], decision_id: int, effective: str) -> NewUnits | None:
    """The units the steps add, for the validator to judge before anything is written
    (``validation.validate_with_new``); None when the steps do more than add live agencies
    under parents (a rename, a move, a closure, a level-1 unit, an enterprise, a row setting
    its own standing), which are judged written.

    Their codes and existing parents are listed now (the validator reads the registry about
    them before the import writes); the units as ``_add`` writes them are built when judged
    (``planned_units``), on the thread that judges them while an applied import writes."""
    codes: list[str] = []
    parents: set[int] = set()
    add_code = codes.append
    judged = _JUDGED.intersection
    for step in steps:
        code = step.code
        if (
            step.action != ADD
            or code is None
            or step.name is None
            or step.key is None
            or step.parent is None
            or code.kind != AGENCY
            or (step.details and judged(k for k, v in step.details.items() if v))
        ):
            return None
        add_code(".".join(code.groups))  # code.canonical of an agency
        if step.parent >= 0:
            parents.add(step.parent)
    return NewUnits(
        codes,
        frozenset(parents),
        decision_id,
        effective,
        functools.partial(planned_units, steps, codes),
    )


def planned_units(steps: Sequence[Step], codes: Sequence[str]) -> list[NewUnit]:
    """The new units of ``steps`` (all of them additions, as ``new_units`` checked), with
    their ``codes``, as ``_add`` writes them."""
    out: list[NewUnit] = []
    append = out.append
    for step, code in zip(steps, codes):
        name = clean_name(step.name)  # type: ignore[arg-type]
        folded = _folded(step, name)
        append(NewUnit(step.key, code, name, folded, len(step.code.groups), step.parent))  # type: ignore[arg-type,union-attr]
    return out


def _close(
    reg: Registry,
    closes: list[Step],
    decision_id: int,
    effective: str,
    group: str,
    applied: Applied,
    touched: dict[int, None],
) -> None:
    events = []
    for step in closes:
        assert step.unit_id is not None
        unit = reg.unit(step.unit_id)
        if unit.status not in (ACTIVE, DRAFT) and not reg._ends_after(unit, effective):
            continue
        reg._check_effective(unit, effective, past_endings=True)
        # A closure before the unit's ending with its parent replaces that ending.
        if unit.status == CLOSED:
            applied.event_ids += reg._set_aside_endings([unit], effective, group)
            unit = reg.unit(unit.id)
        values = {"status": CLOSED, "valid_to": effective, "decision_id": decision_id}
        reg._set_unit(unit.id, values)
        events.append(
            _event(
                unit.id,
                h.CLOSE,
                {"status": unit.status, "valid_to": unit.valid_to},
                {"status": CLOSED, "valid_to": effective},
                decision_id,
                effective,
                group,
            )
        )
        touched[unit.id] = None
    applied.event_ids += reg._append_events(events)


# -- imports after the fact --------------------------------------------------------------------


@dataclass
class ImportRecord:
    """One applied import, as its events tell it."""

    group_id: str
    decision_id: int | None
    decision_number: str | None
    source_file: str | None
    recorded_at: str
    recorded_by: str
    events: int
    units: int
    undone: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.group_id,
            "decision": self.decision_number,
            "source_file": self.source_file,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
            "events": self.events,
            "units": self.units,
            "undone": self.undone,
        }


def list_imports(reg: Registry) -> list[ImportRecord]:
    """Applied imports, oldest first (undone ones included, marked)."""
    rows = reg.conn.execute(
        "SELECT e.group_id, e.decision_id, d.number, d.source_file, d.source_sha256, "
        "min(e.recorded_at), "
        "min(e.recorded_by), count(*), count(DISTINCT e.unit_id), "
        "sum(e.annulled_by IS NOT NULL) FROM events e LEFT JOIN decisions d "
        "ON d.id = e.decision_id WHERE e.group_id >= ? AND e.group_id < ? AND e.type != 'annul' "
        "GROUP BY e.group_id ORDER BY min(e.id)",
        _IMPORT_RANGE,
    ).fetchall()
    return [
        ImportRecord(
            group_id=r[0],
            decision_id=r[1],
            decision_number=r[2],
            # The decision keeps the file it was first imported from; another appendix of the
            # same decision is known by the hash prefix in its group id.
            source_file=r[3] if _same_file(r[0], r[4]) else None,
            recorded_at=r[5],
            recorded_by=r[6],
            events=r[7],
            units=r[8],
            undone=bool(r[9]),
        )
        for r in rows
    ]


def import_event_counts(reg: Registry, group_id: str | None) -> dict[str, int]:
    """How many events of each type one import holds in force (what was really written)."""
    if not group_id:
        return {}
    rows = reg.conn.execute(
        "SELECT type, count(*) FROM events WHERE group_id = ? AND annulled_by IS NULL "
        "GROUP BY type",
        (group_id,),
    ).fetchall()
    return {t: n for t, n in rows}


def _same_file(group_id: str, sha256: str | None) -> bool:
    prefix = group_id[len(IMPORT_PREFIX) :].split(":", 1)[0]
    return bool(sha256 and prefix and sha256.startswith(prefix))


def find_import(reg: Registry, ref: str | None) -> ImportRecord:
    """The import a clerk names by its id (or a unique prefix of it); None: the latest one
    still in force."""
    imports = list_imports(reg)
    if ref is None:
        live = [i for i in imports if not i.undone]
        if not live:
            raise NotFound("Sổ chưa có lần nhập phụ lục nào để hoàn tác.", "No import to undo.")
        return live[-1]
    ref = ref.strip()
    matches = [i for i in imports if i.group_id == ref or i.group_id.startswith(ref)]
    if not matches:
        matches = [
            i for i in imports if i.group_id.startswith(IMPORT_PREFIX + ref) or ref in i.group_id
        ]
    if len(matches) != 1:
        if not matches:
            raise NotFound(f"Không có lần nhập phụ lục nào mang mã '{ref}'.", f"No import '{ref}'.")
        raise InvalidInput(
            f"Mã lần nhập '{ref}' khớp với {len(matches)} lần nhập; hãy ghi đầy đủ hơn.",
            f"'{ref}' matches {len(matches)} imports.",
        )
    return matches[0]


def undo_import(reg: Registry, group_id: str, decision_id: int | None = None) -> Change:
    """Annul every event of one import, in one transaction (the annulments share a group)."""
    row = reg.conn.execute(
        "SELECT min(id) FROM events WHERE group_id = ? AND type != 'annul' AND annulled_by IS NULL",
        (group_id,),
    ).fetchone()
    if row is None or row[0] is None:
        raise ConflictError(
            "Lần nhập này đã được hoàn tác hoặc không còn thay đổi nào để hủy.",
            "This import was already undone.",
        )
    return reg.annul(row[0], decision_id)
