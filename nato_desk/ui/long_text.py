"""Long texts in the window: a label that shows the start, and the whole text one click away.

A note, a quote, a position summary or a source's title may hold 100,000
characters (``domain.validation``). A word-wrapped ``QLabel`` lays out every
one of them each time the pane is resized or refilled, which froze the window
for about a second per label. ``LongLabel`` shows at most ``PARAGRAPH_CHARS``
characters, ending in "…", and then a "Show full text…" button that opens the
whole text in a read-only plain-text viewer (``FullTextDialog``, a
``QPlainTextEdit``, which lays out only what is on screen). Everything is
plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.ui.plain_text import clip, elide, plain_label

__all__ = ["PARAGRAPH_CHARS", "FullTextDialog", "LongLabel", "show_full_text"]

PARAGRAPH_CHARS = 2_000
"""Most characters a ``LongLabel`` shows before "Show full text…"."""


class FullTextDialog(QDialog):
    """A whole text, read-only and plain, with its length; selectable and copyable."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(elide(title, 80))
        self.setAccessibleName("Full text")
        self.viewer = QPlainTextEdit()
        self.viewer.setAccessibleName("Full text viewer")
        self.viewer.setReadOnly(True)
        self.viewer.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"{elide(title, 120)} — {len(text):,} characters", wrap=False))
        layout.addWidget(self.viewer, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)


def show_full_text(parent: QWidget, title: str, text: str) -> FullTextDialog:
    """Open ``text`` in a viewer over ``parent`` (window-modal, not blocking)."""
    dialog = FullTextDialog(title, text, parent)
    dialog.open()
    return dialog


class LongLabel(QWidget):
    """A plain word-wrapped label showing a text's start; "Show full text…" when it was cut.

    ``text()`` is what is shown (as ``QLabel.text``), ``full_text()`` the whole.
    The accessible name goes to the inner label, where screen readers and tests look.
    """

    def __init__(self, title: str, parent: QWidget | None = None, *, limit: int = PARAGRAPH_CHARS,
                 wrap: bool = True) -> None:
        super().__init__(parent)
        self._title, self._limit, self._full = title, limit, ""
        self.viewer: FullTextDialog | None = None
        self.label = plain_label(wrap=wrap, measure_once=True)
        self.full_text_button = QPushButton("Show full text…")
        self.full_text_button.setAccessibleName(f"Show full text: {title}")
        self.full_text_button.setFlat(True)
        self.full_text_button.clicked.connect(self._on_full_text_clicked)
        self.full_text_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addWidget(self.full_text_button)

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name, so callers need not change
        self._full = text
        shown = clip(text, self._limit) if self.label.wordWrap() else elide(text, self._limit)
        self.label.setText(shown)
        self.full_text_button.setVisible(shown != text)

    def text(self) -> str:
        return self.label.text()

    def full_text(self) -> str:
        return self._full

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        self.label.setAccessibleName(name)

    def setFont(self, font: QFont | str | Sequence[str]) -> None:  # noqa: N802
        self.label.setFont(font)

    def font(self) -> QFont:
        return self.label.font()

    def setObjectName(self, name: str) -> None:  # noqa: N802 - stylesheets select the label
        self.label.setObjectName(name)

    def _on_full_text_clicked(self) -> None:
        self.viewer = show_full_text(self, self._title, self._full)
