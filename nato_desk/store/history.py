"""``History``: the store's change history in memory, with the indexes the UI asks of it.

The raw documents are kept as found, an unreadable one too (a later
version's change type, a hand edit), so that saving never drops an entry;
the readable entries are indexed by id and by the records they touched.
"""

from __future__ import annotations

from typing import Any

from nato_desk.domain import HistoryEntry
from nato_desk.store.schema import read_history

__all__ = ["History"]


class History:
    """The history table: documents oldest first, and the readable entries indexed."""

    def __init__(self, raw: dict[str, Any] | None) -> None:
        self.docs: list[Any]
        """Every document, as stored, oldest first (what a snapshot writes)."""
        self.docs, entries = read_history(raw)
        self._entries: list[HistoryEntry] = []
        self._by_id: dict[str, HistoryEntry] = {}
        self._by_record: dict[tuple[str, str], list[HistoryEntry]] = {}
        for entry in entries:
            if entry is not None:
                self._index(entry)

    def add(self, entry: HistoryEntry, doc: dict[str, Any]) -> None:
        """Append ``entry`` (stored as ``doc``, its ``to_dict``)."""
        self.docs = [*self.docs, doc]  # a new list: a snapshot being written keeps its own
        self._index(entry)

    def _index(self, entry: HistoryEntry) -> None:
        self._entries.append(entry)
        self._by_id[entry.id] = entry
        for key in entry.records:
            self._by_record.setdefault(key, []).append(entry)

    def entries(self) -> list[HistoryEntry]:
        """Every readable entry, oldest first."""
        return list(self._entries)

    def for_record(self, kind: str, record_id: str) -> list[HistoryEntry]:
        return list(self._by_record.get((kind, record_id), ()))

    def last_for(self, kind: str, record_id: str) -> HistoryEntry | None:
        entries = self._by_record.get((kind, record_id))
        return entries[-1] if entries else None

    def get(self, id: str) -> HistoryEntry | None:
        return self._by_id.get(id)
