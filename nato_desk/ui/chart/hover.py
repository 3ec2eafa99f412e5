"""The hover readout box the trajectory and edition charts share.

A plain-text box drawn over the plot at the pointer's year, above everything
else, never counted in the plot's bounds and marked transient, so no export
shows where the pointer last rested.
"""

from __future__ import annotations

import pyqtgraph as pg

from nato_desk.ui.chart.export_render import mark_transient

__all__ = ["add_hover_label"]


def add_hover_label(plot: pg.PlotItem) -> pg.TextItem:
    label = pg.TextItem(color="#111111", fill=pg.mkBrush(255, 255, 255, 235), border=pg.mkPen("#999999"),
                        anchor=(0, 0))
    label.setZValue(100)
    label.hide()
    mark_transient(label)
    plot.addItem(label, ignoreBounds=True)
    return label
