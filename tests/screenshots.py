"""Take the README's screenshots from the running application, in a real X window.

    xvfb-run -s "-screen 0 1366x860x24" python tests/screenshots.py docs/screenshots

Each picture is the application's own window grabbed from the screen (QScreen.grabWindow),
on a fresh copy of the bundled sample registry, in Vietnamese.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


def settle(app: QApplication, ms: int = 400) -> None:
    loop_done = []
    QTimer.singleShot(ms, lambda: loop_done.append(True))
    while not loop_done:
        app.processEvents()


def grab(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    handle = widget.windowHandle()
    screen = handle.screen() if handle is not None else app.primaryScreen()
    frame = widget.frameGeometry()
    pixmap = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    if pixmap.isNull() or pixmap.width() < 10:
        pixmap = widget.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    pixmap.save(str(path))
    print(f"{path}: {pixmap.width()}x{pixmap.height()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", choices=["main", "wizard"], default=None)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="madinhdanh-shots-"))
    os.environ["MADINHDANH_HOME"] = str(home)
    os.environ.setdefault("MADINHDANH_OPERATOR", "chuyen-vien")

    from desktop.store.sample import ensure_default_registry
    from desktop.ui import workers
    from desktop.ui.app import setup_application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    app = QApplication(sys.argv[:1])
    settings = Settings()
    setup_application(app, settings)
    db = ensure_default_registry()
    window = MainWindow(settings)
    window.resize(1366, 820)
    window.move(0, 0)
    window.show()
    window.files.open_registry(db)
    settle(app, 300)
    workers.wait_all()
    settle(app, 200)

    if args.only in (None, "main"):
        assert window.session.reg is not None
        window.tree.jump_to(window.session.reg.find("G06.07").id)
        window.tree.jump_to(window.session.reg.find("G06.01.01").id)
        window.tree.jump_to(window.session.reg.find("G06.09.02").id)
        window.tree.expand(window.tree.currentIndex())
        window.tree.jump_to(window.session.reg.find("G06.07.02").id)
        window.tree.expand(window.tree.currentIndex())
        settle(app)
        grab(app, window, args.out / "main-window.png")

    if args.only in (None, "wizard"):
        from desktop.exchange.importer import import_appendix
        from desktop.ui.wizard import open_import_wizard

        fixtures = ROOT / "tests" / "fixtures"
        # The province's 2022 list is in the registry; its 2023 list replaces it.
        assert window.session.reg is not None
        result = import_appendix(window.session.reg, fixtures / "phu_luc_h59_2022.xlsx")
        assert result.change is not None
        window.session.publish(result.change)
        wizard = open_import_wizard(window.session, fixtures / "phu_luc_h59_2023.xlsx")
        assert wizard is not None
        wizard.move(40, 30)
        for page in range(2):
            if page == 1:
                wizard.content_page.replace_list.setChecked(True)
            wizard.next()
            while workers.busy():
                app.processEvents()
            settle(app, 200)
            if page == 0:
                # What was read, with the sheets, header rows and columns to choose.
                grab(app, wizard, args.out / "import-wizard-content.png")
        grab(app, wizard, args.out / "import-wizard-changeset.png")
    window.close()


if __name__ == "__main__":
    main()
