"""Showing untrusted text (quotes, sources, imported names) as plain text.

Qt guesses whether a string is rich text (``Qt.AutoText``): a quote holding
``<img src=...>`` would be rendered, and could load a file. Every label that
shows user or imported text is built here, with ``Qt.PlainText``; tooltips,
which Qt always guesses for, are escaped.

Long texts (a note, a quote or a title may hold 100,000 characters) are cut
where they are only glanced at: a list or table cell shows one line of at
most ``LIST_CHARS`` characters ending in "…" (``elide``), a tooltip at most
``TOOLTIP_CHARS`` (``tooltip``). Qt lays out every character it is given, so
a whole text there froze the window for seconds. The whole text stays one
click away, in the detail pane's "Show full text…" (``ui.long_text``).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["LIST_CHARS", "TOOLTIP_CHARS", "clip", "elide", "plain_label", "tooltip", "widget_shortcut"]

LIST_CHARS = 200
"""Most characters of one text a list or table cell shows."""
TOOLTIP_CHARS = 1_000
"""Most characters a tooltip shows (a line at most ``LIST_CHARS * 2``)."""
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut; lines kept."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def elide(text: str, limit: int = LIST_CHARS) -> str:
    """``text`` on one line (breaks as spaces) of at most ``limit`` characters, "…" when cut."""
    if len(text) <= limit and "\n" not in text and "\r" not in text:
        return text
    # Only the start is joined: a 100,000-character text costs what a short one does.
    shown = clip(" ".join(text[: limit * 4].split()), limit)
    if len(text) > limit * 4 and not shown.endswith(ELLIPSIS):
        shown += ELLIPSIS
    return shown


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
    """Tooltip markup that shows ``text`` literally, line breaks kept, long texts cut.

    Each line is cut at ``LIST_CHARS * 2`` characters and the whole at
    ``TOOLTIP_CHARS``, each cut marked "…".
    """
    if not text:
        return ""
    lines = [clip(line, LIST_CHARS * 2) for line in text[: TOOLTIP_CHARS * 2].split("\n")]
    shown = clip("\n".join(lines), TOOLTIP_CHARS)
    if len(text) > TOOLTIP_CHARS * 2 and not shown.endswith(ELLIPSIS):
        shown += ELLIPSIS
    return "<p style='white-space:pre-wrap'>" + html.escape(shown) + "</p>"


def widget_shortcut(widget: QWidget, key: QKeySequence | QKeySequence.StandardKey | str,
                    slot: Callable[[], object]) -> QAction:
    """A key that works while ``widget`` has focus (Enter to edit, Delete to remove)."""
    action = QAction(widget)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _=False: slot())
    widget.addAction(action)
    return action
