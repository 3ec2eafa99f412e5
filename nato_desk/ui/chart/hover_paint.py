"""What a mouse move over the trajectory chart costs: the crosshair, not the plot.

Every move over the chart moved the crosshair and, at each new year, changed
the readout box; Qt repaints every item under the region they leave and
enter. With the grid on, that region is under both axes (pyqtgraph draws the
grid as part of each axis, replaying its whole picture), under the line-end
names and the target and event labels (text laid out again), and under the
readout box itself: about 2.7 times what a bare pyqtgraph crosshair costs
(issue 14). Two things keep a move to the crosshair's own cost:

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

from collections.abc import Iterable
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem

__all__ = ["cache_static", "quiet_hover"]


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
