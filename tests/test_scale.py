"""Scale: a subtree is read through the code-order index, never by scanning the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from bigregistry import build

from desktop.store.asof import units_as_of
from desktop.store.registry import Registry


def _vm_steps(reg: Registry, fn) -> int:
    """SQLite virtual-machine steps (in thousands) spent by ``fn``: a count, not a clock."""
    steps = 0

    def tick() -> int:
        nonlocal steps
        steps += 1
        return 0

    reg.conn.set_progress_handler(tick, 1000)
    try:
        fn()
    finally:
        reg.conn.set_progress_handler(None, 0)
    return steps


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scale")
    # The same H59 subtree in both; the large one has ten times as many other subtrees.
    small = build(folder / "small.db", 800 * 19, level1_filled=19, wide_children=999)
    large = build(folder / "large.db", 800 * 190, level1_filled=190, wide_children=999)
    return small, large


def test_subtree_cost_does_not_grow_with_the_registry(small_and_large: tuple[Path, Path]):
    small, large = small_and_large
    with Registry.open(small, readonly=True) as a, Registry.open(large, readonly=True) as b:
        assert b.count_units() > 8 * a.count_units()
        sub_a = units_as_of(a, None, root="H59")
        sub_b = units_as_of(b, None, root="H59")
        assert [u.code for u in sub_a] == [u.code for u in sub_b]
        assert len(sub_b) > 1000
        cost_a = _vm_steps(a, lambda: units_as_of(a, None, root="H59"))
        cost_b = _vm_steps(b, lambda: units_as_of(b, None, root="H59"))
        full_b = _vm_steps(b, lambda: list(b.all_units()))
    assert cost_b <= cost_a * 1.5 + 5
    assert cost_b * 20 < full_b


def test_subtree_query_uses_the_code_order_index(small_and_large: tuple[Path, Path]):
    _, large = small_and_large
    with Registry.open(large, readonly=True) as reg:
        plan = " ".join(
            row[-1]
            for row in reg.conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM units WHERE sort_key = ? OR "
                "(sort_key >= ? AND sort_key < ?)",
                ("H59", "H59.", "H59/"),
            )
        )
    assert "units_sort" in plan and "SCAN units" not in plan.replace("SCAN units_fts", "")


def test_wide_node_has_999_children(small_and_large: tuple[Path, Path]):
    _, large = small_and_large
    with Registry.open(large, readonly=True) as reg:
        assert len(reg.children(reg.find("H59.01.01").id)) == 999
