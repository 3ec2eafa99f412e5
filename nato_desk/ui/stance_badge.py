"""The detail pane's stance badge: the stance in words on its kind's colour.

The badge was a label whose colours came from a style sheet with one block per
kind, chosen by a property; showing another kind meant re-polishing the label
(the style sheet's rules matched again, its padding taken anew), which nearly
every other switch of ally did (issue 14: no style change per switch). Here
the style sheet, set once, only pads the words; the fill and the words take
their colours from the badge's palette (the style sheet fills the background
from it), both from ``palette.STANCE_STYLES``: a new kind is two colours and
a repaint, drawn pixel for pixel as the style sheet drew it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette

from nato_desk import palette
from nato_desk.ui.plain_text import PlainLabel

__all__ = ["StanceBadge"]

# Around the words; the label's own measuring and drawing take it into account.
PADDING_SHEET = "QLabel#stanceBadge { padding: 2px 8px; }"


class StanceBadge(PlainLabel):
    """A one-line plain label painted in its stance kind's fill and text colours."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setObjectName("stanceBadge")
        self.setStyleSheet(PADDING_SHEET)
        self._kind = ""
        self._fill = QColor()
        self._ink = QColor()
        self.set_kind("none")

    def set_kind(self, kind: str) -> None:
        """Paint in ``kind``'s colours (a key of ``palette.STANCE_STYLES``)."""
        if kind == self._kind:
            return
        style = palette.STANCE_STYLES[kind]
        self._kind, self._fill, self._ink = kind, QColor(style.fill), QColor(style.text)
        self._take_colours()

    def _take_colours(self) -> None:
        colours = self.palette()
        if (colours.color(QPalette.ColorRole.WindowText) != self._ink
                or colours.color(QPalette.ColorRole.Window) != self._fill):
            colours.setColor(QPalette.ColorRole.WindowText, self._ink)
            colours.setColor(QPalette.ColorRole.Window, self._fill)
            self.setPalette(colours)  # repaints

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Polished again (a theme switch re-sets the style sheets around it), the badge
        # is given its surroundings' palette: it takes its kind's colours back.
        # (Qt sends changes while the label is built, before it has a kind.)
        kind: str = getattr(self, "_kind", "")
        if kind and event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._take_colours()
