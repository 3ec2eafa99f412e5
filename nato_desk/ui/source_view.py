"""A source's details, the original it cites first, and opening its links safely.

What is shown first is what a briefer cites (``export.citations``): the
original's publisher, title, date and URL. How it was read follows, in the
details only: "Read at" (the copy's address), "Via" (what the copy is), the
copy's own publisher and title, the kind of source, how sure the citation
is and the evidence. Sources are imported text: shown as plain text only. A
link opens only if it is http or https, and only after the user confirms;
``file:``, ``javascript:``, ``data:`` and the rest never reach the desktop.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import Source
from nato_desk.export import citations
from nato_desk.ui.long_text import LongLabel
from nato_desk.ui.one_pass import held_layouts
from nato_desk.ui.plain_text import plain_label

__all__ = ["SourceView", "is_openable_url", "source_line"]


def source_line(source: Source | None, fallback_id: str = "") -> str:
    """One line naming the original a source cites: ``Publisher: Title (date)``
    (``export.citations.source_line``); a missing source is named by its id."""
    if source is None:
        return f"unknown source {fallback_id}".strip()
    return citations.source_line(source) or source.id


def is_openable_url(url: str) -> bool:
    """Only web links open; everything else could run or read local things."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


# (label, accessible name suffix): the original first, then how it was read.
_CITED_ROWS = (("Publisher", "publisher"), ("Title", "title"), ("Date", "date"), ("URL", "url"))
_DETAIL_ROWS = (("Read at", "read at"), ("Via", "via"), ("Copy", "copy"), ("Kind", "kind"),
                ("Citation", "citation"), ("Evidence", "evidence"), ("Note", "note"),
                ("Source id", "id"))
_CITED_KEYS = frozenset(key for _, key in _CITED_ROWS)
_DETAIL_KEYS = tuple(key for _, key in _DETAIL_ROWS)


class SourceView(QWidget):
    """Shows one source, its cited original first; "Open link…" asks before handing an
    http(s) URL to the desktop (the original's; "Open copy…" the address it was read at).

    Signals:
        link_opened(str): the user confirmed and the URL was handed to the desktop.
    """

    link_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Source | None = None
        self.setAccessibleName("Source details")
        self._labels: dict[str, LongLabel] = {}
        self._names: dict[str, QLabel] = {}
        self._shown: dict[str, bool] = {}  # each detail row's visibility, as last set
        # A grid, not a QFormLayout: the form reported its least height for a width
        # whatever its wrapped rows needed, so a two-line title or evidence was cut to
        # one line and a half after some switches of ally.
        self._form = QGridLayout()
        self._form.setContentsMargins(0, 0, 0, 0)
        self._form.setColumnStretch(1, 1)
        self._open = QPushButton("Open link…", self)  # parented now: the first buttons found
        self._open.setAccessibleName("Open source link")
        self._open.setToolTip("Open the original's address in your web browser")
        self._open.clicked.connect(self._on_open_clicked)
        self._open_copy = QPushButton("Open copy…", self)
        self._open_copy.setAccessibleName("Open the copy that was read")
        self._open_copy.setToolTip("Open the address where this copy was read")
        self._open_copy.clicked.connect(self._on_open_copy_clicked)
        # A long text's own "Show full text…" button sits under its label.
        for rows in (_CITED_ROWS, _DETAIL_ROWS):
            for name, key in rows:
                label = LongLabel(f"Source {key}")
                label.setAccessibleName(f"Source {key}")
                self._labels[key] = label
                self._shown[key] = True
                row_name = plain_label(f"{name}:", wrap=False, selectable=False)
                # As QFormLayout placed it beside a tall value: at the top, its text
                # centred in at most 7/4 of its own height (near the value's first line).
                row_name.setMaximumHeight(row_name.sizeHint().height() * 7 // 4)
                top = QVBoxLayout()
                top.addWidget(row_name, 1)
                top.addStretch(0)
                self._names[key] = row_name
                row = len(self._names) - 1
                self._form.addLayout(top, row, 0)
                self._form.addWidget(label, row, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self._open)
        buttons.addWidget(self._open_copy)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._form)
        layout.addLayout(buttons)
        self.set_source(None)

    def set_source(self, source: Source | None) -> None:
        self._source = source
        texts = dict.fromkeys(self._labels, "")
        if source is None:
            texts.update(publisher="—", title="—", date="—", url="—")
        else:
            details = dict(citations.citation_details(source))
            copy = ""
            if citations.is_copy(source):
                # What the copy calls itself, when that is not the original's name.
                read = " — ".join(p for p in (source.publisher.strip(), source.title.strip()) if p)
                cited = " — ".join((citations.cited_publisher(source), citations.cited_title(source)))
                copy = "" if read == cited else read
            texts.update(
                publisher=citations.cited_publisher(source) or "not stated",
                title=citations.cited_title(source),
                date=citations.format_date(citations.cited_date(source)) or "not dated",
                url=citations.cited_url(source) or "not known",
                **{"read at": details.get("Read at", ""), "via": details.get("Via", ""),
                   "copy": copy, "kind": details.get("Kind", ""),
                   "citation": details.get("Citation", ""), "evidence": details.get("Evidence", ""),
                   "note": source.note, "id": source.id},
            )
        # Updated in place (issue 14): a switch of ally shows or hides only the rows whose
        # emptiness changed and sets only the texts that changed. Qt lays out every
        # ancestor of a widget it shows, there and then, at their old sizes (the rows
        # squeezed to fit, the quotes list shrunk for them): the rows are shown with
        # those layouts held, and laid out once, after (``one_pass.held_layouts``).
        # The original's rows always show; a detail row only when it says something.
        toggled = [key for key in _DETAIL_KEYS if self._shown[key] != bool(texts[key])]
        copy_url = citations.read_at_address(source) if source else ""
        toggled_copy = self._open_copy.isHidden() == bool(copy_url)
        if toggled or toggled_copy:
            with held_layouts(self):
                for key in toggled:
                    shown = self._shown[key] = bool(texts[key])
                    self._names[key].setVisible(shown)
                    self._labels[key].setVisible(shown)
                if toggled_copy:
                    self._open_copy.setVisible(bool(copy_url))
        for key, label in self._labels.items():
            if label.full_text() != texts[key]:
                label.setText(texts[key])
        self._open.setEnabled(bool(source and is_openable_url(citations.cited_url(source))))
        self._open_copy.setEnabled(is_openable_url(copy_url))

    def _confirm_and_open(self, url: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Open link",
                          f"Open this address in your web browser?\n\n{url}",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if box.exec() == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl(url))
            self.link_opened.emit(url)

    def _on_open_copy_clicked(self) -> None:
        url = citations.read_at_address(self._source) if self._source else ""
        if is_openable_url(url):
            self._confirm_and_open(url.strip())

    def _on_open_clicked(self) -> None:
        url = citations.cited_url(self._source) if self._source else ""
        if is_openable_url(url):
            self._confirm_and_open(url.strip())
