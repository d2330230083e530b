"""Back-filled changes before a unit's ending with its parent (issue 11, domain.md §7).

Trà Vinh's 2021 list (real-shaped, ``fixtures/qa_lists.py``) imported into a registry that holds
the 2025 merger: its units end with H59 on 2025-07-01. A 2024 decision of the province, entered
after, closes, moves, merges or splits some of them, or changes their details, before that
ending. Each is judged on its own date; what ends or moves a unit first sets its ending aside
(annulled, marked as replaced, in the same transaction), and undoing the change writes the
ending again. After each: ``validate`` and ``verify`` clean, every date shows its truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures import qa_lists

from desktop.store.registry import Registry

D24 = ["--decision", "77/QĐ-UBND", "--effective", "2024-01-01", "--issuer", "UBND tỉnh Trà Vinh"]
DATES = ("2022-01-01", "2024-06-01", "2025-07-01", None)
ENDING = "Đóng theo đơn vị cấp trên"
SET_ASIDE = "Bỏ việc đóng theo đơn vị cấp trên (đã đóng hoặc chuyển trước đó)"


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    path = tmp_path / "so.db"
    assert cli("init", str(path))[0] == 0
    book = qa_lists.tra_vinh_2021_by_level(tmp_path / "tv2021.xlsx")
    rc, out, err = cli("--db", str(path), "import", str(book))
    assert rc == 0, out + err
    rc, _, err = cli(
        "--db", str(path), "add", "000.00.07.H61", "Sở Nội vụ tỉnh Vĩnh Long",
        "--decision", "9/QĐ-UBND", "--effective", "2020-01-01",
    )  # fmt: skip
    assert rc == 0, err
    return path


def _units(cli, db: Path, as_of: str | None = None) -> dict[str, dict]:
    args = ["--db", str(db), "list", "--all", "--json"]
    rc, out, err = cli(*args, *(["--as-of", as_of] if as_of else []))
    assert rc == 0, err
    return {u["code"]: u for u in json.loads(out) if u["code"][-3:] in ("H59", "H61")}


def _views(cli, db: Path) -> dict[str | None, dict[str, dict]]:
    return {d: _units(cli, db, d) for d in DATES}


def _clean(cli, db: Path) -> None:
    rc, out, _ = cli("--db", str(db), "validate", "--json")
    assert rc == 0 and json.loads(out)["errors"] == 0, out
    rc, out, err = cli("--db", str(db), "verify")
    assert rc == 0, out + err


def _labels(cli, db: Path, code: str) -> list[tuple[str, str, bool]]:
    rc, out, err = cli("--db", str(db), "history", code, "--json")
    assert rc == 0, err
    return [(e["label"], e["effective"], e["annulled"]) for e in json.loads(out)]


def _run(cli, db: Path, *args: str) -> dict:
    rc, out, err = cli("--db", str(db), *args, *D24, "--json")
    assert rc == 0, out + err
    return json.loads(out)


def _undo(cli, db: Path, change: dict, before: dict) -> None:
    event = next(c["event_id"] for c in change["changes"] if not c["label"].startswith("Bỏ"))
    rc, out, err = cli("--db", str(db), "annul", str(event))
    assert rc == 0, out + err
    assert _views(cli, db) == before
    _clean(cli, db)


def test_a_closure_before_the_ending_replaces_it(db, cli):
    before = _views(cli, db)
    change = _run(cli, db, "close", "000.00.02.H59")
    assert [c["label"] for c in change["changes"]] == [SET_ASIDE, "Đóng mã"]
    _clean(cli, db)
    assert _units(cli, db, "2022-01-01")["000.00.02.H59"]["status"] == "active"
    for date in ("2024-06-01", "2025-07-01", None):
        unit = _units(cli, db, date)["000.00.02.H59"]
        assert unit["status"] == "closed" and unit["valid_to"] == "2024-01-01"
    assert _labels(cli, db, "000.00.02.H59") == [
        ("Cấp mã mới", "2021-03-15", False),
        ("Đóng mã", "2024-01-01", False),
        (ENDING, "2025-07-01", True),
        (SET_ASIDE, "2025-07-01", False),
    ]
    rc, out, _ = cli("--db", str(db), "history", "000.00.02.H59")
    assert rc == 0
    assert "không còn hiệu lực: đơn vị đã đóng hoặc chuyển trước đó" in out
    assert "nhầm" not in out.split("2025-07-01")[-1]
    _undo(cli, db, change, before)
    assert _labels(cli, db, "000.00.02.H59")[-1] == (ENDING, "2025-07-01", False)


def test_a_move_under_a_parent_that_stays_open_replaces_the_endings(db, cli):
    before = _views(cli, db)
    change = _run(cli, db, "move", "000.00.01.H59", "000.00.07.H61")
    _clean(cli, db)
    then = _units(cli, db, "2022-01-01")
    assert then["000.01.01.H59"]["parent"] == "000.00.01.H59"
    for date in ("2024-06-01", "2025-07-01", None):
        now = _units(cli, db, date)
        assert now["000.01.07.H61"]["status"] == "active"
        assert now["000.01.07.H61"]["parent"] == "000.00.07.H61"
        assert now["001.01.07.H61"]["parent"] == "000.01.07.H61"
        assert now["001.01.07.H61"]["valid_to"] is None
    _undo(cli, db, change, before)


def test_a_merger_before_the_ending_closes_the_sources_then(db, cli):
    before = _views(cli, db)
    change = _run(cli, db, "merge", "000.00.03.H59", "--into", "000.00.01.H59", "--cascade")
    _clean(cli, db)
    mid = _units(cli, db, "2024-06-01")
    assert mid["000.00.03.H59"]["status"] == "closed"
    assert mid["001.01.03.H59"]["valid_to"] == "2024-01-01"
    assert mid["000.00.01.H59"]["status"] == "active"
    now = _units(cli, db)
    assert now["000.00.03.H59"]["valid_to"] == "2024-01-01"
    assert now["000.00.01.H59"]["valid_to"] == "2025-07-01"  # the target still ends with H59
    _undo(cli, db, change, before)


def test_a_split_before_the_ending_makes_parts_that_end_with_the_province(db, cli):
    before = _views(cli, db)
    change = _run(
        cli, db, "split", "000.00.02.H59", "000.00.04.H59:Sở Tài chính", "000.00.05.H59:Cục Thuế"
    )
    _clean(cli, db)
    mid = _units(cli, db, "2024-06-01")
    assert mid["000.00.02.H59"]["status"] == "closed"
    assert mid["000.00.04.H59"]["status"] == "active"
    now = _units(cli, db)
    assert now["000.00.02.H59"]["valid_to"] == "2024-01-01"
    assert now["000.00.04.H59"]["valid_to"] == "2025-07-01"
    assert _labels(cli, db, "000.00.05.H59")[-1] == (ENDING, "2025-07-01", False)
    _undo(cli, db, change, before)


def test_details_before_the_ending(db, cli):
    before = _views(cli, db)
    with Registry.open(db) as reg:
        unit = reg.find("000.00.01.H59")
        dec = reg.add_decision("77/QĐ-UBND", "2024-01-01", issuer="UBND tỉnh Trà Vinh")
        change = reg.update_details(unit.id, {"address": "Số 1 Nguyễn Thái Học"}, dec)
        assert reg.unit(unit.id).address == "Số 1 Nguyễn Thái Học"
        assert reg.unit(unit.id).valid_to == "2025-07-01"
    _clean(cli, db)
    assert _units(cli, db)["000.00.01.H59"]["status"] == "closed"
    rc, _, err = cli("--db", str(db), "annul", str(change.event_ids[0]))
    assert rc == 0, err
    assert _views(cli, db) == before
    _clean(cli, db)


def test_a_change_after_the_ending_is_still_refused(db, cli):
    with Registry.open(db, readonly=True) as reg:
        before = reg.conn.execute("SELECT count(*) FROM events").fetchone()
    late = ["--decision", "90/QĐ-UBND", "--effective", "2025-09-01"]
    rc, _, err = cli("--db", str(db), "close", "000.00.02.H59", *late)
    assert rc == 1 and "đã đóng" in err
    with Registry.open(db, readonly=True) as reg:
        assert reg.conn.execute("SELECT count(*) FROM events").fetchone() == before


def test_a_2024_list_closing_a_unit_replaces_its_ending(db, cli, tmp_path):
    book = qa_lists.tra_vinh_2024_level2(tmp_path / "tv2024.xlsx")
    before = _views(cli, db)
    with Registry.open(db, readonly=True) as reg:
        events = reg.conn.execute("SELECT count(*) FROM events").fetchone()
    rc, out, err = cli(
        "--db", str(db), "import", str(book), "--replace-list", "--dry-run", "--json"
    )
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["closed"] == 1 and result["conflicts"] == 0
    assert [(e["code"], e["effective"]) for e in result["endings_replaced"]] == [
        ("000.00.02.H59", "2025-07-01")
    ]
    with Registry.open(db, readonly=True) as reg:
        assert reg.conn.execute("SELECT count(*) FROM events").fetchone() == events
    rc, out, err = cli("--db", str(db), "import", str(book), "--replace-list")
    assert rc == 0, out + err
    assert "bỏ việc đóng từ 2025-07-01" in out
    _clean(cli, db)
    assert _units(cli, db, "2023-01-01")["000.00.02.H59"]["status"] == "active"
    assert _units(cli, db)["000.00.02.H59"]["valid_to"] == "2024-01-10"
    assert _labels(cli, db, "000.00.02.H59")[-2:] == [
        (ENDING, "2025-07-01", True),
        (SET_ASIDE, "2025-07-01", False),
    ]
    rc, out, err = cli("--db", str(db), "undo-import")
    assert rc == 0, out + err
    assert _views(cli, db) == before
    _clean(cli, db)
    assert _labels(cli, db, "000.00.02.H59")[-1] == (ENDING, "2025-07-01", False)
