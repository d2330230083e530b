"""Pages from a document, laid out as NĐ 30/2020/NĐ-CP (Phụ lục I) wants an administrative text.

A4, margins 20 mm top and bottom, 30 mm left (the binding edge), 15 mm right; Times New Roman's
metric twin; the issuing body top left and the national heading top right on page 1; page numbers
centred in the top margin from page 2; table headers repeated on every page; the signature block
never alone on a page.

The content becomes a list of *flows* (the letterhead, the title, each paragraph, each table row,
the signature), each of a known height; page breaks are chosen over that list, then each page's
flows draw themselves as positioned text runs and lines (:class:`Page`), which
:mod:`desktop.reports.render` paints on any device. Everything is in layout units (1/720 inch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.domain.progress import PAGINATE, OnProgress, Tally
from desktop.reports.document import (
    DATA,
    NOTE,
    SECTION,
    Column,
    Document,
    Paragraph,
    Row,
    Table,
    upper,
)
from desktop.reports.qt import MM, PT, FontSpec, Metrics

NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Fonts of NĐ 30/2020, Phụ lục I (sizes within the ranges it allows).
F_ISSUER_PARENT = FontSpec(12)
F_ISSUER = FontSpec(12, bold=True)
F_NATION = FontSpec(12, bold=True)
F_MOTTO = FontSpec(13, bold=True)
F_PLACE_DATE = FontSpec(13, italic=True)
F_APPENDIX = FontSpec(14, bold=True)
F_TITLE = FontSpec(14, bold=True)
F_SUBTITLE = FontSpec(13, italic=True)
F_BODY = FontSpec(13)
F_BODY_BOLD = FontSpec(13, bold=True)
F_BODY_ITALIC = FontSpec(13, italic=True)
F_CELL = FontSpec(13)
F_CELL_BOLD = FontSpec(13, bold=True)
F_CELL_ITALIC = FontSpec(13, italic=True)
F_HEADER = FontSpec(13, bold=True)
F_PAGE_NUMBER = FontSpec(13)
F_SIGNER = FontSpec(13, bold=True)
F_NUMBER = FontSpec(13)
F_RECIPIENTS_LABEL = FontSpec(12, bold=True, italic=True)
F_RECIPIENTS = FontSpec(11)

ROW_FONTS = {DATA: F_CELL, NOTE: F_CELL_ITALIC}
PARAGRAPH_FONTS = {
    "body": F_BODY,
    "bold": F_BODY_BOLD,
    "italic": F_BODY_ITALIC,
    "heading": F_BODY_BOLD,
}

RULE = 0.75 * PT  # the rules under the headings
GRID = 0.5 * PT  # table lines
CELL_PAD_X = 1.5 * MM
CELL_PAD_Y = 1.0 * MM
INDENT = 4.0 * MM  # one level of the hierarchy in a code list
SIGNATURE_SPACE = 25 * MM  # room for the signature and the seal


@dataclass(frozen=True)
class Geometry:
    """A4 in layout units, with the legal margins."""

    width: float
    height: float
    top: float = 20 * MM
    bottom: float = 20 * MM
    left: float = 30 * MM
    right: float = 15 * MM

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def text_right(self) -> float:
        return self.width - self.right


def geometry(landscape: bool) -> Geometry:
    w, h = 210 * MM, 297 * MM
    return Geometry(h, w) if landscape else Geometry(w, h)


@dataclass(frozen=True, slots=True)
class TextRun:
    x: float
    y: float  # baseline
    text: str
    font: FontSpec


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = GRID


Item = TextRun | Rule


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in layout units, from the page's top left corner."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass
class Page:
    number: int
    landscape: bool
    items: list[Item] = field(default_factory=list)
    # The empty room of the signature block between the signer's title and name, where a
    # signature or seal goes (and a digital signature's appearance, NĐ 30/2020 Phụ lục I).
    signature: Box | None = None

    def texts(self) -> list[str]:
        return [i.text for i in self.items if isinstance(i, TextRun)]


@dataclass
class _Flow:
    """One unbreakable piece of content: its height, how it draws itself at a given top, and
    whether it must stay on the page of the next piece."""

    height: float
    draw: Callable[[float, list[Item]], None]
    space_after: float = 0.0
    table: _TableLayout | None = None
    keep_with_next: bool = False
    # The signature block's room, given the flow's top (only the signature flow has one).
    room: Callable[[float], Box] | None = None


class _Writer:
    """Placing lines of text: measuring, aligning, emitting runs."""

    def __init__(self, metrics: Metrics) -> None:
        self.m = metrics

    def lines_height(self, font: FontSpec, n: int) -> float:
        return n * self.m.line_height(font)

    def emit(
        self,
        out: list[Item],
        lines: list[str],
        font: FontSpec,
        x: float,
        width: float,
        top: float,
        align: str = "left",
    ) -> float:
        """Draw ``lines`` from ``top``; returns the bottom."""
        lh = self.m.line_height(font)
        ascent = self.m.ascent(font)
        y = top
        for line in lines:
            if line:
                if align == "left":
                    lx = x
                else:
                    w = self.m.width(font, line)
                    lx = x + (width - w) / 2 if align == "center" else x + width - w
                out.append(TextRun(lx, y + ascent, line, font))
            y += lh
        return y


class _TableLayout:
    def __init__(self, table: Table, g: Geometry, w: _Writer) -> None:
        self.table = table
        self.w = w
        self.x = _column_edges(table.columns, g)
        self.header_lines = [
            w.m.wrap(F_HEADER, c.title, self._inner(i, i + 1)) for i, c in enumerate(table.columns)
        ]
        tallest = max(len(lines) for lines in self.header_lines)
        self.header_height = w.lines_height(F_HEADER, tallest) + 2 * CELL_PAD_Y

    def _inner(self, first: int, end: int, indent: float = 0.0) -> float:
        return self.x[end] - self.x[first] - 2 * CELL_PAD_X - indent

    def draw_header(self, top: float, out: list[Item]) -> None:
        h = self.header_height
        for i, lines in enumerate(self.header_lines):
            text_h = self.w.lines_height(F_HEADER, len(lines))
            x = self.x[i] + CELL_PAD_X
            self.w.emit(
                out, lines, F_HEADER, x, self._inner(i, i + 1), top + (h - text_h) / 2, "center"
            )
        self._grid(out, top, h, range(len(self.x)), top_line=True)

    def _grid(self, out: list[Item], top: float, h: float, edges, top_line: bool = False) -> None:
        left, right = self.x[0], self.x[-1]
        if top_line:
            out.append(Rule(left, top, right, top))
        out.append(Rule(left, top + h, right, top + h))
        for i in edges:
            out.append(Rule(self.x[i], top, self.x[i], top + h))

    def row_flow(self, row: Row) -> _Flow:
        font = ROW_FONTS.get(row.style, F_CELL_BOLD)
        columns = self.table.columns
        last = len(columns) if row.span is None else row.span + 1
        cells: list[tuple[int, int, list[str], float, str]] = []
        for i, text in enumerate(row.cells[:last]):
            end = i + 1 if (row.span is None or i < row.span) else len(columns)
            indent = INDENT * row.indent if i == self.table.indent_column else 0.0
            lines = self.w.m.wrap(font, text, self._inner(i, end, indent))
            align = columns[i].align if end == i + 1 else "left"
            cells.append((i, end, lines, indent, align))
        tallest = max(len(c[2]) for c in cells)
        height = self.w.lines_height(font, tallest) + 2 * CELL_PAD_Y
        edges = [c[0] for c in cells] + [len(columns)]

        def draw(top: float, out: list[Item]) -> None:
            for first, end, lines, indent, align in cells:
                text_h = self.w.lines_height(font, len(lines))
                x = self.x[first] + CELL_PAD_X + indent
                width = self._inner(first, end, indent)
                self.w.emit(out, lines, font, x, width, top + (height - text_h) / 2, align)
            self._grid(out, top, height, edges)

        return _Flow(height, draw, table=self, keep_with_next=row.style in (SECTION, NOTE))


def _column_edges(columns: list[Column], g: Geometry) -> list[float]:
    fixed = sum(c.width_mm * MM for c in columns if c.width_mm)
    weights = sum(c.weight for c in columns if not c.width_mm) or 1.0
    spare = max(0.0, g.text_width - fixed)
    edges = [g.left]
    for c in columns:
        w = c.width_mm * MM if c.width_mm else spare * c.weight / weights
        edges.append(edges[-1] + w)
    return edges


def _letterhead_flow(doc: Document, g: Geometry, w: _Writer) -> _Flow:
    m = w.m
    lh = doc.letterhead
    # The right box holds the national heading on one line; the issuing body gets the rest.
    right_w = m.width(F_NATION, NATIONAL_HEADING) + 1 * MM
    left_w = min(g.text_width - right_w - 4 * MM, 90 * MM)
    left_x = g.left
    right_x = g.text_right - right_w
    parent = (
        m.wrap_balanced(F_ISSUER_PARENT, upper(lh.issuer_parent), left_w)
        if lh.issuer_parent
        else []
    )
    issuer = m.wrap_balanced(F_ISSUER, upper(lh.issuer_name), left_w)
    place = m.wrap_balanced(F_PLACE_DATE, lh.place_and_date, right_w)
    number = m.wrap(F_NUMBER, lh.number, left_w) if lh.number else []
    rule_gap = 3 * PT
    number_gap = 6 * PT if number else 0.0
    left_h = w.lines_height(F_ISSUER_PARENT, len(parent)) + w.lines_height(F_ISSUER, len(issuer))
    left_h += number_gap + w.lines_height(F_NUMBER, len(number))
    right_h = m.line_height(F_NATION) + m.line_height(F_MOTTO) + 8 * PT
    right_h += w.lines_height(F_PLACE_DATE, len(place))
    height = max(left_h + rule_gap, right_h)

    def draw(top: float, out: list[Item]) -> None:
        y = w.emit(out, parent, F_ISSUER_PARENT, left_x, left_w, top, "center")
        y = w.emit(out, issuer, F_ISSUER, left_x, left_w, y, "center")
        # A short rule under the issuing body: a third to a half of its line (ô 2).
        widest = max(m.width(F_ISSUER, line) for line in issuer)
        rule = max(0.4 * widest, 15 * MM)
        mid = left_x + left_w / 2
        out.append(Rule(mid - rule / 2, y + rule_gap, mid + rule / 2, y + rule_gap, RULE))
        # The number and symbol, centred under the issuing body (ô 3).
        w.emit(out, number, F_NUMBER, left_x, left_w, y + rule_gap + number_gap, "center")
        y = w.emit(out, [NATIONAL_HEADING], F_NATION, right_x, right_w, top, "center")
        y = w.emit(out, [MOTTO], F_MOTTO, right_x, right_w, y, "center")
        # The rule under the motto is as long as the motto (ô 1).
        motto_w = m.width(F_MOTTO, MOTTO)
        mid = right_x + right_w / 2
        out.append(Rule(mid - motto_w / 2, y + rule_gap, mid + motto_w / 2, y + rule_gap, RULE))
        w.emit(out, place, F_PLACE_DATE, right_x, right_w, y + 8 * PT, "center")

    return _Flow(height, draw, space_after=10 * MM, keep_with_next=True)


def _title_flow(doc: Document, g: Geometry, w: _Writer) -> _Flow:
    m = w.m
    width = 0.85 * g.text_width
    x = g.left + (g.text_width - width) / 2
    parts: list[tuple[list[str], FontSpec]] = []
    if doc.appendix_label:
        parts.append(([doc.appendix_label], F_APPENDIX))
    for line in doc.title:
        parts.append((m.wrap_balanced(F_TITLE, upper(line), width), F_TITLE))
    for line in doc.subtitle:
        parts.append((m.wrap_balanced(F_SUBTITLE, line, width), F_SUBTITLE))
    height = sum(w.lines_height(font, len(lines)) for lines, font in parts)
    # An appendix's heading ends with a short rule, as the heading of the decision does.
    rule_gap = 6 * PT if doc.attached else 0.0
    height += rule_gap

    def draw(top: float, out: list[Item]) -> None:
        y = top
        for lines, font in parts:
            y = w.emit(out, lines, font, x, width, y, "center")
        if doc.attached:
            mid, half = x + width / 2, 15 * MM
            out.append(Rule(mid - half, y + rule_gap, mid + half, y + rule_gap, RULE))

    return _Flow(height, draw, space_after=6 * MM, keep_with_next=True)


def _paragraph_flow(p: Paragraph, g: Geometry, w: _Writer) -> _Flow:
    font = PARAGRAPH_FONTS[p.style]
    lines = w.m.wrap(font, p.text, g.text_width)
    height = w.lines_height(font, len(lines))
    before = 3 * PT if p.style == "heading" else 0.0

    def draw(top: float, out: list[Item]) -> None:
        w.emit(out, lines, font, g.left, g.text_width, top + before, p.align)

    return _Flow(height + before, draw, space_after=3 * PT, keep_with_next=p.keep_with_next)


def _signature_flow(doc: Document, g: Geometry, w: _Writer) -> _Flow:
    m = w.m
    box = max(95 * MM, m.width(F_NATION, NATIONAL_HEADING) + 4 * MM)
    x = g.text_right - box
    titles = []
    for line in upper(doc.signature.title).split("\n"):
        titles.extend(m.wrap_balanced(F_SIGNER, line, box))
    name = m.wrap_balanced(F_SIGNER, doc.signature.name, box) if doc.signature.name else []
    before = 6 * MM
    height = before + w.lines_height(F_SIGNER, len(titles)) + SIGNATURE_SPACE
    height += w.lines_height(F_SIGNER, len(name))
    # Nơi nhận (ô 9a): bottom left, level with the signer's title, one recipient a line.
    left_w = x - g.left - 4 * MM
    recipients: list[str] = []
    for line in doc.recipients:
        recipients.extend(m.wrap(F_RECIPIENTS, line, left_w))
    if doc.recipients:
        left_h = m.line_height(F_RECIPIENTS_LABEL) + w.lines_height(F_RECIPIENTS, len(recipients))
        height = max(height, before + left_h)

    def draw(top: float, out: list[Item]) -> None:
        if doc.recipients:
            y = w.emit(out, ["Nơi nhận:"], F_RECIPIENTS_LABEL, g.left, left_w, top + before)
            w.emit(out, recipients, F_RECIPIENTS, g.left, left_w, y)
        y = w.emit(out, titles, F_SIGNER, x, box, top + before, "center")
        w.emit(out, name, F_SIGNER, x, box, y + SIGNATURE_SPACE, "center")

    def room(top: float) -> Box:
        y = top + before + w.lines_height(F_SIGNER, len(titles))
        return Box(x, y, x + box, y + SIGNATURE_SPACE)

    return _Flow(height, draw, room=room)


def _flows(
    doc: Document, g: Geometry, w: _Writer, on_progress: OnProgress | None = None
) -> list[_Flow]:
    # An appendix continues its decision: no letterhead, no signature of its own.
    flows = [] if doc.attached else [_letterhead_flow(doc, g, w)]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    tally = Tally(PAGINATE, sum(len(t.rows) or 1 for t in tables), on_progress)
    flows.append(_title_flow(doc, g, w))
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            flows.append(_paragraph_flow(block, g, w))
            continue
        layout = _TableLayout(block, g, w)
        rows = block.rows or [Row((block.empty_text,), span=0)]
        if flows and flows[-1].table is None:
            flows[-1].space_after = max(flows[-1].space_after, 6 * PT)
        first = len(flows)
        flows.extend(layout.row_flow(r) for r in tally.each(rows))
        flows[-1].space_after = 6 * PT
        # A table never ends with a section heading alone, and never starts with a lone row
        # before a break when there are more (the header would look orphaned).
        flows[-1].keep_with_next = False
        if len(rows) > 1:
            flows[first].keep_with_next = True
    tally.end()
    if doc.attached:
        return flows
    # The signature is never alone on its page: it takes the last two pieces of content along.
    flows[-1].keep_with_next = True
    if len(flows) > 3:
        flows[-2].keep_with_next = True
    flows.append(_signature_flow(doc, g, w))
    return flows


def _cost(flows: list[_Flow], i: int, first_on_page: bool) -> float:
    f = flows[i]
    if f.table is not None and (first_on_page or flows[i - 1].table is not f.table):
        return f.height + f.table.header_height
    return f.height


_MAX_CARRY = 6


def _page_breaks(flows: list[_Flow], room: float) -> list[tuple[int, int]]:
    """(first, end) flow indices of each page: as much as fits, breaking before a run of
    flows glued by ``keep_with_next`` rather than inside it (unless the run fills a page)."""
    pages = []
    start = 0
    n = len(flows)
    while start < n:
        used = 0.0
        i = start
        while i < n:
            h = _cost(flows, i, i == start)
            if i > start and used + h > room:
                b = i
                # Carry at most a few glued pieces over; a longer chain breaks where it must.
                while b - 1 > max(start, i - _MAX_CARRY) and flows[b - 1].keep_with_next:
                    b -= 1
                if b > start and not flows[b - 1].keep_with_next:
                    i = b
                break
            used += h + flows[i].space_after
            i += 1
        pages.append((start, i))
        start = i
    return pages


def paginate(
    doc: Document, metrics: Metrics | None = None, on_progress: OnProgress | None = None
) -> list[Page]:
    """The document's pages, ready to paint; ``on_progress`` hears the table rows laid out."""
    m = metrics or Metrics()
    g = geometry(doc.landscape)
    w = _Writer(m)
    flows = _flows(doc, g, w, on_progress)
    pages = []
    for number, (first, end) in enumerate(_page_breaks(flows, g.text_height), start=1):
        page = Page(number, doc.landscape)
        if number > 1:
            # Centred in the top margin, none on page 1 (NĐ 30/2020, Phụ lục I).
            text_h = m.line_height(F_PAGE_NUMBER)
            w.emit(
                page.items,
                [str(number)],
                F_PAGE_NUMBER,
                g.left,
                g.text_width,
                (g.top - text_h) / 2,
                "center",
            )
        y = g.top
        for i in range(first, end):
            f = flows[i]
            if f.table is not None and (i == first or flows[i - 1].table is not f.table):
                f.table.draw_header(y, page.items)
                y += f.table.header_height
            f.draw(y, page.items)
            if f.room is not None:
                page.signature = f.room(y)
            y += f.height + f.space_after
        pages.append(page)
    return pages
