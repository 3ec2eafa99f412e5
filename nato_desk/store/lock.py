"""``StoreLock``: one writer per store, across processes.

The lock lives on a sidecar ``<store>.lock`` file, never on the store itself:
the store is replaced by rename on every save, so a lock on it would stay with
the old file. ``filelock`` uses ``flock`` on Unix and ``LockFileEx`` on
Windows; both are released by the OS when the holder dies, even by
``kill -9``, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import filelock

__all__ = ["StoreLock"]


class StoreLock:
    """The single-writer lock of the store at ``store_path``.

    Held for the lifetime of a writable ``Store``. A second instance that
    cannot take it opens the store read-only.
    """

    def __init__(self, store_path: str | os.PathLike[str]) -> None:
        self._path = Path(os.fspath(store_path) + ".lock")
        # thread_local=False: the hold belongs to the process, so close() works
        # from whichever thread ends the app, not only the one that opened it.
        self._lock = filelock.FileLock(self._path, thread_local=False)

    @property
    def path(self) -> Path:
        """The sidecar lock file."""
        return self._path

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._lock.is_locked

    def try_acquire(self) -> bool:
        """Take the lock without waiting. False if another holder has it.

        Calling it again while held returns True without stacking a second
        hold, so one ``release()`` always frees it.
        """
        if self.held:
            return True
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            return False
        return True

    def release(self) -> None:
        """Let the lock go. Safe to call when not held."""
        if self.held:
            self._lock.release(force=True)
