"""A read-only window follows the file another window saves (issue 13, item 4).

A second window opened on a store another window is writing opens
read-only, and used to show the data as it was when it opened, forever.
``FileFollow`` watches the store's folder, its data file and its journal
(``QFileSystemWatcher``); the writer appends to the journal on every edit
and renames a new snapshot in when it closes. Events come in bursts (a
temp file made, renamed, the journal removed), so they are gathered for
``DEBOUNCE_MS`` and then ``Store.reload`` is asked, which costs two
``stat`` calls when nothing changed. If the data changed, every view is
refreshed (the desk's full reload: the ally, edition and measure on show
stay) and the status bar says so.

A file replaced by rename drops out of the watcher, and the journal comes
and goes: the folder is watched to see them appear, and the files are
added again after each burst. View ▸ Reload (Ctrl+R; F5 is the
presenter's) does the same by hand in any window; a writable window says
there is nothing to reload, because it is the one saving.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from nato_desk.store import Store, StoreError

__all__ = ["DEBOUNCE_MS", "FileFollow"]

DEBOUNCE_MS = 250
"""How long file events are gathered before the store is asked (a save is a burst of them)."""


class FileFollow(QObject):
    """Reloads ``store`` when its files change (read-only stores only) and on View ▸ Reload.

    Args:
        store: the window's store (reloaded in place: every view keeps it).
        window: the main window (status bar, and the action's parent).
        refresh: re-reads every view from the store (``Desk.reload_all``).

    Signals:
        checked(bool): the store was asked after a burst of file events (or by
            hand); True if the data had changed and the views were refreshed.
    """

    checked = Signal(bool)

    def __init__(self, store: Store, window: QMainWindow, refresh: Callable[[], None]) -> None:
        super().__init__(window)
        self._store = store
        self._window = window
        self._refresh = refresh
        self.reload_action = QAction("&Reload from disk", window)
        self.reload_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reload_action.setToolTip("Show what another window has saved to this store")
        self.reload_action.triggered.connect(self._on_reload_action_triggered)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.watcher: QFileSystemWatcher | None = None
        if store.follows_file:
            self.watcher = QFileSystemWatcher(self)
            self.watcher.fileChanged.connect(self._on_watcher_changed)
            self.watcher.directoryChanged.connect(self._on_watcher_changed)
            self._watch()

    @property
    def following(self) -> bool:
        """True if this window reloads by itself when the file changes."""
        return self.watcher is not None

    def _watch(self) -> None:
        """Watch the folder, and the data file and journal if they exist (again, after a rename)."""
        watcher = self.watcher
        if watcher is None:
            return
        data, journal = self._store.watched_files()
        watched = set(watcher.files()) | set(watcher.directories())
        # Checked first: adding a path that does not exist makes Qt warn.
        wanted = [str(p) for p in (data.parent, data, journal) if str(p) not in watched and p.exists()]
        if wanted:
            watcher.addPaths(wanted)

    def _on_watcher_changed(self, _path: str) -> None:
        self._timer.start()  # (re)started: one reload after the burst

    def _on_timer_timeout(self) -> None:
        self._watch()
        self.checked.emit(self.reload(by_hand=False))

    def _on_reload_action_triggered(self) -> None:
        self.checked.emit(self.reload(by_hand=True))

    def reload(self, *, by_hand: bool = True) -> bool:
        """Reload the store if another window saved; refresh the views and say so.

        Returns True if the data changed. Never raises: a file that cannot be
        read keeps the data on show, and the status bar says why.
        """
        store, status = self._store, self._window.statusBar()
        path = str(store.path)
        if not store.follows_file:
            if by_hand:
                status.showMessage(f"Nothing to reload: this window saves {path} itself, "
                                   "so it already shows everything saved.", 10000)
            return False
        try:
            changed = store.reload()
        except StoreError as exc:
            status.showMessage(str(exc))
            return False
        if changed:
            self._refresh()
            status.showMessage(f"Updated from {path}: saved by another window at {_saved_at(store)}")
        elif by_hand:
            status.showMessage(f"Nothing new in {path}: no other window has saved since it was read.", 10000)
        return changed


def _saved_at(store: Store) -> str:
    """The local time (HH:MM) of the newest save: the later of the data file's and journal's."""
    times: list[float] = []
    for path in store.watched_files():
        try:
            times.append(os.stat(Path(path)).st_mtime)
        except OSError:
            continue  # the journal is gone once the writer closed
    moment = dt.datetime.fromtimestamp(max(times)) if times else dt.datetime.now()
    return moment.strftime("%H:%M")
