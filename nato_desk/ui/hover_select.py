"""Selectable labels that pay for selection only while the pointer is over them.

A ``QLabel`` whose text can be selected with the mouse lays its text out with a
``QTextDocument`` (Qt's text control), six to eight times the cost of a plain
label's, on every change of text and every measure of its height for a width.
The detail pane sets some twenty such texts on each switch of ally (issue 14),
and the analyst selects text in one of them now and then.

``select_on_hover`` keeps the labels under a widget plain until the pointer
enters one: it is made selectable then (before any press can reach it, so
selecting, copying and the context menu work as before) and plain again when
the pointer leaves it with nothing selected; a selection stays until the text
changes, as before. Both kinds draw the same pixels (checked on the pane's
texts), so nothing on screen changes. A ``plain_text.PlainLabel`` does this in
its own enter and leave handlers; any other label through an event filter,
which sees every event of the label (a paint, a move) in Python.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from nato_desk.ui.plain_text import PlainLabel

__all__ = ["select_on_hover"]

_SELECT = Qt.TextInteractionFlag.TextSelectableByMouse
_PLAIN = Qt.TextInteractionFlag.NoTextInteraction


class _HoverSelect(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QLabel):
            if kind == QEvent.Type.Enter and watched.textInteractionFlags() == _PLAIN:
                watched.setTextInteractionFlags(_SELECT)
            elif kind == QEvent.Type.Leave and not watched.hasSelectedText():
                watched.setTextInteractionFlags(_PLAIN)
        return False


def select_on_hover(root: QWidget) -> None:
    """Make ``root``'s mouse-selectable labels selectable only while hovered (see the module)."""
    watcher: _HoverSelect | None = None
    for label in root.findChildren(QLabel):
        if label.textInteractionFlags() == _SELECT:
            label.setTextInteractionFlags(_PLAIN)
            if isinstance(label, PlainLabel):
                label.hover_select = True  # its own enter and leave handlers do it
                continue
            # Any other label: an event filter, which sees every event of the label.
            watcher = watcher or _HoverSelect(root)
            label.installEventFilter(watcher)
