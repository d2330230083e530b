"""The registry's own settings: who issues its documents and who signs them.

They travel with the registry file (the ``meta`` table), so that every clerk who opens it prints
the same letterhead. Who records changes is each user's own setting, never the registry's
(``base.set_operator``). The display notation and the number of backups kept have their own setters
(``reg.set_meta("display_notation", ...)`` through the views, ``backup.set_backup_keep``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.domain.errors import InvalidInput
from desktop.domain.text import nfc

# Only a type here: the command line reads the settings' names without loading the store.
if TYPE_CHECKING:
    from desktop.store.base import RegistryBase


@dataclass(frozen=True)
class Setting:
    key: str
    label_vi: str
    label_en: str
    hint_vi: str = ""
    max_length: int = 200


SETTINGS = (
    Setting(
        "issuer_parent",
        "Cơ quan chủ quản",
        "Parent body",
        "dòng trên của tên cơ quan ban hành, ví dụ: ỦY BAN NHÂN DÂN TỈNH BẾN TRE",
    ),
    Setting(
        "issuer_name",
        "Cơ quan ban hành văn bản",
        "Issuing body",
        "ví dụ: SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ),
    Setting(
        "number_symbol",
        "Ký hiệu văn bản",
        "Document symbol",
        "in sau 'Số: ....../' trên báo cáo, ví dụ: BC-SKHCN",
    ),
    Setting("place", "Địa danh", "Place", "ghi trước ngày tháng, ví dụ: Bến Tre"),
    Setting(
        "signer_title",
        "Chức vụ người ký",
        "Signer's title",
        "hai dòng cách nhau bằng ' | ', ví dụ: KT. GIÁM ĐỐC | PHÓ GIÁM ĐỐC",
    ),
    Setting("signer_name", "Họ tên người ký", "Signer's name"),
    Setting(
        "recipients",
        "Nơi nhận",
        "Recipients",
        "mỗi nơi một dòng, cách nhau bằng ' | ', ví dụ: Sở Nội vụ | Lưu: VT, VP",
        max_length=1000,
    ),
)
KEYS = tuple(s.key for s in SETTINGS)
_MAX_LENGTH = {s.key: s.max_length for s in SETTINGS}


def read_settings(reg: RegistryBase) -> dict[str, str]:
    return {key: reg.meta(key) or "" for key in KEYS}


def write_settings(reg: RegistryBase, values: dict[str, str]) -> dict[str, str]:
    """Set some settings in one transaction (an empty value clears one); returns them all."""
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise InvalidInput(
            f"Không có thiết lập '{unknown[0]}'. Các thiết lập: {', '.join(KEYS)}.",
            f"No setting '{unknown[0]}'. Settings: {', '.join(KEYS)}.",
        )
    cleaned: dict[str, str | None] = {}
    for key, value in values.items():
        # Letterheads keep the clerk's line breaks (" | "), so only the ends are trimmed.
        text = nfc(value).strip()
        hidden = sorted({ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cn")})
        if hidden:
            # Bidi controls (U+202E...) would print the letterhead reversed on every report.
            codes = ", ".join(f"U+{ord(ch):04X}" for ch in hidden)
            raise InvalidInput(
                f"Thiết lập '{key}' có ký tự điều khiển hoặc vô hình ({codes}); hãy gõ lại.",
                f"The setting '{key}' holds control or invisible characters ({codes}).",
            )
        if len(text) > _MAX_LENGTH[key]:
            raise InvalidInput(
                f"Thiết lập '{key}' dài quá {_MAX_LENGTH[key]} ký tự.",
                f"The setting '{key}' is longer than {_MAX_LENGTH[key]} characters.",
            )
        cleaned[key] = text or None
    with reg.write():
        for key, stored in cleaned.items():
            reg._set_meta(key, stored)
    return read_settings(reg)
