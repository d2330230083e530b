"""Corrections of a decision's record, and its withdrawal: what may change, and how.

A decision is the clerk's transcription of a signed act; a typo in its number, issuer, dates or
title is corrected, never hidden. Each correction or withdrawal is an entry of the decision's
history (who, when, the values before and after), chained by hash as the events are, so that
``verify`` proves the record of corrections was not edited by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from desktop.domain.decisions import clean_number, parse_date, parse_type
from desktop.domain.errors import InvalidInput
from desktop.domain.history import canonical_json
from desktop.domain.text import clean_name

CORRECT = "correct"
WITHDRAW = "withdraw"
REINSTATE = "reinstate"
ACTIONS = (CORRECT, WITHDRAW, REINSTATE)
ACTION_LABELS = {
    CORRECT: "Sửa thông tin quyết định",
    WITHDRAW: "Rút quyết định khỏi sổ",
    REINSTATE: "Ghi lại quyết định đã rút",
}

# The fields a clerk may correct, in the order forms show them (a decision's type slots in here).
FIELDS = ("number", "type", "issuer", "signed", "effective", "title")
FIELD_LABELS = {
    "number": "Số, ký hiệu",
    "type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "signed": "Ngày ký",
    "effective": "Ngày có hiệu lực",
    "title": "Trích yếu",
}


def clean_value(field: str, value: str | None) -> str | None:
    """A corrected value as stored, or :class:`InvalidInput` with a reason a clerk reads."""
    if field not in FIELDS:
        raise InvalidInput(
            f"Không sửa được '{field}' của quyết định; sửa được: {', '.join(FIELDS)}.",
            f"'{field}' cannot be corrected; these can: {', '.join(FIELDS)}.",
        )
    text = clean_name(value or "")
    if field == "number":
        return clean_number(text)
    if field == "type":
        return parse_type(text)
    if field == "effective":
        if not text:
            raise InvalidInput(
                "Quyết định phải có ngày có hiệu lực.", "A decision needs its effective date."
            )
        return parse_date(text, "ngày hiệu lực")
    if field == "signed":
        return parse_date(text, "ngày ký") if text else None
    return text


@dataclass(frozen=True)
class DecisionEdit:
    """One entry of a decision's history."""

    id: int
    decision_id: int
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    recorded_at: str
    recorded_by: str

    @property
    def summary(self) -> str:
        """``Số, ký hiệu: 12/QĐ-UBND → 123/QĐ-UBND; …`` for history views."""
        if self.action != CORRECT:
            return ACTION_LABELS[self.action]
        parts = []
        for key in self.after:
            old, new = shown(key, self.before.get(key)), shown(key, self.after[key])
            parts.append(f"{FIELD_LABELS.get(key, key)}: {old} → {new}")
        return "; ".join(parts)


def shown(field: str, value: Any) -> str:
    """A field's value as people read it (dates dd/mm/yyyy)."""
    if not value:
        return "(trống)"
    if field in ("signed", "effective"):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def edit_hash(previous: str, edit: DecisionEdit) -> str:
    """The tamper-evidence link of a history entry: its content and its predecessor's hash."""
    content = canonical_json(
        [
            edit.decision_id,
            edit.action,
            edit.before,
            edit.after,
            edit.recorded_at,
            edit.recorded_by,
        ]
    )
    return hashlib.sha256((previous + "\n" + content).encode()).hexdigest()
