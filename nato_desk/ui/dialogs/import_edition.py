"""The import's first step: which edition the file's figures go into, and what they cite.

The file proposes an edition (id, label, title, release date, publisher,
base year, notes) and a source record; the analyst corrects it in a form or
chooses an existing edition instead (by default the one with the proposed
id, when the store has it). ``choice()`` builds the records and refuses, in
words naming the field, what would not be stored: an empty title, a date
that does not parse, an edition id already used by another publisher's or
another title's edition ("edition id clash"), a file of one publisher into
another publisher's edition (series are never spliced). Nothing is stored
here.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import Edition, Source, ValidationError, validate
from nato_desk.ingest.tables import ImportedFile
from nato_desk.store import Store
from nato_desk.ui.dialogs.source_dialog import new_source_id
from nato_desk.ui.plain_text import plain_label

__all__ = ["EditionChoice", "EditionProblem", "EditionStep"]

# The publishers whose tables are the original (not a copy or an aggregation).
_PRIMARY_PUBLISHERS = ("NATO", "SIPRI")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Record fields in the words of the form, for messages.
_EDITION_WORDS = {"id": "Edition id", "label": "Label", "title": "Title", "released": "Release date",
                  "publisher": "Publisher", "base_year": "Base year", "note": "Notes",
                  "source_id": "Source", "measure": "Measure"}
_SOURCE_WORDS = {"id": "Source", "title": "Source title", "publisher": "Source publisher",
                 "date": "Source date", "url": "Source URL", "cite_url": "Source URL",
                 "read_at_url": "Source URL", "note": "Source note", "kind": "Source kind",
                 "cite_publisher": "Source publisher"}


class EditionProblem(ValueError):
    """The form cannot be stored as it is; the message says why in the form's words."""


@dataclass(frozen=True)
class EditionChoice:
    """The edition and source the figures will go into and cite."""

    edition: Edition
    source: Source
    edition_exists: bool
    source_exists: bool


def _same(a: str, b: str) -> bool:
    # As the command line decides it (ingest.tables.plan): case and spacing aside.
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _validated(record: Edition | Source, words: dict[str, str]) -> None:
    try:
        validate(record)
    except ValidationError as exc:
        raise EditionProblem(f"{words.get(exc.field, 'A field')} {exc.problem}.") from None


def _line(text: str, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setCursorPosition(0)
    return edit


class EditionStep(QWidget):
    """The proposal in an editable form, or an existing edition."""

    def __init__(self, store: Store, imported: ImportedFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._imported = imported
        proposal = imported.edition
        self._proposal = proposal

        self.new_radio = QRadioButton("A new edition, as the file proposes it (correct it if needed)")
        self.existing_radio = QRadioButton("Import into an existing edition:")
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        self.existing_combo = QComboBox()
        self.existing_combo.setAccessibleName("Existing edition")
        for e in sorted(store.editions(), key=lambda e: e.released, reverse=True):
            self.existing_combo.addItem(f"{e.label} — {e.title} ({e.publisher}, {e.id})", e.id)

        self.id_edit = _line(proposal.id, "Edition id", "e.g. 2024-06")
        self.label_edit = _line(proposal.label, "Label", "e.g. June 2024")
        self.title_edit = _line(proposal.title, "Title")
        self.released_edit = _line(proposal.released, "Release date", "YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.publisher_edit = _line(proposal.publisher, "Publisher", "NATO, SIPRI, World Bank, …")
        self.base_year_edit = _line(proposal.base_year, "Base year", "e.g. 2015 prices")
        self.notes_edit = QPlainTextEdit(proposal.note)
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.ensurePolished()
        # NATO's and SIPRI's notes run to several paragraphs: room for seven lines.
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 7 + 12)
        edition_form = QFormLayout()
        for label, widget in (("Edition id", self.id_edit), ("Label", self.label_edit),
                              ("Title", self.title_edit), ("Release date", self.released_edit),
                              ("Publisher", self.publisher_edit), ("Base year", self.base_year_edit),
                              ("Notes (word for word)", self.notes_edit)):
            edition_form.addRow(plain_label(f"{label}:", wrap=False, selectable=False), widget)
        self.edition_box = QWidget()
        self.edition_box.setLayout(edition_form)

        stored_source = store.source(proposal.source.id) if proposal.source.id else None
        self._stored_source = stored_source
        shown = stored_source or proposal.source
        self.source_publisher = _line(shown.publisher, "Source publisher")
        self.source_title = _line(shown.title, "Source title")
        self.source_date = _line(shown.date, "Source date", "YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.source_url = _line(shown.url, "Source URL", "https://…")
        source_form = QFormLayout()
        for label, widget in (("Publisher", self.source_publisher), ("Title", self.source_title),
                              ("Date", self.source_date), ("URL", self.source_url)):
            source_form.addRow(plain_label(f"{label}:", wrap=False, selectable=False), widget)
        self.source_note = plain_label()
        self.source_note.setAccessibleName("Source note")
        if stored_source is not None:
            # The record is shared with what already cites it: reused, not edited here.
            self.source_note.setText(f"The store already has this source ({stored_source.id}); "
                                     "every imported figure will cite it.")
            for edit in (self.source_publisher, self.source_title, self.source_date, self.source_url):
                edit.setEnabled(False)
        else:
            self.source_note.setText("A new source record; every imported figure will cite it.")
        source_box = QGroupBox("Source the figures cite")
        source_layout = QVBoxLayout(source_box)
        source_layout.addLayout(source_form)
        source_layout.addWidget(self.source_note)

        file_line = plain_label(f"File: {imported.name} ({len(imported.values):,} values, "
                                f"read as {imported.layout})")
        file_line.setAccessibleName("File")
        existing_row = QHBoxLayout()
        existing_row.addWidget(self.existing_radio)
        existing_row.addWidget(self.existing_combo, 1)
        edition_group = QGroupBox("Edition")
        edition_layout = QVBoxLayout(edition_group)
        edition_layout.addWidget(self.new_radio)
        edition_layout.addWidget(self.edition_box)
        edition_layout.addLayout(existing_row)
        layout = QVBoxLayout(self)
        layout.addWidget(file_line)
        layout.addWidget(edition_group)
        layout.addWidget(source_box)
        layout.addStretch(1)

        at = self.existing_combo.findData(proposal.id)
        if at >= 0:
            self.existing_combo.setCurrentIndex(at)
            self.existing_radio.setChecked(True)
        else:
            self.new_radio.setChecked(True)
        self.existing_radio.setEnabled(self.existing_combo.count() > 0)
        self.new_radio.toggled.connect(self._on_mode_toggled)
        self._on_mode_toggled(self.new_radio.isChecked())

    def _on_mode_toggled(self, new: bool) -> None:
        self.edition_box.setEnabled(new)
        self.existing_combo.setEnabled(not new)

    def choose_existing(self, edition_id: str) -> None:
        self.existing_combo.setCurrentIndex(max(0, self.existing_combo.findData(edition_id)))
        self.existing_radio.setChecked(True)

    # the records ------------------------------------------------------------

    def _source(self, publisher: str) -> tuple[Source, bool]:
        if self._stored_source is not None:
            return self._stored_source, True
        base = self._proposal.source
        title = self.source_title.text().strip()
        sid = base.id or new_source_id(self._store, title)
        source_publisher = self.source_publisher.text().strip()
        url = self.source_url.text().strip()
        primary = publisher in _PRIMARY_PUBLISHERS or source_publisher in _PRIMARY_PUBLISHERS
        source = dataclasses.replace(
            base, id=sid, title=title, publisher=source_publisher, date=self.source_date.text().strip(),
            url=url, kind=base.kind or ("primary_official" if primary else ""),
            cite_publisher=base.cite_publisher or source_publisher,
            # The file's own address is the original's; checked as an http(s) address.
            cite_url=base.cite_url or url)
        _validated(source, _SOURCE_WORDS)
        return source, False

    def choice(self) -> EditionChoice:
        """The records the form describes.

        Raises:
            EditionProblem: the form cannot be stored; the message names the field.
        """
        publisher = self._proposal.publisher
        if self.existing_radio.isChecked():
            edition = self._store.get(Edition, str(self.existing_combo.currentData() or ""))
            if edition is None:
                raise EditionProblem("Existing edition: choose one from the list.")
            if publisher and edition.publisher and edition.publisher != publisher:
                raise EditionProblem(f"The file holds {publisher}'s series and {edition.label} is "
                                     f"{edition.publisher}'s: series of different publishers are never "
                                     "mixed. Import it as a new edition.")
            source, source_exists = self._source(publisher)
            return EditionChoice(edition, source, True, source_exists)
        eid = self.id_edit.text().strip()
        if not eid:
            raise EditionProblem("Edition id is empty.")
        if not _ID.fullmatch(eid):
            raise EditionProblem(f"Edition id “{eid[:40]}” may hold only letters, digits, '.', '-' and '_'.")
        label = self.label_edit.text().strip()
        if not label:
            raise EditionProblem("Label is empty: the edition picker shows it.")
        publisher = self.publisher_edit.text().strip()
        if not publisher:
            raise EditionProblem("Publisher is empty: say whose series this is.")
        source, source_exists = self._source(publisher)
        edition = Edition(eid, label, self.title_edit.text().strip(), self.released_edit.text().strip(),
                          self._proposal.measure, source.id, self.notes_edit.toPlainText().strip(),
                          publisher, self.base_year_edit.text().strip())
        _validated(edition, _EDITION_WORDS)
        stored = self._store.get(Edition, eid)
        if stored is not None:
            if not (_same(stored.publisher, edition.publisher) and _same(stored.title, edition.title)):
                raise EditionProblem(
                    f"Edition id clash: “{eid}” is already the edition {stored.label} — {stored.title} "
                    f"({stored.publisher}). Choose another id, or import into that edition.")
            # The same edition (publisher and title): its figures are compared, its record kept.
            return EditionChoice(stored, source, True, source_exists)
        return EditionChoice(edition, source, False, source_exists)
