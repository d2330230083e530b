"""Broken files: exit 2, a one-line reason naming the file (and the sheet and row where it
applies), and the registry file byte for byte as it was."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
    cli, official_db: Path, name: str, words: list[str], dry_run: bool
):
    before = digest(official_db)
    args = ["--db", str(official_db), "import", str(FIXTURES / name)]
    if dry_run:
        args.append("--dry-run")
    started = time.perf_counter()
    rc, out, err = cli(*args)
    elapsed = time.perf_counter() - started
    assert rc == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"'{name}'" in lines[0]
    for word in words:
        assert word in lines[0]
    assert digest(official_db) == before
    assert not Path(str(official_db) + "-wal").exists()
    assert elapsed < 10  # a million empty rows are refused from the first ones


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
