"""A new clerk's session on lists in the shape of real published appendices (QA).

Each workbook is built at test time by ``fixtures/qa_lists.py``; the commands are run exactly
as a clerk types them, and the results are checked against the law (domain.md §7).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures import qa_lists

from desktop.exchange.reader import parse_decision_line


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    path = tmp_path / "so.db"
    rc, _, err = cli("init", str(path))
    assert rc == 0, err
    return path


def _codes(cli, db: Path, *args: str) -> dict[str, dict]:
    rc, out, err = cli("--db", str(db), "list", "--json", *args)
    assert rc == 0, err
    return {u["code"]: u for u in json.loads(out)}


def test_a_2016_provincial_list_with_two_row_header_imports_against_its_level1(db, cli, tmp_path):
    book = qa_lists.quang_ninh_2016(tmp_path / "qn.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(book))
    assert rc == 0, out + err
    assert "3739/QĐ-UBND" in out and "2016-11-03" in out
    units = _codes(cli, db, "--root", "H49", "--as-of", "2017-01-01")
    assert {"000.00.02.H49", "000.00.04.H49", "000.00.05.H49", "000.03.02.H49"} <= set(units)
    # the footer (totals, Nơi nhận, KT. CHỦ TỊCH, the signer) is no unit
    assert len(units) == 10
    assert not any("CHỦ TỊCH" in u["name"] or "Nơi nhận" in u["name"] for u in units.values())


def test_a_2019_list_in_tcvn3_throughout_reads_its_decision_line(db, cli, tmp_path):
    book = qa_lists.lam_dong_2019_tcvn3(tmp_path / "ld.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(book))
    assert rc == 0, out + err
    units = _codes(cli, db, "--root", "H36")
    assert units["000.00.02.H36"]["name"] == "Sở Kế hoạch và Đầu tư"
    rc, out, _ = cli("--db", str(db), "decision", "1234/QĐ-UBND")
    assert rc == 0 and "12/06/2019" in out


def test_a_merged_province_2021_list_in_sheets_per_level_ends_with_its_province(db, cli, tmp_path):
    book = qa_lists.tra_vinh_2021_by_level(tmp_path / "tv.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(book))
    assert rc == 0, out + err
    assert not any(c.endswith("H59") for c in _codes(cli, db))
    past = _codes(cli, db, "--root", "H59", "--as-of", "2022-01-01")
    assert len(past) == 7 and past["000.00.00.H59"]["name"] == "Ủy ban nhân dân tỉnh Trà Vinh"
    rc, out, _ = cli("--db", str(db), "history", "001.01.03.H59")
    assert "2025-07-01" in out and "202/2025/QH15" in out
    rc, out, _ = cli("--db", str(db), "validate")
    assert rc == 0, out
    # undone, its codes are never issued again
    rc, out, _ = cli("--db", str(db), "undo-import")
    assert rc == 0
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run")
    assert rc == 1


def test_typos_in_codes_are_refused_with_nothing_written(db, cli, tmp_path):
    book = qa_lists.typos(tmp_path / "typos.xlsx")
    before = _codes(cli, db, "--all")
    rc, out, _ = cli("--db", str(db), "import", str(book))
    assert rc == 1
    assert "code.syntax" in out and "code.level1-unknown" in out
    assert _codes(cli, db, "--all") == before


@pytest.mark.parametrize(
    "line",
    [
        "(Kèm theo Quyết định số 184 /QĐ-UBND ngày 15 tháng 3 năm 2022 của UBND tỉnh Trà Vinh)",
        "(Kèm theo Quyết định số 184/ QĐ-UBND ngày 15/3/2022 của UBND tỉnh Trà Vinh)",
        "(Kèm theo Quyết định số 184 / QĐ-UBND ngày 15/3/2022 của UBND tỉnh Trà Vinh)",
    ],
)
def test_a_number_typed_apart_from_its_symbol_keeps_the_symbol(line):
    # The number is typed into the blank of the form "số      /QĐ-UBND", spaces left around
    # the slash; reading "184" alone would record another decision.
    hint = parse_decision_line(line)
    assert hint is not None and hint.number == "184/QĐ-UBND" and hint.signed == "2022-03-15"


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (None, "import.no-decision"),
        (
            "(Kèm theo Quyết định số 14/QĐ-UBND ngày 31 tháng 2 năm 2022 của UBND tỉnh Quảng Ninh)",
            "import.no-effective",
        ),
    ],
)
def test_a_dry_run_says_what_the_real_import_will_ask_for(db, cli, tmp_path, line, rule):
    # The clerk's dry run passed silently, then the real import was refused (exit 2): the dry
    # run now warns, and the real import still refuses with the same advice.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["PHỤ LỤC"])
    if line:
        ws.append([line])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở Nội vụ", "000.00.21.H49"])
    book = tmp_path / "l.xlsx"
    wb.save(book)
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run")
    assert rc == 0 and rule in out
    flag = "--decision" if rule == "import.no-decision" else "--effective"
    assert flag in out
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    assert rule in {f["rule"] for f in json.loads(out)["findings"]}
    rc, _, err = cli("--db", str(db), "import", str(book))
    assert rc == 2 and flag in err


def test_a_decision_line_wrapped_onto_two_rows_keeps_its_date_and_issuer(db, cli, tmp_path):
    # The italic line is often broken by hand into two rows of the merged title area.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append(["TỈNH QUẢNG NINH", None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append(["PHỤ LỤC"])
    ws.append(["(Kèm theo Quyết định số 2345/QĐ-UBND"])
    ws.append(["ngày 20 tháng 7 năm 2023 của Ủy ban nhân dân tỉnh Quảng Ninh)"])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh điện tử"])
    ws.append(["(1)", "(2)", "(3)"])
    ws.append(["1.", "Sở Nội vụ", "000.00.61.H49"])
    book = tmp_path / "wrapped.xlsx"
    wb.save(book)
    rc, out, err = cli("--db", str(db), "import", str(book))
    assert rc == 0, out + err
    rc, out, _ = cli("--db", str(db), "decision", "2345/QĐ-UBND", "--json")
    decision = json.loads(out)
    text = json.dumps(decision, ensure_ascii=False)
    assert "2023-07-20" in text and "Ủy ban nhân dân tỉnh Quảng Ninh" in text


def test_a_signing_date_that_differs_from_the_recorded_decision_is_refused(db, cli, tmp_path):
    # The clerk named an existing decision with another signing date: the change was recorded
    # silently on the old decision's date (2015 instead of 2026).
    first = ["--decision", "9/QĐ-UBND", "--issuer", "UBND tỉnh", "--signed", "2026-03-01"]
    rc, _, err = cli("--db", str(db), "add", "000.00.07.H49", "Sở Xây dựng", *first)
    assert rc == 0, err
    other = ["--decision", "9/QĐ-UBND", "--signed", "2026-05-01"]
    rc, _, err = cli("--db", str(db), "add", "000.00.08.H49", "Sở Công Thương", *other)
    assert rc == 2 and "01/03/2026" in err and "01/05/2026" in err
    assert "000.00.08.H49" not in _codes(cli, db, "--all")
    book = tmp_path / "l.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở Ngoại vụ", "000.00.09.H49"])
    wb.save(book)
    rc, _, err = cli("--db", str(db), "import", str(book), *other)
    assert rc == 2 and "01/03/2026" in err
    assert "000.00.09.H49" not in _codes(cli, db, "--all")


def test_an_older_list_entered_after_a_later_one_is_the_earlier_basis_of_its_codes(
    db, cli, tmp_path
):
    # Entered out of order, the 2021 list met codes the 2023 list issued. The same body (its
    # name then, before a rename) is not a conflict: 2021 is its earlier basis. A code 2023
    # gives another body is refused, in one line naming both and both dates.
    from openpyxl import Workbook

    def book(name: str, line: str, rows: list[list]) -> Path:
        wb = Workbook()
        ws = wb.active
        ws.append([line])
        ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
        for r in rows:
            ws.append(r)
        wb.save(tmp_path / name)
        return tmp_path / name

    line = "(Kèm theo Quyết định số {} ngày {} của UBND tỉnh Quảng Ninh)"
    later = book(
        "2023.xlsx",
        line.format("500/QĐ-UBND", "10 tháng 5 năm 2023"),
        [[1, "Sở Tài chính - Kế hoạch", "000.00.02.H49"], [2, "Sở Du lịch", "000.00.03.H49"]],
    )
    same = [1, "Sở Tài chính", "000.00.02.H49"]
    other = [2, "Sở Ngoại vụ", "000.00.03.H49"]
    refused = book("2021.xlsx", line.format("184/QĐ-UBND", "15 tháng 3 năm 2021"), [same, other])
    older = book("2021b.xlsx", line.format("184/QĐ-UBND", "15 tháng 3 năm 2021"), [same])
    assert cli("--db", str(db), "import", str(later))[0] == 0
    rc, out, _ = cli("--db", str(db), "import", str(refused))
    assert rc == 1 and "code.reused" in out
    [why] = [x for x in out.splitlines() if x.startswith("LỖI: ")]
    assert "'Sở Du lịch'" in why and "'Sở Ngoại vụ'" in why and "10/05/2023" in why
    assert "đã đóng" not in out
    rc, out, _ = cli("--db", str(db), "import", str(older))
    assert rc == 0, out
    then = _codes(cli, db, "--root", "H49", "--as-of", "2022-01-01")
    assert then["000.00.02.H49"]["name"] == "Sở Tài chính"
    assert "000.00.03.H49" not in then
    now = _codes(cli, db, "--root", "H49")
    assert now["000.00.02.H49"]["name"] == "Sở Tài chính - Kế hoạch"


@pytest.mark.parametrize("typed", ["000.00.O1.H49", "000.00.01.h49", "000.00.01.H49\u200b"])
def test_check_code_says_what_the_clerk_probably_meant(cli, typed):
    # The importer repairs these (O for 0, lower case, a zero-width space) with a warning;
    # check-code only said "not valid", leaving the clerk to guess the fix.
    rc, out, _ = cli("check-code", typed)
    assert rc == 1 and "KHÔNG hợp lệ" in out and "Có lẽ là 000.00.01.H49" in out


def test_listing_a_closed_province_says_why_the_list_is_empty(db, cli):
    # A clerk asking for Trà Vinh (H59) today got a bare "0 đơn vị".
    rc, out, _ = cli("--db", str(db), "list", "--root", "H59")
    assert rc == 0 and "0 đơn vị" in out
    assert "đã đóng từ ngày 01/07/2025" in out and "--all" in out
    rc, out, _ = cli("--db", str(db), "list", "--root", "H59", "--json")
    assert rc == 0 and json.loads(out) == []


def _province_book(tmp_path: Path, extra: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "(Kèm theo Quyết định số 89/QĐ-UBND ngày 5 tháng 2 năm 2024 của Ủy ban nhân dân "
            "tỉnh Quảng Ninh)"
        ]
    )
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for i in range(1, 8):
        ws.append([i, f"Sở số {i}", f"000.00.{70 + i:02d}.H49"])
    for row in extra:
        ws.append(row)
    wb.save(tmp_path / "qn.xlsx")
    return tmp_path / "qn.xlsx"


def test_a_row_under_another_province_in_a_provincial_list_is_flagged(db, cli, tmp_path):
    # A wrong level-1 (H48 typed for H49) issued a code in another province's tree silently.
    book = _province_book(tmp_path, [[8, "Sở Du lịch", "000.00.78.H48"]])
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    outliers = [f for f in json.loads(out)["findings"] if f["rule"] == "import.level1-outlier"]
    assert rc == 0 and len(outliers) == 1 and outliers[0]["row"] == 10
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run")
    assert "000.00.78.H48" in out and "H49" in out and "import.level1-outlier" in out


def test_a_provincial_list_with_its_council_rows_is_not_flagged(db, cli, tmp_path):
    # A province and its People's Council (H49, K49) are listed together in real decisions.
    book = _province_book(tmp_path, [[8, "Văn phòng HĐND tỉnh", "000.00.01.K49"]])
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    assert rc == 0
    assert "import.level1-outlier" not in {f["rule"] for f in json.loads(out)["findings"]}


def test_a_closed_ministrys_2022_list_and_a_2018_vni_list_import_as_the_law_says(db, cli, tmp_path):
    g14 = qa_lists.g14_2022(tmp_path / "g14.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(g14))
    assert rc == 0, out + err
    assert not any(c.endswith("G14") for c in _codes(cli, db))
    assert len(_codes(cli, db, "--root", "G14", "--as-of", "2023-01-01")) == 4
    rc, out, _ = cli("--db", str(db), "history", "000.00.02.G14")
    assert "2025-04-14" in out and "09/2025/QĐ-TTg" in out
    vni = qa_lists.vni_2018(tmp_path / "vni.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(vni))
    assert rc == 0 and "import.legacy-text" in out, out + err
    units = _codes(cli, db, "--root", "H36", "--as-of", "2019-01-01")
    assert units["000.00.03.H36"]["name"] == "Sở Tư pháp"
    rc, out, _ = cli("--db", str(db), "validate")
    assert rc == 0, out


def test_closing_or_merging_a_province_with_units_names_the_cascade_option(db, cli, tmp_path):
    # The refusal said "(hoặc đóng cả nhánh)", the window's words: a clerk on the command
    # line was not told which option does that.
    book = qa_lists.quang_ninh_2016(tmp_path / "qn.xlsx")
    assert cli("--db", str(db), "import", str(book))[0] == 0
    decision = ["--decision", "77/NQ-QH", "--type", "nghi-quyet", "--signed", "2026-09-01"]
    rc, _, err = cli("--db", str(db), "close", "H49", *decision)
    assert rc == 1 and "--cascade" in err and len(err.strip().splitlines()) == 1
    rc, _, err = cli("--db", str(db), "merge", "H49", "H36", "--into", "H01", *decision)
    assert rc == 1 and "--cascade" in err
    rc, _, err = cli("--db", str(db), "merge", "H49", "--into", "H59", *decision)
    assert rc == 1 and "--cascade" not in err  # refused for the closed target, not children
    rc, out, _ = cli(
        "--db", str(db), "merge", "H49", "H36", "--into", "H01", "--cascade", *decision
    )
    assert rc == 0, out
    assert not any(c.endswith(".H49") or c == "000.00.00.H49" for c in _codes(cli, db))


@pytest.mark.parametrize("typed", ["'000.00.85.H49", "“000.00.85.H49”", '"000.00.85.H49"'])
def test_a_code_with_excels_text_prefix_or_quotes_is_read_with_a_warning(db, cli, tmp_path, typed):
    # Lists pasted from CSV files or other systems carry Excel's ' literally, or quotes.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["(Kèm theo Quyết định số 92/QĐ-UBND ngày 5 tháng 2 năm 2024 của UBND tỉnh)"])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở A", typed])
    ws.append([2, "Sở B", "000.00.86.H49*"])  # a footnote mark is never guessed away
    book = tmp_path / "q.xlsx"
    wb.save(book)
    rc, out, _ = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    result = json.loads(out)
    assert rc == 1 and result["added"] == 1 and result["conflicts"] == 1
    rules = [(f["rule"], f["severity"]) for f in result["findings"]]
    # Excel's ' is said plainly (dropped), quotes as quotes around the code
    said = (
        ("import.code-text-prefix", "info")
        if typed[0] == "'"
        else ("import.code-lookalike", "warning")
    )
    assert said in rules and ("code.syntax", "error") in rules
