"""The History panel: every change, newest first, in the analyst's words; filterable, revertible.

``HistoryModel`` is a tree over the store's append-only history: one row per
history entry (when, who, what, reason), the "what" one line from
``briefing.history_words`` ("Germany 2025 (August 2025 edition): blank →
2.40% of GDP, source Bundestag budget law"); each row expands to one child
per field or record the entry changed, old → new. ``HistoryFilterProxy``
filters the entries by ally, record kind and text (an entry's children go
with it). Revert applies the entry's inverse as a new, undoable change
through the same editor as every other edit; a selected child reverts its
entry.

Signals:
    revert_requested(str): the user asked to revert the entry with this id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from nato_desk.briefing.history_words import Detail, EntryWords, describe_entry, known_records
from nato_desk.domain import NATO_ID, HistoryEntry
from nato_desk.store import Store
from nato_desk.ui.member_model import fold
from nato_desk.ui.plain_text import elide, tooltip

__all__ = ["HistoryColumn", "HistoryModel", "HistoryPanel", "HistoryRow"]

_INDEX = QModelIndex | QPersistentModelIndex
EntryRole = Qt.ItemDataRole.UserRole
KIND_LABELS = {"observations": "figure", "quotes": "quote", "positions": "position",
               "sources": "source", "events": "event"}
_TOP = 0  # internal id of an entry row; a child's is its entry's row + 1
_LINE_CHARS = 400  # what a cell holds; the view elides to its width, the tooltip says all


class HistoryColumn:
    WHEN = 0
    WHO = 1
    WHAT = 2
    REASON = 3


@dataclass(frozen=True)
class HistoryRow:
    """One history entry as the panel shows it."""

    entry: HistoryEntry
    words: EntryWords

    @property
    def line(self) -> str:
        return self.words.line

    @property
    def details(self) -> tuple[Detail, ...]:
        return self.words.details

    @property
    def one_subject(self) -> bool:
        """Whether every detail is a field of one record (one figure edited)."""
        subjects = {d.subject for d in self.details}
        return len(subjects) == 1 and "" not in subjects

    def search_text(self) -> str:
        e = self.entry
        return fold(" ".join((self.line, e.label, e.user, e.reason, *(d.text for d in self.details))))


class HistoryModel(QAbstractItemModel):
    HEADERS = ("When (UTC)", "Who", "What", "Reason")

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[HistoryRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        history = self._store.history()
        # Records the store no longer holds (a deleted quote, a removed source) are
        # named from the copy the history kept when it added or removed them.
        known = known_records(history)
        self._rows = [HistoryRow(entry, describe_entry(self._store, entry, known))
                      for entry in reversed(history)]
        self.endResetModel()

    def row_at(self, row: int) -> HistoryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- tree structure ------------------------------------------------------

    def index(self, row: int, column: int, parent: _INDEX = QModelIndex()) -> QModelIndex:
        if not 0 <= column < len(self.HEADERS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if 0 <= row < len(self._rows) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()  # details have no children; only column 0 is a parent
        owner = self.row_at(parent.row())
        if owner is None or not 0 <= row < len(owner.details):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _INDEX = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, _TOP)

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0
        owner = self.row_at(parent.row())
        return len(owner.details) if owner else 0

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    # -- data ------------------------------------------------------------------

    def _entry_row(self, index: _INDEX) -> HistoryRow | None:
        top = index.row() if index.internalId() == _TOP else int(index.internalId()) - 1
        return self.row_at(top)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._entry_row(index)
        if row is None:
            return None
        if role == EntryRole:
            return row  # a detail belongs to its entry: reverting it reverts the entry
        detail = None
        if index.internalId() != _TOP:
            if not 0 <= index.row() < len(row.details):
                return None
            detail = row.details[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return elide(self._cell(row, detail, index.column()), _LINE_CHARS)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tip(row, detail))
        return None

    @staticmethod
    def _cell(row: HistoryRow, detail: Detail | None, column: int) -> str:
        e = row.entry
        if detail is not None:
            if column != HistoryColumn.WHAT:
                return ""
            # Under a line that names the one record changed, a field needs no subject again.
            return detail.shown(subject=not row.one_subject)
        return (e.at.replace("T", " ").removesuffix("Z"), e.user, row.line, e.reason)[column]

    @staticmethod
    def _tip(row: HistoryRow, detail: Detail | None) -> str:
        if detail is not None:
            return detail.text
        e = row.entry
        lines = [row.line, f"{e.at.replace('T', ' ').removesuffix('Z')} UTC, {e.user}"]
        if e.reason:
            lines.append(f"Reason: {e.reason}")
        if len(row.details) > 1:
            lines.append(f"{len(row.details)} changes: expand the row to see each one")
        return "\n".join(lines)


class HistoryFilterProxy(QSortFilterProxyModel):
    """Filters entries by ally, record kind and words; an entry's details go with it."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.iso3 = ""
        self.kind = ""
        self.text = ""

    def set_filters(self, iso3: str, kind: str, text: str) -> None:
        self.beginFilterChange()
        self.iso3, self.kind, self.text = iso3, kind, fold(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _INDEX) -> bool:  # noqa: N802
        if source_parent.isValid():
            return True  # a detail shows whenever its entry does
        row = self.sourceModel().index(source_row, 0, source_parent).data(EntryRole)
        if row is None:
            return False
        if self.iso3 and self.iso3 not in row.words.iso3s:
            return False
        if self.kind and self.kind not in row.words.kinds:
            return False
        return all(w in row.search_text() for w in self.text.split())


class HistoryPanel(QWidget):
    revert_requested = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self.model = HistoryModel(store, self)
        self.proxy = HistoryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.ally = QComboBox()
        self.ally.setAccessibleName("History ally filter")
        self.ally.addItem("All allies", "")
        self.ally.addItem("NATO", NATO_ID)
        for member in store.members():
            self.ally.addItem(member.name, member.iso3)
        self.kind = QComboBox()
        self.kind.setAccessibleName("History kind filter")
        self.kind.addItem("All kinds", "")
        for kind in ("observations", "quotes", "positions", "sources", "events"):
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.text = QLineEdit()
        self.text.setAccessibleName("History text filter")
        self.text.setPlaceholderText("Filter by text, user or reason…")
        self.text.setClearButtonEnabled(True)
        self.revert_button = QPushButton("Revert entry")
        self.revert_button.setAccessibleName("Revert history entry")
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.revert_button.setEnabled(not store.read_only)
        self.table = QTreeView()
        self.table.setAccessibleName("History entries")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setUniformRowHeights(True)  # one line a row: fast with thousands of entries
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAllColumnsShowFocus(True)
        self._fit_columns()
        for widget in (self.ally, self.kind):
            widget.currentIndexChanged.connect(self._on_filter_changed)
        self.text.textChanged.connect(self._on_filter_changed)
        bar = QHBoxLayout()
        for control in (self.ally, self.kind, self.text, self.revert_button):
            bar.addWidget(control)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def _fit_columns(self) -> None:
        """When and Who sized for their text, Reason a fixed share, What takes the rest.

        Widths come from the font, not the contents: measuring every row of a long
        history on each edit would cost more than it shows.
        """
        header = self.table.header()
        header.setAccessibleName("History columns")
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        metrics = self.table.fontMetrics()
        indent = self.table.indentation() + 2 * metrics.horizontalAdvance("M")
        header.resizeSection(HistoryColumn.WHEN, metrics.horizontalAdvance("2026-12-31 23:59:59") + indent)
        header.resizeSection(HistoryColumn.WHO, metrics.horizontalAdvance("analyst name x") + 16)
        header.resizeSection(HistoryColumn.REASON, metrics.horizontalAdvance("M") * 18)
        for column in (HistoryColumn.WHEN, HistoryColumn.WHO, HistoryColumn.REASON):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HistoryColumn.WHAT, QHeaderView.ResizeMode.Stretch)

    def reload(self) -> None:
        self.model.reload()

    def selected_entry(self) -> HistoryEntry | None:
        index = self.table.currentIndex()
        row = index.data(EntryRole) if index.isValid() else None
        return row.entry if row else None

    def select_row(self, row: int) -> None:
        """Make the ``row``-th shown entry current (and selected)."""
        self.table.setCurrentIndex(self.proxy.index(row, 0))

    def _on_filter_changed(self, *_: object) -> None:
        self.proxy.set_filters(self.ally.currentData() or "", self.kind.currentData() or "",
                               self.text.text())

    def _on_revert_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.revert_requested.emit(entry.id)
