"""Add or edit a source: what was read (title, publisher, date, URL, note) and what it cites.

The citation fields (``domain.Source``) say which original a briefer names
for this source and how it was read: the kind of source, the original's
publisher, title and URL, the address the copy was read at, what the copy is
("copy on …", "transcription: …"), how sure that is and the evidence. Left
empty, the source is cited as itself. The record is validated before it is
submitted, so a bad address or value is refused naming the field.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from nato_desk.domain import (
    CITE_CONFIDENCES,
    SOURCE_KINDS,
    AddRecord,
    Change,
    ChangeSet,
    SetField,
    Source,
    validate,
)
from nato_desk.export.citations import CONFIDENCE_LABELS, KIND_LABELS
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import EditDialog, Submit, today

__all__ = ["SourceEditDialog", "new_source_id"]

_FIELDS = ("title", "publisher", "date", "url", "note", "kind", "cite_publisher", "cite_title",
           "cite_url", "read_at_url", "via", "cite_confidence", "cite_note")


def new_source_id(store: Store, title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable id like the reference's: ``ANALYST_20261127_NATO_REPORT``.

    ``taken`` holds ids not stored yet but already given (new sources an open
    dialog will store with its edit)."""
    words = re.sub(r"[^A-Za-z0-9 ]+", " ", title).upper().split()[:3]
    base = "_".join(["ANALYST", today().replace("-", ""), *words])
    sid, n = base, 2
    while store.source(sid) is not None or sid in taken:
        sid, n = f"{base}_{n}", n + 1
    return sid


def _choice(values: tuple[str, ...], labels: dict[str, str], name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for value in ("", *values):
        box.addItem(labels.get(value, value), value)
    return box


def _set_choice(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    if index < 0:  # a value this version does not know: kept, not silently replaced
        box.addItem(value, value)
        index = box.findData(value)
    box.setCurrentIndex(index)


class SourceEditDialog(EditDialog):
    RECORD_KIND = Source.KIND

    def __init__(self, store: Store, submit: Submit, source: Source | None = None,
                 parent: QWidget | None = None, *, taken: set[str] | None = None) -> None:
        super().__init__(f"Edit source {source.id}" if source else "Add source", submit, parent)
        self._store, self._old = store, source
        self._store_for_checks = store
        self._taken = taken or set()
        self.title_edit = QLineEdit()
        self.publisher = QLineEdit()
        self.date = QLineEdit(today() if source is None else "")
        self.date.setPlaceholderText("YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.note = QLineEdit()
        self.kind = _choice(SOURCE_KINDS, KIND_LABELS, "Kind of source")
        self.cite_publisher = QLineEdit()
        self.cite_publisher.setPlaceholderText("e.g. NATO, Reuters (empty: the publisher above)")
        self.cite_title = QLineEdit()
        self.cite_title.setPlaceholderText("the original's title (empty: the title above)")
        self.cite_url = QLineEdit()
        self.cite_url.setPlaceholderText("https://… only if known")
        self.read_at_url = QLineEdit()
        self.read_at_url.setPlaceholderText("https://… where the copy was read, if not the URL above")
        self.via = QLineEdit()
        self.via.setPlaceholderText("e.g. copy on example.com")
        self.cite_confidence = _choice(CITE_CONFIDENCES, CONFIDENCE_LABELS, "Citation confidence")
        self.cite_note = QLineEdit()
        self.cite_note.setPlaceholderText("the evidence for the citation")
        for field, widget in (("title", self.title_edit), ("publisher", self.publisher),
                              ("date", self.date), ("url", self.url), ("note", self.note),
                              ("kind", self.kind), ("cite_publisher", self.cite_publisher),
                              ("cite_title", self.cite_title), ("cite_url", self.cite_url),
                              ("read_at_url", self.read_at_url), ("via", self.via),
                              ("cite_confidence", self.cite_confidence),
                              ("cite_note", self.cite_note)):
            self.add_field(field, widget)
        if source:
            for name in ("publisher", "date", "url", "note", "cite_publisher", "cite_title",
                         "cite_url", "read_at_url", "via", "cite_note"):
                edit: QLineEdit = getattr(self, name)
                edit.setText(getattr(source, name))
            self.title_edit.setText(source.title)
            _set_choice(self.kind, source.kind)
            _set_choice(self.cite_confidence, source.cite_confidence)
        self.created_id = ""

    def build_change(self) -> Change | None:
        title = self.title_edit.text().strip()
        sid = self._old.id if self._old else new_source_id(self._store, title, self._taken)
        new = Source(sid, title, self.publisher.text().strip(), self.date.text().strip(),
                     self.url.text().strip(), self.note.text().strip(),
                     kind=str(self.kind.currentData() or ""),
                     cite_publisher=self.cite_publisher.text().strip(),
                     cite_title=self.cite_title.text().strip(),
                     cite_url=self.cite_url.text().strip(),
                     read_at_url=self.read_at_url.text().strip(),
                     via=self.via.text().strip(),
                     cite_confidence=str(self.cite_confidence.currentData() or ""),
                     cite_note=self.cite_note.text().strip())
        validate(new)  # a bad address or value is refused here, naming the field
        if self._old is None:
            self.created_id = sid
            return AddRecord(new, f"Add source {title[:40]}")
        label = f"Edit source {sid}"
        sets = tuple(SetField(Source.KIND, sid, f, getattr(self._old, f), getattr(new, f), label)
                     for f in _FIELDS if getattr(self._old, f) != getattr(new, f))
        if not sets:
            return None
        return sets[0] if len(sets) == 1 else ChangeSet(sets, label)
