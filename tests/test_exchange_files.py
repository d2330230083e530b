"""Broken files: exit 2, a one-line reason naming the file (and the sheet and row where it
applies), and the registry file byte for byte as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows the reader pulls from each sheet it opens (a count, whatever the machine)."""
    from desktop.exchange import reader

    counts: list[int] = []

    class Sheet:
        def __init__(self, sheet: Any) -> None:
            self.sheet = sheet

        def to_python(self, **kw: Any) -> list[list[Any]]:
            rows = self.sheet.to_python(**kw)
            counts.append(len(rows))
            return rows

        def __getattr__(self, name: str) -> Any:
            return getattr(self.sheet, name)

    class Book:
        def __init__(self, book: Any) -> None:
            self.book = book

        def get_sheet_by_name(self, name: str) -> Sheet:
            return Sheet(self.book.get_sheet_by_name(name))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.book, name)

    opening = reader._open_workbook
    monkeypatch.setattr(reader, "_open_workbook", lambda *a, **kw: Book(opening(*a, **kw)))
    return counts


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("hong_khong_phai_bang_tinh.xlsx", ["không phải là bảng tính"]),
        ("hong_bi_cat.xlsx", ["bị hỏng hoặc không đầy đủ"]),
        ("hong_co_mat_khau.xlsx", ["mật khẩu"]),
        ("hong_rong.xlsx", ["rỗng"]),
        ("hong_khong_tieu_de.xlsx", ["trang 'Danh sách'", "không tìm thấy dòng tiêu đề"]),
        ("hong_thieu_cot_ma.xlsx", ["trang 'Phụ lục', dòng 4", "không có cột 'Mã định danh'"]),
        ("hong_trieu_dong_trong.xlsx", ["trang 'Trang tính 1'", "không tìm thấy dòng tiêu đề"]),
    ],
)
@pytest.mark.parametrize("dry_run", [False, True])
def test_broken_file_exit_2_and_nothing_written(
    cli, official_db: Path, name: str, words: list[str], dry_run: bool, rows_read: list[int]
):
    before = digest(official_db)
    args = ["--db", str(official_db), "import", str(FIXTURES / name)]
    if dry_run:
        args.append("--dry-run")
    rc, out, err = cli(*args)
    assert rc == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"'{name}'" in lines[0]
    for word in words:
        assert word in lines[0]
    assert digest(official_db) == before
    assert not Path(str(official_db) + "-wal").exists()
    # A million empty rows are refused from the first ones: no sheet is read past its header
    # search.
    from desktop.exchange.reader import HEADER_SEARCH_ROWS

    assert all(n <= HEADER_SEARCH_ROWS for n in rows_read), rows_read
    if name == "hong_trieu_dong_trong.xlsx":
        assert rows_read  # its sheet was opened, and read no further than that


def test_unknown_sheet_is_bad_input(cli, official_db: Path):
    before = digest(official_db)
    rc, _, err = cli(
        "--db", str(official_db), "import", str(FIXTURES / "phu_luc_h59_2022.xlsx"), "--sheet", "X"
    )
    assert rc == 2 and "không có trang 'X'" in err and "phu_luc_h59_2022.xlsx" in err
    assert digest(official_db) == before


def test_missing_file_is_bad_input(cli, official_db: Path, tmp_path: Path):
    rc, _, err = cli("--db", str(official_db), "import", str(tmp_path / "khong-co.xlsx"))
    assert rc == 2 and "khong-co.xlsx" in err


def test_conflicting_import_leaves_the_file_unchanged(cli, official_db: Path):
    rc, _, _ = cli("--db", str(official_db), "import", str(FIXTURES / "phu_luc_h59_2022.xlsx"))
    assert rc == 0
    before = digest(official_db)
    rc, out, _ = cli("--db", str(official_db), "import", str(FIXTURES / "phu_luc_xung_dot.xlsx"))
    assert rc == 1 and "xung đột" in out
    assert digest(official_db) == before


def test_dry_run_leaves_the_file_unchanged(cli, official_db: Path):
    before = digest(official_db)
    rc, out, _ = cli(
        "--db",
        str(official_db),
        "import",
        str(FIXTURES / "phu_luc_h59_2022.xlsx"),
        "--dry-run",
    )
    assert rc == 0 and "Chạy thử" in out
    assert digest(official_db) == before
