"""The reader takes a clerk's choice of header row and columns for a sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.exchange.reader import AppendixError, SheetLayout, column_index, read_appendix

APPENDIX = Path(__file__).parent / "fixtures" / "phu_luc_h59_2022.xlsx"


def test_found_layout_is_reported_with_every_sheet_and_header_texts():
    appendix = read_appendix(APPENDIX)
    assert appendix.sheet_names == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Hướng dẫn", "Nháp"]
    first = appendix.sheets[0]
    assert (first.header_row, first.columns["name"], first.columns["code"]) == (6, "B", "C")
    assert first.headers["C"] == "Mã định danh"


def test_a_chosen_layout_replaces_what_is_found():
    layout = SheetLayout(6, {"name": "B", "code": "C", "note": "G"})
    appendix = read_appendix(APPENDIX, ["Phụ lục I"], {"Phụ lục I": layout})
    assert [s.name for s in appendix.sheets] == ["Phụ lục I"]
    assert appendix.sheets[0].columns == {"name": "B", "code": "C", "note": "G"}
    assert len(appendix.rows) == 7
    assert all(not row.details.get("phone") for row in appendix.rows)
    # The first data row (10) taken for the header: the rows after it only.
    lower = read_appendix(APPENDIX, ["Phụ lục I"], {"Phụ lục I": SheetLayout(10, layout.columns)})
    assert len(lower.rows) == 6


@pytest.mark.parametrize(
    ("layout", "words"),
    [
        (SheetLayout(6, {"name": "B"}), "chưa chọn cột"),
        (SheetLayout(6, {"name": "B", "code": "C1"}), "không phải tên cột"),
        (SheetLayout(0, {"name": "B", "code": "C"}), "dòng tiêu đề"),
        (SheetLayout(6, {"name": "B", "code": "C", "bogus": "D"}), "không có trường"),
    ],
)
def test_a_bad_choice_gets_a_reason(layout, words):
    with pytest.raises(AppendixError, match=words):
        read_appendix(APPENDIX, ["Phụ lục I"], {"Phụ lục I": layout})


def test_column_index():
    assert [column_index(x) for x in ("A", "z", "AA", "AB", "", "1", "É")] == [
        0,
        25,
        26,
        27,
        None,
        None,
        None,
    ]
