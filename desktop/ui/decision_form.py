"""The one decision form of the window, and the picker that offers the recorded decisions first.

:class:`DecisionForm` holds a new decision's fields: its type (suggested from the number's
symbol, ``/QH15`` a Nghị quyết, until the clerk picks one), number and symbol, issuer, signed
and effective dates (the effective date follows the signed one until it is set by hand) and
title. :class:`DecisionPicker` puts the decisions already in the registry above it; the forms of
every change and the import wizard use the picker, and correcting a recorded decision
(:mod:`desktop.ui.decision_edit`) opens the same form on its record, so a decision is entered
the same way wherever it is entered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.decisions import (
    DECISION_TYPES,
    Decision,
    keep_effective,
    repair_number,
    suggest_type,
)
from desktop.domain.errors import KnownError
from desktop.domain.rules import ERROR, INFO, WARNING
from desktop.store.registry import Registry
from desktop.ui.dates import date_edit, iso, set_date
from desktop.ui.i18n import ENGLISH, act_type_label, language, message, show_date, tr

if TYPE_CHECKING:
    from desktop.ui.session import Session


class DecisionForm(QWidget):
    """A decision's fields: type, number and symbol, issuer, dates, title.

    Empty for a new decision; given ``record``, filled with a recorded decision's fields for
    correcting: its recorded type and effective date stand (no suggestion overrides them), and
    its signing date may be absent (the ``Có ngày ký`` box).
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        issuer: str = "",
        record: Decision | None = None,
    ) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 4, 0, 0)
        self.number = QLineEdit()
        self.number.setPlaceholderText(tr("ví dụ: 720/QĐ-BTTTT"))
        self.issuer = QLineEdit(issuer)
        self.issuer.setPlaceholderText(tr("cơ quan ban hành quyết định"))
        self.signed = date_edit()
        self.effective = date_edit()
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("trích yếu nội dung (không bắt buộc)"))
        # The act's type follows the number's symbol (/QH15: Nghị quyết) until chosen by hand.
        self.kind = QComboBox()
        for kind in DECISION_TYPES:
            self.kind.addItem(act_type_label(kind), kind)
        self._kind_touched = False
        self._effective_touched = False
        form.addRow(tr("Loại văn bản:"), self.kind)
        form.addRow(tr("Số, ký hiệu:"), self.number)
        form.addRow(tr("Cơ quan ban hành:"), self.issuer)
        dates = QHBoxLayout()
        # A recorded decision may have no signing date; a new one always has one.
        self.has_signed = QCheckBox(tr("Có ngày ký"))
        self.has_signed.setChecked(True)
        self.has_signed.setVisible(record is not None)
        self.has_signed.toggled.connect(self.signed.setEnabled)
        self.has_signed.toggled.connect(self.changed)
        dates.addWidget(self.has_signed)
        dates.addWidget(self.signed)
        dates.addSpacing(12)
        dates.addWidget(QLabel(tr("Ngày hiệu lực:")))
        dates.addWidget(self.effective)
        dates.addStretch(1)
        form.addRow(tr("Ngày ký:"), dates)
        form.addRow(tr("Trích yếu:"), self.title)
        for edit in (self.number, self.issuer, self.title):
            edit.textChanged.connect(self.changed)
        self.number.textChanged.connect(self._number_changed)
        self.kind.activated.connect(self._kind_chosen)
        self.signed.dateChanged.connect(self._signed_changed)
        self.effective.dateChanged.connect(self._effective_changed)
        if record is not None:
            self._show_record(record)

    def _show_record(self, record: Decision) -> None:
        # Set by hand as far as the form is concerned: the record's type and effective date
        # are facts, not suggestions to follow the number or the signing date.
        self._kind_touched = self._effective_touched = True
        self._show_kind(record.type)
        self.number.setText(record.number)
        self.issuer.setText(record.issuer)
        self.has_signed.setChecked(bool(record.signed))
        set_date(self.signed, record.signed or record.effective)
        set_date(self.effective, record.effective)
        self.title.setText(record.title)

    def signed_date(self) -> str | None:
        """The signing date entered, or None when the record has none."""
        return iso(self.signed) if self.has_signed.isChecked() else None

    def fill(
        self,
        number: str | None,
        issuer: str | None,
        signed: str | None,
        kind: str | None = None,
    ) -> None:
        """What a document says of its decision (an appendix's ``Kèm theo`` line); ``kind``,
        the act the document names, stands as the suggestion until the number changes."""
        self.number.setText(number or "")
        self.issuer.setText(issuer or "")
        set_date(self.signed, signed)
        if kind is not None and not self._kind_touched:
            self._show_kind(kind)

    def _show_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _number_changed(self, text: str) -> None:
        if not self._kind_touched:
            self._show_kind(suggest_type(text))

    def _kind_chosen(self) -> None:
        self._kind_touched = True
        self.changed.emit()

    def _signed_changed(self) -> None:
        if not self._effective_touched:
            self.effective.blockSignals(True)
            self.effective.setDate(self.signed.date())
            self.effective.blockSignals(False)
        self.changed.emit()

    def _effective_changed(self) -> None:
        self._effective_touched = True
        self.changed.emit()

    @property
    def type(self) -> str:
        """The act's type as shown: the clerk's choice, else the suggestion."""
        return str(self.kind.currentData())

    @property
    def chosen_type(self) -> str | None:
        """The type the clerk picked by hand; None while the suggestion stands."""
        return self.type if self._kind_touched else None


class DecisionPicker(QGroupBox):
    """Which decision a change is made under: one already in the registry, or a new one."""

    changed = Signal()
    NEW = -1

    def __init__(
        self, session: Session, parent: QWidget | None = None, title: str | None = None
    ) -> None:
        super().__init__(title or tr("Theo quyết định"), parent)
        self.reg = session.reg
        layout = QVBoxLayout(self)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(40)
        self.combo.addItem(tr("Quyết định mới…"), self.NEW)
        assert self.reg is not None
        self.decisions: dict[int, Decision] = {}
        for d in reversed(self.reg.decisions()):
            self.decisions[d.id] = d
            label = f"{d.number} — " + tr("hiệu lực") + f" {show_date(d.effective)}"
            self.combo.addItem(label, d.id)
        layout.addWidget(self.combo)
        self.form = DecisionForm(issuer=str(session.settings.value("last_issuer", "") or ""))
        layout.addWidget(self.form)
        current = session.current_decision_id
        index = self.combo.findData(current) if current is not None else 0
        self.combo.setCurrentIndex(max(0, index))
        self.combo.currentIndexChanged.connect(self._toggle)
        self.form.changed.connect(self.changed)
        self._toggle()

    def _toggle(self) -> None:
        self.form.setVisible(self.is_new)
        self.changed.emit()

    @property
    def is_new(self) -> bool:
        return self.combo.currentData() == self.NEW

    @property
    def chosen(self) -> Decision | None:
        """The recorded decision picked, or None for a new one."""
        return None if self.is_new else self.decisions[self.combo.currentData()]

    def choose(self, decision_id: int) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(decision_id)))

    @property
    def number(self) -> str:
        chosen = self.chosen
        if chosen is not None:
            return chosen.number
        return repair_number(self.form.number.text()).number

    def effective_date(self) -> str:
        chosen = self.chosen
        return chosen.effective if chosen is not None else iso(self.form.effective)

    def problems(self) -> list[tuple[str, str]]:
        if not self.is_new:
            return []
        form = self.form
        found: list[tuple[str, str]] = []
        number = self.number
        if not number:
            found.append((ERROR, tr("Nhập số, ký hiệu của quyết định.")))
        else:
            repaired = repair_number(form.number.text()).message
            if repaired is not None:  # the number typed, repaired: said, never silent
                found.append((WARNING, repaired[1] if language() == ENGLISH else repaired[0]))
            assert self.reg is not None
            existing = self.reg.decision_by_number(number)
            if existing is not None:
                try:
                    keep_effective(existing, iso(form.effective))
                except KnownError as exc:
                    found.append((ERROR, message(exc)))
                else:
                    found.append((INFO, tr("Quyết định này đã có trong sổ; sẽ dùng lại.")))
        if iso(form.effective) < iso(form.signed):
            found.append((ERROR, tr("Ngày hiệu lực không được trước ngày ký.")))
        return found

    def resolve(self, reg: Registry) -> int:
        """The decision's id, recording it first when it is new (inside the caller's write)."""
        if not self.is_new:
            return int(self.combo.currentData())
        form = self.form
        return reg.add_decision(
            form.number.text(),
            iso(form.effective),
            issuer=form.issuer.text(),
            signed=iso(form.signed),
            title=form.title.text(),
            type=form.chosen_type,
        )
