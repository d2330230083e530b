"""The validator's findings as the forms show them: (severity, text) in the interface language."""

from __future__ import annotations

from desktop.domain.rules import Finding
from desktop.store import validation
from desktop.store.ops import Change
from desktop.store.registry import Registry
from desktop.ui.i18n import ENGLISH, language


def _lines(findings: list[Finding]) -> list[tuple[str, str]]:
    english = language() == ENGLISH
    return [(f.severity, f.message_en if english else f.message) for f in findings]


def findings_for(reg: Registry, change: Change) -> list[tuple[str, str]]:
    """Findings on the units a (dry-run) change touched and their neighbours, on the
    connection's current (uncommitted) state."""
    ids = sorted(set(change.unit_ids) | set(change.created))
    return _lines(validation.validate_units(reg, ids))


def name_findings(raw: str) -> list[tuple[str, str]]:
    """The name rules on a name as typed, before cleaning."""
    return _lines(validation.check_name_text(raw))
