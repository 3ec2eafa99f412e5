"""Menu items that make the window keyboard-complete (issue 13, item 9).

What needed the mouse gets a menu item, and a shortcut where one is worth
remembering:

- View ▸ NATO's position (Ctrl+Shift+N) is set by the window (main_window).
- Chart ▸ Compare with… (focuses the chart's ally picker and opens it),
  Chart ▸ Remove compared ally ▸ <each compared ally> (rebuilt each time the
  menu opens), Clear comparison and Reset view.
- Help ▸ Keyboard shortcuts… (F1): ``ShortcutsDialog``, generated from the
  window's actions.

And Tab leaves every list and table of the window (``leave_views_on_tab``):
a table's own Tab steps cell by cell (the Editions tab's revisions held
focus for hundreds of presses); arrows move inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QMenu, QWidget

from nato_desk.store import Store
from nato_desk.ui.chart.chart_panel import ChartPanel

if TYPE_CHECKING:  # the keys dialog loads when first asked for (issue 14: start-up)
    from nato_desk.ui.shortcuts import ShortcutsDialog

__all__ = ["KeyboardActions", "leave_views_on_tab"]

HELP_SHORTCUT = "F1"


def leave_views_on_tab(top: QWidget) -> None:
    """Tab moves on from every list, table and tree under ``top``; arrows move inside."""
    for view in top.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


class KeyboardActions(QObject):
    """Builds the Chart menu and the keyboard help over ``window``'s chart panel."""

    def __init__(self, store: Store, window: QMainWindow, chart_panel: ChartPanel,
                 help_menu: QMenu) -> None:
        super().__init__(window)
        self._store = store
        self._window = window
        self._panel = chart_panel
        self.last_dialog: ShortcutsDialog | None = None

        self.chart_menu = QMenu("&Chart", window)
        window.menuBar().insertMenu(help_menu.menuAction(), self.chart_menu)
        self.compare_action = self._action("&Compare with…", self._on_compare_triggered)
        self.remove_menu = QMenu("&Remove compared ally", self.chart_menu)
        self.remove_menu.aboutToShow.connect(self._fill_remove_menu)
        self.clear_action = self._action("C&lear comparison", self._on_clear_triggered)
        self.reset_action = self._action("Reset &view", chart_panel.chart.reset_view)
        self.chart_menu.addAction(self.compare_action)
        self.chart_menu.addMenu(self.remove_menu)
        self.chart_menu.addAction(self.clear_action)
        self.chart_menu.addSeparator()
        self.chart_menu.addAction(self.reset_action)
        self.chart_menu.aboutToShow.connect(self._on_chart_menu_about_to_show)
        self._on_chart_menu_about_to_show()
        chart_panel.comparisons_changed.connect(lambda _codes: self._on_chart_menu_about_to_show())

        self.shortcuts_action = self._action("&Keyboard shortcuts…", self.show_shortcuts)
        self.shortcuts_action.setShortcut(QKeySequence(HELP_SHORTCUT))
        first = help_menu.actions()
        if first:
            help_menu.insertAction(first[0], self.shortcuts_action)
        else:
            help_menu.addAction(self.shortcuts_action)
        window.addAction(self.shortcuts_action)
        leave_views_on_tab(window)

    def _action(self, text: str, slot: object) -> QAction:
        action = QAction(text, self._window)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    def compared(self) -> list[tuple[str, str]]:
        """(ISO-3, name) of each compared ally, in the chart's order (not the selected one)."""
        result = []
        for iso3 in self._panel.chart.comparisons:
            member = self._store.member(iso3)
            result.append((iso3, member.name if member else iso3))
        return result

    def _on_chart_menu_about_to_show(self) -> None:
        has = bool(self.compared())
        self.remove_menu.menuAction().setEnabled(has)
        self.clear_action.setEnabled(has)

    def _fill_remove_menu(self) -> None:
        self.remove_menu.clear()
        for n, (iso3, name) in enumerate(self.compared(), start=1):
            # Numbered: the digit reaches the item from the keyboard, unique in the menu.
            action = self.remove_menu.addAction(f"&{n} {name} ({iso3})")
            action.setData(iso3)
            action.triggered.connect(lambda _=False, code=iso3: self._panel.remove_comparison(code))
        if self.remove_menu.isEmpty():
            self.remove_menu.addAction("No ally compared").setEnabled(False)

    def _on_compare_triggered(self) -> None:
        views = self._panel.views
        views.setCurrentIndex(0)  # the trajectory, where the picker is
        combo = self._panel.compare_combo
        combo.setFocus()
        combo.showPopup()

    def _on_clear_triggered(self) -> None:
        self._panel.set_comparisons([])

    def show_shortcuts(self) -> ShortcutsDialog:
        """The list of keys, made afresh (so it shows the actions as they are now)."""
        from nato_desk.ui.shortcuts import ShortcutsDialog

        if self.last_dialog is not None:
            self.last_dialog.close()
            self.last_dialog.deleteLater()
        dialog = ShortcutsDialog(self._window)
        self.last_dialog = dialog
        dialog.show()  # modeless: the analyst can keep it open while working
        return dialog
