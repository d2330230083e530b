"""Seals: what means something and is not in the events' hash chain, hashed where it is kept.

The chain (:mod:`desktop.domain.history`) covers every change of a unit. A decision's number,
issuer, dates and title, and the settings printed on every report, are not events: a hand edit
of them would pass unnoticed, and an export would credit units to a forged decision. Each decision
and the printed settings therefore carry a seal, ``sha256`` of their content, in the ``meta``
table (``seal.decision.<id>``, ``seal.settings``): no schema change, so a registry made before the
seals opens in any version. It is sealed the first time it is opened for writing
(:func:`ensure_sealed`, which sets ``seals``); from then on a missing or wrong seal is damage.

Like the chain, a seal proves the row was not edited by hand *without* recomputing it.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.store.base import RegistryBase

# The decision columns that mean something, in a fixed order. A column not (yet) in the table is
# left out, and so is an empty value: a column added later with an empty default leaves every
# existing seal valid.
SEALED_DECISION_COLUMNS = ("number", "type", "issuer", "signed", "effective", "title")
# The settings that print on a report (the operator only goes into the history, which the chain
# covers) and the notation codes print in.
SEALED_SETTINGS = (
    "issuer_parent",
    "issuer_name",
    "place",
    "signer_title",
    "signer_name",
    "display_notation",
)
SEALED_FLAG = "seals"
_DECISION_KEY = "seal.decision."
SETTINGS_KEY = "seal.settings"


def _digest(pairs: list[tuple[str, Any]]) -> str:
    text = json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decision_columns(reg: RegistryBase) -> list[str]:
    present = {row[1] for row in reg.conn.execute("PRAGMA table_info(decisions)")}
    return [c for c in SEALED_DECISION_COLUMNS if c in present]


def decision_seal(values: dict[str, Any]) -> str:
    return _digest(
        [(c, values[c]) for c in SEALED_DECISION_COLUMNS if values.get(c) not in (None, "")]
    )


def settings_seal(values: dict[str, str | None]) -> str:
    return _digest([(k, values.get(k)) for k in SEALED_SETTINGS if values.get(k) not in (None, "")])


def decision_key(decision_id: int) -> str:
    return f"{_DECISION_KEY}{decision_id}"


def _decision_rows(reg: RegistryBase, where: str = "", params: tuple[Any, ...] = ()) -> list[Any]:
    columns = decision_columns(reg)
    sql = f"SELECT id, {', '.join(columns)} FROM decisions {where} ORDER BY id"
    return [(row[0], dict(zip(columns, row[1:]))) for row in reg.conn.execute(sql, params)]


def seal_decision(reg: RegistryBase, decision_id: int) -> None:
    """Seal one decision (inside the caller's transaction)."""
    for did, values in _decision_rows(reg, "WHERE id = ?", (decision_id,)):
        reg._set_meta(decision_key(did), decision_seal(values))


def seal_settings(reg: RegistryBase) -> None:
    """Seal the printed settings (inside the caller's transaction)."""
    reg._set_meta(SETTINGS_KEY, settings_seal({k: reg.meta(k) for k in SEALED_SETTINGS}))


def ensure_sealed(reg: RegistryBase) -> bool:
    """Seal a registry made before seals existed; True when it was sealed now."""
    if reg.meta(SEALED_FLAG) is not None:
        return False
    with reg.write():
        for did, values in _decision_rows(reg):
            reg._set_meta(decision_key(did), decision_seal(values))
        seal_settings(reg)
        reg._set_meta(SEALED_FLAG, "1")
    return True


def broken_seals(reg: RegistryBase) -> tuple[list[int], bool]:
    """(decisions whose seal is missing or wrong, whether the settings' seal is), for a sealed
    registry; nothing for one not sealed yet."""
    if reg.meta(SEALED_FLAG) is None:
        return [], False
    stored = dict(
        reg.conn.execute("SELECT key, value FROM meta WHERE key LIKE ?", (_DECISION_KEY + "%",))
    )
    bad = [
        did
        for did, values in _decision_rows(reg)
        if stored.get(decision_key(did)) != decision_seal(values)
    ]
    settings = {
        k: v
        for k, v in reg.conn.execute(
            f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(SEALED_SETTINGS))})",
            SEALED_SETTINGS,
        )
    }
    stored_settings = reg.conn.execute(
        "SELECT value FROM meta WHERE key = ?", (SETTINGS_KEY,)
    ).fetchone()
    settings_bad = stored_settings is None or stored_settings[0] != settings_seal(settings)
    return bad, settings_bad
