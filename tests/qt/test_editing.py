"""Editing through the real widgets: dialogs, undo/redo, history, restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from nato_desk.domain import Observation, Quote
from nato_desk.store import Store
from nato_desk.ui.member_model import MemberColumn
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window


@pytest.fixture
def open_desk(qtbot, store, tmp_path):
    """Builds the real window; ``fill`` answers the next dialog like a user would."""
    settings_path = str(tmp_path / "settings.ini")
    stores = [store]

    def open_(on_store=None):
        on_store = on_store or stores[-1]
        settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
        settings.set(Settings.USER_NAME, "analyst a")
        return show_desk_window(qtbot, on_store, settings, configure=False)

    return open_


def answer_dialogs(qtbot, window, *fillers):
    """Each dialog the window opens is shown, filled by the next filler, and OK'd."""
    queue = list(fillers)

    def run(dialog: QDialog) -> int:
        # Not qtbot.addWidget: the window owns its dialogs and deletes them.
        dialog.show()
        filler = queue.pop(0)
        if filler(dialog) is not False:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    window.desk.edit_actions.exec_dialog = run
    window.desk.edit_actions.confirm = lambda question: True


def latest_cell(window, iso3):
    model = window.desk.member_model
    return model.index(model.row_of(iso3), MemberColumn.LATEST).data()


def labels(widget):
    return {w.accessibleName(): w.text() for w in widget.findChildren(QLabel) if w.accessibleName()}


def edit_germany_2025(qtbot, window, value="2.40", reason="budget law"):
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    window.member_list.select("DEU")
    pane = window.detail_pane
    pane.tabs.setCurrentWidget(pane.figures)
    pane.figures.select_year(2025)

    def fill(dialog):
        dialog.value.setText(value)
        dialog.reason.setText(reason)

    answer_dialogs(qtbot, window, fill)
    qtbot.mouseClick(pane.figures.edit_button, Qt.MouseButton.LeftButton)


def test_edit_germany_2025_updates_list_detail_chart_and_undoes(qtbot, open_desk, store):
    window = open_desk()
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    assert latest_cell(window, "DEU") == "2.00% (2024e)*"  # older than most allies' 2025
    edit_germany_2025(qtbot, window)

    obs = store.get(Observation, "2025-08/DEU/pct_gdp/2025")
    assert (obs.value, obs.decimals) == (2.4, 2)
    assert latest_cell(window, "DEU") == "2.40% (2025e)"
    assert "2.40% (2025e)" in labels(window.detail_pane)["Latest figure"]
    slot = window.chart_panel.chart.slot_for("DEU")
    assert next(o for o in slot.points if o.year == 2025).value == 2.4
    figures = window.detail_pane.figures.model
    row = next(r for r in range(figures.rowCount()) if figures.figure_at(r).year == 2025)
    assert figures.index(row, 4).data() == "edited by analyst a"
    assert "budget law" in figures.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    model = window.desk.member_model
    list_tip = model.index(model.row_of("DEU"), MemberColumn.LATEST).data(Qt.ItemDataRole.ToolTipRole)
    assert "Analyst edit by analyst a" in list_tip
    spain_tip = model.index(model.row_of("ESP"), MemberColumn.LATEST).data(Qt.ItemDataRole.ToolTipRole)
    assert "Shipped value" in spain_tip

    undo = window.desk.edit_actions.undo_action
    assert undo.text() == "&Undo Edit Germany 2025 estimate"
    undo.trigger()
    assert store.get(Observation, "2025-08/DEU/pct_gdp/2025").value is None
    assert latest_cell(window, "DEU") == "2.00% (2024e)*"  # older than most allies' 2025
    assert 2025 not in {o.year for o in window.chart_panel.chart.slot_for("DEU").points if o.value}
    window.desk.edit_actions.redo_action.trigger()
    assert latest_cell(window, "DEU") == "2.40% (2025e)"


def test_edit_survives_a_restart_with_its_history(qtbot, open_desk, store):
    window = open_desk()
    edit_germany_2025(qtbot, window)
    path = store.path
    window.close()
    store.close()

    reopened = Store.open(path)
    try:
        window = open_desk(reopened)
        window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
        assert latest_cell(window, "DEU") == "2.40% (2025e)"
        history = window.desk.history_panel
        history.text.setText("budget law")
        assert history.proxy.rowCount() >= 1
        row = history.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
        assert (row.entry.user, row.entry.reason) == ("analyst a", "budget law")
        assert row.line.startswith("Germany 2025 (August 2025 edition): blank → 2.4")
    finally:
        reopened.close()


def test_invalid_figure_is_refused_with_the_field_named_and_nothing_stored(qtbot, open_desk, store):
    window = open_desk()
    before = store.path.read_bytes()
    seen = {}

    def fill(dialog):
        dialog.value.setText("120")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error.text()
        seen["visible"] = dialog.error.isVisible()
        dialog.reject()
        return False

    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    window.member_list.select("DEU")
    window.detail_pane.figures.select_year(2025)
    answer_dialogs(qtbot, window, fill)
    window.detail_pane.figures.edit_button.click()
    assert seen["visible"] and seen["error"] == "Value must be between 0 and 100 (% of GDP)"
    assert store.path.read_bytes() == before
    assert window.desk.edit_actions.undo_action.isEnabled() is False


@pytest.mark.parametrize(("text", "words"), [("2,4", "use a point"), ("abc", "not a number")])
def test_value_that_does_not_parse_is_refused(qtbot, open_desk, store, text, words):
    window = open_desk()
    seen = {}

    def fill(dialog):
        dialog.value.setText(text)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error.text()
        dialog.reject()
        return False

    window.member_list.select("ESP")
    window.detail_pane.figures.select_year(2025)
    answer_dialogs(qtbot, window, fill)
    window.detail_pane.figures.edit_button.click()
    assert words in seen["error"] and seen["error"].startswith("Value: ")


def test_delete_a_quote_and_undo_brings_it_back_with_the_same_id(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("ESP")
    pane = window.detail_pane
    quote = pane.current_quote()
    count = len(store.quotes("ESP"))
    answer_dialogs(qtbot, window)
    qtbot.mouseClick(pane.quote_delete_button, Qt.MouseButton.LeftButton)
    assert store.get(Quote, quote.id) is None
    assert pane.quote_model.rowCount() == count - 1
    window.desk.edit_actions.undo_action.trigger()
    assert store.get(Quote, quote.id) == quote
    assert pane.quote_model.rowCount() == count


def test_new_user_adds_a_slovak_quote_and_stance_then_undo_redo_restart(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("SVK")
    pane = window.detail_pane

    def add_source(dialog):
        dialog.title_edit.setText("Fico says Slovakia will set its own pace")
        dialog.publisher.setText("TASR")
        dialog.date.setText("2026-11-27")
        dialog.url.setText("https://www.tasr.sk/example")

    answer_dialogs(qtbot, window, add_source)
    window.desk.edit_actions.add_source_action.trigger()
    source_id = window.desk.edit_actions.last_dialog.created_id
    assert store.source(source_id).publisher == "TASR"

    def add_quote(dialog):
        dialog.speaker.setText("Robert Fico")
        dialog.role.setText("Prime Minister of Slovakia")
        dialog.text.setPlainText("We will set the pace ourselves.")
        dialog.date.setText("2026-11-27")
        dialog.source.setCurrentIndex(dialog.source.findData(source_id))

    def change_stance(dialog):
        dialog.stance.setCurrentIndex(dialog.stance.findData(dialog.stance.itemData(2)))
        dialog.summary.setPlainText("Opposes a fixed pace.")
        dialog.source.setCurrentIndex(dialog.source.findData(source_id))

    answer_dialogs(qtbot, window, add_quote, change_stance)
    qtbot.mouseClick(pane.quote_add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pane.position_button, Qt.MouseButton.LeftButton)
    assert labels(pane)["Stance"] == "Opposes"
    assert "Earlier positions" in labels(pane)["Earlier positions"]
    assert any(q.text == "We will set the pace ourselves." for q in store.quotes("SVK"))

    undo = window.desk.edit_actions.undo_action
    undo.trigger()  # the stance
    undo.trigger()  # the quote
    assert labels(pane)["Stance"] == "Supports with reservations"
    assert not any(q.text == "We will set the pace ourselves." for q in store.quotes("SVK"))
    window.desk.edit_actions.redo_action.trigger()  # the quote again
    assert any(q.text == "We will set the pace ourselves." for q in store.quotes("SVK"))
    state = (store.quotes("SVK"), store.position("SVK"))
    path = store.path
    window.close()
    store.close()
    reopened = Store.open(path)
    try:
        assert (reopened.quotes("SVK"), reopened.position("SVK")) == state
    finally:
        reopened.close()


def test_quote_without_a_source_is_refused(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("SVK")
    seen = {}

    def fill(dialog):
        dialog.speaker.setText("Robert Fico")
        dialog.text.setPlainText("Something.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.error.text()
        dialog.reject()
        return False

    count = len(store.quotes("SVK"))
    answer_dialogs(qtbot, window, fill)
    window.detail_pane.quote_add_button.click()
    assert seen["error"] == "Source is required"
    assert len(store.quotes("SVK")) == count


def test_show_source_lists_what_else_cites_it(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("ESP")
    quote = window.detail_pane.current_quote()
    shown = {}

    def look(dialog):
        shown["cited"] = [dialog.cited_by.item(i).text() for i in range(dialog.cited_by.count())]
        dialog.reject()
        return False

    answer_dialogs(qtbot, window, look)
    window.detail_pane.quote_cited_button.click()
    citing = store.citing(quote.source_id)
    assert len(shown["cited"]) == len(citing) >= 1
    assert any(quote.text[:40] in line for line in shown["cited"])


def test_chart_point_source_is_found_by_position(open_desk, store):
    window = open_desk()
    window.member_list.select("ESP")
    chart = window.chart_panel.chart
    esp_2025 = next(o for o in chart.slot_for("ESP").points if o.year == 2025)
    assert chart.observation_near(2025.1, esp_2025.value + 0.05) == esp_2025
    assert chart.observation_near(2019.5, 4.5) is None


def test_read_only_window_offers_no_editing(qtbot, open_desk, store):
    second = Store.open(store.path)
    try:
        window = open_desk(second)
        window.member_list.select("ESP")
        assert not window.desk.edit_actions.add_quote_action.isEnabled()
        assert not window.detail_pane.quote_add_button.isEnabled()
        assert not window.detail_pane.figures.edit_button.isEnabled()
    finally:
        second.close()
    QApplication.processEvents()


def test_edit_a_source_from_show_source_and_undo(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("ESP")
    quote = window.detail_pane.current_quote()
    old = store.source(quote.source_id)

    def open_editor(dialog):
        dialog.edit_button.click()
        return False

    def change_publisher(dialog):
        dialog.publisher.setText("Corrected publisher")
        dialog.reason.setText("typo in publisher")

    answer_dialogs(qtbot, window, open_editor, change_publisher)
    window.detail_pane.quote_cited_button.click()
    assert store.source(old.id).publisher == "Corrected publisher"
    assert window.detail_pane.quote_source.findChildren(QLabel)  # still shown
    window.desk.edit_actions.undo_action.trigger()
    assert store.source(old.id) == old


def test_add_a_chart_event_and_undo_it(qtbot, open_desk, store):
    window = open_desk()
    chart = window.chart_panel.chart
    before = set(chart.event_lines)

    def fill(dialog):
        dialog.date.setText("2026-06-15")
        dialog.label_edit.setText("Bundestag budget vote")
        dialog.kind.setCurrentText("budget")
        dialog.source.setCurrentIndex(1)

    answer_dialogs(qtbot, window, fill)
    window.desk.edit_actions.add_event_action.trigger()
    added = set(chart.event_lines) - before
    assert len(added) == 1
    assert abs(chart.event_lines[added.pop()].value() - 2026.45) < 0.01
    window.desk.edit_actions.undo_action.trigger()
    assert set(chart.event_lines) == before


def test_add_a_national_plan_point(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("POL")
    figures = window.detail_pane.figures

    def fill(dialog):
        dialog.year.setValue(2030)
        dialog.value.setText("5.0")
        dialog.source.setCurrentIndex(1)

    answer_dialogs(qtbot, window, fill)
    qtbot.mouseClick(figures.plan_button, Qt.MouseButton.LeftButton)
    plans = [o for o in store.observations(iso3="POL") if o.status.value == "plan"]
    assert [(o.year, o.value, o.decimals, o.edition) for o in plans] == [(2030, 5.0, 1, "national-plan")]
    assert any(figures.model.figure_at(r).year == 2030 for r in range(figures.model.rowCount()))


def test_editing_a_plan_point_keeps_it_a_plan_point(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("POL")
    figures = window.detail_pane.figures

    def add(dialog):
        dialog.year.setValue(2030)
        dialog.value.setText("5.0")
        dialog.source.setCurrentIndex(1)

    def retag(dialog):
        assert [dialog.status.itemText(i) for i in range(dialog.status.count())] == ["plan", "scenario"]
        assert [dialog.edition.itemData(i) for i in range(dialog.edition.count())] == ["national-plan"]
        dialog.status.setCurrentText("scenario")
        dialog.note.setText("government target")

    answer_dialogs(qtbot, window, add, retag)
    figures.plan_button.click()
    figures.select_year(2030)
    figures.edit_button.click()
    plans = [o for o in store.observations(iso3="POL") if o.year == 2030]
    assert [(o.edition, o.status.value, o.note) for o in plans] == [
        ("national-plan", "scenario", "government target")]


def test_filling_a_published_blank_clears_its_note_visibly(qtbot, open_desk, store):
    window = open_desk()
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    window.member_list.select("DEU")
    window.detail_pane.figures.select_year(2025)
    seen = {}

    def fill(dialog):
        assert dialog.note.text().startswith("blank by design")
        dialog.value.setText("2.40")
        seen["note"] = dialog.note.text()
        dialog.note.setText("Bundestag budget law")

    answer_dialogs(qtbot, window, fill)
    window.detail_pane.figures.edit_button.click()
    assert seen["note"] == ""
    assert store.get(Observation, "2025-08/DEU/pct_gdp/2025").note == "Bundestag budget law"


def test_undoing_an_edit_shows_the_figure_as_shipped_again(qtbot, open_desk, store):
    window = open_desk()
    edit_germany_2025(qtbot, window)
    figures = window.detail_pane.figures.model
    row = next(r for r in range(figures.rowCount()) if figures.figure_at(r).year == 2025)
    assert figures.index(row, 4).data() == "edited by analyst a"
    window.desk.edit_actions.undo_action.trigger()
    row = next(r for r in range(figures.rowCount()) if figures.figure_at(r).year == 2025)
    assert figures.index(row, 4).data() == "shipped"
    assert "edited and restored" in figures.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_delete_key_on_a_quote_deletes_it_after_confirmation(qtbot, open_desk, store):
    window = open_desk()
    window.member_list.select("ESP")
    pane = window.detail_pane
    quote = pane.current_quote()
    asked = []
    window.desk.edit_actions.confirm = lambda question: asked.append(question) or True
    window.windowHandle().requestActivate()  # shortcuts reach only the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    pane.quotes.setFocus()
    qtbot.keyClick(pane.quotes, Qt.Key.Key_Delete)
    assert asked and quote.speaker in asked[0]
    assert store.get(Quote, quote.id) is None


def test_history_filters_by_the_records_ally_and_by_nato(qtbot, open_desk, store):
    window = open_desk()
    desk = window.desk
    desk.edit_actions.confirm = lambda question: True
    trump = store.get(Quote, "ARTICLE-03")
    rutte = store.get(Quote, "ARTICLE-01")
    desk.edit_actions.delete_quote(trump)
    desk.edit_actions.delete_quote(rutte)
    panel = desk.history_panel
    panel.ally.setCurrentIndex(panel.ally.findData("USA"))
    assert panel.proxy.rowCount() == 1
    line = panel.proxy.index(0, 2).data()
    assert line.startswith(f"Quote by {trump.speaker} (United States) removed: “")
    assert "great victory" in line  # the deleted quote's text is shown
    panel.ally.setCurrentIndex(panel.ally.findData("NATO"))
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 2).data().startswith(f"Quote by {rutte.speaker} (NATO) removed: “")


def test_reverting_from_the_history_panel_is_undoable(qtbot, open_desk, store):
    window = open_desk()
    desk = window.desk
    edit_germany_2025(qtbot, window)
    panel = desk.history_panel
    panel.select_row(0)
    desk.edit_actions.ask_reason = lambda question: "wrong figure"
    qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert store.get(Observation, "2025-08/DEU/pct_gdp/2025").value is None
    last = store.history()[-1]
    assert last.label == "Revert Edit Germany 2025 estimate" and last.reason == "wrong figure"
    desk.edit_actions.undo_action.trigger()
    assert store.get(Observation, "2025-08/DEU/pct_gdp/2025").value == 2.4


def test_read_only_history_cannot_revert(open_desk, store):
    second = Store.open(store.path)
    try:
        window = open_desk(second)
        assert not window.desk.history_panel.revert_button.isEnabled()
    finally:
        second.close()


def test_the_edited_row_stays_selected(qtbot, open_desk, store):
    window = open_desk()
    edit_germany_2025(qtbot, window)
    assert window.detail_pane.figures.current().year == 2025


def test_a_full_disk_is_shown_in_the_dialog_and_nothing_is_reported_saved(qtbot, open_desk, store, monkeypatch):
    import errno
    import os

    window = open_desk()
    window.member_list.select("ESP")
    seen = {}

    def fill(dialog):
        dialog.speaker.setText("Pedro Sánchez")
        dialog.text.setPlainText("A new statement.")
        dialog.source.setCurrentIndex(1)
        with monkeypatch.context() as patch:
            # The edit's journal line cannot be made durable: the disk is full.
            patch.setattr(os, "fsync", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "x")))
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"], seen["open"] = dialog.error.text(), dialog.isVisible()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the retry, disk back
        return False

    answer_dialogs(qtbot, window, fill)
    window.detail_pane.quote_add_button.click()
    assert "no space left on device" in seen["error"] and seen["open"]
    assert any(q.text == "A new statement." for q in store.quotes("ESP"))
    with Store.open(store.path, read_only=True) as on_disk:  # durable: what another window would read
        assert any(q.text == "A new statement." for q in on_disk.quotes("ESP"))
    assert window.desk.editor.undo_stack.count() == 1


def test_preferences_set_the_history_name_and_the_backups_kept(qtbot, open_desk, store):
    window = open_desk()

    def fill(dialog):
        dialog.user_name.setText("Analyst Z")
        dialog.keep_backups.setValue(3)

    def run(dialog):
        dialog.show()
        fill(dialog)
        dialog._on_ok()
        return dialog.result()

    window.desk.edit_actions.exec_dialog = run
    window.desk.preferences_action.trigger()
    settings = window.desk.settings
    assert settings.get(Settings.USER_NAME) == "Analyst Z"
    assert settings.get(Settings.KEEP_BACKUPS) == 3
    assert window.desk.user_name() == "Analyst Z"
