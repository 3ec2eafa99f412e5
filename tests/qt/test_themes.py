"""View ▸ Theme (issue 13, item 5): System, Light and Dark, remembered; readable in both.

Screenshots of the main window at 1366x768 in both themes are written to
tests/artifacts/themes/ (looked at when the theme changes).
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from nato_desk.palette import DARK, LIGHT
from nato_desk.ui import theme as ui_theme
from nato_desk.ui.app import build_main_window
from nato_desk.ui.chart_export import ChartSpec, png_bytes, svg_bytes
from nato_desk.ui.settings import Settings
from nato_desk.ui.theme_switch import apply_theme, resolve

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "themes"


@pytest.fixture(autouse=True)
def _light_afterwards(qapp):
    # The theme is process-wide: leave the next test the light one it expects.
    yield
    apply_theme(LIGHT)


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _label_background(label: QLabel) -> QColor:
    """What a label is drawn on: its own fill, else the nearest ancestor that fills."""
    widget = label
    while widget is not None:
        if widget is label or widget.autoFillBackground():
            colour = widget.palette().color(widget.backgroundRole())
            fills_itself = label.autoFillBackground() or "background" in label.styleSheet() \
                or label.objectName() == "readOnly" \
                or label.objectName() == "stanceBadge"  # badges: filled by their sheet, or palette
            if widget is not label or fills_itself:
                return colour
        widget = widget.parentWidget()
    return label.window().palette().color(QPalette.ColorRole.Window)


def _weak_labels(window) -> list[tuple[str, float]]:
    weak = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text().strip():
            continue
        fg = label.palette().color(label.foregroundRole())
        ratio = _contrast(fg, _label_background(label))
        if ratio < 4.5:
            weak.append((f"{label.objectName() or label.text()[:30]}", round(ratio, 2)))
    return weak


def _settle(qapp) -> None:
    for _ in range(5):
        qapp.processEvents()


def test_switching_theme_recolours_the_window_the_stylesheet_and_the_charts(compared_window, qapp):
    window = compared_window
    switch = window.desk.theme_switch
    chart = window.chart_panel.chart.plot_widget
    assert chart.backgroundBrush().color() == QColor(LIGHT.chart_background)

    window.desk.theme_switch.actions["dark"].trigger()
    _settle(qapp)
    assert switch.actions["dark"].isChecked() and not switch.actions["light"].isChecked()
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    assert qapp.styleSheet() == ""  # the blocks sit on their widgets (tests/qt/test_scoped_style.py)
    assert chart.backgroundBrush().color() == QColor(DARK.chart_background)
    # The first ally's line is the dark theme's blue, the 2% line no longer black.
    slot = window.chart_panel.chart.slots[0]
    assert slot.actual.opts["pen"].color() == QColor(DARK.allies[0])
    assert ui_theme.target_pen("WALES_2PCT").color() == QColor(DARK.targets["WALES_2PCT"])
    note = window.chart_panel.chart.message
    assert note.palette().color(note.foregroundRole()) == QColor(DARK.gap_note)

    window.desk.theme_switch.actions["light"].trigger()
    _settle(qapp)
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(LIGHT.window)
    assert chart.backgroundBrush().color() == QColor(LIGHT.chart_background)
    assert slot.actual.opts["pen"].color() == QColor(LIGHT.allies[0])


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_label_of_the_window_is_readable(compared_window, qapp, name):
    window = compared_window
    window.resize(1366, 768)
    window.desk.theme_switch.choose(name)
    _settle(qapp)
    for index in range(window.chart_panel.views.count()):
        window.chart_panel.views.setCurrentIndex(index)
        _settle(qapp)
        assert _weak_labels(window) == [], (name, window.chart_panel.views.tabText(index))
    window.chart_panel.views.setCurrentIndex(0)
    _settle(qapp)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"main_window_{name}_1366x768.png"))


def test_the_theme_is_remembered_across_a_restart(qtbot, qapp, store, settings, compared_window):
    compared_window.desk.theme_switch.choose("dark")
    assert settings.get(Settings.THEME) == "dark"
    apply_theme(LIGHT)  # as a fresh process starts
    again = build_main_window(store, settings)
    qtbot.addWidget(again)
    assert ui_theme.current() == DARK
    assert again.desk.theme_switch.actions["dark"].isChecked()
    assert again.desk.chart_panel.chart.plot_widget.backgroundBrush().color() == QColor(DARK.chart_background)


def test_system_follows_the_desktop(settings, compared_window):
    # The default; offscreen Qt reports no dark scheme, so System shows light.
    assert settings.get(Settings.THEME) == "system"
    assert compared_window.desk.theme_switch.actions["system"].isChecked()
    assert resolve("system") == (DARK if QApplication.styleHints().colorScheme().name == "Dark" else LIGHT)


def test_system_switches_when_the_desktop_does(compared_window, qapp, monkeypatch):
    from PySide6.QtCore import Qt

    from nato_desk.ui import theme_switch

    assert ui_theme.current() == LIGHT
    monkeypatch.setattr(theme_switch, "desktop_scheme", lambda: Qt.ColorScheme.Dark)
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert ui_theme.current() == DARK
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    # A chosen theme stays put whatever the desktop does.
    compared_window.desk.theme_switch.choose("light")
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert ui_theme.current() == LIGHT


def test_exports_are_the_same_in_both_themes(compared_window, qapp):
    window = compared_window
    spec = ChartSpec("Spain", "core share of GDP", "Source: NATO", "UNCLASSIFIED")
    size = QSize(960, 540)
    views = [window.chart_panel.chart, window.desk.ranked_view, window.desk.edition_compare]
    light = [(png_bytes(v, size, spec), svg_bytes(v, size, spec)) for v in views]
    window.desk.theme_switch.choose("dark")
    _settle(qapp)
    dark = [(png_bytes(v, size, spec), svg_bytes(v, size, spec)) for v in views]
    assert dark == light
    # and the window kept its dark colours after exporting
    assert window.chart_panel.chart.plot_widget.backgroundBrush().color() == QColor(DARK.chart_background)


def test_colour_maps_never_chain(qapp):
    # A colour mapped twice (an item's pen held in two places) must land on the same role.
    for old, new in ((LIGHT, DARK), (DARK, LIGHT)):
        mapping = ui_theme.colour_map(old, new)
        targets = {c.rgb() & 0xFFFFFF for c in mapping.values()}
        assert not targets & set(mapping), (old.name, new.name)


def test_plots_follow_pyqtgraph_defaults_of_the_theme(qapp):
    apply_theme(DARK)
    assert pg.getConfigOption("background") == DARK.chart_background
    apply_theme(LIGHT)
    assert pg.getConfigOption("foreground") == LIGHT.chart_foreground


def test_presenter_slides_are_readable_in_the_dark_theme(qtbot, qapp, compared_window):
    from nato_desk.ui.presenter import PresenterWindow, storyline

    desk = compared_window.desk
    names = iter(["Spain and Belgium", "Alliance ranked"])
    desk.saved_views.ask_name = lambda _parent: next(names)
    desk.saved_views.save_action.trigger()
    desk.chart_panel.views.setCurrentWidget(desk.ranked_view)
    desk.saved_views.save_action.trigger()
    desk.theme_switch.choose("dark")
    presenter = PresenterWindow(desk.store, storyline(desk.store), desk.member_list.proxy)
    qtbot.addWidget(presenter)
    presenter.resize(1366, 768)
    presenter.show()
    qtbot.waitExposed(presenter)
    for step in range(2):
        _settle(qapp)
        assert _weak_labels(presenter) == [], step
        presenter.grab().save(str(ARTIFACTS / f"presenter_dark_{step + 1}.png"))
        if step == 0:
            with qtbot.waitSignal(presenter.chart.destroyed):  # the first slide's chart gone
                presenter.show_view(1)
    # The ranked slide's plot too (it once kept pyqtgraph's white).
    assert presenter.chart.plot_widget.backgroundBrush().color() == QColor(DARK.chart_background)


def test_line_end_names_stay_right_through_switches_of_theme_and_ally(compared_window, qapp):
    """A compared ally's name beside its line is left as it is on a switch of ally; after a
    theme switch, and a switch of ally after that, every name is still its ally's, in its
    series colour made readable on the theme's plot background."""
    from nato_desk.ui.chart.end_labels import readable_on

    window = compared_window
    chart = window.chart_panel.chart
    names = {m.iso3: m.name for m in window.desk.store.members()}

    def check(theme) -> None:
        background = QColor(theme.chart_background)
        shown = {label.textItem.toPlainText(): label for label in chart.end_labels.visible_labels()}
        expected = {names[slot.iso3]: index for index, slot in enumerate(chart.slots)
                    if slot.iso3 and slot.points}
        assert set(shown) == set(expected)
        for name, index in expected.items():
            series = QColor(theme.allies[index])
            assert shown[name].textItem.defaultTextColor() == readable_on(series, background), name

    check(LIGHT)
    for theme, code in ((DARK, "ITA"), (DARK, "ESP"), (LIGHT, "POL"), (LIGHT, "ESP")):
        window.desk.theme_switch.actions["dark" if theme is DARK else "light"].trigger()
        _settle(qapp)
        check(theme)
        window.member_list.select(code)
        _settle(qapp)
        check(theme)


def test_the_stance_badge_keeps_its_kinds_colours_in_either_theme(compared_window, qapp):
    """The badge's fill and words are its stance's colours, whatever the theme, and follow
    each switch of ally from one kind to another."""
    from collections import Counter

    from PySide6.QtWidgets import QLabel

    from nato_desk.palette import STANCE_STYLES

    window = compared_window
    pane = window.desk.detail_pane
    badge = next(w for w in pane.findChildren(QLabel) if w.accessibleName() == "Stance")

    def colours() -> Counter:
        image = badge.grab().toImage()
        return Counter(image.pixelColor(x, y).name().upper()
                       for x in range(image.width()) for y in range(image.height()))

    for theme in ("dark", "light", "dark"):
        window.desk.theme_switch.actions[theme].trigger()
        _settle(qapp)
        for code, kind in (("ESP", "opposes"), ("BEL", "reservations"), ("POL", "supports")):
            window.member_list.select(code)
            _settle(qapp)
            seen = colours()
            style = STANCE_STYLES[kind]
            assert seen.most_common(1)[0][0] == style.fill, (theme, code)
            assert seen[style.text.upper()] > 0, (theme, code)  # the words, in the kind's ink
    window.desk.theme_switch.actions["light"].trigger()
    _settle(qapp)
