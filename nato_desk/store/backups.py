"""Backups of a store: rolling ones taken on open, and one before each migration.

They live in a ``backups/`` folder beside the store (research/reliability.md
3.1), named after the store's full file name, so that stores sharing a
folder keep theirs apart (``briefing.json`` and ``briefing.db`` are two
stores with two sets of backups), with the UTC time taken and the schema
version of the content::

    data.json
    backups/data.json-20261127T094100Z-v2.json            rolling: newest N kept
    backups/data.json-premigrate-v1-20261127T094000Z.json before a migration: newest 3 kept

Older versions named backups by the file's stem (``data-20261127T094100Z-v2.json``),
which two stores of the same stem shared. Such old-named backups are still
offered for recovery (``Backup.legacy``), but only while they are unambiguous:
no other store of the same stem is seen beside this one (a file such as
``data.db``, its ``data.db.lock``, or new-named backups of ``data.db``). Any
other file of that stem counts, even one that is not a store: when in doubt
an old backup is ignored rather than restored into the wrong store. Old-named
backups are never pruned (they may be another store's); they stay until the
analyst removes them. A store without a suffix (``data``) names its new
backups exactly as old ones were named, so beside it the old names are
always ambiguous for ``data.json``.

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

from nato_desk.store.atomic_storage import remove_temps_in, write_atomically
from nato_desk.store.errors import StoreError

__all__ = ["BACKUP_FOLDER", "KEEP_PREMIGRATE", "PREMIGRATE", "ROLLING", "Backup", "backup_folder",
           "list_backups", "remove_leftover_backup_temps", "take_rolling_backup", "write_backup"]

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
    legacy: bool = False
    """Named the old way, by the store's stem: read for recovery, never pruned."""


def backup_folder(store_path: Path) -> Path:
    return store_path.parent / BACKUP_FOLDER


# What follows the store's name (today) or stem (old backups) in a backup's name.
_TAIL = (r"-(?:(?P<stamp>\d{8}T\d{6}Z)-v(?P<version>\d+)"
         r"|premigrate-v(?P<old>\d+)-(?P<pstamp>\d{8}T\d{6}Z))\.json")
_ANY = re.compile(rf"^(?P<name>.+?){_TAIL}$")


def _pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(prefix)}{_TAIL}$")


def _legacy_unambiguous(store_path: Path, names: list[str]) -> bool:
    """True if old stem-named backups can only be this store's (see the module docstring)."""
    stem = store_path.stem
    if stem == store_path.name:
        return False  # no suffix: its own new names are the old names; nothing old to find
    others: set[str] = set()
    try:
        beside = [p.name for p in store_path.parent.iterdir()]
    except OSError:
        return False
    for name in beside:
        name = name.removesuffix(".lock")  # a lock sidecar: a store of that name was opened here
        if name != store_path.name and Path(name).stem == stem and not name.startswith("."):
            others.add(name)
    for name in names:
        match = _ANY.match(name)
        # A new-style name of another store of this stem ("data.db-…"). An old
        # name ("data-…") parses as a store called "data" and is not evidence.
        if match is not None and match["name"] != stem and Path(match["name"]).stem == stem:
            others.add(match["name"])
    others.discard(store_path.name)
    return not others


def list_backups(store_path: Path) -> list[Backup]:
    """This store's backups, newest first (a rolling one before a premigrate one of the same second).

    Old stem-named backups are included (``legacy``) only while unambiguous.
    """
    found: list[Backup] = []
    try:
        names = [p.name for p in backup_folder(store_path).iterdir()]
    except OSError:
        return []  # no folder yet (or unreadable): no backups to offer
    patterns = [(_pattern(store_path.name), False)]
    if _legacy_unambiguous(store_path, names):
        patterns.append((_pattern(store_path.stem), True))
    for name in names:
        for pattern, legacy in patterns:
            match = pattern.match(name)
            if match is not None:
                break
        else:
            continue
        rolling = match["stamp"] is not None
        stamp = match["stamp"] if rolling else match["pstamp"]
        try:
            taken = dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.UTC)
        except ValueError:
            continue  # "20261399T..." by hand: not one of ours
        version = int(match["version"] if rolling else match["old"])
        found.append(Backup(backup_folder(store_path) / name, taken, version,
                            ROLLING if rolling else PREMIGRATE, legacy))
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
    name = (f"{store_path.name}-{stamp}-v{schema_version}.json" if kind == ROLLING
            else f"{store_path.name}-premigrate-v{schema_version}-{stamp}.json")
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
    rolling = [b for b in list_backups(store_path) if b.kind == ROLLING and not b.legacy]
    unchanged = False
    if rolling:
        with contextlib.suppress(OSError):
            unchanged = rolling[0].path.read_bytes() == payload
    backup = None if unchanged else write_backup(store_path, payload, schema_version=schema_version)
    _prune(store_path, ROLLING, keep)  # also when unchanged: the preference may have gone down
    return backup


def _prune(store_path: Path, kind: str, keep: int) -> None:
    # Old stem-named backups are never deleted: they may be another store's.
    for old in [b for b in list_backups(store_path) if b.kind == kind and not b.legacy][keep:]:
        with contextlib.suppress(OSError):  # a backup we cannot delete costs only space
            old.path.unlink()


def remove_leftover_backup_temps(store_path: Path, *, before: float) -> list[Path]:
    """Delete the temp files a crash left while writing one of this store's (new-named) backups.

    As ``atomic_storage.remove_leftover_temps``: only under the write lock,
    only our temp naming, only for this store's backup names.
    """
    pattern = _pattern(store_path.name)
    return remove_temps_in(backup_folder(store_path), lambda name: pattern.match(name) is not None,
                           before=before)
