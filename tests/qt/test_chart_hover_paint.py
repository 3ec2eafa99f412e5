"""Issue 14: a mouse move over the chart repaints the crosshair, not the plot
(``chart/hover_paint``), and an ally switch is painted once (``one_pass``).

What a user would notice if these went wrong: a readout box or axis frozen in
an old state (a stale cache), an export holding a screen bitmap instead of
vector axes, the plot's hover (its auto-range button) never told the pointer
came or left, or the window painting a switch of ally in several steps.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem, QWidget

from nato_desk.ui.chart_export import ChartSpec, svg_bytes


def _move(view, pos: QPoint) -> None:
    viewport = view.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def _year_point(chart, year: float) -> QPoint:
    view = chart.plot_widget.getPlotItem().getViewBox()
    (_, _), (y0, y1) = view.viewRange()
    scene = view.mapViewToScene(QPointF(year, (y0 + y1) / 2))
    return chart.plot_widget.mapFromScene(scene)


def _pixels(widget: QWidget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(widget.grab().toImage().Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine()).copy()


def _year_under(chart, pos: QPoint) -> int:
    view = chart.plot_widget.getPlotItem().getViewBox()
    return round(view.mapSceneToView(chart.plot_widget.mapToScene(pos)).x())


def test_the_readout_box_shows_each_year_the_pointer_reaches(qtbot, compared_window):
    chart = compared_window.chart_panel.chart
    first = _year_point(chart, 2018)
    _move(chart.plot_widget, first)
    year = _year_under(chart, first)
    # The box at that year, not merely shown: the pointer a test before left over the
    # plot shows it at another year when the chart is drawn (``_pointer_year``).
    qtbot.waitUntil(lambda: chart.hover_label.isVisible()
                    and chart.hover_label.textItem.toPlainText().startswith(str(year)))
    assert chart.hover_label.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    assert chart.hover_label.textItem.toPlainText().startswith(str(year))
    before = _pixels(chart.plot_widget)
    _move(chart.plot_widget, _year_point(chart, year + 2))
    qtbot.waitUntil(lambda: chart.hover_label.textItem.toPlainText().startswith(str(year + 2)))
    # The cached box is drawn anew: what is on screen changed, not only the item's text.
    assert not np.array_equal(before, _pixels(chart.plot_widget))
    assert "Spain" in chart.hover_label.textItem.toPlainText()


def test_the_plot_is_told_when_the_pointer_comes_and_goes(qtbot, compared_window):
    chart = compared_window.chart_panel.chart
    plot = chart.plot_widget.getPlotItem()
    _move(chart.plot_widget, _year_point(chart, 2016))
    assert plot.mouseHovering  # the auto-range button may show
    _move(chart.plot_widget, _year_point(chart, 2017))  # a move inside skips the search...
    assert plot.mouseHovering  # ...and the plot still knows
    QApplication.sendEvent(chart.plot_widget, QEvent(QEvent.Type.Leave))  # the pointer leaves the chart
    assert not plot.mouseHovering


def test_an_export_paints_axes_as_vectors_not_the_screen_cache(qtbot, compared_window):
    chart = compared_window.chart_panel.chart
    axis = chart.plot_widget.getPlotItem().getAxis("left")
    assert axis.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    spec = ChartSpec(title="T", subtitle="S", source_line="Source: x", marking="")
    text = svg_bytes(chart, QSize(1000, 600), spec).decode("utf-8")
    assert "<image" not in text  # no bitmap of an axis or a label
    assert ">2035<" in text and ">5<" in text  # tick labels are text
    assert axis.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache  # and the window's back


class _Passes(QObject):
    """Paint passes of one window: the UpdateRequests it is sent."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window, self.passes = window, 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.UpdateRequest and watched is self.window:
            self.passes += 1
        return False


def _run_until_idle(qtbot, counter: _Passes) -> None:
    """Until the window has painted, then every event already queued (no sleeping)."""
    qtbot.waitUntil(lambda: counter.passes >= 1)
    for _ in range(10):
        QApplication.processEvents()


def test_a_switch_of_ally_is_painted_in_one_pass(qtbot, desk_window):
    # Focus in the list, as when holding Down there (a focused filter box's blinking
    # cursor would paint passes of its own).
    desk_window.member_list.table.setFocus()
    counter = _Passes(desk_window)
    QApplication.instance().installEventFilter(counter)
    try:
        desk_window.member_list.select("FRA")
        _run_until_idle(qtbot, counter)
        counts = []
        # Allies with no note under the chart (a note coming or going resizes the
        # plot, which the splitter settles in a pass of its own).
        for code in ("DEU", "NLD", "NOR", "ROU", "SVK"):
            counter.passes = 0
            desk_window.member_list.select(code)
            _run_until_idle(qtbot, counter)
            counts.append(counter.passes)
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert desk_window.detail_pane.iso3 == "SVK"
    assert counts == [1] * 5  # was 4 each: the pane and the chart laid out and painted in steps
