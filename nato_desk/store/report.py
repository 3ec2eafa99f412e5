"""``RecoveryReport``: what was found wrong with a store at open, and what was done about it.

Start-up recovery (``recovery``) makes one when it keeps a damaged file aside
and restores a backup; the store makes one when its journal of changes was
damaged and set aside. The window shows ``message`` as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nato_desk.store.backups import Backup

__all__ = ["RecoveryReport"]


@dataclass(frozen=True)
class RecoveryReport:
    """What start-up recovery found and did."""

    cause: str
    """What was wrong, in plain words ("the file is empty")."""
    kept_as: Path | None
    """Where the damaged file (or folder) now is; None if there was none."""
    restored: Backup | None
    """The backup copied into place; None if the store started afresh."""
    message: str
    """The whole story for the analyst, plain text."""
