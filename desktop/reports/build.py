"""The reports' content, read from the registry: plain Python, no Qt.

Each ``build_*`` function returns a :class:`~desktop.reports.document.Document`; painting it is
:mod:`desktop.reports.render`'s job. A standalone report (tree, changes, validation) is a document
of the registry's keeper (NĐ 30/2020): the issuing body, ``Số:`` line, place, signer and
``Nơi nhận`` come from the registry's settings (``reg.meta``): ``issuer_name``, ``issuer_parent``,
``number_symbol``, ``place``, ``signer_title``, ``signer_name``, ``recipients``; unset ones print
as a dotted line to fill in by hand. A decision's appendix is part of that decision: it carries
the decision's own number, date and issuer and no letterhead of its own.

Printed documents list what the registry holds: a change annulled as a mistake (an undone
import, say) and the annulment itself stay in the history but never in a print or its totals.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.domain import history as h
from desktop.domain.codes import from_canonical
from desktop.domain.decisions import Decision, parse_date, shown_date
from desktop.domain.decisions import today as today_date
from desktop.domain.describe import Row, describe_row, referenced, render
from desktop.domain.errors import InvalidInput, KnownError
from desktop.domain.history import EVENT_LABELS, INFO_KEYS, Event
from desktop.domain.progress import CHECK, LAYOUT, OnProgress, Tally
from desktop.domain.rules import RULES, SEVERITIES, SEVERITY_LABELS, Finding
from desktop.domain.text import clean_name, letters, nfc, roman
from desktop.domain.units import DRAFT, STATUS_LABELS, Unit
from desktop.reports.document import (
    NOTE,
    PLACEHOLDER,
    SECTION,
    TOTAL,
    Column,
    Document,
    Letterhead,
    Paragraph,
    Signature,
    Table,
    count,
    long_date,
    short_date,
    upper,
)

# The store loads when a report is built, not when the command line reads the report's kinds.
if TYPE_CHECKING:
    from desktop.store.registry import Registry

TREE = "tree"
CHANGES = "changes"
VALIDATION = "validation"
DECISION = "decision"
KINDS = (TREE, CHANGES, VALIDATION, DECISION)
KIND_LABELS = {
    TREE: "danh sách mã định danh",
    CHANGES: "danh sách thay đổi",
    VALIDATION: "kết quả kiểm tra",
    DECISION: "phụ lục quyết định",
}
BY_PARENT = "parent"
BY_LEVEL = "level"

# The order of the kinds of change in a decision's appendix.
CHANGE_ORDER = (
    h.CREATE,
    h.BASIS,
    h.RENAME,
    h.RECODE,
    h.MOVE,
    h.MERGE,
    h.SPLIT,
    h.CLOSE,
    h.REOPEN,
    h.UPDATE,
    h.ANNUL,
)
_CHANGE_RANK = {t: i for i, t in enumerate(CHANGE_ORDER)}


# -- letterhead and signature ----------------------------------------------------------------


def _setting(reg: Registry, key: str) -> str:
    return clean_name(reg.meta(key) or "")


def _owner_name(reg: Registry) -> str:
    """The registry's owner (a level-1 code in the ``owner`` setting) names the issuing body
    when ``issuer_name`` is not set."""
    owner = _setting(reg, "owner")
    if not owner:
        return ""
    try:
        return reg.find(owner).name
    except KnownError:
        return ""


def _lines(reg: Registry, key: str) -> list[str]:
    """A setting of several lines ("\n" or " | " separates them)."""
    raw = nfc(reg.meta(key) or "").replace(" | ", "\n")
    return [clean_name(line) for line in raw.split("\n") if clean_name(line)]


def number_line(reg: Registry) -> str:
    """``Số: ....../BC-SKHCN``: the number is given when the report is signed and registered;
    the symbol (``number_symbol``) is the keeper's."""
    symbol = _setting(reg, "number_symbol").lstrip("/").strip()
    return f"Số: {'.' * 6}/{symbol}" if symbol else f"Số: {'.' * 12}"


def recipients(reg: Registry) -> list[str]:
    """``Nơi nhận`` lines: ``- X;`` each, the file copy (``Lưu: VT``) last, ending with a dot."""
    names = [line.lstrip("-– ").rstrip(";.") for line in _lines(reg, "recipients")]
    names = [n for n in names if n]
    if not any(n.lower().startswith("lưu") for n in names):
        names.append("Lưu: VT")
    return [f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]


def letterhead(reg: Registry, today: str | None = None) -> Letterhead:
    return Letterhead(
        issuer_name=_setting(reg, "issuer_name") or _owner_name(reg) or PLACEHOLDER,
        issuer_parent=_setting(reg, "issuer_parent"),
        place=_setting(reg, "place") or PLACEHOLDER,
        date=today or today_date(),
        number=number_line(reg),
    )


def signature(reg: Registry) -> Signature:
    # A title may take two lines ("KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"): "\n" or " | " separates.
    title = "\n".join(_lines(reg, "signer_title"))
    return Signature(title=title or PLACEHOLDER, name=_setting(reg, "signer_name"))


def _document(reg: Registry, kind: str, today: str | None, **fields: Any) -> Document:
    """A standalone report: letterhead, ``Số:``, place and date, signature, ``Nơi nhận``."""
    return Document(
        kind=kind,
        letterhead=letterhead(reg, today),
        signature=signature(reg),
        recipients=recipients(reg),
        **fields,
    )


def act_reference(d: Decision) -> str:
    """How a document cites the act: ``Quyết định số 09/2025/QĐ-TTg``.

    The one place reports word an act's type and number: when decisions carry their type
    (Nghị quyết, Thông tư...), this defers to the domain's wording of it.
    """
    return d.cited


def attached_line(d: Decision) -> str:
    """``(Kèm theo Quyết định số … ngày … của …)``: the decision's own date and issuer."""
    date = long_date(d.signed) if d.signed else "ngày ... tháng ... năm ..."
    return f"(Kèm theo {act_reference(d)} {date} của {d.issuer or PLACEHOLDER})"


def _shown(code: str, kind: str, notation: str) -> str:
    return from_canonical(code, kind).format(notation)


def _scope(reg: Registry, root: str | None, everyone: list[str]) -> tuple[Unit | None, list[str]]:
    """The root unit and the title lines naming whose codes the report lists (the unit's name
    on a line of its own, so that a line never breaks inside it when it fits)."""
    if root is None:
        return None, everyone
    unit = reg.find(root)
    return unit, [f"của {unit.name}", "và các đơn vị trực thuộc"]


# -- tree ------------------------------------------------------------------------------------


def _level_label(level: int | None) -> str:
    return f"Cấp {level}" if level else "Doanh nghiệp, tổ chức khác"


def build_tree(
    reg: Registry,
    *,
    root: str | None = None,
    as_of: str | None = None,
    by: str = BY_PARENT,
    today: str | None = None,
    on_progress: OnProgress | None = None,
) -> Document:
    """The code list as an indented hierarchy (sections per top unit) or by level, with totals
    per level."""
    if by not in (BY_PARENT, BY_LEVEL):
        raise InvalidInput(f"Cách chia mục '{by}' không có; dùng 'parent' hoặc 'level'.")
    as_of = parse_date(as_of, "ngày") if as_of else None
    root_unit, scope = _scope(reg, root, ["của các cơ quan, tổ chức"])
    # Without a date the list is the registry in force today; changes signed but not yet in
    # force are noted against their units. (``today`` dates the document only.)
    printed = shown_date(as_of)
    from desktop.store.asof import pending_changes, pending_shown, units_as_of

    units = units_as_of(reg, printed, root=root_unit.code if root_unit else None)
    listed = {u.id for u in units}
    pending = {
        uid: pending_shown(reg, changes)
        for uid, changes in pending_changes(reg, printed).items()
        if uid in listed
    }
    notation = reg.notation

    table = Table(
        [
            Column("STT", 15, align="center"),
            Column("Tên cơ quan, tổ chức"),
            Column("Mã định danh", 36, align="center"),
            Column("Cấp", 12, align="center"),
            Column("Ghi chú", 28),
        ],
        indent_column=1,
        empty_text="Không có đơn vị nào.",
    )

    def cells(u: Unit) -> tuple[str, str, str, str]:
        if u.status == DRAFT:
            note = STATUS_LABELS[DRAFT]
        elif u.id in pending:
            note = "; ".join("Chờ hiệu lực: " + p["text"] for p in pending[u.id])
        else:
            note = ""
        return u.name, _shown(u.code, u.kind, notation), str(u.level or ""), note

    tally = Tally(LAYOUT, len(units), on_progress)
    if by == BY_PARENT:
        _tree_by_parent(table, units, cells, tally)
    else:
        _tree_by_level(table, units, cells, tally)
    tally.end()

    totals = Counter(u.level for u in units)
    summary = Table(
        [Column("Cấp"), Column("Số mã định danh", 50, align="center")],
        empty_text="Không có đơn vị nào.",
    )
    for level in sorted(totals, key=lambda v: (v is None, v or 0)):
        summary.add(_level_label(level), count(totals[level]))
    if units:
        summary.add("Tổng cộng", count(len(units)), style=TOTAL)

    subtitle = f"(Tính đến {long_date(printed)})"
    return _document(
        reg,
        TREE,
        today,
        title=["Danh sách mã định danh điện tử", *scope],
        subtitle=[subtitle],
        blocks=[
            table,
            Paragraph("Tổng hợp theo cấp", "heading", keep_with_next=True),
            summary,
        ],
    )


def _tree_by_parent(table: Table, units: list[Unit], cells, tally: Tally) -> None:
    # Code order puts parents before children; a unit whose parent is not listed (the root,
    # or a level-1 unit) opens a section.
    depth: dict[int, int] = {}
    for u in units:
        depth[u.id] = depth[u.parent_id] + 1 if u.parent_id in depth else 0
    # One running number: a few hundred level-1 sections would make Roman numerals unreadable.
    for number, u in enumerate(tally.each(units), start=1):
        d = depth[u.id]
        if d == 0:
            has_children = number < len(units) and depth[units[number].id] > 0
            if has_children:
                table.add(number, *cells(u), style=SECTION)
            else:
                table.add(number, *cells(u))
        else:
            table.add(number, *cells(u), indent=d)


def _tree_by_level(table: Table, units: list[Unit], cells, tally: Tally) -> None:
    groups: dict[int | None, list[Unit]] = defaultdict(list)
    for u in units:
        groups[u.level].append(u)
    for section, level in enumerate(sorted(groups, key=lambda v: (v is None, v or 0)), start=1):
        label = f"Mã định danh cấp {level}" if level else "Doanh nghiệp, tổ chức khác"
        table.add(roman(section), upper(label), style=SECTION, span=1)
        for number, u in enumerate(tally.each(groups[level]), start=1):
            table.add(number, *cells(u))


# -- events as a clerk reads them --------------------------------------------------------------


@dataclass
class _Snapshot:
    """A unit's code, name and kind just before and just after one event."""

    before: dict[str, Any]
    after: dict[str, Any]


def _snapshots(reg: Registry, events: Sequence[Event]) -> dict[int, _Snapshot]:
    """Before/after views of ``events``, replaying each unit's whole history up to them (a
    rename's code is the code the unit held then, not now)."""
    wanted = {e.id for e in events}
    unit_ids = sorted({e.unit_id for e in events})
    from desktop.store.queries import events_of_units

    history = events_of_units(reg, unit_ids)
    state: dict[int, dict[str, Any]] = {}
    out: dict[int, _Snapshot] = {}
    for e in history:
        before = state.get(e.unit_id, {})
        if e.type == h.ANNUL:
            after = before
        else:
            after = {**before, **{k: v for k, v in e.after.items() if k not in INFO_KEYS}}
        if e.shapes_history:
            # An earlier basis (recorded after the later acts) shows the unit as the older act
            # made it; what later acts set stays, only the start moves back (as replay does).
            kept = {**before, "valid_from": after["valid_from"]} if e.type == h.BASIS else after
            state[e.unit_id] = kept if before else after
        if e.id in wanted:
            out[e.id] = _Snapshot({} if e.type == h.BASIS else dict(before), dict(after))
    return out


class _Describer:
    """Rows of change tables: label, name, old and new code, note (of changes in effect: prints
    never show annulled changes or annulments)."""

    def __init__(self, reg: Registry, events: Sequence[Event]) -> None:
        from desktop.store.queries import events_of_group

        self.reg = reg
        self.notation = reg.notation
        self.snap = _snapshots(reg, events)
        self.groups: dict[str, list[Event]] = {}
        for gid in sorted({e.group_id for e in events if e.group_id}):
            self.groups[gid] = events_of_group(reg, gid)
        wanted: set[int] = set()
        for e in events:
            wanted.update(referenced(e))
        for group in self.groups.values():
            wanted.update(o.unit_id for o in group if o.type == h.SPLIT)
        self.units = reg.units_by_ids(sorted(wanted))

    def code(self, values: dict[str, Any]) -> str:
        code = values.get("code")
        return _shown(code, values.get("kind") or "agency", self.notation) if code else ""

    def describe(self, e: Event) -> Row:
        """One event as a row of a table of changes: the one describer's words."""
        s = self.snap[e.id]
        source = self._split_source(e) if e.type == h.CREATE else None
        return describe_row(
            e,
            before=s.before,
            after=s.after,
            notation=self.notation,
            units=self.units,
            split_from=source.unit_id if source is not None else None,
            in_move=e.type == h.RECODE and self._in_move(e),
        )

    def _split_source(self, e: Event) -> Event | None:
        if not e.group_id:
            return None
        for other in self.groups.get(e.group_id, ()):
            if other.type == h.SPLIT:
                return other
        return None

    def _in_move(self, e: Event) -> bool:
        return bool(e.group_id) and any(
            o.type == h.MOVE for o in self.groups.get(e.group_id or "", ())
        )


def _decision_heading(d: Decision | None) -> str:
    if d is None:
        return "Thay đổi không gắn quyết định"
    text = act_reference(d)
    if d.signed:
        text += f" ngày {short_date(d.signed)}"
    if d.issuer:
        text += f" của {d.issuer}"
    text += f" (hiệu lực từ {short_date(d.effective)})"
    if d.title:
        text += f": {d.title}"
    return text


# -- changes ---------------------------------------------------------------------------------


def _events_in_scope(
    reg: Registry, root_unit: Unit | None, date_from: str | None, date_to: str | None
) -> list[Event]:
    from desktop.store.queries import events_in_period

    return events_in_period(reg, date_from=date_from, date_to=date_to, under=root_unit)


def build_changes(
    reg: Registry,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    root: str | None = None,
    today: str | None = None,
    on_progress: OnProgress | None = None,
) -> Document:
    """Everything that changed between two effective dates, grouped by decision."""
    date_from = parse_date(date_from, "ngày bắt đầu") if date_from else None
    date_to = parse_date(date_to, "ngày kết thúc") if date_to else None
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            f"Ngày bắt đầu {date_from} sau ngày kết thúc {date_to}.",
            f"The start date {date_from} is after the end date {date_to}.",
        )
    root_unit, scope = _scope(reg, root, [])
    # A print shows what the registry holds: annulled changes and annulments stay in the history.
    events = [e for e in _events_in_scope(reg, root_unit, date_from, date_to) if e.shapes_history]
    describer = _Describer(reg, events)
    decisions = {d.id: d for d in reg.decisions()}
    by_decision: dict[int | None, list[Event]] = defaultdict(list)
    for e in events:
        by_decision[e.decision_id].append(e)

    def order(did: int | None) -> tuple[Any, ...]:
        d = decisions.get(did) if did is not None else None
        return (d is None, d.effective if d else "", d.signed or "" if d else "", did or 0)

    table = Table(
        [
            Column("STT", 14, align="center"),
            Column("Nội dung thay đổi", 50),
            Column("Tên cơ quan, tổ chức"),
            Column("Mã cũ", 33, align="center"),
            Column("Mã mới", 33, align="center"),
            Column("Ghi chú"),
        ],
        empty_text="Không có thay đổi nào trong khoảng thời gian này.",
    )
    kinds: Counter[str] = Counter()
    tally = Tally(LAYOUT, len(events), on_progress)
    for section, did in enumerate(sorted(by_decision, key=order), start=1):
        d = decisions.get(did) if did is not None else None
        table.add(roman(section), _decision_heading(d), style=SECTION, span=1)
        # Within a decision, by kind of change (added, renamed, recoded...), then as recorded.
        items = sorted(by_decision[did], key=lambda e: (_CHANGE_RANK.get(e.type, 99), e.id))
        for number, e in enumerate(tally.each(items), start=1):
            row = describer.describe(e)
            kinds[row.label] += 1
            table.add(number, row.label, row.name, row.old, row.new, render(row.note))

    summary = Table(
        [Column("Loại thay đổi"), Column("Số lượt", 50, align="center")],
        empty_text="Không có thay đổi nào.",
    )
    tally.end()
    labels = []
    for t in CHANGE_ORDER:
        labels.append(EVENT_LABELS[t])
        if t == h.MERGE:
            labels.append(h.MERGE_TARGET_LABEL)
        elif t == h.CLOSE:
            labels.append(h.WITH_PARENT_LABEL)
        elif t == h.MOVE:
            labels.append(h.TO_SUCCESSOR_LABEL)
    for label in labels:
        if kinds[label]:
            summary.add(label, count(kinds[label]))
    if events:
        summary.add(
            f"Tổng cộng ({count(len(by_decision))} quyết định)",
            count(len(events)),
            style=TOTAL,
        )
    if date_from and date_to:
        period = f"(Từ ngày {short_date(date_from)} đến ngày {short_date(date_to)})"
    elif date_from:
        period = f"(Từ ngày {short_date(date_from)})"
    elif date_to:
        period = f"(Đến ngày {short_date(date_to)})"
    else:
        period = "(Toàn bộ các thay đổi đã cập nhật vào sổ)"
    return _document(
        reg,
        CHANGES,
        today,
        title=["Danh sách thay đổi mã định danh điện tử", *scope],
        subtitle=[period],
        blocks=[
            table,
            Paragraph("Tổng hợp theo loại thay đổi", "heading", keep_with_next=True),
            summary,
        ],
        landscape=True,
    )


# -- decision --------------------------------------------------------------------------------


def _find_decision(reg: Registry, number: str) -> Decision:
    return reg.find_decision(number, appendix_to=("in", "print"))


def build_decision(
    reg: Registry,
    number: str,
    *,
    today: str | None = None,
    on_progress: OnProgress | None = None,
) -> Document:
    """A decision's appendix (NĐ 30/2020, Phụ lục I): ``Phụ lục``, its title and the italic
    ``(Kèm theo …)`` line with the decision's data, then every unit it created or changed in the
    state it gave them; no letterhead and no signature of its own (it is part of the decision).

    A list of new codes has sections by level and, within a level, by parent, as the .xlsx
    appendix (:mod:`desktop.exchange.writers`); a decision of other changes has a section per
    kind of change.
    """
    d = _find_decision(reg, number)
    from desktop.store.queries import events_of_decision

    events = [e for e in events_of_decision(reg, d.id) if e.shapes_history]
    describer = _Describer(reg, events)
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        groups[e.type].append(e)

    table = Table(
        [
            Column("STT", 14, align="center"),
            Column("Tên cơ quan, đơn vị", weight=1.2),
            Column("Mã định danh", 36, align="center"),
            Column("Ghi chú"),
        ],
        empty_text="Quyết định này không có thay đổi nào có hiệu lực trong sổ.",
    )
    tally = Tally(LAYOUT, len(events), on_progress)
    if set(groups) <= {h.CREATE, h.BASIS}:
        # An older act entered after a later one issued its codes all the same.
        issued = [*groups.get(h.CREATE, []), *groups.get(h.BASIS, [])]
        _appendix_by_level(table, describer, sorted(issued, key=lambda e: e.id), tally)
    else:
        sections = [(EVENT_LABELS[t], groups[t]) for t in CHANGE_ORDER if groups.get(t)]
        for index, (label, items) in enumerate(sections, start=1):
            table.add(roman(index), upper(label), style=SECTION, span=1)
            items = sorted(items, key=lambda e: _sort_key(describer, e))
            for row_number, e in enumerate(tally.each(items), start=1):
                row = describer.describe(e)
                note = render(row.note)
                if e.type in (h.RECODE, h.MOVE) and row.old:
                    note = "; ".join(x for x in (f"Mã cũ: {row.old}", note) if x)
                table.add(row_number, row.name, row.new or row.old, note)
    tally.end()
    if not any(row.cells[-1] for row in table.rows if row.span is None):
        # A plain list of new codes has no notes: the names get the room.
        table.columns[1] = Column("Tên cơ quan, đơn vị", weight=2)
    return Document(
        kind=DECISION,
        letterhead=letterhead(reg, d.signed or d.effective),
        signature=Signature(),
        attached=True,
        appendix_label="Phụ lục",
        title=["Danh sách mã định danh điện tử", "của các cơ quan, đơn vị"],
        subtitle=[attached_line(d)],
        blocks=[table],
    )


def _appendix_by_level(
    table: Table, describer: _Describer, creates: list[Event], tally: Tally
) -> None:
    """Sections by level (``I. MÃ ĐỊNH DANH CẤP 2``), sub-sections by parent (``A. Sở Tư pháp
    (000.00.01.H59)``), the layout of the .xlsx appendix."""
    after = {e.id: describer.snap[e.id].after for e in creates}
    created = {e.unit_id: after[e.id] for e in creates}
    ordered = sorted(creates, key=lambda e: _sort_key(describer, e))

    def level_key(e: Event) -> tuple[int, int]:
        kind = after[e.id].get("kind") or "agency"
        if kind == "agency":
            return 0, after[e.id].get("level") or 0
        return (1 if kind == "enterprise" else 2), 0

    section = 0
    current: tuple[int, int] | None = None
    parent: int | None = -1
    sub = number = 0
    for e in tally.each(sorted(ordered, key=level_key)):  # stable: code order within a level
        values = after[e.id]
        if level_key(e) != current:
            current = level_key(e)
            section += 1
            sub = number = 0
            parent = -1
            level = values.get("level")
            kind = values.get("kind") or "agency"
            label = (
                f"Mã định danh cấp {level}"
                if kind == "agency"
                else "Mã định danh doanh nghiệp, hợp tác xã, hộ kinh doanh"
                if kind == "enterprise"
                else "Mã định danh tổ chức khác"
            )
            table.add(roman(section), upper(label), style=SECTION, span=1)
        owner_id = values.get("parent_id")
        agency_below_1 = current[0] == 0 and (values.get("level") or 0) > 1
        if agency_below_1 and owner_id is not None and owner_id != parent:
            parent = owner_id
            # The parent as this decision made it (it may have been renamed since), else as now.
            made = created.get(owner_id)
            owner = describer.units.get(owner_id)
            if made is not None:
                label = f"{made['name']} ({describer.code(made)})"
            elif owner is not None:
                label = f"{owner.name} ({owner.display_code(describer.notation)})"
            else:
                label = ""
            if label:
                sub += 1
                table.add(letters(sub), label, style=SECTION, span=1)
        number += 1
        row = describer.describe(e)
        table.add(number, row.name, row.new, render(row.note))


def _sort_key(describer: _Describer, e: Event) -> tuple[str, int, str, int]:
    """Code order; a merged unit right after the unit that received it."""
    s = describer.snap[e.id]
    values = s.after if s.after.get("code") else s.before
    code = values.get("code")
    kind = values.get("kind") or "agency"
    own = from_canonical(code, kind).sort_key if code else ""
    if e.type == h.MERGE and e.after.get("successors"):
        target = describer.units.get(e.after["successors"][0])
        return (target.parsed.sort_key if target else own), 1, own, e.id
    return own, 0, own, e.id


# -- validation ------------------------------------------------------------------------------


def build_validation(
    reg: Registry,
    *,
    root: str | None = None,
    today: str | None = None,
    on_progress: OnProgress | None = None,
) -> Document:
    """The validator's findings grouped by rule (rule-book order), with counts and hints."""
    root_unit, scope = _scope(reg, root, [])
    from desktop.store.validation import validate_registry

    def checked(done: int, total: int) -> bool:
        if on_progress is not None:
            on_progress(CHECK, done, total)  # raises to stop
        return True

    report = validate_registry(reg, root=root_unit.code if root_unit else None, progress=checked)
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_rule[finding.rule].append(finding)
    # Errors first, then warnings, then the rest; rule-book order within a severity.
    book = {rule_id: i for i, rule_id in enumerate(RULES)}
    order = sorted(
        by_rule,
        key=lambda r: (_severity_rank(by_rule[r][0].severity), book.get(r, len(book)), r),
    )
    names = reg.units_by_ids(sorted({f.unit_id for f in report.findings if f.unit_id}))

    summary = Table(
        [
            Column("STT", 14, align="center"),
            Column("Quy tắc", 50),
            Column("Nội dung kiểm tra"),
            Column("Mức độ", 28, align="center"),
            Column("Số phát hiện", 32, align="center"),
        ],
        empty_text="Không phát hiện vấn đề nào.",
    )
    details = Table(
        [
            Column("STT", 14, align="center"),
            Column("Mã định danh", 36, align="center"),
            Column("Tên cơ quan, tổ chức", weight=0.8),
            Column("Nội dung phát hiện"),
        ],
        empty_text="Không phát hiện vấn đề nào.",
    )
    rows = Tally(LAYOUT, len(report.findings), on_progress)
    for index, rule_id in enumerate(order, start=1):
        rule = RULES.get(rule_id)
        findings = by_rule[rule_id]
        title = rule.title_vi if rule else rule_id
        severity = SEVERITY_LABELS.get(findings[0].severity, findings[0].severity)
        summary.add(index, rule_id, title, severity, count(len(findings)))
        details.add(
            roman(index),
            f"{title} ({rule_id}): {count(len(findings))} phát hiện, mức độ {severity.lower()}",
            style=SECTION,
            span=1,
        )
        hint = rule.hint_vi if rule else ""
        if hint:
            details.add("", f"Cách xử lý: {hint}", style=NOTE, span=1)
        for number, f in enumerate(rows.each(findings), start=1):
            unit = names.get(f.unit_id) if f.unit_id else None
            message = f.message
            if f.sheet or f.row:
                message += f" (trang {f.sheet or ''}, dòng {f.row or ''})"
            if f.hint and f.hint != hint:
                message += f" {f.hint}"
            details.add(number, f.code or "", unit.name if unit else "", message)
    rows.end()
    tally = ", ".join(
        f"{count(report.count(sev))} {SEVERITY_LABELS[sev].lower()}" for sev in SEVERITIES
    )
    if order:
        summary.add("", "Tổng cộng", tally, "", count(len(report.findings)), style=TOTAL)
        verdict = f"Kết quả: {tally}; chi tiết và cách xử lý theo từng quy tắc ở bảng sau."
    else:
        verdict = "Kết quả: không phát hiện lỗi, cảnh báo hay thông tin cần lưu ý nào."
    return _document(
        reg,
        VALIDATION,
        today,
        title=["Kết quả kiểm tra danh sách mã định danh điện tử", *scope],
        subtitle=[
            f"(Kiểm tra {count(report.units)} đơn vị theo bộ quy tắc của phần mềm, "
            f"sổ tính đến {long_date(report.as_of or shown_date(None))})"
        ],
        blocks=[
            Paragraph(verdict),
            Paragraph("Tổng hợp theo quy tắc", "heading", keep_with_next=True),
            summary,
            Paragraph("Chi tiết các phát hiện", "heading", keep_with_next=True),
            details,
        ],
        landscape=True,
    )


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


# -- dispatch --------------------------------------------------------------------------------


def build_report(
    reg: Registry,
    kind: str,
    *,
    root: str | None = None,
    as_of: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    decision: str | None = None,
    by: str = BY_PARENT,
    today: str | None = None,
    on_progress: OnProgress | None = None,
) -> Document:
    """The document of one report kind, refusing options that do not belong to it;
    ``on_progress`` hears the rows built (:mod:`desktop.domain.progress`) and may raise to stop."""
    options = {
        "--as-of": (as_of, {TREE}),
        "--from": (date_from, {CHANGES}),
        "--to": (date_to, {CHANGES}),
        "--decision": (decision, {DECISION}),
        "--root": (root, {TREE, CHANGES, VALIDATION}),
    }
    if kind not in KINDS:
        raise InvalidInput(
            f"Loại báo cáo '{kind}' không có; chọn một trong: {', '.join(KINDS)}.",
            f"Unknown report kind '{kind}'.",
        )
    for flag, (value, kinds) in options.items():
        if value is not None and kind not in kinds:
            raise InvalidInput(
                f"Tùy chọn {flag} không dùng cho báo cáo {KIND_LABELS[kind]} ({kind}).",
                f"{flag} does not apply to the {kind} report.",
            )
    if kind == TREE:
        return build_tree(reg, root=root, as_of=as_of, by=by, today=today, on_progress=on_progress)
    if kind == CHANGES:
        return build_changes(
            reg,
            date_from=date_from,
            date_to=date_to,
            root=root,
            today=today,
            on_progress=on_progress,
        )
    if kind == DECISION:
        if not decision:
            raise InvalidInput(
                "Báo cáo phụ lục quyết định cần số quyết định (--decision SỐ).",
                "The decision report needs --decision NUMBER.",
            )
        return build_decision(reg, decision, today=today, on_progress=on_progress)
    return build_validation(reg, root=root, today=today, on_progress=on_progress)
