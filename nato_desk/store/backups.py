"""Backups of a store: rolling ones taken on open, and one before each migration.

They live in a ``backups/`` folder beside the store (research/reliability.md
3.1), named after the store so that stores sharing a folder keep theirs
apart, with the UTC time taken and the schema version of the content::

    data.json
    backups/data-20261127T094100Z-v2.json            rolling: newest N kept
    backups/data-premigrate-v1-20261127T094000Z.json before a migration: newest 3 kept

Each is written with the store's own atomic routine and read back to verify.
This module only writes, lists and prunes them; whether one is a valid store
is decided when it is chosen for a restore (``recovery``). Nothing here
deletes a quarantined ``*.corrupt-*`` file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from nato_desk.store.atomic_storage import write_atomically
from nato_desk.store.errors import StoreError

__all__ = ["BACKUP_FOLDER", "KEEP_PREMIGRATE", "PREMIGRATE", "ROLLING", "Backup", "backup_folder",
           "list_backups", "take_rolling_backup", "write_backup"]

BACKUP_FOLDER = "backups"
KEEP_PREMIGRATE = 3
ROLLING = "rolling"
PREMIGRATE = "premigrate"
_STAMP = "%Y%m%dT%H%M%SZ"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # a function, so tests can move the clock


@dataclass(frozen=True)
class Backup:
    """One backup file of a store."""

    path: Path
    taken_at: dt.datetime
    """When it was taken (UTC, to the second)."""
    schema_version: int
    kind: str
    """``ROLLING`` or ``PREMIGRATE``."""


def backup_folder(store_path: Path) -> Path:
    return store_path.parent / BACKUP_FOLDER


def _pattern(store_path: Path) -> re.Pattern[str]:
    stem = re.escape(store_path.stem)
    return re.compile(
        rf"^{stem}-(?:(?P<stamp>\d{{8}}T\d{{6}}Z)-v(?P<version>\d+)"
        rf"|premigrate-v(?P<old>\d+)-(?P<pstamp>\d{{8}}T\d{{6}}Z))\.json$"
    )


def list_backups(store_path: Path) -> list[Backup]:
    """This store's backups, newest first (a rolling one before a premigrate one of the same second)."""
    pattern = _pattern(store_path)
    found: list[Backup] = []
    try:
        names = [p.name for p in backup_folder(store_path).iterdir()]
    except OSError:
        return []  # no folder yet (or unreadable): no backups to offer
    for name in names:
        match = pattern.match(name)
        if match is None:
            continue
        rolling = match["stamp"] is not None
        stamp = match["stamp"] if rolling else match["pstamp"]
        try:
            taken = dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
        except ValueError:
            continue  # "20261399T..." by hand: not one of ours
        version = int(match["version"] if rolling else match["old"])
        found.append(Backup(backup_folder(store_path) / name, taken, version,
                            ROLLING if rolling else PREMIGRATE))
    found.sort(key=lambda b: (b.taken_at, b.kind == ROLLING, b.path.name), reverse=True)
    return found


def write_backup(store_path: Path, payload: bytes, *, schema_version: int, kind: str = ROLLING) -> Backup:
    """Write ``payload`` as a new backup of ``store_path``, atomically, and verify it.

    A backup of the same kind taken in the same second is replaced (it held
    an older state of the same store).

    Raises:
        OSError: it could not be written; no temp file is left.
        StoreError: it did not read back as written (it is removed).
    """
    folder = backup_folder(store_path)
    folder.mkdir(exist_ok=True)
    taken = _utcnow().replace(microsecond=0)
    stamp = taken.strftime(_STAMP)
    name = (f"{store_path.stem}-{stamp}-v{schema_version}.json" if kind == ROLLING
            else f"{store_path.stem}-premigrate-v{schema_version}-{stamp}.json")
    path = folder / name
    write_atomically(path, payload)
    if path.read_bytes() != payload:
        with contextlib.suppress(OSError):
            path.unlink()
        raise StoreError(f"The backup {path} did not read back as written; it was removed.")
    if kind == PREMIGRATE:
        _prune(store_path, PREMIGRATE, KEEP_PREMIGRATE)
    return Backup(path, taken, schema_version, kind)


def take_rolling_backup(store_path: Path, payload: bytes, *, schema_version: int, keep: int) -> Backup | None:
    """The backup taken after an open: ``payload`` (the store's bytes), keeping the newest ``keep``.

    Returns None, writing nothing, when ``keep`` < 1 (backups turned off) or
    when the newest backup already holds these bytes: ten opens without an
    edit must not push the last ten different versions out.

    Raises:
        OSError, StoreError: as ``write_backup``.
    """
    if keep < 1:
        return None
    rolling = [b for b in list_backups(store_path) if b.kind == ROLLING]
    unchanged = False
    if rolling:
        with contextlib.suppress(OSError):
            unchanged = rolling[0].path.read_bytes() == payload
    backup = None if unchanged else write_backup(store_path, payload, schema_version=schema_version)
    _prune(store_path, ROLLING, keep)  # also when unchanged: the preference may have gone down
    return backup


def _prune(store_path: Path, kind: str, keep: int) -> None:
    for old in [b for b in list_backups(store_path) if b.kind == kind][keep:]:
        with contextlib.suppress(OSError):  # a backup we cannot delete costs only space
            old.path.unlink()
