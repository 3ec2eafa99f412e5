"""Help ▸ Keyboard shortcuts (F1): every key the window answers, in one searchable list.

The list is generated, not written: ``shortcut_rows`` walks the window's menus
(each item with its menu path, its shortcut and the Alt+letter keys that reach
it) and then every other ``QAction`` of the window that has a shortcut, so an
action added anywhere appears by itself. Keys that are not actions (the chart's
year cursor, the time slider, type-ahead in lists, dialogs' Tab and Escape) are
in one small table here, ``KEYS``; the keyboard test checks that every
nameless widget shortcut the window has is described in it.

Everything is shown as plain text (item views do not render HTML).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["KEYS", "KeyRow", "ShortcutsDialog", "mnemonic", "plain", "shortcut_rows"]

NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class KeyRow:
    """One line of the list: where it applies, what it does, the keys."""

    group: str  # "File", "Edit", …, or the widget the keys work in
    what: str  # the action's words, or what the key does
    keys: str  # shortcut(s) in the platform's words; "" for a menu item without one
    menu_keys: str = ""  # how the menu reaches it: "Alt+F, I"


# Keys handled by widgets rather than by named actions: (where, keys, what it does).
# "where" is the widget's accessible name where it has one (the test matches on it).
KEYS: tuple[tuple[str, str, str], ...] = (
    ("Anywhere", "Tab, Shift+Tab", "Move to the next or previous control"),
    ("Anywhere", "Alt+letter", "Open a menu by its underlined letter; then the item's letter"),
    ("Member filter", "Down, Enter, Return", "Move from the filter into the member list"),
    ("Member list", "Up, Down, Page Up, Page Down, Home, End", "Choose an ally"),
    ("Member list", "Letters", "Jump to the ally whose name starts with what you type"),
    ("Views", "Left, Right", "With the views' tabs focused: the previous or next view"),
    ("Trajectory chart", "Left, Right", "Move the year cursor and read every series' value that year"),
    ("Trajectory chart", "Esc", "Hide the year cursor"),
    ("Trajectory chart", "Home", "Reset zoom and pan (as Reset view)"),
    ("Editions chart", "Home", "Reset zoom and pan"),
    ("Compared ally", "Space", "On a compared ally's ✕ button: remove it from the chart"),
    ("Year slider", "Left, Right", "Ranked and Overview: the previous or next year"),
    ("Year slider", "Home, End", "The first or last year"),
    ("Year slider", "Page Up, Page Down", "Five years back or on"),
    ("Year slider", "Space", "Play or pause"),
    ("Overview grid", "Enter, Return, Space", "On an ally's cell: select that ally"),
    ("Figures", "Return", "Edit the selected figure"),
    ("Figures", "Del", "Remove the selected figure (asks first)"),
    ("Quotes", "Return", "Edit the selected quote"),
    ("Quotes", "Del", "Delete the selected quote (asks first)"),
    ("Dialogs", "Enter", "OK"),
    ("Dialogs", "Esc", "Cancel"),
)


def plain(text: str) -> str:
    """An action's words as shown: without its '&' mnemonic markers ("&&" is a real '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def mnemonic(text: str) -> str:
    """The letter after a single '&' ("" if none), upper-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].upper()
            i += 1
        i += 1
    return ""


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(NATIVE) for s in action.shortcuts() if not s.isEmpty())


def _menu_rows(menu: QMenu, path: list[str], alt: list[str], seen: set[int]) -> list[KeyRow]:
    rows: list[KeyRow] = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = mnemonic(action.text())
        reach = [*alt, letter] if letter and all(alt) else [*alt, ""]
        sub = action.menu()
        if isinstance(sub, QMenu):
            rows += _menu_rows(sub, [*path, plain(action.text())], reach, seen)
            continue
        seen.add(id(action))
        menu_keys = ", ".join(reach) if all(reach) else ""
        rows.append(KeyRow(" ▸ ".join(path), plain(action.text()), _keys(action), menu_keys))
    return rows


def shortcut_rows(window: QMainWindow) -> list[KeyRow]:
    """Every menu item (with or without a shortcut), then every other named action of
    ``window`` that has a shortcut, then the widget keys of ``KEYS``."""
    rows: list[KeyRow] = []
    seen: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and top.isVisible():
            letter = mnemonic(top.text())
            rows += _menu_rows(menu, [plain(top.text())], [f"Alt+{letter}" if letter else ""], seen)
    for action in window.findChildren(QAction):
        if id(action) in seen or not plain(action.text()).strip() or not _keys(action):
            continue  # nameless widget keys are described in KEYS
        owner = action.parent()
        group = (owner.accessibleName() if isinstance(owner, QWidget) and owner.accessibleName()
                 else "Window")
        seen.add(id(action))
        rows.append(KeyRow(group, plain(action.text()), _keys(action)))
    rows += [KeyRow(where, what, keys) for where, keys, what in KEYS]
    return rows


class ShortcutsDialog(QDialog):
    """The list of keys, grouped by menu (or by the place the keys work), with a filter."""

    # Keys first and the words last: the words are the long column and take the spare width.
    COLUMNS = ("Shortcut", "Menu keys", "Action")

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.rows = shortcut_rows(window)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Filter shortcuts")
        self.filter_edit.setPlaceholderText("Filter by action, key or menu…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Shortcuts")
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.empty = QLabel("No shortcut matches.")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self._fill()
        self.resize(720, 560)
        self.filter_edit.setFocus()

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for row in self.rows:
            group = groups.get(row.group)
            if group is None:
                group = QTreeWidgetItem([row.group])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)  # the group's name may be longer than its column
                groups[row.group] = group
            item = QTreeWidgetItem([row.keys, row.menu_keys, row.what])
            item.setToolTip(2, f"{row.group}: {row.what}")
            group.addChild(item)
        self.tree.expandAll()
        for column in range(len(self.COLUMNS) - 1):
            self.tree.resizeColumnToContents(column)

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(group, action, shortcut) of each row the filter leaves shown."""
        shown = []
        for group, child in self._items():
            if not child.isHidden() and not group.isHidden():
                shown.append((group.text(0), child.text(2), child.text(0)))
        return shown

    def _items(self) -> list[tuple[QTreeWidgetItem, QTreeWidgetItem]]:
        """(group, row) for every row, in order."""
        pairs = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            assert group is not None
            for c in range(group.childCount()):
                child = group.child(c)
                assert child is not None
                pairs.append((group, child))
        return pairs

    def _on_filter_changed(self, text: str) -> None:
        words = text.casefold().split()
        shown_groups: dict[int, bool] = {}
        groups = {}
        for group, child in self._items():
            haystack = " ".join([group.text(0), *(child.text(i) for i in range(3))]).casefold()
            match = all(w in haystack for w in words)
            child.setHidden(not match)
            groups[id(group)] = group
            shown_groups[id(group)] = shown_groups.get(id(group), False) or match
        for key, group in groups.items():
            group.setHidden(not shown_groups[key])
        self.empty.setVisible(not any(shown_groups.values()))
