"""The import's second step: the diff preview the analyst accepts rows from.

Counts per kind at the top, filters (ally, kind, change class, size of
change, show unchanged), Accept all / Accept none / accept one ally's rows,
and the table with a checkbox per row. ``status`` says what applying would
do, or why there is nothing to apply ("Nothing to change: every value is
already stored"). Text from the file is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nato_desk.ingest.tables import ImportedFile
from nato_desk.ingest.tables.diff import ImportDiff, RowKind
from nato_desk.ui.import_model import (
    KIND_WORDS,
    ImportColumn,
    ImportFilterProxy,
    ImportReviewModel,
    count_line,
)
from nato_desk.ui.plain_text import plain_label, tooltip, widget_shortcut

__all__ = ["ReviewStep"]

NOTHING_TO_CHANGE = "Nothing to change: every value is already stored."


def _combo(name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class ReviewStep(QWidget):
    """The diff of one file against the store, and the rows accepted from it.

    Signals:
        accepted_changed(): what applying would take changed.
    """

    accepted_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: ImportReviewModel | None = None
        self.proxy = ImportFilterProxy(self)
        self.heading = plain_label()
        self.heading.setAccessibleName("Import")
        self.heading.setStyleSheet("font-weight: bold;")
        self.counts = plain_label(wrap=False)
        self.counts.setAccessibleName("Counts")
        # What the reader took and left out: a short, scrollable plain-text box, so a
        # long list (SIPRI's regions, NATO's hidden rows) never pushes the table away.
        self.details = QPlainTextEdit()
        self.details.setAccessibleName("Tables read and left out")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.ensurePolished()  # the stylesheet's font, not the default one
        margin = self.details.document().documentMargin()
        self.details.setFixedHeight(int(self.details.fontMetrics().lineSpacing() * 4 + 2 * margin
                                        + 2 * self.details.frameWidth()))

        self.ally_filter = _combo("Filter by ally")
        self.kind_filter = _combo("Filter by kind")
        self.change_filter = _combo("Filter by change")
        self.min_difference = QDoubleSpinBox()
        self.min_difference.setAccessibleName("Smallest difference")
        self.min_difference.setDecimals(2)
        self.min_difference.setRange(0, 1e9)
        self.min_difference.setSingleStep(0.1)
        self.min_difference.setSpecialValueText("any")
        self.min_difference.setToolTip(tooltip("Show only changes at least this large, in the measure's "
                                               "unit (percentage points for shares). Any shows every row."))
        self.show_unchanged = QCheckBox("Show unchanged")
        self.show_unchanged.setAccessibleName("Show unchanged")
        filters = QHBoxLayout()
        for label, widget in (("Ally:", self.ally_filter), ("Kind:", self.kind_filter),
                              ("Change:", self.change_filter), ("|Difference| ≥", self.min_difference)):
            filters.addWidget(plain_label(label, wrap=False, selectable=False))
            filters.addWidget(widget)
        filters.addWidget(self.show_unchanged)
        filters.addStretch(1)

        self.accept_all_button = QPushButton("Accept all (new and changed)")
        self.accept_none_button = QPushButton("Accept none")
        self.accept_ally_button = QPushButton("Accept this ally's rows")
        self.accept_ally_button.setToolTip(tooltip("Choose an ally in the Ally filter, then accept its new "
                                                   "and changed rows."))
        accepts = QHBoxLayout()
        for button in (self.accept_all_button, self.accept_none_button, self.accept_ally_button):
            accepts.addWidget(button)
        accepts.addStretch(1)

        self.table = QTableView()
        self.table.setAccessibleName("Rows to review")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        # Not stretched: a wide last column would put the difference far from its numbers.
        self.table.horizontalHeader().setStretchLastSection(False)
        # Space ticks or unticks the selected rows, from any column.
        widget_shortcut(self.table, "Space", self.toggle_selected)
        self.status = plain_label()
        self.status.setAccessibleName("Review status")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addWidget(self.details)
        layout.addLayout(filters)
        layout.addLayout(accepts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.ally_filter.currentIndexChanged.connect(self._on_ally_filter_changed)
        self.kind_filter.currentIndexChanged.connect(self._on_kind_filter_changed)
        self.change_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_change(str(self.change_filter.currentData() or "")))
        self.min_difference.valueChanged.connect(self.proxy.set_min_difference)
        self.show_unchanged.toggled.connect(self.proxy.set_show_unchanged)
        self.accept_all_button.clicked.connect(lambda _=False: self._model().accept_all())
        self.accept_none_button.clicked.connect(lambda _=False: self._model().accept_none())
        self.accept_ally_button.clicked.connect(self._on_accept_ally_clicked)

    def _model(self) -> ImportReviewModel:
        assert self.model is not None, "set_diff first"
        return self.model

    def set_diff(self, diff: ImportDiff, imported: ImportedFile, names: Mapping[str, str]) -> None:
        old = self.model
        self.model = ImportReviewModel(diff, names, self)
        self.proxy.setSourceModel(self.model)
        if old is not None:
            old.deleteLater()
        self.model.accepted_changed.connect(self._on_accepted_changed)

        into = "a new edition" if diff.new_edition else "the existing edition"
        self.heading.setText(f"{diff.label}: {imported.name} into {into} {diff.edition.label} "
                             f"({diff.edition.id}), citing {diff.source.id}")
        self.counts.setText(count_line(diff))
        details = list(imported.tables)
        details += [f"Left out: {skipped}" for skipped in imported.skipped]
        self.details.setPlainText("\n".join(details))
        self.details.setVisible(bool(details))

        for box in (self.ally_filter, self.kind_filter, self.change_filter):
            box.blockSignals(True)
            box.clear()
        self.ally_filter.addItem("All allies", "")
        for iso3 in sorted({r.iso3 for r in diff.rows}, key=self.model.name):
            self.ally_filter.addItem(self.model.name(iso3), iso3)
        self.kind_filter.addItem("All kinds", "")
        for kind in RowKind:
            self.kind_filter.addItem(KIND_WORDS[kind], kind.value)
        self.change_filter.addItem("All changes", "")
        for change in sorted({r.change for r in diff.rows if r.change}):
            self.change_filter.addItem(change, change)
        for box in (self.ally_filter, self.kind_filter, self.change_filter):
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.proxy.set_ally("")
        self.proxy.set_kind(None)
        self.proxy.set_change("")
        self.accept_ally_button.setEnabled(False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the diff's own order
        self._size_columns()
        self._on_accepted_changed()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        # A long ally name or change class must not push the numbers out of view.
        for col, cap in ((ImportColumn.ALLY, 190), (ImportColumn.MEASURE, 170), (ImportColumn.CHANGE, 190)):
            if self.table.columnWidth(col) > cap:
                self.table.setColumnWidth(col, cap)
        for col in (ImportColumn.OLD, ImportColumn.NEW, ImportColumn.DIFFERENCE):
            # Room for a revision ("-0.53 pp", "12,345.6 (est.)") even when the first rows have none.
            self.table.setColumnWidth(col, max(self.table.columnWidth(col), 110))

    # what applying would take -------------------------------------------------

    def applicable(self) -> bool:
        """Whether any accepted row would change the store."""
        return self.model is not None and any(r.kind is not RowKind.UNCHANGED
                                              for r in self.model.accepted_rows())

    def _on_accepted_changed(self) -> None:
        model = self._model()
        diff = model.diff
        pending = diff.count(RowKind.NEW) + diff.count(RowKind.CHANGED) + diff.count(RowKind.ONLY_IN_STORE)
        taken = model.accepted_rows()
        removals = sum(1 for r in taken if r.kind is RowKind.ONLY_IN_STORE)
        if pending == 0:
            text = NOTHING_TO_CHANGE
        elif not taken:
            text = "Nothing accepted: tick rows, or use Accept all. Nothing is stored until you apply."
        else:
            text = f"{len(taken):,} rows accepted"
            if removals:
                text += f", of which {removals:,} remove a stored figure"
            text += ". Applying stores them as one step you can undo."
        self.status.setText(text)
        self.accept_all_button.setEnabled(pending > 0)
        self.accept_none_button.setEnabled(pending > 0)
        self.accepted_changed.emit()

    # filters ------------------------------------------------------------------

    def _on_ally_filter_changed(self, _index: int) -> None:
        iso3 = str(self.ally_filter.currentData() or "")
        self.proxy.set_ally(iso3)
        self.accept_ally_button.setEnabled(bool(iso3))
        name = self.ally_filter.currentText() if iso3 else "this ally"
        self.accept_ally_button.setText(f"Accept {name}'s rows")

    def _on_kind_filter_changed(self, _index: int) -> None:
        value = str(self.kind_filter.currentData() or "")
        kind = RowKind(value) if value else None
        if kind is RowKind.UNCHANGED:
            self.show_unchanged.setChecked(True)  # unchanged rows show only with the box ticked
        self.proxy.set_kind(kind)

    def toggle_selected(self) -> None:
        """Accept the selected rows, or, when all of them are accepted already, accept none of them."""
        model = self._model()
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.proxy.mapToSource(self.table.currentIndex()).row()]
        rows = [r for r in rows if model.row_at(r).kind is not RowKind.UNCHANGED]
        accept = not all(model.is_accepted(r) for r in rows)
        for row in rows:
            model.set_accepted(row, accept)

    def _on_accept_ally_clicked(self) -> None:
        iso3 = str(self.ally_filter.currentData() or "")
        if iso3:
            self._model().accept_ally(iso3)
