"""Vietnamese text at the boundary: NFC normalisation, cleaning of names, the folded search key."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Unicode whitespace that str.split() knows, plus the zero-width characters that arrive from
# copy-and-paste out of web pages and PDF files.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Something clean_name would change besides NFC: a zero-width character, a run of spaces, any
# whitespace but the plain space, or a space at either end.
_UNCLEAN = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]|\s\s|[^\S ]|^\s|\s$")


def clean_name(text: str) -> str:
    """The name as the registry stores it: NFC, no zero-width characters, single inner spaces."""
    # Most names arrive clean (every row of an import passes here): checking is a third of
    # cleaning, and a clean name is returned as it is.
    if unicodedata.is_normalized("NFC", text) and _UNCLEAN.search(text) is None:
        return text
    return _clean_name(text)


def _clean_name(text: str) -> str:
    return _SPACES.sub(" ", nfc(text).translate(_ZERO_WIDTH)).strip()


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.translate(_FOLD_EXTRA).translate(_ZERO_WIDTH)).strip()


def _fold_table() -> dict[int, str | None]:
    """One translation table for every letter a Vietnamese name can hold, precomposed or not.

    Folding is on the import path of every row and behind every search keystroke: one
    ``str.translate`` is several times faster than decomposing and filtering each character.
    """
    table: dict[int, str | None] = {}
    latin = [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    for cp in latin:
        ch = chr(cp)
        folded = _fold_slow(ch)
        if folded != ch:
            table[cp] = folded
    for cp in range(0x0300, 0x0370):  # combining marks of decomposed (NFD) input
        table[cp] = None
    table.update(_ZERO_WIDTH)
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """Comparison key: case-folded, tone and vowel marks removed, đ→d, single spaces.

    `fold("Sở Tư pháp") == fold("so tu phap") == "so tu phap"`.
    """
    folded = text.translate(_FOLD_TABLE).casefold()
    if not folded.isascii():
        # Letters beyond the table (other scripts, compatibility forms): the general way.
        return _fold_slow(folded)
    return _SPACES.sub(" ", folded).strip()


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Section numbers of appendices and reports (I, II, III...)."""
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA: sub-section labels of appendices and reports."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out
