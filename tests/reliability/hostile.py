"""Hostile and broken workbooks: a realistic appendix to start from, named attack files, and the
mutations the fuzzer draws from (zip level, XML level, bytes).

Everything is built here, with openpyxl and zipfile, so the fuzzer needs no committed binaries.
"""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def appendix_xlsx(path: Path, rows: int = 12) -> Path:
    """An appendix as provinces send them: title rows, merged header, a section, a footer."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    ws.append(["PHỤ LỤC I"])
    ws.append(["DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ"])
    ws.append(["(Kèm theo Quyết định số 184/QĐ-UBND ngày 28 tháng 5 năm 2025 của UBND tỉnh)"])
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append(["I", "MÃ ĐỊNH DANH CẤP 2", None, None])
    for i in range(1, rows + 1):
        ws.append([i, f"Sở số {i} tỉnh Vĩnh Long", f"000.00.{i:02d}.H59", None])
    ws.append([None, "Tổng cộng", rows, None])
    ws.merge_cells("A1:D1")
    ws.merge_cells("A2:D2")
    wb.save(path)
    return path


def appendix_ods(path: Path, rows: int = 12, extra: str = "") -> Path:
    def cell(text: object) -> str:
        return (
            '<table:table-cell office:value-type="string"><text:p>'
            f"{text}</text:p></table:table-cell>"
        )

    body = "<table:table-row>" + cell("STT") + cell("Tên cơ quan, đơn vị") + cell("Mã định danh")
    body += "</table:table-row>"
    for i in range(1, rows + 1):
        body += (
            f"<table:table-row>{cell(i)}{cell(f'Sở số {i}')}{cell(f'000.00.{i:02d}.H59')}"
            "</table:table-row>"
        )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Phụ lục">'
        f"{body}{extra}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def read_parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def write_parts(parts: list[tuple[str, bytes]], stored: bool = False) -> bytes:
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # duplicates on purpose
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, content in parts:
            z.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), content, compress_type=method)
    return buf.getvalue()


def replace_part(data: bytes, name: str, fn: Callable[[bytes], bytes]) -> bytes:
    return write_parts([(n, fn(c) if n == name else c) for n, c in read_parts(data)])


# -- named attacks --------------------------------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
    )
    + b"]>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _inline(text: bytes, ref: bytes) -> bytes:
    return b'<c r="' + ref + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>"


def _add_row(sheet: bytes, row_xml: bytes) -> bytes:
    return sheet.replace(b"</sheetData>", row_xml + b"</sheetData>", 1)


def _strip_decl(xml: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>", b"", xml)


def attacks(base: Path, folder: Path) -> dict[str, Path]:
    """Named hostile files built from ``base`` (an .xlsx appendix)."""
    data = base.read_bytes()
    out: dict[str, bytes] = {}
    out["giant-extent"] = replace_part(
        data,
        SHEET,
        lambda s: _add_row(s, b'<row r="1048576">' + _inline(b"x", b"XFD1048576") + b"</row>"),
    )
    out["giant-column"] = replace_part(
        data, SHEET, lambda s: _add_row(s, b'<row r="20">' + _inline(b"x", b"XFD20") + b"</row>")
    )
    out["giant-row"] = replace_part(
        data,
        SHEET,
        lambda s: _add_row(s, b'<row r="1048576">' + _inline(b"x", b"F1048576") + b"</row>"),
    )
    out["unnamed-wide-row"] = replace_part(
        data,
        SHEET,
        lambda s: _add_row(
            s, b'<row r="21">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 5000 + b"</row>"
        ),
    )
    out["million-empty-rows"] = replace_part(
        data,
        SHEET,
        lambda s: _add_row(
            s,
            b"".join(b"<row/>" for _ in range(1_000_000))
            + _inline(b"x", b"A1000030").join((b'<row r="1000030">', b"</row>")),
        ),
    )
    out["declared-dimension"] = replace_part(
        data,
        SHEET,
        lambda s: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', s),
    )
    out["billion-laughs"] = replace_part(
        data,
        SHEET,
        lambda s: (
            LAUGHS
            + _strip_decl(s).replace(
                b"</sheetData>", b'<row r="30">' + _inline(b"&j;", b"B30") + b"</row></sheetData>"
            )
        ),
    )
    out["external-entity"] = replace_part(
        data,
        SHEET,
        lambda s: (
            XXE
            + _strip_decl(s).replace(
                b"</sheetData>", b'<row r="30">' + _inline(b"&x;", b"B30") + b"</row></sheetData>"
            )
        ),
    )
    out["formulas"] = replace_part(
        data,
        SHEET,
        lambda s: _add_row(
            s,
            b'<row r="30"><c r="A30"><f>1+1</f><v>2</v></c><c r="B30" t="str">'
            b'<f>HYPERLINK("http://example.invalid","=cmd|\' /c calc\'!A1")</f>'
            b'<v>=cmd</v></c><c r="C30" t="str"><f>WEBSERVICE("http://x")</f></c></row>',
        ),
    )
    out["odd-types"] = replace_part(
        data,
        SHEET,
        lambda s: _add_row(
            s,
            b'<row r="31"><c r="A31" t="e"><v>#DIV/0!</v></c><c r="B31" t="b"><v>7</v></c>'
            b'<c r="C31" t="d"><v>not-a-date</v></c><c r="D31" t="s"><v>999999</v></c></row>'
            b'<row r="32"><c r="A32"><v>1e308</v></c><c r="B32"><v>NaN</v></c>'
            b'<c r="C32" t="n"><v>abc</v></c>'
            + _inline(b"\xef\xbf\xbe\x01\x02", b"D32")
            + b"</row>"
            b'<row r="33">' + _inline(b"A" * 200_000, b"B33") + b"</row>",
        ),
    )
    parts = read_parts(data)
    sheet = dict(parts)[SHEET]
    head, tail = sheet.split(b"</sheetData>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts:
            if name != SHEET:
                z.writestr(name, content)
        with z.open(SHEET, "w", force_zip64=True) as fh:
            fh.write(head)
            block = b" " * (1 << 20)
            for _ in range(300):
                fh.write(block)
            fh.write(b"</sheetData>" + tail)
    out["zip-bomb"] = buf.getvalue()
    out["many-parts"] = write_parts(parts + [(f"xl/extra/p{i}.xml", b"<x/>") for i in range(1200)])
    out["truncated"] = data[: len(data) // 2]
    out["not-a-zip"] = b"PK\x03\x04" + bytes(range(256)) * 20
    out["empty"] = b""
    out["html-renamed"] = b"<html><body><table><tr><td>STT</td></tr></table></body></html>"
    out["ole-garbage"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096
    paths = {}
    for name, content in out.items():
        p = folder / f"{name}.xlsx"
        p.write_bytes(content)
        paths[name] = p
    ods = appendix_ods(folder / "rows-repeated.ods")
    paths["ods-base"] = ods
    paths["ods-rows-repeated"] = appendix_ods(
        folder / "ods-rows-repeated.ods",
        extra='<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="6" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>",
    )
    paths["ods-columns-repeated"] = appendix_ods(
        folder / "ods-columns-repeated.ods",
        extra='<table:table-row><table:table-cell table:number-columns-repeated="16384" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
    )
    paths["xls-giant"] = _xls_with_cell(folder / "xls-giant.xls", 65535, 255)
    # The hostile audit's families (issue 16): binary workbooks under either name, a million
    # rows under every size limit, a title area of thousands of cells above a two-row appendix.
    paths["xlsb-far-cell"] = xlsb_far_cell(folder / "xlsb-far-cell.xlsb")
    paths["xlsb-renamed"] = xlsb_far_cell(folder / "xlsb-renamed.xlsx")
    paths["million-rows"] = million_rows_xlsx(folder / "million-rows.xlsx")
    paths["wide-title-area"] = wide_title_xlsx(folder / "wide-title-area.xlsx")
    return paths


def _xls_with_cell(path: Path, row: int, col: int) -> Path:
    """A minimal compound file whose Workbook stream holds one sheet with a far NUMBER cell."""
    records = b""
    records += struct.pack("<HH", 0x0809, 16) + b"\x00\x06\x10\x00" + b"\x00" * 12  # BOF
    records += struct.pack("<HH", 0x0203, 14) + struct.pack("<HHHd", 0, 0, 0, 1.0)
    records += struct.pack("<HH", 0x0203, 14) + struct.pack("<HHHd", row, col, 0, 2.0)
    records += struct.pack("<HH", 0x000A, 0)  # EOF
    stream = records.ljust(4096, b"\x00")  # >= 4096: a regular stream, not in the mini stream
    sector = 512
    n_stream = len(stream) // sector
    # Sectors: 0 = FAT, 1 = directory, 2.. = stream.
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(n_stream - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<H", header, 32, 6)
    struct.pack_into("<I", header, 44, 1)  # FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<II", header, 60, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))

    def entry(name: str, kind: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        raw = (name + "\x00").encode("utf-16-le")
        e[0 : len(raw)] = raw
        struct.pack_into("<H", e, 64, len(raw))
        e[66] = kind
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, 1 if kind == 5 else 0xFFFFFFFF)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0) + entry("Workbook", 2, 2, len(stream))
    directory = directory.ljust(sector, b"\x00")
    path.write_bytes(bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + stream)
    return path


# -- mutations the fuzzer draws -------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


XML_EDITS: list[Callable[[bytes, random.Random], bytes]] = []


def xml_edit(
    fn: Callable[[bytes, random.Random], bytes],
) -> Callable[[bytes, random.Random], bytes]:
    XML_EDITS.append(fn)
    return fn


@xml_edit
def far_cell(xml: bytes, rng: random.Random) -> bytes:
    col = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(1, 3)))
    row = rng.choice([1, 50, 99_999, 100_000, 200_001, 1_048_576, rng.randint(1, 10**7)])
    return _add_row(
        xml, f'<row r="{row}">'.encode() + _inline(b"x", f"{col}{row}".encode()) + b"</row>"
    )


@xml_edit
def odd_value(xml: bytes, rng: random.Random) -> bytes:
    kinds = [b"e", b"b", b"d", b"s", b"str", b"n", b"inlineStr", b"zz"]
    values = [b"#N/A", b"2", b"-1", b"1e309", b"NaN", b"99999999999", b"abc", b"", b"\xc3\x28"]
    cells = b"".join(
        b'<c r="'
        + f"{chr(65 + i)}40".encode()
        + b'" t="'
        + rng.choice(kinds)
        + b'"><v>'
        + rng.choice(values)
        + b"</v></c>"
        for i in range(4)
    )
    return _add_row(xml, b'<row r="40">' + cells + b"</row>")


@xml_edit
def formula(xml: bytes, rng: random.Random) -> bytes:
    f = rng.choice([b"1+1", b"A1*1000", b'INDIRECT("A"&amp;1)', b'HYPERLINK("x","y")', b"RAND()"])
    cached = rng.choice([b"<v>=1+1</v>", b"<v>@SUM(1)</v>", b"", b"<v>000.00.01.H59</v>"])
    return _add_row(
        xml, b'<row r="41"><c r="C41" t="str"><f>' + f + b"</f>" + cached + b"</c></row>"
    )


@xml_edit
def entity(xml: bytes, rng: random.Random) -> bytes:
    decl = rng.choice([LAUGHS, XXE])
    ref = b"&j;" if decl is LAUGHS else b"&x;"
    return decl + _strip_decl(xml).replace(
        b"</sheetData>", b'<row r="42">' + _inline(ref, b"B42") + b"</row></sheetData>"
    )


@xml_edit
def break_xml(xml: bytes, rng: random.Random) -> bytes:
    cut = rng.choice([b"</sheetData>", b"</row>", b"<c ", b'"'])
    return xml.replace(cut, b"", 1)


@xml_edit
def long_text(xml: bytes, rng: random.Random) -> bytes:
    text = rng.choice([b"\xe1\xbb\x87" * 50_000, b"A" * 300_000, b"\x1b[31m\x07", b"&amp;" * 1000])
    return _add_row(xml, b'<row r="43">' + _inline(text, b"B43") + b"</row>")


@xml_edit
def repeat_rows(xml: bytes, rng: random.Random) -> bytes:
    n = rng.choice([10, 1000, 50_000])
    return _add_row(
        xml, b"<row>" + b"<c><v>1</v></c>" * rng.randint(1, 40) + b"</row>" * 1 + b"<row/>" * n
    )


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random mutation of a workbook."""
    choice = rng.randrange(10)
    if choice == 0:
        return flip_bytes(data, rng)
    if choice == 1:
        return truncate(data, rng)
    if choice == 2:
        return splice(data, rng)
    try:
        parts = read_parts(data)
    except Exception:
        return flip_bytes(data, rng)
    if choice == 3 and parts:
        del parts[rng.randrange(len(parts))]
        return write_parts(parts)
    if choice == 4 and parts:
        name, content = parts[rng.randrange(len(parts))]
        return write_parts([*parts, (name, flip_bytes(content, rng))], stored=rng.random() < 0.5)
    index = rng.randrange(len(parts)) if parts else 0
    names = [n for n, _ in parts]
    if SHEET in names and rng.random() < 0.8:
        index = names.index(SHEET)
    if not parts:
        return data
    name, content = parts[index]
    edit = rng.choice(XML_EDITS)
    parts[index] = (name, edit(content, rng))
    return write_parts(parts, stored=rng.random() < 0.2)


# -- families of the hostile audit (issue 16) ---------------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(body)) + body


def _wide(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


_XLSB_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override '
    'PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org'
    '/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/{kind}" Target="{target}"/></Relationships>'
)


def xlsb_far_cell(path: Path, row: int = 0xFFFFF, col: int = 0x3FFF) -> Path:
    """A 1 KB binary workbook with a cell at A1 and one at (row, col): the parser allocates the
    dense block between them (512 GB for the defaults) and aborts the process."""
    book = (
        _record(0x83)
        + _record(0x8F)
        + _record(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("Phụ lục"))
        + _record(0x90)
        + _record(0x84)
    )
    number = struct.pack("<I", 0x3FF00000)  # RK 1.0
    sheet = (
        _record(0x81)
        + _record(0x91)
        + _record(0x00, struct.pack("<I", 0) + bytes(13))
        + _record(0x02, struct.pack("<II", 0, 0) + number)
        + _record(0x00, struct.pack("<I", row) + bytes(13))
        + _record(0x02, struct.pack("<II", col, 0) + number)
        + _record(0x92)
        + _record(0x82)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _XLSB_TYPES)
        zf.writestr("_rels/.rels", _RELS.format(kind="officeDocument", target="xl/workbook.bin"))
        zf.writestr("xl/workbook.bin", book)
        zf.writestr(
            "xl/_rels/workbook.bin.rels",
            _RELS.format(kind="worksheet", target="worksheets/sheet1.bin"),
        )
        zf.writestr("xl/worksheets/sheet1.bin", sheet)
    return path


def _minimal_xlsx(path: Path, sheet_xml: bytes, strings: list[str]) -> Path:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'sharedStrings+xml"/></Types>'
    )
    book = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Phụ lục" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
        'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", _RELS.format(kind="officeDocument", target="xl/workbook.xml"))
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{sst}</sst>',
        )
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def million_rows_xlsx(path: Path, rows: int = 1_048_576) -> Path:
    """A few MB that declare a row of three cells on every row Excel has (under every size
    limit): a header, then the same unit a million times."""
    parts = [
        _SHEET_HEAD,
        b'<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>',
    ]
    body = b'<row r="%d"><c><v>%d</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c></row>'
    parts.extend(body % (i, i) for i in range(2, rows + 1))
    parts.append(_SHEET_TAIL)
    strings = ["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Sở Tư pháp", "000.00.01.H59"]
    return _minimal_xlsx(path, b"".join(parts), strings)


def wide_title_xlsx(path: Path, columns: int = 1_000, title_rows: int = 30) -> Path:
    """A two-row appendix under a title area of ``title_rows`` × ``columns`` distinct cells."""
    strings = ["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Sở Tư pháp", "000.00.01.H59"]
    rows = []
    for r in range(1, title_rows + 1):
        cells = []
        for c in range(columns):
            strings.append(f"Tiêu đề {r}-{c}")
            cells.append(b'<c t="s"><v>%d</v></c>' % (len(strings) - 1))
        rows.append(b'<row r="%d">%s</row>' % (r, b"".join(cells)))
    head = title_rows + 1
    rows.append(
        b'<row r="%d"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>' % head
    )
    rows.append(
        b'<row r="%d"><c><v>1</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c></row>' % (head + 1)
    )
    return _minimal_xlsx(path, _SHEET_HEAD + b"".join(rows) + _SHEET_TAIL, strings)
