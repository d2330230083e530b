"""Random clerk work on a registry, shared by the kill harness and the soak.

Each step is *planned* first (read-only: pick the units, compute how many events and decisions
the operation writes if it commits) and then *run* as one store operation. The kill harness logs
the plan before running it, so that after a crash it can tell a whole operation from a partial
one; the soak just runs the steps.

Operations: a new decision, create (one to three units), rename, update details, move (to
another parent of the same level), merge, split, close, undo (``reg.annul`` of the latest
change) and, when the Excel exchange is present, import of an appendix.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.codes import suggest_child
from desktop.domain.units import NewUnit
from desktop.store.registry import Registry

OWN_DECISIONS = "QĐ-KT"
FIRST_EFFECTIVE = "2025-06-01"

WEIGHTS = {
    "decision": 2,
    "create": 30,
    "rename": 12,
    "update": 5,
    "move": 10,
    "merge": 7,
    "split": 7,
    "close": 8,
    "undo": 10,
}

KINDS = ["Sở", "Phòng", "Trung tâm", "Ban", "Chi cục", "Văn phòng", "Trường", "Bệnh viện"]
TOPICS = [
    "Tư pháp",
    "Tài chính",
    "Nội vụ",
    "Xây dựng",
    "Giáo dục và Đào tạo",
    "Y tế",
    "Khoa học và Công nghệ",
    "Nông nghiệp và Môi trường",
    "Công Thương",
    "Dân tộc và Tôn giáo",
    "Lưu trữ lịch sử",
    "Phát triển quỹ đất",
    "Trợ giúp pháp lý",
]

# One operation in a hundred is an import: each takes a backup copy of the whole registry first.
IMPORT_WEIGHT = 1

_ACTIVE = "status = 'active' AND kind = 'agency'"
_LEAF = (
    "NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = units.id "
    "AND c.status IN ('active', 'draft'))"
)


@dataclass
class Step:
    """One planned operation: what it is, what it writes if it commits, and how to run it."""

    kind: str
    events: int
    decisions: int
    run: Callable[[], Any]
    detail: str = ""


def importer_available() -> bool:
    try:
        import desktop.exchange.importer  # noqa: F401
    except ImportError:
        return False
    return True


class Workload:
    def __init__(
        self,
        reg: Registry,
        rng: random.Random,
        weights: dict[str, int] | None = None,
        scratch: Path | None = None,
    ):
        self.reg = reg
        self.rng = rng
        self.weights = dict(weights or WEIGHTS)
        self.serial = 0
        self.extra: dict[str, Callable[[], Step | None]] = {}
        # Imports need a folder for their appendix files; without one (or an importer) none.
        self.scratch = scratch
        if scratch is not None and importer_available() and "import" not in self.weights:
            self.weights["import"] = IMPORT_WEIGHT

    # -- reads -----------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        row = self.reg.conn.execute(
            "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], row[1]) if row else (0, "")

    def decision_count(self) -> int:
        return int(self.reg.conn.execute("SELECT count(*) FROM decisions").fetchone()[0])

    def current_decision(self) -> tuple[int, str] | None:
        row = self.reg.conn.execute(
            "SELECT id, effective FROM decisions WHERE number LIKE ? "
            "ORDER BY effective DESC, id DESC LIMIT 1",
            (f"%/{OWN_DECISIONS}",),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def pick(self, where: str, params: tuple[Any, ...] = ()) -> int | None:
        """A random unit id matching ``where`` (cheap: a probe from a random id, then a scan)."""
        conn = self.reg.conn
        top = conn.execute("SELECT max(id) FROM units").fetchone()[0] or 0
        for _ in range(4):
            start = self.rng.randint(1, max(top, 1))
            row = conn.execute(
                f"SELECT id FROM units WHERE id >= ? AND {where} ORDER BY id LIMIT 1",
                (start, *params),
            ).fetchone()
            if row:
                return int(row[0])
        row = conn.execute(
            f"SELECT id FROM units WHERE {where} ORDER BY id LIMIT 1", params
        ).fetchone()
        return int(row[0]) if row else None

    def name(self) -> str:
        self.serial += 1
        return (
            f"{self.rng.choice(KINDS)} {self.rng.choice(TOPICS)} "
            f"số {self.rng.randint(1, 999)} ({self.serial})"
        )

    # -- planning --------------------------------------------------------------------------

    def plan(self) -> Step | None:
        """The next operation, or None when the one drawn has nothing to act on right now."""
        current = self.current_decision()
        if current is None:
            return self._new_decision()
        kinds = list(self.weights)
        kind = self.rng.choices(kinds, [self.weights[k] for k in kinds])[0]
        if kind in self.extra:
            return self.extra[kind]()
        return getattr(self, "_" + kind)(current[0])

    def _decision(self, _decision_id: int) -> Step | None:
        return self._new_decision()

    def _next_decision(self) -> tuple[str, str]:
        """The number and effective date of the next decision of this workload."""
        current = self.current_decision()
        if current is None:
            effective = FIRST_EFFECTIVE
        else:
            effective = (dt.date.fromisoformat(current[1]) + dt.timedelta(days=1)).isoformat()
        count = self.reg.conn.execute(
            "SELECT count(*) FROM decisions WHERE number LIKE ?", (f"%/{OWN_DECISIONS}",)
        ).fetchone()[0]
        return f"{count + 1}/{OWN_DECISIONS}", effective

    def _new_decision(self) -> Step:
        number, effective = self._next_decision()
        return Step(
            "decision",
            0,
            1,
            lambda: self.reg.add_decision(
                number, effective, issuer="Ủy ban nhân dân tỉnh Kiểm Thử", signed=effective
            ),
            number,
        )

    def _create(self, decision_id: int) -> Step | None:
        parent_id = self.pick(f"{_ACTIVE} AND level < 4")
        if parent_id is None:
            return None
        parent = self.reg.unit(parent_id)
        code = parent.parsed
        taken = self.reg._taken_segments(code)
        specs = []
        for _ in range(self.rng.choice((1, 1, 2, 3))):
            child = suggest_child(code, taken)
            if child is None:
                break
            taken.add(child.segment)
            specs.append(NewUnit(child.canonical, self.name()))
        if not specs:
            return None
        return Step(
            "create",
            len(specs),
            0,
            lambda: self.reg.create_units(specs, decision_id),
            ",".join(s.code for s in specs),
        )

    def _rename(self, decision_id: int) -> Step | None:
        uid = self.pick(f"{_ACTIVE} AND level > 1")
        if uid is None:
            return None
        new = self.name()
        return Step("rename", 1, 0, lambda: self.reg.rename(uid, new, decision_id), str(uid))

    def _update(self, decision_id: int) -> Step | None:
        uid = self.pick(f"{_ACTIVE} AND level > 1")
        if uid is None:
            return None
        phone = f"0{self.rng.randint(200000000, 299999999)}"
        return Step(
            "update",
            1,
            0,
            lambda: self.reg.update_details(uid, {"phone": phone}, decision_id),
            str(uid),
        )

    def _move(self, decision_id: int) -> Step | None:
        uid = self.pick(f"{_ACTIVE} AND level IN (2, 3)")
        if uid is None:
            return None
        unit = self.reg.unit(uid)
        target = self.pick(
            f"{_ACTIVE} AND level = ? AND id != ? AND code NOT LIKE ?",
            ((unit.level or 2) - 1, unit.parent_id or 0, unit.code + ".%"),
        )
        if target is None:
            return None
        try:
            plan = self.reg.plan_move(uid, target)
        except Exception:  # nothing to move there (no free code...): draw another step
            return None
        return Step(
            "move",
            len(plan),
            0,
            lambda: self.reg.move(uid, target, decision_id),
            f"{uid}->{target}",
        )

    def _merge(self, decision_id: int) -> Step | None:
        sources: list[int] = []
        for _ in range(self.rng.choice((1, 2))):
            sid = self.pick(f"{_ACTIVE} AND level > 1 AND {_LEAF}")
            if sid is not None and sid not in sources:
                sources.append(sid)
        target = self.pick(f"{_ACTIVE} AND level > 1")
        if not sources or target is None or target in sources:
            return None
        return Step(
            "merge",
            len(sources) + 1,
            0,
            lambda: self.reg.merge(sources, target, decision_id),
            f"{sources}->{target}",
        )

    def _split(self, decision_id: int) -> Step | None:
        sid = self.pick(f"{_ACTIVE} AND level > 1 AND {_LEAF}")
        if sid is None:
            return None
        source = self.reg.unit(sid)
        if source.parent_id is None:
            return None
        parent = self.reg.unit(source.parent_id)
        code = parent.parsed
        taken = self.reg._taken_segments(code)
        parts = []
        for _ in range(2):
            child = suggest_child(code, taken)
            if child is None:
                return None
            taken.add(child.segment)
            parts.append(NewUnit(child.canonical, self.name()))
        return Step(
            "split",
            len(parts) + 1,
            0,
            lambda: self.reg.split(sid, parts, decision_id),
            f"{sid}->{[p.code for p in parts]}",
        )

    def _close(self, decision_id: int) -> Step | None:
        uid = self.pick(f"{_ACTIVE} AND level > 1 AND {_LEAF}")
        if uid is None:
            return None
        successors: list[int] = []
        if self.rng.random() < 0.5:
            succ = self.pick(f"{_ACTIVE} AND level > 1 AND id != ?", (uid,))
            if succ is not None:
                successors = [succ]
        return Step(
            "close",
            1,
            0,
            lambda: self.reg.close_unit(uid, decision_id, successors=successors),
            str(uid),
        )

    def _undo(self, _decision_id: int) -> Step | None:
        """Annul the latest change still in force: what Ctrl+Z does in the editor."""
        row = self.reg.conn.execute(
            "SELECT id, group_id FROM events WHERE type != 'annul' AND annulled_by IS NULL "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        event_id, group = row
        count = 1
        if group is not None:
            count = self.reg.conn.execute(
                "SELECT count(*) FROM events WHERE group_id = ? AND type != 'annul' "
                "AND annulled_by IS NULL",
                (group,),
            ).fetchone()[0]
        return Step("undo", count, 0, lambda: self.reg.annul(event_id), str(event_id))

    def _import(self, _decision_id: int) -> Step | None:
        """An appendix of a new decision for one level-1 unit: its level-2 units, some renamed,
        plus new ones, imported as the clerk does (a dry run first tells what it will write)."""
        from desktop.exchange.importer import import_appendix

        assert self.scratch is not None
        root_id = self.pick(f"{_ACTIVE} AND level = 1")
        if root_id is None:
            return None
        root = self.reg.unit(root_id)
        children = self.reg.children(root_id, include_closed=False)
        code = root.parsed
        taken = self.reg._taken_segments(code)
        rows = []
        for child in children:
            name = self.name() if self.rng.random() < 0.2 else child.name
            rows.append((child.display_code(self.reg.notation), name))
        for _ in range(self.rng.randint(1, 4)):
            new = suggest_child(code, taken)
            if new is None:
                break
            taken.add(new.segment)
            rows.append((new.format(self.reg.notation), self.name()))
        number, effective = self._next_decision()
        self.serial += 1
        path = self.scratch / f"phu-luc-{self.serial}.xlsx"
        write_appendix(path, rows, number, effective)
        preview = import_appendix(self.reg, path, number=number, effective=effective, dry_run=True)
        if preview.blocked or not preview.changeset.has_changes:
            return None
        events = len(preview.changeset.steps())

        def run() -> Any:
            result = import_appendix(self.reg, path, number=number, effective=effective)
            if not result.applied:
                raise RuntimeError(f"import not applied: {result.as_dict(self.reg.notation)}")
            return result

        return Step("import", events, 1, run, f"{root.code} +{events}")


def write_appendix(path: Path, rows: list[tuple[str, str]], number: str, effective: str) -> None:
    """A one-sheet appendix in the provinces' layout, for a decision."""
    import openpyxl

    day = dt.date.fromisoformat(effective)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    ws.append(["PHỤ LỤC I"])
    ws.append(["DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ"])
    ws.append(
        [
            f"(Kèm theo Quyết định số {number} ngày {day.day} tháng {day.month} năm {day.year} "
            "của Ủy ban nhân dân tỉnh Kiểm Thử)"
        ]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    for i, (code, name) in enumerate(rows, 1):
        ws.append([i, name, code, None])
    wb.save(path)


def new_registry(path: Any) -> None:
    """A registry holding the official level-1 lists, for the harness and the soak to work on."""
    from desktop.store.reference import load_official

    with Registry.create(path) as reg:
        load_official(reg)
        reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
