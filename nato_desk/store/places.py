"""Where a store's file really is, and whether nato_desk may write there.

A store path may be a symbolic link (into a synced folder, say), or a chain
of them. ``resolve_store_path`` names the real file: saves replace *that*
file, in its own folder, and leave the link alone (issue 12, item 4).

``write_problem`` says, in plain words for the analyst, why a store cannot be
written (a read-only file, a folder that does not allow creating files, a
read-only disk), so the store can open read-only and show the reason instead
of failing with a raw ``[Errno 30]`` at the first save (issue 12, item 8).
It probes for real rather than trusting ``os.access``, which says yes to root
and guesses on network file systems.

Standard library only, on purpose: the permission tests run this module as
an unprivileged user under a system Python that has none of our dependencies.
It also owns the naming of our temp files (``temp_prefix``), which
``atomic_storage`` writes and cleans up and the probe here borrows, so a
probe cut short by a crash is cleaned up like any other temp of ours.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

__all__ = ["TEMP_SUFFIX", "new_temp_name", "resolve_store_path", "temp_prefix", "write_problem"]

TEMP_SUFFIX = ".tmp"
# The 8-character random part, from tempfile.mkstemp's alphabet, so that
# atomic_storage's pattern for "ours" ([a-z0-9_]{8}) matches.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"


def temp_prefix(target: Path) -> str:
    """Temp files for ``target`` are named ``.<target's name>.<8 random>.tmp``, in its folder."""
    return f".{target.name}."


def new_temp_name(target: Path) -> Path:
    """A fresh temp file name for ``target``, in ``target``'s folder (not yet created)."""
    import secrets  # at the first save, not when the first window opens (issue 14: start-up)

    random = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return target.parent / f"{temp_prefix(target)}{random}{TEMP_SUFFIX}"


def resolve_store_path(path: Path) -> Path:
    """The real file the store path ``path`` designates: absolute, every symbolic link followed.

    A chain of links is followed to its end. A dangling final link resolves
    to the path it points to (the file a first save will create there). A
    relative link is read relative to the folder that holds the link, as the
    operating system does, never relative to the current directory. Links
    among the folders are resolved too, so the result's ``parent`` is the
    folder the file really lives in (where its temp files go and which is
    fsynced).

    Raises:
        OSError: ``errno.ELOOP`` if the links point in a circle.
    """
    resolved = Path(os.path.realpath(path))
    # realpath (non-strict) gives up silently on a loop and returns a path
    # that is still a link; a genuine target is never a link.
    if os.path.islink(resolved):
        raise OSError(errno.ELOOP, f"the symbolic link {path} points in a circle", str(path))
    return resolved


def _plain(exc: OSError) -> str:
    # As atomic_storage.plain_os_error: 'no space left on device', not '[Errno 28] …'.
    text = os.strerror(exc.errno) if exc.errno is not None else (str(exc) or type(exc).__name__)
    return text[:1].lower() + text[1:]


def _read_only_mount(folder: Path) -> str:
    return f"the disk or folder {folder} is read-only (mounted read-only)"


def _folder_refuses(folder: Path) -> str:
    return (f"the folder {folder} does not allow nato_desk to create files "
            "(it needs to, to save safely and to hold the lock)")


def _file_read_only(target: Path) -> str:
    return f"the data file {target} is read-only (its permissions do not allow writing)"


def write_problem(path: Path) -> str | None:
    """Why a store at ``path`` cannot be written, in plain words, or None if it can.

    ``path`` may be a link; the file it resolves to and that file's folder are
    checked. The answer is a lower-case clause to follow "opened read-only:"
    or "because", and is one of:

    - ``the data file <file> is read-only (its permissions do not allow writing)``
    - ``the folder <folder> does not allow nato_desk to create files (it needs
      to, to save safely and to hold the lock)``
    - ``the disk or folder <folder> is read-only (mounted read-only)``
    - ``the folder <folder> does not exist``
    - ``<file> is a folder, not a data file`` / ``<file> is not a regular file``
    - ``the symbolic link <path> points in a circle``
    - ``nato_desk cannot write to <file or folder>: <reason in plain words>``

    A few system calls, so cheap enough for every open: one ``stat`` and one
    write-open (no write, no truncation) of an existing file, then one
    temp file of our naming created and removed in the folder. Permission
    bits are also read as the owner's intent: a file (or, on POSIX, a folder)
    nobody may write is reported even to root, whom the kernel would let
    through.
    """
    try:
        target = resolve_store_path(path)
    except OSError as exc:
        return str(exc.strerror) if exc.errno == errno.ELOOP else f"nato_desk cannot find {path}: {_plain(exc)}"
    folder = target.parent
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        return _explain(exc, target, folder)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            return f"{target} is a folder, not a data file"
        if not stat.S_ISREG(info.st_mode):
            # Opening a pipe or device to probe it could block or do harm.
            return f"{target} is not a regular file"
        if not info.st_mode & 0o222:
            return _file_read_only(target)
        try:
            # O_APPEND without writing: nothing changes, not even the mtime.
            os.close(os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0)))
        except OSError as exc:
            return _explain(exc, target, folder)
    return _folder_problem(target)


def _folder_problem(target: Path) -> str | None:
    folder = target.parent
    if os.name == "posix":
        # (Not on Windows, where a folder's read-only attribute only marks
        # a customised folder.)
        try:
            if not os.stat(folder).st_mode & 0o222:
                return _folder_refuses(folder)
        except FileNotFoundError:
            return f"the folder {folder} does not exist"
        except OSError as exc:
            return _explain(exc, folder, folder, creating=True)
    # Saves need a temp file beside the store (and the lock a file of its
    # own), so the probe creates one, named exactly as a save's temp for
    # this store would be.
    probe = new_temp_name(target)
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileNotFoundError:
        return f"the folder {folder} does not exist"
    except FileExistsError:
        return None  # a name we cannot have chosen twice; creating files evidently works
    except OSError as exc:
        return _explain(exc, folder, folder, creating=True)
    os.close(fd)
    with contextlib.suppress(OSError):
        # If this fails (or a crash comes first) the file is a temp of our
        # naming for this store, so remove_leftover_temps removes it at the
        # next start.
        os.unlink(probe)
    return None


def _explain(exc: OSError, what: Path, folder: Path, *, creating: bool = False) -> str:
    if exc.errno == errno.EROFS:
        return _read_only_mount(folder)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _folder_refuses(folder) if creating else _file_read_only(what)
    if exc.errno == errno.EISDIR:
        return f"{what} is a folder, not a data file"
    return f"nato_desk cannot write to {what}: {_plain(exc)}"
