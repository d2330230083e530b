"""What the File menu does: new, open, recent, backup, restore, and the registry's settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from desktop.domain.errors import KnownError
from desktop.store import backup
from desktop.store.errors import RegistryCorrupt
from desktop.store.ops import Change
from desktop.store.registry import Registry
from desktop.store.verify import VerifyReport, verify_registry
from desktop.ui import errors, workers
from desktop.ui.i18n import ENGLISH, language, message, tr
from desktop.ui.registry_settings import RegistrySettingsDialog
from desktop.ui.restore import RestoreDialog, confirm_restore
from desktop.ui.session import RELOAD, Session


class Files(QObject):
    """Opens, creates, backs up and restores registry files for the session."""

    backingUp = Signal(bool)  # a backup started (True) or ended: one at a time

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session
        self.backing_up = False
        # The registry that failed to open as damaged: what Khôi phục… restores.
        self.failed_path: Path | None = None
        self.damaged_box: QMessageBox | None = None

    def open_registry(self, path: Path | str) -> bool:
        """Open a registry file (known problems are reported, and False returned)."""
        try:
            self.session.open(path)
        except Exception as exc:
            self._open_failed(Path(path), exc)
            return False
        self.failed_path = None
        return True

    def _open_failed(self, path: Path, exc: BaseException) -> None:
        """Why the registry did not open; for a damaged one, the way out: its backups."""
        window = self.session.window
        self.failed_path = path.resolve() if isinstance(exc, RegistryCorrupt) else None
        if not isinstance(exc, KnownError):
            errors.show_bug(window, exc)
            return
        if self.failed_path is None or not backup.list_backups(self.failed_path):
            errors.show_known(window, exc, tr("Không mở được sổ"))
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Không mở được sổ"),
            message(exc),
            QMessageBox.StandardButton.Cancel,
            window,
        )
        restore = box.addButton(tr("Khôi phục từ bản sao lưu…"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore)
        box.accepted.connect(self.restore_dialog)
        box.open()
        self.damaged_box = box

    def open_registry_dialog(self) -> None:
        db_path = self.session.db_path
        start = str(db_path.parent) if db_path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self.session.window,
            tr("Mở sổ mã định danh"),
            start,
            tr("Sổ mã định danh (*.db *.sqlite);;Mọi tệp (*)"),
        )
        if path:
            self.open_registry(path)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        items = self.session.settings.recent()
        if not items:
            empty = menu.addAction(tr("(chưa có)"))
            empty.setEnabled(False)
            return
        for i, path in enumerate(items, 1):
            act = menu.addAction(f"&{i}  {path}")
            act.triggered.connect(lambda _c=False, p=path: self.open_registry(p))

    def new_registry_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.session.window,
            tr("Tạo sổ mã định danh mới"),
            str(Path.home() / "so-ma-dinh-danh.db"),
            tr("Sổ mã định danh (*.db)"),
        )
        if path:
            if not path.endswith(".db"):
                path += ".db"
            self.new_registry(Path(path))

    def new_registry(self, path: Path) -> workers.Job:
        """Create a registry holding the official level-1 list, off the GUI thread, then open it."""
        from desktop.store.sample import create_registry

        def work(_reg: Registry | None, job: workers.Job) -> Path:
            job.progress(0, 0, tr("Đang tạo sổ với danh sách mã cấp 1 chính thức…"))
            return create_registry(path, official=True)

        window = self.session.window
        job = workers.Job(work, None)
        job.succeeded.connect(lambda p: self.open_registry(p))
        job.failed.connect(lambda exc: errors.report(window, exc))
        workers.ProgressDialog(job, tr("Sổ mới"), tr("Đang tạo sổ…"), window, cancellable=False)
        return workers.start(job)

    def registry_settings(self) -> RegistrySettingsDialog | None:
        """The letterhead and signer printed on reports, and who records changes."""
        if self.session.reg is None:
            return None
        dialog = RegistrySettingsDialog(
            self.session.reg, self.session.window, self.session.settings
        )
        dialog.accepted.connect(self.session.settings_changed)
        dialog.open()
        return dialog

    def backup_now(self) -> workers.Job | None:
        """A copy of the registry in its backups folder, listed for restoring later."""
        if self.session.db_path is None or self.backing_up:
            return None  # one backup at a time
        path = self.session.db_path

        def work(reg: Registry | None, job: workers.Job) -> Path:
            assert reg is not None
            job.progress(0, 0, tr("Đang sao lưu…"))
            return backup.backup_before(reg, backup.MANUAL, on_progress=job.on_progress)

        window = self.session.window
        job = workers.Job(work, path)
        job.succeeded.connect(
            lambda p: self.session.say(tr("Đã sao lưu vào {path}").format(path=p), 0)
        )
        job.failed.connect(lambda exc: errors.report(window, exc))
        # Cancel is safe: it removes the partial copy, never the registry.
        workers.ProgressDialog(job, tr("Sao lưu"), tr("Đang sao lưu…"), window)
        self._set_backing_up(True)
        job.done.connect(lambda: self._set_backing_up(False))
        return workers.start(job)

    def verify_now(self) -> workers.Job | None:
        """The registry's integrity (the file, the hash chains, the replay) checked off the GUI
        thread, with counts and Cancel (it only reads), then said in one message."""
        if self.session.db_path is None:
            return None
        window = self.session.window

        def work(reg: Registry | None, job: workers.Job) -> VerifyReport:
            assert reg is not None
            return verify_registry(reg, on_progress=job.on_progress)

        job = workers.Job(work, self.session.db_path, readonly=True)
        job.succeeded.connect(lambda report: say_verified(window, report))
        job.failed.connect(lambda exc: errors.report(window, exc))
        title = tr("Kiểm tra toàn vẹn sổ")
        workers.ProgressDialog(job, title, tr("Đang kiểm tra toàn vẹn sổ…"), window)
        return workers.start(job)

    def _set_backing_up(self, on: bool) -> None:
        self.backing_up = on
        self.backingUp.emit(on)

    def restore_dialog(self) -> workers.Job | None:
        """Pick an automatic copy, confirm, and bring it back (off the GUI thread).

        Also for a registry that failed to open as damaged: that is when it is needed most."""
        path = self.session.db_path or self.failed_path
        if path is None:
            return None
        window = self.session.window
        found = backup.list_backups(path)
        if not found:
            errors.show_info(
                window,
                tr("Khôi phục từ bản sao lưu"),
                tr(
                    "Sổ này chưa có bản sao lưu nào. Bản sao được tạo tự động trước mỗi lần "
                    "nhập phụ lục và trước khi nâng cấp sổ; dùng Tệp › Sao lưu ngay để tạo một "
                    "bản bất cứ lúc nào."
                ),
            )
            return None
        dialog = RestoreDialog(path, found, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selected()
        if chosen is None or not confirm_restore(window, chosen):
            return None
        return self.restore_from(chosen.path)

    def restore_from(self, source: Path) -> workers.Job:
        path = self.session.db_path or self.failed_path
        assert path is not None
        # The registry's writer lock must be free for the restore to take it.
        self.session.close()
        window = self.session.window

        def work(_reg: Registry | None, job: workers.Job) -> backup.RestoreResult:
            job.progress(0, 0, tr("Đang kiểm tra bản sao và khôi phục…"))
            return backup.restore(path, source, on_progress=job.on_progress)

        def done(result: backup.RestoreResult) -> None:
            if self.open_registry(path):
                self.session.publish(Change(RELOAD))
            self.session.say(
                tr("Đã khôi phục sổ từ bản sao lưu ({units} đơn vị).").format(units=result.units),
                0,
            )

        def failed(exc: BaseException) -> None:
            self.open_registry(path)
            errors.report(window, exc)

        job = workers.Job(work, None)
        job.succeeded.connect(done)
        job.failed.connect(failed)
        workers.ProgressDialog(
            job, tr("Khôi phục"), tr("Đang khôi phục…"), window, cancellable=False
        )
        return workers.start(job)


def say_verified(parent: QWidget | None, report: VerifyReport) -> None:
    """One message: all is well, or the first thing found (the command line's ``verify`` says
    everything)."""
    if report.ok:
        text = tr("Sổ toàn vẹn: tệp, chuỗi băm của {events} thay đổi và phát lại lịch sử đều khớp.")
    else:
        text = tr("Sổ có chỗ không khớp: {first} Chạy «madinhdanh verify» để xem đủ.")
    first = next(iter(problems(report)), "")
    errors.show_info(
        parent, tr("Kiểm tra toàn vẹn sổ"), text.format(events=report.chain.events, first=first)
    )


def problems(report: VerifyReport) -> list[str]:
    """What verifying found, most basic first, each in the interface language."""
    english = language() == ENGLISH
    found = [f"integrity_check: {line}." for line in report.integrity[:1]]
    first = report.chain.first_break
    for item in [*([first] if first else []), *report.decisions[:1], *report.signed[:1]]:
        found.append(item.message_en if english else item.message)
    if not report.replay_ok:
        found.append(
            "Replaying the history does not give the tables."
            if english
            else "Phát lại lịch sử không khớp với các bảng."
        )
    found += [d.message_en if english else d.message for d in report.damage[:1]]
    return found
