"""The national-scale benchmark data, built once and cached in a work folder.

    python tests/benchmarks/generate.py [--units 1000000] [--work /tmp/mdd-bench]

* ``registry-<N>.db``: a realistic registry of N units (``tests/bigregistry.py``, realistic
  shape: the official level-1 list, levels 2-4 in varied shapes with a few 999-child nodes,
  Vietnamese names), then a decision history recorded through the store's own operations
  (``desktop/store/ops.py``): renames, moves of whole branches, merges and closings over six
  decisions effective from 2022 to 2027 (the last signed but not yet in force), so that the tree
  as of an earlier date has thousands of units to replay. ``H59`` is pinned at about 10,000
  units (the report benchmark prints it) and holds the 999-child node ``H59.01.01``.
* ``appendix-1000.xlsx``, ``appendix-10000.xlsx``, ``appendix-100000.xlsx``: first lists of
  levels 2-4 for three level-1 bodies the registry leaves empty (J02, I02, I01), in the layout
  of real appendices, each citing its own decision.
* ``registry-<N>.json``: what was built, with the generation time; a registry without it (an
  interrupted run) is built again.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import_export import write_appendix  # noqa: E402
from bigregistry import Namer, build, plan_body, unique_name  # noqa: E402

from desktop.domain.codes import from_canonical  # noqa: E402
from desktop.domain.errors import KnownError  # noqa: E402
from desktop.store.registry import Registry  # noqa: E402

# Bump when the generated data changes shape, so that cached copies are built again.
VERSION = 3
SEED = 20250414
DEFAULT_WORK = Path("/tmp/mdd-bench")
# Appendix rows → the level-1 body whose first list it is (left empty in the registry).
APPENDICES = {1_000: "J02", 10_000: "I02", 100_000: "I01"}
REPORT_ROOT = "H59"
REPORT_UNITS = 10_000
WIDE_CODE = "H59.01.01"
# After the first decision of the history, before the five others.
AS_OF = "2022-12-31"

# number, signed, effective, issuer, title
DECISIONS = [
    ("101/QĐ-BNV", "2022-05-20", "2022-06-01", "Bộ Nội vụ", "Về việc đổi tên một số đơn vị"),
    (
        "215/QĐ-TTg",
        "2023-02-15",
        "2023-03-01",
        "Thủ tướng Chính phủ",
        "Về việc sắp xếp lại tổ chức bộ máy",
    ),
    (
        "330/QĐ-UBND",
        "2023-12-20",
        "2024-01-01",
        "Ủy ban nhân dân tỉnh",
        "Về việc sáp nhập các đơn vị sự nghiệp",
    ),
    (
        "77/QĐ-BNV",
        "2025-06-20",
        "2025-07-01",
        "Bộ Nội vụ",
        "Về việc giải thể các đơn vị không còn hoạt động",
    ),
    ("900/QĐ-TTg", "2025-12-15", "2026-01-01", "Thủ tướng Chính phủ", "Về việc đổi tên đơn vị"),
    (
        "12/QĐ-TTg",
        "2026-01-05",
        "2027-01-01",
        "Thủ tướng Chính phủ",
        "Về việc đổi tên đơn vị (hiệu lực từ năm 2027)",
    ),
]
RENAMES = [" và Đào tạo", " và Môi trường", " khu vực I", " khu vực II", " và Dịch vụ công"]


@dataclass
class Artefacts:
    registry: Path
    appendices: dict[int, Path]
    manifest: dict[str, Any]


def _paths(work: Path, units: int) -> tuple[Path, Path]:
    return work / f"registry-{units}.db", work / f"registry-{units}.json"


def _foreign_migrations(db: Path) -> list[str]:
    """Migrations the cached registry records that this version does not know (a cache built by
    another line of the code opens read-only as "made by a newer version": build it again)."""
    import sqlite3

    from desktop.store import schema

    known = {m.name for m in schema.migrations._migrations}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    except sqlite3.Error:
        return ["(unreadable)"]
    finally:
        conn.close()
    return [n for n in names if n not in known]


def _pending_migrations(db: Path) -> list[str]:
    """This version's migrations the cached registry has not had yet."""
    import sqlite3

    from desktop.store import schema

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        done = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    finally:
        conn.close()
    return [m.name for m in schema.migrations._migrations if m.name not in done]


def ensure(work: Path = DEFAULT_WORK, units: int = 1_000_000, log=print) -> Artefacts:
    """The benchmark data in ``work``, built unless a complete copy of this version is there."""
    work.mkdir(parents=True, exist_ok=True)
    db, manifest_path = _paths(work, units)
    manifest: dict[str, Any] | None = None
    if db.exists() and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("version") != VERSION or _foreign_migrations(db):
            manifest = None
    if manifest is None:
        manifest = _generate_registry(db, units, log)
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    elif _pending_migrations(db):
        # A cache built before this version's migrations: brought up to date once, here, so
        # that no benchmark pays for a migration (or finds its automatic copy beside its own).
        started = time.perf_counter()
        with Registry.open(db):
            pass
        log(f"migrated the cached registry in {time.perf_counter() - started:.1f} s")
    for stale in work.glob("appendix-*.xlsx"):
        if not stale.name.endswith(f"-v{VERSION}.xlsx"):
            stale.unlink()
    appendices = {}
    for rows, body in APPENDICES.items():
        path = work / f"appendix-{rows}-v{VERSION}.xlsx"
        if not path.exists():
            started = time.perf_counter()
            tmp = path.with_suffix(".tmp.xlsx")
            make_appendix(tmp, rows, body)
            tmp.replace(path)
            log(f"wrote {path.name} in {time.perf_counter() - started:.1f} s")
        appendices[rows] = path
    return Artefacts(db, appendices, manifest)


def _generate_registry(db: Path, units: int, log) -> dict[str, Any]:
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    tmp = db.with_name(db.stem + ".building.db")
    for stale in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        stale.unlink(missing_ok=True)
    log(f"generating a registry of {units:,} units in {db.parent} (cached for later runs)")
    started = time.perf_counter()
    build(
        tmp,
        units,
        seed=SEED,
        realistic=True,
        sizes={REPORT_ROOT: min(REPORT_UNITS, units // 20)},
        reserve=tuple(APPENDICES.values()),
    )
    built = time.perf_counter() - started
    log(f"  units and their create events: {built:.0f} s")
    with Registry.open(tmp) as reg:
        history = add_history(reg, random.Random(SEED + 1), units / 1_000_000)
        reg.conn.execute("ANALYZE")
        reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = reg.count_units(include_closed=True)
        events = reg.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    tmp.replace(db)
    elapsed = time.perf_counter() - started
    log(f"  decision history: {elapsed - built:.0f} s ({events:,} events in all)")
    return {
        "version": VERSION,
        "units": total,
        "events": events,
        "history": history,
        "as_of": AS_OF,
        "generated_seconds": round(elapsed, 1),
        "built_seconds": round(built, 1),
    }


def add_history(reg: Registry, rng: random.Random, scale: float) -> dict[str, dict[str, int]]:
    """Renames, moves, merges and closings over the decisions of :data:`DECISIONS`, each
    decision one transaction of real operations; ``scale`` 1 is for a million units (7,000
    renames, 1,800 moves, 3,000 merges, 6,000 closings...). Returns what each decision did."""
    level: dict[int, int] = {}
    parent: dict[int, int] = {}
    body: dict[int, str] = {}
    children: dict[int, list[int]] = defaultdict(list)
    wide: set[int] = set()
    # Units of the bodies that start later (G38-G40, 2025) are left out: the history's first
    # decisions would date their changes before they exist.
    for uid, lv, pid, code in reg.conn.execute(
        "SELECT id, level, parent_id, code FROM units"
        " WHERE status = 'active' AND level > 1 AND valid_from <= ?",
        (DECISIONS[0][2],),
    ):
        level[uid], parent[uid], body[uid] = lv, pid, code.split(".", 1)[0]
        children[pid].append(uid)
    for pid, kids in children.items():
        if len(kids) >= 999:
            wide.add(pid)
    # Units of the wide nodes stay as they are: the tree benchmark opens one with 999 children.
    used: set[int] = set(wide) | {c for w in wide for c in children[w]}

    def pick(lv: int, n: int) -> list[int]:
        pool = [u for u, v in level.items() if v == lv and u not in used]
        chosen = rng.sample(pool, min(n, len(pool)))
        used.update(chosen)
        return chosen

    def free_sibling_parent(uid: int, lv: int) -> int | None:
        """Another unit of the level above, in the same body, that is not a wide node."""
        pool = by_body_level[(body[uid], lv)]
        for _ in range(20):
            candidate = rng.choice(pool)
            if candidate != parent[uid] and candidate not in wide and candidate not in used:
                return candidate
        return None

    by_body_level: dict[tuple[str, int], list[int]] = defaultdict(list)
    for uid, lv in level.items():
        by_body_level[(body[uid], lv)].append(uid)

    summary: dict[str, dict[str, int]] = {}
    ids = {}
    for number, signed, effective, issuer, title in DECISIONS:
        ids[number] = reg.add_decision(number, effective, issuer=issuer, signed=signed, title=title)

    def run(number: str, ops: list[tuple[str, Any]]) -> None:
        done: dict[str, int] = defaultdict(int)
        decision = ids[number]
        with reg.write():
            for kind, call in ops:
                try:
                    change = call(decision)
                except KnownError:
                    done["skipped"] += 1
                    continue
                done[kind] += 1
                done["events"] += len(change.event_ids)
        summary[number] = dict(done)

    def rename_ops(n: int) -> list[tuple[str, Any]]:
        ops = []
        for uid in pick(2, n // 20) + pick(3, n // 5) + pick(4, n - n // 20 - n // 5):
            suffix = rng.choice(RENAMES)

            def call(d: int, uid: int = uid, suffix: str = suffix) -> Any:
                return reg.rename(uid, reg.unit(uid).name + suffix, d)

            ops.append(("renamed", call))
        return ops

    # 2022: renames.
    run("101/QĐ-BNV", rename_ops(round(5000 * scale)))
    # 2023: whole level-3 branches move to another level-2 unit of their body (their level-4
    # units are recoded with them), and single level-4 units to another level-3 unit.
    moves: list[tuple[str, Any]] = []
    for lv, n in ((3, round(600 * scale)), (4, round(1200 * scale))):
        for uid in pick(lv, n):
            target = free_sibling_parent(uid, lv - 1)
            if target is None:
                continue
            used.add(target)

            def move(d: int, uid: int = uid, target: int = target) -> Any:
                return reg.move(uid, target, d)

            moves.append(("moved", move))
    run("215/QĐ-TTg", moves)
    # 2024: level-4 units merge into a sibling (two sources each).
    merges: list[tuple[str, Any]] = []
    for target in pick(4, round(3000 * scale)):
        siblings = [s for s in children[parent[target]] if s not in used and s != target]
        sources = rng.sample(siblings, min(2, len(siblings)))
        if not sources:
            continue
        used.update(sources)

        def merge(d: int, sources: list[int] = sources, target: int = target) -> Any:
            return reg.merge(sources, target, d)

        merges.append(("merged", merge))
    run("330/QĐ-UBND", merges)
    # 2025: level-4 units closed, and a few level-3 branches closed whole.
    closings: list[tuple[str, Any]] = []
    for uid in pick(4, round(6000 * scale)):
        closings.append(("closed", lambda d, uid=uid: reg.close_unit(uid, d)))
    for uid in pick(3, round(40 * scale)):
        closings.append(("closed branch", lambda d, uid=uid: reg.close_unit(uid, d, cascade=True)))
    run("77/QĐ-BNV", closings)
    # 2026 and 2027 (signed, in force later): renames.
    run("900/QĐ-TTg", rename_ops(round(2000 * scale)))
    run("12/QĐ-TTg", rename_ops(round(200 * scale)))
    return summary


def make_appendix(path: Path, rows: int, body_code: str) -> int:
    """The first list of levels 2-4 of a level-1 body: ``rows`` units, by level."""
    from desktop.store.reference import level1_names

    names = level1_names()
    rng = random.Random(SEED + rows)
    namer = Namer(rng)
    plan = plan_body(rng, rows + 200)
    root = from_canonical(body_code)
    by_level: dict[int, list[tuple[int, str, str]]] = {2: [], 3: [], 4: []}
    seen2: set[str] = set()
    for a, level3 in enumerate(plan, 1):
        c2 = root.child(f"{a:02d}")
        name2 = unique_name(namer.level2(body_code, names[body_code], a - 1), seen2)
        by_level[2].append((2, c2.qcvn102 or c2.canonical, name2))
        seen3: set[str] = set()
        for b, count in enumerate(level3, 1):
            c3 = c2.child(f"{b:02d}")
            name3 = unique_name(namer.below(name2, 3), seen3)
            by_level[3].append((3, c3.qcvn102 or c3.canonical, name3))
            seen4: set[str] = set()
            for c in range(1, count + 1):
                c4 = c3.child(f"{c:03d}")
                name4 = unique_name(namer.below(name3, 4), seen4)
                by_level[4].append((4, c4.qcvn102 or c4.canonical, name4))
    entries = [*by_level[2], *by_level[3], *by_level[4]][:rows]
    line = (
        f"(Kèm theo Quyết định số {rows}/QĐ-{body_code} ngày 2 tháng 3 năm 2026 "
        f"của {names[body_code]})"
    )
    return write_appendix(path, entries, body=names[body_code].upper(), decision_line=line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    args = parser.parse_args()
    started = time.perf_counter()
    found = ensure(args.work, args.units)
    print(json.dumps(found.manifest, ensure_ascii=False, indent=1))
    print(f"ready in {time.perf_counter() - started:.0f} s: {found.registry}")


if __name__ == "__main__":
    main()
