"""Typed access to the app's QSettings: user preferences and window state.

Each key is declared once with its type and default (picard's option
registry). ``state/`` holds what the window restores (geometry, splitters,
last ally); ``prefs/`` holds user choices. The QSettings object is injected,
so tests use a throwaway INI file and never touch the user's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["Setting", "Settings"]

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T


class Settings:
    """The declared settings, read and written through one QSettings."""

    GEOMETRY = Setting("state/geometry", QByteArray, QByteArray())
    WINDOW_STATE = Setting("state/window_state", QByteArray, QByteArray())
    MAIN_SPLITTER = Setting("state/main_splitter", QByteArray, QByteArray())
    RIGHT_SPLITTER = Setting("state/right_splitter", QByteArray, QByteArray())
    LAST_MEMBER = Setting("state/last_member", str, "")
    EDITION = Setting("state/edition", str, "")
    MEASURE = Setting("state/measure", str, "")  # a Measure value; "" or one the edition lacks: its headline
    COMPARISONS = Setting("state/comparisons", str, "")  # comma-separated ISO-3 codes
    SORT_CHOICE = Setting("state/sort_choice", int, 0)
    SAME_YEAR = Setting("state/same_year_for_all", int, 0)  # 1: the member list ranks on the year all allies have
    USER_NAME = Setting("prefs/user_name", str, "")
    VIEW_TAB = Setting("state/view_tab", int, 0)
    SCENARIO = Setting("state/scenario", int, 1)
    CHART_YEARS = Setting("state/chart_years", str, "")  # "2018-2030": the trajectory chart's years; "": all
    GDP_GROWTH = Setting("prefs/gdp_growth_pct", float, 1.5)  # real GDP growth, % a year
    KEEP_BACKUPS = Setting("prefs/keep_backups", int, 10)  # rolling store backups kept; 0: none taken
    EXPORT_MARKING = Setting("prefs/export_marking", str, "UNCLASSIFIED")  # handling marking on chart exports
    THEME = Setting("prefs/theme", str, "system")  # "system" (the desktop's colour scheme), "light" or "dark"

    def __init__(self, qsettings: QSettings) -> None:
        self._q = qsettings

    @property
    def qsettings(self) -> QSettings:
        return self._q

    def get(self, setting: Setting[T]) -> T:
        value: Any = self._q.value(setting.key, setting.default)
        if value is None:
            return setting.default
        try:
            if setting.type is QByteArray:
                return value if isinstance(value, QByteArray) else setting.default  # type: ignore[return-value]
            return setting.type(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            # A hand-edited or stale settings file must not stop the app.
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._q.setValue(setting.key, value)

    def sync(self) -> None:
        self._q.sync()
