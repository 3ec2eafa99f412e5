"""``AtomicJSONStorage``: the TinyDB storage that never leaves a half-written file.

TinyDB's own ``JSONStorage`` overwrites the file in place and truncates after
the fsync; a ``kill -9`` in between left 29 of 600 test stores unreadable
(research/reliability.md, 1.1). This storage writes a temp file in the same
folder, fsyncs it, ``os.replace``-s it onto the store and fsyncs the folder,
so the file on disk is always either the old or the new version, complete.

A store path may be a symbolic link (a chain of them, a dangling one):
``write_atomically`` writes *through* it. The temp file goes in the real
file's folder and is renamed onto the real file, so the link stays a link and
its target keeps receiving every save (issue 12, item 4). The file keeps its
permission bits and, where the system allows, its owner and group; a new file
gets 0o666 less the user's umask, like any file a program saves (never
``mkstemp``'s 0o600).

A crash (``kill -9``, power loss) between creating the temp file and the
rename leaves it behind. Its name is ours alone, ``.<file name>.<8 random
characters>.tmp`` after the *real* file's name, in the real file's folder
(``places.temp_prefix``), so ``remove_leftover_temps`` can delete exactly
these, for one file, when its store is opened under the write lock, and
nothing else.

It owns the bytes on disk and nothing else: what the documents mean is the
``Store``'s business. It never keeps the data file open between calls (an open
handle blocks ``os.replace`` on Windows).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from nato_desk.store.document import parse_document
from nato_desk.store.errors import ReadOnlyStoreError, StoreError, StoreWriteError
from nato_desk.store.finite import non_finite
from nato_desk.store.places import TEMP_SUFFIX, new_temp_name, resolve_store_path

__all__ = ["AtomicJSONStorage", "fsync_folder", "plain_os_error", "remove_leftover_temps", "remove_temps_in",
           "write_atomically"]

# The random part of places.new_temp_name (tempfile.mkstemp's alphabet).
# Matching it exactly keeps "ours" narrow.
_RANDOM = r"[a-z0-9_]{8}"


def remove_leftover_temps(path: Path, *, before: float) -> list[Path]:
    """Delete temp files a crashed ``write_atomically(path, …)`` left, last changed before ``before``.

    Only names of exactly our pattern for the real file's name, in the real
    file's folder, and only regular files (never a link or a folder). For a
    store that is a symbolic link that is the *target's* name and folder,
    where ``write_atomically`` puts its temps: callers should pass the
    resolved path (``places.resolve_store_path``); a link is resolved here
    too, so passing the link itself cleans the same files, and also the
    temps beside the link named after it (where saves put them before they
    went through links). Call it only
    while holding the store's write lock: then no writer of ours is mid-save,
    and ``before`` (the time the lock was taken) spares a file that appeared
    since. Whatever cannot be listed or deleted is left: it costs only space.

    Returns the files removed.
    """
    try:
        real = resolve_store_path(path)
    except OSError:
        real = Path(path)  # a link loop: nothing of ours can be behind it
    removed = remove_temps_in(real.parent, lambda name: name == real.name, before=before)
    if os.path.islink(path):
        # Before saves went through links, their temps were made beside the
        # link, named after it: ours too.
        link = Path(path)
        removed += remove_temps_in(link.parent, lambda name: name == link.name, before=before)
    return removed


_ANY_TEMP = re.compile(rf"^\.(?P<target>.+)\.{_RANDOM}{re.escape(TEMP_SUFFIX)}$")


def remove_temps_in(folder: Path, is_ours: Callable[[str], bool], *, before: float) -> list[Path]:
    """As ``remove_leftover_temps``, for the temps of every file in ``folder`` whose name ``is_ours``.

    ``is_ours`` is asked about the name of the file the temp was for (the
    target of the write), never the temp's own name.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _ANY_TEMP.match(entry.name)
        if match is None or not is_ours(match["target"]):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime >= before:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def plain_os_error(exc: OSError) -> str:
    """'no space left on device' rather than '[Errno 28] No space left on device'."""
    if exc.errno is not None:
        text = os.strerror(exc.errno)
    else:
        text = str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


def _write_all(fd: int, payload: bytes) -> None:
    # os.write is unbuffered, so there is no separate flush step; it may write
    # less than asked (a full disk, a signal), hence the loop.
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _replace(src: str, dst: Path, attempts: int = 10, delay: float = 0.05) -> None:
    for attempt in range(attempts):
        try:
            os.replace(src, dst)  # atomic on POSIX; MoveFileExW(REPLACE_EXISTING) on Windows
            return
        except PermissionError:
            # Windows only: a virus scanner, the indexer or a sync client may
            # hold the target open for a moment. Elsewhere it is a real error.
            if sys.platform != "win32" or attempt == attempts - 1:
                raise
            time.sleep(delay * 2 ** min(attempt, 4))


def fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; without it an OS crash can bring the
    # old file (or an empty one) back. Windows cannot open a folder for fsync.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_temp(target: Path, mode: int) -> tuple[int, str]:
    """Create a temp file of our naming for ``target``, in its folder; the kernel applies the umask to ``mode``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = new_temp_name(target)
        try:
            # O_EXCL: a planted symlink at the temp name is never followed.
            return os.open(tmp, flags, mode), str(tmp)
        except FileExistsError:
            continue


# What a file system that has no POSIX owners or modes (a FAT stick, some
# network shares) answers; keeping them is then impossible, not an error.
_UNSUPPORTED = (errno.EPERM, errno.EACCES, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS)


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    """Give the temp file ``old``'s owner and group where permitted, and its permission bits."""
    mine = os.fstat(fd)
    # Owner first: chown clears set-user-id bits that the chmod then restores.
    if (old.st_uid, old.st_gid) != (mine.st_uid, mine.st_gid):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except OSError as exc:
            if exc.errno not in _UNSUPPORTED:
                raise
            # Not root: the owner cannot be given away, but the group can be
            # kept when we are a member of it.
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, old.st_gid)
    try:
        os.fchmod(fd, stat.S_IMODE(old.st_mode))
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise


def write_atomically(path: Path, payload: bytes, *, replaced: Callable[[], None] | None = None) -> None:
    """Replace the file at ``path`` with ``payload``: temp file, fsync, ``os.replace``, folder fsync.

    The one write routine of the store, used for the store itself, its
    backups and a restore, so all three are either old or complete.
    ``replaced`` is called as soon as the new file is in place, before the
    folder fsync that may still fail.

    If ``path`` is a symbolic link (or a chain of them) the write goes through
    to the real file (``places.resolve_store_path``): the temp file is made
    in the real file's folder and renamed onto it, that folder is fsynced, and
    the link is left as it is. A dangling link creates its target, if the
    target's folder exists.

    The new file keeps the old one's permission bits and, where permitted
    (root, or a group we belong to), its owner and group. A new file gets
    0o666 less the umask. On Windows only the contents are replaced: its
    permissions are not POSIX bits. This never refuses a read-only file (the
    rename needs only the folder): ``places.write_problem`` is what tells the
    store not to write.

    Raises:
        OSError: nothing was written and no temp file is left (unless only the
            final folder fsync failed: then the new file is in place). A
            dangling link into a folder that does not exist raises
            ``FileNotFoundError`` naming both; a link loop ``errno.ELOOP``.
    """
    target = resolve_store_path(path)
    folder = target.parent
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is None and os.path.islink(path) and not folder.is_dir():
        raise FileNotFoundError(
            errno.ENOENT, f"the symbolic link {path} points to {target}, whose folder does not exist", str(path))
    tmp: str | None = None
    try:
        # Same folder as the real file, so same file system, so os.replace
        # is a rename. An existing file's copy starts private (0o600) until
        # its own mode is applied; a new file gets 0o666 less the umask.
        fd, tmp = _open_temp(target, 0o600 if old is not None else 0o666)
        try:
            if old is not None and os.name == "posix":
                _keep_owner_and_mode(fd, old)
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)  # closed before the rename: Windows requires it
        _replace(tmp, target)
        tmp = None
        if replaced is not None:
            replaced()
        fsync_folder(folder)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class AtomicJSONStorage(Storage):
    """A TinyDB storage whose file is always either the old or the new version.

    ``read()`` serves from an in-memory copy of the last data read or written:
    the store holds the single-writer lock, so nobody else changes the file
    behind our back, and re-parsing the whole file for every TinyDB query would
    make reads linear in the store size. Each call returns a fresh object (a
    JSON round trip of the cached text) because TinyDB mutates what ``read()``
    hands it *before* calling ``write()``: a shared object would keep a change
    whose save failed (research/reliability.md, 1.8).

    Args:
        path: the store file. Its folder must exist.
        read_only: refuse every ``write()`` with ``ReadOnlyStoreError``.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self._path = Path(path)
        self._dir = self._path.parent
        self._read_only = read_only
        # The last text read from or written to disk. A str is immutable, so
        # nothing a caller does to a returned dict can reach it.
        self._cache: str | None = None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def text(self) -> str | None:
        """The text the file holds, as last read or written (None before either)."""
        return self._cache

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The stored data, or None for a new store (no file, or an empty one).

        Raises:
            StoreCorruptError: the file is not JSON, or not a JSON object of tables.
            StoreError: the file exists but cannot be read (permissions, I/O).
        """
        if self._cache is not None:
            data: dict[str, dict[str, Any]] = json.loads(self._cache)
            return data
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"Could not read {self._path}: {plain_os_error(exc)}") from exc
        if not raw:
            return None
        text, parsed = parse_document(self._path, raw)
        self._cache = text
        return parsed  # a fresh object already; the cache is the text

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with ``data``, atomically and durably.

        Raises:
            ReadOnlyStoreError: the storage is read-only.
            StoreWriteError: nothing was written, the file is as it was (with
                one exception: if only the final folder fsync fails, the new
                version is in place but may not survive an OS crash).
        """
        if self._read_only:
            raise ReadOnlyStoreError(f"{self._path} is open read-only; nothing was saved.")
        try:
            # Serialise fully before touching the disk; allow_nan=False because
            # NaN is not JSON and other tools would refuse the file.
            text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            # Name the place (only on failure: the walk costs a pass over the data).
            found = next((f for name in sorted(data) if (f := non_finite(data[name], f"table '{name}'"))), None)
            detail = f"{found}, a number JSON cannot hold" if found and isinstance(exc, ValueError) else str(exc)
            raise StoreWriteError(
                f"Could not save {self._path}: the data cannot be written as JSON ({detail})"
            ) from exc

        def replaced() -> None:
            self._cache = text  # the file now holds this text

        try:
            write_atomically(self._path, text.encode("utf-8"), replaced=replaced)
        except OSError as exc:
            raise StoreWriteError(f"Could not save {self._path}: {plain_os_error(exc)}") from exc

    def close(self) -> None:
        """Nothing to release: no file is held open between calls."""
