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
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor

__all__ = ["set_plain_text"]

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
    label.updateMin()
    label.resizeEvent(None)
    label.updateGeometry()
