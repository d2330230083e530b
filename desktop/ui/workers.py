"""Long work off the GUI thread: validation, the as-of tree, imports, exports, reports.

A job runs a function in Qt's thread pool with a registry connection of its own (SQLite
connections are never shared between threads), reports progress through queued signals, and
hands its result back to the GUI thread, where alone widgets are touched. A progress dialog
with a cancel button shows while it runs; cancelling asks the function to stop (through the
``progress`` callback returning False) and throws its result away.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.domain.errors import KnownError
from desktop.store.registry import Registry
from desktop.ui.i18n import step_text, tr

log = logging.getLogger("madinhdanh.ui")

Progress = Callable[[int, int], bool]

# Work that can take longer shows its progress within half a second.
SHOW_AFTER_MS = 400


class JobCancelled(Exception):
    """Raised inside a job when the clerk pressed Cancel."""


class Job(QObject):
    """One piece of background work; lives on the GUI thread, its function does not."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    done = Signal()

    def __init__(
        self,
        fn: Callable[[Registry | None, Job], Any],
        db_path: Path | None,
        *,
        readonly: bool = True,
    ) -> None:
        super().__init__()
        self.fn = fn
        self.db_path = db_path
        self.readonly = readonly
        self._cancel = threading.Event()
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None

    # -- called from the worker thread ------------------------------------------------------------

    def progress(self, done: int, total: int, text: str = "") -> bool:
        """Report progress; False means stop (the validator's and importer's convention)."""
        try:
            self.progressed.emit(int(done), int(total), text)
        except RuntimeError:
            # The application is shutting down and took the job's Qt side with it: stop.
            self._cancel.set()
        return not self._cancel.is_set()

    def on_progress(self, step: str, done: int, total: int) -> None:
        """The ``on_progress`` of work below the window (:mod:`desktop.domain.progress`): its
        counts shown in words, the clerk's Cancel obeyed by stopping the work there."""
        if not self.progress(done, total, step_text(step, done, total)):
            raise JobCancelled

    def check(self) -> None:
        if self._cancel.is_set():
            raise JobCancelled

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # -- called from the GUI thread ---------------------------------------------------------------

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self) -> None:
        try:
            if self.db_path is None:
                result = self.fn(None, self)
            else:
                with Registry.open(self.db_path, readonly=self.readonly) as reg:
                    result = self.fn(reg, self)
        except JobCancelled:
            self._finish(None, None)
        except BaseException as exc:  # handed to the GUI thread, which decides what to say
            if not isinstance(exc, KnownError):
                log.exception("background job failed")
            self._finish(None, exc)
        else:
            self._finish(result, None)

    def _finish(self, result: Any, error: BaseException | None) -> None:
        self.result = result
        self.error = error
        self.finished = True
        try:
            if error is not None:
                self.failed.emit(error)
            elif not self._cancel.is_set():
                self.succeeded.emit(result)
            self.done.emit()
        except RuntimeError:
            # The application is shutting down and took the job's Qt side with it.
            _running.discard(self)


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        self.job._run()


_running: set[Job] = set()


def start(job: Job) -> Job:
    """Start a job in the global thread pool; it is kept alive until it is done."""
    _running.add(job)
    job.done.connect(lambda: _running.discard(job), Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(_Runnable(job))
    return job


def busy() -> bool:
    return bool(_running)


def wait_all(msecs: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)


class ProgressDialog(QProgressDialog):
    """The progress of one job, with a cancel button where stopping is safe."""

    def __init__(
        self,
        job: Job,
        title: str,
        label: str,
        parent: QWidget | None,
        *,
        cancellable: bool = True,
    ) -> None:
        super().__init__(label, tr("Hủy"), 0, 0, parent)
        if not cancellable:
            # Work whose result must be taken in whole (a restore, a new file): no Cancel that
            # would only throw the result away while the work goes on.
            self.setCancelButton(None)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Qt starts the minimum-duration timer only once a value is set (without one the
        # dialog waited 4 s): set both, so that any work longer than this shows.
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setValue(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.job = job
        self._label = label
        job.progressed.connect(self._on_progress)
        job.done.connect(self._on_done)
        self.cancellable = cancellable
        if cancellable:
            # Closing a window without Cancel (its title bar's X) emits canceled too: only
            # work that may stop is told to.
            self.canceled.connect(job.cancel)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))
        if text:
            self.setLabelText(text)

    def _on_done(self) -> None:
        if self.cancellable:
            self.canceled.disconnect(self.job.cancel)
        self.close()
        self.deleteLater()
