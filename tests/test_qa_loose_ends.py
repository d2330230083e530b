"""Loose ends a clerk trips on: day-first dates, error cells, the level-1 row's name, the
appendix of one decision exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture()
def db(tmp_path: Path, cli) -> Path:
    path = tmp_path / "so.db"
    rc, _, err = cli("init", str(path))
    assert rc == 0, err
    return path


def _count(out: str, group: str) -> int:
    return sum(
        1
        for u in json.loads(out)
        if u["code"].endswith(tuple(f"{group}{n:02d}" for n in range(100)))
    )


@pytest.mark.parametrize("typed", ["30/06/2025", "30-06-2025", "30.06.2025", "2025-06-30"])
def test_dates_typed_day_first_are_read_as_the_same_day(db, cli, typed):
    rc, out, err = cli("--db", str(db), "list", "--as-of", typed, "--json")
    assert rc == 0, err
    assert _count(out, "H") == 63


def test_a_short_day_first_date_is_read(db, cli):
    rc, out, err = cli("--db", str(db), "list", "--as-of", "1/7/2025", "--json")
    assert rc == 0, err
    assert _count(out, "H") == 34


@pytest.mark.parametrize("typed", ["31/02/2025", "14/04/25", "2025/04/14", "04/14/2025"])
def test_an_impossible_or_ambiguous_date_is_refused_in_one_line(db, cli, typed):
    rc, out, err = cli("--db", str(db), "list", "--as-of", typed)
    assert rc == 2 and out == ""
    assert typed in err and len(err.strip().splitlines()) == 1


def test_an_operation_takes_its_effective_date_day_first(db, cli):
    rc, out, err = cli(
        "--db",
        str(db),
        "add",
        "H29.01",
        "Văn phòng Ủy ban nhân dân thành phố",
        "--decision",
        "12/QĐ-UBND",
        "--signed",
        "02/01/2026",
        "--effective",
        "5/1/2026",
        "--json",
    )
    assert rc == 0, out + err
    rc, out, _ = cli("--db", str(db), "list", "--root", "H29", "--json")
    unit = next(u for u in json.loads(out) if u["code"] == "000.00.01.H29")
    assert unit["valid_from"] == "2026-01-05"
