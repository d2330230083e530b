"""What an import's writing no longer pays for (issue 17), and what still guards the registry.

* The guard of reserved codes (a trigger on ``codes_used``) stands only while a restore has
  reserved a code: a registry with none writes its used codes without it, one with some is
  refused a reserved code by SQLite itself, and the schema check expects the guard exactly then.
* An import commits without copying the write-ahead log back into the file; the copy back is
  done apart (the last connection's close, or a checkpoint in a thread of its own).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.store.base import AUTOCHECKPOINT_PAGES, checkpoint_in_background
from desktop.store.bulk import ROWS_PER_STATEMENT, insert_many
from desktop.store.registry import Registry
from desktop.store.verify import SCHEMA_MISSING, schema_damage

DECISION = ["--decision", "12/QĐ-UBND", "--effective", "2026-03-10", "--issuer", "UBND tỉnh"]
GUARD = "SELECT count(*) FROM sqlite_master WHERE name = 'codes_reserved_guard'"


def _guards(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(GUARD).fetchone()[0]
    finally:
        conn.close()


def test_the_guard_stands_only_while_a_code_is_reserved(official_db: Path, tmp_path: Path, cli):
    db = str(official_db)
    assert _guards(official_db) == 0
    with Registry.open(official_db, readonly=True) as reg:
        assert schema_damage(reg) == []
    copy = tmp_path / "copy.db"
    assert cli("--db", db, "backup", str(copy))[0] == 0
    assert cli("--db", db, "add", "000.00.05.H35", "Sở Y tế", *DECISION)[0] == 0
    rc, out, _ = cli("--db", db, "restore", str(copy))
    assert rc == 0 and "Giữ lại 1 mã đã cấp" in out
    assert _guards(official_db) == 1
    with Registry.open(official_db) as reg:
        assert schema_damage(reg) == []
        unit_id, event_id = reg.conn.execute(
            "SELECT unit_id, event_id FROM codes_used LIMIT 1"
        ).fetchone()
        # The last guard, below every check of the program: SQLite refuses the code itself.
        with pytest.raises(sqlite3.IntegrityError, match="codes_reserved"):
            reg.conn.execute(
                "INSERT INTO codes_used (code, unit_id, event_id, first_used) "
                "VALUES ('H35.05', ?, ?, '2026-03-10')",
                (unit_id, event_id),
            )
    # Taken away by hand while a code is reserved: the schema check says what is missing.
    conn = sqlite3.connect(official_db)
    conn.execute("DROP TRIGGER codes_reserved_guard")
    conn.commit()
    conn.close()
    with Registry.open(official_db, readonly=True) as reg:
        [damage] = schema_damage(reg)
    assert damage.kind == SCHEMA_MISSING and "codes_reserved_guard" in damage.message


def test_a_registry_made_before_m009_is_upgraded(official_db: Path):
    """Registries made before m009 carry the guard whatever they reserve: the upgrade takes it
    away where nothing is reserved, and the schema check then finds nothing amiss."""
    from desktop.store.schema import RESERVED_GUARD

    conn = sqlite3.connect(official_db)
    conn.execute(RESERVED_GUARD)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_perf_floor'")
    conn.commit()
    conn.close()
    assert _guards(official_db) == 1
    with Registry.open(official_db) as reg:
        assert schema_damage(reg) == []
    assert _guards(official_db) == 0


def test_a_deferred_checkpoint_leaves_the_log_for_later(official_db: Path):
    """The commit leaves the new pages in the log (the file does not grow), and a checkpoint in
    a thread of its own copies them back (it does)."""
    with Registry.open(official_db) as reg:
        conn = reg.conn
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == AUTOCHECKPOINT_PAGES
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = official_db.stat().st_size
        with reg.checkpoint_deferred(), reg.write():
            assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
            # More pages than an automatic checkpoint lets the log hold (about 1,500).
            conn.execute("CREATE TABLE scratch (x TEXT)")
            conn.executemany(
                "INSERT INTO scratch VALUES (?)", ((f"{i:08d}" * 64,) for i in range(12_000))
            )
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == AUTOCHECKPOINT_PAGES
        assert official_db.stat().st_size == size
        checkpoint_in_background(official_db).join()
        assert official_db.stat().st_size > size + AUTOCHECKPOINT_PAGES * 4096
        count = conn.execute("SELECT count(*) FROM scratch").fetchone()[0]
    assert count == 12_000
    # A registry moved or deleted before the thread runs is not made again, empty.
    gone = official_db.with_name("moved.db")
    checkpoint_in_background(gone).join()
    assert not gone.exists()


@pytest.mark.parametrize("count", [0, 1, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, 2 * 200 + 51])
def test_insert_many_writes_what_executemany_writes(count: int):
    def table(insert) -> list[tuple]:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b INTEGER)")
        insert(conn, "INSERT INTO t (a, b) VALUES (?, ?)", [(f"r{i}", i * i) for i in range(count)])
        rows = conn.execute("SELECT * FROM t").fetchall()
        rows += conn.execute("SELECT * FROM sqlite_sequence").fetchall()
        return rows

    plain = table(lambda conn, sql, rows: conn.executemany(sql, rows))
    assert table(insert_many) == plain and len(plain) == count + (count > 0)


def test_insert_many_fails_whole_and_leaves_other_statements_alone():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (code TEXT PRIMARY KEY, n INTEGER)")
    rows = [(f"c{i}", i) for i in range(450)]
    rows[320] = ("c5", 320)  # a code used twice, in the second statement of 200 rows
    conn.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError):
        insert_many(conn, "INSERT INTO t (code, n) VALUES (?, ?)", rows)
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    # An upsert is not a plain insert: it goes to executemany as it is, row after row.
    upsert = "INSERT INTO t (code, n) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET n = excluded.n"
    insert_many(conn, upsert, [("a", 1), ("a", 2)])
    assert conn.execute("SELECT * FROM t").fetchall() == [("a", 2)]
