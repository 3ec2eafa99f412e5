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

A file changed outside nato_desk (``StoreChangedError``: it reads as a valid
store but its checksum does not match) is the analyst's call: ``decide``
is asked, with the backup that would be restored, whether to restore it
(the changed file is then kept aside as damage is) or to open the changed
file read-only, as it is (the default without ``decide``).

Backups are tried newest first by save sequence number (``backups``), and
the report gives the restored backup's own save time, from inside it.
A journal beside a file that is set aside goes aside with it: its changes
follow that file, not the backup.

Not damage, so nothing is moved: a file of a newer schema (it opens
read-only), a file that cannot be read at all (permissions: ``StoreError``),
and a failed migration (``StoreMigrationError``; the file is unchanged).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from nato_desk.domain import Record
from nato_desk.store.atomic_storage import (
    fsync_folder,
    plain_os_error,
    write_atomically,
)
from nato_desk.store.backups import Backup, list_backups
from nato_desk.store.document import parse_document
from nato_desk.store.errors import StoreChangedError, StoreCorruptError, StoreError
from nato_desk.store.integrity import Verdict, verify
from nato_desk.store.journal import journal_path
from nato_desk.store.lock import StoreLock
from nato_desk.store.places import resolve_store_path, write_problem
from nato_desk.store.report import RecoveryReport
from nato_desk.store.schema import SCHEMA_VERSION, read_contents, read_meta
from nato_desk.store.store import Store

__all__ = ["FOLDER", "MISSING", "Decide", "RecoveryReport", "open_with_recovery"]

FOLDER = "a folder is where the data file should be"
MISSING = "the file is missing (it may have been deleted or moved), but backups of it exist"
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


Decide = Callable[[Path, "Backup | None"], bool]
"""Asked about a file changed outside nato_desk: True restores the backup, False opens the file read-only."""


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # a function, so tests can move the clock


def open_with_recovery(
    path: Path,
    *,
    seed: Callable[[], Iterable[Record]] | None = None,
    keep_backups: int = 10,
    decide: Decide | None = None,
) -> tuple[Store, RecoveryReport | None]:
    """Open the store at ``path`` as ``Store.open`` does, recovering from damage.

    Returns the store and, if anything was recovered, the report (also kept
    as ``store.recovery_report`` for the window to show).

    Args:
        decide: asked when the file was changed outside nato_desk (see the
            module docstring); without it, such a file opens read-only.

    Raises:
        StoreError: the file cannot be read (permissions, I/O), or recovery
            itself failed (the damaged file could not be moved aside, or the
            backup could not be copied; what was done so far is said).
        StoreSchemaError, StoreMigrationError, ValidationError, StoreWriteError:
            as ``Store.open``; nothing was moved.
    """
    path = Path(path)
    try:
        real = resolve_store_path(path)
    except OSError as exc:
        raise StoreError(f"nato_desk cannot find its data file {path}: {plain_os_error(exc)}") from exc
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not create the folder {real.parent}: {plain_os_error(exc)}") from exc
    lock = StoreLock(real)
    try:
        # A read-only file, folder or disk: Store.open says why, read-only.
        # (A folder where the file should be is damage, handled below.)
        locked = (real.is_dir() or write_problem(real) is None) and lock.try_acquire()
    except OSError:
        locked = False
    if not locked:
        return _open_locked_out(path, seed, keep_backups), None
    try:
        store, report = _open_held(path, real, lock, seed, keep_backups, decide)
    except BaseException:
        lock.release()
        raise
    if report is not None:
        store.recovery_report = report
    return store, store.recovery_report


def _open_locked_out(path: Path, seed: Callable[[], Iterable[Record]] | None, keep: int) -> Store:
    # Another window writes this store (or nobody can: a read-only place):
    # the file is not ours to move, so damage is only reported.
    try:
        return Store.open(path, seed=seed, keep_backups=keep, accept_changed=True)
    except StoreCorruptError as exc:
        raise StoreCorruptError(
            f"nato_desk could not read its data file {path}: {exc.reason}. Another nato_desk window "
            "has it open, or it cannot be written, so it was left as it is.", reason=exc.reason) from exc


def _open_held(
    path: Path, real: Path, lock: StoreLock, seed: Callable[[], Iterable[Record]] | None, keep: int,
    decide: Decide | None,
) -> tuple[Store, RecoveryReport | None]:
    good: tuple[Backup, bytes] | None = None
    if real.is_dir():
        cause = FOLDER
    elif not real.exists() and list_backups(real):
        cause = MISSING
    else:
        try:
            return Store.open(path, seed=seed, keep_backups=keep, lock=lock), None
        except StoreChangedError as exc:
            cause = exc.reason
            # The backup offered is the one restored: found (and checked) once.
            good = _newest_valid(real, _store_id_in(real))
            if decide is None or not decide(path, good[0] if good else None):
                store = Store.open(path, seed=seed, keep_backups=keep, lock=lock, accept_changed=True)
                return store, None
        except StoreCorruptError as exc:
            cause = exc.reason
    if good is None:
        good = _newest_valid(real, _store_id_in(real))
    kept = _quarantine(real, cause) if os.path.lexists(real) else None
    _set_journal_aside(real)
    restored = _restore(real, cause, kept, good)
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


_STORE_ID = re.compile(rb'"store_id": "([0-9a-f]{32})"')


def _store_id_in(path: Path) -> str | None:
    """The store id a (possibly damaged) file names, if it can be found: its backups are those."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    found = _STORE_ID.findall(raw)
    return found[-1].decode("ascii") if len(set(found)) == 1 else None


def _stamp() -> str:
    return _utcnow().strftime("%Y%m%dT%H%M%SZ")


def _quarantine(path: Path, cause: str) -> Path:
    """Rename ``path`` to ``<name>.corrupt-<UTC time>``; never over an earlier one."""
    stamp = _stamp()
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


def _set_journal_aside(path: Path) -> None:
    """The journal of a file set aside follows it: its changes are not the backup's."""
    journal = journal_path(path)
    if os.path.lexists(journal):
        try:
            _quarantine(journal, "set aside with its data file")
        except StoreError:
            pass  # its store id or sequence will not match the backup: it is reported at open


def _newest_valid(path: Path, store_id: str | None = None) -> tuple[Backup, bytes] | None:
    """The newest backup that is a valid store, with its bytes; its ``taken_at`` is the
    time it says it was saved (a file's own record), else its name's. None if there is none."""
    for backup in list_backups(path, store_id):
        try:
            raw = backup.path.read_bytes()
        except OSError:
            continue
        ok, saved_at = _valid(backup.path, raw)
        if ok:
            return dataclasses.replace(backup, taken_at=saved_at or backup.taken_at), raw
    return None


def _restore(path: Path, cause: str, kept: Path | None, good: tuple[Backup, bytes] | None) -> Backup | None:
    """Copy ``good`` (``_newest_valid``'s find) to ``path``; None if there is none."""
    if good is None:
        return None
    backup, raw = good
    try:
        write_atomically(path, raw)
    except OSError as exc:
        raise StoreError(
            f"{_what(path, cause, kept)} Restoring the backup {backup.path} failed: "
            f"{plain_os_error(exc)}. Nothing else was changed; nato_desk will try again at "
            "the next start.") from exc
    return backup


_INVALID = (False, None)


def _valid(path: Path, raw: bytes) -> tuple[bool, dt.datetime | None]:
    """Whether ``raw`` is a store this nato_desk can open writable (after migrating),
    and when it was saved by its own meta (``written_at``; None if it does not say)."""
    from nato_desk.store.migrations import migrate  # only when damage is met (start-up: issue 14)

    try:
        _text, doc = parse_document(path, raw)
        meta = read_meta(path, doc)
        version = meta["schema_version"]
        if version > SCHEMA_VERSION:
            return _INVALID  # would open read-only: not a restore
        if version >= 6 and verify(raw) != Verdict.MATCH:
            return _INVALID  # changed since it was taken
        read_contents(path, migrate(doc))
    except Exception:  # noqa: BLE001 - whatever goes wrong, this backup is not usable
        return _INVALID
    return True, _saved_at(meta)


def _saved_at(meta: dict[str, object]) -> dt.datetime | None:
    written = meta.get("written_at")
    if not isinstance(written, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(written.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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
    if age < -dt.timedelta(minutes=1):
        # Saved while the computer's clock was ahead: its date is not to be trusted.
        return f"dated {_span(-age)} in the future: the computer's clock was wrong when it was saved"
    return f"taken {_span(age)} earlier" if age >= dt.timedelta(minutes=1) else "taken moments earlier"


def _span(age: dt.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    size, unit = next(((s, u) for s, u in ((24 * 60, "day"), (60, "hour"), (1, "minute")) if minutes >= s),
                      (0, ""))
    if not unit:
        return "moments"
    n = minutes // size
    return f"{n} {unit}{'s' if n != 1 else ''}"
