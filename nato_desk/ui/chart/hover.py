"""The hover readout box the trajectory and edition charts share.

A plain-text box drawn over the plot at the pointer's year, above everything
else, never counted in the plot's bounds and marked transient, so no export
shows where the pointer last rested. Its colours are the theme's chart roles.
"""

from __future__ import annotations

import pyqtgraph as pg

from nato_desk.ui.chart.export_render import mark_transient
from nato_desk.ui.theme import colour

__all__ = ["add_hover_label"]


def add_hover_label(plot: pg.PlotItem) -> pg.TextItem:
    fill = colour("chart_panel")
    fill.setAlpha(235)
    label = pg.TextItem(color=colour("chart_foreground"), fill=pg.mkBrush(fill),
                        border=pg.mkPen(colour("chart_line")), anchor=(0, 0))
    label.setZValue(100)
    label.hide()
    mark_transient(label)
    plot.addItem(label, ignoreBounds=True)
    return label
