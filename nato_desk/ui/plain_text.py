"""Showing untrusted text (quotes, sources, imported names) as plain text.

Qt guesses whether a string is rich text (``Qt.AutoText``): a quote holding
``<img src=...>`` would be rendered, and could load a file. Every label that
shows user or imported text is built here, with ``Qt.PlainText``; tooltips,
which Qt always guesses for, are escaped.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["plain_label", "tooltip"]


def plain_label(
    text: str = "", parent: QWidget | None = None, *, wrap: bool = True, selectable: bool = True
) -> QLabel:
    """A QLabel that never interprets its text as markup and never opens links."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally, line breaks kept."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
