"""``StoreLock``: one writer per store, across processes.

The lock lives on a sidecar ``<store>.lock`` file, never on the store itself:
the store is replaced by rename on every save, so a lock on it would stay with
the old file. It is the OS's advisory lock, ``flock``, which the OS releases
when the holder dies, even by ``kill -9``, so a crash never leaves a stale
lock behind. A ``flock`` belongs to an open file, not to a process, so two
``StoreLock`` objects in one process exclude each other as well.

Where there is no ``flock`` (Windows, or a network share whose file system
refuses it) the lock is ``filelock``'s: ``LockFileEx`` on Windows, a lock
file of its own where ``flock`` is missing. That library is imported there
only: importing it cost 7 ms of every start-up (issue 14) for what one
system call does here. Both take a ``flock`` on the same sidecar where they
can, so a nato_desk that locks through ``filelock`` and one that locks here
still exclude each other.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["StoreLock"]

_HELD_ELSEWHERE = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES})
"""What ``flock`` says when another open file holds the lock (EACCES on some file systems)."""


class StoreLock:
    """The single-writer lock of the store at ``store_path``.

    Held for the lifetime of a writable ``Store``. A second instance that
    cannot take it opens the store read-only.
    """

    def __init__(self, store_path: str | os.PathLike[str]) -> None:
        self._path = Path(os.fspath(store_path) + ".lock")
        self._fd: int | None = None  # the open sidecar while the flock is held
        self._fallback: Any = None  # a filelock.FileLock where flock is missing

    @property
    def path(self) -> Path:
        """The sidecar lock file."""
        return self._path

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        if self._fallback is not None:
            return bool(self._fallback.is_locked)
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock without waiting. False if another holder has it.

        Calling it again while held returns True without stacking a second
        hold, so one ``release()`` always frees it.

        Raises:
            OSError: the sidecar cannot be created or opened (a folder we
                may not write in).
        """
        if self.held:
            return True
        if self._fallback is None and fcntl is not None:
            fd, created = _open_sidecar(self._path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in _HELD_ELSEWHERE:
                    return False
                if exc.errno != errno.ENOSYS:
                    raise
                # This file system has no flock. filelock's lock there is the sidecar's
                # existence: the one just made for the flock would read as held.
                if created:
                    os.unlink(self._path)
            else:
                self._fd = fd
                return True
        if self._fallback is None:
            self._fallback = _file_lock(self._path)
        return _acquired_now(self._fallback)

    def release(self) -> None:
        """Let the lock go. Safe to call when not held."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the only descriptor of the open file ends its flock
        elif self._fallback is not None and self._fallback.is_locked:
            self._fallback.release(force=True)


def _open_sidecar(path: Path) -> tuple[int, bool]:
    """The sidecar opened for reading and writing, made if missing; (descriptor, made now)."""
    # Not inherited by child processes (os.open's default): a program the desk
    # starts must not keep the lock after the desk is gone.
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644), True
    except FileExistsError:
        return os.open(path, os.O_RDWR), False


def _acquired_now(lock: Any) -> bool:
    """Take ``filelock``'s ``lock`` without waiting; False if another holder has it."""
    import filelock

    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        return False
    return True


def _file_lock(path: Path) -> Any:
    """``filelock``'s lock on ``path``, held for the process (not per thread)."""
    import filelock

    # thread_local=False: the hold belongs to the process, so release() works
    # from whichever thread ends the app, not only the one that opened it.
    return filelock.FileLock(path, thread_local=False)
