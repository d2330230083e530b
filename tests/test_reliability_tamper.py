"""Tampered, foreign and stale registries, CI-sized by case count (tests/reliability/tamper.py)."""

from __future__ import annotations

from pathlib import Path

from reliability import tamper


def test_tampered_registries_are_found_refused_or_set_aside(tmp_path: Path) -> None:
    summary = tamper.run(40, tmp_path, seed=3)
    assert summary.failures == []
    assert summary.cases == 40
    assert set(summary.families) == set(tamper.FAMILIES)
    # A writer killed with changes in its -wal: the stale case was really exercised.
    assert summary.skipped["stale-wal"] < summary.families["stale-wal"]
