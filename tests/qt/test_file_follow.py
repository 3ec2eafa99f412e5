"""A read-only second window follows what the first one saves (issue 13, item 4).

Two stores on one file, as two windows: the writer (``store``, holding the
lock) and a reader window over the read-only store a second open gets. The
writer's edits reach the reader's views through the file watcher, or View ▸
Reload by hand; the status bar says so, and the ally and edition on show stay.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from nato_desk.analysis import latest_figure
from nato_desk.analysis.figures import of_measure
from nato_desk.domain import Observation, SetField
from nato_desk.store import LOCKED_REASON, Store
from nato_desk.ui.member_model import MemberColumn
from support.desk_window import show_desk_window


@pytest.fixture
def reader(store: Store):
    second = Store.open(store.path)  # the writer holds the lock: this one is read-only
    assert second.read_only_reason == LOCKED_REASON
    yield second
    second.close()


@pytest.fixture
def reader_window(qtbot, qapp, reader: Store, settings):
    window = show_desk_window(qtbot, reader, settings, (1366, 768))
    window.member_list.select("DEU")
    return window


def _latest(window, store: Store, iso3: str) -> Observation:
    desk = window.desk
    found = latest_figure(of_measure(store.observations(iso3=iso3, edition=desk.member_model.edition),
                                     desk.measure))
    assert found is not None
    return found


def _edit_value(writer: Store, obs: Observation, value: float) -> None:
    current = writer.get(Observation, obs.id)
    assert current is not None
    writer.apply(SetField(Observation.KIND, obs.id, "value", current.value, value, "Edit value"), user="ana")


def _list_cell(window, iso3: str) -> str:
    model = window.desk.member_model
    return model.index(model.row_of(iso3), MemberColumn.LATEST).data()


def _latest_label(window) -> str:
    return next(w.text() for w in window.detail_pane.findChildren(QLabel)
                if w.accessibleName() == "Latest figure")


def test_the_writers_edit_shows_in_the_reader_window_and_the_status_bar_says_so(
        qtbot, store, reader_window):
    window = reader_window
    desk = window.desk
    assert desk.file_follow.following
    edition, measure = desk.member_model.edition, desk.measure
    obs = _latest(window, store, "DEU")
    assert not _list_cell(window, "DEU").startswith("9.87%")
    history_rows = desk.history_panel.model.rowCount()

    _edit_value(store, obs, 9.87)

    qtbot.waitUntil(lambda: _list_cell(window, "DEU").startswith("9.87%"), timeout=5000)
    assert "9.87%" in _latest_label(window)  # the detail pane
    assert desk.history_panel.model.rowCount() == history_rows + 1
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Updated from {store.path}: saved by another window at ")
    # What was on show stays on show.
    assert window.member_list.current_iso3() == "DEU"
    assert window.detail_pane.iso3 == "DEU"
    assert (desk.member_model.edition, desk.measure) == (edition, measure)
    assert window.read_only_label.isVisible()  # still a read-only window

    # The writer closing (snapshot renamed in, journal removed) leaves the figure in place.
    follow = desk.file_follow
    _edit_value(store, obs, 9.65)
    qtbot.waitUntil(lambda: _list_cell(window, "DEU").startswith("9.65%"), timeout=5000)
    with qtbot.waitSignal(follow.checked, timeout=5000) as checked:
        store.close()
    assert checked.args == [False]
    assert _list_cell(window, "DEU").startswith("9.65%")
    assert "9.65%" in _latest_label(window)

    # The renamed-in file is watched again, and a journal a new writer creates is seen.
    again = Store.open(store.path)
    try:
        assert not again.read_only
        _edit_value(again, obs, 9.43)
        qtbot.waitUntil(lambda: _list_cell(window, "DEU").startswith("9.43%"), timeout=5000)
        assert "9.43%" in _latest_label(window)
    finally:
        again.close()


def test_view_reload_by_hand(qtbot, store, reader_window, monkeypatch):
    window = reader_window
    follow = window.desk.file_follow
    action = follow.reload_action
    assert action in window._view_menu.actions() and action.shortcut().toString() == "Ctrl+R"
    follow._timer.timeout.disconnect()  # the watcher is not what is tried here
    obs = _latest(window, store, "DEU")

    action.trigger()
    assert window.statusBar().currentMessage().startswith("Nothing new in ")

    _edit_value(store, obs, 8.76)
    action.trigger()
    assert _list_cell(window, "DEU").startswith("8.76%")
    assert "8.76%" in _latest_label(window)
    assert window.statusBar().currentMessage().startswith(f"Updated from {store.path}")


def test_the_reader_says_when_the_file_cannot_be_read(qtbot, store, reader_window):
    window = reader_window
    window.desk.file_follow._timer.timeout.disconnect()
    before = _list_cell(window, "DEU")
    store.close()
    store.path.write_text("{ not a store", encoding="utf-8")

    window.desk.file_follow.reload_action.trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Could not reload {store.path}") and "still shows the data" in message
    assert _list_cell(window, "DEU") == before


def test_a_writable_window_does_not_watch_and_says_there_is_nothing_to_reload(desk_window):
    follow = desk_window.desk.file_follow
    assert not follow.following
    follow.reload_action.trigger()
    assert desk_window.statusBar().currentMessage().startswith("Nothing to reload: this window saves ")
