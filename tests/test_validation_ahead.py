"""A whole-registry validation of many events scans the events table on a connection of its own
while the unit pass reads the units (``validation._Ahead``): the findings are the same as when
the caller's connection runs every statement, and whatever goes wrong on the side only leaves
the statements to the caller."""

from __future__ import annotations

import pytest

from desktop.store import validation
from desktop.store.registry import Registry
from desktop.store.validation import validate_registry


@pytest.fixture()
def defects(reg: Registry, tree: dict[str, int], dec: int) -> dict[str, int]:
    """A change effective before its decision was signed, and a change recorded after one
    effective later: both found by the scans of the events table (``decision.dates``)."""
    early = reg.create_unit("H59.03", "Sở Y tế", dec, effective="2025-05-01").created[0]
    later = reg.add_decision("200/QĐ-UBND", "2025-09-01")
    change = reg.rename(tree["H59.02"], "Sở Tư pháp tỉnh", later)
    reg.conn.execute(
        "UPDATE events SET effective = '2025-01-01' WHERE id = ?", (change.event_ids[0],)
    )
    return {"early": early, "disorder": tree["H59.02"]}


def _dates(reg: Registry) -> list[tuple[str, int | None, str]]:
    return [
        (f.rule, f.unit_id, f.message)
        for f in validate_registry(reg).findings
        if f.rule == "decision.dates"
    ]


def _main_statements(reg: Registry) -> list[str]:
    """Validate, and list the statements the caller's connection ran."""
    seen: list[str] = []
    reg.conn.set_trace_callback(seen.append)
    try:
        validate_registry(reg)
    finally:
        reg.conn.set_trace_callback(None)
    return seen


def _scans(statements: list[str]) -> list[str]:
    return [s for s in statements if "NOT INDEXED" in s or "LAG(e.id)" in s]


def _all(reg: Registry) -> list[tuple[str, int | None, str]]:
    return [(f.rule, f.unit_id, f.message) for f in validate_registry(reg).findings]


def test_the_scans_run_ahead_and_find_what_the_caller_finds(
    reg: Registry, defects: dict[str, int], monkeypatch: pytest.MonkeyPatch
):
    alone, everything = _dates(reg), _all(reg)
    assert {u for _, u, _ in alone} == set(defects.values())
    assert len(_scans(_main_statements(reg))) == 2
    monkeypatch.setattr(validation, "_AHEAD_FROM_EVENTS", 0)
    assert _dates(reg) == alone and _all(reg) == everything
    # The caller's connection ran neither scan: they came from the other one.
    assert _scans(_main_statements(reg)) == []


def test_a_side_that_cannot_run_leaves_the_scans_to_the_caller(
    reg: Registry, defects: dict[str, int], monkeypatch: pytest.MonkeyPatch
):
    alone = _dates(reg)
    monkeypatch.setattr(validation, "_AHEAD_FROM_EVENTS", 0)

    def refused(*args: object, **kwargs: object) -> None:
        raise validation.sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(validation.sqlite3, "connect", refused)
    assert _dates(reg) == alone
    assert len(_scans(_main_statements(reg))) == 2


def test_inside_a_transaction_the_caller_runs_the_scans(
    reg: Registry, tree: dict[str, int], dec: int, monkeypatch: pytest.MonkeyPatch
):
    """Changes not yet committed are seen by the caller's connection alone."""
    monkeypatch.setattr(validation, "_AHEAD_FROM_EVENTS", 0)

    class Back(Exception):
        pass

    with pytest.raises(Back), reg.write():
        uid = reg.create_unit("H59.03", "Sở Y tế", dec, effective="2025-05-01").created[0]
        found = _dates(reg)
        raise Back
    assert [u for _, u, _ in found] == [uid]
    assert _dates(reg) == []


def test_a_stopped_validation_stops_the_side(
    reg: Registry, defects: dict[str, int], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(validation, "_AHEAD_FROM_EVENTS", 0)
    monkeypatch.setattr(validation, "_PROGRESS_EVERY", 50)
    threads: list[validation._Ahead] = []
    real = validation._Ahead.__init__

    def kept(self: validation._Ahead, *args: object) -> None:
        real(self, *args)  # type: ignore[arg-type]
        threads.append(self)

    monkeypatch.setattr(validation._Ahead, "__init__", kept)
    report = validate_registry(reg, progress=lambda done, total: False)
    assert report.cancelled and len(threads) == 1
    assert not threads[0]._thread.is_alive()
