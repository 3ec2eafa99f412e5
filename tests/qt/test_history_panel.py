"""The History panel and the figures table: models, filters, revert, provenance."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from nato_desk.domain import ChangeSet, Observation, Quote, RemoveRecord, SetField
from nato_desk.ui.editor import DeskEditor
from nato_desk.ui.figure_model import FigureTableModel
from nato_desk.ui.history_panel import HistoryPanel

DEU_2025 = "2025-08/DEU/pct_gdp/2025"


@pytest.fixture
def editor(qapp, store):
    return DeskEditor(store, user=lambda: "analyst b")


@pytest.fixture
def edited(editor, store):
    """Two edits: Germany's 2025 figure, and a Spanish quote deleted."""
    old = store.get(Observation, DEU_2025)
    assert editor.submit(SetField("observations", DEU_2025, "value", old.value, 2.4,
                                  "Edit Germany 2025 estimate"), "budget law") is None
    quote = store.quotes("ESP")[0]
    assert editor.submit(RemoveRecord(quote, "Delete quote of Pedro Sánchez (Spain)")) is None
    return quote


def test_models_pass_qtmodeltester(qtmodeltester, store, edited):
    panel = HistoryPanel(store)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    figures = FigureTableModel(store)
    figures.set_member("DEU", "2025-08")
    qtmodeltester.check(figures)


def test_history_lists_newest_first_and_filters(qtbot, store, edited):
    panel = HistoryPanel(store)
    qtbot.addWidget(panel)
    first = panel.proxy.index(0, 2).data()
    assert first.startswith("Quote by Pedro Sánchez (Spain) removed: “")
    assert panel.proxy.rowCount() == 2
    panel.ally.setCurrentIndex(panel.ally.findData("DEU"))
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.index(0, 1).data() == "analyst b"
    assert panel.proxy.index(0, 2).data() == "Germany 2025 (August 2025 edition): blank → 2.4% of GDP"
    assert panel.proxy.index(0, 3).data() == "budget law"
    panel.ally.setCurrentIndex(0)
    panel.kind.setCurrentIndex(panel.kind.findData("quotes"))
    assert panel.proxy.rowCount() == 1
    panel.kind.setCurrentIndex(0)
    panel.text.setText("BUDGET")
    assert panel.proxy.rowCount() == 1
    panel.text.setText("sanchez")  # the words, folded, are searched
    assert panel.proxy.rowCount() == 1


def fill_germany(editor, store) -> None:
    """The figure dialog's edit of Germany's 2025 blank: four fields, one step."""
    from nato_desk.domain import AddRecord, Source

    assert editor.submit(AddRecord(Source("BUNDESTAG_2025", "Bundestag budget law", "Deutscher Bundestag"),
                                   "Add source Bundestag budget law")) is None
    old = store.get(Observation, DEU_2025)
    label = "Edit Germany 2025 estimate"
    change = ChangeSet(tuple(SetField("observations", DEU_2025, field, getattr(old, field), new, label)
                             for field, new in (("value", 2.4), ("decimals", 2),
                                                ("source_id", "BUNDESTAG_2025"), ("note", "Budget law"))),
                       label)
    assert editor.submit(change, "budget law") is None


def test_one_row_per_edit_expanding_to_its_fields(qtbot, qtmodeltester, store, editor):
    fill_germany(editor, store)
    panel = HistoryPanel(store)
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    assert panel.proxy.rowCount() == 2  # the source, and the four-field edit as one row
    top = panel.proxy.index(0, 2)
    assert top.data() == ("Germany 2025 (August 2025 edition): blank → 2.40% of GDP, "
                          "source Bundestag budget law, note edited")
    tip = top.data(Qt.ItemDataRole.ToolTipRole)
    assert "Reason: budget law" in tip and "4 changes" in tip
    first = panel.proxy.index(0, 0)
    assert panel.proxy.rowCount(first) == 4
    fields = [panel.proxy.index(r, 2, first).data() for r in range(4)]
    # One figure edited: the line names it, each field says only what changed.
    assert fields[0] == "Value: blank → 2.40% of GDP"
    assert fields[1] == "Decimals published: 0 → 2"
    assert fields[2].startswith("Source: ") and fields[2].endswith("→ Bundestag budget law")
    assert fields[3].startswith("Note: ") and fields[3].endswith("→ Budget law")
    tip = panel.proxy.index(0, 2, first).data(Qt.ItemDataRole.ToolTipRole)
    assert "Germany 2025 (August 2025 edition) value: blank → 2.40% of GDP" in tip
    for text in fields:  # never an internal field name or id
        assert not any(name in text for name in ("source_id", "decimals:", DEU_2025, "BUNDESTAG_2025"))
    panel.show()
    panel.table.expand(first)
    assert panel.table.isExpanded(first)
    panel.table.setCurrentIndex(panel.proxy.index(1, 2, first))  # a field selected reverts its entry
    assert panel.selected_entry() == store.history()[-1]
    with qtbot.waitSignal(panel.revert_requested) as asked:
        qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert asked.args == [store.history()[-1].id]


def test_columns_fit_the_dock_and_the_line_elides_with_full_text_in_the_tooltip(qtbot, store, editor):
    fill_germany(editor, store)
    panel = HistoryPanel(store)
    qtbot.addWidget(panel)
    panel.resize(1000, 260)  # the bottom dock of a 1024x700 window
    panel.show()
    qtbot.waitExposed(panel)
    header = panel.table.header()
    viewport = panel.table.viewport().width()
    assert header.length() <= viewport  # nothing off screen: no column needs a scroll
    assert header.sectionViewportPosition(3) + header.sectionSize(3) <= viewport
    assert header.sectionSize(2) > header.sectionSize(3) > 0  # the line gets the room
    assert not panel.table.horizontalScrollBar().isVisible()


def test_revert_is_a_new_undoable_entry(qtbot, store, editor, edited):
    panel = HistoryPanel(store)
    qtbot.addWidget(panel)
    entry = next(e for e in store.history() if e.label.startswith("Delete quote"))
    change = entry.change.inverse()
    assert editor.submit(ChangeSet((change,), f"Revert {entry.label}"), reverts=entry.id) is None
    assert store.get(Quote, edited.id) == edited
    last = store.history()[-1]
    assert last.reverts == entry.id and last.label == f"Revert {entry.label}"
    editor.undo_stack.undo()
    assert store.get(Quote, edited.id) is None
    assert len(store.history()) == 4


def test_figure_cell_tells_shipped_from_edited(store, edited):
    figures = FigureTableModel(store)
    figures.set_member("DEU", "2025-08")
    rows = {figures.figure_at(r).year: r for r in range(figures.rowCount())}
    assert figures.index(rows[2024], 4).data() == "shipped"
    assert "Shipped value" in figures.index(rows[2024], 1).data(Qt.ItemDataRole.ToolTipRole)
    assert figures.index(rows[2025], 4).data() == "edited by analyst b"
    tip = figures.index(rows[2025], 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Analyst edit by analyst b on" in tip and "budget law" in tip


def test_an_undo_that_no_longer_fits_is_refused_with_a_message(qtbot, store, editor, edited):
    # Someone reverted the Germany edit from the history after it was made ...
    entry = next(e for e in store.history() if e.label == "Edit Germany 2025 estimate")
    store.revert(entry.id, user="analyst c")
    editor.undo_stack.undo()  # ... undoing the quote deletion still works
    assert store.get(Quote, edited.id) == edited
    with qtbot.waitSignal(editor.failed) as failed:
        editor.undo_stack.undo()  # but the Germany edit is already gone
    assert "changed meanwhile" in failed.args[0]
    assert store.get(Observation, DEU_2025).value is None


def test_an_undo_that_fails_to_save_keeps_the_step_for_later(qtbot, store, editor, edited, monkeypatch):
    import os

    real_fsync = os.fsync

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # the change cannot be made durable
    with qtbot.waitSignal(editor.failed) as failed:
        editor.undo_stack.undo()
    assert "no space left on device" in failed.args[0].lower()
    qtbot.waitUntil(lambda: editor.undo_stack.index() == 2)
    assert editor.undo_stack.count() == 2
    assert store.get(Quote, edited.id) is None  # nothing changed
    monkeypatch.setattr(os, "fsync", real_fsync)
    editor.undo_stack.undo()
    assert store.get(Quote, edited.id) == edited


def test_menu_text_keeps_ampersands_literal(store, editor):
    from nato_desk.domain import AddRecord, Source

    assert editor.submit(AddRecord(Source("ATT", "AT&T on defence"), "Add source AT&T")) is None
    assert editor.undo_stack.undoText() == "Add source AT&&T"
