"""How fast the desktop tree opens a huge registry and expands a wide node.

    python tests/bigregistry.py /tmp/big-ui.db --units 1000000     # once, about 80 s
    python tests/benchmarks/bench_tree.py /tmp/big-ui.db

Measures, in one run, on the big registry and (as the baseline) on the small sample registry:

* open: from ``Files.open_registry`` to the first level drawn in the tree;
* expand: ``H59.01.01`` (999 children in the big one) expanded and drawn, its parents already
  open; in the sample, ``G06.09`` (5 children).

Targets (issue 5): open within 1 s, expand within 0.1 s. Each figure is the median of a few
runs; the ratio big/small shows whether the cost grows with the registry (it should not).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.store.sample import create_registry  # noqa: E402
from desktop.ui import workers  # noqa: E402
from desktop.ui.app import setup_application  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.settings import Settings  # noqa: E402


def _drawn(app: QApplication, window: MainWindow) -> None:
    """Let Qt lay out and paint the tree, as a real window would before the clerk sees it."""
    app.processEvents()
    window.tree.viewport().repaint()


def measure(app: QApplication, db: Path, expand_code: str, runs: int) -> tuple[float, float, int]:
    opens, expands = [], []
    rows = 0
    with tempfile.TemporaryDirectory() as home:
        os.environ["MADINHDANH_HOME"] = home
        for _ in range(runs):
            settings = Settings(Path(home) / "settings.ini")
            window = MainWindow(settings)
            window.resize(1280, 820)
            window.show()
            app.processEvents()
            started = time.perf_counter()
            assert window.files.open_registry(db)
            _drawn(app, window)
            opens.append(time.perf_counter() - started)
            model = window.tree.model()
            assert model is not None and model.rowCount() > 0
            reg = window.session.reg
            assert reg is not None
            target = reg.find(expand_code)
            # Open its parents first: the measure is the wide node alone.
            assert window.tree.jump_to(reg.unit(target.parent_id).id) if target.parent_id else True
            window.tree.jump_to(target.id)
            _drawn(app, window)
            index = window.tree.currentIndex()
            started = time.perf_counter()
            window.tree.expand(index)
            model.fetch_all(index)
            _drawn(app, window)
            expands.append(time.perf_counter() - started)
            rows = model.rowCount(index)
            # A finished count may start the quiet check of a small registry: wait for that
            # too, so that no job outlives its window (or the process).
            while workers.busy():
                workers.wait_all()
                app.processEvents()
            window.close()
            app.processEvents()
    return statistics.median(opens), statistics.median(expands), rows


@dataclass
class TreeTiming:
    open: float  # median, big registry
    expand: float
    rows: int
    small_open: float  # median, the sample registry (the baseline)
    small_expand: float
    small_rows: int


def compare(big: Path, runs: int, expand_code: str = "H59.01.01") -> TreeTiming:
    """The big registry against the sample (which has ``G06.09`` with 5 children)."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder) / "settings.ini")
        setup_application(app, settings)
        small = create_registry(Path(folder) / "sample.db", sample=True)
        s_open, s_expand, s_rows = measure(app, small, "G06.09", runs)
    b_open, b_expand, b_rows = measure(app, big, expand_code, runs)
    return TreeTiming(b_open, b_expand, b_rows, s_open, s_expand, s_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("big", type=Path, help="a registry built by tests/bigregistry.py")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    t = compare(args.big, args.runs)
    from desktop.store.registry import Registry

    with Registry.open(args.big, readonly=True) as reg:
        units = reg.count_units(include_closed=True)
    print(f"big registry: {units:,} units ({args.big})")
    print(f"open, first level drawn : {t.open * 1000:7.1f} ms  (target 1000 ms)")
    ratio = t.open / t.small_open
    print(f"  baseline, sample 222  : {t.small_open * 1000:7.1f} ms  ratio {ratio:5.2f}")
    print(f"expand {t.rows} children   : {t.expand * 1000:7.1f} ms  (target 100 ms)")
    ratio = t.expand / t.small_expand
    print(
        f"  baseline, {t.small_rows} children : {t.small_expand * 1000:7.1f} ms  ratio {ratio:5.2f}"
    )
    ok = t.open < 1.0 and t.expand < 0.1
    print("within targets" if ok else "OVER TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
