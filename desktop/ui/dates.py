"""The one date editor of the window's forms, and its value as an ISO date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from desktop.domain.decisions import today


def date_edit(value: str | None = None) -> QDateEdit:
    """A calendar pop-up showing dd/MM/yyyy, on ``value`` (an ISO date) or the registry's today."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumWidth(130)
    set_date(edit, value or today())
    return edit


def set_date(edit: QDateEdit, value: str | None) -> None:
    if value:
        day = dt.date.fromisoformat(value)
        edit.setDate(QDate(day.year, day.month, day.day))


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")
