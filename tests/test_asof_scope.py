"""A body's subtree as of a date replays only the changed units that may have been in it."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.domain.units import NewUnit
from desktop.store import asof


@pytest.fixture()
def replayed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the units whose histories the as-of views replay."""
    seen: list[int] = []
    real = asof._replayed_units

    def spy(reg: Any, ids: Any, date: str, on_progress: Any = None) -> Any:
        ids = list(ids)
        seen.extend(ids)
        return real(reg, ids, date, on_progress)

    monkeypatch.setattr(asof, "_replayed_units", spy)
    return seen


def test_a_subtree_as_of_replays_only_what_may_have_been_in_it(reg, dec, tree, replayed):
    reg.create_units([NewUnit("H58.01", "Sở Nội vụ"), NewUnit("H58.02", "Sở Tài chính")], dec)
    later = reg.add_decision("9/QĐ-UBND", "2025-08-01", signed="2025-07-20")
    moved = tree["H59.01.02"]
    reg.move(moved, reg.find("H58.01").id, later)  # leaves H59 after the date
    elsewhere = reg.find("H58.02").id
    reg.rename(elsewhere, "Sở Tài chính tỉnh", later)  # never under H59

    then = asof.units_as_of(reg, "2025-07-01", root="H59", include_closed=True)

    # The unit that left the body afterwards is still in it on the date, with its old code ...
    assert [u.code for u in then if u.id == moved] == ["H59.01.02"]
    assert [u.code for u in then] == ["H59", "H59.01", "H59.01.01", "H59.01.02", "H59.02"]
    # ... and the change elsewhere in the registry is neither replayed nor shown.
    assert moved in replayed
    assert elsewhere not in replayed


def test_a_body_that_holds_nothing_replays_nothing(reg, dec, tree, replayed):
    reg.create_units([NewUnit("H58.01", "Sở Nội vụ")], dec)
    later = reg.add_decision("9/QĐ-UBND", "2025-08-01", signed="2025-07-20")
    reg.rename(reg.find("H58.01").id, "Sở Nội vụ tỉnh", later)
    reg.rename(tree["H59.02"], "Sở Tư pháp tỉnh", later)

    then = asof.units_as_of(reg, "2025-07-01", root="G14", include_closed=True)

    assert [u.code for u in then] == ["G14"]
    assert replayed == []
