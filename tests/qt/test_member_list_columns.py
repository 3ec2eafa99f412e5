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
