"""Start-up over a damaged store, as the analyst sees it: the window says what was recovered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from nato_desk.store import SCHEMA_VERSION
from nato_desk.ui import app as app_module
from nato_desk.ui.app import build_main_window, open_store


@pytest.fixture
def truncated(tmp_path: Path) -> Path:
    path = tmp_path / "desk.json"
    open_store(path).close()  # first run: seeded, and backed up
    path.write_bytes(path.read_bytes()[:5000])  # the crash
    return path


def test_window_over_a_recovered_store_carries_the_message(qtbot, truncated: Path, settings) -> None:
    store = open_store(truncated)
    try:
        window = build_main_window(store, settings)
        qtbot.addWidget(window)
        report = window.desk.store.recovery_report
        assert report is not None and "the file ends unexpectedly" in report.message
        assert "has been restored" in report.message
        assert not window.read_only_label.isVisible() and not store.read_only
    finally:
        store.close()


def test_run_shows_the_report_in_a_plain_text_box_and_the_status_bar(
    qtbot, truncated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows = []

    def build(store, settings):  # type: ignore[no-untyped-def]
        windows.append(build_main_window(store, settings))
        return windows[-1]

    ini = str(tmp_path / "settings.ini")
    monkeypatch.setattr(app_module, "QSettings", lambda: QSettings(ini, QSettings.Format.IniFormat))
    monkeypatch.setattr(app_module, "build_main_window", build)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)  # return at once instead of running
    assert app_module.run(truncated) == 0
    [window] = windows
    qtbot.addWidget(window)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"nato_desk could not read its data file {truncated}: the file ends unexpectedly")
    [box] = [b for b in window.findChildren(QMessageBox) if b.windowTitle() == "nato_desk recovered its data"]
    assert box.text() == message and box.textFormat() == Qt.TextFormat.PlainText
    assert list(truncated.parent.glob("desk.json.corrupt-*"))
    box.close()


def test_a_newer_schema_shows_read_only_with_the_reason(qtbot, tmp_path: Path, settings) -> None:
    path = tmp_path / "desk.json"
    open_store(path).close()
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    store = open_store(path)
    try:
        window = build_main_window(store, settings)
        qtbot.addWidget(window)
        assert store.recovery_report is None
        assert window.read_only_label.text() == (
            f"Read-only — This data was saved by a newer nato_desk (schema {SCHEMA_VERSION + 1}). "
            "Update nato_desk to edit it.")
    finally:
        store.close()
