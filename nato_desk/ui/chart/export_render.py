"""Painting a chart's pyqtgraph scene into an export: the window's scene, made fit for paper.

The export renders the same scene the window shows (ARCHITECTURE §6), laid out
afresh at a logical size of about 1000 px wide and mapped onto the export's
pixels by the painter's transform alone. Four things must differ from the
screen, each a defect seen in real use (issue 9):

- **Resolution.** pyqtgraph's axes and bar charts cache their drawing in a
  ``QPicture``, and ``QPicture.play`` scales what it replays by the target
  device's logical DPI / 96; fonts in points grow with the DPI as well. On a
  150 dpi image the axis (ticks, tick labels, grid) came out 1.56 times too
  large against the data: the 2% line sat at "3.45" and the x axis stopped at
  2025. So the scene is only ever painted on a device of 96 logical dpi
  (``LOGICAL_DPI``); callers give an image its real DPI after painting, and
  write SVG and PDF at 96 dpi (both are vector: the DPI changes nothing
  there). ``paint_scene`` refuses any other device.
- **Line widths.** pyqtgraph's pens are cosmetic (their width is in device
  pixels), so lines stayed 1-3 px while everything else grew with the export.
  During an export every cosmetic pen is widened by the export's scale, and
  restored afterwards.
- **Markers.** In export mode ``ScatterPlotItem`` draws each marker as a
  path instead of copying cached bitmaps: vector in SVG and PDF.
- **Transient overlays.** The hover box and crosshair (marked with
  ``mark_transient``), pyqtgraph's auto-range button and a zoom rubber band
  are hidden while the export is painted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from nato_desk.ui.theme import on_paper

__all__ = ["LOGICAL_DPI", "LOGICAL_WIDTH", "is_transient", "mark_transient", "paint_scene", "widen_pens"]

LOGICAL_DPI = 96
LOGICAL_WIDTH = 1000.0  # the plot is laid out this wide, so its fonts come out at slide size
_TRANSIENT_KEY = 0x7472  # QGraphicsItem.data key: "hide me in exports"


def mark_transient(item: QGraphicsItem) -> None:
    """Mark ``item`` (a hover box, a crosshair) as never part of an export."""
    # Called unbound: pyqtgraph items shadow ``data``/``setData`` with their own.
    QGraphicsItem.setData(item, _TRANSIENT_KEY, True)


def is_transient(item: QGraphicsItem) -> bool:
    return bool(QGraphicsItem.data(item, _TRANSIENT_KEY))


def paint_scene(painter: QPainter, plot: pg.PlotWidget, target: QRectF, min_height: int) -> None:
    """Paint ``plot``'s plot item into ``target`` (device units of ``painter``).

    The plot is laid out at a logical size matching ``target``'s shape (about
    ``LOGICAL_WIDTH`` wide; a view that needs height, like 31 ranked bars,
    gets at least ``min_height``), painted, and left as it was.

    Raises:
        ValueError: the painter's device is not at ``LOGICAL_DPI``.
    """
    device = painter.device()
    if device is not None and (device.logicalDpiX(), device.logicalDpiY()) != (LOGICAL_DPI, LOGICAL_DPI):
        raise ValueError(f"paint the chart on a {LOGICAL_DPI} dpi device, not {device.logicalDpiX()} dpi")
    item = plot.getPlotItem()
    scale = target.width() / LOGICAL_WIDTH
    if target.height() / scale < min_height:
        scale = target.height() / min_height
    scale = max(scale, 0.25)
    logical = QRectF(0, 0, target.width() / scale, target.height() / scale)
    scene = plot.scene()
    old_geometry = item.geometry()
    # on_paper: an export is in the light palette whatever the window's theme (ui/theme).
    with _without_title(item), _legends_scaling(scene), _transients_hidden(scene), on_paper(scene), \
            _caches_off(scene):
        item.setGeometry(logical)
        item.layout.activate()
        try:
            # A first pass lets the axes measure their tick text at this size
            # (they do so while painting), so a tab never yet shown gets its labels.
            warm_up = QImage(max(1, round(logical.width())), max(1, round(logical.height())),
                             QImage.Format.Format_ARGB32)
            warm_painter = QPainter(warm_up)
            scene.render(warm_painter, QRectF(warm_up.rect()), item.mapRectToScene(item.boundingRect()),
                         Qt.AspectRatioMode.IgnoreAspectRatio)
            warm_painter.end()
            item.setGeometry(logical)
            item.layout.activate()
            with _export_mode(scene, painter, scale), _pens_scaled(scene, scale):
                scene.render(painter, target, item.mapRectToScene(item.boundingRect()),
                             Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            item.setGeometry(old_geometry)
            item.layout.activate()
            _forget_pictures(scene)


# what changes for the export, and is put back ----------------------------------

@contextlib.contextmanager
def _without_title(item: pg.PlotItem) -> Iterator[None]:
    """The export's header carries the title; the plot's own would repeat it."""
    title_text, title_opts = item.titleLabel.text, dict(item.titleLabel.opts)
    had_title = item.titleLabel.isVisible()
    if had_title:
        item.setTitle(None)
    try:
        yield
    finally:
        if had_title:
            item.setTitle(title_text, **{k: v for k, v in title_opts.items() if k in ("size", "color")})


@contextlib.contextmanager
def _legends_scaling(scene: QGraphicsScene) -> Iterator[None]:
    """Legends that ignore transformations must scale with the chart, or come out tiny."""
    flag = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
    legends = [i for i in scene.items() if isinstance(i, pg.LegendItem) and bool(i.flags() & flag)]
    for legend in legends:
        legend.setFlag(flag, False)
    try:
        yield
    finally:
        for legend in legends:
            legend.setFlag(flag, True)


@contextlib.contextmanager
def _transients_hidden(scene: QGraphicsScene) -> Iterator[None]:
    hidden = []
    for it in scene.items():
        if it.isVisible() and (is_transient(it) or _is_rubber_band(it)):
            it.hide()
            hidden.append(it)
    try:
        yield
    finally:
        for it in hidden:
            it.show()


def _is_rubber_band(item: QGraphicsItem) -> bool:
    parent = item.parentItem()
    return isinstance(parent, pg.ViewBox) and item is getattr(parent, "_rbScaleBox", None)


@contextlib.contextmanager
def _caches_off(scene: QGraphicsScene) -> Iterator[None]:
    """Items the window caches as pixmaps (``hover_paint.cache_static``) painted as
    vectors: an export never holds a screen bitmap of an axis or a label."""
    cached = [(it, it.cacheMode()) for it in scene.items()
              if it.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for it, _ in cached:
        it.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for it, mode in cached:
            it.setCacheMode(mode)


@contextlib.contextmanager
def _export_mode(scene: QGraphicsScene, painter: QPainter, scale: float) -> Iterator[None]:
    """pyqtgraph's export mode: vector markers sized for the export, no auto-range button."""
    opts = {"antialias": True, "background": pg.mkColor("w"), "painter": painter, "resolutionScale": scale}
    items = [it for it in scene.items() if hasattr(it, "setExportMode")]
    for it in items:
        it.setExportMode(True, opts)
    try:
        yield
    finally:
        for it in items:
            it.setExportMode(False)


@contextlib.contextmanager
def _pens_scaled(scene: QGraphicsScene, scale: float) -> Iterator[None]:
    """Widen every cosmetic pen in the scene by ``scale``, and put the originals back."""
    undo = _widen(scene, scale)
    try:
        yield
    finally:
        for container, (attribute, key), value in reversed(undo):
            if attribute:
                setattr(container, key, value)
            else:
                container[key] = value
        _forget_pictures(scene)


def widen_pens(scene: QGraphicsScene, scale: float) -> None:
    """Widen every cosmetic pen in the scene by ``scale`` for good: a chart shown
    larger than in the window (presenter mode) keeps its lines in proportion."""
    _widen(scene, scale)


def _widen(scene: QGraphicsScene, scale: float) -> list[tuple[Any, Any, Any]]:
    """Widen every cosmetic pen (pyqtgraph keeps pens in attributes, ``opts`` and
    per-point arrays); returns what was replaced, to undo it."""
    undo: list[tuple[Any, Any, Any]] = []  # (container, (attribute?, key), original)

    def swap(container: Any, key: Any, value: Any, *, attribute: bool) -> None:
        scaled = _scaled_value(value, scale)
        if scaled is None:
            return
        undo.append((container, (attribute, key), value))
        if attribute:
            setattr(container, key, scaled)
        else:
            container[key] = scaled

    for it in scene.items():
        for name, value in list(vars(it).items()):
            swap(it, name, value, attribute=True)
        opts = getattr(it, "opts", None)
        if isinstance(opts, dict):
            for key, value in list(opts.items()):
                swap(opts, key, value, attribute=False)
        data = getattr(it, "data", None)
        if isinstance(it, pg.ScatterPlotItem) and isinstance(data, np.ndarray) and "pen" in (data.dtype.names or ()):
            column = data["pen"]
            for i, value in enumerate(column):
                swap(column, i, value, attribute=False)
    _forget_pictures(scene)
    return undo


def _scaled_value(value: Any, scale: float) -> Any:
    """A scaled copy of a cosmetic pen, or of a list of them; None if nothing to scale."""
    if isinstance(value, QPen):
        if not value.isCosmetic() or value.style() == Qt.PenStyle.NoPen:
            return None
        pen = QPen(value)
        pen.setWidthF((value.widthF() or 1.0) * scale)  # width 0 is one device pixel
        return pen
    if isinstance(value, list) and value and all(isinstance(v, QPen) for v in value):
        return [_scaled_value(v, scale) or v for v in value]
    return None


def _forget_pictures(scene: QGraphicsScene) -> None:
    """Axes and bars cache their drawing (pens included); make them draw afresh."""
    for it in scene.items():
        if hasattr(it, "picture") and not callable(it.picture):
            it.picture = None
            it.update()
