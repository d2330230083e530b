"""New units without details are inserted naming only the columns they set
(``changes._INSERT_PLAIN_UNIT``): the registry holds exactly what the full row would have
written, whatever the mix of units with and without details in a batch."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.domain.codes import parse_code
from desktop.store import changes, ops
from desktop.store.registry import Registry

# A detail that is not a column: the event keeps it, the unit's row is the same without it. A
# unit that has it is written as a full row, so the two ways can be compared on one list.
NOT_A_COLUMN = {"source_row": "Phụ lục!9"}


def test_the_columns_a_plain_unit_leaves_out_have_no_default(reg: Registry):
    """Left out of the insert, a column takes its default: NULL only if it has none."""
    columns = {row[1]: row for row in reg.conn.execute("PRAGMA table_info(units)")}
    assert changes.PLAIN_OMITS and "address" in changes.PLAIN_OMITS
    for name in changes.PLAIN_OMITS:
        _cid, _name, _type, notnull, default, _pk = columns[name]
        assert default is None and not notnull, name


def _steps(under: int, marked: bool) -> list[changes.Step]:
    """A department of H59 and eleven offices under it, every third with an address, every
    fourth with a note (a column of its own); ``marked``: each also with a detail that is not a
    column."""
    head = changes.Step(
        changes.ADD,
        2,
        key=-100,
        code=parse_code("000.00.30.H59"),
        name="Sở thứ 30",
        parent=under,
        details=dict(NOT_A_COLUMN) if marked else {},
    )
    steps = [head]
    for n in range(1, 12):
        details: dict[str, str | None] = dict(NOT_A_COLUMN) if marked else {}
        if n % 3 == 0:
            details["address"] = f"Số {n} đường Trần Phú"
        if n % 4 == 0:
            details["note"] = f"Ghi chú {n}"
        steps.append(
            changes.Step(
                changes.ADD,
                3,
                key=-n,
                code=parse_code(f"000.{n:02d}.30.H59"),
                name=f"Phòng  số {n}",  # cleaned: one space
                parent=-100,
                details=details,
            )
        )
    return steps


def _write(path: Path, marked: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    monkeypatch.setattr(ops, "_stamp", lambda: "2026-01-01T00:00:00+00:00")
    with Registry.open(path) as reg:
        under = reg.find("H59").id
        with reg.write():
            decision = reg.add_decision("9/QĐ-UBND", "2024-03-01")
            applied = changes.apply_steps(
                reg, _steps(under, marked), decision, "2024-03-01", "import:x"
            )
        assert len(applied.created) == 12
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM units ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_batch_of_both_kinds_writes_the_rows_full_rows_would(
    official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Small chunks: each kind is handed over several times, interleaved with the other.
    monkeypatch.setattr(changes, "CHUNK_ROWS", 2)
    plain, full = tmp_path / "plain.db", tmp_path / "full.db"
    shutil.copyfile(official_db, plain)
    shutil.copyfile(official_db, full)
    statements: list[str] = []
    real = changes.insert_many

    def seen(conn: sqlite3.Connection, sql: str, rows) -> None:
        statements.append(sql)
        real(conn, sql, rows)

    monkeypatch.setattr(changes, "insert_many", seen)
    written = _write(plain, False, monkeypatch)
    assert changes._INSERT_PLAIN_UNIT in statements and ops._INSERT_UNIT in statements
    statements.clear()
    assert written == _write(full, True, monkeypatch)
    assert changes._INSERT_PLAIN_UNIT not in statements
    new = {row[1]: row for row in written if row[1].startswith("H59.30")}
    assert len(new) == 12
    columns = [d[1] for d in sqlite3.connect(plain).execute("PRAGMA table_info(units)")]
    office = dict(zip(columns, new["H59.30.02"]))
    assert office["name"] == "Phòng số 2" and office["status"] == "active"
    assert all(office[c] is None for c in changes.PLAIN_OMITS)
    assert office["valid_from"] == "2024-03-01" and office["decision_id"] is not None
    third = dict(zip(columns, new["H59.30.03"]))
    assert third["address"] == "Số 3 đường Trần Phú" and third["note"] is None
    assert dict(zip(columns, new["H59.30.04"]))["note"] == "Ghi chú 4"


def test_a_parent_in_its_childs_batch_is_inserted_first(reg: Registry):
    """Steps on one level where one unit is another's parent (the reconciler never makes them,
    levels keep them apart): the parent has details, the child none; inserted in id order, or
    the foreign key would refuse the child."""
    under = reg.find("H59").id
    steps = [
        changes.Step(
            changes.ADD,
            2,
            key=-1,
            code=parse_code("000.00.30.H59"),
            name="Sở A",
            parent=under,
            details={"email": "soa@h59.gov.vn"},
        ),
        changes.Step(
            changes.ADD, 2, key=-2, code=parse_code("000.01.30.H59"), name="Phòng B", parent=-1
        ),
    ]
    with reg.write():
        decision = reg.add_decision("10/QĐ-UBND", "2024-03-01")
        applied = changes.apply_steps(reg, steps, decision, "2024-03-01", "import:y")
    child = reg.unit(applied.created[-2])
    assert child.parent_id == applied.created[-1] and child.code == "H59.30.01"
    assert reg.unit(applied.created[-1]).email == "soa@h59.gov.vn"
