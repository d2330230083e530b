"""Back-filled units under a parent whose code changed later (issue 11, domain.md §7).

A 2019 list entered after the registry records that its departments were renumbered or moved
in 2022: the units start under the parent as it was in 2019 and follow it in 2022, as children
always follow their parent's recode or move. Everything through the command line, as a clerk
types it; after each change ``validate`` and ``verify`` are clean, ``list --as-of`` shows each
date's truth, and the undo restores the state before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures import qa_lists

from desktop.store.registry import Registry

D17 = ["--decision", "1000/QĐ-UBND", "--effective", "2017-05-10", "--issuer", "UBND tỉnh Lâm Đồng"]
D22 = ["--decision", "500/QĐ-UBND", "--effective", "2022-04-01"]
D19 = ["--decision", "1520/QĐ-UBND", "--effective", "2019-08-20"]
DATES = ("2019-01-01", "2020-01-01", "2023-01-01", "2025-01-01", None)


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    """Lâm Đồng with three departments from 2017; in 2022 one is renumbered (14 → 41) and
    another moved under the Sở Nội vụ (a level-2 body becomes level 3)."""
    path = tmp_path / "so.db"
    assert cli("init", str(path))[0] == 0
    d = str(path)
    for code, name in (
        ("000.00.02.H36", "Sở Nội vụ"),
        ("000.00.14.H36", "Sở Thông tin và Truyền thông"),
        ("000.00.20.H36", "Ban Dân tộc"),
    ):
        assert cli("--db", d, "add", code, name, *D17)[0] == 0
    assert cli("--db", d, "recode", "000.00.14.H36", "000.00.41.H36", *D22)[0] == 0
    rc, _, err = cli("--db", d, "move", "000.00.20.H36", "000.00.02.H36", *D22)
    assert rc == 0, err
    return path


def _units(cli, db: Path, as_of: str | None = None) -> dict[str, dict]:
    args = ["--db", str(db), "list", "--all", "--json", "--root", "H36"]
    rc, out, err = cli(*args, *(["--as-of", as_of] if as_of else []))
    assert rc == 0, err
    return {u["code"]: u for u in json.loads(out)}


def _views(cli, db: Path) -> dict[str | None, dict[str, dict]]:
    return {d: _units(cli, db, d) for d in DATES}


def _clean(cli, db: Path) -> None:
    rc, out, _ = cli("--db", str(db), "validate", "--json")
    assert rc == 0 and json.loads(out)["errors"] == 0, out
    rc, out, err = cli("--db", str(db), "verify")
    assert rc == 0, out + err


def _snapshot(db: Path) -> tuple:
    with Registry.open(db, readonly=True) as reg:
        return tuple(
            reg.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("units", "events", "codes_used", "decisions")
        )


def test_a_2019_list_follows_departments_renumbered_and_moved_in_2022(db, cli, tmp_path):
    book = qa_lists.lam_dong_2019_level3(tmp_path / "ld2019.xlsx")
    before_views = _views(cli, db)
    before = _snapshot(db)
    # The changeset says what the units will follow, before anything is written.
    rc, out, err = cli("--db", str(db), "import", str(book), "--dry-run", "--json")
    assert rc == 0, out + err
    result = json.loads(out)
    assert result["added"] == 4 and result["conflicts"] == 0 and not result["applied"]
    follows = {f["code"]: f for f in result["follows_parent"]}
    assert {c: f["new_code"] for c, f in follows.items()} == {
        "000.01.14.H36": "000.01.41.H36",
        "000.02.14.H36": "000.02.41.H36",
        "001.02.14.H36": "001.02.41.H36",
        "000.01.20.H36": "001.20.02.H36",  # under the moved body: one level down, 3 digits
    }
    assert all(f["effective"] == "2022-04-01" for f in follows.values())
    assert all(f["decision"] == "Quyết định số 500/QĐ-UBND" for f in follows.values())
    assert _snapshot(db) == before
    rc, out, err = cli("--db", str(db), "import", str(book))
    assert rc == 0, out + err
    assert "đổi mã theo đơn vị cấp trên" in out
    _clean(cli, db)
    # Each date shows its truth: the 2019 codes until 2022, the followed ones after.
    then = _units(cli, db, "2020-01-01")
    assert then["000.01.14.H36"]["parent"] == "000.00.14.H36"
    assert then["001.02.14.H36"]["parent"] == "000.02.14.H36"
    assert then["000.01.20.H36"]["parent"] == "000.00.20.H36"
    assert "000.01.41.H36" not in then
    assert "000.01.14.H36" not in _units(cli, db, "2019-01-01")
    for date in ("2023-01-01", None):
        now = _units(cli, db, date)
        assert now["000.01.41.H36"]["parent"] == "000.00.41.H36"
        assert now["001.02.41.H36"]["parent"] == "000.02.41.H36"
        assert now["001.20.02.H36"]["parent"] == "000.20.02.H36"
        assert now["001.20.02.H36"]["level"] == 4
        assert not {"000.01.14.H36", "000.02.14.H36", "000.01.20.H36"} & set(now)
    rc, out, _ = cli("--db", str(db), "history", "001.20.02.H36", "--json")
    events = json.loads(out)
    assert [e["label"] for e in events] == ["Cấp mã mới", "Đổi mã theo đơn vị cấp trên"]
    assert events[1]["effective"] == "2022-04-01"
    assert events[1]["decision"]["number"] == "500/QĐ-UBND"
    # The old codes stay issued: another body cannot take them.
    rc, _, err = cli("--db", str(db), "add", "000.01.14.H36", "Phòng khác", *D19)
    assert rc == 1 and "000.01.14.H36" in err
    # Undone, every date shows what it showed before.
    rc, out, err = cli("--db", str(db), "undo-import")
    assert rc == 0, out + err
    assert _views(cli, db) == before_views
    _clean(cli, db)


def test_a_unit_added_by_hand_follows_its_parents_later_recode(db, cli):
    d = str(db)
    before_views = _views(cli, db)
    rc, out, err = cli("--db", d, "add", "000.01.14.H36", "Văn phòng Sở", *D19, "--json")
    assert rc == 0, err
    lines = json.loads(out)["changes"]
    assert [(c["label"], c["code"], c["effective"]) for c in lines] == [
        ("Cấp mã mới", "000.01.14.H36", "2019-08-20"),
        ("Đổi mã theo đơn vị cấp trên", "000.01.41.H36", "2022-04-01"),
    ]
    _clean(cli, db)
    assert _units(cli, db, "2020-01-01")["000.01.14.H36"]["parent"] == "000.00.14.H36"
    assert _units(cli, db)["000.01.41.H36"]["parent"] == "000.00.41.H36"
    # The parent's recode cannot be annulled under the unit that followed it.
    rc, out, _ = cli("--db", d, "history", "000.00.41.H36", "--json")
    recode = next(e["event_id"] for e in json.loads(out) if e["type"] == "recode")
    before = _snapshot(db)
    rc, _, err = cli("--db", d, "annul", str(recode))
    assert rc == 1 and "000.01.41.H36" in err and "hủy việc nhập đơn vị đó trước" in err
    assert _snapshot(db) == before
    # The unit's own creation is annulled with what it followed.
    rc, out, _ = cli("--db", d, "history", "000.01.41.H36", "--json")
    create = next(e["event_id"] for e in json.loads(out) if e["type"] == "create")
    assert cli("--db", d, "annul", str(create))[0] == 0
    assert _views(cli, db) == before_views
    _clean(cli, db)
    # Both codes it held stay issued.
    for code in ("000.01.14.H36", "000.01.41.H36"):
        rc, _, err = cli("--db", d, "add", code, "Phòng khác", *D19)
        assert rc == 1 and "không được cấp lại" in err


def test_a_unit_follows_the_recode_then_ends_with_its_merged_parent(db, cli):
    d = str(db)
    merger = ["--decision", "75/QĐ-UBND", "--effective", "2024-10-01"]
    rc, _, err = cli("--db", d, "merge", "000.00.41.H36", "--into", "000.00.02.H36", *merger)
    assert rc == 0, err
    rc, out, err = cli("--db", d, "add", "000.01.14.H36", "Văn phòng Sở", *D19, "--json")
    assert rc == 0, err
    lines = json.loads(out)["changes"]
    assert [(c["label"], c["effective"]) for c in lines] == [
        ("Cấp mã mới", "2019-08-20"),
        ("Đổi mã theo đơn vị cấp trên", "2022-04-01"),
        ("Đóng theo đơn vị cấp trên", "2024-10-01"),
    ]
    _clean(cli, db)
    assert _units(cli, db, "2023-01-01")["000.01.41.H36"]["status"] == "active"
    now = _units(cli, db)["000.01.41.H36"]
    assert now["status"] == "closed" and now["valid_to"] == "2024-10-01"


def test_a_followed_code_held_by_another_unit_is_refused(db, cli, tmp_path):
    d = str(db)
    later = ["--decision", "88/QĐ-UBND", "--effective", "2023-02-01"]
    assert cli("--db", d, "add", "000.01.41.H36", "Văn phòng Sở (2023)", *later)[0] == 0
    before = _snapshot(db)
    rc, _, err = cli("--db", d, "add", "000.01.14.H36", "Văn phòng Sở", *D19)
    assert rc == 1 and "000.01.41.H36" in err and "Văn phòng Sở (2023)" in err
    assert _snapshot(db) == before
    book = qa_lists.lam_dong_2019_level3(tmp_path / "ld2019.xlsx")
    rc, out, _ = cli("--db", d, "import", str(book), "--json")
    result = json.loads(out)
    assert rc == 1 and not result["applied"]
    reason = next(f["message"] for f in result["findings"] if f["code"] == "000.01.14.H36")
    assert "000.01.41.H36" in reason and "2022" in reason
    assert _snapshot(db) == before


def test_a_unit_cannot_start_under_a_code_its_parent_took_later(db, cli):
    before = _snapshot(db)
    rc, _, err = cli("--db", str(db), "add", "000.01.41.H36", "Văn phòng Sở", *D19)
    assert rc == 1
    assert "000.00.41.H36" in err and "01/04/2022" in err and "000.00.14.H36" in err
    assert _snapshot(db) == before
