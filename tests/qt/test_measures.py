"""The measure picker: the list, chart, ranked and overview views, detail pane and
exports follow the chosen measure, each against its own targets.

The figures of other measures are added here through the one write path
(Store.apply), so the expected values are known: Poland and Spain's equipment
share (47.0% and 15.2% in 2024) and their defence spending in constant US$
(31,565 and 12,345 million), in the August 2025 edition.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt

from nato_desk.domain import AddRecord, ChangeSet, Measure, Observation, Status
from nato_desk.ui.app import build_main_window
from nato_desk.ui.chart.ranked_view import RankedView
from nato_desk.ui.chart.trajectory_chart import TrajectoryChart
from nato_desk.ui.member_model import MemberColumn, MemberFilterProxy, MemberTableModel
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window

EDITION = "2025-08"
ADDED = [
    # iso3, measure, year, value, decimals, status
    ("POL", Measure.EQUIPMENT_SHARE, 2023, 45.5, 1, Status.ACTUAL),
    ("POL", Measure.EQUIPMENT_SHARE, 2024, 47.0, 1, Status.ESTIMATE),
    ("ESP", Measure.EQUIPMENT_SHARE, 2023, 14.1, 1, Status.ACTUAL),
    ("ESP", Measure.EQUIPMENT_SHARE, 2024, 15.2, 1, Status.ESTIMATE),
    ("POL", Measure.CONSTANT_USD, 2023, 29870.0, 0, Status.ACTUAL),
    ("POL", Measure.CONSTANT_USD, 2024, 31565.0, 0, Status.ESTIMATE),
    ("ESP", Measure.CONSTANT_USD, 2024, 12345.0, 0, Status.ESTIMATE),
]


@pytest.fixture
def measured(store):
    """The seeded store with equipment-share and constant-US$ figures for Poland and Spain."""
    source = next(o.source_id for o in store.observations(iso3="POL", edition=EDITION))
    adds = tuple(AddRecord(Observation(f"{EDITION}/{iso3}/{m.value}/{year}", iso3, year, m, value, dec,
                                       status, EDITION, source), f"Add {iso3} {year}")
                 for iso3, m, year, value, dec, status in ADDED)
    store.apply(ChangeSet(adds, "Add test figures"), user="test")
    return store


def visible_levels(plot_widget: pg.PlotWidget, angle: int) -> list[float]:
    """The values of the target lines a reader sees (visible straight lines at ``angle``)."""
    items = plot_widget.getPlotItem().items
    return sorted(round(item.value(), 3) for item in items
                  if isinstance(item, pg.InfiniteLine) and item.angle == angle and item.isVisible())


def cell(model, iso3, column):
    return model.index(model.row_of(iso3), column).data()


# the member list ------------------------------------------------------------

def test_member_model_passes_qtmodeltester_in_another_measure(qtmodeltester, qapp, measured):
    model = MemberTableModel(measured, EDITION, measure=Measure.EQUIPMENT_SHARE)
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model)
    proxy.sort(MemberColumn.GAP, Qt.SortOrder.DescendingOrder)
    model.set_measure(Measure.CONSTANT_USD)
    qtmodeltester.check(proxy)


def test_list_gap_column_reads_against_20_for_the_equipment_share(qapp, measured):
    model = MemberTableModel(measured, EDITION, measure=Measure.EQUIPMENT_SHARE)
    header = model.headerData(MemberColumn.GAP, Qt.Orientation.Horizontal)
    assert header == "Gap to 20%"
    assert model.headerData(MemberColumn.LATEST, Qt.Orientation.Horizontal) == "Latest: Equipment share (August 2025)"
    assert cell(model, "POL", MemberColumn.LATEST) == "47.0% (2024e)"
    assert cell(model, "POL", MemberColumn.GAP) == "27.0 above"
    assert cell(model, "ESP", MemberColumn.GAP) == "4.8 below"
    tip = model.index(model.row_of("ESP"), MemberColumn.GAP).data(Qt.ItemDataRole.ToolTipRole)
    assert "4.8 pp below the 20% equipment guideline" in tip
    # An ally without an equipment figure in this edition has none, not its GDP share.
    assert cell(model, "BEL", MemberColumn.LATEST) == "not in edition"
    assert cell(model, "BEL", MemberColumn.GAP) == "—"


def test_list_shows_money_with_its_unit_and_no_gap(qapp, measured):
    model = MemberTableModel(measured, EDITION, measure=Measure.CONSTANT_USD)
    assert cell(model, "POL", MemberColumn.LATEST) == "31,565 m US$ (2024e)"
    assert model.headerData(MemberColumn.GAP, Qt.Orientation.Horizontal) == "Gap (no target)"
    assert cell(model, "POL", MemberColumn.GAP) == "—"
    # Back to the headline: the share of GDP against 3.5%, as before.
    model.set_measure(Measure.PCT_GDP)
    assert cell(model, "POL", MemberColumn.LATEST) == "4.48% (2025e)"
    assert model.headerData(MemberColumn.GAP, Qt.Orientation.Horizontal) == "Gap to 3.5%"


# chart and ranked view ------------------------------------------------------

def test_equipment_share_chart_draws_only_the_20_percent_line(qtbot, measured):
    chart = TrajectoryChart(measured, EDITION)
    qtbot.addWidget(chart)
    chart.set_member("POL")
    assert visible_levels(chart.plot_widget, 0) == [2.0, 3.5, 5.0]
    chart.set_measure(Measure.EQUIPMENT_SHARE)
    assert visible_levels(chart.plot_widget, 0) == [20.0]
    assert list(chart.target_lines) == ["EQUIPMENT_20PCT"]
    plot = chart.plot_widget.getPlotItem()
    assert plot.getAxis("left").labelText == "% of defence expenditure"
    slot = chart.slot_for("POL")
    assert [(o.year, o.value) for o in slot.points] == [(2023, 45.5), (2024, 47.0)]
    assert not slot.scenario.isVisible()  # no path to 3.5% of GDP drawn on an equipment share
    assert "above the 20% equipment guideline" in chart.summary()
    (_, _), (y0, y1) = plot.getViewBox().viewRange()
    assert y0 <= 0 and y1 >= 47.0
    assert "47.0%, estimate" in chart.hover_text(2024)


def test_money_chart_has_no_target_line_and_a_unit_on_the_axis(qtbot, measured):
    chart = TrajectoryChart(measured, EDITION, measure=Measure.CONSTANT_USD)
    qtbot.addWidget(chart)
    chart.set_member("POL")
    assert visible_levels(chart.plot_widget, 0) == []
    assert chart.plot_widget.getPlotItem().getAxis("left").labelText == "million US$ (2021 prices)"
    (_, _), (_, y1) = chart.plot_widget.getPlotItem().getViewBox().viewRange()
    assert y1 >= 31565
    assert "31,565 m US$" in chart.hover_text(2024)
    assert chart.summary() == "Poland rose from 29,870 m US$ in 2023 to 31,565 m US$ in 2024 (estimate)."


def test_ranked_view_follows_the_measure_and_its_targets(qtbot, measured):
    view = RankedView(measured, EDITION)
    qtbot.addWidget(view)
    assert visible_levels(view.plot_widget, 90) == [2.0, 3.5, 5.0]
    view.set_measure(Measure.EQUIPMENT_SHARE)
    view.set_year(2024)
    assert view.order() == ["POL", "ESP"]
    assert visible_levels(view.plot_widget, 90) == [20.0]
    assert [t.toPlainText() for t in view.target_labels.values()] == ["20%"]
    assert [label.toPlainText() for label in view.value_labels[:2]] == ["47.0%", "15.2%"]
    assert "1 at or above 20%" in view.caption.text()
    view.set_measure(Measure.CONSTANT_USD)
    assert visible_levels(view.plot_widget, 90) == []
    assert [label.toPlainText() for label in view.value_labels[:2]] == ["31,565 m US$", "12,345 m US$"]


# the window -----------------------------------------------------------------

@pytest.fixture
def window(qtbot, qapp, measured, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(Settings.EDITION, EDITION)
    window = show_desk_window(qtbot, measured, settings, (1400, 900))
    window.member_list.select("POL")
    return window


def choose(window, measure: Measure) -> None:
    combo = window.measure_combo
    combo.setCurrentIndex(combo.findData(measure.value))


def test_picker_offers_the_editions_measures_share_of_gdp_first(window):
    combo = window.measure_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Share of GDP", "Equipment share", "Constant US$"]
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2026-07"))
    assert combo.itemText(0) == "Core share of GDP"


def test_switching_edition_keeps_the_measure_or_falls_back_to_the_headline(window):
    desk = window.desk
    choose(window, Measure.EQUIPMENT_SHARE)
    assert desk.member_model.measure is Measure.EQUIPMENT_SHARE
    # The June 2024 edition has an equipment share too: kept.
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2024-06"))
    assert window.measure_combo.currentText() == "Equipment share"
    assert desk.chart_panel.chart.measure is Measure.EQUIPMENT_SHARE
    # July 2026 has only its core share: the picker and every view fall back to it.
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2026-07"))
    assert window.measure_combo.currentText() == "Core share of GDP"
    for view in (desk.member_model, desk.chart_panel.chart, desk.ranked_view, desk.overview_grid, desk.detail_pane):
        assert view.measure is Measure.CORE_PCT_GDP


def test_window_follows_the_equipment_share(window):
    desk = window.desk
    choose(window, Measure.EQUIPMENT_SHARE)
    model = desk.member_model
    assert model.headerData(MemberColumn.GAP, Qt.Orientation.Horizontal) == "Gap to 20%"
    assert cell(model, "POL", MemberColumn.GAP) == "27.0 above"
    panel = desk.chart_panel
    assert visible_levels(panel.chart.plot_widget, 0) == [20.0]
    assert visible_levels(desk.ranked_view.plot_widget, 90) == [20.0]
    assert panel.wales_check.isVisible() and panel.wales_check.text() == "20% guideline"
    assert not panel.hague_check.isVisible()
    assert not panel.scenario_combo.isEnabled()
    panel.wales_check.setChecked(False)
    assert visible_levels(panel.chart.plot_widget, 0) == []
    panel.wales_check.setChecked(True)
    # The overview's cells draw the equipment share against 20%.
    cell_pol = next(c for c in desk.overview_grid.cells() if c.iso3 == "POL")
    assert [o.value for o in cell_pol.points] == [45.5, 47.0]
    assert [value for value, _ in cell_pol._targets] == [20.0]
    assert cell_pol.subtitle.startswith("47.0% (2024e)")
    # The detail pane speaks in the measure's terms; no path to 2035 of GDP.
    pane = desk.detail_pane
    assert "Latest: 47.0% (2024e), equipment, % of defence expenditure; rank 1 of 2 in 2024" in pane._latest.text()
    assert pane._gaps.text() == "Gap to the 20% equipment guideline (Wales 2014): 27.0 pp above"
    assert "no path to 2035 is computed" in pane.required_path.start.text()
    assert pane.required_path.paths() == {}
    # The chart's export names the measure.
    from nato_desk.ui.dialogs.export_dialog import current_chart
    _, spec = current_chart(desk)
    assert "equipment, % of defence expenditure" in spec.title
    assert spec.subtitle == ("Equipment share (% of defence expenditure), "
                             "against the 20% equipment guideline (Wales 2014)")
    desk.chart_panel.views.setCurrentIndex(1)
    _, spec = current_chart(desk)
    assert spec.title.startswith("Allies ranked, 2024: equipment, % of defence expenditure")


def test_money_measure_in_the_window_has_no_targets_and_says_so(window):
    desk = window.desk
    choose(window, Measure.CONSTANT_USD)
    assert cell(desk.member_model, "POL", MemberColumn.LATEST) == "31,565 m US$ (2024e)"
    assert visible_levels(desk.chart_panel.chart.plot_widget, 0) == []
    assert not desk.chart_panel.wales_check.isVisible() and not desk.chart_panel.hague_check.isVisible()
    assert desk.detail_pane._gaps.text() == "No target applies to constant US$: no gap to show."
    sort = window.member_list.sort_combo
    gap_items = [i for i in range(sort.count()) if "Gap" in sort.itemText(i)]
    assert all(not sort.model().item(i).isEnabled() for i in gap_items)


def test_measure_is_remembered_with_the_edition(qtbot, qapp, window, measured, tmp_path):
    choose(window, Measure.CONSTANT_USD)
    window.desk.save_state()
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert settings.get(Settings.MEASURE) == "constant_usd_m"
    window.close()
    again = build_main_window(measured, settings)
    qtbot.addWidget(again)
    assert again.measure_combo.currentText() == "Constant US$"
    assert again.desk.ranked_view.measure is Measure.CONSTANT_USD


def test_data_export_holds_the_chosen_measures_figures(window, tmp_path):
    desk = window.desk
    choose(window, Measure.EQUIPMENT_SHARE)
    out = tmp_path / "figures.csv"
    desk.briefing.choose_path = lambda *_: str(out)
    assert desk.briefing.export_data() == out
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["iso3"], r["year"], r["measure"], r["value"]) for r in rows} == {
        ("POL", "2023", "equipment_share", "45.5"), ("POL", "2024", "equipment_share", "47.0")}


ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def test_screenshot_with_the_equipment_share(window, qtbot):
    """NATO's June 2024 edition (read from its own workbook) in the equipment share:
    Poland against Spain and Belgium, the 20% line only, the list's gap to 20%."""
    desk = window.desk
    window.edition_combo.setCurrentIndex(window.edition_combo.findData("2024-06"))
    choose(window, Measure.EQUIPMENT_SHARE)
    assert window.measure_combo.currentText() == "Equipment share"
    window.member_list.sort_combo.setCurrentIndex(3)  # gap to 20%, largest first
    window.member_list.select("POL")
    for iso3 in ("ESP", "BEL"):
        desk.chart_panel.add_comparison(iso3)
    qtbot.wait(50)
    assert visible_levels(desk.chart_panel.chart.plot_widget, 0) == [20.0]
    assert window.member_list.sort_combo.currentText() == "Gap to 20% (largest first)"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "main_window_equipment_share.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20_000
