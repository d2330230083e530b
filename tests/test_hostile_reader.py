"""Hostile workbooks the audit of issue 16 found: each built here, each refused with one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.exchange import reader
from desktop.exchange.isolated import read_appendix_isolated
from desktop.exchange.reader import AppendixError, read_appendix
from tests.reliability import hostile

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.mark.parametrize("name", ["phu_luc.xlsb", "phu_luc.xlsx"])
def test_xlsb_far_cell_is_refused_not_an_abort(tmp_path: Path, name: str) -> None:
    book = hostile.xlsb_far_cell(tmp_path / name)
    assert book.stat().st_size < 2048
    done = _cli("--db", str(tmp_path / "so.db"), "import", str(book), "--dry-run", cwd=tmp_path)
    assert done.returncode == 2, done.stderr[-500:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and ".xlsb" in lines[0], lines


def test_parser_panic_is_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class PanicException(BaseException):  # what pyo3 raises for a Rust panic
        pass

    def panics(_path: Path) -> None:
        raise PanicException("index out of bounds")

    book = hostile.appendix_xlsx(tmp_path / "a.xlsx")
    monkeypatch.setattr(reader, "_open_workbook", panics)
    with pytest.raises(AppendixError, match="bị hỏng"):
        read_appendix(book)


def test_million_rows_read_or_refused_within_a_gigabyte(tmp_path: Path) -> None:
    book = hostile.million_rows_xlsx(tmp_path / "trieu_dong.xlsx")
    assert book.stat().st_size < 50 * 2**20
    probe = textwrap.dedent(
        f"""
        import json, resource
        from desktop.exchange.reader import read_appendix
        from desktop.domain.errors import KnownError
        try:
            outcome = len(read_appendix({str(book)!r}).rows)
        except KnownError as exc:
            outcome = str(exc)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps([outcome, peak]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    outcome, peak = json.loads(done.stdout)
    assert peak < 2**30, f"peak {peak / 2**20:.0f} MB"
    assert (isinstance(outcome, int) and outcome == 1_048_575) or "quá nhiều dòng" in str(outcome)


def test_title_area_is_looked_up_in_linear_time() -> None:
    compared = 0

    class Cell(str):
        def __eq__(self, other: object) -> bool:
            nonlocal compared
            compared += 1
            return str.__eq__(self, other)

        __hash__ = str.__hash__

    cells = 2_000
    rows = [[Cell(f"Tiêu đề {r}-{c}") for c in range(100)] for r in range(cells // 100)]
    titles: list[str] = []
    reader._title_area(rows, "Phụ lục", reader.DecisionHint(), titles)
    assert len(titles) == cells
    assert compared <= cells


def test_wide_title_area_reads(tmp_path: Path) -> None:
    book = hostile.wide_title_xlsx(tmp_path / "tieu_de_rong.xlsx", columns=300, title_rows=20)
    appendix = read_appendix(book)
    assert len(appendix.rows) == 1 and len(appendix.titles) == 6_000


def test_xls_named_xlsx_reads_as_what_it_is(tmp_path: Path) -> None:
    real = read_appendix(FIXTURES / "phu_luc_h59_2022.xls")
    misnamed = shutil.copy(FIXTURES / "phu_luc_h59_2022.xls", tmp_path / "phu_luc.xlsx")
    appendix = read_appendix(misnamed)
    assert [r.code_text for r in appendix.rows] == [r.code_text for r in real.rows]


def test_isolated_read_returns_the_appendix(tmp_path: Path) -> None:
    book = hostile.appendix_xlsx(tmp_path / "a.xlsx", rows=5)
    appendix = read_appendix_isolated(book)
    assert appendix is not None and len(appendix.rows) == 5


def test_isolated_read_survives_a_parser_that_aborts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sitecustomize that aborts the reading child the way a native parser does.
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(
        "import os, sys\nif 'desktop.exchange.isolated' in ' '.join(sys.argv) or "
        "sys.argv[:1] == ['-m']:\n    os.abort()\n"
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hooks), str(ROOT)]))
    book = hostile.appendix_xlsx(tmp_path / "a.xlsx", rows=5)
    with pytest.raises(AppendixError, match="dừng đột ngột"):
        read_appendix_isolated(book)
