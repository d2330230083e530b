"""A large import's inserts run in a thread of their own (store/writer.py) while the next rows are
built: the registry ends up exactly as when one thread writes everything, and a failure on
either side leaves nothing written and no thread behind."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from desktop.exchange import importer
from desktop.exchange.reader import read_appendix
from desktop.store import changes, ops, writer
from desktop.store.registry import Registry

LINE = "(Kèm theo Quyết định số 77/QĐ-UBND ngày 5 tháng 1 năm 2024 của UBND tỉnh Trà Vinh)"
# The tables an import writes, compared whole; the search index by its own tables too.
TABLES = ("units", "events", "codes_used", "units_fts_data", "units_fts_idx", "units_fts_docsize")


def _appendix(path: Path, bodies: int, offices: int, deeper: int = 0) -> Path:
    """New departments under H59, ``offices`` offices under each, ``deeper`` units under the
    first office: more than one level, and more than one batch on a level when batches are
    small."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC"])
    ws.append([LINE])
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    rows: list[tuple[str, str]] = []
    for b in range(10, 10 + bodies):
        rows.append((f"Sở thứ {b}", f"000.00.{b:02d}.H59"))
        rows += [
            (f"Phòng {o} của Sở thứ {b}", f"000.{o:02d}.{b:02d}.H59") for o in range(1, 1 + offices)
        ]
    rows += [(f"Tổ {d} của Phòng 1 Sở thứ 10", f"{d:03d}.01.10.H59") for d in range(1, 1 + deeper)]
    for n, (name, code) in enumerate(rows, 1):
        ws.append([n, name, code])
    wb.save(path)
    return path


@pytest.fixture()
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """What differs from one run to the next whoever writes: the clock and the import's id."""
    monkeypatch.setattr(ops, "_stamp", lambda: "2026-01-01T00:00:00+00:00")
    monkeypatch.setattr(changes, "new_import_group", lambda sha: "import:fixed:0")


def _import(path: Path, source: Path, *, behind: bool, monkeypatch: pytest.MonkeyPatch, **kw: Any):
    monkeypatch.setattr(changes, "WRITE_BEHIND_FROM", 2000 if behind else 10**9)
    with Registry.open(path) as reg:
        assert reg.writes_behind
        return importer.import_appendix(reg, read_appendix(source), **kw)


def _tables(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        # In a stable order whatever the table's key (some have no rowid).
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"), key=repr) for t in TABLES}
    finally:
        conn.close()


def test_a_thread_writes_what_one_thread_writes(
    official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: None
):
    source = _appendix(tmp_path / "big.xlsx", bodies=30, offices=80, deeper=60)
    # Several batches on a level: the writer is drained and reused between them.
    monkeypatch.setattr(changes, "_ADD_BATCH", 1000)
    plain, threaded = tmp_path / "plain.db", tmp_path / "threaded.db"
    shutil.copyfile(official_db, plain)
    shutil.copyfile(official_db, threaded)
    started: list[int] = []
    real = writer.Writer.__init__

    def counted(self: writer.Writer, conn: sqlite3.Connection) -> None:
        started.append(1)
        real(self, conn)

    monkeypatch.setattr(writer.Writer, "__init__", counted)
    one = _import(plain, source, behind=False, monkeypatch=monkeypatch)
    assert one.applied and not started
    threads = threading.active_count()  # other tests' threads may still run
    two = _import(threaded, source, behind=True, monkeypatch=monkeypatch)
    assert two.applied and started == [1]
    assert threading.active_count() == threads
    a, b = _tables(plain), _tables(threaded)
    new = [r for r in a["events"] if r[9] == "import:fixed:0" and r[2] == "create"]
    assert len(new) == 30 + 30 * 80 + 60
    for table in TABLES:
        assert a[table] == b[table], table
    with Registry.open(threaded) as reg:
        reg.conn.execute("INSERT INTO units_fts(units_fts) VALUES ('integrity-check')")
        from desktop.store.verify import verify_chain

        assert verify_chain(reg).broken == 0


def _failing(official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **kw: Any):
    """An import of a small appendix, its rows written behind (the threshold lowered), that
    fails; returns the exception and what the registry held before and after."""
    monkeypatch.setattr(changes, "WRITE_BEHIND_FROM", 10)
    monkeypatch.setattr(changes, "_ADD_BATCH", 100)
    source = _appendix(tmp_path / "small.xlsx", bodies=3, offices=40)
    before = _tables(official_db)
    threads = threading.active_count()
    with Registry.open(official_db) as reg, pytest.raises(Exception) as caught:
        importer.import_appendix(reg, read_appendix(source), **kw)
    assert threading.active_count() == threads
    return caught.value, before, _tables(official_db)


def test_a_code_taken_meanwhile_fails_in_the_thread_and_nothing_is_written(
    official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The primary key of ``codes_used`` refuses a code the reconciler found free but another
    write took meanwhile: the writer thread's failure is the import's, and it rolls back."""
    real = importer.reconcile

    def behind_its_back(reg: Registry, *a: Any, **k: Any):
        found = real(reg, *a, **k)
        unit_id, event_id = reg.conn.execute(
            "SELECT unit_id, event_id FROM codes_used LIMIT 1"
        ).fetchone()
        reg.conn.execute(
            "INSERT INTO codes_used (code, unit_id, event_id, first_used) "
            "VALUES ('H59.11.07', ?, ?, '2024-01-05')",
            (unit_id, event_id),
        )
        return found

    failures: list[BaseException] = []
    real_work = writer.Writer._work

    def work(self: writer.Writer) -> None:
        real_work(self)
        failures.append(self._failure)  # type: ignore[arg-type]

    monkeypatch.setattr(importer, "reconcile", behind_its_back)
    monkeypatch.setattr(writer.Writer, "_work", work)
    exc, before, after = _failing(official_db, tmp_path, monkeypatch)
    assert failures and isinstance(failures[0], sqlite3.IntegrityError)
    # The same exception, as reg.write() makes it known (or as it is).
    assert exc is failures[0] or exc.__cause__ is failures[0]
    taken = [r for r in after["codes_used"] if r[0] == "H59.11.07"]
    assert len(taken) == 1
    after["codes_used"].remove(taken[0])
    assert after == before


def test_a_failure_in_the_caller_stops_the_thread_and_nothing_is_written(
    official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    calls = []

    class Stop(Exception):
        pass

    def progress(step: str, done: int, total: int) -> None:
        if step == "write":
            calls.append(done)
            if len(calls) == 3:  # after a batch was handed over and written
                raise Stop

    exc, before, after = _failing(official_db, tmp_path, monkeypatch, on_progress=progress)
    assert isinstance(exc, Stop)
    assert after == before


def test_a_failing_statement_skips_the_rest_and_comes_back_as_itself():
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("CREATE TABLE t (code TEXT PRIMARY KEY)")
    threads = threading.active_count()
    conn.execute("BEGIN")
    with pytest.raises(sqlite3.IntegrityError) as caught, writer.writing_behind(conn) as w:
        w.insert_many("INSERT INTO t (code) VALUES (?)", [("a",), ("b",)])
        w.execute("INSERT INTO t (code) VALUES (?)", ("a",))
        w.execute("INSERT INTO t (code) VALUES (?)", ("c",))  # skipped
        w.drain()
    assert threading.active_count() == threads
    assert "UNIQUE" in str(caught.value)
    assert conn.execute("SELECT code FROM t ORDER BY code").fetchall() == [("a",), ("b",)]
    conn.execute("ROLLBACK")


def test_back_filled_endings_are_written_behind_as_by_one_thread(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch, frozen: None
):
    """Trà Vinh's 2021 list into a registry that holds the 2025 merger: its units end with H59
    (their parents' later endings are read, written by the caller, and the next batch reads
    again); batches of a few units, every one handed to the thread."""
    from fixtures import qa_lists

    book = qa_lists.tra_vinh_2021_by_level(tmp_path / "tv2021.xlsx")
    monkeypatch.setattr(changes, "_ADD_BATCH", 7)
    found = []
    for threshold in (10**9, 1):
        monkeypatch.setattr(changes, "WRITE_BEHIND_FROM", threshold)
        path = tmp_path / f"so-{threshold}.db"
        assert cli("init", str(path))[0] == 0
        threads = threading.active_count()
        rc, out, err = cli("--db", str(path), "import", str(book))
        assert rc == 0, out + err
        assert threading.active_count() == threads
        found.append(_tables(path))
    plain, threaded = found
    endings = [r for r in plain["events"] if r[2] == "close" and r[9] == "import:fixed:0"]
    assert endings
    for table in TABLES:
        assert plain[table] == threaded[table], table
