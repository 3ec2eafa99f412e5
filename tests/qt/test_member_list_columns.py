"""The member list's columns fit their contents once shown (issue 14: measured then, not at
every step of building the window)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from nato_desk.ui.member_list import MemberListPanel
from nato_desk.ui.member_model import MemberColumn, MemberTableModel


def test_columns_fit_their_contents_when_shown(qtbot, store):
    panel = MemberListPanel(MemberTableModel(store, "2026-07"))
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    qtbot.waitExposed(panel)
    table, header = panel.table, panel.table.horizontalHeader()
    for column in range(MemberColumn.STANCE):  # the last column takes the spare room
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
        wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) == wanted, MemberColumn.HEADERS[column]
    panel.model.set_edition("2025-08")  # other figures: the columns follow
    assert header.sectionSize(MemberColumn.LATEST) == max(
        table.sizeHintForColumn(MemberColumn.LATEST), header.sectionSizeHint(MemberColumn.LATEST))


def _header_on_screen(panel: MemberListPanel):
    """The header as the window shows it (its backing store), not painted afresh."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    header = panel.table.horizontalHeader()
    top_left = header.mapTo(panel, header.rect().topLeft())
    shot = panel.screen().grabWindow(panel.winId()).toImage()
    return shot.copy(top_left.x(), top_left.y(), header.width(), header.height())


def test_the_header_is_not_painted_again_at_each_ally_but_shows_the_selection(qtbot, store):
    """Issue 14: a change of ally repainted the whole header to look the same. Its titles are
    bold while an ally is selected, plain with none, and a column selected whole (one ally
    left by the filter) looks otherwise again: each is painted when it comes."""
    from PySide6.QtCore import QEvent, QObject

    panel = MemberListPanel(MemberTableModel(store, "2026-07"))
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    qtbot.waitExposed(panel)
    plain = _header_on_screen(panel)
    panel.select("ESP")
    selected = _header_on_screen(panel)
    assert selected != plain

    paints: list[str] = []

    class Count(QObject):
        def eventFilter(self, watched, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                paints.append(panel.table.currentIndex().data())
            return False

    count = Count()
    panel.table.horizontalHeader().viewport().installEventFilter(count)
    for iso3 in ("BEL", "POL", "USA", "DEU"):
        panel.select(iso3)
        assert _header_on_screen(panel) == selected, iso3
    assert paints == []  # fails before: one paint a switch

    panel.table.clearSelection()
    assert _header_on_screen(panel) == plain
    panel.filter_edit.setText("spain")  # one ally left: its row is each column whole
    panel.select("ESP")
    alone = _header_on_screen(panel)
    assert alone != selected
    panel.filter_edit.clear()
    panel.select("ESP")
    assert _header_on_screen(panel) == selected
