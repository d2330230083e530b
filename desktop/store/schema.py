"""The registry's schema, grown only through sqlite-utils migrations.

Add a migration at the end; never edit one that has shipped. :mod:`desktop.store.registry` takes a
copy of the file before applying any pending migration to a registry that already holds data.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# PRAGMA application_id: "MDDN" in ASCII, so a registry is recognised before any table is read.
APPLICATION_ID = 0x4D44444E
SCHEMA_VERSION = 1

UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "level",
    "parent_id",
    "kind",
    "status",
    "address",
    "email",
    "phone",
    "fax",
    "website",
    "note",
    "valid_from",
    "valid_to",
    "decision_id",
)
# Contact and description fields: changed by an "update" event, never part of the code's identity.
DETAIL_FIELDS = ("short_name", "address", "email", "phone", "fax", "website", "note")

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
def m002_appendix_fold_eth(db: Database) -> None:
    # Search now folds the look-alike eth (Ð, ð) to d like đ: refold the names that hold one.
    db.execute(
        "UPDATE units SET folded_name = replace(folded_name, 'ð', 'd') "
        "WHERE instr(folded_name, 'ð') > 0"
    )
