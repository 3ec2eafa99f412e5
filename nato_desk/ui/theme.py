"""The one palette (``nato_desk.palette``) in Qt terms: colours, pen styles, pens.

``palette`` holds hex strings and dash names so the pure layers and the PPTX
renderer can use it without Qt; the window's views turn them into Qt objects
here and nowhere else. A dark theme will extend this module (the same names,
other colours for the window), so views never spell a colour themselves.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from nato_desk.palette import (
    STATUS_STYLES,
    LineStyle,
    StatusStyle,
    ally_colour,
    target_style,
)

__all__ = ["ally_qcolor", "line_pen", "pen_style", "qcolor", "status_pen_style", "target_pen"]

_DASHES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}


def pen_style(dash: str) -> Qt.PenStyle:
    """A palette dash name ("solid", "dash", "dot", "dashdot") as a Qt pen style.

    Raises:
        KeyError: ``dash`` is not one of the palette's names.
    """
    return _DASHES[dash]


def qcolor(hex_colour: str) -> QColor:
    """A palette colour ("#RRGGBB") as a QColor."""
    colour = QColor(hex_colour)
    if not colour.isValid():
        raise ValueError(f"not a colour: {hex_colour!r}")
    return colour


def ally_qcolor(index: int) -> QColor:
    """The ``index``-th ally's colour on a chart (0 is the chart's own ally)."""
    return qcolor(ally_colour(index))


def status_pen_style(status: str) -> Qt.PenStyle:
    """How a kind of figure ("actual", "estimate", "plan", "scenario") is dashed."""
    style: StatusStyle = STATUS_STYLES[status]
    return pen_style(style.dash)


def line_pen(style: LineStyle, width: float | None = None) -> QPen:
    """A cosmetic pen for a palette line (pyqtgraph's kind: width in screen pixels)."""
    pen: QPen = pg.mkPen(qcolor(style.colour), width=style.width if width is None else width,
                         style=pen_style(style.dash))
    return pen


def target_pen(target_id: str = "", level: float | None = None, width: float | None = None) -> QPen:
    """The pen of a target line, by target id or level (see ``palette.target_style``)."""
    return line_pen(target_style(target_id, level), width)
