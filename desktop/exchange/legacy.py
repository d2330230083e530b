"""Legacy 8-bit Vietnamese text (TCVN3 / ABC fonts, VNI fonts) found in old spreadsheets.

viparse holds the conversion tables and a content detector. A spreadsheet cell read for its
value carries no font signal, so detection works on content: over all the suspicious cells of a
sheet together (a single cell is often too short to tell; that verdict breaks ties), then cell by
cell, keeping a conversion only where it reads better. Only TCVN3 and VNI are candidates: they are
what Vietnamese administrative spreadsheets were typed in, and offering VISCII as well makes
short TCVN3 cells ambiguous.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from viparse.normalize.detector import detect_encoding_by_content
from viparse.normalize.frequency import vietnamese_score
from viparse.normalize.tables import Charmap, convert
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

CANDIDATES: dict[str, Charmap] = {TCVN3.name: TCVN3, VNI.name: VNI}
LABELS = {TCVN3.name: "TCVN3 (ABC)", VNI.name: "VNI"}


def _vietnamese_letters() -> frozenset[str]:
    bases = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {"đ", "Đ"}
    for base in bases:
        for tone in tones:
            letter = unicodedata.normalize("NFC", base + tone)
            letters.update((letter, letter.upper()))
    return frozenset(letters)


_VIETNAMESE = _vietnamese_letters()
# Characters that legacy text shows on screen and that Unicode Vietnamese never uses: the
# surface characters of the TCVN3 and VNI tables minus the real Vietnamese letters among them
# ("Ê", "ò"... are both).
SUSPECT = frozenset(
    ch
    for charmap in CANDIDATES.values()
    for source, _ in charmap.pairs
    for ch in source
    if ord(ch) >= 0x80 and ch not in _VIETNAMESE
)


def suspect_count(text: str) -> int:
    return sum(1 for ch in text if ch in SUSPECT)


def is_suspect(text: str) -> bool:
    return not SUSPECT.isdisjoint(text)


def detect(texts: Iterable[str]) -> str | None:
    """The legacy encoding these texts share, or None when they read as Unicode."""
    sample = "\n".join(texts)
    if not sample:
        return None
    return detect_encoding_by_content(sample, CANDIDATES).encoding


def convert_cell(text: str, preferred: str | None = None) -> tuple[str, str] | None:
    """(converted text, encoding) when the cell is legacy text, else None.

    Each table is tried; a conversion counts only if it leaves fewer suspicious characters and
    reads more like Vietnamese than the cell did (so good Unicode text is never made worse), and
    the one reading best wins, the sheet's own encoding (``preferred``) on a tie.
    """
    before = suspect_count(text)
    if not before:
        return None
    base = vietnamese_score(text)
    best: tuple[float, bool, str, str] | None = None
    for name, charmap in CANDIDATES.items():
        out = convert(text, charmap)
        if suspect_count(out) >= before:
            continue
        score = vietnamese_score(out)
        if score <= base:
            continue
        candidate = (score, name == preferred, out, name)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None:
        return None
    return best[2], best[3]
