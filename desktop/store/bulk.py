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
import functools
import gc
import itertools
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
# Rows built between two hand-overs to a writer thread (store/writer.py): whole statements, so
# that the statements run are exactly those of one insert_many of all the rows.
CHUNK_ROWS = 2 * ROWS_PER_STATEMENT
_PLAIN_INSERT = re.compile(r"INSERT INTO \w+ \([\w, ]+\) VALUES (\((?:\?,\s*)*\?\))")


def insert_statements(
    sql: str, rows: Sequence[Sequence[Any]]
) -> Iterator[tuple[str, Sequence[Sequence[Any]]]]:
    """The statements :func:`insert_many` runs for ``rows``: pairs of SQL and the parameter sets
    to ``executemany`` it with, in order. Rows of a plain insert come flattened, each statement's
    values in one list."""
    shape = _shape(sql)
    if shape is None:
        yield sql, rows
        return
    head, one = shape
    full = len(rows) - len(rows) % ROWS_PER_STATEMENT
    flat = itertools.chain.from_iterable
    if full:
        yield (
            _many(head, one, ROWS_PER_STATEMENT),
            [
                list(flat(rows[i : i + ROWS_PER_STATEMENT]))
                for i in range(0, full, ROWS_PER_STATEMENT)
            ],
        )
    if full < len(rows):
        yield _many(head, one, len(rows) - full), [list(flat(rows[full:]))]


def insert_many(conn: sqlite3.Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """What ``conn.executemany(sql, rows)`` does, for a plain ``INSERT INTO t (...) VALUES
    (?, ...)``, as statements of :data:`ROWS_PER_STATEMENT` rows each.

    Measured on the rows a 100,000-row import writes into the 1M benchmark registry: a fifth
    less CPU for the units, events and used codes than one statement per row. The same rows in
    the same order; a row that breaks a constraint fails its statement, inside the caller's
    transaction, as it failed the whole ``executemany``. Any other statement (an upsert, a
    SELECT) goes to ``executemany`` as it is."""
    for statement, params in insert_statements(sql, rows):
        conn.executemany(statement, params)


@functools.lru_cache(maxsize=64)
def _shape(sql: str) -> tuple[str, str] | None:
    """A plain insert's head (up to ``VALUES``) and one row's placeholders; None otherwise."""
    sql = sql.strip()
    found = _PLAIN_INSERT.fullmatch(sql)
    return None if found is None else (sql[: found.start(1)], found[1])


@functools.lru_cache(maxsize=256)
def _many(head: str, one: str, count: int) -> str:
    return head + ",".join([one] * count)
