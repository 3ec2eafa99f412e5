"""The Figures tab: one ally's figures in the shown edition, editable.

Buttons and a right-click menu ask for an edit, an added year or plan point,
a removal, or the source; ``EditActions`` answers those requests.

Signals:
    edit_requested(object): edit this Observation.
    add_requested(bool): add a figure (True: a national plan point).
    remove_requested(object): remove this Observation.
    source_requested(str): show this source id.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import Observation
from nato_desk.store import Store
from nato_desk.ui.figure_model import FigureColumn, FigureTableModel
from nato_desk.ui.plain_text import widget_shortcut

__all__ = ["FiguresPanel"]


class FiguresPanel(QWidget):
    edit_requested = Signal(object)
    add_requested = Signal(bool)
    remove_requested = Signal(object)
    source_requested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FigureTableModel(store, self)
        self.table = QTableView()
        self.table.setAccessibleName("Figures")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setAccessibleName("Figure columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FigureColumn.SOURCE, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        widget_shortcut(self.table, "Return", self._on_edit_clicked)
        widget_shortcut(self.table, QKeySequence.StandardKey.Delete, self._on_remove_clicked)
        self.edit_button = self._button("Edit…", "Edit figure", self._on_edit_clicked)
        self.add_button = self._button("Add year…", "Add figure", lambda: self.add_requested.emit(False))
        self.plan_button = self._button("Add plan point…", "Add plan point",
                                        lambda: self.add_requested.emit(True))
        self.remove_button = self._button("Remove", "Remove figure", self._on_remove_clicked)
        self.source_button = self._button("Show source", "Show figure source", self._on_source_clicked)
        buttons = QHBoxLayout()
        for b in (self.edit_button, self.add_button, self.plan_button, self.remove_button,
                  self.source_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def set_member(self, iso3: str | None, edition: str, *, editable: bool) -> None:
        # Every edit reloads the table; the analyst's row stays selected.
        current = self.current()
        self.model.set_member(iso3, edition)
        if current is not None and current.iso3 == iso3:
            self.select_year(current.year)
        for b in (self.edit_button, self.add_button, self.plan_button, self.remove_button):
            b.setEnabled(editable and iso3 is not None)

    def current(self) -> Observation | None:
        index = self.table.currentIndex()
        return self.model.figure_at(index.row()) if index.isValid() else None

    def select_year(self, year: int) -> None:
        for row in range(self.model.rowCount()):
            obs = self.model.figure_at(row)
            if obs is not None and obs.year == year:
                self.table.selectRow(row)
                return

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        obs = self.model.figure_at(index.row())
        if obs is not None and self.edit_button.isEnabled():
            self.edit_requested.emit(obs)

    def _on_edit_clicked(self) -> None:
        obs = self.current()
        if obs is not None and self.edit_button.isEnabled():
            self.edit_requested.emit(obs)

    def _on_remove_clicked(self) -> None:
        obs = self.current()
        if obs is not None and self.remove_button.isEnabled():
            self.remove_requested.emit(obs)

    def _on_source_clicked(self) -> None:
        obs = self.current()
        if obs is not None:
            self.source_requested.emit(obs.source_id)

    def _on_table_context_menu(self, pos: QPoint) -> None:
        obs = self.model.figure_at(self.table.indexAt(pos).row())
        if obs is None:
            return
        menu = QMenu(self)
        menu.addAction("Show source").triggered.connect(lambda: self.source_requested.emit(obs.source_id))
        if self.edit_button.isEnabled():
            menu.addAction("Edit…").triggered.connect(lambda: self.edit_requested.emit(obs))
            menu.addAction("Remove").triggered.connect(lambda: self.remove_requested.emit(obs))
        menu.exec(self.table.viewport().mapToGlobal(pos))
