"""Progress with counts while a clerk waits for an export or a report, and a Cancel that leaves
no output file behind and the registry as it was."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from test_ui_progress import _cancel_on_first, assert_rising, big_appendix, counts
from uikit import PATIENCE, make_window, wait_jobs

from desktop.domain.progress import EXPORT, EXPORT_CHANGES, LAYOUT, PAGINATE, PAINT, PROGRESS_EVERY
from desktop.exchange.importer import import_appendix
from desktop.exchange.writers import export
from desktop.reports.build import build_report
from desktop.reports.render import write_pdf
from desktop.store.registry import Registry
from desktop.store.sample import create_registry
from desktop.ui import workers
from desktop.ui.exporting import export_dialog, print_dialog
from desktop.ui.i18n import show_count, show_date


@pytest.fixture(scope="module")
def big_db_file(tmp_path_factory) -> tuple[Path, int]:
    """The sample registry with 3,000 more units (an appendix imported), and its unit count."""
    folder = tmp_path_factory.mktemp("big")
    db = create_registry(folder / "big.db", sample=True)
    with Registry.open(db) as reg:
        result = import_appendix(
            reg,
            big_appendix(folder / "lon.xlsx"),
            number="7/QĐ-UBND",
            signed="2026-02-01",
            effective="2026-02-01",
        )
        assert result.applied, result.findings
        n = export(reg, folder / "all.json").rows
    assert n > 3000
    return db, n


@pytest.fixture()
def big_db(big_db_file, tmp_path: Path) -> Path:
    return Path(shutil.copy(big_db_file[0], tmp_path / "r.db"))


@pytest.fixture()
def window(qtbot, big_db: Path, tmp_path: Path):
    w = make_window(qtbot, big_db, tmp_path / "settings.ini")
    wait_jobs(qtbot)
    yield w
    wait_jobs(qtbot)


def test_an_export_shows_the_units_written_up_to_the_total(
    window, qtbot, big_db, big_db_file, tmp_path, shown
):
    n = big_db_file[1]
    dialog = export_dialog(window.session, None)
    target = tmp_path / "danh-sach.xlsx"
    dialog.save(str(target))
    wait_jobs(qtbot)
    written = counts(shown, "Đã xuất ")
    assert_rising(written, n)
    # By count: one report every PROGRESS_EVERY units and one at the end.
    assert len(written) == -(-n // PROGRESS_EVERY) + 1
    assert [d for d, _ in written[:2]] == [0, PROGRESS_EVERY]
    assert target.exists()
    dialog.reject()


def test_cancelling_an_export_leaves_no_file_and_the_registry_untouched(
    window, qtbot, big_db, tmp_path, monkeypatch
):
    before = big_db.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã xuất ", steps=(EXPORT,))
    dialog = export_dialog(window.session, None)
    dialog.save(str(out / "danh-sach.xlsx"))
    wait_jobs(qtbot)
    assert pressed.is_set()
    assert list(out.iterdir()) == []  # neither the file nor a half-written one beside it
    assert big_db.read_bytes() == before
    assert dialog.save_button.isEnabled()  # the clerk can export again
    dialog.reject()


def test_cancel_after_the_last_unit_says_the_file_was_written(
    window, qtbot, big_db_file, tmp_path, monkeypatch
):
    """Cancel that lands once every unit is written cannot unwrite the file: the clerk is told
    it is there, as after an export left alone."""
    n = big_db_file[1]
    reached, pressed = threading.Event(), threading.Event()
    original_on = workers.Job.on_progress

    def wait_at_the_end(self, step: str, done: int, total: int) -> None:
        original_on(self, step, done, total)
        if step == EXPORT and done == total:
            reached.set()  # the last unit is written and its count taken
            assert pressed.wait(PATIENCE / 1000)

    monkeypatch.setattr(workers.Job, "on_progress", wait_at_the_end)
    said: list[str] = []
    window.session.message.connect(lambda text, ms: said.append(text))
    dialog = export_dialog(window.session, None)
    target = tmp_path / "danh-sach.csv"
    job = dialog.save(str(target))
    qtbot.waitUntil(reached.is_set, timeout=PATIENCE)
    [progress] = dialog.findChildren(workers.ProgressDialog)
    progress.findChild(QPushButton).click()  # Cancel
    pressed.set()
    wait_jobs(qtbot)
    assert job.cancelled
    assert target.exists() and len(target.read_text(encoding="utf-8-sig").splitlines()) == n + 1
    assert [t for t in said if t.startswith("Đã xuất")] == [
        f"Đã xuất {show_count(n)} dòng vào {target} (tính đến ngày {show_date(job.result.as_of)})"
    ]
    dialog.reject()


def test_a_report_shows_rows_built_and_laid_out(window, qtbot, big_db_file, tmp_path, shown):
    n = big_db_file[1]
    dialog = print_dialog(window.session, None)
    assert dialog.kind == "tree"
    dialog.preview()
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: getattr(dialog, "pages", 0) > 0, timeout=PATIENCE)
    assert_rising(counts(shown, "Đã lập "), n)
    laid = counts(shown, "Đã dàn trang ")
    # The tree's table has a row per unit; the summary by level a few more.
    assert laid[-1][0] == laid[-1][1] > n
    assert_rising(laid, laid[-1][0])
    dialog.preview_dialog.close()
    dialog.reject()


def test_cancelling_a_pdf_leaves_no_file(window, qtbot, big_db, tmp_path, monkeypatch):
    before = big_db.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    pressed = _cancel_on_first(monkeypatch, qtbot, "Đã dàn trang ", steps=(PAGINATE,))
    dialog = print_dialog(window.session, None)
    dialog.save_pdf(str(out / "bao-cao.pdf"))
    wait_jobs(qtbot)
    assert pressed.is_set()
    assert list(out.iterdir()) == []
    assert big_db.read_bytes() == before
    dialog.reject()


# -- below the window ------------------------------------------------------------------------------


class Stop(Exception):
    pass


FORMATS = [
    ("danh-sach.xlsx", None),
    ("danh-sach.csv", None),
    ("danh-sach.json", None),
    ("co-quan.xml", "edxml"),
    ("truc.json", "axis"),
    ("catalogue", "catalogue"),
    ("opendata", "opendata"),
]


@pytest.mark.parametrize(("name", "fmt"), FORMATS)
def test_every_format_counts_its_units_and_a_raise_leaves_nothing(big_db, tmp_path, name, fmt):
    out = tmp_path / "out"
    out.mkdir()
    heard: list[tuple[str, int, int]] = []
    with Registry.open(big_db, readonly=True) as reg:
        result = export(reg, out / name, fmt=fmt, on_progress=lambda *a: heard.append(a))
        steps = [(d, t) for s, d, t in heard if s == EXPORT]
        total = steps[-1][1]
        assert steps[-1] == (total, total) and total > 3000
        assert [d for d, _ in steps] == sorted(d for d, _ in steps)
        assert result.rows <= total  # a format may leave some units out (QCVN 102, closed)
        for item in out.iterdir():
            shutil.rmtree(item) if item.is_dir() else item.unlink()

        def stop(step: str, done: int, total: int) -> None:
            if done >= PROGRESS_EVERY:
                raise Stop

        with pytest.raises(Stop):
            export(reg, out / name, fmt=fmt, on_progress=stop)
    assert list(out.iterdir()) == []


def test_the_crosswalk_counts_changes(big_db, tmp_path):
    with Registry.open(big_db) as reg:
        did = reg.add_decision("8/QĐ-UBND", "2026-03-01")
        for b in range(1, 7):
            reg.recode(reg.find(f"H29.01.{b:02d}").id, f"H29.01.{b + 200}", did)
        heard: list[tuple[str, int, int]] = []
        export(reg, tmp_path / "cw.csv", crosswalk=True, on_progress=lambda *a: heard.append(a))
    assert heard[0][:2] == (EXPORT_CHANGES, 0) and heard[-1][1] == heard[-1][2] >= 6


def test_a_pdf_counts_rows_and_pages_and_a_raise_leaves_no_file(big_db, tmp_path):
    heard: list[tuple[str, int, int]] = []
    with Registry.open(big_db, readonly=True) as reg:
        document = build_report(reg, "tree", on_progress=lambda *a: heard.append(a))
    pages = write_pdf(document, tmp_path / "a.pdf", on_progress=lambda *a: heard.append(a))
    assert [s for s in dict.fromkeys(s for s, _, _ in heard)] == [LAYOUT, PAGINATE, PAINT]
    assert heard[-1] == (PAINT, pages, pages) and pages > 50

    def stop(step: str, done: int, total: int) -> None:
        if step == PAINT and done > 0:  # every page painted, the file not yet renamed
            raise Stop

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Stop):
        write_pdf(document, out / "b.pdf", on_progress=stop)
    assert list(out.iterdir()) == []
