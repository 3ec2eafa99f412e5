"""What a switch of ally and the first show cost the trajectory chart (issue 14), and
that the cheaper ways draw exactly what pyqtgraph's own would."""

from __future__ import annotations

import html
import sys
from collections import Counter

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionGraphicsItem

from nato_desk.domain import Measure
from nato_desk.ui.chart.chart_panel import ChartPanel
from nato_desk.ui.chart.label_text import set_plain_text
from nato_desk.ui.chart.trajectory_chart import TrajectoryChart


def _render(label: pg.LabelItem) -> QImage:
    """The label's text item alone, as the scene paints it."""
    item = label.item
    box = item.boundingRect().toAlignedRect()
    image = QImage(box.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.translate(-box.topLeft())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image


def test_legend_names_after_a_switch_look_as_pyqtgraph_draws_them(panel):
    chart = panel.chart
    panel.set_member("ESP")
    panel.set_member("BEL")  # the label is given the new name in place
    label = chart.legend.items[0][1]
    assert label.item.toPlainText() == "Belgium"
    assert label.text == "Belgium"
    fresh = pg.LabelItem("Belgium", color=chart.legend.opts["labelTextColor"], justify="left",
                         size=chart.legend.opts["labelTextSize"])
    assert _render(label) == _render(fresh)  # same colour, size and glyphs
    # As high; at least as wide, with room for any ally's name (RoomyLabel).
    assert label.minimumHeight() == fresh.minimumHeight()
    assert label.minimumWidth() >= fresh.minimumWidth()


def test_plain_text_never_reads_markup_and_keeps_the_escaped_text(qtbot):
    label = pg.LabelItem("x", color="#336699", size="9pt", justify="left")
    name = "<b>Bold</b> & <img src=x>"
    set_plain_text(label, name, html.escape(name))
    assert label.item.toPlainText() == name  # shown literally
    assert label.text == html.escape(name)  # what exports and the theme switch set again
    label.setText(label.text)  # pyqtgraph's own HTML path, as a theme switch does
    assert label.item.toPlainText() == name
    # A style only HTML carries goes through pyqtgraph.
    bold = pg.LabelItem("x", size="9pt", bold=True)
    set_plain_text(bold, "Spain", "Spain")
    assert "font-weight" in bold.item.toHtml() and bold.item.toPlainText() == "Spain"


class _Paints(QObject):
    """Counts paint events of one widget."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_window_coming_active_does_not_paint_the_chart_again(qtbot, panel):
    """Qt activates a window just after its first paint was asked for; the scene's
    repaint for it joined the next frame, so the plot was painted twice at start."""
    panel.set_member("ESP")
    paints = _Paints(panel.chart.plot_widget.viewport())
    panel.show()
    qtbot.waitUntil(lambda: paints.count >= 1)
    assert panel.isActiveWindow()  # the activation happened
    for _ in range(5):  # everything queued after the first frame
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert paints.count == 1
    # A later activation still repaints the plot (once).
    panel.chart.plot_widget.scene().event(QEvent(QEvent.Type.WindowDeactivate))
    qtbot.waitUntil(lambda: paints.count == 2)


def _python_paints(action, kinds) -> list[object]:
    """The items of ``kinds`` whose Python paint() ran during ``action``."""
    painted: list[object] = []

    def watch(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "paint":
            item = frame.f_locals.get("self")
            if isinstance(item, kinds):
                painted.append(item)

    sys.setprofile(watch)
    try:
        action()
    finally:
        sys.setprofile(None)
    return painted


def test_a_switch_of_ally_draws_the_target_lines_from_their_cache(qtbot, panel):
    chart = panel.chart
    panel.set_member("ESP")
    paints = _Paints(chart.plot_widget.viewport())
    panel.show()
    qtbot.waitUntil(lambda: paints.count >= 1)  # the caches are filled

    def switch() -> None:
        before = paints.count
        panel.set_member("BEL")
        qtbot.waitUntil(lambda: paints.count > before)

    painted = _python_paints(switch, pg.InfiniteLine)
    targets = set(chart.target_lines.values())
    assert targets and all(line.isVisible() for line in targets)
    assert not targets & set(painted)  # the same lines, not drawn again
    assert set(chart.event_lines.values()) <= set(painted)  # the plot under them was repainted


def test_the_chart_opens_on_its_range_before_its_lines_are_added(qtbot, store, monkeypatch):
    """Each line learns its view only while it is added to the plot, not again because
    the opening range was set after it (each line was told a fourth time)."""
    told: Counter[int] = Counter()
    tell = pg.InfiniteLine.viewTransformChanged

    def counted(self: pg.InfiniteLine) -> None:
        told[id(self)] += 1
        tell(self)

    monkeypatch.setattr(pg.InfiniteLine, "viewTransformChanged", counted)
    alone = pg.PlotWidget()
    qtbot.addWidget(alone)
    line = pg.InfiniteLine(pos=2.0, angle=0)
    alone.addItem(line, ignoreBounds=True)
    adding = told[id(line)]  # what pyqtgraph's addItem itself does (scene, parent, view)
    told.clear()
    chart = TrajectoryChart(store, "2026-07")
    qtbot.addWidget(chart)
    lines = [*chart._all_target_lines.values(), *chart.event_lines.values(), chart.crosshair]
    assert max(told[id(line)] for line in lines) <= adding  # was adding + 2 (the range, then limits)
    (x0, x1), (y0, y1) = chart._plot.getViewBox().viewRange()
    assert (x0, x1, y0, y1) == (2013.5, 2035.5, 0.0, 6.0)  # 2014-2035, 0-6% of GDP


def test_the_charts_build_no_context_menu_they_would_throw_away(qtbot, store, monkeypatch):
    """The plots take no pyqtgraph context menu (right-click offers "Show source"): the view
    box's menu, a tree of widgets, is not built at start only to be discarded."""
    view_box_module = sys.modules[pg.ViewBox.__module__]  # the module, not the class of that name
    built: list[object] = []
    menu = view_box_module.ViewBoxMenu

    def counted(*args: object) -> object:
        built.append(args)
        return menu(*args)

    monkeypatch.setattr(view_box_module, "ViewBoxMenu", counted)
    panel = ChartPanel(store, "2026-07")
    qtbot.addWidget(panel)
    view = panel.chart.plot_widget.getPlotItem().getViewBox()
    assert built == [] and view.menu is None and not view.menuEnabled()


def test_lines_and_names_are_made_when_first_drawn(qtbot, panel):
    """One ally on a share of GDP draws three target lines and one line-end name: the
    other targets' lines and five more names are made only when a chart needs them."""
    chart = panel.chart
    panel.set_member("ESP")
    assert sorted(chart._all_target_lines) == sorted(chart.target_lines) == ["HAGUE_CORE", "HAGUE_TOTAL", "WALES_2PCT"]
    assert len(chart.end_labels.labels) == 1
    for code in ("BEL", "POL", "DEU", "FRA", "ITA"):
        panel.add_comparison(code)
    assert len(chart.end_labels.labels) == 6
    panel.set_edition("2024-06", Measure.EQUIPMENT_SHARE)
    guideline = chart.target_lines["EQUIPMENT_20PCT"]
    assert guideline.isVisible() and guideline.value() == 20
    assert [label.textItem.toPlainText() for label in chart.target_label_items()] == ["20% equipment guideline (Wales 2014)"]
