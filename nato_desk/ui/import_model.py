"""The import review as a Qt table: one row per ally, year and measure of an ``ImportDiff``.

``ImportReviewModel`` adapts the diff's rows (it never changes them) and
keeps which rows the analyst accepts: every new and changed row at first
(``accept_all``), never a row only in the store, whose removal must be ticked
row by row. Unchanged rows have nothing to accept and carry no checkbox.
``ImportFilterProxy`` filters by ally, kind, change class and size of
change, and hides unchanged rows unless asked. Every cell is plain text:
ally names, notes and values come from a file.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from nato_desk.domain import Observation, Status
from nato_desk.ingest.tables.diff import DiffRow, ImportDiff, RowKind, accept_all
from nato_desk.ui.plain_text import elide, tooltip

__all__ = ["KIND_WORDS", "ImportColumn", "ImportFilterProxy", "ImportReviewModel", "SortRole",
           "count_line", "difference_text", "value_text"]

_INDEX = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1

KIND_WORDS = {
    RowKind.NEW: "new",
    RowKind.CHANGED: "changed",
    RowKind.UNCHANGED: "unchanged",
    RowKind.ONLY_IN_STORE: "only in the store",
}


class ImportColumn(enum.IntEnum):
    ACCEPT = 0
    ALLY = 1
    YEAR = 2
    MEASURE = 3
    KIND = 4
    CHANGE = 5
    OLD = 6
    NEW = 7
    DIFFERENCE = 8


_HEADERS = ("Accept", "Ally", "Year", "Measure", "Kind", "Change", "Old", "New", "Difference")
_NUMERIC = (ImportColumn.YEAR, ImportColumn.OLD, ImportColumn.NEW, ImportColumn.DIFFERENCE)


def count_line(diff: ImportDiff) -> str:
    """"2,304 new · 12 changed · 640 unchanged · 3 only in the store"."""
    return " · ".join(f"{diff.count(kind):,} {KIND_WORDS[kind]}" for kind in RowKind)


def value_text(obs: Observation | None) -> str:
    """A figure at the precision its publisher printed; estimates say so."""
    if obs is None:
        return "—"
    if obs.value is None:
        return "blank"
    text = f"{obs.value:,.{obs.decimals}f}"
    return f"{text} (est.)" if obs.status is Status.ESTIMATE else text


def _difference_unit(row: DiffRow) -> str:
    # A difference of two percentages is in percentage points.
    return " pp" if row.measure.info.unit.startswith("%") else ""


def difference_text(row: DiffRow) -> str:
    """new − old, signed, at the finer of the two published precisions."""
    delta = row.delta
    if delta is None or row.old is None or row.new is None:
        return ""
    decimals = max(row.old.decimals, row.new.decimals)
    if abs(delta) < 0.5 * 10 ** -decimals:
        return f"0{_difference_unit(row)}" if delta == 0 else f"{delta:+.{decimals}f}{_difference_unit(row)}"
    return f"{delta:+,.{decimals}f}{_difference_unit(row)}"


def _checkable(row: DiffRow) -> bool:
    return row.kind is not RowKind.UNCHANGED


class ImportReviewModel(QAbstractTableModel):
    """The diff's rows and the analyst's choice of them.

    Signals:
        accepted_changed(): the set of accepted rows changed.
    """

    accepted_changed = Signal()

    def __init__(self, diff: ImportDiff, names: Mapping[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diff = diff
        self._rows = diff.rows
        self._names = dict(names)
        taken = {id(r) for r in accept_all(diff)}
        self._accepted = [id(r) in taken for r in self._rows]

    # the analyst's choice -------------------------------------------------

    def row_at(self, row: int) -> DiffRow:
        return self._rows[row]

    def name(self, iso3: str) -> str:
        return self._names.get(iso3, iso3)

    def accepted_rows(self) -> list[DiffRow]:
        """The accepted rows, in the diff's order."""
        return [r for r, taken in zip(self._rows, self._accepted) if taken]

    def is_accepted(self, row: int) -> bool:
        return self._accepted[row]

    def accept_all(self) -> None:
        """Every new and changed row; rows only in the store are left as they are."""
        self._set_where(lambda r: r.kind in (RowKind.NEW, RowKind.CHANGED), True)

    def accept_none(self) -> None:
        self._set_where(lambda r: True, False)

    def accept_ally(self, iso3: str) -> None:
        """The ally's new and changed rows (its removals still row by row)."""
        self._set_where(lambda r: r.iso3 == iso3 and r.kind in (RowKind.NEW, RowKind.CHANGED), True)

    def set_accepted(self, row: int, accepted: bool) -> None:
        if _checkable(self._rows[row]) and self._accepted[row] != accepted:
            self._accepted[row] = accepted
            index = self.index(row, ImportColumn.ACCEPT)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.accepted_changed.emit()

    def _set_where(self, wanted: Any, accepted: bool) -> None:
        changed = False
        for i, row in enumerate(self._rows):
            if _checkable(row) and wanted(row) and self._accepted[i] != accepted:
                self._accepted[i] = accepted
                changed = True
        if changed and self._rows:
            self.dataChanged.emit(self.index(0, ImportColumn.ACCEPT),
                                  self.index(len(self._rows) - 1, ImportColumn.ACCEPT),
                                  [Qt.ItemDataRole.CheckStateRole])
            self.accepted_changed.emit()

    # Qt -------------------------------------------------------------------

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == ImportColumn.DIFFERENCE:
                return tooltip("New minus old; percentage points (pp) for shares")
        return None

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ImportColumn.ACCEPT and _checkable(self._rows[index.row()]):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(self._display(row, col))
        if role == Qt.ItemDataRole.CheckStateRole and col == ImportColumn.ACCEPT and _checkable(row):
            return Qt.CheckState.Checked if self._accepted[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tooltip(row, col))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SortRole:
            return self._sort_key(index.row(), row, col)
        return None

    def setData(self, index: _INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (not index.isValid() or role != Qt.ItemDataRole.CheckStateRole
                or index.column() != ImportColumn.ACCEPT or not _checkable(self._rows[index.row()])):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self.set_accepted(index.row(), state == Qt.CheckState.Checked.value)
        return True

    def _display(self, row: DiffRow, col: int) -> str:
        if col == ImportColumn.ACCEPT:
            return ""
        if col == ImportColumn.ALLY:
            return self.name(row.iso3)
        if col == ImportColumn.YEAR:
            return str(row.year)
        if col == ImportColumn.MEASURE:
            return row.measure.info.short or row.measure.label
        if col == ImportColumn.KIND:
            return KIND_WORDS[row.kind]
        if col == ImportColumn.CHANGE:
            return row.change
        if col == ImportColumn.OLD:
            return value_text(row.old)
        if col == ImportColumn.NEW:
            return value_text(row.new)
        if col == ImportColumn.DIFFERENCE:
            return difference_text(row)
        return ""

    def _tooltip(self, row: DiffRow, col: int) -> str:
        if row.kind is RowKind.ONLY_IN_STORE:
            return (f"{self.name(row.iso3)} {row.year} is in the store but not in the file. "
                    f"Accepting this row removes the stored figure from edition {self.diff.edition.id}.")
        if col == ImportColumn.MEASURE:
            return f"{row.measure.label} ({row.measure.info.unit})"
        obs = row.new if col != ImportColumn.OLD else row.old
        if obs is not None and obs.note and col in (ImportColumn.OLD, ImportColumn.NEW):
            return obs.note
        return ""

    def _sort_key(self, i: int, row: DiffRow, col: int) -> Any:
        if col == ImportColumn.ACCEPT:
            return int(self._accepted[i])
        if col == ImportColumn.YEAR:
            return row.year
        if col in (ImportColumn.OLD, ImportColumn.NEW):
            obs = row.old if col == ImportColumn.OLD else row.new
            return float("-inf") if obs is None or obs.value is None else obs.value
        if col == ImportColumn.DIFFERENCE:
            return float("-inf") if row.delta is None else row.delta
        return self._display(row, col)


class ImportFilterProxy(QSortFilterProxyModel):
    """What the review shows: by ally, kind, change class and size of change."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ally = ""
        self._kind: RowKind | None = None
        self._change = ""
        self._min_difference = 0.0
        self._show_unchanged = False
        self.setSortRole(SortRole)

    def set_ally(self, iso3: str) -> None:
        """One ally's rows; "" for all."""
        self._refilter("_ally", iso3)

    def set_kind(self, kind: RowKind | None) -> None:
        self._refilter("_kind", kind)

    def set_change(self, change: str) -> None:
        """One change class ("revised actual"); "" for all."""
        self._refilter("_change", change)

    def set_min_difference(self, size: float) -> None:
        """Only changes at least this large (in the measure's unit); 0 shows every row."""
        self._refilter("_min_difference", abs(size))

    def set_show_unchanged(self, show: bool) -> None:
        self._refilter("_show_unchanged", show)

    def _refilter(self, name: str, value: Any) -> None:
        self.beginFilterChange()
        setattr(self, name, value)
        self.endFilterChange()

    def source_rows(self) -> Iterable[int]:
        """The review model's rows now shown, in the shown order."""
        for r in range(self.rowCount()):
            yield self.mapToSource(self.index(r, 0)).row()

    def filterAcceptsRow(self, source_row: int, source_parent: _INDEX) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, ImportReviewModel):
            return True
        row = model.row_at(source_row)
        if row.kind is RowKind.UNCHANGED and not self._show_unchanged:
            return False
        if self._ally and row.iso3 != self._ally:
            return False
        if self._kind is not None and row.kind is not self._kind:
            return False
        if self._change and row.change != self._change:
            return False
        if self._min_difference > 0:
            # A size filter asks for revisions: rows without a difference are not revisions.
            delta = row.delta
            if delta is None or abs(delta) < self._min_difference - 1e-9:
                return False
        return True


def _shown(value: Any) -> Any:
    """A text cell as shown: one line, cut with "…" (``plain_text.elide``); numbers as they are."""
    return elide(value) if isinstance(value, str) else value
