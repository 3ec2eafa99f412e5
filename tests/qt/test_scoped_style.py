"""The style sheet on the widgets it is for (issue 14): the same look, both themes, made early or late.

The application has no style sheet of its own; group boxes, list and table
views, the status bar, spin boxes, tooltips and the named notes carry their
block of resources/style.qss (nato_desk.ui.scoped_style).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from nato_desk.palette import DARK, LIGHT, Theme
from nato_desk.ui.resources import scoped_sheets, stylesheet
from nato_desk.ui.theme_switch import apply_theme


@pytest.fixture(autouse=True)
def _light_afterwards(qapp):
    yield
    apply_theme(LIGHT)  # the theme is process-wide


def _styled_by_sheet(widget: QWidget) -> bool:
    return widget.style().metaObject().className() == "QStyleSheetStyle"


def _pixel(widget: QWidget, x: int, y: int) -> QColor:
    return QColor(widget.grab().toImage().pixel(x, y))


def test_every_block_names_its_target_and_only_theme_colours():
    for theme in (LIGHT, DARK):
        sheets = scoped_sheets(theme)
        assert {"QGroupBox", "QLabel#gapNote", "QLabel#errorNote", "QToolTip", "QStatusBar"} <= set(sheets)
        assert theme.gap_note in sheets["QLabel#gapNote"] and theme.border in sheets["QGroupBox"]
        assert "@" not in stylesheet(theme)  # every role filled in


def test_only_the_widgets_a_rule_is_for_go_through_qts_style_sheet_machinery(desk_window, qapp):
    assert qapp.styleSheet() == ""
    window = desk_window
    assert not _styled_by_sheet(window.chart_panel.chart.plot_widget)
    assert not _styled_by_sheet(window.member_list.filter_edit)
    box = window.findChild(QGroupBox)
    assert box is not None and _styled_by_sheet(box)
    assert _styled_by_sheet(window.member_list.table)
    styled = [w for w in window.findChildren(QWidget) if _styled_by_sheet(w)]
    assert len(styled) < len(window.findChildren(QWidget)) / 2


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_a_note_and_a_group_box_made_after_start_take_the_themes_colours(qtbot, qapp, theme: Theme):
    from nato_desk.ui.app import configure_application

    configure_application(qapp)
    apply_theme(theme)
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    box = QGroupBox("Spending")
    inner = QVBoxLayout(box)
    error = QLabel("Enter the source's publisher.")
    error.setObjectName("errorNote")
    plain = QLabel("Gap to 3.5% core: 1.50 pp below")
    inner.addWidget(plain)
    inner.addWidget(error)
    layout.addWidget(box)
    page.resize(400, 160)
    page.show()
    qtbot.waitExposed(page)
    assert error.palette().color(error.foregroundRole()) == QColor(theme.error)
    assert plain.palette().color(plain.foregroundRole()) == QColor(theme.text)
    assert not plain.font().bold() and box.font().bold()  # the title bold, the labels inside not
    # The box's frame: its left edge, half way down, in the theme's border colour.
    assert _pixel(box, 0, box.height() // 2) == QColor(theme.border)


def test_a_theme_switch_recolours_what_was_made_before(qtbot, qapp):
    from nato_desk.ui.app import configure_application

    configure_application(qapp)
    box = QGroupBox("Position")
    qtbot.addWidget(box)
    note = QLabel("figures from the July 2026 edition", box)
    note.setObjectName("gapNote")
    QVBoxLayout(box).addWidget(note)
    box.resize(300, 100)
    box.show()
    qtbot.waitExposed(box)
    assert note.palette().color(note.foregroundRole()) == QColor(LIGHT.gap_note)
    apply_theme(DARK)
    assert note.palette().color(note.foregroundRole()) == QColor(DARK.gap_note)
    assert box.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    assert _pixel(box, 0, box.height() // 2) == QColor(DARK.border)
    apply_theme(LIGHT)
    assert note.palette().color(note.foregroundRole()) == QColor(LIGHT.gap_note)
    assert _pixel(box, 0, box.height() // 2) == QColor(LIGHT.border)


def test_an_owners_own_style_sheet_is_kept(qtbot, qapp):
    from nato_desk.ui.app import configure_application

    configure_application(qapp)
    label = QLabel("Opposes")
    label.setObjectName("gapNote")
    label.setStyleSheet("QLabel { color: #123456; }")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    apply_theme(DARK)
    assert label.styleSheet() == "QLabel { color: #123456; }"
    assert label.palette().color(label.foregroundRole()) == QColor("#123456")


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt, showing a tooltip
@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_a_tooltip_has_the_themes_colours_and_border(qtbot, qapp, theme: Theme):
    from nato_desk.ui.app import configure_application

    configure_application(qapp)
    apply_theme(theme)
    anchor = QLabel("Spain")
    qtbot.addWidget(anchor)
    anchor.show()
    qtbot.waitExposed(anchor)
    QToolTip.showText(anchor.mapToGlobal(QPoint(5, 5)), "Spain: 2.00% (2025e)", anchor)

    def tips() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets()
                if w.metaObject().className() == "QTipLabel" and w.isVisible()]

    qtbot.waitUntil(lambda: bool(tips()))
    tip = tips()[0]
    image = tip.grab().toImage()
    assert QColor(image.pixel(0, image.height() // 2)) == QColor(theme.border)
    assert QColor(image.pixel(2, 2)) == QColor(theme.tooltip_base)
    assert tip.palette().color(tip.foregroundRole()) == QColor(theme.tooltip_text)
    QToolTip.hideText()
