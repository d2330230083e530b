"""The registry as of a date, and the proof that the tables are the replay of the events.

The tables hold the state after every recorded event (signed decisions not yet in effect
included). The state on a date differs only for the units that have events effective after that
date; only those are replayed, everything else is read as it is. So a date in the past costs in
proportion to what changed since, not to the size of the registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from desktop.domain.codes import Code, from_canonical, parse_code
from desktop.domain.decisions import people_date
from desktop.domain.describe import describe_pending, render
from desktop.domain.errors import NotFound
from desktop.domain.history import (
    INFO_KEYS,
    SUCCESSORS,
    Event,
    ReplayState,
    replay,
)
from desktop.domain.progress import REPLAY, OnProgress
from desktop.domain.text import fold
from desktop.domain.units import ACTIVE, ANNULLED, DRAFT, Unit
from desktop.store.base import _AS_UNIT_FIELDS, standing
from desktop.store.bulk import paused_gc
from desktop.store.ops import ENDING_SQL
from desktop.store.registry import UNIT_COLUMNS, Registry, _row_unit, event_from_row

_SHAPING = "type != 'annul' AND annulled_by IS NULL"
_EVENT_COLUMNS = (
    "id, unit_id, type, before, after, decision_id, effective, recorded_at, recorded_by, "
    "group_id, annulled_by"
)


def changed_after(reg: Registry, date: str) -> set[int]:
    # No DISTINCT: with it SQLite walks the whole unit index of the events (0.2 s on a million)
    # instead of the few events after the date; the set removes the repeats.
    rows = reg.conn.execute(
        f"SELECT unit_id FROM events WHERE effective > ? AND {_SHAPING}", (date,)
    )
    return {r[0] for r in rows}


@dataclass(frozen=True)
class PendingChange:
    """A recorded change (its decision signed) that is not yet in force on the date shown."""

    unit_id: int
    event_id: int
    change: str  # the event type
    effective: str
    decision_id: int | None
    decision: str | None  # the decision's number
    values: dict[str, Any]  # what it sets: unit fields (canonical codes, ids) and successors


def pending_changes(reg: Registry, date: str) -> dict[int, list[PendingChange]]:
    """The changes known on ``date`` (signed or recorded by then) that take effect after it,
    by unit, in recording order. For today that is every change effective later; for a past
    date, what was then signed and waiting, not everything that happened since.

    Read through the effective-date index (named: with ``ORDER BY id`` SQLite would rather
    walk the whole table in id order), so it costs as many events as there are after the date.
    """
    columns = ", ".join(f"e.{c.strip()}" for c in _EVENT_COLUMNS.split(","))
    rows = reg.conn.execute(
        f"SELECT {columns} FROM events e INDEXED BY events_effective "
        "LEFT JOIN decisions d ON d.id = e.decision_id "
        "WHERE e.effective > ? AND e.type != 'annul' AND e.annulled_by IS NULL "
        "AND (d.signed <= ? OR substr(e.recorded_at, 1, 10) <= ?)",
        (date, date, date),
    ).fetchall()
    numbers: dict[int, str] = {}
    found: dict[int, list[PendingChange]] = defaultdict(list)
    for e in sorted((event_from_row(r) for r in rows), key=lambda e: e.id):
        if e.decision_id is not None and e.decision_id not in numbers:
            numbers[e.decision_id] = reg.decision(e.decision_id).number
        values = {k: v for k, v in e.after.items() if k not in INFO_KEYS or k == SUCCESSORS}
        number = numbers.get(e.decision_id) if e.decision_id is not None else None
        found[e.unit_id].append(
            PendingChange(e.unit_id, e.id, e.type, e.effective, e.decision_id, number, values)
        )
    return dict(found)


def pending_shown(reg: Registry, changes: list[PendingChange]) -> list[dict[str, Any]]:
    """Pending changes as a clerk reads them (``list --json``'s ``pending``): the change, its
    effective date and decision, the values it sets with codes in the display notation, and
    the sentence the details pane shows (``text``)."""
    referenced: set[int] = set()
    for c in changes:
        if isinstance(c.values.get("parent_id"), int):
            referenced.add(c.values["parent_id"])
        referenced.update(c.values.get(SUCCESSORS, ()))
    units = reg.units_by_ids(sorted(referenced)) if referenced else {}
    kinds = {c.unit_id: c.values.get("kind") for c in changes}
    own = reg.units_by_ids(sorted(k for k, v in kinds.items() if v is None))
    out = []
    for c in changes:
        kind = c.values.get("kind") or own[c.unit_id].kind
        shown: dict[str, Any] = {}
        for key, value in c.values.items():
            if key == "code" and isinstance(value, str):
                shown["code"] = from_canonical(value, kind).format(reg.notation)
            elif key == "parent_id":
                parent = units.get(value) if isinstance(value, int) else None
                shown["parent"] = parent.display_code(reg.notation) if parent else None
            elif key == SUCCESSORS:
                shown[SUCCESSORS] = [
                    units[v].display_code(reg.notation) for v in value if v in units
                ]
            elif key in ("name", "status", "valid_from", "valid_to", "level"):
                shown[key] = value
        out.append(
            {
                "change": c.change,
                "effective": c.effective,
                "decision": c.decision,
                **shown,
                "text": render(describe_pending(c.change, shown, c.effective)),
            }
        )
    return out


def units_on(reg: Registry, ids: Iterable[int], date: str) -> dict[int, Unit]:
    """The units among ``ids`` that existed on ``date``, with their fields on that date."""
    return _replayed_units(reg, ids, date)


def ended_with_parent_after(reg: Registry, date: str, ids: Iterable[int] | None = None) -> set[int]:
    """Units whose only changes effective after ``date`` are their endings with their parent;
    with ``ids``, those among them (read through the units' own events: on a large registry
    grouping every change after the date costs more than the few units asked about)."""
    if ids is None:
        rows = reg.conn.execute(
            f"SELECT unit_id FROM events WHERE effective > ? AND {_SHAPING} "
            f"GROUP BY unit_id HAVING sum(NOT ({ENDING_SQL})) = 0",
            (date,),
        )
        return {r[0] for r in rows}
    found: set[int] = set()
    for chunk, marks in _chunks(sorted(set(ids))):
        found.update(
            r[0]
            for r in reg.conn.execute(
                f"SELECT unit_id FROM events WHERE unit_id IN ({marks}) AND effective > ? "
                f"AND {_SHAPING} GROUP BY unit_id HAVING sum(NOT ({ENDING_SQL})) = 0",
                [*chunk, date],
            )
        )
    return found


# An event's columns for replaying it: what it was before is not read (replay sets what each
# change sets; a fifth of the replay's time went to reading the ``before`` texts).
_REPLAYED_COLUMNS = _EVENT_COLUMNS.replace("before", "'{}'")
# Units whose histories are read in one query (below SQLite's 999 bound parameters), and
# between two counts of the as-of view's progress.
_BATCH = 900


def _replayed_units(
    reg: Registry, ids: Iterable[int], date: str, on_progress: OnProgress | None = None
) -> dict[int, Unit]:
    """The units among ``ids`` that existed on ``date``, with their fields on that date
    (their histories read :data:`_BATCH` units at a time, counted as :data:`REPLAY`)."""
    ids = list(ids)
    events: list[Event] = []
    for start in range(0, len(ids), _BATCH):
        if on_progress is not None:
            on_progress(REPLAY, start, len(ids))
        chunk = ids[start : start + _BATCH]
        marks = ",".join("?" * len(chunk))
        rows = reg.conn.execute(
            f"SELECT {_REPLAYED_COLUMNS} FROM events WHERE unit_id IN ({marks}) AND {_SHAPING}",
            chunk,
        )
        events.extend(map(event_from_row, rows))
    events.sort(key=lambda e: e.id)
    state = replay(events, until=date)
    if on_progress is not None:
        on_progress(REPLAY, len(ids), len(ids))
    return {uid: Unit(id=uid, **_unit_fields(values)) for uid, values in state.units.items()}


def _unit_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in UNIT_COLUMNS if k != "id"}


def _visible(unit: Unit, include_closed: bool) -> bool:
    if unit.status == ANNULLED:
        return False
    return include_closed or unit.status in (ACTIVE, DRAFT)


def _sort_key(unit: Unit) -> str:
    return from_canonical(unit.code, unit.kind).sort_key


def units_as_of(
    reg: Registry,
    date: str | None = None,
    *,
    root: str | Code | None = None,
    include_closed: bool = False,
    changed: set[int] | None = None,
) -> list[Unit]:
    """Units in code order (parents before children), as they stood on ``date``.

    ``date`` None means the tables as they are. With ``root``, the unit holding that code (then
    or now; codes are never reassigned) and its descendants on that date. ``changed``: the
    units changed after ``date`` (:func:`changed_after`), when the caller has read them.
    """
    root_unit = reg.find(root) if root is not None else None
    with paused_gc():
        if date is None:
            if root_unit is None:
                return list(reg.all_units(include_closed=include_closed))
            units = reg.subtree(root_unit, include_closed=True, attached=True)
            return [u for u in units if _visible(u, include_closed)]
        if root_unit is None:
            return list(_whole_tree_as_of(reg, date, include_closed))
        if changed is None:
            changed = changed_after(reg, date)
        return _subtree_as_of(reg, date, changed, root_unit, include_closed)


def iter_units_as_of(reg: Registry, date: str, *, include_closed: bool = False) -> Iterator[Unit]:
    """Every unit as it stood on ``date``, in code order, one at a time: the same units as
    :func:`units_as_of`, holding in memory only the ones replayed (those changed since)."""
    with paused_gc():
        yield from _whole_tree_as_of(reg, date, include_closed)


def _whole_tree_as_of(reg: Registry, date: str, include_closed: bool) -> Iterator[Unit]:
    # The units unchanged since the date stream from the table in code order with their stored
    # sort keys; the few replayed ones (an overlay held in memory, with keys computed) are
    # merged into that stream. (A key for each of a million units cost more than reading them,
    # and a list of them all took a gigabyte.) The merge is written out: per row, a set lookup
    # and a comparison (heapq.merge with its generators cost a third of the whole).
    changed = changed_after(reg, date)
    then = _replayed_units(reg, _present(reg, changed), date)
    overlay = sorted(
        ((_sort_key(u), u) for u in then.values() if _visible(u, include_closed)),
        key=itemgetter(0),
    )
    rows = reg.conn.execute(
        f"SELECT {', '.join(UNIT_COLUMNS)}, sort_key FROM units "
        f"WHERE {standing(include_closed)} ORDER BY sort_key"
    )
    fields = _AS_UNIT_FIELDS
    at, count = 0, len(overlay)
    nearest = overlay[0][0] if count else None
    for row in rows:
        if row[0] in changed:
            continue
        if nearest is not None:
            key = row[-1]
            # On equal keys the table's unit first, as heapq.merge had it.
            while nearest is not None and nearest < key:
                yield overlay[at][1]
                at += 1
                nearest = overlay[at][0] if at < count else None
        yield Unit(*fields(row))
    for _, unit in overlay[at:]:
        yield unit


def _present(reg: Registry, ids: set[int]) -> list[int]:
    """Those of ``ids`` that the table holds (annulled units are not)."""
    found: list[int] = []
    listed = sorted(ids)
    for start in range(0, len(listed), 900):
        chunk = listed[start : start + 900]
        marks = ",".join("?" * len(chunk))
        found.extend(
            r[0]
            for r in reg.conn.execute(
                f"SELECT id FROM units WHERE id IN ({marks}) AND status != 'annulled'", chunk
            )
        )
    return found


def _subtree_as_of(
    reg: Registry, date: str, changed: set[int], root_unit: Unit, include_closed: bool
) -> list[Unit]:
    current = {u.id: u for u in reg.subtree(root_unit, include_closed=True, attached=True)}
    # Anything that changed since may have been under the root then; load it as well (only
    # what may have been: the rest of a large registry's changes cannot matter here).
    outside = _possibly_under(
        reg, date, sorted(i for i in changed if i not in current), set(current)
    )
    current.update(reg.units_by_ids(outside))
    then = _replayed_units(reg, [i for i in changed if i in current], date)
    merged = {uid: u for uid, u in current.items() if uid not in changed}
    merged.update(then)
    if root_unit.id not in merged:
        shown = root_unit.display_code(reg.notation)
        raise NotFound(
            f"Đơn vị {shown} chưa có vào ngày {people_date(date)}.",
            f"{shown} did not exist on {people_date(date)}.",
        )
    children: dict[int | None, list[int]] = defaultdict(list)
    for u in merged.values():
        children[u.parent_id].append(u.id)
    keep = []
    stack = [root_unit.id]
    while stack:
        uid = stack.pop()
        keep.append(uid)
        stack.extend(children.get(uid, ()))
    result = [merged[uid] for uid in keep if _visible(merged[uid], include_closed)]
    result.sort(key=_sort_key)
    return result


# An event that may set a unit's parent: its ``after`` names the field (a superset is harmless).
_SETS_PARENT = "after LIKE '%\"parent_id\"%'"


def _possibly_under(reg: Registry, date: str, changed: list[int], inside: set[int]) -> list[int]:
    """Those of ``changed`` (units with changes after ``date``, outside the subtree ``inside``
    holds now) that may have been under it on ``date``. A unit's parent on a date is one of the
    parents its events gave it (what replaying them can give), so a unit none of whose parents
    is in the subtree, or among the units found so (level by level), was not in it then; the
    rest of a large registry's changes are neither loaded nor replayed."""
    parents: dict[int, set[int]] = defaultdict(set)
    found: list[int] = []
    for chunk, marks in _chunks(changed):
        for uid, valid, parent in reg.conn.execute(
            "SELECT unit_id, json_valid(after), "
            "CASE WHEN json_valid(after) THEN json_extract(after, '$.parent_id') END FROM events "
            f"WHERE unit_id IN ({marks}) AND {_SHAPING} AND {_SETS_PARENT}",
            chunk,
        ):
            if not valid:
                found.append(uid)  # a damaged event: replayed, so that it is said as before
            elif isinstance(parent, int):
                parents[uid].add(parent)
    found = sorted(set(found))
    for uid in found:
        parents.pop(uid, None)
    reached = set(inside) | set(found)
    while parents:
        now = [uid for uid, ps in parents.items() if not ps.isdisjoint(reached)]
        if not now:
            break
        for uid in now:
            del parents[uid]
        reached.update(now)
        found.extend(now)
    return found


def _chunks(values: list[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(values), _BATCH):
        chunk = values[start : start + _BATCH]
        yield chunk, ",".join("?" * len(chunk))


# The replayed units of :func:`units_in_force_on`, while it is open.
ON_DATE = "temp.units_on_date"


@contextmanager
def units_in_force_on(reg: Registry, date: str) -> Iterator[int]:
    """While open, ``units`` on this connection reads as the registry in force on ``date``
    (yields how many units were replayed for it).

    A temporary view of the same name shadows the table (SQLite looks in ``temp`` first): the
    units with no change after the date as they are, the others as they were then. Queries
    written for the table run unchanged, nothing is written to the registry file, and when no
    change is after the date (the usual case) there is nothing to shadow.
    """
    conn = reg.conn
    changed = changed_after(reg, date)
    if not changed:
        yield 0
        return
    then = _replayed_units(reg, changed, date)
    columns = ", ".join((*UNIT_COLUMNS, "sort_key", "folded_name"))
    # A registry open for reading refuses every write (query_only), temporary tables too;
    # these touch only the connection's temporary schema, never the file.
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = 0")
    try:
        conn.execute("CREATE TEMP TABLE changed_after_date(id INTEGER PRIMARY KEY)")
        conn.executemany(
            "INSERT INTO temp.changed_after_date VALUES (?)", [(i,) for i in sorted(changed)]
        )
        conn.execute(f"CREATE TEMP TABLE units_on_date AS SELECT {columns} FROM main.units WHERE 0")
        # Lookups by id through the view reach this table by its index, not by a scan.
        conn.execute("CREATE UNIQUE INDEX temp.units_on_date_id ON units_on_date(id)")
        conn.executemany(
            f"INSERT INTO temp.units_on_date ({columns}) VALUES "
            f"({','.join('?' * (len(UNIT_COLUMNS) + 2))})",
            [
                (
                    *(getattr(u, c) for c in UNIT_COLUMNS),
                    _sort_key(u),
                    fold(u.name),
                )
                for u in then.values()
            ],
        )
        conn.execute(
            f"CREATE TEMP VIEW units AS SELECT {columns} FROM main.units "
            "WHERE id NOT IN (SELECT id FROM temp.changed_after_date) "
            f"UNION ALL SELECT {columns} FROM temp.units_on_date"
        )
        conn.execute(f"PRAGMA query_only = {query_only}")
        yield len(then)
    finally:
        conn.execute("PRAGMA query_only = 0")
        conn.execute("DROP VIEW IF EXISTS temp.units")
        conn.execute("DROP TABLE IF EXISTS temp.units_on_date")
        conn.execute("DROP TABLE IF EXISTS temp.changed_after_date")
        conn.execute(f"PRAGMA query_only = {query_only}")


# -- replay proof ----------------------------------------------------------------------------


@dataclass
class ReplayReport:
    """Differences between the tables and a replay of all events (empty means equal)."""

    differences: list[str] = field(default_factory=list)
    units: int = 0
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.differences


def replay_all(reg: Registry) -> ReplayState:
    return replay(reg.events())


def compare_with_replay(reg: Registry, limit: int = 20) -> ReplayReport:
    """Replay every event from nothing and compare units, successor links and used codes."""
    state = replay_all(reg)
    report = ReplayReport(events=reg.conn.execute("SELECT count(*) FROM events").fetchone()[0])
    diffs = report.differences
    tables: dict[int, dict[str, Any]] = {}
    for row in reg.conn.execute(
        "SELECT " + ", ".join(UNIT_COLUMNS) + " FROM units WHERE status != ?", (ANNULLED,)
    ):
        unit = _row_unit(row)
        tables[unit.id] = unit.as_dict()
    report.units = len(tables)
    for uid in sorted(set(tables) | set(state.units)):
        if len(diffs) >= limit:
            break
        if uid not in state.units:
            diffs.append(f"unit {uid} is in the table but no event creates it")
            continue
        if uid not in tables:
            diffs.append(f"unit {uid} is created by the events but missing from the table")
            continue
        replayed = _unit_fields(state.units[uid])
        for key, value in replayed.items():
            if tables[uid][key] != value:
                diffs.append(f"unit {uid} {key}: table {tables[uid][key]!r}, replay {value!r}")
    links = set(reg.conn.execute("SELECT unit_id, successor_id FROM successors").fetchall())
    if links != state.successors:
        diffs.append(
            f"successor links differ: table only {sorted(links - state.successors)[:5]}, "
            f"replay only {sorted(state.successors - links)[:5]}"
        )
    codes = dict(reg.conn.execute("SELECT code, unit_id FROM codes_used").fetchall())
    replayed_codes = state.used_codes
    if codes != replayed_codes:
        only_t = sorted(set(codes.items()) - set(replayed_codes.items()))[:5]
        only_r = sorted(set(replayed_codes.items()) - set(codes.items()))[:5]
        diffs.append(f"used codes differ: table only {only_t}, replay only {only_r}")
    if reg.has_table("codes_reserved"):
        both = reg.conn.execute(
            "SELECT code FROM codes_reserved WHERE code IN (SELECT code FROM codes_used) LIMIT 5"
        ).fetchall()
        if both:
            diffs.append(f"codes both reserved and used: {[r[0] for r in both]}")
    return report


def resolve_code(reg: Registry, text: str) -> Unit:
    """The unit a user-typed code names (either notation, any time)."""
    return reg.find(parse_code(text))
