"""Known problems: things a clerk can cause and understand, as opposed to bugs.

Every known problem carries a Vietnamese message (what the clerk sees) and an English one (what
goes to the log and to the English interface). Only the UI turns them into dialogs; the command
line turns them into a one-line reason and exit code 2.
"""

from __future__ import annotations

import errno


class KnownError(Exception):
    """A problem with the input or the environment, never a bug: reported, nothing written."""

    def __init__(self, vi: str, en: str | None = None) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en or vi

    def __str__(self) -> str:
        return self.vi


class InvalidCode(KnownError):
    """A code that the grammar rejects."""


class InvalidInput(KnownError):
    """A value (date, name, option) that cannot be used as given."""


class ConflictError(KnownError):
    """An operation that would break a registry rule (reuse a code, orphan a unit...)."""


class NotFound(KnownError):
    """A unit, decision or event named by the user does not exist."""


# What the system says of a file, as a clerk reads it (the English text goes to the log).
_OS_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EEXIST: "đã có tệp này",
    errno.ENAMETOOLONG: "tên tệp quá dài",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Vietnamese (the system's words otherwise)."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
