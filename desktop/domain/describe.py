"""What an event did, said once for every view: the history pane, the command line, reports.

A description is a list of parts: plain text (codes, names, dates) and :class:`Word` parts,
which are vocabulary marked for translation. :func:`render` joins them; the window passes its
``tr`` so that the words are shown in the interface language, text output keeps them as they
are (Vietnamese).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.domain import history as h
from desktop.domain.decisions import people_date
from desktop.domain.units import FIELD_LABELS
from desktop.domain.words import QT_TR_NOOP


class Word(str):
    """A vocabulary word inside a description: translated where it is shown."""


def describe_event(
    event: h.Event,
    *,
    code: Callable[[str | None], str],
    codes: Callable[[Sequence[int]], str],
    annulled: h.Event | None = None,
) -> list[str]:
    """The parts of one line telling what ``event`` did.

    ``code`` shows a canonical code of the event's unit in the registry's notation; ``codes``
    shows other units (successors, predecessors, parts) by id; ``annulled`` is the change an
    annulment undid, named by what it was and when, never by its internal number."""
    b, a = event.before, event.after
    kind = event.type
    if kind == h.CREATE:
        return [f"{code(a.get('code'))} — {a.get('name', '')}"]
    if kind == h.BASIS:
        said = [f"{code(a.get('code'))} — {a.get('name', '')}"]
        later = a.get(h.CONFIRMED) or {}
        if later.get("effective"):
            said += ["; ", Word(QT_TR_NOOP("văn bản sau ghi lại từ")), " "]
            said.append(people_date(later["effective"]))
            if later.get("name") and later["name"] != a.get("name"):
                said.append(f": «{later['name']}»")
        return said
    if kind == h.RENAME:
        return [f"«{b.get('name', '')}» → «{a.get('name', '')}»"]
    if kind in (h.RECODE, h.MOVE):
        return [f"{code(b.get('code'))} → {code(a.get('code'))}"]
    if kind == h.UPDATE:
        parts: list[str] = []
        for key in a:
            if key in h.INFO_KEYS:
                continue
            if parts:
                parts.append("; ")
            parts.append(Word(FIELD_LABELS[key]) if key in FIELD_LABELS else key)
            parts.append(f": {b.get(key) or '—'} → {a.get(key) or '—'}")
        return parts
    successors = a.get(h.SUCCESSORS) or []
    if kind == h.MERGE:
        if successors:
            return [Word(QT_TR_NOOP("Sáp nhập vào")), " ", codes(successors)]
        return [Word(QT_TR_NOOP("Tiếp nhận")), " ", codes(a.get("predecessors", []))]
    if kind == h.SPLIT:
        return [Word(QT_TR_NOOP("Chia thành")), " ", codes(successors or a.get("parts") or [])]
    if kind == h.CLOSE:
        if a.get(h.WITH_PARENT):
            return [Word(h.WITH_PARENT_LABEL), " (", codes(a[h.WITH_PARENT]), ")"]
        if successors:
            return [
                Word(h.EVENT_LABELS[h.CLOSE]),
                "; ",
                Word(QT_TR_NOOP("kế thừa:")),
                " ",
                codes(successors),
            ]
        return [Word(h.EVENT_LABELS[h.CLOSE])]
    if kind == h.REOPEN:
        return [Word(h.EVENT_LABELS[h.REOPEN])]
    if kind == h.ANNUL:
        if annulled is None:
            return [Word(QT_TR_NOOP("Hủy thay đổi nhầm"))]
        return [
            Word(QT_TR_NOOP("Hủy thay đổi nhầm:")),
            " ",
            Word(h.EVENT_LABELS.get(annulled.type, annulled.type)),
            " ",
            Word(QT_TR_NOOP("ngày")),
            f" {people_date(annulled.effective)}",
        ]
    return []


def render(parts: Sequence[str], translate: Callable[[str], str] = str) -> str:
    """One description as text, its words through ``translate``."""
    return "".join(translate(p) if isinstance(p, Word) else p for p in parts)
