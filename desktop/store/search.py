"""Finding units by code (either notation, or a QĐ 20 prefix) or by words of the name.

Names are matched on the folded key (no tone marks, đ→d), every word as a prefix, so
``so tu ph`` finds Sở Tư pháp while the clerk is still typing.
"""

from __future__ import annotations

import re

from desktop.domain.codes import check_code, normalize_code
from desktop.domain.decisions import shown_date
from desktop.domain.text import fold
from desktop.domain.units import Unit
from desktop.store.asof import changed_after, units_on
from desktop.store.registry import UNIT_COLUMNS, Registry, _row_unit

_CODE_PREFIX = re.compile(r"[A-K][0-9]{2}(\.[0-9A-Z]*)*|[A-K][0-9]?")
_WORD = re.compile(r"[0-9a-z]+")
_COLUMNS = ", ".join(f"u.{c}" for c in UNIT_COLUMNS)


def _status_clause(include_closed: bool) -> str:
    return "u.status != 'annulled'" if include_closed else "u.status IN ('active', 'draft')"


def search(
    reg: Registry,
    query: str,
    *,
    limit: int = 50,
    include_closed: bool = False,
    as_of: str | None = None,
) -> list[Unit]:
    """Units matching ``query`` as they are in force on ``as_of`` (today by default): exact
    codes first, then code prefixes, then names.

    The indexes hold the tables, where a change signed for a later date is already applied;
    the few units with changes after the date are matched as they were then instead.
    """
    text = query.strip()
    if not text:
        return []
    date = shown_date(as_of)
    changed = changed_after(reg, date)
    found = _search_tables(reg, text, limit + len(changed), include_closed)
    if not changed:
        return found[:limit]
    then = [
        u
        for u in units_on(reg, changed, date).values()
        if u.status != "annulled" and (include_closed or u.status in ("active", "draft"))
    ]
    merged = [u for u in then if _rank(u, text) is not None]
    merged += [u for u in found if u.id not in changed]
    merged.sort(key=lambda u: _rank(u, text) or ())
    return merged[:limit]


def _rank(unit: Unit, text: str) -> tuple[object, ...] | None:
    """Where a unit comes in the answer (the order :func:`_search_tables` gives), or None
    when it does not match: its code, a code prefix, then every word typed as the start of a
    word of its folded name."""
    check = check_code(text)
    if check.code is not None and check.code.canonical == unit.code:
        return (0,)
    code_text = normalize_code(text)
    if _CODE_PREFIX.fullmatch(code_text):
        key = unit.parsed.sort_key if "." not in code_text else unit.code
        if key.startswith(code_text):
            return (1, unit.parsed.sort_key)
    words = _WORD.findall(fold(text))
    name = fold(unit.name)
    name_words = _WORD.findall(name)
    if not words or not all(any(n.startswith(w) for n in name_words) for w in words):
        return None
    folded = " ".join(words)
    return (2, not name.startswith(folded), folded not in name, unit.level or 0, len(name))


def _search_tables(reg: Registry, text: str, limit: int, include_closed: bool) -> list[Unit]:
    found: dict[int, Unit] = {}
    status = _status_clause(include_closed)
    check = check_code(text)
    if check.code is not None:
        holder = reg.holder(check.code)
        if holder is not None and (include_closed or holder.status in ("active", "draft")):
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
    words = _WORD.findall(fold(text))
    if words and len(found) < limit:
        match = " ".join(f'"{w}"*' for w in words)
        folded = " ".join(words)
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
        for row in ranked:
            if len(found) >= limit:
                break
            unit = _row_unit(row[:-1])
            found.setdefault(unit.id, unit)
    return list(found.values())[:limit]
