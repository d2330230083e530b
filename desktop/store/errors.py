"""Known problems of the registry file, and the translation of SQLite's errors into them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.domain.errors import KnownError

# SQLite's own error, for the layers above that must catch it without importing sqlite3.
DatabaseError = sqlite3.Error


class RegistryError(KnownError):
    """The registry file cannot be used as asked."""


class NotARegistry(RegistryError):
    pass


class RegistryCorrupt(RegistryError):
    pass


class RegistryLocked(RegistryError):
    pass


class RegistryInUse(RegistryLocked):
    """Another program holds the registry's writer lock."""


class RegistryReadOnly(RegistryError):
    pass


class DiskFull(RegistryError):
    pass


class RegistryDamaged(RegistryCorrupt):
    """A registry that opens but is not what this program wrote: refused, with the way out."""


RESTORE_HINT_VI = (
    "hãy khôi phục bằng 'madinhdanh restore --list' rồi 'madinhdanh restore <bản sao>'"
)
RESTORE_HINT_EN = "restore with 'madinhdanh restore --list', then 'madinhdanh restore COPY'"


def damaged(path: Path | str, why_vi: str, why_en: str) -> RegistryDamaged:
    """The one wording of a damaged registry, everywhere: what is wrong, and the way out."""
    return RegistryDamaged(
        f"Sổ '{path}' bị hỏng ({why_vi.rstrip('.')}): {RESTORE_HINT_VI}.",
        f"'{path}' is damaged ({why_en.rstrip('.')}): {RESTORE_HINT_EN}.",
    )


def disk_full(path: Path | str) -> DiskFull:
    return DiskFull(
        f"Không ghi được '{path}': ổ đĩa đầy hoặc lỗi ghi đĩa. Không có gì bị thay đổi.",
        f"Cannot write '{path}': disk full or I/O error. Nothing was changed.",
    )


def not_a_registry(path: Path | str) -> NotARegistry:
    return NotARegistry(
        f"Tệp '{path}' không phải là sổ mã định danh (không phải tệp do madinhdanh tạo).",
        f"'{path}' is not a madinhdanh registry.",
    )


# SQLite's primary result codes (https://sqlite.org/rescode.html); an extended code carries its
# primary one in the low byte (SQLITE_IOERR_WRITE is SQLITE_IOERR | 3 << 8).
_DISK = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR}
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}


def translate(exc: sqlite3.Error, path: Path | str) -> KnownError | None:
    """The known problem behind an SQLite error, or None when it is a bug.

    Classified by SQLite's result code, never by the wording of its message. An error without
    a code comes from Python's sqlite3 module itself (a closed connection, a bad parameter):
    a bug.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        # One exception: a damaged page whose text is not even UTF-8 fails in the sqlite3
        # module's decoding (no SQLite code; UnicodeDecodeError is its cause): damage, not a bug.
        if isinstance(exc.__cause__, UnicodeDecodeError) or "could not decode" in str(exc):
            return damaged(path, "SQLite không đọc được tệp", f"SQLite: {exc}")
        return None
    primary = code & 0xFF
    if primary in _DISK:
        return disk_full(path)
    if primary in _LOCKED:
        return RegistryLocked(
            f"Sổ '{path}' đang được một chương trình khác ghi; hãy thử lại sau.",
            f"The registry '{path}' is being written by another program; try again later.",
        )
    if primary == sqlite3.SQLITE_READONLY:
        return RegistryReadOnly(
            f"Sổ '{path}' đang mở chỉ để đọc; không ghi được thay đổi.",
            f"The registry '{path}' is open read-only; the change was not written.",
        )
    if primary in _DAMAGED:
        return damaged(path, "SQLite không đọc được tệp", f"SQLite: {exc}")
    if primary == sqlite3.SQLITE_CANTOPEN:
        return RegistryError(
            f"Không mở được tệp '{path}' (kiểm tra đường dẫn và quyền truy cập).",
            f"Cannot open '{path}' (check the path and permissions).",
        )
    return None
