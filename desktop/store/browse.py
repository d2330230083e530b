"""Reads for browsing screens: one page of a unit's children at a time, ancestors, decisions.

The desktop tree asks for children only when a node is expanded, so a registry of a million
units opens as fast as one of two hundred. Every query here walks an index (``units_parent``,
``events_decision``); none scans the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.codes import Code, suggest_child
from desktop.domain.history import Event
from desktop.domain.progress import OnProgress
from desktop.domain.units import Unit
from desktop.store.registry import Registry, event_from_row

_OPEN = "('active', 'draft')"
_EVENT_COLUMNS = (
    "id, unit_id, type, before, after, decision_id, effective, recorded_at, recorded_by, "
    "group_id, annulled_by"
)


def _status(alias: str, include_closed: bool) -> str:
    if include_closed:
        return f"{alias}.status != 'annulled'"
    return f"{alias}.status IN {_OPEN}"


@dataclass(frozen=True)
class ChildRow:
    """A unit as a tree shows it, with whether it has (visible) children of its own."""

    id: int
    code: str
    name: str
    kind: str
    status: str
    level: int | None
    parent_id: int | None
    sort_key: str
    has_children: bool


def children_page(
    reg: Registry,
    parent_id: int | None,
    *,
    include_closed: bool = False,
    after_key: str | None = None,
    limit: int = 1000,
) -> list[ChildRow]:
    """Up to ``limit`` children of a unit (None: the top level) in code order, after a key."""
    where = "u.parent_id IS NULL" if parent_id is None else "u.parent_id = ?"
    params: list[object] = [] if parent_id is None else [parent_id]
    if after_key is not None:
        where += " AND u.sort_key > ?"
        params.append(after_key)
    sql = (
        "SELECT u.id, u.code, u.name, u.kind, u.status, u.level, u.parent_id, u.sort_key, "
        f"EXISTS(SELECT 1 FROM units c WHERE c.parent_id = u.id AND {_status('c', include_closed)})"
        f" FROM units u WHERE {where} AND {_status('u', include_closed)}"
        " ORDER BY u.sort_key LIMIT ?"
    )
    params.append(limit)
    return [
        ChildRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]))
        for r in reg.conn.execute(sql, params)
    ]


def child_rows(
    reg: Registry, ids: Sequence[int], *, include_closed: bool = False
) -> list[ChildRow]:
    """The tree rows of some units (whatever their status), for refreshing them in place."""
    found: list[ChildRow] = []
    ids = list(ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT u.id, u.code, u.name, u.kind, u.status, u.level, u.parent_id, u.sort_key, "
            "EXISTS(SELECT 1 FROM units c WHERE c.parent_id = u.id AND "
            f"{_status('c', include_closed)}) FROM units u WHERE u.id IN ({marks})"
        )
        found.extend(
            ChildRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]))
            for r in reg.conn.execute(sql, chunk)
        )
    return found


def now_parents_of(reg: Registry, ids: set[int]) -> set[int]:
    """The parents the units ``ids`` have in the tables."""
    parents: set[int] = set()
    listed = sorted(ids)
    for start in range(0, len(listed), 900):
        chunk = listed[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows = reg.conn.execute(
            f"SELECT DISTINCT parent_id FROM units WHERE id IN ({marks}) AND parent_id IS NOT NULL",
            chunk,
        )
        parents.update(r[0] for r in rows)
    return parents


def has_child_outside(
    reg: Registry, parent_id: int, excluded: set[int], *, include_closed: bool = False
) -> bool:
    """Whether the unit has a (visible) child in the tables that is not in ``excluded``;
    reads its children only until the first such one."""
    rows = reg.conn.execute(
        f"SELECT id FROM units u WHERE u.parent_id = ? AND {_status('u', include_closed)}",
        (parent_id,),
    )
    return any(r[0] not in excluded for r in rows)


def ancestors(reg: Registry, unit_id: int) -> list[int]:
    """Ids from the top level down to the unit's parent (empty for a top-level unit)."""
    rows = reg.conn.execute(
        "WITH RECURSIVE up(id, parent_id, depth) AS ("
        " SELECT id, parent_id, 0 FROM units WHERE id = ?"
        " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u"
        " JOIN up ON u.id = up.parent_id)"
        " SELECT id FROM up WHERE depth > 0 ORDER BY depth DESC",
        (unit_id,),
    )
    return [r[0] for r in rows]


def decision_event_counts(reg: Registry) -> dict[int, int]:
    """How many of each decision's changes are in effect (annulled ones and annulments not
    counted: an undone import leaves 0); one pass over events."""
    rows = reg.conn.execute(
        "SELECT decision_id, count(*) FROM events WHERE type != 'annul' AND annulled_by IS NULL "
        "GROUP BY decision_id"
    ).fetchall()
    return {r[0]: r[1] for r in rows if r[0] is not None}


def decision_events(
    reg: Registry, decision_id: int, *, after_id: int = 0, limit: int = 500
) -> list[Event]:
    """One page of the events a decision made, in recording order."""
    rows = reg.conn.execute(
        f"SELECT {_EVENT_COLUMNS} FROM events WHERE decision_id = ? AND id > ? "
        "AND type != 'annul' ORDER BY id LIMIT ?",
        (decision_id, after_id, limit),
    )
    return [event_from_row(r) for r in rows]


def suggest_codes(reg: Registry, parent_id: int, count: int) -> list[Code]:
    """The next ``count`` free child codes of a unit, none ever used before (for a split)."""
    parent = reg.unit(parent_id).parsed
    taken = set(reg._taken_segments(parent))
    result: list[Code] = []
    for _ in range(count):
        code = suggest_child(parent, taken)
        if code is None:
            break
        result.append(code)
        taken.add(code.segment)
    return result


def latest_change(reg: Registry, unit_id: int) -> Event | None:
    """The unit's latest change that can still be annulled (not annulled, not an annulment)."""
    row = reg.conn.execute(
        f"SELECT {_EVENT_COLUMNS} FROM events WHERE unit_id = ? AND type != 'annul' "
        "AND annulled_by IS NULL ORDER BY id DESC LIMIT 1",
        (unit_id,),
    ).fetchone()
    return event_from_row(row) if row else None


def predecessors_of(reg: Registry, unit_id: int) -> list[int]:
    """Units whose successor this unit is (merged into it, or split into it)."""
    rows = reg.conn.execute(
        "SELECT unit_id FROM successors WHERE successor_id = ? ORDER BY unit_id", (unit_id,)
    )
    return [r[0] for r in rows]


@dataclass
class AsOfDifference:
    """How the registry on a date differs from its tables: the units with changes effective
    after the date, and those of them that existed then, as they were (the rest of the
    registry is the same then as now; :mod:`desktop.store.asof` works the same way)."""

    date: str
    changed: set[int]
    then: dict[int, Unit]
    count: int | None  # units shown on that date (closed ones or not, as asked); None: not counted


def as_of_difference(
    reg: Registry,
    date: str,
    *,
    include_closed: bool = False,
    count: bool = True,
    on_progress: OnProgress | None = None,
) -> AsOfDifference:
    """What a tree needs to show the registry as of ``date`` lazily, at a cost in proportion
    to what changed since (a count of the units now, when asked, is the only full pass)."""
    from desktop.store.asof import _replayed_units, changed_after

    changed = changed_after(reg, date)
    # Units created after the date did not exist then: nothing to replay for them.
    born_later = {
        r[0]
        for r in reg.conn.execute(
            # A unit with an earlier basis on or before the date was there then (looked up
            # by unit, so the events before the date are never scanned).
            "SELECT unit_id FROM events e WHERE type = 'create' AND effective > ? "
            "AND annulled_by IS NULL AND NOT EXISTS (SELECT 1 FROM events b "
            "WHERE b.unit_id = e.unit_id AND b.type = 'basis' AND b.effective <= ? "
            "AND b.annulled_by IS NULL)",
            (date, date),
        )
    }
    then = _replayed_units(reg, changed - born_later, date, on_progress)
    if not count:
        return AsOfDifference(date, changed, then, None)
    shown_now = reg.count_units(include_closed=include_closed)
    open_statuses = ("active", "draft")

    def visible(status: str) -> bool:
        return status != "annulled" and (include_closed or status in open_statuses)

    # Units shown now but not then (changed since): counted by status, in SQL.
    total = shown_now - _count_visible(reg, changed, include_closed)
    total += sum(1 for u in then.values() if visible(u.status))
    return AsOfDifference(date, changed, then, total)


def _count_visible(reg: Registry, ids: set[int], include_closed: bool) -> int:
    status = "status != 'annulled'" if include_closed else "status IN ('active', 'draft')"
    total = 0
    listed = sorted(ids)
    for start in range(0, len(listed), 900):
        chunk = listed[start : start + 900]
        marks = ",".join("?" * len(chunk))
        row = reg.conn.execute(
            f"SELECT count(*) FROM units WHERE id IN ({marks}) AND {status}", chunk
        ).fetchone()
        total += int(row[0])
    return total
