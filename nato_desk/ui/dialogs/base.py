"""What every edit dialog shares: a form, a reason, an error line, OK/Cancel.

A subclass lays out its fields with ``add_field`` (the label comes from
``ui.field_labels``, the same table that words its messages) and implements
``build_change``. On OK the dialog builds the change, checks the records it
would store (so a refusal names the field by its form label and puts the
cursor there) and hands it to ``submit`` (the editor's); if that returns a
message, the message is shown in the dialog and the dialog stays open with
everything the analyst typed. A dialog opens with the cursor in its first
field; Reason comes last in the tab order.

Source pickers search ids, titles and publishers anywhere in the text. "New
source…" beside a picker opens the source dialog; the source it describes is
held by this dialog and stored together with the figure (or quote, position,
event) in one change: one undo step removes both, and Cancel stores neither.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import (
    RECORD_TYPES,
    AddRecord,
    Change,
    ChangeSet,
    RemoveRecord,
    SetField,
    Source,
    ValidationError,
    validate,
    validate_references,
)
from nato_desk.store import Store
from nato_desk.ui import field_labels
from nato_desk.ui.plain_text import plain_label, tooltip

__all__ = ["EditDialog", "SourcePicker", "Submit", "fold", "source_text", "today"]

Submit = Callable[[Change, str], "str | None"]
RunDialog = Callable[[QDialog], int]

# The text a picker's completer searches: id, title, publisher, date, also without accents.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


def today() -> str:
    return QDate.currentDate().toString(Qt.DateFormat.ISODate)


def fold(text: str) -> str:
    """``"Peña"`` -> ``"pena"``: lower case without accents, for searching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def source_text(source: Source) -> str:
    """"Title — Publisher (date) · ID": what a picker shows, the id last."""
    text = source.title or source.id
    if source.publisher:
        text += f" — {source.publisher}"
    if source.date:
        text += f" ({source.date})"
    return f"{text} · {source.id}"


class _Completer(QCompleter):
    """Matches the search text but puts the shown text into the line."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 (Qt)
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class SourcePicker(QComboBox):
    """Choose a source; typing any part of its id, title or publisher finds it. Holds the id."""

    def __init__(self, store: Store, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Source")
        self.setMinimumContentsLength(40)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._store = store
        self._pending: dict[str, Source] = {}
        completer = _Completer(self)
        completer.setModel(self.model())
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        popup = completer.popup()
        if popup is not None:
            # Titles are long: a wider list, cut in the middle so the id at the end shows.
            popup.setMinimumWidth(620)
            popup.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText("Type any part of a title, publisher or id")
            # The completer filters on the typed text folded the way the search text is.
            line.textEdited.connect(self._on_edited)
        self.reload(current)

    def _on_edited(self, text: str) -> None:
        completer = self.completer()
        if completer is not None and text != fold(text):
            # Accented input matches the folded search text too ("Peña" finds "pena").
            completer.setCompletionPrefix(fold(text))

    def _add(self, source: Source, pending: bool = False) -> None:
        shown = source_text(source) + (" (new, stored with this edit)" if pending else "")
        self.addItem(shown, source.id)
        row = self.count() - 1
        search = f"{source.id} {source.title} {source.publisher} {source.date}"
        self.setItemData(row, f"{search} {fold(search)}", SEARCH_ROLE)
        self.setItemData(row, tooltip(shown), Qt.ItemDataRole.ToolTipRole)  # titles are user text

    def reload(self, current: str = "") -> None:
        self.clear()
        self.addItem("", "")
        self.setItemData(0, "", SEARCH_ROLE)
        for source in sorted(self._store.sources(), key=lambda s: (fold(s.title), s.id)):
            self._add(source)
        for source in self._pending.values():
            self._add(source, pending=True)
        self.select(current)

    def select(self, source_id: str) -> None:
        self.setCurrentIndex(max(self.findData(source_id), 0))
        line = self.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # show the title's start, not the end of the id

    def add_pending(self, source: Source) -> None:
        """List a source that is not stored yet (it will be, with the edit) and select it."""
        self._pending[source.id] = source
        self._add(source, pending=True)
        self.select(source.id)

    def source_id(self) -> str:
        """The chosen id; text that is a source's id (in any case) is that source; other
        text is returned as typed, so the check refuses it as an unknown source."""
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return str(self.itemData(index))
        for row in range(1, self.count()):
            sid = str(self.itemData(row))
            if sid.casefold() == text.casefold():
                return sid
        return text

    def source(self) -> Source | None:
        sid = self.source_id()
        return self._pending.get(sid) or self._store.source(sid)


def _flatten(change: Change) -> list[Change]:
    if isinstance(change, ChangeSet):
        return [part for c in change.changes for part in _flatten(c)]
    return [change]


class EditDialog(QDialog):
    """Base of the edit dialogs. ``error`` shows why OK was refused.

    ``RECORD_KIND`` is the kind of record the dialog edits (its labels' table).
    ``run_child`` runs a dialog opened from this one (New source…); the window
    sets it to its own runner, so tests answer nested dialogs too.
    """

    RECORD_KIND = ""

    def __init__(self, title: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._submit = submit
        self._store_for_checks: Store | None = None
        self._fields: dict[str, QWidget] = {}  # record field -> the widget to focus
        self._pickers: list[SourcePicker] = []
        self._new_sources: dict[str, AddRecord] = {}
        self._focused_once = False
        self.run_child: RunDialog = lambda dialog: dialog.exec()
        self.new_source_button: QPushButton | None = None
        self.form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why (optional, kept in the history)")
        self.error = plain_label()
        self.error.setAccessibleName("Error")
        self.error.setObjectName("errorNote")  # the stylesheet's error colour (palette)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("OK")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self._reason_form = QFormLayout()
        self._reason_label = plain_label("Reason:", wrap=False, selectable=False)
        self._reason_form.addRow(self._reason_label, self.reason)
        layout.addLayout(self._reason_form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def add_row(self, label: str, widget: QWidget) -> None:
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        self.form.addRow(plain_label(f"{label}:", wrap=False, selectable=False), widget)

    def add_field(self, field: str, widget: QWidget) -> None:
        """A row for the record's ``field``, labelled as ``field_labels`` says."""
        self._fields[field] = widget
        self.add_row(field_labels.label(self.RECORD_KIND, field) or field, widget)

    def add_source_field(self, field: str, picker: SourcePicker, store: Store) -> None:
        """The source picker's row, with "New source…" beside it."""
        self._store_for_checks = store
        self._pickers.append(picker)
        button = QPushButton("New source…")
        button.setAccessibleName("New source")
        button.setToolTip("Describe a source that is not listed yet; it is stored with this edit")
        button.clicked.connect(lambda _=False: self._new_source(picker, store))
        self.new_source_button = button
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(picker, 1)
        box.addWidget(button)
        self.add_row(field_labels.label(self.RECORD_KIND, field) or "Source", row)
        self._fields[field] = picker
        QWidget.setTabOrder(picker, button)

    def hide_reason(self) -> None:
        """For a dialog whose change is stored by another dialog (with that one's reason)."""
        self._reason_label.hide()
        self.reason.hide()

    def _new_source(self, picker: SourcePicker, store: Store) -> None:
        from nato_desk.ui.dialogs.source_dialog import SourceEditDialog  # it builds on this module

        made: list[Change] = []

        def keep(change: Change, reason: str) -> str | None:
            made.append(change)  # stored later, with this dialog's change
            return None

        taken = set(self._new_sources)
        dialog = SourceEditDialog(store, keep, parent=self, taken=taken)
        dialog.hide_reason()
        dialog.run_child = self.run_child
        accepted = self.run_child(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted or not made or not isinstance(made[-1], AddRecord):
            picker.setFocus()
            return
        add = made[-1]
        assert isinstance(add.record, Source)
        self._new_sources[add.record.id] = add
        picker.add_pending(add.record)
        picker.setFocus()

    def build_change(self) -> Change | None:
        """The change the form describes; None if nothing changed.

        Raises:
            ValidationError: a field does not parse (the message names it).
        """
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def show_field_error(self, error: ValidationError) -> None:
        """``error`` in the form's words, with the cursor put in the field it is about."""
        self.show_error(field_labels.message(error, self.RECORD_KIND))
        kind = field_labels.kind_of(error, self.RECORD_KIND)
        widget = self._fields.get(error.field) if kind == self.RECORD_KIND else None
        if widget is not None and widget.isEnabled():
            widget.setFocus()

    def _with_new_sources(self, change: Change) -> Change:
        """``change`` and, first, the new sources it cites, as one undo step."""
        chosen = {p.source_id() for p in self._pickers}
        adds = [add for sid, add in self._new_sources.items() if sid in chosen]
        if not adds:
            return change
        return ChangeSet((*adds, *_flatten(change)), change.label)

    def check(self, change: Change) -> None:
        """Validate the records ``change`` would store, as the store will.

        Raises:
            ValidationError: the first problem, with its field.
        """
        store = self._store_for_checks
        if store is None:
            return
        after: dict[tuple[str, str], Any] = {}  # (kind, id) -> the record as it would be
        for part in _flatten(change):
            if isinstance(part, AddRecord):
                after[(part.record.KIND, part.record.id)] = part.record
            elif isinstance(part, RemoveRecord):
                after.pop((part.record.KIND, part.record.id), None)
            elif isinstance(part, SetField):
                key = (part.kind, part.record_id)
                cls = RECORD_TYPES.get(part.kind)
                old = after.get(key) or (store.get(cls, part.record_id) if cls is not None else None)
                if old is not None:  # the fields of one record are set together
                    after[key] = dataclasses.replace(old, **{part.field: part.new})
        records = list(after.values())
        for record in records:
            validate(record)
        sources = {s.id for s in store.sources()} | set(self._new_sources)
        members = {m.iso3 for m in store.members()}
        validate_references(records, sources, members)

    def _on_ok(self) -> None:
        try:
            change = self.build_change()
            if change is not None:
                change = self._with_new_sources(change)
                self.check(change)
        except ValidationError as exc:
            self.show_field_error(exc)
            return
        if change is None:
            self.accept()  # nothing to store
            return
        message = self._submit(change, self.reason.text())
        if message:
            self.show_error(message)
            return
        self.accept()

    def first_field(self) -> QWidget | None:
        """The first field the analyst can type in or choose (fields in form order)."""
        for widget in self._fields.values():
            if widget.isEnabled() and not widget.isHidden():
                return widget
        return None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._focused_once:
            return
        self._focused_once = True
        # Reason is made first (here), so by creation order it would come first
        # in the tab chain and take the cursor: the fields go first, in form order.
        chain: list[QWidget] = []
        for widget in self._fields.values():
            chain.append(widget)
            if isinstance(widget, SourcePicker) and self.new_source_button is not None:
                chain.append(self.new_source_button)
        chain += [self.reason, self.ok_button, self.cancel_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        first = self.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
