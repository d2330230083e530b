"""An older list entered after a newer one that already holds its codes (issue 11).

A clerk enters the history of a province newest first: Quảng Ninh's 2023 list, then its 2021
list, which issued most of the same codes to the same bodies. Each row of the older list whose
code a later act gave the same body is that body's *earlier basis*: the unit starts on the older
date with the older name; a code the later act gives another body stays a conflict; units the
later list left out are added, active, with a warning, never closed by invention.
Workbooks in the shape of real appendices (``fixtures/qa_lists.py``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fixtures import qa_lists

from desktop.exchange.importer import import_appendix
from desktop.store.changes import find_import, undo_import
from desktop.store.registry import Registry
from desktop.store.verify import verify_registry

OLDER_CODES = {
    "000.00.00.H49",
    *(r[2].strip().upper() for r in qa_lists.QUANG_NINH_2021 if r[2]),
}


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    """A fresh registry holding Quảng Ninh's 2023 list."""
    path = tmp_path / "so.db"
    assert cli("init", str(path))[0] == 0
    later = qa_lists.quang_ninh(tmp_path / "qn2023.xlsx", 2023, qa_lists.QUANG_NINH_2023)
    rc, out, err = cli("--db", str(path), "import", str(later))
    assert rc == 0, out + err
    return path


@pytest.fixture()
def older(tmp_path: Path) -> Path:
    return qa_lists.quang_ninh(tmp_path / "qn2021.xlsx", 2021, qa_lists.QUANG_NINH_2021)


def _units(cli, db: Path, *args: str) -> dict[str, dict]:
    rc, out, err = cli("--db", str(db), "list", "--json", "--root", "H49", *args)
    assert rc == 0, err
    return {u["code"]: u for u in json.loads(out)}


def _refused(cli, db: Path, book: Path) -> tuple[str, str]:
    """Import ``book``, which must be refused with nothing written: its one error line, and
    the whole output."""
    before = _state(db)
    rc, out, _ = cli("--db", str(db), "import", str(book))
    assert rc == 1
    [line] = [x for x in out.splitlines() if x.startswith("LỖI: ")]
    assert _state(db) == before  # nothing written
    return line, out


def _state(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("units", "codes_used", "successors")
        }
    finally:
        conn.close()


def test_the_older_list_is_the_earlier_basis_of_the_codes_the_newer_one_holds(
    db: Path, older: Path, cli
):
    rc, out, err = cli("--db", str(db), "import", str(older), "--dry-run")
    assert rc == 0, out + err
    # Shown before anything is written, in its own section.
    assert "Căn cứ cấp mã trước: 9" in out
    assert "9 đơn vị đã có trong sổ từ một văn bản sau" in out
    assert "000.00.04.H49  Sở Văn hóa và Thể thao: từ 2023-04-20" in out
    assert "«Sở Văn hóa, Thể thao và Du lịch»" in out
    assert _units(cli, db, "--as-of", "2022-01-01").keys() == {"000.00.00.H49"}

    rc, out, err = cli("--db", str(db), "import", str(older), "--json")
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["applied"] and result["added"] == 2 and result["conflicts"] == 0
    bases = {b["code"]: b for b in result["earlier_basis"]}
    assert len(bases) == 9
    assert bases["000.03.02.H49"]["later_name"] == "Chi cục Văn thư - Lưu trữ tỉnh"
    assert bases["000.03.02.H49"]["later_decision"] == "Quyết định số 1250/QĐ-UBND"

    # Between the two acts: the 2021 list as it was, names of 2021 (cleaned of NBSP, Ð...).
    then = _units(cli, db, "--as-of", "2022-01-01")
    assert set(then) == OLDER_CODES
    assert then["000.00.04.H49"]["name"] == "Sở Văn hóa và Thể thao"
    assert then["000.00.01.H49"]["name"] == "Văn phòng Ủy ban nhân dân tỉnh"
    assert then["000.00.08.H49"]["name"] == "Sở Giáo dục và Đào tạo"
    assert then["000.03.02.H49"]["decision"] == "184/QĐ-UBND"
    # Before the older act: none of them; after the later one: the 2023 names.
    assert _units(cli, db, "--as-of", "2021-03-14").keys() == {"000.00.00.H49"}
    now = _units(cli, db, "--as-of", "2024-01-01")
    assert now["000.00.04.H49"]["name"] == "Sở Văn hóa, Thể thao và Du lịch"
    assert now["000.00.04.H49"]["valid_from"] == "2021-03-15"
    assert now["000.00.06.H49"]["name"] == "Sở Du lịch"  # 2023's own, untouched
    # Units the 2023 list left out stay active: no closure is invented.
    assert now["000.00.07.H49"]["status"] == "active"
    assert now["000.04.02.H49"]["status"] == "active"

    rc, out, _ = cli("--db", str(db), "history", "000.00.04.H49")
    assert rc == 0
    lines = out.splitlines()
    assert "2021-03-15  Căn cứ cấp mã trước  theo Quyết định số 184/QĐ-UBND" in lines[1]
    assert "Sở Văn hóa và Thể thao" in lines[1] and "20/04/2023" in lines[1]
    assert "2023-04-20  Cấp mã mới  theo Quyết định số 1250/QĐ-UBND" in lines[2]
    rc, out, _ = cli("--db", str(db), "history", "000.00.04.H49", "--json")
    items = json.loads(out)
    assert [i["type"] for i in items] == ["basis", "create"]
    assert items[0]["after"]["confirmed"]["name"] == "Sở Văn hóa, Thể thao và Du lịch"

    rc, out, _ = cli("--db", str(db), "validate")
    assert rc == 0, out
    rc, out, _ = cli("--db", str(db), "verify")
    assert rc == 0, out


def test_units_missing_from_the_later_list_are_flagged_not_closed(db: Path, older: Path, cli):
    rc, out, _ = cli("--db", str(db), "import", str(older), "--json", "--dry-run")
    assert rc == 0
    flagged = [f for f in json.loads(out)["findings"] if f["rule"] == "import.missing-later"]
    assert sorted(f["code"] for f in flagged) == ["000.00.07.H49", "000.04.02.H49"]
    assert all(f["severity"] == "warning" for f in flagged)
    assert "1250/QĐ-UBND" in flagged[0]["message"]


def test_a_code_the_later_list_gives_another_body_stays_a_conflict(db: Path, tmp_path: Path, cli):
    rows = [*qa_lists.QUANG_NINH_2021, qa_lists.QUANG_NINH_2021_WRONG_ROW]
    book = qa_lists.quang_ninh(tmp_path / "qn2021-loi.xlsx", 2021, rows)
    line, out = _refused(cli, db, book)
    assert "000.00.06.H49" in line and "'Sở Du lịch'" in line
    assert "'Ban Quản lý Vịnh Hạ Long'" in line and "cơ quan khác" in line
    assert "code.reused" in out


def test_undoing_the_older_list_restores_the_registry_and_its_codes_stay_used(
    db: Path, older: Path, cli
):
    before = _state(db)
    assert cli("--db", str(db), "import", str(older))[0] == 0
    rc, out, err = cli("--db", str(db), "undo-import")
    assert rc == 0, out + err
    after = _state(db)
    assert after["units"][: len(before["units"])] == before["units"]
    # The two units it added stay, annulled; their codes are issued for ever.
    added = after["units"][len(before["units"]) :]
    assert [u[1] for u in added] == ["H49.07", "H49.02.04"]  # stored in QĐ 20 notation
    assert {u[7] for u in added} == {"annulled"}
    assert set(before["codes_used"]) <= set(after["codes_used"])
    assert {c[0] for c in after["codes_used"]} - {c[0] for c in before["codes_used"]} == {
        "H49.07",
        "H49.02.04",
    }
    assert _units(cli, db, "--as-of", "2022-01-01").keys() == {"000.00.00.H49"}
    assert cli("--db", str(db), "verify")[0] == 0
    assert cli("--db", str(db), "validate")[0] == 0
    # Imported again, it is refused in one line that says what happened and the way back.
    rc, out, _ = cli("--db", str(db), "import", str(older), "--dry-run")
    assert rc == 1
    [line] = [x for x in out.splitlines() if x.startswith("LỖI: ") and "000.00.07.H49" in x]
    assert "hoàn tác" in line and "Làm lại" in line and "184/QĐ-UBND" in line


def test_redo_of_the_undone_older_list_brings_the_earlier_basis_back(db: Path, older: Path):
    with Registry.open(db) as reg:
        first = import_appendix(reg, older)
        assert first.applied
        group = find_import(reg, None).group_id
        undo_import(reg, group)
        done = [e.id for e in reg.events("group_id = ?", (group,))]
        again = import_appendix(reg, older, reissue=done)
        assert again.applied and len(again.changeset.bases) == 9
        unit = reg.find("000.00.07.H49")
        assert unit.status == "active" and unit.valid_from == "2021-03-15"
        assert reg.find("000.00.04.H49").valid_from == "2021-03-15"
        assert verify_registry(reg).ok


def test_a_registry_made_before_the_basis_event_takes_it_after_migrating(
    tmp_path: Path, older: Path, monkeypatch: pytest.MonkeyPatch
):
    from sqlite_utils.migrations import Migrations

    from desktop.store import schema
    from desktop.store.reference import load_official

    earlier = Migrations("madinhdanh")
    earlier._migrations = [m for m in schema.migrations._migrations if m.name < "m008"]
    monkeypatch.setattr(schema, "migrations", earlier)
    path = tmp_path / "old.db"
    with Registry.create(path) as reg:
        load_official(reg)
        later = qa_lists.quang_ninh(tmp_path / "qn2023.xlsx", 2023, qa_lists.QUANG_NINH_2023)
        assert import_appendix(reg, later).applied
        sql = reg.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()
        assert "'basis'" not in sql[0]
    monkeypatch.undo()
    with Registry.open(path) as reg:
        result = import_appendix(reg, older)
        assert result.applied and len(result.changeset.bases) == 9
        report = verify_registry(reg)
        assert report.ok, report.as_dict()


def test_three_lists_entered_newest_first_each_name_in_force_on_its_dates(
    db: Path, older: Path, tmp_path: Path, cli
):
    middle = qa_lists.quang_ninh(
        tmp_path / "qn2022.xlsx",
        2022,
        [["I", "MÃ ĐỊNH DANH CẤP 2", None], [1, "Sở Văn hóa - Thể thao", "000.00.04.H49"]],
    )
    assert cli("--db", str(db), "import", str(middle))[0] == 0
    assert cli("--db", str(db), "import", str(older))[0] == 0
    names = {
        date: _units(cli, db, "--as-of", date)["000.00.04.H49"]["name"]
        for date in ("2021-06-01", "2022-06-01", "2023-04-20")
    }
    assert names == {
        "2021-06-01": "Sở Văn hóa và Thể thao",
        "2022-06-01": "Sở Văn hóa - Thể thao",
        "2023-04-20": "Sở Văn hóa, Thể thao và Du lịch",
    }
    rc, out, _ = cli("--db", str(db), "history", "000.00.04.H49", "--json")
    assert rc == 0
    assert [(i["type"], i["effective"]) for i in json.loads(out)] == [
        ("basis", "2021-03-15"),
        ("basis", "2022-06-01"),
        ("create", "2023-04-20"),
    ]
    assert cli("--db", str(db), "verify")[0] == 0
    assert cli("--db", str(db), "validate")[0] == 0


def test_the_older_acts_appendix_report_lists_every_code_it_issued(db: Path, older: Path):
    from desktop.reports.build import build_decision
    from desktop.reports.document import Table

    with Registry.open(db) as reg:
        assert import_appendix(reg, older).applied
        document = build_decision(reg, "184/QĐ-UBND")
    [table] = [b for b in document.blocks if isinstance(b, Table)]
    codes = {cells[2] for cells in (r.cells for r in table.rows) if len(cells) > 2}
    assert OLDER_CODES - {"000.00.00.H49"} <= codes  # its earlier bases and its new units
    names = {cells[1] for cells in (r.cells for r in table.rows) if len(cells) > 2}
    assert "Sở Văn hóa và Thể thao" in names  # the name it gave, not the later one


def test_the_store_records_an_earlier_basis_only_before_the_unit_and_after_its_parent(
    official_db: Path,
):
    from desktop.domain.errors import ConflictError
    from desktop.domain.units import NewUnit

    with Registry.open(official_db) as reg:
        later = reg.add_decision("1250/QĐ-UBND", "2023-04-20")
        older = reg.add_decision("184/QĐ-UBND", "2021-03-15")
        oldest = reg.add_decision("12/QĐ-UBND", "2020-01-10")
        reg.create_units(
            [NewUnit("H49.04", "Sở Văn hóa, Thể thao"), NewUnit("H49.04.01", "Văn phòng Sở")],
            later,
        )
        parent, child = reg.find("H49.04"), reg.find("H49.04.01")
        with pytest.raises(ConflictError, match="đã có từ"), reg.write():
            reg._record_basis(parent.id, "Sở Văn hóa", {}, later, "2024-01-01", None)
        with reg.write():
            reg._record_basis(parent.id, "Sở Văn hóa", {}, older, "2021-03-15", None)
        # The child cannot start before its parent does, now 2021-03-15.
        with pytest.raises(ConflictError, match="trước khi đơn vị cấp trên"), reg.write():
            reg._record_basis(child.id, "Văn phòng Sở", {}, oldest, "2020-01-10", None)
        assert reg.find("H49.04.01").valid_from == "2023-04-20"
        assert reg.find("H49.04").valid_from == "2021-03-15"
        assert verify_registry(reg).ok


def test_the_windows_tree_as_of_a_date_between_shows_the_earlier_basis(db: Path, older: Path):
    """The tree's lazy as-of view (what differs from the tables) counts a unit there by its
    earlier basis as existing then, with its name then."""
    from desktop.store.browse import as_of_difference

    with Registry.open(db) as reg:
        unit = reg.find("H49.04")
        before = as_of_difference(reg, "2022-01-01")
        assert unit.id not in before.then
        assert import_appendix(reg, older).applied
        between = as_of_difference(reg, "2022-01-01")
        assert between.then[unit.id].name == "Sở Văn hóa và Thể thao"
        assert between.count == before.count + len(OLDER_CODES) - 1
        assert unit.id not in as_of_difference(reg, "2021-03-14").then


def _middle(tmp_path: Path, name: str) -> Path:
    """Quảng Ninh's 2022 list (760/QĐ-UBND of 01/06/2022): it renames the department of culture."""
    return qa_lists.quang_ninh(
        tmp_path / "qn2022.xlsx",
        2022,
        [
            ["I", "MÃ ĐỊNH DANH CẤP 2", None],
            [1, "Sở Nội vụ", "000.00.02.H49"],
            [2, name, "000.00.04.H49"],
        ],
    )


def test_a_middle_list_entered_last_renames_as_the_later_act_confirms(
    db: Path, older: Path, tmp_path: Path, cli
):
    """2023, then 2021, then 2022: the 2022 act renamed the unit to the name 2023 gives it."""
    assert cli("--db", str(db), "import", str(older))[0] == 0
    before = _state(db)
    middle = _middle(tmp_path, "Sở Văn hóa, Thể thao và Du lịch")
    rc, out, err = cli("--db", str(db), "import", str(middle), "--json")
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["applied"] and result["conflicts"] == 0
    names = {
        date: _units(cli, db, "--as-of", date)["000.00.04.H49"]
        for date in ("2021-06-01", "2022-06-01", "2023-04-20", "2024-01-01")
    }
    assert {d: (u["name"], u["decision"]) for d, u in names.items()} == {
        "2021-06-01": ("Sở Văn hóa và Thể thao", "184/QĐ-UBND"),
        "2022-06-01": ("Sở Văn hóa, Thể thao và Du lịch", "760/QĐ-UBND"),
        "2023-04-20": ("Sở Văn hóa, Thể thao và Du lịch", "1250/QĐ-UBND"),
        "2024-01-01": ("Sở Văn hóa, Thể thao và Du lịch", "1250/QĐ-UBND"),
    }
    rc, out, _ = cli("--db", str(db), "list", "--json", "--root", "H49")
    [now] = [u for u in json.loads(out) if u["code"] == "000.00.04.H49"]
    assert now["decision"] == "1250/QĐ-UBND"  # the latest act stays the unit's
    rc, out, _ = cli("--db", str(db), "history", "000.00.04.H49", "--json")
    assert [(i["type"], i["effective"]) for i in json.loads(out)] == [
        ("basis", "2021-03-15"),
        ("rename", "2022-06-01"),
        ("create", "2023-04-20"),
    ]
    rc, out, _ = cli("--db", str(db), "validate")
    assert rc == 0, out
    rc, out, _ = cli("--db", str(db), "verify")
    assert rc == 0, out
    # Undoing the 2022 import restores exactly what was there.
    rc, out, err = cli("--db", str(db), "undo-import")
    assert rc == 0, out + err
    after = _state(db)
    assert after["units"] == before["units"] and after["codes_used"] == before["codes_used"]
    assert _units(cli, db, "--as-of", "2022-06-01")["000.00.04.H49"]["name"] == (
        "Sở Văn hóa và Thể thao"
    )
    assert cli("--db", str(db), "verify")[0] == 0
    assert cli("--db", str(db), "validate")[0] == 0


def test_a_middle_list_naming_the_unit_otherwise_than_the_later_act_is_refused(
    db: Path, older: Path, tmp_path: Path, cli
):
    assert cli("--db", str(db), "import", str(older))[0] == 0
    line, out = _refused(cli, db, _middle(tmp_path, "Sở Văn hóa - Thể thao"))
    assert "000.00.04.H49" in line and "theo thứ tự thời gian" in line
    assert "1250/QĐ-UBND" in line and "'Sở Văn hóa, Thể thao và Du lịch'" in line
    assert "import.later-change" in out


def test_the_store_renames_before_later_changes_only_as_they_agree(official_db: Path):
    """By hand: a rename dated before a later rename to the same name is recorded on its date;
    one before a later act naming the unit otherwise is refused; one no later act overrides
    gives the name today, the later act keeping the unit's decision."""
    from desktop.domain.errors import ConflictError
    from desktop.domain.units import NewUnit
    from desktop.store.asof import compare_with_replay

    with Registry.open(official_db) as reg:
        first = reg.add_decision("10/QĐ-UBND", "2021-01-10")
        middle = reg.add_decision("20/QĐ-UBND", "2022-01-10")
        last = reg.add_decision("30/QĐ-UBND", "2023-01-10")
        reg.create_units([NewUnit("H49.04", "Sở Văn hóa")], first)
        unit = reg.find("H49.04")
        reg.rename(unit.id, "Sở Văn hóa và Thể thao", last)
        with pytest.raises(ConflictError, match="30/QĐ-UBND"):
            reg.rename(unit.id, "Sở Văn hóa - Thể thao", middle)
        reg.rename(unit.id, "Sở Văn hóa và Thể thao", middle)
        now = reg.find("H49.04")
        assert (now.name, now.decision_id) == ("Sở Văn hóa và Thể thao", last)
        assert compare_with_replay(reg).ok
        assert units_on_name(reg, unit.id, "2022-06-01") == "Sở Văn hóa và Thể thao"
        assert units_on_name(reg, unit.id, "2021-06-01") == "Sở Văn hóa"

        other = reg.add_decision("40/QĐ-UBND", "2024-01-10")
        reg.create_units([NewUnit("H49.05", "Sở Du lịch")], first)
        tourism = reg.find("H49.05")
        reg.update_details(tourism.id, {"address": "Hạ Long"}, other)
        reg.rename(tourism.id, "Sở Du lịch tỉnh", middle)  # nothing later names it
        now = reg.find("H49.05")
        assert (now.name, now.decision_id) == ("Sở Du lịch tỉnh", other)
        assert units_on_name(reg, tourism.id, "2021-06-01") == "Sở Du lịch"
        assert compare_with_replay(reg).ok
        assert verify_registry(reg).ok


def units_on_name(reg: Registry, unit_id: int, date: str) -> str:
    from desktop.store.asof import units_on

    return units_on(reg, [unit_id], date)[unit_id].name


@pytest.mark.parametrize(
    ("name", "applied"),
    [("Sở Văn hóa, Thể thao và Du lịch", True), ("Sở Văn hóa - Thể thao", False)],
)
def test_a_middle_list_entered_after_the_older_and_the_newer_one(
    tmp_path: Path, older: Path, cli, name: str, applied: bool
):
    """2021, then 2023 (which renames the unit), then 2022: a rename to the name 2023 gives is
    the 2022 act's, on its date; another name is refused, naming the 2023 act's."""
    db = tmp_path / "so.db"
    assert cli("init", str(db))[0] == 0
    assert cli("--db", str(db), "import", str(older))[0] == 0
    later = qa_lists.quang_ninh(tmp_path / "qn2023.xlsx", 2023, qa_lists.QUANG_NINH_2023)
    assert cli("--db", str(db), "import", str(later))[0] == 0
    before = _state(db)
    if not applied:
        line, out = _refused(cli, db, _middle(tmp_path, name))
        assert "import.later-change" in out
        assert "'Sở Văn hóa, Thể thao và Du lịch'" in line and "1250/QĐ-UBND" in line
        return
    rc, out, _ = cli("--db", str(db), "import", str(_middle(tmp_path, name)))
    assert rc == 0, out
    then = _units(cli, db, "--as-of", "2022-06-01")["000.00.04.H49"]
    assert (then["name"], then["decision"]) == (name, "760/QĐ-UBND")
    assert _units(cli, db, "--as-of", "2022-05-31")["000.00.04.H49"]["name"] == (
        "Sở Văn hóa và Thể thao"
    )
    now = _units(cli, db)["000.00.04.H49"]
    assert (now["name"], now["decision"]) == (name, "1250/QĐ-UBND")
    assert cli("--db", str(db), "verify")[0] == 0
    assert cli("--db", str(db), "validate")[0] == 0
    assert cli("--db", str(db), "undo-import")[0] == 0
    assert _state(db)["units"] == before["units"]
    assert cli("--db", str(db), "verify")[0] == 0


def test_the_command_line_renames_before_the_later_history_as_it_agrees(db: Path, older: Path, cli):
    assert cli("--db", str(db), "import", str(older))[0] == 0
    args = ("--decision", "760/QĐ-UBND", "--effective", "01/06/2022")
    rc, out, err = cli("--db", str(db), "rename", "000.00.04.H49", "Sở Văn hóa - Thể thao", *args)
    assert rc != 0
    assert "'Sở Văn hóa và Thể thao' (000.00.04.H49)" in out + err
    assert "20/04/2023" in out + err and "'Sở Văn hóa, Thể thao và Du lịch'" in out + err
    rc, out, err = cli(
        "--db", str(db), "rename", "000.00.04.H49", "Sở Văn hóa, Thể thao và Du lịch", *args
    )
    assert rc == 0, out + err
    then = _units(cli, db, "--as-of", "2022-06-01")["000.00.04.H49"]
    assert then["decision"] == "760/QĐ-UBND"
    assert _units(cli, db)["000.00.04.H49"]["decision"] == "1250/QĐ-UBND"
    assert cli("--db", str(db), "verify")[0] == 0
    assert cli("--db", str(db), "validate")[0] == 0
