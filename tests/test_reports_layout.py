"""Report layout: Vietnamese formats, the shipped fonts, page breaking, painting on any device."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportpdf import all_text, read_pdf

from desktop.domain.text import roman
from desktop.reports.document import (
    SECTION,
    Column,
    Document,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    count,
    long_date,
    short_date,
    upper,
)
from desktop.reports.layout import (
    F_HEADER,
    TextRun,
    geometry,
    paginate,
)
from desktop.reports.qt import FAMILY, FONT_FILES, Metrics, covers_vietnamese, make_font
from desktop.reports.render import render, write_pdf


def test_vietnamese_formats():
    # NĐ 30/2020: days below 10 and the months 1 and 2 take a leading zero.
    def plain(iso: str) -> str:
        return long_date(iso).replace("\u00a0", " ")

    assert plain("2025-02-05") == "ngày 05 tháng 02 năm 2025"
    assert plain("2022-04-20") == "ngày 20 tháng 4 năm 2022"
    assert plain("2020-12-01") == "ngày 01 tháng 12 năm 2020"
    # A line never breaks inside "ngày 05", "tháng 02" or "năm 2025".
    assert long_date("2025-02-05").count(" ") == 2
    assert short_date("2025-04-14") == "14/04/2025" and short_date(None) == ""
    assert count(10000) == "10.000" and count(999) == "999" and count(1234567) == "1.234.567"
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 199)] == [
        "I",
        "IV",
        "IX",
        "XIV",
        "XL",
        "XC",
        "CXCIX",
    ]
    assert upper("Ủy ban nhân dân tỉnh Điện Biên") == "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN"
    assert upper("Sở Tư pháp") == "SỞ TƯ PHÁP"


def test_shipped_fonts_cover_vietnamese_under_a_private_family():
    from desktop.paths import resource_file

    for name in FONT_FILES:
        assert resource_file("fonts", name).stat().st_size > 100_000
    assert "SIL OPEN FONT LICENSE Version 1.1" in resource_file("fonts", "OFL.txt").read_text()
    from desktop.reports.layout import F_BODY, F_BODY_ITALIC, F_SIGNER
    from desktop.reports.qt import FontSpec

    for spec in (F_BODY, F_SIGNER, F_BODY_ITALIC, FontSpec(13, bold=True, italic=True)):
        font = make_font(spec)
        assert font.family() == FAMILY
        assert covers_vietnamese(font)


def _doc(rows: int = 0, sections_every: int = 0, **kwargs) -> Document:
    table = Table(
        [
            Column("STT", 14, align="center"),
            Column("Tên cơ quan, tổ chức"),
            Column("Mã định danh", 36, align="center"),
        ],
        indent_column=1,
    )
    for i in range(rows):
        if sections_every and i % sections_every == 0:
            table.add(roman(i // sections_every + 1), f"MỤC {i}", "", style=SECTION)
        name = "Phòng Văn hóa, Thể thao và Du lịch huyện Bù Đăng " * (1 + i % 3)
        table.add(i + 1, f"dòng {i} {name}".strip(), f"{i:03d}.01.01.H59", indent=i % 4)
    return Document(
        kind="test",
        title=["Danh sách thử"],
        letterhead=Letterhead("Sở Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh Bến Tre"),
        signature=Signature("Giám đốc", "Trần Thị Hoa"),
        blocks=[Paragraph("Một đoạn văn mở đầu."), table],
        **kwargs,
    )


def test_text_stays_inside_its_page_and_cells():
    m = Metrics()
    for landscape in (False, True):
        doc = _doc(120, sections_every=7, landscape=landscape)
        g = geometry(landscape)
        pages = paginate(doc, m)
        assert len(pages) > 3
        for page in pages:
            for run in (i for i in page.items if isinstance(i, TextRun)):
                right = run.x + m.width(run.font, run.text)
                assert run.x >= g.left - 0.01, run
                assert right <= g.text_right + 0.01, run
                if page.number == 1 or run.text != str(page.number):
                    assert g.top <= run.y <= g.height - g.bottom, run


def test_section_rows_never_end_a_page_and_headers_repeat():
    m = Metrics()
    g = geometry(False)
    pages = paginate(_doc(300, sections_every=4), m)
    assert len(pages) > 10
    titles = {"STT", "Tên cơ quan, tổ chức", "Mã định danh"}
    for page in pages:
        runs = [i for i in page.items if isinstance(i, TextRun) and i.y > g.top]
        cells = [r for r in runs if r.text.startswith(("dòng", "MỤC"))]
        if not cells:
            continue
        headers = [r for r in runs if r.text in titles]
        assert {h.text for h in headers} == titles, page.number
        assert max(h.y for h in headers) < min(c.y for c in cells)
        lowest = max(cells, key=lambda c: c.y)
        assert not lowest.text.startswith("MỤC"), page.number
        assert all(r.font == F_HEADER for r in headers)


def test_the_signature_is_never_alone_on_its_page():
    m = Metrics()
    # Find a row count whose table just fills its pages: the signature must take rows along.
    for rows in range(20, 60):
        pages = paginate(_doc(rows), m)
        last = pages[-1]
        texts = [i.text for i in last.items if isinstance(i, TextRun)]
        assert "Trần Thị Hoa" in texts
        assert any(t.startswith("dòng") for t in texts), rows


def test_word_widths_are_measured_once():
    class Counting(Metrics):
        calls = 0

        def _fm(self, spec):
            fm = super()._fm(spec)
            outer = self

            class Proxy:
                def horizontalAdvance(self, text):
                    outer.calls += 1
                    return fm.horizontalAdvance(text)

                def __getattr__(self, name):
                    return getattr(fm, name)

            return Proxy()

    m = Counting()
    doc = _doc(600)
    paginate(doc, m)
    words = sum(len(c.split()) for row in doc.blocks[1].rows for c in row.cells)
    assert words > 10_000
    # Each distinct word once per font: the row numbers and codes, and a few dozen others.
    assert m.calls == len(m._words) < 3 * 600 + 100


def test_the_preview_printer_gets_the_same_pages(tmp_path: Path):
    """QPrintPreviewDialog paints on a QPrinter; the same render() must give the PDF's pages."""
    from PySide6.QtPrintSupport import QPrinter

    doc = _doc(90, sections_every=9, landscape=True)
    direct = tmp_path / "direct.pdf"
    count_direct = write_pdf(doc, direct)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    count_printer = render(doc, printer)
    assert count_printer == count_direct > 2
    a, b = read_pdf(direct), read_pdf(tmp_path / "printer.pdf")
    assert len(a) == len(b)
    assert all_text(a) == all_text(b)
    assert b[0].width > b[0].height
    for pa, pb in zip(a, b):
        assert [r.text for r in pa.runs] == [r.text for r in pb.runs]
        for ra, rb in zip(pa.runs, pb.runs):
            assert abs(ra.x - rb.x) < 0.5 and abs(ra.top - rb.top) < 0.5


def test_pdf_embeds_the_fonts(tmp_path: Path):
    path = tmp_path / "f.pdf"
    write_pdf(_doc(10), path)
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]
            names.add(str(font["/BaseFont"]))
    assert any("MadinhdanhSerif" in n for n in names)
    assert any("Bold" in n for n in names) and any("Italic" in n for n in names)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_painting_a_long_report_does_not_eat_none(tmp_path: Path):
    """PySide6 6.12.0 dropped a reference to None per void call (a long report then aborts
    Python 3.11); pyproject.toml excludes it, and this catches any build that does it again."""
    doc = _doc(400, sections_every=5)
    write_pdf(doc, tmp_path / "warm.pdf")
    before = sys.getrefcount(None)
    write_pdf(doc, tmp_path / "long.pdf")
    assert sys.getrefcount(None) >= before - 50


def test_the_application_object_serves_widgets_too():
    """Reports make the process's one Qt application; widgets (the desktop app, pytest-qt's
    qapp in the same test run) must be able to use it."""
    from PySide6.QtWidgets import QApplication

    from desktop.reports.qt import ensure_app

    ensure_app()
    assert isinstance(QApplication.instance(), QApplication)
