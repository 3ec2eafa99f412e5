"""Answers the window's edit requests: opens the dialogs, submits their changes.

Every edit ends in ``DeskEditor.submit`` (the one write path); deletions ask
for confirmation first. The Edit menu's actions live here too, with Undo and
Redo labelled by the undo stack ("Undo Edit Germany 2025 estimate").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from nato_desk.domain import NATO_ID, Observation, Quote, RemoveRecord, revert_change
from nato_desk.store import Store
from nato_desk.ui.editor import DeskEditor

__all__ = ["EditActions"]


class EditActions(QObject):
    """Opens edit dialogs for the ally and edition the window shows."""

    def __init__(self, store: Store, editor: DeskEditor, window: QWidget,
                 current: Callable[[], tuple[str | None, str]]) -> None:
        super().__init__(window)
        self._store = store
        self._editor = editor
        self._window = window
        self._current = current  # -> (iso3 shown, edition shown)
        # Dialogs are kept reachable for tests and for exec() under pytest-qt.
        self.last_dialog: QDialog | None = None
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.confirm: Callable[[str], bool] = self._ask
        self.ask_reason: Callable[[str], str | None] = self._ask_reason

        stack = editor.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.add_quote_action = self._action("Add &quote…", self.add_quote)
        self.change_position_action = self._action("Change &position…", self.change_position)
        self.add_figure_action = self._action("Add &figure…", lambda: self.add_figure(False))
        self.add_plan_action = self._action("Add national pla&n point…", lambda: self.add_figure(True))
        self.add_source_action = self._action("Add &source…", self.add_source)
        self.add_event_action = self._action("Add chart &event…", self.add_event)
        read_only = store.read_only
        for action in self.edit_actions():
            action.setEnabled(not read_only)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _=False: slot())
        return action

    def edit_actions(self) -> list[QAction]:
        return [self.add_quote_action, self.change_position_action, self.add_figure_action,
                self.add_plan_action, self.add_source_action, self.add_event_action]

    # dialogs ----------------------------------------------------------------

    # Each dialog's module is imported where it is opened: none is needed to start (issue 14).

    def _run(self, dialog: QDialog) -> bool:
        from nato_desk.ui.dialogs.base import EditDialog

        self.last_dialog = dialog
        if isinstance(dialog, EditDialog):
            # A dialog opened from this one (New source…) runs as this one does.
            dialog.run_child = self._run_child
        return self.exec_dialog(dialog) == QDialog.DialogCode.Accepted

    def _run_child(self, dialog: QDialog) -> int:
        from nato_desk.ui.dialogs.base import EditDialog

        if isinstance(dialog, EditDialog):
            dialog.run_child = self._run_child
        return self.exec_dialog(dialog)

    def _ask(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "nato_desk", question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _ask_reason(self, question: str) -> str | None:
        # Not QInputDialog.getText: its label guesses rich text, and the question
        # quotes a history label, which holds user text (a speaker, a note...).
        dialog = QInputDialog(self._window)
        dialog.setWindowTitle("nato_desk")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setLabelText(question)
        for label in dialog.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        reason = dialog.textValue()
        dialog.deleteLater()
        return reason if ok else None

    def _say(self, message: str) -> None:
        if isinstance(self._window, QMainWindow):
            self._window.statusBar().showMessage(message, 5000)

    def _member_name(self, iso3: str) -> str:
        if iso3 == NATO_ID:
            return "NATO"
        member = self._store.member(iso3)
        return member.name if member else iso3

    def edit_figure(self, obs: Observation) -> bool:
        from nato_desk.ui.dialogs.figure_dialog import FigureDialog

        member = self._store.member(obs.iso3)
        if member is None:
            return False
        _, edition = self._current()
        return self._run(FigureDialog(self._store, member, edition, self._editor.submit, obs,
                                      parent=self._window))

    def add_figure(self, plan: bool) -> bool:
        from nato_desk.ui.dialogs.figure_dialog import FigureDialog

        iso3, edition = self._current()
        member = self._store.member(iso3) if iso3 else None
        if member is None:
            self._say("Select an ally in the list first: figures belong to allies.")
            return False
        return self._run(FigureDialog(self._store, member, edition, self._editor.submit,
                                      plan=plan, parent=self._window))

    def remove_figure(self, obs: Observation) -> bool:
        from nato_desk.ui.dialogs.figure_dialog import figure_label

        name = self._member_name(obs.iso3)
        if not self.confirm(f"Remove {name}'s {obs.year} figure from the {obs.edition} edition?"):
            return False
        label = figure_label("Remove", name, obs.year, obs.status)
        return self._report(self._editor.submit(RemoveRecord(obs, label)))

    def add_quote(self) -> bool:
        from nato_desk.ui.dialogs.quote_dialog import QuoteDialog

        iso3, _ = self._current()
        if not iso3:
            self._say("Select an ally (or NATO) first.")
            return False
        return self._run(QuoteDialog(self._store, iso3, self._member_name(iso3),
                                     self._editor.submit, parent=self._window))

    def edit_quote(self, quote: Quote) -> bool:
        from nato_desk.ui.dialogs.quote_dialog import QuoteDialog

        return self._run(QuoteDialog(self._store, quote.iso3, self._member_name(quote.iso3),
                                     self._editor.submit, quote, parent=self._window))

    def delete_quote(self, quote: Quote) -> bool:
        if not self.confirm(f"Delete this quote of {quote.speaker}?\n\n“{quote.text[:200]}”"):
            return False
        label = f"Delete quote of {quote.speaker} ({self._member_name(quote.iso3)})"
        return self._report(self._editor.submit(RemoveRecord(quote, label)))

    def change_position(self) -> bool:
        from nato_desk.ui.dialogs.position_dialog import PositionDialog

        iso3, _ = self._current()
        if not iso3:
            self._say("Select an ally (or NATO) first.")
            return False
        return self._run(PositionDialog(self._store, iso3, self._member_name(iso3),
                                        self._editor.submit, parent=self._window))

    def add_source(self) -> bool:
        from nato_desk.ui.dialogs.source_dialog import SourceEditDialog

        return self._run(SourceEditDialog(self._store, self._editor.submit, parent=self._window))

    def add_event(self) -> bool:
        from nato_desk.ui.dialogs.event_dialog import EventDialog

        return self._run(EventDialog(self._store, self._editor.submit, parent=self._window))

    def show_source(self, source_id: str) -> None:
        from nato_desk.ui.source_details import SourceDetailsDialog

        edit = None if self._store.read_only else self.edit_source
        self._run(SourceDetailsDialog(self._store, source_id, self._window, edit=edit))

    def edit_source(self, source_id: str) -> bool:
        from nato_desk.ui.dialogs.source_dialog import SourceEditDialog

        source = self._store.source(source_id)
        if source is None:
            return False
        return self._run(SourceEditDialog(self._store, self._editor.submit, source,
                                          parent=self._window))

    def revert(self, entry_id: str) -> bool:
        entry = self._store.history_entry(entry_id)
        if entry is None or self._store.read_only:
            return False
        reason = self.ask_reason(f"Revert “{entry.label}”?\nReason (optional):")
        if reason is None:
            return False
        return self._report(self._editor.submit(revert_change(entry), reason, reverts=entry_id))

    def _report(self, message: str | None) -> bool:
        if message:
            box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", message,
                              QMessageBox.StandardButton.Ok, self._window)
            box.setTextFormat(Qt.TextFormat.PlainText)
            self.last_dialog = box
            self.exec_dialog(box)
            return False
        return True
