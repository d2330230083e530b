"""Painting pages on a device: a PDF file, a printer, the print preview.

The desktop app's ``QPrintPreviewDialog`` calls :func:`render` from its ``paintRequested`` signal
with its ``QPrinter``; the command line calls :func:`write_pdf`. Both paint the same
:class:`~desktop.reports.layout.Page` list, so what the preview shows is what the PDF holds.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QPointF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from desktop import __version__
from desktop.domain.errors import KnownError, os_reason
from desktop.domain.progress import PAINT, OnProgress, counted
from desktop.reports.document import Document
from desktop.reports.layout import Page, Rule, TextRun, paginate
from desktop.reports.qt import UNITS_PER_INCH, FontSpec, Metrics, ensure_app


def page_layout(document: Document) -> QPageLayout:
    """A4 in the document's orientation, with no device margins: the layout draws the legal
    margins itself (the page number sits inside the top one)."""
    orientation = (
        QPageLayout.Orientation.Landscape
        if document.landscape
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        orientation,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )


def configure(device: QPagedPaintDevice, document: Document) -> None:
    """Set a PDF writer or a printer up for the document (call before showing a preview)."""
    ensure_app()
    if hasattr(device, "setFullPage"):  # QPrinter: paint from the paper's corner
        device.setFullPage(True)
    device.setPageLayout(page_layout(document))


def paint_page(painter: QPainter, page: Page, metrics: Metrics) -> None:
    """Paint one page; the painter's unit must be the layout unit (1/720 inch).

    Text is painted in reading order (what a PDF reader copies and reads aloud), lines all at
    once per width: few state changes per page.
    """
    lines: dict[float, list[QLineF]] = defaultdict(list)
    for item in page.items:
        if isinstance(item, Rule):
            lines[item.width].append(QLineF(item.x1, item.y1, item.x2, item.y2))
    pen = QPen(Qt.GlobalColor.black)
    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
    for width, batch in lines.items():
        pen.setWidthF(width)
        painter.setPen(pen)
        painter.drawLines(batch)
    current: FontSpec | None = None
    for item in page.items:
        if isinstance(item, TextRun):
            if item.font != current:
                painter.setFont(metrics.font(item.font))
                current = item.font
            painter.drawText(QPointF(item.x, item.y), item.text)


def render(
    document: Document,
    device: QPagedPaintDevice,
    pages: list[Page] | None = None,
    metrics: Metrics | None = None,
    on_progress: OnProgress | None = None,
) -> int:
    """Paint the document on ``device`` (a QPdfWriter, a QPrinter); returns the page count."""
    ensure_app()
    metrics = metrics or Metrics()
    if pages is None:
        pages = paginate(document, metrics, on_progress)
    configure(device, document)
    painter = QPainter()
    if not painter.begin(device):
        raise KnownError(
            "Không mở được thiết bị in hoặc tệp để ghi báo cáo.",
            "Cannot start painting on the print device or file.",
        )
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        sx = device.logicalDpiX() / UNITS_PER_INCH
        sy = device.logicalDpiY() / UNITS_PER_INCH
        for index, page in enumerate(counted(pages, PAINT, on_progress)):
            if index and not device.newPage():
                raise KnownError(
                    "Không thêm được trang mới khi ghi báo cáo (ổ đĩa đầy?).",
                    "Cannot start a new page (disk full?).",
                )
            painter.save()
            painter.scale(sx, sy)
            paint_page(painter, page, metrics)
            painter.restore()
    finally:
        painter.end()
    return len(pages)


def write_pdf(
    document: Document,
    path: str | os.PathLike[str],
    pages: list[Page] | None = None,
    on_progress: OnProgress | None = None,
) -> int:
    """Write the document as a PDF file; returns the page count. The file appears whole or not
    at all: it is written beside the target and renamed at the end. ``pages``: the document
    already paginated (a signer needs the pages to place the signature)."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise KnownError(
            f"Không có thư mục '{folder}' để ghi báo cáo.", f"No folder '{folder}' to write to."
        )
    if target.is_dir():
        raise KnownError(
            f"'{target}' là một thư mục; hãy cho tên tệp PDF.", f"'{target}' is a folder."
        )
    ensure_app()
    metrics = Metrics()
    if pages is None:
        pages = paginate(document, metrics, on_progress)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        # Qt would only say that painting could not start; the file system says why.
        with partial.open("wb"):
            pass
        writer = QPdfWriter(str(partial))
        writer.setResolution(UNITS_PER_INCH)
        writer.setTitle(document.title_text)
        writer.setCreator(f"madinhdanh {__version__}")
        count = render(document, writer, pages, metrics, on_progress)
        del writer  # closes the file
        if not partial.exists() or partial.stat().st_size == 0:
            raise KnownError(
                f"Không ghi được tệp '{target}' (kiểm tra quyền ghi và chỗ trống trên ổ đĩa).",
                f"Cannot write '{target}' (permissions or disk space).",
            )
        partial.replace(target)
    except OSError as exc:
        raise KnownError(
            f"Không ghi được tệp '{target}': {os_reason(exc)}.", f"Cannot write '{target}': {exc}"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return count
