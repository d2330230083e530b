"""What changed between two dates, and every closure: the queries behind the exports' deltas
and the crosswalk (``desktop.exchange.national``).

A change belongs to the window by its **effective** date (the date the law gives it), the date
the exports show and the national systems apply; annulled changes and the annulments themselves
never count (they did not shape the registry at any date).
"""

from __future__ import annotations

from collections.abc import Iterator

from desktop.domain.history import BASIS, CLOSE, CREATE, EVENT_LABELS, Event
from desktop.domain.units import CLOSED
from desktop.domain.words import QT_TR_NOOP
from desktop.store.base import RegistryBase

NEW = "new"
CHANGED = "changed"
CLOSED_CHANGE = "closed"
# The change a delta row carries, with the words a clerk reads.
CHANGE_LABELS = {
    NEW: EVENT_LABELS[CREATE],
    CHANGED: QT_TR_NOOP("Sửa đổi"),
    CLOSED_CHANGE: EVENT_LABELS[CLOSE],
}

_SHAPING = "type != 'annul' AND annulled_by IS NULL"


def _window(since: str | None, until: str | None) -> tuple[str, list[object]]:
    where = _SHAPING
    params: list[object] = []
    if since:
        where += " AND effective >= ?"
        params.append(since)
    if until:
        where += " AND effective <= ?"
        params.append(until)
    return where, params


def closes(event: Event) -> bool:
    """Whether the event ends the unit's code (a closure, or the closing side of a merge or
    split), with or without successors."""
    return event.after.get("status") == CLOSED


def changes_between(reg: RegistryBase, since: str | None, until: str | None) -> dict[int, str]:
    """Unit id → ``new``, ``changed`` or ``closed`` for every unit an event effective in the
    window touched. A unit created and closed in the window is ``closed``; one closed and
    reopened is ``changed``."""
    where, params = _window(since, until)
    rows = reg.conn.execute(
        f"SELECT unit_id, type, json_extract(after, '$.status') FROM events WHERE {where} "
        "ORDER BY id",
        params,
    )
    out: dict[int, str] = {}
    for unit_id, kind, status in rows:
        previous = out.get(unit_id)
        if status == CLOSED:
            out[unit_id] = CLOSED_CHANGE
        elif kind in (CREATE, BASIS):  # a unit first there by its earlier basis is new then
            out[unit_id] = NEW
        elif previous is None or (previous == CLOSED_CHANGE and status is not None):
            out[unit_id] = CHANGED
    return out


def crosswalk_events(
    reg: RegistryBase,
    *,
    since: str | None = None,
    until: str | None = None,
    decision_id: int | None = None,
) -> Iterator[Event]:
    """Recodes, moves and every closing event (closures, merges, splits) in recording order."""
    where, params = _window(since, until)
    where += " AND type IN ('recode', 'move', 'merge', 'split', 'close')"
    if decision_id is not None:
        where += " AND decision_id = ?"
        params.append(decision_id)
    for event in reg.events(where, params):
        if event.type in ("recode", "move") or closes(event):
            yield event


def effective_range(reg: RegistryBase, until: str) -> tuple[str | None, str | None]:
    """The first and the last effective date of a change in force on ``until``: the temporal
    coverage of a published list and the date it was last modified."""
    row = reg.conn.execute(
        f"SELECT min(effective), max(effective) FROM events WHERE {_SHAPING} AND effective <= ?",
        (until,),
    ).fetchone()
    return row[0], row[1]
