"""The window's first show lays the chart side out once (issue 14: start-up).

Shown for the first time, the plot, the chart, the chart panel and the detail pane
below it each get their size once, in their final place: before, the plot was
resized four times on its way to the first paint (the tab widget laid its page out
only once shown, then the plot's least height and the note's held lines were
measured after the splitter had shared out its room, and it shared it again), each
time placing every target label and line-end name again; and the first frame
showed the y axis wider than its numbers (pyqtgraph measures them as it paints
them), narrowed just after. Whatever the window's size, restored or first-run,
one ally or six: the axes' inside keeps its least height and the note under the
plot is whole, and the chart panel is not painted whole again after the first
frame (three more times before).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QRectF
from PySide6.QtWidgets import QWidget

from nato_desk.ui.chart.trajectory_chart import PLOT_MIN_HEIGHT

COMPARED = ("BEL", "SVK", "POL", "DEU", "FRA")  # legend rows that depend on the width


class _Sizes(QObject):
    """The sizes each watched widget is given, in order, and where the axes' inside
    was when the window was first painted."""

    def __init__(self, window, widgets: dict[str, QWidget]) -> None:
        super().__init__()
        self.sizes: dict[str, list[tuple[int, int]]] = {name: [] for name in widgets}
        self.painted_inside: QRectF | None = None
        self.painted_whole = 0  # times the chart panel was painted whole
        self._window = window
        self._names = {id(widget): name for name, widget in widgets.items()}
        for widget in widgets.values():
            widget.installEventFilter(self)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and id(watched) in self._names:
            size = event.size()
            self.sizes[self._names[id(watched)]].append((size.width(), size.height()))
        elif event.type() == QEvent.Type.Paint and watched is self._window and self.painted_inside is None:
            self.painted_inside = _inside(self._window.chart_panel.chart)
        elif (event.type() == QEvent.Type.Paint and watched is self._window.chart_panel
              and event.rect() == watched.rect()):
            self.painted_whole += 1
        return False


def _inside(chart) -> QRectF:
    return QRectF(chart.plot_widget.getPlotItem().getViewBox().geometry())


def _show_first_time(qtbot, qapp, window) -> dict[str, list[tuple[int, int]]]:
    chart = window.chart_panel.chart
    watch = _Sizes(window, {"plot": chart.plot_widget, "chart": chart, "chart panel": window.chart_panel,
                            "detail pane": window.desk.detail_pane})
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: watch.painted_inside is not None)
    for _ in range(3):
        qapp.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        qapp.processEvents()
    # The first frame is the last: pyqtgraph sized the y axis to its numbers while
    # painting it, and the plot moved 22 px left just after the first frame.
    assert watch.painted_inside == _inside(chart)
    # Nor is the chart panel painted again: the tab widget around it repainted itself
    # whole whenever a page asked for a layout that moved nothing (first_layout.ViewTabs).
    assert watch.painted_whole == 1  # the first frame
    return watch.sizes


def _readable(chart) -> None:
    view = chart.plot_widget.getPlotItem().getViewBox()
    assert view.geometry().height() >= PLOT_MIN_HEIGHT - 0.5  # the axes' inside
    note = chart.message
    assert note.height() >= note.heightForWidth(note.width())  # the note is whole
    legend = chart.legend.mapRectToScene(chart.legend.boundingRect())
    assert legend.bottom() <= chart.plot_widget.height() + 0.5  # the legend inside the plot widget


def _build(qapp, store, settings):
    from nato_desk.ui.app import build_main_window, configure_application

    configure_application(qapp)
    return build_main_window(store, settings)


@pytest.mark.parametrize("compared", [(), COMPARED], ids=["one ally", "six allies"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def test_the_first_show_sizes_the_chart_side_once(qtbot, qapp, store, settings, size, compared) -> None:
    window = _build(qapp, store, settings)
    qtbot.addWidget(window)
    window.resize(*size)  # as restoreGeometry does, before the first show
    if compared:
        window.member_list.select("ESP")
        window.chart_panel.set_comparisons(list(compared))
    sizes = _show_first_time(qtbot, qapp, window)
    assert (window.width(), window.height()) == size
    assert {name: len(got) for name, got in sizes.items()} == dict.fromkeys(sizes, 1), sizes
    _readable(window.chart_panel.chart)


def test_a_restored_and_a_first_run_window_are_sized_once(qtbot, qapp, store, settings) -> None:
    # First run: the window's size comes from the screen (``Desk._restore_state``).
    first = _build(qapp, store, settings)
    qtbot.addWidget(first)
    sizes = _show_first_time(qtbot, qapp, first)
    assert {name: len(got) for name, got in sizes.items()} == dict.fromkeys(sizes, 1), sizes
    first.member_list.select("POL")
    for iso3 in COMPARED[:3]:
        first.chart_panel.add_comparison(iso3)
    first.desk.save_state()
    first.close()

    # The next start restores the geometry, the splitters and the compared allies.
    restored = _build(qapp, store, settings)
    qtbot.addWidget(restored)
    sizes = _show_first_time(qtbot, qapp, restored)
    assert restored.chart_panel.chart.comparisons == list(COMPARED[:3])
    assert {name: len(got) for name, got in sizes.items()} == dict.fromkeys(sizes, 1), sizes
    _readable(restored.chart_panel.chart)
