"""Correcting a decision's record, and withdrawing a decision none of whose changes remains.

Both go through :mod:`desktop.store.decision_edits` (one transaction, one history entry); the
dialog shows the decision's earlier corrections, so the clerk sees what was changed, by whom and
when.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.decisions import Decision, repair_number
from desktop.domain.errors import KnownError
from desktop.domain.rules import RULES
from desktop.store.decision_edits import (
    correct_decision,
    decision_history,
    effective_changes,
    withdraw_decision,
)
from desktop.store.registry import Registry
from desktop.ui import errors
from desktop.ui.dates import iso
from desktop.ui.decision_form import DecisionForm
from desktop.ui.i18n import ENGLISH, language, show_date, tr


class DecisionEditDialog(QDialog):
    """Type, number, issuer, dates and title of one decision, in the one decision form; saved
    only when something changed."""

    def __init__(self, reg: Registry, decision: Decision, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.decision = decision
        self.saved: Decision | None = None
        self.setWindowTitle(tr("Sửa thông tin quyết định") + f" {decision.number}")
        layout = QVBoxLayout(self)
        self.form = DecisionForm(record=decision)
        form = self.form
        # The fields by name, as the other dialogs expose theirs (tests and callers use them).
        self.kind, self.number, self.issuer = form.kind, form.number, form.issuer
        self.has_signed, self.signed, self.effective = form.has_signed, form.signed, form.effective
        self.title = form.title
        if effective_changes(reg, decision.id):
            # The changes were judged against the registry as it stood on that date.
            self.effective.setEnabled(False)
            self.effective.setToolTip(
                tr("Quyết định đã có thay đổi có hiệu lực: hoàn tác chúng để sửa ngày hiệu lực.")
            )
        layout.addWidget(form)
        history = decision_history(reg, decision.id)
        if history:
            layout.addWidget(QLabel(tr("Các lần sửa trước:")))
            self.history = QListWidget()
            for e in history:
                when = show_date(e.recorded_at[:10])
                self.history.addItem(f"{when} — {e.recorded_by}: {e.summary}")
            self.history.setMaximumHeight(110)
            layout.addWidget(self.history)
        note = QLabel(
            tr("Mỗi lần sửa được ghi vào lịch sử của quyết định (người sửa, lúc sửa, giá trị cũ).")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #566573;")
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not reg.readonly)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        """The fields the clerk changed (the store checks and cleans them)."""
        d = self.decision
        entered: dict[str, Any] = {
            "number": self.number.text(),
            "type": self.form.type,
            "issuer": self.issuer.text(),
            "signed": self.form.signed_date(),
            "effective": iso(self.effective),
            "title": self.title.text(),
        }
        current = d.as_dict()
        return {k: v for k, v in entered.items() if (v or None) != (current.get(k) or None)}

    def save(self) -> None:
        values = self.values()
        if not values:
            self.reject()
            return
        try:
            self.saved = correct_decision(self.reg, self.decision.id, values)
        except Exception as exc:  # a known problem gets its message, a bug its dialog
            errors.report(self, exc)
            return
        repaired = repair_number(values["number"]).message if "number" in values else None
        if repaired is not None:  # the number typed, repaired: said, never silent
            rule = RULES["import.decision-number-repaired"]
            english = language() == ENGLISH
            QMessageBox.information(
                self,
                rule.title_en if english else rule.title_vi,
                repaired[1] if english else repaired[0],
            )
        self.accept()


def confirm_withdraw(reg: Registry, decision: Decision, parent: QWidget) -> bool:
    """Ask, then withdraw; True when the decision was withdrawn."""
    answer = QMessageBox.question(
        parent,
        tr("Rút quyết định"),
        tr("Rút quyết định số {number} khỏi sổ?").format(number=decision.number)
        + " "
        + tr("Quyết định không còn thay đổi nào có hiệu lực; lịch sử vẫn giữ nó."),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        withdraw_decision(reg, decision.id)
    except KnownError as exc:
        errors.show_known(parent, exc)
        return False
    return True
