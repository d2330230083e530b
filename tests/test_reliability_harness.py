"""The kill harness and the soak, CI-sized. The long runs are documented commands (README).

Every bound here is a count the harness guarantees by construction (it waits for a drawn
operation before killing, or has the worker stop inside a write), never what happened to fit in
some seconds: a loaded machine runs the same cases, only slower.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability import killharness, soak
from reliability.workload import new_registry


@pytest.mark.slow
def test_killed_workers_leave_every_operation_whole_or_absent(tmp_path: Path):
    summary = killharness.run_work(
        40, workdir=tmp_path, seed=7, spawn="fork", max_delay=0.02, ops=(1, 12), first_op=80
    )
    assert summary.failures == []
    assert summary.kills == summary.survived == 40
    # The kills landed among real work, not only before it: the operations the harness waited
    # for all finished (or were refused), and some kills fell inside a write.
    assert summary.ops_awaited > 200
    assert summary.ops_done + summary.ops_refused >= summary.ops_awaited
    assert summary.in_flight["absent"] >= summary.paused > 5
    # The first worker's 79 operations are the same in every run: every kind of work is there.
    assert len(summary.kinds_done) >= 8


@pytest.mark.slow
def test_killed_imports_are_whole_or_absent(tmp_path: Path):
    summary = killharness.run_work(
        8,
        workdir=tmp_path,
        seed=13,
        spawn="fork",
        max_delay=0.05,
        import_weight=60,
        kind="import",
        ops=(2, 4),
        paused_share=0.5,
    )
    assert summary.failures == [] and summary.survived == 8
    # Each kill waited for the worker to start a drawn import: those before it finished.
    assert summary.ops_awaited > 5
    imports = summary.kinds_done["import"] + summary.kinds_refused["import"]
    assert imports >= summary.ops_awaited
    assert summary.kinds_done["import"] > 0
    assert summary.paused > 0


@pytest.mark.slow
def test_killed_fresh_interpreters_too(tmp_path: Path):
    summary = killharness.run_work(4, workdir=tmp_path, seed=8, spawn="exec", max_delay=0.02)
    assert summary.failures == [] and summary.survived == 4


@pytest.mark.slow
def test_killed_restores_leave_one_copy_or_the_other(tmp_path: Path):
    summary = killharness.run_restore(12, workdir=tmp_path, seed=9, max_delay=0.02)
    assert summary.failures == [] and summary.survived == 12
    assert summary.ops_done >= summary.ops_awaited > 0
    # Kills made between the safety copy and the write: in flight in every run.
    assert summary.in_flight["restore"] >= summary.paused > 0


def test_harness_sees_a_partial_operation(tmp_path: Path):
    """The checker is not blind: an operation half written (no transaction) is caught."""
    from desktop.store.registry import Registry

    path = tmp_path / "r.db"
    new_registry(path)
    with Registry.open(path) as reg:
        before = killharness._state(reg)
        d = reg.add_decision("1/QĐ-KT", "2025-06-01")
        after_decision = killharness._state(reg)
        records = [
            {"phase": "start", "events": before[0], "head": before[1], "decisions": before[2]},
            {
                "phase": "intent",
                "op": 1,
                "kind": "decision",
                "events": 0,
                "decisions": 1,
                "before_events": before[0],
                "before_head": before[1],
                "before_decisions": before[2],
            },
            {
                "phase": "done",
                "op": 1,
                "events": after_decision[0],
                "head": after_decision[1],
                "decisions": after_decision[2],
            },
            {
                "phase": "intent",
                "op": 2,
                "kind": "merge",
                "events": 3,
                "decisions": 0,
                "before_events": after_decision[0],
                "before_head": after_decision[1],
                "before_decisions": after_decision[2],
            },
        ]
        # Two of the three events of a merge, as a broken store would leave them.
        with reg.write():
            reg._append_events(
                [
                    {"unit_id": 5, "type": "merge", "decision_id": d, "effective": "2025-06-01"},
                    {"unit_id": 6, "type": "merge", "decision_id": d, "effective": "2025-06-01"},
                ]
            )
        summary = killharness.Summary()
        problems = killharness.check_work_log(reg, records, before, summary)
    assert len(problems) == 1 and "partial" in problems[0]


@pytest.mark.slow
def test_soak_loses_nothing_and_leaves_nothing_to_find(tmp_path: Path):
    result = soak.soak(2000, tmp_path / "soak.db", seed=11)
    assert result.ops == 2000
    assert result.lost == [] and result.verify_problems == []
    assert result.validated and result.errors == []
    assert sum(result.refused.values()) == 0, result.refusals
    assert {"create", "rename", "move", "merge", "split", "close", "undo"} <= set(result.kinds)
