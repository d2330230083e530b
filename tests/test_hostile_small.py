"""The smaller holes of the hostile audit (issue 16), each from a hostile input made here."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.domain.errors import InvalidInput
from desktop.exchange.reader import AppendixError, read_appendix
from desktop.store.errors import RegistryError
from desktop.store.registry import Registry
from desktop.store.settings import write_settings
from tests.reliability import hostile

ROOT = Path(__file__).resolve().parents[1]
Cli = Callable[..., tuple[int, str, str]]


def _child(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    # The timeout only guards the test run against a hang; nothing is measured by it.
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_full_disk_is_a_refusal_not_a_crash(official_db: Path) -> None:
    before = official_db.read_bytes()
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (50, 50))\n"
        "from desktop.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1], 'settings', 'place=Bến Tre']))\n"
    )
    done = _child(code, str(official_db))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "ổ đĩa đầy" in lines[0]
    assert official_db.read_bytes() == before


def test_fifo_as_input_is_refused_without_waiting(official_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "phu_luc.xlsx"
    os.mkfifo(fifo)
    code = "import sys\nfrom desktop.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    done = _child(code, "--db", str(official_db), "import", str(fifo), "--dry-run")
    assert done.returncode == 2
    assert "không phải là một tệp thông thường" in done.stderr


def test_file_names_with_line_breaks_and_bad_bytes_give_one_line(
    official_db: Path, tmp_path: Path, cli: Cli
) -> None:
    name = os.fsdecode(b"phu\nluc\xff.xlsx")
    book = tmp_path / name
    book.write_bytes(b"not a workbook at all")
    rc, _out, err = cli("--db", str(official_db), "import", str(book), "--dry-run")
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "phu\\nluc\ufffd.xlsx" in lines[0]


def test_export_to_a_long_vietnamese_file_name(official_db: Path, tmp_path: Path, cli: Cli):
    target = tmp_path / ("ư" * 120 + "a.xlsx")
    assert len(target.name.encode()) == 246
    rc, _out, err = cli("--db", str(official_db), "export", str(target))
    assert rc == 0, err
    assert target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_partials_of_a_killed_export_are_removed(official_db: Path, tmp_path: Path, cli: Cli):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id nobody holds now
    left = [
        tmp_path / f".madinhdanh-{dead.pid}-0a1b2c3d.partial",
        tmp_path / f".ra.xlsx.{dead.pid}.partial",
    ]
    for path in left:
        path.write_bytes(b"half an export")
    mine = tmp_path / f".madinhdanh-{os.getpid()}-0a1b2c3d.partial"
    mine.write_bytes(b"an export still being written")
    other = tmp_path / ".khong-phai.partial"
    other.write_bytes(b"not ours")
    rc, _out, err = cli("--db", str(official_db), "export", str(tmp_path / "ra.xlsx"))
    assert rc == 0, err
    assert not any(p.exists() for p in left)
    assert mine.exists() and other.exists()


def test_no_op_import_records_nothing(official_db: Path, tmp_path: Path, cli: Cli) -> None:
    book = hostile.appendix_xlsx(tmp_path / "a.xlsx", rows=3)
    args = ("--db", str(official_db), "import", str(book), "--json")
    rc, out, err = cli(*args, "--decision", "7/QĐ-UBND", "--effective", "2025-06-01")
    assert rc == 0 and json.loads(out)["decision"]["import_id"], err
    rc, out, err = cli(*args, "--decision", "8/QĐ-UBND", "--effective", "2025-07-01")
    assert rc == 0, err
    assert json.loads(out)["decision"]["import_id"] is None
    with Registry.open(official_db, readonly=True) as reg:
        assert reg.decision_by_number("8/QĐ-UBND") is None


def test_a_million_character_name_is_refused(tmp_path: Path) -> None:
    strings = ["STT", "Tên cơ quan, đơn vị", "Mã định danh", "Sở " * 350_000, "000.00.01.H59"]
    sheet = (
        hostile._SHEET_HEAD
        + b'<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>'
        + b'<row r="2"><c><v>1</v></c><c t="s"><v>3</v></c><c t="s"><v>4</v></c></row>'
        + hostile._SHEET_TAIL
    )
    book = hostile._minimal_xlsx(tmp_path / "ten_dai.xlsx", sheet, strings)
    with pytest.raises(AppendixError, match="dòng 2: tên dài"):
        read_appendix(book)


def test_a_name_over_the_limit_is_refused_by_the_store(reg: Registry) -> None:
    from desktop.domain.text import MAX_NAME_LENGTH

    decision = reg.add_decision("3/QĐ-UBND", "2025-06-01")
    with pytest.raises(InvalidInput, match="tên dài"):
        reg.rename(reg.find("G06").id, "Sở " * (MAX_NAME_LENGTH // 3 + 2), decision)


def test_bidi_controls_in_settings_are_refused(reg: Registry) -> None:
    with pytest.raises(InvalidInput, match="U\\+202E"):
        write_settings(reg, {"issuer_name": "SỞ \u202eỤV IỘN"})
    assert reg.meta("issuer_name") is None


def test_hard_link_cannot_get_past_the_one_writer_lock(official_db: Path, tmp_path: Path):
    other = tmp_path / "ten_khac.db"
    os.link(official_db, other)
    with pytest.raises(RegistryError, match="liên kết cứng"):
        Registry.open(other)
    with Registry.open(other, readonly=True) as reg:
        assert reg.count_units() > 0
    conn = sqlite3.connect(official_db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
