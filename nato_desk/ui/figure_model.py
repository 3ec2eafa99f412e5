"""One ally's figures in one edition (plus its national plan points), as a table.

An adapter over the store like the other models. The source column names the
original's publisher (``export.citations``), the tooltip the full citation and,
for a copy, where it was read. The provenance column and
every tooltip say whether a figure is the shipped NATO value or an analyst's
edit, with who and when (from the store's history).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from nato_desk.ui.theme import colour as theme_colour

from nato_desk.analysis import format_pct, status_mark
from nato_desk.domain import PLAN_EDITION, Observation, is_net_edited
from nato_desk.export.citations import cited_publisher, read_at_text
from nato_desk.store import Store
from nato_desk.ui.plain_text import elide, tooltip
from nato_desk.ui.source_view import source_line

__all__ = ["FigureColumn", "FigureRole", "FigureTableModel", "provenance"]

FigureRole = Qt.ItemDataRole.UserRole
_INDEX = QModelIndex | QPersistentModelIndex


class FigureColumn:
    YEAR, VALUE, STATUS, SOURCE, PROVENANCE = range(5)
    HEADERS = ("Year", "% of GDP", "Status", "Source", "Provenance")


def provenance(store: Store, obs: Observation) -> tuple[str, str]:
    """(short, long) text: shipped NATO value, or who edited it and when."""
    entry = store.last_change(Observation.KIND, obs.id)
    if entry is None:
        return "shipped", "Shipped value from the nato_desk seed (NATO's published figure)."
    if not is_net_edited(store.history_for(Observation.KIND, obs.id), Observation.KIND, obs.id, obs):
        when = entry.at.replace("T", " ").removesuffix("Z")
        return "shipped", (f"Shipped value from the nato_desk seed; edited and restored "
                           f"(last: {entry.label}, by {entry.user} on {when} UTC).")
    when = entry.at.replace("T", " ").removesuffix("Z")
    reason = f" Reason: {entry.reason}" if entry.reason else ""
    return (f"edited by {entry.user}",
            f"Analyst edit by {entry.user} on {when} UTC ({entry.label}).{reason}")


class FigureTableModel(QAbstractTableModel):
    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[Observation] = []
        self._iso3: str | None = None
        self._edition = ""

    def set_member(self, iso3: str | None, edition: str) -> None:
        self.beginResetModel()
        self._iso3, self._edition = iso3, edition
        rows = []
        if iso3:
            rows = (self._store.observations(iso3=iso3, edition=edition)
                    + self._store.observations(iso3=iso3, edition=PLAN_EDITION))
        self._rows = sorted(rows, key=lambda o: (o.year, o.edition))
        self.endResetModel()

    def reload(self) -> None:
        self.set_member(self._iso3, self._edition)

    def figure_at(self, row: int) -> Observation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FigureColumn.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(FigureColumn.HEADERS):
                return FigureColumn.HEADERS[section]
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        obs, col = self._rows[index.row()], index.column()
        if role == FigureRole:
            return obs
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == FigureColumn.YEAR:
                return f"{obs.year}{status_mark(obs.status)}"
            if col == FigureColumn.VALUE:
                return "blank" if obs.value is None else format_pct(obs.value, obs.decimals)
            if col == FigureColumn.STATUS:
                return obs.status.value
            if col == FigureColumn.SOURCE:
                # The original's publisher (NATO for a transcription of its tables), never
                # the copy's; the id and where it was read are in the tooltip.
                source = self._store.source(obs.source_id)
                return elide(cited_publisher(source) or obs.source_id if source else obs.source_id)
            if col == FigureColumn.PROVENANCE:
                return provenance(self._store, obs)[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            source = self._store.source(obs.source_id)
            lines = [provenance(self._store, obs)[1], f"Source: {source_line(source, obs.source_id)}"]
            if source is not None and read_at_text(source):
                lines.append(read_at_text(source))
            lines.append(f"Source id: {obs.source_id}")
            if obs.note:
                lines.append(f"Note: {obs.note}")
            return tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.ForegroundRole and col == FigureColumn.PROVENANCE:
            edited = provenance(self._store, obs)[0] != "shipped"
            return QBrush(theme_colour("edited" if edited else "muted"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == FigureColumn.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
