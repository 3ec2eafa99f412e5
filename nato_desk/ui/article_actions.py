"""File ▸ Import article…: paste an article or open a .txt or saved .html page, then review it.

The flow: a small input dialog (a plain-text box to paste into, and "Open
file…"), reading (``read.article_from_text`` / ``read_article_file``: empty,
binary, oversized, no-text and other-language input is refused), extraction
(``extract.extract`` against the store's leaders and members), then the
review (``ArticleReviewDialog``), whose Apply goes through the editor: one
undoable step, one history entry. A refusal is a plain-text message box and
nothing is stored. ``choose_file``, ``ask_text`` and ``exec_dialog`` are
replaceable in tests; the action is disabled on a read-only store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.store import Store
from nato_desk.ui.editor import DeskEditor
from nato_desk.ui.plain_text import plain_label

if TYPE_CHECKING:  # the article code and its review dialog load on first use (issue 14: start-up)
    from nato_desk.ingest.articles.model import ArticleText, Extraction
    from nato_desk.ui.dialogs.article_dialog import ArticleReviewDialog

__all__ = ["ARTICLE_FILTER", "ArticleActions", "ArticleInputDialog"]

ARTICLE_FILTER = "Articles (*.txt *.html *.htm);;Text (*.txt);;Saved web page (*.html *.htm)"


class ArticleInputDialog(QDialog):
    """Paste the article's text, or choose a file; ``path`` or ``text`` says which."""

    def __init__(self, choose_file: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import article")
        self.path = ""
        self._choose = choose_file
        self.text_box = QPlainTextEdit()  # plain text: pasted HTML arrives as its text
        self.text_box.setPlaceholderText("Paste the article's text here, or open a .txt or a saved .html page.")
        open_button = QPushButton("Open file…")
        open_button.clicked.connect(self._on_open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Review proposals")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("nato_desk proposes the article's quotes and percentage-of-GDP claims; "
                                     "you review them, confirm the source, and store the ones you accept."))
        layout.addWidget(self.text_box, 1)
        layout.addWidget(open_button)
        layout.addWidget(buttons)
        self.resize(700, 480)

    @property
    def text(self) -> str:
        return self.text_box.toPlainText()

    def _on_open(self) -> None:
        path = self._choose()
        if path:
            self.path = path
            self.accept()


def _extract(article: ArticleText, store: Store) -> Extraction:
    from nato_desk.ingest.articles.extract import extract  # heavy: imported when first used

    return extract(article, store.leaders(), store.members())


class ArticleActions(QObject):
    """The Import article action and its flow, over the window's store and editor."""

    def __init__(self, store: Store, editor: DeskEditor, window: QMainWindow) -> None:
        super().__init__(window)
        self._store, self._editor, self._window = store, editor, window
        self.choose_file: Callable[[], str] = self._ask_file
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.extract: Callable[[ArticleText, Store], Extraction] = _extract
        self.last_dialog: ArticleReviewDialog | None = None
        self.last_warning: QMessageBox | None = None
        self.import_action = QAction("Import &article…", self)
        self.import_action.setStatusTip("Paste or open a news article; review its quotes and claims and "
                                        "store the ones you accept, with the article as their source")
        self.import_action.triggered.connect(lambda _=False: self.import_article())
        if store.read_only:
            self.import_action.setEnabled(False)
            self.import_action.setStatusTip("The store is read-only: nothing can be imported")

    def actions(self) -> list[QAction]:
        return [self.import_action]

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self._window, "Import article", "", ARTICLE_FILTER)
        return path

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10000)

    def _warn(self, what: str, problem: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Article not imported",
                          f"{what} was not imported.\n\n{problem}\n\nNothing was stored.",
                          QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the problem may quote the article
        box.open()
        self.last_warning = box
        self._say(f"{what} was not imported: {problem}")

    def read(self, *, text: str = "", path: str = "") -> ArticleText | None:
        """The article from pasted ``text`` or the file at ``path``; None (after saying why) if refused."""
        from nato_desk.ingest import ImportRejected
        from nato_desk.ingest.articles.read import article_from_text, read_article_file
        from nato_desk.ingest.limits import MAX_FILE_BYTES

        what = Path(path).name if path else "The pasted text"
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if path:
                file = Path(path)
                if file.stat().st_size > MAX_FILE_BYTES:
                    raise ImportRejected(file.name, "", "", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
                return read_article_file(file.read_bytes(), file.name)
            return article_from_text(text)
        except ImportRejected as exc:
            problem = str(exc)
        except OSError as exc:
            problem = f"it could not be read: {exc.strerror or exc}"
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._warn(what, problem)
        return None

    def import_article(self, *, text: str = "", path: str = "") -> bool:
        """The whole flow; True when something was stored. Without ``text`` or ``path``, asks."""
        if self._store.read_only:
            self._say("The store is read-only: nothing can be imported.")
            return False
        if not text and not path:
            ask = ArticleInputDialog(self.choose_file, self._window)
            if self.exec_dialog(ask) != QDialog.DialogCode.Accepted:
                return False
            text, path = ask.text, ask.path
            ask.deleteLater()
        article = self.read(text=text, path=path)
        if article is None:
            return False
        if not article.paragraphs:
            self._warn(Path(path).name if path else "The pasted text", "it holds no article text")
            return False
        return self.review(self.extract(article, self._store), Path(path).name if path else "")

    def review(self, extraction: Extraction, name: str = "") -> bool:
        """Show the review of ``extraction``; True when Apply stored something."""
        if self.last_dialog is not None:
            self.last_dialog.deleteLater()  # one finished review kept (for tests), not all of them
        from nato_desk.ui.dialogs.article_dialog import ArticleReviewDialog

        dialog = ArticleReviewDialog(self._store, extraction, self._editor.submit, name, self._window)
        dialog.resize(1280, 800)
        self.last_dialog = dialog
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.applied:
            self._say("Import article: nothing was stored.")
            return False
        assert dialog.plan is not None
        self._say(f"{dialog.applied}: {dialog.plan.summary} Edit ▸ Undo takes it back.")
        return True
