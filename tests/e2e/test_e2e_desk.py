"""End to end: the real main window on a temporary store, driven like a user would.

Saves screenshots under tests/artifacts/ to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from nato_desk.ui.app import open_store
from nato_desk.ui.member_model import MemberColumn
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def desk(qtbot, tmp_path):
    store = open_store(tmp_path / "desk.json")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = show_desk_window(qtbot, store, settings, (1400, 900))
    yield window
    store.close()


def test_select_spain_shows_position_quotes_and_chart_then_screenshot(qtbot, desk):
    member_list = desk.member_list
    qtbot.keyClicks(member_list.filter_edit, "spain")
    qtbot.keyClick(member_list.filter_edit, Qt.Key.Key_Return)
    assert member_list.current_iso3() == "ESP"

    pane = desk.detail_pane
    labels = {w.accessibleName(): w.text() for w in pane.findChildren(QLabel) if w.accessibleName()}
    assert labels["Member name"] == "Spain"
    assert labels["Stance"] == "Opposes"
    assert "2.1%" in labels["Position summary"]
    speakers = {pane.quote_model.index(r).data(Qt.ItemDataRole.UserRole).speaker
                for r in range(pane.quote_model.rowCount())}
    assert "Pedro Sánchez" in speakers

    chart = desk.chart_panel.chart
    assert chart.allies == ["ESP"]
    slot = chart.slot_for("ESP")
    assert slot.actual.isVisible() and len(slot.points) == 13

    member_list.filter_edit.clear()
    desk.chart_panel.add_comparison("BEL")
    desk.chart_panel.add_comparison("SVK")
    chart.show_hover(2024)
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    assert desk.grab().save(str(ARTIFACTS / "main_window.png"))


def test_new_user_sorts_by_latest_then_switches_edition(qtbot, desk):
    member_list = desk.member_list
    member_list.sort_combo.setCurrentIndex(1)  # Latest % (highest first)
    top = member_list.proxy.index(0, MemberColumn.NAME)
    assert top.data() == "Lithuania"
    assert top.siblingAtColumn(MemberColumn.LATEST).data() == "5.33% (2026e)"
    combo = desk.edition_combo
    combo.setCurrentIndex(combo.findData("2025-08"))
    top = member_list.proxy.index(0, MemberColumn.NAME)
    assert (top.data(), top.siblingAtColumn(MemberColumn.LATEST).data()) == ("Poland", "4.48% (2025e)")
    assert "August 2025" in desk.edition_label.text()
    desk.grab().save(str(ARTIFACTS / "main_window_aug2025.png"))


def test_status_bar_names_the_store_and_edition(desk, tmp_path):
    assert str(tmp_path / "desk.json") in desk.store_label.text()
    assert "July 2026" in desk.edition_label.text()
    assert not desk.read_only_label.isVisible()
