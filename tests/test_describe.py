"""One event describer: the history pane and the command line say the same of each change."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.describe import Word, describe_event, render
from desktop.domain.history import CLOSE, Event
from desktop.store.registry import Registry


def _changes(path: Path) -> None:
    with Registry.open(path) as reg:
        did = reg.add_decision("7/QĐ-TEST", "2025-03-01")
        h35 = reg.find("H35").id
        h52 = reg.find("H52").id
        reg.rename(h35, "Ủy ban nhân dân tỉnh Lai Châu (mới)", did)
        reg.update_details(h35, {"email": "ubnd@laichau.gov.vn"}, did)
        reg.close_unit(h52, did, successors=[h35])


def test_the_history_pane_and_the_command_line_describe_alike(official_db, cli, qapp):
    from desktop.ui.panels import describe_event as pane_line

    _changes(official_db)
    rc, out, _ = cli("--db", str(official_db), "history", "H52")
    assert rc == 0
    with Registry.open(official_db, readonly=True) as reg:
        for code in ("H35", "H52"):
            events = reg.events_of(reg.find(code).id)
            assert len(events) >= 2
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
                said = pane_line(reg, event)
                assert said and said in line, (said, line)
    assert "Đóng mã; kế thừa: 000.00.00.H35" in out
    assert (
        "Thư điện tử: — → ubnd@laichau.gov.vn" in cli("--db", str(official_db), "history", "H35")[1]
    )


def test_words_are_translated_and_the_rest_is_not():
    event = Event(1, 7, CLOSE, {}, {"successors": [3]}, 1, "2025-01-01")
    parts = describe_event(event, code=lambda c: c or "", codes=lambda ids: "H35")
    assert [p for p in parts if isinstance(p, Word)] == ["Đóng mã", "kế thừa:"]
    assert render(parts) == "Đóng mã; kế thừa: H35"
    assert render(parts, str.upper) == "ĐÓNG MÃ; KẾ THỪA: H35"


def test_a_closure_with_the_parent_says_so_and_names_the_parent():
    event = Event(2, 8, CLOSE, {}, {"with_parent": [3]}, 1, "2025-07-01")
    parts = describe_event(event, code=lambda c: c or "", codes=lambda ids: "H59")
    assert [p for p in parts if isinstance(p, Word)] == ["Đóng theo đơn vị cấp trên"]
    assert render(parts) == "Đóng theo đơn vị cấp trên (H59)"
