"""The operations on the command line (design.md §3) and the rule that no code is issued twice,
whatever happens: after an undone import, an annulment or a restore."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.store.asof import compare_with_replay
from desktop.store.backup import MANUAL, backup_before
from desktop.store.registry import Registry
from desktop.store.verify import verify_registry

DECISION = ["--decision", "12/QĐ-UBND", "--effective", "2026-03-10", "--issuer", "UBND tỉnh"]


def _appendix(path: Path, number: str, rows: list[tuple[str, str]]) -> Path:
    """A one-sheet appendix in the layout of a province's list."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws["A1"] = (
        f"(Kèm theo Quyết định số {number} ngày 10 tháng 3 năm 2026 "
        "của Ủy ban nhân dân tỉnh Lai Châu)"
    )
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for i, (name, code) in enumerate(rows, 1):
        ws.append([i, name, code])
    wb.save(path)
    return path


def _snapshot(db: Path) -> tuple:
    with Registry.open(db, readonly=True) as reg:
        return tuple(
            reg.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("units", "events", "codes_used", "decisions")
        )


def _sound(db: Path) -> None:
    with Registry.open(db, readonly=True) as reg:
        assert verify_registry(reg).ok


# -- no code issued twice -----------------------------------------------------------------------


def test_undo_import_keeps_its_codes(official_db: Path, tmp_path: Path, cli):
    db = str(official_db)
    first = _appendix(tmp_path / "a.xlsx", "12/QĐ-UBND", [("Sở Tư pháp", "000.00.03.H35")])
    assert cli("--db", db, "import", str(first))[0] == 0
    assert cli("--db", db, "undo-import")[0] == 0
    # The same code for another body, by another decision: refused with the reason.
    other = _appendix(tmp_path / "b.xlsx", "13/QĐ-UBND", [("Sở Nội vụ", "000.00.03.H35")])
    before = _snapshot(official_db)
    rc, out, _ = cli("--db", db, "import", str(other), "--json")
    assert rc == 1
    result = json.loads(out)
    assert not result["applied"] and result["conflicts"] == 1
    reason = next(f["message"] for f in result["findings"] if f["rule"] == "code.reused")
    assert "000.00.03.H35" in reason and "Sở Tư pháp" in reason and "không được cấp lại" in reason
    assert _snapshot(official_db) == before
    # Nor by hand.
    rc, _, err = cli("--db", db, "add", "000.00.03.H35", "Sở Nội vụ", *DECISION)
    assert rc == 1 and "không được cấp lại" in err
    # The history says what became of the code.
    rc, out, _ = cli("--db", db, "history", "000.00.03.H35")
    assert rc == 0 and "000.00.03.H35: đã hủy, không cấp lại" in out
    rc, out, _ = cli("--db", db, "history", "000.00.03.H35", "--json")
    created = json.loads(out)[0]
    assert created["annulled"] and created["code_annulled"]["note"] == "đã hủy, không cấp lại"
    _sound(official_db)


def test_annulled_create_keeps_its_code(official_db: Path, cli):
    db = str(official_db)
    rc, out, _ = cli("--db", db, "add", "000.00.04.H35", "Sở Y tế", *DECISION, "--json")
    assert rc == 0
    event_id = json.loads(out)["changes"][0]["event_id"]
    rc, out, _ = cli("--db", db, "annul", str(event_id), "--json")
    assert rc == 0
    annulled = json.loads(out)
    assert annulled["applied"] and annulled["changes"][0]["status"] == "annulled"
    before = _snapshot(official_db)
    rc, out, err = cli("--db", db, "add", "000.00.04.H35", "Sở Giáo dục", *DECISION, "--json")
    assert rc == 1
    assert "000.00.04.H35" in err and "bị hủy" in err and "không được cấp lại" in err
    assert json.loads(out) == {
        "applied": False,
        "refused": err.strip().removeprefix("madinhdanh: "),
    }
    assert _snapshot(official_db) == before
    # The next code suggested skips it, and the history shows it in the window's words too.
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.suggest_code(reg.find("H35").id).canonical == "H35.01"
        assert reg.code_owner("H35.04") is not None
    rc, out, _ = cli("--db", db, "history", "000.00.04.H35")
    assert "đã hủy, không cấp lại" in out
    _sound(official_db)


def test_restore_carries_the_codes_issued_since(official_db: Path, tmp_path: Path, cli):
    db = str(official_db)
    copy = tmp_path / "copy.db"
    assert cli("--db", db, "backup", str(copy))[0] == 0
    assert cli("--db", db, "add", "000.00.05.H35", "Sở Y tế", *DECISION)[0] == 0
    rc, out, _ = cli("--db", db, "restore", str(copy))
    assert rc == 0 and "Giữ lại 1 mã đã cấp" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "r.db", "r.db.backups"]
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.holder("H35.05") is None  # the unit went with the restore...
        assert reg.reserved_code("H35.05")["unit_name"] == "Sở Y tế"  # ...its code did not
        assert compare_with_replay(reg).ok
    before = _snapshot(official_db)
    rc, _, err = cli("--db", db, "add", "000.00.05.H35", "Sở Giáo dục", *DECISION)
    assert rc == 1 and "000.00.05.H35" in err and "khôi phục" in err
    assert _snapshot(official_db) == before
    # Nor through an import, nor as a suggestion.
    appendix = _appendix(tmp_path / "c.xlsx", "14/QĐ-UBND", [("Sở Giáo dục", "000.00.05.H35")])
    rc, out, _ = cli("--db", db, "import", str(appendix), "--json")
    assert rc == 1 and json.loads(out)["conflicts"] == 1
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.suggest_code(reg.find("H35").id).canonical == "H35.01"
    rc, out, _ = cli("--db", db, "history", "000.00.05.H35")
    assert rc == 0 and "Sở Y tế" in out and "đã hủy, không cấp lại" in out
    rc, out, _ = cli("--db", db, "history", "000.00.05.H35", "--json")
    assert json.loads(out)[0]["code_annulled"]["note"] == "đã hủy, không cấp lại"
    _sound(official_db)


def test_restore_carries_the_codes_of_newer_automatic_copies(official_db: Path, cli):
    """A code the registry lost without a trace (an earlier version's restore) but that an
    automatic copy newer than the one restored still holds stays issued."""
    db = str(official_db)
    with Registry.open(official_db) as reg:
        older = backup_before(reg, MANUAL)
    assert cli("--db", db, "add", "000.00.05.H35", "Sở Y tế", *DECISION)[0] == 0
    with Registry.open(official_db) as reg:
        backup_before(reg, MANUAL)  # holds H35.05
    for suffix in ("-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    shutil.copyfile(older, official_db)
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.code_owner("H35.05") is None and reg.reserved_code("H35.05") is None
    rc, out, _ = cli("--db", db, "restore", str(older))
    assert rc == 0 and "Giữ lại 1 mã" in out
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.reserved_code("H35.05")["unit_name"] == "Sở Y tế"
    rc, _, err = cli("--db", db, "add", "000.00.05.H35", "Sở Giáo dục", *DECISION)
    assert rc == 1 and "khôi phục" in err


# -- the operations ------------------------------------------------------------------------------


def test_operations_on_the_command_line(official_db: Path, cli):
    db = str(official_db)
    rc, out, _ = cli("--db", db, "add", "000.00.01.H35", "Văn phòng UBND tỉnh", *DECISION, "--json")
    assert rc == 0
    added = json.loads(out)
    assert added["applied"] and added["decision"]["number"] == "12/QĐ-UBND"
    assert added["changes"][0] | {"event_id": 0} == {
        "action": "create",
        "label": "Cấp mã mới",
        "event_id": 0,
        "code": "000.00.01.H35",
        "name": "Văn phòng UBND tỉnh",
        "old_code": None,
        "old_name": None,
        "parent": "000.00.00.H35",
        "status": "active",
        "effective": "2026-03-10",
        "successors": [],
    }
    for code, name in (("H35.02", "Sở Nội vụ"), ("H35.03", "Sở Tư pháp"), ("H35.01.01", "Phòng")):
        assert cli("--db", db, "add", code, name, "--decision", "12/QĐ-UBND")[0] == 0
    later = ["--decision", "20/QĐ-UBND", "--effective", "2026-05-01", "--type", "quyet-dinh"]
    rc, out, _ = cli("--db", db, "rename", "H35.02", "Sở Nội vụ và Lao động", *later)
    assert rc == 0 and "tên cũ Sở Nội vụ" in out
    rc, out, _ = cli("--db", db, "recode", "H35.03", "H35.09", "--decision", "20/QĐ-UBND", "--json")
    assert rc == 0 and json.loads(out)["changes"][0]["old_code"] == "000.00.03.H35"
    rc, out, _ = cli(
        "--db", db, "move", "H35.01.01", "H35.09", "--decision", "20/QĐ-UBND", "--json"
    )
    assert rc == 0 and json.loads(out)["changes"][0]["code"] == "000.01.09.H35"
    rc, out, _ = cli(
        "--db", db, "split", "H35.09", "H35.10:Sở Tư pháp mới", "H35.11:Trung tâm Trợ giúp pháp lý",
        "--decision", "20/QĐ-UBND", "--json",
    )  # fmt: skip
    assert rc == 1  # the split unit still has an active child: refused, nothing written
    rc, out, _ = cli(
        "--db", db, "merge", "H35.02", "H35.09", "--into", "H35.01", "--cascade",
        "--decision", "21/NQ-HĐND", "--effective", "2026-07-01", "--type", "nghi-quyet", "--json",
    )  # fmt: skip
    assert rc == 0
    merged = json.loads(out)
    assert merged["decision"]["type"] == "nghi-quyet"
    by_code = {c["code"]: c for c in merged["changes"]}
    assert by_code["000.01.09.H35"]["action"] == "close"  # the branch closed with its unit
    assert by_code["000.00.02.H35"]["successors"] == ["000.00.01.H35"]
    assert by_code["000.00.09.H35"]["successors"] == ["000.00.01.H35"]
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.find("H35.02").status == "closed" and reg.find("H35.09").status == "closed"
        assert reg.decision_by_number("21/NQ-HĐND").type == "nghi-quyet"
        assert compare_with_replay(reg).ok
    rc, out, _ = cli(
        "--db", db, "split", "H35.01", "H35.12:Văn phòng Đoàn ĐBQH", "--keep-source",
        "--decision", "21/NQ-HĐND", "--json",
    )  # fmt: skip
    assert rc == 0 and [c["action"] for c in json.loads(out)["changes"]] == ["create", "split"]
    rc, out, _ = cli(
        "--db", db, "close", "H35.12", "--successor", "H35.01", "--decision", "21/NQ-HĐND"
    )
    assert rc == 0 and "→ kế thừa: 000.00.01.H35" in out
    _sound(official_db)


def test_dry_run_and_bad_input_write_nothing(official_db: Path, cli):
    db = str(official_db)
    before = _snapshot(official_db)
    rc, out, _ = cli("--db", db, "add", "H35.01", "Văn phòng", *DECISION, "--dry-run", "--json")
    assert rc == 0 and json.loads(out)["applied"] is False
    assert json.loads(out)["changes"][0]["code"] == "000.00.01.H35"
    cases = [
        (["add", "H35.01", "Văn phòng"], "--decision"),  # no decision
        (["add", "H35.01", "Văn phòng", "--decision", "30/QĐ-UBND"], "--effective"),
        (["add", "H35..01", "Văn phòng", *DECISION], "dấu chấm"),  # malformed code
        (["add", "H35.01", "Văn phòng", *DECISION, "--type", "sac-lenh"], "sac-lenh"),
        (["add", "H35.01", "Văn phòng", *DECISION[:2], "--effective", "2026-02-30"], "2026"),
        (["rename", "H35.77", "Tên", *DECISION], "000.00.77.H35"),  # no such unit
        (["split", "H35", "H35.01-Văn phòng", *DECISION], "MÃ:TÊN"),
        (["annul", "999999"], "999999"),
    ]
    for args, word in cases:
        rc, _, err = cli("--db", db, *args)
        assert rc == 2, args
        assert word in err and len(err.strip().splitlines()) == 1, (args, err)
    # Refused by a rule: exit 1, the reason, nothing written (not even the new decision).
    rc, _, err = cli("--db", db, "add", "000.00.01.H35", "Văn phòng", *DECISION)
    assert rc == 0
    before = _snapshot(official_db)
    rc, _, err = cli(
        "--db", db, "merge", "H35", "--into", "H52", "--decision", "99/NQ-QH", "--effective",
        "2026-07-01",
    )  # fmt: skip
    assert rc == 1 and "cấp dưới" in err
    assert _snapshot(official_db) == before


@pytest.mark.parametrize("command", ["add", "merge", "split", "annul"])
def test_operation_help_names_the_decision_options(cli, command: str):
    rc, out, _ = cli(command, "--help")
    assert rc == 0
    for option in ("--decision", "--type", "--issuer", "--signed", "--effective", "--dry-run"):
        assert option in out


def test_restore_of_a_copy_older_than_reserved_codes(official_db: Path, tmp_path: Path, cli):
    """A copy made by a version that did not yet carry codes gets the table as it is restored."""
    import sqlite3

    db = str(official_db)
    copy = tmp_path / "old.db"
    assert cli("--db", db, "backup", str(copy))[0] == 0
    conn = sqlite3.connect(copy)
    conn.executescript(
        # As a copy made before m003: the migrations after it are not applied either.
        "DROP TRIGGER IF EXISTS codes_reserved_guard; DROP TABLE codes_reserved; "
        "DROP TABLE signed_reports; "
        "ALTER TABLE decisions DROP COLUMN type; "
        "DELETE FROM _sqlite_migrations WHERE name IN "
        "('m003_codes_reserved', 'm004_law_decision_type', 'm005_appendix_fold_eth', "
        "'m006_sign_signatures'); "
        "DELETE FROM meta WHERE key = 'seals' OR key LIKE 'seal.%';"  # nor sealed
    )
    conn.close()
    assert cli("--db", db, "add", "000.00.05.H35", "Sở Y tế", *DECISION)[0] == 0
    rc, out, _ = cli("--db", db, "restore", str(copy))
    assert rc == 0 and "Giữ lại 1 mã" in out
    rc, _, err = cli("--db", db, "add", "000.00.05.H35", "Sở Giáo dục", *DECISION)
    assert rc == 1 and "khôi phục" in err
    _sound(official_db)
