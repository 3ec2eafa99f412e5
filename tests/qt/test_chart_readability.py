"""Reading a crowded trajectory chart (issue 13, item 8): names at the line ends
kept apart, legend markers in each ally's colour, the whole title, a readout
that follows edits and the keyboard, and a year range the export keeps."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QPainter

from nato_desk.domain import Observation, SetField
from nato_desk.palette import ALLY_COLOURS
from nato_desk.ui.chart.chart_panel import ChartPanel
from nato_desk.ui.chart.end_labels import LabelWish, readable_on, spread
from nato_desk.ui.chart.trajectory_chart import TrajectoryChart
from nato_desk.ui.chart_export import ChartSpec, svg_bytes

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "chart_readability"

# In the July 2026 edition Spain and Belgium end on the same figure (2.00% in
# 2026), and so do Italy and Portugal; ``identical`` makes Portugal's whole
# series Italy's, as happens in NATO's rounded annual report.
SIX = ("ESP", "BEL", "ITA", "PRT", "FRA", "POL")
NAMES = ("Spain", "Belgium", "Italy", "Portugal", "France", "Poland")
EDITION = "2026-07"


def make_identical(store, copy: str, to: str) -> None:
    theirs = {(o.year, o.measure): o for o in store.observations(iso3=to, edition=EDITION)}
    for mine in store.observations(iso3=copy, edition=EDITION):
        other = theirs.get((mine.year, mine.measure))
        if other is not None and other.value != mine.value:
            store.apply(SetField(Observation.KIND, mine.id, "value", mine.value, other.value, "same"), user="test")


@pytest.fixture
def crowded(qtbot, store):
    make_identical(store, "PRT", "ITA")
    panel = ChartPanel(store, EDITION)
    qtbot.addWidget(panel)
    panel.resize(1000, 560)
    panel.set_member(SIX[0])
    for iso3 in SIX[1:]:
        assert panel.add_comparison(iso3)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _scene_rect(item):
    return item.mapRectToScene(item.boundingRect())


def test_spread_keeps_labels_apart_and_inside():
    wishes = [LabelWish(0, 50, 100, 14)] * 3 + [LabelWish(200, 250, 100, 14), LabelWish(0, 50, 195, 14)]
    centres = spread(wishes, top=0, bottom=200)
    column = sorted(centres[i] for i in (0, 1, 2, 4))
    assert all(b - a >= 14 for a, b in pairwise(column))
    assert centres[3] == 100  # alone in its column: exactly at its line end
    assert column[-1] <= 200 - 7


def test_line_end_labels_do_not_overlap_with_identical_series(crowded):
    chart = crowded.chart
    labels = chart.end_labels.visible_labels()
    assert sorted(label.textItem.toPlainText() for label in labels) == sorted(NAMES)
    rects = [_scene_rect(label) for label in labels]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)
    points = [[(o.year, o.value) for o in chart.slot_for(iso3).points] for iso3 in ("ITA", "PRT")]
    assert points[0] == points[1]  # two identical lines, one on top of the other
    # Spain and Belgium, Italy and Portugal end on the same points: stacked, tied back by leaders.
    leaders = [lab.leader for lab in chart.end_labels.labels if lab.leader.isVisible()]
    assert len(leaders) >= 2
    # Still apart after the plot is made smaller.
    crowded.resize(700, 420)
    rects = [_scene_rect(label) for label in chart.end_labels.visible_labels()]
    assert all(not a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_line_end_label_text_is_readable_in_the_series_colour(crowded):
    label = crowded.chart.end_labels.labels[1].text  # Belgium: the palette's orange
    colour = label.color
    white = QColor("#FFFFFF")
    assert readable_on(QColor(ALLY_COLOURS[1]), white) == colour
    assert colour.hue() == pytest.approx(QColor(ALLY_COLOURS[1]).hue(), abs=3)


def test_legend_markers_are_drawn_in_each_allys_colour(crowded):
    legend = crowded.chart.legend
    for index, (sample, _) in enumerate(legend.items[:len(SIX)]):
        image = QImage(20, 20, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        sample.paint(painter)
        painter.end()
        colours = {QColor(image.pixel(x, y)).name().upper() for x in range(20) for y in range(20)}
        assert ALLY_COLOURS[index].upper() in colours, (index, colours)
        grey_violet = QColor(100, 100, 150).name().upper()
        assert grey_violet not in colours


def test_title_names_every_ally(crowded):
    chart = crowded.chart
    for name in NAMES:
        assert name in chart.title_label.text()
    assert "more" not in chart.title_label.text()
    assert chart.title_label.text() == chart.title

def test_a_title_too_long_for_two_lines_leaves_the_allies_to_the_legend(qtbot, store):
    chart = TrajectoryChart(store, EDITION)
    qtbot.addWidget(chart)
    chart.set_member(SIX[0])
    for iso3 in SIX[1:]:
        chart.add_comparison(iso3)
    chart.resize(330, 420)
    chart.show()
    qtbot.waitExposed(chart)
    text = chart.title_label.text()
    assert text.endswith("(July 2026 edition) — 6 allies, named in the legend"), text
    legend_names = [label.text for _, label in chart.legend.items]
    assert all(name in legend_names for name in NAMES)
    assert all(name in chart.title for name in NAMES)  # the export and the tooltip keep them all


def test_hover_readout_follows_an_edit_without_a_mouse_move(crowded, store):
    chart = crowded.chart
    chart.show_hover(2025)
    before = chart.hover_label.textItem.toPlainText()
    assert "Spain: " in before and "Spain: 2.70%" not in before
    obs = next(o for o in chart.slot_for("ESP").points if o.year == 2025)
    store.apply(SetField(Observation.KIND, obs.id, "value", obs.value, 2.7, "Edit Spain 2025"), user="test")
    chart.reload()  # what the window does after an edit; no mouse event follows
    after = chart.hover_label.textItem.toPlainText()
    assert after != before and ("Spain: 2.70%" in after or "Spain: 2.7%" in after)
    # Taking an ally off the chart updates the box too.
    crowded.remove_comparison("POL")
    assert "Poland" not in chart.hover_label.textItem.toPlainText()


def test_hover_box_in_the_window_follows_an_edit_with_the_pointer_at_rest(qtbot, desk_window):
    window = desk_window
    window.member_list.select("ESP")
    chart = window.chart_panel.chart
    view = chart._plot.getViewBox()
    (_, _), (y0, y1) = view.viewRange()
    scene = view.mapViewToScene(QPointF(2024, (y0 + y1) / 2))
    qtbot.mouseMove(chart.plot_widget.viewport(), chart.plot_widget.mapFromScene(scene))
    qtbot.waitUntil(chart.hover_label.isVisible)
    before = chart.hover_label.textItem.toPlainText()
    assert before.startswith("2024")
    chart.hide_hover()  # as when an edit dialog opened over the chart took the pointer's moves
    obs = next(o for o in chart.slot_for("ESP").points if o.year == 2024)
    change = SetField(Observation.KIND, obs.id, "value", obs.value, 2.71, "Edit Spain 2024")
    assert window.desk.editor.submit(change, "test") is None
    after = chart.hover_label.textItem.toPlainText()
    assert chart.hover_label.isVisible() and after.startswith("2024")
    assert "Spain: 2.71%" in after and after != before


def test_keyboard_cursor_reads_every_series(qtbot, crowded):
    chart = crowded.chart
    chart.plot_widget.setFocus()
    qtbot.waitUntil(chart.plot_widget.hasFocus)
    qtbot.keyClick(chart.plot_widget, Qt.Key.Key_Left)
    first = chart.readout.text()
    assert first.startswith("2026: "), first  # the cursor starts at the newest figure
    assert chart.hover_label.isVisible()
    for name in NAMES:
        assert name in first
    qtbot.keyClick(chart.plot_widget, Qt.Key.Key_Left)
    second = chart.readout.text()
    assert second != first and second[:4] == str(int(first[:4]) - 1)
    assert chart.plot_widget.accessibleDescription() == second
    interface = QAccessible.queryAccessibleInterface(chart.readout)
    assert interface is not None and interface.text(QAccessible.Text.Name) == second
    qtbot.keyClick(chart.plot_widget, Qt.Key.Key_Right)
    assert chart.readout.text() == first
    qtbot.keyClick(chart.plot_widget, Qt.Key.Key_Escape)
    assert not chart.readout.isVisible() and not chart.hover_label.isVisible()


def test_year_range_changes_view_and_export(qtbot, crowded):
    chart = crowded.chart
    crowded.year_from.setValue(2018)
    crowded.year_to.setValue(2027)
    (x0, x1), _ = chart._plot.getViewBox().viewRange()
    assert 2017 <= x0 < 2018 and 2027 < x1 <= 2029
    svg = svg_bytes(chart, QSize(1280, 720), ChartSpec(chart.title, "", "Source: test", "UNCLASSIFIED"))
    assert b">2020<" in svg and b">2025<" in svg
    assert b">2015<" not in svg and b">2035<" not in svg
    # Reset view (Home) goes back to the chosen years, not 2014-2035.
    chart._plot.setXRange(2010, 2040)
    chart.reset_view()
    (x0, _), _ = chart._plot.getViewBox().viewRange()
    assert 2017 <= x0 < 2018


def test_screenshots_at_1366x768_with_six_allies(qtbot, desk_window):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window = desk_window
    window.resize(1366, 768)
    window.member_list.select("ESP")
    panel = window.chart_panel
    for iso3 in SIX[1:]:
        panel.add_comparison(iso3)
    qtbot.wait(50)
    window.grab().save(str(ARTIFACTS / "window_1366x768_six_allies.png"))
    panel.chart.show_hover(2025)
    panel.chart.grab().save(str(ARTIFACTS / "chart_1366x768_hover.png"))
    labels = panel.chart.end_labels.visible_labels()
    assert len(labels) == len(SIX)


def test_the_years_shown_are_remembered(qtbot, qapp, store, settings):
    from nato_desk.ui.app import build_main_window

    window = build_main_window(store, settings)
    qtbot.addWidget(window)
    window.chart_panel.year_from.setValue(2019)
    window.chart_panel.year_to.setValue(2030)
    window.desk.save_state()
    again = build_main_window(store, settings)
    qtbot.addWidget(again)
    assert again.chart_panel.chart.year_range == (2019, 2030)
    assert (again.chart_panel.year_from.value(), again.chart_panel.year_to.value()) == (2019, 2030)
    settings.set(settings.CHART_YEARS, "nonsense")
    third = build_main_window(store, settings)
    qtbot.addWidget(third)
    assert third.chart_panel.chart.year_range == (2014, 2035)
