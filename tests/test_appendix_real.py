"""Appendices as clerks really send them (tests/fixtures/real_lists.py): names never corrupted,
legacy text converted only on evidence and always reported, one rule book, honest severities,
level-1 units left to the law, enterprises under their body."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fixtures.real_lists import (
    TCVN3_NAMES,
    VNI_NAMES,
    ministry_list,
    party_list,
    province_list,
    tcvn3_list,
    vni_list,
)

from desktop.domain.rules import PROBLEMS, RULES
from desktop.domain.text import fold
from desktop.exchange.importer import import_appendix
from desktop.exchange.reader import read_appendix
from desktop.store.asof import compare_with_replay, units_as_of
from desktop.store.browse import children_page
from desktop.store.registry import Registry
from desktop.store.search import search
from desktop.store.validation import validate_registry

ROOT = Path(__file__).resolve().parent.parent
SIGNED = "2025-09-15"


def small(path: Path, rows: list[list], line: str, header: list[str] | None = None) -> Path:
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


LINE = "(Kèm theo Quyết định số 88/QĐ-UBND ngày 15 tháng 9 năm 2025 của UBND tỉnh Tây Ninh)"


def names(appendix) -> dict[str, str]:
    return {r.code.canonical: r.name for r in appendix.rows if r.code is not None}


def of_rule(findings, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


# -- names are never corrupted -------------------------------------------------------------------


def test_unicode_names_with_lookalike_letters_are_never_converted(tmp_path: Path):
    appendix = read_appendix(province_list(tmp_path / "p.xlsx"))
    read = names(appendix)
    # Ð (U+00D0) is not TCVN3 here: the rest of the name is Unicode Vietnamese.
    assert read["H53.02.01"] == "Trường THPT Nguyễn Đình Chiểu"
    assert read["H53.02.02"] == "Trường THCS Lê Quý Đôn"
    # The soft hyphen stood where the space was; it triggers no conversion either.
    assert read["H53.02"] == "Sở Giáo dục và Đào tạo"
    assert read["H53.01"] == "Văn phòng UBND tỉnh"
    assert read["H53.03"] == "Sở Tư pháp"
    assert read["H53.04"] == "Sở Tài chính"
    assert not of_rule(appendix.notices, "import.legacy-text")
    lookalikes = of_rule(appendix.notices, "import.lookalike")
    assert [(n.column, n.row, n.severity) for n in lookalikes] == [
        ("B", 16, "warning"),
        ("B", 17, "warning"),
    ]
    assert "Nguyễn Ðình Chiểu" in lookalikes[0].message  # names the text as it was


def test_a_unicode_column_converts_only_a_cell_that_proves_itself(tmp_path: Path):
    rows = [
        ["Sở Tư pháp", "000.00.03.H53"],
        ["Ðoàn Thanh niên", "000.00.09.H53"],  # Unicode with a look-alike: kept
        ["Lê Quý Ðôn", "000.00.10.H53"],  # all within cp1252: still not TCVN3
        ["Phßng Néi vô", "000.00.11.H53"],  # one TCVN3 cell, strong evidence on its own
        ["Café Müller", "000.00.12.H53"],  # foreign, not legacy
    ]
    appendix = read_appendix(small(tmp_path / "m.xlsx", rows, LINE))
    assert [r.name for r in appendix.rows] == [
        "Sở Tư pháp",
        "Đoàn Thanh niên",
        "Lê Quý Đôn",
        "Phòng Nội vụ",
        "Café Müller",
    ]
    assert [n.row for n in of_rule(appendix.notices, "import.legacy-text")] == [8]


def test_a_tcvn3_workbook_is_read_header_and_all(tmp_path: Path, reg: Registry, cli):
    path = tcvn3_list(tmp_path / "tcvn3.xlsx")
    appendix = read_appendix(path)
    assert appendix.sheets[0].encoding == "tcvn3"
    assert set(appendix.sheets[0].columns) == {"stt", "name", "code"}
    assert [(r.name, r.raw_code) for r in appendix.rows] == TCVN3_NAMES
    assert appendix.decision.number == "45/QĐ-UBND" and appendix.decision.signed == "2025-09-10"
    converted = of_rule(appendix.notices, "import.legacy-text")
    assert len(converted) == len(TCVN3_NAMES)
    assert all(n.severity == "warning" and n.column == "B" for n in converted)
    # Every conversion is visible: in the JSON, and in the text output's summary line.
    rc, out, err = cli("--db", str(reg.path), "import", str(path), "--dry-run", "--json")
    assert rc == 0, err
    data = json.loads(out)
    legacy = [f for f in data["findings"] if f["rule"] == "import.legacy-text"]
    assert len(legacy) == len(TCVN3_NAMES) and all(f["severity"] == "warning" for f in legacy)
    [kind] = [k for k in data["summary"] if k["rule"] == "import.legacy-text"]
    assert kind["count"] == len(TCVN3_NAMES) and kind["cells"][0] == "Phụ lục!B5"
    rc, out, _ = cli("--db", str(reg.path), "import", str(path), "--dry-run")
    assert "[import.legacy-text]: 6 (Phụ lục!B5, Phụ lục!B6" in out
    assert "'Phßng Néi vô' → 'Phòng Nội vụ'" in out


def test_a_vni_workbook_is_read(tmp_path: Path):
    appendix = read_appendix(vni_list(tmp_path / "vni.xlsx"))
    assert appendix.sheets[0].encoding == "vni"
    assert [(r.name, r.raw_code) for r in appendix.rows] == VNI_NAMES


def test_a_unicode_cell_in_a_tcvn3_column_stays_itself(tmp_path: Path):
    from fixtures.make_fixtures import to_tcvn3

    rows = [
        [to_tcvn3("Phòng Nội vụ"), "000.01.20.H53"],
        [to_tcvn3("Phòng Tài chính - Kế hoạch"), "000.02.20.H53"],
        # Typed later in Unicode; TCVN3 would read it "UBND xó Hũa Bỡnh".
        ["UBND xã Hòa Bình", "000.03.20.H53"],
    ]
    appendix = read_appendix(small(tmp_path / "t.xlsx", rows, LINE))
    assert appendix.sheets[0].encoding == "tcvn3"
    assert [r.name for r in appendix.rows] == [
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
        "UBND xã Hòa Bình",
    ]
    assert [n.row for n in of_rule(appendix.notices, "import.legacy-text")] == [5, 6]


def test_search_folds_lookalike_letters(reg: Registry, dec):
    reg.create_unit("H59.03", "Trường THCS Lê Quý Ðôn", dec)
    assert fold("Lê Quý Ðôn") == fold("LÊ QUÝ ÐÔN") == "le quy don"
    for query in ("le quy don", "Lê Quý Ðôn", "Lê Quý Đôn"):
        assert [u.code for u in search(reg, query)] == ["H59.03"], query


# -- honest severities ---------------------------------------------------------------------------


def test_repairs_are_warnings_grouped_per_kind_and_do_not_block(reg: Registry, cli, tmp_path):
    path = province_list(tmp_path / "p.xlsx")
    result = import_appendix(reg, path, dry_run=True, signed=SIGNED)
    assert not [f for f in result.findings if f.severity == "error"]
    assert not result.blocked
    kinds = {k.rule: k for k in result.summary()}
    assert kinds["import.invisible-chars"].cells == ["Phụ lục!B9", "Phụ lục!B10"]
    assert kinds["import.whitespace"].cells == ["Phụ lục!B11"]
    assert kinds["import.not-nfc"].cells == ["Phụ lục!B12"]
    assert kinds["import.code-lookalike"].cells == ["Phụ lục!C13", "Phụ lục!C14"]
    assert all(k.severity == "warning" for k in kinds.values())
    assert "name.control-chars" not in kinds  # the importer removed them itself
    rc, out, _ = cli("--db", str(reg.path), "import", str(path), "--dry-run")
    assert rc == 0
    summary = out[out.index("Tóm tắt:") :]
    assert "[import.invisible-chars]: 2 (Phụ lục!B9, Phụ lục!B10)" in summary


def test_blocking_problems_come_first_in_the_text_output(reg: Registry, cli, tmp_path):
    rows = [["Sở\u200b Công Thương", "000.00.07.H53"], ["Phòng A", "000.01.30.H53"]]
    rc, out, _ = cli("--db", str(reg.path), "import", str(small(tmp_path / "a.xlsx", rows, LINE)))
    assert rc == 1
    lines = [ln for ln in out.splitlines() if ln.strip().startswith(("LỖI", "Cảnh báo"))]
    # The summary lines (errors first), then the blocking problem, then the repairs.
    assert lines[0].startswith("  LỖI: Thiếu đơn vị cấp trên [code.parent-missing]: 1")
    first_error = next(i for i, ln in enumerate(lines) if ln.startswith("LỖI: Trang"))
    first_warning = next(i for i, ln in enumerate(lines) if ln.startswith("Cảnh báo: Ô"))
    assert first_error < first_warning


# -- one rule book -------------------------------------------------------------------------------

_RULE_LITERAL = re.compile(
    r"""["']((?:import|code|name|tree|decision|lifecycle|enterprise|scheme)\.[a-z0-9][a-z0-9-]*)["']"""
)


def emitted_rule_ids() -> set[str]:
    """Every rule-id literal in the product's source: what its code can emit."""
    found: set[str] = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        if "generated" in path.parts:
            continue
        found |= set(_RULE_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_finding_id_the_code_can_emit_is_in_the_rule_book(cli):
    rc, out, _ = cli("rules", "--json")
    assert rc == 0
    book = json.loads(out)
    documented = {r["id"] for r in book} | {p["id"] for r in book for p in r["problems"]}
    emitted = emitted_rule_ids()
    assert len(emitted) > 60  # the scan sees the source (rules, reader, reconciler, codes)
    assert emitted - documented == set()
    markdown = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"`{i}`" in markdown for i in emitted)
    # Each grammar problem names the rule it falls under.
    assert all(rule in RULES for rule, _, _ in PROBLEMS.values())


def test_appendix_rows_use_the_registry_rule_ids(reg: Registry, tmp_path: Path):
    rows = [
        ["Sở Xây dựng", "000.00.1.H53"],  # malformed
        ["Phòng B", "000.01.31.H53"],  # no parent
        ["Sở Công Thương", "000.00.08.H53"],
        ["Sở Nông nghiệp", "000.00.08.H53"],  # twice
        [None, "000.00.32.H53"],  # no name
        ["Ban X", "000.00.01.G29"],  # G29 is no published level-1 code
    ]
    result = import_appendix(reg, small(tmp_path / "r.xlsx", rows, LINE), dry_run=True)
    errors = {f.row: f.rule for f in result.findings if f.severity == "error"}
    assert errors == {
        5: "code.syntax",
        6: "code.parent-missing",
        8: "code.duplicate",
        9: "name.empty",
        10: "code.level1-unknown",
    }
    assert all(f.sheet == "Phụ lục" for f in result.findings if f.severity == "error")


# -- the law's level-1 list ----------------------------------------------------------------------


def test_a_province_list_starting_with_its_own_row_never_renames_it(reg: Registry, tmp_path):
    before = reg.find("H53").name
    path = province_list(tmp_path / "p.xlsx")
    result = import_appendix(reg, path, number="123/QĐ-UBND", signed=SIGNED)
    assert result.applied
    assert reg.find("H53").name == before == "Ủy ban nhân dân tỉnh Tây Ninh"
    own = [c for c in result.changeset.changes if c.code == "H53"]
    assert [c.action for c in own] == ["unchanged"]
    # "UBND Tỉnh Tây Ninh" is the registry's "Ủy ban nhân dân tỉnh Tây Ninh" abbreviated.
    assert of_rule(result.findings, "import.level1-name-differs") == []
    # The draft's issuer is kept although the number came from the command line.
    assert result.decision.issuer == "Ủy ban nhân dân tỉnh Tây Ninh"
    assert reg.find("H53.02.01").name == "Trường THPT Nguyễn Đình Chiểu"


def test_a_draft_appendix_warns_in_the_dry_run(reg: Registry, tmp_path: Path, cli):
    path = province_list(tmp_path / "p.xlsx")
    result = import_appendix(reg, path, dry_run=True)
    [draft] = of_rule(result.findings, "import.draft-decision")
    assert draft.severity == "warning" and draft.row == 4
    assert result.decision.number is None
    assert result.decision.issuer == "Ủy ban nhân dân tỉnh Tây Ninh"
    rc, out, _ = cli("--db", str(reg.path), "import", str(path), "--dry-run")
    assert rc == 0 and "dự thảo, chưa có số, của Ủy ban nhân dân tỉnh Tây Ninh" in out
    before = reg.path.read_bytes()
    rc, out, err = cli("--db", str(reg.path), "import", str(path))
    assert rc == 2 and out == "" and "phụ lục của dự thảo" in err
    assert reg.path.read_bytes() == before


def test_a_new_level1_code_of_a_range_group_is_added_with_a_warning(reg: Registry, tmp_path):
    result = import_appendix(reg, party_list(tmp_path / "a.xlsx"), signed=SIGNED)
    assert result.applied
    assert reg.find("A36").name == "Tỉnh ủy Tây Ninh"
    [new] = of_rule(result.findings, "import.level1-new")
    assert new.severity == "warning" and "000.00.00.A36" in new.message


@pytest.mark.parametrize("level1", ["H64", "K64", "I07", "B02"])
def test_unpublished_level1_codes_are_refused(reg: Registry, tmp_path: Path, level1: str):
    result = import_appendix(reg, party_list(tmp_path / "a.xlsx", level1), dry_run=True)
    assert result.blocked
    errors = {f.row: f.rule for f in result.findings if f.severity == "error"}
    assert errors[5] == "code.level1-unknown"
    assert reg.holder(level1) is None


def test_check_code_refuses_unpublished_level1_codes(cli):
    rc, out, _ = cli("check-code", "H64.01", "000.00.00.K64", "I07", "B02", "--json")
    assert rc == 1
    items = json.loads(out)
    assert [i["valid"] for i in items] == [False] * 4
    assert all(i["errors"][-1]["id"] == "code.level1-unknown" for i in items)
    rc, out, _ = cli("check-code", "H53.01", "A36", "C05", "G40")
    assert rc == 0 and "KHÔNG" not in out
    rc, out, _ = cli("check-code", "000.00.01.h 53", "--json")
    assert json.loads(out)[0]["errors"][0]["rule"] == "code.syntax"


# -- enterprises belong to their body ------------------------------------------------------------


def test_enterprises_in_a_ministry_appendix_belong_to_it(reg: Registry, tmp_path: Path, cli):
    result = import_appendix(reg, ministry_list(tmp_path / "m.xlsx"), signed=SIGNED)
    assert result.applied
    g06, g06_02 = reg.find("G06"), reg.find("G06.02")
    assert reg.find("0100109106").parent_id == g06.id  # restored leading zero, too
    assert reg.find("2100123457").parent_id == g06.id
    # Listed in the section of a level-2 unit: under that unit.
    assert reg.find("0100112437").parent_id == g06_02.id
    under = [u.code for u in units_as_of(reg, root="G06")]
    assert {"0100109106", "2100123457", "0100112437"} <= set(under)
    assert [u.code for u in units_as_of(reg, root="G06.02")] == ["G06.02", "0100112437"]
    assert "0100109106" in [r.code for r in children_page(reg, g06.id)]
    assert not [f for f in validate_registry(reg, root="G06").findings if f.severity == "error"]
    rc, out, _ = cli("--db", str(reg.path), "list", "--root", "G06", "--json")
    assert rc == 0 and "0100109106" in out
    target = tmp_path / "g06.json"
    rc, _, err = cli("--db", str(reg.path), "export", str(target), "--root", "G06")
    assert rc == 0, err
    assert "0100112437" in target.read_text(encoding="utf-8")
    # The printed list of the ministry names them too.
    from reportpdf import all_text, read_pdf

    from desktop.reports.build import build_tree
    from desktop.reports.render import write_pdf

    write_pdf(build_tree(reg, root="G06"), tmp_path / "g06.pdf")
    text = all_text(read_pdf(tmp_path / "g06.pdf"))
    assert "0100109106" in text and "Công ty Cổ phần Kiểm định" in text


# -- smaller -------------------------------------------------------------------------------------


def test_a_conflict_under_a_conflicting_parent_names_the_parent_row(reg: Registry, tmp_path):
    rows = [[None, "000.00.40.H53"], ["Phòng Hành chính", "000.01.40.H53"]]
    result = import_appendix(reg, small(tmp_path / "c.xlsx", rows, LINE), dry_run=True)
    [child] = [f for f in result.findings if f.row == 6 and f.severity == "error"]
    assert child.rule == "code.parent-missing"
    assert "dòng 5" in child.message and "không có trong sổ hoặc" not in child.message


def test_a_tone_placement_change_is_a_spelling_only_rename(reg: Registry, dec, tmp_path):
    reg.create_unit("H53.50", "Ủy ban nhân dân xã Hoà Hội", dec)
    rows = [["Ủy ban nhân dân xã Hòa Hội", "000.00.50.H53"], ["Sở Y tế", "000.00.51.H53"]]
    result = import_appendix(reg, small(tmp_path / "s.xlsx", rows, LINE))
    assert result.applied
    assert [c.action for c in result.changeset.changes] == ["renamed", "added"]
    [info] = of_rule(result.findings, "name.spelling-only")
    assert info.severity == "info" and info.row == 5
    assert reg.find("H53.50").name == "Ủy ban nhân dân xã Hòa Hội"


def test_the_validator_flags_an_unpublished_level1_unit(reg: Registry, dec):
    reg.create_unit("H64", "Ủy ban nhân dân tỉnh Không Có", dec)
    reg.create_unit("A36", "Tỉnh ủy Tây Ninh", dec)  # the A group is a range: published
    found = [(f.rule, f.code) for f in validate_registry(reg).findings if f.severity == "error"]
    assert ("code.level1-unknown", "000.00.00.H64") in found
    assert not [f for f in found if f[1] == "000.00.00.A36"]


def test_typos_in_codes_are_repaired_with_a_warning_or_refused(tmp_path: Path):
    rows = [
        ["Sở Công Thương", "000.00.07.H53."],  # a stray dot
        ["Sở Xây dựng", "000,00,08,H53"],  # commas for dots
        ["Sở Nông nghiệp", "000.00.O9.H53"],  # the letter O for a zero
        ["Công ty A", "O1OO1O91O6"],  # a tax code typed with O for 0
        ["Sở Văn hóa", "000.00.1.H53"],  # a digit missing: no repair guesses it
    ]
    appendix = read_appendix(small(tmp_path / "t.xlsx", rows, LINE))
    assert [r.code_text for r in appendix.rows] == [
        "000.00.07.H53",
        "000.00.08.H53",
        "000.00.09.H53",
        "0100109106",
        "000.00.1.H53",
    ]
    repaired = of_rule(appendix.notices, "import.code-lookalike")
    assert [(n.row, n.column, n.severity) for n in repaired] == [
        (5, "C", "warning"),
        (6, "C", "warning"),
        (7, "C", "warning"),
        (8, "C", "warning"),
    ]
    assert appendix.rows[-1].code is None  # left to the reconciler: code.syntax


def test_every_finding_has_its_rule_book_severity_and_a_hint(reg: Registry, tmp_path: Path):
    seen: set[str] = set()
    builders = (province_list, tcvn3_list, vni_list, party_list, ministry_list)
    for n, build in enumerate(builders):
        result = import_appendix(reg, build(tmp_path / f"{n}.xlsx"), dry_run=True)
        for f in result.findings:
            assert f.severity == RULES[f.rule].severity, f
            assert f.hint, f
            seen.add(f.rule)
    assert len(seen) >= 10


def test_a_replaced_list_never_closes_a_level1_unit(reg: Registry, dec, tmp_path: Path):
    reg.create_unit("H53.01", "Văn phòng UBND tỉnh", dec)
    # A Party list and a level-3 row of the province's, the province's own row left out.
    rows = [["Tỉnh ủy Tây Ninh", "000.00.00.A36"], ["Phòng Hành chính", "000.01.01.H53"]]
    path = small(tmp_path / "r.xlsx", rows, LINE)
    result = import_appendix(reg, path, replace_list=True, signed=SIGNED)
    assert result.applied
    assert reg.find("H53").status == "active"
    assert not [c for c in result.changeset.changes if c.action == "closed"]


def test_a_registry_from_before_is_refolded_for_search(official_db: Path):
    import sqlite3

    with Registry.open(official_db) as reg:
        dec = reg.add_decision("1/QĐ-UBND", "2025-06-01")
        reg.create_unit("H53.01", "Trường THCS Lê Quý Ðôn", dec)
    # As the registry was before the look-alike fold: 'ð' in the search key, m005 not applied.
    conn = sqlite3.connect(official_db)
    with conn:
        conn.execute(
            "UPDATE units SET folded_name = 'truong thcs le quy ðon' WHERE code = 'H53.01'"
        )
        conn.executescript(
            "DROP TABLE signed_reports; DELETE FROM _sqlite_migrations WHERE name IN "
            "('m005_appendix_fold_eth', 'm006_sign_signatures');"
        )
    conn.close()
    with Registry.open(official_db) as reg:
        assert [u.code for u in search(reg, "le quy don")] == ["H53.01"]


def test_enterprises_imported_as_roots_before_are_attached_by_the_next_list(
    reg: Registry, tmp_path: Path
):
    from desktop.exchange.importer import undo

    # As an earlier version imported them: the ministry's enterprises at the top level.
    rows = [["Tổng công ty Bưu điện Việt Nam", "0100109106"], ["Công ty X", "2100123457"]]
    line = "(Kèm theo Quyết định số 1/QĐ-XX ngày 1 tháng 9 năm 2025)"
    assert import_appendix(reg, small(tmp_path / "old.xlsx", rows, line)).applied
    assert reg.find("0100109106").parent_id is None
    result = import_appendix(reg, ministry_list(tmp_path / "m.xlsx"), signed=SIGNED)
    assert result.applied
    moved = {c.code: c.action for c in result.changeset.changes if c.kind == "enterprise"}
    assert moved == {"0100109106": "moved", "2100123457": "moved", "0100112437": "added"}
    g06 = reg.find("G06")
    assert reg.find("0100109106").parent_id == g06.id
    assert reg.find("0100109106").code == "0100109106"  # the code is its own
    # Renamed as the ministry's list writes it, and moved, in the same import.
    assert reg.find("2100123457").name == "Công ty TNHH MTV Xổ số điện toán"
    assert "0100109106" in [u.code for u in units_as_of(reg, root="G06")]
    assert not [f for f in validate_registry(reg).findings if f.code == "0100109106"]
    assert compare_with_replay(reg).ok  # the history replays to the same tree
    # Undone as a whole: back at the top level.
    undo(reg, result.import_id)
    assert reg.find("0100109106").parent_id is None
    assert compare_with_replay(reg).ok
