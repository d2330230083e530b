"""The unit tree: a QAbstractItemModel that loads children from the registry only when asked.

A node's children are read a page at a time when the view expands it (``canFetchMore`` /
``fetchMore``), so a registry of a million units opens with its top level only. Whether a node
has children at all comes with its own row (an ``EXISTS`` on the parent index), so the view can
draw expand arrows without reading anything more.

After an operation the model is patched from the operation's :class:`~desktop.store.ops.Change`:
the parents it names are re-read and their loaded children diffed (rows removed, moved, inserted,
changed), so expanded branches, the selection and the scroll position survive.

Indexes carry the unit id (``internalId``), never a Python pointer: a stale index can only miss.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.codes import QCVN102, from_canonical
from desktop.domain.decisions import shown_date
from desktop.domain.units import ACTIVE, ANNULLED, CLOSED, DRAFT, LIST_HEADINGS, Unit
from desktop.store.asof import PendingChange, pending_changes
from desktop.store.browse import (
    AsOfDifference,
    ChildRow,
    as_of_difference,
    child_rows,
    children_page,
    has_child_outside,
    now_parents_of,
)
from desktop.store.ops import Change
from desktop.store.registry import Registry
from desktop.ui.i18n import pending_label, status_label, tr
from desktop.ui.icons import icon

PAGE = 1000
MIME = "application/x-madinhdanh-unit-ids"
UNIT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
STATUS_ROLE = int(Qt.ItemDataRole.UserRole) + 2
CODE_ROLE = int(Qt.ItemDataRole.UserRole) + 3

AnyIndex = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()  # the invisible root's index, as a default argument
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_MOVABLE_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_OPEN = frozenset({ACTIVE, DRAFT})


class Source(Protocol):
    """Where the tree reads its rows from."""

    readonly: bool

    def page(self, parent_id: int | None, after_key: str | None, limit: int) -> list[ChildRow]: ...

    def rows(self, ids: Sequence[int]) -> list[ChildRow]: ...


class AsOfSource:
    """The tree as of a date, read-only and still lazy: rows come from the tables, except the
    units changed after the date, which come as they were (see
    :func:`desktop.store.browse.as_of_difference`). Opening a node costs what it costs live."""

    readonly = True

    def __init__(self, reg: Registry, difference: AsOfDifference, *, include_closed: bool) -> None:
        self.reg = reg
        self.include_closed = include_closed
        # Changes signed but not in force on the date, by unit (the live tree marks them).
        self.pending: dict[int, list[PendingChange]] = {}
        self._load(difference)

    def _load(self, difference: AsOfDifference) -> None:
        reg = self.reg
        self.date = difference.date
        self.changed = difference.changed
        self.then = difference.then
        self.count = difference.count
        # The changed units as they were, by the parent they had then.
        self._then_children: dict[int | None, list[ChildRow]] = defaultdict(list)
        then_parents = {u.parent_id for u in self.then.values() if self._visible(u.status)}
        for u in self.then.values():
            if self._visible(u.status):
                self._then_children[u.parent_id].append(_then_row(u))
        for rows in self._then_children.values():
            rows.sort(key=lambda r: r.sort_key)
        self._then_parents = then_parents
        # Whether a unit had, on the date, children that have not changed since is the tables'
        # answer, except for a unit that changed itself or has a changed unit among its
        # children in the tables: for those it is asked when one is shown (few, and cached).
        self._doubtful = now_parents_of(reg, self.changed) | set(self.then)
        self._unchanged_child: dict[int, bool] = {}

    def _visible(self, status: str) -> bool:
        return status != ANNULLED and (self.include_closed or status in (ACTIVE, DRAFT))

    def _fix(self, row: ChildRow) -> ChildRow:
        """The row with whether it had children on the date (the tables say it for now)."""
        if row.id in self._then_parents:  # a changed unit was its child then
            has_children = True
        elif row.id in self._doubtful:
            if row.id not in self._unchanged_child:
                self._unchanged_child[row.id] = has_child_outside(
                    self.reg, row.id, self.changed, include_closed=self.include_closed
                )
            has_children = self._unchanged_child[row.id]
        else:
            return row
        if has_children == row.has_children:
            return row
        return replace(row, has_children=has_children)

    def page(self, parent_id: int | None, after_key: str | None, limit: int) -> list[ChildRow]:
        if parent_id is not None and parent_id in self.changed and parent_id not in self.then:
            return []  # did not exist on the date
        rows: list[ChildRow] = []
        key = after_key
        while True:
            batch = children_page(
                self.reg,
                parent_id,
                include_closed=self.include_closed,
                after_key=key,
                limit=limit,
            )
            rows.extend(self._fix(r) for r in batch if r.id not in self.changed)
            if len(batch) < limit or len(rows) >= limit:
                break
            key = batch[-1].sort_key
        extra = [
            self._fix(r)
            for r in self._then_children.get(parent_id, [])
            if after_key is None or r.sort_key > after_key
        ]
        merged = sorted(rows + extra, key=lambda r: r.sort_key)
        return merged[:limit]

    def rows(self, ids: Sequence[int]) -> list[ChildRow]:
        found = {r.id: r for r in child_rows(self.reg, [i for i in ids if i not in self.changed])}
        out = []
        for i in ids:
            if i in found:
                out.append(self._fix(found[i]))
            elif i in self.then:
                u = self.then[i]
                key = from_canonical(u.code, u.kind).sort_key
                row = ChildRow(
                    u.id, u.code, u.name, u.kind, u.status, u.level, u.parent_id, key, False
                )
                out.append(self._fix(row))
        return out

    def unit(self, unit_id: int) -> Unit | None:
        """The unit as it was on the date (None if it did not exist then)."""
        if unit_id in self.changed:
            return self.then.get(unit_id)
        found = self.reg.units_by_ids([unit_id])
        return found.get(unit_id)

    def parent_of(self, unit_id: int) -> int | None:
        unit = self.unit(unit_id)
        return unit.parent_id if unit else None

    def __contains__(self, unit_id: int) -> bool:
        unit = self.unit(unit_id)
        return unit is not None and self._visible(unit.status)


class RegistrySource(AsOfSource):
    """The live tree: the registry in force today (:func:`desktop.domain.decisions.today`),
    editable. The tables also hold changes signed but not yet in force; only the units they
    touch are replayed (as the as-of view does), and they are marked as pending. After an
    operation :meth:`refresh` reads the difference again, at the same cost."""

    def __init__(
        self, reg: Registry, *, include_closed: bool = False, date: str | None = None
    ) -> None:
        self._asked_date = date
        difference, pending = self._read(reg, include_closed)
        super().__init__(reg, difference, include_closed=include_closed)
        self.pending = pending
        self.readonly = reg.readonly

    def _read(
        self, reg: Registry, include_closed: bool
    ) -> tuple[AsOfDifference, dict[int, list[PendingChange]]]:
        date = shown_date(self._asked_date)
        # No count: the window counts the units off the GUI thread (a full pass on a million).
        difference = as_of_difference(reg, date, include_closed=include_closed, count=False)
        return difference, pending_changes(reg, date)

    def refresh(self) -> None:
        difference, self.pending = self._read(self.reg, self.include_closed)
        self._load(difference)


def _then_row(u: Unit) -> ChildRow:
    key = from_canonical(u.code, u.kind).sort_key
    return ChildRow(u.id, u.code, u.name, u.kind, u.status, u.level, u.parent_id, key, False)


class Node:
    __slots__ = (
        "children",
        "code",
        "complete",
        "fetched",
        "has_children",
        "id",
        "kind",
        "level",
        "name",
        "parent",
        "row",
        "sort_key",
        "status",
    )

    def __init__(self, row: ChildRow | None, parent: Node | None) -> None:
        self.parent = parent
        self.children: list[Node] = []
        self.fetched = False
        self.complete = False
        self.row = 0
        if row is None:  # the invisible root
            self.id = 0
            self.code = self.name = self.kind = self.status = self.sort_key = ""
            self.level: int | None = None
            self.has_children = True
        else:
            self.update(row)

    def update(self, row: ChildRow) -> bool:
        """Take a fresh row's values; True when anything shown changed."""
        old = (
            getattr(self, "code", None),
            getattr(self, "name", None),
            getattr(self, "status", None),
            getattr(self, "has_children", None),
        )
        self.id = row.id
        self.code = row.code
        self.name = row.name
        self.kind = row.kind
        self.status = row.status
        self.level = row.level
        self.sort_key = row.sort_key
        self.has_children = row.has_children
        return old != (row.code, row.name, row.status, row.has_children)


def _row_of(node: Node) -> ChildRow:
    assert node.parent is not None
    return ChildRow(
        node.id,
        node.code,
        node.name,
        node.kind,
        node.status,
        node.level,
        node.parent.id or None,
        node.sort_key,
        node.has_children,
    )


class UnitTreeModel(QAbstractItemModel):
    """Code and name columns; status by icon and colour; children read on demand."""

    # A unit was dropped on another: (unit id, new parent id). The window asks before moving.
    moveRequested = Signal(int, int)

    COLUMNS = 2

    def __init__(self, source: Source, notation: str = QCVN102, parent: Any = None) -> None:
        super().__init__(parent)
        self.source = source
        self._readonly = source.readonly
        self.notation = notation
        self._root = Node(None, None)
        self._nodes: dict[int, Node] = {}
        self._icons = {
            ACTIVE: icon("status-active"),
            CLOSED: icon("status-closed"),
            DRAFT: icon("status-draft"),
        }
        self._pending_icon = icon("calendar")
        self._closed_brush = QBrush(QColor("#7b7d7d"))
        self._draft_brush = QBrush(QColor("#9c5700"))
        self._italic = QFont()
        self._italic.setItalic(True)

    @property
    def readonly(self) -> bool:
        return self._readonly

    def pending_of(self, unit_id: int) -> list[PendingChange]:
        """Changes to the unit signed but not yet in force on the date the tree shows."""
        return getattr(self.source, "pending", {}).get(unit_id, [])

    # -- structure ------------------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> Node:
        if not index.isValid():
            return self._root
        return self._nodes.get(index.internalId(), self._root)

    def node_for(self, unit_id: int) -> Node | None:
        return self._nodes.get(unit_id)

    def index(self, row: int, column: int, parent: AnyIndex = _TOP) -> QModelIndex:
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].id)

    # Qt overloads parent(): QObject's parent() and the model's parent(index). One Python method
    # serves both (index defaults to the top), which no single stub signature can express.
    def parent(self, index: AnyIndex = _TOP) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = self._nodes.get(index.internalId())
        if node is None or node.parent is None or node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.id)

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, column, node.id)

    def rowCount(self, parent: AnyIndex = _TOP) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = _TOP) -> int:
        return self.COLUMNS

    def hasChildren(self, parent: AnyIndex = _TOP) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        if node is self._root:
            return bool(node.children) or not node.complete
        return node.has_children or bool(node.children)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return not node.complete and (node is self._root or node.has_children)

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid() and parent.column() != 0:
            return
        node = self._node(parent)
        if node.complete:
            return
        after = node.children[-1].sort_key if node.children else None
        rows = self.source.page(node.id or None, after, PAGE)
        node.fetched = True
        mine = {c.id for c in node.children}
        fresh = [r for r in rows if r.id not in mine]
        if fresh:
            self._place(node, len(node.children), fresh)
        if len(rows) < PAGE:
            node.complete = True
            if not node.children and node is not self._root and node.has_children:
                node.has_children = False
                self._emit_row_changed(node)

    def _index_for_node(self, node: Node) -> QModelIndex:
        return self.index_of(node) if node is not self._root else QModelIndex()

    def fetch_all(self, index: AnyIndex) -> None:
        while self.canFetchMore(index):
            self.fetchMore(index)

    # -- data -----------------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:
        if not index.isValid():
            return None
        node = self._nodes.get(index.internalId())
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return from_canonical(node.code, node.kind).format(self.notation)
            return node.name
        pending = self.pending_of(node.id)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._pending_icon if pending else self._icons.get(node.status)
        if role == Qt.ItemDataRole.ForegroundRole:
            if node.status == CLOSED:
                return self._closed_brush
            if node.status == DRAFT:
                return self._draft_brush
            return None
        if role == Qt.ItemDataRole.FontRole and node.status == CLOSED:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = from_canonical(node.code, node.kind).format(self.notation)
            text = f"{shown}  {node.name}\n{status_label(node.status)}"
            for change in pending:
                text += "\n" + pending_label(change)
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.code} {node.name} {status_label(node.status)}"
        if role == UNIT_ID_ROLE:
            return node.id
        if role == STATUS_ROLE:
            return node.status
        if role == CODE_ROLE:
            return node.code
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = int(Qt.ItemDataRole.DisplayRole),
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(LIST_HEADINGS[("code", "name")[section]]) if section < 2 else None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # Called thousands of times when a wide node opens: precomputed flag values only.
        if not index.isValid():
            return _NO_FLAGS
        if self.readonly:
            return _ROW_FLAGS
        node = self._nodes.get(index.internalId())
        if node is not None and node.kind == "agency" and node.status in _OPEN:
            return _MOVABLE_FLAGS
        return _ROW_FLAGS

    @staticmethod
    def _movable(node: Node) -> bool:
        return node.kind == "agency" and node.status in (ACTIVE, DRAFT)

    # -- drag and drop: the drop only asks; the window previews, confirms and moves -------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = []
        for index in indexes:
            if index.isValid() and index.column() == 0 and index.internalId() not in ids:
                ids.append(index.internalId())
        mime = QMimeData()
        mime.setData(MIME, QByteArray(",".join(map(str, ids)).encode("ascii")))
        return mime

    @staticmethod
    def dropped_ids(mime: QMimeData) -> list[int]:
        if not mime.hasFormat(MIME):
            return []
        text = bytes(mime.data(MIME).data()).decode("ascii")
        return [int(x) for x in text.split(",") if x]

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        if self.readonly or action != Qt.DropAction.MoveAction or not parent.isValid():
            return False
        if row != -1:  # between rows: ambiguous; a move needs a new parent dropped on
            return False
        ids = self.dropped_ids(data)
        target = self._nodes.get(parent.internalId())
        if len(ids) != 1 or target is None or not self._movable(target):
            return False
        moving = self._nodes.get(ids[0])
        if moving is None or moving.parent is target:
            return False
        # Not into itself or its own subtree.
        node: Node | None = target
        while node is not None:
            if node.id == ids[0]:
                return False
            node = node.parent
        return True

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.moveRequested.emit(self.dropped_ids(data)[0], parent.internalId())
        # Nothing has moved yet: the view must not remove the dragged row.
        return False

    # -- refreshing from an operation's Change ---------------------------------------------------

    def apply_change(self, change: Change) -> None:
        """Patch the loaded part of the tree after an operation, without a reset."""
        refresh = getattr(self.source, "refresh", None)
        if refresh is not None:
            refresh()  # the operation may have added (or annulled) a pending change
        ids = set(change.unit_ids) | set(change.created)
        fresh = {r.id: r for r in self.source.rows(sorted(ids))}
        parents: set[int | None] = set(change.parent_ids)
        for uid in ids:
            node = self._nodes.get(uid)
            if node is not None and node.parent is not None:
                parents.add(node.parent.id or None)
            if uid in fresh:
                parents.add(fresh[uid].parent_id)
        # New parents of loaded units first, so that a moved branch is adopted whole (a move of
        # rows keeps it loaded and open in views) before its old parent lets it go; then the
        # rest top-down.
        arriving = {
            fresh[uid].parent_id
            for uid in ids
            if uid in fresh
            and uid in self._nodes
            and (parent := self._nodes[uid].parent) is not None
            and (parent.id or None) != fresh[uid].parent_id
        }
        order = sorted(parents, key=lambda p: (p not in arriving, p is not None, self._depth(p)))
        for pid in order:
            node = self._root if pid is None else self._nodes.get(pid)
            if node is not None:
                self._sync(node)
        for uid in ids:
            node = self._nodes.get(uid)
            row = fresh.get(uid)
            if node is not None and row is not None and node.update(row):
                self._emit_row_changed(node)

    def _depth(self, pid: int | None) -> int:
        depth = 0
        node = self._nodes.get(pid) if pid is not None else None
        while node is not None and node.parent is not None:
            depth += 1
            node = node.parent
        return depth

    def refresh_node(self, unit_id: int) -> None:
        node = self._nodes.get(unit_id)
        if node is not None:
            self._sync(node)

    def _sync(self, node: Node) -> None:
        """Re-read a node's own row and its loaded children; patch what differs."""
        if node is not self._root:
            rows = self.source.rows([node.id])
            if rows and node.update(rows[0]):
                self._emit_row_changed(node)
        if not node.fetched:
            if node is not self._root and node.has_children and not node.children:
                # The view may already show it without an arrow; loading the rows tells it.
                self.fetchMore(self.index_of(node))
            return
        limit = max(len(node.children) + 64, PAGE)
        rows = self.source.page(node.id or None, None, limit)
        node.complete = len(rows) < limit
        self._diff(node, rows)
        if node is not self._root:
            had = node.has_children
            node.has_children = bool(node.children) or not node.complete
            if had != node.has_children:
                self._emit_row_changed(node)

    def _diff(self, node: Node, rows: list[ChildRow]) -> None:
        parent_index = self._index_for_node(node)
        wanted = [r.id for r in rows]
        wanted_set = set(wanted)
        children = node.children
        # 1. Remove the rows that left (contiguous runs, from the bottom up).
        i = len(children) - 1
        while i >= 0:
            if children[i].id in wanted_set:
                i -= 1
                continue
            j = i
            while j > 0 and children[j - 1].id not in wanted_set:
                j -= 1
            self.beginRemoveRows(parent_index, j, i)
            for gone in children[j : i + 1]:
                self._forget(gone)
            del children[j : i + 1]
            self._renumber(node, j)
            self.endRemoveRows()
            i = j - 1
        # 2. Reorder the rows that stayed (a recode changes a unit's place among its siblings).
        present = {c.id for c in children}
        order = [uid for uid in wanted if uid in present]
        for k, uid in enumerate(order):
            if children[k].id == uid:
                continue
            s = next(n for n in range(k + 1, len(children)) if children[n].id == uid)
            self.beginMoveRows(parent_index, s, s, parent_index, k)
            children.insert(k, children.pop(s))
            self._renumber(node, k)
            self.endMoveRows()
        # 3. Insert the rows that arrived, each contiguous run at its place.
        k = 0
        while k < len(rows):
            if k < len(children) and children[k].id == rows[k].id:
                k += 1
                continue
            end = k
            while end < len(rows) and rows[end].id not in present:
                end += 1
            self._place(node, k, rows[k:end])
            k = end
        # 4. Fresh values for the rows that stayed.
        by_id = {r.id: r for r in rows}
        for child in children:
            r = by_id.get(child.id)
            if r is not None and child.update(r):
                self._emit_row_changed(child)

    def _place(self, node: Node, position: int, rows: Sequence[ChildRow]) -> None:
        """Put ``rows`` under ``node`` from ``position`` on: new units as inserted rows, units
        already loaded elsewhere (they moved here) as moved rows, so that their loaded branch,
        expansion and selection come along."""
        parent_index = self._index_for_node(node)
        run: list[ChildRow] = []

        def flush(at: int) -> int:
            if not run:
                return at
            self.beginInsertRows(parent_index, at, at + len(run) - 1)
            for offset, r in enumerate(run):
                child = Node(r, node)
                node.children.insert(at + offset, child)
                self._nodes[child.id] = child
            self._renumber(node, at)
            self.endInsertRows()
            at += len(run)
            run.clear()
            return at

        at = position
        for r in rows:
            stray = self._nodes.get(r.id)
            if stray is None or stray.parent is None:
                run.append(r)
                continue
            at = flush(at)
            self._adopt(stray, node, at)
            at += 1
        flush(at)

    def _adopt(self, moving: Node, node: Node, at: int) -> None:
        old = moving.parent
        assert old is not None
        source_index = self._index_for_node(old)
        if self.beginMoveRows(source_index, moving.row, moving.row, self._index_for_node(node), at):
            del old.children[moving.row]
            self._renumber(old, moving.row)
            if old is node and at > moving.row:
                at -= 1
            node.children.insert(at, moving)
            moving.parent = node
            self._renumber(node, 0)
            self.endMoveRows()
            return
        # Qt refused the move (it never should here): fall back to remove and insert.
        self._remove_node(moving)
        self.beginInsertRows(self._index_for_node(node), at, at)
        fresh = Node(_row_of(moving), node)
        node.children.insert(at, fresh)
        self._nodes[fresh.id] = fresh
        self._renumber(node, at)
        self.endInsertRows()

    def _remove_node(self, node: Node) -> None:
        parent = node.parent
        assert parent is not None
        self.beginRemoveRows(self._index_for_node(parent), node.row, node.row)
        del parent.children[node.row]
        self._forget(node)
        self._renumber(parent, node.row)
        self.endRemoveRows()

    def _forget(self, node: Node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if self._nodes.get(n.id) is n:
                del self._nodes[n.id]
            stack.extend(n.children)

    @staticmethod
    def _renumber(node: Node, start: int = 0) -> None:
        for i in range(start, len(node.children)):
            node.children[i].row = i

    def _emit_row_changed(self, node: Node) -> None:
        if node is self._root or self._nodes.get(node.id) is not node:
            return
        self.dataChanged.emit(self.index_of(node, 0), self.index_of(node, self.COLUMNS - 1))

    # -- whole-model changes ----------------------------------------------------------------------

    def set_source(self, source: Source) -> None:
        self.beginResetModel()
        self.source = source
        self._readonly = source.readonly
        self._root = Node(None, None)
        self._nodes.clear()
        self.endResetModel()

    def set_notation(self, notation: str) -> None:
        self.notation = notation
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()

    # -- finding a unit -------------------------------------------------------------------------

    def reveal(self, path: Sequence[int]) -> QModelIndex:
        """The index of the last id of ``path`` (ids from the top level down), loading the
        children of each step as needed; invalid if the unit is not shown."""
        node = self._root
        for uid in path:
            found = None
            while True:
                found = next((c for c in node.children if c.id == uid), None)
                if found is not None or node.complete:
                    break
                before = len(node.children)
                self.fetchMore(self._index_for_node(node))
                if len(node.children) == before and node.complete:
                    break
            if found is None:
                return QModelIndex()
            node = found
        return self._index_for_node(node)

    def loaded_count(self) -> int:
        return len(self._nodes)
