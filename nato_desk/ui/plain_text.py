"""Showing untrusted text (quotes, sources, imported names) as plain text.

Qt guesses whether a string is rich text (``Qt.AutoText``): a quote holding
``<img src=...>`` would be rendered, and could load a file. Every label that
shows user or imported text is built here, with ``Qt.PlainText``; tooltips,
which Qt always guesses for, are escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["plain_label", "tooltip", "widget_shortcut"]


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


def widget_shortcut(widget: QWidget, key: QKeySequence | QKeySequence.StandardKey | str,
                    slot: Callable[[], object]) -> QAction:
    """A key that works while ``widget`` has focus (Enter to edit, Delete to remove)."""
    action = QAction(widget)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _=False: slot())
    widget.addAction(action)
    return action
