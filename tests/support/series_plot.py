"""A small white plot of fixed range, for comparing how chart series are drawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg


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
