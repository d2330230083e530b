"""Importing an appendix: read, reconcile, validate the would-be registry, apply or roll back.

The changeset is applied inside one transaction in every case: the validator judges the
registry as it would be (``validate_units`` on the touched units, on the connection's current,
uncommitted state), and the transaction is rolled back for a dry run, when rows conflict, or
when the import would bring new validation errors. Only a clean, real import commits, as one
group of events bound to its decision, undoable as a whole (:func:`undo`).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from desktop.domain.codes import QCVN102, QD20
from desktop.domain.decisions import today
from desktop.domain.errors import InvalidInput
from desktop.domain.progress import TRIAL, WRITE, OnProgress
from desktop.domain.rules import ERROR, INFO, RULES, WARNING, Finding
from desktop.domain.validator import check_notations
from desktop.exchange.reader import Appendix, Notice, read_appendix
from desktop.exchange.reconcile import (
    ACTIONS,
    ADDED,
    CLOSED_ACTION,
    CONFLICT,
    MOVED,
    RECODED,
    RENAMED,
    UNCHANGED,
    Changeset,
    DecisionRequest,
    reconcile,
    resolve_decision,
)
from desktop.store import changes as store_changes
from desktop.store.backup import IMPORT as IMPORT_BACKUP
from desktop.store.backup import backup_before
from desktop.store.bulk import paused_gc
from desktop.store.ops import Change
from desktop.store.queries import attach_decision_source
from desktop.store.registry import Registry
from desktop.store.validation import Unwritten, validate_units, validate_with_new

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_COUNT_KEYS = {
    ADDED: "added",
    RENAMED: "renamed",
    RECODED: "recoded",
    MOVED: "moved",
    CLOSED_ACTION: "closed",
    UNCHANGED: "unchanged",
    CONFLICT: "conflicts",
}


class _Rollback(Exception):
    """Leaves ``reg.write()`` so that it rolls back: a dry run, or a blocked import."""


class _Stale(Exception):
    """The registry changed since the review was read (another program committed between the
    check before the transaction and the one inside it): the import is done afresh."""


@dataclass(frozen=True)
class Review:
    """What a dry run found out, for the import applied after it of the same rows with the same
    options (the window: the clerk reads the dry run, then applies it). When the registry is
    in the state the dry run read (:meth:`Registry.state`, checked inside the applying
    transaction), the registry and the rows would give the same changeset and the same
    findings again: the applied import writes, and does not reconcile or judge again.

    ``judged``: the findings on the new units, when the validator proved them before writing
    (``validate_with_new``); None when they must be written to be judged (then the applied
    import judges what it wrote, as always)."""

    options: tuple[Any, ...]
    state: tuple[Any, ...]
    changeset: Changeset  # of the rows reviewed: its ``appendix``, the very object
    steps: list[store_changes.Step]  # the changeset's (never changed by writing them)
    decision_id: int
    before: list[Finding]
    judged: list[Finding] | None

    def fits(self, appendix: Appendix, options: tuple[Any, ...], state: tuple[Any, ...]) -> bool:
        return (
            self.changeset.appendix is appendix and self.options == options and self.state == state
        )


@dataclass
class ImportResult:
    changeset: Changeset
    decision: DecisionRequest
    findings: list[Finding | Notice] = field(default_factory=list)
    new_errors: list[Finding] = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False
    import_id: str | None = None
    change: Change | None = None  # what an applied import changed, as any operation returns
    # A dry run's: what the import applied after it may take as found (see Review).
    review: Review | None = field(default=None, repr=False, compare=False)

    @property
    def appendix(self) -> Appendix:
        return self.changeset.appendix

    @property
    def blocked(self) -> bool:
        """Conflicts, or validation errors the import would bring: nothing may be written."""
        return self.changeset.blocked or bool(self.new_errors)

    def as_dict(self, notation: str) -> dict[str, Any]:
        """The ``import --json`` object of design.md §3."""
        counts = self.changeset.counts
        decision = self.decision.as_dict()
        decision["import_id"] = self.import_id
        out: dict[str, Any] = {
            "decision": decision,
            "sheets": [s.name for s in self.appendix.sheets],
            "rows_read": len(self.appendix.rows),
        }
        for action in (ADDED, RENAMED, RECODED, MOVED, CLOSED_ACTION, UNCHANGED, CONFLICT):
            out[_COUNT_KEYS[action]] = counts[action]
        out["changes"] = [
            c.as_dict(notation) for c in self.changeset.changes if c.action != UNCHANGED
        ]
        # Units added under a parent that closed after the decision's date end with it.
        out["ends_with_parent"] = [e.as_dict(notation) for e in self.changeset.endings]
        # Units added under a parent whose code changed after the date follow it.
        out["follows_parent"] = [c.as_dict(notation) for c in self.changeset.carried]
        # Endings with the parent replaced by a closure or a move dated before them.
        out["endings_replaced"] = [e.as_dict(notation) for e in self.changeset.set_aside]
        # Units the registry holds from a later act, that this older one issued first.
        out["earlier_basis"] = [b.as_dict(notation) for b in self.changeset.bases]
        # Enterprises added under a body that closed after the date pass to its successor.
        out["to_successor"] = [e.as_dict(notation) for e in self.changeset.handed]
        out["findings"] = [f.as_dict() for f in self.findings]
        out["summary"] = [k.as_dict() for k in self.summary()]
        out["applied"] = self.applied
        return out

    def summary(self) -> list[FindingKind]:
        """The findings grouped per rule, blocking ones first: a count and the cells."""
        kinds: dict[str, FindingKind] = {}
        for f in self.findings:
            kind = kinds.get(f.rule)
            if kind is None:
                kind = kinds[f.rule] = FindingKind(f.rule, f.severity)
            kind.findings.append(f)
            if f.severity == ERROR:
                kind.severity = ERROR
        return sorted(kinds.values(), key=lambda k: _SEVERITY_ORDER.get(k.severity, 3))


@dataclass
class FindingKind:
    """All the findings of one rule in an import: what the text output prints on one line."""

    rule: str
    severity: str
    findings: list[Finding | Notice] = field(default_factory=list)

    @property
    def title(self) -> str:
        rule = RULES.get(self.rule)
        return rule.title_vi if rule else self.rule

    @property
    def cells(self) -> list[str]:
        """Where each finding is: the cell (``Phụ lục I!B12``), else the row, else the code."""
        out = []
        for f in self.findings:
            column = getattr(f, "column", None)
            if f.sheet and f.row and column:
                out.append(f"{f.sheet}!{column}{f.row}")
            elif f.sheet and f.row:
                out.append(f"{f.sheet}!{f.row}")
            elif f.code:
                out.append(f.code)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "count": len(self.findings),
            "cells": self.cells,
        }


def import_appendix(
    reg: Registry,
    source: str | Path | Appendix,
    *,
    sheets: Sequence[str] | None = None,
    number: str | None = None,
    issuer: str | None = None,
    signed: str | None = None,
    effective: str | None = None,
    replace_list: bool = False,
    dry_run: bool = False,
    reissue: Sequence[int] = (),
    type: str | None = None,
    on_progress: OnProgress | None = None,
    reviewed: ImportResult | None = None,
) -> ImportResult:
    """Import an appendix (a path, or one already read) into the registry.

    ``reissue``: the events of this import undone before, when it is done again (redo): their
    codes go back to the units it makes again (see ``Operations.reissuing``). ``on_progress``
    hears of the rows read and reconciled and the units written; when it raises, nothing is
    written (the transaction rolls back). ``reviewed``: the dry run of the same rows the clerk
    has read; an applied import takes its changeset and findings as they are when nothing was
    committed since (:class:`Review`), and does everything afresh otherwise.
    """
    options: dict[str, Any] = {
        "sheets": sheets,
        "number": number,
        "issuer": issuer,
        "signed": signed,
        "effective": effective,
        "replace_list": replace_list,
        "dry_run": dry_run,
        "type": type,
        "on_progress": on_progress,
    }
    with paused_gc():
        if reissue and not dry_run:
            backup_before(reg, IMPORT_BACKUP, if_changed=True)  # outside the transaction
            with reg.reissuing(reissue):
                return _import(reg, source, backed_up=True, **options)
        review = reviewed.review if reviewed is not None and not dry_run else None
        if review is not None:
            try:
                return _import(reg, source, backed_up=False, review=review, **options)
            except _Stale:
                pass
        return _import(reg, source, backed_up=False, **options)


def _import(
    reg: Registry,
    source: str | Path | Appendix,
    *,
    sheets: Sequence[str] | None,
    number: str | None,
    issuer: str | None,
    signed: str | None,
    effective: str | None,
    replace_list: bool,
    dry_run: bool,
    backed_up: bool,
    type: str | None = None,
    on_progress: OnProgress | None = None,
    review: Review | None = None,
) -> ImportResult:
    appendix = (
        source
        if isinstance(source, Appendix)
        else read_appendix(source, list(sheets) if sheets else None, on_progress=on_progress)
    )
    # What the changeset and the findings depend on besides the registry and the rows (the
    # validator's findings on pending acts: today).
    asked = (number, issuer, signed, effective, replace_list, type, today())
    if review is not None and not review.fits(appendix, asked, reg.state()):
        review = None
    request = resolve_decision(
        reg, appendix, number=number, issuer=issuer, signed=signed, effective=effective, type=type
    )
    if not dry_run:
        _require_decision(request, appendix)
    changeset = (
        review.changeset
        if review is not None
        else reconcile(
            reg,
            appendix,
            as_of=request.effective,
            replace_list=replace_list,
            on_progress=on_progress,
        )
    )
    result = ImportResult(changeset, request, dry_run=dry_run)
    findings: list[Finding | Notice] = [*request.notices, *changeset.notices]
    findings.extend(_notation_findings(appendix))
    if dry_run:
        findings.extend(_undecided(request, appendix))
    group = store_changes.new_import_group(appendix.sha256)
    on_write = on_progress
    if dry_run and on_progress is not None:
        # A dry run's writing is rolled back: it is not said to be written.
        on_write = partial(_trial, on_progress)
    if dry_run and reg.readonly:
        # A registry that cannot be written cannot hold the would-be state either: the
        # changeset is shown, unjudged by the validator.
        findings.append(
            Notice(
                "import.not-validated",
                INFO,
                "Sổ đang mở chỉ để đọc: đã đối chiếu phụ lục nhưng chưa kiểm tra sổ sau khi nhập.",
                "The registry is read-only: reconciled, but the would-be registry not validated.",
            )
        )
        result.findings = findings
        return result
    if not dry_run and not backed_up and changeset.has_changes and not changeset.blocked:
        # A copy of the registry as it was, before a change of this size (rotated; outside the
        # transaction, which the copy must not see half done).
        backup_before(reg, IMPORT_BACKUP, if_changed=True)
    try:
        with reg.checkpoint_deferred(), reg.write():
            state = reg.state()
            if review is not None and review.state != state:
                raise _Stale
            before = review.before if review is not None else _validate_existing(reg, changeset)
            decision_id = _decision_id(reg, request, dry_run)
            if review is not None and review.decision_id != decision_id:
                raise _Stale
            effective = request.effective or today()
            steps = review.steps if review is not None else changeset.steps()
            if review is not None and review.judged is not None:
                applied = store_changes.apply_steps(
                    reg, steps, decision_id, effective, group, on_write
                )
                after = review.judged
            else:
                judged = _judged_unwritten(reg, changeset, steps, decision_id, effective)
                applied, after, proved = _write_and_judge(
                    reg, steps, judged, decision_id, effective, group, on_write, dry_run
                )
                if dry_run:
                    result.review = Review(
                        asked,
                        state,
                        changeset,
                        steps,
                        decision_id,
                        before,
                        after if proved else None,
                    )
            known = {(f.rule, f.unit_id, f.code) for f in before}
            result.new_errors = [
                f for f in after if f.severity == ERROR and (f.rule, f.unit_id, f.code) not in known
            ]
            findings.extend(after)
            if dry_run or result.blocked or not changeset.has_changes:
                # An import that changes nothing records nothing: no decision, no import id.
                raise _Rollback
        result.applied = True
        result.import_id = group
        result.change = Change(
            "import",
            unit_ids=applied.touched,
            created=list(applied.created.values()),
            group_id=group,
        )
    except _Rollback:
        pass
    # Every finding carries its rule's hint unless it has a more precise one.
    findings = [
        dataclasses.replace(f, hint=RULES[f.rule].hint_vi) if not f.hint and f.rule in RULES else f
        for f in findings
    ]
    order = {s.name: i for i, s in enumerate(appendix.sheets)}
    findings.sort(
        key=lambda f: (
            _SEVERITY_ORDER.get(f.severity, 3),
            order.get(f.sheet or "", len(order)),
            f.row or 0,
        )
    )
    result.findings = findings
    return result


def _trial(on_progress: OnProgress, _step: str, done: int, total: int) -> None:
    on_progress(TRIAL, done, total)


def _undecided(request: DecisionRequest, appendix: Appendix) -> list[Notice]:
    """What a real import will ask for and a dry run goes without: said in the dry run, so
    that a clerk does not learn it only when the real import is refused."""
    if not request.number and not appendix.decision.draft:
        return [
            Notice(
                "import.no-decision",
                WARNING,
                f"Tệp '{appendix.file_name}' không ghi số quyết định (dòng 'Kèm theo Quyết định "
                "số ...'): khi nhập thật hãy ghi --decision SỐ.",
                f"'{appendix.file_name}' names no decision: give --decision NUMBER to import it.",
            )
        ]
    if request.number and not request.effective:
        return [
            Notice(
                "import.no-effective",
                WARNING,
                f"Chưa biết ngày hiệu lực của {request.cited} (phụ lục không ghi ngày, hoặc ghi "
                "một ngày không có thật): chạy thử đã đối chiếu với sổ hôm nay; khi nhập thật "
                "hãy ghi --effective NN/TT/NNNN (hoặc --signed).",
                f"The effective date of {request.number} is unknown: the dry run compared with "
                "today's registry; give --effective to import it.",
            )
        ]
    return []


def _require_decision(request: DecisionRequest, appendix: Appendix) -> None:
    if not request.number and appendix.decision.draft:
        raise InvalidInput(
            f"Tệp '{appendix.file_name}' là phụ lục của dự thảo (số quyết định để trống); chỉ "
            "ghi vào sổ phụ lục của quyết định đã ký: hãy ghi --decision SỐ.",
            f"'{appendix.file_name}' is a draft's appendix (blank number): give --decision.",
        )
    if not request.number:
        raise InvalidInput(
            f"Tệp '{appendix.file_name}' không ghi số quyết định (dòng 'Kèm theo Quyết định "
            "số ...'): hãy ghi --decision SỐ.",
            f"'{appendix.file_name}' names no decision: give --decision NUMBER.",
        )
    if not request.effective:
        raise InvalidInput(
            f"Chưa biết ngày hiệu lực của {request.cited}: hãy ghi --effective "
            "NN/TT/NNNN (hoặc --signed).",
            f"The effective date of decision {request.number} is unknown: give --effective.",
        )


def _decision_id(reg: Registry, request: DecisionRequest, dry_run: bool) -> int:
    if request.existing_id is not None:
        recorded = reg.decision(request.existing_id).type
        if request.type_given and request.type and request.type != recorded:
            # A correction only when it corrects something (a redo names the same type again).
            reg.set_decision_type(request.existing_id, request.type)
        attach_decision_source(reg, request.existing_id, request.source_file, request.source_sha256)
        return request.existing_id
    # A dry run may have no decision yet; a stand-in one lives only inside the rolled-back
    # transaction.
    number = request.number or f"~chay-thu-{secrets.token_hex(4)}"
    assert request.number or dry_run
    return reg.add_decision(
        number,
        request.effective or today(),
        issuer=request.issuer,
        signed=request.signed,
        source_file=request.source_file,
        source_sha256=request.source_sha256,
        type=request.type,
    )


def _write_and_judge(
    reg: Registry,
    steps: list[store_changes.Step],
    judged: Unwritten | None,
    decision_id: int,
    effective: str,
    group: str,
    on_write: OnProgress | None,
    dry_run: bool,
) -> tuple[store_changes.Applied, list[Finding], bool]:
    """Write the steps (a dry run: only what the validator must read, if anything) and the
    findings on the registry they make; and whether the validator proved them unwritten."""
    if judged is not None and dry_run and judged.plain():
        # Nothing to write to judge it: a dry run of it writes nothing.
        if on_write is not None:
            on_write(WRITE, len(steps), len(steps))
        return store_changes.Applied(group), judged.findings, True
    if judged is None or dry_run:
        applied = store_changes.apply_steps(
            reg, steps, decision_id, effective, group, on_write, trial=dry_run
        )
        plain = False
    elif judged.count < store_changes.WRITE_BEHIND_FROM:
        # Too few to be worth a thread: judged once written.
        applied = store_changes.apply_steps(reg, steps, decision_id, effective, group, on_write)
        plain = judged.plain()
    else:
        # The new units' own tests read nothing: they run while SQLite writes.
        with ThreadPoolExecutor(1, "madinhdanh-judge") as alongside:
            proving = alongside.submit(judged.plain)
            applied = store_changes.apply_steps(reg, steps, decision_id, effective, group, on_write)
            plain = proving.result()
    if plain and judged is not None:
        return applied, judged.findings, True
    return applied, validate_units(reg, applied.touched) if applied.touched else [], False


def _judged_unwritten(
    reg: Registry,
    changeset: Changeset,
    steps: list[store_changes.Step],
    decision_id: int,
    effective: str,
) -> Unwritten | None:
    """The findings on the registry with the import's new units, judged before they are
    written, when the import only adds units and the validator can prove them (see
    ``validate_with_new``); None when they must be written to be judged.

    A list of new units only (a body's first list, or additions) is most of a large import:
    judged so, a dry run writes nothing and an applied import does not read back what it
    wrote."""
    if not steps or changeset.endings or changeset.carried or changeset.handed:
        return None
    if changeset.set_aside or changeset.bases:
        return None
    new = store_changes.new_units(steps, decision_id, effective)
    if new is None:
        return None
    return validate_with_new(reg, [], new)


def _validate_existing(reg: Registry, changeset: Changeset) -> list[Finding]:
    """Findings on the existing units the import touches, before it: an import is blocked
    only by errors it brings, not by those the registry already had."""
    ids = {c.unit_id for c in changeset.changes if c.unit_id is not None and c.action != UNCHANGED}
    ids |= {
        c.parent_ref
        for c in changeset.changes
        if c.action == ADDED and c.parent_ref is not None and c.parent_ref >= 0
    }
    return validate_units(reg, sorted(ids)) if ids else []


def _notation_findings(appendix: Appendix) -> list[Finding]:
    """``code.notation-mixed`` when the appendix writes codes both ways (judged only then: the
    rows already know their notation, and a uniform file needs no second parse)."""
    notations = {r.check.notation for r in appendix.rows if r.code is not None}
    if not {QCVN102, QD20} <= notations:
        return []
    return check_notations((r.raw_code, r.sheet, r.row) for r in appendix.rows if r.code)


def undo(reg: Registry, import_id: str | None = None) -> tuple[store_changes.ImportRecord, Change]:
    """Annul one applied import (the latest one still in force when no id is given)."""
    record = store_changes.find_import(reg, import_id)
    if record.undone:
        raise InvalidInput(
            f"Lần nhập {record.group_id} đã được hoàn tác trước đó.",
            f"Import {record.group_id} was already undone.",
        )
    return record, store_changes.undo_import(reg, record.group_id)


__all__ = ["ACTIONS", "ImportResult", "import_appendix", "undo"]
