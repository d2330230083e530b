"""Named reads (and one write) that the exchange, the reports and the command line need.

The store is the only place with SQL (design.md §1; `tests/test_layers.py` keeps it so): a layer
above asks for what it needs by name and gets domain objects or plain rows back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from desktop.domain.history import Event
from desktop.domain.units import ANNULLED, Unit
from desktop.store.base import RegistryBase

# SQLite allows 999 parameters in a statement (older builds); lists are read in chunks.
_CHUNK = 900

# The events that give a unit a new code or end it with successors: the crosswalk's rows.
_CODE_CHANGES = "type IN ('recode', 'move', 'merge', 'split', 'close') AND annulled_by IS NULL"


def _chunks(values: Sequence[Any]) -> Iterable[tuple[Sequence[Any], str]]:
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        yield chunk, ",".join("?" * len(chunk))


# -- events ------------------------------------------------------------------------------------


def events_of_units(reg: RegistryBase, unit_ids: Sequence[int]) -> list[Event]:
    """Every event of these units, in recording order."""
    found: list[Event] = []
    for chunk, marks in _chunks(list(unit_ids)):
        found.extend(reg.events(f"unit_id IN ({marks})", chunk))
    found.sort(key=lambda e: e.id)
    return found


def events_of_group(reg: RegistryBase, group_id: str) -> list[Event]:
    """The events recorded together as one change (an import, a merge...)."""
    return list(reg.events("group_id = ?", (group_id,)))


def events_of_decision(reg: RegistryBase, decision_id: int) -> list[Event]:
    """Every event bound to a decision, annulled ones included."""
    return list(reg.events("decision_id = ?", (decision_id,)))


def events_in_period(
    reg: RegistryBase,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    under: Unit | None = None,
) -> list[Event]:
    """Events effective between two dates (either open), of units that held a code under
    ``under`` (the unit itself included) at any time, if given; in recording order."""
    where = []
    params: list[Any] = []
    if date_from:
        where.append("effective >= ?")
        params.append(date_from)
    if date_to:
        where.append("effective <= ?")
        params.append(date_to)
    if under is not None:
        # Units that held a code under the root's at any time (codes are never reassigned).
        held = reg.conn.execute("SELECT code FROM codes_used WHERE unit_id = ?", (under.id,))
        prefixes = sorted({under.code} | {r[0] for r in held})
        inner = " OR ".join(["(code = ? OR (code >= ? AND code < ?))"] * len(prefixes))
        bounds = [v for code in prefixes for v in (code, code + ".", code + "/")]
        where.append(
            f"unit_id IN (SELECT unit_id FROM codes_used WHERE {inner} "
            f"UNION SELECT id FROM units WHERE {inner})"
        )
        params.extend(bounds + bounds)
    return list(reg.events(" AND ".join(where), params))


def code_changes(
    reg: RegistryBase, *, decision_id: int | None = None, as_of: str | None = None
) -> list[Event]:
    """Recodes, moves, merges, splits and closures in force (not annulled), of one decision
    and effective by a date if given, in recording order: the rows of a crosswalk."""
    where = _CODE_CHANGES
    params: list[Any] = []
    if decision_id is not None:
        where += " AND decision_id = ?"
        params.append(decision_id)
    if as_of:
        where += " AND effective <= ?"
        params.append(as_of)
    return list(reg.events(where, params))


# -- codes and decisions -----------------------------------------------------------------------


def unit_ids_by_codes(reg: RegistryBase, codes: Sequence[str]) -> list[int]:
    """The ids of the units (annulled ones aside) that hold these codes now."""
    ids: list[int] = []
    for chunk, marks in _chunks(list(codes)):
        ids.extend(
            r[0]
            for r in reg.conn.execute(
                f"SELECT id FROM units WHERE code IN ({marks}) AND status != ?",
                [*chunk, ANNULLED],
            )
        )
    return ids


def code_holders(reg: RegistryBase, codes: Sequence[str]) -> dict[str, int]:
    """Code → the unit it was ever assigned to, for those of ``codes`` ever assigned."""
    return _by_code(reg, "codes_used", "unit_id", codes)


def units_holding(reg: RegistryBase, codes: Sequence[str]) -> dict[str, int]:
    """Code → a unit that holds it now (of any standing), for those of ``codes`` held."""
    return _by_code(reg, "units", "id", codes)


def _by_code(reg: RegistryBase, table: str, unit: str, codes: Sequence[str]) -> dict[str, int]:
    """Code → ``unit`` of the rows of ``table`` (indexed by code) holding one of ``codes``.

    The codes are read in code order, a chunk at a time: a chunk whose span of the table holds
    few more codes than it asks about (a list of one body's units, new or not) is read as one
    range of the key, the others code by code."""
    holders: dict[str, int] = {}
    ordered = sorted(codes)  # repeats do no harm
    wanted: set[str] | None = None
    for chunk, marks in _chunks(ordered):
        low, high = chunk[0], chunk[-1]
        bound = 4 * len(chunk)
        spanned = reg.conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE code BETWEEN ? AND ? LIMIT ?)",
            (low, high, bound + 1),
        ).fetchone()[0]
        if spanned <= bound:
            rows = reg.conn.execute(
                f"SELECT code, {unit} FROM {table} WHERE code BETWEEN ? AND ?", (low, high)
            ).fetchall()
            if rows:
                wanted = set(codes) if wanted is None else wanted
                holders.update((code, uid) for code, uid in rows if code in wanted)
        else:
            holders.update(
                reg.conn.execute(
                    f"SELECT code, {unit} FROM {table} WHERE code IN ({marks})", chunk
                ).fetchall()
            )
    return holders


def reserved_among(reg: RegistryBase, codes: Sequence[str]) -> set[str]:
    """Those of ``codes`` a restore carried over (issued once, held by no unit of this copy)."""
    if not reg.has_table("codes_reserved"):
        return set()
    if reg.conn.execute("SELECT 1 FROM codes_reserved LIMIT 1").fetchone() is None:
        return set()  # the usual case: no restore carried codes over
    found: set[str] = set()
    for chunk, marks in _chunks(list(codes)):
        found.update(
            r[0]
            for r in reg.conn.execute(
                f"SELECT code FROM codes_reserved WHERE code IN ({marks})", chunk
            )
        )
    return found


def level1_in_force(reg: RegistryBase) -> list[tuple[str, str]]:
    """(code, name) of every level-1 agency in force (active or draft)."""
    return [
        (r[0], r[1])
        for r in reg.conn.execute(
            "SELECT code, name FROM units WHERE kind = 'agency' AND instr(code, '.') = 0 "
            "AND status IN ('active', 'draft')"
        )
    ]


def decision_numbers(reg: RegistryBase) -> dict[int, str]:
    """Decision id → its number, for every decision in the registry."""
    return dict(reg.conn.execute("SELECT id, number FROM decisions").fetchall())


def attach_decision_source(
    reg: RegistryBase, decision_id: int, source_file: str | None, source_sha256: str | None
) -> None:
    """Record the file a decision came from, unless it already has one (a decision keeps the
    first source it was imported from). Runs in the caller's transaction."""
    reg.conn.execute(
        "UPDATE decisions SET source_file = ?, source_sha256 = ? WHERE id = ? "
        "AND source_file IS NULL AND source_sha256 IS NULL",
        (source_file, source_sha256, decision_id),
    )
