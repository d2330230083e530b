"""The narrow door to Qt for reports: the application object, the shipped fonts, text metrics.

Layout works in a device-independent unit, 1/720 inch (a tenth of a point), with fonts sized in
pixels of that unit (13 pt = 130 px). Metrics measured so are the same on every machine and for
every paint device (a PDF file, a printer, the print preview), so a page breaks at the same row
everywhere; the painter is scaled to the device at paint time.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QRawFont
from PySide6.QtWidgets import QApplication

from desktop.domain.errors import KnownError
from desktop.paths import resource_file

UNITS_PER_INCH = 720
PT = UNITS_PER_INCH / 72  # layout units per typographic point
MM = UNITS_PER_INCH / 25.4  # layout units per millimetre

FONT_FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)
# Liberation Serif 1.x (still Debian's "fonts-liberation") has no Vietnamese letters, and Qt
# picks among fonts of one family and style as it likes: with that version installed, bold text
# came out of the old file. So the shipped files are registered under a private family name
# (renamed in memory only; the files stay as published).
FAMILY = "Madinhdanh Serif"
_RENAMES = ((b"Liberation Serif", FAMILY), (b"LiberationSerif", FAMILY.replace(" ", "")))
_RENAMED_IDS = {1, 3, 4, 6, 16, 18, 21}  # family, unique id, full, PostScript, typographic...
_VIETNAMESE_PROBE = "ơưạậặệịộợụựỹĐ"


@dataclass(frozen=True)
class FontSpec:
    """A font of a report: size in points, weight and slant (the family is always the same)."""

    size: float
    bold: bool = False
    italic: bool = False


_app: QApplication | None = None
_family: str | None = None
_fonts: dict[FontSpec, QFont] = {}


def ensure_app() -> None:
    """A Qt application must exist to measure and paint text; the command line has none.

    Without a display (a server, CI), Qt's offscreen platform paints just as well.
    """
    global _app
    if QGuiApplication.instance() is not None:
        return
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication, not just a QGuiApplication: the application object is made once per
    # process, and widgets (the desktop app, pytest-qt in the same test run) need this kind.
    _app = QApplication(["madinhdanh"])


def font_family() -> str:
    """Load the shipped Times New Roman substitute once; its family name."""
    global _family
    if _family is not None:
        return _family
    ensure_app()
    families: set[str] = set()
    for name in FONT_FILES:
        path = resource_file("fonts", name)
        try:
            data = renamed_font(path.read_bytes())
            font_id = QFontDatabase.addApplicationFontFromData(data)
        except (OSError, ValueError, struct.error):
            font_id = -1
        if font_id < 0:
            raise KnownError(
                f"Không nạp được phông chữ {path}; hãy cài lại chương trình.",
                f"Cannot load the font {path}; reinstall the application.",
            )
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if families != {FAMILY}:
        raise KnownError(
            "Bộ phông chữ đi kèm chương trình không đúng; hãy cài lại chương trình.",
            f"Unexpected font families {sorted(families)}.",
        )
    _family = families.pop()
    return _family


def _checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def renamed_font(data: bytes) -> bytes:
    """A TrueType font with its family renamed to :data:`FAMILY`: a new ``name`` table appended
    and the table directory pointed at it (the old one stays in the file, unreferenced)."""
    num_tables = struct.unpack(">H", data[4:6])[0]
    directory = {}
    for i in range(num_tables):
        record = 12 + 16 * i
        tag, _, offset, length = struct.unpack(">4sIII", data[record : record + 16])
        directory[tag] = (record, offset, length)
    if b"name" not in directory:
        raise ValueError("no name table")
    record_at, offset, _ = directory[b"name"]
    _, count, strings_at = struct.unpack(">HHH", data[offset : offset + 6])
    names = []
    for i in range(count):
        at = offset + 6 + 12 * i
        platform, encoding, language, name_id, length, start = struct.unpack(
            ">6H", data[at : at + 12]
        )
        if language >= 0x8000:  # language-tag records (format 1): not needed
            continue
        raw = data[offset + strings_at + start : offset + strings_at + start + length]
        if name_id in _RENAMED_IDS:
            codec = "utf-16-be" if platform in (0, 3) else "mac_roman"
            text = raw.decode(codec)
            for old, new in _RENAMES:
                text = text.replace(old.decode(), new)
            raw = text.encode(codec)
        names.append((platform, encoding, language, name_id, raw))
    records = b""
    strings = b""
    for platform, encoding, language, name_id, raw in names:
        records += struct.pack(">6H", platform, encoding, language, name_id, len(raw), len(strings))
        strings += raw
    table = struct.pack(">HHH", 0, len(names), 6 + len(records)) + records + strings
    body = data + b"\0" * (-len(data) % 4)
    entry = struct.pack(">4sIII", b"name", _checksum(table), len(body), len(table))
    body = body[:record_at] + entry + body[record_at + 16 :]
    return body + table + b"\0" * (-len(table) % 4)


def make_font(spec: FontSpec) -> QFont:
    """The report font for ``spec`` (made once per process)."""
    font = _fonts.get(spec)
    if font is not None:
        return font
    family = font_family()
    font = QFont(family)
    font.setPixelSize(round(spec.size * PT))
    font.setBold(spec.bold)
    font.setItalic(spec.italic)
    # Word sets Times New Roman without kerning; without it a line's width is exactly the
    # sum of its words' widths, which is what makes caching per word sound.
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    _fonts[spec] = font
    return font


def covers_vietnamese(font: QFont) -> bool:
    raw = QRawFont.fromFont(font)
    return all(raw.supportsCharacter(ord(ch)) for ch in _VIETNAMESE_PROBE)


class Metrics:
    """Measuring and wrapping text, cached: a registry repeats the same words thousands of
    times, so each (font, word) is measured once."""

    def __init__(self) -> None:
        self._fonts: dict[FontSpec, QFont] = {}
        self._qm: dict[FontSpec, QFontMetricsF] = {}
        self._words: dict[tuple[FontSpec, str], float] = {}
        self._wraps: dict[tuple[FontSpec, str, float], list[str]] = {}

    def font(self, spec: FontSpec) -> QFont:
        font = self._fonts.get(spec)
        if font is None:
            font = make_font(spec)
            if not covers_vietnamese(font):
                raise KnownError(
                    "Phông chữ của báo cáo thiếu chữ tiếng Việt; hãy cài lại chương trình.",
                    "The report font lacks Vietnamese glyphs; reinstall the application.",
                )
            self._fonts[spec] = font
            self._qm[spec] = QFontMetricsF(font)
        return font

    def _fm(self, spec: FontSpec) -> QFontMetricsF:
        if spec not in self._qm:
            self.font(spec)
        return self._qm[spec]

    def ascent(self, spec: FontSpec) -> float:
        return self._fm(spec).ascent()

    def line_height(self, spec: FontSpec) -> float:
        """Single line spacing (NĐ 30/2020 allows single to 1.5 lines)."""
        return self._fm(spec).lineSpacing()

    def word(self, spec: FontSpec, word: str) -> float:
        key = (spec, word)
        width = self._words.get(key)
        if width is None:
            width = self._fm(spec).horizontalAdvance(word)
            self._words[key] = width
        return width

    def width(self, spec: FontSpec, text: str) -> float:
        words = text.split(" ")
        return sum(self.word(spec, w) for w in words) + self.word(spec, " ") * (len(words) - 1)

    def wrap(self, spec: FontSpec, text: str, width: float) -> list[str]:
        """Lines of ``text`` that fit ``width``, breaking at spaces (and inside a word only when
        the word alone is wider than the line); explicit newlines are kept."""
        key = (spec, text, width)
        lines = self._wraps.get(key)
        if lines is None:
            lines = []
            for para in text.split("\n"):
                lines.extend(self._wrap_line(spec, para, width))
            if len(self._wraps) > 50_000:
                self._wraps.clear()
            self._wraps[key] = lines
        return lines

    def wrap_balanced(self, spec: FontSpec, text: str, width: float) -> list[str]:
        """Like :meth:`wrap`, but with lines of even length (headings): the narrowest width
        that needs no more lines, so that no word is left alone on the last line."""
        lines = self.wrap(spec, text, width)
        if len(lines) < 2:
            return lines
        low, high = width / len(lines), width
        while high - low > 1.0:
            mid = (low + high) / 2
            if len(self.wrap(spec, text, mid)) <= len(lines):
                high = mid
            else:
                low = mid
        return self.wrap(spec, text, high)

    def _wrap_line(self, spec: FontSpec, text: str, width: float) -> list[str]:
        # Break at plain spaces only: a no-break space keeps "ngày 28 tháng 02" together.
        words = [w for w in text.split(" ") if w]
        if not words:
            return [""]
        space = self.word(spec, " ")
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in words:
            w = self.word(spec, word)
            if w > width:
                if current:
                    lines.append(" ".join(current))
                pieces = self._split_word(spec, word, width)
                lines.extend(pieces[:-1])
                current = [pieces[-1]]
                used = self.word(spec, pieces[-1])
                continue
            needed = w if not current else used + space + w
            if needed <= width:
                current.append(word)
                used = needed
            else:
                lines.append(" ".join(current))
                current = [word]
                used = w
        lines.append(" ".join(current))
        return lines

    def _split_word(self, spec: FontSpec, word: str, width: float) -> list[str]:
        pieces: list[str] = []
        start = 0
        for end in range(1, len(word) + 1):
            if end - start > 1 and self._fm(spec).horizontalAdvance(word[start:end]) > width:
                pieces.append(word[start : end - 1])
                start = end - 1
        pieces.append(word[start:])
        return pieces
