"""What a mouse move over the trajectory chart costs: the crosshair, not the plot.

Every move over the chart moved the crosshair and, at each new year, changed
the readout box; Qt repaints every item under the region they leave and
enter. With the grid on, that region is under both axes (pyqtgraph draws the
grid as part of each axis, replaying its whole picture), under the line-end
names and the target and event labels (text laid out again), and under the
readout box itself: about 2.7 times what a bare pyqtgraph crosshair costs
(issue 14). Three things keep a move to the crosshair's own cost:

* ``HoverOverlay``: the crosshair and the readout box are painted by the view
  over a picture of the plot taken once after the plot last changed, so a
  move copies two thin strips and the box's place from that picture instead
  of repainting the lines and markers under them (see the class).

* ``cache_static``: the axes and the texts that do not change while the
  pointer moves are cached as device pixmaps (``DeviceCoordinateCache``), so
  a repaint under the crosshair copies them instead of drawing them. Qt
  drops an item's cache whenever the item itself changes (a new range, new
  text), so what is shown is always current. Exports turn the caches off
  (``export_render._caches_off``): they stay vector.
* ``quiet_hover``: pyqtgraph looks for hover targets under the pointer at
  every move (two scene queries over every marker set's bounds, about 2 ms).
  On this chart only the plot item (its auto-range button) and the legend
  (dragged) take hover; the series, lines and labels do nothing with it. The
  scene's hover dispatch is left out while the pointer stays inside the
  plot's data area, where only the plot item is, and it already knows the
  pointer is over it; pyqtgraph's own dispatch runs everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QRegion, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

__all__ = ["HoverOverlay", "cache_static", "quiet_hover"]


def cache_static(items: Iterable[QGraphicsItem]) -> None:
    """Draw ``items`` from a device pixmap until they change."""
    for item in items:
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def quiet_hover(plot: pg.PlotItem) -> None:
    """Skip pyqtgraph's hover search for moves that stay inside ``plot``'s data area."""
    scene = plot.scene()
    view = plot.getViewBox()
    dispatch = scene.sendHoverEvents  # pyqtgraph's, bound to the scene
    state = {"inside": False}

    def send_hover_events(ev: Any, exitOnly: bool = False) -> None:  # noqa: N803 - pyqtgraph's name
        inside = (not exitOnly and not ev.buttons()
                  and view.sceneBoundingRect().contains(ev.scenePos()))
        if inside and state["inside"]:
            return  # still over the data: the same hover targets as the last move
        state["inside"] = inside
        dispatch(ev, exitOnly)

    scene.sendHoverEvents = send_hover_events


class HoverOverlay(QObject):
    """The crosshair and readout box painted over a picture of the plot.

    Moving a scene item makes Qt repaint every item under the region it left
    and entered: the six allies' lines and markers, about 7 ms a move under
    load. Here the crosshair and the box stay scene items (their position,
    text and visibility are the chart's state, and an export hides them as
    transient), but fully transparent, so the scene neither paints them nor
    repaints anything when they move. The view paints them itself, over a
    device pixmap of the scene taken at the first hover paint after the scene
    last changed (any ``QGraphicsScene.changed``, a resize, a theme's new
    background): a move repaints two thin strips from that pixmap plus the
    line and the box. Without a hover, the view paints as pyqtgraph does.
    """

    def __init__(self, view: pg.PlotWidget, items: Sequence[QGraphicsItem], clip: pg.ViewBox, *,
                 below: Sequence[QGraphicsItem] = (), above: Sequence[QGraphicsItem] = ()) -> None:
        super().__init__(view)
        self._view = view
        self._items = list(items)
        self._clip = clip  # the data area: the items lived in it and were clipped to it
        self._cache: QPixmap | None = None
        self._shown = QRect()  # where the overlay was last painted, viewport pixels
        self._painting = False
        self._background = view.backgroundBrush()
        self._above = list(above)  # drawn over them (the axes, which draw the grid)
        self._grid: QImage | None = None  # the axes' layer, for _above
        self._below = list(below)  # drawn under the plot's lines and markers (the crosshair)
        self._over: QImage | None = None  # the plot's lines and markers where they cover the crosshair
        self._own_rects: list[QRectF] = []  # the overlay items' scene rects since the last change
        for item in self._items:
            item.setOpacity(0.0)  # the scene neither paints nor repaints them
            _prime(item)
        view.scene().changed.connect(self._scene_changed)
        view.viewport().installEventFilter(self)

    def refresh(self) -> None:
        """Repaint where the overlay was and where it is now (call after moving it)."""
        self._own_rects.extend(self._scene_rects())
        if self._cache is None and self._visible():
            self._cache, self._background = self._picture(), self._view.backgroundBrush()
        rect = self._rect()
        dirty = rect.united(self._shown)
        if not dirty.isEmpty():
            self._view.viewport().update(dirty)

    def invalidate(self) -> None:
        """The plot under the overlay changed: take a new picture at the next hover."""
        self._cache = None

    def _scene_changed(self, rects: list[QRectF]) -> None:
        # The overlay's own items still mark the scene dirty where they were and
        # are (transparent, they paint nothing there): that is no change of the plot.
        own = [rect.adjusted(-2, -2, 2, 2) for rect in self._own_rects]
        if not all(any(o.contains(rect) for o in own) for rect in rects):
            self._cache = None
        self._own_rects = self._scene_rects()
        self.refresh()  # the items may have moved with the range

    def _scene_rects(self) -> list[QRectF]:
        return [part.sceneBoundingRect() for item in self._visible()
                for part in (item, *item.childItems()) if part.isVisible()]

    def _visible(self) -> list[QGraphicsItem]:
        return [item for item in self._items if item.isVisible()]

    def _region(self, *, exact: bool = False, only: QGraphicsItem | None = None) -> QRegion:
        """The viewport pixels the overlay's items (or ``only``) cover."""
        region = QRegion()
        transform = self._view.viewportTransform()
        for item in self._visible() if only is None else [only]:
            for part in (item, *item.childItems()):
                if part.isVisible():
                    rect = part.deviceTransform(transform).mapRect(part.boundingRect())
                    region = region.united(rect.toRect() if exact else rect.toAlignedRect())
        return region

    def _rect(self) -> QRect:
        view = self._view
        rect = self._region().boundingRect()
        if rect.isEmpty():
            return QRect()
        clip = view.mapFromScene(self._clip.sceneBoundingRect()).boundingRect()
        return rect.adjusted(-2, -2, 2, 2).intersected(clip.adjusted(-2, -2, 2, 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype == QEvent.Type.Resize:
            self._cache = None
        if etype != QEvent.Type.Paint or self._painting:
            return False
        visible = self._visible()
        if not visible:
            self._shown = QRect()
            return False  # pyqtgraph's own paint
        view = self._view
        viewport = view.viewport()
        background = view.backgroundBrush()  # a theme switch sets it outside the scene
        if (self._cache is None or self._cache.deviceIndependentSize().toSize() != viewport.size()
                or background != self._background):
            # The plot changed since the picture: pyqtgraph paints it, the overlay goes
            # on top, and the next hover takes a new picture (not here: a grab inside
            # a paint event leaves the viewport without a paint engine).
            self._cache = None
            self._painting = True
            try:
                view.paintEvent(event)
            finally:
                self._painting = False
            painter = QPainter(viewport)
        else:
            painter = QPainter(viewport)
            painter.setClipRegion(event.region())  # type: ignore[attr-defined]
            painter.drawPixmap(0, 0, self._cache)
        painter.setRenderHints(view.renderHints())
        area = QRegion(view.mapFromScene(self._clip.sceneBoundingRect()).boundingRect())
        area = area.intersected(event.region())  # type: ignore[attr-defined]
        transform = view.viewportTransform()
        for item in visible:
            painter.setClipRegion(area)
            _paint_tree(painter, item, transform, viewport)
            if item in self._below and self._over is not None and self._cache is not None:
                # The lines and markers stay on top of the crosshair, as in the scene.
                painter.setClipRegion(area.intersected(self._region(exact=True, only=item)))
                painter.drawImage(0, 0, self._over)
        if self._grid is not None and self._cache is not None:
            # The grid, drawn by the axes above the data area, stays over both.
            painter.setClipRegion(area.intersected(self._region(exact=True)))
            painter.drawImage(0, 0, self._grid)
        painter.end()
        self._shown = self._rect()
        return True

    def _picture(self) -> QPixmap:
        """The viewport as pyqtgraph paints it, without the overlay; and where
        the plot's items above the crosshair cover it (``self._over``)."""
        view = self._view
        viewport = view.viewport()
        self._painting = True
        try:
            full: QPixmap = viewport.grab()
        finally:
            self._painting = False
        order = view.scene().items(Qt.SortOrder.AscendingOrder)
        lowest = min((order.index(item) for item in self._below), default=len(order))
        over = [item for item in self._clip.childGroup.childItems()
                if item not in self._items and item.isVisible() and item.opacity() > 0
                and order.index(item) > lowest]
        # Painted on a transparent image, not hidden in the scene: hiding them
        # would be a change of the plot, and so a new picture, without end.
        ratio = full.devicePixelRatio()
        mask = QImage(full.size(), QImage.Format.Format_ARGB32_Premultiplied)
        mask.setDevicePixelRatio(ratio)
        mask.fill(Qt.GlobalColor.transparent)
        painter = QPainter(mask)
        painter.setRenderHints(view.renderHints())
        painter.setClipRect(view.mapFromScene(self._clip.sceneBoundingRect()).boundingRect())
        transform = view.viewportTransform()
        for item in over:
            _paint_tree(painter, item, transform, viewport)
        painter.end()
        self._over = _covered(full, mask)
        # The axes on a layer of their own (replayed on the window, their
        # recorded picture would replace the overlay's clip).
        self._grid = None
        if self._above:
            grid = QImage(full.size(), QImage.Format.Format_ARGB32_Premultiplied)
            grid.setDevicePixelRatio(ratio)
            grid.fill(Qt.GlobalColor.transparent)
            painter = QPainter(grid)
            painter.setRenderHints(view.renderHints())
            for item in self._above:
                if item.isVisible():
                    _paint_tree(painter, item, transform, viewport)
            painter.end()
            self._grid = grid
        return full


def _covered(picture: QPixmap, mask: QImage) -> QImage:
    """``picture``'s pixels where ``mask`` is at least half opaque; clear elsewhere."""
    image = picture.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    w, h = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint32, count=image.sizeInBytes() // 4).reshape(h, -1)[:, :w]
    alpha = np.frombuffer(mask.constBits(), np.uint32, count=mask.sizeInBytes() // 4).reshape(h, -1)[:, :w] >> 24
    kept = np.ascontiguousarray(np.where(alpha >= 128, pixels, 0).astype(np.uint32))
    out = QImage(kept.tobytes(), w, h, w * 4, QImage.Format.Format_ARGB32).copy()
    out.setDevicePixelRatio(picture.devicePixelRatio())
    return out


def _prime(item: QGraphicsItem) -> None:
    """Let an item do its first-paint setup (a TextItem then follows the view's
    transform before each paint) on a scratch image, not on the window."""
    scratch = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(scratch)
    _paint_tree(painter, item, QTransform(), None)
    painter.end()


def _paint_tree(painter: QPainter, item: QGraphicsItem, transform: QTransform, widget: QWidget | None) -> None:
    """Paint ``item`` and its visible children as the scene would, ignoring their opacity."""
    option = QStyleOptionGraphicsItem()
    option.exposedRect = item.boundingRect()
    painter.save()
    painter.setTransform(item.deviceTransform(transform))
    if not item.flags() & QGraphicsItem.GraphicsItemFlag.ItemHasNoContents:
        item.paint(painter, option, widget)
    painter.restore()
    for child in sorted(item.childItems(), key=lambda c: c.zValue()):
        if child.isVisible():
            _paint_tree(painter, child, transform, widget)
