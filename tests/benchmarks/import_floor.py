"""The least an applied 100,000-row import must write, against the import benchmark's baseline.

    python tests/benchmarks/import_floor.py [--rows 100000]

The rows an import of the benchmark's appendix writes (units with their indexes, hash-chained
events, used codes, the search index) are captured once, then inserted again, pre-built, with
bare ``executemany``: no reading, no Python logic, no validation. The ratio of that to the
baseline (calamine read + bare insert into an empty table) is a floor no applied import can go
under, whatever the importer does.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from bench_import_export import baseline_import, build_appendix  # noqa: E402

from desktop.exchange.reader import read_appendix  # noqa: E402
from desktop.exchange.reconcile import reconcile  # noqa: E402
from desktop.store import changes  # noqa: E402
from desktop.store.bulk import paused_gc  # noqa: E402
from desktop.store.reference import load_official  # noqa: E402
from desktop.store.registry import Registry  # noqa: E402


class _Recorder:
    """The registry's connection, keeping a copy of every batch written through it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.batches: list[tuple[str, list[Any]]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        rows = list(rows)
        self.batches.append((sql, rows))
        return self.conn.executemany(sql, rows)


def measure_floor(registry: Path, appendix: Path, work: Path) -> float:
    """Seconds to insert, pre-built, what an applied import of ``appendix`` writes into a copy of
    ``registry``, in one transaction, its commit included."""
    db = work / "floor.db"
    shutil.copyfile(registry, db)
    try:
        with paused_gc(), Registry.open(db) as reg:
            changeset = reconcile(reg, read_appendix(appendix), as_of="2025-01-02")
            conn = reg.conn
            conn.execute("BEGIN IMMEDIATE")
            decision = reg.add_decision("9999/BENCH", "2025-01-02")
            conn.execute("SAVEPOINT capture")
            recorder = _Recorder(conn)
            reg.conn = recorder  # type: ignore[assignment]
            changes.apply_steps(reg, changeset.steps(), decision, "2025-01-02", "import:floor")
            reg.conn = conn
            conn.execute("ROLLBACK TO capture")
            conn.execute("RELEASE capture")
            # The import fills the search index in one statement too (its per-row trigger is
            # set aside for large batches); the floor does the same.
            trigger = conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'units_fts_insert'"
            ).fetchone()[0]
            first = conn.execute("SELECT max(id) FROM units").fetchone()[0]
            # Its commit as the import's: the write-ahead log copied back later, not by it.
            with reg.checkpoint_deferred():
                started = time.perf_counter()
                conn.execute("DROP TRIGGER units_fts_insert")
                for sql, rows in recorder.batches:
                    conn.executemany(sql, rows)
                conn.execute(
                    "INSERT INTO units_fts(rowid, folded_name) "
                    "SELECT id, folded_name FROM units WHERE id > ?",
                    (first,),
                )
                conn.execute(trigger)
                conn.execute("COMMIT")
                return time.perf_counter() - started
    finally:
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--registry",
        type=Path,
        help="into a copy of this registry (default: a new one holding the official level-1 list)",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mdd-floor-"))
    try:
        appendix = tmp / "phu-luc.xlsx"
        build_appendix(appendix, args.rows)
        base = min(baseline_import(appendix, tmp / f"baseline{i}.db") for i in range(3))
        registry = args.registry
        if registry is None:
            registry = tmp / "r.db"
            with Registry.create(registry) as reg:
                load_official(reg)
        floor = measure_floor(registry, appendix, tmp)
        print(f"baseline (calamine read + bare insert): {base:.2f} s")
        print(
            f"bare inserts of what an applied import writes, commit included: {floor:.2f} s "
            f"= {floor / base:.1f} x the baseline"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
