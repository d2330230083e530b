"""The tree model on its own: Qt's model tester watching every signal while operations patch it,
and the loaded tree compared with the registry after each of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester

from desktop.domain.units import NewUnit
from desktop.store.asof import units_as_of
from desktop.store.browse import as_of_difference
from desktop.store.reference import load_official
from desktop.store.registry import Registry
from desktop.store.sample import create_registry
from desktop.ui.tree_model import PAGE, AsOfSource, RegistrySource, UnitTreeModel


@pytest.fixture()
def reg(tmp_path: Path):
    with Registry.open(create_registry(tmp_path / "s.db", sample=True)) as r:
        yield r


@pytest.fixture()
def decision(reg: Registry) -> int:
    return reg.add_decision("30/QĐ-BKHCN", "2026-10-01", issuer="Bộ Khoa học và Công nghệ")


def open_all(model: UnitTreeModel, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
    model.fetch_all(parent)
    for row in range(model.rowCount(parent)):
        open_all(model, model.index(row, 0, parent))


class Mirror:
    """The tree as a view would know it from the model's signals alone."""

    def __init__(self, model: UnitTreeModel) -> None:
        self.model = model
        self.children: dict[int, list[int]] = {}
        self._rebuild()
        model.rowsInserted.connect(self._inserted)
        model.rowsAboutToBeRemoved.connect(self._removing)
        model.rowsAboutToBeMoved.connect(self._moving)
        model.modelReset.connect(self._rebuild)

    def _key(self, parent: QModelIndex) -> int:
        return parent.internalId() if parent.isValid() else 0

    def _rebuild(self) -> None:
        self.children = {}
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            ids = []
            for row in range(self.model.rowCount(parent)):
                child = self.model.index(row, 0, parent)
                ids.append(child.internalId())
                stack.append(child)
            self.children[self._key(parent)] = ids

    def _inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        ids = [self.model.index(r, 0, parent).internalId() for r in range(first, last + 1)]
        self.children.setdefault(self._key(parent), [])[first:first] = ids
        for uid in ids:  # a new row may arrive with children (never here: they load later)
            self.children.setdefault(uid, [])

    def _drop(self, uid: int) -> None:
        for child in self.children.pop(uid, []):
            self._drop(child)

    def _removing(self, parent: QModelIndex, first: int, last: int) -> None:
        siblings = self.children[self._key(parent)]
        for uid in siblings[first : last + 1]:
            self._drop(uid)
        del siblings[first : last + 1]

    def _moving(self, src: QModelIndex, first: int, last: int, dst: QModelIndex, row: int):
        source = self.children[self._key(src)]
        moved = source[first : last + 1]
        del source[first : last + 1]
        target = self.children.setdefault(self._key(dst), [])
        if target is source and row > first:
            row -= len(moved)
        target[row:row] = moved

    def assert_in_step(self) -> None:
        for key, ids in self.children.items():
            node = self.model._root if key == 0 else self.model.node_for(key)
            assert node is not None, key
            assert [c.id for c in node.children] == ids, node.code


def assert_matches_registry(model: UnitTreeModel, reg: Registry, include_closed: bool) -> None:
    """Every loaded node lists exactly the registry's children (in force today), in code
    order, fresh."""
    fresh_source = RegistrySource(reg, include_closed=include_closed)
    stack: list[QModelIndex] = [QModelIndex()]
    while stack:
        parent = stack.pop()
        node = model._node(parent)
        if not node.fetched and parent.isValid():
            assert node.children == []
            continue
        truth = fresh_source.page(node.id or None, None, len(node.children) + 1)
        if node.complete:
            assert [r.id for r in truth] == [c.id for c in node.children], node.code
        for row, (child, fresh) in enumerate(zip(node.children, truth)):
            assert child.row == row
            assert (child.code, child.name, child.status) == (fresh.code, fresh.name, fresh.status)
            assert child.has_children == fresh.has_children or bool(child.children)
            assert model.index(row, 0, parent).internalId() == child.id
            stack.append(model.index(row, 0, parent))


def structure_check(model: UnitTreeModel) -> None:
    """Qt's model tester over the whole model, then let go of it.

    A tester left attached runs its full check (fetching children) inside every signal the
    model emits; with a lazy model that nests a fetch inside another change, which its
    bookkeeping counts as an error. The signals are checked by :class:`Mirror` instead.
    """
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    del tester


@pytest.mark.parametrize("include_closed", [False, True])
def test_changes_patch_the_loaded_tree(qtbot, reg, decision, include_closed):
    model = UnitTreeModel(RegistrySource(reg, include_closed=include_closed))
    model.fetchMore(QModelIndex())
    g06 = model.reveal([reg.find("G06").id])
    open_all(model, g06)
    structure_check(model)
    mirror = Mirror(model)
    moved = reg.find("G06.09.02").id  # two level-4 children, loaded
    moved_child = model.node_for(reg.find("G06.09.02.001").id)

    def run(change) -> None:
        model.apply_change(change)
        mirror.assert_in_step()  # the signals told the whole story
        assert_matches_registry(model, reg, include_closed)
        structure_check(model)

    run(reg.create_unit("G06.10.01", "Phòng An toàn hạt nhân", decision))
    run(reg.move(moved, reg.find("G06.10").id, decision))
    assert model.node_for(moved).parent.code == "G06.10"
    # The loaded branch moved along (a view keeps it open), with its new codes.
    assert model.node_for(moved_child.id) is moved_child
    assert moved_child.code == "G06.10.02.001"
    run(reg.recode(reg.find("G06.10.02").id, "G06.10.09", decision))
    run(reg.rename(reg.find("G06.04").id, "Vụ Pháp chế và Cải cách hành chính", decision))
    change = reg.close_unit(reg.find("G06.10.09").id, decision, cascade=True)
    run(change)
    run(reg.reopen_unit(reg.find("G06.10.09").id, decision))
    run(reg.merge([reg.find("G06.11.01").id], reg.find("G06.11.02").id, decision))
    parts = [NewUnit("G06.12", "Thanh tra"), NewUnit("G06.13", "Vụ Kiểm tra")]
    run(reg.split(reg.find("G06.05").id, parts, decision))
    # Undo everything, newest first, exactly as the undo stack does.
    for event_id in sorted(
        (e.id for e in reg.events("decision_id = ? AND annulled_by IS NULL", (decision,))),
        reverse=True,
    ):
        if reg.event(event_id).shapes_history:
            run(reg.annul(event_id))
    assert model.node_for(moved).parent.code == "G06.09"


def test_a_wide_node_loads_in_pages(qtmodeltester, tmp_path: Path):
    with Registry.create(tmp_path / "wide.db") as reg:
        load_official(reg)
        did = reg.add_decision("1/QĐ-UBND", "2025-01-01")
        reg.create_unit("H61.01", "Sở Nội vụ", did)
        reg.create_units([NewUnit(f"H61.01.{i:02d}", f"Phòng {i}") for i in range(1, 100)], did)
        reg.create_units([NewUnit(f"H61.01.01.{i:03d}", f"Tổ {i}") for i in range(1, 1000)], did)
        model = UnitTreeModel(RegistrySource(reg))
        model.fetchMore(QModelIndex())
        wide = model.reveal([reg.find("H61").id, reg.find("H61.01").id, reg.find("H61.01.01").id])
        assert model.rowCount(wide) == 0 and model.canFetchMore(wide)
        model.fetchMore(wide)
        assert model.rowCount(wide) == min(999, PAGE)
        model.fetch_all(wide)
        assert model.rowCount(wide) == 999
        assert model.index(998, 0, wide).data() == "999.01.01.H61"
        qtmodeltester.check(model, force_py=True)


def as_of_model(reg: Registry, date: str, include_closed: bool) -> UnitTreeModel:
    difference = as_of_difference(reg, date, include_closed=include_closed)
    return UnitTreeModel(AsOfSource(reg, difference, include_closed=include_closed))


def walk(model: UnitTreeModel) -> list[tuple[str, str, str, str | None]]:
    """Every unit of the fully opened tree: (code, name, status, parent code), parents first."""
    out = []
    stack = [(QModelIndex(), None)]
    while stack:
        parent, parent_code = stack.pop()
        model.fetch_all(parent)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            node = model.node_for(index.internalId())
            out.append((node.code, node.name, node.status, parent_code))
            stack.append((index, node.code))
    return out


@pytest.mark.parametrize("include_closed", [False, True])
@pytest.mark.parametrize(
    "date", ["2020-09-15", "2025-01-01", "2025-07-01", "2025-12-31", "2026-12-31", "2027-06-01"]
)
def test_as_of_tree_equals_the_replay(reg, date, include_closed):
    """Opened node by node, the lazy as-of tree holds exactly what ``units_as_of`` lists."""
    model = as_of_model(reg, date, include_closed)
    shown = walk(model)
    expected = units_as_of(reg, date, include_closed=include_closed)
    codes = {u.id: u.code for u in expected}
    assert sorted(shown) == sorted(
        (u.code, u.name, u.status, codes.get(u.parent_id)) for u in expected
    )
    assert model.source.count == len(expected)
    for row in range(model.rowCount()):  # no arrow left on a node without children
        index = model.index(row, 0)
        assert model.hasChildren(index) == (model.rowCount(index) > 0)


def test_as_of_model_is_read_only(qtmodeltester, reg):
    model = as_of_model(reg, "2025-07-01", False)
    model.fetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)
    g06 = model.reveal([reg.find("G06").id])
    model.fetch_all(g06)
    names = [model.index(r, 1, g06).data() for r in range(model.rowCount(g06))]
    assert "Cục Sở hữu trí tuệ" in names
    index = model.index(0, 0, g06)
    assert not model.flags(index) & model.flags(index).ItemIsDragEnabled
    assert not model.canDropMimeData(model.mimeData([index]), 2, -1, -1, g06)
