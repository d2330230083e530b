"""Undo and redo of registry changes on Qt's undo stack.

Undo of a change is the registry's own annulment of it (``reg.annul`` of its first event, which
takes the rest of a merge, split or move along); redo performs the operation again under the
same decision. The registry annuls only the latest change of a unit, and the stack undoes in
reverse order, so the two agree as long as nothing else changes those units meanwhile: when
something does (an annulment from the history pane, an import), the window clears the stack.

A redo that creates units again gets new unit ids (ids are never reused); the window keeps the
old → new map so that later commands still find their units.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from desktop.domain.errors import KnownError
from desktop.store.ops import Change
from desktop.store.registry import Registry

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

Operation = Callable[[Registry, int], Change]


class OperationCommand(QUndoCommand):
    def __init__(
        self, window: MainWindow, text: str, op: Operation, decision_id: int, change: Change
    ) -> None:
        super().__init__(text)
        self.window = window
        self.op = op
        self.decision_id = decision_id
        self.change = change
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            # The change was made (and checked) before it was pushed.
            self._pushed = True
            return
        reg = self.window.reg
        assert reg is not None
        try:
            # The same change again: the codes its annulment kept go back to the same bodies.
            with reg.reissuing(self.change.event_ids):
                change = self.op(reg, self.decision_id)
        except KnownError as exc:
            self.setObsolete(True)
            self.window.undo_failed(exc)
            return
        self.window.remap(self.change.created, change.created)
        self.change = change
        self.window.after_change(change)

    def undo(self) -> None:
        reg = self.window.reg
        assert reg is not None
        try:
            annul = reg.annul(self.change.event_ids[0])
        except KnownError as exc:
            self.setObsolete(True)
            self.window.undo_failed(exc)
            return
        self.window.after_change(annul)

    def event_ids(self) -> set[int]:
        return set(self.change.event_ids)
