"""Trajectories to 2035 in the window: scenario paths, required paths, ranked and overview views."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QLabel

from nato_desk.domain import PLAN_EDITION, Measure, Observation, Status
from nato_desk.ui.app import build_main_window
from nato_desk.ui.chart.ranked_view import RankedView
from nato_desk.ui.member_model import MemberColumn
from nato_desk.ui.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def window(desk_window):
    return desk_window


def label(widget, name):
    return next(w.text() for w in widget.findChildren(QLabel) if w.accessibleName() == name)


@pytest.mark.parametrize(("edition", "year", "top"), [
    ("2025-08", 2025, ["POL", "LTU", "LVA"]),
    ("2026-07", 2025, ["POL", "LTU", "EST"]),
    ("2026-07", 2026, ["LTU", "EST", "LVA"]),
])
def test_ranked_view_order(qtbot, store, edition, year, top):
    view = RankedView(store, edition)
    qtbot.addWidget(view)
    view.set_year(year)
    assert view.order()[:3] == top
    values = [o.value for o in view.bars]
    assert values == sorted(values, reverse=True)
    assert "ISL" not in view.order()


def test_clicking_a_bar_selects_the_ally_everywhere(qtbot, window):
    views = window.chart_panel.views
    ranked = window.desk.ranked_view
    views.setCurrentWidget(ranked)
    ranked.set_year(2026)
    row = ranked.order().index("ESP")
    spain = ranked.bars[row]
    view_box = ranked.plot_widget.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: view_box.width() > 100)
    scene_point = view_box.mapViewToScene(pg_point(spain.value / 2, row))
    widget_point = ranked.plot_widget.mapFromScene(scene_point)
    qtbot.mouseClick(ranked.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(widget_point.x(), widget_point.y()))
    assert window.member_list.current_iso3() == "ESP"
    assert window.detail_pane.iso3 == "ESP"
    assert window.chart_panel.chart.allies[0] == "ESP"
    assert f"{spain.value:.2f}% (2026e)" == "2.00% (2026e)"
    # The new user's question: about 0.17 pp a year to reach 3.5% by 2035.
    assert "+0.17 pp a year for 9 years" in label(window.detail_pane, "Path to core target")
    brushes = ranked.bar_item.opts["brushes"]
    assert brushes[row].color().name() != brushes[(row + 1) % len(brushes)].color().name()


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_grid_has_32_cells_in_list_order_and_follows_sorting(qtbot, window):
    grid = window.desk.overview_grid
    assert [c.iso3 for c in grid.cells()] == window.member_list.visible_codes()
    assert len(grid.cells()) == 32
    window.member_list.sort_combo.setCurrentIndex(1)  # latest, highest first
    assert [c.iso3 for c in grid.cells()][:3] == ["LTU", "EST", "LVA"]
    iceland = next(c for c in grid.cells() if c.iso3 == "ISL")
    assert "no armed forces" in iceland.message and not iceland.points
    qtbot.mouseClick(next(c for c in grid.cells() if c.iso3 == "BEL"), Qt.MouseButton.LeftButton)
    assert window.member_list.current_iso3() == "BEL"


def test_scenario_line_ends_at_3_50_in_2035(window):
    window.member_list.select("ESP")
    slot = window.chart_panel.chart.slot_for("ESP")
    xs, ys = slot.scenario.getData()
    assert (int(xs[0]), round(float(ys[0]), 2)) == (2026, 2.0)
    assert (int(xs[-1]), round(float(ys[-1]), 2)) == (2035, 3.5)
    assert slot.scenario.opts["pen"].style() == Qt.PenStyle.DashDotLine
    panel = window.chart_panel
    panel.scenario_combo.setCurrentIndex(4)  # compound path to 5%
    xs, ys = slot.scenario.getData()
    assert round(float(ys[-1]), 2) == 5.0
    panel.scenario_combo.setCurrentIndex(0)
    assert not slot.scenario.isVisible()


def test_compare_three_allies_with_their_scenario_lines(window):
    window.member_list.select("ESP")
    for code in ("BEL", "SVK"):
        window.chart_panel.add_comparison(code)
    chart = window.chart_panel.chart
    for code in ("ESP", "BEL", "SVK"):
        xs, ys = chart.slot_for(code).scenario.getData()
        assert int(xs[-1]) == 2035 and round(float(ys[-1]), 2) == 3.5
    legend = [label.text for _, label in chart.legend.items]
    assert any("scenario: linear path to 3.5% by 2035" in t for t in legend)


def test_plan_points_are_dashed_and_the_legend_explains_all_four(window, store):
    store.put_many([Observation(f"{PLAN_EDITION}/ESP/core_pct_gdp/2030", "ESP", 2030,
                                Measure.CORE_PCT_GDP, 2.1, 1, Status.PLAN, PLAN_EDITION,
                                "NATO_DE2026", "test plan")])
    window.member_list.select("ESP")
    window.chart_panel.chart.reload()
    chart = window.chart_panel.chart
    slot = chart.slot_for("ESP")
    assert slot.plan.isVisible() and slot.plan.opts["pen"].style() == Qt.PenStyle.DashLine
    legend = " | ".join(label.text for _, label in chart.legend.items)
    for words in ("actual", "NATO estimate", "national plan", "scenario"):
        assert words in legend
    assert "plan" in chart.hover_text(2030)


def test_target_toggles_and_reset_view(window):
    panel = window.chart_panel
    lines = panel.chart.target_lines
    panel.hague_check.setChecked(False)
    assert not lines["HAGUE_CORE"].isVisible() and not lines["HAGUE_TOTAL"].isVisible()
    assert lines["WALES_2PCT"].isVisible()
    panel.wales_check.setChecked(False)
    assert not lines["WALES_2PCT"].isVisible()
    view_box = panel.chart.plot_widget.getPlotItem().getViewBox()
    view_box.setXRange(2018, 2022, padding=0)
    panel.reset_button.click()
    (x0, x1), _ = view_box.viewRange()
    assert x0 <= 2014 and x1 >= 2035


def test_required_path_uses_the_gdp_assumption_and_remembers_it(qtbot, window, store, settings):
    window.member_list.select("ESP")
    box = window.detail_pane.required_path
    assert "at 1.5% real GDP growth" in label(window.detail_pane, "Path to core target")
    box.gdp_growth.setValue(2.0)
    assert "at 2% real GDP growth" in label(window.detail_pane, "Path to core target")
    window.close()
    again = build_main_window(store, Settings(QSettings(settings.qsettings.fileName(),
                                                        QSettings.Format.IniFormat)))
    qtbot.addWidget(again)
    assert again.detail_pane.required_path.gdp_growth.value() == 2.0


def test_switching_edition_keeps_views_in_step(window):
    ranked = window.desk.ranked_view
    grid = window.desk.overview_grid
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    ranked.set_year(2025)
    assert ranked.order()[:3] == ["POL", "LTU", "LVA"]
    spain = next(c for c in grid.cells() if c.iso3 == "ESP")
    assert max(o.year for o in spain.points) == 2025
    model = window.desk.member_model
    assert model.index(model.row_of("POL"), MemberColumn.LATEST).data() == "4.48% (2025e)"


def test_screenshots_of_each_view(qtbot, window):
    ARTIFACTS.mkdir(exist_ok=True)
    window.member_list.select("ESP")
    for code in ("BEL", "SVK"):
        window.chart_panel.add_comparison(code)
    views = window.chart_panel.views
    for index, name in enumerate(("trajectory", "ranked", "overview")):
        views.setCurrentIndex(index)
        qtbot.wait(20)
        assert window.grab().save(str(ARTIFACTS / f"view_{name}.png"))


def test_chart_summary_speaks_for_the_chart(window):
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    window.member_list.select("POL")
    chart = window.chart_panel.chart
    summary = chart.plot_widget.accessibleDescription()
    assert summary.startswith("Poland rose from 1.86% in 2014 to 4.48% in 2025 (estimate)")
    assert "above the 3.5% core target" in summary
    assert "rank 1 of 24 in 2025" in label(window.detail_pane, "Latest figure")
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2026-07"))
    window.member_list.select("ESP")
    assert "joint rank 29 of 31 in 2026" in label(window.detail_pane, "Latest figure")
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2025-08"))
    ranked = window.desk.ranked_view
    ranked.set_year(2025)
    assert "3 at or above 3.5%" in ranked.caption.text()
