"""The import applied after its dry run takes what the dry run found, when nothing changed since.

The window reads a list, runs the dry run, shows it to the clerk and applies the same rows with
the same options; the registry and the rows then give the same changeset and findings again, so
the applied import only writes them (``import_appendix(..., reviewed=dry)``). Here every list of
``test_import_unwritten`` is applied both ways, into copies of one registry: the findings and
every row written are the same, and the review is taken exactly when it still holds: not after
another commit, another option, another reading of the file, or another day.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from test_import_unwritten import SCENARIOS, Scenario, _first, _list, _seen, _written

from desktop.exchange import importer
from desktop.exchange.importer import import_appendix
from desktop.exchange.reader import read_appendix
from desktop.store.registry import Registry


@pytest.fixture
def reconciled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per reconcile the importer runs (the tests clear it before the run they
    count)."""
    runs: list[str] = []
    reconcile = importer.reconcile

    def counting(*args: Any, **kwargs: Any) -> Any:
        runs.append("run")
        return reconcile(*args, **kwargs)

    monkeypatch.setattr(importer, "reconcile", counting)
    return runs


def _apply(db: Path, scenario: Scenario, folder: Path, review: bool, runs: list[str]) -> tuple:
    before, judged, options, _ = scenario
    with Registry.open(db) as reg:
        for n, make in enumerate(before):
            assert import_appendix(reg, make(folder / f"before-{n}.xlsx")).applied
        appendix = read_appendix(judged(folder / "judged.xlsx"))
        dry = import_appendix(reg, appendix, dry_run=True, **options)
        given = dict(options)
        if not dry.decision.number:
            given["number"] = "99/QĐ-THU"
        if not dry.decision.effective:
            given.setdefault("effective", "2024-06-01")
        runs.clear()
        real = import_appendix(reg, appendix, reviewed=dry if review else None, **given)
        return (
            (_seen(real.findings), _seen(real.new_errors), real.applied, real.changeset.counts),
            _written(reg),
            len(runs),
            given == options,
        )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_applied_after_its_review_as_afresh(
    name: str, official_db: Path, tmp_path: Path, reconciled: list[str]
):
    outcomes = []
    for way in ("reviewed", "afresh"):
        db = tmp_path / f"{way}.db"
        shutil.copyfile(official_db, db)
        folder = tmp_path / way
        folder.mkdir()
        outcomes.append(_apply(db, SCENARIOS[name], folder, way == "reviewed", reconciled))
    (real, written, runs, same_options), (real_a, written_a, runs_a, _) = outcomes
    assert real == real_a
    assert written == written_a
    assert runs_a == 1
    # Taken as found exactly when the applied import asked for what the dry run did.
    assert runs == (0 if same_options else 1)


def _first_read(tmp_path: Path) -> tuple[Path, Any]:
    """The first list of Trà Vinh's units, written and read once."""
    path = _first(tmp_path / "first.xlsx")
    return path, read_appendix(path)


def test_a_commit_since_the_review_is_seen(
    official_db: Path, tmp_path: Path, reconciled: list[str]
):
    """Another program adds a unit with one of the list's codes after the dry run: the applied
    import reconciles again and finds it there (a stale changeset would add it twice and fail
    on the used code)."""
    _, appendix = _first_read(tmp_path)
    with Registry.open(official_db) as reg:
        dry = import_appendix(reg, appendix, dry_run=True)
        assert dry.changeset.counts["added"] == len(appendix.rows)
    other = _list(tmp_path / "other.xlsx", [["Sở Nội vụ", "000.00.01.H59"]], "11/QĐ-UBND")
    with Registry.open(official_db) as reg:
        assert import_appendix(reg, other).applied
    with Registry.open(official_db) as reg:
        reconciled.clear()
        real = import_appendix(reg, appendix, reviewed=dry)
        assert reconciled == ["run"]
        assert real.applied
        assert real.changeset.counts["added"] == len(appendix.rows) - 1
        # That list's act is later than this one's: this one is its earlier basis.
        assert real.changeset.counts["basis"] == 1, real.changeset.counts


def test_a_commit_between_the_check_and_the_transaction_is_seen(
    official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reconciled: list[str]
):
    """The state is checked again inside the applying transaction: a commit by another
    program just before it (here while the automatic copy is looked for) sends the import back
    to be done afresh, and it writes what the registry then calls for."""
    _, appendix = _first_read(tmp_path)
    with Registry.open(official_db) as reg:
        dry = import_appendix(reg, appendix, dry_run=True)
    backup_before = importer.backup_before
    calls = []

    def meanwhile(reg: Registry, *args: Any, **kwargs: Any) -> Any:
        if not calls:
            other = sqlite3.connect(official_db)
            other.execute("UPDATE meta SET value = 'someone else' WHERE key = 'write_token'")
            other.commit()
            other.close()
        calls.append(1)
        return backup_before(reg, *args, **kwargs)

    monkeypatch.setattr(importer, "backup_before", meanwhile)
    used = "SELECT count(*) FROM codes_used"
    with Registry.open(official_db) as reg:
        before = reg.conn.execute(used).fetchone()[0]
        reconciled.clear()
        real = import_appendix(reg, appendix, reviewed=dry)
        assert reconciled == ["run"]
        assert real.applied and real.changeset.counts["added"] == len(appendix.rows)
        assert len(calls) == 2  # once for each attempt
        assert reg.conn.execute(used).fetchone()[0] == before + len(appendix.rows)


@pytest.mark.parametrize(
    "change",
    ["another reading of the file", "another effective date", "another day", "a dry run again"],
)
def test_the_review_holds_only_for_the_same_rows_options_and_day(
    change: str,
    official_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reconciled: list[str],
):
    path, appendix = _first_read(tmp_path)
    options: dict[str, Any] = {}
    with Registry.open(official_db) as reg:
        dry = import_appendix(reg, appendix, dry_run=True)
        if change == "another reading of the file":
            appendix = read_appendix(path)
        elif change == "another effective date":
            options["effective"] = "2024-02-01"
        elif change == "another day":
            monkeypatch.setattr(importer, "today", lambda: "2999-01-01")
        reconciled.clear()
        again = import_appendix(
            reg, appendix, dry_run=change == "a dry run again", reviewed=dry, **options
        )
        assert reconciled == ["run"]
        assert again.changeset.counts["added"] == len(appendix.rows)


@pytest.mark.parametrize("rows", [1, 15, 16, 40])
def test_the_search_index_holds_every_new_unit(rows: int, official_db: Path, tmp_path: Path):
    """New units are indexed by the trigger one by one, or from a few on all at once after
    they are written: either way FTS5's own check finds the index equal to the units, and a
    search finds the last one."""
    first = [["Sở Nội vụ", "000.00.01.H59"]]
    more = [[f"Phòng Xúc tiến số {n}", f"000.{n:02d}.01.H59"] for n in range(1, rows)]
    with Registry.open(official_db) as reg:
        assert import_appendix(reg, _list(tmp_path / "a.xlsx", first + more)).applied
        # A renaming and more units at once, after them.
        renamed = [["Sở Nội vụ và Lao động", "000.00.01.H59"], *more]
        renamed += [[f"Tổ Lưu trữ {n}", f"{n:03d}.01.01.H59"] for n in range(1, rows)]
        assert import_appendix(reg, _list(tmp_path / "b.xlsx", renamed, "13/QĐ-UBND")).applied
        reg.conn.execute("INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)")
        found = reg.conn.execute(
            "SELECT count(*) FROM units_fts WHERE units_fts MATCH ?", ('"luu tru"',)
        ).fetchone()[0]
        assert found == rows - 1
        assert (
            reg.conn.execute(
                "SELECT count(*) FROM units_fts WHERE units_fts MATCH ?", ('"lao dong"',)
            ).fetchone()[0]
            >= 1
        )
