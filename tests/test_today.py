"""Today by default: without a date every view and output shows the registry in force today;
changes signed for a later date are pending, marked, and in force from their date."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.decisions import TODAY_VARIABLE, today
from desktop.domain.errors import InvalidInput
from desktop.reports.build import build_tree
from desktop.reports.render import write_pdf
from desktop.store import asof
from desktop.store.browse import as_of_difference
from desktop.store.ops import NewUnit
from desktop.store.reference import load_official
from desktop.store.registry import Registry
from desktop.store.search import search
from desktop.store.validation import validate_registry
from desktop.ui.tree_model import AsOfSource, RegistrySource, UnitTreeModel
from tests.reportpdf import read_pdf

TODAY = "2026-12-02"
LATER = "2027-01-01"
OLD = "Vụ Pháp chế"
NEW = "Vụ Pháp chế và Cải cách"
CLOSING = "Vụ Hợp tác quốc tế"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, TODAY)


@pytest.fixture()
def pending_db(tmp_path: Path) -> Path:
    """Three level-2 units of G06 in force since 2026, and a decision signed before today
    that renames one and closes another from 2027-01-01."""
    path = tmp_path / "pending.db"
    with Registry.create(path) as reg:
        load_official(reg)
        made = reg.add_decision("1/QĐ-BKHCN", "2026-01-01", signed="2025-12-20")
        reg.create_units(
            [
                NewUnit("G06.01", "Văn phòng Bộ"),
                NewUnit("G06.02", OLD),
                NewUnit("G06.03", CLOSING),
            ],
            made,
        )
        later = reg.add_decision("12/QĐ-BKHCN", LATER, signed="2026-11-20")
        reg.rename(reg.find("G06.02").id, NEW, later)
        reg.close_unit(reg.find("G06.03").id, later)
    return path


@pytest.fixture()
def reg(pending_db: Path):
    with Registry.open(pending_db) as r:
        yield r


def test_today_is_decided_once_and_can_be_set():
    assert today() == TODAY
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(TODAY_VARIABLE, "2027-13-01")
        with pytest.raises(InvalidInput):
            today()


# -- list ------------------------------------------------------------------------------------


def test_list_json_today_marks_pending_and_as_of_its_date_shows_it_in_force(cli, pending_db):
    rc, out, _ = cli("--db", str(pending_db), "list", "--root", "G06", "--json")
    assert rc == 0
    units = {u["code"]: u for u in json.loads(out)}
    renamed, closing = units["000.00.02.G06"], units["000.00.03.G06"]
    assert renamed["name"] == OLD
    assert renamed["pending"] == [
        {
            "change": "rename",
            "effective": LATER,
            "decision": "12/QĐ-BKHCN",
            "name": NEW,
            "text": f"đổi tên thành {NEW} từ 01/01/2027",
        }
    ]
    # A unit that closes in 2027 is still in force today, its closing pending.
    assert closing["status"] == "active"
    assert [p["change"] for p in closing["pending"]] == ["close"]
    assert units["000.00.01.G06"]["pending"] is None

    rc, out, _ = cli("--db", str(pending_db), "list", "--root", "G06", "--as-of", LATER, "--json")
    then = {u["code"]: u for u in json.loads(out)}
    assert then["000.00.02.G06"]["name"] == NEW
    assert then["000.00.02.G06"]["pending"] is None
    assert "000.00.03.G06" not in then  # closed on that date
    # The day before, nothing of it yet.
    rc, out, _ = cli(
        "--db", str(pending_db), "list", "--root", "G06", "--as-of", "2026-12-31", "--json"
    )
    assert {u["code"]: u["name"] for u in json.loads(out)}["000.00.02.G06"] == OLD


def test_list_text_today(cli, pending_db):
    rc, out, _ = cli("--db", str(pending_db), "list", "--root", "G06")
    assert rc == 0
    line = next(row for row in out.splitlines() if row.startswith("000.00.02.G06"))
    assert OLD in line and f"Chờ hiệu lực: đổi tên thành {NEW} từ 01/01/2027" in line
    assert any(row.startswith("000.00.03.G06") for row in out.splitlines())
    assert out.rstrip().endswith("4 đơn vị, tính đến ngày 02/12/2026.")
    rc, out, _ = cli("--db", str(pending_db), "list", "--root", "G06", "--as-of", LATER)
    line = next(row for row in out.splitlines() if row.startswith("000.00.02.G06"))
    assert NEW in line and "Chờ hiệu lực" not in line
    assert not any(row.startswith("000.00.03.G06") for row in out.splitlines())
    assert out.rstrip().endswith("3 đơn vị, tính đến ngày 01/01/2027.")


# -- export ----------------------------------------------------------------------------------


def _xlsx_rows(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def _name_of(rows: list[list[object]], code: str) -> str | None:
    for row in rows:
        if code in row:
            return str(row[row.index(code) - 1])
    return None


@pytest.mark.parametrize("as_of", [None, LATER])
def test_export_all_formats_today_and_as_of(cli, pending_db, tmp_path, as_of):
    extra = ["--as-of", as_of] if as_of else []
    shown = "01/01/2027" if as_of else "02/12/2026"
    name = NEW if as_of else OLD
    for ext in ("xlsx", "csv", "json"):
        target = tmp_path / f"out.{ext}"
        rc, out, err = cli("--db", str(pending_db), "export", str(target), "--root", "G06", *extra)
        assert rc == 0, err
        assert f"tính đến ngày {shown}" in out
    rows = _xlsx_rows(tmp_path / "out.xlsx")
    assert rows[2][0] == f"(Tính đến ngày {shown})"  # under the title
    assert _name_of(rows, "000.00.02.G06") == name
    assert (_name_of(rows, "000.00.03.G06") == CLOSING) is (as_of is None)
    with open(tmp_path / "out.csv", encoding="utf-8-sig", newline="") as f:
        by_code = {r["code"]: r for r in csv.DictReader(f)}
    assert by_code["000.00.02.G06"]["name"] == name
    assert ("000.00.03.G06" in by_code) is (as_of is None)
    # The unit's decision is the one in force on the date.
    assert by_code["000.00.02.G06"]["decision_number"] == ("12/QĐ-BKHCN" if as_of else "1/QĐ-BKHCN")
    data = {r["code"]: r for r in json.loads((tmp_path / "out.json").read_text("utf-8"))}
    assert data["000.00.02.G06"]["name"] == name
    assert ("000.00.03.G06" in data) is (as_of is None)


# -- the tree report -------------------------------------------------------------------------


def test_tree_report_today_and_as_of(reg, tmp_path):
    path = tmp_path / "today.pdf"
    write_pdf(build_tree(reg, root="G06", today=TODAY), path)
    pages = read_pdf(path)
    text = " ".join(p.text for p in pages)
    assert "(Tính đến ngày 02 tháng 12 năm 2026)" in text.replace("\u00a0", " ")
    runs = [r.text for p in pages for r in p.runs]
    assert OLD in runs and CLOSING in runs and NEW not in runs
    assert "Chờ hiệu lực:" in text  # the rename and the closing, noted

    path = tmp_path / "later.pdf"
    write_pdf(build_tree(reg, root="G06", as_of=LATER, today=TODAY), path)
    pages = read_pdf(path)
    text = " ".join(p.text for p in pages)
    assert "(Tính đến ngày 01 tháng 01 năm 2027)" in text.replace("\u00a0", " ")
    runs = [r.text for p in pages for r in p.runs]
    assert NEW in runs and OLD not in runs and CLOSING not in runs
    assert "Chờ hiệu lực" not in text


# -- the validator ---------------------------------------------------------------------------


def test_validator_judges_today_and_a_pending_change_on_its_date(tmp_path):
    path = tmp_path / "dup.db"
    with Registry.create(path) as reg:
        load_official(reg)
        made = reg.add_decision("1/QĐ-BKHCN", "2026-01-01", signed="2025-12-20")
        reg.create_units([NewUnit("G06.01", "Văn phòng Bộ"), NewUnit("G06.02", OLD)], made)
        later = reg.add_decision("12/QĐ-BKHCN", LATER, signed="2026-11-20")
        # From 2027 two units under G06 will bear the same name.
        reg.rename(reg.find("G06.02").id, "Văn phòng Bộ", later)
        now = validate_registry(reg)
        assert now.as_of == TODAY
        assert "name.duplicate-sibling" not in {f.rule for f in now.findings}
        assert "decision.pending" in {f.rule for f in now.findings}
        then = validate_registry(reg, as_of=LATER)
        assert "name.duplicate-sibling" in {f.rule for f in then.findings}
        assert "decision.pending" not in {f.rule for f in then.findings}
        # The registry is left as it was: no temporary view outlives the run.
        assert reg.find("G06.02").name == "Văn phòng Bộ"
        names = reg.conn.execute("SELECT name FROM sqlite_temp_master").fetchall()
        assert names == []


def test_validate_command_reads_a_read_only_registry_today(cli, pending_db):
    rc, out, err = cli("--db", str(pending_db), "validate")
    assert rc == 0, err
    assert "Sổ như ngày 02/12/2026" in out
    rc, out, _ = cli("--db", str(pending_db), "validate", "--as-of", LATER, "--json")
    assert rc == 0
    assert "decision.pending" not in {f["rule"] for f in json.loads(out)["findings"]}


# -- search ----------------------------------------------------------------------------------


def test_search_finds_units_as_in_force_today(reg):
    found = search(reg, "phap che")
    assert [u.name for u in found if u.code == "G06.02"] == [OLD]
    assert not any(u.code == "G06.02" for u in search(reg, "cai cach"))
    assert [u.name for u in search(reg, "cai cach", as_of=LATER)] == [NEW]
    assert [u.name for u in search(reg, "G06.0")] == ["Văn phòng Bộ", OLD, CLOSING]


# -- the window's tree -----------------------------------------------------------------------


def _children(model: UnitTreeModel, parent: QModelIndex) -> dict[str, QModelIndex]:
    model.fetch_all(parent)
    return {
        model.index(r, 0, parent).data(): model.index(r, 0, parent)
        for r in range(model.rowCount(parent))
    }


def test_tree_shows_today_with_pending_marked_and_the_date_in_force(qtbot, reg):
    model = UnitTreeModel(RegistrySource(reg))
    top = _children(model, QModelIndex())
    g06 = _children(model, top["000.00.00.G06"])
    renamed = g06["000.00.02.G06"]
    assert model.index(renamed.row(), 1, renamed.parent()).data() == OLD
    assert "000.00.03.G06" in g06  # closes only in 2027
    tip = model.data(renamed, Qt.ItemDataRole.ToolTipRole)
    assert f"Chờ hiệu lực: đổi tên thành {NEW} từ 01/01/2027, theo 12/QĐ-BKHCN" in tip
    pending_icon = model.data(renamed, Qt.ItemDataRole.DecorationRole)
    plain_icon = model.data(g06["000.00.01.G06"], Qt.ItemDataRole.DecorationRole)
    assert pending_icon.cacheKey() != plain_icon.cacheKey()
    assert model.pending_of(g06["000.00.01.G06"].internalId()) == []

    later = UnitTreeModel(AsOfSource(reg, as_of_difference(reg, LATER), include_closed=False))
    g06_then = _children(later, _children(later, QModelIndex())["000.00.00.G06"])
    row = g06_then["000.00.02.G06"]
    assert later.index(row.row(), 1, row.parent()).data() == NEW
    assert "000.00.03.G06" not in g06_then
    assert "Chờ hiệu lực" not in later.data(row, Qt.ItemDataRole.ToolTipRole)


def test_operations_in_the_live_tree_keep_today(qtbot, reg):
    """The live tree is patched from each operation's change as before, and what a change
    signed for later does is shown as pending, not applied: a view's signals (Mirror) and a
    fresh read of today's registry agree after each step."""
    from tests.test_ui_tree import Mirror, assert_matches_registry, open_all

    model = UnitTreeModel(RegistrySource(reg))
    model.fetchMore(QModelIndex())
    open_all(model, model.reveal([reg.find("G06").id]))
    mirror = Mirror(model)
    g06 = _children(model, _children(model, QModelIndex())["000.00.00.G06"])
    now = reg.add_decision("2/QĐ-BKHCN", "2026-06-01", signed="2026-05-20")
    pending = reg.add_decision("13/QĐ-BKHCN", "2027-02-01", signed="2026-11-25")

    def run(change) -> None:
        model.apply_change(change)
        mirror.assert_in_step()
        assert_matches_registry(model, reg, False)

    run(reg.rename(reg.find("G06.01").id, "Văn phòng", pending))
    row = g06["000.00.01.G06"]
    assert model.index(row.row(), 1, row.parent()).data() == "Văn phòng Bộ"
    assert [c.change for c in model.pending_of(row.internalId())] == ["rename"]
    # A unit created for 2027 is not in the tree today; one created now is.
    run(reg.create_unit("G06.04", "Vụ Tổ chức cán bộ", pending))
    run(reg.create_unit("G06.05", "Thanh tra Bộ", now))
    codes = list(_children(model, row.parent()))
    assert "000.00.05.G06" in codes and "000.00.04.G06" not in codes
    # A move signed for 2027 leaves the unit under its parent of today.
    moved = reg.find("G06.05").id
    run(reg.move(moved, reg.find("G06.01").id, pending))
    codes = list(_children(model, row.parent()))
    assert "000.00.05.G06" in codes
    assert [c.change for c in model.pending_of(moved)] == ["move"]
    # Today G06.01 has no children: the one it gets in 2027 draws no expand arrow.
    assert not model.hasChildren(model.index_of(model.node_for(reg.find("G06.01").id)))


def test_today_replays_only_the_units_changed_after_today(tmp_path, monkeypatch):
    """A count, not a time: the units replayed for today are those with later events."""
    with Registry.create(tmp_path / "wide.db") as reg:
        load_official(reg)
        made = reg.add_decision("1/QĐ-BKHCN", "2026-01-01", signed="2025-12-20")
        reg.create_units([NewUnit(f"G06.{i:02d}", f"Phòng {i}") for i in range(1, 91)], made)
        reg.create_units([NewUnit(f"G06.01.{i:02d}", f"Tổ {i}") for i in range(1, 91)], made)
        later = reg.add_decision("12/QĐ-BKHCN", LATER, signed="2026-11-20")
        for code in ("G06.07", "G06.01.33", "G06.55"):
            reg.rename(reg.find(code).id, "Tên mới " + code, later)
        pending_ids = {reg.find(c).id for c in ("G06.07", "G06.01.33", "G06.55")}
        replayed: list[int] = []
        real = asof.replay

        def counting(events, until=None):
            events = list(events)
            replayed.extend(e.unit_id for e in events)
            return real(events, until)

        monkeypatch.setattr(asof, "replay", counting)
        source = RegistrySource(reg)
        assert set(replayed) == pending_ids
        assert source.count is None  # no full pass on the GUI thread
        replayed.clear()
        asof.units_as_of(reg, today())
        assert set(replayed) == pending_ids
        replayed.clear()
        search(reg, "phong")
        assert set(replayed) == pending_ids
        replayed.clear()
        # Nothing pending, nothing replayed.
        monkeypatch.setenv(TODAY_VARIABLE, "2027-06-01")
        RegistrySource(reg)
        assert replayed == []


def test_window_details_and_decisions_mark_what_is_pending(qtbot, pending_db, tmp_path):
    from tests.uikit import make_window, select, wait_jobs

    window = make_window(qtbot, pending_db, tmp_path / "settings.ini")
    select(window, "G06.02")
    assert window.details.title.text() == OLD
    pending = window.details.value_text("pending")
    assert f"đổi tên thành {NEW} từ 01/01/2027, theo 12/QĐ-BKHCN" in pending
    assert "02/12/2026" in window.status.as_of.text()
    select(window, "G06.01")
    assert not window.details.values["pending"].isVisibleTo(window.details)
    # The search answers with today's names.
    window.search.edit.setText("phap che")
    window.search.refresh()
    assert [u.name for u in window.search.found] == [OLD]
    panel = window.decisions
    marks = {
        d.number: panel.table.item(r, 2).data(Qt.ItemDataRole.UserRole)
        for r, d in enumerate(panel.decisions)
    }
    assert marks["12/QĐ-BKHCN"] == "pending" and marks["1/QĐ-BKHCN"] is None
    # As of the date, the rename is in force and nothing is pending for the unit.
    window.as_of_view.set(LATER)
    wait_jobs(qtbot)
    select(window, "G06.02")
    assert window.details.title.text() == NEW
    assert not window.details.values["pending"].isVisibleTo(window.details)
    window.as_of_view.set(None)
    wait_jobs(qtbot)


def test_history_marks_pending_events_and_heads_with_today(cli, pending_db):
    rc, out, _ = cli("--db", str(pending_db), "history", "G06.02")
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"000.00.02.G06  {OLD}  (Đang hoạt động)")
    assert lines[-1].startswith(f"  {LATER}  Đổi tên") and lines[-1].endswith("[chờ hiệu lực]")
    assert "[chờ hiệu lực]" not in lines[1]


def test_history_pane_marks_pending_events(qtbot, pending_db, tmp_path):
    from tests.uikit import make_window, select

    window = make_window(qtbot, pending_db, tmp_path / "settings.ini")
    select(window, "G06.02")
    table = window.history.table
    labels = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert labels == ["Cấp mã mới", "Đổi tên (chờ hiệu lực)"]


def test_reading_pending_changes_does_not_walk_the_registry(tmp_path):
    """Counted in SQLite virtual-machine steps: ten times more units with no later event
    leave the cost of reading the pending changes (and of today's difference) unchanged."""
    with Registry.create(tmp_path / "grow.db") as reg:
        load_official(reg)
        made = reg.add_decision("1/QĐ-BKHCN", "2026-01-01", signed="2025-12-20")
        reg.create_units([NewUnit(f"G06.{i:02d}", f"Phòng {i}") for i in range(1, 91)], made)
        later = reg.add_decision("12/QĐ-BKHCN", LATER, signed="2026-11-20")
        reg.rename(reg.find("G06.07").id, "Phòng bảy", later)

        def steps() -> int:
            counted = [0]

            def tick() -> int:
                counted[0] += 1
                return 0

            reg.conn.set_progress_handler(tick, 50)
            try:
                assert list(asof.pending_changes(reg, TODAY)) == [reg.find("G06.07").id]
                as_of_difference(reg, TODAY, count=False)
            finally:
                reg.conn.set_progress_handler(None, 0)
            return counted[0]

        small = steps()
        for parent in range(1, 11):
            reg.create_units(
                [NewUnit(f"G06.{parent:02d}.{i:02d}", f"Tổ {i}") for i in range(1, 91)], made
            )
        assert reg.count_units() > 1000
        assert steps() <= small * 1.5 + 20


def test_window_counts_the_units_in_force_today(qtbot, pending_db, tmp_path):
    from tests.uikit import make_window, wait_jobs

    window = make_window(qtbot, pending_db, tmp_path / "settings.ini")
    wait_jobs(qtbot)
    with Registry.open(pending_db, readonly=True) as reg:
        in_tables = reg.count_units()
    assert window.session.unit_count == in_tables + 1  # G06.03 closes only in 2027


def test_as_of_a_past_date_pending_is_what_was_signed_then(cli, pending_db):
    """As of 2026-11-25 the decision signed on 2026-11-20 was waiting; as of 2026-06-01 it
    was not signed yet, so nothing was pending (though it was recorded later)."""
    rc, out, _ = cli(
        "--db", str(pending_db), "list", "--root", "G06", "--as-of", "2026-11-25", "--json"
    )
    units = {u["code"]: u for u in json.loads(out)}
    assert [p["change"] for p in units["000.00.02.G06"]["pending"]] == ["rename"]
    rc, out, _ = cli(
        "--db", str(pending_db), "list", "--root", "G06", "--as-of", "2026-06-01", "--json"
    )
    assert rc == 0
    assert all(u["pending"] is None for u in json.loads(out))
