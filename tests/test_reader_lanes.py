"""The reader's fast lanes give what the full steps give.

Most rows of an appendix are read in a few steps (a whole number, a name and a code that reading
leaves as they are), and a sheet's XML is scanned for its bounds by patterns that open with
literal text where no tag has a namespace prefix. Each lane is checked here against the way it
stands for, on cells and sheets made to sit on its edges.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop.domain.text import clean_name, fix_lookalikes
from desktop.exchange import legacy, limits, reader
from desktop.exchange.reader import read_appendix

# Characters on the edges of "left as it is": Vietnamese letters (with and without a letter no
# 8-bit font has), legacy TCVN3/VNI characters, the look-alike Ð, spaces of every kind,
# invisible characters, combining marks, other scripts.
EDGES = (
    "aAzZ09 .-,()/&'\"Đđ"
    "ơưạộỦủẠằẵặễệẫửữ"
    "àáâãèéêìíòóôõùúýÀÁÂÈÉÊÔ"
    "Ð"
    "¬¨©«µ¸ø»ÐÖß®¦¤"
    "\u00a0\u2007\u202f\t\n\u200b\u200c\ufeff\u00ad\ufdd0"
    "\u0300\u0301\u0303\u0309\u0323"
    "Жя中ﬁＡ"
)
texts = st.text(alphabet=EDGES, max_size=24)


@given(texts)
@settings(max_examples=1500, deadline=None)
def test_a_settled_text_is_one_that_no_step_of_reading_changes(text):
    for sample in (text, unicodedata.normalize("NFC", text), text.strip()):
        if not reader._settled(sample):
            continue
        for encoding in (None, *legacy.LABELS):
            assert legacy.convert_cell(sample, encoding) is None
        assert fix_lookalikes(sample) == sample
        assert clean_name(sample) == sample


def test_typical_names_take_the_lane_and_suspects_do_not():
    assert reader._settled("Ủy ban nhân dân phường Bến Nghé")
    assert reader._settled("Phong Noi vu")  # all ASCII
    assert not reader._settled("Cà Mau")  # every letter also in cp1252: may be legacy text
    assert not reader._settled("Trường THPT Ðình Chiểu")  # the look-alike Ð
    assert not reader._settled("Sở\u00a0Tư pháp")
    assert not reader._settled(unicodedata.normalize("NFD", "Sở Tư pháp"))


def _book(rows: list[tuple[object, object, object, object]], path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["(Kèm theo Quyết định số 5/QĐ-UBND ngày 1 tháng 2 năm 2024 của UBND tỉnh X)"])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


numbers = st.one_of(
    st.integers(-3, 10**6).map(float),
    st.sampled_from([0.5, -0.0, 1e20, "7", "II", "", None, "a.", 3]),
)
names = st.one_of(
    texts,
    st.sampled_from(["Sở Tư pháp", "Chi hội khóm 1", "Phong Noi vu", "Cà Mau", "Tổng cộng"]),
    st.just(12345.0),
)
codes = st.one_of(
    st.sampled_from(
        [
            "000.00.01.H59",
            "000.01.01.H59",
            "H59.01.02",
            "000.00.00.H59",
            "000.01.00.H59",
            "0100109106",
            "0100109106-001",
            "Z01.ABC",
            "000.00.01.L59",
            "000.00.O1.H59",
            "000.00.01.Н59",
            "000-00-01-H59",
            "A01",
            "12",
            "",
            "'000.00.02.H59",
        ]
    ),
    st.text(alphabet="0123456789ABHZ.-o ", max_size=16),
    st.just(100109106.0),
)
notes = st.sampled_from(["", None, "Đổi tên", " ", 0.0, "x"])


@given(st.lists(st.tuples(numbers, names, codes, notes), min_size=1, max_size=12))
@settings(max_examples=40, deadline=None)
def test_the_row_lane_reads_what_the_full_steps_read(tmp_path_factory, rows):
    path = _book(rows, tmp_path_factory.mktemp("lane") / "phu_luc.xlsx")
    fast = read_appendix(path)
    with pytest.MonkeyPatch.context() as mp:
        # No row takes the lane: every row goes the full way.
        mp.setattr(reader, "_PLAIN_CODE", re.compile(r"(?!)"))
        full = read_appendix(path)
    assert fast.rows == full.rows
    assert fast.notices == full.notices


def sheet(rows: bytes, prefix: bytes = b"") -> bytes:
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<" + prefix + b"sheetData>" + rows + b"</" + prefix + b"sheetData></worksheet>"
    )


places = st.sampled_from(
    [b"A1", b"B7", b"Z99999", b"AA1", b"XFD1048576", b"C100000", b"7", b"123456", b"a12", b""]
)
spaces = st.sampled_from([b" ", b"  ", b"\t", b"\n ", b""])
quotes = st.sampled_from([b'"', b"'"])


@st.composite
def tags(draw):
    name = draw(st.sampled_from([b"row", b"c", b"x:row", b"x:c", b"v", b"col", b"cols"]))
    attrs = b""
    for _ in range(draw(st.integers(0, 3))):
        attr = draw(st.sampled_from([b"r", b"s", b"t", b"spans", b"x:r", b"ref"]))
        q = draw(quotes)
        attrs += (
            draw(st.sampled_from([b" ", b"\n", b"\t "]))
            + attr
            + draw(spaces)
            + b"="
            + draw(spaces)
            + q
            + draw(places)
            + q
        )
    end = draw(st.sampled_from([b">", b"/>", b" >"]))
    text = draw(st.sampled_from([b"", b"1", b' r="AB12" ', b"x:row ", b'a="999999"']))
    return b"<" + name + attrs + end + text


@given(st.lists(tags(), max_size=12))
@settings(max_examples=800, deadline=None)
def test_the_bound_scans_find_what_the_full_patterns_find(parts):
    data = sheet(b"".join(parts))
    assert limits._far_places(data) == set(limits._FAR.findall(data))
    plain = limits._plain_tags(data)
    if plain:
        assert data.count(b"<row") >= len(limits._ROW_START.findall(data))
        if limits._UNNAMED.search(data):
            assert limits._PLAIN_NOT_FIRST.search(data)


def test_a_read_leaves_its_rows_with_the_long_lived_and_nothing_frozen(tmp_path):
    path = _book(
        [(1.0, "Sở Tư pháp", "000.00.01.H59", ""), (2.0, "Sở Y tế", "000.00.02.H59", "")],
        tmp_path / "a.xlsx",
    )
    gc.collect()
    appendix = read_appendix(path)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing left out of the collector's reach
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    row = appendix.rows[0]
    assert {id(row), id(row.check), id(row.code)} <= oldest
