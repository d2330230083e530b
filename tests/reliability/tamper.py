"""Tampered, foreign and stale registries: every case found by name, refused, or set aside.

    python tests/reliability/tamper.py --cases 1000     # the documented run
    python tests/reliability/tamper.py --cases 60       # what CI runs

Each case copies a registry made by random clerk work, applies one hostile edit drawn from a
family, and checks what the program makes of it:

* ``forgery``: a decision's number, issuer, dates or title, a printed setting, a unit's sort key
  or search key, rows of the search index, edited by hand (SQL, no hash recomputed): ``verify``
  must name the damage (its kind), and exit 1;
* ``foreign``: a trigger, view, table or index no migration made, or one of its own dropped:
  ``verify`` names it, opening for writing and ``restore`` refuse it (exit 2, the registry
  unchanged);
* ``stale-wal``: a writer killed (SIGKILL) with changes in its -wal, then the registry copied
  back from a backup by hand: the reopened registry is the backup, the -wal kept aside;
* ``own-wal``: a writer killed the same way, nothing copied: its committed changes are kept.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.errors import KnownError
from desktop.store import backup, base
from desktop.store import verify as v
from desktop.store.errors import RegistryDamaged
from desktop.store.registry import Registry
from desktop.store.settings import write_settings
from reliability.workload import Workload, new_registry

FORGERIES: list[tuple[str, str]] = [
    ("UPDATE decisions SET number = number || '-GIẢ' WHERE id = {decision}", v.DECISION_SEAL),
    ("UPDATE decisions SET issuer = 'Cơ quan giả' WHERE id = {decision}", v.DECISION_SEAL),
    ("UPDATE decisions SET effective = '1999-01-01' WHERE id = {decision}", v.DECISION_SEAL),
    ("UPDATE decisions SET signed = '1999-01-02' WHERE id = {decision}", v.DECISION_SEAL),
    ("UPDATE decisions SET title = 'Giả mạo' WHERE id = {decision}", v.DECISION_SEAL),
    ("UPDATE meta SET value = 'Kẻ giả' WHERE key = 'signer_name'", v.SETTINGS_SEAL),
    ("UPDATE meta SET value = 'GIẢ' WHERE key = 'issuer_name'", v.SETTINGS_SEAL),
    ("UPDATE units SET sort_key = '0' || sort_key WHERE id = {unit}", v.SORT_KEY),
    ("UPDATE units SET folded_name = 'gia mao' WHERE id = {unit}", v.FOLDED_NAME),
    ("DELETE FROM units_fts WHERE rowid = {unit}", v.SEARCH_INDEX),
    ("DELETE FROM units_fts_docsize WHERE id = {unit}", v.SEARCH_INDEX),
]
FOREIGN: list[tuple[str, str]] = [
    (
        "CREATE TRIGGER t{n} AFTER INSERT ON events BEGIN DELETE FROM codes_used; END",
        v.SCHEMA_FOREIGN,
    ),
    ("CREATE TRIGGER u{n} BEFORE UPDATE ON units BEGIN SELECT 1; END", v.SCHEMA_FOREIGN),
    ("CREATE VIEW w{n} AS SELECT * FROM units", v.SCHEMA_FOREIGN),
    ("CREATE TABLE x{n} (a)", v.SCHEMA_FOREIGN),
    ("CREATE INDEX i{n} ON units(name)", v.SCHEMA_FOREIGN),
    ("DROP INDEX units_code", v.SCHEMA_MISSING),
    ("DROP TRIGGER units_fts_update", v.SCHEMA_MISSING),
]
FAMILIES = ("forgery", "foreign", "stale-wal", "own-wal")
_SKIPPED: Counter[str] = Counter()


@dataclass
class TamperSummary:
    cases: int = 0
    families: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        fams = ", ".join(f"{k} {n}" for k, n in sorted(self.families.items()))
        skipped = sum(self.skipped.values())
        return f"{self.cases} cases ({fams}; {skipped} without a -wal left); " + (
            f"{len(self.failures)} failures"
        )


def make_registry(path: Path, seed: int, steps: int = 60) -> Path:
    """A registry after random clerk work, with printed settings (so their seal means
    something)."""
    new_registry(path)
    with Registry.open(path) as reg:
        work = Workload(reg, random.Random(seed))
        done = 0
        while done < steps:
            step = work.plan()
            if step is None:
                continue
            try:
                step.run()
            except KnownError:
                continue  # refused: nothing written
            done += 1
        write_settings(reg, {"issuer_name": "SỞ NỘI VỤ", "signer_name": "Nguyễn Văn A"})
    return path


def _edit(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def _kinds(path: Path) -> set[str]:
    with Registry.open(path, readonly=True) as reg:
        return {d.kind for d in v.verify_registry(reg).damage}


def _pick(path: Path, rng: random.Random) -> dict[str, int]:
    conn = sqlite3.connect(path)
    decisions = [r[0] for r in conn.execute("SELECT id FROM decisions")]
    units = [r[0] for r in conn.execute("SELECT id FROM units")]
    conn.close()
    return {"decision": rng.choice(decisions), "unit": rng.choice(units)}


def case_forgery(source: Path, work: Path, rng: random.Random, n: int) -> list[str]:
    copy = Path(shutil.copyfile(source, work / f"forged-{n}.db"))
    sql, kind = rng.choice(FORGERIES)
    _edit(copy, sql.format(n=n, **_pick(copy, rng)))
    found = _kinds(copy)
    return [] if kind in found else [f"forgery '{sql}': verify found {sorted(found)}"]


def case_foreign(source: Path, work: Path, rng: random.Random, n: int) -> list[str]:
    copy = Path(shutil.copyfile(source, work / f"foreign-{n}.db"))
    sql, kind = rng.choice(FOREIGN)
    _edit(copy, sql.format(n=n))
    problems = []
    found = _kinds(copy)
    if kind not in found:
        problems.append(f"foreign '{sql}': verify found {sorted(found)}")
    before = copy.read_bytes()
    try:
        Registry.open(copy).close()
        problems.append(f"foreign '{sql}': opened for writing")
    except RegistryDamaged:
        pass
    if copy.read_bytes() != before:
        problems.append(f"foreign '{sql}': the file changed")
    target = Path(shutil.copyfile(source, work / f"target-{n}.db"))
    kept = target.read_bytes()
    try:
        backup.restore(target, copy)
        problems.append(f"foreign '{sql}': restored")
    except backup.CopyRefused:
        pass
    if target.read_bytes() != kept:
        problems.append(f"foreign '{sql}': the restore target changed")
    return problems


_WRITER = """
import os, sys, time
from desktop.store.registry import Registry
from desktop.store.settings import write_settings
reg = Registry.open(sys.argv[1])
i = 0
while True:
    i += 1
    write_settings(reg, {"place": f"Sau sao lưu {i}"})
    print(i, flush=True)
"""


def _kill_a_writer(path: Path, rng: random.Random) -> int:
    """Start a writer, let it commit a few changes, kill it: how many it reported done."""
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=root
    )
    assert child.stdout is not None
    wanted = rng.randint(1, 20)
    done = 0
    for line in child.stdout:
        done = int(line)
        if done >= wanted:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    return done


def case_stale_wal(source: Path, work: Path, rng: random.Random, n: int) -> list[str]:
    path = Path(shutil.copyfile(source, work / f"stale-{n}.db"))
    saved = Path(shutil.copyfile(source, work / f"saved-{n}.db"))
    _kill_a_writer(path, rng)
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        _SKIPPED["stale-wal"] += 1  # the writer's changes reached the file: nothing stale
        return []
    # The clerk copies the backup back by hand, a moment after the crash.
    time.sleep(base._JOURNAL_SLACK_SECONDS + 0.1)
    shutil.copyfile(saved, path)
    with Registry.open(path) as reg:
        place = reg.meta("place")
        aside = reg.journal_set_aside
    problems = []
    if place is not None:
        problems.append(f"stale -wal replayed into the copied-back registry (place={place!r})")
    if not aside or not all(p.exists() for p in aside):
        problems.append("stale -wal not kept aside")
    return problems


def case_own_wal(source: Path, work: Path, rng: random.Random, n: int) -> list[str]:
    path = Path(shutil.copyfile(source, work / f"own-{n}.db"))
    done = _kill_a_writer(path, rng)
    with Registry.open(path) as reg:
        place = reg.meta("place") or ""
        aside = reg.journal_set_aside
        report = v.verify_registry(reg)
    problems = []
    if aside:
        problems.append(f"the writer's own -wal was set aside: {aside}")
    if not place.startswith("Sau sao lưu") or int(place.split()[-1]) < done:
        problems.append(f"committed changes lost after a kill: {place!r}, {done} done")
    if not report.ok:
        problems.append(f"not sound after a kill: {report.as_dict()}")
    return problems


CASES = {
    "forgery": case_forgery,
    "foreign": case_foreign,
    "stale-wal": case_stale_wal,
    "own-wal": case_own_wal,
}
# Killing a writer takes a process start: the file edits are most of the cases.
WEIGHTS = {"forgery": 6, "foreign": 4, "stale-wal": 1, "own-wal": 1}


def run(cases: int, folder: Path, seed: int = 0) -> TamperSummary:
    rng = random.Random(seed)
    source = make_registry(folder / "source.db", seed)
    work = folder / "cases"
    work.mkdir()
    summary = TamperSummary()
    _SKIPPED.clear()
    families = list(WEIGHTS)
    weights = [WEIGHTS[f] for f in families]
    for n in range(cases):
        # Every family at least once, then drawn by weight.
        family = families[n] if n < len(families) else rng.choices(families, weights)[0]
        summary.cases += 1
        summary.families[family] += 1
        summary.failures += [
            f"case {n} ({family}): {p}" for p in CASES[family](source, work, rng, n)
        ]
        for leftover in work.iterdir():
            leftover.unlink()
    summary.skipped.update(_SKIPPED)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="tamper-"))
    folder.mkdir(parents=True, exist_ok=True)
    summary = run(args.cases, folder, args.seed)
    print(summary.line())
    for failure in summary.failures[:30]:
        print("FAIL", failure)
    return 0 if not summary.failures else 1


if __name__ == "__main__":
    sys.exit(main())
