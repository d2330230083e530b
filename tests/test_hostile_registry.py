"""Tampered and damaged registries (issue 16): each forgery found by name, each damage refused."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.store import base, seals
from desktop.store import verify as v
from desktop.store.registry import Registry
from desktop.store.settings import write_settings


@pytest.fixture()
def sealed_db(official_db: Path) -> Path:
    with Registry.open(official_db) as reg:
        write_settings(reg, {"issuer_name": "SỞ NỘI VỤ", "signer_name": "Nguyễn Văn A"})
    return official_db


def _tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _kinds(path: Path) -> set[str]:
    with Registry.open(path, readonly=True) as reg:
        report = v.verify_registry(reg)
    assert report.ok == (not report.damage and report.chain.ok and not report.integrity)
    return {d.kind for d in report.damage}


def test_untouched_registry_verifies(sealed_db: Path) -> None:
    with Registry.open(sealed_db, readonly=True) as reg:
        report = v.verify_registry(reg)
    assert report.ok, report.as_dict()


FORGERIES: list[tuple[str, list[str], str]] = [
    ("number", ["UPDATE decisions SET number = '99/QĐ-GIẢ' WHERE id = 1"], v.DECISION_SEAL),
    ("issuer", ["UPDATE decisions SET issuer = 'Cơ quan giả' WHERE id = 1"], v.DECISION_SEAL),
    ("effective", ["UPDATE decisions SET effective = '1999-01-01' WHERE id = 1"], v.DECISION_SEAL),
    ("signed", ["UPDATE decisions SET signed = '1999-01-01' WHERE id = 1"], v.DECISION_SEAL),
    ("title", ["UPDATE decisions SET title = 'Giả' WHERE id = 1"], v.DECISION_SEAL),
    ("bad date", ["UPDATE decisions SET effective = 'x' WHERE id = 1"], v.DECISION_UNREADABLE),
    ("signer", ["UPDATE meta SET value = 'Kẻ giả' WHERE key = 'signer_name'"], v.SETTINGS_SEAL),
    ("notation", ["UPDATE meta SET value = 'x' WHERE key = 'display_notation'"], v.SETTINGS_SEAL),
    ("sort key", ["UPDATE units SET sort_key = 'zzz' WHERE id = 3"], v.SORT_KEY),
    ("search key", ["UPDATE units SET folded_name = 'bo cong an' WHERE id = 3"], v.FOLDED_NAME),
    ("index row", ["DELETE FROM units_fts WHERE rowid = 5"], v.SEARCH_INDEX),
    ("index size", ["DELETE FROM units_fts_docsize WHERE id = 5"], v.SEARCH_INDEX),
    (
        "trigger",
        ["CREATE TRIGGER t AFTER INSERT ON events BEGIN DELETE FROM codes_used; END"],
        v.SCHEMA_FOREIGN,
    ),
    ("view", ["CREATE VIEW w AS SELECT * FROM units"], v.SCHEMA_FOREIGN),
    ("table", ["CREATE TABLE extra (x)"], v.SCHEMA_FOREIGN),
    ("index", ["DROP INDEX units_code"], v.SCHEMA_MISSING),
]


@pytest.mark.parametrize(("what", "sql", "kind"), FORGERIES, ids=[f[0] for f in FORGERIES])
def test_forgery_is_found_by_name(
    sealed_db: Path, cli: Callable[..., tuple[int, str, str]], what: str, sql: list[str], kind: str
) -> None:
    _tamper(sealed_db, *sql)
    assert kind in _kinds(sealed_db)
    rc, out, _err = cli("--db", str(sealed_db), "verify")
    assert rc == 1
    assert "Sổ nguyên vẹn." not in out and kind in out


def test_registry_without_seals_verifies_and_is_sealed_on_writing(sealed_db: Path) -> None:
    # A registry made before the seals: none in meta.
    _tamper(sealed_db, "DELETE FROM meta WHERE key LIKE 'seal%'")
    assert _kinds(sealed_db) == set()
    with Registry.open(sealed_db) as reg:
        assert reg.meta(seals.SEALED_FLAG) == "1"
    _tamper(sealed_db, "UPDATE decisions SET number = 'GIẢ' WHERE id = 1")
    assert _kinds(sealed_db) == {v.DECISION_SEAL}


def test_new_decisions_and_settings_are_sealed(sealed_db: Path) -> None:
    with Registry.open(sealed_db) as reg:
        reg.add_decision("15/QĐ-UBND", effective="2025-06-01", issuer="UBND tỉnh")
        write_settings(reg, {"place": "Bến Tre"})
    assert _kinds(sealed_db) == set()


# -- open and restore refuse what is not clean ----------------------------------------------------


def test_open_for_writing_refuses_a_foreign_trigger(
    sealed_db: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    _tamper(sealed_db, "CREATE TRIGGER t AFTER INSERT ON events BEGIN DELETE FROM codes_used; END")
    before = sealed_db.read_bytes()
    rc, _out, err = cli("--db", str(sealed_db), "settings", "place=Bến Tre")
    assert rc == 2
    assert "bị hỏng" in err and "madinhdanh restore" in err and "trigger t" in err
    assert sealed_db.read_bytes() == before
    rc, _out, _err = cli("--db", str(sealed_db), "verify")
    assert rc == 1


def test_restore_refuses_a_copy_with_a_foreign_trigger(
    sealed_db: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    copy = tmp_path / "ban_sao.db"
    rc, _out, err = cli("--db", str(sealed_db), "backup", str(copy))
    assert rc == 0, err
    _tamper(copy, "CREATE TRIGGER t AFTER INSERT ON events BEGIN DELETE FROM codes_used; END")
    before = sealed_db.read_bytes()
    rc, _out, err = cli("--db", str(sealed_db), "restore", str(copy))
    assert rc == 2
    assert "không sạch" in err and "trigger t" in err
    assert sealed_db.read_bytes() == before


def test_newer_registry_opens_read_only_with_the_reason(
    sealed_db: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    _tamper(
        sealed_db,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('madinhdanh', 'm999_future', '2030-01-01')",
    )
    before = sealed_db.read_bytes()
    with Registry.open(sealed_db) as reg:
        assert reg.readonly and reg.readonly_banner and "mới hơn" in reg.readonly_banner
    rc, _out, err = cli("--db", str(sealed_db), "settings", "place=Bến Tre")
    assert rc == 2 and "mới hơn" in err
    assert sealed_db.read_bytes() == before


def _crash_after_a_write(path: Path, place: str) -> None:
    """A writer that records a change and dies without closing: its -wal is left behind."""
    code = (
        "import os, sys\n"
        "from desktop.store.registry import Registry\n"
        "from desktop.store.settings import write_settings\n"
        "reg = Registry.open(sys.argv[1])\n"
        "write_settings(reg, {'place': sys.argv[2]})\n"
        "os._exit(0)\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code, str(path), place], check=True, cwd=root)
    assert Path(str(path) + "-wal").stat().st_size > 0


def test_stale_wal_is_set_aside_not_replayed(
    sealed_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "_JOURNAL_SLACK_SECONDS", 0.0, raising=False)
    backup = tmp_path / "truoc.db"
    shutil.copyfile(sealed_db, backup)
    _crash_after_a_write(sealed_db, "Nhập đã hủy")
    time.sleep(0.05)  # the copy below happens after the crash, as a clerk's would
    shutil.copyfile(backup, sealed_db)  # the clerk puts the backup back by hand
    with Registry.open(sealed_db) as reg:
        assert reg.meta("place") is None
        kept = reg.journal_set_aside
    assert kept and all(p.exists() and ".stale-" in p.name for p in kept)


def test_own_wal_after_a_crash_is_replayed(
    sealed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "_JOURNAL_SLACK_SECONDS", 0.0, raising=False)
    _crash_after_a_write(sealed_db, "Bến Tre")
    with Registry.open(sealed_db) as reg:
        assert reg.meta("place") == "Bến Tre"
        assert reg.journal_set_aside == []


# -- damage is a refusal with the way out, in every command ----------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["history", "G01"],
        ["export", "{tmp}/ra.xlsx"],
        ["backup", "{tmp}/sao.db"],
    ],
)
def test_damaged_pages_exit_2_with_the_way_out(
    sealed_db: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]], command: list[str]
) -> None:
    # What a damaged page looks like to a reader: text that is not even UTF-8.
    _tamper(sealed_db, "UPDATE decisions SET issuer = CAST(x'ff41c3' AS TEXT)")
    args = [part.format(tmp=tmp_path) for part in command]
    rc, _out, err = cli("--db", str(sealed_db), *args)
    assert rc == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "bị hỏng" in lines[0] and "madinhdanh restore" in lines[0]
    assert "Không khôi phục" not in lines[0]
    assert not (tmp_path / "sao.db").exists() and not (tmp_path / "ra.xlsx").exists()
    rc, out, _err = cli("--db", str(sealed_db), "verify")
    assert rc == 1 and v.DECISION_UNREADABLE in out


def test_stale_wal_is_not_replayed_by_a_reader_either(
    sealed_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "_JOURNAL_SLACK_SECONDS", 0.0, raising=False)
    backup = tmp_path / "truoc.db"
    shutil.copyfile(sealed_db, backup)
    _crash_after_a_write(sealed_db, "Nhập đã hủy")
    time.sleep(0.05)
    shutil.copyfile(backup, sealed_db)
    with Registry.open(sealed_db, readonly=True) as reg:
        assert reg.meta("place") is None
        assert reg.journal_set_aside
    with Registry.open(sealed_db) as reg:
        assert reg.meta("place") is None
