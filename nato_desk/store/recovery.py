"""Start-up over a damaged store: keep the damage aside, restore a backup, say what happened.

``open_with_recovery`` is how the app opens its store (research/reliability.md
3.3, after Firefox's session store). It holds the store's lock throughout, so
nothing it moves or writes belongs to another running nato_desk. When the
file is damaged (``StoreCorruptError``), a folder stands where it should be,
or it is missing while backups exist:

1. the damaged file (or folder) is renamed, never deleted, to
   ``<name>.corrupt-<UTC time>`` beside it;
2. the newest backup that is itself a valid store (parsed, migrated if
   older, every record checked) is copied into place atomically;
3. without one, the store starts afresh from the seed, as on a first run;
4. a ``RecoveryReport`` says, in plain words, what was wrong, where the
   damaged file was kept and which backup (from when) was restored.

Not damage, so nothing is moved: a file of a newer schema (it opens
read-only), a file that cannot be read at all (permissions: ``StoreError``),
and a failed migration (``StoreMigrationError``; the file is unchanged).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from nato_desk.domain import Record
from nato_desk.store.atomic_storage import fsync_folder, plain_os_error, write_atomically
from nato_desk.store.backups import Backup, list_backups
from nato_desk.store.document import parse_document
from nato_desk.store.errors import StoreCorruptError, StoreError
from nato_desk.store.lock import StoreLock
from nato_desk.store.migrations import migrate
from nato_desk.store.schema import SCHEMA_VERSION, read_contents, read_meta
from nato_desk.store.store import Store

__all__ = ["FOLDER", "MISSING", "RecoveryReport", "open_with_recovery"]

FOLDER = "a folder is where the data file should be"
MISSING = "the file is missing (it may have been deleted or moved), but backups of it exist"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # a function, so tests can move the clock


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


def open_with_recovery(
    path: Path,
    *,
    seed: Callable[[], Iterable[Record]] | None = None,
    keep_backups: int = 10,
) -> tuple[Store, RecoveryReport | None]:
    """Open the store at ``path`` as ``Store.open`` does, recovering from damage.

    Returns the store and, if anything was recovered, the report (also kept
    as ``store.recovery_report`` for the window to show).

    Raises:
        StoreError: the file cannot be read (permissions, I/O), or recovery
            itself failed (the damaged file could not be moved aside, or the
            backup could not be copied; what was done so far is said).
        StoreSchemaError, StoreMigrationError, ValidationError, StoreWriteError:
            as ``Store.open``; nothing was moved.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not create the folder {path.parent}: {plain_os_error(exc)}") from exc
    lock = StoreLock(path)
    if not lock.try_acquire():
        return _open_locked_out(path, seed, keep_backups), None
    try:
        store, report = _open_held(path, lock, seed, keep_backups)
    except BaseException:
        lock.release()
        raise
    store.recovery_report = report
    return store, report


def _open_locked_out(path: Path, seed: Callable[[], Iterable[Record]] | None, keep: int) -> Store:
    # Another window writes this store: the file is not ours to move, so
    # damage is only reported (that window holds the good data in memory).
    try:
        return Store.open(path, seed=seed, keep_backups=keep)
    except StoreCorruptError as exc:
        raise StoreCorruptError(
            f"nato_desk could not read its data file {path}: {exc.reason}. Another nato_desk window "
            "has it open, so it was left as it is.", reason=exc.reason) from exc


def _open_held(
    path: Path, lock: StoreLock, seed: Callable[[], Iterable[Record]] | None, keep: int
) -> tuple[Store, RecoveryReport | None]:
    if path.is_dir():
        cause = FOLDER
    elif not path.exists() and list_backups(path):
        cause = MISSING
    else:
        try:
            return Store.open(path, seed=seed, keep_backups=keep, lock=lock), None
        except StoreCorruptError as exc:
            cause = exc.reason
    kept = _quarantine(path, cause) if os.path.lexists(path) else None
    restored = _restore(path, cause, kept)
    try:
        store = Store.open(path, seed=seed, keep_backups=keep, lock=lock)
    except StoreCorruptError as exc:  # the backup was checked; this is not expected
        raise StoreError(f"{_what(path, cause, kept)} The restored backup could not be opened "
                         f"either: {exc.reason}.") from exc
    now = _utcnow()
    message = " ".join(filter(None, [
        _what(path, cause, kept),
        _restored_text(restored, now) if restored else _fresh_text(seed is not None, kept is not None),
    ]))
    return store, RecoveryReport(cause, kept, restored, message)


def _quarantine(path: Path, cause: str) -> Path:
    """Rename ``path`` to ``<name>.corrupt-<UTC time>``; never over an earlier one."""
    stamp = _utcnow().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 2
    while os.path.lexists(target):
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    try:
        os.replace(path, target)
        fsync_folder(path.parent)
    except OSError as exc:
        raise StoreError(
            f"nato_desk could not read its data file {path}: {cause}. It could not move the damaged "
            f"file aside either: {plain_os_error(exc)}. Nothing was changed.") from exc
    return target


def _restore(path: Path, cause: str, kept: Path | None) -> Backup | None:
    """Copy the newest valid backup to ``path``; None if there is none."""
    for backup in list_backups(path):
        try:
            raw = backup.path.read_bytes()
        except OSError:
            continue
        if not _valid(backup.path, raw):
            continue
        try:
            write_atomically(path, raw)
        except OSError as exc:
            raise StoreError(
                f"{_what(path, cause, kept)} Restoring the backup {backup.path} failed: "
                f"{plain_os_error(exc)}. Nothing else was changed; nato_desk will try again at "
                "the next start.") from exc
        return backup
    return None


def _valid(path: Path, raw: bytes) -> bool:
    """True if ``raw`` is a store this nato_desk can open writable (after migrating)."""
    try:
        _text, doc = parse_document(path, raw)
        version = read_meta(path, doc)["schema_version"]
        if version > SCHEMA_VERSION:
            return False  # would open read-only: not a restore
        read_contents(path, migrate(doc))
    except Exception:  # noqa: BLE001 - whatever goes wrong, this backup is not usable
        return False
    return True


def _what(path: Path, cause: str, kept: Path | None) -> str:
    said = f"nato_desk could not read its data file {path}: {cause}."
    if kept is not None:
        thing = "folder" if kept.is_dir() else "file"
        said += f" The damaged {thing} was kept as {kept}."
    return said


def _restored_text(backup: Backup, now: dt.datetime) -> str:
    t = backup.taken_at
    when = f"{t.day} {_MONTHS[t.month - 1]} {t.year} {t:%H:%M} UTC"
    return (f"The backup from {when} ({_ago(now - t)}) has been restored; changes made after that "
            "time are missing.")


def _fresh_text(seeded: bool, kept: bool) -> str:
    start = ("nato_desk started again from its shipped data" if seeded
             else "nato_desk started again with an empty store")
    tail = " Your earlier data is still in the damaged file." if kept else ""
    return f"No usable backup was found, so {start}.{tail}"


def _ago(age: dt.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    size, unit = next(((s, u) for s, u in ((24 * 60, "day"), (60, "hour"), (1, "minute")) if minutes >= s),
                      (0, ""))
    if not unit:
        return "taken moments earlier"
    n = minutes // size
    return f"taken {n} {unit}{'s' if n != 1 else ''} earlier"
