"""Interface language: Vietnamese in the source, English through ``resources/translations``.

Every text a clerk sees goes through :func:`tr` with a literal Vietnamese string, so that
``pyside6-lupdate`` finds it; the English ``.qm`` is loaded when the setting asks for it.
Known problems carry both languages themselves (``KnownError.vi`` / ``.en``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.domain.codes import AGENCY, QCVN102, from_canonical
from desktop.domain.decisions import DECISION_TYPES, people_date
from desktop.domain.describe import describe_pending, render
from desktop.domain.errors import KnownError
from desktop.domain.history import event_label as history_event_label
from desktop.domain.progress import STEP_LABELS
from desktop.domain.rules import SEVERITY_LABELS
from desktop.domain.units import FIELD_LABELS, LIST_HEADINGS, STATUS_LABELS
from desktop.paths import resource_file

if TYPE_CHECKING:
    from desktop.store.asof import PendingChange

VIETNAMESE = "vi"
ENGLISH = "en"
LANGUAGES = (VIETNAMESE, ENGLISH)

_state = {"language": VIETNAMESE}
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """The interface text in the current language (the source text is Vietnamese)."""
    return QCoreApplication.translate("", text)


def language() -> str:
    return _state["language"]


def install_language(lang: str) -> None:
    """Load the translations for ``lang`` (Vietnamese needs none but Qt's own texts)."""
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    lang = lang if lang in LANGUAGES else VIETNAMESE
    _state["language"] = lang
    # Qt's own texts (dialog buttons, the file and print dialogs) in the same language as ours:
    # Vietnamese from the app's resources, English from Qt's own translations.
    qt_own = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    files = (
        [resource_file("translations", "qtbase_vi.qm")]
        if lang == VIETNAMESE
        else [Path(qt_own) / "qtbase_en.qm", resource_file("translations", "madinhdanh_en.qm")]
    )
    for path in files:
        translator = QTranslator()
        if path.exists() and translator.load(str(path)) and app is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == VIETNAMESE else "en_GB"))


def message(exc: KnownError) -> str:
    """A known problem in the interface language."""
    return exc.en if language() == ENGLISH else exc.vi


# The vocabularies are defined once, below the window (``desktop.domain.words``); the window
# translates their words where it shows them.


def word(labels: Mapping[str, str], key: str) -> str:
    """The word ``labels`` has for ``key``, in the interface language (the key if none)."""
    text = labels.get(key)
    return tr(text) if text is not None else key


def status_label(status: str) -> str:
    return word(STATUS_LABELS, status)


def event_label(kind: str, after: dict[str, Any] | None = None) -> str:
    """What history calls an event (a closure with the parent has its own name)."""
    return tr(history_event_label(kind, after or {}))


def act_type_label(kind: str) -> str:
    """The name of an act's type in the interface."""
    return word(DECISION_TYPES, kind)


def severity_label(severity: str) -> str:
    return word(SEVERITY_LABELS, severity)


def field_label(field: str) -> str:
    return word(FIELD_LABELS, field)


def list_heading(field: str) -> str:
    """How a list heads a unit's code or name (``Mã định danh``, ``Tên cơ quan, đơn vị``)."""
    return word(LIST_HEADINGS, field)


def show_date(iso: str | None) -> str:
    """An ISO date as clerks write it (``14/04/2025``); empty for None."""
    return people_date(iso)


def show_time(stamp: str | None) -> str:
    """A recorded time stamp as clerks read it, in local time (``02/12/2026 08:41``)."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{people_date(moment.date().isoformat())} {moment:%H:%M}"


def show_count(n: int) -> str:
    """A count with Vietnamese thousands separators (``1.010.037``)."""
    text = f"{n:,}"
    return text.replace(",", ".") if language() == VIETNAMESE else text


def step_text(step: str, done: int, total: int) -> str:
    """How far a long step has come (``Đã đọc 12.000/100.000 dòng``)."""
    text = word(STEP_LABELS, step)
    return text.replace("{done}", show_count(done)).replace("{total}", show_count(total))


def pending_label(
    change: PendingChange, notation: str = QCVN102, kind: str = AGENCY, *, prefix: bool = True
) -> str:
    """A change signed but not yet in force, as the tree's tooltip and the details pane say it
    (``Chờ hiệu lực: đổi tên thành Sở Tư pháp từ 01/01/2027, theo QĐ 12/QĐ-UBND``)."""
    values = change.values
    shown = {"name": values.get("name") or ""}
    if isinstance(values.get("code"), str):
        shown["code"] = from_canonical(values["code"], values.get("kind") or kind).format(notation)
    text = render(describe_pending(change.change, shown, change.effective), tr)
    if prefix:
        text = tr("Chờ hiệu lực:") + " " + text
    if change.decision:
        text += ", " + tr("theo") + f" {change.decision}"
    return text
