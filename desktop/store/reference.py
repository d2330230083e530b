"""The official level-1 lists shipped in ``data/``, loaded as the decisions that made them."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.units import NewUnit
from desktop.paths import data_file

# Only the loaders take a registry: checking a level-1 code (check-code) needs no store.
if TYPE_CHECKING:
    from desktop.store.registry import Registry


@dataclass(frozen=True)
class DecisionRecord:
    number: str
    issuer: str
    signed: str
    effective: str
    title: str
    applies: str


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def official_decisions() -> list[DecisionRecord]:
    return [
        DecisionRecord(
            number=r["number"],
            issuer=r["issuer"],
            signed=r["signed"],
            effective=r["effective"],
            title=r["title"],
            applies=r["applies"],
        )
        for r in _rows(data_file("decisions.csv"))
    ]


def level1_names() -> dict[str, str]:
    """Level-1 code → name as of the original list (QĐ 20/2020)."""
    return {r["code"]: r["name"] for r in _rows(data_file("level1_2020.csv"))}


# QĐ 09/2025 closes G37, a code reserved in 2020 and never given to any body. A code is
# "used" only through a unit (codes_used points at one), so G37 gets a placeholder unit, created
# and closed by the same decision on the same day: it is never active and never assignable.
RESERVED_NAME = "Mã {code} dự phòng, chưa giao cho cơ quan nào (đóng theo {number})"


def load_official(reg: Registry, *, until: str | None = None) -> None:
    """Record the official level-1 history in one transaction: QĐ 20/2020 (the list), QĐ 09/2025
    (its amendment) and Nghị quyết 202/2025/QH15 (the provincial merger: 58 codes closed).

    ``until`` stops at the acts in force on that date (a registry as the law then stood).
    """
    with reg.write():
        for record in official_decisions():
            if until is not None and record.effective > until:
                continue
            decision_id = reg.add_decision(
                record.number,
                record.effective,
                issuer=record.issuer,
                signed=record.signed,
                title=record.title,
            )
            rows = _rows(data_file(record.applies))
            if "action" not in rows[0]:
                reg.create_units([NewUnit(r["code"], r["name"]) for r in rows], decision_id)
                continue
            _apply_amendment(reg, rows, decision_id, record.number)


def _apply_amendment(
    reg: Registry, rows: list[dict[str, str]], decision_id: int, number: str
) -> None:
    for r in rows:
        if r["action"] == "rename":
            reg.rename(reg.find(r["code"]).id, r["name"], decision_id)
    adds = [NewUnit(r["code"], r["name"]) for r in rows if r["action"] == "add"]
    if adds:
        reg.create_units(adds, decision_id)
    reserved = [
        NewUnit(r["code"], RESERVED_NAME.format(code=r["code"], number=number))
        for r in rows
        if r["action"] == "close" and reg.code_owner(r["code"]) is None
    ]
    if reserved:
        reg.create_units(reserved, decision_id)
    for r in rows:
        if r["action"] == "close":
            successors = [reg.find(r["successor"]).id] if r["successor"] else []
            reg.close_unit(reg.find(r["code"]).id, decision_id, successors=successors)


# Groups of level-1 codes that QĐ 20/2020 gives as ranges rather than one by one (A: Party
# bodies, C: National Assembly bodies): any code of the group may be issued.
RANGE_GROUPS = frozenset("AC")
LISTED = "listed"
IN_RANGE = "range"
UNKNOWN = "unknown"


@functools.cache
def published_level1() -> frozenset[str]:
    """Every level-1 code the shipped lists name: QĐ 20/2020's, and those its amendments add,
    rename or close (G37, reserved in 2020 and closed by QĐ 09/2025, is published, and used)."""
    codes = set(level1_names())
    for record in official_decisions():
        for r in _rows(data_file(record.applies)):
            if r.get("code"):
                codes.add(r["code"])
    return frozenset(codes)


def level1_standing(group: str) -> str:
    """Whether a level-1 code is published: ``listed``, ``range`` (A or C group) or ``unknown``."""
    if group in published_level1():
        return LISTED
    if group[:1] in RANGE_GROUPS:
        return IN_RANGE
    return UNKNOWN
