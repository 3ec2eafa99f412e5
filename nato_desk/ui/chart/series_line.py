"""``SeriesLine``: one series of a chart, a line through its points with a marker on each.

The trajectory chart refills three or four series on every switch of ally.
pyqtgraph's ``PlotDataItem`` does that through two items of its own (a
``PlotCurveItem`` for the line, a ``ScatterPlotItem`` for the markers), each
with its own data record, bounds and picture bookkeeping, made for series of
a million points with per-point styles, downsampling, log axes and mouse
hovering. A chart series here is at most some forty points in one style:
this item keeps the points, the line's path and the markers' places, and
draws them as pyqtgraph would (the same symbol shapes, the marker drawn once
as an image and copied to each point on screen, as vector paths in an
export), for about a third of the cost of a switch's series (issue 14).

Its style is in ``opts`` (``pen``, ``symbol``, ``symbolSize``, ``symbolBrush``,
``symbolPen``) as in a ``PlotDataItem``, read at each paint: the theme's
recolouring and the exports' widened pens (``theme.remap_scene``,
``export_render``) change it there, as they do pyqtgraph's items'. A point
whose value is not finite (NaN) breaks the line there and has no marker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols, renderSymbol
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

__all__ = ["SeriesLine"]


class SeriesLine(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph ships no types
    """A line through finite points, broken at NaN, with one marker style for all points."""

    def __init__(self, *, pen: QPen, symbol: str | None = None, symbolSize: float = 8,
                 symbolBrush: QBrush | None = None, symbolPen: QPen | None = None) -> None:
        super().__init__()
        self.opts: dict[str, Any] = {"pen": pen, "symbol": symbol, "symbolSize": symbolSize,
                                     "symbolBrush": symbolBrush if symbolBrush is not None else QBrush(),
                                     "symbolPen": symbolPen if symbolPen is not None else QPen(),
                                     # As pyqtgraph's items: the desk turns it on (ui.app).
                                     "antialias": pg.getConfigOption("antialias")}
        self.xData: np.ndarray | None = None
        self.yData: np.ndarray | None = None
        self._line = QPainterPath()
        self._markers: list[QPointF] = []  # the finite points, in data coordinates
        self._data_rect = QRectF()
        self._padding: tuple[float, float] | None = None  # half a marker, in data units
        self._stamp: tuple[tuple[object, ...], QPixmap] | None = None  # the marker drawn once

    # data -----------------------------------------------------------------

    def setData(self, x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> None:
        xs = np.asarray(x, dtype=float)
        ys = np.asarray(y, dtype=float)
        finite = np.isfinite(ys) & np.isfinite(xs)
        if not finite.any() and self.yData is None:
            return  # empty and staying empty: nothing to draw again
        self.prepareGeometryChange()
        if not finite.any():
            self.xData = self.yData = None
            self._line = QPainterPath()
            self._markers = []
            self._data_rect = QRectF()
        else:
            self.xData, self.yData = xs, ys
            self._line = pg.arrayToQPath(xs, ys, connect="finite")
            fx, fy = xs[finite], ys[finite]
            self._markers = [QPointF(px, py) for px, py in zip(fx.tolist(), fy.tolist(), strict=True)]
            left, bottom = float(fx.min()), float(fy.min())
            self._data_rect = QRectF(left, bottom, float(fx.max()) - left, float(fy.max()) - bottom)
        self.update()

    def getData(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        return self.xData, self.yData

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None) -> tuple[float, float] | None:
        """The data's range on axis ``ax`` (what a ViewBox auto-ranges to): all of it.

        ``frac`` (a share of the points to cover) and ``orthoRange`` (only the
        points within the other axis's range) are pyqtgraph's for long series;
        the trajectory chart sets its ranges itself, and a series here is a
        few dozen points, so the whole range is the answer to both."""
        if self.yData is None:
            return None
        rect = self._data_rect
        return (rect.left(), rect.right()) if ax == 0 else (rect.top(), rect.bottom())

    # geometry -------------------------------------------------------------

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        self._padding = None

    def _pad(self) -> tuple[float, float]:
        """Half a marker (or the pen's width) each way, in data units at the current zoom."""
        if self._padding is None:
            pixel = self.pixelVectors()
            px, py = pixel if pixel[0] is not None else (QPointF(0, 0), QPointF(0, 0))
            half = (self.opts["symbolSize"] if self.opts["symbol"] else 0) / 2 + self.opts["pen"].widthF() + 1
            self._padding = (abs(px.x()) * half + abs(py.x()) * half, abs(px.y()) * half + abs(py.y()) * half)
        return self._padding

    def boundingRect(self) -> QRectF:
        if self.yData is None:
            return QRectF()
        dx, dy = self._pad()
        return self._data_rect.adjusted(-dx, -dy, dx, dy)

    # drawing --------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.yData is None:
            return
        opts = self.opts
        export = self._exportOpts if self._exportOpts is not False else None
        painter.setRenderHint(QPainter.RenderHint.Antialiasing,
                              export.get("antialias", True) if export is not None else opts["antialias"])
        painter.setPen(opts["pen"])
        painter.setBrush(QBrush())
        painter.drawPath(self._line)
        symbol = opts["symbol"]
        if not symbol or not self._markers:
            return
        transform = painter.transform()
        places = [transform.map(point) for point in self._markers]
        painter.resetTransform()
        if export is not None:
            # Vector markers, sized for the export (as pyqtgraph's markers in export mode).
            size = opts["symbolSize"] * export.get("resolutionScale", 1.0)
            for place in places:
                painter.resetTransform()
                painter.translate(place)
                pg.graphicsItems.ScatterPlotItem.drawSymbol(painter, symbol, size, opts["symbolPen"],
                                                            opts["symbolBrush"])
            painter.setTransform(transform)
            return
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        stamp = self._marker_stamp(ratio)
        half = stamp.width() / ratio / 2
        for place in places:
            painter.drawPixmap(QPointF(place.x() - half, place.y() - half), stamp)
        painter.setTransform(transform)

    def _marker_stamp(self, ratio: float) -> QPixmap:
        """The marker drawn once, as pyqtgraph's markers are on screen (``renderSymbol``)."""
        opts = self.opts
        pen, brush = opts["symbolPen"], opts["symbolBrush"]
        key = (opts["symbol"], opts["symbolSize"], pen.color().rgba(), pen.widthF(), pen.style(),
               brush.color().rgba(), brush.style(), ratio)
        if self._stamp is None or self._stamp[0] != key:
            image: QImage = renderSymbol(Symbols[opts["symbol"]], opts["symbolSize"], pen, brush, dpr=ratio)
            self._stamp = (key, QPixmap.fromImage(image))
        return self._stamp[1]

