"""The time slider on the Ranked and Overview views (issue 13): step, play, keyboard, edition switches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from nato_desk.ui.chart.ranked_view import RankedView
from nato_desk.ui.chart.year_slider import YearSlider


@pytest.fixture
def year_slider(qtbot):
    widget = YearSlider()
    qtbot.addWidget(widget)
    widget.set_years(2014, 2026)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_slider_offers_the_years_and_starts_at_the_last(year_slider):
    assert (year_slider.first, year_slider.last, year_slider.year) == (2014, 2026, 2026)
    assert year_slider.year_label.text() == "2026"
    year_slider.set_year(1990)  # clamped, never a year the edition has not
    assert year_slider.year == 2014


def test_keyboard_steps_jumps_and_plays(qtbot, year_slider):
    slider = year_slider.slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert year_slider.year == 2014 and year_slider.year_label.text() == "2014"
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert year_slider.year == 2015
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert year_slider.year == 2026
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert year_slider.year == 2025
    qtbot.keyClick(slider, Qt.Key.Key_Space)
    assert year_slider.playing and year_slider.play_button.text() == "Pause"
    qtbot.keyClick(slider, Qt.Key.Key_Space)
    assert not year_slider.playing and year_slider.play_button.text() == "Play"
    year_slider.back_button.click()
    assert year_slider.year == 2024
    year_slider.next_button.click()
    assert year_slider.year == 2025


def test_play_advances_a_year_at_a_time_and_stops_at_the_last(qtbot, year_slider):
    assert year_slider.timer.interval() == 800
    year_slider.timer.setInterval(1)  # the pace is not under test: the steps and the stop are
    year_slider.set_year(2022)
    seen: list[int] = []
    year_slider.year_changed.connect(seen.append)
    year_slider.play_button.click()
    qtbot.waitUntil(lambda: not year_slider.playing)
    assert seen == [2023, 2024, 2025, 2026]
    assert year_slider.year == 2026 and year_slider.play_button.text() == "Play"
    # Play at the last year starts again from the first.
    seen.clear()
    year_slider.play()
    qtbot.waitUntil(lambda: not year_slider.playing)
    assert seen[:2] == [2014, 2015] and seen[-1] == 2026 and len(seen) == 13


def test_stepping_the_years_reranks_the_bars(qtbot, store):
    view = RankedView(store, "2026-07")
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    assert view.year == 2026 and (view.year_slider.first, view.year_slider.last) == (2014, 2026)
    view.year_slider.slider.setFocus()
    qtbot.keyClick(view.year_slider.slider, Qt.Key.Key_Home)
    view.settle()
    order = view.order()
    assert view.year == 2014 and order.index("USA") < order.index("POL")  # USA 1st, Poland 5th in 2014
    assert view.bar_rows() == {iso3: float(i) for i, iso3 in enumerate(order)}
    for _ in range(10):
        qtbot.keyClick(view.year_slider.slider, Qt.Key.Key_Right)
    order = view.order()
    assert view.year == 2024 and order[0] == "POL" and order.index("POL") < order.index("USA")
    assert "Ranking for 2024: 1. Poland" in view.plot_widget.accessibleDescription()
    # The bars move to their new ranks: part way there first, then exactly there.
    assert view.animation.state() == view.animation.State.Running
    qtbot.waitUntil(lambda: view.animation.state() == view.animation.State.Stopped)
    assert view.bar_rows() == {iso3: float(i) for i, iso3 in enumerate(order)}
    assert view.bar_item.opts["width"][0] == next(o.value for o in view.bars if o.iso3 == "POL")


def test_edition_switch_shows_the_editions_last_year_in_both_views(desk_window):
    desk = desk_window.desk
    ranked, grid, combo = desk.ranked_view, desk.overview_grid, desk_window.edition_combo
    assert ranked.year == grid.year == 2026
    combo.setCurrentIndex(combo.findData("2025-08"))
    assert ranked.year == grid.year == 2025 and ranked.year_slider.last == 2025
    combo.setCurrentIndex(combo.findData("2026-07"))
    # The bug: the ranked year stayed at 2025 in an edition that runs to 2026.
    assert ranked.year == grid.year == 2026
    assert ranked.order()[:3] == ["LTU", "EST", "LVA"]


def test_one_year_for_the_ranked_and_overview_views(desk_window):
    desk = desk_window.desk
    ranked, grid = desk.ranked_view, desk.overview_grid
    ranked.set_year(2020)
    assert grid.year == 2020
    spain = next(c for c in grid.cells() if c.iso3 == "ESP")
    figure = next(o for o in ranked.bars if o.iso3 == "ESP")
    assert spain.year == 2020 and spain.subtitle.startswith(f"{figure.value:.2f}% (2020")
    grid.year_slider.step(1)
    assert ranked.year == 2021 and ranked.year_slider.year_label.text() == "2021"


def test_grid_says_when_an_ally_has_no_figure_for_the_year(desk_window):
    combo = desk_window.edition_combo
    combo.setCurrentIndex(combo.findData("2025-08"))
    germany = next(c for c in desk_window.desk.overview_grid.cells() if c.iso3 == "DEU")
    # Germany's 2025 cell is a published blank: its 2024 figure is not shown as the year's.
    assert germany.year == 2025 and germany.subtitle.startswith("no figure (2025")
    assert "latest 2.00% (2024" in germany.accessibleName()
    desk_window.desk.overview_grid.set_year(2024)
    assert germany.subtitle.startswith("2.00% (2024")


def test_selected_bar_is_scrolled_into_view(qtbot, desk_window):
    desk_window.resize(1024, 700)
    ranked = desk_window.desk.ranked_view
    desk_window.chart_panel.views.setCurrentWidget(ranked)
    area = ranked.scroll_area
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)  # the bars do not all fit
    area.verticalScrollBar().setValue(0)
    last = ranked.order()[-1]

    def bar_in_view(iso3: str) -> bool:
        row = ranked.order().index(iso3)
        view_box = ranked.plot_widget.getPlotItem().getViewBox()
        point = ranked.plot_widget.mapFromScene(view_box.mapViewToScene(QPointF(0, row)))
        y = ranked.plot_widget.mapTo(area.viewport(), point).y()
        return 0 <= y <= area.viewport().height()

    assert not bar_in_view(last)
    desk_window.member_list.select(last)
    qtbot.waitUntil(lambda: bar_in_view(last))
    first = ranked.order()[0]
    desk_window.member_list.select(first)
    qtbot.waitUntil(lambda: bar_in_view(first))
