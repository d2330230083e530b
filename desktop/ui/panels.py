"""The panes around the tree: unit details, history, decisions, and the search box."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.codes import from_canonical
from desktop.domain.decisions import Decision, today
from desktop.domain.describe import event_text
from desktop.domain.history import ANNULLED_CODE, Event
from desktop.domain.units import CLOSED, DRAFT, FIELD_LABELS, Unit
from desktop.store.asof import PendingChange
from desktop.store.browse import decision_events, predecessors_of
from desktop.store.registry import Registry
from desktop.store.search import find, level1_bodies
from desktop.ui.i18n import (
    event_label,
    field_label,
    pending_label,
    show_count,
    show_date,
    show_time,
    status_label,
    tr,
)
from desktop.ui.icons import icon

_GREY = QColor("#7b7d7d")
_PENDING = QColor("#9c5700")


def compact(table: QTableView) -> None:
    """Rows as tall as the text needs: docks show more than three lines."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)


def field_labels() -> dict[str, str]:
    return {field: field_label(field) for field in FIELD_LABELS}


def show_code(unit: Unit | None, notation: str, code: str | None = None) -> str:
    if unit is None:
        return code or ""
    return from_canonical(code or unit.code, unit.kind).format(notation)


def describe_event(reg: Registry, event: Event, unit: Unit | None = None) -> str:
    """One line telling what an event did (the one describer, in the interface language)."""
    unit = unit or reg.unit(event.unit_id)
    return event_text(reg, event, unit.kind, tr)


# -- details --------------------------------------------------------------------------------------


class DetailsPanel(QScrollArea):
    """The selected unit: codes in both notations, status, contacts, validity, links."""

    linkActivated = Signal(int)

    FIELDS = (
        "qcvn102",
        "qd20",
        "level",
        "status",
        "pending",
        "parent",
        "short_name",
        "address",
        "email",
        "phone",
        "fax",
        "website",
        "note",
        "valid_from",
        "valid_to",
        "decision",
        "successors",
        "predecessors",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        # The unit's own fields by the vocabulary's words (domain.units.FIELD_LABELS).
        captions = {key: field_label(key) for key in FIELD_LABELS} | {
            "qcvn102": tr("Mã (QCVN 102)"),
            "qd20": tr("Mã (QĐ 20/2020)"),
            "pending": tr("Chờ hiệu lực"),
            "valid_from": tr("Hiệu lực từ"),
            "valid_to": tr("Hiệu lực đến"),
            "decision": tr("Quyết định gần nhất"),
            "successors": tr("Đơn vị kế thừa"),
            "predecessors": tr("Đơn vị tiền thân"),
        }
        for key in self.FIELDS:
            caption = QLabel(captions[key])
            caption.setStyleSheet("color: #566573;")
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByMouse
            )
            value.linkActivated.connect(self._link)
            self.form.addRow(caption, value)
            self.values[key] = value
            self.captions[key] = caption
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.setWidget(body)
        self.clear()

    def _link(self, href: str) -> None:
        if href.startswith("unit:"):
            self.linkActivated.emit(int(href[5:]))

    def clear(self, text: str | None = None) -> None:
        self.title.setText(text or tr("Chọn một đơn vị trong cây để xem chi tiết."))
        self.title.setStyleSheet("color: #7b7d7d; font-weight: normal;")
        self.subtitle.setText("")
        for key in self.FIELDS:
            self.values[key].setVisible(False)
            self.captions[key].setVisible(False)

    def _set(self, key: str, text: str | None, rich: bool = False) -> None:
        visible = bool(text)
        self.values[key].setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.values[key].setText(text or "")
        self.values[key].setVisible(visible)
        self.captions[key].setVisible(visible)

    def show_unit(
        self,
        reg: Registry,
        unit: Unit,
        as_of: str | None = None,
        pending: Sequence[PendingChange] = (),
    ) -> None:
        """The unit as the tree shows it (today, or as of a date), with the changes signed
        for it that are not in force yet."""
        notation = reg.notation
        code = unit.parsed
        self.title.setStyleSheet("")
        self.title.setText(unit.name)
        shown = code.format(notation)
        sub = shown
        if as_of:
            sub += "  ·  " + tr("như ngày") + " " + show_date(as_of)
        self.subtitle.setText(sub)

        def link(u: Unit) -> str:
            return (
                f'<a href="unit:{u.id}">{html.escape(u.display_code(notation))}</a> '
                f"{html.escape(u.name)}"
            )

        self._set("qcvn102", code.qcvn102 or tr("(không viết được theo QCVN 102)"))
        self._set("qd20", code.qd20 or code.canonical)
        self._set("level", str(unit.level) if unit.level else "")
        status = status_label(unit.status)
        if unit.status == CLOSED:
            status = f'<span style="color:#922b21">{html.escape(status)}</span>'
        elif unit.status == DRAFT:
            status = f'<span style="color:#9c5700">{html.escape(status)}</span>'
        else:
            status = f'<span style="color:#1e8449">{html.escape(status)}</span>'
        self._set("status", status, rich=True)
        lines = [pending_label(c, notation, unit.kind, prefix=False) for c in pending]
        self._set("pending", "\n".join(lines))
        parent = reg.units_by_ids([unit.parent_id]).get(unit.parent_id) if unit.parent_id else None
        self._set("parent", link(parent) if parent else "", rich=True)
        for key in ("short_name", "address", "email", "phone", "fax", "website", "note"):
            self._set(key, getattr(unit, key))
        self._set("valid_from", show_date(unit.valid_from))
        self._set("valid_to", show_date(unit.valid_to))
        decision = None
        if unit.decision_id:
            try:
                decision = reg.decision(unit.decision_id)
            except Exception:
                decision = None
        if decision is not None:
            text = decision.number
            if decision.signed:
                text += " " + tr("ngày") + " " + show_date(decision.signed)
            self._set("decision", text)
        else:
            self._set("decision", "")
        succ = reg.units_by_ids(reg.successors_of(unit.id))
        self._set("successors", "<br>".join(link(u) for u in succ.values()), rich=True)
        pred = reg.units_by_ids(predecessors_of(reg, unit.id))
        self._set("predecessors", "<br>".join(link(u) for u in pred.values()), rich=True)

    def value_text(self, key: str) -> str:
        return self.values[key].text()


# -- history --------------------------------------------------------------------------------------


class HistoryPanel(QWidget):
    """Every event of the selected unit, oldest first; annulled ones struck through."""

    annulRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                tr("Ngày hiệu lực"),
                tr("Thay đổi"),
                tr("Nội dung"),
                tr("Quyết định"),
                tr("Người ghi"),
                tr("Ghi lúc"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 110), (1, 170), (3, 170), (4, 100), (5, 150)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.caption = QLabel()
        self.caption.setStyleSheet("color: #566573;")
        row.addWidget(self.caption, 1)
        self.annul_button = QPushButton(icon("annul"), tr("Hủy thay đổi nhầm…"))
        self.annul_button.setToolTip(
            tr("Hủy thay đổi đã chọn (chỉ hủy được thay đổi gần nhất của đơn vị).")
        )
        self.annul_button.clicked.connect(self._annul)
        row.addWidget(self.annul_button)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._selection)
        self.events: list[Event] = []
        self._latest: int | None = None
        self.readonly = False
        self._selection()

    def show_events(self, reg: Registry, unit: Unit | None, *, readonly: bool = False) -> None:
        self.readonly = readonly
        self.table.setRowCount(0)
        self.events = []
        self._latest = None
        if unit is None:
            self.caption.setText("")
            self._selection()
            return
        self.caption.setText(unit.display_code(reg.notation) + "  " + unit.name)
        self.events = reg.events_of(unit.id)
        decisions: dict[int, Decision] = {}
        live_codes = {
            e.after["code"] for e in self.events if e.shapes_history and "code" in e.after
        }
        self.table.setRowCount(len(self.events))
        strike = QFont(self.table.font())
        strike.setStrikeOut(True)
        now = today()
        for r, event in enumerate(self.events):
            if event.shapes_history:
                self._latest = event.id
            if event.decision_id and event.decision_id not in decisions:
                decisions[event.decision_id] = reg.decision(event.decision_id)
            decision = decisions.get(event.decision_id or -1)
            label = event_label(event.type, event.after)
            pending = event.shapes_history and event.effective > now
            if event.annulled_by:
                label += " " + tr("(đã hủy)")
            elif pending:
                label += " " + tr("(chờ hiệu lực)")
            content = describe_event(reg, event, unit)
            code = event.after.get("code") if event.annulled_by else None
            if code and code not in live_codes:
                # Issued only by a change since annulled: the code stays issued for ever.
                content += " — " + tr("mã {code}: {note}").format(
                    code=from_canonical(code, unit.kind).format(reg.notation),
                    note=tr(ANNULLED_CODE),
                )
            values = [
                show_date(event.effective),
                label,
                content,
                decision.number if decision else "",
                event.recorded_by,
                show_time(event.recorded_at),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setData(Qt.ItemDataRole.UserRole, event.id)
                if pending:
                    item.setForeground(QBrush(_PENDING))
                if not event.shapes_history:
                    item.setForeground(QBrush(_GREY))
                    if event.annulled_by:
                        item.setFont(strike)
                self.table.setItem(r, c, item)
        if self.events:
            self.table.scrollToBottom()
        self._selection()

    def selected_event(self) -> Event | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.events[rows[0].row()]

    def _selection(self) -> None:
        event = self.selected_event()
        self.annul_button.setEnabled(
            not self.readonly and event is not None and event.id == self._latest
        )

    def _annul(self) -> None:
        event = self.selected_event()
        if event is not None:
            self.annulRequested.emit(event.id)


# -- decisions ------------------------------------------------------------------------------------


class DecisionEventsModel(QAbstractTableModel):
    """The events one decision made, read a page at a time (a decision may touch many)."""

    PAGE = 500

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg: Registry | None = None
        self.decision_id: int | None = None
        self.rows: list[tuple[Event, Unit | None, str]] = []
        self.complete = True
        self.headers = [
            field_label("code"),
            tr("Đơn vị"),
            tr("Thay đổi"),
            tr("Nội dung"),
            tr("Hiệu lực"),
        ]

    def load(self, reg: Registry | None, decision_id: int | None) -> None:
        self.beginResetModel()
        self.reg = reg
        self.decision_id = decision_id
        self.rows = []
        self.complete = reg is None or decision_id is None
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self.complete

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self.complete or self.reg is None or self.decision_id is None:
            return
        after = self.rows[-1][0].id if self.rows else 0
        events = decision_events(self.reg, self.decision_id, after_id=after, limit=self.PAGE)
        self.complete = len(events) < self.PAGE
        if not events:
            return
        units = self.reg.units_by_ids(sorted({e.unit_id for e in events}))
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(events) - 1)
        for e in events:
            unit = units.get(e.unit_id)
            self.rows.append((e, unit, describe_event(self.reg, e, unit)))
        self.endInsertRows()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or self.reg is None:
            return None
        event, unit, text = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return unit.display_code(self.reg.notation) if unit else ""
            if col == 1:
                return unit.name if unit else ""
            if col == 2:
                label = event_label(event.type, event.after)
                return label + (" " + tr("(đã hủy)") if event.annulled_by else "")
            if col == 3:
                return text
            return show_date(event.effective)
        if role == Qt.ItemDataRole.ForegroundRole and event.annulled_by:
            return QBrush(_GREY)
        if role == Qt.ItemDataRole.UserRole:
            return event.unit_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class DecisionsPanel(QWidget):
    """Every decision (newest first) and, for the one selected, everything it changed."""

    unitActivated = Signal(int)
    useDecision = Signal(int)
    editDecision = Signal(int)
    withdrawDecision = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("Số, ký hiệu"), tr("Ngày ký"), tr("Hiệu lực"), tr("Số thay đổi"), tr("Trích yếu")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact(self.table)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 160), (1, 90), (2, 90), (3, 90)):
            self.table.setColumnWidth(col, width)
        splitter.addWidget(self.table)
        self.events = DecisionEventsModel(self)
        self.events_view = QTableView()
        self.events_view.setModel(self.events)
        self.events_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        compact(self.events_view)
        self.events_view.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 120), (1, 220), (2, 140), (3, 220)):
            self.events_view.setColumnWidth(col, width)
        self.events_view.doubleClicked.connect(self._activated)
        splitter.addWidget(self.events_view)
        splitter.setSizes([520, 640])
        layout.addWidget(splitter)
        row = QHBoxLayout()
        self.caption = QLabel()
        self.caption.setStyleSheet("color: #566573;")
        row.addWidget(self.caption, 1)
        self.use_button = QPushButton(icon("decision"), tr("Dùng cho các thay đổi tiếp theo"))
        self.use_button.clicked.connect(self._use)
        row.addWidget(self.use_button)
        self.edit_button = QPushButton(tr("Sửa thông tin…"))
        self.edit_button.setToolTip(tr("Sửa số, cơ quan ban hành, ngày, trích yếu (ghi lịch sử)"))
        self.edit_button.clicked.connect(lambda: self._emit(self.editDecision))
        row.addWidget(self.edit_button)
        self.withdraw_button = QPushButton(tr("Rút quyết định"))
        self.withdraw_button.setToolTip(
            tr("Chỉ rút được quyết định không còn thay đổi nào có hiệu lực")
        )
        self.withdraw_button.clicked.connect(lambda: self._emit(self.withdrawDecision))
        row.addWidget(self.withdraw_button)
        layout.addLayout(row)
        self.decisions: list[Decision] = []
        self.counts: dict[int, int] = {}
        self.reg: Registry | None = None
        self.writable = True  # False in the window's read-only views (as of a date...)
        self.table.itemSelectionChanged.connect(self._selected)

    def load(self, reg: Registry | None, current: int | None = None) -> None:
        """List the decisions (newest first); counts come later from :meth:`set_counts`."""
        self.reg = reg
        keep = self.selected_decision()
        self.decisions = list(reversed(reg.decisions())) if reg is not None else []
        self.table.setRowCount(len(self.decisions))
        now = today()
        for r, d in enumerate(self.decisions):
            values = [d.number, show_date(d.signed), show_date(d.effective), "…", d.title]
            pending = d.effective > now  # signed, not in force yet
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(d.title or d.number)
                if pending:
                    item.setToolTip(
                        tr("Chờ hiệu lực: các thay đổi của quyết định này có hiệu lực từ")
                        + f" {show_date(d.effective)}"
                    )
                    item.setForeground(QBrush(_PENDING))
                    if c == 2:
                        item.setIcon(icon("calendar"))
                        item.setData(Qt.ItemDataRole.UserRole, "pending")
                if c == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if d.id == current and c == 0:
                    bold = QFont(self.table.font())
                    bold.setBold(True)
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.set_counts(self.counts)
        wanted = keep.id if keep else None
        for r, d in enumerate(self.decisions):
            if d.id == wanted:
                self.table.selectRow(r)
                self._selected()  # the same row: no signal, but the record may have changed
                break
        else:
            self.events.load(None, None)
            self._selected()

    def set_counts(self, counts: dict[int, int]) -> None:
        """The number of changes each decision made (computed off the GUI thread)."""
        self.counts = counts
        if not counts:
            return
        for r, d in enumerate(self.decisions):
            item = self.table.item(r, 3)
            if item is not None:
                item.setText(show_count(counts.get(d.id, 0)))
        self._update_buttons()

    def selected_decision(self) -> Decision | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.decisions):
            return None
        return self.decisions[rows[0].row()]

    def select_decision(self, decision_id: int) -> None:
        for r, d in enumerate(self.decisions):
            if d.id == decision_id:
                self.table.selectRow(r)
                return

    def set_writable(self, writable: bool) -> None:
        self.writable = writable
        self._update_buttons()

    def _update_buttons(self) -> None:
        d = self.selected_decision()
        writable = self.writable and self.reg is not None and not self.reg.readonly
        self.use_button.setEnabled(d is not None)
        self.edit_button.setEnabled(d is not None and writable)
        # Withdrawing needs the counts (computed off the GUI thread): none in effect.
        known = bool(self.counts) or not self.decisions
        self.withdraw_button.setEnabled(
            d is not None and writable and known and self.counts.get(d.id, 0) == 0
        )

    def _emit(self, signal: Any) -> None:
        d = self.selected_decision()
        if d is not None:
            signal.emit(d.id)

    def _selected(self) -> None:
        d = self.selected_decision()
        self._update_buttons()
        if d is None:
            self.caption.setText(tr("Chọn một quyết định để xem các thay đổi của nó."))
            self.events.load(None, None)
            return
        caption = tr("Quyết định số") + f" {d.number}"
        if d.signed:
            caption += " " + tr("ngày") + f" {show_date(d.signed)}"
        self.caption.setText(caption + (f" — {d.issuer}" if d.issuer else ""))
        self.events.load(self.reg, d.id)
        self.events.fetchMore(QModelIndex())

    def _use(self) -> None:
        d = self.selected_decision()
        if d is not None:
            self.useDecision.emit(d.id)

    def _activated(self, index: QModelIndex) -> None:
        uid = self.events.data(index, Qt.ItemDataRole.UserRole)
        if uid is not None:
            self.unitActivated.emit(int(uid))


# -- search ---------------------------------------------------------------------------------------


class _SearchEdit(QLineEdit):
    navigate = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.navigate.emit(1)
            return
        if event.key() == Qt.Key.Key_Up:
            self.navigate.emit(-1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)


class SearchBox(QWidget):
    """Find by code (either notation, or a prefix) or by words of the name, tone marks optional.

    Results show as you type; Enter (or a double-click) jumps to the unit in the tree.
    """

    unitChosen = Signal(int)

    def __init__(self, registry: Callable[[], Registry | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.registry = registry
        self.include_closed = False
        self.as_of: str | None = None  # the date the tree shows; None: today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = _SearchEdit()
        self.edit.setPlaceholderText(tr("Tìm theo mã hoặc tên (gõ không dấu cũng được)"))
        self.edit.setClearButtonEnabled(True)
        self.edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        layout.addWidget(self.edit)
        self.results = QListWidget()
        self.results.setVisible(False)
        self.results.setUniformItemSizes(True)
        self.results.setIconSize(QSize(12, 12))
        layout.addWidget(self.results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.choose)
        self.edit.navigate.connect(self._navigate)
        self.results.itemActivated.connect(lambda _i: self.choose())
        self.found: list[Unit] = []

    def refresh(self) -> None:
        self._timer.stop()
        text = self.edit.text()
        reg = self.registry()
        self.results.clear()
        self.found = []
        if not text.strip() or reg is None:
            self.results.setVisible(False)
            return
        # Closed units are found too (after those in force): a clerk typing "G14" learns it
        # exists and is closed, rather than "not found".
        self.found = find(reg, text, limit=50, as_of=self.as_of)
        bodies = level1_bodies(reg, self.found)
        notation = reg.notation
        for unit in self.found:
            label = f"{unit.display_code(notation)}   {unit.name}"
            body = bodies.get(unit.id)
            if body is not None:
                label += f" — {body.name}"  # which "Sở Tư pháp"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            if unit.status == CLOSED:
                item.setText(label + "  (" + tr("đã đóng") + ")")
                item.setForeground(QBrush(_GREY))
                item.setIcon(icon("status-closed"))
            else:
                item.setIcon(icon("status-draft" if unit.status == DRAFT else "status-active"))
            self.results.addItem(item)
        hidden = not self.include_closed and any(u.status == CLOSED for u in self.found)
        if not self.found or hidden:
            if self.found:
                text = tr("Đơn vị đã đóng hiện màu xám.") + " "
                text += tr("Đánh dấu “Hiện đơn vị đã đóng” (Ctrl+H) để thấy chúng trong cây.")
            else:
                text = tr("Không tìm thấy đơn vị nào.")
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        if self.found:
            self.results.setCurrentRow(0)
        rows = min(self.results.count(), 10)
        height = self.results.sizeHintForRow(0) * rows + 2 * self.results.frameWidth() + 2
        self.results.setFixedHeight(height)
        self.results.setVisible(True)

    def _navigate(self, step: int) -> None:
        if self._timer.isActive():
            self.refresh()
        if not self.found:
            return
        row = max(0, min(len(self.found) - 1, self.results.currentRow() + step))
        self.results.setCurrentRow(row)

    def choose(self) -> None:
        if self._timer.isActive():
            self.refresh()
        if not self.found:
            return
        row = max(0, self.results.currentRow())
        self.unitChosen.emit(self.found[min(row, len(self.found) - 1)].id)
        self.results.setVisible(False)

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
