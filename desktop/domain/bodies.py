"""Whether two names a code bears in two acts can be one body's, before and after a rename.

Codes are never reissued (domain.md §3): a code two acts give two *different* bodies is an
error of one of them, while the same body renamed keeps its code. The acts do not say which;
the names do, most of the time. This is a judgement, shown in the changeset before anything is
written, never applied silently.
"""

from __future__ import annotations

import re

from desktop.domain.abbreviations import ABBREVIATIONS
from desktop.domain.text import fold

# Words that link a name's parts, name a kind of place, or qualify every elected body ("nhân
# dân"): they say nothing of which body it is.
_LINKING = frozenset(
    {"va", "cua", "thuoc", "truc", "nhan", "dan", "tinh", "thanh", "pho", "huyen", "quan"}
    | {"thi", "xa", "phuong", "tran"}
)
_WORD = re.compile(r"\w+")


def _words(name: str) -> list[str]:
    out: list[str] = []
    for word in _WORD.findall(fold(name)):
        out.extend(ABBREVIATIONS.get(word, word).split())
    return out


def same_body_names(old: str, new: str) -> bool:
    """The same words (spelling and abbreviations aside), or, past the words both start with
    (the body's kind: ``Phòng``, ``Sở``, ``Trung tâm Y tế huyện``), at least half of the
    shorter rest in common. ``Phòng Tài nguyên và Môi trường`` / ``Phòng Nông nghiệp và Môi
    trường`` can be one body; ``Sở Du lịch`` / ``Sở Nội vụ`` cannot."""
    a, b = _words(old), _words(new)
    if a == b:
        return True
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    rest_a = {w for w in a[start:] if w not in _LINKING}
    rest_b = {w for w in b[start:] if w not in _LINKING}
    if not rest_a or not rest_b:
        return True  # one name is the other with a place or a few linking words more
    return 2 * len(rest_a & rest_b) >= min(len(rest_a), len(rest_b))
