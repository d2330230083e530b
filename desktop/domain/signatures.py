"""Signed reports: the registry's record that a printed report was digitally signed.

Not a change of any unit, so not an event: an entry of its own history (``signed_reports``),
append-only and chained by hash as the events are, so that ``verify`` proves no entry was edited
by hand. Each entry keeps the SHA-256 of the signed file and the heads of the registry's
histories when the report was built, so that a signed document found later can be traced back to
the registry state it showed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.history import canonical_json

SIGNER = "signer"  # chữ ký số của người có thẩm quyền
AGENCY = "agency"  # chữ ký số của cơ quan, tổ chức
ROLES = (SIGNER, AGENCY)
ROLE_LABELS = {SIGNER: "người có thẩm quyền", AGENCY: "cơ quan, tổ chức"}
# Việt Nam keeps one offset all year: the ISO 8601 time NĐ 30/2020 asks for ends in +07:00.
VIETNAM = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class SignedReport:
    report_kind: str
    report_title: str
    file_name: str
    pdf_sha256: str
    role: str
    signer: str  # the certificate's common name
    certificate_sha256: str
    signed_at: str  # ISO 8601 with the offset, as written in the signature
    timestamped: bool
    # The heads of the events' and the decisions' hash chains when the report was built.
    events_head: str
    decisions_head: str
    parameters: dict[str, Any] = field(default_factory=dict)
    id: int = 0
    recorded_at: str = ""
    recorded_by: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "report_kind": self.report_kind,
            "report_title": self.report_title,
            "file_name": self.file_name,
            "pdf_sha256": self.pdf_sha256,
            "role": self.role,
            "signer": self.signer,
            "certificate_sha256": self.certificate_sha256,
            "signed_at": self.signed_at,
            "timestamped": self.timestamped,
            "events_head": self.events_head,
            "decisions_head": self.decisions_head,
            "parameters": self.parameters,
            "recorded_at": self.recorded_at,
            "recorded_by": self.recorded_by,
        }


def signed_report_hash(previous: str, entry: SignedReport) -> str:
    """The tamper-evidence link of an entry: its content and its predecessor's hash."""
    content = {k: v for k, v in entry.as_dict().items() if k != "id"}
    return hashlib.sha256((previous + "\n" + canonical_json(content)).encode()).hexdigest()
