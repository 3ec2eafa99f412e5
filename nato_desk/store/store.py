"""``Store``: the app's one gateway to its data.

The store owns its files (the snapshot, the journal beside it, the lock),
the ``meta`` record and an in-memory, typed copy of every record. Reads are
served from memory, because the UI asks on every selection; writes are
validated in full first and then made durable in one step, so a refused or
failed save changes nothing, on disk or in memory.

Every edit of the app goes through ``apply(change)`` (ARCHITECTURE.md 3):
the change is checked against the current data (a stale edit is a
``ChangeConflict``), the records it leaves are validated, and the change with
its ``HistoryEntry`` is appended to the journal and fsynced before ``apply``
returns. ``put_many`` and ``remove`` remain for the seed import and tools;
they write no history, but are journaled the same way.

On disk (``snapshot``, ``journal``): the snapshot is a TinyDB JSON file,
each record kind a table named by the record's ``KIND`` holding
``record_to_dict`` documents in id order, the ``history`` table and ``meta``
last, sealed with its SHA-256 (``integrity``). Changes since the snapshot
are lines of ``<file>.journal``, each checksummed. An edit costs one append
and one fsync, whatever the store's size; the snapshot is rewritten
(atomically, then the journal removed) when the store is closed, when it is
opened over a journal a crash left, and after a migration. Records are
found by their own string ``id``; TinyDB's doc_ids are renumbered on every
snapshot and mean nothing (TinyDB reuses them, research/reliability.md 1.6).

Identity (``identity``): a writable store remembers which files it opened
(its lock, its data file, its journal) and before every save checks they
are still the files at those paths. A deleted lock, a renamed folder or a
file replaced from outside turns it read-only before anything is written,
so two windows never both write and no acknowledged edit lands in a file
nobody will open. A store path that is a symbolic link is followed: the
link's target is the file written, its folder holds the journal and lock.

Opening also verifies the checksum (a file changed outside nato_desk is
``StoreChangedError``), migrates an older file (``migrations``), opens a
newer one read-only, replays the journal, and takes a rolling backup
(``backups``) of a writable store. A damaged file raises
``StoreCorruptError``; ``recovery.open_with_recovery`` is the start-up path
that keeps it aside and restores a backup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast

from tinydb import TinyDB

from nato_desk.collector import collector_paused
from nato_desk.domain import (
    RECORD_TYPES,
    AddRecord,
    Change,
    ChangeSet,
    Edition,
    Event,
    HistoryEntry,
    Leader,
    Member,
    Observation,
    Position,
    Quote,
    Record,
    RemoveRecord,
    SetField,
    Source,
    Target,
    ValidationError,
    field_from_json,
    record_from_dict,
    record_to_dict,
    revert_change,
    validate,
    validate_references,
)
from nato_desk.store.atomic_storage import (
    AtomicJSONStorage,
    plain_os_error,
    remove_leftover_temps,
    write_atomically,
)
from nato_desk.store.backups import (
    list_backups,
    remove_leftover_backup_temps,
    take_rolling_backup,
)
from nato_desk.store.document import EMPTY, parse_document
from nato_desk.store.errors import (
    ChangeConflict,
    ReadOnlyStoreError,
    StoreChangedError,
    StoreCorruptError,
    StoreError,
    StoreIdentityError,
    StoreSchemaError,
    StoreWriteError,
)
from nato_desk.store.finite import non_finite
from nato_desk.store.history import History
from nato_desk.store.identity import FileId, file_id, moved_reason
from nato_desk.store.indexes import ObservationIndex
from nato_desk.store.integrity import Verdict, verify
from nato_desk.store.journal import Journal, JournalRead, journal_path, read_journal
from nato_desk.store.lock import StoreLock
from nato_desk.store.places import resolve_store_path, write_problem
from nato_desk.store.report import RecoveryReport
from nato_desk.store.schema import (
    SCHEMA_VERSION,
    Contents,
    new_meta,
    new_store_id,
    read_contents,
    read_meta,
    stamped,
)
from nato_desk.store.snapshot import render

__all__ = ["CHANGED", "CHANGED_REASON", "LOCKED_REASON", "NEWER_REASON", "Store"]

R = TypeVar("R", bound=Record)

LOCKED_REASON = "Another nato_desk window has this store open; this one is read-only."
NEWER_REASON = "This data was saved by a newer nato_desk (schema {version}). Update nato_desk to edit it."
CHANGED = ("the file was changed outside nato_desk (its contents no longer match the checksum "
           "nato_desk saved with them)")
CHANGED_REASON = ("This data file was changed outside nato_desk, so it is open read-only: its figures "
                  "may not be the ones you saved.")
_ASKED_REASON = "Opened read-only."
_SEEDED_FROM = "data/"

_Tables = dict[str, dict[str, Record]]
"""{kind: {id: record}}, each inner dict in id order (the file's order)."""


class Store:
    """The records of one store file. Create it with ``Store.open``.

    Not thread-safe: call it from one thread (the UI thread) or serialise.
    """

    def __init__(
        self,
        *,
        path: Path,
        real: Path,
        lock: StoreLock,
        contents: Contents,
        read_only_reason: str | None,
    ) -> None:
        self._path = path
        self._real = real  # the file written: ``path`` with symbolic links followed
        # TinyDB over our atomic storage: the file is TinyDB's JSON layout, so
        # TinyDB (and any JSON tool) can read a snapshot; the store itself
        # reads and writes whole documents, never TinyDB's per-table saves.
        self._db = TinyDB(real, storage=AtomicJSONStorage, read_only=True)
        self._lock = lock
        # Id order: a file saved before the store was canonical is in
        # insertion order; its next snapshot puts it in id order on disk too.
        self._tables = {kind: _by_id(table) for kind, table in contents.tables.items()}
        self._meta = contents.meta
        self._store_id: str = contents.meta.get("store_id") or new_store_id()
        self._seq: int = _int(contents.meta.get("save_seq"))
        self._snapshot_seq = self._seq  # the last seq folded into the file on disk
        # Tables we do not know (a later minor version's, or hand-added), and
        # keys of record documents we do not know: kept as found and written
        # back, so saving here never drops them.
        self._extra = contents.extra
        self._unknown = contents.unknown
        self._history = History(contents.history)
        self._read_only_reason = read_only_reason
        self._closed = False
        self._backup_problem: str | None = None
        self.close_problem: str | None = None
        """Why the snapshot could not be rewritten at close (the journal keeps the changes)."""
        self.recovery_report: RecoveryReport | None = None
        """What was recovered before this store opened (``open_with_recovery``, or a damaged journal)."""
        self._obs_index: ObservationIndex | None = None  # built on first use, then kept up to date
        self._journal = Journal(journal_path(real), store_id=self._store_id)
        self._journal_ok = True  # False after a failed append: the next save rewrites the snapshot
        self._lock_id: FileId | None = None
        self._data_id: FileId | None = None
        self._in_memory = False  # ``in_memory``: no file behind it, nothing to reload
        # What the data file and journal looked like just before they were last
        # read: ``reload`` does nothing while they still look so.
        self._disk: _DiskState | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    @collector_paused()  # every record is built at once: see nato_desk.collector
    def open(
        cls,
        path: Path,
        *,
        seed: Callable[[], Iterable[Record]] | None = None,
        read_only: bool = False,
        keep_backups: int = 10,
        lock: StoreLock | None = None,
        accept_changed: bool = False,
    ) -> Store:
        """Open (or create) the store at ``path``.

        A writable open takes the store's lock; if another process holds it,
        the store opens read-only and ``read_only_reason`` says why; so it
        does when the file or its folder cannot be written (a read-only file,
        folder or disk). A missing file is created from ``seed()`` (called
        only then), in one save; so is an empty one, unless the store has
        backups: then an empty file is what a crash left, and it is reported
        as damage. A file of an older schema is migrated (backed up first; in
        memory only if read-only); one of a newer schema opens read-only with
        ``NEWER_REASON``. The journal beside the file is replayed; a writable
        store then rewrites its snapshot if the journal held anything, and
        takes a rolling backup, keeping the newest ``keep_backups``; if that
        fails the store still opens and ``backup_problem`` says why. A
        writable open, once it holds the lock, first removes the temp files a
        crashed save left for this store (and its backups).

        Args:
            lock: a ``StoreLock`` the caller already holds (on the resolved
                path). The store takes it over on success; on failure it is
                left held (start-up recovery keeps it across quarantine and
                restore).
            accept_changed: open a file whose checksum does not match
                read-only (``CHANGED_REASON``) instead of raising
                ``StoreChangedError``.

        Raises:
            StoreError: read-only and the file does not exist; or it cannot be
                read (permissions, I/O).
            StoreChangedError: the file's checksum does not match (changed
                outside nato_desk), unless ``accept_changed``.
            StoreCorruptError: the file is damaged (``reason`` says how).
            StoreSchemaError: the file is of a newer schema and cannot be shown.
            StoreMigrationError: an older file could not be migrated; it is unchanged.
            ValidationError: a seed record is not acceptable.
            StoreWriteError: the new or migrated store could not be saved.
        """
        path = Path(path)
        real = resolve_store_path(path)
        owned = lock is None
        lock = StoreLock(real) if lock is None else lock
        reason = _ASKED_REASON if read_only else None
        if not read_only and not lock.held:
            reason = _writable_or_why(real, lock)
        if reason is None:
            # Holding the lock, no save of ours is under way: temp files of
            # our naming for this store are what a crash left.
            taken = time.time()
            remove_leftover_temps(real, before=taken)
            remove_leftover_backup_temps(real, before=taken)
        seen = _disk_state(real)  # before reading: a save made meanwhile shows as a change
        try:
            store = cls._load(path, real, lock, seed, reason, accept_changed=accept_changed,
                              keep_backups=keep_backups)
        except BaseException:
            if owned:
                lock.release()
            raise
        store._disk = seen
        return store

    @classmethod
    def _load(
        cls,
        path: Path,
        real: Path,
        lock: StoreLock,
        seed: Callable[[], Iterable[Record]] | None,
        reason: str | None,
        *,
        accept_changed: bool,
        keep_backups: int = 10,
    ) -> Store:
        raw = _read_bytes(real)
        if raw is None:
            if real.exists() and list_backups(real):
                # Our writes never leave an empty file; with backups around,
                # this one is what a crash or a full disk left.
                raise StoreCorruptError(f"{real} is empty.", reason=EMPTY)
            if reason is not None:
                raise StoreError(f"{path} does not exist yet, so there is nothing to show.")
            store = cls(path=path, real=real, lock=lock,
                        contents=Contents(new_meta(_SEEDED_FROM if seed is not None else None),
                                          {kind: {} for kind in RECORD_TYPES}, {}, None),
                        read_only_reason=None)
            store._take_identity(lock)
            store._back_up(store._create(list(seed()) if seed is not None else []), keep_backups)
            return store
        _text, doc = parse_document(real, raw)
        del _text  # the parsed document is all we need; the text would double the memory
        version: int = read_meta(real, doc)["schema_version"]
        if version > SCHEMA_VERSION:
            return cls._newer(path, real, lock, doc, version)
        changed = version >= 6 and verify(raw) != Verdict.MATCH
        if changed and reason is None:
            reason = CHANGED_REASON  # whatever is decided below, nothing is written
        migrated = version < SCHEMA_VERSION
        if migrated:
            from nato_desk.store.migrations import migrate_file  # older files only (start-up: issue 14)

            doc = migrate_file(real, doc, version, back_up=reason is None)
        # A changed file that is also broken is damage of that kind, named as
        # such; one that reads as a valid store is the analyst's call.
        # A verified seal on a file that needed no migration: its records were
        # checked when nato_desk wrote them (schema.read_contents says why that is enough).
        contents = read_contents(real, doc, sealed=version >= 6 and not changed and not migrated)
        if changed:
            if not accept_changed:
                raise StoreChangedError(f"{real} was changed outside nato_desk: its checksum does not match.",
                                        reason=CHANGED)
            if reason == CHANGED_REASON:
                lock.release()  # this window will not write: another may
        store = cls(path=path, real=real, lock=lock, contents=contents, read_only_reason=reason)
        del doc
        if reason is None:
            store._take_identity(lock)
        found = store._replay()
        if reason is None and (migrated or found.exists):
            raw = store._compact()  # the migrated document or the journal folded in, atomically
        if reason is None:
            store._back_up(raw, keep_backups)
        return store

    @classmethod
    def _newer(cls, path: Path, real: Path, lock: StoreLock, raw: dict[str, Any], version: int) -> Store:
        """A file of a newer schema: shown read-only, as far as our readers understand it.

        Its journal (if that version keeps one) is not read: this version
        cannot know its format, so it shows the snapshot alone.
        """
        reason = NEWER_REASON.format(version=version)
        try:
            contents = read_contents(real, raw, check=False)
        except StoreCorruptError as exc:
            raise StoreSchemaError(f"{reason} This version cannot show it ({exc}).") from exc
        lock.release()  # a newer nato_desk started next to us may write it
        return cls(path=path, real=real, lock=lock, contents=contents, read_only_reason=reason)

    @classmethod
    def in_memory(cls, records: Iterable[Record], *, path: Path, reason: str) -> Store:
        """A read-only store of ``records`` held in memory: no file is read or
        written and no lock is taken (headless commands read the shipped data
        this way when the user has no store yet). ``path`` is only the name it
        reports; ``reason`` is its ``read_only_reason``.

        Raises:
            ValidationError: a record is not acceptable.
        """
        path = Path(path)
        store = cls(path=path, real=path, lock=StoreLock(path),
                    contents=Contents(new_meta(_SEEDED_FROM), {kind: {} for kind in RECORD_TYPES}, {}, None),
                    read_only_reason=reason)
        store._in_memory = True
        batch = list(records)
        store._check(batch)
        store._tables = {kind: _by_id(table) for kind, table in store._with(batch).items()}
        return store

    def _create(self, records: list[Record]) -> bytes:
        # The whole seed is one snapshot: a crash leaves no file or a complete one.
        self._check(records)
        tables = self._with(records)
        payload = self._write_snapshot(tables, self._history.docs, self._seq)
        self._adopt(tables)
        return payload

    def _take_identity(self, lock: StoreLock) -> None:
        """Remember which lock and data file this writable store holds."""
        self._lock_id = file_id(lock.path)
        self._data_id = file_id(self._path)

    def _replay(self) -> JournalRead:
        """Apply the journal's changes to memory; a damaged journal is said, not fatal."""
        try:
            found = read_journal(self._journal.path, store_id=self._store_id, base_seq=self._seq)
        except OSError as exc:
            raise StoreError(f"Could not read {self._journal.path}: {plain_os_error(exc)}") from exc
        applied = 0
        for op in found.ops:
            try:
                self._replay_op(op)
            except (StoreError, ValidationError, KeyError, TypeError, ValueError, AttributeError) as exc:
                found.problem = f"change {op['seq']} in the journal {self._journal.path.name} could not be applied ({exc})"
                break
            self._seq = op["seq"]
            applied += 1
        found.ops = found.ops[:applied]
        if found.problem is not None:
            self._journal_problem(found.problem)
        return found

    def _replay_op(self, op: dict[str, Any]) -> None:
        kind = op.get("op")
        if kind == "apply":
            entry = HistoryEntry.from_dict(op["entry"])
            self._adopt(*self._changed(entry.change))
            self._history.add(entry, op["entry"])
        elif kind == "put":
            batch = [record_from_dict(k, doc) for k, doc in op["records"]]
            self._check(batch)
            self._adopt(self._with(batch), _keys(batch))
        elif kind == "remove":
            self._adopt(self._removed(RECORD_TYPES[op["kind"]], op["id"]), [(op["kind"], op["id"])])
        else:
            raise ValueError(f"unknown operation {kind!r}")

    def _journal_problem(self, problem: str) -> None:
        """Keep a damaged journal aside (if writable) and say so."""
        kept: Path | None = None
        if not self.read_only:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = self._journal.path.with_name(f"{self._journal.path.name}.corrupt-{stamp}")
            try:
                os.replace(self._journal.path, kept)
            except OSError:
                kept = None
        said = (f"nato_desk could not use all of its journal of recent changes: {problem}. "
                "The changes before that point were applied.")
        if kept is not None:
            said += f" The journal was kept as {kept}."
        self.recovery_report = RecoveryReport(problem, kept, None, said)

    # ---------------------------------------------------------------- state

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only_reason is not None

    @property
    def read_only_reason(self) -> str | None:
        """Why the store is read-only, in words for the user; None if writable."""
        return self._read_only_reason

    @property
    def schema_version(self) -> int:
        version: int = self._meta["schema_version"]
        return version

    @property
    def store_id(self) -> str:
        """The store's lifelong id (meta ``store_id``)."""
        return self._store_id

    @property
    def save_seq(self) -> int:
        """How many saves this store has had (the last journaled or written change)."""
        return self._seq

    @property
    def meta(self) -> dict[str, Any]:
        """A copy of the meta record (schema_version, created_at, seeded_from,
        app_version and written_at of the last snapshot, store_id, save_seq)."""
        return {**self._meta, "store_id": self._store_id, "save_seq": self._seq}

    @property
    def backup_problem(self) -> str | None:
        """Why no backup was taken on open, in words for the user; None if it was (or need not be)."""
        return self._backup_problem

    def _back_up(self, payload: bytes, keep: int) -> None:
        # The store's own bytes, as just read (and checked) or written, under
        # the lock and between saves: a copy made mid-write could be torn.
        try:
            take_rolling_backup(self._real, payload, schema_version=self.schema_version, keep=keep,
                                store_id=self._store_id, seq=self._seq)
        except OSError as exc:
            self._backup_problem = f"No backup of {self._path} was taken: {plain_os_error(exc)}."
        except StoreError as exc:
            self._backup_problem = f"No backup of {self._path} was taken: {exc}"

    def close(self) -> None:
        """Fold the journal into the snapshot and release the lock.

        Reads keep working from memory; writes are refused. If the snapshot
        cannot be rewritten (a full disk, the file moved), nothing is lost:
        the journal keeps the changes for the next open, and
        ``close_problem`` says why.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if not self.read_only and (self._seq > self._snapshot_seq or not self._journal_ok):
                self._check_identity()
                self._compact()
        except (StoreError, OSError) as exc:
            self.close_problem = str(exc)
        finally:
            self._journal.close()
            self._db.close()
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"<Store {self._path} {mode} {self.counts()}>"

    # ------------------------------------------------ following the writer

    @property
    def follows_file(self) -> bool:
        """True if ``reload`` can bring in what another window saves: an open
        read-only store over a file (a writable store is the writer itself)."""
        return self.read_only and not self._in_memory and not self._closed

    def watched_files(self) -> tuple[Path, Path]:
        """The files another window's saves change: the data file (links
        followed) and its journal (which may not exist yet)."""
        return self._real, self._journal.path

    @collector_paused()  # as open
    def reload(self) -> bool:
        """Re-read the file and its journal, as a fresh read-only open would.

        For a read-only window beside a writer: the writer journals each edit
        and rewrites the snapshot when it closes. If neither file changed since
        they were last read, this is two ``stat`` calls. If only the journal
        grew, its new lines are replayed; otherwise the whole store is read
        again. A half-written last journal line (the writer is mid-append) is
        not visible yet; the next reload picks it up. A writable, in-memory or
        closed store does nothing.

        Returns:
            True if the data changed (another save, or another store's file
            now at this path); False if not.

        Raises:
            StoreError: the file could not be read again (gone, damaged,
                changed outside nato_desk); this store keeps the data it had,
                and the message says so.
        """
        if not self.follows_file:
            return False
        seen = _disk_state(self._real)
        if seen == self._disk:
            return False
        before = (self._store_id, self._seq)
        known = self._disk
        if not (known is not None and seen.data is not None and seen.data == known.data
                and self._replay_appended(seen)):
            self._reload_whole(seen)
        return (self._store_id, self._seq) != before

    def _replay_appended(self, seen: _DiskState) -> bool:
        """The snapshot is the one held: replay the journal lines after ours. False if that
        cannot be done cleanly (the whole store is read again then)."""
        try:
            found = read_journal(self._journal.path, store_id=self._store_id, base_seq=self._seq)
        except OSError:
            return False
        if found.problem is not None:
            return False  # e.g. the writer compacted meanwhile: a new journal over a new snapshot
        for op in found.ops:
            try:
                self._replay_op(op)
            except (StoreError, ValidationError, KeyError, TypeError, ValueError, AttributeError):
                return False
            self._seq = op["seq"]
        self._disk = seen
        return True

    def _reload_whole(self, seen: _DiskState) -> None:
        """Read the store again and take over what was read; on failure keep what we have."""
        if seen.data is None:
            raise StoreError(f"Could not reload {self._path}: the file is gone (deleted, moved or renamed). "
                             "This window still shows the data as it was last read.")
        reason = self._read_only_reason or _ASKED_REASON
        problem: Exception | None = None
        fresh: Store | None = None
        for _attempt in range(3):
            try:
                fresh = self._load(self._path, self._real, self._lock, None, reason,
                                   accept_changed=reason == CHANGED_REASON)
            except (StoreError, OSError, ValidationError) as exc:
                problem, fresh = exc, None
            after = _disk_state(self._real)
            if after == seen:
                break
            # The writer saved while we read (a snapshot renamed in, the journal
            # removed): what we read may mix two saves. Read again.
            if fresh is not None:
                fresh._db.close()
                fresh._journal.close()
                fresh = None
            seen = after
        else:
            try:  # the writer is busy: take a consistent read, even if not its newest
                fresh = self._load(self._path, self._real, self._lock, None, reason,
                                   accept_changed=reason == CHANGED_REASON)
            except (StoreError, OSError, ValidationError) as exc:
                problem, fresh = exc, None
        if fresh is None:
            said = plain_os_error(problem) if isinstance(problem, OSError) else str(problem)
            raise StoreError(f"Could not reload {self._path}: {said} This window still shows the data "
                             "as it was last read.") from problem
        self._take_over(fresh, seen)

    def _take_over(self, fresh: Store, seen: _DiskState) -> None:
        """This store becomes ``fresh`` (the same object stays: every view holds it)."""
        self._journal.close()
        self._db.close()
        self._db, self._journal = fresh._db, fresh._journal
        self._tables, self._meta = fresh._tables, fresh._meta
        self._store_id, self._seq, self._snapshot_seq = fresh._store_id, fresh._seq, fresh._snapshot_seq
        self._extra, self._unknown = fresh._extra, fresh._unknown
        self._history = fresh._history
        self._obs_index = None  # built again on first use
        self._read_only_reason = fresh._read_only_reason  # the same, or a newer schema's now
        if fresh.recovery_report is not None:
            self.recovery_report = fresh.recovery_report
        self._disk = seen

    # ---------------------------------------------------------------- reads

    def all(self, cls: type[R]) -> list[R]:
        """Every record of ``cls``, in id order."""
        return cast(list[R], list(self._tables[cls.KIND].values()))

    def get(self, cls: type[R], id: str) -> R | None:
        return cast("R | None", self._tables[cls.KIND].get(id))

    def members(self) -> list[Member]:
        """The allies by name (the order of data/members.csv)."""
        return sorted(self.all(Member), key=lambda m: (m.name, m.iso3))

    def member(self, iso3: str) -> Member | None:
        return self.get(Member, iso3)

    def sources(self) -> list[Source]:
        return self.all(Source)

    def source(self, id: str) -> Source | None:
        return self.get(Source, id)

    def editions(self) -> list[Edition]:
        return self.all(Edition)

    def observations(self, iso3: str | None = None, edition: str | None = None) -> list[Observation]:
        """Figures, optionally of one ally and/or one edition, by (iso3, edition, year)."""
        if self._obs_index is None:
            self._obs_index = ObservationIndex(self.all(Observation))
        return self._obs_index.find(iso3, edition)  # a new list: callers must not reach the index

    def positions(self, iso3: str) -> list[Position]:
        """An ally's positions, oldest first (by ``since``, then id)."""
        mine = [p for p in self.all(Position) if p.iso3 == iso3]
        # Stable sort; partial ISO dates ("2025", "2025-06") sort correctly as text.
        return sorted(mine, key=lambda p: p.since)

    def position(self, iso3: str) -> Position | None:
        """An ally's current position: the latest of ``positions(iso3)``."""
        mine = self.positions(iso3)
        return mine[-1] if mine else None

    def quotes(self, iso3: str | None = None) -> list[Quote]:
        """Quotes, optionally of one ally (or ``NATO_ID``), in id order."""
        quotes = self.all(Quote)
        return quotes if iso3 is None else [q for q in quotes if q.iso3 == iso3]

    def targets(self) -> list[Target]:
        return self.all(Target)

    def events(self) -> list[Event]:
        return self.all(Event)

    def leaders(self) -> list[Leader]:
        return self.all(Leader)

    def citing(self, source_id: str) -> list[Record]:
        """Every record that cites ``source_id``, by kind, then id."""
        found: list[Record] = []
        for table in self._tables.values():
            for record in table.values():
                if isinstance(record, Position):
                    if source_id in record.source_ids:
                        found.append(record)
                elif getattr(record, "source_id", None) == source_id:
                    found.append(record)
        return found

    def counts(self) -> dict[str, int]:
        """Number of records per kind (table name)."""
        return {kind: len(table) for kind, table in self._tables.items()}

    # ---------------------------------------------------------------- history

    def history(self) -> list[HistoryEntry]:
        """Every readable history entry, oldest first."""
        return self._history.entries()

    def history_for(self, kind: str, record_id: str) -> list[HistoryEntry]:
        """The entries whose change touched record ``kind``/``record_id``, oldest first."""
        return self._history.for_record(kind, record_id)

    def last_change(self, kind: str, record_id: str) -> HistoryEntry | None:
        """The latest entry that touched record ``kind``/``record_id``, if any."""
        return self._history.last_for(kind, record_id)

    def history_entry(self, id: str) -> HistoryEntry | None:
        return self._history.get(id)

    # ---------------------------------------------------------------- writes

    def put_many(self, records: Sequence[Record]) -> None:
        """Insert or replace (by id) ``records``, in one save.

        Every record is validated, and every source and ally it names must
        exist once the batch is applied, before anything is written.

        Raises:
            ReadOnlyStoreError: the store is read-only (``StoreIdentityError``
                if it has just turned so: its files changed under it).
            StoreError: the store is closed.
            ValidationError: a record is refused; nothing was saved.
            StoreWriteError: the save failed; the file and memory are unchanged.
        """
        self._check_writable()
        batch = list(records)
        if not batch:
            return
        self._check(batch)
        docs = [[record.KIND, record_to_dict(record)] for record in batch]
        self._save(self._with(batch), {"op": "put", "records": docs}, touched=_keys(batch))

    def remove(self, cls: type[Record], id: str) -> None:
        """Delete one record, in one save.

        A source or ally that other records still name cannot be removed.

        Raises:
            KeyError: no such record.
            ReadOnlyStoreError, StoreError, ValidationError, StoreWriteError:
                as for ``put_many``.
        """
        self._check_writable()
        self._save(self._removed(cls, id), {"op": "remove", "kind": cls.KIND, "id": id},
                   touched=[(cls.KIND, id)])

    def _removed(self, cls: type[Record], id: str) -> _Tables:
        table = self._tables[cls.KIND]
        if id not in table:
            raise KeyError(f"No {cls.__name__} '{id}' in the store")
        tables = dict(self._tables)
        tables[cls.KIND] = {key: rec for key, rec in table.items() if key != id}
        if cls is Source or cls is Member:
            # Names the first record that would be left pointing at nothing.
            validate_references(
                (rec for t in tables.values() for rec in t.values()),
                set(tables[Source.KIND]),
                set(tables[Member.KIND]),
            )
        return tables

    def apply(
        self,
        change: Change,
        *,
        user: str,
        reason: str = "",
        reverts: str = "",
        now: dt.datetime | None = None,
    ) -> HistoryEntry:
        """Make ``change`` and record it in the history, in one save.

        The elementary changes (a ``ChangeSet`` flattened) are applied in
        order, each seeing the ones before it, to a copy of the data; every
        record left touched is validated with its references; then the
        change and its history entry are journaled together (durable when
        this returns), and only then does memory follow. Undo is
        ``apply(change.inverse())``.

        Args:
            user: who made the change (for the history).
            reason: the analyst's optional reason.
            reverts: id of the history entry this change reverts, if any.
            now: the time to record (default: now); naive means UTC.

        Returns:
            The new history entry.

        Raises:
            ReadOnlyStoreError: the store is read-only (``StoreIdentityError``
                if it has just turned so: its files changed under it).
            StoreError: the store is closed.
            ChangeConflict: the change does not fit the current data (a record
                to add exists; one to remove or edit was changed or removed
                meanwhile; a field no longer holds the expected old value).
            ValidationError: a record would be refused, or a field does not exist.
            StoreWriteError: the save failed; the file, memory and history are unchanged.
        """
        from uuid import uuid4  # at the first edit, not when the first window opens (issue 14)

        self._check_writable()
        tables, touched = self._changed(change)
        entry = HistoryEntry(
            id=uuid4().hex,
            at=_timestamp(now),
            user=user,
            change=change,
            reason=reason,
            reverts=reverts,
        )
        doc = entry.to_dict()
        self._save(tables, {"op": "apply", "entry": doc}, (entry, doc), touched)
        return entry

    def revert(self, entry_id: str, *, user: str, reason: str = "") -> HistoryEntry:
        """Undo history entry ``entry_id`` as a new change, labelled "Revert …".

        Raises:
            KeyError: no such (readable) entry.
            ChangeConflict: the data changed since in a way the revert cannot
                undo (e.g. the field was edited again).
            and as ``apply``.
        """
        self._check_writable()
        entry = self._history.get(entry_id)
        if entry is None:
            raise KeyError(f"No history entry '{entry_id}' in the store")
        return self.apply(revert_change(entry), user=user, reason=reason, reverts=entry_id)

    def _changed(self, change: Change) -> tuple[_Tables, list[tuple[str, str]]]:
        """The tables with ``change`` made, checked, and the (kind, id) of each record it
        touched; ``self._tables`` is not touched."""
        tables = dict(self._tables)  # untouched kinds share their (unchanged) dicts
        copied: set[str] = set()

        def writable(kind: str) -> dict[str, Record]:
            if kind not in copied:
                tables[kind] = dict(tables[kind])
                copied.add(kind)
            return tables[kind]

        touched: dict[tuple[str, str], None] = {}  # ordered, no repeats
        removed_sources: set[str] = set()
        removed_members: set[str] = set()
        for part in _flatten(change):
            if isinstance(part, AddRecord):
                record = part.record
                if record.id in tables[_kind_of(record)]:
                    raise ChangeConflict(_describe(record), "", "already exists")
                writable(record.KIND)[record.id] = record
            elif isinstance(part, RemoveRecord):
                record = part.record
                current = tables[_kind_of(record)].get(record.id)
                if current is None:
                    raise ChangeConflict(_describe(record), "", "was removed meanwhile")
                if current != record:
                    field = _first_difference(current, record)
                    raise ChangeConflict(
                        _describe(record), "", f"was changed meanwhile ({field} differs)"
                    )
                del writable(record.KIND)[record.id]
                if isinstance(record, Source):
                    removed_sources.add(record.id)
                elif isinstance(record, Member):
                    removed_members.add(record.id)
            else:
                record = self._set_field(tables, part)
                writable(record.KIND)[record.id] = record
            touched[(record.KIND, record.id)] = None

        sources = set(tables[Source.KIND])
        members = set(tables[Member.KIND])
        after = [tables[kind][id] for kind, id in touched if id in tables[kind]]
        for record in after:
            validate(record)
        validate_references(after, sources, members)
        if removed_sources or removed_members:
            # Nothing left may name a removed source or ally (as ``remove``).
            citing = (
                record
                for table in tables.values()
                for record in table.values()
                if _cites(record, removed_sources, removed_members)
            )
            validate_references(citing, sources, members)
        return tables, list(touched)

    @staticmethod
    def _set_field(tables: _Tables, change: SetField) -> Record:
        """The record ``change`` edits, with the field set; checks the old value."""
        if change.kind not in tables:
            raise ValidationError(
                f"{change.kind} {change.record_id}", "kind", f"'{change.kind}' is not a record kind"
            )
        cls = RECORD_TYPES[change.kind]
        current = tables[change.kind].get(change.record_id)
        if current is None:
            raise ChangeConflict(f"{cls.__name__} {change.record_id}", "", "was removed meanwhile")
        what = _describe(current)
        names = {f.name for f in dataclasses.fields(current)}
        id_field = "iso3" if isinstance(current, Member) else "id"
        if change.field not in names:
            raise ValidationError(what, change.field, "is not a field of this record")
        if change.field == id_field:
            raise ValidationError(what, change.field, "cannot be changed (it is the record's id)")
        value = getattr(current, change.field)
        if value != change.old:
            raise ChangeConflict(
                what,
                change.field,
                f"was changed meanwhile (now {_show(value)}, expected {_show(change.old)})",
            )
        try:
            # Enums and tuples as the record holds them, whatever form was given.
            new = field_from_json(change.field, change.new)
        except (TypeError, ValueError) as exc:
            raise ValidationError(what, change.field, f"{change.new!r} is not allowed ({exc})") from None
        updated: Record = dataclasses.replace(current, **{change.field: new})
        return updated

    def _check_writable(self) -> None:
        if self._read_only_reason is not None:
            raise ReadOnlyStoreError(f"Nothing was saved. {self._read_only_reason}")
        if self._closed:
            raise StoreError(f"{self._path} is closed; nothing was saved.")

    def _check_identity(self) -> None:
        """Before a save: are the lock, the data file and the journal still ours?

        Raises:
            StoreIdentityError: one is not; the store has turned read-only.
        """
        problem = None
        now = file_id(self._lock.path)
        if now != self._lock_id:
            problem = moved_reason("its lock file", self._lock.path, now)
        elif (now := file_id(self._path)) != self._data_id:
            problem = moved_reason("the data file", self._path, now)
        else:
            journal = self._journal
            if journal.fd is not None:
                now = file_id(journal.path)
                if now != FileId.of(os.fstat(journal.fd)):
                    problem = moved_reason("its journal", journal.path, now)
            elif os.path.lexists(journal.path):
                problem = f"another program created its journal {journal.path}"
        if problem is None:
            return
        self._read_only_reason = (f"Saving stopped: {problem}. So that no edit is lost or written twice, "
                                  "this window is now read-only; close it and start nato_desk again.")
        raise StoreIdentityError(f"Nothing was saved: {problem}. Another program or nato_desk window may "
                                 "be using this data, so this window is now read-only; close it and start "
                                 "nato_desk again. Everything saved before is in the file.")

    def _save(self, tables: _Tables, op: dict[str, Any],
              entry: tuple[HistoryEntry, dict[str, Any]] | None = None,
              touched: list[tuple[str, str]] | None = None) -> None:
        """Make ``tables`` (and ``entry``) durable as one journal line, then (only then) adopt them."""
        self._check_identity()
        seq = self._seq + 1
        if self._journal_ok:
            try:
                self._journal.append(seq, op)
            except (TypeError, ValueError) as exc:
                found = non_finite(op, "the change")
                detail = f"{found}, a number JSON cannot hold" if found else str(exc)
                raise StoreWriteError(f"Could not save {self._path}: the change cannot be written ({detail})") from exc
            except OSError as exc:
                # The line may be half there: the next save rewrites the snapshot instead.
                self._journal_ok = False
                raise StoreWriteError(f"Could not save {self._path}: {plain_os_error(exc)}") from exc
            if self._data_id is None:
                self._data_id = file_id(self._path)
        else:
            history = self._history.docs if entry is None else [*self._history.docs, entry[1]]
            self._write_snapshot(tables, history, seq)
        self._seq = seq
        self._adopt(tables, touched)
        if entry is not None:
            self._history.add(*entry)

    def compact(self) -> None:
        """Fold the journal into the snapshot now (``close`` does it too).

        Raises:
            ReadOnlyStoreError, StoreError, StoreWriteError: as ``put_many``;
                nothing is lost, the journal keeps every change.
        """
        self._check_writable()
        self._check_identity()
        self._compact()

    def _compact(self) -> bytes:
        """Rewrite the snapshot with everything in memory; the journal goes. Returns the bytes written."""
        return self._write_snapshot(self._tables, self._history.docs, self._seq)

    def _write_snapshot(self, tables: _Tables, history: list[Any], seq: int) -> bytes:
        """Write the whole store at ``seq`` atomically, then remove the journal it makes redundant.

        Raises:
            StoreWriteError: nothing was written; the file (and journal) are as they were.
        """
        meta = {**stamped(self._meta), "store_id": self._store_id, "save_seq": seq}
        tables = {kind: _by_id(table) for kind, table in tables.items()}
        try:
            text = render(tables=tables, history=history, extra=self._extra, meta=meta,
                          unknown=self._unknown)
        except (TypeError, ValueError) as exc:
            found = next((f for f in (non_finite(history, "table 'history'"),
                                      non_finite(self._extra, "a table nato_desk does not know"),
                                      non_finite(meta, "table 'meta'")) if f), None)
            detail = f"{found}, a number JSON cannot hold" if found else str(exc)
            raise StoreWriteError(f"Could not save {self._path}: the data cannot be written as JSON ({detail})") from exc
        payload = text.encode("utf-8")
        del text
        def replaced() -> None:
            # The new file is in place (a folder fsync may still fail): from
            # now on it is the file this store holds.
            self._data_id = file_id(self._path)

        try:
            write_atomically(self._real, payload, replaced=replaced)
        except OSError as exc:
            raise StoreWriteError(f"Could not save {self._path}: {plain_os_error(exc)}") from exc
        self._meta = meta
        self._snapshot_seq = seq
        try:
            self._journal.remove()  # folded in; a leftover is skipped at open (its seqs are not above)
            self._journal_ok = True
        except OSError:
            self._journal_ok = False  # it stays; the next save writes a snapshot again
        return payload

    def _adopt(self, tables: _Tables, touched: list[tuple[str, str]] | None = None) -> None:
        """Memory follows a durable change. ``touched`` names the records it changed (None: unknown)."""
        before = self._tables
        adopted: _Tables = {}
        for kind, table in tables.items():
            unchanged = table is before.get(kind)
            if unchanged or (touched is not None and _still_in_id_order(
                    before[kind], table, [id for k, id in touched if k == kind])):
                adopted[kind] = table
            else:
                adopted[kind] = _by_id(table)
        obs = Observation.KIND
        if self._obs_index is not None and adopted[obs] is not before[obs]:
            if touched is None:
                self._obs_index = None  # rebuilt on next use
            else:
                self._obs_index.update(before[obs], adopted[obs], [id for k, id in touched if k == obs])  # type: ignore[arg-type]
        self._tables = adopted

    def _check(self, batch: list[Record]) -> None:
        seen: set[tuple[str, str]] = set()
        for record in batch:
            validate(record)
            key = (record.KIND, record.id)
            if key in seen:
                what = f"{type(record).__name__} {record.id}"
                raise ValidationError(what, "id", "appears twice in one save")
            seen.add(key)
        # References resolve against the store as it will be after the batch.
        sources = set(self._tables[Source.KIND]) | {r.id for r in batch if isinstance(r, Source)}
        members = set(self._tables[Member.KIND]) | {r.id for r in batch if isinstance(r, Member)}
        validate_references(batch, sources, members)

    def _with(self, batch: list[Record]) -> _Tables:
        """The tables with ``batch`` applied; ``self._tables`` is not touched."""
        tables = dict(self._tables)  # untouched kinds share their (unchanged) dicts
        copied: set[str] = set()
        for record in batch:
            if record.KIND not in copied:
                tables[record.KIND] = dict(tables[record.KIND])
                copied.add(record.KIND)
            tables[record.KIND][record.id] = record
        return tables


def _keys(batch: list[Record]) -> list[tuple[str, str]]:
    return [(record.KIND, record.id) for record in batch]


def _still_in_id_order(before: dict[str, Record], table: dict[str, Record], touched: list[str]) -> bool:
    """Whether ``table``, ``before`` (in id order) with the records ``touched`` put or
    removed, is in id order still, found without walking it (``_by_id``'s check costs
    8 ms at 50,000 figures, and replaying a journal of added records paid it for every
    one: 0.13 s of a 0.6 s read-only open of 6,000 quotes with 300 journalled additions).

    Yes when every touched id was there already (a dict keeps its order when a value
    is replaced or a key removed), or when the new ones are the table's last keys, in
    increasing order and after every old one (new ids are usually the next ones).
    """
    new = sorted({id for id in touched if id not in before})
    if not new:
        return True
    last = list(itertools.islice(reversed(table), len(new)))[::-1]
    if last != new:
        return False
    kept = next((id for id in reversed(before) if id in table), None)
    return kept is None or kept < new[0]


def _by_id(table: dict[str, Record]) -> dict[str, Record]:
    """``table`` in id order (a new dict only if it was not already)."""
    keys = list(table)
    if all(a < b for a, b in zip(keys, keys[1:], strict=False)):
        return table
    return dict(sorted(table.items()))


def _timestamp(now: dt.datetime | None) -> str:
    """UTC, to the second, as "2026-11-27T10:15:00Z"."""
    moment = dt.datetime.now(dt.UTC) if now is None else now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclasses.dataclass(frozen=True)
class _DiskState:
    """The data file's and the journal's (device, inode, size, mtime_ns); None: no such file."""

    data: tuple[int, int, int, int] | None
    journal: tuple[int, int, int, int] | None


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _disk_state(real: Path) -> _DiskState:
    return _DiskState(_stat_key(real), _stat_key(journal_path(real)))


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes; None if it does not exist or is empty (a new store).

    Raises:
        StoreError: it exists but cannot be read (permissions, I/O, a folder).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Could not read {path}: {plain_os_error(exc)}") from exc
    return raw or None


def _writable_or_why(real: Path, lock: StoreLock) -> str | None:
    """Take the write lock; None if taken, else why the store opens read-only."""
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return (f"nato_desk cannot create the folder {real.parent} ({plain_os_error(exc)}), "
                "so it opened the data read-only.")
    problem = write_problem(real)
    if problem is not None:
        return f"{problem[:1].upper()}{problem[1:]}, so nato_desk opened it read-only."
    try:
        taken = lock.try_acquire()
    except OSError as exc:
        return (f"nato_desk cannot write in {real.parent} ({plain_os_error(exc)}), "
                "so it opened the data read-only.")
    return None if taken else LOCKED_REASON


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _flatten(change: Change) -> Iterator[AddRecord | RemoveRecord | SetField]:
    if isinstance(change, ChangeSet):
        for part in change.changes:
            yield from _flatten(part)
    elif isinstance(change, (AddRecord, RemoveRecord, SetField)):
        yield change
    else:
        raise TypeError(f"not a change: {change!r}")


def _kind_of(record: Record) -> str:
    kind = getattr(type(record), "KIND", None)
    if kind not in RECORD_TYPES or RECORD_TYPES[kind] is not type(record):
        raise TypeError(f"not a record: {record!r}")
    return record.KIND


def _describe(record: Record) -> str:
    """The record as validation names it ("Observation DEU 2025 (2025-08)")."""
    name = type(record).__name__
    if isinstance(record, Observation):
        return f"{name} {record.iso3} {record.year} ({record.edition})"
    return f"{name} {record.id}"


def _show(value: Any) -> str:
    """A field value in a message: 2.1, 'Some text', supports, empty."""
    if value is None:
        return "empty"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or "empty"
    return str(value)


def _first_difference(current: Record, expected: Record) -> str:
    for f in dataclasses.fields(current):
        if getattr(current, f.name) != getattr(expected, f.name):
            return f.name
    return "a field"


def _cites(record: Record, sources: set[str], members: set[str]) -> bool:
    refs = record.source_ids if isinstance(record, Position) else (getattr(record, "source_id", ""),)
    return not sources.isdisjoint(refs) or getattr(record, "iso3", None) in members
