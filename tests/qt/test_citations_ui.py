"""Citations name the original everywhere a source is shown (issue 9, item 11).

Show source puts the original (publisher, title, date, URL) first and the copy
only after it, as "Read at" and "Via"; the figures table names NATO for
figures read in a GitHub transcription; the source dialog edits the citation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from nato_desk.domain import Source
from nato_desk.ui.dialogs.source_dialog import SourceEditDialog
from nato_desk.ui.editor import DeskEditor
from nato_desk.ui.figure_model import FigureColumn, FigureTableModel
from nato_desk.ui.source_details import SourceDetailsDialog

MIRRORS = ("github", "squidsite02", "theworkoutfactory", "vaultz")


def _labels(widget) -> dict[str, QLabel]:
    return {w.accessibleName(): w for w in widget.findChildren(QLabel) if w.accessibleName()}


def test_show_source_puts_the_original_first_and_the_mirror_only_under_read_at(qtbot, store):
    dialog = SourceDetailsDialog(store, "REUTERS_SQUID_20250828")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = _labels(dialog.view)
    assert shown["Source publisher"].text() == "Reuters"
    assert shown["Source title"].text() == "All NATO members hit old spending target, only three meet new goal"
    assert shown["Source date"].text() == "28 August 2025"
    assert shown["Source url"].text() == "not known"
    assert shown["Source read at"].text() == "https://squidsite02.com/2025/08/27/all-nato-members-hit"
    assert shown["Source via"].text() == "copy on squidsite02.com"
    assert shown["Source kind"].text() == "Copy of a press report"
    assert shown["Source citation"].text() == "stated by the copy"
    assert "Reuters" in shown["Source evidence"].text()
    # Read top to bottom: the original's rows come before anything naming the mirror.
    y = {name: label.mapTo(dialog, label.rect().topLeft()).y() for name, label in shown.items()
         if label.isVisible()}
    original = max(y[n] for n in ("Source publisher", "Source title", "Source date", "Source url"))
    for name, label in shown.items():
        if label.isVisible() and "squidsite02" in label.text():
            assert y[name] > original, name
    assert not dialog.view._open.isEnabled()  # no original URL known: nothing to open
    assert dialog.view._open_copy.isEnabled()  # the copy can be opened, after confirming


def test_show_source_of_an_original_has_no_read_at_rows(qtbot, store):
    dialog = SourceDetailsDialog(store, "NATO_NEWS_112461")
    qtbot.addWidget(dialog)
    dialog.show()
    shown = _labels(dialog.view)
    assert shown["Source publisher"].text() == "NATO" and shown["Source url"].isVisible()
    assert not shown["Source read at"].isVisible() and not shown["Source via"].isVisible()
    assert dialog.view._open.isEnabled() and not dialog.view._open_copy.isVisible()


def test_figures_table_names_nato_for_a_transcribed_figure(store):
    model = FigureTableModel(store)
    model.set_member("ESP", "2025-08")
    rows = {model.figure_at(r).year: r for r in range(model.rowCount())}
    index = model.index(rows[2024], FigureColumn.SOURCE)
    assert model.figure_at(rows[2024]).source_id == "GH_NATOANALYTICS_T3"
    assert index.data() == "NATO"
    tip = model.index(rows[2024], FigureColumn.VALUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Source: NATO: Defence Expenditure of NATO Countries (2014-2025), Table 3" in tip
    assert "Read at https://github.com/namanjain92/" in tip  # only as read at, in the details
    for r in range(model.rowCount()):
        assert not any(m in model.index(r, FigureColumn.SOURCE).data().lower() for m in MIRRORS)


def test_the_source_dialog_edits_the_citation_and_refuses_a_bad_address(qtbot, store):
    editor = DeskEditor(store, user=lambda: "ana")
    old = store.source("DEVDISCOURSE_20220224")
    dialog = SourceEditDialog(store, editor.submit, old)
    qtbot.addWidget(dialog)
    assert dialog.cite_publisher.text() == "Reuters" and dialog.kind.currentData() == "press_copy"
    assert dialog.cite_confidence.currentData() == "stated"
    dialog.cite_url.setText("javascript:alert(1)")
    dialog._on_ok()
    assert dialog.error.text().startswith("Cite URL: ") and "is not an http(s) address" in dialog.error.text()
    assert store.source(old.id) == old
    dialog.cite_url.setText("https://www.reuters.com/world/europe/x")
    dialog.cite_confidence.setCurrentIndex(dialog.cite_confidence.findData("confirmed"))
    dialog._on_ok()
    new = store.source(old.id)
    assert (new.cite_url, new.cite_confidence) == ("https://www.reuters.com/world/europe/x", "confirmed")
    assert new.title == old.title and new.via == old.via
    editor.undo_stack.undo()
    assert store.source(old.id) == old


def test_a_new_source_can_say_what_it_copies(qtbot, store):
    editor = DeskEditor(store, user=lambda: "ana")
    dialog = SourceEditDialog(store, editor.submit)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Allies agree 5% (copy)")
    dialog.publisher.setText("mirror.example")
    dialog.url.setText("https://mirror.example/a")
    dialog.kind.setCurrentIndex(dialog.kind.findData("press_copy"))
    dialog.cite_publisher.setText("AFP")
    dialog.via.setText("copy on mirror.example")
    dialog._on_ok()
    new: Source = store.source(dialog.created_id)
    assert (new.kind, new.cite_publisher, new.via, new.cite_url) == (
        "press_copy", "AFP", "copy on mirror.example", "")
