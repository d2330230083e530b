"""Each word once: the vocabularies are defined below the window and translated where shown."""

from __future__ import annotations

import ast
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.domain.history import EVENT_LABELS
from desktop.domain.rules import INFO, SEVERITY_LABELS
from desktop.domain.units import FIELD_LABELS, STATUS_LABELS
from desktop.exchange.reconcile import ACTION_LABELS
from desktop.paths import resource_file

ROOT = Path(__file__).resolve().parents[1]


def _translations() -> dict[str, str]:
    root = ET.parse(resource_file("translations", "madinhdanh_en.ts")).getroot()
    found = {}
    for m in root.iter("message"):
        translation = m.find("translation")
        if translation is not None and translation.get("type") not in ("unfinished", "obsolete"):
            source = unicodedata.normalize("NFC", m.findtext("source") or "")
            found[source] = translation.text or ""
    return found


def _marked_texts() -> list[tuple[str, str]]:
    """Every literal wrapped in QT_TR_NOOP below the window."""
    out = []
    for layer in ("domain", "exchange", "store", "reports"):
        for path in (ROOT / "desktop" / layer).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "QT_TR_NOOP"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    out.append((path.name, unicodedata.normalize("NFC", node.args[0].value)))
    return out


def test_every_marked_word_has_its_english_translation():
    marked = _marked_texts()
    assert len(marked) >= 30  # statuses, events, severities, actions, fields
    known = _translations()
    assert [m for m in marked if m[1] not in known] == []


def test_the_window_shows_the_words_the_command_line_and_reports_print(qapp):
    from desktop.ui.i18n import (
        VIETNAMESE,
        event_label,
        field_label,
        install_language,
        severity_label,
        status_label,
    )
    from desktop.ui.wizard import action_labels

    install_language(VIETNAMESE)
    assert {k: severity_label(k) for k in SEVERITY_LABELS} == SEVERITY_LABELS
    assert {k: status_label(k) for k in STATUS_LABELS} == STATUS_LABELS
    assert {k: event_label(k) for k in EVENT_LABELS} == EVENT_LABELS
    assert {k: field_label(k) for k in FIELD_LABELS} == FIELD_LABELS
    assert action_labels() == ACTION_LABELS
    # The one that disagreed: a finding of severity INFO was "Thông tin" in reports and the
    # command line, "Lưu ý" in the window.
    assert severity_label(INFO) == SEVERITY_LABELS[INFO] == "Lưu ý"


def test_the_window_translates_the_words_at_display(qapp):
    from desktop.ui.i18n import ENGLISH, VIETNAMESE, install_language, severity_label, status_label

    install_language(ENGLISH)
    try:
        assert severity_label(INFO) == "Note"
        assert status_label("active") == _translations()[STATUS_LABELS["active"]]
    finally:
        install_language(VIETNAMESE)
