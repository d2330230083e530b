"""The clerk's own signing settings: a small INI file in the user's data folder.

Per user, never in the registry: the PKCS#11 module is the driver of the clerk's own USB token,
the trust anchors are the root certificates the clerk chose to trust, and a registry file is
shared between clerks. Passwords and PINs are never stored.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import InvalidInput, KnownError, os_reason
from desktop.paths import user_data_dir

SECTION = "signing"


@dataclass(frozen=True)
class SignSetting:
    key: str
    label_vi: str
    label_en: str
    hint_vi: str


SIGN_SETTINGS = (
    SignSetting(
        "pkcs11_module",
        "Thư viện PKCS#11 của thiết bị ký số",
        "PKCS#11 module of the signing token",
        "tệp .so/.dll/.dylib của nhà cung cấp token, ví dụ /usr/lib/libeToken.so",
    ),
    SignSetting(
        "key_label",
        "Nhãn chứng thư trên thiết bị",
        "Certificate label on the token",
        "để trống khi thiết bị chỉ có một chứng thư",
    ),
    SignSetting(
        "tsa_url",
        "Địa chỉ dịch vụ cấp dấu thời gian (TSA)",
        "Time-stamping authority (TSA) address",
        "để trống: không lấy dấu thời gian; không có mạng: ký không có dấu thời gian",
    ),
    SignSetting(
        "trust_anchors",
        "Tệp chứng thư gốc tin cậy (.pem)",
        "Trusted root certificates (.pem)",
        "chứng thư gốc của các tổ chức cung cấp dịch vụ chứng thực chữ ký số",
    ),
)
KEYS = tuple(s.key for s in SIGN_SETTINGS)


def settings_path() -> Path:
    return user_data_dir() / "signing.ini"


def read_sign_settings(path: Path | None = None) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path or settings_path(), encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise KnownError(
            f"Tệp thiết lập ký số '{path or settings_path()}' bị hỏng; hãy xóa nó và đặt lại.",
            f"Broken signing settings file: {exc}",
        ) from exc
    section = parser[SECTION] if parser.has_section(SECTION) else {}
    return {key: str(section.get(key, "")).strip() for key in KEYS}


def write_sign_settings(values: dict[str, str], path: Path | None = None) -> dict[str, str]:
    """Set some settings (an empty value clears one); returns them all."""
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise InvalidInput(
            f"Không có thiết lập ký số '{unknown[0]}'. Các thiết lập: {', '.join(KEYS)}.",
            f"Unknown signing setting '{unknown[0]}'.",
        )
    current = read_sign_settings(path)
    for key, value in values.items():
        if "\n" in value or "\r" in value:
            raise InvalidInput(f"Thiết lập {key} phải nằm trên một dòng.")
        current[key] = value.strip()
    anchors = current["trust_anchors"]
    if values.get("trust_anchors") and not Path(anchors).is_file():
        raise InvalidInput(
            f"Không có tệp chứng thư gốc '{anchors}'.", f"No trust anchor file '{anchors}'."
        )
    parser = configparser.ConfigParser(interpolation=None)
    parser[SECTION] = {k: v for k, v in current.items() if v}
    target = path or settings_path()
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            parser.write(out)
        partial.replace(target)
    except OSError as exc:
        raise KnownError(
            f"Không ghi được tệp thiết lập ký số '{target}': {os_reason(exc)}.",
            f"Cannot write '{target}': {exc}",
        ) from exc
    return current
