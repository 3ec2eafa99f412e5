"""The member list panel: filter box, region and sort choices, the table.

Fully usable from the keyboard: Ctrl+F (set by the window) focuses the
filter; Down or Enter in the filter moves into the list; the sort choice is
a combo box as well as the clickable header. The sort choices name the
measure's target ("Gap to 20%") and are greyed out for a measure without one.

Under the choices, a note says when the latest figures are from different
years ("7 allies have no 2025 figure (marked *): …"), beside the "Same year
for all" check box that shows and ranks every ally on the latest year all of
them have (``MemberTableModel.set_same_year``; the window remembers it).

Signals:
    member_selected(str): the current ally changed (ISO-3 code).
    compare_requested(str): the user asked to add an ally to the chart.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QPaintEvent, QShowEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nato_desk.ui.member_model import OLDER_MARK, MemberColumn, MemberFilterProxy, MemberRole, MemberTableModel
from nato_desk.ui.one_pass import settle_layouts
from nato_desk.ui.plain_text import plain_label, tooltip

__all__ = ["MemberListPanel", "SORT_CHOICES"]

# (label, column, order) for the sort combo box.
SORT_CHOICES = (
    ("Name (A–Z)", MemberColumn.NAME, Qt.SortOrder.AscendingOrder),
    ("Latest % (highest first)", MemberColumn.LATEST, Qt.SortOrder.DescendingOrder),
    ("Latest % (lowest first)", MemberColumn.LATEST, Qt.SortOrder.AscendingOrder),
    ("Gap to 3.5% (largest first)", MemberColumn.GAP, Qt.SortOrder.DescendingOrder),
    ("Gap to 3.5% (smallest first)", MemberColumn.GAP, Qt.SortOrder.AscendingOrder),
)


class _Header(QHeaderView):
    """The list's column header, as QTableView makes it, not repainted at each change of ally.

    Qt repaints a header's sections wherever they meet the new and the old
    selection: a row spans every column, so the whole header was painted again
    at each switch of ally (issue 14), to look the same. How it looks depends
    only on whether a row is selected (the titles bold) and whether a column is
    selected whole (one ally left by the filter); it is repainted when either
    changes, as Qt would.
    """

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)  # as QTableView's own header
        self.setHighlightSections(True)
        self._shown: tuple[bool, bool] | None = None

    def _look(self) -> tuple[bool, bool]:
        selection, model = self.selectionModel(), self.model()
        if selection is None or model is None or not selection.hasSelection():
            return (False, False)
        return (True, len(selection.selectedRows()) >= model.rowCount())

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:  # noqa: N802
        if self._look() != self._shown:
            super().selectionChanged(selected, deselected)  # repaints the sections

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        # What is painted now (after a filter, a sort, a resize too): compared at the next selection.
        self._shown = self._look()
        super().paintEvent(event)


class MemberListPanel(QWidget):
    member_selected = Signal(str)
    compare_requested = Signal(str)

    def __init__(self, model: MemberTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = MemberFilterProxy(self)
        self.proxy.setSourceModel(model)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by ally, code or speaker…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Member filter")
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.filter_edit.installEventFilter(self)

        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName("Region filter")
        self.region_combo.addItem("All regions", "")
        for region in sorted({model.index(r, 0).data(MemberRole).member.region
                              for r in range(model.rowCount())}):
            self.region_combo.addItem(region, region)
        self.region_combo.currentIndexChanged.connect(self._on_region_combo_changed)

        self.sort_combo = QComboBox()
        self.sort_combo.setAccessibleName("Sort order")
        for label, _, _ in SORT_CHOICES:
            self.sort_combo.addItem(label)
        self.sort_combo.currentIndexChanged.connect(self._on_sort_combo_changed)
        model.headerDataChanged.connect(self._on_model_header_changed)
        self._on_model_header_changed()

        self.same_year_check = QCheckBox("Same year for all")
        self.same_year_check.setAccessibleName("Same year for all")
        self.same_year_check.setToolTip("Show and rank every ally on the latest year all of them have a "
                                        "figure for, instead of each ally's own latest year.")
        self.same_year_check.setChecked(model.same_year)
        self.same_year_check.toggled.connect(self._on_same_year_toggled)
        # One short line (the names are in its tooltip): a wrapped note made the narrow
        # list taller than a 570 px window allows.
        self.years_note = plain_label(wrap=False)
        self.years_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.years_note.setAccessibleName("Years of the latest figures")
        self.years_note.setObjectName("gapNote")
        model.headerDataChanged.connect(self._update_years_note)
        model.dataChanged.connect(self._update_years_note)

        self.table = QTableView()
        self.table.setHorizontalHeader(_Header(self.table))
        self.table.setAccessibleName("Member list")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Member list columns (click to sort)")
        # Every column fits its contents (a narrow window scrolls sideways
        # rather than cutting names to "…"); the last one takes spare room.
        # ResizeToContents is set when the list is first shown (showEvent): set here,
        # Qt measured every cell again at each step of building and placing the
        # window, some 4,400 calls of the model's data() before the first paint.
        header.setStretchLastSection(True)
        header.sortIndicatorChanged.connect(self._on_header_sort_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

        self.compare_action = QAction("Add to chart", self)
        self.compare_action.setShortcut("Ctrl+D")
        self.compare_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.compare_action.triggered.connect(self._on_compare_triggered)
        self.table.addAction(self.compare_action)

        # The combos may shrink (their whole text is in the popup), so a narrow
        # window keeps its room for the chart instead of the filter row.
        for combo in (self.region_combo, self.sort_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        choices = QHBoxLayout()
        choices.addWidget(self.region_combo, 1)
        choices.addWidget(self.sort_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addLayout(choices)
        years = QHBoxLayout()
        years.addWidget(self.years_note, 1)
        years.addWidget(self.same_year_check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(years)
        layout.addWidget(self.table, 1)
        self._update_years_note()
        self.sort_combo.setCurrentIndex(0)
        self._on_sort_combo_changed(0)

    def showEvent(self, event: QShowEvent) -> None:
        header = self.table.horizontalHeader()
        if header.sectionResizeMode(0) != QHeaderView.ResizeMode.ResizeToContents:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        super().showEvent(event)

    # public API ---------------------------------------------------------

    def current_iso3(self) -> str | None:
        index = self.table.currentIndex()
        row = index.data(MemberRole) if index.isValid() else None
        return row.member.iso3 if row else None

    def select(self, iso3: str) -> bool:
        """Make ``iso3`` the current ally (clearing a filter that hides it)."""
        source_row = self.model.row_of(iso3)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            self.filter_edit.clear()
            self.region_combo.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def visible_codes(self) -> list[str]:
        """The allies in the list's current filter and sort order."""
        return [self.proxy.index(r, 0).data(MemberRole).member.iso3
                for r in range(self.proxy.rowCount())]

    def set_same_year(self, on: bool) -> None:
        """Tick or untick "Same year for all" (the window restores it from the settings)."""
        self.same_year_check.setChecked(on)

    # slots --------------------------------------------------------------

    def _on_same_year_toggled(self, on: bool) -> None:
        self.model.set_same_year(on)
        self._update_years_note()

    def _update_years_note(self, *_: object) -> None:
        """Say when the column mixes years, or which year all allies are shown for."""
        usual, common, older = self.model.years_summary()
        if self.model.same_year and common is not None:
            text = f"All ranked on {common}"
            tip = f"Every ally is shown and ranked on {common}, the latest year all of them have a figure for."
        elif older:
            text = f"{len(older)} with no {usual} figure ({OLDER_MARK})"
            tip = (f"{len(older)} {'ally has' if len(older) == 1 else 'allies have'} no {usual} figure in "
                   f"this edition: {', '.join(older)}. Their latest figure, from an earlier year, is marked "
                   f"{OLDER_MARK}. Tick \u201cSame year for all\u201d to rank every ally on one year.")
        else:
            text = tip = ""
        self.years_note.setText(text)
        self.years_note.setToolTip(tooltip(tip))  # ally names are data: shown literally
        self.years_note.setVisible(bool(text))
        # Nothing to choose when every ally's latest figure is from the same year.
        self.same_year_check.setEnabled(self.model.same_year or bool(older))


    def _on_table_current_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        row = current.data(MemberRole) if current.isValid() else None
        if row is not None:
            self.member_selected.emit(row.member.iso3)
            # The detail pane and the chart have their new texts: lay them out
            # now, so the new ally is painted once, in its final layout.
            settle_layouts()

    def _on_region_combo_changed(self, _: int) -> None:
        self.proxy.set_region(self.region_combo.currentData() or "")

    def _on_sort_combo_changed(self, choice: int) -> None:
        _, column, order = SORT_CHOICES[choice]
        self.table.sortByColumn(column, order)

    def _on_model_header_changed(self, *_: object) -> None:
        """Word the sort choices for the measure on show."""
        percent = self.model.measure.info.unit.startswith("%")
        gap = str(self.model.headerData(MemberColumn.GAP, Qt.Orientation.Horizontal) or "")
        has_target = not gap.startswith("Gap (")
        items = self.sort_combo.model()
        for i, (label, column, _order) in enumerate(SORT_CHOICES):
            if column == MemberColumn.LATEST:
                label = label if percent else label.replace("Latest %", "Latest")
            elif column == MemberColumn.GAP:
                label = label.replace("Gap to 3.5%", gap if has_target else "Gap (no target)")
                if isinstance(items, QStandardItemModel) and items.item(i) is not None:
                    items.item(i).setEnabled(has_target)
            self.sort_combo.setItemText(i, label)

    def _on_header_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        for i, (_, col, ordr) in enumerate(SORT_CHOICES):
            if col == column and ordr == order:
                self.sort_combo.blockSignals(True)
                self.sort_combo.setCurrentIndex(i)
                self.sort_combo.blockSignals(False)
                return

    def _on_compare_triggered(self) -> None:
        iso3 = self.current_iso3()
        if iso3:
            self.compare_requested.emit(iso3)

    def _on_table_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        row = index.data(MemberRole) if index.isValid() else None
        if row is None:
            return
        menu = QMenu(self)
        action = menu.addAction(f"Add {row.member.name} to chart")
        action.triggered.connect(lambda: self.compare_requested.emit(row.member.iso3))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Down, Enter or Return in the filter box move into the list, so an
        # analyst can type a name and land on the ally without the mouse.
        if (watched is self.filter_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.proxy.rowCount():
                    self.table.setFocus()
                    if not self.table.currentIndex().isValid() or key != Qt.Key.Key_Down:
                        self.table.selectionModel().setCurrentIndex(
                            self.proxy.index(0, 0),
                            QItemSelectionModel.SelectionFlag.ClearAndSelect
                            | QItemSelectionModel.SelectionFlag.Rows)
                    return True
        return super().eventFilter(watched, event)
