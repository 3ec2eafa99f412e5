"""A chart series drawn by ``SeriesLine`` looks exactly as pyqtgraph's own ``PlotDataItem``
drew it: on screen, restyled by the theme, and in an export (vector markers at the export's scale)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from support.series_plot import frames, series_plot

from nato_desk.ui.chart.export_render import LOGICAL_DPI, LOGICAL_WIDTH, paint_scene
from nato_desk.ui.chart.series_line import SeriesLine

YEARS = np.arange(2014, 2027, dtype=float)
RNG = np.random.default_rng(14)
SERIES = [RNG.uniform(0.5, 4.5, len(YEARS)) for _ in range(4)]


@pytest.fixture(autouse=True)
def _antialiased():
    """As the desk draws its charts (``ui.app``)."""
    was = pg.getConfigOption("antialias")
    pg.setConfigOptions(antialias=True)
    yield
    pg.setConfigOptions(antialias=was)


def _styles() -> list[dict[str, object]]:
    """The chart's four kinds of line: actual, estimate (hollow), plan (half-tone), scenario (no marker)."""
    return [
        {"pen": pg.mkPen("#0072B2", width=3), "symbol": "o", "symbolSize": 9,
         "symbolBrush": pg.mkBrush("#0072B2"), "symbolPen": pg.mkPen("#00507d")},
        {"pen": pg.mkPen("#E69F00", width=2, style=Qt.PenStyle.DotLine), "symbol": "s", "symbolSize": 8,
         "symbolBrush": pg.mkBrush("w"), "symbolPen": pg.mkPen("#E69F00", width=2)},
        {"pen": pg.mkPen("#009E73", width=2, style=Qt.PenStyle.DashLine), "symbol": "t1", "symbolSize": 8,
         "symbolBrush": pg.mkBrush("#7fd8c0"), "symbolPen": pg.mkPen("#009E73", width=2)},
        {"pen": pg.mkPen("#CC79A7", width=2, style=Qt.PenStyle.DashDotLine)},
    ]


def _pyqtgraphs(**style: object) -> pg.PlotDataItem:
    return pg.PlotDataItem(connect="finite", **style)


def _restyle(item: pg.GraphicsObject, **style: object) -> None:
    """A new pen or brush, as the theme's recolouring gives it (``theme.remap_scene``)."""
    if isinstance(item, SeriesLine):
        item.opts.update(style)
        item.update()
    else:
        item.setPen(style["pen"])
        item.setSymbolBrush(style["symbolBrush"])


def _plot(qtbot, make: Callable[..., pg.GraphicsObject]) -> tuple[pg.PlotWidget, list[pg.GraphicsObject]]:
    return series_plot(qtbot, make, _styles())


def _an_analysts_session(items: list[pg.GraphicsObject]) -> Iterator[None]:
    # One ally after another, with gaps (NaN), empty series, a zoom and a new colour.
    # (The chart hands pyqtgraph's item no all-NaN series: it warns on them.)
    for step, values in enumerate(SERIES):
        for k, item in enumerate(items):
            y = values + k * 0.4
            if (step + k) % 2:
                y = y.copy()
                y[4] = np.nan
                y[-1] = np.nan
            item.setData(YEARS, y)
        yield
    items[1].setData([], [])
    items[2].setData([], [])
    yield
    _restyle(items[1], pen=pg.mkPen("#56B4E9", width=2, style=Qt.PenStyle.DashLine),
             symbolBrush=pg.mkBrush("#56B4E9"))
    items[1].setData(YEARS, SERIES[0])
    items[2].setData(YEARS[:3], SERIES[3][:3])
    yield
    items[0].getViewBox().setRange(xRange=(2018, 2024), yRange=(1, 4), padding=0)
    yield


def _frames(qtbot, make: Callable[..., pg.GraphicsObject]) -> list[QImage]:
    widget, items = _plot(qtbot, make)
    return frames(qtbot, widget, _an_analysts_session(items))


def test_it_draws_on_screen_what_pyqtgraphs_item_draws(qtbot) -> None:
    ours, theirs = _frames(qtbot, SeriesLine), _frames(qtbot, _pyqtgraphs)
    assert len(ours) == len(theirs) == 7
    for step, (mine, base) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == base, f"step {step} draws differently"


def _exported(qtbot, make: Callable[..., pg.GraphicsObject], scale: float) -> QImage:
    """The plot painted by the exports' own painting (``export_render.paint_scene``)."""
    widget, items = _plot(qtbot, make)
    for item, values in zip(items, SERIES, strict=True):
        y = values.copy()
        y[6] = np.nan
        item.setData(YEARS, y)
    image = QImage(round(LOGICAL_WIDTH * scale), round(LOGICAL_WIDTH * scale * 0.6), QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(LOGICAL_DPI / 0.0254))
    image.setDotsPerMeterY(round(LOGICAL_DPI / 0.0254))
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    paint_scene(painter, widget, QRectF(image.rect()), min_height=200)
    painter.end()
    return image


@pytest.mark.parametrize("scale", [0.6, 2.5])
def test_an_export_draws_the_markers_as_pyqtgraph_does_at_the_exports_scale(qtbot, scale) -> None:
    assert _exported(qtbot, SeriesLine, scale) == _exported(qtbot, _pyqtgraphs, scale)


def test_what_it_holds_and_where_it_draws(qtbot) -> None:
    _widget, items = _plot(qtbot, SeriesLine)
    line = items[0]
    assert line.getData() == (None, None) and line.boundingRect().isEmpty()
    y = SERIES[0].copy()
    y[[0, 5]] = np.nan
    line.setData(YEARS, y)
    xs, ys = line.getData()
    assert list(xs) == list(YEARS) and np.array_equal(ys, y, equal_nan=True)
    # The ViewBox's auto-range sees the finite points only.
    assert line.dataBounds(0) == (2015.0, 2026.0)
    assert line.dataBounds(1) == (float(np.nanmin(y)), float(np.nanmax(y)))
    # Its bounds hold every point with half a marker to spare, whatever the zoom.
    rect = line.boundingRect()
    assert rect.left() < 2015 and rect.right() > 2026
    assert rect.top() < np.nanmin(y) and rect.bottom() > np.nanmax(y)
    for nothing in ([], np.full(len(YEARS), np.nan)):
        line.setData(YEARS[:len(nothing)], nothing)
        assert line.getData() == (None, None) and line.boundingRect().isEmpty()
        assert line.dataBounds(1) is None
