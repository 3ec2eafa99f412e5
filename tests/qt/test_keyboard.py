"""Keyboard-complete (issue 13, item 9): NATO's position and removing one compared ally
without the mouse, Help ▸ Keyboard shortcuts (F1) generated from the actions, one
shortcut per action, a unique & mnemonic on every menu item; and the status bar's
message kept clear of the labels on its right."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from nato_desk.domain import NATO_ID
from nato_desk.ui.shortcuts import KEYS, ShortcutsDialog, mnemonic, plain

NATIVE = QKeySequence.SequenceFormat.NativeText
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "keyboard"


def _menus(window) -> list[tuple[str, QMenu]]:
    """Every menu of the menu bar and its submenus (opened once, so dynamic ones are filled)."""
    found: list[tuple[str, QMenu]] = []

    def walk(menu: QMenu, path: str) -> None:
        menu.aboutToShow.emit()
        found.append((path, menu))
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu(), f"{path} ▸ {plain(action.text())}")

    for top in window.menuBar().actions():
        walk(top.menu(), plain(top.text()))
    return found


def _open_shortcuts(qtbot, window) -> ShortcutsDialog:
    window.activateWindow()
    window.member_list.table.setFocus()
    qtbot.keyClick(window.member_list.table, Qt.Key.Key_F1)
    dialog = window.desk.keyboard.last_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def test_nato_position_by_keyboard_and_in_the_view_menu(qtbot, desk_window):
    window = desk_window
    window.member_list.select("ESP")
    window.activateWindow()
    window.member_list.table.setFocus()
    qtbot.keyClick(window.member_list.table, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.detail_pane.iso3 == NATO_ID
    view = dict(_menus(window))["View"]
    assert window.nato_action in view.actions()


def test_remove_one_compared_ally_from_the_chart_menu_by_its_number(qtbot, compared_window):
    window = compared_window
    remove = window.desk.keyboard.remove_menu
    remove.aboutToShow.emit()
    texts = [a.text() for a in remove.actions()]
    assert texts == ["&1 Belgium (BEL)", "&2 Slovakia (SVK)"]
    remove.actions()[0].trigger()
    assert window.chart_panel.chart.comparisons == ["SVK"]
    remove.aboutToShow.emit()
    assert [a.text() for a in remove.actions()] == ["&1 Slovakia (SVK)"]
    window.desk.keyboard.clear_action.trigger()
    assert window.chart_panel.chart.comparisons == []
    window.desk.keyboard.chart_menu.aboutToShow.emit()
    assert not remove.menuAction().isEnabled()  # nothing to remove: greyed, not a dead end


# Menus pop up for real here; the offscreen platform cannot raise them or grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
def test_the_chart_menu_reached_by_alt_keys_removes_an_ally(qtbot, compared_window):
    window = compared_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    chart_menu = window.desk.keyboard.chart_menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is chart_menu)
    qtbot.keyClick(chart_menu, Qt.Key.Key_R)
    remove = window.desk.keyboard.remove_menu
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is remove)
    qtbot.keyClick(remove, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert window.chart_panel.chart.comparisons == ["BEL"]


def test_f1_lists_every_named_action_with_its_shortcut_grouped_by_menu(qtbot, desk_window):
    window = desk_window
    dialog = _open_shortcuts(qtbot, window)
    rows = dialog.visible_rows()
    for action in window.findChildren(QAction):
        keys = ", ".join(s.toString(NATIVE) for s in action.shortcuts() if not s.isEmpty())
        if keys and plain(action.text()).strip():
            assert any(what == plain(action.text()) and shortcut == keys for _g, what, shortcut in rows), \
                (action.text(), keys)
    assert ("View", "NATO's position", QKeySequence("Ctrl+Shift+N").toString(NATIVE)) in rows
    assert ("Help", "Keyboard shortcuts…", "F1") in rows
    assert ("Edit", "Add quote…", "") in rows  # menu items without a shortcut too, with their Alt keys
    quote = next(r for r in dialog.rows if r.what == "Add quote…")
    assert quote.menu_keys == "Alt+E, Q"
    # Keys that are not actions, from the table in ui/shortcuts.
    assert ("Trajectory chart", "Move the year cursor and read every series' value that year",
            "Left, Right") in rows


def test_an_action_added_to_the_window_appears_in_the_list_by_itself(qtbot, desk_window):
    window = desk_window
    extra = QAction("Frobnicate the deck", window)
    extra.setShortcut("Ctrl+Alt+J")
    window.addAction(extra)
    in_menu = QAction("&Tidy allies", window)
    in_menu.setShortcut("Ctrl+Alt+K")
    window.desk.keyboard.chart_menu.addAction(in_menu)
    rows = _open_shortcuts(qtbot, window).visible_rows()
    assert ("Window", "Frobnicate the deck", QKeySequence("Ctrl+Alt+J").toString(NATIVE)) in rows
    assert ("Chart", "Tidy allies", QKeySequence("Ctrl+Alt+K").toString(NATIVE)) in rows


def test_the_list_filters_by_words_in_action_key_or_menu(qtbot, desk_window):
    dialog = _open_shortcuts(qtbot, desk_window)
    assert dialog.focusWidget() is dialog.filter_edit  # type straight away
    qtbot.keyClicks(dialog.filter_edit, "position")
    shown = {what for _g, what, _k in dialog.visible_rows()}
    assert {"NATO's position", "Change position…"} <= shown and "Undo" not in shown
    dialog.filter_edit.setText("f1")
    assert [what for _g, what, _k in dialog.visible_rows()] == ["Keyboard shortcuts…"]
    dialog.filter_edit.setText("zzzz no such key")
    assert dialog.visible_rows() == [] and dialog.empty.isVisibleTo(dialog)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dialog.filter_edit.clear()
    dialog.grab().save(str(ARTIFACTS / "shortcuts_dialog.png"))


def test_every_nameless_widget_key_is_described_in_the_key_table(desk_window):
    described = {(where, key.strip()) for where, keys, _what in KEYS for key in keys.split(",")}
    for action in desk_window.findChildren(QAction):
        if plain(action.text()).strip() or action.shortcut().isEmpty():
            continue
        owner = action.parent()
        assert isinstance(owner, QWidget)
        key = action.shortcut().toString(NATIVE)
        assert (owner.accessibleName(), key) in described, (owner.accessibleName(), key)


def test_no_two_actions_share_a_shortcut(desk_window):
    wide, local = Counter(), Counter()
    for action in desk_window.findChildren(QAction):
        for seq in action.shortcuts():
            if seq.isEmpty():
                continue
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
                local[(id(action.parent()), seq.toString())] += 1
            else:
                wide[seq.toString()] += 1
    assert [k for k, n in wide.items() if n > 1] == []
    assert [k for k, n in local.items() if n > 1] == []
    # A key of one widget never shadows a window-wide one.
    assert {key for _w, key in local} & set(wide) == set()


def test_every_menu_item_has_its_own_mnemonic(desk_window):
    window = desk_window
    tops = [mnemonic(a.text()) for a in window.menuBar().actions()]
    assert all(tops) and len(set(tops)) == len(tops), tops
    for path, menu in _menus(window):
        items = [a for a in menu.actions() if not a.isSeparator() and a.isVisible() and a.isEnabled()]
        letters = [mnemonic(a.text()) for a in items]
        assert all(letters), f"{path}: {[a.text() for a, m in zip(items, letters) if not m]}"
        assert len(set(letters)) == len(letters), f"{path}: {[a.text() for a in items]}"


def test_a_status_message_is_shortened_to_its_room_never_under_the_labels(qtbot, desk_window):
    window = desk_window
    window.resize(1024, 700)
    window.show_store("/home/analyst/.local/share/nato_desk/desk.json", "another window has it open")
    bar = window.statusBar()
    message = ("Updated from /home/analyst/.local/share/nato_desk/desk.json: saved by another window "
               "at 10:42")
    bar.showMessage(message)
    qtbot.waitUntil(lambda: not window.edition_label.isVisible())
    room = bar.message_rect()
    read_only = window.read_only_label
    assert read_only.isVisible() and room.right() < read_only.geometry().left()
    shown = bar.shown_message()
    assert bar.fontMetrics().horizontalAdvance(shown) <= room.width()
    assert shown.startswith("Updated from") and shown.endswith("at 10:42")  # the news and its time
    assert bar.currentMessage() == message
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / "status_message_1024.png"))
    bar.clearMessage()
    assert window.edition_label.isVisible()
