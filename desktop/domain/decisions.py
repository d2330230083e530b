"""Decisions (quyết định): every change to the registry is bound to one."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from desktop.domain.errors import ConflictError, InvalidInput, KnownError
from desktop.domain.text import LOOKALIKE_LETTERS, clean_name, fix_lookalikes, fold, nfc
from desktop.domain.words import QT_TR_NOOP

# The kinds of legal act a change can rest on (design.md §3): id → the name documents print
# (``Văn bản số 12/...``) and the window offers, translated.
QUYET_DINH = "quyet-dinh"
NGHI_QUYET = "nghi-quyet"
THONG_TU = "thong-tu"
NGHI_DINH = "nghi-dinh"
CONG_VAN = "cong-van"
KHAC = "khac"
DECISION_TYPES: dict[str, str] = {
    QUYET_DINH: QT_TR_NOOP("Quyết định"),
    NGHI_QUYET: QT_TR_NOOP("Nghị quyết"),
    THONG_TU: QT_TR_NOOP("Thông tư"),
    NGHI_DINH: QT_TR_NOOP("Nghị định"),
    CONG_VAN: QT_TR_NOOP("Công văn"),
    KHAC: QT_TR_NOOP("Văn bản"),
}
# The type a number's symbol names (NĐ 30/2020, Phụ lục III: the abbreviations of document
# types): ``/QĐ-`` a Quyết định, ``/NQ-`` or a National Assembly symbol ``/QH15`` a Nghị quyết,
# ``/TT-`` a Thông tư, ``/NĐ-`` a Nghị định. A Công văn carries no type abbreviation, only the
# issuer's (``123/UBND-KGVX``), so a symbol naming no type is not guessed as one: it stays a
# Quyết định, the act that issues codes, and a clerk changes it where it is not.
_SYMBOL_TYPES = (
    ("QD", QUYET_DINH),
    ("NQ", NGHI_QUYET),
    ("TT", THONG_TU),
    ("ND", NGHI_DINH),
    ("CV", CONG_VAN),
)


def suggest_type(number: str) -> str:
    """The act type a number's symbol suggests (``202/2025/QH15`` → ``nghi-quyet``)."""
    parts = [p for p in fold(number).upper().replace("-", "/").split("/") if p]
    for part in parts[1:]:
        if part.startswith("QH") and part[2:].isdigit():
            return NGHI_QUYET
        for abbreviation, kind in _SYMBOL_TYPES:
            if part == abbreviation:
                return kind
    return QUYET_DINH


def parse_type(text: str) -> str:
    """A type id from what a user typed: the id (``nghi-quyet``) or the name (``Nghị quyết``)."""
    wanted = fold(text).strip().replace(" ", "-")
    for kind, name in DECISION_TYPES.items():
        if wanted in (kind, fold(name).replace(" ", "-")):
            return kind
    known = ", ".join(DECISION_TYPES)
    raise InvalidInput(
        f"Loại văn bản '{text}' không có; dùng một trong: {known}.",
        f"Unknown act type '{text}'; use one of: {known}.",
    )


def act_name(kind: str | None) -> str:
    return DECISION_TYPES.get(kind or QUYET_DINH, DECISION_TYPES[KHAC])


def cite(number: str, kind: str | None, signed: str | None = None) -> str:
    """An act as documents cite it: ``Nghị quyết số 202/2025/QH15 ngày 12/06/2025``."""
    text = f"{act_name(kind)} số {number}"
    if signed:
        text += f" ngày {people_date(signed)}"
    return text


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
    type: str = QUYET_DINH

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Decision:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        """``Quyết định số 20/2020/QĐ-TTg ngày 22/07/2020`` as documents cite it."""
        return cite(self.number, self.type, self.signed)

    @property
    def cited(self) -> str:
        """``Nghị quyết số 202/2025/QH15``: the act's type and number, without the date."""
        return cite(self.number, self.type)

    @property
    def type_name(self) -> str:
        return act_name(self.type)


def keep_effective(
    existing: Decision, effective: str | None, error: type[KnownError] = ConflictError
) -> str:
    """The effective date a change under an existing decision takes: the decision's own.

    A decision already in the registry keeps its effective date; naming it again with another
    date is refused (a typing mistake, or a decision to correct in the decisions pane), never
    a second date. No date given takes the recorded one."""
    if effective and effective != existing.effective:
        raise error(
            f"{existing.cited} đã có trong sổ với ngày hiệu lực "
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


# Dates as clerks type them: day first (14/04/2025, 4/4/2025, 14-04-2025, 14.04.2025), or ISO.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str, what: str = "ngày") -> str:
    """A date typed by a person, checked and returned as ISO text, or :class:`InvalidInput`.

    Accepts ISO (``2025-04-14``) and the day-first forms Vietnamese documents use (``14/04/2025``,
    ``4/4/2025``, ``14-04-2025``, ``14.04.2025``). A two-digit year, a year first with slashes or a
    day that does not exist (``31/02/2025``) is refused: guessing a legal date is worse than asking.
    """
    raw = text.strip() if isinstance(text, str) else ""
    try:
        if _ISO.fullmatch(raw):
            return dt.date.fromisoformat(raw).isoformat()
        match = _DAY_FIRST.fullmatch(raw)
        if match:
            day, _sep, month, year = match.groups()
            return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise InvalidInput(
            f"{what.capitalize()} '{text}' không hợp lệ: không có ngày này trên lịch (ngày hoặc "
            "tháng sai).",
            f"Invalid date '{text}': no such day.",
        ) from None
    raise InvalidInput(
        f"{what.capitalize()} '{text}' không hợp lệ: dùng dạng NN/TT/NNNN (ví dụ 14/04/2025) "
        "hoặc NNNN-TT-NN.",
        f"Invalid date '{text}': use DD/MM/YYYY (e.g. 14/04/2025) or YYYY-MM-DD.",
    )


# Spaces typed around the separators of a number's symbol (``1520 / QĐ-UBND``, a no-break space
# before the slash): a number has none there.
_SEPARATOR_SPACES = re.compile(r"\s*([/-])\s*")


@dataclass(frozen=True)
class NumberRepair:
    """A decision number as the registry keeps it, and what was repaired to get it: look-alike
    letters (``QÐ`` with the Icelandic Eth, U+00D0), invisible characters, spaces around the
    symbol's separators, combining marks. ``Đ`` itself has no decomposition in Unicode (NFD keeps
    it whole), so a decomposed text differs only in the tone marks of its vowels."""

    given: str
    number: str
    fixes: tuple[tuple[str, str], ...] = ()  # (Vietnamese, English), one per kind of repair

    @property
    def message(self) -> tuple[str, str] | None:
        """Why the number read is not what was given, or None when nothing but the ends was
        trimmed: the registry never alters a number without saying what and why."""
        if not self.fixes:
            return None
        vi = "; ".join(f[0] for f in self.fixes)
        en = "; ".join(f[1] for f in self.fixes)
        return (
            f"Số quyết định '{self.given.strip()}' được đọc là '{self.number}': {vi}.",
            f"Decision number '{self.given.strip()}' read as '{self.number}': {en}.",
        )


def repair_number(text: str) -> NumberRepair:
    """The number with the one look-alike repair names get (``text.fix_lookalikes``), invisible
    characters removed and spaces tidied, and the list of what changed."""
    fixes: list[tuple[str, str]] = []
    lookalikes = sorted({ch for ch in text if ch in LOOKALIKE_LETTERS})
    if lookalikes:
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in lookalikes)
        fixes.append(
            (
                f"chữ trông giống {shown} đã thay bằng chữ Đ tiếng Việt",
                f"look-alike letter {shown} replaced by the Vietnamese Đ",
            )
        )
    invisible = sorted({ch for ch in text if unicodedata.category(ch) == "Cf"})
    if invisible:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in invisible)
        fixes.append((f"đã xóa ký tự vô hình {shown}", f"invisible characters {shown} removed"))
    if not unicodedata.is_normalized("NFC", text):
        fixes.append(
            (
                "dấu tổ hợp (NFD) chuẩn hóa về dạng dựng sẵn (NFC)",
                "combining marks (NFD) normalised to NFC",
            )
        )
    number = clean_name(fix_lookalikes(nfc(text)))
    spaced = _SEPARATOR_SPACES.sub(r"\1", number)
    inner = text.strip()
    if spaced != number or any(ch.isspace() and ch != " " for ch in inner):
        fixes.append(
            (
                "đã bỏ khoảng trắng thừa hoặc đặc biệt (không ngắt dòng, quanh dấu / hoặc -)",
                "stray or special spaces removed (no-break, around / or -)",
            )
        )
    return NumberRepair(text, spaced, tuple(fixes))


def clean_number(text: str) -> str:
    """A decision number as written in the document (``720/QĐ-BTTTT``), repaired
    (:func:`repair_number`); a caller shows the clerk :attr:`NumberRepair.message`."""
    number = repair_number(text).number
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
