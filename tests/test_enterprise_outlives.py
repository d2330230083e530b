"""An enterprise outlives its managing body (issue 11, QA): its code is its tax code
(domain.md §2.2), so a merger of the province that lists it carries it to the successor, and a
closing without successor leaves it active with a warning; only agencies end with their parent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.domain.errors import ConflictError
from desktop.store.registry import Registry

FIXTURE = str(Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx")


@pytest.fixture()
def present(cli, tmp_path: Path) -> str:
    db = str(tmp_path / "so.db")
    rc, _, err = cli("init", db)
    assert rc == 0, err
    return db


def _clean(cli, db: str) -> None:
    rc, out, _ = cli("--db", db, "validate")
    assert rc == 0 and "0 lỗi, 0 cảnh báo" in out, out
    rc, out, _ = cli("--db", db, "verify")
    assert rc == 0, out


def test_a_2022_list_carries_its_enterprises_to_the_merged_province(cli, present: str):
    rc, out, _ = cli("--db", present, "import", FIXTURE, "--dry-run", "--json")
    shown = json.loads(out)
    assert rc == 0
    # Shown before anything is written: 11 agencies end, 2 enterprises pass to Vĩnh Long.
    assert len(shown["ends_with_parent"]) == 11
    assert {(e["code"], e["parent"], e["successor"]) for e in shown["to_successor"]} == {
        ("0100109106", "000.00.00.H59", "000.00.00.H61"),
        ("2100123457", "000.00.00.H59", "000.00.00.H61"),
    }
    before = json.loads(cli("--db", present, "list", "--all", "--json")[1])
    rc, out, err = cli("--db", present, "import", FIXTURE, "--json")
    assert rc == 0, err
    import_id = json.loads(out)["decision"]["import_id"]
    rc, out, _ = cli("--db", present, "history", "0100109106")
    assert "Đóng theo đơn vị cấp trên" not in out
    assert (
        "2025-07-01  Chuyển sang đơn vị kế thừa của đơn vị cấp trên  theo Nghị quyết số "
        "202/2025/QH15  000.00.00.H59 (Ủy ban nhân dân tỉnh Trà Vinh) → 000.00.00.H61" in out
    )
    with Registry.open(present) as reg:
        head, branch = reg.find("0100109106"), reg.find("0100109106-001")
        assert head.status == branch.status == "active"
        assert head.parent_id == reg.find("H61").id and branch.parent_id == head.id
        assert reg.find("H59.03").status == "closed"  # an agency still ends with its province
    _clean(cli, present)
    # Undoing the import undoes the carrying with it.
    rc, out, err = cli("--db", present, "undo-import", import_id)
    assert rc == 0, err + out
    assert json.loads(cli("--db", present, "list", "--all", "--json")[1]) == before
    _clean(cli, present)


def test_the_same_list_again_is_unchanged(cli, present: str):
    assert cli("--db", present, "import", FIXTURE)[0] == 0
    rc, out, _ = cli("--db", present, "import", FIXTURE, "--dry-run")
    assert rc == 0, out
    assert "Không đổi: 14  Xung đột: 0" in out


def _merge_scenario(cli, official_db: Path) -> str:
    db = str(official_db)
    assert cli("--db", db, "import", FIXTURE)[0] == 0
    return db


def test_a_merger_by_hand_carries_the_enterprises_and_undo_restores(cli, official_db: Path):
    db = _merge_scenario(cli, official_db)
    rc, before, _ = cli("--db", db, "list", "--all", "--json")
    assert rc == 0
    args = ("merge", "H59", "--into", "H61", "--cascade", "--decision", "202/2025/QH15")
    rc, out, _ = cli("--db", db, *args, "--effective", "01/07/2025", "--dry-run")
    assert rc == 0
    # Shown before anything is written.
    assert (
        "Chuyển sang đơn vị kế thừa của đơn vị cấp trên: 0100109106  Công ty TNHH MTV Xổ số "
        "kiến thiết Trà Vinh  → 000.00.00.H61 (mã số không đổi)" in out
    )
    rc, dry, _ = cli("--db", db, "list", "--all", "--json")
    assert json.loads(dry) == json.loads(before)
    rc, out, err = cli("--db", db, *args, "--effective", "01/07/2025")
    assert rc == 0, err + out
    with Registry.open(db) as reg:
        head = reg.find("0100109106")
        assert head.status == "active" and head.parent_id == reg.find("H61").id
        assert reg.find("0100109106-001").parent_id == head.id
        assert reg.find("H59.03").status == "closed"
        [moved] = [e for e in reg.events_of(head.id) if e.type == "move"]
        assert moved.decision_id == reg.find("H59").decision_id
        merger = max(e.id for e in reg.events_of(reg.find("H59").id))
    _clean(cli, db)
    # Undo: annulling the merger annuls the whole change, the carrying included.
    rc, out, err = cli("--db", db, "annul", str(merger), "--decision", "202/2025/QH15")
    assert rc == 0, err + out
    rc, after, _ = cli("--db", db, "list", "--all", "--json")
    assert json.loads(after) == json.loads(before)
    _clean(cli, db)


def test_a_closing_with_one_successor_carries_the_enterprises(cli, official_db: Path):
    db = _merge_scenario(cli, official_db)
    rc, out, err = cli(
        "--db",
        db,
        "close",
        "H59",
        "--successor",
        "H61",
        "--cascade",
        "--decision",
        "202/2025/QH15",
        "--effective",
        "01/07/2025",
    )
    assert rc == 0, err + out
    with Registry.open(db) as reg:
        assert reg.find("2100123457").parent_id == reg.find("H61").id
    _clean(cli, db)


def test_a_closing_without_successor_leaves_the_enterprise_with_a_warning(cli, official_db: Path):
    db = _merge_scenario(cli, official_db)
    rc, out, err = cli(
        "--db",
        db,
        "close",
        "H59",
        "--cascade",
        "--decision",
        "9/QĐ-TTg",
        "--effective",
        "01/07/2025",
    )
    assert rc == 0, err + out
    assert "2 doanh nghiệp, chi nhánh vẫn hoạt động dưới đơn vị đã đóng" in out
    with Registry.open(db) as reg:
        head = reg.find("0100109106")
        assert head.status == "active" and head.parent_id == reg.find("H59").id
    rc, out, _ = cli("--db", db, "validate", "--json")
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules.count("enterprise.parent-closed") == 2
    assert "tree.active-under-closed" not in rules


def _branch_list(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục III"
    ws.append(["PHỤ LỤC III"])
    ws.append(["DANH SÁCH MÃ ĐỊNH DANH DOANH NGHIỆP, CHI NHÁNH"])
    ws.append(
        ["(Kèm theo Quyết định số 77/QĐ-UBND ngày 10 tháng 3 năm 2026 của UBND tỉnh Vĩnh Long)"]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append([1, "Chi nhánh Công ty Xổ số kiến thiết tại Trà Cú", "0100109106-002", None])
    wb.save(path)
    return path


def test_a_branch_of_a_closed_head_office_is_added_with_a_warning(
    cli, present: str, tmp_path: Path
):
    assert cli("--db", present, "import", FIXTURE)[0] == 0
    rc, out, err = cli(
        "--db",
        present,
        "close",
        "0100109106",
        "--decision",
        "12/QĐ-UBND",
        "--effective",
        "01/01/2026",
    )
    assert rc == 0, err + out
    rc, out, _ = cli("--db", present, "import", str(_branch_list(tmp_path / "cn.xlsx")), "--json")
    assert rc == 0, out
    shown = json.loads(out)
    assert shown["added"] == 1
    [warn] = [
        f
        for f in shown["findings"]
        if f["rule"] == "enterprise.parent-closed" and "dòng 5" in f["message"]
    ]
    assert warn["severity"] == "warning" and "0100109106" in warn["message"]
    assert "Công ty TNHH MTV Xổ số kiến thiết Trà Vinh" in warn["message"]


def _old_rule_registry(cli, official_db: Path) -> str:
    """A registry as the former rule left it: the 2022 list imported, then the merger of
    2025-07-01 recorded with the province's enterprises ending with it."""
    db = _merge_scenario(cli, official_db)
    with Registry.open(db) as reg:
        act = reg.add_decision("202/2025/QH15", "2025-07-01", signed="2025-06-12")
        ends = {reg.find(c).id: ("2025-07-01", act) for c in ("0100109106", "2100123457")}
        with reg.write():
            reg._end_with_parents(ends, None)  # what the former rule wrote
        reg.merge([reg.find("H59").id], reg.find("H61").id, act, cascade=True)
        assert reg.find("0100109106").status == "closed"
    return db


def test_validate_finds_enterprises_ended_by_the_old_rule(cli, official_db: Path):
    db = _old_rule_registry(cli, official_db)
    rc, out, _ = cli("--db", db, "validate", "--json")
    assert rc == 0  # warnings only
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "enterprise.ended-with-parent"]
    assert sorted(f["code"] for f in found) == ["0100109106", "2100123457"]
    assert "carry-enterprises" in found[0]["hint"]
    # Nothing is put right unless the clerk asks: a dry run first, then the recorded change.
    rc, before, _ = cli("--db", db, "list", "--all", "--json")
    rc, out, _ = cli("--db", db, "carry-enterprises", "--dry-run")
    assert rc == 0 and "Chạy thử: chưa ghi gì vào sổ." in out
    assert "0100109106  Công ty TNHH MTV Xổ số kiến thiết Trà Vinh  → 000.00.00.H61" in out
    assert cli("--db", db, "list", "--all", "--json")[1] == before
    rc, out, err = cli("--db", db, "carry-enterprises")
    assert rc == 0, err
    rc, out, _ = cli("--db", db, "history", "0100109106")
    assert (
        "Bỏ việc đóng theo đơn vị cấp trên (doanh nghiệp không chấm dứt theo cơ quan quản lý)"
        in out
    )
    with Registry.open(db) as reg:
        head = reg.find("0100109106")
        assert head.status == "active" and head.parent_id == reg.find("H61").id
        last = max(e.id for e in reg.events_of(head.id))
    _clean(cli, db)
    # Undo writes the endings again: every date shows what it showed before.
    rc, out, err = cli("--db", db, "annul", str(last))
    assert rc == 0, err + out
    assert json.loads(cli("--db", db, "list", "--all", "--json")[1]) == json.loads(before)
    rc, out, _ = cli("--db", db, "verify")
    assert rc == 0, out
    rc, out, _ = cli("--db", db, "carry-enterprises", "0100109106")
    assert rc == 0 and "2100123457" not in out


def test_an_enterprise_left_under_a_closed_body_is_attached_by_its_new_bodys_list(
    cli, official_db: Path, tmp_path: Path
):
    db = _merge_scenario(cli, official_db)
    args = ("close", "H59", "--cascade", "--decision", "9/QĐ-TTg", "--effective", "01/07/2025")
    assert cli("--db", db, *args)[0] == 0
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(
        ["(Kèm theo Quyết định số 88/QĐ-UBND ngày 10 tháng 3 năm 2026 của UBND tỉnh Vĩnh Long)"]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append([None, "UBND tỉnh Vĩnh Long", "000.00.00.H61", None])
    ws.append([1, "Công ty TNHH MTV Xổ số kiến thiết Trà Vinh", "0100109106", None])
    ws.append([2, "Công ty Cổ phần Cấp thoát nước Trà Vinh", "2100123457", None])
    wb.save(tmp_path / "vl.xlsx")
    rc, out, err = cli("--db", db, "import", str(tmp_path / "vl.xlsx"), "--json")
    assert rc == 0, err + out
    shown = json.loads(out)
    assert shown["moved"] == 2 and shown["conflicts"] == 0
    with Registry.open(db) as reg:
        h61 = reg.find("H61").id
        assert reg.find("0100109106").parent_id == reg.find("2100123457").parent_id == h61
    _clean(cli, db)


def _stranded(cli, official_db: Path) -> str:
    """The 2022 list imported, then Trà Vinh closed without a successor: its two enterprises
    stay active under the closed province (``enterprise.parent-closed``)."""
    db = _merge_scenario(cli, official_db)
    args = ("close", "H59", "--cascade", "--decision", "9/QĐ-TTg", "--effective", "01/07/2025")
    assert cli("--db", db, *args)[0] == 0
    return db


MOVE = ("--decision", "88/QĐ-UBND", "--effective", "10/03/2026")


def test_a_stranded_enterprise_is_moved_by_hand_and_undo_restores(cli, official_db: Path):
    db = _stranded(cli, official_db)
    rc, out, _ = cli("--db", db, "validate", "--json")
    [hint] = {
        f["hint"] for f in json.loads(out)["findings"] if f["rule"] == "enterprise.parent-closed"
    }
    assert "madinhdanh move" in hint and "Chuyển" in hint
    rc, before, _ = cli("--db", db, "list", "--all", "--json")
    rc, out, err = cli("--db", db, "move", "0100109106", "--to", "H61", *MOVE, "--dry-run")
    assert rc == 0, err + out
    assert "Chạy thử: chưa ghi gì vào sổ." in out
    assert (
        "Chuyển đơn vị cấp trên: 0100109106  Công ty TNHH MTV Xổ số kiến thiết Trà Vinh  → "
        "000.00.00.H61 (mã số không đổi)" in out
    )
    assert cli("--db", db, "list", "--all", "--json")[1] == before
    rc, out, err = cli("--db", db, "move", "0100109106", "--to", "H61", *MOVE, "--json")
    assert rc == 0, err + out
    [line] = json.loads(out)["changes"]
    assert (line["code"], line["parent"]) == ("0100109106", "000.00.00.H61")
    with Registry.open(db) as reg:
        head = reg.find("0100109106")
        assert head.code == "0100109106" and head.status == "active"
        assert head.parent_id == reg.find("H61").id
        assert reg.find("0100109106-001").parent_id == head.id  # the branch follows
        [moved] = [e for e in reg.events_of(head.id) if e.type == "move"]
        assert moved.effective == "2026-03-10"
    rc, out, _ = cli("--db", db, "validate", "--json")
    found = [
        f["code"] for f in json.loads(out)["findings"] if f["rule"] == "enterprise.parent-closed"
    ]
    assert found == ["2100123457"]
    rc, out, err = cli("--db", db, "move", "2100123457", "H61", *MOVE, "--json")
    assert rc == 0, err + out
    other = json.loads(out)["changes"][0]["event_id"]
    _clean(cli, db)  # nothing stranded any more: 0 errors, 0 warnings, verify clean
    # Undo: annulling the moves puts them back exactly.
    for event in (other, moved.id):
        rc, out, err = cli("--db", db, "annul", str(event))
        assert rc == 0, err + out
    assert json.loads(cli("--db", db, "list", "--all", "--json")[1]) == json.loads(before)
    rc, out, _ = cli("--db", db, "verify")
    assert rc == 0, out


@pytest.mark.parametrize(
    ("code", "to", "reason"),
    [
        ("0100109106-001", "H61", "là chi nhánh"),
        ("0100109106", "2100123457", "chỉ chuyển được sang một cơ quan quản lý"),
        ("0100109106", "H59.03", "đã đóng"),
    ],
)
def test_an_enterprise_move_is_refused_with_its_reason(
    cli, official_db: Path, code: str, to: str, reason: str
):
    db = _stranded(cli, official_db)
    rc, before, _ = cli("--db", db, "list", "--all", "--json")
    rc, _, err = cli("--db", db, "move", code, "--to", to, *MOVE)
    assert rc in (1, 2) and reason in err
    assert cli("--db", db, "list", "--all", "--json")[1] == before


def test_the_store_attaches_an_enterprise_on_its_date(cli, official_db: Path):
    db = _stranded(cli, official_db)
    with Registry.open(db) as reg:
        act = reg.add_decision("88/QĐ-UBND", "2026-03-10")
        head, h61 = reg.find("2100123457"), reg.find("H61")
        [line] = reg.plan_move(head.id, h61.id, effective="2026-03-10")
        assert line.new_code.canonical == "2100123457"  # its tax code, unchanged
        with pytest.raises(ConflictError, match="sớm hơn thay đổi gần nhất"):
            reg.move(head.id, h61.id, act, effective="2021-01-01")  # before it was listed
        assert reg.find("2100123457").parent_id == head.parent_id
        change = reg.move(head.id, h61.id, act)
        assert change.action == "move" and len(change.event_ids) == 1
        assert reg.find("2100123457").parent_id == h61.id
