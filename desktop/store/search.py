"""Finding units by code (either notation, or a prefix of either) or by words of the name.

Names are matched on the folded key (no tone marks, đ→d), every word as a prefix, so
``so tu ph`` finds Sở Tư pháp while the clerk is still typing; the abbreviations clerks type
(``UBND``, ``tp hcm``, ``KH&CN``: :mod:`desktop.domain.abbreviations`) are written out. A QCVN
102 prefix (``000.00.09``, ``000.00.09.H5``) finds the units whose QCVN 102 code starts so.
:func:`find` is the search box's: units in force first, then closed ones, for the box to mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.domain.abbreviations import expand
from desktop.domain.codes import check_code, normalize_code
from desktop.domain.decisions import shown_date
from desktop.domain.text import fold
from desktop.domain.units import CLOSED, Unit
from desktop.store.asof import changed_after, units_on
from desktop.store.registry import UNIT_COLUMNS, Registry, _row_unit

_CODE_PREFIX = re.compile(r"[A-K][0-9]{2}(\.[0-9A-Z]*)*|[A-K][0-9]?")
# QCVN 102 is written lowest level first: ``ccc.bb.aa.X99``; typed left to right, the level-1
# code comes last and may be cut short.
_QCVN_PREFIX = re.compile(r"([0-9]{3})\.([0-9]{2})\.([0-9]{1,2})(?:\.([A-K][0-9]{0,2})?)?")
_WORD = re.compile(r"[0-9a-z]+")
_COLUMNS = ", ".join(f"u.{c}" for c in UNIT_COLUMNS)
IN_FORCE = ("active", "draft")
EVERY = ("active", "draft", "closed")


def search(
    reg: Registry,
    query: str,
    *,
    limit: int = 50,
    include_closed: bool = False,
    as_of: str | None = None,
) -> list[Unit]:
    """Units matching ``query`` as they are in force on ``as_of`` (today by default): exact
    codes first, then code prefixes, then names."""
    return _search(reg, query, limit, EVERY if include_closed else IN_FORCE, as_of)


def find(reg: Registry, query: str, *, limit: int = 50, as_of: str | None = None) -> list[Unit]:
    """The units in force matching ``query``, then (within ``limit``) the closed ones: a clerk
    typing ``G14`` or ``bo thong tin`` learns the unit exists, and that it is closed."""
    found = _search(reg, query, limit, IN_FORCE, as_of)
    if len(found) < limit:
        seen = {u.id for u in found}
        closed = _search(reg, query, limit, (CLOSED,), as_of)
        found.extend(u for u in closed if u.id not in seen)
    return found[:limit]


def _search(
    reg: Registry, query: str, limit: int, statuses: Sequence[str], as_of: str | None
) -> list[Unit]:
    """The indexes hold the tables, where a change signed for a later date is already applied;
    the few units with changes after the date are matched as they were then instead."""
    text = query.strip()
    if not text:
        return []
    date = shown_date(as_of)
    changed, replayed = reg.memo(("search.changed-after", date), lambda: _changed(reg, date))
    found = _search_tables(reg, text, limit + len(changed), statuses)
    if not changed:
        return found[:limit]
    rank = _Rank(text)
    ranked = [(rank(u), u) for u in replayed if u.status in statuses]
    ranked = [(r, u) for r, u in ranked if r is not None]
    ranked += [(rank(u), u) for u in found if u.id not in changed]
    ranked.sort(key=lambda pair: pair[0] or (9,))
    return [u for _, u in ranked[:limit]]


def _changed(reg: Registry, date: str) -> tuple[set[int], list[Unit]]:
    """The units with changes effective after ``date``, and those of them that existed on it,
    as they were then."""
    changed = changed_after(reg, date)
    return changed, list(units_on(reg, changed, date).values()) if changed else []


class _Rank:
    """Where a unit comes in the answer to ``text`` (the order :func:`_search_tables` gives),
    or None when it does not match: its code, a code prefix, then every word typed as the start
    of a word of its folded name. What depends on the text alone is worked out once per search,
    not once per unit ranked (a few hundred per keystroke)."""

    def __init__(self, text: str) -> None:
        check = check_code(text)
        self.code = check.code.canonical if check.code is not None else None
        code_text = normalize_code(text)
        self.prefix = code_text if _CODE_PREFIX.fullmatch(code_text) else None
        self.words = _WORD.findall(fold(text))
        self.folded = " ".join(self.words)

    def __call__(self, unit: Unit) -> tuple[object, ...] | None:
        if self.code is not None and self.code == unit.code:
            return (0,)
        if self.prefix is not None:
            key = unit.parsed.sort_key if "." not in self.prefix else unit.code
            if key.startswith(self.prefix):
                return (1, unit.parsed.sort_key)
        words, folded = self.words, self.folded
        name = fold(unit.name)
        name_words = _WORD.findall(name)
        if not words or not all(any(n.startswith(w) for n in name_words) for w in words):
            return None
        return (2, not name.startswith(folded), folded not in name, unit.level or 0, len(name))


def _search_tables(reg: Registry, text: str, limit: int, statuses: Sequence[str]) -> list[Unit]:
    found: dict[int, Unit] = {}
    status = "u.status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"
    check = check_code(text)
    if check.code is not None:
        holder = reg.holder(check.code)
        if holder is not None and holder.status in statuses:
            found[holder.id] = holder
    code_text = normalize_code(text)
    if _CODE_PREFIX.fullmatch(code_text):
        # A sort key starts with the level-1 group as written, so a prefix of that group ("H",
        # "H5", "H59") is a prefix of the sort keys too: the code-order index then yields the
        # first units directly, where the range of codes would be sorted whole first (100 ms
        # for the 400,000 units under "H").
        column = "u.code" if "." in code_text else "u.sort_key"
        rows = reg.conn.execute(
            f"SELECT {_COLUMNS} FROM units u WHERE {column} >= ? AND {column} < ? AND {status} "
            "ORDER BY u.sort_key LIMIT ?",
            (code_text, code_text + "\uffff", limit),
        )
        for row in rows:
            unit = _row_unit(row)
            found.setdefault(unit.id, unit)
    qcvn = _QCVN_PREFIX.fullmatch(code_text)
    if qcvn and len(found) < limit:
        for unit in _qcvn_prefix(reg, *qcvn.groups(), status=status, limit=limit):
            found.setdefault(unit.id, unit)
    terms = expand(text)
    if terms and len(found) < limit:
        tries = [terms]
        if any(not prefix for _, prefix in terms):
            tries.append(_literal(text))  # a name may hold the abbreviation itself
        for attempt in tries:
            for unit in _by_name(reg, attempt, status, limit):
                if len(found) >= limit:
                    break
                found.setdefault(unit.id, unit)
    return list(found.values())[:limit]


def _literal(text: str) -> list[tuple[str, bool]]:
    return [(w, True) for w in _WORD.findall(fold(text))]


def _by_name(reg: Registry, terms: list[tuple[str, bool]], status: str, limit: int) -> list[Unit]:
    if not terms:
        return []
    # Words typed match as prefixes; abbreviations written out as whole words, in order.
    match = " ".join(f'"{t}"*' if prefix else f'"{t}"' for t, prefix in terms)
    folded = " ".join(t for t, _ in terms)
    matches = reg.conn.execute(
        f"SELECT {_COLUMNS}, u.folded_name FROM units_fts f JOIN units u ON u.id = f.rowid "
        f"WHERE units_fts MATCH ? AND {status} LIMIT ?",
        (match, max(limit * 4, 200)),
    ).fetchall()
    # Best first: names that start with the words typed, then names holding them as a
    # phrase, then shallower units; code order breaks ties.
    ranked = sorted(
        matches,
        key=lambda r: (
            not r[-1].startswith(folded),
            folded not in r[-1],
            r[UNIT_COLUMNS.index("level")] or 0,
            len(r[-1]),
        ),
    )
    return [_row_unit(row[:-1]) for row in ranked[:limit]]


def _qcvn_prefix(
    reg: Registry,
    ccc: str,
    bb: str,
    aa: str,
    level1: str | None,
    *,
    status: str,
    limit: int,
) -> list[Unit]:
    """Units whose QCVN 102 code starts ``ccc.bb.aa[.level1]`` (``aa`` may be cut short)."""
    if ccc != "000":
        level, tail = 4, f".{bb}.{ccc}"
    elif bb != "00":
        level, tail = 3, f".{bb}"
    else:
        level, tail = 2, ""
    if len(aa) < 2 and level > 2:
        return []  # the level-2 group sits inside the stored code: it must be whole
    firsts = [
        r[0]
        for r in reg.conn.execute(
            "SELECT DISTINCT code FROM units WHERE level = 1 AND code >= ? AND code < ? "
            "ORDER BY code",
            (level1 or "", (level1 or "") + "\uffff"),
        )
    ]
    out: list[Unit] = []
    for first in firsts:
        if len(aa) == 2:
            rows = reg.conn.execute(
                f"SELECT {_COLUMNS} FROM units u WHERE u.code = ? AND {status}",
                (f"{first}.{aa}{tail}",),
            )
        else:
            start = f"{first}.{aa}"
            rows = reg.conn.execute(
                f"SELECT {_COLUMNS} FROM units u WHERE u.code >= ? AND u.code < ? "
                f"AND u.level = 2 AND {status} ORDER BY u.sort_key LIMIT ?",
                (start, start + "\uffff", limit - len(out)),
            )
        out.extend(_row_unit(r) for r in rows)
        if len(out) >= limit:
            break
    return out


def level1_bodies(reg: Registry, units: Sequence[Unit]) -> dict[int, Unit]:
    """The level-1 body each unit belongs to (unit id → that body), for results that say
    which "Sở Tư pháp" is meant; level-1 units themselves are left out."""
    out: dict[int, Unit] = {}
    pending = {u.id: u.parent_id for u in units if u.parent_id is not None}
    known: dict[int, Unit] = {}
    for _ in range(12):  # deeper than any code
        if not pending:
            break
        wanted = sorted({p for p in pending.values() if p is not None and p not in known})
        known.update(reg.units_by_ids(wanted))
        for uid, parent_id in list(pending.items()):
            parent = known.get(parent_id) if parent_id is not None else None
            if parent is None:
                del pending[uid]
            elif parent.parent_id is None:
                out[uid] = parent
                del pending[uid]
            else:
                pending[uid] = parent.parent_id
    return out
