"""The Figures tab: one ally's figures in the shown edition, editable.

Buttons and a right-click menu ask for an edit, an added year or plan point,
a removal, or the source; ``EditActions`` answers those requests. The table
is filled when the tab is shown, not on every switch of ally behind it.

Signals:
    edit_requested(object): edit this Observation.
    add_requested(bool): add a figure (True: a national plan point).
    remove_requested(object): remove this Observation.
    source_requested(str): show this source id.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
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
        self._model = FigureTableModel(store, self)
        self._wanted: tuple[str | None, str] = (None, "")
        self._stale = False  # the table shows another ally or edition than ``_wanted``
        self._table = QTableView()
        self._table.setAccessibleName("Figures")
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setAccessibleName("Figure columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FigureColumn.SOURCE, QHeaderView.ResizeMode.Stretch)
        self._table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._table.customContextMenuRequested.connect(self._on_table_context_menu)
        self._table.doubleClicked.connect(self._on_table_double_clicked)

        widget_shortcut(self._table, "Return", self._on_edit_clicked)
        widget_shortcut(self._table, QKeySequence.StandardKey.Delete, self._on_remove_clicked)
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
        layout.addWidget(self._table, 1)
        layout.addLayout(buttons)

    @property
    def model(self) -> FigureTableModel:
        """The figures of the ally last set (filled now if the tab has not been shown since)."""
        self._fill()
        return self._model

    @property
    def table(self) -> QTableView:
        self._fill()
        return self._table

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def set_member(self, iso3: str | None, edition: str, *, editable: bool) -> None:
        """Show ``iso3``'s figures in ``edition``: now if the tab is on screen, else when it is shown.

        The tab is behind the quotes most of the time; refilling its table on every
        switch of ally was work nobody saw (issue 14).
        """
        self._wanted = (iso3, edition)
        self._stale = True
        for b in (self.edit_button, self.add_button, self.plan_button, self.remove_button):
            b.setEnabled(editable and iso3 is not None)
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        if not self._stale:
            return
        self._stale = False
        iso3, edition = self._wanted
        # Every edit reloads the table; the analyst's row stays selected.
        index = self._table.currentIndex()
        current = self._model.figure_at(index.row()) if index.isValid() else None
        self._model.set_member(iso3, edition)
        if current is not None and current.iso3 == iso3:
            self.select_year(current.year)

    def showEvent(self, event: QShowEvent) -> None:
        self._fill()
        super().showEvent(event)

    def current(self) -> Observation | None:
        self._fill()
        index = self._table.currentIndex()
        return self._model.figure_at(index.row()) if index.isValid() else None

    def select_year(self, year: int) -> None:
        self._fill()
        for row in range(self._model.rowCount()):
            obs = self._model.figure_at(row)
            if obs is not None and obs.year == year:
                self._table.selectRow(row)
                return

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        obs = self._model.figure_at(index.row())
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
        obs = self._model.figure_at(self._table.indexAt(pos).row())
        if obs is None:
            return
        menu = QMenu(self)
        menu.addAction("Show source").triggered.connect(lambda: self.source_requested.emit(obs.source_id))
        if self.edit_button.isEnabled():
            menu.addAction("Edit…").triggered.connect(lambda: self.edit_requested.emit(obs))
            menu.addAction("Remove").triggered.connect(lambda: self.remove_requested.emit(obs))
        menu.exec(self._table.viewport().mapToGlobal(pos))
