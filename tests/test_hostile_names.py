"""Names garbled on import, soft hyphens and non-characters (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

from desktop.domain import validator as v
from desktop.domain.text import clean_name
from desktop.store.registry import Registry

GARBLED = "Sở Giỏo dục và Đàoưtạo"  # "Sở Giáo dục và Đào\u00adtạo" read as TCVN3


def test_soft_hyphen_and_non_characters_never_stored() -> None:
    raw = "Sở\u00ad Tư\ufffe pháp\U0001fffe\ufdd0\uffff"
    assert clean_name(raw) == "Sở Tư pháp"


def test_non_characters_are_a_finding() -> None:
    findings = v.check_name("Sở Tư\ufffe pháp")
    assert [f.rule for f in findings] == ["name.control-chars"]
    assert "U+FFFE" in findings[0].message


def test_garbled_words_found() -> None:
    assert v.garbled_words(GARBLED) == ["Đàoưtạo"]
    assert v.garbled_words("Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh Đường Người") == []
    assert [f.rule for f in v.check_name(GARBLED)] == ["name.garbled"]
    assert not v.name_is_clean(GARBLED) and v.VIETNAMESE_NAME.fullmatch(GARBLED) is None


def test_import_of_a_soft_hyphen_name_is_never_stored_garbled(
    official_db: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Tên cơ quan, đơn vị", "Mã định danh"])
    ws.append([1, "Sở Giáo dục và Đào\u00adtạo", "000.00.01.H59"])
    ws.append([2, "Sở Tư pháp", "000.00.02.H59"])
    book = tmp_path / "mem.xlsx"
    wb.save(book)
    cli(
        "--db",
        str(official_db),
        "import",
        str(book),
        "--decision",
        "1/QĐ-UBND",
        "--effective",
        "2025-06-01",
    )
    with Registry.open(official_db, readonly=True) as reg:
        names = [u.name for u in reg.all_units()]
    assert not any(v.garbled_words(n) or "\u00ad" in n for n in names)


def test_registry_wide_check_finds_garbled_names(
    official_db: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    # A name an older version stored garbled.
    with Registry.open(official_db) as reg:
        decision = reg.add_decision("2/QĐ-UBND", "2025-06-01")
        reg.rename(reg.find("G06").id, GARBLED, decision)
    rc, out, _err = cli("--db", str(official_db), "validate", "--json")
    assert rc == 1
    assert "name.garbled" in out and "Đàoưtạo" in out
