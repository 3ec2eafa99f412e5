"""The History panel: every change, newest first, filterable, revertible.

``HistoryModel`` adapts the store's append-only history (one row per field
changed or record added/removed); ``HistoryFilterProxy`` filters by ally,
record kind and text. Revert applies the entry's inverse as a new, undoable
change through the same editor as every other edit.

Signals:
    revert_requested(str): the user asked to revert the entry with this id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import (
    NATO_ID,
    RECORD_TYPES,
    AddRecord,
    Change,
    ChangeSet,
    HistoryEntry,
    RemoveRecord,
    SetField,
)
from nato_desk.store import Store
from nato_desk.ui.member_model import fold
from nato_desk.ui.plain_text import elide, tooltip
from nato_desk.ui.source_details import describe_record

__all__ = ["HistoryModel", "HistoryPanel", "HistoryRow", "flatten"]

_INDEX = QModelIndex | QPersistentModelIndex
EntryRole = Qt.ItemDataRole.UserRole
KIND_LABELS = {"observations": "figure", "quotes": "quote", "positions": "position",
               "sources": "source", "events": "event", "members": "member",
               "targets": "target", "editions": "edition", "leaders": "leader"}


@dataclass(frozen=True)
class HistoryRow:
    entry: HistoryEntry
    kind: str
    record_id: str
    iso3: str
    field: str
    old: str
    new: str

    def search_text(self) -> str:
        e = self.entry
        return fold(" ".join((e.label, e.user, e.reason, self.record_id, self.field, self.old, self.new)))


def _text(value: Any) -> str:
    if value is None:
        return "blank"
    return str(getattr(value, "value", value))


def flatten(store: Store, change: Change) -> list[tuple[str, str, str, str, str, str]]:
    """(kind, record id, iso3, field, old, new) per elementary change.

    An added or removed record shows what it held, so moving a figure to
    another year still shows its value on both sides.
    """
    if isinstance(change, ChangeSet):
        return [row for part in change.changes for row in flatten(store, part)]
    if isinstance(change, SetField):
        return [(change.kind, change.record_id, "", change.field, _text(change.old), _text(change.new))]
    assert isinstance(change, (AddRecord, RemoveRecord))
    record = change.record
    held = describe_record(store, record)
    old, new = ("", held) if isinstance(change, AddRecord) else (held, "(removed)")
    return [(record.KIND, record.id, getattr(record, "iso3", ""), "(record)", old, new)]


class HistoryModel(QAbstractTableModel):
    HEADERS = ("When (UTC)", "Who", "What", "Record", "Field", "Old", "New", "Reason")

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[HistoryRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        rows = []
        history = self._store.history()
        # The ally of a record is on the record: the store's copy if it still
        # exists, else the copy an add or remove in the history carried.
        owners: dict[tuple[str, str], str] = {}
        for entry in history:
            for kind, rid, iso3, *_ in flatten(self._store, entry.change):
                if iso3:
                    owners[(kind, rid)] = iso3
        for entry in reversed(history):
            for kind, rid, iso3, field, old, new in flatten(self._store, entry.change):
                record = self._store.get(RECORD_TYPES[kind], rid) if kind in RECORD_TYPES else None
                iso3 = iso3 or str(getattr(record, "iso3", "")) or owners.get((kind, rid), "")
                rows.append(HistoryRow(entry, kind, rid, iso3, field, old, new))
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> HistoryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == EntryRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            e = row.entry
            return elide((e.at.replace("T", " ").removesuffix("Z"), e.user, e.label,
                          f"{KIND_LABELS.get(row.kind, row.kind)} {row.record_id}", row.field,
                          row.old, row.new, e.reason)[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{row.entry.label}\n{row.field}: {row.old} → {row.new}"
                           + (f"\nReason: {row.entry.reason}" if row.entry.reason else ""))
        return None


class HistoryFilterProxy(QSortFilterProxyModel):
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
        row = self.sourceModel().index(source_row, 0, source_parent).data(EntryRole)
        if row is None:
            return False
        if self.iso3 and row.iso3 != self.iso3:
            return False
        if self.kind and row.kind != self.kind:
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
        self.table = QTableView()
        self.table.setAccessibleName("History entries")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setAccessibleName("History columns")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
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

    def reload(self) -> None:
        self.model.reload()

    def selected_entry(self) -> HistoryEntry | None:
        index = self.table.currentIndex()
        row = index.data(EntryRole) if index.isValid() else None
        return row.entry if row else None

    def _on_filter_changed(self, *_: object) -> None:
        self.proxy.set_filters(self.ally.currentData() or "", self.kind.currentData() or "",
                               self.text.text())

    def _on_revert_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.revert_requested.emit(entry.id)
