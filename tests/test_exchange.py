"""Importing appendices: the tolerant reader, reconciliation, applying bound to a decision, undo.

The workbooks are in tests/fixtures (built by make_fixtures.py): the 2022 and 2023 decisions of
Ủy ban nhân dân tỉnh Trà Vinh (H59), and one full of conflicts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.errors import ConflictError
from desktop.exchange.importer import import_appendix, undo
from desktop.exchange.reader import classify_header, parse_decision_line, read_appendix
from desktop.exchange.reconcile import reconcile
from desktop.store.asof import compare_with_replay, units_as_of
from desktop.store.changes import list_imports
from desktop.store.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = FIXTURES / "phu_luc_h59_2022.xlsx"
SECOND = FIXTURES / "phu_luc_h59_2023.xlsx"
CONFLICTS = FIXTURES / "phu_luc_xung_dot.xlsx"

# What the 2022 appendix lists, in sheet order: (sheet, row, code in QĐ 20, name).
FIRST_ROWS = [
    ("Phụ lục I", 10, "H59.01", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Phụ lục I", 11, "H59.02", "Sở Nội vụ"),
    ("Phụ lục I", 12, "H59.03", "Sở Tư pháp"),
    ("Phụ lục I", 13, "H59.04", "Sở Tài chính"),
    ("Phụ lục I", 14, "H59.05", "Sở Giáo dục và Đào tạo"),
    ("Phụ lục I", 16, "H59.06", "Trung tâm Phục vụ hành chính công"),
    ("Phụ lục I", 17, "H59.07", "Đài Phát thanh và Truyền hình"),
    ("Phụ lục II", 6, "H59.02.01", "Ban Thi đua - Khen thưởng"),
    ("Phụ lục II", 7, "H59.02.02", "Chi cục Văn thư - Lưu trữ"),
    ("Phụ lục II", 9, "H59.04.01", "Trung tâm Tin học và Dịch vụ tài chính công"),
    ("Phụ lục II", 10, "H59.04.02", "Chi cục Quản lý giá"),
    ("Phụ lục III", 5, "0100109106", "Công ty TNHH MTV Xổ số kiến thiết Trà Vinh"),
    ("Phụ lục III", 6, "2100123457", "Công ty Cổ phần Cấp thoát nước Trà Vinh"),
    ("Phụ lục III", 7, "0100109106-001", "Chi nhánh Công ty Xổ số kiến thiết tại Cầu Kè"),
]


def rows_of(appendix) -> list[tuple]:
    return [(r.sheet, r.row, r.code.canonical, r.name) for r in appendix.rows]


def rules_at(notices, rule: str) -> list[tuple]:
    return [(n.sheet, n.row) for n in notices if n.rule == rule]


def snapshot(reg: Registry) -> tuple:
    q = reg.conn.execute
    return tuple(
        q(f"SELECT * FROM {t}").fetchall()
        for t in ("units", "events", "codes_used", "successors", "decisions")
    )


# -- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_reader_reads_a_real_looking_appendix(suffix: str):
    appendix = read_appendix(FIRST.with_suffix(suffix))
    assert rows_of(appendix) == FIRST_ROWS
    # Several sheets read together; the hidden draft and the notes page are not.
    assert [s.name for s in appendix.sheets] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    # The header spans rows 5-6 on the first sheet (a merged "Thông tin liên hệ" over three
    # columns), one row typed without tone marks on the second.
    first, second, _ = appendix.sheets
    assert first.header_row == 6
    assert first.columns == {
        "stt": "A",
        "name": "B",
        "code": "C",
        "address": "D",
        "phone": "E",
        "email": "F",
        "note": "G",
    }
    assert second.header_row == 4 and second.columns["parent"] == "D"
    # The decision is pre-filled from the "(Kèm theo Quyết định số ...)" line.
    d = appendix.decision
    assert (d.number, d.signed, d.issuer) == (
        "184/QĐ-UBND",
        "2022-04-20",
        "Ủy ban nhân dân tỉnh Trà Vinh",
    )
    assert (d.sheet, d.row) == ("Phụ lục I", 3)
    notices = appendix.notices
    # Codes with an inner space, lower case, a no-break space: normalised and reported.
    assert rules_at(notices, "import.code-normalized") == [
        ("Phụ lục I", 12),
        ("Phụ lục I", 13),
        ("Phụ lục I", 14),
    ]
    # Enterprise codes stored as numbers: the 9-digit one gets its leading zero back.
    assert rules_at(notices, "import.code-leading-zero") == [("Phụ lục III", 5)]
    assert rules_at(notices, "import.code-number") == [("Phụ lục III", 6)]
    # Legacy TCVN3 and VNI names converted, each cell reported.
    legacy = [n for n in notices if n.rule == "import.legacy-text"]
    assert [(n.sheet, n.row, n.column, n.after) for n in legacy] == [
        ("Phụ lục II", 6, "B", "Ban Thi đua - Khen thưởng"),
        ("Phụ lục II", 7, "B", "Chi cục Văn thư - Lưu trữ"),
        ("Phụ lục II", 9, "B", "Trung tâm Tin học và Dịch vụ tài chính công"),
    ]
    assert "TCVN3" in legacy[0].message and "VNI" in legacy[2].message
    # A numbered row without a code is reported, not silently dropped.
    assert rules_at(notices, "import.row-without-code") == [("Phụ lục II", 11)]
    assert rules_at(notices, "import.sheet-skipped") == [("Hướng dẫn", None)]
    assert rules_at(notices, "import.sheet-hidden") == [("Nháp", None)]
    by_code = {r.code.canonical: r for r in appendix.rows}
    # Text is NFC with single spaces; the raw text is kept for the validator's name rules.
    radio = by_code["H59.07"]
    assert radio.name == "Đài Phát thanh và Truyền hình" and radio.raw_name != radio.name
    office = by_code["H59.01"]
    assert office.details == {
        "address": "Số 1 Lê Lợi, TP. Trà Vinh",
        "phone": "02943862345",
        "email": "vp@travinh.gov.vn",
    }
    assert by_code["H59.06"].note == "Thành lập mới"


def test_reader_only_the_sheets_asked_for():
    appendix = read_appendix(FIRST, ["Phụ lục II"])
    assert [r.row for r in appendix.rows] == [6, 7, 9, 10]
    assert appendix.decision.number is None  # that sheet has no "Kèm theo" line


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("STT", "stt"),
        ("Số TT", "stt"),
        ("Tên cơ quan, đơn vị", "name"),
        ("TEN CO QUAN/DON VI", "name"),
        ("Tên đơn vị", "name"),
        ("Mã định danh", "code"),
        ("Mã", "code"),
        ("MA DINH DANH DIEN TU", "code"),
        ("Mã số doanh nghiệp", "code"),
        ("Cấp", "level"),
        ("Đơn vị cấp trên", "parent"),
        ("Mã cấp trên", "parent"),
        ("Ghi chú", "note"),
        ("Địa chỉ", "address"),
        ("Địa chỉ thư điện tử", "email"),
        ("E-mail", "email"),
        ("Điện thoại", "phone"),
        ("Fax", "fax"),
        ("Website", "website"),
        ("Trang thông tin điện tử", "website"),
        ("Thông tin liên hệ", None),
    ],
)
def test_header_words(label: str, field: str | None):
    assert classify_header(label) == field


def test_decision_line_forms():
    hint = parse_decision_line(
        "(Kèm theo Quyết định số 720/QĐ-BTTTT ngày 20/4/2022 của Bộ Thông tin và Truyền thông)"
    )
    assert hint is not None
    assert (hint.number, hint.signed, hint.issuer) == (
        "720/QĐ-BTTTT",
        "2022-04-20",
        "Bộ Thông tin và Truyền thông",
    )
    bare = parse_decision_line("(Kem theo Quyet dinh so 15/QD-UBND ngay 3 thang 1 nam 2024)")
    assert bare is not None and (bare.number, bare.signed, bare.issuer) == (
        "15/QD-UBND",
        "2024-01-03",
        None,
    )
    assert parse_decision_line("DANH SÁCH MÃ ĐỊNH DANH") is None


# -- reconciliation and applying ---------------------------------------------------------------


def test_first_import_adds_everything_bound_to_its_decision(reg: Registry):
    result = import_appendix(reg, FIRST)
    assert result.applied and not result.blocked
    counts = result.changeset.counts
    assert counts["added"] == 14 and sum(counts.values()) == 14
    decision = reg.decision_by_number("184/QĐ-UBND")
    assert decision is not None
    assert (decision.effective, decision.signed, decision.issuer) == (
        "2022-04-20",
        "2022-04-20",
        "Ủy ban nhân dân tỉnh Trà Vinh",
    )
    assert decision.source_file == FIRST.name
    assert decision.source_sha256 == result.appendix.sha256 and len(decision.source_sha256) == 64
    # One group of events, all bound to the decision, effective on its date.
    events = list(reg.events("group_id = ?", (result.import_id,)))
    assert len(events) == 14
    assert {(e.type, e.decision_id, e.effective) for e in events} == {
        ("create", decision.id, "2022-04-20")
    }
    branch = reg.find("0100109106-001")
    assert branch.parent_id == reg.find("0100109106").id and branch.kind == "enterprise"
    # One code of the appendix is written in the QĐ 20 notation, the others in QCVN 102.
    mixed = [f for f in result.findings if f.rule == "code.notation-mixed"]
    assert [(f.sheet, f.row, f.code) for f in mixed] == [("Phụ lục I", 16, "H59.06")]
    assert reg.find("H59.02.01").parent_id == reg.find("H59.02").id
    assert reg.find("H59.01").phone == "02943862345"
    assert compare_with_replay(reg).ok
    # Importing the same file again changes nothing.
    again = import_appendix(reg, FIRST, dry_run=True)
    assert again.changeset.counts["unchanged"] == 14 and not again.changeset.has_changes


def test_second_decision_renames_recodes_moves_adds_and_closes(reg: Registry):
    import_appendix(reg, FIRST)
    before = snapshot(reg)
    dry = import_appendix(reg, SECOND, replace_list=True, dry_run=True)
    assert not dry.applied and snapshot(reg) == before
    result = import_appendix(reg, SECOND, replace_list=True)
    assert result.applied
    lines = [
        (c.action, c.old_code, c.code, c.old_name, c.name, c.sheet, c.row)
        for c in result.changeset.changes
        if c.action != "unchanged"
    ]
    assert lines == [
        (
            "renamed",
            None,
            "H59.05",
            "Sở Giáo dục và Đào tạo",
            "Sở Giáo dục, Khoa học và Công nghệ",
            "Danh sách",
            11,
        ),
        (
            "recoded",
            "H59.06",
            "H59.09",
            None,
            "Trung tâm Phục vụ hành chính công",
            "Danh sách",
            12,
        ),
        ("added", None, "H59.08", None, "Sở Văn hóa, Thể thao và Du lịch", "Danh sách", 13),
        (
            "moved",
            "H59.02.02",
            "H59.01.01",
            None,
            "Chi cục Văn thư - Lưu trữ",
            "Danh sách",
            15,
        ),
        ("added", None, "H59.08.01", None, "Thư viện tỉnh", "Danh sách", 19),
        ("closed", None, "H59.07", None, "Đài Phát thanh và Truyền hình", None, None),
    ]
    assert result.changeset.counts["unchanged"] == 7
    # The registry now says what the decision says.
    assert reg.find("H59.09").name == "Trung tâm Phục vụ hành chính công"
    assert reg.find("H59.06").code == "H59.09"  # the old code still names its unit
    moved = reg.find("H59.01.01")
    assert moved.name == "Chi cục Văn thư - Lưu trữ" and moved.parent_id == reg.find("H59.01").id
    assert reg.find("H59.07").status == "closed"
    assert reg.find("H59.08.01").parent_id == reg.find("H59.08").id
    # Enterprises are not part of a list of agencies: --replace-list leaves them alone.
    assert reg.find("0100109106").status == "active"
    decision = reg.decision_by_number("250/QĐ-UBND")
    assert decision is not None
    events = list(reg.events("group_id = ?", (result.import_id,)))
    assert {e.decision_id for e in events} == {decision.id}
    assert sorted(e.type for e in events) == [
        "close",
        "create",
        "create",
        "move",
        "recode",
        "rename",
    ]
    assert compare_with_replay(reg).ok


def test_without_replace_list_missing_units_stay(reg: Registry):
    import_appendix(reg, FIRST)
    result = import_appendix(reg, SECOND, dry_run=True)
    assert result.changeset.counts["closed"] == 0


def test_reconciles_as_of_the_decision_date(reg: Registry):
    """G14 was active in 2023 and closed in 2025: the same row is unchanged as of 2023 and a
    conflict (a reused closed code) as of 2025."""
    import_appendix(reg, FIRST)
    import_appendix(reg, SECOND, replace_list=True)
    appendix = read_appendix(CONFLICTS)
    g14 = [r for r in appendix.rows if r.code is not None and r.code.canonical == "G14"]
    assert len(g14) == 1
    then = reconcile(reg, appendix, as_of="2023-06-01")
    now = reconcile(reg, appendix, as_of="2025-06-01")
    action = {c.row: c.action for c in then.changes}
    assert action[g14[0].row] == "unchanged"
    assert {c.row: c.action for c in now.changes}[g14[0].row] == "conflict"


def test_conflicts_block_and_write_nothing(reg: Registry):
    import_appendix(reg, FIRST)
    import_appendix(reg, SECOND, replace_list=True)
    before = snapshot(reg)
    result = import_appendix(reg, CONFLICTS)
    assert result.blocked and not result.applied
    assert snapshot(reg) == before
    lines = [(c.row, c.action) for c in result.changeset.changes]
    assert lines == [
        (5, "added"),
        (6, "conflict"),  # bad code
        (7, "conflict"),  # unknown parent
        (8, "conflict"),  # a code another unit held
        (9, "conflict"),  # the code of a closed unit
        (10, "conflict"),  # a closed level-1 code
        (11, "conflict"),  # the same code twice
        (12, "conflict"),  # no name
    ]
    reasons = {n.row: n.rule for n in result.findings if n.severity == "error"}
    assert reasons == {
        6: "code.syntax",
        7: "code.parent-missing",
        8: "code.reused",
        9: "code.reused",
        10: "code.level1-closed",
        11: "code.duplicate",
        12: "name.empty",
    }
    messages = {n.row: n.message for n in result.findings if n.severity == "error"}
    assert "000.00.09.H59" in messages[8]  # says who holds the code now
    assert all(m.startswith("Trang 'Phụ lục', dòng") for m in messages.values())


def test_undo_an_import_as_a_whole(reg: Registry):
    import_appendix(reg, FIRST)
    after_first = snapshot(reg)[0]
    second = import_appendix(reg, SECOND, replace_list=True)
    records = list_imports(reg)
    assert [r.decision_number for r in records] == ["184/QĐ-UBND", "250/QĐ-UBND"]
    assert records[1].group_id == second.import_id and records[1].source_file == SECOND.name
    record, _ = undo(reg)  # the latest import
    assert record.group_id == second.import_id
    units = {u.id: u for u in units_as_of(reg)}
    # Every unit is back as the first decision left it (the new ones annulled, not deleted).
    for row in after_first:
        unit_id, code, name = row[0], row[1], row[2]
        if unit_id in units:
            assert (units[unit_id].code, units[unit_id].name) == (code, name)
    assert reg.find("H59.06").code == "H59.06"
    assert reg.find("H59.07").status == "active"
    assert reg.holder("H59.08") is None
    assert compare_with_replay(reg).ok
    assert [r.undone for r in list_imports(reg)] == [False, True]
    # The codes the undone import issued stay issued: imported anew, they are conflicts...
    refused = import_appendix(reg, SECOND, replace_list=True)
    assert not refused.applied and refused.changeset.counts["conflict"] == 2
    reasons = [c.reason.message for c in refused.changeset.conflicts if c.reason]
    assert "000.00.08.H59 đã được cấp" in reasons[0] and "không được cấp lại" in reasons[0]
    # ...unless it is the same import done again (redo), which gives them back to its units.
    undone = [e.id for e in reg.events("group_id = ?", (second.import_id,))]
    again = import_appendix(reg, SECOND, replace_list=True, reissue=undone)
    assert again.applied and again.changeset.counts["added"] == 2
    assert compare_with_replay(reg).ok
    with pytest.raises(ConflictError):
        # Undoing the first import now would orphan the second one's changes.
        undo(reg, records[0].group_id)
    assert compare_with_replay(reg).ok


def _big_appendix(path: Path, parents: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["(Kèm theo Quyết định số 9/QĐ-UBND ngày 1 tháng 2 năm 2024)"])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for a in range(1, parents + 1):
        ws.append([a, f"Sở số {a}", f"H59.{a:02d}"])
        for b in range(1, 100):
            ws.append([b, f"Phòng {b} của sở {a}", f"H59.{a:02d}.{b:02d}"])
    wb.save(path)
    return path


def _undo_cost(official_db: Path, tmp_path: Path, parents: int) -> int:
    """SQLite VM steps (in hundreds) to undo an import of ``parents`` * 100 units."""
    db = tmp_path / f"r{parents}.db"
    db.write_bytes(official_db.read_bytes())
    with Registry.open(db) as reg:
        result = import_appendix(reg, _big_appendix(tmp_path / f"{parents}.xlsx", parents))
        assert result.applied and result.changeset.counts["added"] == parents * 100
        steps = 0

        def count() -> int:
            nonlocal steps
            steps += 1
            return 0

        reg.conn.set_progress_handler(count, 100)
        _, change = undo(reg)
        reg.conn.set_progress_handler(None, 0)
        assert len(change.unit_ids) == parents * 100
        assert reg.count_units() == 190
        assert compare_with_replay(reg).ok
    return steps


def test_undo_a_large_import_is_not_quadratic(official_db: Path, tmp_path: Path):
    """Undoing an import of 4,000 units costs about 4 times one of 1,000 (it was 11 times when
    every annulled event scanned codes_used)."""
    small = _undo_cost(official_db, tmp_path, 10)
    large = _undo_cost(official_db, tmp_path, 40)
    assert large < 6 * small, (small, large)


def test_dry_run_without_a_decision_and_apply_needs_one(reg: Registry):
    appendix = read_appendix(FIRST, ["Phụ lục I"])
    assert appendix.decision.number == "184/QĐ-UBND"
    bare = read_appendix(FIRST, ["Phụ lục II"])
    before = snapshot(reg)
    dry = import_appendix(reg, bare, dry_run=True)
    # The level-3 rows have no level-2 parents yet: conflicts, and nothing written.
    assert dry.changeset.counts["conflict"] == 4 and snapshot(reg) == before
    from desktop.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="--decision"):
        import_appendix(reg, bare)
    assert snapshot(reg) == before


def test_command_line_import_json(cli, official_db: Path):
    db = str(official_db)
    rc, out, err = cli("--db", db, "import", str(FIRST), "--dry-run", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert list(data) == [
        "decision",
        "sheets",
        "rows_read",
        "added",
        "renamed",
        "recoded",
        "moved",
        "closed",
        "unchanged",
        "conflicts",
        "changes",
        "ends_with_parent",
        "follows_parent",
        "endings_replaced",
        "earlier_basis",
        "to_successor",
        "findings",
        "summary",
        "applied",
    ]
    assert data["applied"] is False and data["rows_read"] == 14 and data["added"] == 14
    assert data["sheets"] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    assert data["decision"]["number"] == "184/QĐ-UBND"
    change = data["changes"][0]
    assert set(change) == {
        "action",
        "code",
        "name",
        "old_code",
        "old_name",
        "parent",
        "sheet",
        "row",
    }
    assert change == {
        "action": "added",
        "code": "000.00.01.H59",
        "name": "Văn phòng Ủy ban nhân dân tỉnh",
        "old_code": None,
        "old_name": None,
        "parent": "000.00.00.H59",
        "sheet": "Phụ lục I",
        "row": 10,
    }
    legacy = [f for f in data["findings"] if f["rule"] == "import.legacy-text"]
    assert [(f["sheet"], f["row"]) for f in legacy] == [
        ("Phụ lục II", 6),
        ("Phụ lục II", 7),
        ("Phụ lục II", 9),
    ]
    rc, out, err = cli("--db", db, "import", str(FIRST), "--json")
    assert rc == 0 and json.loads(out)["applied"] is True
    rc, out, err = cli("--db", db, "import", str(SECOND), "--replace-list")
    assert rc == 0 and "Đã ghi vào sổ" in out
    rc, out, err = cli("--db", db, "import", str(CONFLICTS), "--json")
    assert rc == 1
    data = json.loads(out)
    assert data["conflicts"] == 7 and data["added"] == 1 and data["applied"] is False
    rc, out, _ = cli("--db", db, "undo-import", "--list", "--json")
    assert rc == 0 and [i["decision"] for i in json.loads(out)] == ["184/QĐ-UBND", "250/QĐ-UBND"]
    rc, out, err = cli("--db", db, "undo-import")
    assert rc == 0 and "250/QĐ-UBND" in out
    rc, out, _ = cli("--db", db, "list", "--root", "H59", "--json")
    assert {u["code"] for u in json.loads(out)} >= {"000.00.06.H59", "000.00.07.H59"}


def test_command_line_decision_options_override_the_file(cli, official_db: Path):
    db = str(official_db)
    rc, out, err = cli(
        "--db",
        db,
        "import",
        str(FIRST),
        "--sheet",
        "Phụ lục I",
        "--decision",
        "185/QĐ-UBND",
        "--issuer",
        "UBND tỉnh Trà Vinh",
        "--signed",
        "2022-04-21",
        "--effective",
        "2022-05-01",
        "--json",
    )
    assert rc == 0, err
    d = json.loads(out)["decision"]
    assert (d["number"], d["issuer"], d["signed"], d["effective"], d["existing"]) == (
        "185/QĐ-UBND",
        "UBND tỉnh Trà Vinh",
        "2022-04-21",
        "2022-05-01",
        False,
    )
    with Registry.open(official_db) as reg:
        assert reg.find("H59.01").valid_from == "2022-05-01"


# -- the validator on the would-be registry, and the finer conflicts ---------------------------


def small_appendix(path: Path, rows: list[list], line: str, header: list[str] | None = None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC"])
    ws.append([line])
    ws.append([])
    ws.append(header or ["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
    wb.save(path)
    return path


LINE_2024 = "(Kèm theo Quyết định số 77/QĐ-UBND ngày 5 tháng 1 năm 2024 của UBND tỉnh Trà Vinh)"


def test_validator_judges_the_would_be_registry(reg: Registry, tmp_path: Path):
    import_appendix(reg, FIRST)
    path = small_appendix(
        tmp_path / "a.xlsx",
        [["Sở Nội vụ", "000.00.02.H59"], ["Sở  nội vụ", "000.00.10.H59"]],
        LINE_2024,
    )
    result = import_appendix(reg, path)
    assert result.applied  # warnings do not block
    found = {(f.rule, f.code, f.sheet, f.row) for f in result.findings}
    # On the registry as it would be (and now is): two siblings with one folded name.
    assert any(rule == "name.duplicate-sibling" for rule, *_ in found)
    # On the name as it arrived: the doubled space, with its place in the workbook.
    assert ("import.whitespace", "000.00.10.H59", "Phụ lục", 6) in found
    assert reg.find("H59.10").name == "Sở nội vụ"


def test_new_validation_errors_block_the_import(reg: Registry, tmp_path: Path, cli):
    """Every row has its place, but one name holds an invisible left-to-right mark (pasted from
    a web page): the validator calls that an error on the would-be registry, so nothing is
    written, and the command line says so with exit 1."""
    path = small_appendix(
        tmp_path / "a.xlsx",
        [["Sở\u200e Nội vụ", "000.00.02.H59"], ["Sở Tư pháp", "000.00.03.H59"]],
        LINE_2024,
    )
    before = snapshot(reg)
    result = import_appendix(reg, path)
    assert not result.changeset.blocked
    assert {(f.rule, f.code) for f in result.new_errors} == {
        ("name.control-chars", "000.00.02.H59")
    }
    assert result.blocked and not result.applied
    assert snapshot(reg) == before
    reg.close()
    rc, out, _ = cli("--db", str(reg.path), "import", str(path), "--json")
    assert rc == 1
    data = json.loads(out)
    assert data["applied"] is False and data["conflicts"] == 0 and data["added"] == 2
    assert "name.control-chars" in {f["rule"] for f in data["findings"]}


def test_parent_and_level_columns_are_checked(reg: Registry, tmp_path: Path):
    import_appendix(reg, FIRST)
    path = small_appendix(
        tmp_path / "a.xlsx",
        [
            ["Phòng A", "000.03.02.H59", "000.00.03.H59", 3],  # its code says H59.02
            ["Phòng B", "000.04.02.H59", "000.00.02.H59", 4],  # level 3, not 4
            ["Phòng C", "000.05.02.H59", "Sở Nội vụ", 3],  # a parent named in words
        ],
        LINE_2024,
        header=["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Mã cấp trên", "Cấp"],
    )
    result = import_appendix(reg, path, dry_run=True)
    assert [(c.row, c.action) for c in result.changeset.changes] == [
        (5, "conflict"),
        (6, "added"),
        (7, "added"),
    ]
    rules = {(f.rule, f.row) for f in result.findings}
    assert ("code.parent-mismatch", 5) in rules and ("import.level-column", 6) in rules


def test_closed_parent_and_later_changes_are_conflicts(reg: Registry, tmp_path: Path):
    import_appendix(reg, FIRST)
    import_appendix(reg, SECOND, replace_list=True)  # 2023: H59.05 renamed, H59.07 closed
    rows = [
        ["Sở Giáo dục", "000.00.05.H59"],  # renamed again
        ["Phòng Biên tập", "000.01.07.H59"],  # under the radio station, closed in 2023
    ]
    later = small_appendix(tmp_path / "a.xlsx", rows, LINE_2024)
    result = import_appendix(reg, later, dry_run=True)
    errors = {f.row: f.rule for f in result.findings if f.severity == "error"}
    assert errors == {6: "tree.active-under-closed"}
    assert [c.action for c in result.changeset.changes] == ["renamed", "conflict"]
    # Dated before 2023, the rename would come before one already recorded: a conflict. The
    # station was still open then, so the reconciler places the new unit, which ends with the
    # station in 2023 (back-filling): no unit is left active under a closed one.
    earlier = small_appendix(
        tmp_path / "b.xlsx",
        rows,
        "(Kèm theo Quyết định số 60/QĐ-UBND ngày 1 tháng 6 năm 2022 của UBND tỉnh Trà Vinh)",
    )
    result = import_appendix(reg, earlier, dry_run=True)
    assert {f.row: f.rule for f in result.findings if f.rule.startswith("import.")} == {
        5: "import.later-change"
    }
    assert [c.action for c in result.changeset.changes] == ["conflict", "added"]
    assert result.new_errors == []
    [ending] = result.changeset.endings
    assert ending.code == "H59.07.01" and ending.parent == "H59.07"
    station = reg.find("H59.07")
    assert ending.effective == station.valid_to


def test_two_code_columns_must_agree(reg: Registry, tmp_path: Path):
    path = small_appendix(
        tmp_path / "a.xlsx",
        [["Sở Nội vụ", "000.00.02.H59", "H59.02"], ["Sở Tư pháp", "000.00.03.H59", "H59.04"]],
        LINE_2024,
        header=["STT", "Tên cơ quan, đơn vị", "Mã định danh (QCVN 102)", "Mã định danh (QĐ 20)"],
    )
    appendix = read_appendix(path)
    assert [r.code.canonical for r in appendix.rows] == ["H59.02", "H59.03"]
    assert rules_at(appendix.notices, "import.code-columns-differ") == [("Phụ lục", 6)]


def test_large_import_is_searchable_and_keeps_the_search_trigger(reg: Registry, tmp_path: Path):
    """Big batches feed the search index in one statement; the index must hold every new name
    and the insert trigger must come back exactly as the schema wrote it."""
    from desktop.domain.units import NewUnit
    from desktop.store.search import search

    trigger = "SELECT sql FROM sqlite_master WHERE name = 'units_fts_insert'"
    before = reg.conn.execute(trigger).fetchone()
    result = import_appendix(reg, _big_appendix(tmp_path / "a.xlsx", 10))
    assert result.applied
    assert reg.conn.execute(trigger).fetchone() == before
    found = search(reg, "phong 57 cua so 3")
    assert [u.code for u in found][:1] == ["H59.03.57"]
    dec = reg.add_decision("10/QĐ-UBND", "2024-03-01")
    reg.create_units([NewUnit("H59.03.99.001", "Tổ công tác đặc biệt")], dec)
    assert [u.code for u in search(reg, "to cong tac dac biet")] == ["H59.03.99.001"]
    # FTS5 compares its index with the units table and raises on any difference.
    reg.conn.execute("INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)")


def test_a_dry_run_judges_as_the_import_does_and_leaves_nothing(reg: Registry, tmp_path: Path):
    """A dry run writes only what the validator reads (no used codes, no search index, no
    hashes) and rolls it back: the registry, its search index and trigger stay as they were,
    and it flags exactly what the import then finds and refuses."""
    import_appendix(reg, FIRST)
    path = _big_appendix(tmp_path / "a.xlsx", 10)
    # Two siblings with one folded name (a warning) and an invisible mark (an error).
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for row in wb.active.iter_rows():
        if row[2].value == "H59.03.07":
            row[1].value = "Phòng 8 của  sở 3"
        elif row[2].value == "H59.04.09":
            row[1].value = "Phòng\u200e thử"
    wb.save(path)
    trigger = "SELECT sql FROM sqlite_master WHERE name = 'units_fts_insert'"
    before, sql = snapshot(reg), reg.conn.execute(trigger).fetchone()
    fts = reg.conn.execute("SELECT count(*) FROM units_fts").fetchone()
    dry = import_appendix(reg, path, dry_run=True)
    assert snapshot(reg) == before and reg.conn.execute(trigger).fetchone() == sql
    assert reg.conn.execute("SELECT count(*) FROM units_fts").fetchone() == fts
    real = import_appendix(reg, path)
    assert snapshot(reg) == before and not real.applied

    def seen(findings) -> set:
        return {(f.rule, f.severity, f.code, f.sheet, f.row, f.message) for f in findings}

    assert {("name.control-chars", "000.09.04.H59")} == {(f.rule, f.code) for f in dry.new_errors}
    assert seen(dry.new_errors) == seen(real.new_errors)
    assert "name.duplicate-sibling" in {f.rule for f in dry.findings}
    assert seen(dry.findings) == seen(real.findings)
    assert dry.changeset.counts["added"] == real.changeset.counts["added"] == 989


def test_an_import_stores_each_event_as_hashed_and_the_chain_verifies(reg: Registry):
    """New units' create events are written from their values in one pass: the text stored is
    the canonical JSON of the unit's fields (quotes, backslashes, per cent signs, line breaks
    and Vietnamese in the details included), and the hash chain over it verifies."""
    from desktop.domain.codes import parse_code
    from desktop.domain.history import canonical_json
    from desktop.store import changes
    from desktop.store.fields import UNIT_FIELDS
    from desktop.store.verify import verify_chain

    odd = {
        "address": 'Số 1 "Lê Lợi" \\ 100% \u2028 xã Ấp\nMới',
        "note": "%s %(x)s {}",
        "email": "a@b.vn",
        "website": None,
        "source_row": "Phụ lục!7",  # not a column: the event keeps it all the same
    }
    steps = [
        changes.Step(changes.ADD, 2, key=-1, code=parse_code("H59.30"), name="Sở A"),
        changes.Step(
            changes.ADD,
            3,
            key=-2,
            code=parse_code("H59.30.01"),
            name="Phòng  B",  # cleaned: one space
            parent=-1,
            details=odd,
        ),
        changes.Step(
            changes.ADD, 3, key=-3, code=parse_code("H59.30.02"), name="Phòng C", parent=-1
        ),
    ]
    parent = reg.find("H59").id
    steps[0].parent = parent
    with reg.write():
        dec = reg.add_decision("1/QĐ-THU", "2024-01-02")
        applied = changes.apply_steps(reg, steps, dec, "2024-01-02", "import:test")
    rows = reg.conn.execute(
        "SELECT unit_id, after FROM events WHERE group_id = 'import:test' ORDER BY id"
    ).fetchall()
    assert [uid for uid, _ in rows] == [applied.created[k] for k in (-1, -2, -3)]
    for uid, after in rows:
        unit = reg.unit(uid)
        fields = {f: getattr(unit, f) for f in UNIT_FIELDS if f != "decision_id"}
        if unit.code == "H59.30.01":
            fields["source_row"] = "Phụ lục!7"
        assert after == canonical_json(fields)
    middle = reg.unit(applied.created[-2])
    assert middle.name == "Phòng B" and middle.address == odd["address"]
    assert middle.note == odd["note"]
    assert middle.parent_id == applied.created[-1] and middle.website is None
    assert verify_chain(reg).broken == 0


def test_two_appendices_of_one_decision(reg: Registry, tmp_path: Path):
    import_appendix(reg, FIRST)
    other = small_appendix(
        tmp_path / "phu-luc-iv.xlsx",
        [["Phòng Thanh tra", "000.03.04.H59"]],
        "(Kèm theo Quyết định số 184/QĐ-UBND ngày 20 tháng 4 năm 2022 "
        "của Ủy ban nhân dân tỉnh Trà Vinh)",
    )
    result = import_appendix(reg, other)
    assert result.applied and result.decision.existing_id is not None
    first, second = list_imports(reg)
    assert first.decision_number == second.decision_number == "184/QĐ-UBND"
    # The decision names its first file; the second import is known by its own hash.
    assert first.source_file == FIRST.name and second.source_file is None
    assert result.appendix.sha256.startswith(second.group_id.split(":")[1])
    decision = reg.decision_by_number("184/QĐ-UBND")
    assert decision is not None and decision.source_file == FIRST.name


def test_dry_run_on_a_read_only_registry(official_db: Path):
    with Registry.open(official_db, readonly=True) as reg:
        result = import_appendix(reg, FIRST, dry_run=True)
    assert result.changeset.counts["added"] == 14 and not result.applied
    assert "import.not-validated" in {f.rule for f in result.findings}


def test_a_sheet_asked_for_must_have_a_header():
    from desktop.exchange.reader import AppendixError

    with pytest.raises(AppendixError, match="trang 'Hướng dẫn'"):
        read_appendix(FIRST, ["Phụ lục I", "Hướng dẫn"])


def test_moves_out_of_a_parent_left_without_children(reg: Registry, tmp_path: Path):
    """Both level-3 units of Sở Tài chính move under Sở Tư pháp: the appendix lists Sở Tài
    chính (level 2) with the level below, so its missing children are moves, not new units."""
    import_appendix(reg, FIRST)
    rows = [
        ["Văn phòng Ủy ban nhân dân tỉnh", "000.00.01.H59"],
        ["Sở Nội vụ", "000.00.02.H59"],
        ["Sở Tư pháp", "000.00.03.H59"],
        ["Sở Tài chính", "000.00.04.H59"],
        ["Ban Thi đua - Khen thưởng", "000.01.02.H59"],
        ["Chi cục Văn thư - Lưu trữ", "000.02.02.H59"],
        ["Trung tâm Tin học và Dịch vụ tài chính công", "000.01.03.H59"],
        ["Chi cục Quản lý giá", "000.02.03.H59"],
    ]
    result = import_appendix(reg, small_appendix(tmp_path / "a.xlsx", rows, LINE_2024))
    moved = [(c.old_code, c.code) for c in result.changeset.changes if c.action == "moved"]
    assert moved == [("H59.04.01", "H59.03.01"), ("H59.04.02", "H59.03.02")]
    assert result.changeset.counts["added"] == 0 and result.applied
    assert reg.find("H59.04.01").code == "H59.03.01"
    assert compare_with_replay(reg).ok


def test_a_decision_dated_differently_in_the_file_is_reported(reg: Registry, tmp_path: Path):
    import_appendix(reg, FIRST)
    path = small_appendix(
        tmp_path / "a.xlsx",
        [["Phòng Thanh tra", "000.03.04.H59"]],
        "(Kèm theo Quyết định số 184/QĐ-UBND ngày 21 tháng 4 năm 2022)",
    )
    result = import_appendix(reg, path, dry_run=True)
    differs = [f for f in result.findings if f.rule == "import.decision-differs"]
    assert [(f.severity, f.sheet, f.row) for f in differs] == [("warning", "Phụ lục", 2)]
    assert result.decision.signed == "2022-04-20"  # the registry's


def test_a_recoded_parent_carries_its_children(reg: Registry, tmp_path: Path):
    import_appendix(reg, FIRST)
    rows = [
        ["Sở Tài chính", "000.00.11.H59"],
        ["Trung tâm Tin học và Dịch vụ tài chính công", "000.01.11.H59"],
        ["Chi cục Quản lý giá", "000.02.11.H59"],
    ]
    result = import_appendix(reg, small_appendix(tmp_path / "a.xlsx", rows, LINE_2024))
    assert [(c.action, c.old_code, c.code) for c in result.changeset.changes] == [
        ("recoded", "H59.04", "H59.11"),
        ("unchanged", "H59.04.01", "H59.11.01"),  # carried along by the parent's recode
        ("unchanged", "H59.04.02", "H59.11.02"),
    ]
    assert result.applied
    assert reg.find("H59.04.02").code == "H59.11.02"
    assert compare_with_replay(reg).ok


def test_command_line_import_prints_a_summary_unless_asked_for_every_change(
    cli, official_db: Path, monkeypatch: pytest.MonkeyPatch
):
    """A 100,000-row import printed 100,000 lines; the counts and the first changes are the
    summary, conflicts always all, and --changes (or --json) gives every one."""
    import desktop.cli.exchange as exchange_cli

    monkeypatch.setattr(exchange_cli, "SUMMARY_LINES", 5)
    db = str(official_db)
    rc, out, _ = cli("--db", db, "import", str(FIRST), "--dry-run")
    assert rc == 0 and "Thêm mới: 14" in out
    assert out.count("\nThêm mới  ") == 5
    assert "… và 9 thay đổi khác" in out and "--changes" in out
    rc, out, _ = cli("--db", db, "import", str(FIRST), "--dry-run", "--changes")
    assert rc == 0 and out.count("\nThêm mới  ") == 14 and "thay đổi khác" not in out
    rc, out, _ = cli("--db", db, "import", str(FIRST))
    assert rc == 0 and "Đã ghi vào sổ" in out
    monkeypatch.setattr(exchange_cli, "SUMMARY_LINES", 3)
    rc, out, _ = cli("--db", db, "import", str(CONFLICTS))
    # More conflicts than the summary holds: all of them, and nothing else.
    assert rc == 1 and "Có 5 xung đột" in out and out.count("\nXung đột  ") == 5
    assert "… và 2 thay đổi khác" in out  # the added unit and the rename
