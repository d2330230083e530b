"""Hostile input: bounds checked before parsing, named attacks refused, mutations never crash.

The long run (10,000 cases) is a documented command: tests/reliability/fuzz_import.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability import fuzz_import, hostile

from desktop.exchange import limits


def sheet(rows: bytes) -> bytes:
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


def test_extent_of_an_ordinary_sheet_is_its_named_places():
    rows = b"".join(
        f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="F{i}" t="s"><v>0</v></c></row>'.encode()
        for i in range(1, 120_001)
    )
    rows_n, cols = limits._xlsx_extent(sheet(rows))
    assert rows_n * cols <= limits.MAX_CELLS  # a 120,000-row appendix passes
    assert limits._xlsx_extent(sheet(b'<row r="7"><c r="AB7"/></row>'))[1] >= 28
    far = sheet(b'<row r="3"><c r="A3"/></row><row r="900000"><c r="C900000"/></row>')
    assert limits._xlsx_extent(far) == (900_000, 3)


def test_extent_without_named_places_is_walked_like_the_reader():
    # Rows and cells without r take the next place: 3 rows, the widest with 4 cells.
    rows = b"<row><c/><c/></row><row><c/><c/><c/><c/></row><x:row><x:c/></x:row>"
    assert limits._xlsx_extent(sheet(rows)) == (3, 4)
    mixed = b'<row r="10"><c r="C10"/><c/></row><row><c/></row>'
    assert limits._xlsx_extent(sheet(mixed)) == (11, 4)


def test_ods_repetitions_count_but_trailing_empties_do_not():
    def content(rows: str) -> bytes:
        return (
            '<office:document-content xmlns:table="t" xmlns:office="o"><office:body>'
            f"<table:table>{rows}</table:table></office:body></office:document-content>"
        ).encode()

    full = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    # What every spreadsheet program writes after the data: a million empty rows.
    tail = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert limits._ods_extents(content(f"<table:table-row>{full * 3}</table:table-row>{tail}")) == [
        (1, 3)
    ]
    repeated = f'<table:table-row table:number-rows-repeated="5000">{full}</table:table-row>'
    assert limits._ods_extents(content(repeated)) == [(5000, 1)]
    gap = (
        '<table:table-row table:number-rows-repeated="300000"/>'
        f"<table:table-row>{full}</table:table-row>"
    )
    assert limits._ods_extents(content(gap)) == [(300_001, 1)]


@pytest.fixture(scope="module")
def fuzz_setup(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("fuzz")
    registry, attacks, bases = fuzz_import.setup(folder)
    scratch = folder / "scratch"
    scratch.mkdir()
    return registry, attacks, bases, scratch


def test_named_attacks_are_refused_within_bounds(fuzz_setup):
    registry, attacks, _, scratch = fuzz_setup
    summary = fuzz_import.FuzzSummary()
    fuzz_import.run_attacks(registry, attacks, scratch, summary)
    assert summary.failures == []
    structural = len(attacks) - len(fuzz_import.CONTENT_ATTACKS)
    assert summary.codes[2] >= structural
    # Bounded in memory (a count of bytes); time is bounded by the children's CPU limit
    # (fuzz_import.TIME_CAP, a signal and so a failure above), never by the wall clock.
    assert summary.max_rss_mb < 1024


@pytest.mark.slow
def test_mutated_workbooks_never_crash_nor_touch_the_registry(fuzz_setup):
    registry, _, bases, scratch = fuzz_setup
    summary = fuzz_import.FuzzSummary()
    fuzz_import.run_mutations(registry, bases, 150, 5, scratch, summary)
    assert summary.failures == []
    assert summary.cases == 150
    assert summary.codes[2] > 0  # the mutations do break things


def test_limits_name_the_file_and_the_bound(tmp_path: Path):
    base = hostile.appendix_xlsx(tmp_path / "phu-luc.xlsx")
    limits.check_workbook(base)  # an ordinary appendix passes
    attacks = hostile.attacks(base, tmp_path)
    for name in ("zip-bomb", "giant-extent", "xls-giant", "ods-rows-repeated", "many-parts"):
        with pytest.raises(limits.WorkbookRefused) as info:
            limits.check_workbook(attacks[name])
        assert attacks[name].name in info.value.vi and "Không có gì được ghi" in info.value.vi
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * (limits.MAX_FILE_BYTES + 1))
    with pytest.raises(limits.WorkbookRefused, match="quá lớn"):
        limits.check_workbook(big)


# -- exports never carry a formula ------------------------------------------------------------

HOSTILE_NAMES = [
    '=HYPERLINK("http://example.invalid","Bấm vào đây")',
    "+cmd|' /c calc'!A1",
    "-2+3",
    "@SUM(1+1)",
    "=1+1",
]


def test_exports_neutralise_formula_injection(reg, tmp_path: Path):
    import csv

    import openpyxl

    from desktop.domain.units import NewUnit
    from desktop.exchange.writers import export

    d = reg.add_decision("9/QĐ-UBND", "2025-06-01", issuer="UBND tỉnh Vĩnh Long")
    reg.create_units(
        [
            NewUnit(f"H59.{i:02d}", name, address=name, website='=WEBSERVICE("x")')
            for i, name in enumerate(HOSTILE_NAMES, 1)
        ],
        d,
    )
    xlsx = tmp_path / "out.xlsx"
    export(reg, xlsx, root="H59")
    wb = openpyxl.load_workbook(xlsx)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    # The names are there, as text.
    for name in HOSTILE_NAMES:
        assert any(name in t for t in texts), name
    out = tmp_path / "out.csv"
    export(reg, out, root="H59")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c == "'" + HOSTILE_NAMES[0] for c in cells)


def test_an_import_that_writes_takes_a_backup_first(official_db: Path, tmp_path: Path, cli):
    from reliability.workload import write_appendix

    from desktop.store.backup import list_backups

    path = tmp_path / "phu-luc.xlsx"
    write_appendix(
        path,
        [("000.00.01.H59", "Văn phòng UBND tỉnh"), ("000.00.02.H59", "Sở Tư pháp")],
        "184/QĐ-UBND",
        "2025-06-01",
    )
    rc, _, _ = cli("--db", str(official_db), "import", str(path), "--dry-run")
    assert rc == 0 and list_backups(official_db) == []  # a dry run writes nothing, copies nothing
    rc, _, err = cli("--db", str(official_db), "import", str(path))
    assert rc == 0, err
    [copy] = list_backups(official_db)
    assert copy.reason == "import"
    from desktop.store.backup import readable
    from desktop.store.registry import Registry

    # Packed (desktop/store/backup.py): read through the one place that unpacks copies.
    with readable(copy.path) as plain, Registry.open(plain, readonly=True) as old:
        assert old.count_units() == 190  # the registry as it was before the import


def test_xls_record_cut_short_is_not_a_crash(tmp_path: Path):
    """Found by the fuzzer: a cell record whose length runs past the stream's end."""
    import struct

    path = hostile._xls_with_cell(tmp_path / "cut.xls", 3, 2)
    data = bytearray(path.read_bytes())
    # The stream is sectors 2.. (from byte 1536), 4096 bytes; its last 4 bytes become the header
    # of a NUMBER record whose body lies beyond the end.
    data[1536 + 4092 : 1536 + 4096] = struct.pack("<HH", 0x0203, 14)
    path.write_bytes(bytes(data))
    limits.check_workbook(path)  # within bounds: no struct.error, no refusal
