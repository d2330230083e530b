"""The registry's words, defined once: Vietnamese, marked for translation, shown translated.

The vocabularies (statuses, event kinds, severities, act types, import actions, field names)
live next to what they name, below the window, each text wrapped in :func:`QT_TR_NOOP`.
The marker changes nothing here (no Qt below the window): the command line and reports print
the Vietnamese as it is, and the window passes the same text through ``tr()`` where it shows
it. ``pyside6-lupdate`` reads the marker, so run it over ``desktop/domain``, ``desktop/store``,
``desktop/exchange`` and ``desktop/reports`` too when a word changes.
"""

from __future__ import annotations


def QT_TR_NOOP(text: str) -> str:  # the name pyside6-lupdate looks for
    """Mark ``text`` for translation; the window translates it where it is shown."""
    return text
