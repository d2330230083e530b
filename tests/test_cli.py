"""The command-line contract (design.md §3), exactly as the acceptance checks call it."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import desktop.cli as cli_main


def test_check_code_acceptance(cli):
    rc, out, _ = cli(
        "check-code",
        "000.00.01.H59",
        "H59.01.02.001",
        "0100109106",
        "0100233480",
        "000.01.00.G14",
        "--json",
    )
    assert rc == 1  # ran, and found invalid codes
    items = json.loads(out)
    assert [i["input"] for i in items] == [
        "000.00.01.H59",
        "H59.01.02.001",
        "0100109106",
        "0100233480",
        "000.01.00.G14",
    ]
    a, b, c, d, e = items
    assert (
        a["valid"] and a["level"] == 2 and a["parent"] == "000.00.00.H59" and a["qd20"] == "H59.01"
    )
    assert b["valid"] and b["level"] == 4 and b["qcvn102"] == "001.02.01.H59"
    assert c["valid"] and c["kind"] == "enterprise"
    assert not d["valid"] and d["kind"] == "enterprise"
    assert d["errors"][0]["id"] == "enterprise.checksum"
    assert not e["valid"] and e["errors"][0]["id"] == "code.level-gap"
    keys = {
        "input",
        "valid",
        "kind",
        "notation",
        "level",
        "level1",
        "parent",
        "qcvn102",
        "qd20",
        "normalized",
        "errors",
    }
    assert all(set(i) == keys for i in items)


def test_check_code_all_valid_exits_zero(cli):
    rc, out, _ = cli("check-code", "G14")
    assert rc == 0 and "hợp lệ" in out and "000.00.00.G14" in out


def test_init_list_history_acceptance(cli, tmp_path: Path):
    db = str(tmp_path / "r.db")
    rc, out, err = cli("init", db)
    assert rc == 0, err
    rc, out, _ = cli("--db", db, "list", "--all", "--json")
    assert rc == 0
    units = json.loads(out)
    assert len(units) == 202
    assert set(units[0]) == {
        "code",
        "name",
        "level",
        "parent",
        "status",
        "kind",
        "valid_from",
        "valid_to",
        "decision",
        "pending",
    }
    by_code = {u["code"]: u for u in units}
    assert by_code["000.00.00.G10"]["name"] == "Bộ Nông nghiệp và Môi trường"
    assert {f"000.00.00.G{n}" for n in (38, 39, 40)} <= set(by_code)

    rc, out, _ = cli("--db", db, "list", "--json")
    active = json.loads(out)
    assert len(active) == 190 - 58  # Nghị quyết 202/2025/QH15 closed 29 provinces and councils
    assert "000.00.00.G14" not in {u["code"] for u in active}

    rc, out, _ = cli("--db", db, "list", "--as-of", "2021-01-01", "--json")
    then = {u["code"]: u for u in json.loads(out)}
    assert then["000.00.00.G14"]["status"] == "active"
    assert then["000.00.00.H57"]["name"] == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"

    rc, out, _ = cli("--db", db, "history", "000.00.00.G14", "--json")
    assert rc == 0
    events = json.loads(out)
    assert [e["type"] for e in events] == ["create", "close"]
    assert events[0]["decision"]["number"] == "20/2020/QĐ-TTg"
    assert events[1]["decision"]["number"] == "09/2025/QĐ-TTg"
    assert events[1]["successors"] == ["000.00.00.G06"]


def test_list_root_and_text_output(cli, official_db: Path):
    rc, out, _ = cli("--db", str(official_db), "list", "--root", "H57")
    assert rc == 0 and "Ủy ban nhân dân thành phố Huế" in out and "1 đơn vị" in out


def test_init_empty_and_refuses_existing(cli, tmp_path: Path):
    db = tmp_path / "e.db"
    assert cli("init", str(db), "--empty")[0] == 0
    rc, out, _ = cli("--db", str(db), "list", "--json")
    assert rc == 0 and json.loads(out) == []
    before = db.read_bytes()
    rc, _, err = cli("init", str(db))
    assert rc == 2 and "đã tồn tại" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["list", "--as-of", "2021-13-01"], "không hợp lệ"),
        (["list", "--root", "000.01.00.G14"], "cấp trên phải có trước"),
        (["history", "H59.99"], "Không có đơn vị"),
        (["list", "--bogus"], "lệnh không hợp lệ"),
    ],
)
def test_bad_input_exit_2_one_line(cli, official_db: Path, args: list[str], needle: str):
    before = official_db.read_bytes()
    rc, _, err = cli("--db", str(official_db), *args)
    assert rc == 2
    assert needle in err
    assert len([line for line in err.splitlines() if line.startswith("madinhdanh:")]) == 1
    assert official_db.read_bytes() == before


def test_missing_or_foreign_registry(cli, tmp_path: Path):
    rc, _, err = cli("--db", str(tmp_path / "none.db"), "list")
    assert rc == 2 and "Không tìm thấy" in err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"PK\x03\x04 not a database")
    rc, _, err = cli("--db", str(junk), "list")
    assert rc == 2 and "không phải là sổ" in err


def test_internal_error_exit_3(cli, official_db: Path, monkeypatch: pytest.MonkeyPatch):
    import desktop.store.asof as asof

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(asof, "units_as_of", boom)
    rc, _, err = cli("--db", str(official_db), "list")
    assert rc == 3 and "nhật ký" in err


def test_python_dash_m_and_console_script(tmp_path: Path):
    """``python -m desktop`` and the ``madinhdanh`` entry point are the same program."""
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "check-code", "H59.01", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["qcvn102"] == "000.00.01.H59"


_HEAVY = ("PySide6", "openpyxl", "python_calamine", "sqlite_utils", "viparse")


def _modules_loaded_by(*args: str) -> set[str]:
    """The heavy packages a command has loaded by the time it returns, in a fresh process."""
    probe = (
        "import sys; from desktop.cli import main; rc = main(sys.argv[1:]); "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({_HEAVY!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1].replace("'", '"')))


def test_short_commands_load_only_what_they_use(cli, official_db: Path):
    """Each command imports its own work: checking a code loads neither Qt, the workbook
    libraries nor the store; reading the registry does not load sqlite-utils (the migrations)."""
    assert _modules_loaded_by("check-code", "G14") == set()
    assert _modules_loaded_by("rules") == set()
    assert _modules_loaded_by("--db", str(official_db), "list", "--root", "G14") == set()
    assert _modules_loaded_by("--db", str(official_db), "history", "G14") == set()
    # A unit with a change not yet in effect: the list reads its decision too.
    rc, _, err = cli(
        "--db", str(official_db), "add", "H59.01", "Văn phòng",
        "--decision", "9/QĐ-UBND", "--issuer", "UBND tỉnh", "--effective", "2999-01-01",
    )  # fmt: skip
    assert rc == 0, err
    assert _modules_loaded_by("--db", str(official_db), "list", "--root", "H59") == set()
    # The commands that need them still get them.
    assert "viparse" in _modules_loaded_by("--db", str(official_db), "validate", "--json")


def _all_modules_loaded_by(*args: str) -> set[str]:
    probe = (
        "import sys, json; from desktop.cli import main; rc = main(sys.argv[1:]); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_a_command_builds_only_its_modules_parser(official_db: Path):
    """Naming a command builds only its module's sub-commands: ``check-code`` does not load
    the report, signing, decision or safety modules (nor what their parsers import), and a
    reader does not load the socket module the write lock names its host with."""
    others = {f"desktop.cli.{m}" for m in cli_main.COMMAND_MODULES} - {"desktop.cli.basic"}
    loaded = _all_modules_loaded_by("check-code", "G14")
    assert not loaded & others
    assert not {m for m in loaded if m.startswith("desktop.reports")}
    assert not loaded & {"desktop.store.registry", "sqlite3"}  # the level-1 list is a CSV
    assert not loaded & {"desktop.domain.decision_edits", "importlib.resources", "platformdirs"}
    loaded = _all_modules_loaded_by("--db", str(official_db), "history", "G14")
    assert not loaded & others
    assert "socket" not in loaded
    assert "desktop.cli.validate" in _all_modules_loaded_by("rules")


def test_the_command_table_names_each_modules_commands():
    """``COMMANDS`` (which module a command line needs) is what the modules register."""
    registered = {}
    for name in cli_main.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"desktop.cli.{name}").register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert registered == cli_main.COMMANDS
    assert cli_main.named_command(["--db", "list", "history", "x"]) == "history"
    assert cli_main.named_command(["--db=x", "rules"]) == "rules"
    assert cli_main.named_command(["-h", "rules"]) is None
    assert cli_main.named_command([]) is None


def test_help_lists_every_command(cli):
    rc, out, _ = cli("--help")
    assert rc == 0
    assert all(name in out for name in cli_main.COMMANDS)


def test_init_ignores_a_stale_journal(cli, tmp_path: Path):
    """A registry deleted without its -wal file: a new one at that path must not inherit it."""
    old = tmp_path / "old.db"
    assert cli("init", str(old))[0] == 0
    import sqlite3

    conn = sqlite3.connect(old)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE stale_marker (x)")  # rewrites page 1, the schema
    conn.commit()
    wal = Path(str(old) + "-wal")
    stale = wal.read_bytes()
    conn.close()
    target = tmp_path / "new.db"
    Path(str(target) + "-wal").write_bytes(stale)
    assert cli("init", str(target), "--empty")[0] == 0
    rc, out, _ = cli("--db", str(target), "list", "--all", "--json")
    assert rc == 0 and json.loads(out) == []
    conn = sqlite3.connect(target)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "stale_marker" not in names
