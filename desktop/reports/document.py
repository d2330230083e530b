"""What goes on the page, as plain data: no Qt, no SQL.

A :class:`Document` is the letterhead (issuing body, national heading, place and date), a title,
a sequence of blocks (paragraphs and tables) and a signature block. The builders in
:mod:`desktop.reports.build` fill it from the registry; :mod:`desktop.reports.layout` turns it
into pages. Text here is final Vietnamese text (NFC); layout only measures and places it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from desktop.domain.decisions import today
from desktop.domain.text import nfc

# What a clerk sees where a setting was never filled in: a line to write on by hand.
PLACEHOLDER = "." * 24

Align = Literal["left", "center", "right"]
RowStyle = Literal["data", "strong", "section", "note", "total"]
ParagraphStyle = Literal["body", "bold", "italic", "heading"]

DATA: RowStyle = "data"
STRONG: RowStyle = "strong"  # bold, like a heading row, but nothing follows it
SECTION: RowStyle = "section"  # bold, and kept on the page of the row after it
NOTE: RowStyle = "note"  # italic, kept with the row after it (a hint under a section heading)
TOTAL: RowStyle = "total"


@dataclass(frozen=True)
class Letterhead:
    """The top of page 1 (NĐ 30/2020, Phụ lục I, ô 1, 2 and 4)."""

    issuer_name: str = PLACEHOLDER
    issuer_parent: str = ""
    place: str = PLACEHOLDER
    date: str = ""  # ISO date; today when empty
    # The ``Số:`` line under the issuing body (ô 3), or None for no line.
    number: str | None = None

    @property
    def place_and_date(self) -> str:
        return f"{self.place}, {long_date(self.date or today())}"


@dataclass(frozen=True)
class Signature:
    """The signer's title (upper case; several lines for ``KT.``/``TL.`` signatures) and name."""

    title: str = PLACEHOLDER
    name: str = ""


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float = 0.0  # 0: shares the width left over, by ``weight``
    weight: float = 1.0
    align: Align = "left"


@dataclass(frozen=True)
class Row:
    """One table row. ``span``: the cells from that index on are merged into one (section
    headings that run across the table). ``indent``: steps of indentation of the table's
    ``indent_column`` (the hierarchy of a code list)."""

    cells: tuple[str, ...]
    style: RowStyle = DATA
    span: int | None = None
    indent: int = 0


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    indent_column: int | None = None
    # The message row shown when there is nothing to list (a table is never printed empty).
    empty_text: str = "Không có dữ liệu."

    def add(
        self,
        *cells: object,
        style: RowStyle = DATA,
        span: int | None = None,
        indent: int = 0,
    ) -> None:
        text = tuple("" if c is None else nfc(str(c)) for c in cells)
        if len(text) != len(self.columns) and span is None:
            raise ValueError(f"{len(text)} cells for {len(self.columns)} columns")
        self.rows.append(Row(text, style, span, indent))


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyle = "body"
    align: Align = "left"
    keep_with_next: bool = False


Block = Paragraph | Table


@dataclass
class Document:
    """One printed report."""

    kind: str
    title: list[str]  # upper case, bold, centred
    letterhead: Letterhead
    signature: Signature
    subtitle: list[str] = field(default_factory=list)  # centred italic lines under the title
    appendix_label: str | None = None  # "Phụ lục": its own line above the title
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    # ``Nơi nhận`` (ô 9a), one recipient a line, bottom left beside the signature.
    recipients: list[str] = field(default_factory=list)
    # Part of a decision (its appendix): no letterhead, no signature, no ``Nơi nhận`` of its own.
    attached: bool = False

    @property
    def title_text(self) -> str:
        return " ".join(self.title)


# -- Vietnamese formats of numbers and dates ---------------------------------------------------


def long_date(iso: str) -> str:
    """``ngày 05 tháng 02 năm 2025``: NĐ 30/2020 pads days below 10 and the months 1 and 2."""
    d = dt.date.fromisoformat(iso)
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    # No-break spaces: a line may end before "ngày" or "năm", never inside "ngày 28".
    return f"ngày\u00a0{day} tháng\u00a0{month} năm\u00a0{d.year}"


def short_date(iso: str | None) -> str:
    """``14/04/2025``: dates in tables and headings."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def count(n: int) -> str:
    """Thousands separated by dots, the Vietnamese way: ``10.000``."""
    return f"{n:,}".replace(",", ".")


def upper(text: str) -> str:
    """Vietnamese upper case (``Ủy ban`` → ``ỦY BAN``), kept in NFC."""
    return nfc(nfc(text).upper())
