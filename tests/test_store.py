"""The registry store: operations, the rules no registry may break, history and replay."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.domain.errors import ConflictError, InvalidInput, KnownError, NotFound
from desktop.domain.units import NewUnit
from desktop.store.asof import compare_with_replay, units_as_of
from desktop.store.errors import NotARegistry, RegistryCorrupt, RegistryReadOnly
from desktop.store.registry import Registry
from desktop.store.search import search


def assert_replays(reg: Registry) -> None:
    report = compare_with_replay(reg)
    assert report.ok, report.differences


def snapshot(reg: Registry) -> tuple:
    """Everything a failed operation must leave untouched."""
    q = reg.conn.execute
    return (
        q("SELECT * FROM units ORDER BY id").fetchall(),
        q("SELECT * FROM events ORDER BY id").fetchall(),
        q("SELECT * FROM codes_used ORDER BY code").fetchall(),
        q("SELECT * FROM successors ORDER BY unit_id, successor_id").fetchall(),
        q("SELECT * FROM decisions ORDER BY id").fetchall(),
    )


def test_official_lists(reg: Registry):
    # 198 codes of 2020, G38-G40 added in 2025, and G37: closed by QĐ 09/2025, never assigned.
    assert reg.count_units(include_closed=True) == 202
    assert reg.count_units() == 190
    assert reg.find("G10").name == "Bộ Nông nghiệp và Môi trường"
    assert reg.find("000.00.00.G14").status == "closed"
    g14 = reg.find("G14")
    assert reg.successors_of(g14.id) == [reg.find("G06").id]
    closed = {u.code for u in reg.all_units() if u.status == "closed"}
    assert closed == {
        *("G04", "G05", "G07", "G13", "G14", "G23", "G24", "G25", "G26", "G34", "G36", "G37")
    }
    assert_replays(reg)


def test_as_of_dates(reg: Registry):
    before = {u.code: u for u in units_as_of(reg, "2021-01-01")}
    assert len(before) == 198
    assert before["G14"].status == "active"
    assert before["H57"].name == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    assert "G38" not in before
    # Before QĐ 20/2020 the level-1 codes stood under QCVN 102:2016 (no date invented for it).
    earlier = {u.code: u for u in units_as_of(reg, "2019-01-01")}
    assert set(earlier) == set(before) and earlier["G14"].valid_from == "2020-09-15"
    after = {u.code: u for u in units_as_of(reg, "2025-04-14", include_closed=True)}
    assert after["H57"].name == "Ủy ban nhân dân thành phố Huế"
    assert len(after) == 202


def test_create_children_and_codes(reg: Registry, tree: dict[str, int]):
    unit = reg.unit(tree["H59.01.02"])
    assert unit.parent_id == tree["H59.01"] and unit.level == 3
    assert unit.display_code(reg.notation) == "000.02.01.H59"
    assert [u.code for u in reg.children(tree["H59"])] == ["H59.01", "H59.02"]
    assert [u.code for u in reg.subtree(reg.unit(tree["H59.01"]))] == [
        "H59.01",
        "H59.01.01",
        "H59.01.02",
    ]
    assert reg.suggest_code(tree["H59.01"]).canonical == "H59.01.03"
    assert_replays(reg)


def test_create_refuses_and_writes_nothing(reg: Registry, tree: dict[str, int], dec: int):
    before = snapshot(reg)
    with pytest.raises(ConflictError, match="đang được dùng"):
        reg.create_units([NewUnit("H59.03", "Sở mới"), NewUnit("000.00.02.H59", "Trùng")], dec)
    with pytest.raises(ConflictError, match="Chưa có đơn vị cấp trên"):
        reg.create_unit("H59.07.01", "Không có cấp trên", dec)
    with pytest.raises(ConflictError, match="đã đóng"):
        reg.create_unit("G14.01", "Dưới bộ đã đóng", dec)
    with pytest.raises(InvalidInput, match="quyết định"):
        reg.create_unit("H59.05", "Không có quyết định", None)
    with pytest.raises(InvalidInput, match="chưa có tên"):
        reg.create_unit("H59.05", "   ", dec)
    with pytest.raises(KnownError, match="cấp trên phải có trước"):
        reg.create_unit("000.01.00.H59", "Sai cấu trúc", dec)
    assert snapshot(reg) == before


def test_rename_keeps_code_and_history(reg: Registry, tree: dict[str, int], dec: int):
    uid = tree["H59.02"]
    d2 = reg.add_decision("200/QĐ-UBND", "2025-09-01", issuer="UBND tỉnh")
    change = reg.rename(uid, "  Sở Tư pháp  tỉnh Vĩnh Long ", d2)
    assert change.unit_ids == [uid]
    unit = reg.unit(uid)
    assert unit.name == "Sở Tư pháp tỉnh Vĩnh Long" and unit.code == "H59.02"
    assert unit.decision_id == d2
    events = reg.events_of(uid)
    assert [e.type for e in events] == ["create", "rename"]
    assert events[1].before == {"name": "Sở Tư pháp"}
    then = {u.code: u for u in units_as_of(reg, "2025-08-01", root="H59")}
    assert then["H59.02"].name == "Sở Tư pháp" and then["H59.02"].decision_id == dec
    assert_replays(reg)


def test_move_recodes_subtree_and_never_reuses(reg: Registry, tree: dict[str, int], dec: int):
    plan = reg.plan_move(tree["H59.01"], tree["H59.02"])
    assert [(p.unit.code, p.new_code.canonical) for p in plan] == [
        ("H59.01", "H59.02.01"),
        ("H59.01.01", "H59.02.01.001"),  # level 4 segments are three digits
        ("H59.01.02", "H59.02.01.002"),
    ]
    assert snapshot(reg) == snapshot(reg)  # planning writes nothing
    change = reg.move(tree["H59.01"], tree["H59.02"], dec)
    assert set(change.unit_ids) == {tree["H59.01"], tree["H59.01.01"], tree["H59.01.02"]}
    moved = reg.unit(tree["H59.01.02"])
    assert moved.code == "H59.02.01.002" and moved.level == 4
    assert moved.display_code(reg.notation) == "002.01.02.H59"
    # The old codes stay with their units for ever: no new unit may take H59.01.
    with pytest.raises(ConflictError, match="không bao giờ được cấp lại"):
        reg.create_unit("H59.01", "Đơn vị mới", dec)
    assert reg.suggest_code(tree["H59"]).canonical == "H59.03"
    assert reg.find("H59.01").id == tree["H59.01"]  # an old code still finds its unit
    assert_replays(reg)


def test_move_refuses_cycles(reg: Registry, tree: dict[str, int], dec: int):
    before = snapshot(reg)
    with pytest.raises(ConflictError, match="chính nó"):
        reg.move(tree["H59.01"], tree["H59.01.02"], dec)
    assert snapshot(reg) == before


def test_recode_within_parent(reg: Registry, tree: dict[str, int], dec: int):
    reg.recode(tree["H59.01"], "000.00.05.H59", dec)
    assert reg.unit(tree["H59.01.01"]).code == "H59.05.01"
    with pytest.raises(ConflictError, match="cùng đơn vị cấp trên"):
        reg.recode(tree["H59.01.01"], "H59.02.07", dec)
    assert_replays(reg)


def test_close_needs_children_closed_or_cascade(reg: Registry, tree: dict[str, int], dec: int):
    with pytest.raises(ConflictError, match="còn 2 đơn vị cấp dưới"):
        reg.close_unit(tree["H59.01"], dec)
    change = reg.close_unit(tree["H59.01"], dec, cascade=True, successors=[tree["H59.02"]])
    assert len(change.unit_ids) == 3
    assert {reg.unit(i).status for i in change.unit_ids} == {"closed"}
    assert reg.successors_of(tree["H59.01"]) == [tree["H59.02"]]
    assert [u.code for u in reg.children(tree["H59"], include_closed=False)] == ["H59.02"]
    assert_replays(reg)


def test_merge_and_split(reg: Registry, tree: dict[str, int], dec: int):
    change = reg.merge([tree["H59.01.01"]], tree["H59.01.02"], dec)
    assert reg.unit(tree["H59.01.01"]).status == "closed"
    assert reg.successors_of(tree["H59.01.01"]) == [tree["H59.01.02"]]
    assert change.group_id is not None
    split = reg.split(
        tree["H59.02"],
        [NewUnit("H59.03", "Sở Tư pháp (phần 1)"), NewUnit("H59.04", "Phần 2")],
        dec,
    )
    assert len(split.created) == 2
    assert reg.unit(tree["H59.02"]).status == "closed"
    assert sorted(reg.successors_of(tree["H59.02"])) == sorted(split.created)
    assert_replays(reg)


def test_annul_returns_state_and_keeps_codes(reg: Registry, tree: dict[str, int], dec: int):
    change = reg.move(tree["H59.01"], tree["H59.02"], dec)
    reg.annul(change.event_ids[0])
    assert reg.unit(tree["H59.01.02"]).code == "H59.01.02"
    assert reg.unit(tree["H59.01"]).parent_id == tree["H59"]
    assert all(e.annulled_by for e in reg.events_of(tree["H59.01"]) if e.type == "move")
    # H59.02.01 was issued by the annulled move: it stays with that unit, never reissued.
    assert reg.code_owner("H59.02.01") == tree["H59.01"]
    assert reg.suggest_code(tree["H59.02"]).canonical != "H59.02.01"
    assert_replays(reg)

    created = reg.create_unit("H59.05", "Tạo nhầm", dec)
    reg.annul(created.event_ids[0])
    assert reg.unit(created.created[0]).status == "annulled"
    assert reg.holder("H59.05") is None
    before = snapshot(reg)
    with pytest.raises(ConflictError, match="bị hủy"):
        reg.create_unit("H59.05", "Tạo đúng", dec)
    assert snapshot(reg) == before
    assert_replays(reg)
    # A redo of the annulled creation gives the code back to the same body, and only so.
    with reg.reissuing(created.event_ids):
        again = reg.create_unit("H59.05", "Tạo nhầm", dec)
    assert reg.code_owner("H59.05") == again.created[0]
    assert_replays(reg)


def test_annul_only_latest_change(reg: Registry, tree: dict[str, int], dec: int):
    first = reg.rename(tree["H59.02"], "Tên thứ nhất", dec)
    reg.rename(tree["H59.02"], "Tên thứ hai", dec)
    before = snapshot(reg)
    with pytest.raises(ConflictError, match="thay đổi sau"):
        reg.annul(first.event_ids[0])
    assert snapshot(reg) == before


def test_events_never_go_back_in_time(reg: Registry, tree: dict[str, int]):
    old = reg.add_decision("1/QĐ-UBND", "2024-01-01")
    with pytest.raises(ConflictError, match="sớm hơn"):
        reg.rename(tree["H59.02"], "Tên cũ hơn", old)


def test_decisions_reused_by_number(reg: Registry, dec: int):
    assert reg.add_decision("184/QĐ-UBND", "2025-06-01") == dec
    with pytest.raises(ConflictError, match="ngày hiệu lực"):
        reg.add_decision("184/QĐ-UBND", "2025-07-01")


def test_hash_chain_links_every_event(reg: Registry):
    from desktop.domain.history import chain_hash

    previous = ""
    for event, (stored,) in zip(
        reg.events(), reg.conn.execute("SELECT hash FROM events ORDER BY id")
    ):
        previous = chain_hash(previous, event)
        assert stored == previous


def test_hash_chain_is_its_definition_whatever_shortcut_writes_it(reg: Registry):
    """Each stored hash is sha256 of the previous one, a newline and the canonical JSON of the
    event's fields in order, written here with the json module alone: the writer's shortcuts
    (one encoder, the fields a batch shares serialised once) change nothing of it."""
    import hashlib
    import json

    previous = ""
    rows = reg.conn.execute(
        "SELECT unit_id, type, before, after, decision_id, effective, recorded_at, recorded_by,"
        " group_id, hash FROM events ORDER BY id"
    ).fetchall()
    assert len(rows) > 10
    for *fields, stored in rows:
        fields[2], fields[3] = json.loads(fields[2]), json.loads(fields[3])
        text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        previous = hashlib.sha256((previous + "\n" + text).encode("utf-8")).hexdigest()
        assert stored == previous


def test_search_folds_vietnamese(reg: Registry, tree: dict[str, int]):
    assert [u.code for u in search(reg, "so tu phap")][:1] == ["H59.02"]
    assert "H59.02" in [u.code for u in search(reg, "Sở Tư")]
    assert "G01" in [u.code for u in search(reg, "bo cong an")]
    dong_thap = [u.name for u in search(reg, "dong thap")]
    assert any("Đồng Tháp" in n for n in dong_thap)
    assert [u.code for u in search(reg, "H59.01")][:3] == ["H59.01", "H59.01.01", "H59.01.02"]
    assert [u.code for u in search(reg, "000.00.02.h59")] == ["H59.02"]
    assert search(reg, "G14") == []  # closed units are hidden unless asked for
    assert [u.code for u in search(reg, "G14", include_closed=True)][:1] == ["G14"]


def test_as_of_root_follows_moves(reg: Registry, tree: dict[str, int]):
    later = reg.add_decision("300/QĐ-UBND", "2026-01-01")
    reg.move(tree["H59.01"], tree["H59.02"], later)
    now = [u.code for u in units_as_of(reg, None, root="H59.02")]
    assert now == ["H59.02", "H59.02.01", "H59.02.01.001", "H59.02.01.002"]
    then = [u.code for u in units_as_of(reg, "2025-12-31", root="H59.02")]
    assert then == ["H59.02"]
    then_h5901 = [u.code for u in units_as_of(reg, "2025-12-31", root="H59.01")]
    assert then_h5901 == ["H59.01", "H59.01.01", "H59.01.02"]


# -- the file ---------------------------------------------------------------------------------


def test_open_missing_and_foreign_files(tmp_path: Path):
    with pytest.raises(NotFound):
        Registry.open(tmp_path / "none.db")
    text = tmp_path / "note.db"
    text.write_text("không phải sổ")
    with pytest.raises(NotARegistry):
        Registry.open(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(NotARegistry):
        Registry.open(other)


def test_corrupt_registry_is_a_known_problem(official_db: Path):
    data = bytearray(official_db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    official_db.write_bytes(bytes(data))
    with pytest.raises(KnownError) as info, Registry.open(official_db) as r:
        r.count_units()
    assert isinstance(info.value, (RegistryCorrupt, NotARegistry))


def test_read_only_registry_refuses_writes(official_db: Path):
    with Registry.open(official_db, readonly=True) as r:
        d = r.decisions()[0].id
        with pytest.raises(RegistryReadOnly):
            r.rename(r.find("G10").id, "Tên khác", d)


def test_migration_copy_only_when_needed(official_db: Path):
    with Registry.open(official_db) as r:
        assert r.count_units() == 190
    assert not (official_db.parent / "r.db.backups").exists()


def test_decision_found_whatever_the_case(reg: Registry):
    assert reg.decision_by_number("09/2025/qđ-ttg").number == "09/2025/QĐ-TTg"
    assert reg.decision_by_number(" 20/2020/QĐ-TTg ").number == "20/2020/QĐ-TTg"
    assert reg.decision_by_number("99/2025/QĐ-TTg") is None


def test_redo_of_an_annulled_move_gets_its_codes_back(
    reg: Registry, tree: dict[str, int], dec: int
):
    change = reg.move(tree["H59.01"], tree["H59.02"], dec)
    moved = {u: reg.unit(u).code for u in change.unit_ids}
    reg.annul(change.event_ids[0])
    # Another unit may not take them...
    with pytest.raises(ConflictError, match="bị hủy"):
        reg.create_unit("H59.02.01", "Phòng khác", dec)
    # ...the same move again may.
    with reg.reissuing(change.event_ids):
        again = reg.move(tree["H59.01"], tree["H59.02"], dec)
    assert {u: reg.unit(u).code for u in again.unit_ids} == moved
    assert_replays(reg)
