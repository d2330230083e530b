"""The open registry as the window works on it: one place every change goes through.

The session owns the registry connection, the undo stack, the decision later changes are
recorded under, the date the tree is viewed as of, and the background jobs. Every change — an
operation, an import, an undo or redo, an annulment, a restore, a settings change — runs
through it and ends in one ``changed(Change)`` signal; the tree, the panes, the status bar and
the dialogs subscribe to it and decide themselves what to redraw (operations return what
changed; views are never refreshed by hand from the place that made the change).

Dialogs, the wizard, the findings pane and the exports receive the session, never the window,
so nothing below the window imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from desktop.domain.decisions import today as today_iso
from desktop.domain.errors import KnownError
from desktop.store.base import IF_LOCKED_READONLY
from desktop.store.browse import as_of_difference, decision_event_counts
from desktop.store.ops import Change
from desktop.store.registry import Registry
from desktop.store.verify import probe_damage
from desktop.ui import errors, workers
from desktop.ui.commands import Operation, OperationCommand
from desktop.ui.i18n import tr
from desktop.ui.settings import Settings

# The actions of changes that are not one operation's: views that patch rows read these
# as "read everything again".
IMPORT = "import"
RELOAD = "reload"
SETTINGS = "settings"
DECISION = "decision"


class Session(QObject):
    """The open registry, its undo stack, the current decision and the background jobs."""

    changed = Signal(object)  # Change: what changed, for every view to redraw its part
    opened = Signal()  # another registry (or none) is open: views start again
    counted = Signal()  # unit_count and decision_counts are known (again)
    message = Signal(str, int)  # a line for the status bar, and how long it stays (ms; 0: stays)

    def __init__(self, settings: Settings, window: QWidget) -> None:
        super().__init__(window)
        self.settings = settings
        self.window = window  # the parent of dialogs and progress windows
        self.reg: Registry | None = None
        self.db_path: Path | None = None
        self.as_of: str | None = None
        self.current_decision_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self.unit_count: int | None = None
        self.decision_counts: dict[int, int] = {}
        self.include_closed = False
        self.notation = "qcvn102"  # how codes are shown (a read-only view may differ from the file)
        self._remap: dict[int, int] = {}
        self._jobs: dict[str, workers.Job] = {}

    # -- the registry file ------------------------------------------------------------------------

    def open(self, path: Path | str) -> Registry:
        """Open a registry file; one another program is editing opens read-only."""
        reg = Registry.open(path, if_locked=IF_LOCKED_READONLY)
        try:
            # What the views read first: a registry that opens but cannot be shown (damaged
            # pages, unreadable decisions) is refused here as the damage, never half shown.
            reg.decisions()
            reg.notation  # noqa: B018
        except Exception as exc:
            reg.close()
            raise probe_damage(Path(path)) or exc from exc
        self._close()
        self.reg = reg
        self.db_path = Path(path).resolve()
        self.notation = reg.notation
        # Only a registry that opened and showed is remembered to be reopened.
        self.settings.add_recent(self.db_path)
        self.opened.emit()
        self.refresh_stats()
        return reg

    def close(self) -> None:
        """Close the registry (to restore over it, or on leaving): views let it go."""
        if self.reg is not None:
            self._close()
            self.opened.emit()

    def _close(self) -> None:
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()
        self.undo_stack.clear()
        self.current_decision_id = None
        self._remap.clear()
        self.unit_count = None
        self.decision_counts = {}
        self.as_of = None
        if self.reg is not None:
            self.reg.close()
            self.reg = None
        self.db_path = None

    @property
    def readonly(self) -> bool:
        return self.reg is None or self.reg.readonly or self.as_of is not None

    def say(self, text: str, ms: int = 5000) -> None:
        self.message.emit(text, ms)

    # -- background jobs --------------------------------------------------------------------------

    def start(self, name: str, job: workers.Job) -> workers.Job:
        """Run a job; a newer job of the same name replaces (cancels) the older one."""
        old = self._jobs.get(name)
        if old is not None:
            old.cancel()
        self._jobs[name] = job
        job.done.connect(lambda: self._jobs.pop(name) if self._jobs.get(name) is job else None)
        return workers.start(job)

    def current(self, name: str, job: workers.Job) -> bool:
        """Whether ``job`` is still the one its results are wanted from."""
        return self._jobs.get(name) is job

    def cancel(self, name: str) -> None:
        job = self._jobs.pop(name, None)
        if job is not None:
            job.cancel()

    def refresh_stats(self) -> workers.Job | None:
        """Count units and each decision's changes off the GUI thread (slow on a million)."""
        if self.db_path is None:
            return None
        include_closed = self.include_closed

        def work(reg: Registry | None, job: workers.Job) -> tuple[int, dict[int, int]]:
            assert reg is not None
            # The units in force today (the tables also hold changes signed for later).
            count = as_of_difference(reg, today_iso(), include_closed=include_closed).count
            job.check()
            return count or 0, decision_event_counts(reg)

        job = workers.Job(work, self.db_path, readonly=True)

        def done(result: tuple[int, dict[int, int]]) -> None:
            if self.current("stats", job):
                self.unit_count, self.decision_counts = result
                self.counted.emit()

        job.succeeded.connect(done)
        job.failed.connect(lambda exc: errors.report(self.window, exc))
        return self.start("stats", job)

    # -- changes ----------------------------------------------------------------------------------

    def publish(self, change: Change) -> None:
        """Tell every view what changed (the one way views hear of a change)."""
        self.changed.emit(change)
        if change.action != SETTINGS:
            self.refresh_stats()

    def perform(self, text: str, op: Operation, picker: Any | None) -> Change:
        """Run one change in one transaction (with its decision, if new), push it for undo."""
        reg = self.reg
        assert reg is not None
        with reg.write():
            decision_id = picker.resolve(reg) if picker is not None else 0
            change = op(reg, decision_id)
        if picker is not None:
            if picker.is_new:
                self.settings.set_value("last_issuer", picker.form.issuer.text())
            self.current_decision_id = decision_id
        self.undo_stack.push(OperationCommand(self, text, op, decision_id, change))
        self.publish(change)
        return change

    def imported(self, command: QUndoCommand, change: Change, decision_id: int | None) -> None:
        """An import was applied: on the undo stack, its decision current, every view told."""
        self.undo_stack.push(command)
        if decision_id is not None:
            self.current_decision_id = decision_id
        self.publish(change)

    def annul_event(self, event_id: int) -> None:
        """Annul a mistaken change; through the undo stack when it is the latest one there."""
        reg = self.reg
        assert reg is not None
        index = self.undo_stack.index()
        if index > 0:
            top = self.undo_stack.command(index - 1)
            if isinstance(top, OperationCommand) and event_id in top.event_ids():
                self.undo_stack.undo()
                return
        change = reg.annul(event_id)
        self.publish(change)
        for i in range(index):
            cmd = self.undo_stack.command(i)
            if isinstance(cmd, OperationCommand) and reg.event(cmd.change.event_ids[0]).annulled_by:
                self.undo_stack.clear()
                break
        self.say(tr("Đã hủy thay đổi nhầm."))

    def undo(self) -> None:
        if not self.readonly:
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self.readonly:
            self.undo_stack.redo()

    def undo_failed(self, exc: KnownError) -> None:
        errors.show_known(self.window, exc, tr("Không hoàn tác được"))
        QTimer.singleShot(0, self.undo_stack.clear)
        if self.reg is not None:
            self.publish(Change(RELOAD))

    def remap(self, old: list[int], new: list[int]) -> None:
        """A redone change made its units again under new ids: older commands follow them."""
        for a, b in zip(old, new):
            if a != b:
                self._remap[a] = b

    def resolve(self, unit_id: int) -> int:
        seen = set()
        while unit_id in self._remap and unit_id not in seen:
            seen.add(unit_id)
            unit_id = self._remap[unit_id]
        return unit_id

    # -- decisions and settings -------------------------------------------------------------------

    def use_decision(self, decision_id: int) -> None:
        self.current_decision_id = decision_id
        if self.reg is not None:
            self.publish(Change(DECISION))
            number = self.reg.decision(decision_id).number
            self.say(tr("Các thay đổi tiếp theo theo quyết định") + f" {number}")

    def decision_changed(self, decision_id: int | None, text: str) -> None:
        """A decision's record was corrected or withdrawn."""
        if decision_id is not None and self.current_decision_id == decision_id:
            self.current_decision_id = None
        self.publish(Change(DECISION))
        self.say(text)

    def set_notation(self, notation: str) -> bool:
        """Write codes another way; a read-only view changes how it shows them, not the file."""
        if self.reg is None or self.notation == notation:
            return False
        self.notation = notation
        if not self.readonly:
            self.reg.set_meta("display_notation", notation)
        self.changed.emit(Change(SETTINGS))
        return True

    def settings_changed(self) -> None:
        self.changed.emit(Change(SETTINGS))
