"""100,000-character texts in the window (issue 12, item 11).

A word-wrapped label or list cell lays out every character it is given: a
1 MB source title froze the window for 3.5 s. Lists, tables and tooltips now
show one line cut with "…", the detail pane's labels show the start, and the
whole text is one click away ("Show full text…", the quotes' "Full text…"),
in a read-only plain-text viewer.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QPushButton

from nato_desk.ui.long_text import PARAGRAPH_CHARS, FullTextDialog, LongLabel
from nato_desk.ui.plain_text import LIST_CHARS, TOOLTIP_CHARS, elide, tooltip
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window

N = 100_000


def _long(tag: str) -> str:
    """``N`` characters with line breaks, starting with ``tag`` and ending in ``END``."""
    body = (f"{tag} " + "The ministry restated its plan for 2029.\n" * (N // 40))[: N - 3]
    return body + "END"


def test_elide_gives_one_short_line_and_leaves_short_texts_alone():
    assert elide("Spain") == "Spain"
    shown = elide(_long("Q"))
    assert len(shown) == LIST_CHARS and shown.endswith("…") and "\n" not in shown
    assert elide("two\nlines") == "two lines"


def test_a_tooltip_is_cut_and_still_escaped():
    tip = tooltip("<b>x</b>" + "y" * N)
    assert len(tip) < TOOLTIP_CHARS * 2 and "&lt;b&gt;" in tip and "…" in tip
    assert "<b>x" not in tip


@pytest.fixture
def long_window(qtbot, store, tmp_path):
    quote = max(store.quotes("ESP"), key=lambda q: q.date)
    source = store.source(quote.source_id)
    position = store.position("ESP")
    texts = {"title": _long("TITLE"), "quote": _long("QUOTE"), "summary": _long("SUMMARY"),
             "note": _long("NOTE")}
    store.put_many([
        dataclasses.replace(source, title=texts["title"], cite_title=texts["title"]),
        dataclasses.replace(quote, text=texts["quote"], note=texts["note"]),
        dataclasses.replace(position, summary=texts["summary"]),
    ])
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = show_desk_window(qtbot, store, settings, (1400, 900), configure=False)
    assert window.member_list.select("ESP")
    return window, quote, texts


def _viewer_text(qtbot, widget) -> str:
    dialog = widget.findChild(FullTextDialog) if not isinstance(widget, FullTextDialog) else widget
    assert dialog is not None and dialog.isVisible()
    text = dialog.viewer.toPlainText()
    assert dialog.viewer.isReadOnly()
    dialog.reject()
    return text


def test_the_quote_list_shows_the_start_and_full_text_is_one_click_away(qtbot, long_window):
    window, quote, texts = long_window
    pane = window.desk.detail_pane
    model = pane.quote_model
    row = next(r for r in range(model.rowCount()) if model.quote_at(r).id == quote.id)
    index = model.index(row, 0)
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("“QUOTE The ministry") and "…”" in shown
    assert len(shown) < 6 * LIST_CHARS and "END" not in shown
    assert "TITLE" in shown.splitlines()[-1] and shown.splitlines()[-1].endswith("…")
    assert len(index.data(Qt.ItemDataRole.ToolTipRole)) < TOOLTIP_CHARS * 2

    pane.quotes.setCurrentIndex(index)
    qtbot.mouseClick(pane.quote_full_button, Qt.MouseButton.LeftButton)
    full = _viewer_text(qtbot, pane.quote_viewer)
    assert texts["quote"] in full and texts["title"] in full  # every character, breaks kept

    # The selected quote's source: the title label shows its start, the whole one click away.
    title = next(w for w in pane.quote_source.findChildren(LongLabel)
                 if w.label.accessibleName() == "Source title")
    assert title.text().startswith("TITLE") and len(title.text()) <= PARAGRAPH_CHARS
    assert title.full_text() == texts["title"]
    assert title.full_text_button.isVisible()
    qtbot.mouseClick(title.full_text_button, Qt.MouseButton.LeftButton)
    assert _viewer_text(qtbot, title.viewer) == texts["title"]


def test_the_position_summary_is_cut_with_a_button_for_the_whole(qtbot, long_window):
    window, _, texts = long_window
    pane = window.desk.detail_pane
    summary = pane._summary
    assert summary.text().startswith("SUMMARY") and summary.text().endswith("…")
    assert len(summary.text()) == PARAGRAPH_CHARS
    button = summary.full_text_button
    assert button.isVisible() and button.text() == "Show full text…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # The whole summary, then the position's note as the pane shows it.
    assert _viewer_text(qtbot, summary.viewer).startswith(texts["summary"] + "\n(")
    # A short text has no button.
    assert not pane._stance.text().endswith("…")
    assert not pane._facts.full_text_button.isVisible()


def test_no_list_or_table_cell_or_tooltip_in_the_window_holds_a_long_text(qtbot, long_window):
    window, _, _ = long_window
    from PySide6.QtWidgets import QAbstractItemView

    seen = 0
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for row in range(min(model.rowCount(QModelIndex()), 100)):
            for col in range(12):
                index = model.index(row, col)
                if not index.isValid():
                    break
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        seen += 1
                        assert len(value) < 6 * TOOLTIP_CHARS, (view.accessibleName(), row, col)
    assert seen > 100
    # The buttons that open the whole text are real buttons in the window.
    assert any(b.text() == "Show full text…" and b.isVisible() for b in window.findChildren(QPushButton))
