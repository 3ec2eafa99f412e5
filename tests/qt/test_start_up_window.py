"""``run()`` turns the collector back on once the window is shown (``nato_desk.collector``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from nato_desk.collector import pause_for_start_up, resume_after_start_up
from nato_desk.ui import app as app_module
from nato_desk.ui.app import build_main_window


@pytest.fixture
def collector_restored() -> Iterator[None]:
    yield
    resume_after_start_up()
    gc.enable()


def test_run_shows_the_window_then_turns_the_collector_on_with_start_up_parked(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collector_restored: None) -> None:
    shown_while_paused: list[bool] = []

    def build(store, settings):  # type: ignore[no-untyped-def]
        window = build_main_window(store, settings)
        qtbot.addWidget(window)
        window.showEvent = lambda event: shown_while_paused.append(not gc.isenabled())  # type: ignore[method-assign]
        return window

    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(app_module, "QSettings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(app_module, "build_main_window", build)
    monkeypatch.setattr(QApplication, "exec", lambda *args: gc.isenabled() and 0)  # 0 only if on by now
    pause_for_start_up()
    frozen_before = gc.get_freeze_count()
    assert app_module.run(tmp_path / "desk.json") == 0
    assert shown_while_paused == [True]
    assert gc.isenabled() and gc.get_freeze_count() > frozen_before


def test_run_turns_the_collector_on_when_the_store_cannot_be_opened(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collector_restored: None) -> None:
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "notes.txt" / "desk.json"  # its folder is a file: it cannot be made
    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(app_module, "QSettings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)  # never wait for a window here
    said: list[bool] = []
    monkeypatch.setattr(app_module.QMessageBox, "exec", lambda self: said.append(gc.isenabled()))
    pause_for_start_up()
    assert app_module.run(folder) == 1
    assert said == [True]  # the box that says so is shown with the collector on
    assert gc.isenabled()
