"""The window when its store's files change under it, and the start-up question about a changed file (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from nato_desk.domain import Quote, SetField
from nato_desk.store import CHANGED_REASON, Store, list_backups
from nato_desk.ui.app import open_store
from nato_desk.ui.dialogs.changed_file import ask_about_changed_file, changed_file_box
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window


@pytest.fixture
def own_store(tmp_path, seeded_store_file):
    """A writable copy of the seeded store, opened as the app opens it."""
    path = tmp_path / "desk.json"
    path.write_bytes(seeded_store_file.read_bytes())
    store = open_store(path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def seeded_store_file(tmp_path_factory):
    from nato_desk.ingest import load_seed, seed_folder

    path = tmp_path_factory.mktemp("seeded") / "desk.json"
    Store.open(path, seed=lambda: load_seed(seed_folder())).close()
    return path


def _window(qtbot, store, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    return show_desk_window(qtbot, store, settings, configure=False)


def _first_quote_edit(store: Store) -> SetField:
    quote = store.quotes()[0]
    return SetField("quotes", quote.id, "role", quote.role, "edited in the window", "Edit role")


def test_a_deleted_lock_turns_the_window_read_only_and_says_why(qtbot, own_store, tmp_path, monkeypatch):
    window = _window(qtbot, own_store, tmp_path)
    desk = window.desk
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)  # the warning is asserted, not shown
    Path(f"{own_store.path}.lock").unlink()

    with qtbot.waitSignal(desk.editor.turned_read_only) as turned:
        message = desk.editor.submit(_first_quote_edit(own_store))  # what the edit dialog shows
    assert message is not None and "Nothing was saved" in message and "lock file" in message
    assert turned.args[0] == message
    label = window.read_only_label
    assert label.isVisible() and "read-only" in label.text().lower() and "lock file" in label.text()
    assert window.windowTitle().endswith("[read-only]")
    assert not any(action.isEnabled() for action in desk.edit_actions.edit_actions())
    assert not desk.history_panel.revert_button.isEnabled()
    assert own_store.quotes()[0].role != "edited in the window"


def test_the_changed_file_question_defaults_to_changing_nothing(qtbot, tmp_path):
    box = changed_file_box(tmp_path / "desk.json", None)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert texts == ["Open read-only"]  # no backup: nothing else to offer
    assert "changed outside nato_desk" in box.text()


def test_restoring_from_the_question_brings_the_backup_back(qtbot, own_store, tmp_path):
    path = own_store.path
    quote = own_store.quotes()[0]
    own_store.close()
    raw = path.read_bytes()
    path.write_bytes(raw.replace(quote.role.encode("utf-8"), b"Changed by hand", 1))

    clicked: list[str] = []

    def click(name: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        button = next(b for b in box.buttons() if b.text() == name)
        clicked.append(box.defaultButton().text())
        button.click()

    QTimer.singleShot(50, lambda: click("Open read-only"))
    looked = open_store(path, decide=ask_about_changed_file)
    try:
        assert looked.read_only and looked.read_only_reason == CHANGED_REASON
        assert any(q.role == "Changed by hand" for q in looked.quotes())
    finally:
        looked.close()
    assert clicked == ["Open read-only"]

    QTimer.singleShot(50, lambda: click("Restore the backup"))
    restored = open_store(path, decide=ask_about_changed_file)
    try:
        assert not restored.read_only
        assert restored.get(Quote, quote.id).role == quote.role  # type: ignore[union-attr]
        report = restored.recovery_report
        assert report is not None and report.kept_as is not None and b"Changed by hand" in report.kept_as.read_bytes()
        assert list_backups(path)
    finally:
        restored.close()
