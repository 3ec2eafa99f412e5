"""Fixtures for widget tests: a seeded store in a temporary folder, settings in an INI file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window


@pytest.fixture(scope="session")
def seed_records() -> list:
    return load_seed(seed_folder())


@pytest.fixture
def store(tmp_path: Path, seed_records: list) -> Iterator[Store]:
    store = Store.open(tmp_path / "desk.json", seed=lambda: seed_records)
    yield store
    store.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def panel(qtbot, store: Store):
    """The chart panel alone (not shown), over the shipped data's July 2026 edition."""
    from nato_desk.ui.chart.chart_panel import ChartPanel

    panel = ChartPanel(store, "2026-07")
    panel.resize(900, 500)
    qtbot.addWidget(panel)
    return panel


@pytest.fixture
def make_desk_window(qtbot, qapp, store: Store, settings: Settings):
    """Makes the real main window over the seeded store, shown at 1400x900, when called
    (after a test has set up what it watches)."""
    def make():
        return show_desk_window(qtbot, store, settings, (1400, 900))

    return make


@pytest.fixture
def desk_window(make_desk_window):
    """The real main window over the seeded store, shown at 1400x900."""
    return make_desk_window()


@pytest.fixture
def compared_window(desk_window):
    """The main window with Spain selected and Belgium and Slovakia compared."""
    desk_window.member_list.select("ESP")
    for iso3 in ("BEL", "SVK"):
        desk_window.chart_panel.add_comparison(iso3)
    # Laid out as the event loop would before the analyst's next move: the legend's new
    # rows and the line-end labels move the plot, and with it the years under the pointer.
    from nato_desk.ui.one_pass import settle_layouts

    settle_layouts()
    QApplication.processEvents()
    return desk_window
