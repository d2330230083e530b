"""The official level-1 lists shipped in ``data/``, loaded as the decisions that made them."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.units import NewUnit
from desktop.paths import data_file
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


def load_official(reg: Registry) -> None:
    """Record QĐ 20/2020 (the level-1 list) and QĐ 09/2025 (its amendment) in one transaction."""
    with reg.write():
        for record in official_decisions():
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
            _apply_amendment(reg, rows, decision_id)


def _apply_amendment(reg: Registry, rows: list[dict[str, str]], decision_id: int) -> None:
    for r in rows:
        if r["action"] == "rename":
            reg.rename(reg.find(r["code"]).id, r["name"], decision_id)
    adds = [NewUnit(r["code"], r["name"]) for r in rows if r["action"] == "add"]
    if adds:
        reg.create_units(adds, decision_id)
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
    """Every level-1 code the shipped lists give (QĐ 20/2020 and the codes its amendments add)."""
    codes = set(level1_names())
    for record in official_decisions():
        for r in _rows(data_file(record.applies)):
            if r.get("action", "add") == "add":
                codes.add(r["code"])
    return frozenset(codes)


def level1_standing(group: str) -> str:
    """Whether a level-1 code is published: ``listed``, ``range`` (A or C group) or ``unknown``."""
    if group in published_level1():
        return LISTED
    if group[:1] in RANGE_GROUPS:
        return IN_RANGE
    return UNKNOWN
