"""How fast the short commands start: each in fresh processes, against a bare ``python -c pass``.

    python tests/benchmarks/bench_commands.py [REGISTRY] [--runs 9]

A command that imports only what it needs (desktop/cli/__init__.py) starts within a few times
the interpreter's own start (issue 17: at most 5×). The runs interleave the commands and the
bare interpreter, so that a burst of load on the shared machine falls on all of them; the
figure is the median. The compiled bytecode is written on the first run, as an installed
package has it: the runs after it are cold processes, not cold caches of the file system.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = "python -c pass"


@dataclass
class Startup:
    medians: dict[str, float]  # seconds, by command ("python -c pass" for the bare start)
    runs: int

    def ratio(self, name: str) -> float:
        return self.medians[name] / self.medians[BARE]


def _leaf(db: Path) -> str:
    """A unit with no children: ``list --root`` prints one line, ``history`` a few."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT code FROM units u WHERE status = 'active' AND NOT EXISTS "
            "(SELECT 1 FROM units c WHERE c.parent_id = u.id) ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return str(found[0])


def commands(db: Path) -> dict[str, list[str]]:
    code = _leaf(db)
    prog = [sys.executable, "-m", "desktop"]
    return {
        BARE: [sys.executable, "-c", "pass"],
        "check-code": [*prog, "check-code", "H59.01.02.001"],
        "rules": [*prog, "rules"],
        "list": [*prog, "--db", str(db), "list", "--root", code],
        "history": [*prog, "--db", str(db), "history", code],
    }


def time_commands(db: Path, runs: int = 9) -> Startup:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MADINHDANH_HOME": home}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        todo = commands(db)
        spent: dict[str, list[float]] = {name: [] for name in todo}
        for i in range(runs + 1):
            for name, argv in todo.items():
                started = time.perf_counter()
                done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)
                took = time.perf_counter() - started
                if done.returncode not in (0, 1):
                    raise RuntimeError(f"{name} exited {done.returncode}: {done.stderr[-500:]!r}")
                if i:  # the first round writes the bytecode
                    spent[name].append(took)
    return Startup({name: statistics.median(t) for name, t in spent.items()}, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "registry", type=Path, nargs="?", default=Path("/tmp/mdd-bench/registry.db")
    )
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    found = time_commands(args.registry, args.runs)
    for name, t in found.medians.items():
        print(f"{name:16s} {t * 1000:7.1f} ms  {found.ratio(name):4.1f}×")
    print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
