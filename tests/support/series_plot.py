"""A small white plot of fixed range, and its frames, for comparing how chart series are drawn."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication


def series_plot(qtbot: Any, make: Callable[..., pg.GraphicsObject],
                styles: Sequence[dict[str, object]]) -> tuple[pg.PlotWidget, list[pg.GraphicsObject]]:
    """A 480x320 plot of 2013-2028 by 0-6 (no auto-range) holding ``make(**style)`` for each style."""
    widget = pg.PlotWidget(background="w")
    qtbot.addWidget(widget)
    widget.resize(480, 320)
    plot = widget.getPlotItem()
    plot.setXRange(2013, 2028, padding=0)
    plot.setYRange(0, 6, padding=0)
    plot.disableAutoRange()
    items = [make(**style) for style in styles]
    for item in items:
        plot.addItem(item)
    return widget, items


def frames(qtbot: Any, widget: pg.PlotWidget, steps: Iterable[object]) -> list[QImage]:
    """``widget`` shown, and grabbed as drawn after each of ``steps``."""
    widget.show()
    qtbot.waitExposed(widget)
    grabbed = []
    for _ in steps:
        QApplication.processEvents()
        grabbed.append(widget.grab().toImage())
    return grabbed
