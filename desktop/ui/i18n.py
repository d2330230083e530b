"""Interface language: Vietnamese in the source, English through ``resources/translations``.

Every text a clerk sees goes through :func:`tr` with a literal Vietnamese string, so that
``pyside6-lupdate`` finds it; the English ``.qm`` is loaded when the setting asks for it.
Known problems carry both languages themselves (``KnownError.vi`` / ``.en``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.domain.errors import KnownError
from desktop.paths import resource_file

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
    files = ["qtbase_vi.qm"] if lang == VIETNAMESE else ["madinhdanh_en.qm"]
    for name in files:
        path = resource_file("translations", name)
        translator = QTranslator()
        if path.exists() and translator.load(str(path)) and app is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == VIETNAMESE else "en_GB"))


def message(exc: KnownError) -> str:
    """A known problem in the interface language."""
    return exc.en if language() == ENGLISH else exc.vi


def status_label(status: str) -> str:
    labels = {
        "active": tr("Đang hoạt động"),
        "closed": tr("Đã đóng"),
        "draft": tr("Dự thảo"),
        "annulled": tr("Đã hủy"),
    }
    return labels.get(status, status)


def event_label(kind: str, after: dict[str, Any] | None = None) -> str:
    if kind == "close" and after and "with_parent" in after:
        # A back-filled unit that ended because its parent closed (desktop.domain.history).
        return tr("Đóng theo đơn vị cấp trên")
    labels = {
        "create": tr("Cấp mã mới"),
        "rename": tr("Đổi tên"),
        "recode": tr("Đổi mã"),
        "move": tr("Chuyển đơn vị cấp trên"),
        "update": tr("Cập nhật thông tin"),
        "merge": tr("Sáp nhập"),
        "split": tr("Chia tách"),
        "close": tr("Đóng mã"),
        "reopen": tr("Mở lại mã"),
        "annul": tr("Hủy bỏ thay đổi nhầm"),
    }
    return labels.get(kind, kind)


def act_type_label(kind: str) -> str:
    """The name of an act's type (desktop.domain.decisions.DECISION_TYPES) in the interface."""
    labels = {
        "quyet-dinh": tr("Quyết định"),
        "nghi-quyet": tr("Nghị quyết"),
        "thong-tu": tr("Thông tư"),
        "nghi-dinh": tr("Nghị định"),
        "cong-van": tr("Công văn"),
        "khac": tr("Văn bản khác"),
    }
    return labels.get(kind, kind)


def severity_label(severity: str) -> str:
    labels = {"error": tr("Lỗi"), "warning": tr("Cảnh báo"), "info": tr("Lưu ý")}
    return labels.get(severity, severity)


def show_date(iso: str | None) -> str:
    """An ISO date as clerks write it (``14/04/2025``); empty for None."""
    if not iso:
        return ""
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def show_count(n: int) -> str:
    """A count with Vietnamese thousands separators (``1.010.037``)."""
    text = f"{n:,}"
    return text.replace(",", ".") if language() == VIETNAMESE else text
