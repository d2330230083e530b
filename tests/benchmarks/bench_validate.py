"""Benchmark: validating a large registry against one bare read of its unit rows.

    python tests/benchmarks/bench_validate.py /tmp/big-validator.db [--build 1000000]

The baseline is one bare pass that reads every unit row (all columns) from SQLite into Python
and does nothing with it; the target (issue 3) is a full validation in at most 3 times that, in
under 1 GB. Both are timed alternately ``--repeat`` times in the same process and the best of
each is compared, so that noise from other work on the machine hits both alike. Peak memory is
the process's peak resident size (``getrusage``), which includes SQLite's page cache; with
``--tracemalloc`` a further, slower run reports the peak of Python allocations alone.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from desktop.store.registry import Registry  # noqa: E402
from desktop.store.validation import validate_registry, validate_units  # noqa: E402


def bare_pass(reg: Registry) -> float:
    started = time.perf_counter()
    for _row in reg.conn.execute("SELECT * FROM units"):
        pass
    return time.perf_counter() - started


def timed_validation(reg: Registry) -> tuple[float, object]:
    started = time.perf_counter()
    report = validate_registry(reg)
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--build", type=int, metavar="UNITS", help="build the registry first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    if not args.path.exists():
        if not args.build:
            sys.exit(f"{args.path} does not exist; pass --build 1000000 to make it")
        from bigregistry import build

        started = time.perf_counter()
        build(args.path, args.build)
        print(f"built {args.path} in {time.perf_counter() - started:.0f} s")

    with Registry.open(args.path, readonly=True) as reg:
        units = reg.count_units(include_closed=True)
        bare_pass(reg)  # warm the page cache once, for both alike
        bares, runs = [], []
        report = None
        for _ in range(args.repeat):
            bares.append(bare_pass(reg))
            elapsed, report = timed_validation(reg)
            runs.append(elapsed)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert report is not None
        print(f"registry: {units:,} units ({args.path})")
        print("bare pass (s):  " + "  ".join(f"{t:.2f}" for t in bares))
        print("validation (s): " + "  ".join(f"{t:.2f}" for t in runs))
        ratio = min(runs) / min(bares)
        print(f"ratio (best validation / best bare pass): {ratio:.2f}  (target <= 3)")
        print(f"peak resident memory: {peak_mb:.0f} MB  (target < 1024)")
        print(
            f"report: {report.units:,} units, {report.errors} errors, {report.warnings} warnings, "
            f"{report.infos} infos"
        )

        wide = reg.find("H59.01.01")
        child = reg.children(wide.id)[0]
        started = time.perf_counter()
        findings = validate_units(reg, [child.id])
        print(
            f"validate_units on one unit with {len(reg.children(wide.id)) - 1} siblings: "
            f"{(time.perf_counter() - started) * 1000:.0f} ms, {len(findings)} findings"
        )
        started = time.perf_counter()
        sub = validate_registry(reg, root="H59")
        print(
            f"validate --root H59 ({sub.units:,} units): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
        if args.tracemalloc:
            tracemalloc.start()
            validate_registry(reg)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak of Python allocations during validation: {peak / 2**10:,.0f} KB")


if __name__ == "__main__":
    main()
