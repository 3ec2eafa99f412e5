"""Where the trajectory chart's target labels go: clear of the event labels and of each other.

The target lines (2%, 3.5%, 5%) are labelled above the line ("3.5% core (The
Hague 2025)"); the event markers ("2029 review", "2035 deadline") carry a
rotated label hanging from the top of the plot. On a narrow plot (1024-1366 px
windows) a target label at a fixed place ran into a rotated one, so each
target label is moved along its line, in pixels, to the free place nearest its
wanted one (``WANTED``, right of the 2029 review on 2014-2035), or, where
none is free, to where it covers least, recomputed whenever the plot is
resized or its range changes.

Rectangles are computed here from the view's mapping and each label's text
size rather than read from the labels: pyqtgraph updates a label's position
only when it next repaints, and an export lays the plot out afresh and paints
at once. The mapping is read from the view once per placing (``_Mapping``): a
placing tries about ninety places, and pyqtgraph's ``mapViewToScene`` checks
the view's matrix again on each call (issue 14: ~4 ms of each plot resize).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTransform

__all__ = ["WANTED", "event_label_rect", "place_target_labels", "target_label_of", "target_label_rect"]

WANTED = 0.725  # of the plot's width: right of the 2029 review when 2014-2035 is shown
_STEP = 4.0  # pixels between two tried places
_MARGIN = 2.0  # pixels kept from the plot's edges and from other labels


def target_label_of(line: pg.InfiniteLine) -> pg.InfLineLabel | None:
    """The label pyqtgraph hangs on ``line``, if it has one."""
    return next((c for c in line.childItems() if isinstance(c, pg.InfLineLabel)), None)


def _size(label: pg.InfLineLabel) -> tuple[float, float]:
    box = label.textItem.boundingRect()
    return box.width(), box.height()


class _Mapping:
    """The view's range and its view-to-scene mapping, read once: the same points as
    ``view.mapViewToScene`` (which is ``mapToScene`` of ``childTransform().map``)."""

    def __init__(self, view: pg.ViewBox) -> None:
        self.view = view
        (self.x0, self.x1), (self.y0, self.y1) = view.viewRange()
        self._child: QTransform = view.childTransform()  # brings the view's matrix up to date

    def to_scene(self, x: float, y: float) -> QPointF:
        point: QPointF = self.view.mapToScene(self._child.map(QPointF(x, y)))
        return point


def _area(rect: QRectF) -> float:
    return max(rect.width(), 0.0) * max(rect.height(), 0.0)


def target_label_rect(view: pg.ViewBox, label: pg.InfLineLabel, position: float,
                      mapping: _Mapping | None = None) -> QRectF:
    """Scene rectangle of a horizontal line's label at ``position`` (0 left, 1 right),
    anchored by its bottom-left corner on the line."""
    m = mapping or _Mapping(view)
    value = float(label.line.value())
    point = m.to_scene(m.x0 + position * (m.x1 - m.x0), value)
    width, height = _size(label)
    return QRectF(point.x(), point.y() - height, width, height)


def event_label_rect(view: pg.ViewBox, label: pg.InfLineLabel, mapping: _Mapping | None = None) -> QRectF:
    """Scene rectangle of a vertical line's rotated label (reading upwards, left
    of its line, its end at ``orthoPos`` of the plot's height)."""
    m = mapping or _Mapping(view)
    x = float(label.line.value())
    point = m.to_scene(x, m.y0 + label.orthoPos * (m.y1 - m.y0))
    width, height = _size(label)
    return QRectF(point.x() - height, point.y(), height, width)


def place_target_labels(view: pg.ViewBox, targets: Sequence[pg.InfLineLabel],
                        events: Sequence[pg.InfLineLabel]) -> list[QRectF]:
    """Move each of ``targets`` along its line to the free place nearest ``WANTED``;
    returns their scene rectangles. A label with no free place goes where it covers
    the least of the others (at ``WANTED`` it covered "2035 deadline" on a 910 px
    window whose only free place was a pixel too narrow)."""
    plot = view.sceneBoundingRect()
    if plot.width() < 1 or plot.height() < 1:
        return []
    mapping = _Mapping(view)
    x0, x1 = mapping.x0, mapping.x1
    taken = [event_label_rect(view, label, mapping).adjusted(-_MARGIN, 0, _MARGIN, 0) for label in events
             if label.isVisible() and x0 <= label.line.value() <= x1]
    placed: list[QRectF] = []
    for label in targets:
        width, _ = _size(label)
        room = plot.width() - width - 2 * _MARGIN
        if room <= 0:
            places = [WANTED]
        else:
            # Every place from the left edge to the right, nearest the wanted one first.
            count = int(room // _STEP) + 1
            lefts = [_MARGIN + i * room / max(count - 1, 1) for i in range(count)]
            places = sorted((left / plot.width() for left in lefts), key=lambda p: abs(p - WANTED))
        tried: list[tuple[float, QRectF]] = []
        for place in places:
            rect = target_label_rect(view, label, place, mapping)
            if not any(rect.intersects(other) for other in taken):
                chosen = place
                break
            tried.append((place, rect))
        else:  # no free place: the nearest to WANTED of those that cover least (min keeps the first)
            chosen = min(tried, key=lambda tr: sum(_area(tr[1].intersected(other)) for other in taken))[0]
        if abs(label.orthoPos - chosen) > 1e-9:
            label.setPosition(chosen)
        rect = target_label_rect(view, label, chosen, mapping)
        placed.append(rect)
        taken.append(rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN))
    return placed
