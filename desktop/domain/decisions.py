"""Decisions (quyết định): every change to the registry is bound to one."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass
from typing import Any

from desktop.domain.errors import ConflictError, InvalidInput, KnownError
from desktop.domain.text import clean_name


@dataclass
class Decision:
    id: int
    number: str
    effective: str
    issuer: str = ""
    signed: str | None = None
    title: str = ""
    source_file: str | None = None
    source_sha256: str | None = None
    note: str | None = None
    recorded_at: str | None = None
    withdrawn: str | None = None  # when it was withdrawn (no change of it in effect), or None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Decision:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        """``Quyết định số 20/2020/QĐ-TTg ngày 22/07/2020``."""
        text = f"Quyết định số {self.number}"
        if self.signed:
            text += f" ngày {people_date(self.signed)}"
        return text


def keep_effective(
    existing: Decision, effective: str | None, error: type[KnownError] = ConflictError
) -> str:
    """The effective date a change under an existing decision takes: the decision's own.

    A decision already in the registry keeps its effective date; naming it again with another
    date is refused (a typing mistake, or a decision to correct in the decisions pane), never
    a second date. No date given takes the recorded one."""
    if effective and effective != existing.effective:
        raise error(
            f"Quyết định số {existing.number} đã có trong sổ với ngày hiệu lực "
            f"{people_date(existing.effective)}, khác {people_date(effective)}.",
            f"Decision {existing.number} is already recorded, effective "
            f"{people_date(existing.effective)}.",
        )
    return existing.effective


def people_date(iso: str | None) -> str:
    """A date as people write it (``14/04/2025``) in every message; ISO stays for files."""
    if not iso:
        return ""
    try:
        d = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def parse_date(text: str, what: str = "ngày") -> str:
    """An ISO date (``YYYY-MM-DD``) checked and returned as text, or :class:`InvalidInput`."""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except (ValueError, AttributeError):
        raise InvalidInput(
            f"{what.capitalize()} '{text}' không hợp lệ: dùng dạng NNNN-TT-NN, ví dụ 2025-04-14.",
            f"Invalid date '{text}': use YYYY-MM-DD, e.g. 2025-04-14.",
        ) from None


def clean_number(text: str) -> str:
    """A decision number as written in the document (``720/QĐ-BTTTT``), spaces tidied."""
    number = clean_name(text).replace(" / ", "/")
    if not number:
        raise InvalidInput("Thiếu số quyết định.", "The decision number is missing.")
    return number


TODAY_VARIABLE = "MADINHDANH_TODAY"


def today() -> str:
    """The date the registry is shown as of when no date is asked for (ISO).

    The one place that decides what "today" is: every view and output without a date uses it.
    ``MADINHDANH_TODAY`` (an ISO date) stands in for the clock, for tests and for a clerk who
    wants the whole program to see the registry on another day.
    """
    override = os.environ.get(TODAY_VARIABLE, "").strip()
    if override:
        return parse_date(override, TODAY_VARIABLE)
    return dt.date.today().isoformat()


def shown_date(as_of: str | None) -> str:
    """The date a view shows: the one asked for, or today."""
    return as_of or today()
