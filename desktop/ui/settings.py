"""The user's settings: an INI file in the user data folder (QSettings), never the registry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from desktop.paths import user_data_dir

MAX_RECENT = 8


class Settings:
    """Window layout, recent registries, interface language, the operator's name."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or user_data_dir() / "settings.ini"
        self.q = QSettings(str(self.path), QSettings.Format.IniFormat)

    # -- recent registries ----------------------------------------------------------------------

    def recent(self) -> list[str]:
        # QSettings gives one path back as a string, several as a list, nothing as None.
        value = self.q.value("recent", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [str(v) for v in value if v]

    def add_recent(self, path: Path | str) -> None:
        text = str(Path(path).resolve())
        items = [p for p in self.recent() if p != text]
        self.q.setValue("recent", [text, *items][:MAX_RECENT])

    def remove_recent(self, path: str) -> None:
        self.q.setValue("recent", [p for p in self.recent() if p != path])

    # -- language -------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return str(self.q.value("language", "vi"))

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("language", value)

    # -- who records changes ---------------------------------------------------------------------

    @property
    def operator(self) -> str:
        """The name this user records changes under (empty: the login name)."""
        return str(self.q.value("operator", "") or "")

    @operator.setter
    def operator(self, value: str) -> None:
        self.q.setValue("operator", value.strip())

    # -- window layout --------------------------------------------------------------------------

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.q.value("window/geometry")
        state = self.q.value("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def value(self, key: str, default: object = None) -> object:
        return self.q.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
