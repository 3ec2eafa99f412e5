"""Iceland in the window: NATO's June 2024 tables give its GDP and no defence figure.

The shipped June 2024 edition is the whole workbook, Iceland's GDP included
(data/nato_2024_tables.csv). Iceland still reads "no series", with the
member's note saying why (no armed forces), in every edition and every defence
measure: in the list, the overview grid, the trajectory chart, the detail pane
and the Editions tab. With a GDP measure, its figures show like any ally's:
32,894 million US$ in 2024 (NATO's estimate), 59.0 thousand US$ per head.
"""

from __future__ import annotations

import pytest

from nato_desk.analysis.figures import ECONOMIC_MEASURES
from nato_desk.domain import Measure
from nato_desk.ui.chart.edition_compare import EditionCompare
from nato_desk.ui.chart.trajectory_chart import TrajectoryChart
from nato_desk.ui.detail_pane import DetailPane
from nato_desk.ui.member_model import MemberColumn, MemberFilterProxy, MemberTableModel
from nato_desk.ui.overview_grid import OverviewGrid, SparklineCell

JUNE_2024 = "2024-06"
DEFENCE = [m for m in Measure if m not in ECONOMIC_MEASURES]
WHY = "no armed forces"
# Iceland's newest GDP figures in the June 2024 edition, as the list writes them.
GDP_2024 = {Measure.GDP_CURRENT_USD: "32,894 m US$ (2024e)", Measure.GDP_CONSTANT_USD: "23,420 m US$ (2024e)",
            Measure.GDP_PER_CAPITA: "59.0 k US$ (2024e)"}


def editions(store):
    return [e.id for e in store.editions()]


def latest_cell(model, role=None):
    index = model.index(model.row_of("ISL"), MemberColumn.LATEST)
    return index.data() if role is None else index.data(role)


def test_member_list_says_no_series_in_every_edition_and_defence_measure(qapp, store):
    from PySide6.QtCore import Qt

    model = MemberTableModel(store, JUNE_2024)
    for edition in editions(store):
        for measure in DEFENCE:
            model.set_edition(edition, measure)
            assert latest_cell(model) == "no series", (edition, measure)
            assert WHY in latest_cell(model, Qt.ItemDataRole.ToolTipRole), (edition, measure)
    # Another ally with no figure in a measure is "not in edition", never "no series".
    model.set_edition("2026-03", Measure.PCT_GDP)
    assert model.index(model.row_of("CZE"), MemberColumn.LATEST).data() == "not in edition"


def test_member_list_shows_icelands_gdp_like_any_allys(qapp, store):
    from PySide6.QtCore import Qt

    model = MemberTableModel(store, JUNE_2024)
    for measure, text in GDP_2024.items():
        model.set_measure(measure)
        assert latest_cell(model) == text
        tip = latest_cell(model, Qt.ItemDataRole.ToolTipRole)
        assert "June 2024 edition" in tip and "NATO" in tip and WHY not in tip
        assert model.index(model.row_of("ISL"), MemberColumn.GAP).data() == "—"  # no target for money


@pytest.fixture
def model(store):
    return MemberTableModel(store, JUNE_2024)


@pytest.fixture
def proxy(model):
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    return proxy


@pytest.fixture
def grid(qtbot, store, proxy):
    grid = OverviewGrid(store, proxy, JUNE_2024)
    qtbot.addWidget(grid)
    return grid


def iceland_cell(grid):
    return next(c for c in grid.findChildren(SparklineCell) if c.iso3 == "ISL")


def test_overview_grid_says_why_iceland_has_no_line(store, grid):
    for edition in editions(store):
        for measure in DEFENCE:
            grid.set_edition(edition, measure)
            cell = iceland_cell(grid)
            assert cell.points == [] and WHY in cell.message, (edition, measure)
            assert cell.subtitle.startswith("no series"), (edition, measure)


def test_overview_grid_draws_icelands_gdp(grid):
    grid.set_edition(JUNE_2024, Measure.GDP_CURRENT_USD)
    cell = iceland_cell(grid)
    assert len(cell.points) == 11 and cell.message == ""
    assert cell.subtitle.startswith("32,894 m US$ (2024e)")


def test_trajectory_chart_says_why_in_defence_measures_and_draws_gdp(qtbot, store):
    chart = TrajectoryChart(store, JUNE_2024)
    qtbot.addWidget(chart)
    chart.set_member("ISL")
    for edition in editions(store):
        for measure in DEFENCE:
            chart.set_edition(edition, measure)
            assert WHY in chart.message.text(), (edition, measure)
            assert chart.slot_for("ISL") is None or not chart.slot_for("ISL").points
    chart.set_edition(JUNE_2024, Measure.GDP_CURRENT_USD)
    assert [o.year for o in chart.slot_for("ISL").points] == list(range(2014, 2025))
    assert WHY not in chart.message.text()
    assert "32,894 m US$" in chart.hover_text(2024)


def test_detail_pane_says_why_in_defence_measures_and_shows_gdp(qtbot, store):
    from PySide6.QtWidgets import QLabel

    pane = DetailPane(store, JUNE_2024)
    qtbot.addWidget(pane)
    pane.show_member("ISL")

    def latest():
        [found] = [w for w in pane.findChildren(QLabel) if w.accessibleName() == "Latest figure"]
        return found.text()

    for edition in editions(store):
        for measure in DEFENCE:
            pane.set_edition(edition, measure)
            assert WHY in latest(), (edition, measure)
    pane.set_edition(JUNE_2024, Measure.GDP_PER_CAPITA)
    assert latest().startswith("Latest: 59.0 k US$ (2024e)") and WHY not in latest()
    # An ally with a defence series keeps its note to itself when a figure is missing.
    pane.set_edition("2026-03", Measure.PCT_GDP)
    pane.show_member("CZE")
    assert latest().startswith("No figure for") and "\n" not in latest()


def test_editions_tab_says_why_for_defence_and_compares_gdp(qtbot, store):
    view = EditionCompare(store)
    qtbot.addWidget(view)
    view.set_member("ISL")
    for measure in DEFENCE:
        view.set_measure(measure)
        assert view.lines == [] and WHY in view.caption.text(), measure
    view.set_measure(Measure.GDP_CURRENT_USD)
    assert [line.label for line in view.lines] == ["June 2024"]
    assert view.caption.text().startswith("Only June 2024 has figures for Iceland") and WHY not in view.caption.text()
    # Another ally's notes are no reason for a missing measure.
    view.set_member("BEL")
    view.set_measure(Measure.RELATED_PCT_GDP)
    assert view.caption.text() == "No edition has figures for Belgium in related share of GDP."
