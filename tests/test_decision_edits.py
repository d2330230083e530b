"""Decisions can be corrected (number, issuer, dates, title) and withdrawn, each recorded in the
decision's history, shown in every list and print, with the history's hash chain verified."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reportpdf import all_text, read_pdf

from desktop.store.registry import Registry

FIXTURE = str(Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx")
NUMBER = "12/QĐ-UBND"


def imported(cli, db: Path) -> None:
    rc, _, err = cli(
        "--db", str(db), "import", FIXTURE, "--decision", NUMBER,
        "--issuer", "Ủy ban nhân dân tỉnh Tra Vinh", "--signed", "2022-03-01",
        "--effective", "2022-03-15",
    )  # fmt: skip
    assert rc == 0, err


def file_state(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT * FROM decisions ORDER BY id").fetchall(),
            conn.execute("SELECT count(*) FROM decision_history").fetchone(),
            conn.execute("SELECT count(*) FROM events").fetchone(),
        )


def test_correct_number_issuer_title_recorded_and_shown_everywhere(
    cli, official_db: Path, tmp_path: Path, monkeypatch
):
    imported(cli, official_db)
    monkeypatch.setenv("MADINHDANH_OPERATOR", "Nguyễn Thị Lan")
    rc, out, err = cli(
        "--db", str(official_db), "decision", NUMBER,
        "--set", "number=123/QĐ-UBND", "--set", "issuer=Ủy ban nhân dân tỉnh Trà Vinh",
        "--set", "title=Về việc cấp mã định danh điện tử", "--set", "signed=2022-03-02",
    )  # fmt: skip
    assert rc == 0, err
    assert "Đã sửa quyết định số 123/QĐ-UBND" in out
    assert "Số, ký hiệu: 12/QĐ-UBND → 123/QĐ-UBND" in out
    assert "Ngày ký: 01/03/2022 → 02/03/2022" in out

    rc, out, _ = cli("--db", str(official_db), "decision", "123/qđ-ubnd", "--json")
    shown = json.loads(out)
    assert shown["number"] == "123/QĐ-UBND" and shown["issuer"] == "Ủy ban nhân dân tỉnh Trà Vinh"
    [entry] = shown["history"]
    assert entry["action"] == "correct" and entry["recorded_by"] == "Nguyễn Thị Lan"
    assert entry["before"]["number"] == NUMBER and entry["after"]["number"] == "123/QĐ-UBND"
    assert entry["recorded_at"]
    assert cli("--db", str(official_db), "decision", NUMBER)[0] == 2  # the old number is gone

    # Every view and print reads the corrected record.
    rc, out, _ = cli("--db", str(official_db), "list", "--root", "H59", "--json")
    assert {u["decision"] for u in json.loads(out) if u["code"] != "000.00.00.H59"} == {
        "123/QĐ-UBND"
    }
    pdf = tmp_path / "qd.pdf"
    cli("--db", str(official_db), "report", str(pdf), "--kind", "decision", "--decision",
        "123/QĐ-UBND")  # fmt: skip
    assert (
        "(Kèm theo Quyết định số 123/QĐ-UBND ngày 02 tháng 3 năm 2022 của Ủy ban nhân dân "
        "tỉnh Trà Vinh)" in all_text(read_pdf(pdf))
    )
    pdf = tmp_path / "changes.pdf"
    cli("--db", str(official_db), "report", str(pdf), "--kind", "changes", "--from", "2022-01-01")
    assert "Quyết định số 123/QĐ-UBND ngày 02/03/2022 của Ủy ban nhân dân tỉnh Trà Vinh" in (
        all_text(read_pdf(pdf))
    )
    rc, out, err = cli("--db", str(official_db), "verify")
    assert rc == 0, out + err


def test_bad_corrections_exit_2_and_write_nothing(cli, official_db: Path):
    imported(cli, official_db)
    cli("--db", str(official_db), "decision", NUMBER, "--set", "title=Cấp mã")
    before = file_state(official_db)
    for args, needle in [
        (["--set", "effective=2022-04-01"], "không sửa được ngày hiệu lực"),
        (["--set", "signed=2022-13-01"], "không hợp lệ"),
        (["--set", "colour=red"], "Không sửa được 'colour'"),
        (["--set", "number=20/2020/QĐ-TTg"], "đã là số của một quyết định khác"),
        (["--set", "number= "], "Thiếu số quyết định"),
        (["--set", "title=Cấp mã"], "không có gì để sửa"),
        (["--set", "title"], "KHÓA=GIÁ TRỊ"),
        (["--withdraw"], "còn 14 thay đổi có hiệu lực"),
        (["--withdraw", "--set", "title=x"], "không dùng cùng lúc"),
        (["--set", "title=Khác", "--dry-run"], None),
    ]:
        rc, out, err = cli("--db", str(official_db), "decision", NUMBER, *args)
        if needle is None:
            assert rc == 0 and "chạy thử" in out
        else:
            assert rc == 2, (args, out, err)
            assert needle in err and len(err.strip().splitlines()) == 1, (args, err)
        assert file_state(official_db) == before, args


def test_withdraw_after_the_only_import_is_undone_then_reimport_reinstates(
    cli, official_db: Path, tmp_path: Path
):
    imported(cli, official_db)
    assert cli("--db", str(official_db), "undo-import")[0] == 0
    # With nothing in effect, the effective date can be corrected too.
    rc, _, err = cli("--db", str(official_db), "decision", NUMBER, "--set", "effective=2022-03-20")
    assert rc == 0, err
    rc, out, err = cli("--db", str(official_db), "decision", NUMBER, "--withdraw")
    assert rc == 0, err and "Đã rút quyết định số 12/QĐ-UBND" in out
    with Registry.open(official_db, readonly=True) as reg:
        assert NUMBER not in [d.number for d in reg.decisions()]
        assert reg.decision_by_number(NUMBER).withdrawn
    rc, _, err = cli("--db", str(official_db), "decision", NUMBER, "--set", "title=x")
    assert rc == 2 and "đã rút khỏi sổ" in err
    pdf = tmp_path / "qd.pdf"
    rc, _, err = cli("--db", str(official_db), "report", str(pdf), "--kind", "decision",
                     "--decision", NUMBER)  # fmt: skip
    assert rc == 2 and "đã rút khỏi sổ" in err and not pdf.exists()
    assert cli("--db", str(official_db), "verify")[0] == 0

    # The undone import's codes stay issued (never reissued), so the decision comes back through
    # a new change naming it: back, recorded, its recorded issuer and dates kept.
    rc, _, err = cli(
        "--db", str(official_db), "add", "H59.50", "Sở Thử nghiệm", "--decision", NUMBER
    )
    assert rc == 0, err
    rc, out, _ = cli("--db", str(official_db), "decision", NUMBER, "--json")
    shown = json.loads(out)
    assert shown["withdrawn"] is None and shown["changes_in_effect"] == 1
    assert shown["issuer"] == "Ủy ban nhân dân tỉnh Tra Vinh" and shown["signed"] == "2022-03-01"
    assert shown["effective"] == "2022-03-20"
    assert [e["action"] for e in shown["history"]] == ["correct", "withdraw", "reinstate"]
    assert cli("--db", str(official_db), "verify")[0] == 0


def test_verify_finds_a_decision_or_its_history_edited_by_hand(cli, official_db: Path):
    imported(cli, official_db)
    cli("--db", str(official_db), "decision", NUMBER, "--set", "number=123/QĐ-UBND")
    with sqlite3.connect(official_db) as conn:
        conn.execute("UPDATE decisions SET number = '124/QĐ-UBND' WHERE number = '123/QĐ-UBND'")
    rc, out, _ = cli("--db", str(official_db), "verify")
    assert rc == 1 and "Lịch sử sửa quyết định: SAI" in out and "number" in out
    with sqlite3.connect(official_db) as conn:
        conn.execute("UPDATE decisions SET number = '123/QĐ-UBND' WHERE number = '124/QĐ-UBND'")
        conn.execute("UPDATE decision_history SET recorded_by = 'ai đó'")
    rc, out, _ = cli("--db", str(official_db), "verify", "--json")
    report = json.loads(out)
    assert rc == 1 and not report["decisions_ok"] and report["chain_ok"]
