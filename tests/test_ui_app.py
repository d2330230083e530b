"""Starting the application: first start, the bundled sample, new registries, errors, language."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from uikit import PATIENCE, make_window, wait_jobs

from desktop.domain.errors import ConflictError
from desktop.paths import default_registry, log_dir
from desktop.store.asof import compare_with_replay, units_as_of
from desktop.store.registry import Registry
from desktop.store.sample import create_registry
from desktop.ui import errors
from desktop.ui.app import _startup_registry, launch
from desktop.ui.i18n import ENGLISH, VIETNAMESE, install_language, tr
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings


def _close_boxes() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


def test_first_start_opens_a_copy_of_the_sample(tmp_path: Path):
    settings = Settings(tmp_path / "settings.ini")
    path = _startup_registry(None, settings)
    assert path == default_registry() and path.exists()
    with Registry.open(path, readonly=True) as reg:
        assert reg.find("G14").status == "closed"  # the official amendment is there
        assert reg.find("G06.09.01.001").name == "Đài Kiểm soát tần số Hà Nội"
        examples = [d for d in reg.decisions() if "VÍ DỤ" in d.title]
        assert len(examples) == 3
        assert all(u.note == "Ví dụ minh họa" for u in reg.subtree(reg.find("G06"))[1:] if u.note)
        assert compare_with_replay(reg).ok
        # The last example decision is signed but takes effect later: the as-of view shows it.
        before = {u.code: u.name for u in units_as_of(reg, "2026-12-31", root="G06")}
        after = {u.code: u.name for u in units_as_of(reg, "2027-01-01", root="G06")}
        assert before["G06.11"] == "Cục Sở hữu trí tuệ"
        assert after["G06.11"] == "Cục Sở hữu trí tuệ và Đổi mới sáng tạo"
    # A later start opens the registry used last, not a new copy.
    settings.add_recent(path)
    other = create_registry(tmp_path / "other.db")
    settings.add_recent(other)
    assert _startup_registry(None, settings) == other.resolve()


def test_launch_shows_the_window_on_the_users_registry(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    window = launch(None)
    qtbot.addWidget(window)
    wait_jobs(qtbot)
    assert window.isVisible()
    assert window.windowTitle().startswith(default_registry().name)
    # Active level-1 units after the 2025 amendment and the provincial merger (34 + 34 H, K).
    assert window.tree.unit_model.rowCount() == 190 - 58
    assert QApplication.font().family() == "DejaVu Sans"
    assert window.status.units.text() == "164 đơn vị"  # with the example subtree


def test_new_registry_holds_the_official_level1_list(qtbot, tmp_path: Path):
    window = make_window(qtbot, create_registry(tmp_path / "a.db", sample=True), tmp_path / "s.ini")
    target = tmp_path / "moi.db"
    window.files.new_registry(target)
    wait_jobs(qtbot)
    qtbot.waitUntil(lambda: window.session.db_path == target.resolve(), timeout=PATIENCE)
    with Registry.open(target, readonly=True) as reg:
        assert reg.holder("G06") is not None and reg.holder("G06.01") is None
        assert [d.number for d in reg.decisions()] == [
            "20/2020/QĐ-TTg",
            "09/2025/QĐ-TTg",
            "202/2025/QH15",
        ]
    assert window.settings.recent()[0] == str(target.resolve())
    # Creating over an existing file is refused with a message, and nothing changes.
    errors.shown.clear()
    window.files.new_registry(target)
    wait_jobs(qtbot)
    assert errors.shown and "đã tồn tại" in errors.shown[-1]
    _close_boxes()


def test_bugs_get_an_apology_and_the_log_location(qtbot, caplog):
    errors.shown.clear()
    with caplog.at_level(logging.ERROR, logger="madinhdanh.ui"):
        box = errors.show_bug(None, RuntimeError("boom"))
    assert str(log_dir()) in box.informativeText()
    assert "Traceback" not in box.text() and "boom" not in box.text()
    assert "boom" in caplog.text and "RuntimeError" in caplog.text
    box.close()


def test_excepthook_turns_known_errors_into_messages(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    errors.shown.clear()
    exc = ConflictError("Mã 000.00.01.G06 đang được dùng.", "The code is in use.")
    sys.excepthook(type(exc), exc, None)
    assert errors.shown[-1] == "Mã 000.00.01.G06 đang được dùng."
    _close_boxes()


@pytest.fixture()
def english():
    install_language(ENGLISH)
    yield
    install_language(VIETNAMESE)


def test_english_translation(qtbot, tmp_path: Path, english):
    assert tr("Mở sổ…") == "Open registry…"
    assert tr("Hiện đơn vị đã đóng") == "Show closed units"
    chosen = Settings(tmp_path / "s.ini")
    chosen.language = ENGLISH
    chosen.sync()
    window = make_window(qtbot, create_registry(tmp_path / "a.db", sample=True), tmp_path / "s.ini")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Check", "&Help"]
    header = window.tree.unit_model.headerData(1, Qt.Orientation.Horizontal)
    assert header == "Name of agency or unit"
    assert window.status.units.text() == "164 units"
    # Known problems speak English too.
    errors.shown.clear()
    assert not window.files.open_registry(tmp_path / "missing.db")
    assert errors.shown[-1].startswith("Registry '") and "does not exist" in errors.shown[-1]
    _close_boxes()


def test_every_interface_text_is_translated():
    """The English .ts has a finished translation for every text of the interface."""
    import xml.etree.ElementTree as ET

    from desktop.paths import resource_file

    root = ET.parse(resource_file("translations", "madinhdanh_en.ts")).getroot()
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if m.find("translation").get("type") in ("unfinished",)
        or not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []
    assert resource_file("translations", "madinhdanh_en.qm").exists()


def test_a_new_registry_ignores_a_stale_journal_left_beside_it(tmp_path: Path):
    first = create_registry(tmp_path / "so.db", sample=True)
    with Registry.open(first) as reg:
        reg.conn.execute("PRAGMA wal_autocheckpoint = 0")
        did = reg.add_decision("1/QĐ-X", "2026-01-01")
        reg.create_unit("H61.01", "Sở Tư pháp", did)
        # Copy the journal while it still holds the change, as a crash would leave it.
        stale = (tmp_path / "so.db-wal").read_bytes()
    first.unlink()
    (tmp_path / "so.db-wal").write_bytes(stale)
    create_registry(tmp_path / "so.db")
    with Registry.open(tmp_path / "so.db", readonly=True) as reg:
        assert reg.holder("H61.01") is None
        assert reg.holder("G06.01") is None  # a plain official registry, nothing replayed


def test_switching_language_reopens_the_window_in_english(qtbot, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    window = launch(None)  # not handed to qtbot: the switch closes (and deletes) it
    wait_jobs(qtbot)
    path = window.session.db_path
    window.acts.act_en.trigger()
    try:
        fresh_window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w is not window
        )
        qtbot.addWidget(fresh_window)
        wait_jobs(qtbot)
        assert fresh_window.session.db_path == path
        assert fresh_window.menuBar().actions()[0].text() == "&File"
        assert Settings().language == ENGLISH
    finally:
        install_language(VIETNAMESE)


def test_exit_when_shown_prints_the_time_the_window_was_drawn(tmp_path: Path):
    # The start-up benchmark's hook: a fresh process, the window shown on the registry, a
    # timestamp printed, the background work finished, a clean exit.
    import os
    import subprocess
    import time

    from desktop.ui.app import EXIT_WHEN_SHOWN

    db = create_registry(tmp_path / "mau.db", sample=True)
    home = tmp_path / "home"
    env = {**os.environ, EXIT_WHEN_SHOWN: "1", "MADINHDANH_HOME": str(home)}
    env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang, not a measure
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("shown ")]
    assert len(lines) == 1
    shown = float(lines[0].split()[1])
    assert started < shown < time.time()
    # The window opened that registry (it is now the most recent one).
    assert Settings(home / "settings.ini").recent()[0] == str(db.resolve())


def test_every_tr_text_of_the_source_is_in_the_translation_file():
    """A text added to the interface without running pyside6-lupdate would stay Vietnamese in
    the English interface: every literal passed to tr() must be in the .ts file."""
    import ast
    import unicodedata
    import xml.etree.ElementTree as ET

    from desktop.paths import resource_file

    root = ET.parse(resource_file("translations", "madinhdanh_en.ts")).getroot()
    known = {unicodedata.normalize("NFC", m.findtext("source") or "") for m in root.iter("message")}
    missing = []
    for path in (Path(__file__).parent.parent / "desktop" / "ui").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                text = unicodedata.normalize("NFC", node.args[0].value)
                if text not in known:
                    missing.append((path.name, text))
    assert missing == []
