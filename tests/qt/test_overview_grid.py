"""The overview grid: one cell per ally, in the member list's order, plain text, clickable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from nato_desk.ui.member_model import MemberColumn, MemberFilterProxy, MemberTableModel
from nato_desk.ui.overview_grid import OverviewGrid, SparklineCell

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def model(store):
    return MemberTableModel(store, "2026-07")


@pytest.fixture
def proxy(model):
    proxy = MemberFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(MemberColumn.NAME, Qt.SortOrder.AscendingOrder)
    return proxy


@pytest.fixture
def grid(qtbot, store, proxy):
    grid = OverviewGrid(store, proxy, "2026-07")
    grid.resize(900, 700)
    qtbot.addWidget(grid)
    return grid


def proxy_codes(proxy):
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).member.iso3 for r in range(proxy.rowCount())]


def cell(grid, iso3):
    return next(c for c in grid.findChildren(SparklineCell) if c.iso3 == iso3)


def test_one_cell_per_ally_in_the_proxy_order(grid, proxy):
    assert grid.accessibleName() == "Overview grid"
    assert len(grid.cells()) == 32
    assert [c.iso3 for c in grid.cells()] == proxy_codes(proxy)
    assert grid.cells()[0].iso3 == "ALB"


def test_sorting_and_filtering_reorder_the_same_cells(grid, proxy):
    made = set(grid.findChildren(SparklineCell))
    proxy.sort(MemberColumn.LATEST, Qt.SortOrder.DescendingOrder)
    assert [c.iso3 for c in grid.cells()[:3]] == ["LTU", "EST", "LVA"]
    assert [c.iso3 for c in grid.cells()] == proxy_codes(proxy)
    proxy.set_region("Baltic")
    assert sorted(c.iso3 for c in grid.cells()) == ["EST", "LTU", "LVA"]
    assert sorted(c.iso3 for c in made if not c.isHidden()) == ["EST", "LTU", "LVA"]
    proxy.set_region("")
    assert len(grid.cells()) == 32
    assert set(grid.findChildren(SparklineCell)) == made  # never rebuilt


def test_columns_follow_the_viewport_width(qtbot, grid):
    grid.show()
    qtbot.waitExposed(grid)
    wide = grid._columns
    assert wide >= 4
    grid.resize(450, 700)
    qtbot.waitUntil(lambda: grid._columns < wide)
    assert len(grid.cells()) == 32


def test_click_and_enter_emit_the_code(qtbot, grid):
    spain = cell(grid, "ESP")
    with qtbot.waitSignal(grid.member_clicked) as blocker:
        qtbot.mouseClick(spain, Qt.MouseButton.LeftButton)
    assert blocker.args == ["ESP"]
    poland = cell(grid, "POL")
    poland.setFocus()
    with qtbot.waitSignal(grid.member_clicked) as blocker:
        qtbot.keyClick(poland, Qt.Key.Key_Return)
    assert blocker.args == ["POL"]


def test_tab_moves_between_cells(qtbot, grid):
    grid.show()
    qtbot.waitExposed(grid)
    first, second = grid.cells()[:2]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    qtbot.waitUntil(second.hasFocus)


def test_messages_and_points(grid):
    iceland = cell(grid, "ISL")
    assert "no armed forces" in iceland.message
    assert iceland.points == []
    assert "no armed forces" in iceland.toolTip()
    spain = cell(grid, "ESP")
    assert len(spain.points) == 13 and spain.message == ""
    assert spain.accessibleName() == "Spain: 2.00% (2026e), Opposes"
    assert spain.subtitle == "2.00% (2026e) · Opposes"
    grid.set_edition("2026-03")
    czechia = cell(grid, "CZE")
    assert czechia.message == "no figures in this edition" and czechia.points == []
    assert [o.year for o in cell(grid, "POL").points] == [2025]
    assert cell(grid, "ISL").message == iceland.message


def test_set_selected_marks_exactly_one_cell(grid):
    grid.set_selected("ESP")
    assert [c.iso3 for c in grid.findChildren(SparklineCell) if c.selected] == ["ESP"]
    grid.set_selected("POL")
    assert [c.iso3 for c in grid.findChildren(SparklineCell) if c.selected] == ["POL"]
    grid.set_selected(None)
    assert not any(c.selected for c in grid.findChildren(SparklineCell))


def test_imported_names_stay_plain_text(grid, store, model):
    spain = store.member("ESP")
    store.put_many([dataclasses.replace(spain, name="Spain <b>bold</b>")])
    model.reload()  # the proxy's dataChanged repaints the cell
    cell_ = cell(grid, "ESP")
    assert cell_.name == "Spain <b>bold</b>"
    assert "<b>" not in cell_.toolTip()
    assert "Spain &lt;b&gt;bold&lt;/b&gt;" in cell_.toolTip()
    assert cell_.accessibleName().startswith("Spain <b>bold</b>: ")
    grid.reload()
    assert "&lt;b&gt;" in cell_.toolTip()


def test_tooltip_names_figure_edition_stance_and_source(grid):
    tip = cell(grid, "ESP").toolTip()
    for part in ("Spain (ESP)", "2.00% (2026e)", "July 2026 edition", "Stance: Opposes", "Source: "):
        assert part in tip


def test_screenshot(qtbot, grid):
    grid.show()
    qtbot.waitExposed(grid)
    grid.set_selected("ESP")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "overview_grid.png"
    assert grid.grab().save(str(path))
    assert path.stat().st_size > 0


def test_iceland_cell_is_exempt_in_grey_not_opposing(grid):
    from nato_desk.palette import STANCE_STYLES

    iceland = cell(grid, "ISL")
    assert iceland.subtitle.endswith("· Exempt") and "Stance: Exempt — no armed forces" in iceland.toolTip()
    assert iceland._stance.name().upper() == STANCE_STYLES["exempt"].fill
    assert cell(grid, "ESP").subtitle.endswith("· Opposes")
