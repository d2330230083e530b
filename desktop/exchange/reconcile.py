"""Reconciliation: an appendix's rows against the registry as of the decision's effective date.

Rows are matched level by level, parents first, on a projection of the registry that follows
the changes already decided (a recoded parent carries its subtree, as the store will do):

1. by code: the unit holding the row's code → ``unchanged`` or ``renamed``; a closed unit's code
   is a conflict (codes are never reused);
2. by folded name under the row's parent, among units the appendix does not list under their
   own code → ``recoded``; then by folded name anywhere in the same level-1 body, among units
   missing from a part of the tree the appendix covers → ``moved``; a name must be unique on
   both sides to match, so that ten "Văn phòng" never pair up by chance;
3. anything else → ``added``, unless its code was ever used (conflict) or its parent cannot be
   found (conflict).

With ``replace_list``, active units missing from the parts of the tree the appendix covers
(the children of every parent its rows sit under) are proposed for closing, with their subtrees.
Conflicts block applying. The result is a :class:`Changeset`; nothing here writes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

from desktop.domain import history
from desktop.domain.abbreviations import abbreviated_only, place_added, same_body
from desktop.domain.bodies import same_body_names
from desktop.domain.codes import AGENCY, QCVN102, Code, check_code, from_canonical, rebase
from desktop.domain.decisions import (
    cite,
    clean_number,
    keep_effective,
    parse_date,
    parse_type,
    people_date,
    repair_number,
    suggest_type,
)
from desktop.domain.eras import ends_with_parent, outlives_parent, started_by
from desktop.domain.errors import ConflictError, InvalidInput, NotFound
from desktop.domain.progress import PROGRESS_EVERY, RECONCILE, OnProgress
from desktop.domain.rules import RULES
from desktop.domain.text import fold, spelling_only
from desktop.domain.units import ACTIVE, ANNULLED, CLOSED, DRAFT, Unit
from desktop.domain.validator import rule_for_problem
from desktop.domain.words import QT_TR_NOOP
from desktop.exchange.reader import (
    ERROR,
    INFO,
    WARNING,
    Appendix,
    AppendixRow,
    DecisionHint,
    Notice,
)
from desktop.store import changes as store_changes
from desktop.store.asof import changed_after, ended_with_parent_after, units_as_of, units_on
from desktop.store.ops import Carry, carry_codes
from desktop.store.queries import (
    code_holders,
    level1_in_force,
    reserved_among,
    unit_ids_by_codes,
)
from desktop.store.reference import UNKNOWN, level1_standing
from desktop.store.registry import Registry

ADDED = "added"
RENAMED = "renamed"
RECODED = "recoded"
MOVED = "moved"
UNCHANGED = "unchanged"
CLOSED_ACTION = "closed"
CONFLICT = "conflict"
# A row whose code a later act (already in the registry) gave the same body: this older act is
# its earlier basis (decisions entered out of order).
BASIS = history.BASIS
ACTIONS = (ADDED, BASIS, RENAMED, RECODED, MOVED, CLOSED_ACTION, UNCHANGED, CONFLICT)
ACTION_LABELS = {
    ADDED: QT_TR_NOOP("Thêm mới"),
    BASIS: history.EVENT_LABELS[history.BASIS],
    RENAMED: history.EVENT_LABELS[history.RENAME],
    RECODED: history.EVENT_LABELS[history.RECODE],
    MOVED: history.EVENT_LABELS[history.MOVE],
    CLOSED_ACTION: history.EVENT_LABELS[history.CLOSE],
    UNCHANGED: QT_TR_NOOP("Không đổi"),
    CONFLICT: QT_TR_NOOP("Xung đột"),
}
_LIVE = (ACTIVE, DRAFT)
# The owner a code carried over by a restore gets: no unit of this copy holds it.
RESERVED = 0


@dataclass
class DecisionRequest:
    """The decision an import is bound to: from the command line, else the appendix's line."""

    number: str | None
    effective: str | None
    issuer: str = ""
    signed: str | None = None
    existing_id: int | None = None
    source_file: str | None = None
    source_sha256: str | None = None
    notices: list[Notice] = field(default_factory=list)
    type: str | None = None  # the act's type (``nghi-quyet``...), suggested from the number
    type_given: bool = False  # named by the clerk (``--type``), so it corrects a recorded one

    @property
    def cited(self) -> str:
        """``Nghị quyết số 202/2025/QH15``: how messages name the act."""
        return cite(self.number or "", self.type)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "type": self.type,
            "issuer": self.issuer or None,
            "signed": self.signed,
            "effective": self.effective,
            "existing": self.existing_id is not None,
            "source_file": self.source_file,
            "source_sha256": self.source_sha256,
        }


def resolve_decision(
    reg: Registry,
    appendix: Appendix,
    *,
    number: str | None = None,
    issuer: str | None = None,
    signed: str | None = None,
    effective: str | None = None,
    type: str | None = None,
) -> DecisionRequest:
    hint = appendix.decision
    typed = repair_number(number) if number else None
    number = clean_number(number) if number else hint.number
    signed = parse_date(signed, "ngày ký") if signed else hint.signed
    effective = parse_date(effective, "ngày hiệu lực") if effective else None
    request = DecisionRequest(
        number=number,
        effective=effective or signed,
        issuer=issuer if issuer is not None else (hint.issuer or ""),
        signed=signed,
        source_file=appendix.file_name,
        source_sha256=appendix.sha256,
        type=_act_type(type, number, hint),
        type_given=bool(type),
    )
    if typed is not None and typed.message is not None:
        # the number the clerk typed (--decision, the wizard's field), repaired: said, not silent
        request.notices.append(Notice("import.decision-number-repaired", WARNING, *typed.message))
    if number:
        existing = reg.decision_by_number(number)
        # A withdrawn decision is recorded anew (add_decision brings it back, in its history).
        if existing is not None and not existing.withdrawn:
            request.effective = keep_effective(existing, effective, InvalidInput)
            if hint.number and hint.signed and existing.signed and hint.signed != existing.signed:
                request.notices.append(
                    Notice(
                        "import.decision-differs",
                        WARNING,
                        f"Phụ lục ghi Quyết định số {hint.number} ký ngày "
                        f"{people_date(hint.signed)}, nhưng sổ ghi quyết định này ký ngày "
                        f"{people_date(existing.signed)}; dùng thông tin trong sổ.",
                        f"The appendix dates decision {hint.number} {people_date(hint.signed)}; "
                        f"the registry says {people_date(existing.signed)}. "
                        "The registry's is used.",
                        hint="Kiểm tra lại số và ngày của quyết định trên phụ lục.",
                        sheet=hint.sheet,
                        row=hint.row,
                    )
                )
            request.number = existing.number
            request.existing_id = existing.id
            request.signed = existing.signed
            request.issuer = existing.issuer
            if not type:
                request.type = existing.type
    return request


def _act_type(given: str | None, number: str | None, hint: DecisionHint) -> str | None:
    """The act's type: the clerk's, else the one the appendix's line names for that number,
    else the one the number's symbol suggests."""
    if given:
        return parse_type(given)
    if hint.type and number == hint.number:
        return hint.type
    return suggest_type(number) if number else None


@dataclass
class Proposed:
    """One line of the changeset: what happens to one row (or, for closures, one unit)."""

    action: str
    code: str | None  # canonical text of the code the unit ends with
    name: str | None
    kind: str = AGENCY
    old_code: str | None = None
    old_name: str | None = None
    parent: str | None = None  # canonical code of the parent
    sheet: str | None = None
    row: int | None = None
    unit_id: int | None = None
    parent_ref: int | None = None  # unit id, or the key of a unit added by this changeset
    key: int | None = None  # for added units: how later lines refer to it
    level: int = 0
    source: AppendixRow | None = None
    reason: Notice | None = None
    folded: str | None = None  # fold(name), computed once for matching

    def _shown(self, text: str | None, notation: str) -> str | None:
        if text is None:
            return None
        return from_canonical(text, self.kind).format(notation)

    def _shown_parent(self, notation: str) -> str | None:
        if self.parent is None:
            return None
        # An enterprise's parent is its head office (digits) or the agency it belongs to.
        kind = AGENCY if self.parent[:1].isalpha() else self.kind
        return from_canonical(self.parent, kind).format(notation)

    def as_dict(self, notation: str = QCVN102) -> dict[str, Any]:
        return {
            "action": self.action,
            "code": self._shown(self.code, notation) if self.action != CONFLICT else self.code,
            "name": self.name,
            "old_code": self._shown(self.old_code, notation),
            "old_name": self.old_name,
            "parent": self._shown_parent(notation),
            "sheet": self.sheet,
            "row": self.row,
        }


class _Listed:
    """What a changeset lists besides its lines (as the store will record it): ``as_dict`` gives
    every field but ``kind``, in field order, the codes written in the registry's notation
    (``OWN_CODES`` of the unit's kind, ``AGENCY_CODES`` of the bodies it sits under)."""

    OWN_CODES: ClassVar[tuple[str, ...]] = ("code",)
    AGENCY_CODES: ClassVar[tuple[str, ...]] = ()
    kind: str

    def as_dict(self, notation: str = QCVN102) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]  # each subclass is a dataclass
            value = getattr(self, f.name)
            if f.name == "kind":
                continue
            if f.name in self.OWN_CODES:
                value = from_canonical(value, self.kind).format(notation)
            elif f.name in self.AGENCY_CODES:
                value = from_canonical(value).format(notation)
            out[f.name] = value
        return out


@dataclass
class Ending(_Listed):
    """A unit the changeset adds under a parent that closed after the decision's date: it ends
    with that parent (its date and decision), as the store will record it."""

    AGENCY_CODES = ("parent",)

    code: str  # canonical
    name: str
    parent: str  # canonical code of the parent that closes
    effective: str
    decision: str | None  # the parent's closing act, as cited
    kind: str = AGENCY


@dataclass
class Handed(_Listed):
    """An enterprise the changeset adds under a body that closed after the decision's date with
    one successor: it passes to the successor then (the body's date and act), its code
    unchanged, as the store will record it (``Operations._hand_over``)."""

    AGENCY_CODES = ("parent", "successor")

    code: str  # canonical
    name: str
    parent: str  # canonical code of the body that closes
    successor: str  # canonical code of the body it passes to
    effective: str
    decision: str | None  # the closing act, as cited
    kind: str = AGENCY


@dataclass
class Carried(_Listed):
    """A unit the changeset adds under a parent whose code changed after the decision's date:
    it takes its new code then (the parent's date and decision), as the store will record it."""

    OWN_CODES = ("code", "new_code")

    code: str  # canonical, the code the row gives (on the decision's date)
    name: str
    new_code: str  # canonical, the code it follows its parent to
    effective: str
    decision: str | None  # the parent's act, as cited
    kind: str = AGENCY


@dataclass
class Basis(_Listed):
    """A unit the registry holds from a later act that this older act had already issued its
    code to: the unit will start on the older date, with the name the older act gave."""

    code: str  # canonical
    name: str  # the name the older act gives
    later_effective: str  # the date the unit starts on in the registry now
    later_name: str  # its name from that date
    later_decision: str | None  # the later act, as cited
    kind: str = AGENCY


@dataclass
class Changeset:
    appendix: Appendix
    as_of: str | None
    changes: list[Proposed] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    endings: list[Ending] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)
    # Endings with the parent that the changeset replaces (it closes or moves the unit first).
    set_aside: list[Ending] = field(default_factory=list)
    bases: list[Basis] = field(default_factory=list)
    # Enterprises that pass to the successor of a body that closed after the date.
    handed: list[Handed] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(c.action for c in self.changes)
        return {a: counted.get(a, 0) for a in ACTIONS}

    @property
    def conflicts(self) -> list[Proposed]:
        return [c for c in self.changes if c.action == CONFLICT]

    @property
    def blocked(self) -> bool:
        return any(c.action == CONFLICT for c in self.changes)

    @property
    def has_changes(self) -> bool:
        return any(c.action not in (UNCHANGED, CONFLICT) for c in self.changes)

    def steps(self) -> list[store_changes.Step]:
        """What the store writes: every line except unchanged ones and conflicts."""
        out = []
        make_step = store_changes.Step
        add = store_changes.ADD
        for c in self.changes:
            action = c.action
            if action in (UNCHANGED, CONFLICT):
                continue
            source = c.source
            code = source.code if source is not None else None
            if code is None and c.code:
                code = from_canonical(c.code, c.kind)
            if action == ADDED:
                details = {}
                if source is not None:
                    if source.details:
                        details = dict(source.details)
                    if source.note:
                        details["note"] = source.note
                # action, level, unit_id, key, code, name, parent, details, folded
                out.append(
                    make_step(
                        add, c.level, None, c.key, code, c.name, c.parent_ref, details, c.folded
                    )
                )
            elif c.action == BASIS:
                out.append(
                    store_changes.Step(
                        store_changes.BASIS,
                        c.level,
                        unit_id=c.unit_id,
                        name=c.name,
                        details=dict(c.source.details) if c.source else {},
                    )
                )
            elif c.action == RENAMED:
                step = store_changes.Step(
                    store_changes.RENAME, c.level, unit_id=c.unit_id, name=c.name
                )
                out.append(step)
            elif c.action in (RECODED, MOVED):
                kind = store_changes.RECODE if c.action == RECODED else store_changes.MOVE
                out.append(
                    store_changes.Step(
                        kind, c.level, unit_id=c.unit_id, code=code, parent=c.parent_ref
                    )
                )
                if c.name and c.old_name and c.name != c.old_name:
                    # The same folded name spelt anew: the unit is renamed as well.
                    out.append(
                        store_changes.Step(
                            store_changes.RENAME, c.level, unit_id=c.unit_id, name=c.name
                        )
                    )
            elif c.action == CLOSED_ACTION:
                out.append(store_changes.Step(store_changes.CLOSE, c.level, unit_id=c.unit_id))
        return out


def _level(code: Code) -> int:
    """Processing order: agencies by level, then enterprises (head office before branch) and
    scheme codes."""
    if code.kind == AGENCY:
        return len(code.groups)
    return 10 + len(code.groups)


class _Reconciler:
    def __init__(
        self,
        reg: Registry,
        appendix: Appendix,
        as_of: str | None,
        replace_list: bool,
        on_progress: OnProgress | None = None,
    ) -> None:
        self.reg = reg
        self.on_progress = on_progress
        self.matched = 0  # rows matched so far, for on_progress
        self.appendix = appendix
        self.as_of = as_of
        self.replace_list = replace_list
        self.notation = reg.notation
        self.notices: list[Notice] = []
        self.units: dict[int, Unit] = {}
        self.code: dict[int, str] = {}
        self.parent: dict[int, int | None] = {}
        self.holder: dict[str, int] = {}
        self.children: dict[int | None, set[int]] = defaultdict(set)
        self.used: dict[str, int] = {}
        self.listed: set[int] = set()
        self.later: set[int] = set()
        # Units whose only changes after the date are their endings with their parent: a
        # back-filled list may still rename or close them (not recode or move them).
        self.ended_later: set[int] = set()
        self.next_key = -1
        self.added_names: dict[int, str] = {}
        self.covered: set[str] = set()
        self.top_listed = False
        self._by_fold: dict[str, list[int]] | None = None
        self._folds: dict[str, str] = {}
        self.looked_up: set[str] = set()  # codes whose owner was read (owned or not)
        self._rows_by_code: dict[str, AppendixRow] | None = None
        self.body_code: str | None = None
        self._sections: dict[str, str | None] = {}
        self.bases: list[Basis] = []
        # parent unit id → the later acts (id, date) that listed again units of this older
        # list under it: a unit of this list missing from them may have closed meanwhile.
        self.relisted: dict[int | None, dict[int | None, str]] = defaultdict(dict)

    # -- loading -------------------------------------------------------------------------------

    def load(self, codes: list[str], roots: set[str], other: list[str]) -> None:
        """The units in scope: under the level-1 codes of the list's agencies (``roots``) as
        they stood on the date, and the enterprises (``other``) it lists; the owners of every
        code it lists (``codes``, each once)."""
        reg = self.reg
        # The body whose appendix this is: its one level-1 code, or (for a list of enterprises
        # only) the level-1 body the decision line names as issuer.
        if len(roots) == 1:
            self.body_code = next(iter(roots))
        elif not roots and other:
            self.body_code = _issuer_level1(reg, self.appendix.decision.issuer)
            if self.body_code is not None:
                roots.add(self.body_code)
        if self.as_of is not None:
            self.later = changed_after(reg, self.as_of)
        units: dict[int, Unit] = {}
        for root in sorted(roots):
            try:
                found = units_as_of(
                    reg, self.as_of, root=root, include_closed=True, changed=self.later
                )
            except NotFound:
                continue
            units.update((u.id, u) for u in found)
        # Enterprise and scheme codes have no level-1 body to scope by: looked up by code, and
        # judged as they stood on the date, as the agencies are (a merger since carried them to
        # the successor; a unit changed after the date is refused below when touched).
        ids = unit_ids_by_codes(reg, other)
        units.update(reg.units_by_ids([i for i in ids if i not in self.later]))
        if self.as_of is not None:
            units.update(units_on(reg, [i for i in ids if i in self.later], self.as_of))
        self.units = units
        for u in units.values():
            self.code[u.id] = u.code
            self.parent[u.id] = u.parent_id
            if u.status != ANNULLED:
                self.holder.setdefault(u.code, u.id)
            self.children[u.parent_id].add(u.id)
        # In the list's order (mostly code order already: sorting it is cheap).
        codes = sorted(codes)
        self.looked_up.update(codes)
        self.used.update(code_holders(reg, codes))
        # Codes a restore carried over: issued once, owned by no unit of this copy.
        self.used.update((c, RESERVED) for c in reserved_among(reg, codes))
        if self.as_of is not None:
            # Asked only of the units in scope: the only ones matching and closing look at.
            self.ended_later = ended_with_parent_after(
                reg, self.as_of, [u for u in units if u in self.later]
            )

    # -- helpers -------------------------------------------------------------------------------

    def rows_by_code(self) -> dict[str, AppendixRow]:
        """The first row of each code the appendix writes (valid or not), in the list's order;
        built when first asked (a missing parent, a section heading to place)."""
        if self._rows_by_code is None:
            found: dict[str, AppendixRow] = {}
            for row in self.appendix.rows:
                if row.canonical is not None:
                    found.setdefault(row.canonical, row)
            self._rows_by_code = found
        return self._rows_by_code

    def shown(self, canonical: str, kind: str = AGENCY) -> str:
        return from_canonical(canonical, kind).format(self.notation)

    def live(self, uid: int) -> bool:
        return uid < 0 or self.units[uid].status in _LIVE

    def name_of(self, uid: int) -> str:
        return self.added_names[uid] if uid < 0 else self.units[uid].name

    def descendants(self, uid: int) -> list[int]:
        """Active descendants, parents first (what a recode or a move carries along)."""
        out = []
        stack = sorted(self.children.get(uid, ()), reverse=True)
        while stack:
            d = stack.pop()
            if d >= 0 and self.units[d].status not in _LIVE:
                continue
            out.append(d)
            stack.extend(sorted(self.children.get(d, ()), reverse=True))
        return out

    def owner(self, canonical: str) -> int | None:
        if canonical in self.used:
            return self.used[canonical]
        if canonical in self.looked_up:
            return None
        found = self.reg.code_owner(canonical)
        if found is None and self.reg.reserved_code(canonical) is not None:
            found = RESERVED
        if found is not None:
            self.used[canonical] = found
        return found

    def conflict(self, row: AppendixRow, vi: str, en: str, rule: str) -> Proposed:
        code = row.code.canonical if row.code is not None else row.code_text
        notice = Notice(
            rule,
            ERROR,
            f"Trang '{row.sheet}', dòng {row.row}: {vi}",
            f"Sheet '{row.sheet}', row {row.row}: {en}",
            hint=(RULES[rule].hint_vi + " " if rule in RULES else "")
            + "Sửa dòng này trong bảng tính (hoặc trong sổ) rồi nhập lại; "
            "khi còn xung đột, không có gì được ghi vào sổ.",
            code=(self.shown(code, row.code.kind) if row.code is not None else row.code_text)
            or None,
            sheet=row.sheet,
            row=row.row,
        )
        self.notices.append(notice)
        shown_code = (
            self.shown(row.code.canonical, row.code.kind) if row.code is not None else row.code_text
        )
        parent = row.code.parent if row.code is not None else None
        return Proposed(
            CONFLICT,
            shown_code or None,
            row.name or None,
            kind=row.code.kind if row.code is not None else AGENCY,
            parent=parent.canonical if parent is not None else None,
            sheet=row.sheet,
            row=row.row,
            source=row,
            reason=notice,
        )

    def project(self, uid: int, new: Code) -> str | None:
        """Give a unit a new code (and a parent, for moves), carrying its active subtree like
        ``Operations._recode_plan``; returns a clash (a code some other unit used) or None."""
        top = from_canonical(self.code[uid])
        plan = [(uid, new)]
        for d in self.descendants(uid):
            plan.append((d, rebase(from_canonical(self.code[d]), top, new)))
        for d, code in plan:
            owner = self.owner(code.canonical)
            held = self.holder.get(code.canonical)
            if (owner is not None and owner != d) or (held is not None and held != d):
                return code.canonical
        for d, code in plan:
            old = self.code[d]
            if self.holder.get(old) == d:
                del self.holder[old]
            self.code[d] = code.canonical
            self.holder[code.canonical] = d
            self.used[code.canonical] = d
        return None

    def reparent(self, uid: int, parent: int | None) -> None:
        self.children[self.parent[uid]].discard(uid)
        self.parent[uid] = parent
        self.children[parent].add(uid)

    # -- matching ------------------------------------------------------------------------------

    def run(self) -> list[Proposed]:
        rows = self.appendix.rows
        out: dict[int, Proposed] = {}
        valid: list[tuple[int, AppendixRow]] = []
        first_at: dict[str, AppendixRow] = {}
        # Gathered in the one pass over the rows: what loading, the level-1 check and the
        # matching need of the valid ones (each row's processing order is its _level).
        roots: set[str] = set()
        other: list[str] = []
        by_level1: dict[str, int] = {}
        by_level: dict[int, list[tuple[int, AppendixRow]]] = defaultdict(list)
        columns: list[tuple[int, AppendixRow]] = []  # rows with a level or parent column
        for i, row in enumerate(rows):
            canonical = row.canonical
            code = row.code
            if code is None:
                first = row.check.errors[0] if row.check.errors else None
                out[i] = self.conflict(
                    row,
                    f"mã '{row.raw_code}' không hợp lệ: {first.vi if first else ''}",
                    f"invalid code '{row.raw_code}'.",
                    rule_for_problem(first.id) if first else "code.syntax",
                )
                continue
            if not row.name:
                out[i] = self.conflict(
                    row, "dòng có mã nhưng không có tên đơn vị.", "no name.", "name.empty"
                )
                continue
            seen = first_at.get(canonical)  # type: ignore[arg-type]
            if seen is not None:
                out[i] = self.conflict(
                    row,
                    f"mã {self.shown(code.canonical, code.kind)} đã có ở trang "
                    f"'{seen.sheet}', dòng {seen.row}; mỗi mã chỉ ghi một lần.",
                    "the code appears twice in the appendix.",
                    "code.duplicate",
                )
                continue
            first_at[canonical] = row  # type: ignore[index]
            pair = (i, row)
            valid.append(pair)
            groups = code.groups
            if code.kind == AGENCY:
                level1 = groups[0]
                roots.add(level1)
                by_level1[level1] = by_level1.get(level1, 0) + 1
                by_level[len(groups)].append(pair)
            else:
                other.append(canonical)  # type: ignore[arg-type]
                by_level[10 + len(groups)].append(pair)
            if row.parent_text or row.level_text:
                columns.append(pair)
        self.level1_outliers(valid, Counter(by_level1))
        self.load(list(first_at), roots, other)
        # Only a level or parent column says something to check (most lists have neither).
        for i, row in columns:
            bad = self.parent_column_conflict(row)
            if bad is not None:
                out[i] = bad
        if any(i in out for i, _ in columns):
            valid = [(i, r) for i, r in valid if i not in out]
            for n in by_level:
                by_level[n] = [(i, r) for i, r in by_level[n] if i not in out]
        # The parts of the tree the appendix covers: the children of every parent its rows sit
        # under, and of every unit it lists one level above rows it has (a full list of two
        # levels covers the lower level under each upper unit, even one left without children).
        covered = {r.parent_canonical for _, r in valid}
        covered.discard(None)
        covered.discard("")
        levels = {n for n, listed in by_level.items() if n < 10 and listed}
        for n in levels:
            if n + 1 in levels:
                covered.update(r.canonical for _, r in by_level[n])
        self.covered = covered  # type: ignore[assignment]
        self.top_listed = 1 in levels
        for level in sorted(by_level):
            if by_level[level]:
                self.match_level(level, by_level[level], out)
        ordered = [out[i] for i in range(len(rows))]
        if self.replace_list:
            ordered.extend(self.closures(ordered))
        return ordered

    def parent_column_conflict(self, row: AppendixRow) -> Proposed | None:
        assert row.code is not None
        text = row.parent_text
        if row.level_text.isdigit() and row.code.level and int(row.level_text) != row.code.level:
            self.notices.append(
                Notice(
                    "import.level-column",
                    WARNING,
                    f"Trang '{row.sheet}', dòng {row.row}: cột Cấp ghi {row.level_text} nhưng mã "
                    f"{self.shown(row.code.canonical)} là mã cấp {row.code.level}.",
                    f"Row {row.row}: the level column disagrees with the code.",
                    code=self.shown(row.code.canonical),
                    sheet=row.sheet,
                    row=row.row,
                )
            )
        if not text:
            return None
        check = check_code(text)
        if check.code is None:
            return None  # a parent named in words: shown, not judged
        expected = row.code.parent
        if expected is None or check.code.canonical != expected.canonical:
            wanted = self.shown(expected.canonical) if expected else "(không có)"
            return self.conflict(
                row,
                f"cột đơn vị cấp trên ghi {text} nhưng mã {self.shown(row.code.canonical)} "
                f"thuộc đơn vị cấp trên {wanted}.",
                "the parent column does not match the code.",
                "code.parent-mismatch",
            )
        return None

    def resolve_parent(self, row: AppendixRow) -> tuple[int | None, Proposed | None]:
        code = row.code
        assert code is not None
        parent = row.parent_canonical
        if parent is None:
            return None, None
        held = self.holder.get(parent)
        if held is None:
            if code.kind != AGENCY:
                head = self.reg.holder(from_canonical(parent, code.kind))
                if head is not None and head.status == CLOSED and self._closed_then(head):
                    self.parent_closed(row, parent, head.valid_to)
                return None, None  # a branch may be listed before its head office is
            return None, self.missing_parent(row, parent)
        if not self.live(held) and outlives_parent(code.kind):
            self.parent_closed(row, parent, self.units[held].valid_to if held >= 0 else None)
            return held, None
        if not self.live(held):
            # An enterprise branch's parent is its head office (no dot either): no level-1 code.
            top = code.kind == AGENCY and "." not in parent
            if top and self.as_of is None:
                return None, self.closed_without_date(row, held)
            return None, self.conflict(
                row,
                f"{'mã cấp 1' if top else 'đơn vị cấp trên'} {self.shown(parent, code.kind)} "
                f"({self.name_of(held)}) đã đóng.",
                "the level-1 code is closed." if top else "the parent unit is closed.",
                "code.level1-closed" if top else "tree.active-under-closed",
            )
        return held, None

    def closed_without_date(self, row: AppendixRow, held: int) -> Proposed:
        """A row under (or of) a level-1 body closed today, judged against today only because
        the decision's date is unknown: the missing date is the cause, and the clerk is told
        where to give it, not that the list is wrong."""
        unit = self.units[held]
        closed = f" từ {people_date(unit.valid_to)}" if unit.valid_to else ""
        closed_en = f" since {people_date(unit.valid_to)}" if unit.valid_to else ""
        return self.conflict(
            row,
            f"chưa biết ngày hiệu lực của quyết định nên đã đối chiếu với sổ hôm nay, khi mã cấp 1 "
            f"{self.shown(unit.code, unit.kind)} ({unit.name}) đã đóng{closed}. Nếu quyết định có "
            "hiệu lực trước đó, ghi ngày hiệu lực: --effective NN/TT/NNNN (dòng lệnh) hoặc ô "
            "Ngày có hiệu lực của quyết định (cửa sổ).",
            "the decision's effective date is unknown, so it was compared with today's "
            f"registry, where level-1 code {unit.code} is closed{closed_en}. "
            "Give the decision's effective date: --effective DD/MM/YYYY (command line) or the "
            "decision's effective date field (window).",
            "import.no-date-level1-closed",
        )

    def _closed_then(self, unit: Unit) -> bool:
        return self.as_of is None or (unit.valid_to is not None and unit.valid_to <= self.as_of)

    def missing_parent(self, row: AppendixRow, parent: str) -> Proposed:
        """No unit holds the row's parent code: an unpublished level-1 code, a parent whose own
        row is in conflict (named by its row), or a parent missing everywhere."""
        assert row.code is not None
        level1 = row.code.groups[0]
        if level1 not in self.holder and level1_standing(level1) == UNKNOWN:
            return self.conflict(
                row,
                f"mã cấp 1 {level1} không có trong sổ và không thuộc danh mục mã cấp 1 đã công "
                "bố (QĐ 20/2020/QĐ-TTg và các quyết định sửa đổi).",
                f"level-1 code {level1} is neither in the registry nor published.",
                "code.level1-unknown",
            )
        listed = self.rows_by_code().get(parent)
        if listed is not None:
            return self.conflict(
                row,
                f"đơn vị cấp trên {self.shown(parent)} có trong phụ lục (trang '{listed.sheet}', "
                f"dòng {listed.row}) nhưng dòng đó đang xung đột; sửa dòng đó trước.",
                f"the parent {parent} is on sheet '{listed.sheet}', row {listed.row}, which is in "
                "conflict.",
                "code.parent-missing",
            )
        later = self.reg.holder(from_canonical(parent))
        if (
            later is not None
            and self.as_of is not None
            and not started_by(later.level, later.valid_from, self.as_of)
        ):
            return self.conflict(
                row,
                f"đơn vị cấp trên {self.shown(parent)} ({later.name}) chỉ bắt đầu từ "
                f"{people_date(later.valid_from)}, sau ngày hiệu lực {people_date(self.as_of)}: "
                "một đơn vị không thể có trước đơn vị cấp trên của nó.",
                f"the parent {parent} starts on {later.valid_from}, after {self.as_of}.",
                "unit.before-parent",
            )
        return self.conflict(
            row,
            f"chưa có đơn vị cấp trên mang mã {self.shown(parent)} (trong sổ hoặc trong phụ lục).",
            f"no parent unit holds {parent}.",
            "code.parent-missing",
        )

    def match_level(
        self, level: int, rows: list[tuple[int, AppendixRow]], out: dict[int, Proposed]
    ) -> None:
        pending: list[tuple[int, AppendixRow, int | None]] = []
        on_progress = self.on_progress
        holder = self.holder
        units = self.units
        # 1. by code.
        for i, row in rows:
            if on_progress is not None:
                if self.matched % PROGRESS_EVERY == 0:
                    on_progress(RECONCILE, self.matched, len(self.appendix.rows))
                self.matched += 1
            code = row.code
            assert code is not None
            parent = row.parent_canonical
            parent_id = holder.get(parent) if parent is not None else None
            # A live parent (in the registry, or added by a row above) is the usual case;
            # anything else is judged by resolve_parent.
            if parent is not None and (
                parent_id is None or (parent_id >= 0 and units[parent_id].status not in _LIVE)
            ):
                parent_id, problem = self.resolve_parent(row)
                if problem is not None:
                    out[i] = problem
                    continue
            held = holder.get(row.canonical)  # type: ignore[arg-type]
            if held is None:
                pending.append((i, row, parent_id))
                continue
            if held < 0:  # cannot happen: duplicates were refused
                continue
            unit = self.units[held]
            if unit.status not in _LIVE:
                top = code.kind == AGENCY and code.level == 1
                if top and self.as_of is None:
                    out[i] = self.closed_without_date(row, held)
                    continue
                out[i] = self.conflict(
                    row,
                    f"mã {self.shown(code.canonical, code.kind)} là mã của "
                    f"{'cơ quan cấp 1' if top else 'đơn vị'} đã đóng "
                    f"'{unit.name}'; mã định danh không bao giờ được cấp lại.",
                    "the code belongs to a closed unit; codes are never reused.",
                    "code.level1-closed" if top else "code.reused",
                )
                continue
            self.listed.add(held)
            # A unit whose parent is recoded or moved here comes along with a new code.
            carried = unit.code if unit.code != row.canonical else None
            if code.kind == AGENCY and code.level == 1:
                # What the law fixes does not change by accident: a province's list that starts
                # with its own row matches the level-1 unit, never renames it.
                out[i] = self.proposed(UNCHANGED, row, held, parent_id)
                if unit.name != row.name and not same_body(row.name, unit.name):
                    self.level1_name_differs(row, unit)
                continue
            if code.kind != AGENCY and code.parent is None and self.unattached(held):
                attached = self.attach_listed(row, unit, held)
                if attached is not None:
                    out[i] = attached
                    continue
            if unit.name == row.name:
                out[i] = self.proposed(UNCHANGED, row, held, parent_id)
                out[i].old_code = carried
                continue
            kept = self.same_name(row, unit, held)
            if kept is not None:
                # The same body's name with its place or abbreviated: not a rename the
                # decision makes.
                out[i] = self.proposed(UNCHANGED, row, held, parent_id)
                out[i].old_code = carried
                self.name_kept(row, unit, kept)
                continue
            if held in self.later and held not in self.ended_later:
                refused = self.rename_before_later(row, unit)
                if refused is not None:
                    out[i] = refused
                    continue
            p = self.proposed(RENAMED, row, held, parent_id)
            p.old_name = unit.name
            p.old_code = carried
            out[i] = p
            if spelling_only(unit.name, row.name):
                self.spelling_only(row, unit)
        # 2. by folded name: recodes under the same parent, then moves. Only units that
        # existed before can match, so a name nobody in scope bears is settled at once.
        folded = self.folded
        folds = self._folds
        used = self.used
        looked_up = self.looked_up
        parents, codes, children = self.parent, self.code, self.children
        keys = [folds.get(r.name) or folded(r.name) for _, r, _ in pending]
        by_fold = self.by_fold()
        # Counted only for the names some unit in scope bears: the others match nothing.
        borne = [(k, pid) for k, (_, _, pid) in zip(keys, pending) if k in by_fold]
        unmatched_names = Counter(borne)
        names_anywhere = Counter(k for k, _ in borne)
        for key, (i, row, parent_id) in zip(keys, pending):
            code = row.code
            assert code is not None
            match = None
            action = ADDED
            # A level-1 code is never taken for a recode of another level-1 unit by its name.
            agency = code.kind == AGENCY
            top = agency and len(code.groups) == 1
            bearers = by_fold.get(key, ()) if agency and not top else ()
            canonical = row.canonical
            if (
                agency
                and not bearers
                and not top
                and canonical not in used
                and canonical in looked_up
            ):
                # No unit in scope bears the name and nobody ever held the code: added (what
                # add_or_conflict does for it, without its questions).
                new = self.next_key
                self.next_key -= 1
                holder[canonical] = used[canonical] = new
                parents[new] = parent_id
                codes[new] = canonical
                children[parent_id].add(new)
                self.added_names[new] = row.name
                # action, code, name, kind, old_code, old_name, parent, sheet, row, unit_id,
                # parent_ref, key, level, source, reason, folded
                out[i] = Proposed(
                    ADDED,
                    canonical,
                    row.name,
                    AGENCY,
                    None,
                    None,
                    row.parent_canonical,
                    row.sheet,
                    row.row,
                    None,
                    parent_id,
                    new,
                    level,
                    row,
                    None,
                    key,
                )
                continue
            if bearers and unmatched_names[(key, parent_id)] == 1:
                siblings = [
                    s
                    for s in bearers
                    if self.parent[s] == parent_id and s not in self.listed and self.live(s)
                ]
                if len(siblings) == 1:
                    match, action = siblings[0], RECODED
            if match is None and bearers and names_anywhere[key] == 1:
                movers = self.move_candidates(bearers, code, parent_id)
                if len(movers) == 1:
                    match, action = movers[0], MOVED
            if match is None:
                out[i] = self.add_or_conflict(row, parent_id, level)
                out[i].folded = key
                continue
            unit = self.units[match]
            # A unit whose only later events are endings with its parent (and its subtree's)
            # may be recoded or moved before them.
            subtree = [match, *self.descendants(match)]
            if any(u in self.later and u not in self.ended_later for u in subtree):
                out[i] = self.later_conflict(row, unit)
                continue
            old_code = self.code[match]
            clash = self.project(match, code)
            if clash is not None:
                out[i] = self.conflict(
                    row,
                    f"đơn vị '{unit.name}' ({self.shown(old_code)}) sẽ nhận mã "
                    f"{self.shown(code.canonical)}, nhưng mã {self.shown(clash)} (của đơn vị hoặc "
                    "đơn vị cấp dưới của nó) đã được dùng cho đơn vị khác.",
                    f"the new code {clash} is used by another unit.",
                    "code.reused",
                )
                continue
            self.listed.add(match)
            if action == MOVED:
                self.reparent(match, parent_id)
            p = self.proposed(action, row, match, parent_id)
            p.old_code = old_code
            p.old_name = unit.name if unit.name != row.name else None
            out[i] = p

    def folded(self, name: str) -> str:
        """fold(name), once per distinct name (a list repeats its "Văn phòng" many times)."""
        found = self._folds.get(name)
        if found is None:
            found = self._folds[name] = fold(name)
        return found

    def by_fold(self) -> dict[str, list[int]]:
        """Live agency units in scope by folded name (built once)."""
        if self._by_fold is None:
            index: dict[str, list[int]] = defaultdict(list)
            folded = self.folded
            for uid, unit in self.units.items():
                if unit.kind == AGENCY and unit.status in _LIVE:
                    index[folded(unit.name)].append(uid)
            self._by_fold = dict(index)
        return self._by_fold

    def move_candidates(self, bearers: list[int], code: Code, parent_id: int | None) -> list[int]:
        level1 = code.groups[0]
        found = []
        for uid in bearers:
            if uid in self.listed or not self.live(uid) or self.parent[uid] == parent_id:
                continue
            current = self.code[uid]
            if current.split(".")[0] != level1 or current == level1:
                continue
            old_parent = self.parent[uid]
            if old_parent is None or self.code.get(old_parent) not in self.covered:
                continue
            if parent_id is not None and self.is_below(parent_id, uid):
                continue
            found.append(uid)
        return found

    def is_below(self, uid: int, ancestor: int) -> bool:
        seen = 0
        cur: int | None = uid
        while cur is not None and seen < 64:
            if cur == ancestor:
                return True
            cur = self.parent.get(cur)
            seen += 1
        return False

    def add_or_conflict(
        self, row: AppendixRow, parent_id: int | None, level: int | None = None
    ) -> Proposed:
        code = row.code
        assert code is not None
        canonical = row.canonical
        assert canonical is not None
        if code.kind == AGENCY and len(code.groups) == 1:
            problem = self.new_level1(row)
            if problem is not None:
                return problem
        owner = self.owner(canonical)
        if owner == RESERVED:
            reserved = self.reg.reserved_code(canonical) or {}
            vi = (
                f"mã {self.shown(code.canonical, code.kind)} đã được cấp cho đơn vị "
                f"'{reserved.get('unit_name') or '?'}' trong sổ trước khi khôi phục từ bản sao; "
                "mã định danh không bao giờ được cấp lại."
            )
            return self.conflict(row, vi, "the code was issued before a restore.", "code.reused")
        if owner is not None:
            holder = self.units.get(owner) or self.reg.unit(owner)
            closed = holder.status == CLOSED and holder.code == code.canonical
            undone = self.undone_import(holder) if holder.status == ANNULLED else None
            if undone is not None:
                vi = (
                    f"mã {self.shown(code.canonical, code.kind)} đã được cấp cho "
                    f"'{holder.name}' khi nhập {undone}, rồi lần nhập đó bị hoàn tác; mã đã "
                    "cấp không được cấp lại, nên không nhập lại được: muốn khôi phục lần nhập "
                    "đó, dùng Làm lại (Redo) trong cửa sổ."
                )
                rule = "code.reused"
            elif holder.status == ANNULLED:
                vi = (
                    f"mã {self.shown(code.canonical, code.kind)} đã được cấp cho đơn vị "
                    f"'{holder.name}' rồi bị hủy (cấp nhầm); mã đã hủy không được cấp lại."
                )
                rule = "code.reused"
            elif (
                self.as_of is not None
                and holder.code == code.canonical
                and (holder.valid_from or "") > self.as_of
            ):
                # An older decision entered after a later one that issued the same code: the
                # same body's earlier basis, unless the code went to another body.
                return self.earlier_basis(row, holder, parent_id)
            elif closed:
                vi = (
                    f"mã {self.shown(code.canonical, code.kind)} là mã của đơn vị đã đóng "
                    f"'{holder.name}'; mã định danh không bao giờ được cấp lại."
                )
                rule = "code.reused"
            else:
                vi = (
                    f"mã {self.shown(code.canonical, code.kind)} đã được cấp cho đơn vị "
                    f"'{holder.name}' (nay mang mã {self.shown(holder.code, holder.kind)}); "
                    "mã định danh không bao giờ được cấp lại."
                )
                rule = "code.reused"
            return self.conflict(row, vi, "the code was assigned to another unit before.", rule)
        body = None
        if parent_id is None and code.kind != AGENCY and code.parent is None:
            body = self.owning_body(row)
            if body is not None:
                parent_id = self.holder[body]
        key = self.next_key
        self.next_key -= 1
        self.holder[canonical] = key
        self.used[canonical] = key
        self.parent[key] = parent_id
        self.code[key] = canonical
        self.children[parent_id].add(key)
        self.added_names[key] = row.name
        p = self.proposed(ADDED, row, None, parent_id, level)
        p.key = key
        if body is not None and parent_id is not None:
            p.parent = body
            shown = self.shown(body)
            self.notices.append(
                Notice(
                    "import.enterprise-parent",
                    INFO,
                    f"Trang '{row.sheet}', dòng {row.row}: '{row.name}' ({canonical}) được gắn "
                    f"dưới {shown} ({self.name_of(parent_id)}).",
                    f"Sheet '{row.sheet}', row {row.row}: {canonical} attached under {shown}.",
                    code=canonical,
                    sheet=row.sheet,
                    row=row.row,
                )
            )
        return p

    def undone_import(self, holder: Unit) -> str | None:
        """The act (as cited) whose import created ``holder`` and was undone, if so."""
        for e in self.reg.events_of(holder.id):
            if e.type == history.CREATE and e.annulled_by is not None:
                if (e.group_id or "").startswith(store_changes.IMPORT_PREFIX):
                    return self.reg.decision(e.decision_id).cited if e.decision_id else "phụ lục"
                return None
        return None

    def earlier_basis(self, row: AppendixRow, holder: Unit, parent_id: int | None) -> Proposed:
        """A row whose code the registry gives a unit only from a later act: the same body
        (created with this code, under the same parent, a name it could have borne before a
        rename) has this older act as its earlier basis; another body is a conflict."""
        code = row.code
        assert code is not None and self.as_of is not None
        shown = self.shown(code.canonical, code.kind)
        first = min(
            (
                e
                for e in self.reg.events_of(holder.id)
                if e.shapes_history and e.type in (history.CREATE, history.BASIS)
            ),
            key=lambda e: (e.effective, e.id),
            default=None,
        )
        later = first.after if first is not None else {}
        act = self.reg.decision(first.decision_id).cited if first and first.decision_id else None
        since = f"từ ngày {people_date(holder.valid_from)}" + (f" theo {act}" if act else "")
        why = why_en = None
        if holder.status not in (ACTIVE, CLOSED):
            why = "đơn vị đó mới là dự thảo"
            why_en = "that unit is a draft"
        elif first is None or later.get("code") != code.canonical:
            why = "đơn vị đó nhận mã này sau khi đã có, không phải từ lúc được cấp mã"
            why_en = "that unit took the code after it was created"
        elif later.get("parent_id") != parent_id:
            why = "đơn vị đó thuộc đơn vị cấp trên khác"
            why_en = "that unit has another parent"
        elif not same_body_names(row.name, later.get("name") or ""):
            why = f"tên '{row.name}' của dòng này chỉ một cơ quan khác"
            why_en = "the row's name is another body's"
        if why is not None:
            return self.conflict(
                row,
                f"mã {shown} trong sổ là của '{holder.name}' ({since}); {why}; một mã chỉ "
                "thuộc một cơ quan, không bao giờ cấp lại cho cơ quan khác.",
                f"{shown} belongs to '{holder.name}' in the registry; {why_en}.",
                "code.reused",
            )
        assert first is not None
        hid = holder.id
        if hid not in self.units and hid in self.later:
            # Out of scope when loaded (it starts after the date): asked now, as for the others.
            self.ended_later |= ended_with_parent_after(self.reg, self.as_of, [hid])
        self.units[hid] = replace(
            holder,
            name=row.name,
            status=ACTIVE,
            parent_id=parent_id,
            valid_from=self.as_of,
            valid_to=None,
        )
        self.code[hid] = code.canonical
        self.parent[hid] = parent_id
        self.children[parent_id].add(hid)
        self.holder[code.canonical] = hid
        self.used[code.canonical] = hid
        self.listed.add(hid)
        self.relisted[parent_id][first.decision_id] = first.effective
        later_name = later.get("name") or holder.name
        self.bases.append(
            Basis(code.canonical, row.name, first.effective, later_name, act, kind=code.kind)
        )
        renamed = f"; tên khi đó '{row.name}', từ {people_date(first.effective)} là " + (
            f"'{later_name}'" if later_name != row.name else "không đổi"
        )
        self.notices.append(
            Notice(
                "import.earlier-basis",
                INFO,
                f"Trang '{row.sheet}', dòng {row.row}: {shown} '{later_name}' có trong sổ "
                f"{since}; quyết định này là căn cứ trước: đơn vị có từ "
                f"{people_date(self.as_of)}{renamed}.",
                f"Sheet '{row.sheet}', row {row.row}: {shown} is in the registry from "
                f"{first.effective}; this older act is its earlier basis, from {self.as_of}.",
                code=shown,
                unit_id=hid,
                sheet=row.sheet,
                row=row.row,
            )
        )
        p = self.proposed(BASIS, row, hid, parent_id)
        p.reason = self.notices[-1]  # the changeset page says why, on the line
        return p

    def missing_later(self, lines: list[Proposed]) -> None:
        """A unit this older list adds under a parent whose units a later act listed again,
        without it: it may have closed before that act. Said, not invented: no closure."""
        if not self.relisted:
            return
        cited: dict[int | None, str | None] = {}
        for p in lines:
            if p.action != ADDED or p.parent_ref not in self.relisted:
                continue
            acts = self.relisted[p.parent_ref]
            act, date = min(acts.items(), key=lambda item: item[1])
            if act not in cited:
                cited[act] = self.reg.decision(act).cited if act is not None else None
            shown = self.shown(p.code or "", p.kind)
            parent = self.shown(p.parent or "") if p.parent else ""
            self.notices.append(
                Notice(
                    "import.missing-later",
                    WARNING,
                    f"Trang '{p.sheet}', dòng {p.row}: '{p.name}' ({shown}) không có trong "
                    f"{cited[act] or 'văn bản sau'} (hiệu lực {people_date(date)}), văn bản ghi "
                    f"lại các đơn vị thuộc {parent}; nếu đơn vị đã giải thể hay sáp nhập trước "
                    "đó, hãy nhập quyết định đóng mã.",
                    f"Sheet '{p.sheet}', row {p.row}: {shown} is missing from the later act "
                    f"({date}) that lists again the units under {parent}; if it closed "
                    "before, record the act that closed it.",
                    hint=RULES["import.missing-later"].hint_vi,
                    code=shown,
                    sheet=p.sheet,
                    row=p.row,
                )
            )

    def unattached(self, held: int) -> bool:
        """An enterprise at the top level, or under a body closed on the date (left there
        when it closed without a single successor, ``enterprise.parent-closed``)."""
        parent = self.parent[held]
        if parent is None:
            return True
        unit = self.units.get(parent) or self.reg.unit(parent)
        return unit.kind == AGENCY and unit.status == CLOSED and self._closed_then(unit)

    def attach_listed(self, row: AppendixRow, unit: Unit, held: int) -> Proposed | None:
        """An enterprise the registry holds at the top level or under a closed body, listed
        in a body's appendix: moved under that body (its code unchanged)."""
        body = self.owning_body(row)
        if body is None:
            return None
        if held in self.later:
            return self.later_conflict(row, unit)
        body_id = self.holder[body]
        if body_id == self.parent[held]:
            return None
        where = (
            "đang ở cấp cao nhất của sổ"
            if self.parent[held] is None
            else "đang nằm dưới một đơn vị đã đóng"
        )
        self.reparent(held, body_id)
        p = self.proposed(MOVED, row, held, body_id)
        p.parent = body
        p.old_name = unit.name if unit.name != row.name else None
        self.notices.append(
            Notice(
                "import.enterprise-parent",
                INFO,
                f"Trang '{row.sheet}', dòng {row.row}: '{unit.name}' ({unit.code}), {where}, "
                f"được chuyển vào dưới {self.shown(body)} "
                f"({self.name_of(body_id)}), cơ quan có phụ lục ghi nó; mã không đổi.",
                f"Sheet '{row.sheet}', row {row.row}: {unit.code} moved under {body}, the body "
                "whose appendix lists it; its code is unchanged.",
                code=unit.code,
                unit_id=held,
                sheet=row.sheet,
                row=row.row,
            )
        )
        return p

    def owning_body(self, row: AppendixRow) -> str | None:
        """The live agency an enterprise or organisation listed in this appendix belongs to:
        the unit its section heading names, else the appendix's level-1 body."""
        if row.section:
            if row.section not in self._sections:
                self._sections[row.section] = self.unit_named(row.section)
            found = self._sections[row.section]
            if found is not None:
                return found
        body = self.body_code
        if body is not None and body in self.holder and self.live(self.holder[body]):
            return body
        return None

    def unit_named(self, heading: str) -> str | None:
        """The code of the one agency (listed in the appendix, or in scope) a section heading
        names: "II. Doanh nghiệp thuộc Tổng cục Đo lường" names "Tổng cục Đo lường"."""
        text = _SECTION_NUMBER.sub("", fold(heading))
        best: tuple[int, str] | None = None
        seen: set[str] = set()
        for code, listed in self.rows_by_code().items():
            if listed.code is not None and listed.code.kind == AGENCY:
                seen.add(code)
                best = _better(best, fold(listed.name), text, code)
        for unit in self.units.values():
            if unit.kind == AGENCY and unit.code not in seen and unit.status in _LIVE:
                best = _better(best, fold(unit.name), text, unit.code)
        if best is None or best[1] not in self.holder or not self.live(self.holder[best[1]]):
            return None
        return best[1]

    def spelling_only(self, row: AppendixRow, unit: Unit) -> None:
        shown = self.shown(unit.code, unit.kind)
        self.notices.append(
            Notice(
                "name.spelling-only",
                INFO,
                f"Trang '{row.sheet}', dòng {row.row}: tên của {shown} chỉ đổi cách viết (vị trí "
                f"dấu thanh hoặc chữ hoa): '{unit.name}' → '{row.name}'.",
                f"Sheet '{row.sheet}', row {row.row}: the name of {shown} is only spelt anew: "
                f"'{unit.name}' → '{row.name}'.",
                hint=RULES["name.spelling-only"].hint_vi,
                code=shown,
                unit_id=unit.id,
                sheet=row.sheet,
                row=row.row,
            )
        )

    def ancestor_names(self, uid: int) -> list[str]:
        names: list[str] = []
        parent = self.parent.get(uid)
        while parent is not None and len(names) < 8:  # a cycle in a damaged registry ends
            unit = self.units.get(parent) or self.reg.unit(parent)
            names.append(unit.name)
            parent = self.parent.get(parent, unit.parent_id)
        return names

    def same_name(self, row: AppendixRow, unit: Unit, held: int) -> str | None:
        """The rule saying why a listed name that differs from the registry's is the same
        body's name, or None: its own place added or left out ("Sở Kế hoạch và Đầu tư tỉnh Hưng
        Yên"), or words abbreviated ("Sở KH&ĐT", "UBND"). A tone mark moved or a case changed is
        a spelling-only rename instead (recorded, said)."""
        if spelling_only(unit.name, row.name):
            return None
        if place_added(unit.name, row.name, self.ancestor_names(held)):
            return "name.place-only"
        if abbreviated_only(unit.name, row.name):
            return "name.abbreviation-only"
        return None

    def name_kept(self, row: AppendixRow, unit: Unit, rule: str) -> None:
        """The list names a unit another way (its place, abbreviations): one body, the
        registry's name kept, and said."""
        shown = self.shown(unit.code, unit.kind)
        how, how_en = (
            ("chỉ khác ở tên địa phương", "only the place differs")
            if rule == "name.place-only"
            else ("chỉ khác ở chữ viết tắt", "only abbreviations differ")
        )
        self.notices.append(
            Notice(
                rule,
                INFO,
                f"Trang '{row.sheet}', dòng {row.row}: phụ lục ghi {shown} là '{row.name}', sổ "
                f"ghi '{unit.name}': {how}, cùng một cơ quan; giữ tên trong sổ, không ghi là đổi "
                "tên.",
                f"Sheet '{row.sheet}', row {row.row}: the appendix names {shown} '{row.name}', "
                f"the registry '{unit.name}': {how_en}, one body; the registry's name is kept, "
                "no rename recorded.",
                hint=RULES[rule].hint_vi,
                code=shown,
                unit_id=unit.id,
                sheet=row.sheet,
                row=row.row,
            )
        )

    def level1_name_differs(self, row: AppendixRow, unit: Unit) -> None:
        shown = self.shown(unit.code)
        self.notices.append(
            Notice(
                "import.level1-name-differs",
                WARNING,
                f"Trang '{row.sheet}', dòng {row.row}: phụ lục ghi cơ quan cấp 1 {shown} là "
                f"'{row.name}', sổ ghi '{unit.name}'; giữ tên trong sổ (tên cơ quan cấp 1 chỉ "
                "đổi theo quyết định của cơ quan cấp mã cấp 1).",
                f"Sheet '{row.sheet}', row {row.row}: the appendix names level-1 body {shown} "
                f"'{row.name}', the registry '{unit.name}'; the registry's name is kept.",
                hint=RULES["import.level1-name-differs"].hint_vi,
                code=shown,
                unit_id=unit.id,
                sheet=row.sheet,
                row=row.row,
            )
        )

    def new_level1(self, row: AppendixRow) -> Proposed | None:
        """A level-1 code the registry lacks: a conflict when unpublished, else added with a
        warning that names it."""
        assert row.code is not None and row.canonical is not None
        shown = self.shown(row.canonical)
        if level1_standing(row.canonical) == UNKNOWN:
            return self.conflict(
                row,
                f"mã cấp 1 {shown} không thuộc danh mục mã cấp 1 đã công bố (QĐ 20/2020/QĐ-TTg "
                "và các quyết định sửa đổi); không thêm được từ phụ lục.",
                f"level-1 code {row.canonical} is not published.",
                "code.level1-unknown",
            )
        self.notices.append(
            Notice(
                "import.level1-new",
                WARNING,
                f"Trang '{row.sheet}', dòng {row.row}: thêm cơ quan cấp 1 mới {shown} "
                f"'{row.name}' (chưa có trong sổ).",
                f"Sheet '{row.sheet}', row {row.row}: new level-1 body {shown} '{row.name}' added.",
                hint=RULES["import.level1-new"].hint_vi,
                code=shown,
                sheet=row.sheet,
                row=row.row,
            )
        )
        return None

    def level1_outliers(self, rows: list[tuple[int, AppendixRow]], by_level1: Counter[str]) -> None:
        """A row under another level-1 code than the rest of the list is most often a typo
        (H48 for H49), which would issue a code in another body's tree: said, not blocked,
        since a decision may list bodies of several level-1 codes. A province and its People's
        Council (H49, K49) count as one."""

        def body(level1: str) -> str:
            return level1[1:] if level1[:1] in ("H", "K") else level1

        # Counted by level-1 code (``by_level1``: of the agencies among ``rows``), then by body
        # (in the order the rows first name them).
        by_level1 = Counter({k: n for k, n in by_level1.items() if k})
        total = sum(by_level1.values())
        if total < 5:
            return
        counts: Counter[str] = Counter()
        for level1, k in by_level1.items():
            counts[body(level1)] += k
        main, n = counts.most_common(1)[0]
        if len(counts) < 2 or n * 5 < total * 4:  # no clear majority (80 %)
            return
        mains = Counter({x: k for x, k in by_level1.items() if body(x) == main})
        usual = mains.most_common(1)[0][0]
        agencies = [
            (r, c, c.groups[0])
            for _, r in rows
            if (c := r.code) is not None and c.kind == AGENCY and c.groups[0]
        ]
        for r, code, level1 in agencies:
            if level1 in mains:
                continue
            shown = self.shown(code.canonical, code.kind)
            self.notices.append(
                Notice(
                    "import.level1-outlier",
                    WARNING,
                    f"Trang '{r.sheet}', dòng {r.row}: mã {shown} thuộc cơ quan cấp 1 {level1}, "
                    f"khác {n} dòng khác của phụ lục (thuộc {usual}); kiểm tra lại mã nếu gõ nhầm.",
                    f"Sheet '{r.sheet}', row {r.row}: {shown} is under level-1 {level1}, unlike "
                    f"{n} other rows (under {usual}).",
                    hint=RULES["import.level1-outlier"].hint_vi,
                    code=shown,
                    sheet=r.sheet,
                    row=r.row,
                )
            )

    def later_conflict(self, row: AppendixRow, unit: Unit) -> Proposed:
        return self.conflict(
            row,
            f"đơn vị '{unit.name}' ({self.shown(unit.code, unit.kind)}) đã có thay đổi hiệu lực "
            f"sau ngày {people_date(self.as_of)}; thay đổi của một đơn vị phải theo thứ tự "
            "thời gian.",
            "the unit has changes effective after the decision's date.",
            "import.later-change",
        )

    def rename_before_later(self, row: AppendixRow, unit: Unit) -> Proposed | None:
        """A rename before later changes of the unit: the store's rule
        (:meth:`Operations.rename_before_later`) says whether they agree with it."""
        assert self.as_of is not None
        try:
            self.reg.rename_before_later(self.reg.unit(unit.id), row.name, self.as_of)
        except ConflictError as refused:
            return self.conflict(row, str(refused), refused.en or "", "import.later-change")
        return None

    def endings(self, lines: list[Proposed]) -> tuple[list[Ending], list[Handed]]:
        """New units under a parent that closed after the decision's date end with it (the
        store records the same; :func:`desktop.store.changes._endings`); an enterprise passes
        to the successor instead, or stays with a warning when there is no single one."""
        if self.as_of is None:
            return [], []
        parents = self.reg.units_by_ids(
            sorted(
                {
                    ref
                    for p in lines
                    if p.action == ADDED and (ref := p.parent_ref) is not None and ref >= 0
                }
            )
        )
        if not any(
            ends_with_parent(u.status == CLOSED, u.valid_to, self.as_of) for u in parents.values()
        ):
            return [], []  # no parent in the registry closed after the date
        added = sorted((p for p in lines if p.action == ADDED), key=lambda p: p.level)
        cited: dict[int | None, str | None] = {}
        # unit id or key → date, act, the unit in the registry whose closing it follows
        ends: dict[int, tuple[str, int | None, int]] = {}
        out = []
        handed = []
        for p in added:
            ref = p.parent_ref
            if ref is None or p.key is None or p.code is None:
                continue
            if ref < 0:
                if ref not in ends:
                    continue
                date, act, origin = ends[ref]
            else:
                parent = parents[ref]
                found = ends_with_parent(parent.status == CLOSED, parent.valid_to, self.as_of)
                if found is None:
                    continue
                date, act, origin = found, parent.decision_id, ref
            if act not in cited:
                cited[act] = self.reg.decision(act).cited if act is not None else None
            if outlives_parent(p.kind):
                successor = self.reg.successor_on(origin, date)
                if successor is not None:
                    handed.append(
                        Handed(
                            p.code,
                            p.name or "",
                            p.parent or "",
                            self.reg.unit(successor).code,
                            date,
                            cited[act],
                            kind=p.kind,
                        )
                    )
                elif p.source is not None:
                    self.parent_closed(p.source, p.parent or "", date)
                continue
            ends[p.key] = (date, act, origin)
            out.append(Ending(p.code, p.name or "", p.parent or "", date, cited[act], kind=p.kind))
        return out, handed

    def parent_closed(self, row: AppendixRow, parent: str, date: str | None) -> None:
        """An enterprise or branch added under a body (or head office) closed on ``date``
        with no single successor: it stays, the clerk attaches it (a warning, not a refusal:
        its tax code stands, domain §2.2)."""
        assert row.code is not None
        kind = AGENCY if parent[:1].isalpha() else row.code.kind
        shown = self.shown(parent, kind)
        holder = self.reg.holder(from_canonical(parent, kind))
        name = f" ({holder.name})" if holder is not None else ""
        since = f" từ ngày {people_date(date)}" if date else ""
        self.notices.append(
            Notice(
                "enterprise.parent-closed",
                WARNING,
                f"Trang '{row.sheet}', dòng {row.row}: '{row.name}' "
                f"({self.shown(row.code.canonical, row.code.kind)}) được gắn dưới {shown}{name}, "
                f"đơn vị đã đóng{since}; mã số doanh nghiệp vẫn còn hiệu lực, cần gắn đơn vị "
                "vào cơ quan quản lý hoặc trụ sở chính mới.",
                f"Sheet '{row.sheet}', row {row.row}: {row.code.canonical} is attached under "
                f"{parent}, which is closed; its tax code stands, attach it to its new body.",
                hint=RULES["enterprise.parent-closed"].hint_vi,
                code=self.shown(row.code.canonical, row.code.kind),
                sheet=row.sheet,
                row=row.row,
            )
        )

    def carried(self, lines: list[Proposed]) -> list[Carried]:
        """New units under a parent whose code changed after the decision's date follow it (the
        store records the same: :func:`desktop.store.changes._carries`); a code they would take
        that another unit holds turns their line into a conflict."""
        if self.as_of is None:
            return []
        existing = {p.parent_ref for p in lines if p.action == ADDED}
        later = self.reg.later_codes([r for r in existing if r is not None and r >= 0], self.as_of)
        if not later:
            return []  # no parent in the registry changed its code after the date
        added = sorted(
            (i for i, p in enumerate(lines) if p.action == ADDED), key=lambda i: lines[i].level
        )
        steps: dict[int, list[Carry]] = {}  # unit id or key → the codes it follows
        cited: dict[int | None, str | None] = {}
        out = []
        for i in added:
            p = lines[i]
            ref = p.parent_ref
            parent_steps = steps.get(ref) if ref is not None and ref < 0 else later.get(ref or 0)
            if not parent_steps or p.key is None or p.code is None or p.source is None:
                continue
            code = p.source.code
            assert code is not None
            mine = carry_codes(code, parent_steps)
            clash = next((c for c in mine if self.owner(c.code.canonical) is not None), None)
            if clash is not None:
                lines[i] = self.conflict(
                    p.source,
                    f"đơn vị cấp trên đổi mã từ ngày {people_date(clash.effective)}, nên đơn vị "
                    f"này sẽ mang mã {self.shown(clash.code.canonical, p.kind)}, nhưng mã đó đã "
                    "được cấp cho đơn vị khác; mã định danh không bao giờ được cấp lại.",
                    f"its parent was recoded on {clash.effective}: it would take "
                    f"{clash.code.canonical}, which another unit holds.",
                    "code.reused",
                )
                continue
            steps[p.key] = mine
            for c in mine:
                if c.decision_id not in cited:
                    cited[c.decision_id] = (
                        self.reg.decision(c.decision_id).cited if c.decision_id else None
                    )
                out.append(
                    Carried(
                        p.code,
                        p.name or "",
                        c.code.canonical,
                        c.effective,
                        cited[c.decision_id],
                        kind=p.kind,
                    )
                )
        return out

    def set_aside(self, lines: list[Proposed]) -> list[Ending]:
        """Units the changeset closes, or moves under a parent that does not close on the same
        date, before their ending with their parent: that ending is replaced (the store sets it
        aside in the same transaction, :meth:`Operations._set_aside_endings`)."""
        if self.as_of is None or not self.ended_later:
            return []
        out = []
        cited: dict[int | None, str | None] = {}
        for p in lines:
            if p.unit_id is None or p.action not in (MOVED, CLOSED_ACTION):
                continue
            ids, keep = [p.unit_id], None
            if p.action == MOVED:
                ids += self.descendants(p.unit_id)
                if p.parent_ref is not None and p.parent_ref >= 0:
                    parent = self.reg.unit(p.parent_ref)
                    keep = parent.valid_to if parent.status == CLOSED else None
            for uid in ids:
                if uid < 0 or uid not in self.ended_later:
                    continue
                unit = self.reg.unit(uid)
                ending = self.reg.later_ending(unit, self.as_of)
                if ending is None or ending.effective == keep:
                    continue
                act = ending.decision_id
                if act not in cited:
                    cited[act] = self.reg.decision(act).cited if act is not None else None
                old_parent = (ending.after.get(history.WITH_PARENT) or [None])[0]
                parent_code = self.reg.unit(old_parent).code if old_parent else ""
                out.append(
                    Ending(
                        unit.code, unit.name, parent_code, ending.effective, cited[act], unit.kind
                    )
                )
        return out

    def proposed(
        self,
        action: str,
        row: AppendixRow,
        uid: int | None,
        parent_id: int | None,
        level: int | None = None,
    ) -> Proposed:
        """The line of a row; ``level``: its _level, when the caller knows it."""
        code = row.code
        assert code is not None
        return Proposed(
            action,
            row.canonical,
            row.name,
            code.kind,
            None,
            None,
            row.parent_canonical,
            row.sheet,
            row.row,
            uid,
            parent_id,
            None,
            _level(code) if level is None else level,
            row,
        )

    def closures(self, lines: list[Proposed]) -> list[Proposed]:
        """Units missing from the parts of the tree the appendix covers, and their subtrees."""
        covered_ids = {self.holder[c] for c in self.covered if c in self.holder}
        parents_of_rows = {p.parent_ref for p in lines if p.action != CONFLICT and p.parent_ref}
        roots = []
        for uid, unit in self.units.items():
            if uid in self.listed or not self.live(uid) or uid in parents_of_rows:
                continue
            parent = self.parent[uid]
            if unit.kind != AGENCY or "." not in unit.code:
                continue  # enterprises, and level-1 units (the law's), are never closed this way
            if parent in covered_ids or (parent is None and self.top_listed):
                roots.append(uid)
        out = []
        closing: set[int] = set()
        for uid in roots:
            for d in [uid, *self.descendants(uid)]:
                if d < 0 or d in closing or d in self.listed:
                    continue
                closing.add(d)
                unit = self.units[d]
                p = Proposed(
                    CLOSED_ACTION,
                    self.code[d],
                    unit.name,
                    kind=unit.kind,
                    parent=from_canonical(self.code[d]).parent.canonical  # type: ignore[union-attr]
                    if unit.level and unit.level > 1
                    else None,
                    unit_id=d,
                    level=unit.level or 0,
                )
                if d in self.later and d not in self.ended_later:
                    notice = Notice(
                        "import.later-change",
                        ERROR,
                        f"Không đóng được đơn vị '{unit.name}' ({self.shown(unit.code)}): đơn vị "
                        f"đã có thay đổi hiệu lực sau ngày {people_date(self.as_of)}.",
                        "The unit has changes effective after the decision's date.",
                        code=self.shown(unit.code),
                        unit_id=d,
                    )
                    self.notices.append(notice)
                    p.action = CONFLICT
                    p.reason = notice
                    p.code = self.shown(unit.code)
                out.append(p)
        out.sort(key=lambda p: from_canonical(self.code[p.unit_id or 0]).sort_key)
        return out


_SECTION_NUMBER = re.compile(r"^(?:[ivxlc]+|[a-z]|\d+)[.)]\s*")
_ABBREVIATIONS = (("ubnd ", "uy ban nhan dan "), ("hdnd ", "hoi dong nhan dan "))


def _better(best: tuple[int, str] | None, name: str, heading: str, code: str) -> Any:
    """The longer of two names a heading holds (a heading is a name, or ends with one)."""
    if len(name) < 6 or not (heading == name or heading.endswith(" " + name)):
        return best
    if best is None or len(name) > best[0]:
        return (len(name), code)
    return best


def _issuer_level1(reg: Registry, issuer: str | None) -> str | None:
    """The level-1 code of the body a decision line names as its issuer, if one matches."""
    if not issuer:
        return None
    wanted = fold(issuer) + " "
    for short, full in _ABBREVIATIONS:
        wanted = wanted.replace(short, full)
    wanted = wanted.strip()
    found = [code for code, name in level1_in_force(reg) if fold(name) == wanted]
    return found[0] if len(found) == 1 else None


def reconcile(
    reg: Registry,
    appendix: Appendix,
    *,
    as_of: str | None = None,
    replace_list: bool = False,
    on_progress: OnProgress | None = None,
) -> Changeset:
    """The changeset an appendix makes to the registry as it stands on ``as_of``."""
    worker = _Reconciler(reg, appendix, as_of, replace_list, on_progress)
    changes = worker.run()
    carried = worker.carried(changes)
    endings, handed = worker.endings(changes)
    worker.missing_later(changes)
    if on_progress is not None:
        on_progress(RECONCILE, len(appendix.rows), len(appendix.rows))
    return Changeset(
        appendix,
        as_of,
        changes,
        [*appendix.notices, *worker.notices],
        endings,
        carried,
        worker.set_aside(changes),
        worker.bases,
        handed,
    )
