"""The sample registry a new user opens on first start.

It holds the official level-1 history, the 2025 amendment and the provincial merger of Nghị quyết
202/2025/QH15 included (as ``madinhdanh init`` makes it),
plus one illustrative ministry subtree (``data/sample_subtree.csv``) made by three example
decisions (``data/sample_decisions.csv``) whose titles say they are examples: one creates levels
2-4, one renames, merges, adds and moves, and one is signed but takes effect later, so that the
history, the decisions view and the as-of date all have something to show.
"""

from __future__ import annotations

import contextlib
import csv
import os
from pathlib import Path

from desktop.domain.errors import KnownError
from desktop.domain.units import NewUnit
from desktop.paths import data_file, default_registry
from desktop.store.base import discard_orphan_journal
from desktop.store.reference import load_official
from desktop.store.registry import Registry


def _rows(name: str) -> list[dict[str, str]]:
    with data_file(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_sample(reg: Registry) -> None:
    """Record the example decisions and their changes (after the official lists)."""
    decisions = {}
    with reg.write():
        for d in _rows("sample_decisions.csv"):
            decisions[d["key"]] = reg.add_decision(
                d["number"],
                d["effective"],
                issuer=d["issuer"],
                signed=d["signed"],
                title=d["title"],
            )
        rows = _rows("sample_subtree.csv")
        for key, decision_id in decisions.items():
            batch = [r for r in rows if r["decision"] == key]
            adds = [NewUnit(r["code"], r["name"], note=r["note"] or None) for r in batch]
            adds = [a for a, r in zip(adds, batch) if r["action"] == "add"]
            if adds:
                reg.create_units(adds, decision_id)
            for r in batch:
                action = r["action"]
                if action == "rename":
                    reg.rename(reg.find(r["code"]).id, r["name"], decision_id)
                elif action == "merge":
                    reg.merge([reg.find(r["code"]).id], reg.find(r["target"]).id, decision_id)
                elif action == "move":
                    reg.move(reg.find(r["code"]).id, reg.find(r["target"]).id, decision_id)
                elif action == "close":
                    successors = [reg.find(r["target"]).id] if r["target"] else []
                    reg.close_unit(reg.find(r["code"]).id, decision_id, successors=successors)


def create_registry(target: Path, *, official: bool = True, sample: bool = False) -> Path:
    """A new registry at ``target`` (which must not exist), built beside it and renamed at the
    end, so that a failure leaves nothing behind."""
    if target.exists():
        raise KnownError(
            f"Tệp '{target}' đã tồn tại; chọn tên khác để tạo sổ mới.",
            f"'{target}' already exists; choose another name for a new registry.",
        )
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with Registry.create(partial) as reg:
            if official or sample:
                load_official(reg)
            if sample:
                load_sample(reg)
            reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        discard_orphan_journal(target)
        partial.replace(target)
    finally:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(partial) + suffix).unlink()
    return target


def ensure_default_registry() -> Path:
    """The user's registry, made from the sample on first start."""
    path = default_registry()
    if not path.exists():
        create_registry(path, sample=True)
    return path
