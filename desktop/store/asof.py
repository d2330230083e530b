"""The registry as of a date, and the proof that the tables are the replay of the events.

The tables hold the state after every recorded event (signed decisions not yet in effect
included). The state on a date differs only for the units that have events effective after that
date; only those are replayed, everything else is read as it is. So a date in the past costs in
proportion to what changed since, not to the size of the registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from desktop.domain.codes import Code, from_canonical, parse_code
from desktop.domain.errors import NotFound
from desktop.domain.history import Event, ReplayState, replay
from desktop.domain.units import ACTIVE, ANNULLED, DRAFT, Unit
from desktop.store.bulk import paused_gc
from desktop.store.registry import UNIT_COLUMNS, Registry, _row_unit

_SHAPING = "type != 'annul' AND annulled_by IS NULL"


def changed_after(reg: Registry, date: str) -> set[int]:
    # No DISTINCT: with it SQLite walks the whole unit index of the events (0.2 s on a million)
    # instead of the few events after the date; the set removes the repeats.
    rows = reg.conn.execute(
        f"SELECT unit_id FROM events WHERE effective > ? AND {_SHAPING}", (date,)
    )
    return {r[0] for r in rows}


def _replayed_units(reg: Registry, ids: Iterable[int], date: str) -> dict[int, Unit]:
    """The units among ``ids`` that existed on ``date``, with their fields on that date."""
    ids = list(ids)
    events: list[Event] = []
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        events.extend(reg.events(f"unit_id IN ({marks}) AND {_SHAPING}", chunk))
    events.sort(key=lambda e: e.id)
    state = replay(events, until=date)
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
) -> list[Unit]:
    """Units in code order (parents before children), as they stood on ``date``.

    ``date`` None means the tables as they are. With ``root``, the unit holding that code (then
    or now; codes are never reassigned) and its descendants on that date.
    """
    root_unit = reg.find(root) if root is not None else None
    with paused_gc():
        if date is None:
            if root_unit is None:
                return list(reg.all_units(include_closed=include_closed))
            units = reg.subtree(root_unit, include_closed=True, attached=True)
            return [u for u in units if _visible(u, include_closed)]
        changed = changed_after(reg, date)
        if root_unit is None:
            return _whole_tree_as_of(reg, date, changed, include_closed)
        return _subtree_as_of(reg, date, changed, root_unit, include_closed)


def _whole_tree_as_of(
    reg: Registry, date: str, changed: set[int], include_closed: bool
) -> list[Unit]:
    # The units unchanged since the date come in code order with their stored sort keys; only
    # the few replayed ones need a key computed, and sorting two sorted runs is one merge. (A
    # key for each of a million units cost more than reading them.)
    keyed: list[tuple[str, Unit]] = []
    present: list[int] = []
    for key, unit in reg.all_units_keyed(include_closed=True):
        if unit.id in changed:
            present.append(unit.id)
        elif _visible(unit, include_closed):
            keyed.append((key, unit))
    then = _replayed_units(reg, present, date)
    keyed.extend((_sort_key(u), u) for u in then.values() if _visible(u, include_closed))
    keyed.sort(key=itemgetter(0))
    return [u for _, u in keyed]


def _subtree_as_of(
    reg: Registry, date: str, changed: set[int], root_unit: Unit, include_closed: bool
) -> list[Unit]:
    current = {u.id: u for u in reg.subtree(root_unit, include_closed=True, attached=True)}
    # Anything that changed since may have been under the root then; load it as well.
    current.update(reg.units_by_ids([i for i in changed if i not in current]))
    then = _replayed_units(reg, [i for i in changed if i in current], date)
    merged = {uid: u for uid, u in current.items() if uid not in changed}
    merged.update(then)
    if root_unit.id not in merged:
        shown = root_unit.display_code(reg.notation)
        raise NotFound(
            f"Đơn vị {shown} chưa có vào ngày {date}.", f"{shown} did not exist on {date}."
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
    if codes != state.codes:
        only_t = sorted(set(codes.items()) - set(state.codes.items()))[:5]
        only_r = sorted(set(state.codes.items()) - set(codes.items()))[:5]
        diffs.append(f"used codes differ: table only {only_t}, replay only {only_r}")
    return report


def resolve_code(reg: Registry, text: str) -> Unit:
    """The unit a user-typed code names (either notation, any time)."""
    return reg.find(parse_code(text))
