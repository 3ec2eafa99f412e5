"""A series that keeps its style through new data draws exactly what pyqtgraph's own item draws."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from support.series_plot import frames, series_plot

from nato_desk.ui.chart.steady_style import SteadyStyleItem

YEARS = np.arange(2014, 2027, dtype=float)
RNG = np.random.default_rng(14)
SERIES = [RNG.uniform(0.5, 4.5, len(YEARS)) for _ in range(4)]


def _styles() -> list[dict[str, object]]:
    return [
        {"pen": pg.mkPen("#0072B2", width=3), "symbol": "o", "symbolSize": 9,
         "symbolBrush": pg.mkBrush("#0072B2"), "symbolPen": pg.mkPen("#00507d"), "connect": "finite"},
        {"pen": pg.mkPen("#E69F00", width=2, style=Qt.PenStyle.DotLine), "symbol": "s", "symbolSize": 8,
         "symbolBrush": pg.mkBrush("w"), "symbolPen": pg.mkPen("#E69F00", width=2), "connect": "finite"},
        {"pen": pg.mkPen("#009E73", width=2, style=Qt.PenStyle.DashDotLine), "connect": "finite"},
        {"pen": pg.mkPen("#CC79A7", width=2), "symbol": "t", "symbolBrush": pg.mkBrush("#CC79A7")},  # connect="auto"
    ]


def _render(qtbot, kind: type[pg.PlotDataItem], steps: Callable[[list[pg.PlotDataItem]], object]) -> list[QImage]:
    """The plot as drawn after each of ``steps``' yields, with items of ``kind``."""
    widget, items = series_plot(qtbot, kind, _styles())
    return frames(qtbot, widget, steps(items))


def _an_analysts_session(items: list[pg.PlotDataItem]):
    # One ally after another, with gaps (NaN), an empty series, a style change
    # with and without data, and a line whose joins depend on its data.
    for step, values in enumerate(SERIES):
        for k, item in enumerate(items):
            y = values + k * 0.4
            if (step + k) % 2 if k < 3 else step % 2:  # the "auto" line: whole first, then gapped
                y = y.copy()
                y[4] = np.nan
            item.setData(YEARS, y)
        yield
    items[1].setData([], [])
    yield
    items[1].setPen(pg.mkPen("#56B4E9", width=2, style=Qt.PenStyle.DashLine))
    items[1].setSymbolBrush(pg.mkBrush("#56B4E9"))
    items[1].setData(YEARS, SERIES[0])
    yield
    items[0].setSymbolSize(12)
    items[0].setData(YEARS, SERIES[2])
    items[3].setData(YEARS, SERIES[1])
    yield


@pytest.mark.parametrize("steps", [_an_analysts_session])
def test_it_draws_what_pyqtgraphs_item_draws(qtbot, steps) -> None:
    ours = _render(qtbot, SteadyStyleItem, steps)
    theirs = _render(qtbot, pg.PlotDataItem, steps)
    assert len(ours) == len(theirs) == 7
    for step, (mine, base) in enumerate(zip(ours, theirs)):
        assert mine == base, f"step {step} draws differently"


def test_new_data_does_not_hand_the_style_down_again(qtbot) -> None:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    item = SteadyStyleItem(**_styles()[0])
    widget.getPlotItem().addItem(item)
    restyled: list[object] = []
    item.scatter.setPen = lambda *a, **k: restyled.append(a)  # type: ignore[method-assign]
    item.setData(YEARS, SERIES[0])  # the first data: the style goes down with it
    assert len(restyled) == 1
    item.setData(YEARS, SERIES[1])
    item.setData(YEARS, SERIES[2])
    assert len(restyled) == 1
    item.setSymbolPen(pg.mkPen("k"))  # a new style goes down at once
    assert len(restyled) == 2
