"""The quotes of one ally as a list model, newest first.

An adapter over the store like ``MemberTableModel``: ``set_member`` reloads
the rows. Undated quotes (the source gave no date) come last. Item views draw
``DisplayRole`` as plain text, so quote text is never interpreted as markup.
Each part of a row is one line of at most a few hundred characters ("…"):
the detail pane's "Full text…" shows the whole quote.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from nato_desk.domain import Quote
from nato_desk.store import Store
from nato_desk.ui.plain_text import LIST_CHARS, elide, tooltip
from nato_desk.ui.source_view import source_line

__all__ = ["QuoteListModel", "QuoteRole", "quote_text"]

QuoteRole = Qt.ItemDataRole.UserRole
"""Returns the row's ``Quote``."""

_INDEX = QModelIndex | QPersistentModelIndex


def quote_text(quote: Quote, source_title: str, *, limit: int | None = None) -> str:
    """The quote: text, then who, when and where; each part cut to ``limit`` characters
    on one line ("…", ``plain_text.elide``) when given, as the list shows it."""
    def cut(text: str, factor: int = 1) -> str:
        return text if limit is None else elide(text, limit * factor)

    when = quote.date or "undated"
    lines = [f"“{cut(quote.text, 2)}”", f"— {cut(quote.speaker)}, {cut(quote.role)} · {cut(when)}"]
    if quote.lang != "en":
        lines[0] += f"  [{cut(quote.lang)}]"
    if quote.translation:
        lines.append(f"English: {cut(quote.translation, 2)}")
    lines.append(f"Source: {cut(source_title)}")
    return "\n".join(lines)


def _newest_first(quote: Quote) -> tuple[bool, str]:
    return (quote.date != "", quote.date)


class QuoteListModel(QAbstractListModel):
    """One ally's quotes; reads the store, never writes it."""

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._quotes: list[Quote] = []
        # Each row's text, made on first ask: the list asks for it many times while it
        # lays its rows out (issue 14), and each time named the source anew.
        self._texts: dict[int, str] = {}

    def set_member(self, iso3: str | None) -> None:
        self.beginResetModel()
        quotes = self._store.quotes(iso3) if iso3 else []
        self._quotes = sorted(quotes, key=_newest_first, reverse=True)
        self._texts = {}
        self.endResetModel()

    def quote_at(self, row: int) -> Quote | None:
        return self._quotes[row] if 0 <= row < len(self._quotes) else None

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._quotes)

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._quotes):
            return None
        quote = self._quotes[index.row()]
        if role == QuoteRole:
            return quote
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._texts.get(index.row())
            if text is None:
                text = quote_text(quote, source_line(self._store.source(quote.source_id), quote.source_id),
                                  limit=LIST_CHARS)
                self._texts[index.row()] = text
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(quote.note or quote.text)
        return None
