"""The real window at 1024x700, 1280x800, 1366x768 and 1920x1080: nothing cut off (issue 13, item 3).

Each size builds the window users get (``build_main_window``, no saved
layout), shows it offscreen, saves a screenshot under
``tests/artifacts/window_sizes/`` (look at them) and checks what a user would
see: every widget inside the window, the detail pane scrolling down but
never sideways, the chart at least ``CHART_MIN_HEIGHT`` tall with 2035 and the
target labels inside the plot, and no label whose text is cut.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget

from nato_desk.ui.chart.trajectory_chart import (
    PLOT_MIN_HEIGHT,  # the axes' inside, legend rows on top
)
from nato_desk.ui.main_window import CHART_MIN_HEIGHT
from support.desk_window import show_desk_window

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "window_sizes"
SIZES = [(1024, 700), (1280, 800), (1366, 768), (1920, 1080)]  # 1280x800: quotes were cut


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: placed by scrolling, checked separately."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and \
                parent is parent.parentWidget().viewport():
            return True
        parent = parent.parentWidget()
    return False


def _label_cut(label: QLabel) -> str | None:
    """Why ``label``'s text does not fit its rectangle, or None."""
    text = label.text()
    room = label.contentsRect()
    if getattr(label, "elides", False):
        return None  # shortens with "…" on purpose, whole text in the tooltip
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        return f"needs {need} px high, has {label.height()}" if need > label.height() + 1 else None
    width = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    return f"needs {width} px wide, has {room.width()}" if width > room.width() + 1 else None


def _settle(app) -> None:
    """Let pending layout requests run (labels refilled for the ally re-lay out the pane)."""
    for _ in range(4):
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()


@pytest.fixture
def sized_window(request, qtbot, qapp, store, settings):
    width, height = request.param
    window = show_desk_window(qtbot, store, settings, (width, height))
    window.member_list.select("ESP")
    qtbot.waitUntil(lambda: window.size().width() == width and window.size().height() == height)
    _settle(qapp)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / f"{width}x{height}.png"))
    return window


@pytest.mark.parametrize("sized_window", SIZES, indirect=True, ids=[f"{w}x{h}" for w, h in SIZES])
def test_nothing_is_cut_off_and_the_chart_is_readable(sized_window) -> None:
    window = sized_window
    frame = window.rect()
    outside = [f"{type(w).__name__} {w.accessibleName() or w.objectName()} at {_rect_in(w, window)}"
               for w in window.findChildren(QWidget)
               if w.isVisible() and w.window() is window and not _scrolled(w, window)
               and not frame.contains(_rect_in(w, window))]
    assert outside == []

    # The detail pane scrolls down, never sideways: its columns stack when narrow.
    pane = window.detail_pane
    assert pane.widget().width() <= pane.viewport().width()
    assert not pane.horizontalScrollBar().isVisible()
    # Quotes wrap to the list: the longest line of each fits its width.
    quotes = pane.quotes
    room = quotes.viewport().width()
    assert all(quotes.visualRect(quotes.model().index(r, 0)).right() <= room
               for r in range(quotes.model().rowCount()))

    cut = [f"{label.accessibleName() or label.text()[:40]!r}: {why}"
           for label in window.findChildren(QLabel)
           if label.isVisible() and label.text() and label.window() is window
           and (why := _label_cut(label))]
    assert cut == []

    # The chart keeps its height, shows 2035 and its target labels inside the plot.
    chart = window.chart_panel.chart
    assert chart.plot_widget.height() >= CHART_MIN_HEIGHT
    plot = chart.plot_widget.getPlotItem()
    view = plot.getViewBox()
    assert view.sceneBoundingRect().height() >= PLOT_MIN_HEIGHT
    (x_min, x_max), _ = view.viewRange()
    assert x_min <= 2014 and x_max >= 2035

    # The 2035 tick is labelled (pyqtgraph drops a tick label that would run off the axis).
    axis = plot.getAxis("bottom")
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert "2035" in [text for _, _, text in texts]

    inside = view.sceneBoundingRect()
    labels = [(tid, child) for tid, line in chart.target_lines.items() if line.isVisible()
              for child in line.childItems() if isinstance(child, pg.InfLineLabel)]
    assert {tid for tid, _ in labels} >= {"WALES_2PCT", "HAGUE_CORE", "HAGUE_TOTAL"}
    outside = [tid for tid, label in labels if not inside.contains(label.sceneBoundingRect())]
    assert outside == []


def test_the_chart_cannot_be_crushed(qtbot, qapp, store, settings) -> None:
    """Dragging the divider up stops at the chart's least height; no pane collapses."""
    window = show_desk_window(qtbot, store, settings, (1024, 700))
    splitter = window.right_splitter
    splitter.moveSplitter(40, 1)  # as far up as a drag goes
    assert window.chart_panel.chart.plot_widget.height() >= CHART_MIN_HEIGHT
    splitter.moveSplitter(splitter.height(), 1)  # and as far down
    assert window.detail_pane.height() > 0 and not window.detail_pane.visibleRegion().isEmpty()
    window.main_splitter.moveSplitter(0, 1)
    assert window.member_list.width() > 0
