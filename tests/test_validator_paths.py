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


def _neighbourhoods(reg: Registry, tree: dict[str, int], dec: int) -> dict[str, list[int]]:
    """A run of clean new units (what an import creates) among units with one defect each
    that the row-by-row unit pass finds, and neighbours that make the set rules speak: sets of
    unit ids to validate, by name."""
    g38 = reg.find("G38").id
    body = insert_unit(reg, "G38.05", "Sở Nội vụ", parent=g38)
    reg.conn.execute("UPDATE units SET valid_from = '2025-01-01' WHERE id = ?", (body,))
    bulk = [
        insert_unit(reg, f"G38.05.{i:02d}", f"Phòng số {i} thuộc Sở", parent=body)
        for i in range(1, 81)
    ]
    leaves = [
        insert_unit(reg, f"G38.05.{i:02d}.{j:03d}", f"Tổ công tác {j}", parent=bulk[i - 1])
        for i in (1, 2)
        for j in range(1, 31)
    ]
    odd: dict[str, int] = {}

    def under(key: str, code: str, name: str, parent: int = body, **kwargs) -> int:
        odd[key] = insert_unit(reg, code, name, parent=parent, **kwargs)
        return odd[key]

    # Names and codes the unit pass judges row by row.
    under("namesake", "G38.05.81", "PHÒNG SỐ 3 THUỘC SỞ")
    under("leaf-namesake", "G38.05.01.031", "TỔ CÔNG TÁC 1", parent=bulk[0])
    under("legacy", "G38.05.82", "Phßng Néi vô")
    under("garbled", "G38.05.83", "Phòng Giỏo dục và Đàoưtạo")
    under("spaces", "G38.05.84", "Phòng  Kế toán")
    under("level", "G38.05.85", "Phòng ghi sai cấp", level=4)
    under("elsewhere", "G38.06.03", "Phòng mã nhánh khác")
    under("deep", "G38.05.07.001", "Tổ gắn thiếu một cấp")
    under("letters", "G38.05.A1", "Phòng mã chữ")
    under("early", "G38.05.86", "Phòng lập trước Sở")
    reg.conn.execute("UPDATE units SET valid_from = '2024-01-01' WHERE id = ?", (odd["early"],))
    under("no-decision", "G38.05.87", "Phòng không quyết định")
    reg.conn.execute("UPDATE units SET decision_id = NULL WHERE id = ?", (odd["no-decision"],))
    under("draft", "G38.05.88", "Phòng số 4 thuộc Sở", status="draft")
    under("annulled", "G38.05.89", "Phòng số 5 thuộc Sở", status="annulled")
    closed = under("closed", "G38.05.90", "Phòng đã giải thể", status="closed")
    under("under-closed", "G38.05.90.001", "Tổ còn hoạt động", parent=closed)
    under("kind", "G38.05.94", "Chi nhánh ghi là doanh nghiệp")
    reg.conn.execute("UPDATE units SET kind = 'enterprise' WHERE id = ?", (odd["kind"],))
    merged = under("merged", "G38.05.95", "Phòng đã sáp nhập", status="closed")
    reg.conn.execute(
        "INSERT INTO events (unit_id, type, before, after, decision_id, effective, recorded_at, "
        "hash) VALUES (?, 'merge', '{}', '{}', ?, '2025-07-01', '2025-07-01T00:00:00', 'x')",
        (merged, dec),
    )
    under("enterprise", "0100109106-001", "Chi nhánh Công ty Xổ số")
    reg.conn.execute("UPDATE units SET kind = 'enterprise' WHERE id = ?", (odd["enterprise"],))
    under("g14", "G14.05", "Vụ dưới bộ đã đóng", parent=reg.find("G14").id)
    # Live parents, but a level 1 that is closed, or that no unit holds.
    live = insert_unit(reg, "G14.06", "Vụ còn hoạt động", parent=reg.find("G14").id)
    under("level1-closed", "G14.06.01", "Phòng dưới vụ còn hoạt động", parent=live)
    orphan = insert_unit(reg, "H96.01", "Sở của tỉnh không có trong sổ")
    under("level1-unknown", "H96.01.01", "Phòng của sở", parent=orphan)
    # A code another unit holds outside the neighbourhood, without claiming it.
    under("twin", "G38.05.91", "Phòng có mã trùng")
    insert_unit(reg, "G38.05.91", "Đơn vị trùng mã ở nơi khác", parent=tree["H59.02"], claim=False)
    # A code whose owner is another unit (it held the code before it was recoded).
    before = insert_unit(reg, "G38.05.92", "Phòng đã đổi mã", parent=body)
    reg.conn.execute("UPDATE units SET code = 'G38.05.93' WHERE id = ?", (before,))
    under("reused", "G38.05.92", "Phòng mang mã đã cấp", claim=False)
    # A cycle above a unit that is nobody's parent: its walk starts at its parent.
    top = insert_unit(reg, "G38.07", "Ban chu trình")
    low = insert_unit(reg, "G38.07.01", "Phòng chu trình", parent=top)
    reg.conn.execute("UPDATE units SET parent_id = ? WHERE id = ?", (low, top))
    under("in-cycle", "G38.07.01.001", "Tổ dưới chu trình", parent=low)
    # A cycle whose one link to a shorter code is outside the neighbourhood of a unit under
    # it: only the walk from the parent of that unit finds it.
    b = insert_unit(reg, "G38.08", "Ban B")
    a = insert_unit(reg, "G38.08.01", "Phòng A", parent=b)
    c = insert_unit(reg, "G38.08.01.001", "Tổ C", parent=a)
    reg.conn.execute("UPDATE units SET parent_id = ? WHERE id = ?", (c, b))
    under("below-cycle", "G38.08.01.002", "Tổ dưới phòng A", parent=a)
    # Two level-1 bodies of one name, asked about together.
    roots = [insert_unit(reg, code, "Ủy ban lâm thời") for code in ("H97", "H98")]
    everything = [r[0] for r in reg.conn.execute("SELECT id FROM units ORDER BY id")]
    return {
        "run": bulk + leaves,
        "run and defects": [body, *bulk, *leaves, *odd.values()],
        "defects": list(odd.values()),
        "every unit": everything,
        "every other unit": everything[::2],
        "roots": roots,
        **{key: [uid] for key, uid in odd.items()},
    }


def _every_row_through_the_unit_pass(monkeypatch: pytest.MonkeyPatch, asked: list[int]) -> None:
    """validate_units without its shortcuts: every row read by the unit pass, which judges
    sibling names itself, and walks up from every unit ``asked`` about."""
    unit_pass = validation._Run._unit_pass

    def no_plain_rows(self, hood):
        ids = {
            r[0]
            for where, params in hood.where("id")
            for r in self.conn.execute(
                f"SELECT id FROM units WHERE status != 'annulled' AND {where}", params
            )
        }
        return ids, sorted(ids)

    def with_sibling_names(self, *args, **kwargs):
        return unit_pass(self, *args, **{**kwargs, "sibling_names": True})

    monkeypatch.setattr(validation._Run, "_plain_rows", no_plain_rows)
    monkeypatch.setattr(validation._Run, "_unit_pass", with_sibling_names)
    monkeypatch.setattr(validation._Run, "_sibling_names", lambda self, *args: None)

    def from_every_unit(self, parents):
        return [
            uid
            for uid in asked
            if self.conn.execute("SELECT status FROM units WHERE id = ?", (uid,)).fetchone()[0]
            != "annulled"
        ]

    monkeypatch.setattr(validation._Run, "_cycle_starts", from_every_unit)


def test_units_proved_plain_hide_nothing_the_unit_pass_finds(
    reg: Registry, tree, dec, monkeypatch: pytest.MonkeyPatch
):
    sets = _neighbourhoods(reg, tree, dec)
    plain_rows = validation._Run._plain_rows
    proved: list[int] = []

    def counting(self, hood):
        ids, suspects = plain_rows(self, hood)
        proved.append(len(ids) - len(suspects))
        return ids, suspects

    monkeypatch.setattr(validation._Run, "_plain_rows", counting)
    fast = {name: validate_units(reg, ids) for name, ids in sets.items()}
    # The run is proved clean without the unit pass, and the defects are all found.
    assert proved[0] >= len(sets["run"])
    rules = {f.rule for f in fast["run and defects"]}
    assert {
        "name.duplicate-sibling",
        "name.legacy-encoding",
        "name.garbled",
        "name.whitespace",
        "code.parent-mismatch",
        "code.notation-mixed",
        "unit.before-parent",
        "decision.missing",
        "tree.active-under-closed",
        "code.level1-closed",
        "code.duplicate",
        "code.reused",
        "code.syntax",
        "lifecycle.no-successor",
    } <= rules
    assert "tree.cycle" in {f.rule for f in fast["in-cycle"]}
    assert "tree.cycle" in {f.rule for f in fast["below-cycle"]}
    assert "code.level1-closed" in {f.rule for f in fast["level1-closed"]}
    assert "code.level1-unknown" in {f.rule for f in fast["level1-unknown"]}
    assert "name.duplicate-sibling" in {f.rule for f in fast["roots"]}
    asked: list[int] = []
    _every_row_through_the_unit_pass(monkeypatch, asked)
    for name, ids in sets.items():
        asked[:] = ids
        assert validate_units(reg, ids) == fast[name], name


def test_a_unit_whose_code_no_unit_owns_is_proved_plain(
    reg: Registry, tree, dec, monkeypatch: pytest.MonkeyPatch
):
    """A dry run writes its new units without their used codes (nothing owns their codes
    then): the unit pass finds nothing in that, so they are proved plain all the same; a unit
    whose code another unit owns is still read, and its reuse found."""
    free = insert_unit(reg, "H59.01.05", "Phòng Tổ chức", parent=tree["H59.01"], claim=False)
    taken = insert_unit(reg, "H59.01.06", "Phòng Pháp chế", parent=tree["H59.01"], claim=False)
    reg.conn.execute(
        "INSERT INTO codes_used (code, unit_id, event_id, first_used) "
        "SELECT 'H59.01.06', ?, max(id), '2025-01-01' FROM events",
        (tree["H59.02"],),
    )
    plain_rows = validation._Run._plain_rows
    suspects: list[int] = []

    def recording(self, hood):
        ids, found = plain_rows(self, hood)
        suspects.extend(found)
        return ids, found

    monkeypatch.setattr(validation._Run, "_plain_rows", recording)
    findings = validate_units(reg, [free, taken])
    assert free not in suspects and taken in suspects
    assert [(f.rule, f.unit_id) for f in findings if f.rule == "code.reused"] == [
        ("code.reused", taken)
    ]
