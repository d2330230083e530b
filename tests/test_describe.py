"""One event describer: the history pane, the command line and the reports say the same of each
change."""

from __future__ import annotations

import re
from pathlib import Path

from reportpdf import all_text, read_pdf

from desktop.domain.describe import Word, describe_event, describe_row, render
from desktop.domain.history import CLOSE, MERGE, RENAME, UPDATE, Event
from desktop.domain.units import Unit
from desktop.reports.build import build_changes
from desktop.reports.render import write_pdf
from desktop.store.registry import Registry

H35 = Unit(3, "H35", "Ủy ban nhân dân tỉnh Lai Châu", "agency", "active", level=1)
H59 = Unit(4, "H59", "Ủy ban nhân dân tỉnh Trà Vinh", "agency", "active", level=1)
UNITS = {3: H35, 4: H59}


def _changes(path: Path) -> None:
    with Registry.open(path) as reg:
        did = reg.add_decision("7/QĐ-TEST", "2025-03-01")
        h35 = reg.find("H35").id
        reg.rename(h35, "Ủy ban nhân dân tỉnh Lai Châu (mới)", did)
        reg.update_details(h35, {"email": "ubnd@laichau.gov.vn"}, did)
        reg.close_unit(reg.find("H52").id, did, successors=[h35])
        reg.merge([reg.find("H10").id], reg.find("H11").id, did)


def _flat(text: str) -> str:
    """Text as a PDF reader gives it back: a cell's lines joined by single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def test_the_pane_the_command_line_and_the_changes_report_describe_alike(
    official_db, cli, qapp, tmp_path
):
    from desktop.ui.panels import describe_event as pane_line

    _changes(official_db)
    with Registry.open(official_db, readonly=True) as reg:
        pdf = tmp_path / "changes.pdf"
        write_pdf(build_changes(reg, date_from="2025-03-01", date_to="2025-03-01"), pdf)
        report = _flat(all_text(read_pdf(pdf)))
        said: dict[str, str] = {}
        for code in ("H35", "H52", "H10", "H11"):
            events = sorted(reg.events_of(reg.find(code).id), key=lambda e: (e.effective, e.id))
            rc, out, _ = cli("--db", str(official_db), "history", code)
            assert rc == 0
            # The lines of events (not the level-1 code's basis before 2020, which is no event).
            lines = [
                line
                for line in out.splitlines()
                if line.startswith("  ") and not line.startswith("  (trước 2020)")
            ]
            assert len(lines) == len(events)
            for event, line in zip(events, lines):
                text = pane_line(reg, event)
                assert text in line, (text, line)
                if event.effective == "2025-03-01" and event.type in (CLOSE, MERGE, UPDATE):
                    # What the report's columns cannot say, its note says in the same words.
                    assert _flat(text) in report, (text, report)
                    said[f"{code} {event.type}"] = text
    assert said == {
        "H35 update": "Thư điện tử: — → ubnd@laichau.gov.vn",
        "H52 close": "Kế thừa: 000.00.00.H35 (Ủy ban nhân dân tỉnh Lai Châu (mới))",
        "H10 merge": "Sáp nhập vào 000.00.00.H11 (Ủy ban nhân dân tỉnh Bình Thuận)",
        "H11 merge": "Tiếp nhận: 000.00.00.H10 (Ủy ban nhân dân tỉnh Bình Phước)",
    }


def test_words_are_translated_and_the_rest_is_not():
    event = Event(1, 7, CLOSE, {}, {"successors": [3]}, 1, "2025-01-01")
    parts = describe_event(event, kind="agency", notation="qd20", units=UNITS)
    assert [p for p in parts if isinstance(p, Word)] == ["Kế thừa:"]
    assert render(parts) == "Kế thừa: H35 (Ủy ban nhân dân tỉnh Lai Châu)"
    assert render(parts, str.upper) == "KẾ THỪA: H35 (Ủy ban nhân dân tỉnh Lai Châu)"


def test_a_closure_with_the_parent_names_the_parent():
    event = Event(2, 8, CLOSE, {}, {"with_parent": [4]}, 1, "2025-07-01")
    parts = describe_event(event, kind="agency", notation="qcvn102", units=UNITS)
    assert [p for p in parts if isinstance(p, Word)] == ["Đơn vị cấp trên"]
    assert render(parts) == "Đơn vị cấp trên: 000.00.00.H59 (Ủy ban nhân dân tỉnh Trà Vinh)"


def test_a_row_spreads_a_rename_over_its_columns_and_keeps_the_rest_in_its_note():
    rename = Event(3, 3, RENAME, {"name": "Cũ"}, {"name": "Mới"}, 1, "2025-01-01")
    row = describe_row(
        rename,
        before={"code": "H35", "name": "Cũ"},
        after={"code": "H35", "name": "Mới"},
        notation="qcvn102",
        units=UNITS,
    )
    assert (row.label, row.name, row.old, row.new) == ("Đổi tên", "Mới", *["000.00.00.H35"] * 2)
    assert render(row.note) == "Tên cũ: Cũ"
    merge = Event(4, 4, MERGE, {}, {"successors": [3]}, 1, "2025-01-01")
    row = describe_row(
        merge, before={"code": "H59"}, after={"code": "H59"}, notation="qcvn102", units=UNITS
    )
    sentence = describe_event(merge, kind="agency", notation="qcvn102", units=UNITS)
    assert (row.label, row.new) == ("Sáp nhập", "")
    assert row.note == sentence


def test_a_pending_change_is_one_clause_for_the_window_and_the_command_line():
    from desktop.domain.describe import describe_pending

    moved = describe_pending(
        "move", {"code": "000.01.02.H59", "parent": "000.00.02.H59"}, "2027-01-01"
    )
    assert render(moved) == (
        "chuyển về đơn vị cấp trên 000.00.02.H59, mã mới 000.01.02.H59 từ 01/01/2027"
    )
    # Without the parent (the tree's tooltip reads no other unit) a move says its new code.
    assert render(describe_pending("move", {"code": "000.01.02.H59"}, "2027-01-01")) == (
        "đổi mã thành 000.01.02.H59 từ 01/01/2027"
    )
    closed = describe_pending("close", {"successors": ["000.00.00.H61"]}, "2027-01-01")
    # The event's name and the successors' word inside a clause: translated, then lower case.
    assert render(closed, str.upper) == "đóng mã, kế thừa: 000.00.00.H61 TỪ 01/01/2027"
