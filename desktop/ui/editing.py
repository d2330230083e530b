"""What the Edit menu, the context menu and the decisions pane do: open the form of a change.

Each form runs its change through the session (``Session.perform``); nothing here redraws a
view: the session's ``changed`` signal does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from desktop.domain.decisions import Decision
from desktop.domain.errors import KnownError
from desktop.domain.units import Unit
from desktop.store.browse import latest_change
from desktop.ui import dialogs, errors
from desktop.ui.decision_edit import DecisionEditDialog, confirm_withdraw
from desktop.ui.i18n import tr
from desktop.ui.panels import DecisionsPanel
from desktop.ui.session import Session
from desktop.ui.unit_tree import UnitTree

F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """A slot whose known problems become a message, not an exception."""

    @wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except KnownError as exc:
            errors.show_known(self.session.window, exc)
            return None

    return cast(F, wrapper)


class Editing(QObject):
    """Opens the form of each change on the units chosen in the tree."""

    def __init__(self, session: Session, tree: UnitTree, decisions: DecisionsPanel) -> None:
        super().__init__(tree)
        self.session = session
        self.tree = tree
        self.decisions = decisions
        tree.moveRequested.connect(self._move_requested)

    def _open(self, dialog: dialogs.OperationDialog) -> dialogs.OperationDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _one(self) -> Unit | None:
        unit = self.tree.current_unit()
        if unit is None or self.session.readonly:
            return None
        return unit

    @guarded
    def add_child(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.AddChildDialog(self.session, unit)) if unit else None

    @guarded
    def rename(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.RenameDialog(self.session, unit)) if unit else None

    @guarded
    def edit_details(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.DetailsDialog(self.session, unit)) if unit else None

    @guarded
    def recode(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.RecodeDialog(self.session, unit)) if unit else None

    @guarded
    def move_unit(
        self, unit_id: int | None = None, parent_id: int | None = None
    ) -> dialogs.OperationDialog | None:
        reg = self.session.reg
        if self.session.readonly or reg is None:
            return None
        unit = reg.unit(unit_id) if unit_id is not None else self.tree.current_unit()
        if unit is None:
            return None
        target = reg.unit(parent_id) if parent_id is not None else None
        return self._open(dialogs.MoveDialog(self.session, unit, target))

    def _move_requested(self, unit_id: int, parent_id: int) -> None:
        # Out of the drop event: the preview dialog must not open inside the drag loop.
        QTimer.singleShot(0, lambda: self.move_unit(unit_id, parent_id))

    @guarded
    def close_unit(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.CloseDialog(self.session, unit)) if unit else None

    @guarded
    def reopen_unit(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.ReopenDialog(self.session, unit)) if unit else None

    @guarded
    def merge(self) -> dialogs.OperationDialog | None:
        if self.session.readonly:
            return None
        units = self.tree.selected_units()
        if not units:
            return None
        target = None
        if len(units) > 1:
            # The current (last clicked) unit receives the others, unless the clerk changes it.
            target, units = units[-1], units[:-1]
        return self._open(dialogs.MergeDialog(self.session, units, target))

    @guarded
    def split(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        return self._open(dialogs.SplitDialog(self.session, unit)) if unit else None

    @guarded
    def annul_latest(self) -> dialogs.OperationDialog | None:
        unit = self._one()
        if unit is None or self.session.reg is None:
            return None
        event = latest_change(self.session.reg, unit.id)
        if event is None:
            raise KnownError(
                tr("Đơn vị này không còn thay đổi nào có thể hủy."),
                "This unit has no change left to annul.",
            )
        return self._open(dialogs.AnnulDialog(self.session, event))

    @guarded
    def annul_dialog(self, event_id: int) -> dialogs.OperationDialog | None:
        if self.session.readonly or self.session.reg is None:
            return None
        return self._open(dialogs.AnnulDialog(self.session, self.session.reg.event(event_id)))

    def copy_code(self) -> None:
        unit = self.tree.current_unit()
        if unit is not None and self.session.reg is not None:
            QGuiApplication.clipboard().setText(unit.display_code(self.session.notation))

    # -- decisions --------------------------------------------------------------------------------

    def edit_decision(self, decision_id: int) -> DecisionEditDialog | None:
        """Correct a decision's record; every view reads it again."""
        reg = self.session.reg
        if reg is None or self.session.readonly:
            return None
        dialog = DecisionEditDialog(reg, reg.decision(decision_id), self.session.window)
        dialog.accepted.connect(lambda: self._decision_edited(dialog.saved))
        dialog.open()
        return dialog

    def _decision_edited(self, decision: Decision | None) -> None:
        if decision is not None:
            self.session.decision_changed(
                None, tr("Đã sửa thông tin quyết định") + f" {decision.number}"
            )
            self.decisions.select_decision(decision.id)

    def withdraw_decision(self, decision_id: int) -> None:
        reg = self.session.reg
        if reg is None or self.session.readonly:
            return
        decision = reg.decision(decision_id)
        if confirm_withdraw(reg, decision, self.session.window):
            self.session.decision_changed(
                decision_id, tr("Đã rút quyết định") + f" {decision.number}"
            )
