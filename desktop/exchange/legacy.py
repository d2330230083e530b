"""Legacy 8-bit Vietnamese text (TCVN3 / ABC fonts, VNI fonts) found in old spreadsheets.

One detector serves the importer and the validator: :func:`desktop.domain.validator.
legacy_reading`, which accepts a reading only when the converted text is clean Vietnamese and
the text as typed cannot be Unicode Vietnamese. A spreadsheet cell read for its value carries no
font signal: each cell is converted only on its own evidence, and a column (or a title area)
whose cells read as legacy text is judged to be in that encoding, which then chooses where a cell
reads as both TCVN3 and VNI. A cell that is already valid Unicode Vietnamese (it holds ơ, ư,
ạ..., or a character no 8-bit font has, or every word of it is a Vietnamese syllable as typed)
is never converted, whatever the column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from desktop.domain.validator import (
    LEGACY_LABELS,
    legacy_reading,
    maybe_legacy,
    maybe_mixed_legacy,
)

LABELS = LEGACY_LABELS


def is_suspect(text: str) -> bool:
    """Cheap pre-check: whether the text could be legacy-encoded at all."""
    return maybe_legacy(text)


def column_encoding(texts: Iterable[str]) -> str | None:
    """The legacy encoding a column's texts are in, or None when they read as Unicode.

    A column is judged legacy when at least two of its cells, or at least half of those that
    could be legacy, read as legacy text on their own evidence; the commonest encoding wins.
    """
    found: Counter[str] = Counter()
    candidates = 0
    for text in texts:
        if not maybe_legacy(text):
            continue
        candidates += 1
        reading = legacy_reading(text)
        if reading is not None:
            found[reading.encoding] += 1
    if not found:
        return None
    encoding, count = found.most_common(1)[0]
    if count >= 2 or count * 2 >= candidates:
        return encoding
    return None


def convert_cell(text: str, column: str | None = None) -> tuple[str, str] | None:
    """(converted text, encoding) when the cell is legacy text (or legacy text with Unicode
    words typed into it), else None."""
    if not maybe_legacy(text) and not maybe_mixed_legacy(text):
        return None
    reading = legacy_reading(text, column)
    if reading is None:
        return None
    return reading.text, reading.encoding
