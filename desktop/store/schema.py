"""The registry's schema, grown only through sqlite-utils migrations.

Add a migration at the end; never edit one that has shipped. :mod:`desktop.store.registry` takes a
copy of the file before applying any pending migration to a registry that already holds data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desktop.store.fields import APPLICATION_ID, DETAIL_FIELDS, SCHEMA_VERSION, UNIT_FIELDS

__all__ = ["APPLICATION_ID", "DETAIL_FIELDS", "SCHEMA_VERSION", "UNIT_FIELDS", "migrations"]

migrations = Migrations("madinhdanh")


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            issuer TEXT NOT NULL DEFAULT '',
            signed TEXT,
            effective TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            source_file TEXT,
            source_sha256 TEXT,
            note TEXT,
            recorded_at TEXT NOT NULL
        )"""
    )
    # AUTOINCREMENT: a unit id is never handed out twice, even after a rolled-back insert.
    db.execute(
        """
        CREATE TABLE units (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            short_name TEXT,
            level INTEGER,
            parent_id INTEGER REFERENCES units(id),
            kind TEXT NOT NULL CHECK (kind IN ('agency', 'enterprise', 'scheme')),
            status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed', 'annulled')),
            address TEXT,
            email TEXT,
            phone TEXT,
            fax TEXT,
            website TEXT,
            note TEXT,
            valid_from TEXT,
            valid_to TEXT,
            decision_id INTEGER REFERENCES decisions(id),
            sort_key TEXT NOT NULL,
            folded_name TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX units_parent ON units(parent_id, sort_key)")
    db.execute("CREATE INDEX units_sort ON units(sort_key)")
    db.execute("CREATE INDEX units_code ON units(code)")
    db.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            type TEXT NOT NULL CHECK (type IN ('create', 'rename', 'recode', 'move', 'update',
                'merge', 'split', 'close', 'reopen', 'annul')),
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}',
            decision_id INTEGER REFERENCES decisions(id),
            effective TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT '',
            group_id TEXT,
            annulled_by INTEGER REFERENCES events(id),
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX events_unit ON events(unit_id, id)")
    db.execute("CREATE INDEX events_effective ON events(effective)")
    db.execute("CREATE INDEX events_decision ON events(decision_id)")
    db.execute("CREATE INDEX events_group ON events(group_id)")
    # The primary key is the rule itself: a code belongs to one unit, for ever.
    db.execute(
        """
        CREATE TABLE codes_used (
            code TEXT PRIMARY KEY,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            event_id INTEGER NOT NULL REFERENCES events(id),
            first_used TEXT NOT NULL,
            last_used TEXT
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX codes_used_unit ON codes_used(unit_id)")
    db.execute(
        """
        CREATE TABLE successors (
            unit_id INTEGER NOT NULL REFERENCES units(id),
            successor_id INTEGER NOT NULL REFERENCES units(id),
            event_id INTEGER NOT NULL REFERENCES events(id),
            PRIMARY KEY (unit_id, successor_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX successors_successor ON successors(successor_id)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
    # Vietnamese folding (tone marks, đ) is done in Python into units.folded_name; FTS5 indexes
    # that column with prefix indexes, so typing "so tu ph" answers from the index alone. The
    # triggers fire only when the folded name changes, not on every status or code update.
    db.execute(
        """
        CREATE VIRTUAL TABLE units_fts USING fts5(
            folded_name, content='units', content_rowid='id',
            tokenize='unicode61', prefix='1 2 3'
        )"""
    )
    db.execute(
        """
        CREATE TRIGGER units_fts_insert AFTER INSERT ON units BEGIN
            INSERT INTO units_fts(rowid, folded_name) VALUES (new.id, new.folded_name);
        END"""
    )
    db.execute(
        """
        CREATE TRIGGER units_fts_update AFTER UPDATE OF folded_name ON units BEGIN
            INSERT INTO units_fts(units_fts, rowid, folded_name)
                VALUES ('delete', old.id, old.folded_name);
            INSERT INTO units_fts(rowid, folded_name) VALUES (new.id, new.folded_name);
        END"""
    )
    db.execute(
        """
        CREATE TRIGGER units_fts_delete AFTER DELETE ON units BEGIN
            INSERT INTO units_fts(units_fts, rowid, folded_name)
                VALUES ('delete', old.id, old.folded_name);
        END"""
    )
    db.execute("PRAGMA user_version = 1")


@migrations()
def m002_prints_decision_history(db: Database) -> None:
    # A decision withdrawn from the registry (no change of it remains in effect) keeps its row:
    # annulled events still point at it, and its history says when and by whom.
    db.execute("ALTER TABLE decisions ADD COLUMN withdrawn TEXT")
    # Corrections and withdrawals of decisions, append-only and chained by hash like events.
    db.execute(
        """
        CREATE TABLE decision_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            action TEXT NOT NULL CHECK (action IN ('correct', 'withdraw', 'reinstate')),
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT '',
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX decision_history_decision ON decision_history(decision_id, id)")


# The guard of the codes a restore carried over (m003). A trigger on codes_used costs every
# used code an import writes about 4 µs even when no code is reserved (issue 17: an eighth of the
# import's floor), so it stands only while codes_reserved holds a code: the restore that fills
# the table sets it up (desktop.store.backup), and m009 takes it away where nothing is reserved;
# the schema check (desktop.store.verify) expects it exactly then.
RESERVED_GUARD = """
        CREATE TRIGGER codes_reserved_guard BEFORE INSERT ON codes_used
        WHEN EXISTS (SELECT 1 FROM codes_reserved WHERE code = new.code) BEGIN
            SELECT RAISE(ABORT, 'codes_reserved: the code was issued before a restore');
        END"""


@migrations()
def m003_codes_reserved(db: Database) -> None:
    # Codes this registry's own history does not hold but that were issued all the same: a
    # restore of an older copy carries here every code the registry it replaced (and its newer
    # automatic copies) had used, so that none of them is ever issued again. Not events: they
    # are outside this copy's history, and replay neither makes nor checks them.
    db.execute(
        """
        CREATE TABLE codes_reserved (
            code TEXT PRIMARY KEY,
            unit_name TEXT NOT NULL DEFAULT '',
            first_used TEXT,
            source TEXT NOT NULL DEFAULT '',
            reserved_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    # The last guard, as the primary key of codes_used is for codes held by units (since m009
    # only while a code is reserved).
    db.execute(RESERVED_GUARD)


@migrations()
def m004_law_decision_type(db: Database) -> None:
    """Acts have a type (Quyết định, Nghị quyết, Thông tư...); existing ones get the type their
    symbol suggests (``/QH15`` a Nghị quyết), the rest stay Quyết định."""
    from desktop.domain.decisions import QUYET_DINH, suggest_type

    db.execute(f"ALTER TABLE decisions ADD COLUMN type TEXT NOT NULL DEFAULT '{QUYET_DINH}'")
    rows = db.execute("SELECT id, number FROM decisions").fetchall()
    db.conn.executemany(
        "UPDATE decisions SET type = ? WHERE id = ?",
        [(suggest_type(number), decision_id) for decision_id, number in rows],
    )


@migrations()
def m005_appendix_fold_eth(db: Database) -> None:
    # Search now folds the look-alike eth (Ð, ð) to d like đ: refold the names that hold one.
    db.execute(
        "UPDATE units SET folded_name = replace(folded_name, 'ð', 'd') "
        "WHERE instr(folded_name, 'ð') > 0"
    )


@migrations()
def m006_sign_signatures(db: Database) -> None:
    # Reports digitally signed from this registry: not changes of units (no event), an
    # append-only history of its own, chained by hash like decision_history.
    db.execute(
        """
        CREATE TABLE signed_reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            report_kind TEXT NOT NULL,
            report_title TEXT NOT NULL DEFAULT '',
            parameters TEXT NOT NULL DEFAULT '{}',
            file_name TEXT NOT NULL DEFAULT '',
            pdf_sha256 TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('signer', 'agency')),
            signer TEXT NOT NULL,
            certificate_sha256 TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            timestamped INTEGER NOT NULL DEFAULT 0,
            events_head TEXT NOT NULL DEFAULT '',
            decisions_head TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT '',
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX signed_reports_sha256 ON signed_reports(pdf_sha256)")


# The CHECK constraints m007 rewrites: SQLite evaluates ``x IN ('a', 'b')`` on every inserted row
# at 5-8 µs, the same rule as ``x = 'a' OR x = 'b'`` at 1-2 µs (issue 17: a fifth of an import's
# floor). The allowed values do not change.
_PERF_CHECKS = {"units": ("kind", "status"), "events": ("type",)}


@migrations(transactional=False)
def m007_perf_checks(db: Database) -> None:
    # A CHECK constraint lives in the table's definition: the table is rebuilt (SQLite's
    # documented twelve steps) with the same columns, rows, ids, AUTOINCREMENT counter, indexes
    # and triggers. Foreign keys must be off while a referenced table is dropped and renamed,
    # which a transaction cannot do: hence this migration opens its own and is idempotent (a
    # table already rewritten is left as it is) should it be interrupted before being recorded.
    conn = db.conn

    def rebuild() -> None:
        for table, columns in _PERF_CHECKS.items():
            _rebuild_with_equalities(conn, table, columns)

    _rebuild_outside_keys(conn, "m007_perf_checks", rebuild)


def _rebuild_outside_keys(conn: Any, migration: str, rebuild: Callable[[], None]) -> None:
    """Run ``rebuild`` (tables dropped and renamed) in a transaction of its own with foreign
    keys off, check they still hold, then VACUUM: the old tables' pages are free now (half the
    file on a large registry), and without this every later copy (the backup before each
    import) would carry them. Once, at the upgrade."""
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    # Renaming the new table must not rewrite nor re-parse other tables' triggers and views.
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            rebuild()
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise RuntimeError(f"{migration}: a foreign key no longer holds")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    conn.execute("VACUUM")


def _rebuild_with_equalities(conn: Any, table: str, columns: tuple[str, ...]) -> None:
    (sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    new_sql = sql
    for column in columns:
        found = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", new_sql)
        if found is None:
            continue
        values = [v.strip() for v in found[1].split(",")]
        rule = " OR ".join(f"{column} = {v}" for v in values)
        new_sql = new_sql[: found.start()] + f"CHECK ({rule})" + new_sql[found.end() :]
    if new_sql == sql:
        return
    _rebuild_table(conn, table, new_sql, "m007")


def _rebuild_table(conn: Any, table: str, new_sql: str, tag: str) -> None:
    """Make ``table`` again from ``new_sql`` (its new definition): same columns, rows, ids,
    AUTOINCREMENT counter, indexes and triggers; inside the caller's transaction."""
    temp = f"{table}_{tag}"
    head = re.match(rf'CREATE TABLE\s+"?{table}"?\s*\(', new_sql)
    assert head is not None, new_sql[:40]
    # Its own indexes and triggers go with the old table: kept to be made again on the new one.
    kept = conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type = 'trigger', rowid",
        (table,),
    ).fetchall()
    sequence = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    names = ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
    conn.execute(f"CREATE TABLE {temp} (" + new_sql[head.end() :])
    conn.execute(f"INSERT INTO {temp} ({names}) SELECT {names} FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {temp} RENAME TO {table}")
    for (statement,) in kept:
        conn.execute(statement)
    if sequence is not None:
        # AUTOINCREMENT: no id is handed out twice, not even one no row holds any more.
        conn.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (sequence[0], table)
        )
        conn.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = ?)",
            (table, sequence[0], table),
        )


@migrations(transactional=False)
def m008_basis_events(db: Database) -> None:
    # A new event type, ``basis`` (an earlier legal basis of a unit the registry holds, entered
    # after the later act): the CHECK constraint on events.type lives in the table's
    # definition, so the table is rebuilt as m007 did, with the same care (foreign keys off in
    # its own transaction, idempotent: a table that already allows it is left as it is).
    conn = db.conn
    (sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'"
    ).fetchone()
    if "'basis'" in sql:
        return
    last = sql.rfind("type = 'annul'")
    if last >= 0:  # the equality form m007 wrote
        at = last + len("type = 'annul'")
        new_sql = sql[:at] + " OR type = 'basis'" + sql[at:]
    else:
        at = sql.index("'annul'") + len("'annul'")
        new_sql = sql[:at] + ", 'basis'" + sql[at:]
    _rebuild_outside_keys(
        conn, "m008_basis_events", lambda: _rebuild_table(conn, "events", new_sql, "m008")
    )


def guard_reserved_codes(conn: Any) -> None:
    """Set up the guard when codes_reserved holds a code (and only then)."""
    reserved = conn.execute("SELECT 1 FROM codes_reserved LIMIT 1").fetchone()
    present = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'codes_reserved_guard'"
    ).fetchone()
    if reserved and not present:
        conn.execute(RESERVED_GUARD)


@migrations()
def m009_perf_floor(db: Database) -> None:
    # (A registry's own migrations are replayed by the schema check, m003 possibly left out.)
    if (
        db["codes_reserved"].exists()
        and db.execute("SELECT 1 FROM codes_reserved LIMIT 1").fetchone()
    ):
        return
    db.execute("DROP TRIGGER IF EXISTS codes_reserved_guard")
