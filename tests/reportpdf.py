"""Reading generated report PDFs back, as a clerk's PDF reader would: text and where it sits."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Run:
    text: str
    x: float  # points from the left edge
    top: float  # points from the top edge (of the baseline)


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    runs: list[Run]

    @property
    def text(self) -> str:
        return " ".join(r.text for r in self.runs)

    def find(self, needle: str) -> list[Run]:
        return [r for r in self.runs if needle in r.text]


def read_pdf(path: Path) -> list[PdfPage]:
    pages = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        width = float(page.mediabox.width)
        height = float(page.mediabox.height)
        runs: list[Run] = []

        def visit(text, cm, tm, font, size, runs=runs, height=height):
            text = " ".join(text.replace("\t", " ").split())
            if not text:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(Run(text, x, height - y))

        page.extract_text(visitor_text=visit)
        pages.append(PdfPage(number, width, height, runs))
    return pages


def all_text(pages: list[PdfPage]) -> str:
    return " ".join(p.text for p in pages)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)
