"""Correcting a decision's record and withdrawing it, each written to its history.

One transaction each: the ``decisions`` row changes and one ``decision_history`` entry (before,
after, who, when, chained by hash) records it. Events point at decisions by id, so a corrected
number, issuer or title shows at once in every view, list and print, and the events' own hash
chain is untouched.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.domain import decision_edits as de
from desktop.domain.decisions import Decision, people_date
from desktop.domain.errors import ConflictError, InvalidInput
from desktop.domain.history import canonical_json
from desktop.store import seals
from desktop.store.base import RegistryBase, now_stamp


def effective_changes(reg: RegistryBase, decision_id: int) -> int:
    """How many of the decision's changes are in effect (not annulled, not annulments)."""
    row = reg.conn.execute(
        "SELECT count(*) FROM events WHERE decision_id = ? AND type != 'annul' "
        "AND annulled_by IS NULL",
        (decision_id,),
    ).fetchone()
    return int(row[0])


def _edit(row: Any) -> de.DecisionEdit:
    return de.DecisionEdit(
        id=row[0],
        decision_id=row[1],
        action=row[2],
        before=json.loads(row[3]),
        after=json.loads(row[4]),
        recorded_at=row[5],
        recorded_by=row[6],
    )


_COLUMNS = "id, decision_id, action, before, after, recorded_at, recorded_by"


def decision_history(reg: RegistryBase, decision_id: int) -> list[de.DecisionEdit]:
    """The corrections and withdrawals of one decision, oldest first."""
    rows = reg.conn.execute(
        f"SELECT {_COLUMNS} FROM decision_history WHERE decision_id = ? ORDER BY id",
        (decision_id,),
    )
    return [_edit(r) for r in rows]


def all_history_rows(reg: RegistryBase) -> list[tuple[de.DecisionEdit, str]]:
    """Every entry with its stored hash, in order (for ``verify``)."""
    rows = reg.conn.execute(f"SELECT {_COLUMNS}, hash FROM decision_history ORDER BY id")
    return [(_edit(r[:7]), r[7]) for r in rows]


def record_edit(
    reg: RegistryBase, decision_id: int, action: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Append one history entry; call inside ``reg.write()``."""
    last = reg.conn.execute("SELECT hash FROM decision_history ORDER BY id DESC LIMIT 1").fetchone()
    edit = de.DecisionEdit(0, decision_id, action, before, after, now_stamp(), reg.operator)
    reg.conn.execute(
        "INSERT INTO decision_history (decision_id, action, before, after, recorded_at, "
        "recorded_by, hash) VALUES (?,?,?,?,?,?,?)",
        (
            decision_id,
            action,
            canonical_json(before),
            canonical_json(after),
            edit.recorded_at,
            edit.recorded_by,
            de.edit_hash(last[0] if last else "", edit),
        ),
    )


def _refuse_withdrawn(d: Decision) -> None:
    if d.withdrawn:
        raise InvalidInput(
            f"Quyết định số {d.number} đã rút khỏi sổ; nhập lại phụ lục của nó để ghi lại.",
            f"Decision {d.number} was withdrawn; import its appendix again to reinstate it.",
        )


def preview_correction(
    reg: RegistryBase, decision_id: int, values: dict[str, str | None]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that would change (before, after), checked; nothing written."""
    d = reg.decision(decision_id)
    _refuse_withdrawn(d)
    current = d.as_dict()
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for field, raw in values.items():
        value = de.clean_value(field, raw)
        if value != current.get(field):
            before[field] = current.get(field)
            after[field] = value
    if not after:
        raise InvalidInput(
            f"Thông tin mới giống thông tin đang ghi của quyết định số {d.number}; "
            "không có gì để sửa.",
            f"Decision {d.number} already holds these values; nothing to correct.",
        )
    if "number" in after:
        other = reg.decision_by_number(after["number"])
        if other is not None and other.id != d.id:
            raise ConflictError(
                f"Số {after['number']} đã là số của một quyết định khác trong sổ.",
                f"{after['number']} is already the number of another decision.",
            )
    if "effective" in after:
        n = effective_changes(reg, d.id)
        if n:
            # The changes were judged against the registry as it stood on that date.
            raise ConflictError(
                f"Quyết định số {d.number} đã có {n} thay đổi có hiệu lực từ ngày "
                f"{people_date(d.effective)}; không sửa được ngày hiệu lực. Hoàn tác các thay đổi "
                "(lần nhập) của quyết định, sửa ngày, rồi nhập lại.",
                f"Decision {d.number} has {n} changes in effect from {d.effective}; undo them "
                "before correcting its effective date.",
            )
    return before, after


def correct_decision(
    reg: RegistryBase, decision_id: int, values: dict[str, str | None]
) -> Decision:
    """Correct some fields of a decision's record; returns the decision as now recorded."""
    before, after = preview_correction(reg, decision_id, values)
    with reg.write():
        sets = ", ".join(f"{field} = ?" for field in after)
        reg.conn.execute(
            f"UPDATE decisions SET {sets} WHERE id = ?", [*after.values(), decision_id]
        )
        seals.seal_decision(reg, decision_id)  # the corrected record is the sealed one now
        record_edit(reg, decision_id, de.CORRECT, before, after)
    return reg.decision(decision_id)


def withdraw_decision(reg: RegistryBase, decision_id: int) -> Decision:
    """Withdraw a decision none of whose changes is in effect (its only import undone, say)."""
    d = reg.decision(decision_id)
    _refuse_withdrawn(d)
    n = effective_changes(reg, d.id)
    if n:
        raise ConflictError(
            f"Quyết định số {d.number} còn {n} thay đổi có hiệu lực trong sổ; chỉ rút được "
            "quyết định không còn thay đổi nào (hoàn tác các thay đổi trước).",
            f"Decision {d.number} still has {n} changes in effect; undo them first.",
        )
    stamp = now_stamp()
    with reg.write():
        reg.conn.execute("UPDATE decisions SET withdrawn = ? WHERE id = ?", (stamp, d.id))
        record_edit(reg, d.id, de.WITHDRAW, {"withdrawn": None}, {"withdrawn": stamp})
    return reg.decision(decision_id)


def reinstate_decision(reg: RegistryBase, d: Decision, values: dict[str, Any]) -> None:
    """Bring a withdrawn decision back with the values given (an import names it again);
    call inside ``reg.write()``."""
    current = d.as_dict()
    changed = {k: v for k, v in values.items() if v != current.get(k)}
    before = {"withdrawn": d.withdrawn, **{k: current.get(k) for k in changed}}
    after = {"withdrawn": None, **changed}
    sets = ", ".join(f"{field} = ?" for field in after)
    reg.conn.execute(f"UPDATE decisions SET {sets} WHERE id = ?", [*after.values(), d.id])
    seals.seal_decision(reg, d.id)
    record_edit(reg, d.id, de.REINSTATE, before, after)
