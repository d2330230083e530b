"""Prints are official documents: what the registry holds (never the clerk's undo history), the
decision's appendix as part of that decision, standalone reports with NĐ 30/2020's parts."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportpdf import PdfPage, all_text, read_pdf

from desktop.exchange.importer import import_appendix, undo
from desktop.reports.build import build_changes, build_decision, build_tree, build_validation
from desktop.reports.render import write_pdf
from desktop.store.registry import Registry
from desktop.store.settings import write_settings

FIXTURES = Path(__file__).parent / "fixtures"
APPENDIX = FIXTURES / "phu_luc_h59_2022.xlsx"
DECISION = {
    "number": "123/QĐ-UBND",
    "issuer": "Ủy ban nhân dân tỉnh Trà Vinh",
    "signed": "2022-03-01",
    "effective": "2022-03-15",
}
PRINTED = "2026-12-02"


def pdf(document, tmp_path: Path, name: str) -> list[PdfPage]:
    path = tmp_path / name
    write_pdf(document, path)
    return read_pdf(path)


@pytest.fixture()
def redone(reg: Registry) -> tuple[Registry, int]:
    """An import undone and imported again (what Ctrl+Z then Ctrl+Shift+Z do in the window)."""
    first = import_appendix(reg, APPENDIX, **DECISION)
    assert first.applied
    undo(reg, first.import_id)
    # The redo gives the undone import's codes back to the units it makes again (the window's
    # ImportCommand.redo does the same); a plain new import of them would be refused.
    undone = [e.id for e in reg.events("group_id = ?", (first.import_id,))]
    again = import_appendix(reg, APPENDIX, reissue=undone, **DECISION)
    assert again.applied
    annulled = reg.conn.execute("SELECT count(*) FROM events WHERE type = 'annul'").fetchone()[0]
    created = again.changeset.counts["added"]
    assert annulled == created > 10  # the history keeps the mistake, marked
    return reg, created


def test_changes_report_leaves_out_an_undone_import(redone, tmp_path: Path):
    reg, created = redone
    doc = build_changes(reg, date_from="2022-01-01", date_to="2022-12-31", today=PRINTED)
    text = all_text(pdf(doc, tmp_path, "changes.pdf"))
    assert "Hủy bỏ thay đổi nhầm" not in text and "Đã hủy bỏ" not in text
    assert text.count("Cấp mã mới") == created + 1  # each row once, and the summary line
    assert f"Cấp mã mới {created} Tổng cộng (1 quyết định) {created}" in text
    assert text.count("000.00.01.H59") == 1


def test_decision_appendix_is_part_of_the_decision(redone, tmp_path: Path):
    reg, _ = redone
    write_settings(reg, {"issuer_name": "Sở Khoa học và Công nghệ", "place": "Trà Vinh"})
    # Renamed by a later decision: the appendix still shows the parent as this decision made it.
    later = reg.add_decision("99/QĐ-UBND", "2025-07-01")
    reg.rename(reg.find("H59.02").id, "Sở Nội vụ tỉnh Trà Vinh", later)
    pages = pdf(build_decision(reg, "123/QĐ-UBND", today=PRINTED), tmp_path, "qd.pdf")
    text = all_text(pages)
    assert pages[0].text.startswith(
        "Phụ lục DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ "
        "(Kèm theo Quyết định số 123/QĐ-UBND ngày 01 tháng 3 năm 2022 "
        "của Ủy ban nhân dân tỉnh Trà Vinh)"
    )
    # Not the print date, not the keeper's letterhead, no metadata block, nothing undone.
    for absent in (
        "2026",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Trà Vinh, ngày",
        "Số, ký hiệu",
        "Ngày có hiệu lực",
        "Không liệt kê",
        "hủy bỏ",
        "Nơi nhận",
        "........",
    ):
        assert absent not in text, absent
    # Sections by level, sub-sections by parent, as the .xlsx appendix.
    order = [
        "I MÃ ĐỊNH DANH CẤP 2",
        "A Ủy ban nhân dân tỉnh Trà Vinh (000.00.00.H59)",
        "1 Văn phòng Ủy ban nhân dân tỉnh 000.00.01.H59",
        "II MÃ ĐỊNH DANH CẤP 3",
        "A Sở Nội vụ (000.00.02.H59)",
        "B Sở Tài chính (000.00.04.H59)",
        "III MÃ ĐỊNH DANH DOANH NGHIỆP, HỢP TÁC XÃ, HỘ KINH DOANH",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert text.count("000.00.01.H59") == 1


def test_appendix_without_a_signing_date_or_issuer_leaves_them_to_fill(reg, tmp_path):
    reg.add_decision("7/QĐ-UBND", "2022-05-01")
    text = all_text(pdf(build_decision(reg, "7/QĐ-UBND", today=PRINTED), tmp_path, "q.pdf"))
    assert "(Kèm theo Quyết định số 7/QĐ-UBND ngày ... tháng ... năm ... của ....." in text
    assert "2026" not in text


@pytest.mark.parametrize("kind", ["tree", "changes", "validation"])
def test_standalone_reports_carry_number_place_signature_and_recipients(
    reg: Registry, tmp_path: Path, kind: str
):
    write_settings(
        reg,
        {
            "issuer_parent": "Ủy ban nhân dân tỉnh Trà Vinh",
            "issuer_name": "Sở Khoa học và Công nghệ",
            "number_symbol": "BC-SKHCN",
            "place": "Trà Vinh",
            "signer_title": "KT. GIÁM ĐỐC | PHÓ GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn Bình",
            "recipients": "Sở Nội vụ | - UBND các huyện;",
        },
    )
    build = {"tree": build_tree, "changes": build_changes, "validation": build_validation}[kind]
    pages = pdf(build(reg, root="H59", today=PRINTED), tmp_path, f"{kind}.pdf")
    first, last = pages[0], pages[-1]
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ Số: ....../BC-SKHCN" in first.text
    assert "Trà Vinh, ngày 02 tháng 12 năm 2026" in first.text
    number = first.find("Số: ")[0]
    issuer = first.find("SỞ KHOA HỌC VÀ CÔNG NGHỆ")[0]
    assert number.top > issuer.top and abs(number.x - issuer.x) < 100  # under the issuer
    assert "Nơi nhận: - Sở Nội vụ; - UBND các huyện; - Lưu: VT." in last.text
    label = last.find("Nơi nhận:")[0]
    signer = last.find("KT. GIÁM ĐỐC")[0]
    assert label.x < signer.x and abs(label.top - signer.top) < 10  # bottom left, level
    assert "Nguyễn Văn Bình" in last.text


def test_unset_number_and_recipients_print_a_line_to_fill_and_the_file_copy(reg, tmp_path):
    text = all_text(pdf(build_tree(reg, root="H59", today=PRINTED), tmp_path, "t.pdf"))
    assert "Số: ............" in text
    assert "Nơi nhận: - Lưu: VT." in text


def test_number_and_recipients_are_settings_of_the_command_line(cli, official_db: Path, tmp_path):
    rc, out, err = cli(
        "--db", str(official_db), "settings", "number_symbol=BC-SKHCN",
        "recipients=Sở Nội vụ | Lưu: VT, VP", "--json",
    )  # fmt: skip
    assert rc == 0, err
    assert '"number_symbol": "BC-SKHCN"' in out and '"recipients": "Sở Nội vụ | Lưu: VT, VP"' in out
    pdf = tmp_path / "t.pdf"
    assert cli("--db", str(official_db), "report", str(pdf), "--root", "H59")[0] == 0
    text = all_text(read_pdf(pdf))
    assert "Số: ....../BC-SKHCN" in text and "Nơi nhận: - Sở Nội vụ; - Lưu: VT, VP." in text
    rc, _, err = cli("--db", str(official_db), "settings", "recipients=" + "x" * 1001)
    assert rc == 2 and "1000" in err
