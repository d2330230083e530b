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


# -- each label defined once ---------------------------------------------------------------------


def _vocabularies() -> dict[str, str]:
    """Every label of the registry's vocabularies, with the vocabulary it belongs to."""
    from desktop.domain import history
    from desktop.domain.decisions import DECISION_TYPES
    from desktop.exchange.reader import FIELD_LABELS as COLUMN_LABELS
    from desktop.store.deltas import CHANGE_LABELS

    events = [*EVENT_LABELS.values(), history.WITH_PARENT_LABEL, history.MERGE_TARGET_LABEL]
    out: dict[str, str] = {}
    for name, labels in (
        ("status", STATUS_LABELS.values()),
        ("severity", SEVERITY_LABELS.values()),
        ("event kind", events),
        ("field", FIELD_LABELS.values()),
        ("act type", DECISION_TYPES.values()),
        ("import action", ACTION_LABELS.values()),
        ("appendix column", COLUMN_LABELS.values()),
        ("change in a delta", CHANGE_LABELS.values()),
    ):
        for label in labels:
            out.setdefault(unicodedata.normalize("NFC", label), name)
    return out


# The act type Quyết định is also the registry's word for any decision (the decisions pane, a
# column of the history): one word, not a second definition.
HOMONYMS = {"Quyết định"}


def _literal(node: ast.AST) -> str | None:
    """The text of a literal, or of ``tr(literal)``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
        node = node.args[0] if node.args else node
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return unicodedata.normalize("NFC", node.value)
    return None


def second_definitions(root: Path) -> list[tuple[str, int, str]]:
    """Where a module says a vocabulary label again: the window translating a literal of its
    own (``tr("Đã đóng")``), or any module making a table of labels (a dict whose values are
    literal labels) instead of using the vocabulary's; and a label marked twice."""
    labels = {k: v for k, v in _vocabularies().items() if k not in HOMONYMS}
    found: list[tuple[str, int, str]] = []
    marked: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            texts: list[tuple[int, str | None]] = []
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "tr" and rel.startswith("ui/"):
                    texts.append((node.lineno, _literal(node)))
                elif node.func.id == "QT_TR_NOOP":
                    text = _literal(node.args[0])
                    if text in labels and marked.setdefault(text, rel) != rel:
                        found.append((rel, node.lineno, text))
            elif isinstance(node, ast.Dict):
                texts.extend((v.lineno, _literal(v)) for v in node.values if v is not None)
            for line, text in texts:
                if text in labels:
                    found.append((rel, line, text))
    return found


def test_each_label_is_defined_once():
    assert len(_vocabularies()) >= 40
    assert second_definitions(ROOT / "desktop") == []


def test_a_second_definition_of_a_label_is_found(tmp_path: Path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "legend.py").write_text(
        'def legend(tr):\n    return tr("Đang hoạt động"), tr("Cảnh báo"), tr("Chờ duyệt")\n',
        encoding="utf-8",
    )
    (tmp_path / "marks.py").write_text(
        'MARKS = {"error": "LỖI", "warning": "Cảnh báo", "info": "Thông tin"}\n'
        'NOTES = {"new": QT_TR_NOOP("Cấp mã mới")}\n',
        encoding="utf-8",
    )
    (tmp_path / "notes.py").write_text('NEW = QT_TR_NOOP("Cấp mã mới")\n', encoding="utf-8")
    assert sorted(second_definitions(tmp_path)) == [
        ("marks.py", 1, "Cảnh báo"),
        ("notes.py", 1, "Cấp mã mới"),
        ("ui/legend.py", 2, "Cảnh báo"),
        ("ui/legend.py", 2, "Đang hoạt động"),
    ]
