"""Record an ally's new position. Earlier positions stay, as its history."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from nato_desk.domain import AddRecord, Change, Position, Stance
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import EditDialog, SourcePicker, Submit, today

__all__ = ["PositionDialog"]


class PositionDialog(EditDialog):
    RECORD_KIND = Position.KIND

    def __init__(self, store: Store, iso3: str, name: str, submit: Submit,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"New position of {name}", submit, parent)
        self._store, self._iso3, self._name = store, iso3, name
        current = store.position(iso3)
        self.stance = QComboBox()
        for stance in Stance:
            self.stance.addItem(stance.label, stance.value)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.since = QLineEdit(today())
        self.since.setPlaceholderText("YYYY-MM-DD: since when this is the position")
        self.source = SourcePicker(store)
        self.note = QLineEdit()
        for field, widget in (("stance", self.stance), ("summary", self.summary),
                              ("since", self.since)):
            self.add_field(field, widget)
        self.add_source_field("source_ids", self.source, store)
        self.add_field("note", self.note)
        if current:
            self.stance.setCurrentIndex(self.stance.findData(current.stance.value))
            self.summary.setPlainText(current.summary)

    def build_change(self) -> Change | None:
        since = self.since.text().strip()
        existing = {p.id for p in self._store.positions(self._iso3)}
        base = f"{self._iso3}-{since or 'undated'}"
        pid, n = base, 2
        while pid in existing:
            pid, n = f"{base}-{n}", n + 1
        source_id = self.source.source_id()
        position = Position(id=pid, iso3=self._iso3, stance=Stance(self.stance.currentData()),
                            summary=self.summary.toPlainText().strip(),
                            source_ids=(source_id,) if source_id else (), since=since,
                            note=self.note.text().strip())
        return AddRecord(position, f"Change position of {self._name}")
