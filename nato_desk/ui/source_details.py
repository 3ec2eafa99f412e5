""""Show source": a source's details and everything else that cites it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout, QWidget

from nato_desk.domain import Event, Member, Observation, Position, Quote, Record, Source
from nato_desk.store import Store
from nato_desk.ui.plain_text import plain_label
from nato_desk.ui.source_view import SourceView

__all__ = ["SourceDetailsDialog", "describe_record"]


def describe_record(store: Store, record: Record) -> str:
    """One line naming a record an analyst would recognise."""
    def name(iso3: str) -> str:
        member = store.get(Member, iso3)
        return member.name if member else iso3

    if isinstance(record, Observation):
        value = "blank" if record.value is None else f"{record.value:.{record.decimals}f}%"
        return f"Figure: {name(record.iso3)} {record.year} {value} ({record.status.value}, edition {record.edition})"
    if isinstance(record, Quote):
        return f"Quote: {record.speaker}, {record.date or 'undated'}: “{record.text[:80]}”"
    if isinstance(record, Position):
        return f"Position: {name(record.iso3)}, {record.stance.label}"
    if isinstance(record, Event):
        return f"Chart event: {record.label} ({record.date})"
    return f"{type(record).__name__}: {record.id}"


class SourceDetailsDialog(QDialog):
    def __init__(self, store: Store, source_id: str, parent: QWidget | None = None,
                 edit: Callable[[str], object] | None = None) -> None:
        super().__init__(parent)
        source = store.get(Source, source_id)
        self.setWindowTitle(f"Source {source_id}")
        self.view = SourceView()
        self.view.set_source(source)
        citing = [r for r in store.citing(source_id)]
        self.cited_by = QListWidget()
        self.cited_by.setAccessibleName("Cited by")
        for record in citing:
            self.cited_by.addItem(describe_record(store, record))
        layout = QVBoxLayout(self)
        if source is None:
            layout.addWidget(plain_label(f"The source {source_id} is not in the store."))
        layout.addWidget(self.view)
        layout.addWidget(plain_label(f"Cited by {len(citing)} record(s):"))
        layout.addWidget(self.cited_by)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.edit_button = buttons.addButton("Edit source…", QDialogButtonBox.ButtonRole.ActionRole)
        self.edit_button.setAccessibleName("Edit source")
        self.edit_button.setEnabled(edit is not None and source is not None)
        if edit is not None:
            self.edit_button.clicked.connect(lambda: self._on_edit_clicked(edit, source_id))
        layout.addWidget(buttons)
        self.resize(640, 480)

    def _on_edit_clicked(self, edit: Callable[[str], object], source_id: str) -> None:
        self.accept()
        edit(source_id)
