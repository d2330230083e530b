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


def test_level1_prefix_search_does_not_grow_with_the_registry(small_and_large):
    # "H" matches every unit of the 63 provinces: the first 50 in code order must come from the
    # code-order index, not from sorting all of them.
    from desktop.domain.codes import from_canonical
    from desktop.store.search import search

    small, large = small_and_large
    with Registry.open(small, readonly=True) as a, Registry.open(large, readonly=True) as b:
        for prefix in ("h", "H5", "H59"):
            found = [u.code for u in search(b, prefix)]
            expected = sorted(
                (u for u in b.all_units(include_closed=False) if u.code.startswith(prefix.upper())),
                key=lambda u: from_canonical(u.code).sort_key,
            )
            assert found == [u.code for u in expected[:50]]
        cost_a = _vm_steps(a, lambda: search(a, "H"))
        cost_b = _vm_steps(b, lambda: search(b, "H"))
        under_h = b.conn.execute("SELECT count(*) FROM units WHERE code >= 'H' AND code < 'I'")
        assert under_h.fetchone()[0] > 50_000
    assert cost_b <= cost_a * 1.5 + 5


def test_units_changed_after_a_date_are_found_through_the_date_index(small_and_large):
    # The as-of view and every import ask this: the cost follows the events after the date,
    # not all the events of the registry.
    from desktop.store.asof import changed_after

    _, large = small_and_large
    with Registry.open(large, readonly=True) as reg:
        events = reg.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert events > 100_000
        assert changed_after(reg, "2030-01-01") == set()
        assert _vm_steps(reg, lambda: changed_after(reg, "2030-01-01")) < 5
        for date in ("2020-12-31", "2025-01-01"):
            expected = reg.conn.execute(
                "SELECT DISTINCT unit_id FROM events NOT INDEXED WHERE effective > ? "
                "AND type != 'annul' AND annulled_by IS NULL",
                (date,),
            )
            assert changed_after(reg, date) == {r[0] for r in expected}
        assert len(changed_after(reg, "2020-12-31")) > 150_000
