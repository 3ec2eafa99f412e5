"""After an edit every view shows the new value: the ones on show at once, the hidden ones when shown.

The desk reloads only what an edit can change and defers views that are not on
show (issue 12, item 12); these tests pin the behaviour, not the timings.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from nato_desk.analysis import latest_figure
from nato_desk.analysis.figures import of_measure
from nato_desk.domain import Observation, SetField
from nato_desk.ui.member_model import MemberColumn
from nato_desk.ui.refresh import edit_scope


def latest_of(window, iso3):
    desk = window.desk
    mine = desk.store.observations(iso3=iso3, edition=desk.member_model.edition)
    return latest_figure(of_measure(mine, desk.measure))


def set_value(window, obs: Observation, value: float) -> None:
    change = SetField(Observation.KIND, obs.id, "value", obs.value, value, f"Edit {obs.iso3} {obs.year}")
    assert window.desk.editor.submit(change, "test") is None


def list_cell(window, iso3):
    model = window.desk.member_model
    return model.index(model.row_of(iso3), MemberColumn.LATEST).data()


def latest_label(window):
    return next(w.text() for w in window.detail_pane.findChildren(QLabel)
                if w.accessibleName() == "Latest figure")


def history_news(window):
    """The new value of each figure the History panel lists ("… → 2.37% of GDP" gives "2.37")."""
    model = window.desk.history_panel.model
    lines = [model.index(r, 2).data() for r in range(model.rowCount())]
    return [line.rsplit("→ ", 1)[1].split("%")[0] for line in lines if "→ " in line]


def test_an_edit_shows_in_every_view_on_show(qtbot, desk_window):
    window = desk_window
    window.member_list.select("ESP")
    window.history_dock.show()
    obs = latest_of(window, "ESP")
    set_value(window, obs, 2.37)

    assert list_cell(window, "ESP").startswith("2.37%")
    assert "2.37%" in latest_label(window)
    slot = window.chart_panel.chart.slot_for("ESP")
    assert next(o for o in slot.points if o.year == obs.year).value == 2.37
    assert "2.37" in history_news(window)
    # Another ally's row is untouched.
    assert not list_cell(window, "BEL").startswith("2.37%")


def test_hidden_views_show_the_edit_when_shown(qtbot, desk_window):
    window = desk_window
    desk = window.desk
    window.member_list.select("ESP")
    obs = latest_of(window, "ESP")
    made = (desk.ranked_view, desk.overview_grid)  # made when first asked for, not shown
    assert desk.chart_panel.views.currentIndex() == 0  # the trajectory: ranked and overview are hidden
    set_value(window, obs, 2.37)
    # Not on show: marked stale, drawn when shown.
    assert desk._lazy["ranked"].stale and desk._lazy["overview"].stale and not any(v.isVisible() for v in made)

    desk.chart_panel.views.setCurrentWidget(desk.ranked_view)
    desk.ranked_view.set_year(obs.year)
    assert next(o for o in desk.ranked_view.bars if o.iso3 == "ESP").value == 2.37

    desk.chart_panel.views.setCurrentWidget(desk.overview_grid)
    cell = next(c for c in desk.overview_grid.cells() if c.iso3 == "ESP")
    assert next(o for o in cell.points if o.year == obs.year).value == 2.37

    # The trajectory was hidden behind the other tabs during a second edit.
    set_value(window, latest_of(window, "ESP"), 2.41)
    assert desk._lazy["chart"].stale
    desk.chart_panel.views.setCurrentIndex(0)
    slot = desk.chart_panel.chart.slot_for("ESP")
    assert next(o for o in slot.points if o.year == obs.year).value == 2.41

    window.history_dock.show()
    assert {"2.37", "2.41"} <= set(history_news(window))


def test_undo_reaches_every_view(qtbot, desk_window):
    window = desk_window
    desk = window.desk
    window.member_list.select("ESP")
    obs = latest_of(window, "ESP")
    before = list_cell(window, "ESP")
    set_value(window, obs, 2.37)
    desk.edit_actions.undo_action.trigger()
    assert list_cell(window, "ESP") == before
    assert "2.37%" not in latest_label(window)
    desk.chart_panel.views.setCurrentWidget(desk.ranked_view)
    desk.ranked_view.set_year(obs.year)
    assert next(o for o in desk.ranked_view.bars if o.iso3 == "ESP").value == obs.value


def test_edit_scope_sends_structural_changes_to_the_full_reload(desk_window):
    desk = desk_window.desk
    store, edition = desk.store, desk.member_model.edition
    obs = latest_of(desk_window, "ESP")
    offered = {obs.measure.value}
    note = SetField(Observation.KIND, obs.id, "note", obs.note, "x", "n")
    assert edit_scope(note, store, edition, offered).iso3s == {"ESP"}
    moved = SetField(Observation.KIND, obs.id, "measure", obs.measure, obs.measure, "m")
    assert not edit_scope(moved, store, edition, offered).local
    from nato_desk.domain import AddRecord, Edition, RemoveRecord

    assert not edit_scope(RemoveRecord(obs, "r"), store, edition, offered).local
    assert not edit_scope(AddRecord(obs, "a"), store, edition, set()).local  # a measure not on offer
    assert edit_scope(AddRecord(obs, "a"), store, edition, offered).local
    assert not edit_scope(AddRecord(store.get(Edition, edition), "e"), store, edition, offered).local
