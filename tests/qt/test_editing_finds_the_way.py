"""Editing that finds the way (issue 13, item 6), through the real window.

Add figure on a year that has one (a published blank) edits it; source pickers
find a source by any part of its title, publisher or id; "New source…" in every
dialog that cites one, stored with the edit in one undo step; refusals name the
field by its form label and put the cursor there; dialogs open on their first field.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from nato_desk.domain import Observation
from tests.qt.test_editing import answer_dialogs, open_desk  # noqa: F401 (a fixture)

BLANK = "2025-08/DEU/pct_gdp/2025"


def _germany(window, edition="2025-08"):
    window.edition_combo.setCurrentIndex(window.edition_combo.findData(edition))
    window.member_list.select("DEU")


def _bundestag(dialog):
    dialog.title_edit.setText("Bundeshaushalt 2025: Einzelplan 14 (Verteidigung)")
    dialog.publisher.setText("Deutscher Bundestag")
    dialog.date.setText("2025-09-18")
    dialog.url.setText("https://www.bundestag.de/haushalt2025")


def test_fill_germanys_2025_blank_with_a_new_source_in_one_undo_step(qtbot, open_desk, store):
    window = open_desk()
    _germany(window)
    sources = len(store.sources())
    seen = {}

    def fill(dialog):
        seen["title"] = dialog.windowTitle()
        seen["notice"] = dialog.notice.text() if dialog.notice.isVisible() else ""
        seen["focus"] = dialog.focusWidget() is dialog.year
        seen["year"] = dialog.year.value()
        dialog.value.setText("2.40")
        qtbot.mouseClick(dialog.new_source_button, Qt.MouseButton.LeftButton)
        seen["picked"] = dialog.source.currentText()
        dialog.reason.setText("budget law adopted")

    answer_dialogs(qtbot, window, fill, _bundestag)
    window.desk.edit_actions.add_figure_action.trigger()  # Edit ▸ Add figure…

    assert seen["year"] == 2025 and seen["title"] == "Edit Germany" and seen["focus"]
    assert seen["notice"] == ("Germany 2025 already has a figure in this edition (a published blank): "
                              "editing it.")
    assert seen["picked"].startswith("Bundeshaushalt 2025: Einzelplan 14 (Verteidigung) — Deutscher Bundestag"
                                     " (2025-09-18) · ANALYST_")
    obs = store.get(Observation, BLANK)
    assert (obs.value, obs.decimals) == (2.4, 2)
    new = store.source(obs.source_id)
    assert new.publisher == "Deutscher Bundestag" and len(store.sources()) == sources + 1
    assert "blank by design" not in obs.note  # the blank's explanation no longer applies

    stack = window.desk.editor.undo_stack
    assert stack.count() == 1
    assert window.desk.edit_actions.undo_action.text() == "&Undo Edit Germany 2025 estimate"
    window.desk.edit_actions.undo_action.trigger()  # one step takes back the figure and its source
    assert store.get(Observation, BLANK).value is None
    assert store.source(new.id) is None and len(store.sources()) == sources
    window.desk.edit_actions.redo_action.trigger()
    assert store.get(Observation, BLANK).source_id == new.id and store.source(new.id) == new


def test_a_cancelled_dialog_leaves_no_new_source_behind(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("ESP")
    sources = len(store.sources())

    def fill(dialog):
        dialog.speaker.setText("Pedro Sánchez")
        dialog.text.setPlainText("Spain will meet its capability targets.")
        qtbot.mouseClick(dialog.new_source_button, Qt.MouseButton.LeftButton)
        assert dialog.source.source_id().startswith("ANALYST_")
        dialog.reject()
        return False

    answer_dialogs(qtbot, window, fill, _bundestag)
    window.detail_pane.quote_add_button.click()
    assert len(store.sources()) == sources
    assert window.desk.editor.undo_stack.count() == 0


def test_add_figure_on_a_year_that_has_one_edits_it_and_a_free_year_adds(qtbot, open_desk, store):
    window = open_desk()
    _germany(window, "2026-07")
    old_2024 = next(o for o in store.observations(iso3="DEU", edition="2026-07") if o.year == 2024)
    seen = {}

    def fill(dialog):
        seen["start"] = (dialog.year.value(), dialog.notice.isVisible(), dialog.windowTitle())
        dialog.year.setValue(2024)
        seen["on_2024"] = (dialog.notice.text(), dialog.windowTitle(), dialog.value.text(),
                           dialog.source.source_id())
        dialog.year.setValue(2027)  # free again: an addition
        seen["on_2027"] = (dialog.notice.isVisible(), dialog.windowTitle())
        dialog.year.setValue(2024)
        dialog.value.setText("2.05")

    answer_dialogs(qtbot, window, fill)
    window.desk.edit_actions.add_figure_action.trigger()

    assert seen["start"] == (2027, False, "Add figure for Germany")
    assert seen["on_2024"] == ("Germany 2024 already has a figure in this edition: editing it.",
                               "Edit Germany", f"{old_2024.value:.{old_2024.decimals}f}", old_2024.source_id)
    assert seen["on_2027"] == (False, "Add figure for Germany")
    assert store.get(Observation, old_2024.id).value == 2.05  # edited, not refused
    assert not [o for o in store.observations(iso3="DEU", edition="2026-07") if o.year == 2027]


def _pick(qtbot, picker, typed):
    """Types into the picker as an analyst would; returns what the completer offers."""
    line = picker.lineEdit()
    line.clear()
    for char in typed:
        if char.isascii():
            qtbot.keyClicks(line, char)
        else:  # QTest types ASCII only: an accented key as a keyboard layout sends it
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(line, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    completer = picker.completer()
    offered = [completer.completionModel().index(r, 0).data()
               for r in range(completer.completionModel().rowCount())]
    return offered, completer


SEARCHES = [
    ("einzelplan", "ANALYST_"),          # a word inside the title
    ("DEUTSCHER BUNDESTAG", "ANALYST_"),  # the publisher, any case
    ("sqlseed", "GH_SQLSEED_T3"),         # part of an id
    ("diario de sevilla", "DIARIODESEVILLA_20250619"),
    ("sanchez no ve", "DIARIODESEVILLA_20250619"),  # without the accent
    ("Sánchez no ve", "DIARIODESEVILLA_20250619"),  # with it
]


# The completer's popup is a real popup: the offscreen platform cannot raise it or grab keys.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
def test_source_picker_finds_a_source_by_any_part_of_title_publisher_or_id(qtbot, open_desk, store):
    window = open_desk()
    _germany(window)
    seen = {}

    def fill(dialog):
        qtbot.mouseClick(dialog.new_source_button, Qt.MouseButton.LeftButton)
        for typed, _ in SEARCHES:
            dialog.source.select("")
            offered, completer = _pick(qtbot, dialog.source, typed)
            popup = completer.popup()
            visible = popup.isVisible()
            popup.setCurrentIndex(completer.completionModel().index(0, 0))
            qtbot.keyClick(popup, Qt.Key.Key_Return)
            seen[typed] = (visible, offered, dialog.source.source_id())
        dialog.reject()
        return False

    answer_dialogs(qtbot, window, fill, _bundestag)
    window.desk.edit_actions.add_figure_action.trigger()
    for typed, expected in SEARCHES:
        visible, offered, chosen = seen[typed]
        assert visible and offered, typed
        assert chosen.startswith(expected), typed
        assert " · " in offered[0]  # "Title — Publisher (date) · ID"


def _open_each(window):
    actions = window.desk.edit_actions
    return {"figure": actions.add_figure_action.trigger, "plan": actions.add_plan_action.trigger,
            "quote": actions.add_quote_action.trigger, "position": actions.change_position_action.trigger,
            "event": actions.add_event_action.trigger}


@pytest.mark.parametrize("which", ["figure", "plan", "quote", "position", "event"])
def test_every_dialog_with_a_source_offers_a_new_one_and_opens_on_its_first_field(
        qtbot, open_desk, store, which):
    window = open_desk()
    window.member_list.select("POL")
    sources = len(store.sources())
    seen = {}

    def fill(dialog):
        first = dialog.first_field()
        seen["focus"] = dialog.focusWidget()
        seen["first"] = first
        seen["reason_focused"] = dialog.reason.hasFocus()
        # Tab from the last field reaches Reason, not the first field again.
        qtbot.mouseClick(dialog.new_source_button, Qt.MouseButton.LeftButton)
        seen["chosen"] = dialog.source.source_id()
        dialog.reject()
        return False

    def new_source(dialog):
        seen["child"] = (dialog.windowTitle(), dialog.reason.isHidden())
        _bundestag(dialog)

    answer_dialogs(qtbot, window, fill, new_source)
    _open_each(window)[which]()
    assert seen["child"] == ("Add source", True)  # its reason is the outer dialog's
    assert seen["chosen"].startswith("ANALYST_")
    assert not seen["reason_focused"]
    assert seen["focus"] is seen["first"] or seen["first"].isAncestorOf(seen["focus"])
    assert len(store.sources()) == sources  # cancelled: nothing stored


def test_refusals_name_the_field_by_its_label_and_put_the_cursor_there(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("POL")
    seen = {}

    def figure(dialog):
        dialog.value.setText("3.10")
        dialog.source.select("")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["figure"] = (dialog.error.text(), dialog.focusWidget() in (dialog.source, dialog.source.lineEdit()))
        dialog.source.select("NATO_DE2025")
        dialog.value.setText("120")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["range"] = (dialog.error.text(), dialog.focusWidget() is dialog.value)
        dialog.reject()
        return False

    def quote(dialog):
        dialog.text.setPlainText("Poland will spend 5%.")
        dialog.source.select("NATO_DE2025")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["quote"] = (dialog.error.text(), dialog.focusWidget() is dialog.speaker)
        dialog.reject()
        return False

    def position(dialog):
        dialog.summary.setPlainText("Leads the alliance.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["position"] = dialog.error.text()
        dialog.reject()
        return False

    def event(dialog):
        dialog.date.setText("2026-13")
        dialog.label_edit.setText("Budget vote")
        dialog.source.select("NATO_DE2025")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["event"] = (dialog.error.text(), dialog.focusWidget() is dialog.date)
        dialog.reject()
        return False

    answer_dialogs(qtbot, window, figure, quote, position, event)
    opens = _open_each(window)
    for which in ("figure", "quote", "position", "event"):
        opens[which]()
    assert seen["figure"] == ("Source is required", True)
    assert seen["range"] == ("Value must be between 0 and 100 (% of GDP)", True)
    assert seen["quote"] == ("Speaker is required", True)
    assert seen["position"] == "Source is required"
    assert seen["event"][0].startswith("Date: ") and seen["event"][1]
    for said in (seen["figure"][0], seen["quote"][0], seen["position"], seen["event"][0]):
        assert not any(word in said for word in ("source_id", "Observation", "Quote ", "ANALYST_", "POL"))
    assert window.desk.editor.undo_stack.count() == 0
    QApplication.processEvents()
