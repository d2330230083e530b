"""Exporting: the official appendix (NĐ 30/2020 layout), the shared-catalogue CSV and JSON, the
crosswalk, formula neutralising, and the round trip (export then import changes nothing)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.domain.units import NewUnit
from desktop.exchange.importer import import_appendix
from desktop.exchange.writers import CATALOGUE_FIELDS, PRINTABLE_WIDTH, export
from desktop.store.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = FIXTURES / "phu_luc_h59_2022.xlsx"
SECOND = FIXTURES / "phu_luc_h59_2023.xlsx"
MM = 1 / 25.4


@pytest.fixture()
def province(reg: Registry) -> Registry:
    assert import_appendix(reg, FIRST).applied
    assert import_appendix(reg, SECOND, replace_list=True).applied
    return reg


def test_official_appendix_layout(province: Registry, tmp_path: Path):
    path = tmp_path / "phu-luc.xlsx"
    result = export(province, path, root="H59", as_of="2023-03-15")
    # The province's enterprises (listed in its appendix, so under it) are exported too.
    assert result.rows == 15
    ws = openpyxl.load_workbook(path).active
    rows = [tuple(c.value for c in row[:4]) for row in ws.iter_rows()]
    assert rows[0][0] == "PHỤ LỤC"
    assert rows[1][0] == (
        "DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ THUỘC ỦY BAN NHÂN DÂN TỈNH TRÀ VINH"
    )
    # Without a decision, the list says the day it shows (a decision's own appendix is below).
    assert rows[2][0] == "(Tính đến ngày 15/03/2023)"
    assert ws["A1"].font.b and ws["A1"].font.sz == 14 and ws["A3"].font.i
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:D1", "A2:D2", "A3:D3"}
    assert rows[4] == ("STT", "Tên cơ quan, đơn vị", "Mã định danh", "Ghi chú")
    assert rows[5:] == [
        ("I", "MÃ ĐỊNH DANH CẤP 2", None, None),
        (1, "Văn phòng Ủy ban nhân dân tỉnh", "000.00.01.H59", None),
        (2, "Sở Nội vụ", "000.00.02.H59", None),
        (3, "Sở Tư pháp", "000.00.03.H59", None),
        (4, "Sở Tài chính", "000.00.04.H59", None),
        (5, "Sở Giáo dục, Khoa học và Công nghệ", "000.00.05.H59", None),
        (6, "Sở Văn hóa, Thể thao và Du lịch", "000.00.08.H59", None),
        (7, "Trung tâm Phục vụ hành chính công", "000.00.09.H59", "Thành lập mới"),
        ("II", "MÃ ĐỊNH DANH CẤP 3", None, None),
        ("A", "Văn phòng Ủy ban nhân dân tỉnh (000.00.01.H59)", None, None),
        (1, "Chi cục Văn thư - Lưu trữ", "000.01.01.H59", None),
        ("B", "Sở Nội vụ (000.00.02.H59)", None, None),
        (2, "Ban Thi đua - Khen thưởng", "000.01.02.H59", None),
        ("C", "Sở Tài chính (000.00.04.H59)", None, None),
        (3, "Trung tâm Tin học và Dịch vụ tài chính công", "000.01.04.H59", None),
        (4, "Chi cục Quản lý giá", "000.02.04.H59", None),
        ("D", "Sở Văn hóa, Thể thao và Du lịch (000.00.08.H59)", None, None),
        (5, "Thư viện tỉnh", "000.01.08.H59", None),
        ("III", "MÃ ĐỊNH DANH DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH", None, None),
        (1, "Công ty TNHH MTV Xổ số kiến thiết Trà Vinh", "0100109106", None),
        (2, "Chi nhánh Công ty Xổ số kiến thiết tại Cầu Kè", "0100109106-001", None),
        (3, "Công ty Cổ phần Cấp thoát nước Trà Vinh", "2100123457", None),
    ]
    # Codes are text, Times New Roman 13 everywhere in the table, borders on every cell.
    code = ws["C7"]
    assert code.data_type == "s" and code.number_format == "@"
    for cell in (ws["A5"], ws["B7"], code, ws["B15"]):
        assert cell.font.name == "Times New Roman" and cell.font.sz == 13
        assert cell.border.left.style == "thin"
    assert ws["A5"].font.b and ws["B6"].font.b and ws["B15"].font.i
    # A4 portrait, margins of NĐ 30/2020, the header row on every page, page numbers at the
    # top from page 2.
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    mm = {k: round(getattr(ws.page_margins, k) / MM, 3) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert ws.print_title_rows == "$5:$5"
    assert ws.HeaderFooter.differentFirst and ws.oddHeader.center.text == "&P"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    # Widths fit the page and the content.
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    assert sum(widths) <= PRINTABLE_WIDTH
    assert widths[1] >= len("Trung tâm Tin học và Dịch vụ tài chính công")
    assert widths[2] >= len("000.00.01.H59")


def test_appendix_without_decision_and_in_qd20(province: Registry, tmp_path: Path):
    path = tmp_path / "a.xlsx"
    export(province, path, root="H59", notation="qd20")
    ws = openpyxl.load_workbook(path).active
    values = [c.value for c in ws["A"]][:5]
    assert values[2].startswith("(Tính đến ngày ")  # no "Kèm theo" line: the date shown
    codes = [c.value for c in ws["C"] if c.value and c.value != "Mã định danh"]
    assert codes[:2] == ["H59.01", "H59.02"]


def test_appendix_as_of_a_date(province: Registry, tmp_path: Path):
    path = tmp_path / "a.xlsx"
    export(province, path, root="H59", as_of="2022-12-31")
    ws = openpyxl.load_workbook(path).active
    assert ws["A3"].value == "(Tính đến ngày 31/12/2022)"
    names = {c.value for c in ws["B"]}
    assert "Sở Giáo dục và Đào tạo" in names and "Đài Phát thanh và Truyền hình" in names
    assert "Thư viện tỉnh" not in names


def test_catalogue_csv_and_json(province: Registry, tmp_path: Path):
    export(province, tmp_path / "d.csv", root="H59")
    raw = (tmp_path / "d.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    with (tmp_path / "d.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CATALOGUE_FIELDS
    office = next(r for r in rows if r["code"] == "000.00.01.H59")
    assert office == {
        "code": "000.00.01.H59",
        "parent_code": "000.00.00.H59",
        "name": "Văn phòng Ủy ban nhân dân tỉnh",
        "level": "2",
        "kind": "agency",
        "status": "active",
        "address": "Số 1 Lê Lợi, TP. Trà Vinh",
        "email": "vp@travinh.gov.vn",
        "phone": "02943862345",
        "fax": "",
        "website": "",
        "decision_number": "184/QĐ-UBND",
        "decision_date": "2022-04-20",
        "decision_issuer": "Ủy ban nhân dân tỉnh Trà Vinh",
        "as_of": dt.date.today().isoformat(),
    }
    renamed = next(r for r in rows if r["code"] == "000.00.05.H59")
    assert renamed["decision_number"] == "250/QĐ-UBND"  # the decision that last amended it
    assert "000.00.07.H59" not in {r["code"] for r in rows}  # closed
    export(province, tmp_path / "d.json", root="H59", notation="qd20")
    items = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert [tuple(i) for i in items[:1]] == [CATALOGUE_FIELDS]
    assert [i["code"] for i in items][:3] == ["H59", "H59.01", "H59.01.01"]


def test_crosswalk(province: Registry, tmp_path: Path, cli):
    export(province, tmp_path / "cw.csv", crosswalk=True, decision="250/QĐ-UBND")
    with (tmp_path / "cw.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = [(r["change"], r["old_code"], r["new_code"]) for r in csv.DictReader(fh)]
    assert rows == [
        ("recode", "000.00.06.H59", "000.00.09.H59"),
        ("move", "000.02.02.H59", "000.01.01.H59"),
        ("close", "000.00.07.H59", ""),  # a closure without successor is listed too
    ]
    export(province, tmp_path / "cw.json", crosswalk=True, notation="qd20")
    items = json.loads((tmp_path / "cw.json").read_text(encoding="utf-8"))
    pairs = {(i["decision_number"], i["old_code"], i["new_code"]) for i in items}
    assert ("09/2025/QĐ-TTg", "G14", "G06") in pairs  # closed with a successor
    assert ("250/QĐ-UBND", "H59.06", "H59.09") in pairs
    export(province, tmp_path / "cw.xlsx", crosswalk=True, root="H59")
    ws = openpyxl.load_workbook(tmp_path / "cw.xlsx").active
    assert ws.max_row == 4 and ws["D2"].value == "000.00.06.H59"
    assert (ws["D4"].value, ws["E4"].value) == ("000.00.07.H59", None)


def test_formula_injection_is_neutralised(reg: Registry, tmp_path: Path):
    dec = reg.add_decision("1/QĐ-UBND", "2024-01-01")
    names = ['=HYPERLINK("http://x","bấm")', "+84 Sở", "-Phòng thử", "@Tổ công tác"]
    reg.create_units([NewUnit(f"H59.{i:02d}", n, note="=1+1") for i, n in enumerate(names, 1)], dec)
    export(reg, tmp_path / "a.csv", root="H59")
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as fh:
        csv_names = [r["name"] for r in csv.DictReader(fh)][1:]
    assert csv_names == ["'" + n for n in names]
    export(reg, tmp_path / "a.xlsx", root="H59")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    cells = [c for c in ws["B"] if c.value in names]
    assert len(cells) == 4
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert all(c.value == "=1+1" and c.quotePrefix for c in ws["D"] if c.value == "=1+1")
    # The text comes back exactly: the round trip changes nothing.
    result = import_appendix(reg, tmp_path / "a.xlsx", dry_run=True, number="1/QĐ-UBND")
    assert result.changeset.counts["unchanged"] == 4 and not result.changeset.has_changes


@pytest.mark.parametrize("notation", ["qcvn102", "qd20"])
@pytest.mark.parametrize("root", [None, "H59"])
def test_round_trip_changes_nothing(
    province: Registry, tmp_path: Path, notation: str, root: str | None
):
    path = tmp_path / "round.xlsx"
    exported = export(province, path, root=root, notation=notation)
    result = import_appendix(province, path, replace_list=True, dry_run=True)
    counts = result.changeset.counts
    assert counts["unchanged"] == exported.rows == result.changeset.count("unchanged")
    assert not result.changeset.has_changes and not result.blocked
    assert {k: v for k, v in counts.items() if k != "unchanged"} == dict.fromkeys(
        ("added", "basis", "renamed", "recoded", "moved", "closed", "conflict"), 0
    )


def test_round_trip_through_the_command_line(cli, official_db: Path, tmp_path: Path):
    db = str(official_db)
    assert cli("--db", db, "import", str(FIRST))[0] == 0
    assert cli("--db", db, "import", str(SECOND), "--replace-list")[0] == 0
    out_file = str(tmp_path / "ra.xlsx")
    rc, out, err = cli("--db", db, "export", out_file, "--root", "H59", "--as-of", "15/03/2023")
    assert rc == 0 and "15 dòng" in out, err
    rc, out, err = cli("--db", db, "import", out_file, "--replace-list", "--dry-run", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["changes"] == [] and data["unchanged"] == 15
    # A decision's own appendix (what it issued, as of its date) round-trips as well.
    rc, out, err = cli("--db", db, "export", out_file, "--decision", "184/QĐ-UBND")
    assert rc == 0 and "14 dòng" in out, err
    rc, out, err = cli("--db", db, "import", out_file, "--dry-run", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["changes"] == [] and data["unchanged"] == 14
    assert data["decision"]["number"] == "184/QĐ-UBND" and data["decision"]["existing"]


def test_a_decisions_appendix_holds_what_it_issued_and_changed(province: Registry, tmp_path):
    path = tmp_path / "qd250.xlsx"
    result = export(province, path, decision="250/QĐ-UBND")
    assert result.rows == 6 and result.as_of == "2023-03-15"
    ws = openpyxl.load_workbook(path).active
    rows = [tuple(c.value for c in row[:4]) for row in ws.iter_rows()]
    assert rows[2][0] == (
        "(Kèm theo Quyết định số 250/QĐ-UBND ngày 15 tháng 3 năm 2023 "
        "của Ủy ban nhân dân tỉnh Trà Vinh)"
    )
    assert rows[5:] == [
        ("I", "MÃ ĐỊNH DANH CẤP 2", None, None),
        ("A", "Ủy ban nhân dân tỉnh Trà Vinh (000.00.00.H59)", None, None),
        (
            1,
            "Sở Giáo dục, Khoa học và Công nghệ",
            "000.00.05.H59",
            "Đổi tên (tên cũ: Sở Giáo dục và Đào tạo)",
        ),
        (2, "Đài Phát thanh và Truyền hình", "000.00.07.H59", "Đóng mã"),
        (3, "Sở Văn hóa, Thể thao và Du lịch", "000.00.08.H59", None),
        (
            4,
            "Trung tâm Phục vụ hành chính công",
            "000.00.09.H59",
            "Đổi mã (mã cũ: 000.00.06.H59); Thành lập mới",
        ),
        ("II", "MÃ ĐỊNH DANH CẤP 3", None, None),
        ("A", "Văn phòng Ủy ban nhân dân tỉnh (000.00.01.H59)", None, None),
        (
            1,
            "Chi cục Văn thư - Lưu trữ",
            "000.01.01.H59",
            "Chuyển đơn vị cấp trên (mã cũ: 000.02.02.H59)",
        ),
        ("B", "Sở Văn hóa, Thể thao và Du lịch (000.00.08.H59)", None, None),
        (2, "Thư viện tỉnh", "000.01.08.H59", None),
    ]
    # The first decision's appendix, as of its own date: the 14 units it issued, before the
    # 2023 changes.
    result = export(province, tmp_path / "qd184.xlsx", decision="184/QĐ-UBND")
    assert result.rows == 14 and result.as_of == "2022-04-20"
    names = [r[1].value for r in openpyxl.load_workbook(tmp_path / "qd184.xlsx").active.iter_rows()]
    assert "Sở Giáo dục và Đào tạo" in names and "Thư viện tỉnh" not in names


def test_a_decisions_appendix_unknown_empty_or_of_closures(cli, tmp_path):
    db = str(tmp_path / "so.db")
    assert cli("init", db)[0] == 0
    out_file = tmp_path / "x.xlsx"
    rc, _, err = cli("--db", db, "export", str(out_file), "--decision", "999/QĐ-UBND")
    assert rc == 2 and "999/QĐ-UBND" in err and not out_file.exists()
    # The 2025 provincial merger only closed codes: its appendix lists them with their heirs.
    rc, out, err = cli("--db", db, "export", str(out_file), "--decision", "202/2025/QH15")
    assert rc == 0 and "58 dòng" in out, err
    rows = [r for r in openpyxl.load_workbook(out_file).active.iter_rows(values_only=True)]
    assert ("Ủy ban nhân dân tỉnh Trà Vinh", "000.00.00.H59") in {r[1:3] for r in rows}
    assert any(r[2] == "000.00.00.H59" and "kế thừa: 000.00.00.H61" in r[3] for r in rows)
    # A decision whose only import was undone has nothing left to attach.
    assert cli("--db", db, "import", str(FIRST))[0] == 0
    assert cli("--db", db, "undo-import")[0] == 0
    out_file.unlink()
    rc, _, err = cli("--db", db, "export", str(out_file), "--decision", "184/QĐ-UBND")
    assert rc == 2 and "184/QĐ-UBND" in err and not out_file.exists()


def test_export_refuses_unknown_formats(cli, official_db: Path, tmp_path: Path):
    rc, _, err = cli("--db", str(official_db), "export", str(tmp_path / "a.pdf"))
    assert rc == 2 and ".xlsx, .csv" in err
    assert not (tmp_path / "a.pdf").exists()
