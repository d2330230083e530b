"""An import that only adds units is judged before anything is written (issue 17).

``validation.validate_with_new`` proves the new units plain on the values they would be written
with; a dry run of such an import then writes nothing, and an applied one does not read back
what it wrote. Here every list is imported twice into copies of one registry, as a dry run and
applied, with the proof and with it switched off (everything written, then validated): the
findings, the blocking errors and the registry written are the same, and the proof is used
exactly where it should be.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fixtures import qa_lists, real_lists
from openpyxl import Workbook

from desktop.exchange import importer
from desktop.exchange.importer import import_appendix
from desktop.store.registry import Registry

LINE = "(Kèm theo Quyết định số {number} ngày {day} của UBND tỉnh Trà Vinh)"
FIRST = [
    ["Sở Nội vụ", "000.00.01.H59"],
    ["Sở Tư pháp", "000.00.02.H59"],
    *[[f"Phòng {b} của sở {a}", f"000.{b:02d}.{a:02d}.H59"] for a in (1, 2) for b in range(1, 40)],
    *[[f"Tổ {c} phòng {b}", f"{c:03d}.{b:02d}.01.H59"] for b in (1, 2) for c in range(1, 40)],
]


def _list(path: Path, rows: list[list], number: str = "12/QĐ-UBND", day: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["PHỤ LỤC"])
    ws.append([LINE.format(number=number, day=day or "5 tháng 1 năm 2024")])
    ws.append([])
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
    wb.save(path)
    return path


# Each scenario: what is in the registry first (lists applied), the list judged, the options of
# the import, and whether the proof can judge it unwritten.
Scenario = tuple[list[Callable[[Path], Path]], Callable[[Path], Path], dict[str, Any], bool]


def _first(path: Path) -> Path:
    return _list(path, FIRST, "10/QĐ-UBND", "2 tháng 1 năm 2024")


def _more(rows: list[list], **kw: Any) -> Callable[[Path], Path]:
    return lambda path: _list(path, rows, **kw)


SCENARIOS: dict[str, Scenario] = {
    "first list": ([], _first, {}, True),
    "additions to it": (
        [_first],
        _more([*FIRST, ["Sở Y tế", "000.00.03.H59"], ["Phòng 1 sở 3", "000.01.03.H59"]]),
        {},
        True,
    ),
    # decision.pending: the create events are not in force yet.
    "effective later": ([], _first, {"effective": "2099-05-01", "signed": "2099-04-01"}, True),
    # decision.dates (the decision half): it takes effect before it was signed.
    "effective before signing": (
        [],
        _first,
        {"effective": "2024-01-02", "signed": "2024-03-01"},
        True,
    ),
    # decision.before-codes; and every new unit starts before its level-1 parent did.
    "before the codes": ([], _first, {"effective": "2015-06-01"}, False),
    # A new code under a sibling's name: the unit recoded, not a twin.
    "a sibling's name (a recode)": ([_first], _more([["Sở  nội vụ", "000.00.04.H59"]]), {}, False),
    "twins among the new": (
        [],
        _more([["Sở Nội vụ", "000.00.01.H59"], ["Sở nội vụ", "000.00.02.H59"]]),
        {},
        False,
    ),
    "an invisible mark": ([], _more([["Sở\u200e Nội vụ", "000.00.01.H59"]]), {}, False),
    "under a later parent": (
        [_first],
        _more([["Phòng 50", "000.50.01.H59"]], number="9/QĐ-UBND", day="2 tháng 1 năm 2023"),
        {},
        False,
    ),
    "a renaming too": (
        [_first],
        _more([["Sở Nội vụ mới", "000.00.01.H59"], ["Sở Y tế", "000.00.03.H59"]]),
        {},
        False,
    ),
    "province (real quirks)": ([], real_lists.province_list, {}, True),
    "TCVN3": ([], real_lists.tcvn3_list, {}, True),
    "VNI (every row a conflict)": ([], real_lists.vni_list, {}, False),
    "party (a new level-1 body)": ([], real_lists.party_list, {}, False),
    "ministry with enterprises": ([], real_lists.ministry_list, {}, False),
    # Before the level-1 list of 2020: the unit pass judges the dates.
    "Quảng Ninh 2016": ([], qa_lists.quang_ninh_2016, {}, False),
    "G14 2022 (ending with the body)": ([], qa_lists.g14_2022, {}, False),
    "Trà Vinh 2021 by level": ([], qa_lists.tra_vinh_2021_by_level, {}, True),
    "typos": ([], qa_lists.typos, {}, True),
    "Lâm Đồng 2019 TCVN3": ([], qa_lists.lam_dong_2019_tcvn3, {}, False),
    "Hà Giang 2019 TCVN3": ([], qa_lists.ha_giang_2019_tcvn3, {}, True),
}

_STAND_IN = re.compile(r"~chay-thu-[0-9a-f]+")


def _seen(findings: list) -> list[tuple]:
    """The findings as a clerk reads them (a dry run's stand-in decision has a random name)."""
    return [
        (f.rule, f.severity, f.code, f.sheet, f.row, _STAND_IN.sub("~", f.message))
        for f in findings
    ]


def _written(reg: Registry) -> tuple:
    """Every row an import writes, but what differs by the clock and chance (when it was
    recorded, its group's random part, and so the hashes)."""
    q = reg.conn.execute
    return (
        q("SELECT * FROM units ORDER BY id").fetchall(),
        q(
            "SELECT id, unit_id, type, before, after, decision_id, effective FROM events "
            "ORDER BY id"
        ).fetchall(),
        q("SELECT * FROM codes_used ORDER BY code").fetchall(),
        q("SELECT id, number, signed, effective, type FROM decisions ORDER BY id").fetchall(),
        q("SELECT rowid, folded_name FROM units_fts ORDER BY rowid").fetchall(),
    )


def _run(db: Path, scenario: Scenario, folder: Path, proved: list[bool]) -> tuple:
    before, judged, options, _ = scenario
    with Registry.open(db) as reg:
        for n, make in enumerate(before):
            assert import_appendix(reg, make(folder / f"before-{n}.xlsx")).applied
        path = judged(folder / "judged.xlsx")
        proved.clear()
        dry = import_appendix(reg, path, dry_run=True, **options)
        dry_proved = list(proved)
        given = dict(options)
        if not dry.decision.number:
            given["number"] = "99/QĐ-THU"
        if not dry.decision.effective:
            given.setdefault("effective", "2024-06-01")
        real = import_appendix(reg, path, **given)
        return (
            (_seen(dry.findings), _seen(dry.new_errors), dry.changeset.counts, dry.applied),
            (_seen(real.findings), _seen(real.new_errors), real.applied),
            _written(reg),
            dry_proved,
        )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_judged_unwritten_as_written(
    name: str, official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    scenario = SCENARIOS[name]
    proved: list[bool] = []
    validate_with_new = importer.validate_with_new

    def recording(*args: Any, **kwargs: Any) -> Any:
        found = validate_with_new(*args, **kwargs)
        proved.append(found is not None and found.plain())
        return found

    monkeypatch.setattr(importer, "validate_with_new", recording)
    runs = []
    for way in ("proof", "written"):
        if way == "written":
            monkeypatch.setattr(importer, "_judged_unwritten", lambda *args: None)
        db = tmp_path / f"{way}.db"
        shutil.copyfile(official_db, db)
        folder = tmp_path / way
        folder.mkdir()
        runs.append(_run(db, scenario, folder, proved))
    (dry, real, written, dry_proved), (dry_w, real_w, written_w, _) = runs
    assert dry == dry_w
    assert real == real_w
    assert written == written_w
    # The proof judged the dry run unwritten exactly where it can.
    assert any(dry_proved) == scenario[3], dry_proved
    if scenario[3]:
        assert dry[3] is False and dry[2]["added"] > 0


def test_a_proved_dry_run_writes_nothing(official_db: Path, tmp_path: Path):
    """Not even for a moment: no unit row is inserted, so nothing can be left behind."""
    with Registry.open(official_db) as reg:
        inserted: list[str] = []
        reg.conn.set_trace_callback(
            lambda sql: inserted.append(sql) if sql.lstrip().upper().startswith("INSERT") else None
        )
        dry = import_appendix(reg, _first(tmp_path / "a.xlsx"), dry_run=True)
        reg.conn.set_trace_callback(None)
        assert dry.changeset.counts["added"] == len(FIRST) and not dry.blocked
        # The stand-in decision only (rolled back with the transaction).
        tables = {re.match(r"INSERT INTO (\w+)", s).group(1) for s in inserted}  # type: ignore[union-attr]
        assert "decisions" in tables and not tables & {"units", "events", "codes_used"}


def test_a_write_that_fails_rolls_back_and_leaves_no_judge_running(
    official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The new units' tests run on a thread while SQLite writes: a write that fails (here a
    code taken behind the reconciler's back) still rolls the whole import back, and the thread
    is gone when the import returns."""
    with Registry.open(official_db) as reg:
        path = _first(tmp_path / "a.xlsx")
        before = _written(reg)
        apply_steps = importer.store_changes.apply_steps

        def taken_meanwhile(reg: Registry, *args: Any, **kwargs: Any) -> Any:
            reg.conn.execute(
                "INSERT INTO codes_used (code, unit_id, event_id, first_used) "
                "VALUES ('H59.02', 1, NULL, '2024-01-01')"
            )
            return apply_steps(reg, *args, **kwargs)

        monkeypatch.setattr(importer.store_changes, "apply_steps", taken_meanwhile)
        # The judging thread (and the writing one) from a few units on, as for a large list.
        monkeypatch.setattr(importer.store_changes, "WRITE_BEHIND_FROM", 10)
        judging: list[str] = []
        plain = importer.Unwritten.plain
        monkeypatch.setattr(
            importer.Unwritten,
            "plain",
            lambda self: judging.append(threading.current_thread().name) or plain(self),
        )
        with pytest.raises(sqlite3.IntegrityError):
            import_appendix(reg, path)
        assert _written(reg) == before
        assert [name.startswith("madinhdanh-judge") for name in judging] == [True]
        assert not [t for t in threading.enumerate() if t.name.startswith("madinhdanh-judge")]
