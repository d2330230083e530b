"""Undo and redo of registry changes on Qt's undo stack.

Undo of a change is the registry's own annulment of it (``reg.annul`` of its first event, which
takes the rest of a merge, split or move along); redo performs the operation again under the
same decision. The registry annuls only the latest change of a unit, and the stack undoes in
reverse order, so the two agree as long as nothing else changes those units meanwhile: when
something does (an annulment from the history pane, an import), the session clears the stack.

A redo that creates units again gets new unit ids (ids are never reused); the session keeps the
old → new map so that later commands still find their units.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from desktop.domain.errors import KnownError
from desktop.store.ops import Change
from desktop.store.registry import Registry

Operation = Callable[[Registry, int], Change]


class Session(Protocol):
    """What a command needs of the session (``desktop.ui.session``, which imports this)."""

    reg: Registry | None

    def publish(self, change: Change) -> None: ...

    def undo_failed(self, exc: KnownError) -> None: ...

    def remap(self, old: list[int], new: list[int]) -> None: ...


class OperationCommand(QUndoCommand):
    def __init__(
        self, session: Session, text: str, op: Operation, decision_id: int, change: Change
    ) -> None:
        super().__init__(text)
        self.session = session
        self.op = op
        self.decision_id = decision_id
        self.change = change
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            # The change was made (and checked) before it was pushed.
            self._pushed = True
            return
        reg = self.session.reg
        assert reg is not None
        try:
            # The same change again: the codes its annulment kept go back to the same bodies.
            with reg.reissuing(self.change.event_ids):
                change = self.op(reg, self.decision_id)
        except KnownError as exc:
            self.setObsolete(True)
            self.session.undo_failed(exc)
            return
        self.session.remap(self.change.created, change.created)
        self.change = change
        self.session.publish(change)

    def undo(self) -> None:
        reg = self.session.reg
        assert reg is not None
        try:
            annul = reg.annul(self.change.event_ids[0])
        except KnownError as exc:
            self.setObsolete(True)
            self.session.undo_failed(exc)
            return
        self.session.publish(annul)

    def event_ids(self) -> set[int]:
        return set(self.change.event_ids)
