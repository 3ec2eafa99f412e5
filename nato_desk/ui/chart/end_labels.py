"""Names at the line ends of the trajectory chart, kept apart from each other.

Each compared ally's short name sits right of its last NATO figure, in its
series colour made readable on the chart's background (a halo of the
background behind it). Labels that would overlap are pushed apart in pixel
space by a greedy pass (``spread``), recomputed whenever the plot is resized
or its range changes; a label moved away from its line end gets a thin
leader back to it, so two identical series show two stacked names, each
tied to the point they share. The target lines' labels ("2% guideline") are
fixed obstacles (``set_obstacles``, ``avoid``): a name never covers them, even
when a narrow year range brings the line ends under them.

The labels are plain text (``pg.TextItem`` draws plain text, never HTML).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsLineItem

from nato_desk.ui.chart.hover_paint import cache_static
from nato_desk.ui.theme import colour as theme_colour
from nato_desk.ui.theme import readable_on

__all__ = ["EndLabels", "LabelWish", "avoid", "readable_on", "spread"]

_GAP = 2.0  # pixels between two stacked labels
_OFFSET = 8.0  # pixels between a line's last point and its label


@dataclass(frozen=True)
class LabelWish:
    """Where a label would like to be, in pixels (y grows downwards)."""

    x0: float
    x1: float
    y: float  # wanted centre
    height: float


def spread(wishes: Sequence[LabelWish], top: float, bottom: float, gap: float = _GAP) -> list[float]:
    """Centres for ``wishes`` so that no two labels sharing horizontal space overlap.

    Labels whose horizontal extents overlap (directly or through others) form a
    column; in each column, sorted by wanted centre, each label is pushed down
    just below the one above, then the column is pushed back up if it ran past
    ``bottom``, and down again if it ran past ``top`` (overlap-free wins over
    staying inside when the column is taller than the plot).
    """
    centres = [w.y for w in wishes]
    order = sorted(range(len(wishes)), key=lambda i: wishes[i].x0)
    columns: list[list[int]] = []
    right = float("-inf")
    for i in order:
        if columns and wishes[i].x0 <= right:
            columns[-1].append(i)
            right = max(right, wishes[i].x1)
        else:
            columns.append([i])
            right = wishes[i].x1
    for column in columns:
        column.sort(key=lambda i: (wishes[i].y, i))
        for before, i in pairwise(column):
            least = centres[before] + (wishes[before].height + wishes[i].height) / 2 + gap
            centres[i] = max(centres[i], least)
        last = column[-1]
        centres[last] = min(centres[last], bottom - wishes[last].height / 2)
        for after, i in zip(reversed(column), list(reversed(column))[1:]):
            most = centres[after] - (wishes[after].height + wishes[i].height) / 2 - gap
            centres[i] = min(centres[i], most)
        first = column[0]
        centres[first] = max(centres[first], top + wishes[first].height / 2)
        for before, i in pairwise(column):
            least = centres[before] + (wishes[before].height + wishes[i].height) / 2 + gap
            centres[i] = max(centres[i], least)
    return centres


def avoid(wishes: Sequence[LabelWish], centres: Sequence[float], obstacles: Sequence[QRectF],
          top: float, bottom: float, gap: float = _GAP) -> list[float]:
    """``centres`` (from ``spread``) moved off the fixed ``obstacles`` (scene rectangles).

    Labels are taken top to bottom; each goes to the free height nearest its
    centre, clear of every obstacle and every label already placed that shares
    its horizontal space, inside [top, bottom] when there is room. A label that
    touches no obstacle, and no label that moved, stays where ``spread`` put it.
    """
    result = list(centres)
    placed: list[tuple[float, float, float, float]] = [
        (r.left(), r.right(), r.top(), r.bottom()) for r in obstacles]
    for i in sorted(range(len(wishes)), key=lambda k: (centres[k], k)):
        wish = wishes[i]
        half = wish.height / 2
        blocked = sorted((y0 - half - gap, y1 + half + gap) for x0, x1, y0, y1 in placed
                         if x0 < wish.x1 and wish.x0 < x1)
        lowest, highest = top + half, max(top + half, bottom - half)
        candidates = [min(max(centres[i], lowest), highest)]
        for start, end in blocked:
            candidates += [start, end]
        free = [y for y in candidates if lowest - 1e-6 <= y <= highest + 1e-6
                and not any(start < y < end for start, end in blocked)]
        if free:
            y = min(free, key=lambda c: (abs(c - centres[i]), c))
        else:  # no room inside: overlap-free wins, below everything
            y = max([centres[i], *(end for _, end in blocked)])
        result[i] = y
        placed.append((wish.x0, wish.x1, y - half, y + half))
    return result


@dataclass
class _Label:
    text: pg.TextItem
    leader: QGraphicsLineItem  # not a plot curve: it is no series, and stays 1 px in exports
    anchor: tuple[float, float] | None = None  # the line end, in view coordinates
    # (name, series colour, background) it was last given: a compared ally's label keeps
    # them through a switch of the selected ally, and is not laid out again.
    shown: tuple[str, int, int] | None = None


class EndLabels:
    """A pool of up to ``count`` line-end labels on one plot, refilled with ``set_entries``.

    A label is made when a line first needs it and kept (issue 14: the first window
    shows one ally; six labels were a tenth of the chart's build). Each name is drawn
    from a device pixmap until it changes (``hover_paint.cache_static``)."""

    def __init__(self, plot: pg.PlotItem, count: int) -> None:
        self._plot = plot
        self._view: pg.ViewBox = plot.getViewBox()
        self._count = count
        self.labels: list[_Label] = []
        self._obstacles: list[QRectF] = []
        # Set while the chart is being shown: the plot is resized up to twice before
        # its first paint, and the names are placed once, after (``TrajectoryChart``).
        self.held = False
        self._view.sigResized.connect(self.relayout)
        self._view.sigRangeChanged.connect(self.relayout)

    def _add_label(self) -> None:
        halo = theme_colour("chart_background")  # the current theme's, as restyle sets it
        halo.setAlpha(215)
        text = pg.TextItem(anchor=(0, 0.5), fill=pg.mkBrush(halo))
        font = text.textItem.font()
        font.setBold(True)
        text.setFont(font)
        text.setZValue(60)  # above the lines, below the hover box
        leader = QGraphicsLineItem()
        leader.setZValue(59)
        for item in (leader, text):
            item.hide()
            # In the scene for good: items taken out and left to Python's collector crash Qt.
            self._plot.addItem(item, ignoreBounds=True)
        cache_static([text])
        self.labels.append(_Label(text, leader))

    def restyle(self) -> None:
        """The halo behind each name in the current theme's plot background (a theme switch)."""
        halo = theme_colour("chart_background")
        halo.setAlpha(215)
        for label in self.labels:
            label.text.fill = pg.mkBrush(halo)
            label.text.update()

    def set_entries(self, entries: Sequence[tuple[str, QColor, float, float]]) -> None:
        """One (name, series colour, last x, last y) per labelled line, in view coordinates."""
        background = theme_colour("chart_background")
        while len(self.labels) < min(len(entries), self._count):
            self._add_label()
        for i, label in enumerate(self.labels):
            if i < len(entries):
                name, colour, x, y = entries[i]
                label.anchor = (x, y)
                shown = (name, colour.rgba(), background.rgba())
                if shown == label.shown:
                    continue
                label.shown = shown
                label.text.setText(name)
                label.text.series_colour = QColor(colour)  # a theme switch or an export re-derives the text colour
                label.text.setColor(readable_on(colour, background))
                label.leader.setPen(pg.mkPen(colour, width=1))  # cosmetic: 1 px at any zoom
            else:
                label.anchor = None
        self.relayout()

    def set_obstacles(self, rects: Sequence[QRectF]) -> None:
        """Scene rectangles no label may cover (the target lines' labels)."""
        rects = [QRectF(r) for r in rects]
        if rects != self._obstacles:
            self._obstacles = rects
            self.relayout()

    def visible_labels(self) -> list[pg.TextItem]:
        return [label.text for label in self.labels if label.text.isVisible()]

    def relayout(self, *_: object) -> None:
        """Place every label beside its line end, apart from the others (pixels)."""
        if self.held:
            return
        view = self._view
        rect = view.sceneBoundingRect()
        (x_lo, x_hi), (y_lo, y_hi) = view.viewRange()
        placed: list[tuple[_Label, QPointF, float, float]] = []
        for label in self.labels:
            anchor = label.anchor
            if anchor is None or not (x_lo <= anchor[0] <= x_hi and y_lo <= anchor[1] <= y_hi) or rect.width() < 1:
                label.text.hide()
                label.leader.hide()
                continue
            point = view.mapViewToScene(QPointF(*anchor))
            box = label.text.textItem.boundingRect()
            placed.append((label, point, box.width(), box.height()))
        wishes = []
        for _label, point, width, height in placed:
            # Right of the line end, unless that runs off the plot: then left of it.
            x0 = point.x() + _OFFSET
            if x0 + width > rect.right():
                x0 = point.x() - _OFFSET - width
            wishes.append(LabelWish(x0, x0 + width, point.y(), height))
        # A few pixels inside the plot: the view clips what crosses its edge.
        top, bottom = rect.top() + 3, rect.bottom() - 3
        centres = avoid(wishes, spread(wishes, top, bottom), self._obstacles, top, bottom)
        # A column too full to hold a name (six names and the target labels on a
        # short plot) sends the lowest name that fell out to the other side of its line.
        flipped: set[int] = set()
        while True:
            out = [i for i, (wish, c) in enumerate(zip(wishes, centres, strict=True))
                   if i not in flipped and (c - wish.height / 2 < top - 0.5 or c + wish.height / 2 > bottom + 0.5)]
            if not out:
                break
            i = out[-1]
            flipped.add(i)
            point, width = placed[i][1], placed[i][2]
            x0 = point.x() - _OFFSET - width if wishes[i].x0 > point.x() else point.x() + _OFFSET
            wishes[i] = LabelWish(x0, x0 + width, wishes[i].y, wishes[i].height)
            centres = avoid(wishes, spread(wishes, top, bottom), self._obstacles, top, bottom)
        for (label, point, _width, height), wish, centre in zip(placed, wishes, centres, strict=True):
            label.text.setPos(view.mapSceneToView(QPointF(wish.x0, centre)))
            label.text.show()
            if abs(centre - point.y()) > height * 0.3:
                near = wish.x0 - 1 if wish.x0 > point.x() else wish.x1 + 1
                ends = [view.mapSceneToView(QPointF(point.x(), point.y())), view.mapSceneToView(QPointF(near, centre))]
                label.leader.setLine(QLineF(ends[0], ends[1]))
                label.leader.show()
            else:
                label.leader.hide()
