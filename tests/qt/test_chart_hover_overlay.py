"""Issue 14: the crosshair and readout box are painted over a picture of the
plot (``chart/hover_paint.HoverOverlay``). What a user would notice if the
picture went stale: a line they turned off still on screen while they hover.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def _move(view, pos: QPoint) -> None:
    viewport = view.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)

def _point(chart, year: float, value: float) -> QPoint:
    view = chart.plot_widget.getPlotItem().getViewBox()
    return chart.plot_widget.mapFromScene(view.mapViewToScene(QPointF(year, value)))

def _dark(chart, y: int) -> int:
    """How many pixels of the plot's row ``y`` are near black."""
    image = chart.plot_widget.viewport().grab().toImage()
    colours = [image.pixelColor(x, y) for x in range(image.width())]
    return sum(max(c.red(), c.green(), c.blue()) < 90 for c in colours)

def test_a_line_turned_off_while_hovering_leaves_the_screen(qtbot, compared_window):
    chart = compared_window.chart_panel.chart
    _move(chart.plot_widget, _point(chart, 2018, 1.0))
    # The box at 2018, not merely shown: the pointer a test before left over the plot
    # shows it at another year when the chart is drawn (``_pointer_year``).
    qtbot.waitUntil(lambda: chart.hover_label.isVisible()
                    and chart.hover_label.textItem.toPlainText().startswith("2018"))
    y = _point(chart, 2016, 2.0).y()  # along the black dashed 2% guideline
    with_line = _dark(chart, y)
    compared_window.chart_panel.wales_check.setChecked(False)
    _move(chart.plot_widget, _point(chart, 2019, 1.0))
    qtbot.waitUntil(lambda: chart.hover_label.textItem.toPlainText().startswith("2019"))
    # Most of that row was the guideline; what stays dark is where other lines cross it.
    qtbot.waitUntil(lambda: _dark(chart, y) < with_line / 3, timeout=2000)
