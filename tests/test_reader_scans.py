"""The byte scans a read makes for speed say what their plain definitions say."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.exchange import cellerrors


def _plainly(data: bytes) -> bool:
    return b't="e"' in data or b"<f" in data or b":f" in data


pieces = st.sampled_from([b"f", b"<", b":", b"<f", b":f", b't="e"', b"<c>", b"a", b"ff", b"\x00"])


@given(st.lists(pieces, max_size=30).map(b"".join))
def test_may_hold_unreadable_is_its_definition(data: bytes) -> None:
    assert cellerrors.may_hold_unreadable(data) == _plainly(data)


def test_may_hold_unreadable_with_many_f_bytes(monkeypatch) -> None:
    for data in (b"f" * 10 + b"<f", b"f" * 10, b"f" * 10 + b":f", b"f<" * 10):
        assert cellerrors.may_hold_unreadable(data) == _plainly(data)
        monkeypatch.setattr(cellerrors, "_F_LOOKS", 2)
        assert cellerrors.may_hold_unreadable(data) == _plainly(data)
        monkeypatch.undo()
