"""What an event did, said once for every view: the history pane, the command line, reports.

Two shapes, one vocabulary. :func:`describe_event` is the sentence the history pane and
``history`` print after the event's name; :func:`describe_row` is a row of a printed table of
changes (the changes report, a decision's appendix), whose name and code columns carry what the
sentence says of a creation, a rename or a recode, and whose note is the sentence itself for
every other change. Other units are named the same way everywhere: ``code (name)``.

A description is a list of parts: plain text (codes, names, dates) and :class:`Word` parts,
which are vocabulary marked for translation. :func:`render` joins them; the window passes its
``tr`` so that the words are shown in the interface language, text output and prints keep them
as they are (Vietnamese).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from desktop.domain import history as h
from desktop.domain.codes import AGENCY, from_canonical
from desktop.domain.decisions import people_date
from desktop.domain.errors import KnownError
from desktop.domain.units import DRAFT, FIELD_LABELS, STATUS_LABELS, Unit
from desktop.domain.words import QT_TR_NOOP

# The vocabulary of descriptions (event names are history.EVENT_LABELS).
MERGED_INTO = QT_TR_NOOP("Sáp nhập vào")
RECEIVED = QT_TR_NOOP("Tiếp nhận:")
SPLIT_INTO = QT_TR_NOOP("Chia tách thành")
SPLIT_FROM = QT_TR_NOOP("Chia tách từ")
UNITS = QT_TR_NOOP("đơn vị")
SUCCEEDED_BY = QT_TR_NOOP("Kế thừa:")
OLD_NAME = QT_TR_NOOP("Tên cũ:")
MOVED_FROM = QT_TR_NOOP("Chuyển từ")
MOVED_TO = QT_TR_NOOP("sang")
NO_PARENT = QT_TR_NOOP("(không có)")
ANNULLED_PLAIN = QT_TR_NOOP("Hủy thay đổi nhầm")
ANNULLED_WHAT = QT_TR_NOOP("Hủy thay đổi nhầm:")
ON_DATE = QT_TR_NOOP("ngày")
# What a basis event says of the later act that recorded the unit first (an older list entered
# after a newer one).
LATER_RECORDED = QT_TR_NOOP("văn bản sau ghi lại từ")
# An ending set aside because an earlier change closed or moved the unit first: not a mistake.
ENDING_MOOT = QT_TR_NOOP("không còn hiệu lực: đơn vị đã đóng hoặc chuyển trước đó")
RENAMED_TO = QT_TR_NOOP("đổi tên thành")
RECODED_TO = QT_TR_NOOP("đổi mã thành")
MOVED_UNDER = QT_TR_NOOP("chuyển về đơn vị cấp trên")
NEW_CODE = QT_TR_NOOP("mã mới")
FROM_DATE = QT_TR_NOOP("từ")
EMPTY = "—"

PREDECESSORS = "predecessors"
PARTS = "parts"


class Word(str):
    """A vocabulary word inside a description: translated where it is shown."""


class Lowered(Word):
    """A vocabulary word inside a clause: translated, then in lower case."""


class Lookup(Protocol):
    """What describing needs of a registry (``desktop.store.registry.Registry`` is one)."""

    @property
    def notation(self) -> str: ...

    def units_by_ids(self, ids: Sequence[int]) -> Mapping[int, Unit]: ...

    def event(self, event_id: int) -> h.Event: ...


def referenced(event: h.Event) -> list[int]:
    """The other units a description of ``event`` names (fetch them in one go)."""
    ids: set[int] = set()
    for key in (h.SUCCESSORS, PREDECESSORS, PARTS, h.WITH_PARENT):
        ids.update(event.after.get(key) or ())
    for values in (event.before, event.after):
        if isinstance(values.get("parent_id"), int):
            ids.add(values["parent_id"])
    return sorted(ids)


def unit_refs(ids: Sequence[int], units: Mapping[int, Unit], notation: str) -> str:
    """Other units as every view names them: ``000.00.02.H59 (Sở Tài chính); …``."""
    return "; ".join(
        f"{units[i].display_code(notation)} ({units[i].name})" for i in ids if i in units
    )


def _detail(event: h.Event, units: Mapping[int, Unit], notation: str) -> list[str] | None:
    """The sentence of the changes the columns of a table cannot say (None for the others)."""
    a = event.after
    kind = event.type
    successors = a.get(h.SUCCESSORS) or []
    if kind == h.UPDATE:
        parts: list[str] = []
        for key in a:
            if key in h.INFO_KEYS:
                continue
            if parts:
                parts.append("; ")
            parts.append(Word(FIELD_LABELS[key]) if key in FIELD_LABELS else key)
            parts.append(f": {event.before.get(key) or EMPTY} → {a.get(key) or EMPTY}")
        return parts
    if kind == h.MERGE:
        if successors:
            return [Word(MERGED_INTO), " ", unit_refs(successors, units, notation)]
        return [Word(RECEIVED), " ", unit_refs(a.get(PREDECESSORS) or [], units, notation)]
    if kind == h.SPLIT:
        made = successors or a.get(PARTS) or []
        refs = unit_refs(made, units, notation)
        return [Word(SPLIT_INTO), f" {len(made)} ", Word(UNITS), f": {refs}"]
    if kind == h.CLOSE:
        if a.get(h.WITH_PARENT):
            refs = unit_refs(a[h.WITH_PARENT], units, notation)
            return [Word(FIELD_LABELS["parent"]), f": {refs}"]
        if successors:
            return [Word(SUCCEEDED_BY), " ", unit_refs(successors, units, notation)]
        return []
    if kind == h.MOVE and a.get(h.TO_SUCCESSOR):  # code unchanged: the bodies say it
        before = unit_refs([event.before["parent_id"]], units, notation)
        return [f"{before} → {unit_refs([a['parent_id']], units, notation)}"]
    if kind == h.REOPEN:
        return []  # the event's name says it all
    return None


def describe_event(
    event: h.Event,
    *,
    kind: str,
    notation: str,
    units: Mapping[int, Unit],
    annulled: h.Event | None = None,
) -> list[str]:
    """The parts of the sentence telling what ``event`` did, after the event's name.

    ``kind`` is the kind of the event's unit (how its codes are written), ``units`` holds the
    units of :func:`referenced`; ``annulled`` is the change an annulment undid, named by what
    it was and when, never by its internal number."""
    detail = _detail(event, units, notation)
    if detail is not None:
        return detail
    b, a = event.before, event.after

    def code(value: Any) -> str:
        return from_canonical(value, kind).format(notation) if value else ""

    if event.type == h.CREATE:
        return [f"{code(a.get('code'))} — {a.get('name', '')}"]
    if event.type == h.BASIS:
        said = [f"{code(a.get('code'))} — {a.get('name', '')}"]
        later = a.get(h.CONFIRMED) or {}
        if later.get("effective"):
            said += ["; ", Word(LATER_RECORDED), f" {people_date(later['effective'])}"]
            if later.get("name") and later["name"] != a.get("name"):
                said.append(f": «{later['name']}»")
        return said
    if event.type == h.RENAME:
        return [f"«{b.get('name', '')}» → «{a.get('name', '')}»"]
    if event.type in (h.RECODE, h.MOVE):
        return [f"{code(b.get('code'))} → {code(a.get('code'))}"]
    if event.type == h.ANNUL:
        if a.get(h.REPLACED):  # not a mistake: an earlier change made the ending moot
            moot: list[str] = [Word(h.WITH_PARENT_LABEL)]
            if annulled is not None:
                moot += [" ", Word(ON_DATE), f" {people_date(annulled.effective)}"]
            if a.get(h.OUTLIVES):  # the label says why
                return moot
            return [*moot, " ", Word(ENDING_MOOT)]
        if annulled is None:
            return [Word(ANNULLED_PLAIN)]
        return [
            Word(ANNULLED_WHAT),
            " ",
            Word(h.event_label(annulled.type, annulled.after)),
            " ",
            Word(ON_DATE),
            f" {people_date(annulled.effective)}",
        ]
    return []


@dataclass(frozen=True)
class Row:
    """One change as a printed table of changes shows it."""

    label: str  # the event's name
    name: str  # the unit's name as the change left it
    old: str  # its code before the change ("" for a creation)
    new: str  # its code after it ("" for a closure; a split's parts, one a line)
    note: list[str]  # parts, as describe_event's


def describe_row(
    event: h.Event,
    *,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    notation: str,
    units: Mapping[int, Unit],
    split_from: int | None = None,
    in_move: bool = False,
) -> Row:
    """``event`` as a row of a table of changes.

    ``before`` and ``after`` are the unit's fields just before and after the event (its code
    and name then, not now); ``units`` holds the units of :func:`referenced`; ``split_from``
    is the unit a created one was split from, ``in_move`` whether a recode came with its
    parent's move."""

    def code(values: Mapping[str, Any]) -> str:
        value = values.get("code")
        return from_canonical(value, values.get("kind") or AGENCY).format(notation) if value else ""

    def unit_code(unit_id: Any) -> str:
        unit = units.get(unit_id) if isinstance(unit_id, int) else None
        return unit.display_code(notation) if unit else ""

    a = event.after
    name = after.get("name") or before.get("name") or ""
    old, new = code(before), code(after)
    note = _detail(event, units, notation)
    if note is None:
        note = []
        if event.type == h.CREATE:
            old = ""
            if split_from is not None:
                note = [Word(SPLIT_FROM), f" {unit_code(split_from)}"]
            if after.get("status") == DRAFT:
                note += ["; ", Word(STATUS_LABELS[DRAFT])] if note else [Word(STATUS_LABELS[DRAFT])]
        elif event.type == h.BASIS:
            old = ""  # the older act issued the code: in its appendix, a code like any other
            later = a.get(h.CONFIRMED) or {}
            if later.get("effective"):
                note = [Word(LATER_RECORDED), f" {people_date(later['effective'])}"]
        elif event.type == h.RENAME:
            note = [Word(OLD_NAME), f" {before.get('name', '')}"]
        elif event.type == h.MOVE:
            origin = unit_code(event.before.get("parent_id"))
            note = [
                Word(MOVED_FROM),
                " ",
                origin if origin else Word(NO_PARENT),
                " ",
                Word(MOVED_TO),
                f" {unit_code(a.get('parent_id'))}",
            ]
        elif event.type == h.RECODE and in_move:
            note = [Word(h.CARRIED_LABEL)]
    if event.type == h.SPLIT and h.SUCCESSORS in a:
        new = "\n".join(unit_code(p) for p in a.get(h.SUCCESSORS) or [])
    if event.type in (h.CLOSE, h.MERGE) and (h.SUCCESSORS in a or event.type == h.CLOSE):
        new = ""
    return Row(h.event_label(event.type, a), name, old, new, note)


def describe_pending(change: str, shown: Mapping[str, Any], effective: str) -> list[str]:
    """A change signed but not yet in force, as a clause (``đổi tên thành Sở Tư pháp từ
    01/01/2027``): the tree's tooltip, the details pane, ``list``.

    ``shown`` holds what the change sets as a clerk reads it: ``name``, ``code`` and ``parent``
    in the display notation, ``successors`` as a list of codes (each when known)."""
    if change == h.RENAME:
        parts: list[str] = [Word(RENAMED_TO), f" {shown.get('name', '')}"]
    elif change == h.MOVE and shown.get("parent"):
        parts = [
            Word(MOVED_UNDER),
            f" {shown['parent']}, ",
            Word(NEW_CODE),
            f" {shown.get('code')}",
        ]
    elif change in (h.RECODE, h.MOVE) and shown.get("code"):
        parts = [Word(RECODED_TO), f" {shown['code']}"]
    else:
        parts = [Lowered(h.EVENT_LABELS.get(change, change))]
        if change in (h.CLOSE, h.MERGE, h.SPLIT) and shown.get(h.SUCCESSORS):
            parts += [", ", Lowered(SUCCEEDED_BY), " " + ", ".join(shown[h.SUCCESSORS])]
    return [*parts, " ", Word(FROM_DATE), f" {people_date(effective)}"]


def render(parts: Sequence[str], translate: Callable[[str], str] = str) -> str:
    """One description as text, its words through ``translate``."""
    return "".join(
        (translate(p).lower() if isinstance(p, Lowered) else translate(p))
        if isinstance(p, Word)
        else p
        for p in parts
    )


def event_text(
    reg: Lookup, event: h.Event, kind: str, translate: Callable[[str], str] = str
) -> str:
    """The sentence of ``event`` (of a unit of ``kind``) as the history pane and ``history``
    print it, reading from ``reg`` the units it names and the change an annulment undid."""
    annulled = None
    if event.type == h.ANNUL:
        try:
            annulled = reg.event(int(event.after["annuls"]))
        except (KeyError, TypeError, ValueError, KnownError):
            annulled = None  # an annulment naming no recorded change: said without it
    units = reg.units_by_ids(referenced(event))
    parts = describe_event(event, kind=kind, notation=reg.notation, units=units, annulled=annulled)
    return render(parts, translate)
