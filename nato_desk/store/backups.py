"""Backups of a store: rolling ones taken on open, and one before each migration.

They live in a ``backups/`` folder beside the store (research/reliability.md
3.1), named after the store's full file name, so that stores sharing a
folder keep theirs apart (``briefing.json`` and ``briefing.db`` are two
stores with two sets of backups), with the UTC time taken and the schema
version of the content::

    data.json
    backups/data.json-3f2a9c41d07e-s000042-20261127T094100Z-v6.json  rolling: newest N kept
    backups/data.json-premigrate-v1-20261127T094000Z.json            before a migration: newest 3 kept

From schema 6 a rolling backup's name also carries the first 12 digits of
the store's id and its save sequence number (``meta.save_seq``). Backups are
ordered by that number, never by the clock: after one start with the clock a
year ahead, a backup stamped in the future must not outrank the nine newer
ones taken after (it did, forever, and recovery called it "taken moments
earlier"). Recovery and pruning touch only the backups of the store's own
id; a copy of the store under another name has its own file name anyway.
Rolling backups named without an id (schema 5 and before) rank below every
numbered one, by time among themselves.

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
    store_id: str | None = None
    """The first 12 hex digits of the store's id (named so from schema 6)."""
    seq: int | None = None
    """The store's save sequence number when it was taken (named so from schema 6)."""

    def rank(self) -> tuple[bool, int, dt.datetime, bool, str]:
        """Newest first when sorted in reverse: by save sequence, then (unnumbered) by time."""
        return (self.seq is not None, self.seq or 0, self.taken_at, self.kind == ROLLING, self.path.name)


def backup_folder(store_path: Path) -> Path:
    return store_path.parent / BACKUP_FOLDER


# What follows the store's name (today) or stem (old backups) in a backup's name.
_TAIL = (r"-(?:(?P<stamp>\d{8}T\d{6}Z)-v(?P<version>\d+)"
         r"|(?P<sid>[0-9a-f]{12})-s(?P<seq>\d+)-(?P<sstamp>\d{8}T\d{6}Z)-v(?P<sversion>\d+)"
         r"|premigrate-v(?P<old>\d+)-(?P<pstamp>\d{8}T\d{6}Z))\.json")
_ID_DIGITS = 12
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


def list_backups(store_path: Path, store_id: str | None = None) -> list[Backup]:
    """This store's backups, newest first (see ``Backup.rank``).

    With ``store_id``, numbered backups of another id are left out (unnumbered
    ones are kept: they predate ids). Old stem-named backups are included
    (``legacy``) only while unambiguous.
    """
    short = store_id[:_ID_DIGITS] if store_id else None
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
        numbered = match["sid"] is not None
        if numbered and short is not None and match["sid"] != short:
            continue  # another store's (same file name, other id)
        rolling = numbered or match["stamp"] is not None
        stamp = match["sstamp"] if numbered else match["stamp"] if rolling else match["pstamp"]
        try:
            taken = _read_stamp(stamp)
        except ValueError:
            continue  # "20261399T..." by hand: not one of ours
        version = int(match["sversion"] if numbered else match["version"] if rolling else match["old"])
        found.append(Backup(backup_folder(store_path) / name, taken, version,
                            ROLLING if rolling else PREMIGRATE, legacy,
                            match["sid"] if numbered else None,
                            int(match["seq"]) if numbered else None))
    found.sort(key=Backup.rank, reverse=True)
    return found


def _read_stamp(stamp: str) -> dt.datetime:
    """A name's ``_STAMP`` ("20261202T001500Z", digits as the name patterns require) as a UTC time.

    Read by hand: ``strptime``'s first call loads the locale machinery, 3 ms of
    every start-up (the store lists its backups when it opens; issue 14).

    Raises:
        ValueError: not a date and time ("20261399T...", made by hand).
    """
    return dt.datetime(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]),
                       int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]), tzinfo=dt.UTC)


def write_backup(store_path: Path, payload: bytes, *, schema_version: int, kind: str = ROLLING,
                 store_id: str | None = None, seq: int | None = None) -> Backup:
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
    short = store_id[:_ID_DIGITS] if store_id and seq is not None else None
    if kind != ROLLING:
        name = f"{store_path.name}-premigrate-v{schema_version}-{stamp}.json"
    elif short is not None:
        name = f"{store_path.name}-{short}-s{seq:06d}-{stamp}-v{schema_version}.json"
    else:
        name = f"{store_path.name}-{stamp}-v{schema_version}.json"
    path = folder / name
    write_atomically(path, payload)
    if path.read_bytes() != payload:
        with contextlib.suppress(OSError):
            path.unlink()
        raise StoreError(f"The backup {path} did not read back as written; it was removed.")
    if kind == PREMIGRATE:
        _prune(store_path, PREMIGRATE, KEEP_PREMIGRATE)
    return Backup(path, taken, schema_version, kind, False, short, seq if short else None)


def take_rolling_backup(store_path: Path, payload: bytes, *, schema_version: int, keep: int,
                        store_id: str | None = None, seq: int | None = None) -> Backup | None:
    """The backup taken after an open: ``payload`` (the store's bytes), keeping the newest ``keep``.

    Returns None, writing nothing, when ``keep`` < 1 (backups turned off) or
    when the newest backup already holds this state (the same save sequence
    number of the same store; or, unnumbered, the same bytes): ten opens
    without an edit must not push the last ten different versions out.

    Raises:
        OSError, StoreError: as ``write_backup``.
    """
    if keep < 1:
        return None
    rolling = [b for b in list_backups(store_path, store_id) if b.kind == ROLLING and not b.legacy]
    unchanged = False
    if rolling:
        newest = rolling[0]
        if store_id is not None and seq is not None and newest.seq is not None:
            unchanged = newest.seq == seq
        else:
            with contextlib.suppress(OSError):
                unchanged = newest.path.read_bytes() == payload
    backup = None if unchanged else write_backup(store_path, payload, schema_version=schema_version,
                                                 store_id=store_id, seq=seq)
    _prune(store_path, ROLLING, keep, store_id)  # also when unchanged: the preference may have gone down
    return backup


def _prune(store_path: Path, kind: str, keep: int, store_id: str | None = None) -> None:
    # Old stem-named backups are never deleted: they may be another store's;
    # numbered ones of another id neither (list_backups leaves them out).
    for old in [b for b in list_backups(store_path, store_id) if b.kind == kind and not b.legacy][keep:]:
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
