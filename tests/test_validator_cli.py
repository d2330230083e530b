"""``madinhdanh validate`` and ``madinhdanh rules`` (design.md §3)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.domain.rules import RULES
from desktop.domain.text import fold
from desktop.domain.units import NewUnit
from desktop.store.registry import Registry

ROOT = Path(__file__).parent.parent


def _with_defects(path: Path, *, error: bool = True) -> None:
    """Two siblings with one name (a warning) and, optionally, a duplicate code (an error)."""
    with Registry.open(path) as reg:
        dec = reg.add_decision("184/QĐ-UBND", "2025-06-01", signed="2025-05-28")
        reg.create_units([NewUnit("H59.01", "Sở Tư pháp"), NewUnit("H59.02", "SỞ TƯ PHÁP")], dec)
        if error:
            h59 = reg.find("H59").id
            reg.conn.execute(
                "INSERT INTO units (code, name, level, parent_id, kind, status, decision_id, "
                "sort_key, folded_name) SELECT code, 'Trùng mã', level, parent_id, kind, status, "
                "decision_id, sort_key, ? FROM units WHERE code = 'H59.01' AND parent_id = ?",
                (fold("Trùng mã"), h59),
            )


def test_validate_clean_registry(cli, official_db: Path):
    rc, out, err = cli("--db", str(official_db), "validate", "--json")
    assert rc == 0, err
    assert json.loads(out) == {"units": 202, "errors": 0, "warnings": 0, "findings": []}
    rc, out, _ = cli("--db", str(official_db), "validate")
    assert rc == 0 and "202 đơn vị: 0 lỗi, 0 cảnh báo" in out


def test_validate_json_with_an_error_exits_1(cli, official_db: Path):
    _with_defects(official_db)
    rc, out, _ = cli("--db", str(official_db), "validate", "--json")
    assert rc == 1
    data = json.loads(out)
    assert (data["units"], data["errors"], data["warnings"]) == (205, 1, 1)
    assert [(f["rule"], f["severity"], f["code"]) for f in data["findings"]] == [
        ("code.duplicate", "error", "000.00.01.H59"),
        ("name.duplicate-sibling", "warning", "000.00.02.H59"),
    ]
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "code", "unit_id", "message", "hint"}
        assert f["hint"] == RULES[f["rule"]].hint_vi and isinstance(f["unit_id"], int)


def test_validate_codes_follow_the_display_notation(cli, official_db: Path):
    _with_defects(official_db)
    with Registry.open(official_db) as reg:
        reg.set_meta("display_notation", "qd20")
    _, out, _ = cli("--db", str(official_db), "validate", "--json")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["H59.01", "H59.02"]


def test_validate_warnings_only_exit_0_and_text_output(cli, official_db: Path):
    _with_defects(official_db, error=False)
    rc, out, _ = cli("--db", str(official_db), "validate")
    assert rc == 0
    assert "[Cảnh báo] name.duplicate-sibling" in out
    assert "000.00.02.H59 (SỞ TƯ PHÁP)" in out and "Cách xử lý:" in out
    assert "204 đơn vị: 0 lỗi, 1 cảnh báo" in out


def test_validate_root(cli, official_db: Path):
    _with_defects(official_db)
    rc, out, _ = cli("--db", str(official_db), "validate", "--root", "000.00.00.G06", "--json")
    assert rc == 0 and json.loads(out) == {"units": 1, "errors": 0, "warnings": 0, "findings": []}
    rc, out, _ = cli("--db", str(official_db), "validate", "--root", "H59", "--json")
    assert rc == 1 and json.loads(out)["units"] == 4


def test_validate_bad_root_or_registry_exits_2(cli, official_db: Path, tmp_path: Path):
    rc, _, err = cli("--db", str(official_db), "validate", "--root", "H99")
    assert rc == 2 and "H99" in err
    rc, _, err = cli("--db", str(tmp_path / "none.db"), "validate")
    assert rc == 2 and "Không tìm thấy" in err


def test_rules_json_lists_the_rule_book(cli):
    rc, out, _ = cli("rules", "--json")
    assert rc == 0
    items = json.loads(out)
    assert [i["id"] for i in items] == list(RULES)
    keys = {"id", "severity", "title", "title_en", "message", "message_en", "hint", "hint_en"}
    keys |= {"scope", "problems"}
    assert all(set(i) == keys for i in items)
    assert items[0]["message"] == RULES[items[0]["id"]].message_vi


def test_rules_text_and_markdown(cli):
    rc, out, _ = cli("rules")
    assert rc == 0 and all(rule_id in out for rule_id in RULES)
    rc, out, _ = cli("rules", "--markdown")
    assert rc == 0 and out == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
