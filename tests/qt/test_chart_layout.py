"""The chart's layout in the real window at 1024x700, 1366x768 and 1920x1080, with 1 and 6 allies.

Each case builds the window users get (``build_main_window``, no saved
layout), saves a screenshot under ``tests/artifacts/chart_layout/`` (look at
them) and checks what a reader of the chart would notice: the axes' inside
keeps ``PLOT_MIN_HEIGHT`` (the legend's rows come on top of it, not out of it),
and no two of the target labels, the event labels ("2035 deadline"), the
line-end names, the legend and the title overlap. The window can be made
900 px narrow (its chart options wrap). Also: line-end names keep off the
target labels on a narrow year range, axis and legend text are in the
theme's text colour, and a long export title wraps instead of being cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRectF, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QScrollArea, QToolButton

from nato_desk.ui.chart.end_labels import readable_on
from nato_desk.ui.chart.trajectory_chart import PLOT_MIN_HEIGHT
from nato_desk.ui.chart_export import ChartSpec, render_image
from nato_desk.ui.theme import colour
from support.desk_window import show_desk_window

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "chart_layout"
SIZES = [(1024, 700), (1366, 768), (1920, 1080)]
SIX = ("ESP", "BEL", "SVK", "POL", "DEU", "FRA")
CASES = [(w, h, n) for w, h in SIZES for n in (1, 6)]


def _settle(app) -> None:
    for _ in range(4):
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()


def _open(qtbot, qapp, store, settings, width: int, height: int, allies: tuple[str, ...]):
    window = show_desk_window(qtbot, store, settings, (width, height))
    window.member_list.select(allies[0])
    for iso3 in allies[1:]:
        assert window.chart_panel.add_comparison(iso3)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (width, height))
    _settle(qapp)
    return window


@pytest.fixture(params=CASES, ids=[f"{w}x{h}-{n}" for w, h, n in CASES])
def case(request, qtbot, qapp, store, settings):
    width, height, count = request.param
    window = _open(qtbot, qapp, store, settings, width, height, SIX[:count])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / f"{width}x{height}_{count}_allies.png"))
    return window, count


def _boxes(chart) -> dict[str, QRectF]:
    """Every piece of text on the chart, in the plot's scene coordinates."""
    boxes: dict[str, QRectF] = {}
    for label in chart.target_label_items():
        boxes[f"target {label.textItem.toPlainText()}"] = label.sceneBoundingRect()
    for label in chart.event_label_items():
        boxes[f"event {label.textItem.toPlainText()}"] = label.sceneBoundingRect()
    for label in chart.end_labels.visible_labels():
        boxes[f"end {label.textItem.toPlainText()}"] = label.sceneBoundingRect()
    if chart.legend.isVisible() and chart.legend.items:
        boxes["legend"] = chart.legend.sceneBoundingRect()
    # The title is a label above the plot widget: its rectangle in the plot's scene.
    title = chart.title_label
    top_left = chart.plot_widget.mapToScene(chart.plot_widget.mapFrom(chart, title.pos()))
    boxes["title"] = QRectF(top_left, QRectF(title.rect()).size())
    return boxes


def _overlaps(boxes: dict[str, QRectF]) -> list[str]:
    names = sorted(boxes)
    return [f"{a} / {b}" for i, a in enumerate(names) for b in names[i + 1:]
            if boxes[a].intersected(boxes[b]).width() > 0.5 and boxes[a].intersected(boxes[b]).height() > 0.5]


def test_the_plot_keeps_its_height_and_no_text_overlaps(case) -> None:
    window, count = case
    chart = window.chart_panel.chart
    view = chart.plot_widget.getPlotItem().getViewBox()
    assert view.sceneBoundingRect().height() >= PLOT_MIN_HEIGHT
    # The whole plot is on screen: nothing (a wide legend, a long title) makes it wider
    # than its widget, which would cut 2035 and the labels off on the right.
    shown = chart.plot_widget.viewport().rect()
    assert chart.plot_widget.getPlotItem().sceneBoundingRect().right() <= shown.right() + 1
    assert chart.legend.sceneBoundingRect().right() <= shown.right() + 1
    # Every ally named at its line end, and the 2035 deadline marked.
    assert len(chart.end_labels.visible_labels()) == count
    boxes = _boxes(chart)
    assert "event 2035 deadline" in boxes
    assert {"target 2% guideline (Wales 2014)", "target 3.5% core (The Hague 2025)"} <= set(boxes)
    assert _overlaps(boxes) == []
    # Every label inside the plot it describes.
    inside = view.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    assert [name for name, box in boxes.items()
            if name.startswith(("target", "end")) and not inside.contains(box)] == []
    # The window can be made narrower than 900 px: the chart options wrap.
    assert window.minimumSizeHint().width() <= 900


def test_the_window_at_900_px_wraps_the_chart_options(qtbot, qapp, store, settings) -> None:
    window = _open(qtbot, qapp, store, settings, 900, 700, SIX)
    panel = window.chart_panel
    assert panel.options_layout.rows() >= 2
    right = panel.mapTo(window, QPoint(panel.width(), 0)).x()
    assert right <= window.width()
    for group in panel.option_groups:
        assert group.mapTo(window, QPoint(group.width(), 0)).x() <= right
    view = panel.chart.plot_widget.getPlotItem().getViewBox()
    assert view.sceneBoundingRect().height() >= PLOT_MIN_HEIGHT
    window.grab().save(str(ARTIFACTS / "900x700_6_allies.png"))


def test_line_end_names_keep_off_the_target_labels_on_a_narrow_range(qtbot, qapp, store, settings) -> None:
    window = _open(qtbot, qapp, store, settings, 1024, 700, SIX)
    panel = window.chart_panel
    panel.year_to.setValue(2027)
    panel.year_from.setValue(2021)
    _settle(qapp)
    window.grab().save(str(ARTIFACTS / "1024x700_6_allies_2021-2027.png"))
    chart = panel.chart
    boxes = _boxes(chart)
    assert len(chart.end_labels.visible_labels()) == len(SIX)
    assert _overlaps(boxes) == []


def test_axis_and_legend_text_are_in_the_themes_text_colour(qtbot, qapp, store, settings) -> None:
    window = _open(qtbot, qapp, store, settings, 1366, 768, SIX[:2])
    chart = window.chart_panel.chart
    plot = chart.plot_widget.getPlotItem()
    text = colour("chart_foreground")
    for side in ("left", "bottom"):
        assert plot.getAxis(side).textPen().color() == text
    for _sample, label in chart.legend.items:
        assert QColor(label.opts["color"]) == text


def test_each_legend_name_sits_beside_its_key_when_the_legend_holds_room_for_more_rows(
        qtbot, qapp, store, settings) -> None:
    # The legend keeps its height across switches at one width (``_hold_legend_room``):
    # in a 910 px window its held second row once stretched the names to twice their
    # height, text at the top, each key 11 px below its name (seen on Xvfb).
    window = _open(qtbot, qapp, store, settings, 1366, 768, SIX[:1])
    legend = window.chart_panel.chart.legend
    natural = legend.geometry().height()
    legend.setMinimumHeight(natural * 2)  # the room of a row more than it shows
    _settle(qapp)
    assert legend.geometry().height() >= natural * 2 - 1
    assert len(legend.items) >= 3
    for sample, label in legend.items:
        text = label.item.sceneBoundingRect()
        assert abs(text.center().y() - sample.sceneBoundingRect().center().y()) <= 1, label.text
        assert text.height() >= label.sceneBoundingRect().height() - 2  # not stretched around its text


def test_the_empty_row_of_compared_allies_is_drawn_on_the_tab_page_not_as_a_grey_box(
        qtbot, qapp, store, settings) -> None:
    window = _open(qtbot, qapp, store, settings, 910, 633, SIX[:1])
    panel = window.chart_panel
    chips = panel._chips.parentWidget()  # the compared allies' chips: none yet
    [scroll] = [a for a in panel.findChildren(QScrollArea) if a.isAncestorOf(chips)]
    image = window.grab().toImage()

    def colour_at(widget, x: int, y: int) -> str:
        return image.pixelColor(widget.mapTo(window, QPoint(x, y))).name()

    page = scroll.parentWidget()
    below = scroll.geometry().bottom() + 2  # the tab page between the chips' row and the options
    assert scroll.width() > 60
    for x in (scroll.width() // 4, scroll.width() // 2, 3 * scroll.width() // 4):
        assert colour_at(scroll, x, scroll.height() // 2) == colour_at(page, scroll.x() + x, below)


def test_a_long_export_title_wraps_and_is_never_cut(qtbot, qapp, store, settings) -> None:
    window = _open(qtbot, qapp, store, settings, 1366, 768, SIX)
    chart = window.chart_panel.chart
    title = chart.title + " — with a very long briefing caption that goes on past any one line of a slide"
    short = render_image(chart, QSize(1280, 720), ChartSpec("Short", "", "Source: test"))
    long = render_image(chart, QSize(1280, 720), ChartSpec(title, "", "Source: test"))
    long.save(str(ARTIFACTS / "export_long_title.png"))

    def lines_of_ink(image: QImage, x0: int, x1: int, y1: int) -> int:
        """Bands of rows with dark (title) pixels at the top of the image: lines of title."""
        bands, inked_before = 0, False
        for y in range(y1):
            inked = any(QColor(image.pixel(x, y)).lightness() < 80 for x in range(x0, x1, 2))
            bands += inked and not inked_before
            inked_before = inked
        return bands

    # Above the header rule (about 80 px down at this size): one line for the short
    # title, two for the long one, whose last words are drawn, not cut.
    assert lines_of_ink(short, 20, 1080, 75) == 1
    assert lines_of_ink(long, 20, 1080, 75) == 2


def test_a_theme_switch_keeps_the_plot_inside_its_widget(qtbot, qapp, store, settings) -> None:
    """Switching theme re-sets every label's text, the hidden plot title's too: it
    once widened the plot past the pane again, cutting 2035 off."""
    from nato_desk.palette import DARK, LIGHT
    from nato_desk.ui.theme_switch import apply_theme

    window = _open(qtbot, qapp, store, settings, 1366, 768, SIX)
    chart = window.chart_panel.chart
    try:
        apply_theme(DARK)
        _settle(qapp)
        window.grab().save(str(ARTIFACTS / "1366x768_6_allies_dark.png"))
        shown = chart.plot_widget.viewport().rect()
        assert chart.plot_widget.getPlotItem().sceneBoundingRect().right() <= shown.right() + 1
        assert _overlaps(_boxes(chart)) == []
        # The line-end names are readable on the dark plot (4.5:1), not the light
        # theme's darkened colours, and the chips take the dark theme's ally colours.
        background = colour("chart_background")
        names = chart.end_labels.visible_labels()
        assert len(names) == len(SIX)
        assert all(readable_on(name.color, background) == name.color for name in names)
        chips = [b for b in window.chart_panel.findChildren(QToolButton) if b.isVisible() and "✕" in b.text()]
        assert len(chips) == len(SIX) - 1
        assert all(DARK.allies[i + 1].lower() in chip.styleSheet().lower() for i, chip in enumerate(chips))
    finally:
        apply_theme(LIGHT)
