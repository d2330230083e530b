"""The unit tree: its view, the models it shows (today's or as of a date), and the selection.

The tree redraws itself from the session's ``changed`` signal: an operation's change patches
the loaded rows in place, anything that is not one operation's reads the tree again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from desktop.domain.units import CLOSED, Unit
from desktop.store.browse import AsOfDifference, ancestors
from desktop.store.ops import Change
from desktop.ui.i18n import tr
from desktop.ui.session import DECISION, RELOAD, SETTINGS, Session
from desktop.ui.tree_model import AsOfSource, RegistrySource, UnitTreeModel

# The changes after which the new or moved unit is selected, so the clerk sees it.
_FOCUS_AFTER = ("create", "split", "move", "recode")


class UnitTree(QTreeView):
    """The tree view, configured for a lazily loaded model and drag-and-drop moves."""

    selectionMoved = Signal()  # another unit (or none) is current
    revealClosed = Signal()  # a closed unit was asked for: closed units must be shown
    moveRequested = Signal(int, int)  # a unit was dropped on a new parent

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.include_closed = False
        self.live_model: UnitTreeModel | None = None
        self.asof_model: UnitTreeModel | None = None
        self.asof_source: AsOfSource | None = None
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        # DragDrop rather than InternalMove: the model accepts only its own MIME type anyway,
        # and the drop never removes the dragged row (the window moves after a preview).
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(True)
        self.setAnimated(False)
        # Hovering a dragged unit over a closed branch opens it, so deep targets can be reached.
        self.setAutoExpandDelay(700)
        session.opened.connect(self._opened)
        session.changed.connect(self._changed)

    def fit_columns(self) -> None:
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        # Room for the widest QCVN 102 code three levels deep, with its status icon.
        width = metrics.horizontalAdvance("000.00.00.G00") + 4 * self.indentation() + 40
        self.setColumnWidth(0, width)

    # -- models -----------------------------------------------------------------------------------

    @property
    def unit_model(self) -> UnitTreeModel | None:
        m = self.model()
        return m if isinstance(m, UnitTreeModel) else None

    def _opened(self) -> None:
        self.forget()
        reg = self.session.reg
        if reg is None:
            return
        self.live_model = UnitTreeModel(
            RegistrySource(reg, include_closed=self.include_closed), reg.notation
        )
        self.live_model.moveRequested.connect(self.moveRequested)
        self._set_model(self.live_model)

    def forget(self) -> None:
        self.setModel(None)
        self.setStyleSheet("")
        self.live_model = self.asof_model = None
        self.asof_source = None

    def _set_model(self, model: UnitTreeModel) -> None:
        old = self.selectionModel()
        self.setModel(model)
        if old is not None:
            old.deleteLater()
        model.fetchMore(QModelIndex())
        self.selectionModel().selectionChanged.connect(lambda *_: self.selectionMoved.emit())
        self.fit_columns()

    def _changed(self, change: Change) -> None:
        if change.action == SETTINGS:
            reg = self.session.reg
            for model in (self.live_model, self.asof_model):
                if model is not None and reg is not None:
                    model.set_notation(self.session.notation)
            return
        if change.action == DECISION:
            return
        if change.action == RELOAD:
            self.reload()
            return
        if self.live_model is not None:
            self.live_model.apply_change(change)
        focus = change.created[:1] or change.unit_ids[:1]
        if focus and change.action in _FOCUS_AFTER:
            self.jump_to(focus[0])

    def show_as_of(self, date: str, difference: AsOfDifference) -> None:
        """Show the tree as it was (or will be) on ``date``: read-only, tinted."""
        reg = self.session.reg
        assert reg is not None
        # The tree reads through the GUI thread's own connection; the job only found what
        # differs on that date.
        source = AsOfSource(reg, difference, include_closed=self.include_closed)
        current = self.current_unit()
        expanded = self._expanded_ids()
        self.asof_source = source
        self.asof_model = UnitTreeModel(source, self.session.notation)
        self._set_model(self.asof_model)
        self.setStyleSheet(
            "QTreeView { background: #fffdf3; alternate-background-color: #fff7dc; }"
        )
        self._restore_expanded(expanded)
        if current is not None and current.id in source:
            self.jump_to(current.id, reveal_closed=False)

    def show_today(self) -> None:
        current = self.current_unit()
        self.asof_model = None
        self.asof_source = None
        self.setStyleSheet("")
        if self.live_model is None:
            return
        self._set_model(self.live_model)
        if current is not None:
            self.jump_to(current.id, reveal_closed=False)

    def reload(self) -> None:
        """Re-read the whole tree (a setting changed), keeping what was open and selected."""
        reg = self.session.reg
        if reg is None or self.live_model is None:
            return
        expanded = self._expanded_ids()
        current = self.current_unit()
        self.live_model.set_source(RegistrySource(reg, include_closed=self.include_closed))
        self.live_model.fetchMore(QModelIndex())
        self._restore_expanded(expanded)
        if current is not None and not self.jump_to(current.id, reveal_closed=False):
            # The unit is hidden now (closed): its nearest shown ancestor takes the selection.
            for ancestor in reversed(ancestors(reg, current.id)):
                if self.jump_to(ancestor, reveal_closed=False):
                    break

    # -- selection --------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        sel = self.selectionModel()
        if sel is None:
            return []
        ids = []
        for index in sel.selectedRows(0):
            if index.internalId() not in ids:
                ids.append(index.internalId())
        current = self.currentIndex()
        if current.isValid() and current.internalId() in ids:
            ids.remove(current.internalId())
            ids.append(current.internalId())
        return ids

    def selected_units(self) -> list[Unit]:
        ids = self.selected_ids()
        if not ids or self.session.reg is None:
            return []
        source = self.shown_source()
        if source is not None:
            then = [source.unit(i) for i in ids]
            return [u for u in then if u is not None]
        found = self.session.reg.units_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def shown_source(self) -> AsOfSource | None:
        """Where the tree reads the units it shows: as of the chosen date, or in force today
        (the tables also hold changes signed for later)."""
        if self.session.as_of and self.asof_source is not None:
            return self.asof_source
        if self.live_model is not None and isinstance(self.live_model.source, AsOfSource):
            return self.live_model.source
        return None

    def current_unit(self) -> Unit | None:
        units = self.selected_units()
        return units[-1] if units else None

    def jump_to(self, unit_id: int, *, reveal_closed: bool = True) -> bool:
        """Select a unit in the tree, loading and expanding its ancestors.

        A closed unit asked for by the clerk (a link, a search result) shows closed units;
        re-selecting after a reload (``reveal_closed=False``) never does, or unticking the box
        would tick it again."""
        reg = self.session.reg
        if self.unit_model is None or reg is None:
            return False
        if self.session.as_of and self.asof_source is not None:
            path = []
            uid: int | None = unit_id
            while uid is not None and uid in self.asof_source:
                path.append(uid)
                uid = self.asof_source.parent_of(uid)
            path.reverse()
        else:
            source = self.shown_source()
            unit = source.unit(unit_id) if source is not None else reg.unit(unit_id)
            if unit is None:  # signed, not yet in force
                self.session.say(tr("Đơn vị này chưa có hiệu lực hôm nay."))
                return False
            if unit.status == CLOSED and not self.include_closed:
                if not reveal_closed:
                    return False
                self.revealClosed.emit()
            source = self.shown_source()
            if source is None:
                path = [*ancestors(reg, unit_id), unit_id]
            else:  # the parents in force today (a move may be pending)
                path = []
                step: int | None = unit_id
                while step is not None:
                    path.append(step)
                    step = source.parent_of(step)
                path.reverse()
            # An enterprise outlives its closed managing body: show closed units to reach it.
            if not self.include_closed and any(
                reg.unit(step_id).status == CLOSED for step_id in path[:-1]
            ):
                if not reveal_closed:
                    return False
                self.revealClosed.emit()
        model = self.unit_model
        assert model is not None
        index = model.reveal(path)
        if not index.isValid():
            self.session.say(tr("Đơn vị này không có trong cây đang xem."))
            return False
        parent = index.parent()
        chain = []
        while parent.isValid():
            chain.append(parent)
            parent = parent.parent()
        for p in reversed(chain):
            self.expand(p)
        self.setCurrentIndex(index)
        flags = self.selectionModel().SelectionFlag
        self.selectionModel().select(index, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # -- what was open ----------------------------------------------------------------------------

    def _expanded_ids(self) -> list[int]:
        model = self.unit_model
        if model is None:
            return []
        found: list[int] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                child = model.index(row, 0, parent)
                if self.isExpanded(child):
                    found.append(child.internalId())
                    stack.append(child)
        return found

    def _restore_expanded(self, ids: list[int]) -> None:
        model = self.unit_model
        if model is None:
            return
        wanted = set(ids)
        stack = [QModelIndex()]
        while stack and wanted:
            parent = stack.pop()
            for row in range(model.rowCount(parent)):
                child = model.index(row, 0, parent)
                if child.internalId() in wanted:
                    wanted.discard(child.internalId())
                    model.fetch_all(child)
                    self.expand(child)
                    stack.append(child)

    def pending_of(self, unit_id: int) -> Any:
        model = self.unit_model
        return model.pending_of(unit_id) if model is not None else []
