"""SQLite's errors become known problems by their result code, never by their wording."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.store.errors import (
    DiskFull,
    RegistryCorrupt,
    RegistryError,
    RegistryLocked,
    RegistryReadOnly,
    translate,
)


def raised(conn: sqlite3.Connection, sql: str) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        conn.execute(sql)
    return info.value


def test_a_full_database_is_disk_full(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t(x)")
    conn.execute("PRAGMA max_page_count = 3")
    exc = raised(conn, "INSERT INTO t SELECT randomblob(100000)")
    assert exc.sqlite_errorname == "SQLITE_FULL"
    assert isinstance(translate(exc, "so.db"), DiskFull)


def test_busy_locked_readonly_damaged_and_unopenable(tmp_path: Path):
    path = tmp_path / "r.db"
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    writer.execute("CREATE TABLE t(x)")
    writer.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    assert isinstance(translate(raised(other, "BEGIN IMMEDIATE"), path), RegistryLocked)
    writer.execute("ROLLBACK")

    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    exc = raised(reader, "INSERT INTO t VALUES (1)")
    assert exc.sqlite_errorname == "SQLITE_READONLY"
    assert isinstance(translate(exc, path), RegistryReadOnly)

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a registry " * 100)
    exc = raised(sqlite3.connect(junk), "SELECT * FROM sqlite_master")
    assert isinstance(translate(exc, junk), RegistryCorrupt)

    with pytest.raises(sqlite3.Error) as info:
        sqlite3.connect(tmp_path / "no-such-folder" / "r.db")
    found = translate(info.value, "r.db")
    assert type(found) is RegistryError and "Không mở được" in found.vi


def test_the_wording_does_not_decide(tmp_path: Path):
    conn = sqlite3.connect(tmp_path / "r.db")
    conn.execute("CREATE TABLE t(x CHECK (x > 0))")
    conn.execute(
        "CREATE TRIGGER no_zero BEFORE INSERT ON t WHEN new.x = 0 "
        "BEGIN SELECT RAISE(ABORT, 'the unit is locked; the database or disk is full'); END"
    )
    # A constraint that happens to speak of locks and full disks is still a bug, not a lock.
    exc = raised(conn, "INSERT INTO t VALUES (0)")
    assert exc.sqlite_errorname == "SQLITE_CONSTRAINT_TRIGGER"
    assert translate(exc, "r.db") is None
    # An error of Python's sqlite3 module itself (no SQLite code) is a bug whatever it says.
    assert translate(sqlite3.OperationalError("database is locked"), "r.db") is None
    conn.close()
    with pytest.raises(sqlite3.ProgrammingError) as info:
        conn.execute("SELECT 1")
    assert translate(info.value, "r.db") is None
