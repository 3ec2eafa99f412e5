"""A source's details (publisher, date, URL, note), and opening its link safely.

Sources are imported text: shown as plain text only. A link opens only if
it is http or https, and only after the user confirms; ``file:``,
``javascript:``, ``data:`` and the rest never reach the desktop.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import Source
from nato_desk.ui.plain_text import plain_label

__all__ = ["SourceView", "is_openable_url", "source_line"]


def source_line(source: Source | None, fallback_id: str = "") -> str:
    """One line naming a source: ``Title — Publisher, 2025-06-25``."""
    if source is None:
        return f"unknown source {fallback_id}".strip()
    tail = ", ".join(p for p in (source.publisher, source.date) if p)
    return f"{source.title} — {tail}" if tail else source.title


def is_openable_url(url: str) -> bool:
    """Only web links open; everything else could run or read local things."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class SourceView(QWidget):
    """Shows one source; "Open link…" asks before handing an http(s) URL to the desktop.

    Signals:
        link_opened(str): the user confirmed and the URL was handed to the desktop.
    """

    link_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Source | None = None
        self.setAccessibleName("Source details")
        self._title = plain_label()
        self._publisher = plain_label()
        self._date = plain_label()
        self._url = plain_label()
        self._note = plain_label()
        self._id = plain_label()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in (("Title", self._title), ("Publisher", self._publisher),
                            ("Date", self._date), ("URL", self._url), ("Note", self._note),
                            ("Source id", self._id)):
            label.setAccessibleName(f"Source {name.lower()}")
            form.addRow(plain_label(f"{name}:", wrap=False, selectable=False), label)
        self._open = QPushButton("Open link…")
        self._open.setAccessibleName("Open source link")
        self._open.clicked.connect(self._on_open_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self._open)
        self.set_source(None)

    def set_source(self, source: Source | None) -> None:
        self._source = source
        self._title.setText(source.title if source else "—")
        self._publisher.setText(source.publisher or "not stated" if source else "—")
        self._date.setText(source.date or "not dated" if source else "—")
        self._url.setText(source.url or "none" if source else "—")
        self._note.setText(source.note if source else "")
        self._id.setText(source.id if source else "")
        self._open.setEnabled(bool(source and is_openable_url(source.url)))

    def _on_open_clicked(self) -> None:
        if self._source is None or not is_openable_url(self._source.url):
            return
        url = self._source.url.strip()
        box = QMessageBox(QMessageBox.Icon.Question, "Open link",
                          f"Open this address in your web browser?\n\n{url}",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if box.exec() == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl(url))
            self.link_opened.emit(url)
