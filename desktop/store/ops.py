"""Registry mutations: each public method is one domain operation in one transaction.

An operation checks everything first, then writes the unit rows, its events (bound to a
decision, with the hash chain) and the codes it assigns, and returns a :class:`Change` that
views refresh from. The rules enforced here are the ones no registry may ever break: a code is
assigned to one unit for ever, a child's code extends its parent's, nothing is deleted, and a
unit's events never go back in time. Softer rules are the validator's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.domain import history as h
from desktop.domain.codes import (
    AGENCY,
    ENTERPRISE,
    Code,
    fit_segment,
    from_canonical,
    parse_code,
    rebase,
    suggest_child,
)
from desktop.domain.decisions import (
    clean_number,
    keep_effective,
    parse_date,
    parse_type,
    people_date,
    suggest_type,
)
from desktop.domain.eras import ends_with_parent, outlives_parent, started_by
from desktop.domain.errors import ConflictError, InvalidInput
from desktop.domain.text import clean_name, fold, name_too_long
from desktop.domain.units import ACTIVE, ANNULLED, CLOSED, DRAFT, NewUnit, Unit
from desktop.store import seals
from desktop.store.base import RegistryBase
from desktop.store.bulk import CHUNK_ROWS, insert_many
from desktop.store.decision_edits import correct_decision, reinstate_decision
from desktop.store.fields import DETAIL_FIELDS, UNIT_FIELDS


@dataclass
class Change:
    """What one operation changed, for views to refresh and for undo to annul."""

    action: str
    unit_ids: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    group_id: str | None = None
    parent_ids: set[int | None] = field(default_factory=set)


@dataclass
class Recode:
    """One line of a move or recode plan: a unit and the code it will hold."""

    unit: Unit
    new_code: Code
    new_level: int | None


@dataclass(frozen=True)
class Carry:
    """A code a unit takes on a later date because an ancestor's code changed then (a recode
    or move carries the subtree): the date, the ancestor's decision, the code, and the
    ancestor's event (``history.CARRIED``)."""

    effective: str
    decision_id: int | None
    code: Code
    cause: int


def carry_codes(code: Code, steps: Sequence[Carry]) -> list[Carry]:
    """The codes a unit created with ``code`` takes as its parent's code goes through
    ``steps`` (the parent's later code changes, in date order)."""
    out = []
    parent = code.parent
    current = code
    for step in steps:
        assert parent is not None
        current = rebase(current, parent, step.code)
        out.append(Carry(step.effective, step.decision_id, current, step.cause))
        parent = step.code
    return out


# An event that ends a unit with its parent (``history.WITH_PARENT`` in its ``after``).
ENDING_SQL = "type = 'close' AND after LIKE '%\"" + h.WITH_PARENT + "\"%'"


# What writes many rows of one plain insert: ``insert_many`` on the connection, or a writer
# thread's (store/writer.py).
Insert = Callable[[str, Sequence[Sequence[Any]]], None]


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _new_group() -> str:
    return secrets.token_hex(8)


class Operations(RegistryBase):
    """The registry's mutations, on top of its file and reads."""

    # -- low-level writers (call only inside ``self.write()``) ----------------------------------

    def _next_id(self, table: str) -> int:
        row = self.conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
        ).fetchone()
        return (row[0] if row else 0) + 1

    def _last_hash(self) -> str:
        row = self.conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else ""

    def _append_events(self, events: Sequence[dict[str, Any]]) -> list[int]:
        """Insert events in order, chaining their hashes; returns their ids."""
        if not events:
            return []
        first = self._next_id("events")
        previous = self._last_hash()
        recorded_at = _stamp()
        operator = self.operator
        rows = []
        # Each event is serialised once: the same text is hashed and stored.
        recorder = h.recorder_json(recorded_at, operator)
        encode = h.canonical_json
        # The fields a batch's events share are serialised once per kind of event.
        linkers: dict[tuple[Any, ...], Callable[[str, int, str, str], str]] = {}
        for offset, spec in enumerate(events):
            before, after = spec.get("before"), spec.get("after")
            before_json = encode(before) if before else "{}"
            after_json = encode(after) if after else "{}"
            unit_id, kind, decision_id = spec["unit_id"], spec["type"], spec["decision_id"]
            effective, group_id = spec["effective"], spec.get("group_id")
            shared = (kind, decision_id, effective, group_id)
            link = linkers.get(shared)
            if link is None:
                link = linkers[shared] = h.link_hasher(
                    kind, decision_id, effective, recorder, group_id
                )
            previous = link(previous, unit_id, before_json, after_json)
            rows.append(_event_row(
                first + offset, unit_id, kind, before_json, after_json, decision_id,
                effective, recorded_at, operator, group_id, previous,
            ))  # fmt: skip
        insert_many(self.conn, _INSERT_EVENT, rows)
        return [r[0] for r in rows]

    def _append_alike(
        self,
        kind: str,
        decision_id: int | None,
        effective: str,
        group_id: str | None,
        items: Sequence[tuple[int, str]],
        *,
        chained: bool = True,
        insert: Insert | None = None,
        first: int | None = None,
        previous: str | None = None,
    ) -> tuple[list[int], str]:
        """Many events that share their type, decision, date and group, with nothing
        ``before`` (new units' creations): ``items`` are (unit id, ``after`` as canonical
        JSON). Each text is hashed once, as stored; no event is built as a dict.

        ``chained=False`` leaves the hashes empty: only for rows a dry run writes for the
        validator to read and then rolls back (nothing reads a hash there).

        ``insert`` writes the rows, :data:`CHUNK_ROWS` at a time (by default ``insert_many``
        on the connection): a writer thread's (store/writer.py) inserts one chunk while the
        next is built. The connection is then the thread's: the caller gives the next event id
        (``first``) and the last event's hash (``previous``), read before it handed anything
        over. Returns the events' ids and the last one's hash (empty unchained)."""
        if not items:
            return [], ""
        if first is None:
            first = self._next_id("events")
        recorded_at = _stamp()
        operator = self.operator
        if insert is None:
            insert = functools.partial(insert_many, self.conn)
        rows = []
        if chained:
            link = h.link_hasher(
                kind, decision_id, effective, h.recorder_json(recorded_at, operator), group_id
            )
            if previous is None:
                previous = self._last_hash()
        else:
            previous = ""
        for event_id, (unit_id, after) in enumerate(items, first):
            if chained:
                previous = link(previous, unit_id, "{}", after)
            rows.append(_event_row(
                event_id, unit_id, kind, "{}", after, decision_id,
                effective, recorded_at, operator, group_id, previous,
            ))  # fmt: skip
            if len(rows) == CHUNK_ROWS:
                insert(_INSERT_EVENT, rows)
                rows = []
        if rows:
            insert(_INSERT_EVENT, rows)
        return list(range(first, first + len(items))), previous

    def _set_unit(self, unit_id: int, values: dict[str, Any]) -> None:
        values = dict(values)
        if "code" in values or "kind" in values:
            unit = self.unit(unit_id)
            code_text = values.get("code", unit.code)
            kind = values.get("kind", unit.kind)
            from desktop.domain.codes import from_canonical

            values["sort_key"] = from_canonical(code_text, kind).sort_key
        if "name" in values:
            values["folded_name"] = fold(values["name"])
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(
            f"UPDATE units SET {assignments} WHERE id = ?", [*values.values(), unit_id]
        )

    def _claim_codes(self, rows: Iterable[tuple[str, int, int, str]]) -> None:
        """Record codes as assigned: (code, unit id, event id, date). A code already held by
        another unit was refused before; one coming back to its own unit keeps its first row."""
        self.conn.executemany(
            "INSERT INTO codes_used (code, unit_id, event_id, first_used) VALUES (?,?,?,?) "
            "ON CONFLICT(code) DO UPDATE SET last_used = NULL",
            list(rows),
        )

    def _release_code(self, code: str, effective: str) -> None:
        self.conn.execute("UPDATE codes_used SET last_used = ? WHERE code = ?", (effective, code))

    # -- checks --------------------------------------------------------------------------------

    def _decision_effective(self, decision_id: int | None, effective: str | None) -> str:
        if effective:
            return parse_date(effective, "ngày hiệu lực")
        if decision_id is None:
            raise InvalidInput(
                "Mỗi thay đổi phải gắn với một quyết định: hãy chọn quyết định.",
                "Every change must be bound to a decision.",
            )
        return self.decision(decision_id).effective

    def _require_decision(self, decision_id: int | None) -> int:
        if self.readonly:
            with self.write():  # raises the read-only reason before any other check
                pass
        if decision_id is None:
            raise InvalidInput(
                "Mỗi thay đổi phải gắn với một quyết định: hãy chọn quyết định.",
                "Every change must be bound to a decision.",
            )
        if self.decision(decision_id).withdrawn:  # raises NotFound
            raise InvalidInput(
                "Quyết định này đã rút khỏi sổ; chọn quyết định khác.",
                "This decision was withdrawn; choose another one.",
            )
        return decision_id

    def _check_effective(self, unit: Unit, effective: str, *, past_endings: bool = False) -> None:
        """A unit's changes go forward in time. ``past_endings``: a back-filled change may come
        before the unit's ending with its parent (which only sets its status and end)."""
        where = f" AND NOT ({ENDING_SQL})" if past_endings else ""
        row = self.conn.execute(
            "SELECT max(effective) FROM events WHERE unit_id = ? AND type != 'annul' "
            "AND annulled_by IS NULL" + where,
            (unit.id,),
        ).fetchone()
        if row[0] and effective < row[0]:
            shown = unit.display_code(self.notation)
            raise ConflictError(
                f"Ngày hiệu lực {people_date(effective)} sớm hơn thay đổi gần nhất của đơn vị "
                f"{shown} ({people_date(row[0])}): thay đổi của một đơn vị phải theo thứ tự "
                "thời gian.",
                f"Effective date {people_date(effective)} precedes the latest change of {shown} "
                f"({people_date(row[0])}).",
            )

    def _ends_after(self, unit: Unit, effective: str) -> bool:
        """Whether a closed unit was open on ``effective`` and closed only by its ending with
        its parent, later (a back-filled unit a later list may still change)."""
        if unit.status != CLOSED:
            return False
        row = self.conn.execute(
            f"SELECT effective, {ENDING_SQL} FROM events WHERE unit_id = ? AND type != 'annul' "
            "AND annulled_by IS NULL ORDER BY effective DESC, id DESC LIMIT 1",
            (unit.id,),
        ).fetchone()  # latest in time: back-filled changes are recorded after the ending
        return bool(row and row[1] and row[0] > effective)

    def _check_code_free(self, code: Code, unit_id: int | None = None) -> None:
        shown = code.format(self.notation)
        reserved = self.reserved_code(code.canonical)
        if reserved is not None:
            holder_name = reserved["unit_name"] or "?"
            raise ConflictError(
                f"Mã {shown} đã được cấp cho đơn vị '{holder_name}' trong sổ trước khi khôi "
                "phục từ bản sao; mã đã cấp không bao giờ được cấp lại.",
                f"The code {shown} was issued to '{holder_name}' before the registry was "
                "restored from a copy; codes are never reissued.",
            )
        owner = self.code_owner(code.canonical)
        if owner is None or owner == unit_id:
            return
        holder = self.unit(owner)
        if holder.status == ANNULLED or not self._held_lawfully(code.canonical, owner):
            raise ConflictError(
                f"Mã {shown} đã được cấp cho đơn vị '{holder.name}' rồi bị hủy (cấp nhầm); "
                "mã đã hủy không được cấp lại.",
                f"The code {shown} was assigned to '{holder.name}' and annulled; an annulled "
                "code is never reissued.",
            )
        if holder.code == code.canonical and holder.status == ACTIVE:
            raise ConflictError(
                f"Mã {shown} đang được dùng cho đơn vị '{holder.name}'.",
                f"The code {shown} is held by '{holder.name}'.",
            )
        raise ConflictError(
            f"Mã {shown} đã từng được cấp cho đơn vị '{holder.name}'; "
            "mã định danh không bao giờ được cấp lại.",
            f"The code {shown} was once assigned to '{holder.name}'; codes are never reused.",
        )

    def _held_lawfully(self, canonical: str, unit_id: int) -> bool:
        """Whether a change still in force gave the unit this code (not only annulled ones)."""
        row = self.conn.execute(
            "SELECT 1 FROM events WHERE unit_id = ? AND type != 'annul' AND annulled_by IS NULL "
            "AND json_extract(after, '$.code') = ? LIMIT 1",
            (unit_id, canonical),
        ).fetchone()
        return row is not None

    @contextlib.contextmanager
    def reissuing(self, event_ids: Sequence[int]) -> Iterator[None]:
        """Redo of an annulled change: its codes may go back to the units it makes again.

        Annulling keeps every code the change issued; redoing the same change under the same
        decision issues them again to the same bodies, which is not a second issue. Inside this
        block (one transaction) the codes of those annulled events are free; whatever the redo
        did not take back returns to its annulled owner when the block ends.
        """
        with self.write():
            rows: list[tuple[Any, ...]] = []
            ids = list(event_ids)
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                marks = ",".join("?" * len(chunk))
                rows.extend(
                    self.conn.execute(
                        "SELECT c.code, c.unit_id, c.event_id, c.first_used, c.last_used "
                        "FROM codes_used c JOIN events e ON e.id = c.event_id "
                        f"WHERE c.event_id IN ({marks}) AND e.annulled_by IS NOT NULL",
                        chunk,
                    ).fetchall()
                )
            self.conn.executemany("DELETE FROM codes_used WHERE code = ?", [r[:1] for r in rows])
            yield
            self.conn.executemany(
                "INSERT OR IGNORE INTO codes_used (code, unit_id, event_id, first_used, "
                "last_used) VALUES (?,?,?,?,?)",
                rows,
            )

    def _require_active(self, unit: Unit, what: str = "Đơn vị") -> None:
        if unit.status not in (ACTIVE, DRAFT):
            shown = unit.display_code(self.notation)
            raise ConflictError(
                f"{what} {shown} ({unit.name}) đã đóng hoặc đã hủy; không thay đổi được.",
                f"{shown} ({unit.name}) is closed or annulled.",
            )

    def _parent_for(
        self,
        code: Code,
        parent_id: int | None,
        pending: dict[str, int],
        effective: str | None = None,
        ends: dict[int, tuple[str, int | None]] | None = None,
        carries: dict[int, list[Carry]] | None = None,
    ) -> int | None:
        """The parent unit a code demands: the unit holding the code minus its last group.

        With ``effective``, the parent is the unit that held that code on that date, judged on
        that date (:meth:`_judge_parent`); when it closed later, ``ends`` learns that the new
        unit ends with it, and when its code changed later, ``carries`` learns those changes
        (the new unit follows them, as children do).
        """
        parent_code = code.parent
        if parent_code is None:
            if parent_id is not None:
                raise ConflictError(
                    f"Mã {code.format(self.notation)} là mã cấp 1, không có đơn vị cấp trên.",
                    "A level-1 code has no parent unit.",
                )
            return None
        if parent_code.canonical in pending:
            found: int | None = pending[parent_code.canonical]
        else:
            holder = (
                self.holder(parent_code)
                if effective is None
                else self._held_on(parent_code, effective)
            )
            found = holder.id if holder and holder.status != ANNULLED else None
            if holder is not None and found is not None:
                if effective is None:
                    self._require_active(holder, "Đơn vị cấp trên")
                else:
                    ending = self._judge_parent(holder, code, effective)
                    if ending is not None and ends is not None:
                        ends[found] = ending
                    later = self.later_codes([found], effective).get(found)
                    if later and carries is not None:
                        carries[found] = later
        if found is None:
            if code.kind == ENTERPRISE:
                return None  # a branch may be registered before its head office
            shown = parent_code.format(self.notation)
            raise ConflictError(
                f"Chưa có đơn vị cấp trên mang mã {shown} để gắn mã "
                f"{code.format(self.notation)} vào.",
                f"No parent unit holds {shown}.",
            )
        if parent_id is not None and parent_id != found:
            raise ConflictError(
                f"Mã {code.format(self.notation)} không khớp với đơn vị cấp trên đã chọn: "
                "mã của đơn vị cấp dưới phải bắt đầu bằng mã của đơn vị cấp trên.",
                "The code does not extend the chosen parent's code.",
            )
        return found

    def _code_history(self, unit_id: int) -> list[tuple[str, str, int | None, int]]:
        """The codes a unit held, in date order: (effective, code, decision id, event id) of its
        creation, recodes and moves in force."""
        rows = self.conn.execute(
            "SELECT effective, json_extract(after, '$.code'), decision_id, id FROM events "
            "WHERE unit_id = ? AND type IN ('create', 'recode', 'move') AND annulled_by IS NULL "
            "AND json_extract(after, '$.code') IS NOT NULL ORDER BY effective, id",
            (unit_id,),
        ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def _held_on(self, code: Code, effective: str) -> Unit | None:
        """The unit that held ``code`` on ``effective`` (codes are never reassigned, so it is
        the one unit ever given it), None if no unit did; a unit that held it only before or
        after that date is refused with the code it held then."""
        owner = self.code_owner(code.canonical)
        if owner is None:
            return self.holder(code)
        unit = self.unit(owner)
        if unit.status == ANNULLED:
            return None
        history = self._code_history(owner)
        if not history:
            return unit if unit.code == code.canonical else None
        then = history[0][1]
        for date, held, _, _ in history:
            if date <= effective:
                then = held
        if then == code.canonical:
            return unit
        first = next((date for date, held, _, _ in history if held == code.canonical), None)
        if first is None:
            return None  # given only by an annulled change
        shown = code.format(self.notation)
        then_shown = from_canonical(then, unit.kind).format(self.notation)
        if first > effective:
            raise ConflictError(
                f"Đơn vị cấp trên {unit.name} chỉ mang mã {shown} từ ngày {people_date(first)}; "
                f"ngày {people_date(effective)} nó mang mã {then_shown}.",
                f"The parent {unit.name} holds {shown} only from {first}; on {effective} it held "
                f"{then_shown}.",
            )
        raise ConflictError(
            f"Đơn vị cấp trên {unit.name} đã đổi mã {shown} thành {then_shown} trước ngày "
            f"{people_date(effective)}.",
            f"The parent {unit.name} changed {shown} to {then_shown} before {effective}.",
        )

    def later_codes(self, unit_ids: Iterable[int], effective: str) -> dict[int, list[Carry]]:
        """The code changes (recodes, moves) of these units effective after ``effective``, in
        date order: what a unit back-filled under one of them follows."""
        ids = sorted(set(unit_ids))
        out: dict[int, list[Carry]] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT e.unit_id, e.effective, e.decision_id, json_extract(e.after, '$.code'), "
                "e.id, u.kind FROM events e JOIN units u ON u.id = e.unit_id "
                f"WHERE e.unit_id IN ({marks}) AND e.effective > ? "
                "AND e.type IN ('recode', 'move') AND e.annulled_by IS NULL "
                "ORDER BY e.effective, e.id",
                [*chunk, effective],
            ).fetchall()
            for uid, date, decision_id, code, eid, kind in rows:
                if code is not None:
                    out.setdefault(uid, []).append(
                        Carry(date, decision_id, from_canonical(code, kind), eid)
                    )
        return out

    def _carry_along(self, carries: dict[int, list[Carry]], group_id: str | None) -> list[int]:
        """Record the recodes back-filled units take from their ancestors' later code changes
        (each dated and bound as the ancestor's change, marked ``history.CARRIED``); the units
        were just written with the code of their creation date. Returns the events."""
        events = []
        for uid, steps in carries.items():
            if not steps:
                continue
            unit = self.unit(uid)
            current = unit.parsed
            for step in steps:
                self._check_code_free(step.code, uid)
                events.append(
                    _event(
                        uid,
                        h.RECODE,
                        {"code": current.canonical, "level": current.level},
                        {
                            "code": step.code.canonical,
                            "level": step.code.level,
                            h.CARRIED: step.cause,
                        },
                        step.decision_id,
                        step.effective,
                        group_id,
                    )
                )
                self._release_code(current.canonical, step.effective)
                current = step.code
            self._set_unit(
                uid,
                {
                    "code": current.canonical,
                    "level": current.level,
                    "decision_id": steps[-1].decision_id,
                },
            )
        ids = self._append_events(events)
        self._claim_codes(
            (e["after"]["code"], e["unit_id"], eid, e["effective"]) for e, eid in zip(events, ids)
        )
        return ids

    def _judge_parent(
        self, parent: Unit, code: Code, effective: str
    ) -> tuple[str, int | None] | None:
        """Whether a unit may start under ``parent`` on ``effective`` (rule
        ``unit.before-parent``): the parent must have started and not yet closed on that date.
        A parent that closed later (a back-filled change) takes the unit along: the result is
        the parent's closing date and decision, on which the new unit ends; None if it is open.
        """
        shown = code.format(self.notation)
        parent_shown = parent.display_code(self.notation)
        if parent.status not in (ACTIVE, DRAFT, CLOSED):
            self._require_active(parent, "Đơn vị cấp trên")
        if not started_by(parent.level, parent.valid_from, effective):
            raise ConflictError(
                f"Mã {shown} có hiệu lực từ {people_date(effective)}, trước khi đơn vị cấp trên "
                f"{parent_shown} ({parent.name}) bắt đầu ({people_date(parent.valid_from)}): một "
                "đơn vị không thể có trước đơn vị cấp trên của nó.",
                f"{shown} would start on {effective}, before its parent {parent_shown} started "
                f"({parent.valid_from}).",
            )
        if parent.status != CLOSED:
            return None
        ends = ends_with_parent(True, parent.valid_to, effective)
        if ends is None and outlives_parent(code.kind):
            # A branch of a closed head office: the tax office may know better than the
            # registry (rule ``enterprise.parent-closed`` warns, nothing refuses).
            return None
        if ends is None:
            raise ConflictError(
                f"Đơn vị cấp trên {parent_shown} ({parent.name}) đã đóng từ ngày "
                f"{people_date(parent.valid_to)}; không cấp được mã {shown} dưới nó từ ngày "
                f"{people_date(effective)}.",
                f"The parent {parent_shown} closed on {parent.valid_to}; {shown} cannot start "
                f"under it on {effective}.",
            )
        return (ends, parent.decision_id)

    def _end_with_parents(
        self, ends: dict[int, tuple[str, int | None]], group_id: str | None
    ) -> list[int]:
        """Close back-filled units with the parent that closed after they started (same date,
        the parent's decision), recorded as a closure "with the parent"; returns the events."""
        events = []
        for uid, (date, decision_id) in ends.items():
            unit = self.unit(uid)
            self._set_unit(uid, {"status": CLOSED, "valid_to": date, "decision_id": decision_id})
            events.append(
                _event(
                    uid,
                    h.CLOSE,
                    {"status": unit.status, "valid_to": unit.valid_to},
                    {"status": CLOSED, "valid_to": date, h.WITH_PARENT: [unit.parent_id]},
                    decision_id,
                    date,
                    group_id,
                )
            )
        return self._append_events(events)

    def _record_basis(
        self,
        unit_id: int,
        name: str,
        details: dict[str, Any],
        decision_id: int,
        effective: str,
        group_id: str | None,
    ) -> list[int]:
        """Record an older act as the earlier basis of a unit a later act already created with
        the same code (decisions entered out of order): the unit starts on ``effective`` under
        that act, with the name it gave; the later act stays the unit's confirmation.

        Refused unless the unit got its code at its creation and starts after ``effective``,
        and its parent stood on that date."""
        unit = self.unit(unit_id)
        shown = unit.display_code(self.notation)
        first = min(
            (
                e
                for e in self.events_of(unit_id)
                if e.shapes_history and e.type in (h.CREATE, h.BASIS)
            ),
            key=lambda e: (e.effective, e.id),
            default=None,
        )
        if unit.status not in (ACTIVE, CLOSED) or first is None:
            raise ConflictError(
                f"Đơn vị {shown} ({unit.name}) là dự thảo hoặc đã hủy: không ghi được căn cứ "
                "trước cho nó.",
                f"{shown} is a draft or annulled: no earlier basis can be recorded for it.",
            )
        if not (unit.valid_from or "") > effective or first.effective <= effective:
            raise ConflictError(
                f"Đơn vị {shown} ({unit.name}) đã có từ {people_date(unit.valid_from)}: không "
                f"có gì để ghi là căn cứ trước ngày {people_date(effective)}.",
                f"{shown} already exists from {people_date(unit.valid_from)}.",
            )
        code = str(first.after.get("code"))
        parent_id = first.after.get("parent_id")
        if parent_id is not None:
            self._judge_parent(self.unit(parent_id), from_canonical(code, unit.kind), effective)
        after: dict[str, Any] = {
            **{k: first.after.get(k) for k in _CREATE_COLUMNS},
            **{k: None for k in DETAIL_FIELDS},
            **{k: v for k, v in details.items() if k in DETAIL_FIELDS and v},
            "name": clean_name(name),
            "status": ACTIVE,
            "valid_from": effective,
            "valid_to": None,
            h.CONFIRMED: {"effective": first.effective, "name": first.after.get("name")},
        }
        self._set_unit(unit_id, {"valid_from": effective})
        self.conn.execute(
            "UPDATE codes_used SET first_used = ? WHERE code = ? AND unit_id = ?",
            (effective, code, unit_id),
        )
        event = _event(
            unit_id,
            h.BASIS,
            {"valid_from": unit.valid_from},
            after,
            decision_id,
            effective,
            group_id,
        )
        return self._append_events([event])

    def successor_on(self, parent_id: int | None, date: str) -> int | None:
        """The body an enterprise under ``parent_id`` passes to when that parent closes on
        ``date``: the one successor of the parent's closing, or of the ancestor whose closing
        on that date took the parent along (a merged province's department). None when the
        parent is not an agency closing then, or the closing names no single successor."""
        while parent_id is not None:
            unit = self.unit(parent_id)
            if unit.kind != AGENCY or unit.status != CLOSED or unit.valid_to != date:
                return None
            successors = self.successors_of(unit.id)
            if successors:
                return successors[0] if len(successors) == 1 else None
            parent_id = unit.parent_id
        return None

    def _hand_over(
        self, units: dict[int, tuple[str, int | None]], group_id: str | None
    ) -> list[int]:
        """Carry enterprises whose managing body closed on the date given (with its act) to
        that body's successor: a move on that date, code unchanged (``history.TO_SUCCESSOR``).
        One whose body left no single successor stays where it is (``outlives_parent``)."""
        ids = []
        for uid, (date, decision_id) in units.items():
            unit = self.unit(uid)
            successor = self.successor_on(unit.parent_id, date)
            if successor is not None:
                ids += self._write_hand_over([unit], successor, decision_id, date, group_id)
        return ids

    def carry_ended_enterprises(self, unit_ids: Sequence[int] | None = None) -> Change:
        """Put right what the former rule wrote: enterprises (all, or those of ``unit_ids``)
        whose latest change is an ending with their parent. Each ending is set aside (an
        annulment marked ``history.REPLACED`` and ``history.OUTLIVES``) and the enterprise
        passes to its parent's successor (:meth:`_hand_over`), both on the ending's date and
        by its act; without a single successor it only stands open again. Nothing changes
        unless the clerk runs this; annulling it writes the endings again."""
        rows = self.conn.execute(
            f"SELECT id, unit_id FROM events WHERE {ENDING_SQL} AND annulled_by IS NULL ORDER BY id"
        ).fetchall()
        targets: list[tuple[Unit, h.Event]] = []
        for eid, uid in rows:
            if unit_ids is not None and uid not in unit_ids:
                continue
            unit = self.unit(uid)
            latest = self.conn.execute(
                "SELECT max(id) FROM events WHERE unit_id = ? AND type != 'annul' "
                "AND annulled_by IS NULL",
                (uid,),
            ).fetchone()[0]
            if outlives_parent(unit.kind) and unit.status == CLOSED and latest == eid:
                targets.append((unit, self.event(eid)))
        if not targets:
            raise InvalidInput(
                "Không có doanh nghiệp nào đang bị ghi là đóng theo đơn vị cấp trên.",
                "No enterprise is recorded as closed with its parent.",
            )
        group = _new_group()
        with self.write():
            for unit, ending in targets:
                self._revert(ending, unit)
            ids = self._append_events(
                [
                    _event(
                        unit.id,
                        h.ANNUL,
                        {},
                        {"annuls": ending.id, h.REPLACED: True, h.OUTLIVES: True},
                        ending.decision_id,
                        ending.effective,
                        group,
                    )
                    for unit, ending in targets
                ]
            )
            self.conn.executemany(
                "UPDATE events SET annulled_by = ? WHERE id = ?",
                [(aid, ending.id) for aid, (_, ending) in zip(ids, targets)],
            )
            ids += self._hand_over({u.id: (e.effective, e.decision_id) for u, e in targets}, group)
        return Change(
            h.MOVE,
            [u.id for u, _ in targets],
            event_ids=ids,
            group_id=group,
            parent_ids={u.parent_id for u, _ in targets},
        )

    def code_problems(self, code: Code, effective: str) -> list[str]:
        """Why a new unit could not take ``code`` on ``effective`` (empty: it could), in the
        words the creation would refuse it with: a code used before, a parent missing, not yet
        started or closed on that date."""
        problems = []
        for check in (
            lambda: self._check_code_free(code),
            lambda: self._parent_for(code, None, {}, effective, {}),
        ):
            try:
                check()
            except ConflictError as exc:
                problems.append(str(exc))
        return problems

    # -- decisions -----------------------------------------------------------------------------

    def add_decision(
        self,
        number: str,
        effective: str,
        *,
        issuer: str = "",
        signed: str | None = None,
        title: str = "",
        source_file: str | None = None,
        source_sha256: str | None = None,
        note: str | None = None,
        type: str | None = None,
    ) -> int:
        """The id of the decision with this number, recording it if new.

        ``type`` is the act's type (``nghi-quyet``...); None takes the one its symbol suggests.
        Given for a decision already recorded with another type, it corrects the type.
        """
        number = clean_number(number)
        kind = parse_type(type) if type else suggest_type(number)
        effective = parse_date(effective, "ngày hiệu lực")
        signed = parse_date(signed, "ngày ký") if signed else None
        existing = self.decision_by_number(number)
        if existing is not None and existing.withdrawn:
            # Named again (its appendix imported anew): back, with the values given now; what is
            # not given now keeps its recorded value (a bare --decision must not blank an issuer).
            values: dict[str, Any] = {"effective": effective}
            values.update({"issuer": clean_name(issuer)} if issuer else {})
            values.update({"signed": signed} if signed else {})
            values.update({"title": clean_name(title)} if title else {})
            with self.write():
                reinstate_decision(self, existing, values)
            return existing.id
        if existing is not None:
            keep_effective(existing, effective)
            if type and existing.type != kind:
                self.set_decision_type(existing.id, kind)
            return existing.id
        with self.write():
            cur = self.conn.execute(
                "INSERT INTO decisions (number, issuer, signed, effective, title, source_file, "
                "source_sha256, note, recorded_at, type) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    number,
                    clean_name(issuer),
                    signed,
                    effective,
                    clean_name(title),
                    source_file,
                    source_sha256,
                    note,
                    _stamp(),
                    kind,
                ),
            )
            assert cur.lastrowid is not None
            seals.seal_decision(self, cur.lastrowid)
            return cur.lastrowid

    def set_decision_type(self, decision_id: int, type: str) -> None:
        """Correct the type of a recorded act (a clerk's edit; the events do not change)."""
        # A correction like any other: recorded in the decision's history, and sealed.
        correct_decision(self, decision_id, {"type": parse_type(type)})

    # -- create --------------------------------------------------------------------------------

    def create_units(
        self,
        specs: Sequence[NewUnit],
        decision_id: int | None,
        *,
        effective: str | None = None,
        group_id: str | None = None,
        action: str = h.CREATE,
    ) -> Change:
        """Create units (parents before children in ``specs``) in one transaction."""
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        pending: dict[str, int] = {}
        rows: list[tuple[Any, ...]] = []
        events: list[dict[str, Any]] = []
        codes: list[str] = []
        # Units that end with a parent closed after ``effective`` (parent id → its ending).
        parent_ends: dict[int, tuple[str, int | None]] = {}
        ends: dict[int, tuple[str, int | None]] = {}
        # Units that follow a parent whose code changed after ``effective`` (id → its codes).
        parent_carries: dict[int, list[Carry]] = {}
        carried: dict[int, list[Carry]] = {}
        # Enterprises under a parent closed after ``effective``: they outlive it (id → its end).
        handed: dict[int, tuple[str, int | None]] = {}
        with self.write():
            next_unit = self._next_id("units")
            for spec in specs:
                code = parse_code(spec.code)
                name = clean_name(spec.name)
                if not name:
                    raise InvalidInput(
                        f"Đơn vị mã {code.format(self.notation)} chưa có tên.",
                        "A unit needs a name.",
                    )
                _check_length(name)
                if code.canonical in pending:
                    raise ConflictError(
                        f"Mã {code.format(self.notation)} xuất hiện hai lần.",
                        "The same code appears twice.",
                    )
                self._check_code_free(code)
                parent_id = self._parent_for(
                    code, None, pending, effective, parent_ends, parent_carries
                )
                uid = next_unit + len(rows)
                pending[code.canonical] = uid
                if parent_id is not None and parent_id in parent_ends:
                    if outlives_parent(code.kind):
                        handed[uid] = parent_ends[parent_id]
                    else:
                        ends[uid] = parent_ends[uid] = parent_ends[parent_id]
                if parent_id is not None and parent_id in parent_carries:
                    carried[uid] = parent_carries[uid] = carry_codes(
                        code, parent_carries[parent_id]
                    )
                details = {k: (clean_name(v) if v else None) for k, v in spec.details().items()}
                status = spec.status if spec.status in (ACTIVE, DRAFT) else ACTIVE
                fields = {
                    "code": code.canonical,
                    "name": name,
                    "level": code.level,
                    "parent_id": parent_id,
                    "kind": code.kind,
                    "status": status,
                    **details,
                    "valid_from": effective,
                    "valid_to": None,
                }
                rows.append(
                    (
                        uid,
                        *[fields[k] for k in _CREATE_COLUMNS],
                        decision_id,
                        code.sort_key,
                        fold(name),
                    )
                )
                events.append(
                    {
                        "unit_id": uid,
                        "type": h.CREATE,
                        "after": fields,
                        "decision_id": decision_id,
                        "effective": effective,
                        "group_id": group_id,
                    }
                )
                codes.append(code.canonical)
            if (ends or carried or handed) and group_id is None:
                group_id = _new_group()  # the creations and their endings annul together
                for event in events:
                    event["group_id"] = group_id
            insert_many(self.conn, _INSERT_UNIT, rows)
            event_ids = self._append_events(events)
            self._claim_codes((c, r[0], e, effective) for c, r, e in zip(codes, rows, event_ids))
            event_ids += self._carry_along(carried, group_id)
            event_ids += self._end_with_parents(ends, group_id)
            event_ids += self._hand_over(handed, group_id)
        return Change(
            action=action,
            unit_ids=[r[0] for r in rows],
            created=[r[0] for r in rows],
            event_ids=event_ids,
            group_id=group_id,
            parent_ids={r[1 + _CREATE_COLUMNS.index("parent_id")] for r in rows},
        )

    def create_unit(
        self,
        code: str,
        name: str,
        decision_id: int | None,
        *,
        effective: str | None = None,
        **details: Any,
    ) -> Change:
        return self.create_units(
            [NewUnit(code=code, name=name, **details)], decision_id, effective=effective
        )

    # -- rename, details -----------------------------------------------------------------------

    def rename_before_later(
        self, unit: Unit, name: str, effective: str
    ) -> tuple[Unit, dict[str, Any]] | None:
        """The rule for a rename back-filled before later changes of the unit (acts entered out
        of order): None when there are none but its endings with its parent (the usual rules
        apply); else the unit as it stood on ``effective`` and the ``history.BEFORE_LATER``
        mark of the change. Replayed on its date the later changes must still give the same
        present: the next later act that sets the name sets this one (it confirms the rename),
        or none does. A later act naming the unit otherwise refuses it (ConflictError, naming
        that act)."""
        later = sorted(
            (e for e in self.events_of(unit.id) if e.shapes_history and e.effective > effective),
            key=lambda e: (e.effective, e.id),
        )
        if all(e.type == h.CLOSE and h.WITH_PARENT in e.after for e in later):
            return None
        events = self.events("unit_id = ? AND type != 'annul' AND annulled_by IS NULL", (unit.id,))
        then = h.replay(sorted(events, key=lambda e: e.id), until=effective).units.get(unit.id)
        shown = unit.display_code(self.notation)
        if then is None or then.get("status") != ACTIVE:
            # Not open on that date: nothing to rename then, the changes keep their order.
            self._check_effective(unit, effective, past_endings=True)
        assert then is not None
        values = {k: v for k, v in then.items() if k in UNIT_FIELDS}
        as_then = replace(unit, **values)
        new = clean_name(name)
        setting = next((e for e in later if "name" in e.after), None)
        if setting is not None and clean_name(setting.after["name"]) != new:
            act = self.decision(setting.decision_id).cited if setting.decision_id else None
            raise ConflictError(
                f"Đơn vị '{as_then.name}' ({shown}) đã có thay đổi hiệu lực sau ngày "
                f"{people_date(effective)}: "
                f"{act or 'văn bản sau'} (hiệu lực {people_date(setting.effective)}) ghi tên "
                f"'{setting.after['name']}', khác '{new}'; thay đổi của một đơn vị phải theo "
                "thứ tự thời gian.",
                f"{shown} changes after {people_date(effective)}: the act effective "
                f"{people_date(setting.effective)} names it '{setting.after['name']}'.",
            )
        mark = {
            "effective": later[0].effective,
            "confirmed": setting.effective if setting is not None else None,
        }
        return as_then, mark

    def rename(
        self,
        unit_id: int,
        name: str,
        decision_id: int | None,
        *,
        effective: str | None = None,
        short_name: str | None = None,
    ) -> Change:
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        unit = self.unit(unit_id)
        new = clean_name(name)
        _check_length(new)
        if not new:
            raise InvalidInput("Tên mới trống.", "The new name is empty.")
        back_filled = self.rename_before_later(unit, new, effective)
        if back_filled is not None:
            unit = back_filled[0]  # judged as it stood on its date
        elif not self._ends_after(unit, effective):  # a back-filled rename before its ending
            self._require_active(unit)
        if new == unit.name and (short_name is None or short_name == unit.short_name):
            raise InvalidInput(
                "Tên mới giống tên hiện tại; không có gì để đổi.", "The name is unchanged."
            )
        if back_filled is None:
            self._check_effective(unit, effective, past_endings=True)
        before: dict[str, Any] = {"name": unit.name}
        after: dict[str, Any] = {"name": new}
        if short_name is not None:
            before["short_name"] = unit.short_name
            after["short_name"] = clean_name(short_name) or None
        with self.write():
            if back_filled is None:
                self._set_unit(unit_id, {**after, "decision_id": decision_id})
            else:
                self._set_back_filled(unit_id, after, back_filled[1])
                after[h.BEFORE_LATER] = back_filled[1]
            ids = self._append_events(
                [_event(unit_id, h.RENAME, before, after, decision_id, effective)]
            )
        return Change(h.RENAME, [unit_id], event_ids=ids, parent_ids={unit.parent_id})

    def _set_back_filled(self, unit_id: int, values: dict[str, Any], mark: dict[str, Any]) -> None:
        """What a change marked ``history.BEFORE_LATER`` sets now (as replay does): nothing a
        later act sets again, and never the unit's decision (the later acts' stays)."""
        if not mark.get("confirmed"):
            self._set_unit(unit_id, values)

    def update_details(
        self,
        unit_id: int,
        values: dict[str, str | None],
        decision_id: int | None,
        *,
        effective: str | None = None,
    ) -> Change:
        """Change contact and description fields (address, e-mail, phone...)."""
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        unit = self.unit(unit_id)
        unknown = set(values) - set(DETAIL_FIELDS)
        if unknown:
            raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
        after = {k: (clean_name(v) if v else None) for k, v in values.items()}
        after = {k: v for k, v in after.items() if getattr(unit, k) != v}
        if not after:
            raise InvalidInput("Không có thông tin nào thay đổi.", "Nothing changed.")
        before = {k: getattr(unit, k) for k in after}
        # A closed unit's details may still be corrected; one ending later with its parent may
        # change before that ending.
        self._check_effective(unit, effective, past_endings=self._ends_after(unit, effective))
        with self.write():
            self._set_unit(unit_id, {**after, "decision_id": decision_id})
            ids = self._append_events(
                [_event(unit_id, h.UPDATE, before, after, decision_id, effective)]
            )
        return Change(h.UPDATE, [unit_id], event_ids=ids, parent_ids={unit.parent_id})

    # -- recode and move -----------------------------------------------------------------------

    def _taken_segments(self, parent: Code) -> set[str]:
        """Segments ever used under a parent code, by any unit (codes are never reused)."""
        prefix = parent.canonical + "."
        bounds = (prefix, parent.canonical + "/")
        rows = self.conn.execute(
            "SELECT code FROM codes_used WHERE code >= ? AND code < ?", bounds
        ).fetchall()
        if self.has_table("codes_reserved"):  # and the codes a restore carried over
            rows += self.conn.execute(
                "SELECT code FROM codes_reserved WHERE code >= ? AND code < ?", bounds
            ).fetchall()
        depth = len(parent.groups)
        taken = set()
        for (code,) in rows:
            groups = code.split(".")
            if len(groups) == depth + 1:
                taken.add(groups[-1])
        return taken

    def suggest_code(self, parent_id: int) -> Code | None:
        """The next free child code under a unit: never one used before, by anyone."""
        parent = self.unit(parent_id)
        code = parent.parsed
        return suggest_child(code, self._taken_segments(code))

    def _live_on(self, unit: Unit, effective: str | None) -> bool:
        """Open on ``effective``: active now, or closed later only by its ending with its parent
        (a back-filled change may still reach it)."""
        return unit.status in (ACTIVE, DRAFT) or (
            effective is not None and self._ends_after(unit, effective)
        )

    def _require_live(self, unit: Unit, effective: str | None) -> None:
        if not self._live_on(unit, effective):
            self._require_active(unit)

    def _open_subtree(self, unit: Unit, effective: str | None) -> list[Unit]:
        """The descendants open on ``effective`` (active ones without it), parents first; a
        descendant under one left out is left out."""
        out = []
        kept = {unit.id}
        for d in self.subtree(unit, include_closed=effective is not None)[1:]:
            if d.parent_id in kept and self._live_on(d, effective):
                kept.add(d.id)
                out.append(d)
        return out

    def _outliving(self, unit: Unit, effective: str | None) -> list[Unit]:
        """The enterprises and organisations attached in the subtree, open on ``effective``."""
        return [
            d
            for d in self.subtree(unit, include_closed=effective is not None, attached=True)
            if outlives_parent(d.kind) and self._live_on(d, effective)
        ]

    def later_ending(self, unit: Unit, effective: str) -> h.Event | None:
        """The unit's ending with its parent dated after ``effective`` (its latest change)."""
        if not self._ends_after(unit, effective):
            return None
        row = self.conn.execute(
            f"SELECT id FROM events WHERE unit_id = ? AND {ENDING_SQL} AND annulled_by IS NULL "
            "ORDER BY effective DESC, id DESC LIMIT 1",
            (unit.id,),
        ).fetchone()
        return self.event(row[0]) if row else None

    def _set_aside_endings(
        self, units: Iterable[Unit], effective: str, group_id: str | None
    ) -> list[int]:
        """A back-filled change that closes or moves units before their ending with their
        parent replaces that ending: it is annulled (marked ``history.REPLACED``, so history
        says why) in the change's transaction, and the units stand open until the change.
        Returns the annulments; :meth:`annul` of the change writes the endings again."""
        targets = [(u, e) for u in units if (e := self.later_ending(u, effective)) is not None]
        events = []
        for unit, ending in targets:
            self._revert(ending, unit)
            events.append(
                _event(
                    unit.id,
                    h.ANNUL,
                    {},
                    {"annuls": ending.id, h.REPLACED: True},
                    ending.decision_id,
                    ending.effective,
                    group_id,
                )
            )
        ids = self._append_events(events)
        self.conn.executemany(
            "UPDATE events SET annulled_by = ? WHERE id = ?",
            [(aid, ending.id) for aid, (_, ending) in zip(ids, targets)],
        )
        return ids

    def _judge_back_filled(self, unit: Unit, effective: str, what: str = "Đơn vị") -> None:
        """A change of ``unit`` on ``effective``: the unit must be open then (active, or ending
        later with its parent) and the change must not precede its other changes."""
        if not self._live_on(unit, effective):
            self._require_active(unit, what)
        self._check_effective(unit, effective, past_endings=self._ends_after(unit, effective))

    def _recode_plan(
        self, unit: Unit, new_code: Code, effective: str | None = None
    ) -> list[Recode]:
        """The unit and its descendants open on ``effective`` (active ones without it) with the
        codes they get under ``new_code``; a descendant under a unit left out is left out."""
        plan = [Recode(unit, new_code, new_code.level)]
        for d in self._open_subtree(unit, effective):
            code = rebase(d.parsed, unit.parsed, new_code)
            plan.append(Recode(d, code, code.level))
        for line in plan:
            self._check_code_free(line.new_code, line.unit.id)
        return plan

    def plan_move(
        self,
        unit_id: int,
        new_parent_id: int,
        *,
        segment: str | None = None,
        effective: str | None = None,
    ) -> list[Recode]:
        """What a move would do (the unit and each active descendant, old and new code),
        without writing anything: the preview a clerk sees before dropping.

        With ``effective``, a new parent that closed after that date is accepted (a back-filled
        move; the unit then ends with it, see :meth:`move`)."""
        unit = self.unit(unit_id)
        parent = self.unit(new_parent_id)
        if outlives_parent(unit.kind):
            self._check_attach(unit, parent, effective)
            return [Recode(unit, unit.parsed, unit.level)]
        self._require_live(unit, effective)
        if effective is None or parent.status != CLOSED:
            self._require_active(parent, "Đơn vị cấp trên mới")
        if unit.kind != AGENCY or parent.kind != AGENCY:
            raise ConflictError(
                "Chỉ chuyển được đơn vị là cơ quan, tổ chức hành chính.",
                "Only agency units can be moved.",
            )
        if parent.id == unit.parent_id and segment is None:
            raise InvalidInput(
                f"Đơn vị đã nằm dưới {parent.display_code(self.notation)}.",
                "The unit is already under that parent.",
            )
        if parent.id == unit.id or parent.code.startswith(unit.code + "."):
            raise ConflictError(
                "Không chuyển được một đơn vị vào chính nó hoặc vào đơn vị cấp dưới của nó.",
                "A unit cannot be moved under itself or its own descendant.",
            )
        parent_code = parent.parsed
        taken = self._taken_segments(parent_code)
        if segment is not None:
            code = parse_code(parent_code.canonical + "." + segment.strip().upper())
        else:
            own = fit_segment(unit.parsed.segment, len(parent_code.groups) + 1)
            candidate = parent_code.child(own)
            owner = self.code_owner(candidate.canonical)
            if own not in taken or owner == unit.id:
                code = candidate
            else:
                suggested = suggest_child(parent_code, taken)
                if suggested is None:
                    raise ConflictError(
                        f"Đơn vị {parent.display_code(self.notation)} đã hết mã cấp dưới.",
                        "No free child code is left under the new parent.",
                    )
                code = suggested
        return self._recode_plan(unit, code, effective)

    def _check_attach(self, unit: Unit, body: Unit, effective: str | None) -> None:
        """Whether an enterprise, cooperative or organisation may be attached to ``body`` on
        ``effective``: its code is its own (a tax code), so only its managing body changes; that
        body must be an agency open on the date. A branch stays with its head office."""
        shown = unit.display_code(self.notation)
        self._require_active(unit)
        if unit.kind == ENTERPRISE and unit.parsed.parent is not None:
            raise ConflictError(
                f"{shown} là chi nhánh: mã của nó là mã số thuế của trụ sở chính kèm số thứ tự, "
                "nên nó luôn ở dưới trụ sở chính (chuyển trụ sở chính thì chi nhánh đi theo).",
                f"{shown} is a branch: its code is its head office's tax code, so it stays "
                "with its head office (move the head office instead).",
            )
        if body.kind != AGENCY:
            raise ConflictError(
                "Doanh nghiệp, tổ chức chỉ chuyển được sang một cơ quan quản lý (cơ quan, tổ "
                "chức hành chính).",
                "An enterprise can only be attached to a managing body (an agency).",
            )
        if body.id == unit.parent_id:
            raise InvalidInput(
                f"Đơn vị đã nằm dưới {body.display_code(self.notation)}.",
                "The unit is already under that parent.",
            )
        self._require_active(body, "Cơ quan quản lý mới")
        if effective is not None:
            self._judge_parent(body, unit.parsed, effective)

    def _attach(self, unit: Unit, body_id: int, decision_id: int, effective: str) -> Change:
        """Attach an enterprise to another managing body, its code unchanged (one event)."""
        self._check_attach(unit, self.unit(body_id), effective)
        self._check_effective(unit, effective)
        with self.write():
            self._set_unit(unit.id, {"parent_id": body_id, "decision_id": decision_id})
            ids = self._append_events(
                [
                    _event(
                        unit.id,
                        h.MOVE,
                        {"parent_id": unit.parent_id},
                        {"parent_id": body_id},
                        decision_id,
                        effective,
                        None,
                    )
                ]
            )
        return Change(
            h.MOVE, [unit.id], event_ids=ids, parent_ids={unit.parent_id, body_id, unit.id}
        )

    def _apply_plan(
        self,
        plan: list[Recode],
        first_type: str,
        decision_id: int,
        effective: str,
        new_parent_id: int | None,
        group: str | None = None,
    ) -> Change:
        """Write a move or recode plan; ``group`` joins it to a larger change (an import)."""
        if group is None and len(plan) > 1:
            group = _new_group()
        for line in plan:
            # A unit's ending with its parent (later) only sets its status and end.
            later_end = self._ends_after(line.unit, effective)
            self._check_effective(line.unit, effective, past_endings=later_end)
        events = []
        with self.write():
            for index, line in enumerate(plan):
                unit = line.unit
                before: dict[str, Any] = {"code": unit.code, "level": unit.level}
                after: dict[str, Any] = {"code": line.new_code.canonical, "level": line.new_level}
                kind = h.RECODE
                if index == 0 and first_type == h.MOVE:
                    before["parent_id"] = unit.parent_id
                    after["parent_id"] = new_parent_id
                    kind = h.MOVE
                self._release_code(unit.code, effective)
                self._set_unit(unit.id, {**after, "decision_id": decision_id})
                events.append(_event(unit.id, kind, before, after, decision_id, effective, group))
            ids = self._append_events(events)
            self._claim_codes(
                (line.new_code.canonical, line.unit.id, eid, effective)
                for line, eid in zip(plan, ids)
            )
        parents = {plan[0].unit.parent_id}
        if first_type == h.MOVE:
            parents.add(new_parent_id)
        return Change(
            first_type,
            [line.unit.id for line in plan],
            event_ids=ids,
            group_id=group,
            parent_ids=parents | {line.unit.id for line in plan[:1]},
        )

    def _apply_move(
        self,
        plan: list[Recode],
        decision_id: int,
        effective: str,
        new_parent_id: int,
        group: str | None = None,
    ) -> Change:
        """Write a move plan judged on its date: the new parent must stand then
        (``unit.before-parent``, like a creation's); one that closed later takes the moved units
        along (they end with it, back-filling). Units of the plan that end later with their old
        parent on another date have that ending replaced (:meth:`_set_aside_endings`)."""
        ending = self._judge_parent(self.unit(new_parent_id), plan[0].new_code, effective)
        date = ending[0] if ending is not None else None
        moot = [
            line.unit for line in plan if line.unit.status == CLOSED and line.unit.valid_to != date
        ]
        if group is None and (ending is not None or moot or len(plan) > 1):
            group = _new_group()
        with self.write():
            aside = self._set_aside_endings(moot, effective, group)
            if aside:
                plan = [
                    Recode(self.unit(line.unit.id), line.new_code, line.new_level) for line in plan
                ]
            change = self._apply_plan(plan, h.MOVE, decision_id, effective, new_parent_id, group)
            change.event_ids = aside + change.event_ids
            if ending is not None:  # those that keep an ending on that date keep it
                open_ = {line.unit.id: ending for line in plan if line.unit.status != CLOSED}
                change.event_ids += self._end_with_parents(open_, group)
        return change

    def move(
        self,
        unit_id: int,
        new_parent_id: int,
        decision_id: int | None,
        *,
        segment: str | None = None,
        effective: str | None = None,
    ) -> Change:
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        unit = self.unit(unit_id)
        if outlives_parent(unit.kind):  # its code is its tax code: only the body changes
            return self._attach(unit, new_parent_id, decision_id, effective)
        plan = self.plan_move(unit_id, new_parent_id, segment=segment, effective=effective)
        return self._apply_move(plan, decision_id, effective, new_parent_id)

    def recode(
        self,
        unit_id: int,
        new_code: str,
        decision_id: int | None,
        *,
        effective: str | None = None,
    ) -> Change:
        """Give a unit another code under the same parent; its descendants follow."""
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        unit = self.unit(unit_id)
        self._require_live(unit, effective)
        code = parse_code(new_code)
        current = unit.parsed
        if code.canonical == current.canonical:
            raise InvalidInput("Mã mới giống mã hiện tại.", "The new code is the current one.")
        if code.kind != current.kind or (
            (code.parent.canonical if code.parent else None)
            != (current.parent.canonical if current.parent else None)
        ):
            raise ConflictError(
                f"Mã mới {code.format(self.notation)} phải cùng đơn vị cấp trên với mã cũ "
                f"{current.format(self.notation)}; để đổi đơn vị cấp trên, hãy dùng Chuyển.",
                "A recode keeps the parent; use move to change it.",
            )
        plan = self._recode_plan(unit, code, effective)
        return self._apply_plan(plan, h.RECODE, decision_id, effective, unit.parent_id)

    # -- close, reopen, merge, split -----------------------------------------------------------

    def _active_descendants(self, unit: Unit) -> list[Unit]:
        return self.subtree(unit, include_closed=False)[1:]

    def _successor_units(self, ids: Sequence[int], closing: set[int]) -> list[int]:
        result = []
        for sid in ids:
            succ = self.unit(sid)
            if succ.id in closing:
                raise ConflictError(
                    "Đơn vị kế thừa không được là đơn vị đang bị đóng.",
                    "A successor cannot be a unit being closed.",
                )
            if succ.status == ANNULLED:
                raise ConflictError("Đơn vị kế thừa đã bị hủy.", "The successor was annulled.")
            result.append(succ.id)
        return result

    def close_unit(
        self,
        unit_id: int,
        decision_id: int | None,
        *,
        successors: Sequence[int] = (),
        cascade: bool = False,
        effective: str | None = None,
    ) -> Change:
        """Close a code (it stays in the registry, never to be reassigned)."""
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        unit = self.unit(unit_id)
        self._require_live(unit, effective)
        below = self._open_subtree(unit, effective)  # open on its date (back-filling)
        below, staying = _agencies(below)
        staying += self._outliving(unit, effective)
        if below and not cascade:
            raise ConflictError(
                f"Đơn vị {unit.display_code(self.notation)} còn {len(below)} đơn vị cấp dưới "
                "đang hoạt động: hãy chuyển hoặc đóng chúng trước (hoặc đóng cả nhánh).",
                f"{len(below)} active units are still below this unit.",
            )
        closing = [unit, *below]
        succ = self._successor_units(successors, {u.id for u in closing})
        # Enterprises right under a closing agency pass to its one successor; without one
        # they stay, for the clerk to attach (``enterprise.parent-closed``).
        handed = _handed(staying, closing) if len(succ) == 1 else []
        for u in [*closing, *handed]:
            self._judge_back_filled(u, effective)
        moot = [u for u in [*closing, *handed] if u.status == CLOSED]  # ending later
        group = _new_group() if len(closing) > 1 or moot or handed else None
        events = []
        with self.write():
            aside = self._set_aside_endings(moot, effective, group)
            closing = [self.unit(u.id) for u in closing] if aside else closing
            handed = [self.unit(u.id) for u in handed] if aside else handed
            # Deepest first, so that no active unit ever sits under a closed one.
            for u in reversed(closing):
                after: dict[str, Any] = {"status": CLOSED, "valid_to": effective}
                if u.id == unit.id and succ:
                    after[h.SUCCESSORS] = succ
                self._set_unit(
                    u.id, {"status": CLOSED, "valid_to": effective, "decision_id": decision_id}
                )
                events.append(
                    _event(
                        u.id,
                        h.CLOSE,
                        {"status": u.status, "valid_to": u.valid_to},
                        after,
                        decision_id,
                        effective,
                        group,
                    )
                )
            ids = aside + self._append_events(events)
            self._link_successors(unit.id, succ, ids[-1])
            if handed:
                ids += self._write_hand_over(handed, succ[0], decision_id, effective, group)
        return Change(
            h.CLOSE,
            [u.id for u in [*closing, *handed]],
            event_ids=ids,
            group_id=group,
            parent_ids={unit.parent_id},
        )

    def _link_successors(self, unit_id: int, successors: Sequence[int], event_id: int) -> None:
        self.conn.executemany(
            "INSERT INTO successors (unit_id, successor_id, event_id) VALUES (?,?,?)",
            [(unit_id, s, event_id) for s in successors],
        )

    def reopen_unit(
        self, unit_id: int, decision_id: int | None, *, effective: str | None = None
    ) -> Change:
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        unit = self.unit(unit_id)
        if unit.status != CLOSED:
            raise InvalidInput("Đơn vị không ở trạng thái đã đóng.", "The unit is not closed.")
        if unit.parent_id is not None:
            self._require_active(self.unit(unit.parent_id), "Đơn vị cấp trên")
        self._check_effective(unit, effective)
        with self.write():
            self._set_unit(
                unit_id, {"status": ACTIVE, "valid_to": None, "decision_id": decision_id}
            )
            ids = self._append_events(
                [
                    _event(
                        unit_id,
                        h.REOPEN,
                        {"status": CLOSED, "valid_to": unit.valid_to},
                        {"status": ACTIVE, "valid_to": None},
                        decision_id,
                        effective,
                    )
                ]
            )
        return Change(h.REOPEN, [unit_id], event_ids=ids, parent_ids={unit.parent_id})

    def merge(
        self,
        source_ids: Sequence[int],
        into_id: int,
        decision_id: int | None,
        *,
        effective: str | None = None,
        cascade: bool = False,
    ) -> Change:
        """Merge several units into one: the sources close with the target as successor.

        With ``cascade`` the sources' active descendants close with them (as a province's
        departments did in 2025), in the same change; otherwise they must be moved first.
        """
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        target = self.unit(into_id)
        # Each unit judged on the merger's date: open then (back-filling, see close_unit).
        self._judge_back_filled(target, effective, "Đơn vị tiếp nhận")
        sources = [self.unit(s) for s in dict.fromkeys(source_ids)]
        if not sources or any(s.id == target.id for s in sources):
            raise InvalidInput(
                "Chọn ít nhất một đơn vị sáp nhập, khác đơn vị tiếp nhận.",
                "Choose at least one unit to merge, other than the target.",
            )
        below_all: list[Unit] = []
        handed: list[Unit] = []
        for s in sources:
            self._judge_back_filled(s, effective)
            below = [d for d in self._open_subtree(s, effective) if d.id != target.id]
            below, staying = _agencies(below)
            staying += self._outliving(s, effective)
            # Enterprises under the merged bodies pass to the successor (a merger dissolves
            # none of them, their codes are their tax codes); their branches stay with them.
            handed += _handed(staying, [s, *below])
            inside = target.code.startswith(s.code + ".")
            if below and (not cascade or inside):
                raise ConflictError(
                    f"Đơn vị {s.display_code(self.notation)} còn {len(below)} đơn vị cấp dưới "
                    "đang hoạt động: hãy chuyển chúng sang đơn vị tiếp nhận trước"
                    + ("." if inside else " (hoặc đóng cả các đơn vị cấp dưới)."),
                    "Move the merged unit's active children first.",
                )
            for d in below:
                self._judge_back_filled(d, effective)
            below_all.extend(below)
        for d in handed:
            self._judge_back_filled(d, effective)
        group = _new_group()
        with self.write():
            aside = self._set_aside_endings(
                [u for u in [*below_all, *sources, *handed] if u.status == CLOSED],
                effective,
                group,
            )
            if aside:
                below_all = [self.unit(u.id) for u in below_all]
                sources = [self.unit(u.id) for u in sources]
                handed = [self.unit(u.id) for u in handed]
            change = self._write_merge(
                sources, target, below_all, decision_id, effective, group, aside
            )
            moved = self._write_hand_over(handed, target.id, decision_id, effective, group)
        change.event_ids += moved
        change.unit_ids += [u.id for u in handed]
        return change

    def _write_merge(
        self,
        sources: list[Unit],
        target: Unit,
        below_all: list[Unit],
        decision_id: int,
        effective: str,
        group: str,
        aside: list[int],
    ) -> Change:
        # Deepest first, so that no active unit ever sits under a closed one.
        closing = sorted(below_all, key=lambda u: -(u.level or 0))
        events = [
            _event(
                d.id,
                h.CLOSE,
                {"status": d.status, "valid_to": d.valid_to},
                {"status": CLOSED, "valid_to": effective},
                decision_id,
                effective,
                group,
            )
            for d in closing
        ]
        events += [
            _event(
                s.id,
                h.MERGE,
                {"status": s.status, "valid_to": s.valid_to},
                {"status": CLOSED, "valid_to": effective, h.SUCCESSORS: [target.id]},
                decision_id,
                effective,
                group,
            )
            for s in sources
        ]
        events.append(
            _event(
                target.id,
                h.MERGE,
                {},
                {"predecessors": [s.id for s in sources]},
                decision_id,
                effective,
                group,
            )
        )
        with self.write():
            for s in [*closing, *sources]:
                self._set_unit(
                    s.id, {"status": CLOSED, "valid_to": effective, "decision_id": decision_id}
                )
            self._set_unit(target.id, {"decision_id": decision_id})
            ids = self._append_events(events)
            for s, eid in zip(sources, ids[len(closing) :]):
                self._link_successors(s.id, [target.id], eid)
        return Change(
            h.MERGE,
            [*(d.id for d in closing), *(s.id for s in sources), target.id],
            event_ids=aside + ids,
            group_id=group,
            parent_ids={s.parent_id for s in sources},
        )

    def _write_hand_over(
        self,
        units: list[Unit],
        successor: int,
        decision_id: int | None,
        effective: str,
        group: str | None,
    ) -> list[int]:
        """Move enterprises to the successor of the body that closes (their code unchanged)."""
        for u in units:
            self._set_unit(u.id, {"parent_id": successor, "decision_id": decision_id})
        return self._append_events(
            [
                _event(
                    u.id,
                    h.MOVE,
                    {"parent_id": u.parent_id},
                    {"parent_id": successor, h.TO_SUCCESSOR: [u.parent_id]},
                    decision_id,
                    effective,
                    group,
                )
                for u in units
            ]
        )

    def split(
        self,
        source_id: int,
        parts: Sequence[NewUnit],
        decision_id: int | None,
        *,
        close_source: bool = True,
        effective: str | None = None,
    ) -> Change:
        """Split one unit into several new ones, which become its successors."""
        decision_id = self._require_decision(decision_id)
        effective = self._decision_effective(decision_id, effective)
        source = self.unit(source_id)
        self._judge_back_filled(source, effective)  # open on its date (see close_unit)
        if not parts:
            raise InvalidInput("Chia tách cần ít nhất một đơn vị mới.", "A split needs parts.")
        if close_source:
            below = self._open_subtree(source, effective)
            if below:
                raise ConflictError(
                    f"Đơn vị {source.display_code(self.notation)} còn {len(below)} đơn vị cấp "
                    "dưới đang hoạt động: hãy chuyển chúng trước khi đóng đơn vị bị chia tách.",
                    "Move the split unit's active children first.",
                )
        group = _new_group()
        with self.write():
            aside: list[int] = []
            if close_source and source.status == CLOSED:  # ending later with its parent
                aside = self._set_aside_endings([source], effective, group)
                source = self.unit(source.id)
            created = self.create_units(parts, decision_id, effective=effective, group_id=group)
            after: dict[str, Any] = {"parts": created.created}
            before: dict[str, Any] = {}
            if close_source:
                after = {"status": CLOSED, "valid_to": effective, h.SUCCESSORS: created.created}
                before = {"status": source.status, "valid_to": source.valid_to}
                self._set_unit(
                    source.id, {"status": CLOSED, "valid_to": effective, "decision_id": decision_id}
                )
            else:
                self._set_unit(source.id, {"decision_id": decision_id})
            ids = self._append_events(
                [_event(source.id, h.SPLIT, before, after, decision_id, effective, group)]
            )
            if close_source:
                self._link_successors(source.id, created.created, ids[0])
        return Change(
            h.SPLIT,
            [source.id, *created.created],
            created=created.created,
            event_ids=[*aside, *created.event_ids, *ids],
            group_id=group,
            parent_ids=created.parent_ids | {source.parent_id},
        )

    # -- annul ---------------------------------------------------------------------------------

    def annul(self, event_id: int, decision_id: int | None = None) -> Change:
        """Annul a mistaken change (with the rest of its merge, split or move).

        The events stay in the history, marked; the units return to their state before. Only
        the latest change of each unit can be annulled, so history never has to be rewritten.
        """
        event = self.event(event_id)
        if not event.shapes_history:
            raise ConflictError(
                "Thay đổi này đã bị hủy hoặc chính nó là một lần hủy.",
                "This change is already annulled or is itself an annulment.",
            )
        whole = list(self.events("group_id = ?", (event.group_id,))) if event.group_id else [event]
        group = [e for e in whole if e.shapes_history]
        # Endings with the parent this change set aside (a back-filled closure or move) come
        # back when it is undone.
        replaced = [
            self.event(int(e.after["annuls"]))
            for e in whole
            if e.type == h.ANNUL and e.after.get(h.REPLACED)
        ]
        units = self.units_by_ids([e.unit_id for e in group])
        ids_in_group = {e.id for e in group}
        # Counted once: a large group (an appendix import) must not cost its size squared.
        created_under = Counter(g.after.get("parent_id") for g in group if g.type == h.CREATE)
        # A back-filled unit that followed a recode or move of this change would be left with a
        # code its parent no longer has: its own change is annulled first.
        for eid, uid in self.conn.execute(
            "SELECT id, unit_id FROM events WHERE type = 'recode' AND annulled_by IS NULL "
            f"AND after LIKE '%\"{h.CARRIED}\"%'"
        ).fetchall():
            cause = self.event(eid).after.get(h.CARRIED)
            if cause in ids_in_group and eid not in ids_in_group:
                shown = self.unit(uid).display_code(self.notation)
                raise ConflictError(
                    f"Đơn vị {shown} được nhập bổ sung sau và đã đổi mã theo thay đổi này; hãy "
                    "hủy việc nhập đơn vị đó trước.",
                    f"{shown}, back-filled later, followed this change; annul its entry first.",
                )
        for e in group:
            row = self.conn.execute(
                "SELECT max(id) FROM events WHERE unit_id = ? AND type != 'annul' "
                "AND annulled_by IS NULL",
                (e.unit_id,),
            ).fetchone()
            if row[0] not in ids_in_group:
                shown = units[e.unit_id].display_code(self.notation)
                raise ConflictError(
                    f"Đơn vị {shown} đã có thay đổi sau thay đổi này; hãy hủy các thay đổi sau "
                    "trước.",
                    f"{shown} changed after this event; annul the later changes first.",
                )
            if e.type == h.CREATE:
                child = self.conn.execute(
                    "SELECT count(*) FROM units WHERE parent_id = ? AND status != ?",
                    (e.unit_id, ANNULLED),
                ).fetchone()[0]
                if child > created_under[e.unit_id]:
                    raise ConflictError(
                        f"Đơn vị {units[e.unit_id].display_code(self.notation)} đã có đơn vị "
                        "cấp dưới; hãy hủy việc tạo các đơn vị cấp dưới trước.",
                        "The unit has children; annul their creation first.",
                    )
        decision = decision_id if decision_id is not None else event.decision_id
        group_id = _new_group()
        annul_events = []
        with self.write():
            for e in reversed(group):
                self._revert(e, units[e.unit_id])
                annul_events.append(
                    _event(
                        e.unit_id, h.ANNUL, {}, {"annuls": e.id}, decision, e.effective, group_id
                    )
                )
            ids = self._append_events(annul_events)
            for e, aid in zip(reversed(group), ids):
                self.conn.execute("UPDATE events SET annulled_by = ? WHERE id = ?", (aid, e.id))
            ids += self._restore_endings(replaced, group_id)
        return Change(
            h.ANNUL,
            [e.unit_id for e in group],
            event_ids=ids,
            group_id=group_id,
            parent_ids={units[e.unit_id].parent_id for e in group}
            | {e.before.get("parent_id") for e in group if "parent_id" in e.before},
        )

    def _restore_endings(self, endings: list[h.Event], group_id: str) -> list[int]:
        """Record again endings with the parent that an undone change had set aside: the same
        date, decision and values, as new events (the set-aside ones stay annulled)."""
        for e in endings:
            values = {k: v for k, v in e.after.items() if k not in h.INFO_KEYS}
            self._set_unit(e.unit_id, {**values, "decision_id": e.decision_id})
        return self._append_events(
            [
                _event(e.unit_id, e.type, e.before, e.after, e.decision_id, e.effective, group_id)
                for e in endings
            ]
        )

    def _revert(self, event: h.Event, unit: Unit) -> None:
        # By unit as well: the indexes lead with unit_id, event_id alone would scan the tables.
        self.conn.execute(
            "DELETE FROM successors WHERE unit_id = ? AND event_id = ?", (unit.id, event.id)
        )
        # The codes the change assigned stay in codes_used: a code once issued, even by a
        # mistake, is never issued again (replay derives the same from the annulled event).
        # No unit holds it from then on.
        if event.type == h.BASIS:
            # The unit was there before it; only its start goes back to the later act's date.
            start = event.before.get("valid_from")
            self._set_unit(unit.id, {"valid_from": start})
            self.conn.execute(
                "UPDATE codes_used SET first_used = ? WHERE code = ? AND unit_id = ?",
                (start, event.after.get("code"), unit.id),
            )
            return
        if event.after.get("code"):
            self._release_code(event.after["code"], event.effective)
        if event.type == h.CREATE:
            self._set_unit(unit.id, {"status": ANNULLED})
            return
        mark = event.after.get(h.BEFORE_LATER)
        if mark is not None:
            # Set now only what no later act sets, never the decision: that comes back.
            before = {k: v for k, v in event.before.items() if k not in h.INFO_KEYS}
            self._set_back_filled(unit.id, before, mark)
            return
        values = {k: v for k, v in event.before.items() if k not in h.INFO_KEYS}
        row = self.conn.execute(
            "SELECT decision_id FROM events WHERE unit_id = ? AND id < ? AND type != 'annul' "
            "AND annulled_by IS NULL ORDER BY id DESC LIMIT 1",
            (unit.id, event.id),
        ).fetchone()
        values["decision_id"] = row[0] if row else None
        if "code" in values:
            self.conn.execute(
                "UPDATE codes_used SET last_used = NULL WHERE code = ?", (values["code"],)
            )
        self._set_unit(unit.id, values)


def _agencies(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Agencies (which close with their parent) and the units that outlive it."""
    return (
        [u for u in units if not outlives_parent(u.kind)],
        [u for u in units if outlives_parent(u.kind)],
    )


def _handed(staying: list[Unit], closing: Iterable[Unit]) -> list[Unit]:
    """The units among ``staying`` right under a unit that closes: the ones that pass to its
    successor (a branch stays under its head office)."""
    ids = {u.id for u in closing}
    return [u for u in staying if u.parent_id in ids]


# What a create event records: every unit field but the decision (the event's own).
_INSERT_EVENT = (
    "INSERT INTO events (id, unit_id, type, before, after, decision_id, effective, "
    "recorded_at, recorded_by, group_id, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)


def _event_row(
    event_id: int,
    unit_id: int,
    kind: str,
    before: str,
    after: str,
    decision_id: int | None,
    effective: str,
    recorded_at: str,
    operator: str,
    group_id: str | None,
    hash_: str,
) -> tuple[Any, ...]:
    """One row of ``_INSERT_EVENT``, in its columns' order."""
    return (
        event_id, unit_id, kind, before, after, decision_id, effective, recorded_at, operator,
        group_id, hash_,
    )  # fmt: skip


def unit_insert(columns: Sequence[str]) -> str:
    """The insert of new units' rows: their id, ``columns``, then the decision, sort key and
    folded name."""
    return (
        "INSERT INTO units (id, "
        + ", ".join(columns)
        + ", decision_id, sort_key, folded_name) VALUES ("
        + ",".join("?" * (len(columns) + 4))
        + ")"
    )


_CREATE_COLUMNS = tuple(f for f in UNIT_FIELDS if f != "decision_id")
_INSERT_UNIT = unit_insert(_CREATE_COLUMNS)


def _event(
    unit_id: int,
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any],
    decision_id: int | None,
    effective: str,
    group_id: str | None = None,
) -> dict[str, Any]:
    return {
        "unit_id": unit_id,
        "type": kind,
        "before": before,
        "after": after,
        "decision_id": decision_id,
        "effective": effective,
        "group_id": group_id,
    }


def _check_length(name: str) -> None:
    why = name_too_long(name)
    if why is not None:
        raise InvalidInput(f"Không ghi được: {why}.", f"The name is too long ({len(name)}).")
