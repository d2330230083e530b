"""Running a large import's inserts in a thread of their own while the next rows are built.

SQLite does most of an import's writing in C with Python's lock released (``sqlite3_step``);
the rest is Python building the rows, their events' text and hashes. One thread that executes
the statements, in the order they are handed over, lets the caller build the next rows on the
machine's other core meanwhile: the same statements, in the same order, in the same
transaction, so the registry ends up exactly as if the caller had run them itself.

Only one thread uses the connection at a time: the caller hands statements over and must
:meth:`~Writer.drain` before it reads or writes through the connection itself. A failure in the
thread (a constraint refusing a row) skips what is queued after it and is raised again, the
same exception, in the caller at its next hand-over or drain; a failure in the caller stops the
thread after the statement it is running. Either way the thread is gone when
:func:`writing_behind` returns, and the caller's transaction rolls back what was written.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from desktop.store.bulk import insert_statements

# Statements handed over and not yet run, at most: the caller stays a few statements ahead,
# never a whole import's rows ahead.
_DEPTH = 32
# How long a thread that wants Python's lock waits for the one holding it (the default is 5 ms):
# the writer needs it briefly after every statement, and would otherwise wait that long each
# time while the caller builds rows. Measured on the 100k benchmark import: the writer waited
# 0.9 s for it at 5 ms, 0.1-0.2 s at 0.2 ms and below. Restored afterwards.
_SWITCH = 0.00005

_Job = tuple[str, Any, bool]  # (sql, parameters, many)


class Writer:
    """Executes handed-over statements on ``conn``, in order, in a thread of its own."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=_DEPTH)
        self._failure: BaseException | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._work, name="import-writer", daemon=True)
        self._thread.start()

    def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """:func:`desktop.store.bulk.insert_many`, run behind (the rows are flattened here)."""
        for statement, params in insert_statements(sql, rows):
            self._put((statement, params, True))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """One statement whose result nobody reads, run behind."""
        self._put((sql, params, False))

    def drain(self) -> None:
        """Wait until every statement handed over has run; raise the thread's failure, if any."""
        self._jobs.join()
        self._raise_failure()

    def close(self) -> None:
        """Stop the thread, skipping what is still queued (after a failure), and wait for it."""
        self._stopping = True
        self._jobs.put(None)
        self._thread.join()

    def _put(self, job: _Job) -> None:
        self._raise_failure()
        self._jobs.put(job)

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _work(self) -> None:
        conn = self._conn
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._failure is None and not self._stopping:
                    sql, params, many = job
                    if many:
                        conn.executemany(sql, params)
                    else:
                        conn.execute(sql, params)
            except BaseException as exc:  # raised again in the caller's thread
                self._failure = exc
            finally:
                self._jobs.task_done()


@contextlib.contextmanager
def writing_behind(conn: sqlite3.Connection) -> Iterator[Writer]:
    """A :class:`Writer` for the block; everything handed over has run when the block ends
    normally, and the thread is gone however it ends."""
    writer = Writer(conn)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, _SWITCH))
    try:
        yield writer
        writer.drain()
    finally:
        writer.close()
        sys.setswitchinterval(switch)
