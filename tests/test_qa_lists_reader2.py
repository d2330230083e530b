"""Real-shaped lists a clerk tried (QA, second pass): the decision number typed with look-alike
letters, Excel's text prefix in code cells, a list whose decision date cannot be read, a name
that adds only the province."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fixtures import qa_lists
from openpyxl import Workbook

from desktop.domain.decisions import repair_number
from desktop.exchange.reader import parse_decision_line, read_appendix


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    path = tmp_path / "so.db"
    rc, _, err = cli("init", str(path))
    assert rc == 0, err
    return path


def _decisions(cli, db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [n for (n,) in conn.execute("SELECT number FROM decisions")]


def test_a_decision_line_typed_with_the_eth_records_the_vietnamese_number(tmp_path):
    appendix = read_appendix(qa_lists.hung_yen_2022(tmp_path / "hy.xlsx"))
    assert appendix.decision.number == "1520/QĐ-UBND"
    repaired = [n for n in appendix.notices if n.rule == "import.decision-number-repaired"]
    assert len(repaired) == 1 and "U+00D0" in repaired[0].message
    assert repaired[0].severity == "warning" and repaired[0].row == 3


@pytest.mark.parametrize(
    "line",
    [
        "(Kèm theo Quyết định số 1520/QÐ-UBND ngày 20/6/2022 của UBND tỉnh Hưng Yên)",
        "(Kèm theo Quyết định số 1520/Q\u0110-\u200bUBND ngày 20/6/2022 của UBND tỉnh Hưng Yên)",
        "(Kèm theo Quyết định số 1520\u00a0/\u00a0QĐ-UBND ngày 20/6/2022 của UBND tỉnh Hưng Yên)",
    ],
)
def test_the_number_on_the_line_is_repaired_and_the_repair_said(line):
    hint = parse_decision_line(line)
    assert hint is not None and hint.number == "1520/QĐ-UBND"
    assert hint.repaired is not None


def test_a_clean_line_says_no_repair():
    hint = parse_decision_line("(Kèm theo Quyết định số 1520/QĐ-UBND ngày 20/6/2022)")
    assert hint is not None and hint.number == "1520/QĐ-UBND" and hint.repaired is None
    assert repair_number("1520/QĐ-UBND").message is None


def test_two_lists_of_one_decision_typed_apart_record_one_decision(db, cli, tmp_path):
    first = qa_lists.hung_yen_2022(tmp_path / "a.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(first))
    assert rc == 0, out + err
    assert "U+00D0" in out + err
    second = qa_lists.hung_yen_2022(
        tmp_path / "b.xlsx", "1520/QĐ-UBND", [("Sở Xây dựng", "000.00.08.H31")]
    )
    rc, out, err = cli("--db", str(db), "import", str(second))
    assert rc == 0, out + err
    numbers = _decisions(cli, db)
    assert numbers.count("1520/QĐ-UBND") == 1
    assert not any("\u00d0" in n for n in numbers)


def test_a_number_typed_with_the_eth_on_the_command_line_is_repaired_and_said(db, cli, tmp_path):
    book = qa_lists.hung_yen_2022(tmp_path / "hy.xlsx", "1520/QĐ-UBND")
    rc, out, err = cli("--db", str(db), "import", str(book), "--decision", "1521/QÐ-UBND", "--json")
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["decision"]["number"] == "1521/QĐ-UBND"
    notes = [n for n in result["findings"] if n["rule"] == "import.decision-number-repaired"]
    assert len(notes) == 1 and "1521/QÐ-UBND" in notes[0]["message"]
    assert "1521/QĐ-UBND" in _decisions(cli, db)


def test_an_operation_naming_a_recorded_decision_with_the_eth_finds_it_and_says_so(
    db, cli, tmp_path
):
    book = qa_lists.hung_yen_2022(tmp_path / "hy.xlsx", "1520/QĐ-UBND")
    rc, out, err = cli("--db", str(db), "import", str(book))
    assert rc == 0, out + err
    rc, out, err = cli(
        "--db", str(db), "add", "000.00.09.H31", "Sở Y tế", "--decision", "1520/QÐ-UBND"
    )
    assert rc == 0, out + err
    assert "U+00D0" in err and "1520/QĐ-UBND" in err
    numbers = _decisions(cli, db)
    assert numbers.count("1520/QĐ-UBND") == 1 and not any("\u00d0" in n for n in numbers)


def _quoted_codes(path: Path) -> Path:
    """Codes as real lists carry them: one cell Excel marks as text itself (``quotePrefix``: the
    ' typed in Excel is a style, not a character), one with the ' in its value (pasted from a
    CSV file or another system)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["(Kèm theo Quyết định số 92/QĐ-UBND ngày 5 tháng 2 năm 2024 của UBND tỉnh)"])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở Nội vụ", "000.00.01.H31"])
    ws["C3"].quotePrefix = True
    ws.append([2, "Sở Tài chính", "'000.00.02.H31"])
    wb.save(path)
    return path


def test_excels_text_marker_is_no_lookalike(tmp_path):
    appendix = read_appendix(_quoted_codes(tmp_path / "q.xlsx"))
    assert [r.code_text for r in appendix.rows] == ["000.00.01.H31", "000.00.02.H31"]
    assert all(r.check.valid for r in appendix.rows)
    rules = [(n.rule, n.row) for n in appendix.notices]
    # Excel's own marker never reaches the value: nothing to say about row 3
    assert not [r for r in rules if r[1] == 3]
    assert ("import.code-lookalike", 4) not in rules
    prefix = [n for n in appendix.notices if n.rule == "import.code-text-prefix"]
    assert len(prefix) == 1 and prefix[0].severity == "info" and prefix[0].row == 4
    assert "bỏ dấu nháy ' đầu ô" in prefix[0].message and "''" not in prefix[0].message


def test_a_list_whose_date_cannot_be_read_blames_the_date_not_the_closed_province(
    db, cli, tmp_path
):
    book = qa_lists.ha_giang_2019_tcvn3(tmp_path / "hg.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    assert rc == 1, out + err
    result = json.loads(out)
    assert result["decision"]["number"] == "45/QĐ-UBND" and result["decision"]["effective"] is None
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert len(errors) == 4
    assert {f["rule"] for f in errors} == {"import.no-date-level1-closed"}
    assert all("--effective" in f["message"] and "01/07/2025" in f["message"] for f in errors)
    assert not [f for f in result["findings"] if f["rule"] == "code.level1-closed"]
    # with the date the clerk reads on the signed decision, the list imports
    rc, out, err = cli("--db", str(db), "import", str(book), "--effective", "15/03/2019", "--json")
    assert rc == 0, out + err
    assert json.loads(out)["added"] == 4


def test_with_a_known_date_after_the_closure_it_is_the_closed_province(db, cli, tmp_path):
    book = qa_lists.ha_giang_2019_tcvn3(tmp_path / "hg.xlsx")
    rc, out, _ = cli(
        "--db", str(db), "import", str(book), "--effective", "01/08/2025", "--dry-run", "--json"
    )
    assert rc == 1
    rules = {f["rule"] for f in json.loads(out)["findings"] if f["severity"] == "error"}
    assert rules == {"code.level1-closed"}


@pytest.mark.parametrize(
    ("listed", "renamed"),
    [
        ("Sở Kế hoạch và Đầu tư tỉnh Hưng Yên", False),  # the province added
        ("Sở Kế hoạch và Đầu tư Hưng Yên", True),  # no place word: not a qualifier
        ("Sở Kế hoạch và Đầu tư tỉnh Thái Bình", True),  # another province: not its own place
        ("Sở Tài chính - Kế hoạch tỉnh Hưng Yên", True),  # a real rename
    ],
)
def test_a_name_with_its_province_added_is_the_same_body_not_a_rename(
    db, cli, tmp_path, listed, renamed
):
    first = qa_lists.hung_yen_2022(tmp_path / "a.xlsx", "1520/QĐ-UBND")
    rc, out, err = cli("--db", str(db), "import", str(first))
    assert rc == 0, out + err
    rows = [(listed, "000.00.05.H31"), *qa_lists.HUNG_YEN[1:]]
    second = qa_lists.hung_yen_2022(tmp_path / "b.xlsx", "1600/QĐ-UBND", rows)
    rc, out, err = cli(
        "--db",
        str(db),
        "import",
        str(second),
        "--replace-list",
        "--effective",
        "01/09/2022",
        "--json",
    )
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["renamed"] == (1 if renamed else 0) and result["closed"] == 0
    place = [f for f in result["findings"] if f["rule"] == "name.place-only"]
    units = {u["code"]: u for u in json.loads(cli("--db", str(db), "list", "--json")[1])}
    if renamed:
        assert not place and units["000.00.05.H31"]["name"] == listed
    else:
        assert len(place) == 1 and listed in place[0]["message"]
        assert units["000.00.05.H31"]["name"] == "Sở Kế hoạch và Đầu tư"


def test_a_decision_number_corrected_with_the_eth_is_repaired_and_said(db, cli, tmp_path):
    book = qa_lists.hung_yen_2022(tmp_path / "hy.xlsx", "1520/QĐ-UBND")
    assert cli("--db", str(db), "import", str(book))[0] == 0
    rc, out, err = cli("--db", str(db), "decision", "1520/QĐ-UBND", "--set", "number=1521/QÐ-UBND")
    assert rc == 0, out + err
    assert "U+00D0" in err
    assert "1521/QĐ-UBND" in _decisions(cli, db)


def test_the_forms_blank_filled_by_hand_is_no_repair_to_report():
    hint = parse_decision_line("Kèm theo Quyết định số 1520 /QĐ-UBND ngày  20  tháng  6  năm 2022")
    assert hint is not None and hint.number == "1520/QĐ-UBND" and hint.repaired is None


def test_a_cong_van_cited_as_van_ban_is_read():
    hint = parse_decision_line("(Kèm theo Văn bản số 123/UBND-KGVX ngày 3/4/2023 của UBND tỉnh)")
    assert hint is not None
    assert (hint.number, hint.signed, hint.type) == ("123/UBND-KGVX", "2023-04-03", "khac")


@pytest.mark.parametrize("subject", ["về việc ban hành mã định danh", "V/v ban hành mã định danh"])
def test_the_subject_after_the_issuer_is_no_part_of_it(subject):
    hint = parse_decision_line(
        f"(Kèm theo Quyết định số 1520/QĐ-UBND ngày 20/6/2022 của UBND tỉnh Hưng Yên {subject})"
    )
    assert hint is not None and hint.issuer == "UBND tỉnh Hưng Yên"


def test_a_code_normalised_says_what_was_removed(tmp_path):
    appendix = read_appendix(qa_lists.quang_ninh_2016(tmp_path / "qn.xlsx"))
    said = {n.after: n.message for n in appendix.notices if n.rule == "import.code-normalized"}
    zero_width = said["000.00.05.H49"]  # the cell ends with U+200B
    assert "<U+200B>" in zero_width and "xóa ký tự vô hình U+200B" in zero_width
    assert "\u200b" not in zero_width and "viết hoa" not in zero_width
    assert "viết hoa" in said["000.00.02.H49"]  # typed 000.00.02.h49


@pytest.mark.parametrize(
    ("listed", "rule"),
    [
        ("Sở KH&ĐT", "name.abbreviation-only"),
        ("Sở KH&ĐT tỉnh Hưng Yên", "name.place-only"),
        ("Sở Kê hoạch và Đầu tư", None),  # a word spelt otherwise is no abbreviation: a rename
    ],
)
def test_a_name_abbreviated_in_the_list_is_kept_and_said(db, cli, tmp_path, listed, rule):
    first = qa_lists.hung_yen_2022(tmp_path / "a.xlsx", "1520/QĐ-UBND")
    assert cli("--db", str(db), "import", str(first))[0] == 0
    rows = [(listed, "000.00.05.H31"), *qa_lists.HUNG_YEN[1:]]
    second = qa_lists.hung_yen_2022(tmp_path / "b.xlsx", "1600/QĐ-UBND", rows)
    rc, out, err = cli(
        "--db", str(db), "import", str(second), "--effective", "01/09/2022", "--json"
    )
    assert rc == 0, out + err
    result = json.loads(out)
    kept = [f["rule"] for f in result["findings"] if f["rule"].startswith("name.")]
    units = {u["code"]: u for u in json.loads(cli("--db", str(db), "list", "--json")[1])}
    if rule is None:
        assert result["renamed"] == 1 and units["000.00.05.H31"]["name"] == listed
    else:
        assert result["renamed"] == 0 and kept == [rule]
        assert units["000.00.05.H31"]["name"] == "Sở Kế hoạch và Đầu tư"


@pytest.mark.parametrize(
    ("registry", "listed", "added"),
    [
        ("Sở Nội vụ", "Sở Nội vụ tỉnh Hưng Yên", "tinh hung yen"),
        ("Sở Nội vụ tỉnh Hưng Yên", "Sở Nội vụ", "tinh hung yen"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh Hưng Yên", "tinh hung yen"),
        ("Sở Nội vụ", "Sở Nội vụ TP. Hưng Yên", None),  # the city is another place
        ("Sở Nội vụ", "Sở Nội vụ Hưng Yên", None),
        ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh Thái Bình", None),
    ],
)
def test_the_place_a_name_adds_is_its_ancestors(registry, listed, added):
    from desktop.domain.abbreviations import place_added

    assert place_added(registry, listed, ["Ủy ban nhân dân tỉnh Hưng Yên"]) == added


def test_a_list_with_old_and_new_codes_recodes(db, cli, tmp_path):
    first = qa_lists.hung_yen_2022(tmp_path / "a.xlsx", "1520/QĐ-UBND")
    assert cli("--db", str(db), "import", str(first))[0] == 0
    book = qa_lists.hung_yen_recode(tmp_path / "r.xlsx")
    rc, out, err = cli("--db", str(db), "import", str(book), "--json")
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["recoded"] == 1 and result["unchanged"] == 1 and result["added"] == 0
    [change] = result["changes"]
    assert (change["old_code"], change["code"]) == ("000.00.06.H31", "000.00.16.H31")
    rules = {f["rule"] for f in result["findings"]}
    assert "import.old-code-column" in rules and "import.code-columns-differ" not in rules
    units = {u["code"]: u["name"] for u in json.loads(cli("--db", str(db), "list", "--json")[1])}
    assert units["000.00.16.H31"] == "Sở Tài chính" and "000.00.06.H31" not in units
