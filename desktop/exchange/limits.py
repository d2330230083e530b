"""Bounds on a workbook before any library parses it: hostile files get a reason, not a crash.

python-calamine reads a sheet into one dense block from its first to its last cell: one cell at
``A1`` and one at ``XFD1048576`` asks for 17 billion cells and aborts the process (Rust's
allocator does not raise). It also holds a sheet's whole XML in memory, so a zip bomb (a few MB
inflating to gigabytes) exhausts memory before any row is seen. This module looks at the file
first, with the standard library, streaming and under the same caps it enforces:

* the file: at most :data:`MAX_FILE_BYTES`; a binary workbook (``.xlsb``) is refused, by its
  name or by its parts;
* a zip container (``.xlsx``, ``.ods``): at most :data:`MAX_PARTS` parts, each inflating to at
  most :data:`MAX_PART_BYTES` and all together to :data:`MAX_TOTAL_BYTES`; the inflated size is
  checked against what the zip declares (a CRC error means it lied);
* each sheet: at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns, and a dense block
  (rows × columns, as the reader will allocate it) of at most :data:`MAX_CELLS` cells; ODS
  repetitions (``number-rows-repeated``...) count as what they expand to;
* a legacy ``.xls`` (BIFF8, at most 65,536 × 256 cells by its format): the last row and column
  of its cell records, from the compound file's ``Workbook`` stream, against the same caps.

XML entities (the "billion laughs") need no check here: the reader's XML parser does not expand
DTD entities and refuses the file. Formulas are read as their cached values, never evaluated.
"""

from __future__ import annotations

import bisect
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from desktop.domain.errors import KnownError
from desktop.exchange.cellerrors import may_hold_unreadable

MAX_FILE_BYTES = 50 * 2**20
MAX_PARTS = 1_000
MAX_PART_BYTES = 128 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20
# Excel's own row limit: sheets "formatted to the bottom" are real, and the cell cap bounds them.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 1_024
MAX_CELLS = 5_000_000
# The rows of one sheet the reader turns into Python values: the memory budget of a read. A row
# costs about 1.4 KB all told (parsed cell, Python value, row read), so 250,000 rows stay well
# under 1 GB; the largest appendix benchmarked has 100,000 rows, real ones a few thousand.
MAX_READ_ROWS = 250_000

_ZIP = b"PK"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookRefused(KnownError):
    """A workbook over the bounds this program reads safely."""


def _refuse(shown: str, vi: str, en: str) -> WorkbookRefused:
    sep = "," if vi.startswith(("trang ", "phần ")) else ""
    return WorkbookRefused(
        f"Tệp '{shown}'{sep} {vi} Không có gì được ghi vào sổ.",
        f"'{shown}' {en} Nothing was written.",
    )


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def check_workbook(path: str | Path) -> frozenset[str] | None:
    """Raise :class:`WorkbookRefused` when reading ``path`` would exceed the bounds.

    For a zip workbook, returns the parts that may hold a cell without a readable value (an
    error or a formula, see :mod:`desktop.exchange.cellerrors`): the check has inflated every
    part already, so the reader need not inflate a sheet again to learn that it holds none.
    None for other files (nothing told)."""
    p = Path(path)
    shown = p.name
    try:
        st = p.stat()
    except OSError:
        return None  # the reader says why it cannot read the file
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or a device would block the reader for ever, or never end.
        raise _refuse(
            shown,
            "không phải là một tệp thông thường (là thư mục, đường ống hoặc thiết bị).",
            "is not a regular file (a folder, pipe or device).",
        )
    size = st.st_size
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return None  # the reader says why it cannot read the file
    if size > MAX_FILE_BYTES:
        raise _refuse(
            shown,
            f"quá lớn ({_fmt(size // 2**20)} MB; giới hạn {_fmt(MAX_FILE_BYTES // 2**20)} MB).",
            f"is too large ({size} bytes; the limit is {MAX_FILE_BYTES}).",
        )
    if size == 0:
        return None  # the reader says it is empty
    if head == _OLE:
        _check_ole(p, shown)
    elif p.suffix.lower() == ".xlsb":
        raise _xlsb_refused(shown)
    elif zipfile.is_zipfile(p):
        # Found by its directory at the end, as the parser finds it: the first bytes may be
        # anything (a fuzzer found a zip whose "PK" was overwritten that the parser still read).
        return _check_zip(p, shown)
    elif head.startswith(_ZIP):
        raise _refuse(
            shown,
            "bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi sao chép), không mở được như "
            "bảng tính.",
            "is damaged or truncated (no zip directory).",
        )
    else:
        # Neither a zip nor a compound file: nothing the parser should be given to guess at.
        raise _refuse(
            shown,
            "không phải là bảng tính Excel hoặc OpenDocument (.xlsx, .xls, .ods) hoặc đã bị hỏng.",
            "is not an .xlsx, .xls or .ods workbook, or is damaged.",
        )
    return None


# -- zip containers (.xlsx, .ods) ---------------------------------------------------------------


def _check_zip(path: Path, shown: str) -> frozenset[str]:
    unreadable: set[str] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS:
                raise _refuse(
                    shown,
                    f"có quá nhiều thành phần ({_fmt(len(infos))}).",
                    f"has too many parts ({len(infos)}).",
                )
            if any(_XLSB_PART.fullmatch(i.filename) for i in infos):
                raise _xlsb_refused(shown)
            total = 0
            for info in infos:
                if info.file_size > MAX_PART_BYTES:
                    raise _bomb(shown, info.filename, info.file_size)
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise _bomb(shown, info.filename, total)
            names = _sheet_names(zf)
            for info in infos:
                if info.is_dir():
                    continue
                # Bounded: zipfile stops at the declared size and checks the CRC.
                data = zf.read(info)
                _check_part(shown, names.get(info.filename, info.filename), data)
                if may_hold_unreadable(data):
                    unreadable.add(info.filename)
    except WorkbookRefused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        struct.error,
        zlib.error,
    ) as exc:
        # Whatever the standard library cannot read in full is not handed to a faster reader
        # that might trust it more: a size that lies, a CRC that fails, a broken stream.
        raise _refuse(
            shown,
            "bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi sao chép), không mở được như "
            "bảng tính.",
            f"is damaged or truncated ({type(exc).__name__}: {exc}).",
        ) from None
    return frozenset(unreadable)


_SHEET_ENTRY = re.compile(rb"<(?:[\w.-]{1,64}:)?sheet\s[^>]*>")
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*["']([^"']*)["']""")


# The binary workbook (.xlsb): its records state their own sizes and sheet dimensions, and the
# parser trusts them (a 1 KB file asks for 512 GB and aborts the process). Nothing here can
# bound it the way the XML of an .xlsx is bounded, so it is refused, whatever the file is named.
_XLSB_PART = re.compile(r"xl/(?:workbook|worksheets/[^/]*)\.bin", re.IGNORECASE)


def _xlsb_refused(shown: str) -> WorkbookRefused:
    return _refuse(
        shown,
        "là bảng tính nhị phân (.xlsb), định dạng chương trình không đọc; hãy mở bằng Excel và "
        "lưu lại thành .xlsx.",
        "is a binary workbook (.xlsb), which is not read; save it as .xlsx in Excel.",
    )


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part name → the sheet's name as the clerk sees it (for messages), where it can be told."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile):
        return {}
    if len(book) > MAX_PART_BYTES or len(rels) > MAX_PART_BYTES:
        return {}
    targets = {}
    for tag in re.findall(rb"<(?:[\w.-]{1,64}:)?Relationship\s[^>]*>", rels):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        if b"Id" in attrs and b"Target" in attrs:
            target = attrs[b"Target"].decode("utf-8", "replace").lstrip("/")
            targets[attrs[b"Id"]] = target if target.startswith("xl/") else "xl/" + target
    names = {}
    for tag in _SHEET_ENTRY.findall(book):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        part = targets.get(attrs.get(b"id", b""))
        if part and b"name" in attrs:
            names[part] = "trang '" + attrs[b"name"].decode("utf-8", "replace") + "'"
    return names


def _bomb(shown: str, part: str, size: int) -> WorkbookRefused:
    return _refuse(
        shown,
        f"khi giải nén quá lớn ({_fmt(size // 2**20)} MB ở phần '{part}'; giới hạn "
        f"{_fmt(MAX_PART_BYTES // 2**20)} MB mỗi phần, {_fmt(MAX_TOTAL_BYTES // 2**20)} MB "
        "tất cả): có thể là tệp độc hại (zip bomb).",
        f"inflates too far ({size} bytes at '{part}'): a zip bomb?",
    )


_SHEET_DATA = re.compile(rb"<(?:[\w.-]{1,64}:)?sheetData[\s/>]")
_ODS_TABLE = re.compile(rb"<(?:[\w.-]{1,64}:)?table[\s>]")
_SI = re.compile(rb"<(?:[\w.-]{1,64}:)?si[\s/>]")


def _check_part(shown: str, name: str, data: bytes) -> None:
    if _SHEET_DATA.search(data):
        plain = _plain_tags(data)
        # Rows with cells (an empty formatted row is self-closing), counted before the parser
        # spends its time on them: the reader's budget, told from the XML.
        rows_with_cells = _rows_with_cells(data, plain)
        check_sheet_rows(shown, name.removeprefix("trang '").rstrip("'"), rows_with_cells)
        rows, cols = _xlsx_extent(data, plain)
        _check_extent(shown, name, rows, cols)
    elif name.lower().endswith("content.xml") and _ODS_TABLE.search(data):
        for rows, cols in _ods_extents(data):
            _check_extent(shown, name, rows, cols)
    elif name.lower().endswith(".xml") and b"sst" in data[:2048]:
        strings = len(_SI.findall(data))
        if strings > MAX_CELLS:
            raise _refuse(
                shown,
                f"có quá nhiều chuỗi ký tự ({_fmt(strings)}).",
                f"has too many shared strings ({strings}).",
            )


def check_sheet_rows(shown: str, sheet: str, rows: int) -> None:
    """Refuse a sheet with more rows holding values than the reader's budget."""
    if rows > MAX_READ_ROWS:
        raise _refuse(
            shown,
            f"trang '{sheet}': có quá nhiều dòng (hơn {_fmt(MAX_READ_ROWS)} dòng có dữ liệu, "
            "giới hạn của một trang). Hãy chia phụ lục thành nhiều tệp.",
            f"sheet '{sheet}' has more than {MAX_READ_ROWS} rows with values (the limit).",
        )


_ROW_START = re.compile(rb"<(?:[\w.-]{1,64}:)?row(?=[\s>])")
# A sheet's XML is scanned several times over, and a pattern that opens with its literal text is
# searched several times faster than one opening with a prefix or a class. Row and cell tags
# with a namespace prefix (``<x:row``) are rare: where a sheet has none (a "plain" sheet),
# literal scans stand for the patterns that allow one (see _rows_with_cells, _xlsx_extent).
_PREFIXED_ROW_OR_CELL = re.compile(rb":(?:row|c)[\s/>]")
_VALUE = re.compile(rb"<(?:[\w.-]{1,64}:)?(?:v|t)(?:\s[^>]*)?>[^<]")  # a value, not empty


def _plain_tags(data: bytes) -> bool:
    """Whether no row or cell tag of the sheet has a namespace prefix (nor anything like one)."""
    return _PREFIXED_ROW_OR_CELL.search(data) is None


def _rows_with_cells(data: bytes, plain: bool | None = None) -> int:
    """Rows holding a value that is not empty (what the parser makes a sheet's height of), or
    an upper bound of them within the budget: the values are counted only when the sheet has
    more row tags than the budget has rows, and told apart by row only when they are more."""
    if plain is None:
        plain = _plain_tags(data)
    # In a plain sheet every row tag opens with "<row": counting those bounds the tags (a
    # "<rowBreaks>" counts too), which is all the budget asks below its limit.
    tags = data.count(b"<row") if plain else len(_ROW_START.findall(data))
    if tags < MAX_READ_ROWS:
        # Every value is in a row (or before the first): no more rows hold one than that.
        return tags + 1
    values = 0
    for values, _ in enumerate(_VALUE.finditer(data), 1):
        if values > MAX_READ_ROWS:
            break
    else:
        return values  # a sheet of a million empty rows ends here, with no value at all
    starts = [m.start() for m in _ROW_START.finditer(data)]
    rows = 0
    last = -1
    for value in _VALUE.finditer(data):
        row = bisect.bisect_right(starts, value.start())
        if row != last:
            rows, last = rows + 1, row
            if rows > MAX_READ_ROWS:
                break  # over the budget: no need to count the rest
    return rows


def _check_extent(shown: str, part: str, rows: int, cols: int) -> None:
    if rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        where = part if part.startswith("trang ") else f"phần '{part}'"
        raise _refuse(
            shown,
            f"{where}: trang tính quá lớn ({_fmt(rows)} dòng × {_fmt(cols)} cột; giới hạn "
            f"{_fmt(MAX_ROWS)} dòng, {_fmt(MAX_COLUMNS)} cột, {_fmt(MAX_CELLS)} ô).",
            f"has a sheet too large ({rows} rows × {cols} columns in '{part}'; limits "
            f"{MAX_ROWS} rows, {MAX_COLUMNS} columns, {MAX_CELLS} cells).",
        )


_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,7})([0-9]{1,12})["']""")
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]{1,64}:)?(row|c)(?=[\s/>])([^>]*)>")
# A row or cell tag that does not name its place.
_UNNAMED = re.compile(rb"<(?:[\w.-]{1,64}:)?(?:row|c)(?=[\s/>])(?![^>]*\sr\s*=)")
# Places with a row number of six digits or more, or a column of two letters or more: in an
# ordinary appendix (fewer than 100,000 rows, columns A to Z) there are none, and a scan that
# finds nothing is cheap.
_FAR = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{2,7}[0-9]{1,12}|[A-Za-z]?[0-9]{6,12})["']""")
# The same scans, opening with literal text (see _PLAIN_ROW_START): a plain row or cell tag
# whose first attribute is not its place (every _UNNAMED match in a plain sheet is one), and a
# far place as an attribute's value, found from its "=" (_far_places checks the name before it).
_PLAIN_NOT_FIRST = re.compile(rb"<(?:row|c)(?:[/>]|\s++(?!r\s*=))")
# (Possessive: letters, digits and quotes exclude each other, so giving back cannot match.)
_FAR_VALUE = re.compile(rb"""=\s*+["']([A-Za-z]{2,7}+[0-9]{1,12}+|[A-Za-z]?+[0-9]{6,12}+)["']""")
_WHITESPACE = frozenset(b" \t\n\r\f\v")  # what \s matches in a bytes pattern
_PLACE = re.compile(rb"([A-Za-z]*)([0-9]+)")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _far_places(data: bytes) -> set[bytes]:
    """``set(_FAR.findall(data))``, found faster: each far value after an "=", kept when the
    name before the "=" is ``r`` after whitespace (as ``\\sr\\s*=`` asks)."""
    places = set()
    for found in _FAR_VALUE.finditer(data):
        i = found.start()
        while i and data[i - 1] in _WHITESPACE:
            i -= 1
        if i >= 2 and data[i - 1] == ord("r") and data[i - 2] in _WHITESPACE:
            places.add(found.group(1))
    return places


def _xlsx_extent(data: bytes, plain: bool | None = None) -> tuple[int, int]:
    """(rows, columns) of the block a reader allocates for this sheet's cells (an upper bound).

    Normally every row and cell names its place (``r="B12"``), and the largest row and column
    named are the extent. A row or cell without ``r`` takes the place after the previous one;
    then the tags are walked in order, as the reader does.
    """
    if plain is None:
        plain = _plain_tags(data)
    # In a plain sheet, a row or cell whose first attribute is its place names its place: only
    # where one does not is the full pattern asked.
    if (not plain or _PLAIN_NOT_FIRST.search(data)) and _UNNAMED.search(data):
        return _xlsx_walk(data)
    max_row, max_col = 99_999, 26
    for place in _far_places(data):
        found = _PLACE.fullmatch(place)
        if found is not None:
            max_row = max(max_row, int(found.group(2)))
            max_col = max(max_col, _col_number(found.group(1)))
    if max_row * max_col <= MAX_CELLS and max_row <= MAX_ROWS and max_col <= MAX_COLUMNS:
        return max_row, max_col  # within bounds even at the most these scans allow
    refs = _REF.findall(data)
    if not refs:
        return 0, 0
    max_row = max(int(d) for d in {d for _, d in refs})
    max_col = max((_col_number(c) for c in {c for c, _ in refs if c}), default=0)
    return max_row, max_col


def _xlsx_walk(data: bytes) -> tuple[int, int]:
    row = 0
    col = 0
    max_row = 0
    max_col = 0
    for match in _ROW_OR_CELL.finditer(data):
        kind, attrs = match.group(1), match.group(2)
        ref = _REF.search(b" " + attrs)
        if kind == b"row":
            row = int(ref.group(2)) if ref else row + 1
            col = 0
            max_row = max(max_row, row)
            if max_row > MAX_ROWS:
                break
            continue
        if ref:
            if ref.group(1):
                col = _col_number(ref.group(1))
            row = max(row, int(ref.group(2)))
            max_row = max(max_row, row)
        else:
            col += 1
        max_col = max(max_col, col)
        if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
            break  # already over: no need to walk a bomb to its end
    return max_row, max_col


_ODS_TAG = re.compile(
    rb"<(/?)(?:[\w.-]{1,64}:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_REPEAT = re.compile(rb"""number-(?:rows|columns)-repeated\s*=\s*["']([0-9]{1,12})["']""")


def _ods_extents(data: bytes) -> list[tuple[int, int]]:
    """(rows, columns) per table with repetitions expanded. Trailing empty rows and cells do not
    count: the reader drops them, and every spreadsheet program writes a million of them."""
    extents: list[tuple[int, int]] = []
    rows = cols = 0  # the current table's extent
    row_pos = col_pos = 0
    row_repeat = 1
    row_end = 0  # end column of the last non-empty cell of the current row
    in_table = False
    for match in _ODS_TAG.finditer(data):
        closing, kind, attrs, self_closing = match.groups()
        if kind == b"table":
            if closing:
                extents.append((rows, cols))
            rows = cols = row_pos = 0
            in_table = not closing
            continue
        if kind == b"table-row":
            if closing:
                if row_end:
                    rows, cols = row_pos + row_repeat, max(cols, row_end)
                row_pos += row_repeat
            else:
                found = _REPEAT.search(attrs)
                row_repeat = int(found.group(1)) if found else 1
                col_pos = row_end = 0
                if self_closing:
                    row_pos += row_repeat
            if rows > MAX_ROWS or cols > MAX_COLUMNS:
                break  # already over: no need to walk a bomb to its end
            continue
        if closing:
            continue
        found = _REPEAT.search(attrs)
        repeat = int(found.group(1)) if found else 1
        # A cell with content, or with a value in its attributes, is not empty.
        if not self_closing or b"value-type" in attrs:
            row_end = col_pos + repeat
        col_pos += repeat
    if in_table or not extents:
        extents.append((rows, cols))  # a table cut short, or a break out of a bomb
    return extents


# -- legacy .xls (a compound file holding a BIFF8 Workbook stream) ------------------------------

# Cell records: each starts with its row and column (two little-endian 16-bit numbers).
_CELL_RECORDS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column
_BOF = 0x0809


def _check_ole(path: Path, shown: str) -> None:
    data = path.read_bytes()
    try:
        stream = _workbook_stream(data)
    except (IndexError, ValueError, struct.error, MemoryError):
        stream = None
    if stream is None:
        if "EncryptionInfo".encode("utf-16-le") in data[: 1 << 20]:
            return  # a workbook saved with a password: the reader says so
        # A compound file without a workbook stream we can walk is not given to the parser.
        raise _refuse(
            shown,
            "không phải là bảng tính Excel hoặc OpenDocument (.xlsx, .xls, .ods) hoặc đã bị hỏng.",
            "is a compound file without a readable Workbook stream.",
        )
    sheet = 0
    max_row = max_col = 0
    pos = 0
    end = len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if body + length > end:
            break  # a record cut short ends the stream, for the parser as for us
        if kind == _BOF:
            if max_row or max_col:
                _check_extent(shown, f"sheet {sheet}", max_row, max_col)
            sheet += 1
            max_row = max_col = 0
        elif kind in _CELL_RECORDS and length >= 4:
            row, col = struct.unpack_from("<HH", stream, body)
            max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
        elif kind in _MULTI_RECORDS and length >= 6:
            row, _first = struct.unpack_from("<HH", stream, body)
            (last,) = struct.unpack_from("<H", stream, body + length - 2)
            max_row, max_col = max(max_row, row + 1), max(max_col, last + 1)
        pos = body + length
    _check_extent(shown, f"sheet {sheet}", max_row, max_col)


def _workbook_stream(data: bytes) -> bytes | None:
    """The ``Workbook`` (or ``Book``) stream of a compound file (MS-CFB), or None."""
    sector_shift = struct.unpack_from("<H", data, 30)[0]
    mini_shift = struct.unpack_from("<H", data, 32)[0]
    if sector_shift not in (9, 12) or mini_shift != 6:
        return None
    sector = 1 << sector_shift
    n_fat = struct.unpack_from("<I", data, 44)[0]
    dir_start = struct.unpack_from("<I", data, 48)[0]
    mini_cutoff = struct.unpack_from("<I", data, 56)[0]
    minifat_start = struct.unpack_from("<I", data, 60)[0]
    difat_start, n_difat = struct.unpack_from("<II", data, 68)
    fat_sectors = list(struct.unpack_from("<109I", data, 76))[: min(n_fat, 109)]
    per_sector = sector // 4 - 1
    next_difat = difat_start
    for _ in range(min(n_difat, 1 << 16)):
        if next_difat >= 0xFFFFFFFA or len(fat_sectors) >= n_fat:
            break
        off = (next_difat + 1) * sector
        entries = struct.unpack_from(f"<{per_sector + 1}I", data, off)
        fat_sectors.extend(entries[:per_sector])
        next_difat = entries[per_sector]
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        fat.extend(struct.unpack_from(f"<{sector // 4}I", data, (s + 1) * sector))

    def chain(start: int, limit: int) -> bytes:
        out = bytearray()
        seen = 0
        s = start
        while s < 0xFFFFFFFA and seen <= len(fat) and len(out) < limit:
            out += data[(s + 1) * sector : (s + 2) * sector]
            s = fat[s]
            seen += 1
        return bytes(out[:limit])

    directory = chain(dir_start, len(data))
    root_start = struct.unpack_from("<I", directory, 116)[0]
    root_size = struct.unpack_from("<Q", directory, 120)[0]
    for off in range(0, len(directory) - 127, 128):
        name_len = struct.unpack_from("<H", directory, off + 64)[0]
        name = directory[off : off + max(0, name_len - 2)].decode("utf-16-le", "replace")
        if name not in ("Workbook", "Book") or directory[off + 66] != 2:
            continue
        start = struct.unpack_from("<I", directory, off + 116)[0]
        size = min(struct.unpack_from("<Q", directory, off + 120)[0], len(data))
        if size >= mini_cutoff:
            return chain(start, size)
        mini_stream = chain(root_start, min(root_size, len(data)))
        minifat_raw = chain(minifat_start, len(data))
        minifat = struct.unpack_from(f"<{len(minifat_raw) // 4}I", minifat_raw)
        out = bytearray()
        s = start
        while s < 0xFFFFFFFA and s < len(minifat) and len(out) < size:
            out += mini_stream[s * 64 : (s + 1) * 64]
            s = minifat[s]
        return bytes(out[:size])
    return None
