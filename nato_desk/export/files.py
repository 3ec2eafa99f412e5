"""Writing an export file: whole or not at all, with the user's permissions.

Every export (CSV, XLSX, PPTX, PDF, PNG, SVG) is built in memory and handed to
``write_atomically``: a temporary file beside the target, fsync, ``os.replace``,
then a folder fsync, so a crash leaves the old file or the new one, never half
of one. The temporary file is created with mode 0o666 less the umask, like any
file a program saves (``tempfile.mkstemp`` would make it 0o600 and the export
unreadable to colleagues). A failure names the user's path and the reason in
plain words, never the temporary file.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["ExportWriteError", "write_atomically"]


class ExportWriteError(OSError):
    """An export could not be written; ``str()`` names the user's path and why."""

    def __init__(self, path: Path, cause: OSError) -> None:
        reason = (cause.strerror or str(cause) or type(cause).__name__).rstrip(".")
        super().__init__(cause.errno, f"Could not write {path}: {reason[:1].lower()}{reason[1:]}.")
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)


def write_atomically(path: Path | str, payload: bytes) -> Path:
    """Write ``payload`` to ``path`` atomically; returns ``path``.

    Raises:
        ExportWriteError: the folder is missing or read-only, the disk is full, ...;
            an older file at ``path`` is kept and no temporary file is left.
    """
    import secrets  # when an export is asked for, not by the first window (issue 14: start-up)

    path = Path(path)
    folder = path.parent
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "it is a folder")
        while True:
            temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
                break
            except FileExistsError:
                continue
    except OSError as exc:
        raise ExportWriteError(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise ExportWriteError(path, exc) from exc
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; folders cannot be opened for fsync on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
