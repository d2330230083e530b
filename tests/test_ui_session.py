"""Every change runs through the session and ends in one changed(Change) signal."""

from __future__ import annotations

from pathlib import Path

import pytest
from uikit import make_window, select, wait_jobs

from desktop.domain.decisions import today
from desktop.store.sample import create_registry
from desktop.ui.session import DECISION, SETTINGS


@pytest.fixture()
def window(qtbot, tmp_path: Path):
    w = make_window(qtbot, create_registry(tmp_path / "s.db", sample=True), tmp_path / "s.ini")
    yield w
    wait_jobs(qtbot)


def test_each_change_ends_in_one_signal_that_every_view_follows(window, qtbot):
    session = window.session
    seen = []
    session.changed.connect(seen.append)
    select(window, "H61")
    uid = window.tree.current_unit().id
    before = window.tree.current_unit().name
    did = session.reg.add_decision("5/QĐ-SESSION", today())
    session.current_decision_id = did

    # An operation: one signal, its Change; the tree, details and undo follow without a call.
    change = session.perform(
        "Đổi tên",
        lambda reg, _d: reg.rename(uid, "Ủy ban nhân dân tỉnh Vĩnh Long (mới)", did),
        None,
    )
    assert seen == [change] and change.unit_ids == [uid]
    assert window.tree.current_unit().name == "Ủy ban nhân dân tỉnh Vĩnh Long (mới)"
    assert window.details.title.text() == "Ủy ban nhân dân tỉnh Vĩnh Long (mới)"
    assert window.acts.act_undo.isEnabled()

    # Undo: one more signal, the annulment's Change.
    window.acts.act_undo.trigger()
    assert len(seen) == 2 and seen[-1].action == "annul" and uid in seen[-1].unit_ids
    assert window.tree.current_unit().name == before

    # A settings change (the notation) and a decision chosen: signals too, and views follow.
    window.acts.act_qd20.trigger()
    assert seen[-1].action == SETTINGS
    assert not window.tree.unit_model.index(0, 0).data().startswith("000.")
    session.use_decision(did)
    assert seen[-1].action == DECISION and session.current_decision_id == did
    assert len(seen) == 4
