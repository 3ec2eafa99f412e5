"""Tab walks the window and every dialog (issue 13, item 9).

Pressing Tab from the member filter visits every control a keyboard user
needs, in reading order, and comes back to the filter (no trap); each dialog
opens on its first field and Tab reaches OK and Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTabBar,
    QWidget,
)

from nato_desk.ui.dialogs.export_dialog import open_export_dialog
from nato_desk.ui.dialogs.preferences import PreferencesDialog
from tests.qt.test_editing import answer_dialogs, open_desk  # noqa: F401 (a fixture)
from tests.qt.test_import_dialog import feed, june_2024

LIMIT = 200  # more Tabs than any window here has stops


def _control(widget: QWidget | None) -> QWidget | None:
    """The control a focused inner widget belongs to (a spin box's or combo box's line edit)."""
    parent = widget.parentWidget() if widget is not None else None
    if isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent
    return widget


def _name(widget: QWidget | None) -> str:
    if widget is None:
        return "<none>"
    if isinstance(widget, QTabBar):
        return "tabs: " + ", ".join(widget.tabText(i) for i in range(widget.count()))
    name = widget.accessibleName() or widget.objectName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text().replace("&", "")
    return name or type(widget).__name__


def tab_walk(qtbot, top: QWidget, start: QWidget, key=Qt.Key.Key_Tab) -> list[QWidget]:
    """Press Tab from ``start`` until focus is back on it; the controls visited, in order.

    Fails if focus stays put (a trap) or never comes back within ``LIMIT`` presses.
    """
    start = _control(start)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    assert _control(top.focusWidget()) is start
    visited: list[QWidget] = []
    for _ in range(LIMIT):
        before = _control(top.focusWidget())
        qtbot.keyClick(top.focusWidget(), key)
        now = _control(top.focusWidget())
        assert now is not before, f"Tab stays on {_name(before)} (a trap)"
        if now is start:
            return visited
        visited.append(now)
    raise AssertionError(f"Tab never came back to {_name(start)}: {[_name(w) for w in visited]}")


# the main window --------------------------------------------------------------


def test_tab_from_the_filter_reaches_every_control_and_comes_back(qtbot, compared_window):
    window = compared_window
    names = [_name(w) for w in tab_walk(qtbot, window, window.member_list.filter_edit)]
    for wanted in ("Region filter", "Sort order", "Member list",  # the list, top to bottom
                   "Ally to compare", "Remove Belgium from chart", "Remove Slovakia from chart",
                   "Clear comparison", "Show Hague targets", "Scenario path", "First year shown",
                   "Last year shown", "Reset chart view", "Trajectory chart",  # the chart
                   "Show figure source", "Assumed real GDP growth", "Change position",
                   "Show position source", "Quotes", "Add quote", "Show quote source",  # the detail pane
                   "Edition", "Measure"):  # the toolbar
        assert wanted in names, f"Tab never reaches {wanted}: {names}"
    assert "QScrollArea" not in names  # the chips' strip is no stop of its own: the chips are
    assert any(n.startswith("tabs: Trajectory") for n in names)
    assert any(n.startswith("tabs: Quotes") for n in names)
    # Reading order: the list, then the chart, then the detail pane.
    assert names.index("Member list") < names.index("Ally to compare") < names.index("Trajectory chart") \
        < names.index("Change position") < names.index("Quotes")
    # No stop that does nothing: every stop is a control someone can use.
    assert all(w.isVisible() and w.isEnabled() for w in tab_walk(qtbot, window, window.member_list.filter_edit))


def test_shift_tab_walks_the_same_stops_backwards(qtbot, compared_window):
    window = compared_window
    forward = tab_walk(qtbot, window, window.member_list.filter_edit)
    backward = tab_walk(qtbot, window, window.member_list.filter_edit, Qt.Key.Key_Backtab)
    assert [_name(w) for w in backward] == [_name(w) for w in reversed(forward)]


def test_the_ranked_and_overview_sliders_and_the_editions_pickers_are_on_the_walk(qtbot, desk_window):
    window = desk_window
    views = window.chart_panel.views
    for title, wanted in (("Ranked", ("Play through the years", "Ranked year", "Ranked chart")),
                          ("Overview", ("Play through the years", "Overview year")),
                          ("Editions", ("From edition", "To edition", "Revisions"))):
        views.setCurrentIndex([views.tabText(i) for i in range(views.count())].index(title))
        names = [_name(w) for w in tab_walk(qtbot, window, window.member_list.filter_edit)]
        for name in wanted:
            assert name in names, f"{title}: Tab never reaches {name}: {names}"


def test_a_compared_allys_button_removes_it_with_space(qtbot, compared_window):
    window = compared_window
    stops = tab_walk(qtbot, window, window.member_list.filter_edit)
    chip = next(w for w in stops if _name(w) == "Remove Belgium from chart")
    chip.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(chip, Qt.Key.Key_Space)
    assert window.chart_panel.chart.comparisons == ["SVK"]
    focused = window.focusWidget()  # the keyboard user is not left nowhere
    assert focused is not None and focused.isVisible(), _name(focused)


def test_the_history_panel_is_on_the_walk_when_open(qtbot, desk_window):
    window = desk_window
    window.history_dock.show()
    names = [_name(w) for w in tab_walk(qtbot, window, window.member_list.filter_edit)]
    for name in ("History ally filter", "History kind filter", "History text filter", "History entries"):
        assert name in names, f"Tab never reaches {name}: {names}"


# dialogs ------------------------------------------------------------------------


def _ok_and_cancel(dialog: QDialog) -> tuple[QWidget, QWidget]:
    ok, cancel = getattr(dialog, "ok_button", None), getattr(dialog, "cancel_button", None)
    box = dialog.findChild(QDialogButtonBox)
    if ok is None and box is not None:
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
    if cancel is None and box is not None:
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert ok is not None and cancel is not None
    return ok, cancel


def _check_dialog(qtbot, dialog: QDialog, first: QWidget, seen: dict) -> None:
    """``dialog`` opened on ``first``; Tab from it reaches OK and Cancel and comes back."""
    # A plain QDialog gives focus to its first field when it is activated (an event).
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None, timeout=2000)
    focused = _control(dialog.focusWidget())
    seen["first"] = focused is first or first.isAncestorOf(focused)
    seen["focused"] = _name(focused)
    stops = tab_walk(qtbot, dialog, focused)
    ok, cancel = _ok_and_cancel(dialog)
    seen["ok"], seen["cancel"] = ok in stops, cancel in stops
    seen["names"] = [_name(w) for w in stops]
    reason = getattr(dialog, "reason", None)
    if reason is not None and reason.isVisible():
        # Reason after the fields, before the buttons.
        seen["reason_order"] = stops.index(reason) < stops.index(ok) and stops.index(reason) > 0


def _edit_dialog_walk(qtbot, window, trigger) -> dict:
    seen: dict = {}

    def look(dialog):
        _check_dialog(qtbot, dialog, dialog.first_field(), seen)
        dialog.reject()
        return False

    answer_dialogs(qtbot, window, look)
    trigger()
    return seen


def _assert_walk(seen: dict) -> None:
    assert seen["first"], f"opened on {seen['focused']}"
    assert seen["ok"] and seen["cancel"], seen["names"]
    assert seen.get("reason_order", True), seen["names"]


def test_edit_dialogs_open_on_their_first_field_and_tab_reaches_ok_and_cancel(qtbot, open_desk):
    window = open_desk()
    window.member_list.select("POL")
    actions = window.desk.edit_actions
    for name, action in (("figure", actions.add_figure_action), ("plan", actions.add_plan_action),
                         ("quote", actions.add_quote_action), ("position", actions.change_position_action),
                         ("source", actions.add_source_action), ("event", actions.add_event_action)):
        seen = _edit_dialog_walk(qtbot, window, action.trigger)
        assert seen, f"{name}: no dialog"
        _assert_walk(seen)


def test_the_edit_figure_dialog_from_the_figures_table(qtbot, open_desk):
    window = open_desk()
    window.member_list.select("DEU")
    figures = window.detail_pane.figures
    figures.table.selectRow(0)
    seen = _edit_dialog_walk(qtbot, window, lambda: figures.edit_button.click())
    _assert_walk(seen)


def test_preferences_opens_on_the_name_and_tab_reaches_ok_and_cancel(qtbot, open_desk):
    window = open_desk()
    seen: dict = {}

    def look(dialog):
        assert isinstance(dialog, PreferencesDialog)
        _check_dialog(qtbot, dialog, dialog.user_name, seen)
        dialog.reject()
        return False

    answer_dialogs(qtbot, window, look)
    window.desk.preferences_action.trigger()
    _assert_walk(seen)
    assert seen["names"][0] == "Backups to keep"


def test_export_dialog_opens_on_its_first_field_and_tab_reaches_ok_and_cancel(qtbot, open_desk):
    window = open_desk()
    dialog = open_export_dialog(window.desk)
    qtbot.waitExposed(dialog)
    seen: dict = {}
    _check_dialog(qtbot, dialog, dialog.preset_combo, seen)
    dialog.reject()
    _assert_walk(seen)
    assert "Copy to clipboard" in seen["names"]


def test_import_dialog_opens_on_its_first_field_and_tab_reaches_next_and_cancel(
        qtbot, open_desk, store, monkeypatch, tmp_path):
    window = open_desk()
    seen: dict = {}

    def look(dialog):
        qtbot.waitUntil(lambda: dialog.focusWidget() is not None, timeout=2000)
        focused = _control(dialog.focusWidget())
        seen["first"] = dialog.edition_step.isAncestorOf(focused)
        seen["focused"] = _name(focused)
        stops = tab_walk(qtbot, dialog, focused)
        seen["names"] = [_name(w) for w in stops]
        seen["ok"] = dialog.next_button in stops
        seen["cancel"] = dialog.cancel_button in stops
        dialog.reject()

    feed(monkeypatch, window, tmp_path, june_2024(), look)
    window.desk.importer.import_action.trigger()
    _assert_walk(seen)
