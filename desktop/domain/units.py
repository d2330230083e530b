"""A unit (đơn vị): one agency, enterprise or organisation that holds a code."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from desktop.domain.codes import QCVN102, Code, from_canonical
from desktop.domain.words import QT_TR_NOOP

DRAFT = "draft"
ACTIVE = "active"
CLOSED = "closed"
# A unit whose creation was annulled as a mistake: kept for the history, shown nowhere, its code
# free again because it was never lawfully assigned.
ANNULLED = "annulled"
STATUSES = (DRAFT, ACTIVE, CLOSED, ANNULLED)
STATUS_LABELS = {
    DRAFT: QT_TR_NOOP("Dự thảo"),
    ACTIVE: QT_TR_NOOP("Đang hoạt động"),
    CLOSED: QT_TR_NOOP("Đã đóng"),
    ANNULLED: QT_TR_NOOP("Đã hủy"),
}
# A unit's fields as a clerk reads them: the details pane, history lines, reports.
FIELD_LABELS = {
    "name": QT_TR_NOOP("Tên"),
    "short_name": QT_TR_NOOP("Tên viết tắt"),
    "code": QT_TR_NOOP("Mã"),
    "status": QT_TR_NOOP("Trạng thái"),
    "parent": QT_TR_NOOP("Đơn vị cấp trên"),
    "level": QT_TR_NOOP("Cấp"),
    "address": QT_TR_NOOP("Địa chỉ"),
    "email": QT_TR_NOOP("Thư điện tử"),
    "phone": QT_TR_NOOP("Điện thoại"),
    "fax": QT_TR_NOOP("Fax"),
    "website": QT_TR_NOOP("Trang thông tin điện tử"),
    "note": QT_TR_NOOP("Ghi chú"),
}
# How lists head a unit's code and name: the appendix of QĐ 20/2020, the tree, prints.
LIST_HEADINGS = {
    "code": QT_TR_NOOP("Mã định danh"),
    "name": QT_TR_NOOP("Tên cơ quan, đơn vị"),
}


@dataclass
class Unit:
    id: int
    code: str  # canonical text (QĐ 20 notation for agencies)
    name: str
    kind: str
    status: str
    level: int | None = None
    parent_id: int | None = None
    short_name: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    fax: str | None = None
    website: str | None = None
    note: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    decision_id: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Unit:
        return cls(**{k: row[k] for k in _FIELDS if k in row})

    @property
    def parsed(self) -> Code:
        return from_canonical(self.code, self.kind)

    def display_code(self, notation: str = QCVN102) -> str:
        return self.parsed.format(notation)

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_FIELDS = tuple(Unit.__dataclass_fields__)


@dataclass
class NewUnit:
    """What a clerk (or an appendix row) asks for when a code is created."""

    code: str
    name: str
    short_name: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    fax: str | None = None
    website: str | None = None
    note: str | None = None
    status: str = ACTIVE

    def details(self) -> dict[str, str | None]:
        return {
            "short_name": self.short_name,
            "address": self.address,
            "email": self.email,
            "phone": self.phone,
            "fax": self.fax,
            "website": self.website,
            "note": self.note,
        }
