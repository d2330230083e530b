"""Printed reports: what the generated PDFs say, read back with a PDF text extractor."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportpdf import MM, PdfPage, all_text, is_nfc, read_pdf

from desktop.domain.rules import RULES
from desktop.domain.units import NewUnit
from desktop.reports.build import (
    build_changes,
    build_decision,
    build_report,
    build_tree,
    build_validation,
)
from desktop.reports.render import write_pdf
from desktop.store.asof import units_as_of
from desktop.store.registry import Registry
from desktop.store.validation import validate_registry

TODAY = "2025-02-05"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def pdf(document, tmp_path: Path, name: str = "r.pdf") -> list[PdfPage]:
    path = tmp_path / name
    count = write_pdf(document, path)
    pages = read_pdf(path)
    assert len(pages) == count
    return pages


def codes_of(reg: Registry, **kwargs) -> list[str]:
    return [u.display_code(reg.notation) for u in units_as_of(reg, **kwargs)]


def assert_page_numbers(pages: list[PdfPage]) -> None:
    """None on page 1; from page 2 the number alone, centred in the top margin (20 mm)."""
    for page in pages:
        in_margin = [r for r in page.runs if r.top < 20 * MM]
        if page.number == 1:
            assert in_margin == []
            continue
        assert [r.text for r in in_margin] == [str(page.number)]
        run = in_margin[0]
        centre = (30 * MM + page.width - 15 * MM) / 2
        assert abs(run.x - centre) < 4 * MM
        assert 5 * MM < run.top < 20 * MM


def assert_headers_repeat(pages: list[PdfPage], header: str, codes: set[str]) -> None:
    """Every page that lists codes shows the table header above the first of them."""
    for page in pages:
        listed = [r for r in page.runs if r.text in codes]
        if not listed:
            continue
        heads = page.find(header)
        assert heads, f"no header on page {page.number}"
        assert heads[0].top < min(r.top for r in listed)


def assert_inside_margins(pages: list[PdfPage]) -> None:
    for page in pages:
        for r in page.runs:
            assert r.x >= 30 * MM - 0.5, (page.number, r)
            assert r.x < page.width - 15 * MM, (page.number, r)
            if r.top >= 20 * MM:  # the page number lives in the top margin
                assert r.top <= page.height - 20 * MM, (page.number, r)


# -- registry with every kind of change -------------------------------------------------------


@pytest.fixture()
def changed(reg: Registry) -> Registry:
    """H59 (Trà Vinh) gets a subtree in June 2025, then a decision in September changes it."""
    d1 = reg.add_decision(
        "101/QĐ-UBND",
        "2025-06-01",
        issuer="Ủy ban nhân dân tỉnh Trà Vinh",
        signed="2025-05-30",
        title="Về việc cấp mã định danh điện tử cho các cơ quan, đơn vị",
    )
    reg.create_units(
        [
            NewUnit("H59.01", "Sở Tư pháp"),
            NewUnit("H59.02", "Sở Tài chính"),
            NewUnit("H59.03", "Sở Nội vụ"),
            NewUnit("H59.04", "Sở Khoa học và Công nghệ"),
            NewUnit("H59.01.01", "Phòng Hành chính tư pháp"),
            NewUnit("H59.01.02", "Phòng Bổ trợ tư pháp"),
            NewUnit("H59.02.01", "Phòng Ngân sách"),
            NewUnit("H59.01.01.001", "Tổ tiếp nhận hồ sơ"),
        ],
        d1,
    )
    d2 = reg.add_decision(
        "202/QĐ-UBND",
        "2025-09-01",
        issuer="Ủy ban nhân dân tỉnh Trà Vinh",
        signed="2025-08-28",
        title="Về việc điều chỉnh mã định danh điện tử",
    )
    reg.rename(reg.find("H59.03").id, "Sở Nội vụ tỉnh Trà Vinh", d2)
    reg.move(reg.find("H59.01.02").id, reg.find("H59.02").id, d2)
    reg.recode(reg.find("H59.02.01").id, "H59.02.05", d2)
    reg.split(
        reg.find("H59.04").id,
        [NewUnit("H59.06", "Sở Khoa học"), NewUnit("H59.07", "Sở Công nghệ")],
        d2,
    )
    reg.merge([reg.find("H59.03").id], reg.find("H59.02").id, d2)
    reg.close_unit(reg.find("H59.02.05").id, d2)
    mistake = reg.rename(reg.find("H59.01").id, "Sở Tư pháp (nhầm)", d2)
    reg.annul(mistake.event_ids[0])
    return reg


# -- tree ------------------------------------------------------------------------------------


def test_tree_of_the_official_registry(reg: Registry, tmp_path: Path):
    doc = build_tree(reg, today=TODAY)
    pages = pdf(doc, tmp_path)
    codes = codes_of(reg)
    assert len(codes) == 190
    assert len(pages) >= 5
    text = all_text(pages)
    first = pages[0].text
    assert NATION in first and MOTTO in first
    assert "DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ" in first
    assert "CỦA CÁC CƠ QUAN, TỔ CHỨC" in first
    assert ", ngày 05 tháng 02 năm 2025" in first
    # Every code once, closed ones (G14, merged into G06 in 2025) not at all.
    runs = [r.text for p in pages for r in p.runs]
    for code in codes:
        assert runs.count(code) == 1, code
    assert "000.00.00.G14" not in text
    assert "Bộ Thông tin và Truyền thông" not in text
    assert "Ủy ban nhân dân thành phố Huế" in text  # NFC, exactly as in the registry
    assert is_nfc(text)
    assert "Tổng cộng 190" in text
    assert "Cấp 1 190" in text
    assert_page_numbers(pages)
    assert_headers_repeat(pages, "Tên cơ quan, tổ chức", set(codes))
    assert_inside_margins(pages)
    assert pages[0].width < pages[0].height  # portrait A4
    assert abs(pages[0].width - 210 * MM) < 1.5 and abs(pages[0].height - 297 * MM) < 1.5


def test_tree_as_of_a_date_and_of_a_subtree(changed: Registry, tmp_path: Path):
    before = pdf(build_tree(changed, as_of="2021-01-01", today=TODAY), tmp_path, "a.pdf")
    text = all_text(before)
    assert "(Tính đến ngày 01 tháng 01 năm 2021)" in text
    assert "000.00.00.G14" in text  # still open in 2021
    assert "000.00.00.G38" not in text  # added in 2025
    assert "000.00.01.H59" not in text  # the subtree came in June 2025

    sub = pdf(build_tree(changed, root="H59", today=TODAY), tmp_path, "b.pdf")
    text = all_text(sub)
    codes = codes_of(changed, root="H59")
    assert "000.00.00.H59" in codes and "000.01.01.H59" in codes
    runs = [r.text for p in sub for r in p.runs]
    for code in codes:
        assert runs.count(code) == 1, code
    assert "000.00.00.G06" not in text
    assert "000.00.03.H59" not in text  # merged into H59.02 in September
    assert "CỦA ỦY BAN NHÂN DÂN TỈNH TRÀ VINH VÀ CÁC ĐƠN VỊ TRỰC THUỘC" in text
    assert f"Tổng cộng {len(codes)}" in text

    june = pdf(build_tree(changed, root="H59", as_of="2025-06-30", today=TODAY), tmp_path, "c.pdf")
    text = all_text(june)
    assert "Sở Nội vụ" in text and "000.00.03.H59" in text
    assert "000.00.06.H59" not in text


def test_tree_indents_the_hierarchy_and_sections_by_level(changed: Registry, tmp_path: Path):
    pages = pdf(build_tree(changed, root="H59", today=TODAY), tmp_path)
    name_x = {r.text: r.x for p in pages for r in p.runs}
    assert name_x["Ủy ban nhân dân tỉnh Trà Vinh"] < name_x["Sở Tư pháp"]
    assert name_x["Sở Tư pháp"] < name_x["Phòng Hành chính tư pháp"]
    assert name_x["Phòng Hành chính tư pháp"] < name_x["Tổ tiếp nhận hồ sơ"]

    by_level = pdf(build_tree(changed, root="H59", by="level", today=TODAY), tmp_path, "l.pdf")
    text = all_text(by_level)
    order = [text.index(f"MÃ ĐỊNH DANH CẤP {n}") for n in (1, 2, 3, 4)]
    assert order == sorted(order)
    assert text.index("MÃ ĐỊNH DANH CẤP 2") < text.index("000.00.01.H59")
    assert text.index("000.00.01.H59") < text.index("MÃ ĐỊNH DANH CẤP 3")
    x = {r.text: r.x for p in by_level for r in p.runs}
    assert x["Sở Tư pháp"] == x["Phòng Hành chính tư pháp"]  # flat within a level


def test_a_large_tree_repeats_its_header_on_every_page(tmp_path: Path):
    from bigregistry import build

    path = build(tmp_path / "big.db", 2500, level1_filled=2, wide_children=300)
    with Registry.open(path, readonly=True) as reg:
        codes = codes_of(reg, root="H59")
        pages = pdf(build_tree(reg, root="H59", today=TODAY), tmp_path)
    assert len(codes) > 1000
    assert len(pages) > 30
    runs = [r.text for p in pages for r in p.runs]
    assert set(codes) <= set(runs)
    assert_headers_repeat(pages, "Tên cơ quan, tổ chức", set(codes))
    assert all(p.find("Mã định danh") for p in pages[:-1])
    assert_page_numbers(pages)
    assert_inside_margins(pages)
    # The signature never stands alone: the last page still carries rows of a table.
    assert any(r.text == "Tổng cộng" for r in pages[-1].runs)


# -- changes ---------------------------------------------------------------------------------


def test_changes_between_two_dates_grouped_by_decision(changed: Registry, tmp_path: Path):
    doc = build_changes(changed, date_from="2025-01-01", date_to="2025-12-31", today=TODAY)
    pages = pdf(doc, tmp_path)
    assert pages[0].width > pages[0].height  # landscape: the table is wide
    text = all_text(pages)
    assert "DANH SÁCH THAY ĐỔI MÃ ĐỊNH DANH ĐIỆN TỬ" in text
    assert "(Từ ngày 01/01/2025 đến ngày 31/12/2025)" in text
    # Three decisions, in order of effect: the 2025 amendment, then the province's two.
    heads = [
        text.index("Quyết định số 09/2025/QĐ-TTg ngày 14/04/2025 của Thủ tướng Chính phủ"),
        text.index("Quyết định số 101/QĐ-UBND ngày 30/05/2025 của Ủy ban nhân dân tỉnh Trà Vinh"),
        text.index("Quyết định số 202/QĐ-UBND ngày 28/08/2025"),
    ]
    assert heads == sorted(heads)
    assert "Quyết định số 20/2020/QĐ-TTg ngày" not in text  # effective 2020: out of the period
    for label in (
        "Cấp mã mới",
        "Đổi tên",
        "Đổi mã",
        "Chuyển đơn vị cấp trên",
        "Sáp nhập",
        "Tiếp nhận sáp nhập",
        "Chia tách",
        "Đóng mã",
    ):
        assert label in text, label
    # The mistaken rename and its annulment stay in the history, never in a print.
    assert "Hủy bỏ thay đổi nhầm" not in text and "Sở Tư pháp (nhầm)" not in text
    rows = {r.text for p in pages for r in p.runs}
    # Old and new codes of the move, the recode and the split.
    assert {"000.02.01.H59", "000.02.02.H59"} <= rows  # H59.01.02 moved under H59.02
    assert {"000.01.02.H59", "000.05.02.H59"} <= rows  # H59.02.01 recoded to H59.02.05
    assert {"000.00.06.H59", "000.00.07.H59"} <= rows  # split parts
    assert "Tên cũ: Sở Nội vụ" in text
    assert "Sáp nhập vào 000.00.02.H59 (Sở Tài chính)" in text
    assert "hủy bỏ" not in text.lower()
    assert "Kế thừa: 000.00.00.G06 (Bộ Khoa học và Công nghệ)" in text
    assert_page_numbers(pages)
    assert_inside_margins(pages)
    assert_headers_repeat(pages, "Nội dung thay đổi", {"000.00.01.H59", "000.00.00.G38"})


def test_changes_of_a_subtree_and_an_empty_period(changed: Registry, tmp_path: Path):
    pages = pdf(build_changes(changed, root="H59", date_from="2025-09-01"), tmp_path)
    text = all_text(pages)
    assert "Quyết định số 202/QĐ-UBND" in text
    assert "09/2025/QĐ-TTg" not in text and "101/QĐ-UBND" not in text
    assert "CỦA ỦY BAN NHÂN DÂN TỈNH TRÀ VINH VÀ CÁC ĐƠN VỊ TRỰC THUỘC" in text

    empty = pdf(build_changes(changed, date_from="2022-01-01", date_to="2022-12-31"), tmp_path)
    assert "Không có thay đổi nào trong khoảng thời gian này." in all_text(empty)
    assert len(empty) == 1


# -- decision --------------------------------------------------------------------------------


def test_decision_appendix(reg: Registry, tmp_path: Path):
    pages = pdf(build_decision(reg, "09/2025/QĐ-TTg", today=TODAY), tmp_path)
    text = all_text(pages)
    first = pages[0].text
    # Part of the decision (NĐ 30/2020): "Phụ lục", the title, the decision's own data; no
    # second letterhead, no metadata block, no signature.
    assert first.startswith(
        "Phụ lục DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ (Kèm theo Quyết định số "
        "09/2025/QĐ-TTg ngày 14 tháng 4 năm 2025 của Thủ tướng Chính phủ)"
    )
    for absent in (NATION, MOTTO, "Số, ký hiệu", "Nội dung:", "Số:", "Nơi nhận", "2025 ngày 05"):
        assert absent not in text, absent
    sections = [text.index(s) for s in ("I CẤP MÃ MỚI", "II ĐỔI TÊN", "III ĐÓNG MÃ")]
    assert sections == sorted(sections)
    for code in ("G38", "G39", "G40", "G10", "G21", "H57", "K57", "G04", "G05", "G07"):
        assert f"000.00.00.{code}" in text
    for code in ("G13", "G14", "G23", "G24", "G25", "G26", "G34", "G36", "G37"):
        assert f"000.00.00.{code}" in text
    assert "Tên cũ: Ủy ban nhân dân tỉnh Thừa Thiên Huế" in text
    assert_page_numbers(pages)
    assert_inside_margins(pages)


def test_decision_appendix_of_the_original_list(reg: Registry, tmp_path: Path):
    pages = pdf(build_decision(reg, "20/2020/QĐ-TTg", today=TODAY), tmp_path)
    runs = [r.text for p in pages for r in p.runs]
    created = [
        u.display_code(reg.notation) for u in units_as_of(reg, "2020-09-15", include_closed=True)
    ]
    assert len(created) == 198
    for code in created:
        assert runs.count(code) == 1, code
    assert_headers_repeat(pages, "Tên cơ quan, đơn vị", set(created))


def test_decision_leaves_out_annulled_changes(changed: Registry, tmp_path: Path):
    text = all_text(pdf(build_decision(changed, "202/QĐ-UBND"), tmp_path))
    assert "Sở Tư pháp (nhầm)" not in text
    assert "hủy bỏ" not in text.lower()
    assert "Mã cũ: 000.02.01.H59" in text  # the move's old code


# -- validation ------------------------------------------------------------------------------


@pytest.fixture()
def flawed(changed: Registry) -> Registry:
    """Mistakes a validator finds in real registries."""
    d3 = changed.add_decision("5/QĐ-UBND", "2025-06-15", signed="2025-07-01")  # dates swapped
    changed.create_units(
        [
            NewUnit("H59.08", "SỞ TƯ PHÁP"),  # the same unit twice under H59
            NewUnit("H59.09", "Së T\u00ad ph¸p"),  # typed in TCVN3
        ],
        d3,
        effective="2025-07-01",
    )
    later = changed.add_decision("7/QĐ-UBND", "2099-01-01", signed="2025-10-01")
    changed.create_unit("H59.10", "Sở Ngoại vụ", later)  # signed, not yet in force
    return changed


def test_validation_findings_grouped_by_rule_with_hints(flawed: Registry, tmp_path: Path):
    report = validate_registry(flawed)
    rules = {f.rule for f in report.findings}
    assert {"decision.dates", "name.duplicate-sibling", "name.legacy-encoding"} <= rules
    assert "decision.pending" in rules
    pages = pdf(build_validation(flawed, today=TODAY), tmp_path)
    assert pages[0].width > pages[0].height
    text = all_text(pages)
    assert "KẾT QUẢ KIỂM TRA DANH SÁCH MÃ ĐỊNH DANH ĐIỆN TỬ" in text
    assert f"(Kiểm tra {report.units} đơn vị" in text
    tally = f"{report.errors} lỗi, {report.warnings} cảnh báo, {report.count('info')} lưu ý"
    assert f"Kết quả: {tally};" in text
    assert f"Tổng cộng {tally} {len(report.findings)}" in text
    for rule_id in rules:
        rule = RULES[rule_id]
        n = sum(1 for f in report.findings if f.rule == rule_id)
        assert f"{rule.title_vi} ({rule_id}): {n} phát hiện" in text
        assert "Cách xử lý: " + " ".join(rule.hint_vi.split()) in text
    # Errors before warnings before information.
    positions = [
        text.index(f"({rule_id}):")
        for rule_id in ("name.legacy-encoding", "name.duplicate-sibling", "decision.pending")
    ]
    assert positions == sorted(positions)
    for f in report.findings:
        if f.code:
            assert f.code in text
    assert "000.00.09.H59" in text and "000.00.08.H59" in text
    assert_page_numbers(pages)
    assert_inside_margins(pages)
    assert_headers_repeat(pages, "Nội dung phát hiện", {"000.00.08.H59", "000.00.09.H59"})


def test_validation_of_a_clean_subtree(changed: Registry, tmp_path: Path, cli):
    pages = pdf(build_validation(changed, root="H59"), tmp_path)
    text = all_text(pages)
    assert "Không phát hiện vấn đề nào." in text
    assert "CỦA ỦY BAN NHÂN DÂN TỈNH TRÀ VINH VÀ CÁC ĐƠN VỊ TRỰC THUỘC" in text
    assert f"(Kiểm tra {validate_registry(changed, root='H59').units} đơn vị" in text


def test_validation_report_command(cli, official_db: Path, tmp_path: Path):
    out = tmp_path / "kiem-tra.pdf"
    rc, stdout, err = cli("--db", str(official_db), "report", str(out), "--kind", "validation")
    assert rc == 0, err
    assert "Đã ghi báo cáo kết quả kiểm tra" in stdout
    assert "Kết quả: không phát hiện lỗi" in all_text(read_pdf(out))


# -- letterhead and signature from the registry's settings ------------------------------------


def test_letterhead_and_signature_come_from_the_settings(reg: Registry, tmp_path: Path):
    blank = all_text(pdf(build_tree(reg, today=TODAY), tmp_path, "blank.pdf"))
    assert "........................, ngày 05 tháng 02 năm 2025" in blank
    with reg.write():
        for key, value in {
            "issuer_parent": "Ủy ban nhân dân tỉnh Trà Vinh",
            "issuer_name": "Sở Khoa học và Công nghệ",
            "place": "Trà Vinh",
            "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn Bình",
        }.items():
            reg._set_meta(key, value)
    pages = pdf(build_tree(reg, today="2025-04-14"), tmp_path)
    first, last = pages[0], pages[-1]
    assert "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH" in first.text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in first.text
    assert "Trà Vinh, ngày 14 tháng 4 năm 2025" in first.text
    # Issuing body top left, national heading top right, on the same line.
    issuer = first.find("SỞ KHOA HỌC VÀ CÔNG NGHỆ")[0]
    nation = first.find(NATION)[0]
    assert issuer.x < nation.x and issuer.top > nation.top
    titles = [r for r in last.runs if r.text in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Bình")]
    assert [r.text for r in titles] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Bình"]
    assert titles[2].top - titles[1].top > 20 * MM  # room for the signature and the seal
    assert titles[0].x > last.width / 2 - 20 * MM  # on the right


# -- the command line ------------------------------------------------------------------------


def test_report_command_writes_each_kind(cli, official_db: Path, tmp_path: Path):
    out = tmp_path / "cây.pdf"
    rc, stdout, err = cli("--db", str(official_db), "report", str(out))
    assert rc == 0, err
    assert "Đã ghi báo cáo danh sách mã định danh" in stdout and "trang" in stdout
    assert "000.00.00.H59" in all_text(read_pdf(out))

    out = tmp_path / "thay-doi.pdf"
    args = ["--kind", "changes", "--from", "2025-04-01", "--to", "2025-04-30"]
    rc, _, err = cli("--db", str(official_db), "report", str(out), *args)
    assert rc == 0, err
    assert "Quyết định số 09/2025/QĐ-TTg" in all_text(read_pdf(out))

    out = tmp_path / "qd.pdf"
    args = ["--kind", "decision", "--decision", "09/2025/qđ-ttg"]
    rc, _, err = cli("--db", str(official_db), "report", str(out), *args)
    assert rc == 0, err
    assert "Phụ lục" in all_text(read_pdf(out))

    out = tmp_path / "asof.pdf"
    args = ["--root", "G14", "--as-of", "2024-12-31", "--by", "level"]
    rc, _, err = cli("--db", str(official_db), "report", str(out), *args)
    assert rc == 0, err
    assert "Bộ Thông tin và Truyền thông" in all_text(read_pdf(out))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--kind", "decision"], "--decision"),
        (["--kind", "decision", "--decision", "999/QĐ-XYZ"], "Không có quyết định số 999/QĐ-XYZ"),
        (["--kind", "tree", "--from", "2025-01-01"], "--from"),
        (["--kind", "changes", "--as-of", "2025-01-01"], "--as-of"),
        (["--kind", "changes", "--by", "level"], "--by"),
        (["--kind", "changes", "--from", "2025-13-01"], "không hợp lệ"),
        (["--kind", "changes", "--from", "2025-05-01", "--to", "2025-01-01"], "sau ngày kết thúc"),
        (["--root", "H99"], "H99"),
    ],
)
def test_report_bad_input_exit_2_nothing_written(
    cli, official_db: Path, tmp_path: Path, args: list[str], needle: str
):
    folder = tmp_path / "out"
    folder.mkdir()
    rc, _, err = cli("--db", str(official_db), "report", str(folder / "r.pdf"), *args)
    assert rc == 2
    assert needle in err and len(err.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []


def test_report_refuses_unwritable_targets(cli, official_db: Path, tmp_path: Path):
    rc, _, err = cli("--db", str(official_db), "report", str(tmp_path / "r.txt"))
    assert rc == 2 and ".pdf" in err
    rc, _, err = cli("--db", str(official_db), "report", str(tmp_path / "no" / "r.pdf"))
    assert rc == 2 and "Không có thư mục" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        rc, _, err = cli("--db", str(official_db), "report", str(locked / "r.pdf"))
        if rc == 0:  # running as root: permissions do not apply
            assert (locked / "r.pdf").exists()
        else:
            assert rc == 2 and "r.pdf" in err
            assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_build_report_dispatch(reg: Registry):
    assert build_report(reg, "tree", today=TODAY).kind == "tree"
    assert build_report(reg, "changes", date_to="2025-12-31").landscape
    assert build_report(reg, "decision", decision="20/2020/QĐ-TTg").appendix_label == "Phụ lục"
