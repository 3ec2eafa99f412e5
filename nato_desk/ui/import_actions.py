"""File ▸ Import data…: choose a table file, read it, and open the import dialog.

The file is chosen with a file dialog (replaceable in tests as
``choose_file``), read and recognised by ``read_table_path`` (with an OWID sidecar) under a
wait cursor. A file nato_desk refuses is explained in a plain-text message
box naming the file and the problem, and nothing is stored. The dialog is run
through ``exec_dialog`` (replaceable in tests, like the edit dialogs'); what
it applies goes through the editor, so an import is one undoable step. On a
read-only store the action is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from nato_desk.store import Store
from nato_desk.ui.editor import DeskEditor

if TYPE_CHECKING:  # the ingest code and the import dialog load on first use (issue 14: start-up)
    from nato_desk.ingest.tables import ImportedFile
    from nato_desk.ui.dialogs.import_dialog import ImportDialog

__all__ = ["FILE_FILTER", "ImportActions"]

ChooseFile = Callable[[str, str], str]  # (caption, filter) -> path or ""

FILE_FILTER = "Tables (*.xlsx *.csv);;Excel workbook (*.xlsx);;CSV (*.csv)"


def read_table_path(path: Path) -> ImportedFile:
    """``nato_desk.ingest.tables.read_table_path``, imported when first used (tests replace this)."""
    from nato_desk.ingest.tables import read_table_path as read

    return read(path)


def _ask_file(window: QMainWindow) -> ChooseFile:
    def choose(caption: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(window, caption, "", filters)
        return path

    return choose


class ImportActions(QObject):
    """The import action and its flow, over the window's store and editor."""

    def __init__(self, store: Store, editor: DeskEditor, window: QMainWindow) -> None:
        super().__init__(window)
        self._store = store
        self._editor = editor
        self._window = window
        self.choose_file: ChooseFile = _ask_file(window)
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.last_dialog: ImportDialog | None = None
        self.last_warning: QMessageBox | None = None  # the last refusal shown, for tests
        self.import_action = QAction("&Import data…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip("Import NATO's, SIPRI's, the World Bank's or OWID's tables, "
                                        "or an export of this desk, after reviewing what would change")
        self.import_action.triggered.connect(lambda _=False: self.import_file())
        if store.read_only:
            self.import_action.setEnabled(False)
            self.import_action.setStatusTip("The store is read-only: nothing can be imported")

    def actions(self) -> list[QAction]:
        return [self.import_action]

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10000)

    def _warn(self, path: str, problem: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Not imported",
                          f"{path} was not imported.\n\n{problem}\n\nNothing was stored.",
                          QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the problem quotes the file's own text
        box.open()  # not exec(): tests and the event loop carry on; the box stays until closed
        self.last_warning = box
        self._say(f"{Path(path).name} was not imported: {problem}")

    def read(self, path: str) -> ImportedFile | None:
        """Read and recognise ``path``; None (after saying why) if it is refused."""
        from nato_desk.ingest import ImportRejected
        from nato_desk.ingest.limits import MAX_FILE_BYTES

        file = Path(path)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise ImportRejected(file.name, "", "", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
            return read_table_path(file)
        except ImportRejected as exc:
            problem = str(exc)
        except OSError as exc:
            problem = f"it could not be read: {exc.strerror or exc}"
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._warn(path, problem)
        return None

    def import_file(self, path: str = "") -> bool:
        """The whole flow; True when something was stored."""
        if self._store.read_only:
            self._say("The store is read-only: nothing can be imported.")
            return False
        path = path or self.choose_file("Import data", FILE_FILTER)
        if not path:
            return False
        imported = self.read(path)
        if imported is None:
            return False
        if self.last_dialog is not None:
            self.last_dialog.deleteLater()  # one finished import dialog kept (for tests), not all of them
        from nato_desk.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self._store, imported, self._editor.submit, self._window)
        self.last_dialog = dialog
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.applied:
            self._say(f"{imported.name}: nothing was imported.")
            return False
        assert dialog.diff is not None
        edition = dialog.diff.edition
        self._say(f"{dialog.applied}: {dialog.taken:,} rows stored in edition {edition.label} "
                  f"({edition.id}). Edit ▸ Undo takes the import back.")
        return True
