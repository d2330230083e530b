"""The registry tells the legal truth over time (issue 11): the 2025 present bundled, acts with a
type, and each change judged on its own date against the history after it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from desktop.domain.decisions import cite, suggest_type
from desktop.domain.errors import ConflictError
from desktop.domain.units import NewUnit
from desktop.store.asof import compare_with_replay
from desktop.store.registry import Registry
from desktop.store.verify import verify_registry


def level1(units: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for u in units:
        if u["level"] == 1:
            counts[u["code"][-3]] = counts.get(u["code"][-3], 0) + 1
    return counts


@pytest.fixture()
def present(cli, tmp_path: Path) -> str:
    """A registry made by ``init``: the official lists with the 2025 merger."""
    db = str(tmp_path / "so.db")
    rc, out, err = cli("init", db)
    assert rc == 0, err
    assert "202 đơn vị" in out
    return db


# -- A. the 2025 present ---------------------------------------------------------------------


def test_init_holds_the_2025_merger(cli, present: str):
    rc, out, _ = cli("--db", present, "list", "--json")
    today = level1(json.loads(out))
    assert (today["H"], today["K"]) == (34, 34)
    rc, out, _ = cli("--db", present, "list", "--as-of", "2025-06-30", "--json")
    before = level1(json.loads(out))
    assert (before["H"], before["K"]) == (63, 63)

    rc, out, _ = cli("--db", present, "history", "H59")
    assert "2025-07-01  Đóng mã  theo Nghị quyết số 202/2025/QH15" in out
    assert "Kế thừa: 000.00.00.H61 (Ủy ban nhân dân tỉnh Vĩnh Long)" in out
    rc, out, _ = cli("--db", present, "history", "K59", "--json")
    close = json.loads(out)[-1]
    assert close["decision"]["type"] == "nghi-quyet"
    assert close["decision"]["cited"] == "Nghị quyết số 202/2025/QH15"
    assert close["successors"] == ["000.00.00.K61"]
    rc, out, _ = cli("--db", present, "history", "G37", "--json")
    events = json.loads(out)
    assert [e["type"] for e in events] == ["create", "close"]
    assert {e["effective"] for e in events} == {"2025-04-14"}
    rc, out, _ = cli("--db", present, "verify")
    assert rc == 0
    rc, out, _ = cli("--db", present, "validate", "--json")
    assert rc == 0 and json.loads(out)["errors"] == 0


def test_no_unit_under_a_merged_province_nor_g37(cli, present: str):
    with Registry.open(present) as reg:
        after = reg.add_decision("5/QĐ-UBND", "2025-08-01", issuer="UBND tỉnh Vĩnh Long")
        with pytest.raises(ConflictError, match=r"H59.*đã đóng từ ngày 01/07/2025"):
            reg.create_unit("000.00.01.H59", "Sở Tư pháp", after)
        with pytest.raises(ConflictError, match=r"G37.*không bao giờ được cấp lại"):
            reg.create_unit("G37", "Bộ mới", after)
        assert reg.find("G37").status == "closed"
        assert reg.code_owner("G37") == reg.find("G37").id
    rc, out, _ = cli("--db", present, "check-code", "000.00.01.H59", "G37", "--json")
    found = json.loads(out)
    assert rc == 1
    assert "đã đóng từ ngày 01/07/2025" in found[0]["registry"][0]
    assert "không bao giờ được cấp lại" in found[1]["registry"][0]
    rc, out, _ = cli("--db", present, "check-code", "000.00.01.H61")
    assert rc == 0 and "hợp lệ" in out


def test_sample_registry_has_the_same_history(tmp_path: Path):
    from desktop.store.sample import create_registry

    with Registry.open(create_registry(tmp_path / "mau.db", sample=True), readonly=True) as reg:
        assert reg.find("H59").status == "closed" and reg.find("H59").valid_to == "2025-07-01"
        assert reg.find("G37").status == "closed"
        assert reg.decision_by_number("202/2025/QH15").type == "nghi-quyet"
        assert compare_with_replay(reg).ok


# -- B. acts have a type -----------------------------------------------------------------------


def test_type_is_suggested_from_the_symbol():
    assert suggest_type("202/2025/QH15") == "nghi-quyet"
    assert suggest_type("184/QĐ-UBND") == "quyet-dinh"
    assert suggest_type("184/qđ-ubnd") == "quyet-dinh"
    assert suggest_type("10/2016/TT-BTTTT") == "thong-tu"
    assert suggest_type("15/NQ-HĐND") == "nghi-quyet"
    assert suggest_type("30/2020/NĐ-CP") == "nghi-dinh"
    assert suggest_type("12/CV-UBND") == "cong-van"
    assert suggest_type("1234/UBND-KGVX") == "quyet-dinh"  # no type in the symbol: see README
    assert cite("202/2025/QH15", "nghi-quyet") == "Nghị quyết số 202/2025/QH15"
    assert cite("9/CV-UBND", "cong-van", "2019-03-05") == "Công văn số 9/CV-UBND ngày 05/03/2019"


def test_type_is_stored_and_editable(reg: Registry):
    d = reg.add_decision("12/2024/TT-BTTTT", "2024-01-01")
    assert reg.decision(d).type == "thong-tu"
    assert reg.decision(d).label == "Thông tư số 12/2024/TT-BTTTT"
    assert reg.add_decision("12/2024/TT-BTTTT", "2024-01-01", type="Công văn") == d
    assert reg.decision(d).type == "cong-van"
    reg.set_decision_type(d, "nghi-quyet")
    assert reg.decision(d).cited == "Nghị quyết số 12/2024/TT-BTTTT"
    with pytest.raises(Exception, match="Loại văn bản"):
        reg.set_decision_type(d, "thư tay")


def test_old_registries_get_the_type_their_symbol_suggests(tmp_path: Path):
    from sqlite_utils import Database

    from desktop.store import schema

    path = tmp_path / "old.db"
    with Registry.create(path) as reg:
        reg.add_decision("202/2025/QH15", "2025-07-01")
        reg.add_decision("184/QĐ-UBND", "2025-06-01")
    # Take the registry back to schema 1: no type column, m002 not applied.
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE decisions DROP COLUMN type")
    # An older registry has none of the later migrations either, nor seals (they came later).
    conn.executescript(
        "DROP TABLE signed_reports; DELETE FROM _sqlite_migrations WHERE name IN "
        "('m004_law_decision_type', 'm005_appendix_fold_eth', 'm006_sign_signatures'); "
        "DELETE FROM meta WHERE key = 'seals' OR key LIKE 'seal.%';"
    )
    conn.commit()
    conn.close()
    assert schema.migrations.pending(Database(str(path)))
    with Registry.open(path) as reg:
        types = {d.number: d.type for d in reg.decisions()}
    assert types == {"202/2025/QH15": "nghi-quyet", "184/QĐ-UBND": "quyet-dinh"}


def test_the_appendix_line_names_the_act(cli, present: str, tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    line = "(Kèm theo Công văn số 45/UBND-VP ngày 3 tháng 4 năm 2026 của UBND tỉnh Lâm Đồng)"
    _title(ws, 1, line)
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở Nội vụ", "000.00.02.H36"])
    wb.save(tmp_path / "cv.xlsx")
    rc, out, err = cli("--db", present, "import", str(tmp_path / "cv.xlsx"), "--json")
    assert rc == 0, err
    assert json.loads(out)["decision"]["type"] == "cong-van"
    rc, out, _ = cli("--db", present, "history", "000.00.02.H36")
    assert "theo Công văn số 45/UBND-VP" in out


def test_reports_and_exports_print_the_type(cli, present: str, tmp_path: Path):
    from openpyxl import load_workbook

    out_file = tmp_path / "pl.xlsx"
    rc, _, err = cli(
        "--db", present, "export", str(out_file), "--decision", "202/2025/QH15", "--all"
    )
    if rc == 2 and "--all" in err:
        rc, _, err = cli("--db", present, "export", str(out_file), "--decision", "202/2025/QH15")
    assert rc == 0, err
    ws = load_workbook(out_file).active
    texts = [c.value for row in ws.iter_rows(max_row=8) for c in row if isinstance(c.value, str)]
    assert any(t.startswith("(Kèm theo Nghị quyết số 202/2025/QH15") for t in texts), texts


# -- C. dates: the past, back-filling, before the parent ---------------------------------------


def _title(ws, row: int, text: str, *, italic: bool = False, bold: bool = False) -> None:
    ws.cell(row, 1, text).font = Font(name="Times New Roman", italic=italic, bold=bold)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)


def lam_dong_2019(path: Path) -> Path:
    """A level-2 appendix of Lâm Đồng (H36) in 2019, laid out as provinces publish them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    _title(ws, 1, "PHỤ LỤC I", bold=True)
    _title(ws, 2, "DANH SÁCH MÃ ĐỊNH DANH CÁC CƠ QUAN, ĐƠN VỊ CẤP 2 TỈNH LÂM ĐỒNG", bold=True)
    _title(
        ws,
        3,
        "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 20 tháng 6 năm 2019 của UBND tỉnh Lâm Đồng)",
        italic=True,
    )
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append([None, "UBND tỉnh Lâm Đồng", "000.00.00.H36", "Mã cấp 1"])
    ws.append(["I", "CÁC SỞ, BAN, NGÀNH", None, None])
    rows = [
        ("Văn phòng  Ủy ban nhân dân tỉnh", " 000.00.01.H36"),
        ("Sở Nội vụ", "000.00.02.H36 "),
        ("Sở  Tư pháp", "000.00.03.h36"),
        ("Sở Tài chính", "000.00.04.H36"),
    ]
    for i, (name, code) in enumerate(rows, 1):
        ws.append([i, name, code, None])
    ws.append(["II", "ỦY BAN NHÂN DÂN CÁC HUYỆN, THÀNH PHỐ", None, None])
    ws.append([5, "Ủy ban nhân dân thành phố Đà Lạt", "000.00.05.H36", None])
    ws.append([6, "Ủy ban nhân dân thành phố\u00a0Bảo Lộc", "000.00.06.H36", None])
    ws.append([])
    ws.append([None, "Tổng cộng: 6 đơn vị", None, None])
    wb.save(path)
    return path


def mic_2022(path: Path) -> Path:
    """Level-2 codes under G14 (the Ministry of Information and Communications), 2022."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Cấp 2"
    _title(ws, 1, "PHỤ LỤC", bold=True)
    _title(ws, 2, "MÃ ĐỊNH DANH CÁC ĐƠN VỊ THUỘC BỘ THÔNG TIN VÀ TRUYỀN THÔNG", bold=True)
    _title(
        ws,
        3,
        "(Kèm theo Quyết định số 720/QĐ-BTTTT ngày 20 tháng 4 năm 2022 của Bộ trưởng "
        "Bộ Thông tin và Truyền thông)",
        italic=True,
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append(["A", "Khối các đơn vị tham mưu", None, None])
    for i, name in enumerate(("Văn phòng Bộ", "Vụ Pháp chế", "Cục Bưu điện Trung ương"), 1):
        ws.append([i, name, f"000.00.{i:02d}.G14", None])
    ws.append([4, "Phòng Hành chính", "000.01.01.G14", None])
    wb.save(path)
    return path


def test_a_2019_provincial_list_imports_against_its_level1_code(cli, present: str, tmp_path):
    book = lam_dong_2019(tmp_path / "lam_dong_2019.xlsx")
    rc, out, err = cli("--db", present, "import", str(book), "--json")
    result = json.loads(out)
    assert rc == 0, (err, result["findings"])
    assert result["applied"] and result["added"] == 6 and result["conflicts"] == 0
    # The level-1 row names the province as the list wrote it ("UBND tỉnh Lâm Đồng"): a
    # reference to the same body, not a rename, and nothing to warn of.
    assert result["unchanged"] == 1
    assert "import.level1-name-differs" not in {f["rule"] for f in result["findings"]}
    assert result["decision"]["effective"] == "2019-06-20"
    assert result["decision"]["type"] == "quyet-dinh"
    rc, out, _ = cli("--db", present, "list", "--root", "H36", "--as-of", "2019-07-01", "--json")
    then = json.loads(out)
    assert [u["code"] for u in then][:3] == ["000.00.00.H36", "000.00.01.H36", "000.00.02.H36"]
    assert len(then) == 7
    rc, out, _ = cli("--db", present, "history", "H36")
    assert "QCVN 102:2016/BTTTT (Thông tư số 10/2016/TT-BTTTT)" in out
    assert "2020-09-15  Cấp mã mới  theo Quyết định số 20/2020/QĐ-TTg" in out
    rc, out, _ = cli("--db", present, "validate")
    assert rc == 0, out


def test_a_2022_ministry_list_ends_with_its_ministry(cli, present: str, tmp_path: Path):
    book = mic_2022(tmp_path / "btttt_2022.xlsx")
    rc, out, err = cli("--db", present, "import", str(book), "--dry-run", "--json")
    preview = json.loads(out)
    assert rc == 0, (err, preview["findings"])
    assert preview["added"] == 4 and not preview["applied"]
    ends = {e["code"]: e for e in preview["ends_with_parent"]}
    assert set(ends) == {"000.00.01.G14", "000.00.02.G14", "000.00.03.G14", "000.01.01.G14"}
    assert ends["000.01.01.G14"]["effective"] == "2025-04-14"
    assert ends["000.00.01.G14"]["decision"] == "Quyết định số 09/2025/QĐ-TTg"
    rc, out, _ = cli("--db", present, "import", str(book), "--dry-run")
    assert "đóng theo đơn vị cấp trên" in out and "000.00.02.G14" in out
    with Registry.open(present, readonly=True) as reg:
        assert reg.code_owner("G14.01") is None  # the dry run wrote nothing

    rc, out, err = cli("--db", present, "import", str(book))
    assert rc == 0, out + err
    rc, out, _ = cli("--db", present, "list", "--root", "G14", "--all", "--json")
    units = {u["code"]: u for u in json.loads(out)}
    for code in ends:
        assert units[code]["status"] == "closed"
        assert (units[code]["valid_from"], units[code]["valid_to"]) == ("2022-04-20", "2025-04-14")
    rc, out, _ = cli("--db", present, "history", "000.00.01.G14")
    assert "2025-04-14  Đóng theo đơn vị cấp trên  theo Quyết định số 09/2025/QĐ-TTg" in out
    rc, out, _ = cli("--db", present, "list", "--root", "G14", "--as-of", "2023-01-01", "--json")
    assert len(json.loads(out)) == 5
    rc, out, _ = cli("--db", present, "verify")
    assert rc == 0, out
    rc, out, _ = cli("--db", present, "validate")
    assert rc == 0, out
    rc, out, _ = cli("--db", present, "undo-import")
    assert rc == 0 and "Quyết định số 720/QĐ-BTTTT" in out
    with Registry.open(present, readonly=True) as reg:
        assert reg.holder("G14.01") is None
        assert compare_with_replay(reg).ok


def test_a_unit_before_its_parent_is_refused(cli, present: str, tmp_path: Path):
    with Registry.open(present) as reg:
        early = reg.add_decision("3/QĐ-UBMC", "2024-01-01")
        with pytest.raises(ConflictError, match=r"trước khi đơn vị cấp trên 000\.00\.00\.G38"):
            reg.create_unit("G38.01", "Văn phòng", early)
        assert reg.code_owner("G38.01") is None
        later = reg.add_decision("4/QĐ-UBMC", "2025-05-01")
        reg.create_unit("G38.01", "Văn phòng", later)
        with pytest.raises(ConflictError, match=r"trước khi đơn vị cấp trên 000\.00\.01\.G38"):
            reg.create_unit("G38.01.01", "Phòng Hành chính", early)
        # Nor be moved under it before it started.
        g39 = reg.add_decision("5/QĐ-HĐKS", "2025-04-20")
        reg.create_unit("G39.01", "Văn phòng Hội đồng", g39)
        with pytest.raises(ConflictError, match="trước khi đơn vị cấp trên"):
            reg.move(reg.find("G39.01").id, reg.find("G38.01").id, g39, effective="2025-04-25")
        assert reg.find("G39.01").parent_id == reg.find("G39").id
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Ban Thư ký", "000.00.02.G38"])
    wb.save(tmp_path / "g38.xlsx")
    rc, out, _ = cli(
        "--db", present, "import", str(tmp_path / "g38.xlsx"),
        "--decision", "7/QĐ-UBMC", "--effective", "2024-03-01", "--json",
    )  # fmt: skip
    result = json.loads(out)
    assert rc == 1 and not result["applied"]
    [finding] = [f for f in result["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "unit.before-parent"
    assert "chỉ bắt đầu từ 14/04/2025" in finding["message"]


def test_validate_finds_units_before_their_parent_in_an_old_registry(cli, present: str):
    with Registry.open(present) as reg:
        d = reg.add_decision("8/QĐ-UBMC", "2025-05-01")
        reg.create_unit("G38.01", "Văn phòng", d)
    # An older program wrote the unit's start before its parent's; the rows say so directly.
    conn = sqlite3.connect(present)
    conn.execute("UPDATE units SET valid_from = '2023-01-01' WHERE code = 'G38.01'")
    conn.commit()
    conn.close()
    rc, out, _ = cli("--db", present, "validate", "--json")
    report = json.loads(out)
    assert rc == 1
    [finding] = [f for f in report["findings"] if f["rule"] == "unit.before-parent"]
    assert finding["code"] == "000.00.01.G38" and finding["severity"] == "error"
    rc, out, _ = cli("--db", present, "rules", "--json")
    assert "unit.before-parent" in {r["id"] for r in json.loads(out)}


def test_a_back_filled_move_under_a_ministry_closed_later_ends_with_it(present: str):
    with Registry.open(present) as reg:
        d2021 = reg.add_decision("1/QĐ-BKHCN", "2021-03-01")
        reg.create_units(
            [NewUnit("G06.50", "Trung tâm Thông tin"), NewUnit("G06.50.01", "Phòng Dữ liệu")],
            d2021,
        )
        d2022 = reg.add_decision("2/QĐ-BTTTT", "2022-05-01")
        change = reg.move(reg.find("G06.50").id, reg.find("G14").id, d2022)
        moved = reg.unit(change.unit_ids[0])
        assert moved.code == "G14.50"
        assert (moved.name, moved.status, moved.valid_to) == (
            "Trung tâm Thông tin",
            "closed",
            "2025-04-14",
        )
        below = reg.find("G14.50.01")
        assert (below.status, below.valid_to) == ("closed", "2025-04-14")
        assert reg.events_of(below.id)[-1].after["with_parent"] == [moved.id]
        assert compare_with_replay(reg).ok
        # Renamed in 2023, before its ending: accepted; after it: refused.
        d2023 = reg.add_decision("4/QĐ-BTTTT", "2023-01-01")
        reg.rename(moved.id, "Trung tâm Dữ liệu", d2023)
        assert reg.find("G14.50").name == "Trung tâm Dữ liệu"
        with pytest.raises(ConflictError, match="đã đóng"):
            reg.rename(moved.id, "Trung tâm Số", reg.add_decision("5/QĐ-BKHCN", "2025-05-01"))
        reg.annul(reg.events_of(moved.id)[-1].id)
        reg.annul(change.event_ids[0])  # the move and its endings go together
        assert reg.find("G06.50").status == "active" and reg.find("G06.50.01").status == "active"
        assert compare_with_replay(reg).ok
        # A move dated after the ministry closed is refused.
        d2026 = reg.add_decision("3/QĐ-BKHCN", "2026-01-01")
        with pytest.raises(ConflictError, match="đã đóng"):
            reg.move(reg.find("G06.50").id, reg.find("G14").id, d2026)


def test_a_later_list_of_a_closed_ministry_still_applies_before_its_ending(
    cli, present: str, tmp_path: Path
):
    rc, out, err = cli("--db", present, "import", str(mic_2022(tmp_path / "2022.xlsx")))
    assert rc == 0, out + err
    wb = Workbook()
    ws = wb.active
    line = "(Kèm theo Quyết định số 99/QĐ-BTTTT ngày 15 tháng 3 năm 2023 của Bộ trưởng Bộ TTTT)"
    _title(ws, 1, line)
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Văn phòng Bộ", "000.00.01.G14"])
    ws.append([2, "Vụ Pháp chế và Tổ chức", "000.00.02.G14"])
    wb.save(tmp_path / "2023.xlsx")
    rc, out, err = cli(
        "--db", present, "import", str(tmp_path / "2023.xlsx"), "--replace-list", "--json"
    )
    result = json.loads(out)
    assert rc == 0, (err, result["findings"])
    assert (result["renamed"], result["closed"], result["conflicts"]) == (1, 1, 0)
    with Registry.open(present, readonly=True) as reg:
        renamed, dropped = reg.find("G14.02"), reg.find("G14.03")
        # Still ending with the ministry in 2025, renamed in 2023; the dropped one closed then.
        assert (renamed.name, renamed.status, renamed.valid_to) == (
            "Vụ Pháp chế và Tổ chức",
            "closed",
            "2025-04-14",
        )
        assert (dropped.status, dropped.valid_to) == ("closed", "2023-03-15")
        assert compare_with_replay(reg).ok
    rc, out, _ = cli("--db", present, "list", "--root", "G14", "--as-of", "2024-01-01", "--json")
    then = {u["code"]: u for u in json.loads(out)}
    assert then["000.00.02.G14"]["name"] == "Vụ Pháp chế và Tổ chức"
    assert "000.00.03.G14" not in then
    for command in (["validate"], ["verify"]):
        rc, out, _ = cli("--db", present, *command)
        assert rc == 0, out
    rc, out, _ = cli("--db", present, "undo-import")
    assert rc == 0
    with Registry.open(present, readonly=True) as reg:
        assert reg.find("G14.02").name == "Vụ Pháp chế"
        assert reg.find("G14.03").valid_to == "2025-04-14"
        assert compare_with_replay(reg).ok


def test_a_back_filled_recode_and_move_before_the_merger_ending(cli, present: str):
    """Trà Vinh's 2023 list recodes and moves units whose only later event is their ending with
    H59 on 2025-07-01: both are recorded before the ending, which stays."""
    fixtures = Path(__file__).parent / "fixtures"
    rc, out, err = cli(
        "--db", present, "import", str(fixtures / "phu_luc_h59_2022.xlsx"),
        "--decision", "184/QĐ-UBND", "--issuer", "Ủy ban nhân dân tỉnh Trà Vinh",
        "--signed", "2022-04-20",
    )  # fmt: skip
    assert rc == 0, out + err
    rc, out, err = cli("--db", present, "import", str(fixtures / "phu_luc_h59_2023.xlsx"))
    assert rc == 0, out + err
    rc, out, _ = cli("--db", present, "verify")
    assert rc == 0, out
    rc, out, _ = cli("--db", present, "history", "000.00.09.H59", "--json")
    assert rc == 0
    assert [(e["type"], e["effective"]) for e in json.loads(out)] == [
        ("create", "2022-04-20"),
        ("recode", "2023-03-15"),
        ("close", "2025-07-01"),
    ]
    rc, out, _ = cli("--db", present, "history", "000.00.09.H59")
    assert out.index("2022-04-20") < out.index("2023-03-15") < out.index("2025-07-01")
    with Registry.open(present, readonly=True) as reg:
        recoded, moved = reg.find("H59.09"), reg.find("H59.01.01")
        assert (recoded.status, recoded.valid_to) == ("closed", "2025-07-01")
        assert (moved.status, moved.valid_to) == ("closed", "2025-07-01")
        assert moved.parent_id == reg.find("H59.01").id
        assert reg.code_owner("H59.09") == recoded.id and reg.code_owner("H59.06") == recoded.id
        assert compare_with_replay(reg).ok
    rc, out, _ = cli("--db", present, "list", "--root", "H59", "--as-of", "2024-01-01", "--json")
    then = {u["code"] for u in json.loads(out)}
    assert {"000.00.09.H59", "000.01.01.H59"} <= then and "000.00.06.H59" not in then


def test_a_back_filled_recode_before_an_ending_keeps_the_ending(present: str):
    with Registry.open(present) as reg:
        d2021 = reg.add_decision("1/QĐ-BTTTT", "2021-03-01")
        reg.create_units(
            [NewUnit("G14.50", "Trung tâm Thông tin"), NewUnit("G14.50.01", "Phòng Dữ liệu")],
            d2021,
        )
        unit = reg.find("G14.50")
        assert (unit.status, unit.valid_to) == ("closed", "2025-04-14")
        # After the ending: refused, as for any closed unit.
        with pytest.raises(ConflictError, match="đã đóng"):
            reg.recode(unit.id, "G14.51", reg.add_decision("9/QĐ-BKHCN", "2025-05-01"))
        d2023 = reg.add_decision("2/QĐ-BTTTT", "2023-01-01")
        change = reg.recode(unit.id, "G14.51", d2023)
        assert change.unit_ids == [unit.id, reg.find("G14.51.01").id]
        for code in ("G14.51", "G14.51.01"):
            found = reg.find(code)
            assert (found.status, found.valid_to) == ("closed", "2025-04-14")
            assert [e.type for e in reg.events_of(found.id)] == ["create", "close", "recode"]
            assert reg.code_owner(code) == found.id
        assert compare_with_replay(reg).ok
        assert verify_registry(reg).ok
        # Its code is used: no other unit gets it.
        with pytest.raises(ConflictError):
            reg.create_units([NewUnit("G14.51", "Khác")], d2023)
        # Moved out from under the ministry it ends with: its ending (and its child's) is set
        # aside, and comes back when the move is undone.
        moved = reg.move(unit.id, reg.find("G06").id, reg.add_decision("3/QĐ-BTTTT", "2023-06-01"))
        assert (reg.unit(unit.id).status, reg.unit(unit.id).valid_to) == ("active", None)
        assert verify_registry(reg).ok
        reg.annul(moved.event_ids[-1])
        for code in ("G14.51", "G14.51.01"):
            found = reg.find(code)
            assert (found.status, found.valid_to) == ("closed", "2025-04-14")
        assert verify_registry(reg).ok
        # A later change other than the ending keeps a back-filled recode refused.
        reg.rename(unit.id, "Trung tâm Dữ liệu", reg.add_decision("4/QĐ-BTTTT", "2024-01-01"))
        with pytest.raises(ConflictError, match="thứ tự"):
            reg.recode(unit.id, "G14.52", reg.add_decision("5/QĐ-BTTTT", "2023-02-01"))
