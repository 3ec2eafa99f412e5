"""``run()`` turns the collector back on once the window is shown (``nato_desk.collector``).

The collector is watched through a stand-in for the ``gc`` module (another
test's thread could turn the real one on meanwhile): it says whether it was on
when the window was shown and whether start-up's objects were parked.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from nato_desk import collector
from nato_desk.collector import pause_for_start_up
from nato_desk.ui import app as app_module
from nato_desk.ui.app import build_main_window


@pytest.fixture
def collector_gc(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    state = SimpleNamespace(enabled=True, frozen=0)
    stand_in = SimpleNamespace(
        isenabled=lambda: state.enabled,
        disable=lambda: setattr(state, "enabled", False),
        enable=lambda: setattr(state, "enabled", True),
        freeze=lambda: setattr(state, "frozen", state.frozen + 1),
    )
    monkeypatch.setattr(collector, "gc", stand_in)
    monkeypatch.setattr(collector, "_paused_for_start_up", False)
    return state


@pytest.fixture
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(app_module, "QSettings", lambda: QSettings(ini, QSettings.Format.IniFormat))


def test_run_shows_the_window_then_turns_the_collector_on_with_start_up_parked(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collector_gc: SimpleNamespace,
        own_settings: None) -> None:
    shown_while_paused: list[bool] = []

    def build(store, settings):  # type: ignore[no-untyped-def]
        window = build_main_window(store, settings)
        qtbot.addWidget(window)
        window.showEvent = lambda event: shown_while_paused.append(not collector_gc.enabled)  # type: ignore[method-assign]
        return window

    monkeypatch.setattr(app_module, "build_main_window", build)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0 if collector_gc.enabled else 1)
    pause_for_start_up()
    assert app_module.run(tmp_path / "desk.json") == 0  # the event loop ran with the collector on
    assert shown_while_paused == [True]
    assert collector_gc.frozen == 1


def test_run_turns_the_collector_on_when_the_store_cannot_be_opened(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collector_gc: SimpleNamespace,
        own_settings: None) -> None:
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "notes.txt" / "desk.json"  # its folder is a file: it cannot be made
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)  # never wait for a window here
    said: list[bool] = []
    monkeypatch.setattr(app_module.QMessageBox, "exec", lambda self: said.append(collector_gc.enabled))
    pause_for_start_up()
    assert app_module.run(folder) == 1
    assert said == [True]  # the box that says so is shown with the collector on
