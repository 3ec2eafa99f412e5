"""Fixtures the command-line tests share: a temporary user and a store seeded once."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def user_home(tmp_path, monkeypatch) -> Path:
    """A temporary user: the default store is <tmp>/home/xdg/nato_desk/nato_desk.json (none yet)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    monkeypatch.delenv("NATO_DESK_DEBUG", raising=False)
    return home


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Path:
    """A store file made from the shipped data, as the window makes it on first run.
    Tests copy it before writing."""
    from nato_desk.ingest import load_seed, seed_folder
    from nato_desk.store import Store

    path = tmp_path_factory.mktemp("store") / "desk.json"
    Store.open(path, seed=lambda: load_seed(seed_folder())).close()
    return path
