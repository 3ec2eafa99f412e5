"""View ▸ Theme: System, Light or Dark, remembered, applied to the whole application.

A theme is process-wide (the application's palette and style), so every
window shows the same one and every window's Theme menu ticks it. "System"
follows the desktop's colour scheme (``QStyleHints.colorScheme``, Qt 6.5+) and
switches when the desktop does. Applying a theme sets, from ``palette``:

- the Qt palette (Fusion draws every widget from it) and the style sheet's
  blocks, each on the widgets it is for (``ui.scoped_style``: the application
  itself has no style sheet, so Qt's style-sheet machinery styles only those);
- pyqtgraph's default background and foreground, for plots made later;
- every existing plot's scene, recoloured role for role (``theme.remap_scene``);
- calls ``restyle()`` on any widget that has one (a view that made its pens up
  front) and repaints the views that paint themselves (they read ``theme.colour``).

Exports stay on paper: ``theme.on_paper`` (issue 13, item 5).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from nato_desk.palette import DARK, LIGHT, Theme
from nato_desk.ui import theme as ui_theme
from nato_desk.ui.resources import scoped_sheets
from nato_desk.ui.scoped_style import DeskStyle
from nato_desk.ui.settings import Settings

__all__ = ["CHOICES", "ThemeSwitch", "apply_theme", "desk_style", "desktop_scheme", "resolve"]

CHOICES = ("system", "light", "dark")
_LABELS = {"system": "&System", "light": "&Light", "dark": "&Dark"}


def resolve(choice: str) -> Theme:
    """The theme a choice stands for; "system" (or anything unknown) asks the desktop."""
    if choice == "dark":
        return DARK
    if choice == "light":
        return LIGHT
    return DARK if desktop_scheme() == Qt.ColorScheme.Dark else LIGHT


def desktop_scheme() -> Qt.ColorScheme:
    """The desktop's colour scheme (Unknown where the platform does not say: light)."""
    return QGuiApplication.styleHints().colorScheme()


def apply_theme(theme: Theme) -> None:
    """Show ``theme`` in the whole application, existing plots included."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = ui_theme.current()
    ui_theme.set_current(theme)
    style = desk_style(app)
    style.set_sheets(scoped_sheets(theme))
    app.setPalette(ui_theme.qt_palette(theme))
    pg.setConfigOptions(background=theme.chart_background, foreground=theme.chart_foreground)
    mapping = ui_theme.colour_map(old, theme)
    for widget in app.allWidgets():
        style.give(widget, palette_changed=True)  # its style sheet block in the new colours
        if isinstance(widget, pg.GraphicsView):
            ui_theme.remap_scene(widget.scene(), mapping)
        restyle = getattr(widget, "restyle", None)
        if callable(restyle):
            restyle()  # a view that made its pens up front makes them again
        widget.update()
    _hub().changed.emit(theme.name)


def desk_style(app: QApplication) -> DeskStyle:
    """The application's ``DeskStyle``, put in place of the style it wraps on first call.

    Fusion, or the style ``-style`` named (``start_options``), stays the one
    that draws. An application-wide style sheet is cleared first: with one,
    Qt would put its style-sheet style back over every widget. (That includes
    one given with Qt's ``-stylesheet`` option, which the theme's sheet
    replaced before the sheet was scoped, too.)
    """
    if app.styleSheet():
        app.setStyleSheet("")
    style = app.style()
    if not isinstance(style, DeskStyle):
        style = DeskStyle(style.name(), {})
        app.setStyle(style)  # polishes any widget already made (none at start)
    return style


class _Hub(QObject):
    """The process's theme choice (a theme is process-wide), and word of each change."""

    changed = Signal(str)  # the theme now shown, by name

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.choice = "system"
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    def _on_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system" and resolve("system") != ui_theme.current():
            apply_theme(resolve("system"))


_HUB: _Hub | None = None


def _hub() -> _Hub:
    global _HUB
    if _HUB is None:
        _HUB = _Hub(QApplication.instance())
    return _HUB


class ThemeSwitch(QObject):
    """The Theme submenu of one window, over the remembered choice.

    The choice is the process's: the newest window starts with its settings'
    choice, and a choice made in any window's menu is ticked in every window.
    """

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        choice = settings.get(Settings.THEME)
        _hub().choice = choice if choice in CHOICES else "system"
        self.menu = QMenu("&Theme")  # kept by this object; the window's View menu shows it
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for name in CHOICES:
            action = QAction(_LABELS[name], self)
            action.setCheckable(True)
            action.setChecked(name == self.choice)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.choose(n))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[name] = action
        _hub().changed.connect(self._on_theme_changed)
        if resolve(self.choice) != ui_theme.current():
            apply_theme(resolve(self.choice))

    @property
    def choice(self) -> str:
        """"system", "light" or "dark": what the analyst chose (in any window)."""
        return _hub().choice

    def attach(self, window: QMainWindow) -> None:
        """Put the Theme menu in ``window``'s View menu; recolour what its views made on paper colours.

        Views made while a dark theme is on mostly ask for its colours; one that
        still spells a paper colour ("w") gets the theme's (the map never chains).
        """
        add = getattr(window, "add_view_actions", None)
        if callable(add):
            add([self.menu.menuAction()])
        mapping = ui_theme.colour_map(LIGHT, ui_theme.current())
        for view in window.findChildren(pg.GraphicsView):
            ui_theme.remap_scene(view.scene(), mapping)

    def choose(self, choice: str) -> None:
        """Show ``choice`` ("system", "light" or "dark") and remember it."""
        _hub().choice = choice
        self._settings.set(Settings.THEME, choice)
        self.actions[choice].setChecked(True)
        apply_theme(resolve(choice))

    def _on_theme_changed(self, _name: str) -> None:
        self.actions[self.choice].setChecked(True)  # chosen in another window, or by the desktop
