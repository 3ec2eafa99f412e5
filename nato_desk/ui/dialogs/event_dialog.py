"""Add a dated marker to the chart (a summit, a budget law, a review)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from nato_desk.domain import AddRecord, Change, Event
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import EditDialog, SourcePicker, Submit

__all__ = ["EventDialog"]

KINDS = ("summit", "war", "review", "deadline", "budget", "election", "other")


class EventDialog(EditDialog):
    RECORD_KIND = Event.KIND

    def __init__(self, store: Store, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__("Add chart event", submit, parent)
        self._store = store
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.label_edit = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(KINDS)
        self.source = SourcePicker(store)
        self.note = QLineEdit()
        for field, widget in (("date", self.date), ("label", self.label_edit), ("kind", self.kind)):
            self.add_field(field, widget)
        self.add_source_field("source_id", self.source, store)
        self.add_field("note", self.note)

    def build_change(self) -> Change | None:
        label = self.label_edit.text().strip()
        slug = re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")[:30] or "EVENT"
        eid, n = f"ANALYST_{slug}", 2
        while self._store.get(Event, eid) is not None:
            eid, n = f"ANALYST_{slug}_{n}", n + 1
        event = Event(eid, self.date.text().strip(), label, self.kind.currentText(),
                      self.source.source_id(), self.note.text().strip())
        return AddRecord(event, f"Add chart event {label[:40]}")
