"""Cells of an .xlsx sheet that hold no readable value: an Excel error or a formula never computed.

python-calamine (0.9) returns such a cell as an empty string, the same as a blank cell: ``#N/A``
from a VLOOKUP that found nothing, ``#REF!`` after a deleted row, a formula saved by a program
that does not compute (no cached value). A code cell like that would read as "no code" and the
row be skipped as a heading; the reader asks this module where they are, so that it can refuse
the row and name the cell instead.

Only .xlsx (and .xlsm) is looked into: the sheet's XML is scanned once, and only when it holds
an error or a formula at all (a byte search), so a plain list costs one ``in`` per sheet.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Container
from pathlib import Path

from lxml import etree

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its cells."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    workbook = etree.fromstring(book.read("xl/workbook.xml"), parser)
    rels = etree.fromstring(book.read("xl/_rels/workbook.xml.rels"), parser)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(member)
    return parts


# Parts with more "f" bytes than this are searched for "<f" and ":f" as they are; below it,
# each "f" is looked at where it is (a sheet of Vietnamese names holds a handful).
_F_LOOKS = 4096


def may_hold_unreadable(data: bytes) -> bool:
    """Whether a part's XML may hold an error value or a formula at all (a byte search):
    ``t="e"``, ``<f`` or ``:f`` anywhere in it."""
    if b't="e"' in data:
        return True
    if data.count(b"f") > _F_LOOKS:
        return b"<f" in data or b":f" in data
    # One pass counting the "f" bytes, then a look before each, rather than two full searches
    # for "<f" and ":f" (every tag opens with "<": that search stops at each).
    i = data.find(b"f", 1)
    while i >= 0:
        if data[i - 1] in b"<:":
            return True
        i = data.find(b"f", i + 1)
    return False


def unreadable_cells(
    path: Path, sheet: str, suspects: Container[str] | None = None
) -> dict[tuple[int, int], str]:
    """``(row, column)`` (0-based) → the error text (``#N/A``) or the formula (``=VLOOKUP(…)``,
    no value saved) of each cell of ``sheet`` that holds no value; empty for other formats or
    when the file cannot be looked into (the reader has its own words for a broken file).

    ``suspects``, when given, are the zip parts found to hold an error or a formula when the
    workbook was checked (:func:`desktop.exchange.limits.check_workbook`): a sheet not among
    them is not inflated again."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(path) as book:
            member = _sheet_parts(book).get(sheet)
            if member is None or (suspects is not None and member not in suspects):
                return {}
            data = book.read(member)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    if not may_hold_unreadable(data):
        return {}
    return _scan(data)


def _scan(data: bytes) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    row = -1
    col = -1
    cell_tag = f"{{{_MAIN}}}c"
    row_tag = f"{{{_MAIN}}}row"
    try:
        for event, el in etree.iterparse(
            io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True
        ):
            if event == "start":
                if el.tag == row_tag:
                    r = el.get("r")
                    row = int(r) - 1 if r and r.isdigit() else row + 1
                    col = -1
                elif el.tag == cell_tag:
                    match = _REF.fullmatch(el.get("r") or "")
                    if match:
                        col = _column(match.group(1))
                        row = int(match.group(2)) - 1
                    else:
                        col += 1
                continue
            if el.tag == cell_tag:
                value = el.find(f"{{{_MAIN}}}v")
                formula = el.find(f"{{{_MAIN}}}f")
                text = value.text if value is not None else None
                if el.get("t") == "e":
                    found[(row, col)] = (text or "#N/A").strip()
                elif formula is not None and not text and el.get("t") not in ("str", "inlineStr"):
                    found[(row, col)] = "=" + (formula.text or "").strip()
                el.clear()
            elif el.tag == row_tag:
                el.clear()
    except etree.XMLSyntaxError:
        return found
    return found
