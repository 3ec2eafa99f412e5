"""Fixtures for widget tests: a seeded store in a temporary folder, settings in an INI file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store
from nato_desk.ui.settings import Settings


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
