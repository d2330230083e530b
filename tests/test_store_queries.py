"""The named queries the layers above the store ask for (desktop/store/queries.py)."""

from __future__ import annotations

from desktop.store import queries
from desktop.store.registry import Registry


def decision(reg: Registry, number_part: str):
    return next(d for d in reg.decisions() if number_part in d.number)


def test_code_changes_of_the_2025_amendment(reg: Registry):
    amendment, first = decision(reg, "09/2025"), decision(reg, "20/2020")
    changes = queries.code_changes(reg)
    # QĐ 09/2025 closed 12 codes (5 with successors; G37, reserved and never assigned, among
    # them); QĐ 20/2020 only assigned codes.
    assert [e.type for e in changes] == ["close"] * 12
    assert all(e.decision_id == amendment.id for e in changes)
    assert sum(1 for e in changes if e.successors) == 5
    assert queries.code_changes(reg, decision_id=first.id) == []
    assert queries.code_changes(reg, as_of="2025-01-01") == []
    assert queries.code_changes(reg, decision_id=amendment.id, as_of="2025-12-31") == changes


def test_events_by_unit_group_decision_and_period(reg: Registry):
    g14 = reg.holder("G14")
    assert g14 is not None
    own = queries.events_of_units(reg, [g14.id])
    assert [e.type for e in own] == ["create", "close"]
    assert queries.events_of_decision(reg, decision(reg, "09/2025").id)[-1].type == "close"
    assert queries.events_in_period(reg, date_from="2025-01-01", under=g14) == own[1:]
    assert queries.events_in_period(reg, date_to="2024-12-31", under=g14) == own[:1]
    if own[1].group_id:
        assert own[1] in queries.events_of_group(reg, own[1].group_id)


def test_codes_holders_and_decision_numbers(reg: Registry):
    g14 = reg.holder("G14")
    assert g14 is not None
    assert queries.unit_ids_by_codes(reg, [g14.code, "000.00.00.Z99"]) == [g14.id]
    assert queries.code_holders(reg, [g14.code, "000.00.00.Z99"]) == {g14.code: g14.id}
    numbers = queries.decision_numbers(reg)
    assert sorted(numbers.values()) == sorted(d.number for d in reg.decisions())


def test_a_decision_keeps_the_first_source_it_came_from(reg: Registry):
    d = decision(reg, "09/2025")
    with reg.write():
        queries.attach_decision_source(reg, d.id, "phu-luc-1.xlsx", "a" * 64)
        queries.attach_decision_source(reg, d.id, "phu-luc-2.xlsx", "b" * 64)
    kept = decision(reg, "09/2025")
    assert (kept.source_file, kept.source_sha256) == ("phu-luc-1.xlsx", "a" * 64)
