"""File ▸ Import data…: confirm the edition, review the diff, apply.

Two steps in one dialog. First the edition the file proposes, confirmed or
corrected (``EditionStep``); Next compares the file with the store
(``diff_import``) and shows the review (``ReviewStep``). Apply turns the
accepted rows into one ChangeSet (``change_for``) and hands it to ``submit``
(the editor's) with the history reason naming the file, its SHA-256 and the
rows taken, so the whole import is one undoable step labelled "Import NATO
June 2024 tables". Nothing is stored before Apply; a refused change leaves
the dialog open with the message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nato_desk.ingest import ImportRejected
from nato_desk.ingest.tables import ImportedFile
from nato_desk.ingest.tables.diff import (
    ImportDiff,
    RowKind,
    change_for,
    diff_import,
    history_reason,
)
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import Submit
from nato_desk.ui.dialogs.import_edition import EditionProblem, EditionStep
from nato_desk.ui.dialogs.import_review import NOTHING_TO_CHANGE, ReviewStep
from nato_desk.ui.plain_text import plain_label

__all__ = ["ImportDialog"]


class ImportDialog(QDialog):
    """Import one read file. ``applied`` holds the stored diff's label once applied."""

    def __init__(self, store: Store, imported: ImportedFile, submit: Submit,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import data — {imported.name}")
        self.setAccessibleName("Import data")
        self._store = store
        self._imported = imported
        self._submit = submit
        self.diff: ImportDiff | None = None
        self.applied = ""
        self.taken = 0

        self.edition_step = EditionStep(store, imported)
        self.review_step = ReviewStep()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.edition_step)
        self.pages.addWidget(self.review_step)
        self.error = plain_label()
        self.error.setAccessibleName("Error")
        self.error.setObjectName("errorNote")  # the stylesheet's error colour (palette)
        self.error.hide()

        # A plain row, not a QDialogButtonBox: the steps read left to right on every platform.
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back_button = QPushButton("< Back")
        self.next_button = QPushButton("Next: review changes >")
        self.apply_button = QPushButton("Apply")
        self.cancel_button = QPushButton("Cancel")
        for button in (self.back_button, self.next_button, self.apply_button, self.cancel_button):
            button.setAccessibleName(button.text().strip("<> "))
            buttons.addWidget(button)
        self.back_button.clicked.connect(lambda _=False: self._show_step(0))
        self.next_button.clicked.connect(lambda _=False: self.review())
        self.apply_button.clicked.connect(lambda _=False: self.apply())
        self.cancel_button.clicked.connect(self.reject)
        self.review_step.accepted_changed.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(1180, 720)
        self._show_step(0)

    def _show_step(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self.error.hide()
        self._update_buttons()
        (self.next_button if step == 0 else self.apply_button).setDefault(True)

    def _update_buttons(self) -> None:
        reviewing = self.pages.currentIndex() == 1
        self.back_button.setEnabled(reviewing)
        self.next_button.setVisible(not reviewing)
        self.apply_button.setVisible(reviewing)
        self.apply_button.setEnabled(reviewing and self.review_step.applicable())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def review(self) -> bool:
        """Compare the file with the store for the chosen edition; False (with a message) if refused."""
        try:
            choice = self.edition_step.choice()
        except EditionProblem as exc:
            self.show_error(str(exc))
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.diff = diff_import(self._imported, choice.edition, choice.source,
                                    self._store.observations(edition=choice.edition.id),
                                    edition_exists=choice.edition_exists, source_exists=choice.source_exists)
            names = {m.iso3: m.name for m in self._store.members()}
            self.review_step.set_diff(self.diff, self._imported, names)
        except ImportRejected as exc:
            self.show_error(f"The file cannot be imported: {exc}")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_step(1)
        return True

    def apply(self) -> bool:
        """Store the accepted rows as one undoable step; False (saying why) if nothing was stored."""
        model = self.review_step.model
        if self.diff is None or model is None:
            return False
        accepted = model.accepted_rows()
        change = change_for(self.diff, accepted)
        if change is None:
            pending = any(r.kind is not RowKind.UNCHANGED for r in self.diff.rows)
            self.show_error("Nothing accepted: nothing was stored." if pending else NOTHING_TO_CHANGE)
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            message = self._submit(change, history_reason(self.diff, accepted))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if message:
            self.show_error(f"Nothing was stored: {message}")
            return False
        self.applied = self.diff.label
        self.taken = len(accepted)
        self.accept()
        return True
