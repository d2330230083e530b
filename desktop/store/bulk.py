"""Pausing Python's cyclic garbage collector while a large read or import builds its objects.

Reading a million unit rows, or reading, reconciling and writing 100,000 appendix rows, creates
millions of small objects (rows, units, changes, cells), none of them in reference cycles; the
collector would still walk all of them again and again as they pile up, which costs more than
building them (measured on the as-of tree of a million units: 2.2 s of 2.8 s; on an import,
about a quarter of the time). Reference counting frees everything as usual; the collector runs
again when the work is done.
"""

from __future__ import annotations

import contextlib
import gc
import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Rows per INSERT statement in insert_many: a statement of many rows costs SQLite one run of its
# program (and one update of an AUTOINCREMENT counter) instead of one per row; 200 rows of the
# widest table (units, 19 columns) bind 3,800 values, far below SQLite's limit (32,766).
ROWS_PER_STATEMENT = 200
_PLAIN_INSERT = re.compile(r"INSERT INTO \w+ \([\w, ]+\) VALUES (\((?:\?,\s*)*\?\))")


def insert_many(conn: sqlite3.Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """What ``conn.executemany(sql, rows)`` does, for a plain ``INSERT INTO t (...) VALUES
    (?, ...)``, as statements of :data:`ROWS_PER_STATEMENT` rows each.

    Measured on the rows a 100,000-row import writes into the 1M benchmark registry: a fifth
    less CPU for the units, events and used codes than one statement per row. The same rows in
    the same order; a row that breaks a constraint fails its statement, inside the caller's
    transaction, as it failed the whole ``executemany``. Any other statement (an upsert, a
    SELECT) goes to ``executemany`` as it is."""
    found = _PLAIN_INSERT.fullmatch(sql.strip())
    if found is None:
        conn.executemany(sql, rows)
        return
    head, one = sql.strip()[: found.start(1)], found[1]
    full = len(rows) - len(rows) % ROWS_PER_STATEMENT
    if full:
        many = head + ",".join([one] * ROWS_PER_STATEMENT)
        conn.executemany(
            many,
            (
                [value for row in rows[i : i + ROWS_PER_STATEMENT] for value in row]
                for i in range(0, full, ROWS_PER_STATEMENT)
            ),
        )
    rest = rows[full:]
    if rest:
        conn.executemany(head + ",".join([one] * len(rest)), [[v for row in rest for v in row]])
