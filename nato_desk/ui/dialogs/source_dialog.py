"""Add or edit a source: title, publisher, date, URL, note."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLineEdit, QWidget

from nato_desk.domain import AddRecord, Change, ChangeSet, SetField, Source
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import EditDialog, Submit, today

__all__ = ["SourceEditDialog", "new_source_id"]

_FIELDS = ("title", "publisher", "date", "url", "note")


def new_source_id(store: Store, title: str) -> str:
    """A readable id like the reference's: ``ANALYST_20261127_NATO_REPORT``."""
    words = re.sub(r"[^A-Za-z0-9 ]+", " ", title).upper().split()[:3]
    base = "_".join(["ANALYST", today().replace("-", ""), *words])
    sid, n = base, 2
    while store.source(sid) is not None:
        sid, n = f"{base}_{n}", n + 1
    return sid


class SourceEditDialog(EditDialog):
    def __init__(self, store: Store, submit: Submit, source: Source | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Edit source {source.id}" if source else "Add source", submit, parent)
        self._store, self._old = store, source
        self.title_edit = QLineEdit()
        self.publisher = QLineEdit()
        self.date = QLineEdit(today() if source is None else "")
        self.date.setPlaceholderText("YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.note = QLineEdit()
        for label, widget in (("Title", self.title_edit), ("Publisher", self.publisher),
                              ("Date", self.date), ("URL", self.url), ("Note", self.note)):
            self.add_row(label, widget)
        if source:
            self.title_edit.setText(source.title)
            self.publisher.setText(source.publisher)
            self.date.setText(source.date)
            self.url.setText(source.url)
            self.note.setText(source.note)
        self.created_id = ""

    def build_change(self) -> Change | None:
        title = self.title_edit.text().strip()
        sid = self._old.id if self._old else new_source_id(self._store, title)
        new = Source(sid, title, self.publisher.text().strip(), self.date.text().strip(),
                     self.url.text().strip(), self.note.text().strip())
        if self._old is None:
            self.created_id = sid
            return AddRecord(new, f"Add source {title[:40]}")
        label = f"Edit source {sid}"
        sets = tuple(SetField(Source.KIND, sid, f, getattr(self._old, f), getattr(new, f), label)
                     for f in _FIELDS if getattr(self._old, f) != getattr(new, f))
        if not sets:
            return None
        return sets[0] if len(sets) == 1 else ChangeSet(sets, label)
