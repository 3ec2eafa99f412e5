"""``Store``: the app's one gateway to its data.

The store owns the file (through ``AtomicJSONStorage``), the single-writer
lock, the ``meta`` record and an in-memory, typed copy of every record. Reads
are served from memory, because the UI asks on every selection; writes are
validated in full first and then saved in one atomic file replacement, so a
refused or failed save changes nothing, on disk or in memory.

On disk, each record kind is a TinyDB table named by the record's ``KIND``
holding ``record_to_dict`` documents. Records are found by their own string
``id``; TinyDB's doc_ids are renumbered on every save and mean nothing
(TinyDB reuses them, research/reliability.md 1.6), but their order is the
insertion order, which the store keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast

from tinydb import TinyDB

from nato_desk.domain import (
    RECORD_TYPES,
    Edition,
    Event,
    Leader,
    Member,
    Observation,
    Position,
    Quote,
    Record,
    Source,
    Target,
    ValidationError,
    record_from_dict,
    record_to_dict,
    validate,
    validate_references,
)
from nato_desk.store.atomic_storage import AtomicJSONStorage
from nato_desk.store.errors import ReadOnlyStoreError, StoreError
from nato_desk.store.lock import StoreLock
from nato_desk.store.schema import META_TABLE, new_meta, read_meta, read_table

__all__ = ["LOCKED_REASON", "Store"]

R = TypeVar("R", bound=Record)

LOCKED_REASON = "Another nato_desk window has this store open; this one is read-only."
_ASKED_REASON = "Opened read-only."
_SEEDED_FROM = "data/"

_Tables = dict[str, dict[str, Record]]
"""{kind: {id: record}}, each inner dict in insertion (file) order."""


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
        tables: _Tables,
        meta: dict[str, Any],
        extra: dict[str, Any],
        read_only_reason: str | None,
    ) -> None:
        self._path = path
        self._db = db
        self._storage = cast(AtomicJSONStorage, db.storage)
        self._lock = lock
        self._tables = tables
        self._meta = meta
        # Tables we do not know (a later minor version's, or hand-added): kept
        # as found and written back, so saving here never drops them.
        self._extra = extra
        self._read_only_reason = read_only_reason
        self._closed = False
        self._obs_sorted: list[Observation] | None = None  # built on first use
        self._obs_by_member: dict[str, list[Observation]] | None = None

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        seed: Callable[[], Iterable[Record]] | None = None,
        read_only: bool = False,
    ) -> Store:
        """Open (or create) the store at ``path``.

        A writable open takes the store's lock; if another process holds it,
        the store opens read-only and ``read_only_reason`` says why. A missing
        or empty file is created from ``seed()`` (called only then), in one
        save.

        Raises:
            StoreError: read-only and the file does not exist.
            StoreCorruptError: the file cannot be read as a store.
            StoreSchemaError: the file was written by a newer nato_desk.
            ValidationError: a seed record is not acceptable.
            StoreWriteError: the new store could not be saved.
        """
        path = Path(path)
        lock = StoreLock(path)
        reason = _ASKED_REASON if read_only else None
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not lock.try_acquire():
                reason = LOCKED_REASON
        try:
            return cls._load(path, lock, seed, reason)
        except BaseException:
            lock.release()
            raise

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
            if reason is not None:
                raise StoreError(f"{path} does not exist yet, so there is nothing to show.")
            store = cls(
                path=path,
                db=db,
                lock=lock,
                tables={kind: {} for kind in RECORD_TYPES},
                meta=new_meta(_SEEDED_FROM if seed is not None else None),
                extra={},
                read_only_reason=None,
            )
            store._create(list(seed()) if seed is not None else [])
            return store
        meta = read_meta(path, db)  # before the tables: a newer schema may not parse
        extra = {k: v for k, v in raw.items() if k not in RECORD_TYPES and k != META_TABLE}
        return cls(
            path=path,
            db=db,
            lock=lock,
            tables={kind: read_table(path, db, kind) for kind in RECORD_TYPES},
            meta=meta,
            extra=extra,
            read_only_reason=reason,
        )

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
        """A copy of the meta record (schema_version, created_at, seeded_from)."""
        return dict(self._meta)

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
        """Every record of ``cls``, in insertion order."""
        return cast(list[R], list(self._tables[cls.KIND].values()))

    def get(self, cls: type[R], id: str) -> R | None:
        return cast("R | None", self._tables[cls.KIND].get(id))

    def members(self) -> list[Member]:
        return self.all(Member)

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
        """An ally's positions, oldest first (by ``since``, then insertion)."""
        mine = [p for p in self.all(Position) if p.iso3 == iso3]
        # Stable sort; partial ISO dates ("2025", "2025-06") sort correctly as text.
        return sorted(mine, key=lambda p: p.since)

    def position(self, iso3: str) -> Position | None:
        """An ally's current position: the latest of ``positions(iso3)``."""
        mine = self.positions(iso3)
        return mine[-1] if mine else None

    def quotes(self, iso3: str | None = None) -> list[Quote]:
        """Quotes, optionally of one ally (or ``NATO_ID``), in insertion order."""
        quotes = self.all(Quote)
        return quotes if iso3 is None else [q for q in quotes if q.iso3 == iso3]

    def targets(self) -> list[Target]:
        return self.all(Target)

    def events(self) -> list[Event]:
        return self.all(Event)

    def leaders(self) -> list[Leader]:
        return self.all(Leader)

    def citing(self, source_id: str) -> list[Record]:
        """Every record that cites ``source_id``, by kind, then insertion order."""
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

    def _check_writable(self) -> None:
        if self._closed:
            raise StoreError(f"{self._path} is closed; nothing was saved.")
        if self._read_only_reason is not None:
            raise ReadOnlyStoreError(f"Nothing was saved. {self._read_only_reason}")

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
            # A replaced id keeps its place; a new one goes last.
            tables[record.KIND][record.id] = record
        return tables

    def _commit(self, tables: _Tables) -> None:
        """Save ``tables`` in one write, then (only then) adopt them in memory."""
        data: dict[str, dict[str, Any]] = dict(self._extra)
        for kind, table in tables.items():
            data[kind] = {str(n): record_to_dict(r) for n, r in enumerate(table.values(), 1)}
        data[META_TABLE] = {"1": self._meta}
        # We write through the storage, not TinyDB's Table API: a table
        # operation saves one table at a time, and a batch must be one save.
        self._storage.write(data)
        self._tables = tables
        self._obs_sorted = self._obs_by_member = None

