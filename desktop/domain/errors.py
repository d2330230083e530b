"""Known problems: things a clerk can cause and understand, as opposed to bugs.

Every known problem carries a Vietnamese message (what the clerk sees) and an English one (what
goes to the log and to the English interface). Only the UI turns them into dialogs; the command
line turns them into a one-line reason and exit code 2.
"""

from __future__ import annotations


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
