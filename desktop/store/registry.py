"""The registry: one file, its reads (:mod:`desktop.store.base`) and its operations
(:mod:`desktop.store.ops`)."""

from __future__ import annotations

from desktop.store.base import UNIT_COLUMNS, _row_unit, event_from_row, now_stamp
from desktop.store.ops import Change, Operations


class Registry(Operations):
    """An open registry. Open with :meth:`open`, create with :meth:`create`; one per thread."""


__all__ = ["UNIT_COLUMNS", "Change", "Registry", "_row_unit", "event_from_row", "now_stamp"]
