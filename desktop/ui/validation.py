"""The validator's findings, as the forms and the findings pane show them."""

from __future__ import annotations

from desktop.store.ops import Change
from desktop.store.registry import Registry

try:  # the validator lands on its own branch; until then the forms show the grammar only
    from desktop.store import validation as _validation  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _validation = None


def findings_for(reg: Registry, change: Change) -> list[tuple[str, str]]:
    """Findings on the units a (dry-run) change touched, on the connection's current state."""
    if _validation is None:
        return []
    ids = sorted(set(change.unit_ids) | set(change.created))
    return [(f.severity, f.message) for f in _validation.validate_units(reg, ids)]


def name_findings(raw: str) -> list[tuple[str, str]]:
    if _validation is None:
        return []
    return [(f.severity, f.message) for f in _validation.check_name_text(raw)]
