"""Issue 14: a switch of ally lays the detail pane out at once, whole, and cheaply.

The pane is laid out before ``show_member`` returns (``one_pass.lay_out_now``):
nothing is left squeezed or cut for a later layout round, and the body is as
tall as its texts need. Its labels are plain until hovered (``hover_select``)
and draw the same pixels either way. The quote's source keeps one row per
detail it has, every line of a wrapped value shown.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QLabel, QLayout, QPushButton, QWidget

from nato_desk.domain import Source
from nato_desk.ui.detail_pane import DetailPane
from nato_desk.ui.one_pass import settle_layouts
from nato_desk.ui.source_view import SourceView

SELECT = Qt.TextInteractionFlag.TextSelectableByMouse


@pytest.fixture
def pane(qtbot, store):
    """The pane alone at the width it has in a 1280x800 window (quotes under the position)."""
    pane = DetailPane(store, "2026-07")
    qtbot.addWidget(pane)
    pane.resize(776, 280)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def _cut(pane: DetailPane) -> list[str]:
    """Visible labels shorter than their text needs, and buttons below their height."""
    body = pane.widget()
    cut = []
    for w in body.findChildren(QLabel):
        if w.isVisibleTo(body) and w.wordWrap() and w.text() and w.height() < w.heightForWidth(w.width()):
            cut.append(f"{w.accessibleName() or w.text()[:30]}: {w.height()} < {w.heightForWidth(w.width())}")
    for b in body.findChildren(QPushButton):
        if b.isVisibleTo(body) and b.height() < b.sizeHint().height():
            cut.append(f"button {b.text()}: {b.height()} < {b.sizeHint().height()}")
    return cut


def test_a_switch_is_laid_out_whole_before_show_member_returns(pane):
    # GBR then USA: the quote's source gains wrapped rows (a copy, its evidence),
    # which a form layout once cut to a line and a half.
    for iso3 in ("ESP", "BEL", "GBR", "USA", "ISL", "SVK", "ESP"):
        pane.show_member(iso3)
        # No event loop turn: what the analyst would see if it were painted now.
        assert _cut(pane) == [], iso3
        body = pane.widget()
        assert body.height() == body.heightForWidth(body.width()), iso3


def test_pane_labels_are_plain_until_hovered_and_draw_the_same(pane):
    pane.show_member("ESP")
    summary = next(w for w in pane.widget().findChildren(QLabel) if w.accessibleName() == "Position summary")
    QApplication.sendEvent(summary, QEvent(QEvent.Type.Leave))  # wherever the offscreen pointer is
    assert summary.textInteractionFlags() != SELECT
    plain = summary.grab().toImage()
    QApplication.sendEvent(summary, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert summary.textInteractionFlags() == SELECT  # before any press reaches it
    selectable = summary.grab().toImage()
    assert plain == selectable
    summary.setSelection(0, 6)
    QApplication.sendEvent(summary, QEvent(QEvent.Type.Leave))
    assert summary.selectedText() == "Signed"  # a selection stays when the pointer leaves
    summary.setSelection(0, 0)  # nothing selected
    QApplication.sendEvent(summary, QEvent(QEvent.Type.Leave))
    assert summary.textInteractionFlags() != SELECT


def _row(view: SourceView, key: str) -> tuple[bool, bool]:
    value = view._labels[key]
    return view._names[key].isVisibleTo(view), value.isVisibleTo(view)


def test_source_detail_rows_come_and_go_with_what_the_source_says(qtbot):
    view = SourceView()
    qtbot.addWidget(view)
    view.show()  # rows are shown and hidden while the view is on screen
    plain = Source("S1", "Report", "NATO", "2025-06-25", "https://www.nato.int/a")
    noted = Source("S2", "Other", "NATO", "2025-06-26", "https://www.nato.int/b", note="Read twice")
    view.set_source(plain)
    assert _row(view, "note") == (False, False)
    assert _row(view, "id") == (True, True)
    view.set_source(noted)
    assert _row(view, "note") == (True, True)
    assert view._labels["note"].text() == "Read twice"
    view.set_source(plain)
    assert _row(view, "note") == (False, False)
    assert view._labels["title"].text() == "Report"
    view.set_source(None)
    assert view._labels["title"].text() == "—"
    assert _row(view, "id") == (False, False)
    assert view.isVisible()
    view.set_source(plain)
    # The view is never hidden while its rows change: hiding it would move the
    # analyst's focus off "Open link…".
    hides = []
    view.hideEvent = lambda event: hides.append(event)
    view.set_source(noted)
    assert _row(view, "note") == (True, True)
    assert hides == []


def test_the_hidden_figures_tab_fills_for_the_ally_on_show(qtbot, pane):
    figures = pane.figures
    model = figures.model
    with qtbot.assertNotEmitted(model.modelReset):
        for iso3 in ("ESP", "BEL", "POL"):  # behind the quotes: nobody sees the table
            pane.show_member(iso3)
    pane.tabs.setCurrentWidget(figures)
    assert model.rowCount() > 0
    assert {model.figure_at(r).iso3 for r in range(model.rowCount())} == {"POL"}


def test_figure_source_details_follow_their_button_in_the_tab_order(qtbot, pane):
    pane.show_member("ESP")
    button = next(b for b in pane.widget().findChildren(QPushButton) if b.accessibleName() == "Show figure source")
    button.click()
    assert pane.figure_source.isVisible()
    assert "Defence" in pane.figure_source._labels["title"].text()
    assert button.nextInFocusChain() is pane.figure_source._open  # "Open link…"


def _geometries(pane: DetailPane) -> list[tuple[str, tuple[int, int, int, int]]]:
    body = pane.widget()
    return [(w.accessibleName() or type(w).__name__, w.geometry().getRect())
            for w in [body, *body.findChildren(QWidget)] if w.isVisibleTo(body)]


def test_a_switch_lays_the_pane_out_as_a_layout_from_scratch_would(qtbot, pane):
    # GBR -> NOR: the quote's source loses its "Copy" row; a grid that kept its height
    # from before left the body 20 px too tall and the quotes list stretched by it.
    for iso3 in ("GBR", "NOR", "USA", "HRV", "DNK", "ESP", "ISL", "GBR"):
        pane.show_member(iso3)
        switched = _geometries(pane)
        for layout in pane.widget().findChildren(QLayout):
            layout.invalidate()
        width, height = pane.width(), pane.height()
        pane.resize(width + 9, height)
        settle_layouts()
        pane.resize(width, height)
        settle_layouts()
        assert switched == _geometries(pane), iso3


def test_another_quote_shows_its_source_rows_whole_once_laid_out(qtbot, pane):
    pane.show_member("GBR")
    view = pane.quote_source
    kinds = {pane.quote_model.quote_at(r).source_id: r for r in range(pane.quote_model.rowCount())}
    assert len(kinds) > 1  # quotes from sources that show different rows
    for row in sorted(kinds.values(), reverse=True):
        pane.quotes.setCurrentIndex(pane.quote_model.index(row, 0))  # as a click does
        qtbot.waitUntil(lambda: _cut(pane) == [])
        for key, label in view._labels.items():
            assert label.isVisibleTo(view) == bool(label.full_text()), key


def test_wrapped_labels_answer_heights_as_qlabel_does(qtbot, pane):
    """WrapLabel keeps Qt's answers per width and text: never another height."""
    labels = [w for w in pane.widget().findChildren(QLabel) if type(w).__name__ == "WrapLabel"]
    assert len(labels) > 10
    for iso3 in ("ESP", "USA", "ISL", "GBR"):
        pane.show_member(iso3)
        for label in labels:
            for width in range(20, 900, 13):
                assert label.heightForWidth(width) == QLabel.heightForWidth(label, width), (
                    label.accessibleName(), width)
            assert label.sizeHint() == QLabel.sizeHint(label), label.accessibleName()
            assert label.minimumSizeHint() == QLabel.minimumSizeHint(label), label.accessibleName()
    summary = next(w for w in labels if w.accessibleName() == "Position summary")
    width = summary.width()
    before = summary.heightForWidth(width)
    font = summary.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    summary.setFont(font)  # a bigger font: taller, not the height kept for the old one
    assert summary.heightForWidth(width) == QLabel.heightForWidth(summary, width) > before
    assert summary.sizeHint() == QLabel.sizeHint(summary)
    summary.setContentsMargins(0, 0, 120, 0)
    assert summary.heightForWidth(width) == QLabel.heightForWidth(summary, width)
    assert summary.minimumSizeHint() == QLabel.minimumSizeHint(summary)
    summary.setMinimumWidth(width + 50)  # QLabel widens the text to its least width
    assert summary.heightForWidth(width) == QLabel.heightForWidth(summary, width)


def test_labels_sharing_a_text_answer_for_their_own_font_and_margins(qtbot, pane):
    """A text's measures are kept once for every label showing it under the same conditions
    (issue 14: coming back to an ally measures nothing); a label with another font,
    margins, alignment or selectability gets Qt's answers for its own."""
    from nato_desk.ui.plain_text import WrapLabel, plain_label

    pane.show_member("ESP")
    summary = next(w for w in pane.widget().findChildren(WrapLabel)
                   if w.accessibleName() == "Position summary")
    text = summary.text()
    assert summary.heightForWidth(300) == QLabel.heightForWidth(summary, 300)

    def twin() -> QLabel:
        label = plain_label(text, measure_once=True, selectable=False)
        qtbot.addWidget(label)
        label.setFont(summary.font())
        return label

    bigger, margins, centred, selectable, buddy = twin(), twin(), twin(), twin(), twin()
    # With a buddy, "&" marks a shortcut and takes no room: not the measures of the
    # same text without one, measured first.
    ampersand = twin()
    for label in (ampersand, buddy):
        label.setText("&" + text[:40])
        assert label.sizeHint() == QLabel.sizeHint(label)
    buddy.setBuddy(summary)
    font = bigger.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    bigger.setFont(font)
    margins.setContentsMargins(30, 5, 60, 5)
    centred.setAlignment(Qt.AlignmentFlag.AlignCenter)
    selectable.setTextInteractionFlags(SELECT)
    for label in (bigger, margins, centred, selectable, buddy, twin()):
        for width in (120, 300, 555, 2000):
            assert label.heightForWidth(width) == QLabel.heightForWidth(label, width), width
        assert label.sizeHint() == QLabel.sizeHint(label)
        assert label.minimumSizeHint() == QLabel.minimumSizeHint(label)
    assert bigger.heightForWidth(300) > summary.heightForWidth(300)
    assert margins.heightForWidth(300) > summary.heightForWidth(300)


def test_the_pane_is_held_and_laid_out_whole_after_widgets_come_and_go(qtbot, pane):
    """The pane reads its widgets once for every switch (one_pass.Tree): the figure's source
    details made later are laid out with the rest, and a widget deleted under the body is
    no trouble to the next switch."""
    from PySide6.QtWidgets import QVBoxLayout

    pane.show_member("ESP")
    stray = QWidget(pane.figures)  # a widget with a layout, there when the pane reads its widgets
    QVBoxLayout(stray).addWidget(QLabel("stray"))
    pane._figure_source_button.click()  # the source details, made on first use
    assert pane.figure_source.isVisible()
    stray.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for iso3 in ("GBR", "ISL", "ESP"):
        pane.show_member(iso3)
        assert _cut(pane) == [], iso3
        body = pane.widget()
        assert body.height() == body.heightForWidth(body.width()), iso3


def test_any_selectable_label_turns_selectable_on_hover(qtbot):
    """A label not made by plain_label (no handlers of its own) is watched by a filter."""
    from nato_desk.ui.hover_select import select_on_hover
    from nato_desk.ui.plain_text import plain_label

    root = QWidget()
    qtbot.addWidget(root)
    other, ours = QLabel("Qt's own label", root), plain_label("plain_label's", root)
    other.setTextInteractionFlags(SELECT)
    select_on_hover(root)
    for label in (other, ours):
        assert label.textInteractionFlags() != SELECT
        QApplication.sendEvent(label, QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2)))
        assert label.textInteractionFlags() == SELECT
        QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))
        assert label.textInteractionFlags() != SELECT
