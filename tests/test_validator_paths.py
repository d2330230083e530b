"""The validator's shortcuts find exactly what the whole-table queries find.

The unit pass hands ``unit.before-parent`` and ``enterprise.ended-with-parent`` the few units a
cheap test says can matter, and as of a date ``code.duplicate`` takes its candidates from the
table's code index rather than grouping the view. Here the shortcuts are switched off (every
unit a candidate, the view grouped whole, as before) on a registry holding many defects at once,
judged today with a decision still pending, and the full findings lists must be equal.
"""

from __future__ import annotations

import pytest
from test_validator_registry import _enterprise_under, insert_unit

from desktop.store import validation
from desktop.store.registry import Registry
from desktop.store.validation import validate_registry, validate_units


def _messy(reg: Registry, tree: dict[str, int], dec: int) -> list[int]:
    """Several defects each of the rules concerned, a moved unit, and a pending decision."""
    g38 = reg.find("G38").id
    early = insert_unit(reg, "G38.01", "Văn phòng", parent=g38)
    reg.conn.execute("UPDATE units SET valid_from = '2024-01-01' WHERE id = ?", (early,))
    fine = insert_unit(reg, "G38.02", "Vụ Kế hoạch", parent=g38)
    reg.conn.execute("UPDATE units SET valid_from = '2025-05-01' WHERE id = ?", (fine,))
    # A closed unit that started after its parent had closed.
    reg.close_unit(tree["H59.01"], dec, cascade=True)
    late = insert_unit(reg, "H59.01.07", "Phòng mở muộn", parent=tree["H59.01"], status="closed")
    reg.conn.execute(
        "UPDATE units SET valid_from = '2026-03-01', valid_to = '2026-04-01' WHERE id = ?", (late,)
    )
    # Enterprises: one under a body closed without successor, one closed with its body.
    kept = _enterprise_under(reg, tree["H59.02"], dec)
    ended = reg.create_unit("0100109106-001", "Chi nhánh Xổ số", dec).created[0]
    reg.conn.execute("UPDATE units SET parent_id = ? WHERE id = ?", (tree["H59.02"], ended))
    with reg.write():
        reg._end_with_parents({ended: ("2025-06-01", dec)}, None)
    reg.close_unit(tree["H59.02"], dec)
    # Two live units on one code.
    twin = insert_unit(reg, "H59.03", "Sở Y tế", parent=tree["H59"], claim=False)
    insert_unit(reg, "H59.03", "Sở Y tế (trùng)", parent=tree["H59"], claim=False)
    # Pending: signed, in force next year, so ``units`` is judged through the as-of view.
    later = reg.add_decision("9/QĐ-UBND", "2099-01-01", signed="2025-12-01")
    reg.rename(tree["H58"], "Ủy ban nhân dân tỉnh (tên mới)", later)
    return [early, fine, late, kept, ended, twin]


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    unit_pass = validation._Run._unit_pass
    init = validation._Run.__init__

    def every_unit_a_candidate(self, *args, **kwargs):
        state = unit_pass(self, *args, **kwargs)
        everyone = [r[0] for r in self.conn.execute("SELECT id FROM units")]
        state.before_parent = everyone
        state.closed_enterprises = everyone
        return state

    def view_grouped_whole(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.replayed = False

    monkeypatch.setattr(validation._Run, "_unit_pass", every_unit_a_candidate)
    monkeypatch.setattr(validation._Run, "__init__", view_grouped_whole)


def _all(reg: Registry, ids: list[int]):
    return (
        validate_registry(reg).findings,
        validate_registry(reg, root="H59").findings,
        validate_registry(reg, as_of="2099-06-01").findings,
        validate_units(reg, ids),
    )


def test_shortcuts_find_what_the_whole_table_queries_find(
    reg: Registry, tree, dec, monkeypatch: pytest.MonkeyPatch
):
    ids = _messy(reg, tree, dec)
    fast = _all(reg, ids)
    rules = {f.rule for f in fast[0]}
    assert {
        "unit.before-parent",
        "enterprise.parent-closed",
        "enterprise.ended-with-parent",
        "code.duplicate",
        "decision.pending",
    } <= rules
    assert [f.unit_id for f in fast[0] if f.rule == "unit.before-parent"] == [ids[0], ids[2]]
    _without_shortcuts(monkeypatch)
    assert _all(reg, ids) == fast
