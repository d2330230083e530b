"""Benchmark: a tree report of about 10,000 units, as a PDF, must take at most 10 seconds.

    python tests/benchmarks/bench_report.py [--units 10000]

The baseline, measured in the same run, is reading the same units for ``madinhdanh list``
(``units_as_of``); the report's time is also given as a ratio to it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bigregistry import build  # noqa: E402

from desktop.reports.build import build_tree  # noqa: E402
from desktop.reports.layout import paginate  # noqa: E402
from desktop.reports.qt import Metrics, ensure_app  # noqa: E402
from desktop.reports.render import write_pdf  # noqa: E402
from desktop.store.asof import units_as_of  # noqa: E402
from desktop.store.registry import Registry  # noqa: E402

LIMIT_SECONDS = 10.0


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder) / "bench.db", args.units, level1_filled=10, wide_children=999)
        out = Path(folder) / "tree.pdf"
        ensure_app()  # the Qt application is made once per process, not per report
        with Registry.open(path, readonly=True) as reg:
            units = len(units_as_of(reg))
            baseline = best_of(3, lambda: units_as_of(reg))

            phases: dict[str, float] = {}

            def report() -> None:
                t0 = time.perf_counter()
                document = build_tree(reg)
                t1 = time.perf_counter()
                pages = write_pdf(document, out)
                t2 = time.perf_counter()
                phases.update(build=t1 - t0, pdf=t2 - t1, pages=pages)

            # Cold: the first report of the process (font loading, caches empty), as from the CLI.
            cold = best_of(1, report)
            warm = best_of(2, report)
            document = build_tree(reg)
            layout = best_of(1, lambda: paginate(document, Metrics()))
        size = out.stat().st_size
    print(f"units listed:             {units:,}")
    print(f"baseline (read units):    {baseline:.3f} s")
    print(f"tree report, first run:   {cold:.2f} s  ({cold / baseline:.0f}x baseline)")
    print(f"tree report, best of 2:   {warm:.2f} s  ({warm / baseline:.0f}x baseline)")
    print(f"  build document:         {phases['build']:.2f} s")
    print(f"  layout + paint + write: {phases['pdf']:.2f} s (layout alone {layout:.2f} s)")
    print(f"pages: {phases['pages']:,}, PDF size: {size / 1e6:.1f} MB")
    ok = cold <= LIMIT_SECONDS
    print(f"limit {LIMIT_SECONDS:.0f} s: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
