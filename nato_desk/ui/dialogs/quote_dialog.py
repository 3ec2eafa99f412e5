"""Add or edit a quote: verbatim text, who said it, when, where it was reported."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from nato_desk.domain import AddRecord, Change, ChangeSet, Quote, SetField
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import EditDialog, SourcePicker, Submit

__all__ = ["QuoteDialog", "next_quote_id"]

_FIELDS = ("speaker", "role", "text", "lang", "translation", "date", "source_id", "note")


def next_quote_id(store: Store, iso3: str) -> str:
    """``ESP-06`` after ``ESP-05``: readable, and never reused, not even after a
    delete, so one id never stands for two quotes in the history."""
    ids = {q.id for q in store.quotes(iso3)}
    ids |= {rid for entry in store.history() for kind, rid in entry.records if kind == Quote.KIND}
    numbers = [int(i.rsplit("-", 1)[1]) for i in ids
               if i.startswith(f"{iso3}-") and i.rsplit("-", 1)[1].isdigit()]
    return f"{iso3}-{max(numbers, default=0) + 1:02d}"


class QuoteDialog(EditDialog):
    RECORD_KIND = Quote.KIND

    def __init__(self, store: Store, iso3: str, name: str, submit: Submit,
                 quote: Quote | None = None, parent: QWidget | None = None) -> None:
        super().__init__(f"{'Edit quote of' if quote else 'Add quote for'} {name}", submit, parent)
        self._store, self._iso3, self._name, self._old = store, iso3, name, quote
        self.speaker = QLineEdit()
        self.role = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Verbatim, in the original language")
        self.lang = QLineEdit("en")
        self.lang.setMaxLength(8)
        self.translation = QLineEdit()
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD (or YYYY-MM, YYYY)")
        self.source = SourcePicker(store, quote.source_id if quote else "")
        self.note = QLineEdit()
        for field, widget in (("speaker", self.speaker), ("role", self.role), ("text", self.text),
                              ("lang", self.lang), ("translation", self.translation),
                              ("date", self.date)):
            self.add_field(field, widget)
        self.add_source_field("source_id", self.source, store)
        self.add_field("note", self.note)
        if quote:
            self.speaker.setText(quote.speaker)
            self.role.setText(quote.role)
            self.text.setPlainText(quote.text)
            self.lang.setText(quote.lang)
            self.translation.setText(quote.translation)
            self.date.setText(quote.date)
            self.note.setText(quote.note)

    def _new_record(self) -> Quote:
        return Quote(
            id=self._old.id if self._old else next_quote_id(self._store, self._iso3),
            iso3=self._iso3, speaker=self.speaker.text().strip(), role=self.role.text().strip(),
            # The text is verbatim: only the surrounding whitespace is dropped.
            text=self.text.toPlainText().strip(), date=self.date.text().strip(),
            source_id=self.source.source_id(), lang=self.lang.text().strip() or "en",
            translation=self.translation.text().strip(), note=self.note.text().strip(),
        )

    def build_change(self) -> Change | None:
        new = self._new_record()
        if self._old is None:
            return AddRecord(new, f"Add quote of {new.speaker or 'unknown speaker'} ({self._name})")
        label = f"Edit quote of {self._old.speaker} ({self._name})"
        sets = tuple(SetField(Quote.KIND, new.id, f, getattr(self._old, f), getattr(new, f), label)
                     for f in _FIELDS if getattr(self._old, f) != getattr(new, f))
        if not sets:
            return None
        return sets[0] if len(sets) == 1 else ChangeSet(sets, label)
