"""What every edit dialog shares: a form, a reason, an error line, OK/Cancel.

A subclass lays out its fields and implements ``build_change``. On OK the
dialog builds the change and hands it to ``submit`` (the editor's); if that
returns a message, the message is shown in the dialog, in plain words naming
the field, and the dialog stays open with everything the analyst typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import Change, Source, ValidationError
from nato_desk.store import Store
from nato_desk.ui.plain_text import plain_label

__all__ = ["EditDialog", "SourcePicker", "Submit", "today"]

Submit = Callable[[Change, str], "str | None"]


def today() -> str:
    return QDate.currentDate().toString(Qt.DateFormat.ISODate)


class SourcePicker(QComboBox):
    """Choose a source by id or title; typing filters. Holds the source id."""

    def __init__(self, store: Store, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Source")
        self._store = store
        self.reload(current)

    def reload(self, current: str = "") -> None:
        self.clear()
        self.addItem("", "")
        for source in sorted(self._store.sources(), key=lambda s: s.id):
            self.addItem(f"{source.id} — {source.title}", source.id)
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))
        line = self.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # show the id, not the end of the title

    def source_id(self) -> str:
        """The chosen id; free text that is not a listed source is returned as typed."""
        index = self.findText(self.currentText())
        if index >= 0:
            return str(self.itemData(index))
        return self.currentText().split(" — ")[0].strip()

    def source(self) -> Source | None:
        return self._store.source(self.source_id())


class EditDialog(QDialog):
    """Base of the edit dialogs. ``error`` shows why OK was refused."""

    def __init__(self, title: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._submit = submit
        self.form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why (optional, kept in the history)")
        self.error = plain_label()
        self.error.setAccessibleName("Error")
        self.error.setStyleSheet("color: #a40000;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("OK")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        reason_form = QFormLayout()
        reason_form.addRow(plain_label("Reason:", wrap=False, selectable=False), self.reason)
        layout.addLayout(reason_form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def add_row(self, label: str, widget: QWidget) -> None:
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        self.form.addRow(plain_label(f"{label}:", wrap=False, selectable=False), widget)

    def build_change(self) -> Change | None:
        """The change the form describes; None if nothing changed.

        Raises:
            ValidationError: a field does not parse (the message names it).
        """
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _on_ok(self) -> None:
        try:
            change = self.build_change()
        except ValidationError as exc:
            self.show_error(str(exc))
            return
        if change is None:
            self.accept()  # nothing to store
            return
        message = self._submit(change, self.reason.text())
        if message:
            self.show_error(message)
            return
        self.accept()
