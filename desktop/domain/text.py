"""Vietnamese text at the boundary: NFC normalisation, cleaning of names, the folded search key."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Unicode whitespace that str.split() knows, plus the zero-width characters that arrive from
# copy-and-paste out of web pages and PDF files.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Letters that look like the Vietnamese đ but are not: the Icelandic eth (Ð U+00D0, ð U+00F0),
# common in published lists typed with the wrong key. Search folds them to d like đ.
LOOKALIKE_LETTERS = {"\u00d0": "Đ", "\u00f0": "đ"}
_LOOKALIKES = str.maketrans(LOOKALIKE_LETTERS)
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "\u00d0": "d", "\u00f0": "d"})
# What a stored name never keeps, besides those: Unicode's non-characters (U+FFFE,
# U+FDD0..U+FDEF, the last two code points of every plane). A soft hyphen (U+00AD) is a
# line-break hint from a word processor, which legacy converters read as a letter; between the
# syllables of a Vietnamese name it stands where the space was. The validator reports both on
# the name as it arrived.
_NONCHARACTERS = [
    *range(0xFDD0, 0xFDF0),
    *(p << 16 | end for p in range(17) for end in (0xFFFE, 0xFFFF)),
]
_REMOVED = {**_ZERO_WIDTH, 0x00AD: " ", **dict.fromkeys(_NONCHARACTERS)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fix_lookalikes(text: str) -> str:
    """The text with look-alike letters replaced by the Vietnamese letter (Ð → Đ)."""
    if "\u00d0" not in text and "\u00f0" not in text:
        return text
    return text.translate(_LOOKALIKES)


# Something clean_name would change besides NFC and plain spaces: a character it removes or
# replaces, or any whitespace but the plain space (every one of them is below U+3001). One
# character class: a scan for it is several times faster than an alternation. Any character
# beyond U+FFFF sends the name to the full cleaning, which decides: listing the non-characters
# there one by one made the class four times slower to scan.
_UNCLEAN = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in _REMOVED if c <= 0xFFFF)
    + "".join(re.escape(chr(c)) for c in range(0x3001) if chr(c).isspace() and c != 0x20)
    + "\U00010000-\U0010ffff]"
)


def clean_name(text: str) -> str:
    """The name as the registry stores it: NFC, no zero-width characters, soft hyphens or
    non-characters, single inner spaces."""
    # Most names arrive clean (every row of an import passes here): checking is a third of
    # cleaning, and a clean name is returned as it is. Besides the characters above, a name is
    # unclean with a run of spaces or a space at either end.
    if (
        unicodedata.is_normalized("NFC", text)
        and _UNCLEAN.search(text) is None
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    return _clean_name(text)


def _clean_name(text: str) -> str:
    return _SPACES.sub(" ", nfc(text).translate(_REMOVED)).strip()


# The longest name a unit may have. Real names are under 200 characters; a million-character
# "name" from a damaged or hostile file would freeze every view that shows it.
MAX_NAME_LENGTH = 500


def name_too_long(name: str) -> str | None:
    """Why the name is too long (Vietnamese), or None."""
    if len(name) <= MAX_NAME_LENGTH:
        return None
    return f"tên dài {len(name):,} ký tự (giới hạn {MAX_NAME_LENGTH})".replace(",", ".")


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
    table[ord("đ")] = table[ord("Đ")] = table[0xD0] = table[0xF0] = "d"
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


_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"), None)


def _tone_key(word: str) -> tuple[str, tuple[str, ...]]:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = tuple(sorted(ch for ch in decomposed if ord(ch) in _TONES))
    return unicodedata.normalize("NFC", decomposed.translate(_TONES)), tones


def spelling_only(old: str, new: str) -> bool:
    """Two different names that are the same words, spelt apart only by where the tone mark sits
    (``Hoà`` / ``Hòa``, ``Thuỷ`` / ``Thủy``) or by case."""
    if old == new:
        return False
    a, b = old.split(), new.split()
    return len(a) == len(b) and all(_tone_key(x) == _tone_key(y) for x, y in zip(a, b))


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
