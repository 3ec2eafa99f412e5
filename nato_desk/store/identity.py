"""Is the file this store holds still the file at its path?

Saves go by path, and the lock is a sidecar file. Delete the lock from a
file manager and a second window takes a new one and writes too; rename the
store's folder and the next start seeds a fresh store where the old one
was, while this window's edits go to a file nobody will open. Both lost
acknowledged edits.

So a writable store remembers the identity (device and inode) of its lock
file, of its data file, and of its journal, and before every save checks
that the same files are still at the same paths. If not, it saves nothing,
says which file changed, and turns read-only (``Store``). An identity is
taken from the open file handle where we have one (the journal), so a file
swapped in between our open and our check is caught too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FileId", "file_id", "moved_reason"]


@dataclass(frozen=True)
class FileId:
    """A file's identity on this machine."""

    device: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileId:
        return cls(stat.st_dev, stat.st_ino)


def file_id(path: Path) -> FileId | None:
    """The identity of the file at ``path`` (links followed), or None if there is none."""
    try:
        return FileId.of(os.stat(path))
    except OSError:
        return None


def moved_reason(what: str, path: Path, now: FileId | None) -> str:
    """The analyst's words for ``what`` (the data file, its lock…) no longer being ours at ``path``."""
    if now is None:
        return (f"{what} {path} was deleted or moved while nato_desk had it open "
                "(by another program, or its folder was renamed)")
    return f"{what} {path} was replaced by another file while nato_desk had it open"
