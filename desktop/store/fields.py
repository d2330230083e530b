"""The registry file's identity and the units' columns: what reading a registry needs.

Kept apart from :mod:`desktop.store.schema`, whose migrations need sqlite-utils: a command that
only reads (``list``, ``history``) opens the registry without loading it.
"""

from __future__ import annotations

# PRAGMA application_id: "MDDN" in ASCII, so a registry is recognised before any table is read.
APPLICATION_ID = 0x4D44444E
SCHEMA_VERSION = 1

UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "level",
    "parent_id",
    "kind",
    "status",
    "address",
    "email",
    "phone",
    "fax",
    "website",
    "note",
    "valid_from",
    "valid_to",
    "decision_id",
)
# Contact and description fields: changed by an "update" event, never part of the code's identity.
DETAIL_FIELDS = ("short_name", "address", "email", "phone", "fax", "website", "note")
