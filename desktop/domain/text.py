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


def clean_name(text: str) -> str:
    """The name as the registry stores it: NFC, no zero-width characters, single inner spaces."""
    return _SPACES.sub(" ", nfc(text).translate(_ZERO_WIDTH)).strip()


def fold(text: str) -> str:
    """Comparison key: case-folded, tone and vowel marks removed, đ→d, single spaces.

    `fold("Sở Tư pháp") == fold("so tu phap") == "so tu phap"`.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.translate(_FOLD_EXTRA).translate(_ZERO_WIDTH)).strip()
