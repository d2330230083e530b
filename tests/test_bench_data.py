"""The national benchmark's data (tests/benchmarks/generate.py) is a registry like any other,
and the whole tree as of any date is the replay of its events, in code order."""

from __future__ import annotations

import random
import sys
import tracemalloc
from pathlib import Path

import pytest
from bigregistry import build

from desktop.domain.codes import from_canonical
from desktop.domain.history import replay
from desktop.domain.units import ACTIVE, DRAFT, Unit
from desktop.store.asof import changed_after, compare_with_replay, iter_units_as_of, units_as_of
from desktop.store.registry import UNIT_COLUMNS, Registry

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from generate import AS_OF, DECISIONS, add_history


@pytest.fixture(scope="module")
def history_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    path = build(
        tmp_path_factory.mktemp("bench") / "h.db",
        8000,
        realistic=True,
        level1_filled=8,
        wide_children=60,
    )
    with Registry.open(path) as reg:
        done = add_history(reg, random.Random(3), 0.08)
    return path, done


def test_the_history_is_recorded_through_the_operations(history_db):
    path, done = history_db
    assert [d[0] for d in DECISIONS] == list(done)
    assert done["101/QĐ-BNV"]["renamed"] >= 350
    assert done["215/QĐ-TTg"]["moved"] >= 100
    # A moved level-3 branch takes its level-4 units along: more events than moves.
    assert done["215/QĐ-TTg"]["events"] > done["215/QĐ-TTg"]["moved"]
    assert done["330/QĐ-UBND"]["merged"] >= 200
    assert done["77/QĐ-BNV"]["closed"] >= 400
    with Registry.open(path, readonly=True) as reg:
        assert reg.count_units(include_closed=True) == 8000
        assert compare_with_replay(reg).ok
        kinds = dict(reg.conn.execute("SELECT type, count(*) FROM events GROUP BY type"))
        assert {"rename", "move", "recode", "merge", "close"} <= set(kinds)
        assert len(changed_after(reg, AS_OF)) > 800


def _replayed_tree(reg: Registry, date: str, include_closed: bool) -> list[Unit]:
    """Every event replayed from nothing (not only the units changed since the date), sorted
    by the codes' own order."""
    state = replay(list(reg.events()), until=date)
    units = [
        Unit(id=uid, **{k: values.get(k) for k in UNIT_COLUMNS if k != "id"})
        for uid, values in state.units.items()
    ]
    shown = (ACTIVE, DRAFT, "closed") if include_closed else (ACTIVE, DRAFT)
    units = [u for u in units if u.status in shown]
    return sorted(units, key=lambda u: from_canonical(u.code, u.kind).sort_key)


@pytest.mark.parametrize(
    "date", ["2021-06-01", AS_OF, "2023-06-01", "2024-06-01", "2026-06-01", "2030-01-01"]
)
def test_whole_tree_as_of_a_date_is_the_replay_in_code_order(history_db, date: str):
    path, _ = history_db
    with Registry.open(path, readonly=True) as reg:
        for include_closed in (False, True):
            expected = _replayed_tree(reg, date, include_closed)
            found = units_as_of(reg, date, include_closed=include_closed)
            assert [u.code for u in found] == [u.code for u in expected]
            assert found == expected
            assert list(iter_units_as_of(reg, date, include_closed=include_closed)) == expected


def test_the_streamed_tree_holds_only_the_replayed_units(history_db):
    """Streaming the whole tree as of a date holds the units replayed (changed since) and one
    page of the table's cursor, not the tree: its peak allocation is a fraction of the list's."""
    path, _ = history_db

    def peak(run) -> int:
        tracemalloc.start()
        try:
            run()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    with Registry.open(path, readonly=True) as reg:
        # A date after most of the history: few units replayed, most of the tree streamed.
        assert 0 < len(changed_after(reg, "2026-06-01")) < 1000
        listed = peak(lambda: len(units_as_of(reg, "2026-06-01")))
        streamed = peak(lambda: sum(1 for _ in iter_units_as_of(reg, "2026-06-01")))
    assert streamed * 3 < listed, (streamed, listed)


def test_the_generated_registry_validates_without_errors(tmp_path: Path):
    """Every level-1 body gets units (G38-G40 too, which start on 2025-04-14), none dated
    before its body starts, and the decision history keeps the registry clean."""
    from desktop.store.validation import validate_registry

    path = build(tmp_path / "v.db", 6000, realistic=True, wide_children=40)
    with Registry.open(path) as reg:
        add_history(reg, random.Random(5), 0.02)
        late = reg.conn.execute(
            "SELECT p.code, count(*), min(u.valid_from) FROM units u JOIN units p "
            "ON p.id = u.parent_id WHERE p.level = 1 AND p.valid_from > '2021-01-01' "
            "GROUP BY p.code"
        ).fetchall()
        assert {code for code, n, _ in late if n} >= {"G38", "G39", "G40"}
        assert all(first >= "2025-04-14" for _, _, first in late)
        report = validate_registry(reg)
        assert report.errors == 0, [f.message for f in report.findings if f.severity == "error"]
