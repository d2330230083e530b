"""Loose ends a clerk trips on: day-first dates, error cells, the level-1 row's name, the
appendix of one decision exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    path = tmp_path / "so.db"
    rc, _, err = cli("init", str(path))
    assert rc == 0, err
    return path


def _count(out: str, group: str) -> int:
    return sum(
        1
        for u in json.loads(out)
        if u["code"].endswith(tuple(f"{group}{n:02d}" for n in range(100)))
    )


@pytest.mark.parametrize("typed", ["30/06/2025", "30-06-2025", "30.06.2025", "2025-06-30"])
def test_dates_typed_day_first_are_read_as_the_same_day(db, cli, typed):
    rc, out, err = cli("--db", str(db), "list", "--as-of", typed, "--json")
    assert rc == 0, err
    assert _count(out, "H") == 63


def test_a_short_day_first_date_is_read(db, cli):
    rc, out, err = cli("--db", str(db), "list", "--as-of", "1/7/2025", "--json")
    assert rc == 0, err
    assert _count(out, "H") == 34


@pytest.mark.parametrize("typed", ["31/02/2025", "14/04/25", "2025/04/14", "04/14/2025"])
def test_an_impossible_or_ambiguous_date_is_refused_in_one_line(db, cli, typed):
    rc, out, err = cli("--db", str(db), "list", "--as-of", typed)
    assert rc == 2 and out == ""
    assert typed in err and len(err.strip().splitlines()) == 1


def test_an_operation_takes_its_effective_date_day_first(db, cli):
    rc, out, err = cli(
        "--db",
        str(db),
        "add",
        "H29.01",
        "Văn phòng Ủy ban nhân dân thành phố",
        "--decision",
        "12/QĐ-UBND",
        "--signed",
        "02/01/2026",
        "--effective",
        "5/1/2026",
        "--json",
    )
    assert rc == 0, out + err
    rc, out, _ = cli("--db", str(db), "list", "--root", "H29", "--json")
    unit = next(u for u in json.loads(out) if u["code"] == "000.00.01.H29")
    assert unit["valid_from"] == "2026-01-05"


def _list_with_unreadable_codes(path: Path) -> Path:
    """A provincial level-2 list whose codes were looked up with VLOOKUP from another sheet:
    one lookup found nothing (#N/A), one points at a deleted row (#REF!), one was saved by a
    program that does not compute formulas (no cached value)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục I"
    for line in (
        "PHỤ LỤC I",
        "DANH SÁCH MÃ ĐỊNH DANH CÁC CƠ QUAN, ĐƠN VỊ CẤP 2",
        "(Kèm theo Quyết định số 52/QĐ-UBND ngày 10 tháng 3 năm 2021 của Ủy ban nhân dân "
        "tỉnh Bắc Ninh)",
    ):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append([1, "Văn phòng UBND tỉnh", "000.00.01.H27", None])
    ws.append([2, "Sở Nội vụ", "#N/A", None])  # openpyxl writes it as an error cell
    ws.append([3, "Sở Tư pháp", "000.00.03.H27", None])
    ws.append([4, "Sở Tài chính", "#REF!", None])
    ws.append([5, "Sở Y tế", "=VLOOKUP(B10,Mã!A:B,2,0)", None])
    wb.save(path)
    return path


def test_a_code_cell_with_a_formula_error_blocks_the_import_naming_the_cell(db, cli, tmp_path):
    book = _list_with_unreadable_codes(tmp_path / "bn.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(book), "--json")
    assert rc == 1, out + err
    result = json.loads(out)
    assert result["applied"] is False and result["conflicts"] == 3
    messages = [f["message"] for f in result["findings"] if f["rule"] == "import.cell-error"]
    assert len(messages) == 3
    assert any("ô C6 chứa lỗi công thức #N/A, không đọc được mã" in m for m in messages)
    assert any("ô C8 chứa lỗi công thức #REF!" in m for m in messages)
    assert any(
        "ô C9 chứa công thức =VLOOKUP(B10,Mã!A:B,2,0) chưa có giá trị" in m for m in messages
    )
    rc, out, _ = cli("--db", str(db), "list", "--root", "H27", "--json")
    assert [u["code"] for u in json.loads(out)] == ["000.00.00.H27"]  # nothing written


def _province_list(path: Path, level1_name: str) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC"])
    ws.append(
        [
            "(Kèm theo Quyết định số 77/QĐ-UBND ngày 05 tháng 5 năm 2020 của Ủy ban nhân dân tỉnh "
            "Quảng Ninh)"
        ]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([None, level1_name, "000.00.00.H49"])
    ws.append([1, "Sở Nội vụ", "000.00.02.H49"])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "name",
    [
        "UBND tỉnh Quảng Ninh",
        "UBND Tỉnh Quảng Ninh",
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
        "Uỷ ban nhân dân tỉnh Quảng\u00a0Ninh",
        "U\u0309y ban nha\u0302n da\u0302n ti\u0309nh Qua\u0309ng Ninh",  # decomposed accents
        "UBND thành phố Quảng Ninh",
    ],
)
def test_the_level1_row_naming_the_peoples_committee_is_the_same_body(db, cli, tmp_path, name):
    book = _province_list(tmp_path / "qn.xlsx", name)
    rc, out, err = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    assert rc == 0, out + err
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "import.level1-name-differs" not in rules


@pytest.mark.parametrize("name", ["UBND tỉnh Quảng Nam", "Sở Nội vụ tỉnh Quảng Ninh"])
def test_a_level1_row_naming_another_body_still_warns(db, cli, tmp_path, name):
    book = _province_list(tmp_path / "qn.xlsx", name)
    rc, out, err = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    assert rc == 0, out + err
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "import.level1-name-differs" in rules


def test_a_peoples_council_row_abbreviated_with_an_eth_is_the_same_body():
    from desktop.domain.abbreviations import same_body

    assert same_body("H\u00d0ND tỉnh Quảng Ninh", "Hội đồng nhân dân tỉnh Quảng Ninh")
    assert same_body("UBND TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh")
    assert not same_body("UBND tỉnh Quảng Ninh", "Hội đồng nhân dân tỉnh Quảng Ninh")


def _dated_list(path: Path, day: str, codes: list[str]) -> Path:
    from openpyxl import Workbook

    d, m, y = day.split("/")
    wb = Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC"])
    ws.append(
        [
            f"(Kèm theo Quyết định số 15/QĐ-UBND ngày {d} tháng {m} năm {y} của Ủy ban nhân dân "
            "tỉnh Quảng Ninh)"
        ]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for i, code in enumerate(codes, 1):
        ws.append([i, f"Đơn vị {i}", code])
    wb.save(path)
    return path


def _rules_of(cli, db: Path, book: Path, *extra: str) -> dict[str, int]:
    rc, out, err = cli("--db", str(db), "import", str(book), "--json", *extra)
    assert rc == 0, out + err
    counts: dict[str, int] = {}
    for f in json.loads(out)["findings"]:
        counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    return counts


def test_a_decision_dated_before_any_code_existed_is_warned_of(db, cli, tmp_path):
    book = _dated_list(tmp_path / "a.xlsx", "10/3/2014", ["000.00.02.H49", "000.01.02.H49"])
    rules = _rules_of(cli, db, book)
    assert rules.get("decision.before-codes") == 1
    assert "code.before-qd20-form" not in rules  # QCVN 102 codes: the form of the time
    rc, out, _ = cli("--db", str(db), "validate", "--json")
    assert rc == 0  # warnings only
    assert "decision.before-codes" in {f["rule"] for f in json.loads(out)["findings"]}


def test_a_code_only_qd20_can_write_in_a_pre_2020_decision_is_warned_of(db, cli, tmp_path):
    codes = ["H49.02", "H49.02.01", "H49.02.01.A01", "H49.02.01.0002"]
    rules = _rules_of(cli, db, _dated_list(tmp_path / "a.xlsx", "05/06/2019", codes), "--dry-run")
    assert rules.get("code.before-qd20-form") == 2
    assert "decision.before-codes" not in rules
    # The same codes after QĐ 20/2020 are its own form: only the QCVN 102 note remains.
    rules = _rules_of(cli, db, _dated_list(tmp_path / "b.xlsx", "05/06/2021", codes), "--dry-run")
    assert "code.before-qd20-form" not in rules and rules.get("code.no-dossier-code") == 2


def test_a_delta_export_says_its_window_as_people_write_dates(db, cli, tmp_path):
    out_file = tmp_path / "d.csv"
    rc, out, err = cli(
        "--db", str(db), "export", str(out_file), "--since", "1/7/2025", "--until", "31/12/2025"
    )
    assert rc == 0, err
    assert "tính đến ngày 31/12/2025, thay đổi có hiệu lực từ 01/07/2025 đến 31/12/2025" in out


def _tcvn3_touched_up(path: Path) -> Path:
    """A 2018 list typed in TCVN3 (.VnTime), whose accented capitals (TCVN3 has none) were
    later retyped with a Unicode keyboard: cells mixing both."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from fixtures.make_fixtures import to_tcvn3
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([to_tcvn3("PHỤ LỤC")])
    ws.append(
        [
            to_tcvn3(
                "(Kèm theo Quyết định số 1830/QĐ-UBND ngày 14 tháng 9 năm 2018 của Ủy ban nhân "
                "dân tỉnh Hưng Yên)"
            )
        ]
    )
    ws.append(["STT", to_tcvn3("Tên cơ quan, đơn vị"), to_tcvn3("Mã định danh")])
    ws.append([1, to_tcvn3("Văn phòng Ủy ban nhân dân huyện Kim Động"), "000.00.40.H31"])
    ws.append([2, to_tcvn3("Sở Y tế"), "000.00.41.H31"])
    wb.save(path)
    return path


def test_a_legacy_cell_with_unicode_capitals_typed_in_is_converted(db, cli, tmp_path):
    _tcvn3_touched_up(tmp_path / "a.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(tmp_path / "a.xlsx"), "--json")
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["decision"]["number"] == "1830/QĐ-UBND"
    assert result["decision"]["issuer"] == "Ủy ban nhân dân tỉnh Hưng Yên"
    names = {c["code"]: c["name"] for c in result["changes"]}
    assert names["000.00.40.H31"] == "Văn phòng Ủy ban nhân dân huyện Kim Động"


def test_the_validator_finds_a_stored_name_mixing_legacy_and_unicode(reg, dec):
    from desktop.store.validation import validate_registry

    uid = reg.create_unit("H59.05", "V¨n phßng Ủy ban nh©n d©n tØnh", dec).created[0]
    rules = {(f.rule, f.unit_id) for f in validate_registry(reg).findings}
    assert ("name.legacy-encoding", uid) in rules


def test_a_missing_file_is_told_in_vietnamese(db, cli, tmp_path):
    rc, out, err = cli("--db", str(db), "import", str(tmp_path / "khong-co.xlsx"))
    assert rc == 2 and out == ""
    assert "khong-co.xlsx" in err and "không có tệp hoặc thư mục này" in err
    assert "No such file" not in err
    rc, _, err = cli("--db", str(db), "export", str(tmp_path / "thieu" / "ra.xlsx"))
    assert rc == 2 and "không có tệp hoặc thư mục này" in err


def test_a_branch_of_a_closed_enterprise_names_its_head_office_not_a_level1_code(db, cli, tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx"
    assert cli("--db", str(db), "import", str(fixture))[0] == 0
    # An enterprise outlives its province's merger (it passes to Vĩnh Long): its head office is
    # closed here by a decision of its own; the branch stays, with a warning.
    rc, out, err = cli(
        "--db",
        str(db),
        "close",
        "0100109106",
        "--decision",
        "12/QĐ-UBND",
        "--effective",
        "01/01/2026",
    )
    assert rc == 0, err + out
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục III"
    ws.append(
        ["(Kèm theo Quyết định số 77/QĐ-UBND ngày 10 tháng 3 năm 2026 của UBND tỉnh Vĩnh Long)"]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú"])
    ws.append([1, "Chi nhánh Công ty Xổ số kiến thiết tại Trà Cú", "0100109106-002", None])
    wb.save(tmp_path / "cn.xlsx")
    _, out, _ = cli("--db", str(db), "import", str(tmp_path / "cn.xlsx"), "--dry-run", "--json")
    branch = [f for f in json.loads(out)["findings"] if f.get("code") == "0100109106-002"]
    errors = [f for f in branch if f["rule"] == "enterprise.parent-closed"]
    assert errors, branch
    assert all(
        "0100109106 (Công ty TNHH MTV Xổ số kiến thiết Trà Vinh)" in f["message"] for f in errors
    )
    for f in errors:
        assert "000.00.00.0100109106" not in f["message"] and "mã cấp 1" not in f["message"]
        assert f["rule"] != "code.level1-closed"
