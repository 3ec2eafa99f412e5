"""A pyqtgraph ``LabelItem``'s text set as plain text, without laying out HTML.

``LabelItem.setText`` wraps the text in an HTML span carrying the label's colour
and size and hands it to ``QGraphicsTextItem.setHtml``: the HTML is parsed and
laid out on every call, about half of what relabelling a legend entry cost on a
switch of ally (issue 14). The legend's names and the chart's hidden title are
plain text (escaped only because pyqtgraph treats them as HTML), so here the
text item is given the same colour and point size as its default format and
the name as plain text: the same glyphs, and nothing in a name can ever be read
as markup.

``label.text`` keeps the escaped text, as ``setText`` leaves it: exports, the
presenter and a theme switch read it and set it again through pyqtgraph (HTML),
with the colour and size then current; the next plain setting follows those
(they are read from ``label.opts`` each time).

``RoomyLabel`` is a ``LabelItem`` that keeps room for the widest of the texts
it will show (the legend's entry for the selected ally: any ally's name). A
new text then leaves its size as it was, and the label tells no layout about
it: a ``LabelItem`` asks its layout, and the layouts around it up to the plot,
to lay out again at each new text, even of the same size. That was a tenth of
an ally switch (issue 14).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsTextItem

__all__ = ["RoomyLabel", "set_plain_text"]

# LabelItem style options this plain path reproduces; any other (family, bold,
# italic) goes through pyqtgraph's HTML.
_PLAIN_OPTS = frozenset({"color", "justify", "size"})


def _point_size(size: object) -> float | None:
    """'9pt' -> 9.0; None for anything else ('12px', a missing size)."""
    if isinstance(size, str) and size.endswith("pt"):
        try:
            return float(size[:-2])
        except ValueError:
            return None
    return None


def set_plain_text(label: pg.LabelItem, plain: str, escaped: str) -> None:
    """Show ``plain`` in ``label``; ``escaped`` is the same text HTML-escaped (``label.text``)."""
    opts = label.opts
    points = _point_size(opts.get("size"))
    if points is None or not set(opts) <= _PLAIN_OPTS:
        label.setText(escaped)  # a style only HTML carries
        return
    item = label.item
    colour = opts["color"]
    ink = pg.mkColor(colour if colour is not None else pg.getConfigOption("foreground"))
    if item.defaultTextColor() != ink:
        item.setDefaultTextColor(QColor(ink))
    font = item.font()
    if font.pointSizeF() != points:
        font.setPointSizeF(points)
        item.setFont(font)
    label.text = escaped
    # setPlainText replaces the HTML's span with the default format set above.
    item.setPlainText(plain)
    # Places the text and takes its size (``updateMin``, which tells the layouts; a
    # RoomyLabel only when its size changed), as the end of pyqtgraph's setText does.
    label.resizeEvent(None)


_PREFERRED = Qt.SizeHint.PreferredSize


class RoomyLabel(pg.LabelItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """A ``LabelItem`` at least as wide as its widest expected text (``keep_room_for``),
    which asks for a new layout only when its size changes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._room = 0.0  # the least width kept, whatever the text
        super().__init__(*args, **kwargs)

    def keep_room_for(self, texts: Iterable[str]) -> None:
        """Be as wide as the widest of ``texts`` in this label's font, or as its own text."""
        font = self.item.font()
        points = _point_size(self.opts.get("size"))
        if points is not None:
            font.setPointSizeF(points)  # the size the text is drawn at (set_plain_text)
        probe = QGraphicsTextItem()  # measures as the label's own text item does
        probe.setFont(font)
        room = 0.0
        for text in texts:
            probe.setPlainText(text)
            room = max(room, probe.boundingRect().width())
        if room != self._room:
            self._room = room
            self.updateMin()

    def updateMin(self) -> None:
        bounds = self.itemRect()
        size = (max(bounds.width(), self._room), bounds.height())
        hints = getattr(self, "_sizeHint", None)
        if hints is not None and hints.get(_PREFERRED) == size:
            return  # the same size: nothing to lay out again
        self.setMinimumWidth(size[0])
        self.setMinimumHeight(size[1])
        self._sizeHint = {
            Qt.SizeHint.MinimumSize: size,
            _PREFERRED: size,
            Qt.SizeHint.MaximumSize: (-1, -1),
            Qt.SizeHint.MinimumDescent: (0, 0),
        }
        self.updateGeometry()
