"""Reliability: one writer, read-only media, damaged files, backups and restore, tamper evidence."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.errors import KnownError
from desktop.domain.units import NewUnit
from desktop.store import backup as backups
from desktop.store import schema
from desktop.store.base import READONLY_IN_USE, READONLY_MEDIUM
from desktop.store.errors import RegistryInUse, RegistryReadOnly
from desktop.store.lock import lock_path
from desktop.store.registry import Registry
from desktop.store.verify import (
    ANNULMENT,
    CONTENT,
    MISSING,
    TRUNCATED,
    verify_chain,
    verify_registry,
)

ROOT = Path(__file__).resolve().parent.parent

# A second program: opens the registry for writing, says so, then waits to be killed.
HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from desktop.store.registry import Registry
reg = Registry.open({path!r})
print("open", flush=True)
time.sleep(120)
"""


@pytest.fixture()
def other_writer(official_db: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(root=str(ROOT), path=str(official_db))],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MADINHDANH_OPERATOR": "Nguyễn Văn A"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    yield proc
    proc.kill()
    proc.wait()


def decision(reg: Registry) -> int:
    return reg.add_decision("7/QĐ-UBND", "2025-06-01", issuer="UBND tỉnh Vĩnh Long")


def some_changes(reg: Registry) -> None:
    d = decision(reg)
    reg.create_units([NewUnit("H59.01", "Văn phòng"), NewUnit("H59.02", "Sở Tư pháp")], d)
    reg.rename(reg.find("H59.02").id, "Sở Tư pháp tỉnh Vĩnh Long", d)
    reg.close_unit(reg.find("H59.01").id, d)


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


# -- one writer -------------------------------------------------------------------------------


def test_second_writer_is_refused_with_who_holds_it(official_db: Path, other_writer):
    with pytest.raises(RegistryInUse) as info:
        Registry.open(official_db)
    assert "đang được mở để sửa" in info.value.vi
    assert "Nguyễn Văn A" in info.value.vi


def test_second_instance_opens_read_only_with_a_banner(official_db: Path, other_writer):
    with Registry.open(official_db, if_locked="readonly") as reg:
        assert reg.readonly and reg.readonly_reason == READONLY_IN_USE
        assert reg.readonly_banner is not None
        assert "chỉ đọc" in reg.readonly_banner and "Nguyễn Văn A" in reg.readonly_banner
        assert reg.count_units() == 190
        d = reg.decisions()[0].id
        with pytest.raises(RegistryReadOnly) as info:
            reg.rename(reg.find("G10").id, "Tên khác", d)
        assert "nơi khác" in info.value.vi


def test_command_line_refuses_to_write_but_reads(official_db: Path, other_writer, cli):
    rc, _, err = cli("--db", str(official_db), "backup", "--keep", "3")
    assert rc == 2 and "đang được mở để sửa" in err and err.count("\n") == 1
    rc, out, _ = cli("--db", str(official_db), "verify")
    assert rc == 0 and "Sổ nguyên vẹn" in out
    rc, out, _ = cli("--db", str(official_db), "list", "--json")
    assert rc == 0


def test_lock_is_released_when_the_holder_dies(official_db: Path, other_writer):
    other_writer.kill()
    other_writer.wait()
    with Registry.open(official_db) as reg:
        assert not reg.readonly
        some_changes(reg)
    assert not lock_path(official_db).exists()  # a clean close tidies the lock file away


def test_opens_in_one_process_share_the_lock(official_db: Path):
    with Registry.open(official_db) as a, Registry.open(official_db) as b:
        assert not a.readonly and not b.readonly
        some_changes(a)
        assert b.find("H59.02").name == "Sở Tư pháp tỉnh Vĩnh Long"
    # Both closed: another program may now write.
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r})\n" + (
        "from desktop.store.registry import Registry\n"
        f"r = Registry.open({str(official_db)!r}); print(r.readonly)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- read-only medium ---------------------------------------------------------------------------


def as_unprivileged(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` where file permissions bind: in a child that drops root, if we are root."""
    if os.geteuid() != 0:
        return fn()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read)
        try:
            os.setgid(65534)
            os.setuid(65534)
            result: Any = ("ok", fn())
        except BaseException as exc:
            result = ("error", f"{type(exc).__name__}: {exc}")
        with os.fdopen(write, "wb") as fh:
            pickle.dump(result, fh)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        raise AssertionError(value)
    return value


@pytest.fixture()
def read_only_folder(official_db: Path) -> Iterator[Path]:
    """The registry in a folder nobody may write (file mode 444, folder 555)."""
    top = Path(tempfile.mkdtemp(prefix="ro-"))
    top.chmod(0o755)
    folder = top / "cd"
    folder.mkdir()
    shutil.copy(official_db, folder / "so.db")
    (folder / "so.db").chmod(0o444)
    folder.chmod(0o555)
    yield folder / "so.db"
    folder.chmod(0o755)
    shutil.rmtree(top)


def test_registry_on_read_only_medium_opens_read_only(read_only_folder: Path):
    def probe() -> tuple[Any, ...]:
        with Registry.open(read_only_folder) as reg:
            d = reg.decisions()[0].id
            try:
                reg.rename(reg.find("G10").id, "Tên khác", d)
                wrote = True
            except RegistryReadOnly:
                wrote = False
            report = verify_registry(reg)
            return reg.readonly_reason, reg.readonly_banner, reg.count_units(), wrote, report.ok

    reason, banner, units, wrote, sound = as_unprivileged(probe)
    assert reason == READONLY_MEDIUM and "chỉ cho đọc" in banner
    assert units == 190 and not wrote and sound
    assert sorted(p.name for p in read_only_folder.parent.iterdir()) == ["so.db"]


def test_read_only_medium_with_pending_wal_gets_a_clear_reason(official_db: Path):
    top = Path(tempfile.mkdtemp(prefix="ro-"))
    top.chmod(0o755)
    folder = top / "cd"
    folder.mkdir()
    try:
        with Registry.open(official_db) as reg:
            some_changes(reg)
            # Copied while open: the last changes are only in the -wal file.
            for suffix in ("", "-wal"):
                shutil.copy(str(official_db) + suffix, str(folder / "so.db") + suffix)
        for p in folder.iterdir():
            p.chmod(0o444)
        folder.chmod(0o555)

        def probe() -> str:
            try:
                with Registry.open(folder / "so.db") as reg:
                    return f"opened {reg.count_units()}"
            except KnownError as exc:
                return exc.vi

        message = as_unprivileged(probe)
        # Either SQLite reads the -wal (all changes there) or we say why we cannot.
        assert message == "opened 191" or "tệp -wal" in message
    finally:
        folder.chmod(0o755)
        shutil.rmtree(top)


# -- damaged and foreign files --------------------------------------------------------------------


def damaged_copies(official_db: Path, folder: Path) -> dict[str, Path]:
    data = official_db.read_bytes()
    cases = {
        "empty": b"",
        "text": "Danh sách mã định danh\n".encode() * 50,
        "half": data[: len(data) // 2],
        "header-only": data[:100],
        "pages-overwritten": data[:4096] + b"\xa5" * (len(data) - 4096),
        "png": b"\x89PNG\r\n\x1a\n" + data[8:],
        "header-garbled": data[:16] + bytes(range(84)) + data[100:],
    }
    paths = {}
    for name, content in cases.items():
        p = folder / f"{name}.db"
        p.write_bytes(content)
        paths[name] = p
    paths["folder"] = folder / "a-folder.db"
    paths["folder"].mkdir()
    return paths


@pytest.mark.parametrize("command", [["verify"], ["list"], ["history", "G10"], ["backup", "x/"]])
def test_damaged_or_foreign_files_get_a_reason_not_a_traceback(
    official_db: Path, tmp_path: Path, cli, command: list[str]
):
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, path in damaged_copies(official_db, folder).items():
        before = file_bytes(path) if path.is_file() else None
        rc, _, err = cli("--db", str(path), *command)
        assert rc in (1, 2), (name, rc, err)
        if rc == 2:
            assert err.startswith("madinhdanh: ") and err.count("\n") == 1, (name, err)
            assert "Traceback" not in err
        if before is not None:
            assert file_bytes(path) == before, name


# -- backups --------------------------------------------------------------------------------------


def test_backups_rotate_keeping_the_setting(official_db: Path):
    with Registry.open(official_db) as reg:
        assert backups.backup_keep(reg) == backups.DEFAULT_KEEP
        backups.set_backup_keep(reg, 3)
        with pytest.raises(KnownError):
            backups.set_backup_keep(reg, 0)
        before = dt.datetime.now(dt.UTC)
        made = [backups.backup_before(reg, backups.IMPORT) for _ in range(5)]
        after = dt.datetime.now(dt.UTC)
    listed = backups.list_backups(official_db)
    assert [b.path for b in listed] == made[::-1][:3]
    assert all(not p.exists() for p in made[:2])
    newest = listed[0]
    assert newest.reason_label == "Trước khi nhập phụ lục"
    assert newest.taken_at.tzinfo is not None
    assert before <= newest.taken_at <= after
    assert "Trước khi nhập phụ lục" in newest.label() and "MB" in newest.label()


def test_a_copy_is_a_consistent_snapshot_and_opens_alone(official_db: Path, tmp_path: Path):
    with Registry.open(official_db) as reg:
        some_changes(reg)
        copy = backups.copy_to(reg, tmp_path / "copy.db")
        with pytest.raises(RuntimeError), reg.write():
            backups.copy_to(reg, tmp_path / "inside.db")
    # One self-contained file: no -wal needed to read it, and it verifies.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]
    assert backups.check_copy(copy) == (204, 222)


def _schema_and_rows(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        return {
            "objects": sorted(
                conn.execute(
                    "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                ).fetchall()
            ),
            "sequence": sorted(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall()),
            **{
                table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("units", "events", "codes_used", "successors", "decisions")
            },
            "fts": conn.execute(
                "SELECT rowid FROM units_fts WHERE units_fts MATCH 'tu* phap*' ORDER BY rowid"
            ).fetchall(),
        }
    finally:
        conn.close()


def test_the_perf_checks_migration_keeps_every_row_index_and_trigger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A registry of the schema before m007 (CHECK ... IN) is rebuilt with equalities: the same
    rows and ids, indexes, triggers (the search index's and codes_reserved's guard), counters;
    the rules still refuse what they refused, foreign keys are back on, and verify passes."""
    from sqlite_utils.migrations import Migrations

    from desktop.store.reference import load_official
    from desktop.store.verify import verify_registry

    older = Migrations("madinhdanh")
    older._migrations = [m for m in schema.migrations._migrations if m.name != "m007_perf_checks"]
    monkeypatch.setattr(schema, "migrations", older)
    path = tmp_path / "old.db"
    with Registry.create(path) as reg:
        load_official(reg, until="2025-04-14")  # as official_db: before the merger closes H59
    with Registry.open(path) as reg:
        some_changes(reg)
        reg.annul(reg.events_of(reg.find("H59.01").id)[-1].id, decision(reg))
        assert (
            "kind IN ("
            in reg.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'units'").fetchone()[0]
        )
        reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _schema_and_rows(path)
    assert before["fts"]
    monkeypatch.undo()
    with Registry.open(path) as reg:
        tables = dict(
            reg.conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE name IN ('units', 'events')"
            ).fetchall()
        )
        assert " IN (" not in tables["units"] and " IN (" not in tables["events"]
        assert "kind = 'agency' OR kind = 'enterprise' OR kind = 'scheme'" in tables["units"]
        assert reg.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # The old tables' pages are given back: copies do not carry them.
        assert reg.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
        for bad in (
            "UPDATE units SET kind = 'other' WHERE id = 1",
            "UPDATE units SET status = 'gone' WHERE id = 1",
            "UPDATE events SET type = 'delete' WHERE id = 1",
            "UPDATE events SET unit_id = 999999 WHERE id = 1",  # the foreign key holds again
        ):
            with pytest.raises(sqlite3.IntegrityError), reg.write():
                reg.conn.execute(bad)
        report = verify_registry(reg)
        assert report.ok, report.as_dict()
        # New rows after the rebuild: ids go on from the old counter, and are searchable.
        reg.create_units([NewUnit("H59.03", "Sở Tư pháp mới")], decision(reg))
    after = _schema_and_rows(path)
    assert after["objects"] == before["objects"]
    for table in ("units", "events"):  # ordered by id: the old rows, then the new ones
        assert after[table][: len(before[table])] == before[table], table
    assert set(before["codes_used"]) < set(after["codes_used"])
    assert set(before["successors"]) <= set(after["successors"])
    assert after["decisions"][: len(before["decisions"])] == before["decisions"]
    assert len(after["fts"]) == len(before["fts"]) + 1
    assert dict(after["sequence"])["units"] == dict(before["sequence"])["units"] + 1
    [copy] = backups.list_backups(path)
    assert copy.reason == backups.MIGRATION  # taken before the rebuild, as for every migration


def test_a_registry_of_the_first_schema_migrates_to_the_schema_the_migrations_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A registry with only m001 and its rows (units, events, decisions...) goes through every
    later migration (m007 and m008 rebuild tables, m009 drops a trigger): the schema check on
    open finds nothing foreign, missing or altered, the chain and the replay still hold, and it
    takes writes again."""
    from sqlite_utils.migrations import Migrations

    from desktop.store.reference import load_official
    from desktop.store.verify import schema_damage, verify_registry

    source = tmp_path / "source.db"
    with Registry.create(source) as reg:
        load_official(reg, until="2025-04-14")  # as official_db: before the merger closes H59
        some_changes(reg)
    first = Migrations("madinhdanh")
    first._migrations = schema.migrations._migrations[:1]
    monkeypatch.setattr(schema, "migrations", first)
    path = tmp_path / "first.db"
    Registry.create(path).close()
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS source", (str(source),))
    for table in ("decisions", "units", "events", "codes_used", "successors"):
        own = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        theirs = {r[1] for r in conn.execute(f"PRAGMA source.table_info({table})")}
        names = ", ".join(c for c in own if c in theirs)
        conn.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM source.{table}")
    # Rows written outside the program are not sealed: a registry of the first schema has no
    # seals, and opening seals what it holds.
    conn.execute("DELETE FROM meta WHERE key = 'seals' OR key LIKE 'seal.%'")
    conn.commit()
    conn.execute("DETACH DATABASE source")
    [(units_sql,)] = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'units'")
    assert "kind IN (" in units_sql
    assert [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]
    conn.close()
    with Registry.open(path) as reg:
        applied = [m.name for m in schema.migrations.applied(reg.db)]
        assert applied == [m.name for m in schema.migrations._migrations]
        assert schema_damage(reg) == []
        report = verify_registry(reg)
        assert report.ok, report.as_dict()
        units = reg.count_units(include_closed=True)
        assert units > 200
        reg.create_units([NewUnit("H59.03", "Sở Tư pháp mới")], decision(reg))
    with Registry.open(path) as reg:  # the check on open passes again after a write
        assert reg.count_units(include_closed=True) == units + 1
        assert verify_registry(reg).ok


def test_migration_takes_a_copy_first(official_db: Path, monkeypatch: pytest.MonkeyPatch):
    from sqlite_utils.migrations import Migrations

    newer = Migrations("madinhdanh")
    newer._migrations = list(schema.migrations._migrations)

    @newer()
    def m999_test_table(db):
        db.execute("CREATE TABLE added_by_test (x)")

    monkeypatch.setattr(schema, "migrations", newer)
    with Registry.open(official_db) as reg:
        assert reg.db["added_by_test"].exists()
    [copy] = backups.list_backups(official_db)
    assert copy.reason == backups.MIGRATION
    with Registry.open(copy.path, readonly=True) as old:
        assert not old.db["added_by_test"].exists()
        assert old.count_units() == 190


def test_backup_and_restore_commands(official_db: Path, tmp_path: Path, cli):
    rc, out, _ = cli("--db", str(official_db), "backup", str(tmp_path / "copies") + "/")
    assert rc == 0 and "202 đơn vị" in out
    [copy] = (tmp_path / "copies").iterdir()
    rc, _, err = cli("--db", str(official_db), "backup", str(copy))
    assert rc == 2 and "đã tồn tại" in err
    with Registry.open(official_db) as reg:
        some_changes(reg)
        after_changes = reg.count_units(include_closed=True)
    rc, out, _ = cli("--db", str(official_db), "restore", str(copy))
    assert rc == 0 and "Đã khôi phục" in out
    with Registry.open(official_db) as reg:
        assert reg.count_units(include_closed=True) == 202
        assert verify_registry(reg).ok
    rc, out, _ = cli("--db", str(official_db), "restore", "--list", "--json")
    [safety] = json.loads(out)
    assert safety["reason"] == "restore"
    with Registry.open(Path(safety["path"]), readonly=True) as kept:
        assert kept.count_units(include_closed=True) == after_changes == 204
    rc, out, _ = cli("--db", str(official_db), "restore", "--list")
    assert rc == 0 and "Trước khi khôi phục" in out
    rc, _, err = cli("--db", str(official_db), "restore")
    assert rc == 2


def _dump(db: Path) -> list[str]:
    """Every table's rows and the schema, as SQL: the registry's content, whatever its pages."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_an_import_copy_is_packed_and_brings_the_registry_back(official_db: Path):
    """The copy before an import is packed; unpacked, it is the registry as it was, to the row,
    and a restore from it brings exactly that back."""
    with Registry.open(official_db) as reg:
        some_changes(reg)
        reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain = backups.copy_to(reg, official_db.with_name("plain.db"))
        copy = backups.backup_before(reg, backups.IMPORT)
        as_it_was = _dump(plain)
        reg.rename(reg.find("H59.02").id, "Sở Tư pháp (đổi sau bản sao)", decision(reg))
    assert copy.name.endswith(".dbz") and backups.is_packed(copy)
    assert copy.stat().st_size < plain.stat().st_size / 2
    assert copy.read_bytes()[:12] == b"MDDN-COPY 1\n"
    with backups.readable(copy) as unpacked:
        assert unpacked.read_bytes() == plain.read_bytes()  # the backup API's copy, to the byte
    [listed] = backups.list_backups(official_db)
    assert listed.path == copy and listed.reason == backups.IMPORT
    # Known by its first bytes, not its name: a copy a clerk moved and renamed still reads.
    moved = official_db.with_name("ban-sao.db")
    shutil.copyfile(copy, moved)
    assert backups.check_copy(moved) == (204, 222)
    result = backups.restore(official_db, copy)
    assert result.units == 204
    restored = [line for line in _dump(official_db) if "write_token" not in line]
    assert restored == [line for line in as_it_was if "write_token" not in line]


def test_an_import_copy_is_taken_only_when_the_registry_changed(official_db: Path):
    with Registry.open(official_db) as reg:
        some_changes(reg)
        first = backups.backup_before(reg, backups.IMPORT, if_changed=True)
        # Nothing written since: the newest copy holds the registry as it is.
        assert backups.backup_before(reg, backups.IMPORT, if_changed=True) == first
        reg.set_meta("owner", "UBND tỉnh")  # any commit, even a setting
        second = backups.backup_before(reg, backups.IMPORT, if_changed=True)
        # Without if_changed (a migration, a restore), a copy is always taken.
        third = backups.backup_before(reg, backups.IMPORT)
    assert len({first, second, third}) == 3
    assert [b.path for b in backups.list_backups(official_db)] == [third, second, first]


def test_a_damaged_packed_copy_is_refused_and_the_registry_kept(official_db: Path, cli):
    with Registry.open(official_db) as reg:
        some_changes(reg)
        copy = backups.backup_before(reg, backups.IMPORT)
    data = bytearray(copy.read_bytes())
    copy.write_bytes(bytes(data[: len(data) // 2]))  # a copy cut short (a full disk, a bad USB)
    before = file_bytes(official_db)
    rc, _, err = cli("--db", str(official_db), "restore", str(copy))
    assert rc == 2 and "không giải nén được" in err
    assert file_bytes(official_db) == before


def test_restore_refuses_what_is_not_a_sound_registry(official_db: Path, tmp_path: Path, cli):
    with Registry.open(official_db) as reg:
        tampered = backups.copy_to(reg, tmp_path / "tampered.db")
    conn = sqlite3.connect(tampered)
    conn.execute("UPDATE events SET effective = '2019-01-01' WHERE id = 3")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    shutil.copy(tampered, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE events SET effective = '2020-09-15' WHERE id = 3")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('madinhdanh', 'm900_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    text = tmp_path / "note.db"
    text.write_text("không phải sổ")
    before = file_bytes(official_db)
    for source, words in (
        (tampered, "lịch sử trong bản sao không nguyên vẹn"),
        (newer, "phiên bản mới hơn"),
        (other, "không phải là sổ"),
        (text, "không phải là sổ"),
        (tmp_path / "missing.db", "không tìm thấy"),
        (official_db, "chính là sổ đang dùng"),
    ):
        rc, _, err = cli("--db", str(official_db), "restore", str(source))
        assert rc == 2 and words in err, (source, err)
        assert file_bytes(official_db) == before
    assert not backups.list_backups(official_db)


def test_restore_is_refused_while_another_program_writes(
    official_db: Path, tmp_path: Path, other_writer
):
    with Registry.open(official_db, readonly=True) as reg:
        copy = backups.copy_to(reg, tmp_path / "copy.db")
    with pytest.raises(RegistryInUse):
        backups.restore(official_db, copy)


def test_restore_over_a_damaged_registry_keeps_the_damaged_file(official_db: Path, tmp_path: Path):
    with Registry.open(official_db) as reg:
        copy = backups.copy_to(reg, tmp_path / "copy.db")
    data = bytearray(official_db.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    official_db.write_bytes(bytes(data))
    result = backups.restore(official_db, copy)
    assert result.safety_copy is not None and result.safety_copy.read_bytes() == bytes(data)
    with Registry.open(official_db) as reg:
        assert verify_registry(reg).ok and reg.count_units() == 190
    assert backups.list_backups(official_db) == []  # a damaged file is never offered back


def test_restore_into_a_missing_registry(official_db: Path, tmp_path: Path):
    target = tmp_path / "lost" / "so.db"
    target.parent.mkdir()
    result = backups.restore(target, official_db)
    assert result.safety_copy is None
    with Registry.open(target) as reg:
        assert reg.count_units() == 190 and verify_registry(reg).ok


# -- tamper evidence ------------------------------------------------------------------------------


@pytest.fixture()
def changed_db(official_db: Path) -> Path:
    with Registry.open(official_db) as reg:
        some_changes(reg)
        reg.annul(reg.events_of(reg.find("H59.01").id)[-1].id)
    return official_db


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def first_break(path: Path) -> tuple[int, str]:
    with Registry.open(path, readonly=True) as reg:
        report = verify_chain(reg)
        assert not report.ok
        first = report.first_break
        assert first is not None
        return first.event_id, first.problem


def test_sound_registry_verifies(changed_db: Path, cli):
    with Registry.open(changed_db, readonly=True) as reg:
        report = verify_registry(reg)
        assert report.ok and report.chain.events == 223 and not report.chain.breaks
    rc, out, _ = cli("--db", str(changed_db), "verify")
    assert rc == 0 and "223 thay đổi" in out and "Sổ nguyên vẹn" in out


def test_edited_event_is_the_first_broken_link(changed_db: Path, cli):
    tamper(
        changed_db,
        "UPDATE events SET after = replace(after, 'Tư pháp', 'Tư Pháp') WHERE id = 220",
    )
    assert first_break(changed_db) == (220, CONTENT)
    rc, out, _ = cli("--db", str(changed_db), "verify")
    assert rc == 1 and "ĐỨT tại thay đổi số 220" in out and "không khớp" in out
    rc, out, _ = cli("--db", str(changed_db), "verify", "--json")
    report = json.loads(out)
    assert rc == 1 and report["first_break"]["event_id"] == 220 and report["broken_links"] == 1
    # A later rename overwrote that name, so replay still gives the tables: only the chain
    # can tell that the history says something else than what was recorded.
    assert report["replay_ok"]


def test_edited_event_with_its_hash_recomputed_breaks_the_next_link(changed_db: Path):
    from desktop.domain.history import chain_hash
    from desktop.store.base import event_from_row

    conn = sqlite3.connect(changed_db)
    conn.execute("UPDATE events SET recorded_by = 'kẻ giả mạo' WHERE id = 100")
    row = conn.execute(
        "SELECT id, unit_id, type, before, after, decision_id, effective, recorded_at, "
        "recorded_by, group_id, annulled_by FROM events WHERE id = 100"
    ).fetchone()
    previous = conn.execute("SELECT hash FROM events WHERE id = 99").fetchone()[0]
    conn.execute(
        "UPDATE events SET hash = ? WHERE id = 100", (chain_hash(previous, event_from_row(row)),)
    )
    conn.commit()
    conn.close()
    assert first_break(changed_db) == (101, CONTENT)


def test_deleted_event_is_reported_missing(changed_db: Path):
    tamper(changed_db, "DELETE FROM events WHERE id = 57")
    assert first_break(changed_db) == (57, MISSING)
    with Registry.open(changed_db, readonly=True) as reg:
        report = verify_chain(reg)
        assert [(b.event_id, b.problem) for b in report.breaks] == [(57, MISSING), (58, CONTENT)]


def test_deleted_latest_events_are_reported(changed_db: Path):
    tamper(changed_db, "DELETE FROM events WHERE id >= 222")
    assert first_break(changed_db) == (222, TRUNCATED)


def test_reordered_events_are_reported_at_the_first_moved_one(changed_db: Path):
    cols = (
        "unit_id, type, before, after, decision_id, effective, recorded_at, recorded_by, "
        "group_id, annulled_by, hash"
    )
    conn = sqlite3.connect(changed_db)
    rows = {
        i: conn.execute(f"SELECT {cols} FROM events WHERE id = ?", (i,)).fetchone()
        for i in (30, 31)
    }
    conn.execute("PRAGMA foreign_keys = OFF")
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    conn.execute(f"UPDATE events SET {sets} WHERE id = 30", rows[31])
    conn.execute(f"UPDATE events SET {sets} WHERE id = 31", rows[30])
    conn.commit()
    conn.close()
    assert first_break(changed_db) == (30, CONTENT)


def test_forged_annulment_mark_is_reported(changed_db: Path):
    tamper(changed_db, "UPDATE events SET annulled_by = 223 WHERE id = 150")
    assert first_break(changed_db) == (150, ANNULMENT)
    with Registry.open(changed_db, readonly=True) as reg:
        # Replay skips the falsely "annulled" event, so the tables no longer follow either.
        assert not verify_registry(reg).ok


def test_tables_edited_behind_the_history_fail_the_replay(changed_db: Path, cli):
    tamper(changed_db, "UPDATE units SET name = 'Sở Tư pháp (sửa tay)' WHERE code = 'H59.02'")
    with Registry.open(changed_db, readonly=True) as reg:
        report = verify_registry(reg)
        assert report.chain.ok and not report.replay_ok
        assert any("name" in d for d in report.replay_differences)
    rc, out, _ = cli("--db", str(changed_db), "verify")
    assert rc == 1 and "KHÔNG khớp" in out and "Sổ KHÔNG nguyên vẹn" in out


def test_unreadable_event_values_are_a_finding_not_a_crash(changed_db: Path, cli):
    tamper(changed_db, "UPDATE events SET before = '{không phải json' WHERE id = 12")
    rc, out, _ = cli("--db", str(changed_db), "verify", "--json")
    report = json.loads(out)
    assert rc == 1 and report["first_break"]["event_id"] == 12 and not report["replay_ok"]


def test_second_window_opens_read_only_and_says_why(
    qtbot, official_db: Path, other_writer, tmp_path
):
    from uikit import make_window, wait_jobs

    window = make_window(qtbot, official_db, tmp_path / "settings.ini")
    try:
        assert window.session.reg is not None and window.session.reg.readonly
        assert window.session.readonly  # every edit action is off
        message = window.statusBar().currentMessage()
        assert "đang được mở để sửa" in message and "Nguyễn Văn A" in message
    finally:
        wait_jobs(qtbot)
        window.session.close()
