"""``Store``: the app's one gateway to its data.

The store owns the file (through ``AtomicJSONStorage``), the single-writer
lock, the ``meta`` record and an in-memory, typed copy of every record. Reads
are served from memory, because the UI asks on every selection; writes are
validated in full first and then saved in one atomic file replacement, so a
refused or failed save changes nothing, on disk or in memory.

Every edit of the app goes through ``apply(change)`` (ARCHITECTURE.md 3):
the change is checked against the current data (a stale edit is a
``ChangeConflict``), the records it leaves are validated, and the new data
and a ``HistoryEntry`` are saved in the same single write. ``put_many`` and
``remove`` remain for the seed import and tools; they write no history.

On disk, each record kind is a TinyDB table named by the record's ``KIND``
holding ``record_to_dict`` documents, and the ``history`` table holds
``HistoryEntry.to_dict`` documents, oldest first. Records are found by their
own string ``id``; TinyDB's doc_ids are renumbered on every save and mean
nothing (TinyDB reuses them, research/reliability.md 1.6). The file is
canonical: each table's documents are ordered by record id, so a change
followed by its inverse leaves every data table byte-identical (a removed and
re-added quote lands where it was). In memory the tables keep the same order.

Opening also migrates an older file (``migrations``), opens a newer one
read-only, and takes a rolling backup (``backups``) of a writable store.
A damaged file raises ``StoreCorruptError``; ``recovery.open_with_recovery``
is the start-up path that keeps it aside and restores a backup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from tinydb import TinyDB

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
    record_to_dict,
    revert_change,
    validate,
    validate_references,
)
from nato_desk.store.atomic_storage import AtomicJSONStorage, plain_os_error, remove_leftover_temps
from nato_desk.store.backups import list_backups, remove_leftover_backup_temps, take_rolling_backup
from nato_desk.store.document import EMPTY
from nato_desk.store.errors import (
    ChangeConflict,
    ReadOnlyStoreError,
    StoreCorruptError,
    StoreError,
    StoreSchemaError,
)
from nato_desk.store.lock import StoreLock
from nato_desk.store.migrations import migrate_file
from nato_desk.store.schema import (
    HISTORY_TABLE,
    META_TABLE,
    SCHEMA_VERSION,
    Contents,
    new_meta,
    read_contents,
    read_history,
    read_meta,
    stamped,
)

if TYPE_CHECKING:
    from nato_desk.store.recovery import RecoveryReport

__all__ = ["LOCKED_REASON", "NEWER_REASON", "Store"]

R = TypeVar("R", bound=Record)

LOCKED_REASON = "Another nato_desk window has this store open; this one is read-only."
NEWER_REASON = "This data was saved by a newer nato_desk (schema {version}). Update nato_desk to edit it."
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
        db: TinyDB,
        lock: StoreLock,
        contents: Contents,
        read_only_reason: str | None,
    ) -> None:
        tables, meta, extra, history = contents.tables, contents.meta, contents.extra, contents.history
        self._path = path
        self._db = db
        self._storage = cast(AtomicJSONStorage, db.storage)
        self._lock = lock
        # Id order: a file saved before the store was canonical is in
        # insertion order; its next save puts it in id order on disk too.
        self._tables = {kind: _by_id(table) for kind, table in tables.items()}
        self._meta = meta
        # Tables we do not know (a later minor version's, or hand-added): kept
        # as found and written back, so saving here never drops them.
        self._extra = extra
        self._read_only_reason = read_only_reason
        self._closed = False
        self._backup_problem: str | None = None
        self.recovery_report: RecoveryReport | None = None
        """What start-up recovery did before this store opened (set by ``open_with_recovery``)."""
        self._obs_sorted: list[Observation] | None = None  # built on first use
        self._obs_by_member: dict[str, list[Observation]] | None = None
        # The stored documents of each table as last written, reused for the
        # tables a save does not touch.
        self._docs: dict[str, dict[str, Any]] = {}
        # History: the raw documents as found (an unreadable one is kept and
        # written back untouched), the readable entries, and two indexes.
        self._history_docs, entries = read_history(history)
        self._history: list[HistoryEntry] = []
        self._history_by_id: dict[str, HistoryEntry] = {}
        self._history_by_record: dict[tuple[str, str], list[HistoryEntry]] = {}
        for entry in entries:
            if entry is not None:
                self._index(entry)

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        seed: Callable[[], Iterable[Record]] | None = None,
        read_only: bool = False,
        keep_backups: int = 10,
        lock: StoreLock | None = None,
    ) -> Store:
        """Open (or create) the store at ``path``.

        A writable open takes the store's lock; if another process holds it,
        the store opens read-only and ``read_only_reason`` says why. A missing
        file is created from ``seed()`` (called only then), in one save; so is
        an empty one, unless the store has backups: then an empty file is what
        a crash left, and it is reported as damage. A file of an older schema
        is migrated (backed up first; in memory only if read-only); one of a
        newer schema opens read-only with ``NEWER_REASON``. A writable store
        then takes a rolling backup, keeping the newest ``keep_backups``; if
        that fails the store still opens and ``backup_problem`` says why.
        A writable open, once it holds the lock, first removes the temp files
        a crashed save left for this store (and its backups); a read-only
        open removes nothing.

        Args:
            lock: a ``StoreLock`` the caller already holds. The store takes it
                over on success; on failure it is left held (start-up
                recovery keeps it across quarantine and restore).

        Raises:
            StoreError: read-only and the file does not exist; or it cannot be
                read (permissions, I/O).
            StoreCorruptError: the file is damaged (``reason`` says how).
            StoreSchemaError: the file is of a newer schema and cannot be shown.
            StoreMigrationError: an older file could not be migrated; it is unchanged.
            ValidationError: a seed record is not acceptable.
            StoreWriteError: the new or migrated store could not be saved.
        """
        path = Path(path)
        owned = lock is None
        lock = StoreLock(path) if lock is None else lock
        reason = _ASKED_REASON if read_only else None
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not lock.try_acquire():
                reason = LOCKED_REASON
            else:
                # Holding the lock, no save of ours is under way: temp files of
                # our naming for this store are what a crash left.
                taken = time.time()
                remove_leftover_temps(path, before=taken)
                remove_leftover_backup_temps(path, before=taken)
        try:
            store = cls._load(path, lock, seed, reason)
        except BaseException:
            if owned:
                lock.release()
            raise
        if not store.read_only:
            store._back_up(keep_backups)
        return store

    @classmethod
    def _load(
        cls,
        path: Path,
        lock: StoreLock,
        seed: Callable[[], Iterable[Record]] | None,
        reason: str | None,
    ) -> Store:
        db = TinyDB(path, storage=AtomicJSONStorage, read_only=reason is not None)
        raw = db.storage.read()
        if raw is None:
            if path.exists() and list_backups(path):
                # Our writes never leave an empty file; with backups around,
                # this one is what a crash or a full disk left.
                raise StoreCorruptError(f"{path} is empty.", reason=EMPTY)
            if reason is not None:
                raise StoreError(f"{path} does not exist yet, so there is nothing to show.")
            store = cls(
                path=path,
                db=db,
                lock=lock,
                contents=Contents(new_meta(_SEEDED_FROM if seed is not None else None),
                                  {kind: {} for kind in RECORD_TYPES}, {}, None),
                read_only_reason=None,
            )
            store._create(list(seed()) if seed is not None else [])
            return store
        version: int = read_meta(path, raw)["schema_version"]
        if version > SCHEMA_VERSION:
            return cls._newer(path, lock, raw, version)
        if version < SCHEMA_VERSION:
            raw = migrate_file(path, raw, version, back_up=reason is None)
        store = cls(path=path, db=db, lock=lock, contents=read_contents(path, raw),
                    read_only_reason=reason)
        if version < SCHEMA_VERSION and reason is None:
            store._commit(store._tables)  # the migrated document, atomically
        return store

    @classmethod
    def _newer(cls, path: Path, lock: StoreLock, raw: dict[str, Any], version: int) -> Store:
        """A file of a newer schema: shown read-only, as far as our readers understand it."""
        reason = NEWER_REASON.format(version=version)
        try:
            contents = read_contents(path, raw, check=False)
        except StoreCorruptError as exc:
            raise StoreSchemaError(f"{reason} This version cannot show it ({exc}).") from exc
        lock.release()  # a newer nato_desk started next to us may write it
        db = TinyDB(path, storage=AtomicJSONStorage, read_only=True)
        return cls(path=path, db=db, lock=lock, contents=contents, read_only_reason=reason)

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
        # A read-only storage that is never read: any write would be refused.
        db = TinyDB(path, storage=AtomicJSONStorage, read_only=True)
        store = cls(path=path, db=db, lock=StoreLock(path),
                    contents=Contents(new_meta(_SEEDED_FROM), {kind: {} for kind in RECORD_TYPES}, {}, None),
                    read_only_reason=reason)
        batch = list(records)
        store._check(batch)
        store._tables = {kind: _by_id(table) for kind, table in store._with(batch).items()}
        return store

    def _create(self, records: list[Record]) -> None:
        # The whole seed is one save: a crash leaves no file or a complete one.
        self._check(records)
        self._commit(self._with(records))

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
    def meta(self) -> dict[str, Any]:
        """A copy of the meta record (schema_version, created_at, seeded_from,
        app_version and written_at of the last save)."""
        return dict(self._meta)

    @property
    def backup_problem(self) -> str | None:
        """Why no backup was taken on open, in words for the user; None if it was (or need not be)."""
        return self._backup_problem

    def _back_up(self, keep: int) -> None:
        # The store's own bytes, as just read (and checked) or written, under
        # the lock and between saves: a copy made mid-write could be torn.
        text = self._storage.text
        if text is None:
            return
        try:
            take_rolling_backup(self._path, text.encode("utf-8"), schema_version=self.schema_version,
                                keep=keep)
        except OSError as exc:
            self._backup_problem = f"No backup of {self._path} was taken: {plain_os_error(exc)}."
        except StoreError as exc:
            self._backup_problem = f"No backup of {self._path} was taken: {exc}"

    def close(self) -> None:
        """Release the lock. Reads keep working from memory; writes are refused."""
        if not self._closed:
            self._closed = True
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
        if self._obs_sorted is None or self._obs_by_member is None:
            ordered = sorted(self.all(Observation), key=lambda o: (o.iso3, o.edition, o.year))
            by_member: dict[str, list[Observation]] = {}
            for obs in ordered:
                by_member.setdefault(obs.iso3, []).append(obs)
            self._obs_sorted, self._obs_by_member = ordered, by_member
        found = self._obs_sorted if iso3 is None else self._obs_by_member.get(iso3, [])
        if edition is not None:
            return [o for o in found if o.edition == edition]
        return list(found)  # a copy: callers must not reach the cache

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
        return list(self._history)

    def history_for(self, kind: str, record_id: str) -> list[HistoryEntry]:
        """The entries whose change touched record ``kind``/``record_id``, oldest first."""
        return list(self._history_by_record.get((kind, record_id), ()))

    def last_change(self, kind: str, record_id: str) -> HistoryEntry | None:
        """The latest entry that touched record ``kind``/``record_id``, if any."""
        entries = self._history_by_record.get((kind, record_id))
        return entries[-1] if entries else None

    def history_entry(self, id: str) -> HistoryEntry | None:
        return self._history_by_id.get(id)

    def _index(self, entry: HistoryEntry) -> None:
        self._history.append(entry)
        self._history_by_id[entry.id] = entry
        for key in entry.records:
            self._history_by_record.setdefault(key, []).append(entry)

    # ---------------------------------------------------------------- writes

    def put_many(self, records: Sequence[Record]) -> None:
        """Insert or replace (by id) ``records``, in one save.

        Every record is validated, and every source and ally it names must
        exist once the batch is applied, before anything is written.

        Raises:
            ReadOnlyStoreError: the store is read-only.
            StoreError: the store is closed.
            ValidationError: a record is refused; nothing was saved.
            StoreWriteError: the save failed; the file and memory are unchanged.
        """
        self._check_writable()
        batch = list(records)
        if not batch:
            return
        self._check(batch)
        self._commit(self._with(batch))

    def remove(self, cls: type[Record], id: str) -> None:
        """Delete one record, in one save.

        A source or ally that other records still name cannot be removed.

        Raises:
            KeyError: no such record.
            ReadOnlyStoreError, StoreError, ValidationError, StoreWriteError:
                as for ``put_many``.
        """
        self._check_writable()
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
        self._commit(tables)

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
        record left touched is validated with its references; then the new
        data and the history entry are written together, and only then does
        memory follow. Undo is ``apply(change.inverse())``.

        Args:
            user: who made the change (for the history).
            reason: the analyst's optional reason.
            reverts: id of the history entry this change reverts, if any.
            now: the time to record (default: now); naive means UTC.

        Returns:
            The new history entry.

        Raises:
            ReadOnlyStoreError: the store is read-only.
            StoreError: the store is closed.
            ChangeConflict: the change does not fit the current data (a record
                to add exists; one to remove or edit was changed or removed
                meanwhile; a field no longer holds the expected old value).
            ValidationError: a record would be refused, or a field does not exist.
            StoreWriteError: the save failed; the file, memory and history are unchanged.
        """
        self._check_writable()
        tables = self._changed(change)
        entry = HistoryEntry(
            id=uuid.uuid4().hex,
            at=_timestamp(now),
            user=user,
            change=change,
            reason=reason,
            reverts=reverts,
        )
        self._commit(tables, entry)
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
        entry = self._history_by_id.get(entry_id)
        if entry is None:
            raise KeyError(f"No history entry '{entry_id}' in the store")
        return self.apply(revert_change(entry), user=user, reason=reason, reverts=entry_id)

    def _changed(self, change: Change) -> _Tables:
        """The tables with ``change`` made, checked; ``self._tables`` is not touched."""
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
        return tables

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

    def _commit(self, tables: _Tables, entry: HistoryEntry | None = None) -> None:
        """Save ``tables`` (and ``entry``) in one write, then (only then) adopt them."""
        docs: dict[str, dict[str, Any]] = {}
        for kind, table in tables.items():
            if table is self._tables.get(kind) and kind in self._docs:
                docs[kind] = self._docs[kind]  # untouched: as last written
                continue
            table = tables[kind] = _by_id(table)  # canonical: id order, doc_ids 1..n
            docs[kind] = {str(n): record_to_dict(r) for n, r in enumerate(table.values(), 1)}
        history_docs = self._history_docs if entry is None else [*self._history_docs, entry.to_dict()]
        data: dict[str, dict[str, Any]] = dict(self._extra)
        data.update(docs)
        # Always written, even empty: from schema 2 on every file has it.
        data[HISTORY_TABLE] = {str(n): doc for n, doc in enumerate(history_docs, 1)}
        meta = stamped(self._meta)
        data[META_TABLE] = {"1": meta}
        # We write through the storage, not TinyDB's Table API: a table
        # operation saves one table at a time, and a batch must be one save.
        self._storage.write(data)
        self._meta = meta
        if tables[Observation.KIND] is not self._tables.get(Observation.KIND):
            self._obs_sorted = self._obs_by_member = None
        self._tables = tables
        self._docs = docs
        self._history_docs = history_docs
        if entry is not None:
            self._index(entry)


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
