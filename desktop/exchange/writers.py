"""Exporting the registry: the official appendix (.xlsx), the shared-catalogue fields (.csv,
.json), and the crosswalk of old to new codes for downstream systems. The formats of the
national systems are in :mod:`desktop.exchange.axis`, :mod:`desktop.exchange.catalogue` and
:mod:`desktop.exchange.opendata`; all are chosen here, by the file's extension or by name
(:func:`choose_format`).

The appendix follows NĐ 30/2020/NĐ-CP: ``PHỤ LỤC`` and the list's title in upper case, the
italic ``(Kèm theo Quyết định số ...)`` line, the header ``STT | Tên cơ quan, đơn vị | Mã định
danh | Ghi chú`` repeated on every printed page, sections by level with Roman numerals and
sub-sections by parent, Times New Roman 13, A4 portrait with the legal margins. It is written in
openpyxl's write-only mode (a normal workbook keeps every cell object and costs several times
more); the styles are built once and copied onto each cell.

Text never starts a formula: in a workbook such a cell is stored as text with Excel's
quote-prefix flag (the value itself is unchanged, so a round trip reads it back exactly), in a
CSV file it gets a leading apostrophe (the usual protection against formula injection).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain import history as h
from desktop.domain.codes import AGENCY, ENTERPRISE, NOTATIONS, from_canonical, parse_code
from desktop.domain.decisions import Decision, cite, suggest_type, today
from desktop.domain.errors import InvalidInput, KnownError, os_reason
from desktop.domain.progress import EXPORT, EXPORT_CHANGES, OnProgress, counted
from desktop.domain.text import letters, roman
from desktop.domain.units import Unit
from desktop.exchange.axis import axis_document, write_edxml
from desktop.exchange.catalogue import write_catalogue
from desktop.exchange.formats import FORMATS, choose_format
from desktop.exchange.national import (
    APART_FIELDS,
    APART_FILE,
    Selection,
    apart_name,
    apart_rows,
    check_window,
    csv_safe,
    select,
    show_date,
    starts_formula,
    write_csv_file,
    write_folder,
    write_json_file,
)
from desktop.exchange.opendata import write_opendata
from desktop.store.bulk import paused_gc
from desktop.store.deltas import CHANGE_LABELS, crosswalk_events
from desktop.store.queries import events_of_decision
from desktop.store.registry import Registry

CATALOGUE_FIELDS = (
    "code",
    "parent_code",
    "name",
    "level",
    "kind",
    "status",
    "address",
    "email",
    "phone",
    "fax",
    "website",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "as_of",
)
CROSSWALK_FIELDS = (
    "decision_number",
    "decision_date",
    "change",
    "old_code",
    "new_code",
    "name",
    "as_of",
)
HEADER = ("STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú")
FONT_NAME = "Times New Roman"
MM = 1 / 25.4  # openpyxl margins are in inches
# NĐ 30/2020, Phụ lục I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
# A4 is 210 mm wide; less the margins, 165 mm (624 px at 96 dpi) are printable: 85 units of
# Excel column width (a unit is a digit of the default font, 7 px, plus 5 px per column).
PRINTABLE_WIDTH = 85
# Times New Roman 13 sets about 1.15 characters of Vietnamese text per unit of column width
# (measured in LibreOffice with its metric-compatible Liberation Serif), 17.25 pt a line.
CHARS_PER_UNIT = 1.1
LINE_HEIGHT = 17.25


@dataclass
class ExportResult:
    path: Path
    rows: int
    kind: str
    as_of: str = ""
    # Units set apart because QCVN 102 cannot write their codes (qcvn_only), and where.
    apart: int = 0
    apart_path: Path | None = None


def _notation(reg: Registry, notation: str | None) -> str:
    if notation is None:
        return reg.notation
    if notation not in NOTATIONS:
        raise InvalidInput(
            f"Cách ghi mã '{notation}' không có; dùng qcvn102 hoặc qd20.",
            f"Unknown notation '{notation}'.",
        )
    return notation


# Our own temporary files: short (a long target name plus a suffix would pass the file system's
# 255-byte limit), with the writing process in the name so that one killed can be told.
_PARTIAL = re.compile(
    r"\.(?:madinhdanh-(?P<pid>\d+)-[0-9a-f]+|.+\.(?:xlsx|ods|csv|pdf)\.(?P<old>\d+))\.partial"
)


def _remove_stale_partials(folder: Path) -> None:
    """Temporary files of exports whose process was killed: nobody else will remove them."""
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return
    for partial in names:
        found = _PARTIAL.fullmatch(partial.name)
        if found is None:
            continue
        pid = int(found.group("pid") or found.group("old"))
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                partial.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # another user's process, or cannot tell: leave its file alone
    return True


def _write_atomically(path: Path, write: Any) -> None:
    """Write beside the target and rename: a failed export leaves no half-written file."""
    _remove_stale_partials(path.parent)
    partial = path.with_name(f".madinhdanh-{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        write(partial)
        partial.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise KnownError(
            f"Không ghi được tệp '{path}': {os_reason(exc)}.", f"Cannot write '{path}': {exc}"
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise


# -- what is exported --------------------------------------------------------------------------


@dataclass
class _Listing:
    units: list[Unit]
    root: Unit | None
    decisions: dict[int, Decision]
    notation: str
    as_of: str
    selection: Selection
    notes: dict[int, str] = field(default_factory=dict)  # what a decision changed, by unit

    @property
    def delta(self) -> bool:
        return self.selection.delta


def _code_text(unit: Unit, notation: str) -> str:
    return from_canonical(unit.code, unit.kind).format(notation)


def catalogue_rows(
    listing: _Listing, on_progress: OnProgress | None = None
) -> Iterator[dict[str, Any]]:
    """The shared-catalogue fields of each unit (domain.md §4), with its parent and status,
    the date shown, and in a delta the unit's change."""
    sel = listing.selection
    for u in counted(listing.units, EXPORT, on_progress):
        d = listing.decisions.get(u.decision_id) if u.decision_id else None
        parent = sel.parent(u)
        row = {
            "code": _code_text(u, listing.notation),
            "parent_code": _code_text(parent, listing.notation) if parent else None,
            "name": u.name,
            "level": u.level,
            "kind": u.kind,
            "status": u.status,
            "address": u.address,
            "email": u.email,
            "phone": u.phone,
            "fax": u.fax,
            "website": u.website,
            "decision_number": d.number if d else None,
            "decision_date": (d.signed or d.effective) if d else None,
            "decision_issuer": (d.issuer or None) if d else None,
            "as_of": listing.as_of,
        }
        if sel.delta:
            row["change"] = sel.change(u)
        yield row


# -- csv and json ------------------------------------------------------------------------------


def _write_csv(path: Path, fields: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    count = 0

    def write(target: Path) -> None:
        nonlocal count
        # UTF-8 with a byte-order mark: Excel opens it as UTF-8 only then.
        with target.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(fields)
            for row in rows:
                writer.writerow([csv_safe(row[f]) if row[f] is not None else "" for f in fields])
                count += 1

    _write_atomically(path, write)
    return count


def _write_json(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    items = list(rows)

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8") as fh:
            json.dump(items, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    _write_atomically(path, write)
    return len(items)


# -- the appendix workbook ---------------------------------------------------------------------


class _FixedStyle(StyleArray):
    """A template style, never changed once built. openpyxl looks every written cell's style up
    by its hash (twice); computed once here instead of for each of 400,000 cells."""

    def __new__(cls, values: Any) -> _FixedStyle:
        obj = super().__new__(cls, values)
        obj._hash = hash(tuple(obj))
        return obj

    def __hash__(self) -> int:
        return self._hash


class _Styles:
    """Cell styles built once; each cell gets a copy of a template's style array."""

    def __init__(self, ws: Any) -> None:
        thin = Side(style="thin")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        body = Font(name=FONT_NAME, size=13)
        bold = Font(name=FONT_NAME, size=13, bold=True)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        left = Alignment(horizontal="left", vertical="center", wrap_text=True)

        def make(font: Font, align: Alignment | None, border: Border | None, **extra: Any) -> Any:
            cell = WriteOnlyCell(ws)
            cell.font = font
            if align is not None:
                cell.alignment = align
            if border is not None:
                cell.border = border
            for key, value in extra.items():
                setattr(cell, key, value)
            return _FixedStyle(cell._style)

        self.appendix = make(Font(name=FONT_NAME, size=14, bold=True), center, None)
        self.title = make(bold, center, None)
        self.kem_theo = make(Font(name=FONT_NAME, size=13, italic=True), center, None)
        self.header = make(bold, center, box)
        self.section_no = make(bold, center, box)
        self.section = make(bold, left, box)
        self.sub_no = make(Font(name=FONT_NAME, size=13, bold=True, italic=True), center, box)
        self.sub = make(Font(name=FONT_NAME, size=13, bold=True, italic=True), left, box)
        self.sub_text = make(
            Font(name=FONT_NAME, size=13, bold=True, italic=True), left, box, quotePrefix=True
        )
        self.stt = make(body, center, box)
        self.name = make(body, left, box)
        self.name_text = make(body, left, box, quotePrefix=True)
        self.code = make(body, center, box, number_format="@")
        self.note = make(body, left, box)
        self.note_text = make(body, left, box, quotePrefix=True)
        self.empty = make(body, None, box)


class _Rows:
    """Rows of styled cells for a write-only sheet, without a cell object per value.

    openpyxl's ``append`` wants a new cell for every styled value and takes each one through an
    exception (a cell is not a value it can store): for 100,000 rows, most of the cost. Here a
    row's values are set on a few reusable cells, which the sheet serialises as soon as the row
    is appended (a write-only sheet writes every row at once), so they are free for the next.
    Should openpyxl's internals change, rows go through ``append`` with new cells instead.
    """

    def __init__(self, ws: Any, width: int) -> None:
        self.ws = ws
        self.cells = [WriteOnlyCell(ws) for _ in range(width)]
        self.fast = callable(getattr(ws, "_values_to_row", None))
        if self.fast:
            ws._values_to_row = self._positioned

    @staticmethod
    def _positioned(cells: list[Any], row: int) -> Iterator[Any]:
        for column, cell in enumerate(cells, 1):
            cell.row = row
            cell.column = column
            yield cell

    def add(self, *items: tuple[Any, Any, Any]) -> None:
        """One row: (value, style, style for text that would start a formula) per column."""
        if self.fast:
            cells = self.cells[: len(items)]
        else:
            cells = [WriteOnlyCell(self.ws) for _ in items]
        for cell, (value, style, text_style) in zip(cells, items):
            _set(cell, value, style, text_style)
        self.ws.append(cells)


def _set(cell: Any, value: Any, style: Any, text_style: Any) -> None:
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell._value = value
        cell.data_type = "s"
        if starts_formula(value):
            # Stored as text, never a formula; Excel's quote prefix keeps it text when edited.
            if text_style is None:
                text_style = copy(style)
                text_style.quotePrefix = 1
            cell._style = text_style
            return
    else:
        cell._value = value
        cell.data_type = "n"
    cell._style = style


def _kem_theo(decision: Decision | None, number: str | None) -> str | None:
    if number is None:
        return None
    if decision is None:
        return f"(Kèm theo {cite(number, suggest_type(number))} ngày     tháng     năm     )"
    text = f"(Kèm theo {decision.cited}"
    date = decision.signed or decision.effective
    if date:
        d = dt.date.fromisoformat(date)
        text += f" ngày {d.day} tháng {d.month} năm {d.year}"
    if decision.issuer:
        text += f" của {decision.issuer}"
    return text + ")"


def _section_title(level: int | None, kind: str) -> str:
    if kind == ENTERPRISE:
        return "MÃ ĐỊNH DANH DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH"
    if kind != AGENCY:
        return "MÃ ĐỊNH DANH TỔ CHỨC KHÁC"
    return f"MÃ ĐỊNH DANH CẤP {level}"


def _widths(units: list[Unit], codes: dict[int, str]) -> tuple[float, float, float, float]:
    """Column widths that fit the content and, together, the printable width of A4."""
    code_len = max((len(codes[u.id]) for u in units), default=13)
    stt = 7.0
    code = min(max(code_len * 1.25 + 3, 16.0), 40.0)
    note_len = max((len(u.note or "") for u in units), default=0)
    note = 12.0 if note_len == 0 else min(max(note_len * 1.1, 12.0), 20.0)
    longest = max((len(u.name) for u in units), default=30)
    name = max(min(longest * 1.15 + 2, PRINTABLE_WIDTH - stt - code - note), 30.0)
    return stt, name, code, note


class _Heights:
    """Row heights for text that wraps: spreadsheet programs do not all fit them on opening
    (LibreOffice keeps the default height and lets lines overlap), so the rows say it."""

    def __init__(self, ws: Any, widths: tuple[float, ...]) -> None:
        self.ws = ws
        self.per_line = [max(int(w * CHARS_PER_UNIT) - 1, 4) for w in widths]

    def fit(self, row: int, texts: Iterable[Any]) -> None:
        lines = 1
        for text, per_line in zip(texts, self.per_line):
            if isinstance(text, str) and len(text) > per_line:
                lines = max(lines, -(-len(text) // per_line))
        if lines > 1:
            self.ws.row_dimensions[row].height = round(lines * LINE_HEIGHT + 2, 2)


def _write_appendix(
    reg: Registry,
    path: Path,
    listing: _Listing,
    decision_number: str | None,
    on_progress: OnProgress | None = None,
) -> int:
    units = listing.units
    if listing.root is not None:
        units = [u for u in units if u.id != listing.root.id]
    decision = reg.decision_by_number(decision_number) if decision_number else None
    by_id = listing.selection.by_id  # a decision's units' parents are not all listed

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phụ lục")
    styles = _Styles(ws)
    # Columns and page properties go out with the sheet's first row: set them before it.
    codes = {u.id: _code_text(u, listing.notation) for u in listing.units}
    widths = _widths(units, codes)
    for letter, width in zip("ABCD", widths):
        ws.column_dimensions[letter].width = round(width, 1)
    ws.sheet_format.defaultRowHeight = LINE_HEIGHT
    ws.sheet_format.customHeight = True
    heights = _Heights(ws, widths)
    _page_setup(ws)

    title = "DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ"
    if listing.root is not None:
        title += " THUỘC " + listing.root.name.upper()
    lines: list[tuple[str, Any]] = [("PHỤ LỤC", styles.appendix), (title, styles.title)]
    kem_theo = _kem_theo(decision, decision_number)
    if kem_theo:
        lines.append((kem_theo, styles.kem_theo))
    else:
        # Without a decision to date it, the list says which day it shows.
        lines.append((_shown_dates(listing.selection), styles.kem_theo))
    rows = _Rows(ws, len(HEADER))
    add = rows.add
    row = 0
    title_width = _Heights(ws, (sum(widths) * 0.95,))
    for text, style in lines:
        row += 1
        ws.merged_cells.add(f"A{row}:D{row}")
        title_width.fit(row, [text])
        add((text, style, None))
    add()
    row += 2
    header_row = row
    ws.print_title_rows = f"{header_row}:{header_row}"
    heights.fit(row, HEADER)
    add(*((text, styles.header, None) for text in HEADER))

    count = 0
    section = 0
    current: tuple[int | None, str] | None = None
    parent: int | None = -1
    sub = 0
    number = 0
    s = styles
    empty = (None, s.empty, None)
    fit = heights.fit
    # Units come in code order (parents right before their children); sections want them by
    # level, and within a level the units of one parent stay together in that order.
    for u in counted(sorted(units, key=_level_order), EXPORT, on_progress):
        key = (u.level, u.kind)
        if key != current:
            current = key
            section += 1
            number = 0
            sub = 0
            parent = -1
            row += 1
            add(
                (roman(section), s.section_no, None),
                (_section_title(u.level, u.kind), s.section, None),
                empty,
                empty,
            )
        if u.kind == AGENCY and (u.level or 0) > 1 and u.parent_id != parent:
            parent = u.parent_id
            owner = by_id.get(parent) if parent is not None else None
            if owner is not None and (listing.root is None or owner.id != listing.root.id):
                sub += 1
                label = f"{owner.name} ({_code_text(owner, listing.notation)})"
                row += 1
                fit(row, ("", label))
                add((letters(sub), s.sub_no, None), (label, s.sub, s.sub_text), empty, empty)
        number += 1
        row += 1
        note = u.note
        made = listing.notes.get(u.id)
        if made:
            note = made + (f"; {note}" if note else "")
        change = listing.selection.change(u)
        if change:
            note = CHANGE_LABELS[change] + (f"; {note}" if note else "")
        fit(row, ("", u.name, "", note))
        add(
            (number, s.stt, None),
            (u.name, s.name, s.name_text),
            (codes[u.id], s.code, None),
            (note, s.note, s.note_text),
        )
        count += 1

    _write_atomically(path, wb.save)
    return count


def _shown_dates(sel: Selection) -> str:
    shown = f"tính đến ngày {show_date(sel.as_of)}"
    if not sel.delta:
        return f"({shown[0].upper()}{shown[1:]})"
    since = f" từ ngày {show_date(sel.since)}" if sel.since else ""
    until = f" đến ngày {show_date(sel.until)}" if sel.until else ""
    return f"(Các thay đổi có hiệu lực{since}{until}; {shown})"


def _level_order(unit: Unit) -> tuple[int, int]:
    # sorted() is stable: within a level the code order of the listing is kept.
    if unit.kind == AGENCY:
        return (0, unit.level or 0)
    return (1 if unit.kind == ENTERPRISE else 2, 0)


def _page_setup(ws: Any) -> None:
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT
    ws.page_margins.left = MARGINS["left"]
    ws.page_margins.right = MARGINS["right"]
    ws.page_margins.top = MARGINS["top"]
    ws.page_margins.bottom = MARGINS["bottom"]
    ws.page_margins.header = 10 * MM
    ws.page_margins.footer = 10 * MM
    # Fit the width of the page, never the height: the table runs over as many pages as it
    # needs, each with the header row.
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    # Page numbers centred in the top margin, none on the first page (NĐ 30/2020).
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT_NAME},Regular"
    ws.oddHeader.center.size = 13


# -- crosswalk ---------------------------------------------------------------------------------


def crosswalk_rows(
    reg: Registry,
    *,
    root: str | None = None,
    as_of: str | None = None,
    notation: str | None = None,
    decision: str | None = None,
    since: str | None = None,
    until: str | None = None,
    on_progress: OnProgress | None = None,
) -> Iterator[dict[str, Any]]:
    """Old code → new code for every recode and move, and every closure (closed, merged or
    split away; annulled changes left out) in recording order: one row per successor, or one
    row with no new code for a closure without successor, so downstream systems learn of every
    code that is gone."""
    shown = _notation(reg, notation)
    decisions = {d.id: d for d in reg.decisions()}
    decision_id = None
    if decision:
        d = reg.decision_by_number(decision)
        if d is None:
            raise InvalidInput(
                f"Không có văn bản số {decision} trong sổ.", f"No decision {decision}."
            )
        decision_id = d.id
    last = min(as_of, until) if as_of and until else (as_of or until)
    shown_date = as_of or today()
    prefix = parse_code(root).canonical if root else None
    events = list(crosswalk_events(reg, since=since, until=last, decision_id=decision_id))
    needed = {e.unit_id for e in events} | {s for e in events for s in e.successors}
    units = reg.units_by_ids(sorted(needed))

    def show(code: str, kind: str) -> str:
        return from_canonical(code, kind).format(shown)

    def inside(code: str) -> bool:
        return prefix is None or code == prefix or code.startswith(prefix + ".")

    for e in counted(events, EXPORT_CHANGES, on_progress):
        unit = units[e.unit_id]
        d = decisions.get(e.decision_id) if e.decision_id else None
        base = {
            "decision_number": d.number if d else None,
            "decision_date": e.effective,
            "change": e.type,
            "name": unit.name,
            "as_of": shown_date,
        }
        if e.type in (h.RECODE, h.MOVE):
            old, new = e.before.get("code"), e.after.get("code")
            if old and new and (inside(old) or inside(new)):
                yield {**base, "old_code": show(old, unit.kind), "new_code": show(new, unit.kind)}
            continue
        # The code the unit held when it closed (a later recode cannot follow a closure).
        old_code = e.before.get("code") or unit.code
        targets = [units[s] for s in e.successors if s in units]
        if not targets:
            if inside(old_code):
                yield {**base, "old_code": show(old_code, unit.kind), "new_code": None}
            continue
        for target in targets:
            if inside(old_code) or inside(target.code):
                yield {
                    **base,
                    "old_code": show(old_code, unit.kind),
                    "new_code": show(target.code, target.kind),
                }


def _write_crosswalk_xlsx(path: Path, rows_in: Iterable[dict[str, Any]]) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Bảng chuyển đổi mã")
    styles = _Styles(ws)
    labels = (
        "Số quyết định",
        "Ngày hiệu lực",
        "Thay đổi",
        "Mã cũ",
        "Mã mới",
        "Tên đơn vị",
        "Số liệu đến ngày",
    )
    for letter, width in zip("ABCDEFG", (20, 14, 10, 18, 18, 50, 14)):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = "1:1"
    _page_setup(ws)
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    rows = _Rows(ws, len(labels))
    rows.add(*((text, styles.header, None) for text in labels))
    count = 0
    for r in rows_in:
        rows.add(
            (r["decision_number"], styles.note, styles.note_text),
            (r["decision_date"], styles.stt, None),
            (h.EVENT_LABELS.get(r["change"], r["change"]), styles.note, None),
            (r["old_code"], styles.code, None),
            (r["new_code"], styles.code, None),
            (r["name"], styles.name, styles.name_text),
            (r["as_of"], styles.stt, None),
        )
        count += 1
    _write_atomically(path, wb.save)
    return count


# -- entry point -------------------------------------------------------------------------------


def export(
    reg: Registry,
    path: str | Path,
    *,
    root: str | None = None,
    as_of: str | None = None,
    notation: str | None = None,
    decision: str | None = None,
    crosswalk: bool = False,
    fmt: str | None = None,
    since: str | None = None,
    until: str | None = None,
    qcvn_only: bool = False,
    on_progress: OnProgress | None = None,
) -> ExportResult:
    """Export in a format named by ``fmt`` or by the file's extension (:data:`FORMATS`), as of
    ``as_of`` (today by default); with ``since``/``until`` only the units created, changed or
    closed in that window. With ``qcvn_only`` (always for the axis and the shared catalogue),
    units whose code QCVN 102 cannot write are listed apart in ``khong-qcvn102.csv``.

    ``on_progress`` hears the units written (:mod:`desktop.domain.progress`); when it raises,
    the export stops and leaves no file behind: every file is written beside its target and
    renamed into place only when whole."""
    with paused_gc():
        return _export(
            reg,
            Path(path),
            choose_format(Path(path), fmt, crosswalk),
            root=root,
            as_of=as_of,
            notation=notation,
            decision=decision,
            since=since,
            until=until,
            qcvn_only=qcvn_only,
            on_progress=on_progress,
        )


# The formats whose systems take QCVN 102 codes only.
QCVN_ONLY_FORMATS = frozenset({"edxml", "axis", "catalogue"})
_FOLDER_FORMATS = frozenset(k for k, v in FORMATS.items() if not v)


def _export(
    reg: Registry,
    target: Path,
    kind: str,
    *,
    root: str | None,
    as_of: str | None,
    notation: str | None,
    decision: str | None,
    since: str | None,
    until: str | None,
    qcvn_only: bool,
    on_progress: OnProgress | None = None,
) -> ExportResult:
    shown_notation = _notation(reg, notation)
    made: dict[int, str | None] | None = None
    if decision and kind == "appendix":
        d = _decision_of_appendix(reg, decision)
        as_of = as_of or d.effective
        made = _made_by(reg, d, shown_notation)
    shown, since, until = check_window(as_of, since, until)
    if kind == "crosswalk" and qcvn_only:
        raise InvalidInput(
            "Bảng chuyển đổi mã liệt kê mọi mã cũ và mã mới, không lọc theo QCVN 102: bỏ "
            "--qcvn-only.",
            "--qcvn-only does not apply to the crosswalk.",
        )
    if kind == "crosswalk":
        rows = crosswalk_rows(
            reg,
            root=root,
            as_of=shown,
            notation=shown_notation,
            decision=decision,
            since=since,
            until=until,
            on_progress=on_progress,
        )
        fmt = target.suffix.lower()
        if fmt == ".csv":
            n = _write_csv(target, CROSSWALK_FIELDS, rows)
        elif fmt == ".json":
            n = _write_json(target, rows)
        else:
            n = _write_crosswalk_xlsx(target, rows)
        return ExportResult(target, n, "crosswalk", shown)
    sel = select(
        reg,
        root=root,
        as_of=shown,
        since=since,
        until=until,
        notation=shown_notation,
        closed=kind == "opendata" or made is not None,
    )
    if made is not None:
        sel = _only_made(sel, made, decision or "")
    apart = qcvn_only or kind in QCVN_ONLY_FORMATS
    if apart:
        sel = sel.qcvn_only()
    apart_rows_ = apart_rows(sel)
    if kind in _FOLDER_FORMATS:
        crosswalk = (
            list(
                crosswalk_rows(
                    reg, root=root, as_of=shown, notation=sel.notation, since=since, until=until
                )
            )
            if kind == "opendata"
            else []
        )
        count = 0

        def build(folder: Path) -> None:
            nonlocal count
            if kind == "catalogue":
                count = write_catalogue(folder, sel, on_progress)
            else:
                count = write_opendata(folder, reg, sel, crosswalk, on_progress)
            if apart:
                write_csv_file(folder / APART_FILE, APART_FIELDS, apart_rows_)

        write_folder(target, build)
        result = ExportResult(target, count, kind, shown)
    else:
        result = _write_file(reg, target, kind, sel, root, decision, made, on_progress)
    if apart:
        result.apart = len(apart_rows_)
        if kind in _FOLDER_FORMATS:
            result.apart_path = target / APART_FILE
        else:
            result.apart_path = target.with_name(apart_name(target))
            _write_csv(result.apart_path, APART_FIELDS, iter(apart_rows_))
    return result


def _decision_of_appendix(reg: Registry, number: str) -> Decision:
    return reg.find_decision(number, appendix_to=("xuất", "export"))


def _made_by(reg: Registry, d: Decision, notation: str) -> dict[int, str | None]:
    """The units a decision issued a code to (no note: the appendix lists them as they are) or
    changed (what changed, as the appendix's *Ghi chú* says it: ``Đổi tên (tên cũ: …)``).
    Annulled changes are not part of it."""
    made: dict[int, str | None] = {}
    changes: dict[int, list[str]] = {}
    created: set[int] = set()
    for e in events_of_decision(reg, d.id):
        if not e.shapes_history:
            continue
        if e.type == h.CREATE:
            created.add(e.unit_id)
            continue
        label = str(h.EVENT_LABELS.get(e.type, e.type))
        old_code = e.before.get("code")
        if e.type == h.RENAME and e.before.get("name"):
            label += f" (tên cũ: {e.before['name']})"
        elif e.type in (h.RECODE, h.MOVE) and old_code:
            kind = e.before.get("kind") or AGENCY
            label += f" (mã cũ: {from_canonical(old_code, kind).format(notation)})"
        elif e.successors:
            heirs = reg.units_by_ids(e.successors).values()
            label += f" (kế thừa: {', '.join(u.display_code(notation) for u in heirs)})"
        changes.setdefault(e.unit_id, []).append(label)
    for uid in created:
        made[uid] = None
    for uid, labels in changes.items():
        if uid not in created:
            made[uid] = "; ".join(dict.fromkeys(labels))
    return made


def _only_made(sel: Selection, made: dict[int, str | None], number: str) -> Selection:
    """The selection cut to a decision's units, those it closed included (as they stood when
    it closed them; units closed by other acts are not its)."""
    units = [u for u in sel.units if u.id in made]
    if not units:
        raise InvalidInput(
            f"Quyết định số {number} không còn thay đổi nào có hiệu lực trong sổ (các thay đổi "
            "đã bị hủy bỏ): không có phụ lục để xuất.",
            f"Decision {number} has no change in effect in the registry.",
        )
    return replace(sel, units=units)


def _write_file(
    reg: Registry,
    target: Path,
    kind: str,
    sel: Selection,
    root: str | None,
    decision: str | None,
    made: dict[int, str | None] | None = None,
    on_progress: OnProgress | None = None,
) -> ExportResult:
    if kind == "edxml":
        _write_atomically(target, lambda p: write_edxml(p, sel, on_progress))
        return ExportResult(target, len(sel.units), kind, sel.as_of)
    if kind == "axis":
        document = axis_document(sel, on_progress)
        _write_atomically(target, lambda p: write_json_file(p, document))
        return ExportResult(target, len(document["agencies"]), kind, sel.as_of)
    listing = _Listing(
        units=sel.units,
        root=reg.find(root) if root else None,
        decisions=sel.decisions,
        notation=sel.notation,
        as_of=sel.as_of,
        selection=sel,
        notes={k: v for k, v in (made or {}).items() if v},
    )
    if kind == "appendix":
        n = _write_appendix(reg, target, listing, decision, on_progress)
    elif kind == "csv":
        fields = (*CATALOGUE_FIELDS, "change") if sel.delta else CATALOGUE_FIELDS
        n = _write_csv(target, fields, catalogue_rows(listing, on_progress))
    else:
        n = _write_json(target, catalogue_rows(listing, on_progress))
    return ExportResult(target, n, kind, sel.as_of)
