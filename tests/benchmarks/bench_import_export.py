"""Benchmark of the Excel exchange against bare baselines measured in the same run.

    python tests/benchmarks/bench_import_export.py [--rows 100000]

Import: a 100,000-row appendix (levels 2-4 under H59) into a registry holding the official
level-1 list, read and reconciled and validated, once as a dry run and once applied. Baseline:
python-calamine reading the same file plus a bare ``executemany`` of its rows into an empty
table, for scale (issue 17 set the import's budgets against the floor of what it writes:
import_floor.py, run.py).

Export: the same 100,000 units to the official appendix .xlsx. Baseline: a bare openpyxl
write-only dump of the same cells (values only, no styles). Goal: at most 2 times.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import python_calamine
from openpyxl import Workbook

from desktop.domain.text import roman
from desktop.exchange.importer import import_appendix
from desktop.exchange.reader import read_appendix
from desktop.exchange.writers import export
from desktop.store.reference import load_official
from desktop.store.registry import Registry

KINDS = ["Phòng", "Trung tâm", "Ban", "Chi cục", "Văn phòng", "Trường", "Trạm", "Đội"]
TOPICS = ["Tư pháp", "Tài chính", "Nội vụ", "Xây dựng", "Y tế", "Văn hóa", "Nông nghiệp"]


def write_appendix(
    path: Path,
    entries: list[tuple[int, str, str]],
    *,
    body: str = "UBND TỈNH TRÀ VINH",
    decision_line: str = (
        "(Kèm theo Quyết định số 500/QĐ-UBND ngày 2 tháng 1 năm 2025 của UBND tỉnh)"
    ),
) -> int:
    """An appendix in the layout of the real ones: title rows, the decision line, the header,
    then one section per level (``I. MÃ ĐỊNH DANH CẤP 2``...) of numbered rows. ``entries`` are
    ``(level, code, name)`` in the order to write; returns the number of data rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phụ lục")
    ws.append(["PHỤ LỤC"])
    ws.append([f"DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CÁC CƠ QUAN, ĐƠN VỊ THUỘC {body}"])
    ws.append([decision_line])
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    level = None
    sections = 0
    for n, (lv, code, name) in enumerate(entries, 1):
        if lv != level:
            level = lv
            sections += 1
            ws.append([roman(sections), f"MÃ ĐỊNH DANH CẤP {lv}", None, None])
        ws.append([n, name, code, None])
    wb.save(path)
    return len(entries)


def build_appendix(path: Path, rows: int) -> int:
    """An appendix of ``rows`` units under H59 (QCVN 102 codes, sections per level)."""
    l2, l3 = 50, 40
    l4 = max(1, -(-(rows - l2 - l2 * l3) // (l2 * l3)))
    codes: list[tuple[int, str, str]] = []
    for a in range(1, l2 + 1):
        codes.append((2, f"000.00.{a:02d}.H59", f"Sở {TOPICS[a % len(TOPICS)]} {a}"))
    for a in range(1, l2 + 1):
        for b in range(1, l3 + 1):
            codes.append((3, f"000.{b:02d}.{a:02d}.H59", f"{KINDS[b % len(KINDS)]} {b} sở {a}"))
    for a in range(1, l2 + 1):
        for b in range(1, l3 + 1):
            for c in range(1, l4 + 1):
                name = f"{KINDS[c % len(KINDS)]} {c}-{b}-{a}"
                codes.append((4, f"{c:03d}.{b:02d}.{a:02d}.H59", name))
    return write_appendix(path, codes[:rows])


def baseline_import(path: Path, db: Path) -> float:
    started = time.perf_counter()
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    data = wb.get_sheet_by_index(0).to_python()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (stt, name, code, note)")
    with conn:
        conn.executemany(
            "INSERT INTO t VALUES (?,?,?,?)", [tuple((r + [None] * 4)[:4]) for r in data[5:]]
        )
    conn.close()
    return time.perf_counter() - started


def timed_import(path: Path, registry: Path, dry_run: bool, profile: bool) -> tuple[float, object]:
    reg = Registry.open(registry)
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = import_appendix(reg, read_appendix(path), dry_run=dry_run)
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    reg.close()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return elapsed, result


def breakdown(path: Path, registry: Path) -> None:
    """Where a dry run spends its time (each stage once more, on a fresh copy)."""
    from desktop.exchange.reconcile import reconcile
    from desktop.store import changes
    from desktop.store.bulk import paused_gc
    from desktop.store.validation import validate_units

    spent: dict[str, float] = {}

    def clock(name: str, started: float) -> float:
        now = time.perf_counter()
        spent[name] = now - started
        return now

    with paused_gc(), Registry.open(registry) as reg:
        t = time.perf_counter()
        appendix = read_appendix(path)
        t = clock("read the workbook (calamine + rows)", t)
        changeset = reconcile(reg, appendix, as_of="2025-01-02")
        steps = changeset.steps()
        t = clock("reconcile", t)
        reg.conn.execute("BEGIN IMMEDIATE")
        decision = reg.add_decision("9999/BENCH", "2025-01-02")
        t = time.perf_counter()
        applied = changes.apply_steps(reg, steps, decision, "2025-01-02", "import:bench")
        t = clock("write units, events, codes (store)", t)
        validate_units(reg, applied.touched)
        t = clock("validate_units on the touched units (validator)", t)
        reg.conn.execute("ROLLBACK")
    for name, seconds in spent.items():
        print(f"    {name:50s} {seconds:6.2f} s")


def timed_export(reg: Registry, out: Path, root: str | None) -> tuple[float, int]:
    """Seconds to export ``root``'s subtree to the official appendix, and the units written."""
    started = time.perf_counter()
    exported = export(reg, out, root=root)
    return time.perf_counter() - started, exported.rows


def workbook_cells(path: Path) -> list[list[object]]:
    """Every cell of a workbook's first sheet, empty ones as None: what a bare dump writes."""
    cells = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return [[v if v != "" else None for v in r] for r in cells.to_python()]


def baseline_export(rows: list[list[object]], path: Path) -> float:
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phụ lục")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    try:
        appendix = tmp / "phu-luc.xlsx"
        n = build_appendix(appendix, args.rows)
        official = tmp / "official.db"
        with Registry.create(official) as reg:
            load_official(reg)
            reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        base = baseline_import(appendix, tmp / "baseline.db")
        registry = tmp / "r.db"
        shutil.copyfile(official, registry)
        dry, result = timed_import(appendix, registry, True, args.profile)
        assert result.changeset.counts["added"] == n and not result.applied  # type: ignore[attr-defined]
        applied, result = timed_import(appendix, registry, False, args.profile)
        assert result.applied  # type: ignore[attr-defined]
        print(f"import of {n} rows: baseline (calamine + executemany) {base:.2f} s")
        print(f"  dry run {dry:.2f} s  ratio {dry / base:.2f}")
        print(f"  apply   {applied:.2f} s  ratio {applied / base:.2f}")
        print("  where a dry run goes (measured again, stage by stage):")
        fresh = tmp / "fresh.db"
        shutil.copyfile(official, fresh)
        breakdown(appendix, fresh)

        out = tmp / "export.xlsx"
        with Registry.open(registry, readonly=True) as reg:
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            spent, exported = timed_export(reg, out, "H59")
            if profiler:
                profiler.disable()
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        rows = workbook_cells(out)
        base_export = baseline_export(rows, tmp / "bare.xlsx")
        print(f"export of {exported} units ({len(rows)} rows of cells):")
        print(f"  baseline (openpyxl write-only dump) {base_export:.2f} s")
        print(f"  export {spent:.2f} s  ratio {spent / base_export:.2f}  (goal <= 2)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
